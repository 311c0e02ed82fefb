/*
 * tests/unit/test_modemsim_at.c - the modem simulator's engine (tools/modemsim/msim.h)
 * driven byte by byte with a virtual clock: every V.250 behaviour, guard time and
 * timeout is checked exactly, without waiting. Each exchange is printed as it happens
 * ("modem0 <- ATD102\r", "modem1 -> \r\nRING\r\n").
 *
 * tests/unit/test_modemsim_pty.c does the end-to-end part through real pseudo-terminals.
 */
#include "msim.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NM 3
#define OUT_MAX (1 << 17)

static msim *sim;
static uint64_t now;
static char out[NM][OUT_MAX];
static size_t olen[NM];
static char taken[OUT_MAX + 1];
static char reply[MSIM_REPLY_MAX];
static msim_modem_cfg mcfg[NM];
static bool quit_called;

static void show(const char *dir, int m, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    size_t i;
    printf("  modem%d %s ", m, dir);
    for (i = 0; i < n && i < 160; i++) {
        if (p[i] == '\r') printf("\\r");
        else if (p[i] == '\n') printf("\\n");
        else if (p[i] >= 0x20 && p[i] < 0x7f) putchar(p[i]);
        else printf("\\x%02x", p[i]);
    }
    printf("%s  (t=%llu)\n", i < n ? "..." : "", (unsigned long long)now);
}

static void drain(void)
{
    int m;
    for (m = 0; m < NM; m++) {
        const uint8_t *p;
        size_t n;
        while ((n = msim_dte_output(sim, m, now, &p)) > 0) {
            size_t k = n < OUT_MAX - olen[m] ? n : OUT_MAX - olen[m];
            memcpy(out[m] + olen[m], p, k);
            olen[m] += k;
            msim_dte_consumed(sim, m, n);
        }
    }
}

static void in_n(int m, const void *s, size_t n)
{
    show("<-", m, s, n);
    msim_dte_input(sim, m, s, n, now);
    drain();
}

static void in(int m, const char *s) { in_n(m, s, strlen(s)); }

/* Runs the timers up to now + ms. */
static void wait_ms(uint64_t ms)
{
    uint64_t end = now + ms;
    for (;;) {
        uint64_t d = msim_next_deadline(sim);
        if (d > end) break;
        if (d > now) now = d;
        msim_tick(sim, now);
        drain();
    }
    now = end;
    drain();
}

/* What modem m said since the last take, as a string; then forgotten. */
static const char *take(int m)
{
    memcpy(taken, out[m], olen[m]);
    taken[olen[m]] = '\0';
    show("->", m, taken, olen[m]);
    olen[m] = 0;
    return taken;
}

static void expect(int m, const char *want)
{
    const char *got = take(m);
    if (strcmp(got, want)) {
        show("wanted", m, want, strlen(want));
        fail_msg("modem%d said something else", m);
    }
}

static void expect_has(int m, const char *want)
{
    if (!strstr(take(m), want)) fail_msg("modem%d did not say \"%s\"", m, want);
}

static int ctl(const char *cmd)
{
    int r = msim_control(sim, cmd, now, reply, sizeof reply);
    printf("  control: %s -> %s", cmd, reply);
    drain();
    return r;
}

/* V.24 circuit 108 from modem m's DTE. */
static void dtr(int m, bool on)
{
    printf("  modem%d DTR %s  (t=%llu)\n", m, on ? "on" : "off", (unsigned long long)now);
    msim_dte_dtr(sim, m, on, now);
    drain();
}

static void ctl_ok(const char *cmd) { assert_int_equal(ctl(cmd), 0); }

static void cid_clock(void *user, char when[9])
{
    (void)user;
    memcpy(when, "03211405", 9);
}

static void hook_quit(void *user)
{
    (void)user;
    quit_called = true;
}

