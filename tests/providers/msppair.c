/*
 * tests/providers/msppair.c - the TSP half of a TSP/MSP pair, written correctly on the
 * tspkit framework, paired with the echo MSP (tests/msps/echomsp.c, protocol in
 * echomsp.h). Two lines, TSPI 3.0 only: LINE_SENDMSPDATA needs 3.0
 * (learn.microsoft.com/windows/win32/tapi/line-sendmspdata).
 *
 * - TSPI_lineMSPIdentify names the echo MSP (ops.msp_clsid), and LINEDEVCAPS carries
 *   LINEDEVCAPFLAGS_MSP, without which TAPI 3 never asks
 *   (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linemspidentify, remarks).
 * - The TSP starts every per-call exchange (seed 000: the MSP of an outgoing call knows
 *   of it first, and data it sends before the TSP does fails): a call that connects
 *   sends the MSP "connected", a dropped call "idle", both about the call.
 *   lineMakeCall connects at once; lineAnswer connects an offered call.
 * - Data from the MSP (TSPI_lineReceiveMSPData) is kept, up to 16 buffers a line, and
 *   announced with LINE_DEVSPECIFIC(p1 = 0x4d535044 "MSPD", p2 = size, p3 = 1 when about
 *   a call, else 0).
 * - lineDevSpecific takes a text command in its parameter block:
 *     "send:TEXT"  sends TEXT to the MSP, about the call when one is named
 *     "recv"       moves the oldest buffer kept into the parameter block, NUL-terminated
 *                  (LINEERR_OPERATIONFAILED when none is kept or it does not fit)
 *     "ring"       offers an incoming call on the line (LINE_NEWCALL, OFFERING)
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/provider.h>
#include "../msps/echomsp.h"

#include <stdlib.h>
#include <string.h>

#define NUM_LINES 2
#define INBOX_MAX 16
#define MSPPAIR_GOT_MSP_DATA 0x4d535044u

typedef struct kept { BYTE *data; DWORD size; } kept;

static const GUID echo_clsid = ECHOMSP_CLSID_INIT;
static tspk_mutex lock;                            /* the inboxes */
static kept inbox[NUM_LINES][INBOX_MAX];
static unsigned inbox_count[NUM_LINES];

static const char MSG_CONNECTED[] = "connected", MSG_IDLE[] = "idle";

static void send_text(tspk_line *line, tspk_call *call, const char *text, size_t len)
{
    tspk_send_msp_data(line, call, text, (DWORD)len);
}

static void connect_call(tspk_call *call)
{
    tspk_call_set_state(call, LINECALLSTATE_CONNECTED, LINECONNECTEDMODE_ACTIVE, 0);
    /* Static text: events of a call whose creation is still completing are held, and
     * so is the pointer to the bytes. */
    send_text(tspk_call_line(call), call, MSG_CONNECTED, sizeof MSG_CONNECTED - 1);
}

static LONG pair_make_call(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country,
                           const tspk_callparams *params)
{
    (void)id; (void)dest; (void)country; (void)params;
    tspk_call_set_state(call, LINECALLSTATE_DIALING, 0, 0);
    connect_call(call);
    return 0;
}

static LONG pair_answer(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD uui_size)
{
    (void)id; (void)uui; (void)uui_size;
    if (tspk_call_state(call) != LINECALLSTATE_OFFERING) return LINEERR_INVALCALLSTATE;
    connect_call(call);
    return 0;
}

static LONG pair_drop(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD uui_size)
{
    (void)id; (void)uui; (void)uui_size;
    send_text(tspk_call_line(call), call, MSG_IDLE, sizeof MSG_IDLE - 1);
    tspk_call_set_state(call, LINECALLSTATE_IDLE, 0, 0);
    return 0;
}

static void clear_inbox(DWORD line)
{
    unsigned i;
    tspk_mutex_lock(&lock);
    for (i = 0; i < inbox_count[line]; i++) free(inbox[line][i].data);
    inbox_count[line] = 0;
    tspk_mutex_unlock(&lock);
}

