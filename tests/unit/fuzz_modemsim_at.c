/* libFuzzer target for the modem simulator (tools/modemsim/msim.h): random bytes as a
 * script of DTE input to two modems, time passing, DTR changes, control commands and a
 * DTE reading its output slowly. Checks that nothing crashes or overruns, and that the
 * output queues stay within their bound however the input goes.
 *
 *   make build/fuzz/fuzz_modemsim_at
 *   build/fuzz/fuzz_modemsim_at -max_total_time=20 tests/unit/corpus/fuzz_modemsim_at
 *
 * Script bytes: an operation byte, then its argument bytes.
 *   op % 8 = 0, 1   modem (op & 1) gets the next N bytes from its DTE (N = next byte)
 *            2, 3   the same, N * 64 bytes repeated from the next byte (long lines)
 *            4      time passes: next byte * 37 ms, timers run
 *            5      DTR of modem (next byte & 1) toggles
 *            6      a control command: the next N bytes, cut at a newline
 *            7      modem (next byte & 1)'s DTE reads up to next byte * 16 bytes
 */
#include "msim.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t now;

static void read_some(msim *sim, int m, size_t max)
{
    const uint8_t *p;
    size_t n, seen = 0;
    volatile uint8_t sink = 0;
    while (seen < max && (n = msim_dte_output(sim, m, now, &p)) > 0) {
        size_t i, k = n < max - seen ? n : max - seen;
        for (i = 0; i < k; i++) sink ^= p[i];   /* ASan checks every byte handed out */
        msim_dte_consumed(sim, m, k);
        seen += k;
    }
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    msim_modem_cfg mc[2];
    msim_cfg cfg;
    msim *sim;
    char err[128], reply[4096];
    bool dtr[2] = {true, true};
    size_t i = 0;

    memset(mc, 0, sizeof mc);
    strcpy(mc[0].number, "101");
    strcpy(mc[1].number, "102");
    strcpy(mc[1].name, "FUZZ");
    memset(&cfg, 0, sizeof cfg);
    cfg.n_modems = 2;
    cfg.modems = mc;
    cfg.ring_period_ms = 300;
    sim = msim_new(&cfg, err, sizeof err);
    if (!sim) abort();
    now = 1000;
    msim_dte_dtr(sim, 0, true, now);
    msim_dte_dtr(sim, 1, true, now);
    while (i < size) {
        uint8_t op = data[i++];
        size_t n = i < size ? data[i++] : 0;
        int m = op & 1;
        switch (op % 8) {
        case 0:
        case 1:
            if (n > size - i) n = size - i;
            msim_dte_input(sim, m, data + i, n, now);
            i += n;
            break;
        case 2:
        case 3: {
            uint8_t buf[64 * 255];
            uint8_t b = i < size ? data[i++] : 'A';
            memset(buf, b, n * 64);
            msim_dte_input(sim, m, buf, n * 64, now);
            break;
        }
        case 4:
            now += n * 37;
            msim_tick(sim, now);
            break;
        case 5:
            dtr[n & 1] = !dtr[n & 1];
            msim_dte_dtr(sim, (int)(n & 1), dtr[n & 1], now);
            break;
        case 6: {
            char line[256];
            size_t k;
            if (n > size - i) n = size - i;
            for (k = 0; k < n && data[i + k] != '\n' && data[i + k]; k++) line[k] = (char)data[i + k];
            line[k] = '\0';
            i += n;
            msim_control(sim, line, now, reply, sizeof reply);
            break;
        }
        default:
            read_some(sim, (int)(n & 1), (i < size ? data[i++] : 0) * 16u);
            break;
        }
        if (msim_next_deadline(sim) <= now) msim_tick(sim, now);
    }
    read_some(sim, 0, SIZE_MAX);
    read_some(sim, 1, SIZE_MAX);
    msim_free(sim);
    return 0;
}
