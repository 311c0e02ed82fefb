/*
 * tests/unit/fuzz_unimodem_engine.c - libFuzzer target: the AT engine fed random bytes
 * at random times, with operations requested in between. The input is a script; each
 * byte b picks a step by b & 7 (the rest of b is its argument):
 *   0-2  feed the next (b >> 3) + 1 input bytes as modem output
 *   3    advance the clock by (b >> 3) * 37 ms, tick
 *   4    advance the clock by (b >> 3) * 997 ms, tick
 *   5    an operation: open, dial, voice dial, answer, voice answer, hang up (DTR or
 *        escape), raw command, +VRX, digits, close
 *   6    feed a canned modem line (OK, CONNECT, RING, caller ID, DLE codes ...), so that
 *        the fuzzer reaches data, voice and hang-up states quickly
 *   7    feed 300 copies of the next byte (long lines)
 * Checked: no crash, no out-of-bounds access, no leak; every event well-formed; after
 * each feed or tick no timer is left expired; output stays bounded.
 */
#include "at/engine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char profile_text[] =
    "[Modem]\nName = Fuzz\nReset = \"ATZ<cr>\"\nVoiceProfile = 1\nInactivityScale = 10\n"
    "[Init]\n1 = \"AT&F<cr>\"\n2 = \"ATE1V1<cr>\"\n"
    "[Monitor]\n1 = \"ATS0=0<cr>\"\n"
    "[EnableCallerID]\n1 = \"AT+VCID=1<cr>\"\n"
    "[VoiceAnswer]\n1 = \"AT+FCLASS=8<cr>\"\n2 = \"AT+VLS=1<cr>\"\n"
    "[VoiceDialNumberSetup]\n1 = \"AT+FCLASS=8<cr>\"\n"
    "[Settings]\nCallSetupFailTimer = \"S7=<#>\"\nInactivityTimeout = \"S30=<#>\"\n"
    "ErrorControl_On = \\N3\nCompression_On = %C1\nFlowControl_Hard = &K3\nBlind_Off = X4\n"
    "[Properties]\nDialOptions = quiet dialtone\nModemOptions = compression error_control flow_hard tone_dial\n"
    "[Responses]\n\"CONNECT 31200/LAPM\" = CONNECT ec dce=31200\n\"NMBR = \" = NMBR\n\"RING1\" = SINGLERING\n";

static const char *const canned[] = {
    "\r\nOK\r\n", "\r\nCONNECT 9600\r\n", "\r\nCONNECT\r\n", "RING\r", "\r\nNO CARRIER\r\n", "BUSY\r",
    "ERROR\r", "NMBR = 5551212\r", "NAME=P\r", "\x10" "5", "\x10\x03", "\x10\x10", "\x10R", "VCON\r",
    "0\r", "1\r", "3\r", "CARRIER 28800\r", "PROTOCOL: LAPM\r", "ATDT5551212\r", "+++", "RING1\r",
    "\r\nCONNECT 31200/LAPM\r\n", "DELAYED\r", "NO DIALTONE\r", "\n", "\r", "\x10/\x10" "1\x10~",
};

typedef struct {
    um_at *at;
    uint64_t now;
    size_t written;
    unsigned depth;
} fz;

static void on_write(void *user, const uint8_t *d, size_t n)
{
    fz *z = user;
    if (!d || n == 0) abort();
    z->written += n;
}

