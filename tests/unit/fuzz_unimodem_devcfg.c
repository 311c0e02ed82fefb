/*
 * tests/unit/fuzz_unimodem_devcfg.c - libFuzzer target: random bytes as the DEVCFG blob an
 * application hands lineSetDevConfig (tsp-unimodem/at/devcfg.h). The decoder must never
 * read out of bounds or crash; what it accepts must be in range, encode to a blob that
 * decodes to the same configuration (a fixed point), and drive an AT engine's Settings line.
 */
#include "at/devcfg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_write(void *user, const uint8_t *d, size_t n) { (void)user; (void)d; (void)n; }
static void on_event(void *user, const um_at_event *ev) { (void)user; (void)ev; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static um_profile *p;
    um_devcfg c, again;
    uint8_t *copy, blob[UM_DEVCFG_SIZE];
    int r;
    if (!p) {
        static const char ini[] = "[Properties]\nModemOptions = tone_dial blind_dial compression\n"
                                  "CallSetupFailTimer = 255\n[Settings]\nCallSetupFailTimer = \"S7=<#>\"\n"
                                  "SpeakerMode_On = \"M2\"\nBlind_On = \"X3\"\n";
        char err[UM_PROFILE_ERR_MAX];
        if (!(p = um_profile_parse(ini, sizeof ini - 1, "f.ini", err, sizeof err))) abort();
    }
    /* An exact-size copy, so ASan sees any read past the end. */
    copy = (uint8_t *)malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    r = um_devcfg_decode(copy, size, p, &c);
    free(copy);
    if (r != 0) {
        if (r < UM_DEVCFG_E_VALUE || r > UM_DEVCFG_E_SIZE || !um_devcfg_strerror(r)[0]) abort();
        return 0;
    }
    if (c.dcb.byte_size < 5 || c.dcb.byte_size > 8 || c.dcb.parity > 4 || c.dcb.stop_bits > 2 ||
        !c.dcb.baud_rate || c.dcb.baud_rate > UM_DEVCFG_BAUD_MAX || c.modem.speaker_mode > 3 ||
        c.modem.speaker_volume > 2 || c.modem.call_setup_fail_s > 255 ||
        (c.modem.options & ~(UM_MDM_TONE_DIAL | UM_MDM_BLIND_DIAL | UM_MDM_COMPRESSION)) ||
        (c.options & ~UM_DEVCFG_OPTIONS_ALL))
        abort();
    um_devcfg_encode(&c, blob);
    if (um_devcfg_decode(blob, sizeof blob, p, &again) != 0 || memcmp(&again, &c, sizeof c) != 0) abort();
    {
        um_at_config ac = { .profile = p, .write = on_write, .event = on_event };
        um_at *at = um_at_init(NULL, &ac);
        if (!at) abort();
        if (um_at_open(at, 0, &c.modem, UM_AT_OPEN_MONITOR) <= 0) abort();
        if (um_at_set_settings(at, 10, &c.modem) != 0) abort();
        um_at_free(at);
    }
    return 0;
}