static LONG pair_msp_data(tspk_line *line, tspk_call *call, const void *data, DWORD size)
{
    DWORD n = tspk_line_index(line);
    BYTE *copy = (BYTE *)malloc(size ? size : 1);
    int full;
    if (!copy) return LINEERR_NOMEM;
    if (size) memcpy(copy, data, size);
    tspk_mutex_lock(&lock);
    full = inbox_count[n] == INBOX_MAX;
    if (!full) {
        inbox[n][inbox_count[n]].data = copy;
        inbox[n][inbox_count[n]++].size = size;
    }
    tspk_mutex_unlock(&lock);
    if (full) {
        free(copy);
        return LINEERR_RESOURCEUNAVAIL;
    }
    tspk_line_event(line, LINE_DEVSPECIFIC, MSPPAIR_GOT_MSP_DATA, size, call != NULL);
    return 0;
}

/* "recv": the oldest kept buffer into params, NUL-terminated. */
static LONG take_oldest(DWORD line, char *params, DWORD size)
{
    kept k;
    tspk_mutex_lock(&lock);
    if (inbox_count[line] == 0 || inbox[line][0].size >= size) {
        tspk_mutex_unlock(&lock);
        return LINEERR_OPERATIONFAILED;
    }
    k = inbox[line][0];
    memmove(&inbox[line][0], &inbox[line][1], --inbox_count[line] * sizeof(kept));
    tspk_mutex_unlock(&lock);
    memcpy(params, k.data, k.size);
    params[k.size] = '\0';
    free(k.data);
    return 0;
}

static int command_is(const char *p, DWORD size, const char *word)
{
    size_t n = strlen(word);
    return size >= n && memcmp(p, word, n) == 0 && (size == n || p[n] == '\0');
}

static LONG pair_dev_specific(tspk_line *line, DWORD address_id, tspk_call *call,
                              DRV_REQUESTID id, void *params, DWORD size)
{
    char *p = (char *)params;
    (void)address_id; (void)id;
    if (!p) return LINEERR_INVALPOINTER;
    if (size > 5 && memcmp(p, "send:", 5) == 0) {
        send_text(line, call, p + 5, strnlen(p + 5, size - 5));
        return 0;
    }
    if (command_is(p, size, "recv")) return take_oldest(tspk_line_index(line), p, size);
    if (command_is(p, size, "ring")) {
        tspk_call *in = tspk_call_incoming(line, 0, LINEMEDIAMODE_INTERACTIVEVOICE);
        if (!in) return LINEERR_CALLUNAVAIL;
        tspk_call_set_state(in, LINECALLSTATE_OFFERING, 0, LINEMEDIAMODE_INTERACTIVEVOICE);
        tspk_call_unref(in);
        return 0;
    }
    return LINEERR_INVALPARAM;
}

static LONG pair_init(tspk_provider *p)
{
    (void)p;
    return tspk_mutex_init(&lock) == 0 ? 0 : LINEERR_NOMEM;
}

static void pair_shutdown(tspk_provider *p)
{
    DWORD i;
    (void)p;
    for (i = 0; i < NUM_LINES; i++) clear_inbox(i);
    tspk_mutex_destroy(&lock);
}

static void pair_describe(tspk_provider *p, DWORD index, tspk_line_info *info)
{
    (void)p; (void)index;
    info->dev_cap_flags = LINEDEVCAPFLAGS_MSP;
}

static void pair_line_close(tspk_line *line) { clear_inbox(tspk_line_index(line)); }

static const tspk_provider_ops ops = {
    .name = "MSP pair test provider",
    .tspi_low = 0x00030000, .tspi_high = 0x00030000,
    .num_lines = NUM_LINES,
    .init = pair_init, .shutdown = pair_shutdown,
    .line_describe = pair_describe, .line_close = pair_line_close,
    .make_call = pair_make_call, .answer = pair_answer, .drop = pair_drop,
    .dev_specific = pair_dev_specific,
    .msp_clsid = &echo_clsid, .msp_data = pair_msp_data,
};
TSPK_PROVIDER(ops)
