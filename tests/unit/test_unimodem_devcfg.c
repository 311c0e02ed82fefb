/*
 * tests/unit/test_unimodem_devcfg.c - Unimodem's DEVCFG blob (tsp-unimodem/at/devcfg.h):
 * the exact bytes written (every field at its winbase.h/mcx.h offset, which the Windows
 * build checks with static assertions), defaults from a profile, round trips, each refusal
 * of lineSetDevConfig's rules, the modem's Properties limiting what is kept, and hostile
 * blobs (every truncation, every single-byte change).
 *
 *     make build/asan/tests/test_unimodem_devcfg && build/asan/tests/test_unimodem_devcfg
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at/devcfg.h"

static uint32_t rd32(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static void wr32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }

static um_profile *profile(const char *text)
{
    char err[UM_PROFILE_ERR_MAX];
    um_profile *p = um_profile_parse(text, strlen(text), "t.ini", err, sizeof err);
    if (!p) printf("profile: %s\n", err);
    assert_non_null(p);
    return p;
}

static const char modem_ini[] =
    "[Properties]\nModemOptions = tone_dial blind_dial compression error_control flow_hard\n"
    "CallSetupFailTimer = 90\n[DCB]\nBaudRate = 57600\nByteSize = 7\nParity = even\nStopBits = 2\n"
    "FlowControl = software\n";

static void test_encode_layout(void **state)
{
    um_profile *p = profile(modem_ini);
    um_devcfg c;
    uint8_t b[UM_DEVCFG_SIZE];
    (void)state;
    um_devcfg_default(&c, p, 45);
    c.options = UM_DEVCFG_TERMINAL_PRE | UM_DEVCFG_MANUAL_DIAL;
    c.modem.inactivity_s = 600;
    c.modem.speaker_volume = 2;
    c.modem.speaker_mode = 3;
    c.negotiated_options = UM_MDM_ERROR_CONTROL;
    c.negotiated_dce_rate = 28800;
    um_devcfg_encode(&c, b);
    printf("header %lu %#lx %#x %u; COMMCONFIG %lu; DCB %lu %lu flags %#lx %u/%u/%u; subtype %lu at %lu+%lu\n",
           (unsigned long)rd32(b), (unsigned long)rd32(b + 4), b[8] | b[9] << 8, b[10] | b[11] << 8,
           (unsigned long)rd32(b + 12), (unsigned long)rd32(b + 20), (unsigned long)rd32(b + 24),
           (unsigned long)rd32(b + 28), b[38], b[39], b[40], (unsigned long)rd32(b + 48),
           (unsigned long)rd32(b + 52), (unsigned long)rd32(b + 56));
    assert_int_equal(rd32(b), 108);
    assert_int_equal(rd32(b + 4), 0x00010003);
    assert_int_equal(b[8] | b[9] << 8, 0x0005);
    assert_int_equal(b[10] | b[11] << 8, 8);              /* wWaitBong */
    assert_int_equal(rd32(b + 12), 96);                    /* COMMCONFIG.dwSize */
    assert_int_equal(b[16] | b[17] << 8, 1);               /* wVersion */
    assert_int_equal(rd32(b + 20), 28);                    /* DCBlength */
    assert_int_equal(rd32(b + 24), 57600);                 /* the profile's DCB */
    assert_int_equal(rd32(b + 28) & 0x0303, 0x0303);       /* fBinary, fParity, fOutX, fInX */
    assert_int_equal(b[38], 7);
    assert_int_equal(b[39], 2);                            /* EVENPARITY */
    assert_int_equal(b[40], 2);                            /* TWOSTOPBITS */
    assert_int_equal(rd32(b + 48), 6);                     /* PST_MODEM */
    assert_int_equal(rd32(b + 52), 48);
    assert_int_equal(rd32(b + 56), 48);
    assert_int_equal(rd32(b + 60), 48);                    /* MODEMSETTINGS.dwActualSize */
    assert_int_equal(rd32(b + 76), 45);                    /* dwCallSetupFailTimer */
    assert_int_equal(rd32(b + 80), 600);
    assert_int_equal(rd32(b + 84), 2);
    assert_int_equal(rd32(b + 88), 3);
    /* The defaults the modem has: software flow (its DCB) and CCITT are not in its ModemOptions. */
    assert_int_equal(rd32(b + 92), UM_MDM_TONE_DIAL | UM_MDM_ERROR_CONTROL | UM_MDM_COMPRESSION);
    assert_int_equal(rd32(b + 96), UM_MDM_ERROR_CONTROL);
    assert_int_equal(rd32(b + 100), 28800);
    um_profile_free(p);
}

