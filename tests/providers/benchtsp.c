/*
 * tests/providers/benchtsp.c - the provider `make bench` (tools/bench/bench_harness.c)
 * loads to measure the harness itself: it does as little as a provider can, so what
 * is timed or counted is the harness's share. Paired with the echo MSP
 * (tests/msps/echomsp.h); TSPI 3.0, the first version with LINE_SENDMSPDATA
 * (learn.microsoft.com/windows/win32/tapi/line-sendmspdata).
 *
 * - lineMakeCall succeeds at once and the call is CONNECTED; any number of calls a line.
 * - lineDevSpecific takes a text command in its parameter block:
 *     "msp N"   sends N LINE_SENDMSPDATA of 16 bytes for the line, before returning
 *     "add N"   adds N line devices (LINE_CREATE each)
 * - Data from the MSP (the echoes) is counted and dropped.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/provider.h>
#include "../msps/echomsp.h"

#include <stdlib.h>
#include <string.h>

static const GUID echo_clsid = ECHOMSP_CLSID_INIT;
static const char payload[16] = "bench-msp-data.";
static tspk_provider *prov;

static LONG bench_init(tspk_provider *p)
{
    prov = p;
    return 0;
}

static void bench_describe(tspk_provider *p, DWORD index, tspk_line_info *info)
{
    (void)p; (void)index;
    info->dev_cap_flags = LINEDEVCAPFLAGS_MSP;   /* TAPI 3 asks for the MSP only then */
    info->max_active_calls = 0xFFFFFFFFu;
}

static LONG bench_make_call(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country,
                            const tspk_callparams *params)
{
    (void)id; (void)dest; (void)country; (void)params;
    tspk_call_set_state(call, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0);
    return 0;
}

static LONG bench_drop(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD uui_size)
{
    (void)id; (void)uui; (void)uui_size;
    tspk_call_set_state(call, LINECALLSTATE_IDLE, 0, 0);
    return 0;
}

static LONG bench_dev_specific(tspk_line *line, DWORD address_id, tspk_call *call,
                               DRV_REQUESTID id, void *params, DWORD size)
{
    char text[32];
    unsigned long i, n;
    (void)address_id; (void)call; (void)id;
    if (!params || size == 0 || size >= sizeof text) return LINEERR_INVALPARAM;
    memcpy(text, params, size);
    text[size] = '\0';
    n = strtoul(text + 4, NULL, 10);
    if (strncmp(text, "msp ", 4) == 0) {
        for (i = 0; i < n; i++) tspk_send_msp_data(line, NULL, payload, sizeof payload);
        return 0;
    }
    if (strncmp(text, "add ", 4) == 0) {
        for (i = 0; i < n; i++)
            if (tspk_line_add(prov) < 0) return LINEERR_NOMEM;
        return 0;
    }
    return LINEERR_INVALPARAM;
}

static LONG bench_msp_data(tspk_line *line, tspk_call *call, const void *data, DWORD size)
{
    (void)line; (void)call; (void)data; (void)size;
    return 0;
}

static const tspk_provider_ops ops = {
    .name = "harness benchmark provider",
    .tspi_low = 0x00030000, .tspi_high = 0x00030000,
    .num_lines = 1,
    .init = bench_init,
    .line_describe = bench_describe,
    .make_call = bench_make_call, .drop = bench_drop,
    .dev_specific = bench_dev_specific,
    .msp_clsid = &echo_clsid, .msp_data = bench_msp_data,
};
TSPK_PROVIDER(ops)