static void on_event(void *user, const um_at_event *ev)
{
    fz *z = user;
    switch (ev->type) {
    case UM_AT_EV_OP_DONE:
        if (ev->status > UM_AT_CANCELLED || ev->kind > UM_AT_OP_DIGITS) abort();
        if (ev->op > INT32_MAX) abort();
        break;
    case UM_AT_EV_DATA: case UM_AT_EV_VOICE_DATA: case UM_AT_EV_INFO:
        if (!ev->data || ev->len == 0) abort();
        if (ev->type == UM_AT_EV_INFO && ev->len > UM_AT_LINE_MAX) abort();
        break;
    case UM_AT_EV_RING: case UM_AT_EV_CALLERID:
        if (!ev->callerid || strlen(ev->callerid->number) > UM_AT_CID_MAX
            || strlen(ev->callerid->name) > UM_AT_CID_MAX)
            abort();
        /* What a TSPI layer does: answer from the callback now and then. */
        if (ev->type == UM_AT_EV_RING && ev->rings == 2 && z->depth++ < 4) um_at_answer(z->at, z->now, 0);
        if (um_at_feed(z->at, z->now, (const uint8_t *)"x", 1) != UM_AT_E_REENTRANT) abort();
        break;
    case UM_AT_EV_DLE:
        if (ev->dle > UM_DLE_UNKNOWN) abort();
        break;
    default:
        break;
    }
}

static void check_timers(fz *z)
{
    if (um_at_next_deadline(z->at) <= z->now) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static um_profile *profile;
    if (!profile) {
        char err[UM_PROFILE_ERR_MAX];
        profile = um_profile_parse(profile_text, sizeof profile_text - 1, "fuzz.ini", err, sizeof err);
        if (!profile) abort();
    }
    fz z = { .now = 1 };
    z.at = um_at_init(NULL, &(um_at_config){ .profile = profile, .write = on_write, .event = on_event,
                                             .user = &z, .command_timeout_ms = 700, .guard_ms = 300,
                                             .ring_gap_ms = 2000 });
    if (!z.at) abort();
    size_t i = 0;
    while (i < size) {
        uint8_t b = data[i++], arg = b >> 3;
        switch (b & 7) {
        case 0: case 1: case 2: {
            size_t n = (size_t)arg + 1;
            if (n > size - i) n = size - i;
            um_at_feed(z.at, z.now, data + i, n);
            i += n;
            check_timers(&z);
            break;
        }
        case 3: case 4:
            z.now += (uint64_t)arg * ((b & 7) == 3 ? 37 : 997);
            um_at_tick(z.at, z.now);
            check_timers(&z);
            break;
        case 5: {
            char digits[8] = { 0 };
            for (size_t k = 0; k < 7 && i < size; k++) digits[k] = (char)data[i++];
            switch (arg % 12) {
            case 0: um_at_open(z.at, z.now, NULL, arg & 3); break;
            case 1: um_at_dial(z.at, z.now, digits, 0); break;
            case 2: um_at_dial(z.at, z.now, "555;", 0); break;
            case 3: um_at_dial(z.at, z.now, "123", UM_AT_VOICE); break;
            case 4: um_at_answer(z.at, z.now, 0); break;
            case 5: um_at_answer(z.at, z.now, UM_AT_VOICE); break;
            case 6: um_at_hangup(z.at, z.now, 0); break;
            case 7: um_at_hangup(z.at, z.now, UM_AT_HANGUP_DTR_DROPPED); break;
            case 8: um_at_command(z.at, z.now, "ATI3", (uint32_t)arg * 10); break;
            case 9: um_at_command(z.at, z.now, "AT+VRX", 0); break;
            case 10: um_at_generate_digits(z.at, z.now, digits); break;
            default: um_at_close(z.at, z.now); break;
            }
            break;
        }
        case 6: {
            const char *s = canned[arg % (sizeof canned / sizeof canned[0])];
            um_at_feed(z.at, z.now, (const uint8_t *)s, strlen(s));
            check_timers(&z);
            break;
        }
        default: {
            uint8_t run[300];
            memset(run, i < size ? data[i++] : 'A', sizeof run);
            um_at_feed(z.at, z.now, run, sizeof run);
            check_timers(&z);
            break;
        }
        }
        /* Every command line is bounded; so is what one input can make the engine write. */
        if (z.written > (size + 1) * 8192) abort();
        if (um_at_get_mode(z.at) > UM_AT_MODE_HANGUP) abort();
    }
    um_at_free(z.at);
    return 0;
}