static void test_round_trip_and_limits(void **state)
{
    um_profile *p = profile(modem_ini);
    um_devcfg c, d;
    uint8_t b[UM_DEVCFG_SIZE + 20];
    (void)state;
    um_devcfg_default(&c, p, 0);
    assert_int_equal(c.modem.call_setup_fail_s, 60);
    c.modem.options |= UM_MDM_BLIND_DIAL;
    um_devcfg_encode(&c, b);
    assert_int_equal(um_devcfg_decode(b, UM_DEVCFG_SIZE, p, &d), 0);
    assert_memory_equal(&c, &d, sizeof c);
    /* Bytes after dwSize are not read; a larger blob is fine. */
    memset(b + UM_DEVCFG_SIZE, 0xEE, 20);
    assert_int_equal(um_devcfg_decode(b, sizeof b, p, &d), 0);
    /* What the modem cannot do is dropped; timers are capped by its Properties. */
    wr32(b + 92, UM_MDM_BLIND_DIAL | UM_MDM_CELLULAR | UM_MDM_V23_OVERRIDE);
    wr32(b + 76, 250);
    assert_int_equal(um_devcfg_decode(b, UM_DEVCFG_SIZE, p, &d), 0);
    printf("options %#lx, setup %lu s\n", (unsigned long)d.modem.options, (unsigned long)d.modem.call_setup_fail_s);
    assert_int_equal(d.modem.options, UM_MDM_BLIND_DIAL);
    assert_int_equal(d.modem.call_setup_fail_s, 90);
    /* Without a profile nothing is limited. */
    assert_int_equal(um_devcfg_decode(b, UM_DEVCFG_SIZE, NULL, &d), 0);
    assert_int_equal(d.modem.call_setup_fail_s, 250);
    /* Flow control as the DCB says it: RTS handshake alone is hardware. */
    wr32(b + 28, 0x2001);
    assert_int_equal(um_devcfg_decode(b, UM_DEVCFG_SIZE, p, &d), 0);
    assert_int_equal(d.dcb.flow, UM_FLOW_HARDWARE);
    wr32(b + 28, 0x1011);
    assert_int_equal(um_devcfg_decode(b, UM_DEVCFG_SIZE, p, &d), 0);
    assert_int_equal(d.dcb.flow, UM_FLOW_NONE);
    um_profile_free(p);
}