static int setup(void **state)
{
    char err[200];
    msim_cfg cfg;
    int m;
    (void)state;
    memset(&cfg, 0, sizeof cfg);
    cfg.n_modems = NM;
    cfg.modems = mcfg;
    cfg.ring_period_ms = 6000;
    cfg.cid_delay_ms = 3000;
    cfg.hooks.cid_clock = cid_clock;
    cfg.hooks.quit = hook_quit;
    sim = msim_new(&cfg, err, sizeof err);
    if (!sim) fail_msg("msim_new: %s", err);
    now = 1000;
    for (m = 0; m < NM; m++) {
        olen[m] = 0;
        msim_dte_dtr(sim, m, true, now);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    msim_free(sim);
    sim = NULL;
    memset(mcfg, 0, sizeof mcfg);
    strcpy(mcfg[0].number, "101");
    strcpy(mcfg[1].number, "102");
    strcpy(mcfg[2].number, "103");
    return 0;
}

/* Echo off on every modem, S11 short (fast dialling), S12 = 100 ms. */
static void quiet_all(void)
{
    int m;
    for (m = 0; m < NM; m++) {
        in(m, "ATE0S11=50S12=5\r");
        expect(m, "ATE0S11=50S12=5\r\r\nOK\r\n");
    }
}

/* modem0 calls modem1 (102), modem1 answers: both online, data. */
static void connect_0_to_1(void)
{
    in(0, "ATD102\r");
    wait_ms(300);
    expect(1, "\r\nRING\r\n");
    in(1, "ATA\r");
    expect(1, "\r\nCONNECT 33600\r\n");
    expect(0, "\r\nCONNECT 33600\r\n");
}

/* ---- commands, responses, registers ------------------------------------------------------- */

static void test_ok_error_echo(void **state)
{
    (void)state;
    in(0, "AT\r");
    expect(0, "AT\r\r\nOK\r\n");                /* E1 is the default: the line comes back */
    in(0, "at\r");
    expect(0, "at\r\r\nOK\r\n");
    in(0, "AT$$$\r");
    expect(0, "AT$$$\r\r\nERROR\r\n");          /* spandsp says OK here; V.250 5.6 wants ERROR */
    in(0, "AT+NOSUCH=1\r");
    expect(0, "AT+NOSUCH=1\r\r\nERROR\r\n");
    in(0, "AT+VTH=1\r");                       /* spandsp knows the name but leaves "=1" unparsed */
    expect(0, "AT+VTH=1\r\r\nERROR\r\n");
    in(0, "ATE0\r");
    expect(0, "ATE0\r\r\nOK\r\n");
    in(0, "AT\r");
    expect(0, "\r\nOK\r\n");
    in(0, "garbage before AT\r");              /* before "AT" nothing counts: an empty line */
    expect(0, "\r\nOK\r\n");
    in(0, "AT E 1\r");                         /* V.250 5.2.1: spaces are ignored */
    expect(0, "\r\nOK\r\n");
    in(0, "ATE2\r");
    expect(0, "ATE2\r\r\nERROR\r\n");
    in(0, "ATS0?Z\x08\x08\x08\x08\r");          /* S5 (backspace) edits the line: "ATS0" */
    expect(0, "ATS0?Z\x08\x08\x08\x08\r\r\nOK\r\n");
    in(0, "ATI3\r");
    expect_has(0, "\r\nwww.soft-switch.org\r\n\r\nOK\r\n");
    in(0, "AT&K3\\N3%C1W2\r");                  /* Hayes init-string commands, accepted */
    expect(0, "AT&K3\\N3%C1W2\r\r\nOK\r\n");
    in(0, "ATE0S7?Q\r");                       /* executed in order until the error (V.250 5.6) */
    expect(0, "ATE0S7?Q\r\r\n060\r\n\r\nOK\r\n");
    in(0, "ATE1S7?E7S7?\r");
    expect(0, "\r\n060\r\n\r\nERROR\r\n");
    in(0, "AT!\r");
    expect(0, "AT!\r\r\nERROR\r\n");
}

static void test_verbose_numeric_quiet(void **state)
{
    (void)state;
    in(0, "ATE0V0\r");
    expect(0, "ATE0V0\r0\r");                  /* V.250 5.7.1: numeric code then S3 */
    in(0, "ATS7?\r");
    expect(0, "060\r\n0\r");                   /* information text without the leading CR LF */
    in(0, "ATX9\r");
    expect(0, "4\r");
    in(0, "ATQ1\r");
    expect(0, "");                             /* V.250 6.2.5: no result codes */
    in(0, "ATS0?\r");
    expect(0, "000\r\n");                      /* information text still comes */
    in(0, "ATE5\r");
    expect(0, "");
    in(0, "ATQ0V1\r");
    expect(0, "\r\nOK\r\n");
    in(0, "ATQ1V0V1\r");                       /* V leaves Q1 alone */
    expect(0, "");
    in(0, "ATQ0\r");
    expect(0, "\r\nOK\r\n");
}

static void test_s_registers_and_reset(void **state)
{
    (void)state;
    in(0, "ATE0\r");
    take(0);
    in(0, "ATS0=2S0?S7=30S7?\r");
    expect(0, "\r\n002\r\n\r\n030\r\n\r\nOK\r\n");
    in(0, "ATS12?S2?S11?S1?\r");               /* ours: guard time, escape char, DTMF ms, rings */
    expect(0, "\r\n050\r\n\r\n043\r\n\r\n095\r\n\r\n000\r\n\r\nOK\r\n");
    in(0, "ATS12=5S12?\r");
    expect(0, "\r\n005\r\n\r\nOK\r\n");
    in(0, "ATS12=256\r");
    expect(0, "\r\nERROR\r\n");
    in(0, "ATS99?\r");
    expect(0, "\r\nERROR\r\n");
    in(0, "AT+FCLASS=8+VCID=1\r");                /* V.250 5.4.2: extended commands need ";" */
    expect(0, "\r\nERROR\r\n");
    in(0, "AT+FCLASS=8;+VCID=1\r");
    expect(0, "\r\nOK\r\n");
    in(0, "AT+FCLASS?;+VCID?\r");
    expect(0, "\r\n8\r\n\r\n1\r\n\r\nOK\r\n");
    in(0, "ATZ\r");                            /* V.250 6.1.1: E1 again, our settings too */
    expect(0, "\r\nOK\r\n");
    in(0, "ATS12?S0?+FCLASS?\r");
    expect(0, "ATS12?S0?+FCLASS?\r\r\n050\r\n\r\n000\r\n\r\n0\r\n\r\nOK\r\n");
    in(0, "ATZ1\r");                           /* only profile 0 exists */
    expect(0, "ATZ1\r\r\nERROR\r\n");
    in(0, "ATE0S12=9&F\r");
    expect(0, "ATE0S12=9&F\r\r\nOK\r\n");
    in(0, "ATS12?\r");
    expect(0, "ATS12?\r\r\n050\r\n\r\nOK\r\n");
}

static void test_a_slash_repeats(void **state)
{
    (void)state;
    in(0, "ATE0S7?\r");
    expect(0, "ATE0S7?\r\r\n060\r\n\r\nOK\r\n");
    in(0, "A/");                               /* V.250 5.2.4: no S3 needed */
    expect(0, "\r\n060\r\n\r\nOK\r\n");
}

static void test_extended_syntax(void **state)
{
    (void)state;
    in(0, "ATE0\r");
    take(0);
    in(0, "AT+FCLASS=?\r");
    expect(0, "\r\n0,8\r\n\r\nOK\r\n");
    in(0, "AT+FCLASS=1\r");                    /* no fax classes */
    expect(0, "\r\nERROR\r\n");
    in(0, "AT+VCID=3\r");
    expect(0, "\r\nERROR\r\n");
    in(0, "AT#CID=?\r");
    expect(0, "\r\n0,1,2\r\n\r\nOK\r\n");
    in(0, "AT+VLS=1\r");                       /* voice commands need +FCLASS=8 */
    expect(0, "\r\nERROR\r\n");
    in(0, "AT+VTS=1\r");
    expect(0, "\r\nERROR\r\n");
    in(0, "AT+VSM=?\r");
    expect(0, "\r\n128,\"8-BIT LINEAR\",(8000)\r\n\r\nOK\r\n");
    in(0, "AT+VSM=129\r");
    expect(0, "\r\nERROR\r\n");
    in(0, "AT+VSD=128,20;+VSD?\r");
    expect(0, "\r\n128,20\r\n\r\nOK\r\n");
    in(0, "AT+IPR=115200\r");                  /* spandsp's own extended commands still work */
    expect(0, "\r\nOK\r\n");
    in(0, "AT+FCLASS=0;E1\r");
    expect(0, "\r\nOK\r\n");
    in(0, "ATO\r");                            /* nothing to go back online to */
    expect(0, "ATO\r\r\nERROR\r\n");
}

/* ---- hostile input ---------------------------------------------------------------------- */

static void test_hostile_long_input_is_bounded(void **state)
{
    static uint8_t junk[1 << 16];
    size_t sent = 0, total = 10u << 20;
    (void)state;
    for (sent = 0; sent < sizeof junk; sent += 2) memcpy(junk + sent, "E0", 2);
    in(0, "ATE0\r");
    take(0);
    in(0, "AT");
    /* 10 MB without CR: the line overflows. Every part of it is a valid command, so
     * only refusing the whole line gives ERROR. */
    for (sent = 0; sent < total;) {
        msim_dte_input(sim, 0, junk, sizeof junk, now);
        sent += sizeof junk;
    }
    drain();
    expect(0, "");
    in(0, "\r");
    expect(0, "\r\nERROR\r\n");                /* and is refused as a whole */
    in(0, "AT\r");
    expect(0, "\r\nOK\r\n");
    /* With echo on, the DTE is slowed to what it reads: room shrinks, nothing is lost. */
    in(0, "ATE1\r");
    take(0);
    for (sent = 0; sent < total;) {
        size_t room = msim_dte_room(sim, 0), n = room < sizeof junk ? room : sizeof junk;
        assert_true(n > 0);
        msim_dte_input(sim, 0, junk, n, now);
        sent += n;
        drain();
        if (olen[0] > OUT_MAX / 2) olen[0] = 0;
    }
    ctl_ok("status modem0");
    assert_non_null(strstr(reply, " dropped=0 "));
    assert_non_null(strstr(reply, "outq=0 "));
    printf("  (outq_max stays within MSIM_OUTQ = %d: %s)\n", MSIM_OUTQ, strstr(reply, "outq_max"));
}

static void test_long_dial_string_refused(void **state)
{
    char cmd[200];
    (void)state;
    /* spandsp copies dial digits into a 101-byte stack buffer without a check. */
    memset(cmd, '5', sizeof cmd);
    memcpy(cmd, "ATD", 3);
    cmd[150] = '\r';
    cmd[151] = '\0';
    in(0, "ATE0\r");
    take(0);
    in(0, cmd);
    expect(0, "\r\nERROR\r\n");
    in(0, "AT\r");
    expect(0, "\r\nOK\r\n");
}

static void test_binary_junk_never_breaks_the_modem(void **state)
{
    uint8_t junk[4096];
    uint32_t x = 12345;
    size_t i;
    int round;
    (void)state;
    for (round = 0; round < 50; round++) {
        for (i = 0; i < sizeof junk; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            junk[i] = (uint8_t)x;
        }
        msim_dte_input(sim, 0, junk, sizeof junk, now);
        wait_ms(50);
        drain();
        olen[0] = olen[1] = olen[2] = 0;
    }
    /* Whatever state it was left in, DTR off and on and a reset bring it back. */
    dtr(0, false);
    dtr(0, true);
    in(0, "x\r+++");
    wait_ms(5000);
    in(0, "\rATZ\r");
    wait_ms(100);
    take(0);
    in(0, "AT\r");
    expect(0, "AT\r\r\nOK\r\n");
}

/* ---- calls ------------------------------------------------------------------------------ */

static void test_call_caller_id_connect_data(void **state)
{
    (void)state;
    quiet_all();
    in(1, "AT+VCID=1\r");
    expect(1, "\r\nOK\r\n");
    in(0, "ATDT102\r");
    expect(0, "");
    wait_ms(299);                              /* 3 digits, S11 = 50 ms tone + 50 ms gap */
    expect(1, "");
    wait_ms(1);
    expect(1, "\r\nRING\r\n");
    ctl_ok("status modem1");
    assert_non_null(strstr(reply, "state=ringing"));
    assert_non_null(strstr(reply, "peer=modem0"));
    wait_ms(3000);                             /* caller ID between the first and second RING */
    expect(1, "\r\nDATE = 0321\r\n\r\nTIME = 1405\r\n\r\nNMBR = 101\r\n");
    wait_ms(3000);
    expect(1, "\r\nRING\r\n");
    in(1, "ATS1?\r");
    expect(1, "\r\n002\r\n\r\nOK\r\n");
    in(1, "ATA\r");
    expect(1, "\r\nCONNECT 33600\r\n");
    expect(0, "\r\nCONNECT 33600\r\n");
    in(0, "hello, 102");
    expect(1, "hello, 102");
    in_n(1, "AT\rhello, 101\x00\xff", 15);    /* online: AT is data, any byte goes */
    expect(0, "AT\rhello, 101");
    assert_int_equal(memcmp(taken + 13, "\x00\xff", 2), 0);
    ctl_ok("status modem0");
    assert_non_null(strstr(reply, "state=connected-data mode=data peer=modem1"));
}

static void test_connect_rate_is_the_lower(void **state)
{
    (void)state;
    msim_free(sim);
    strcpy(mcfg[1].name, "BOB");
    mcfg[1].rate = 14400;
    setup(state);
    quiet_all();
    in(0, "ATX0S6=0\r");                       /* V.250 6.2.7: X0 says plain CONNECT */
    take(0);
    in(0, "ATD102\r");
    wait_ms(300);
    in(1, "ATA\r");
    expect(1, "\r\nRING\r\n\r\nCONNECT 14400\r\n");
    expect(0, "\r\nCONNECT\r\n");
}

static void test_escape_guard_times_and_online_command(void **state)
{
    (void)state;
    quiet_all();
    connect_0_to_1();
    wait_ms(50);
    in(0, "+++");                              /* only 50 ms of quiet before: data */
    wait_ms(500);
    expect(0, "");
    expect(1, "+++");
    in(0, "x");
    wait_ms(100);
    in(0, "+++");
    wait_ms(50);
    in(0, "y");                                /* data within the guard time after: data */
    wait_ms(500);
    expect(0, "");
    expect(1, "x+++y");
    wait_ms(100);
    in(0, "+");                                /* pluses a guard time apart: data */
    wait_ms(150);
    in(0, "+");
    wait_ms(150);
    in(0, "+");
    wait_ms(150);
    expect(0, "");
    expect(1, "+++");
    in(0, "z");
    wait_ms(100);
    in(0, "++");
    wait_ms(99);
    in(0, "+");
    wait_ms(99);
    expect(0, "");
    wait_ms(1);                                /* S12 = 5: 100 ms after the third + */
    expect(0, "\r\nOK\r\n");
    expect(1, "z+++");
    ctl_ok("status modem0");
    assert_non_null(strstr(reply, "mode=online-command"));
    in(1, "data while 101 is in command state");
    expect(0, "");                             /* not delivered */
    in(0, "ATS7?\r");
    expect(0, "\r\n060\r\n\r\nOK\r\n");
    in(0, "ATO\r");                            /* V.250 6.3.7 */
    expect(0, "\r\nCONNECT 33600\r\n");
    in(0, "back");
    expect(1, "back");
    wait_ms(100);
    in(0, "+++");
    wait_ms(100);
    expect(0, "\r\nOK\r\n");
    in(0, "ATH\r");
    expect(0, "\r\nOK\r\n");
    expect(1, "+++\r\nNO CARRIER\r\n");
    in(1, "AT\r");
    expect(1, "\r\nOK\r\n");
}

static void test_escape_character_and_guard_registers(void **state)
{
    (void)state;
    quiet_all();
    in(0, "ATS2=42S12=0\r");                   /* '*' escapes, and no guard time */
    expect(0, "\r\nOK\r\n");
    connect_0_to_1();
    in(0, "+++***");
    wait_ms(0);
    expect(0, "\r\nOK\r\n");
    in(0, "ATH\r");
    take(0);
    take(1);
    in(0, "ATS2=200\r");                       /* above 127: escape disabled */
    expect(0, "\r\nOK\r\n");
    connect_0_to_1();
    wait_ms(1000);
    in(0, "\xc8\xc8\xc8");
    wait_ms(1000);
    expect(0, "");
}

static void test_remote_hangup_gives_no_carrier(void **state)
{
    (void)state;
    quiet_all();
    connect_0_to_1();
    wait_ms(200);
    in(1, "+++");
    wait_ms(200);
    expect(1, "\r\nOK\r\n");
    in(1, "ATH\r");
    expect(1, "\r\nOK\r\n");
    expect(0, "+++\r\nNO CARRIER\r\n");
    in(0, "xyz\r");                            /* command state again: not data, and */
    expect(0, "");                             /* a line without AT is nothing */
    in(0, "AT\r");
    expect(0, "\r\nOK\r\n");
    ctl_ok("status modem0");
    assert_non_null(strstr(reply, "state=idle mode=command"));
}

static void test_busy(void **state)
{
    (void)state;
    quiet_all();
    in(1, "ATH1\r");                           /* off hook */
    expect(1, "\r\nOK\r\n");
    in(0, "ATD102\r");
    wait_ms(300);
    expect(0, "\r\nBUSY\r\n");
    in(1, "ATH0\r");
    take(1);
    in(2, "ATD102\r");                         /* modem2 is in a call with modem1 */
    wait_ms(300);
    in(1, "ATA\r");
    take(1);
    take(2);
    in(0, "ATD102\r");
    wait_ms(300);
    expect(0, "\r\nBUSY\r\n");
    in(0, "ATX2D102\r");                       /* X2 detects no busy tone */
    wait_ms(300);
    expect(0, "\r\nNO CARRIER\r\n");
    in(0, "ATX4D101\r");                       /* calling yourself */
    wait_ms(300);
    expect(0, "\r\nBUSY\r\n");
}

static void test_no_answer(void **state)
{
    (void)state;
    quiet_all();
    in(0, "ATS7=2D102\r");
    wait_ms(300);
    expect(1, "\r\nRING\r\n");
    wait_ms(1999);
    expect(0, "");
    wait_ms(1);                                /* V.250 6.3.10: S7 seconds */
    expect(0, "\r\nNO ANSWER\r\n");
    wait_ms(20000);
    expect(1, "");                             /* the ringing stopped */
    ctl_ok("status modem1");
    assert_non_null(strstr(reply, "state=idle"));
}

static void test_no_dialtone(void **state)
{
    (void)state;
    quiet_all();
    ctl_ok("unplug modem0");
    in(0, "ATD102\r");
    wait_ms(999);
    expect(0, "");
    wait_ms(1);                                /* S6 = 1 s of waiting for dial tone */
    expect(0, "\r\nNO DIALTONE\r\n");
    in(0, "ATX3D102\r");                       /* X3 does not detect dial tone */
    wait_ms(2000);
    expect(0, "\r\nNO CARRIER\r\n");
    ctl_ok("plug modem0");
    in(0, "ATX4D102\r");
    wait_ms(300);
    expect(1, "\r\nRING\r\n");
}

static void test_unknown_number(void **state)
{
    (void)state;
    quiet_all();
    in(0, "ATD555\r");
    wait_ms(300);
    expect(0, "\r\nNO CARRIER\r\n");
    in(0, "ATD\r");
    wait_ms(10);
    expect(0, "\r\nNO CARRIER\r\n");
}

static void test_dial_modifiers(void **state)
{
    (void)state;
    quiet_all();
    in(0, "ATS8=2DT9,102\r");                  /* ',' waits S8; the number after it routes */
    wait_ms(2000);
    expect(1, "");
    wait_ms(400);
    expect(1, "\r\nRING\r\n");
    in(0, "x");                                /* any character aborts (V.250 5.6.1) */
    expect(0, "\r\nNO CARRIER\r\n");
    wait_ms(10000);
    expect(1, "");                             /* so the ringing stops */
    in(0, "ATDP102\r");                        /* pulse: 1+10+2 pulses and 3 pauses */
    wait_ms(3399);
    expect(1, "");
    wait_ms(1);
    expect(1, "\r\nRING\r\n");
    in(0, "x");
    take(0);
    in(0, "ATDTW1-0 2\r");                     /* W, '-' and ' ' take no time here */
    wait_ms(300);
    expect(1, "\r\nRING\r\n");
    in(0, "x");
    take(0);
    in(0, "ATD102;S7?\r");                     /* ';': command state once dialled */
    wait_ms(299);
    expect(0, "");
    wait_ms(1);
    expect(0, "\r\n060\r\n\r\nOK\r\n");
    expect(1, "\r\nRING\r\n");
    in(0, "ATH\r");                            /* hanging up stops the ringing */
    expect(0, "\r\nOK\r\n");
    wait_ms(10000);
    expect(1, "");
}

/* V.250 6.3.1 partial dialling, as TSPI_lineDial uses it: after "D...;" the modem stays
 * off hook in command state and a later D goes on dialling; a D without digits ends a
 * call dialled whole with ';' and waits for its CONNECT. */
static void test_partial_dialling(void **state)
{
    (void)state;
    quiet_all();
    in(0, "ATDT10;\r");                        /* nobody is 10: no call yet, still off hook */
    wait_ms(500);
    expect(0, "\r\nOK\r\n");
    expect(1, "");
    in(0, "ATDT2\r");                          /* 10 + 2 = 102 */
    wait_ms(300);
    expect(1, "\r\nRING\r\n");
    in(1, "ATA\r");
    expect(1, "\r\nCONNECT 33600\r\n");
    expect(0, "\r\nCONNECT 33600\r\n");
    dtr(0, false);
    dtr(0, true);
    take(0);
    take(1);
    in(1, "ATH\r");
    take(1);
    in(0, "ATDT102;\r");                       /* the whole number, ';': ringing, command state */
    wait_ms(300);
    expect(0, "\r\nOK\r\n");
    expect(1, "\r\nRING\r\n");
    in(0, "ATDT\r");                           /* no digits: dialling is complete */
    expect(0, "");
    in(1, "ATA\r");
    expect(1, "\r\nCONNECT 33600\r\n");
    expect(0, "\r\nCONNECT 33600\r\n");
    ctl_ok("status modem0");
    assert_non_null(strstr(reply, "state=connected-data"));
    assert_non_null(strstr(reply, "speaker=M0L0 s7=60"));
}

static void test_auto_answer(void **state)
{
    (void)state;
    quiet_all();
    in(1, "ATS0=2\r");
    take(1);
    in(0, "ATD102\r");
    wait_ms(300);
    expect(1, "\r\nRING\r\n");
    wait_ms(6000);
    expect(1, "\r\nRING\r\n\r\nCONNECT 33600\r\n");
    expect(0, "\r\nCONNECT 33600\r\n");
    /* &D2: no auto-answer while DTR is off (V.250 6.2.9) */
    in(1, "\x01");
    wait_ms(200);
    dtr(0, false);
    expect(0, "\x01\r\nNO CARRIER\r\n");
    expect(1, "\r\nNO CARRIER\r\n");
    dtr(1, false);
    dtr(0, true);
    in(0, "ATD102\r");
    wait_ms(300 + 6000 * 3);
    expect(1, "\r\nRING\r\n\r\nRING\r\n\r\nRING\r\n\r\nRING\r\n");
}

static void test_dtr_drop(void **state)
{
    (void)state;
    quiet_all();
    connect_0_to_1();
    in(0, "AT&D0\r");                          /* online: that was data */
    take(1);
    dtr(0, false);          /* &D2 is the default */
    expect(0, "\r\nNO CARRIER\r\n");
    expect(1, "\r\nNO CARRIER\r\n");
    dtr(0, true);
    in(0, "AT&D1\r");
    expect(0, "\r\nOK\r\n");
    connect_0_to_1();
    dtr(0, false);          /* &D1: online command state */
    expect(0, "\r\nOK\r\n");
    dtr(0, true);
    in(0, "AT&D0\r");
    expect(0, "\r\nOK\r\n");
    in(0, "ATO\r");
    expect(0, "\r\nCONNECT 33600\r\n");
    dtr(0, false);          /* &D0: ignored */
    expect(0, "");
    in(0, "still here");
    expect(1, "still here");
    dtr(1, false);          /* modem1 still has &D2 */
    expect(1, "\r\nNO CARRIER\r\n");
    expect(0, "\r\nNO CARRIER\r\n");
}

/* ---- caller ID and external callers ------------------------------------------------------ */

static void test_external_call_caller_id_and_echo(void **state)
{
    (void)state;
    quiet_all();
    in(1, "AT#CID=1\r");
    take(1);
    ctl_ok("ring modem1 from 5551234 name \"ALICE SMITH\"");
    wait_ms(0);
    expect(1, "\r\nRING\r\n");
    wait_ms(3000);
    expect(1, "\r\nDATE = 0321\r\n\r\nTIME = 1405\r\n\r\nNMBR = 5551234\r\n\r\nNAME = ALICE SMITH\r\n");
    assert_int_not_equal(ctl("ring modem1 from 5550000"), 0);   /* busy */
    in(1, "ATA\r");
    expect(1, "\r\nCONNECT 33600\r\n");
    in(1, "ping");
    expect(1, "ping");                         /* the external party echoes */
    ctl_ok("hangup modem1");
    expect(1, "\r\nNO CARRIER\r\n");
    ctl_ok("ring modem1 from P name O rings 2");
    wait_ms(3000);
    expect(1, "\r\nRING\r\n\r\nDATE = 0321\r\n\r\nTIME = 1405\r\n\r\nNMBR = P\r\n\r\nNAME = O\r\n");
    wait_ms(6000 * 3);
    expect(1, "\r\nRING\r\n");                 /* two rings, then the caller gave up */
    ctl_ok("status modem1");
    assert_non_null(strstr(reply, "state=idle"));
}

static void test_caller_id_unformatted_and_compact(void **state)
{
    (void)state;
    msim_free(sim);
    mcfg[1].cid_compact = true;
    strcpy(mcfg[0].name, "CAROL");
    setup(state);
    quiet_all();
    in(1, "AT+VCID=1\r");
    take(1);
    in(0, "ATD102\r");
    wait_ms(300 + 3000);
    expect(1, "\r\nRING\r\n\r\nDATE=0321\r\n\r\nTIME=1405\r\n\r\nNMBR=101\r\n\r\nNAME=CAROL\r\n");
    in(0, "x");
    take(0);
    wait_ms(100);
    take(1);
    in(2, "AT#CID=2\r");
    take(2);
    ctl_ok("ring modem2 from 8475550001 name U.S.ROBOTICS");
    wait_ms(3000);
    /* MDMF: type 80, length, date/time (01), number (02), name (07), checksum. */
    expect(2, "\r\nRING\r\n\r\n802401083033323131343035020A38343735353530303031070C552E532E524F424F5449435338\r\n");
    {
        const char *hex = taken + 10;
        unsigned sum = 0, byte;
        size_t i;
        for (i = 0; hex[i] != '\r'; i += 2) {
            assert_int_equal(sscanf(hex + i, "%2x", &byte), 1);
            sum += byte;
        }
        assert_int_equal(sum % 256, 0);   /* the checksum makes the sum 0 */
    }
}

/* ---- voice (V.253) -------------------------------------------------------------------------- */

static void test_voice_call_dtmf_and_samples(void **state)
{
    (void)state;
    quiet_all();
    in(0, "AT+FCLASS=8;+VTD=10\r");
    expect(0, "\r\nOK\r\n");
    in(1, "AT+FCLASS=8;+VSD=128,0\r");
    expect(1, "\r\nOK\r\n");
    in(0, "ATD102;\r");
    wait_ms(300);
    expect(0, "\r\nOK\r\n");
    expect(1, "\r\nRING\r\n");
    in(1, "ATA\r");
    expect(1, "\r\nVCON\r\n");
    ctl_ok("status modem0");
    assert_non_null(strstr(reply, "state=connected-voice"));
    in(0, "AT+VTS=1,{#,5},[440,0,5],9\r");   /* four tones of +VTD = 100 ms each */
    wait_ms(399);
    expect(0, "");
    expect(1, "\x10" "1\x10#");
    wait_ms(1);
    expect(0, "\r\nOK\r\n");
    expect(1, "\x10" "9");
    in(1, "AT+VRX\r");
    expect(1, "\r\nCONNECT\r\n");
    in(0, "AT+VTX\r");
    expect(0, "\r\nCONNECT\r\n");
    in(0, "ab\x10\x10" "c\x10" "Xd");          /* DLE DLE is a 0x10 sample; DLE X is nothing */
    expect(1, "ab\x10\x10" "cd");              /* shielded again towards modem1's DTE */
    in(0, "\x10\x03");                         /* end of transmit */
    expect(0, "\r\nOK\r\n");
    ctl_ok("dtmf modem1 42");
    expect(1, "\x10" "4\x10" "2");
    in(1, "ignored\x10!");                     /* receive abort */
    expect(1, "\x10\x03\r\nOK\r\n");
    in(0, "ATH\r");
    expect(0, "\r\nOK\r\n");
    expect(1, "\x10" "b");                     /* busy tone once the far end cleared */
    in(1, "AT+VLS=0\r");
    expect(1, "\r\nOK\r\n");
    in(1, "AT+VLS=1\r");                       /* off hook on an idle line: dial tone */
    expect(1, "\x10" "d\r\nOK\r\n");
    in(1, "AT+VLS?\r");
    expect(1, "\r\n1\r\n\r\nOK\r\n");
}

static void test_voice_silence_and_vls_answer(void **state)
{
    (void)state;
    quiet_all();
    in(1, "AT+FCLASS=8;+VSD=128,10\r");       /* silence after 1 s */
    take(1);
    ctl_ok("ring modem1 from 5551234 voice");
    wait_ms(0);
    expect(1, "\r\nRING\r\n");
    in(1, "AT+VLS=1\r");                       /* answers the ringing call */
    expect(1, "\r\nVCON\r\n");
    wait_ms(999);
    expect(1, "");
    wait_ms(1);
    expect(1, "\x10s");                        /* nothing heard at all: silence */
    ctl_ok("dtmf modem1 5");
    expect(1, "\x10" "5");
    wait_ms(1000);
    expect(1, "\x10q");                        /* something, then quiet */
    in(0, "AT+FCLASS=0\r");
    take(0);
    in(0, "ATD102\r");                         /* busy: modem1 is in a call */
    wait_ms(300);
    expect(0, "\r\nBUSY\r\n");
    in(2, "AT+FCLASS=8;D102;\r");              /* after ';' a voice modem hears it: <DLE>b */
    wait_ms(300);
    expect(2, "\r\nOK\r\n\x10" "b");
    in(2, "ATH\r");
    expect(2, "\r\nOK\r\n");
}

static void test_voice_data_mismatch(void **state)
{
    (void)state;
    quiet_all();
    in(1, "AT+FCLASS=8\r");
    take(1);
    in(0, "ATD102\r");                         /* a data call */
    wait_ms(300);
    take(1);
    in(1, "ATA\r");                            /* answered in voice mode: no carrier */
    expect(1, "\r\nNO CARRIER\r\n");
    expect(0, "\r\nNO CARRIER\r\n");
}

/* ---- faults and control ---------------------------------------------------------------------- */

static void test_faults(void **state)
{
    size_t i, n;
    (void)state;
    quiet_all();
    ctl_ok("fault modem0 noresponse");
    in(0, "AT\r");
    expect(0, "");
    ctl_ok("fault modem0 garbage");
    in(0, "AT\r");
    n = olen[0];
    take(0);
    assert_int_equal(n, 6);
    assert_int_not_equal(memcmp(taken, "\r\nOK\r\n", 6), 0);
    ctl_ok("fault modem0 slow 500ms");
    in(0, "AT\r");
    expect(0, "");
    wait_ms(499);
    expect(0, "");
    wait_ms(1);
    expect(0, "\r\nOK\r\n");
    ctl_ok("fault modem0 none");
    in(0, "AT\r");
    expect(0, "\r\nOK\r\n");
    ctl_ok("flood modem0 100k");
    drain();
    assert_int_equal(olen[0], 100 * 1024);
    for (i = 0; i < olen[0]; i++)
        if (out[0][i] == '\r' || out[0][i] == '\n') fail_msg("flood byte %zu is CR or LF", i);
    olen[0] = 0;
    in(0, "AT\r");
    expect(0, "\r\nOK\r\n");
}

static void test_vanish_mid_call(void **state)
{
    (void)state;
    quiet_all();
    connect_0_to_1();
    ctl_ok("fault modem1 vanish");
    expect(0, "\r\nNO CARRIER\r\n");
    assert_true(msim_vanished(sim, 1));
    in(1, "AT\r");
    expect(1, "");
    in(0, "ATS7=1D102\r");                     /* it rings where nobody answers */
    wait_ms(1300);
    expect(0, "\r\nNO ANSWER\r\n");
    ctl_ok("status modem1");
    assert_non_null(strstr(reply, "fault=vanished"));
    ctl_ok("revive modem1");
    in(1, "AT\r");
    expect(1, "AT\r\r\nOK\r\n");               /* a new device: factory settings */
    assert_int_not_equal(ctl("revive modem1"), 0);
}

static void test_control_commands(void **state)
{
    (void)state;
    ctl_ok("help");
    assert_non_null(strstr(reply, "ring MODEM from"));
    ctl_ok("list");
    assert_non_null(strstr(reply, "modem0 number=101 state=idle"));
    assert_non_null(strstr(reply, "modem2 number=103 state=idle"));
    ctl_ok("status 102");                      /* by number */
    assert_non_null(strstr(reply, "modem1 number=102"));
    ctl_ok("send modem0 \"\\r\\nFUNNY RESULT\\r\\n\\x10\"");
    expect(0, "\r\nFUNNY RESULT\r\n\x10");
    assert_int_equal(ctl("bogus"), -1);
    assert_string_equal(reply, "ERR unknown command (try help)\n");
    assert_int_equal(ctl("status modem9"), -1);
    assert_string_equal(reply, "ERR no such modem\n");
    assert_int_equal(ctl("ring modem0 from 12x"), -1);
    assert_int_equal(ctl("ring modem0"), -1);
    assert_int_equal(ctl("fault modem0 slow"), -1);
    assert_int_equal(ctl("fault modem0 slow 5x"), -1);
    assert_int_equal(ctl("send modem0 \"\\q\""), -1);
    assert_int_equal(ctl("send modem0 \"open"), -1);
    assert_int_equal(ctl("hangup modem0"), -1);
    assert_int_equal(ctl("dtmf modem0 12"), -1);
    assert_int_equal(ctl("flood modem0 lots"), -1);
    assert_int_equal(ctl(""), -1);
    assert_int_equal(ctl("a b c d e f g h i j k l m"), -1);
    assert_false(quit_called);
    ctl_ok("quit");
    assert_true(quit_called);
}

static void test_bad_configurations(void **state)
{
    msim_modem_cfg m[2];
    msim_cfg cfg;
    char err[200];
    (void)state;
    memset(m, 0, sizeof m);
    memset(&cfg, 0, sizeof cfg);
    strcpy(m[0].number, "101");
    strcpy(m[1].number, "101");
    cfg.modems = m;
    cfg.n_modems = 0;
    assert_null(msim_new(&cfg, err, sizeof err));
    printf("  %s\n", err);
    cfg.n_modems = 2;
    assert_null(msim_new(&cfg, err, sizeof err));
    printf("  %s\n", err);
    strcpy(m[1].number, "1O2");
    assert_null(msim_new(&cfg, err, sizeof err));
    printf("  %s\n", err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_ok_error_echo),
        T(test_verbose_numeric_quiet),
        T(test_s_registers_and_reset),
        T(test_a_slash_repeats),
        T(test_extended_syntax),
        T(test_hostile_long_input_is_bounded),
        T(test_long_dial_string_refused),
        T(test_binary_junk_never_breaks_the_modem),
        T(test_call_caller_id_connect_data),
        T(test_connect_rate_is_the_lower),
        T(test_escape_guard_times_and_online_command),
        T(test_escape_character_and_guard_registers),
        T(test_remote_hangup_gives_no_carrier),
        T(test_busy),
        T(test_no_answer),
        T(test_no_dialtone),
        T(test_unknown_number),
        T(test_dial_modifiers),
        T(test_partial_dialling),
        T(test_auto_answer),
        T(test_dtr_drop),
        T(test_external_call_caller_id_and_echo),
        T(test_caller_id_unformatted_and_compact),
        T(test_voice_call_dtmf_and_samples),
        T(test_voice_silence_and_vls_answer),
        T(test_voice_data_mismatch),
        T(test_faults),
        T(test_vanish_mid_call),
        T(test_control_commands),
        T(test_bad_configurations),
#undef T
    };
    teardown(NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