/* Each rule of um_devcfg_decode, with the error it gives; *c is left alone. */
static void test_refusals(void **state)
{
    static const struct { const char *what; size_t at; uint32_t value; int width; int err; } bad[] = {
        { "dwSize beyond the blob", 0, 109, 4, UM_DEVCFG_E_SIZE },
        { "dwSize below a DEVCFG", 0, 103, 4, UM_DEVCFG_E_SIZE },
        { "dwVersion", 4, 0x00010002, 4, UM_DEVCFG_E_VERSION },
        { "fwOptions bit 4", 8, 0x10, 1, UM_DEVCFG_E_VALUE },
        { "COMMCONFIG larger than dwSize", 12, 97, 4, UM_DEVCFG_E_COMMCONFIG },
        { "DCBlength", 20, 27, 4, UM_DEVCFG_E_COMMCONFIG },
        { "BaudRate 0", 24, 0, 4, UM_DEVCFG_E_VALUE },
        { "BaudRate too high", 24, 4000001, 4, UM_DEVCFG_E_VALUE },
        { "ByteSize 4", 38, 4, 1, UM_DEVCFG_E_VALUE },
        { "ByteSize 9", 38, 9, 1, UM_DEVCFG_E_VALUE },
        { "Parity 5", 39, 5, 1, UM_DEVCFG_E_VALUE },
        { "StopBits 3", 40, 3, 1, UM_DEVCFG_E_VALUE },
        { "dwProviderSubType PST_RS232", 48, 1, 4, UM_DEVCFG_E_SUBTYPE },
        { "dwProviderOffset inside the fixed part", 52, 44, 4, UM_DEVCFG_E_COMMCONFIG },
        { "dwProviderOffset past the end", 52, 0xFFFFFFF0u, 4, UM_DEVCFG_E_COMMCONFIG },
        { "dwProviderSize too small", 56, 40, 4, UM_DEVCFG_E_COMMCONFIG },
        { "dwProviderSize past the end", 56, 52, 4, UM_DEVCFG_E_COMMCONFIG },
        { "dwSpeakerVolume 3", 84, 3, 4, UM_DEVCFG_E_VALUE },
        { "dwSpeakerMode 4", 88, 4, 4, UM_DEVCFG_E_VALUE },
    };
    um_devcfg c, d, keep;
    uint8_t good[UM_DEVCFG_SIZE], b[UM_DEVCFG_SIZE];
    size_t i;
    (void)state;
    um_devcfg_default(&c, NULL, 0);
    um_devcfg_encode(&c, good);
    memset(&keep, 0x5A, sizeof keep);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int r;
        memcpy(b, good, sizeof b);
        if (bad[i].width == 4) wr32(b + bad[i].at, bad[i].value);
        else b[bad[i].at] = (uint8_t)bad[i].value;
        d = keep;
        r = um_devcfg_decode(b, sizeof b, NULL, &d);
        printf("%-40s -> %d (%s)\n", bad[i].what, r, um_devcfg_strerror(r));
        assert_int_equal(r, bad[i].err);
        assert_memory_equal(&d, &keep, sizeof d);
    }
    assert_int_equal(um_devcfg_decode(NULL, 0, NULL, &d), UM_DEVCFG_E_SIZE);
}

/* Every truncation is refused without reading past the end (ASan); every single-byte
 * change either decodes to values in range or is refused. */
static void test_hostile(void **state)
{
    um_devcfg c, d;
    uint8_t good[UM_DEVCFG_SIZE];
    size_t n, i;
    unsigned accepted = 0, refused = 0;
    (void)state;
    um_devcfg_default(&c, NULL, 0);
    um_devcfg_encode(&c, good);
    for (n = 0; n < UM_DEVCFG_SIZE; n++) {
        uint8_t *b = malloc(n ? n : 1);
        assert_non_null(b);
        memcpy(b, good, n);
        assert_int_equal(um_devcfg_decode(b, n, NULL, &d), UM_DEVCFG_E_SIZE);
        free(b);
    }
    for (i = 0; i < UM_DEVCFG_SIZE; i++) {
        unsigned v;
        for (v = 0; v < 256; v += 17) {
            uint8_t *b = malloc(UM_DEVCFG_SIZE);
            assert_non_null(b);
            memcpy(b, good, UM_DEVCFG_SIZE);
            b[i] = (uint8_t)v;
            if (um_devcfg_decode(b, UM_DEVCFG_SIZE, NULL, &d) == 0) {
                accepted++;
                assert_true(d.dcb.byte_size >= 5 && d.dcb.byte_size <= 8 && d.dcb.parity <= 4 &&
                            d.dcb.stop_bits <= 2 && d.modem.speaker_mode <= 3 && d.modem.speaker_volume <= 2);
            } else {
                refused++;
            }
            free(b);
        }
    }
    printf("single-byte changes: %u accepted, %u refused\n", accepted, refused);
    assert_true(accepted > 0 && refused > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_layout),
        cmocka_unit_test(test_round_trip_and_limits),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
