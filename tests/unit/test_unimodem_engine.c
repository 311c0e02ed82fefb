/*
 * tests/unit/test_unimodem_engine.c - the AT engine as a pure state machine: byte-exact
 * scripts of what the modem says and when, checked against the command lines the engine
 * writes and the events it raises, both recorded as text. Every behaviour of engine.h has
 * a script: open with echo on and off, the Settings line, Init retries and timeouts,
 * data calls and each way they fail, the dial string rules, partial dialling, long
 * numbers, hanging up with the escape and during a dial, incoming calls with caller ID,
 * voice events and +VTS, and hostile input (a 10 MB line, binary junk, NUL bytes, unknown
 * result codes, a CONNECT line split at every byte).
 */
#include "at/engine.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- the fixture: a profile, an engine, and what it wrote and raised ------------- */

#define LOG_MAX (1 << 16)

typedef struct {
    um_profile *profile;
    um_at *at;
    uint64_t now;
    char out[LOG_MAX];      /* bytes written, as text with \r shown as \r */
    size_t out_len;
    char ev[LOG_MAX];       /* one line per event */
    size_t ev_len;
    size_t data_bytes;      /* UM_AT_EV_DATA bytes, counted */
    /* what the event callback does (re-entrancy tests) */
    int on_ring_answer;
    int on_done_dial;
    int reentrant_result;
} fx;

static void logf_(char *buf, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, LOG_MAX - *len, fmt, ap);
    va_end(ap);
    if (n > 0) *len += (size_t)n < LOG_MAX - *len ? (size_t)n : LOG_MAX - *len - 1;
}

/* Bytes as C-like text: \r, \n, \xNN. */
static void log_bytes(char *buf, size_t *len, const uint8_t *d, size_t n)
{
    for (size_t i = 0; i < n && i < 200; i++) {
        if (d[i] == '\r') logf_(buf, len, "\\r");
        else if (d[i] == '\n') logf_(buf, len, "\\n");
        else if (d[i] < 0x20 || d[i] >= 0x7F) logf_(buf, len, "\\x%02X", d[i]);
        else logf_(buf, len, "%c", d[i]);
    }
    if (n > 200) logf_(buf, len, "...(%zu)", n);
}

static void on_write(void *user, const uint8_t *d, size_t n)
{
    fx *f = user;
    log_bytes(f->out, &f->out_len, d, n);
}

static const char *const kinds[] = { "open", "dial", "answer", "hangup", "command", "digits" };
static const char *const statuses[] = { "ok", "failed", "timeout", "cancelled" };
static const char *const dles[] = { "dtmf", "dtmf-start", "dtmf-end", "busy", "dialtone", "silence", "quiet",
                                    "ring", "fax-calling", "data-calling", "answer-tone", "bell-answer",
                                    "on-hook", "off-hook", "loop-break", "loop-reversal", "rx-overrun",
                                    "tx-underrun", "timing-mark", "end-of-data", "unknown" };

static void log_result(fx *f, const um_result *r)
{
    const char *n = um_state_name(r->state);
    logf_(f->ev, &f->ev_len, " %s", n ? n : r->state == UM_RS_UNKNOWN ? "-" : "?");
    if (r->dce_rate) logf_(f->ev, &f->ev_len, " dce=%u", (unsigned)r->dce_rate);
    if (r->dte_rate) logf_(f->ev, &f->ev_len, " dte=%u", (unsigned)r->dte_rate);
    if (r->options & UM_OPT_ERROR_CONTROL) logf_(f->ev, &f->ev_len, " ec");
    if (r->options & UM_OPT_COMPRESSION) logf_(f->ev, &f->ev_len, " comp");
    if (r->options & UM_OPT_CELLULAR) logf_(f->ev, &f->ev_len, " cell");
}

static void log_cid(fx *f, const um_callerid *c)
{
    if (c->flags & UM_CID_DATE) logf_(f->ev, &f->ev_len, " date=%s", c->date);
    if (c->flags & UM_CID_TIME) logf_(f->ev, &f->ev_len, " time=%s", c->time);
    if (c->flags & UM_CID_NUMBER) logf_(f->ev, &f->ev_len, " nmbr=%s", c->number);
    if (c->flags & UM_CID_NAME) logf_(f->ev, &f->ev_len, " name=%s", c->name);
    if (c->flags & UM_CID_MESSAGE) logf_(f->ev, &f->ev_len, " mesg=%s", c->message);
    if (c->flags & UM_CID_NUMBER_PRIVATE) logf_(f->ev, &f->ev_len, " nmbr-private");
    if (c->flags & UM_CID_NUMBER_OUT_OF_AREA) logf_(f->ev, &f->ev_len, " nmbr-out-of-area");
    if (c->flags & UM_CID_NAME_PRIVATE) logf_(f->ev, &f->ev_len, " name-private");
    if (c->flags & UM_CID_NAME_OUT_OF_AREA) logf_(f->ev, &f->ev_len, " name-out-of-area");
}

static void on_event(void *user, const um_at_event *ev)
{
    fx *f = user;
    switch (ev->type) {
    case UM_AT_EV_OP_DONE:
        logf_(f->ev, &f->ev_len, "done %u %s %s", (unsigned)ev->op, kinds[ev->kind], statuses[ev->status]);
        log_result(f, &ev->result);
        break;
    case UM_AT_EV_RING:
        logf_(f->ev, &f->ev_len, "ring %u", ev->rings);
        log_cid(f, ev->callerid);
        break;
    case UM_AT_EV_RING_STOPPED: logf_(f->ev, &f->ev_len, "ring-stopped"); break;
    case UM_AT_EV_CALLERID:
        logf_(f->ev, &f->ev_len, "cid");
        log_cid(f, ev->callerid);
        break;
    case UM_AT_EV_DISCONNECTED: logf_(f->ev, &f->ev_len, "disconnected"); break;
    case UM_AT_EV_DATA:
    case UM_AT_EV_VOICE_DATA:
    case UM_AT_EV_INFO:
        logf_(f->ev, &f->ev_len, ev->type == UM_AT_EV_DATA ? "data '" : ev->type == UM_AT_EV_INFO ? "info '" : "audio '");
        log_bytes(f->ev, &f->ev_len, ev->data, ev->len);
        logf_(f->ev, &f->ev_len, "'");
        if (ev->type == UM_AT_EV_DATA) f->data_bytes += ev->len;
        break;
    case UM_AT_EV_DLE:
        logf_(f->ev, &f->ev_len, "dle %s", dles[ev->dle]);
        if (ev->dle == UM_DLE_DTMF || ev->dle == UM_DLE_UNKNOWN) logf_(f->ev, &f->ev_len, " %c", ev->code > 0x20 ? ev->code : '?');
        break;
    case UM_AT_EV_PROGRESS:
        logf_(f->ev, &f->ev_len, "progress");
        log_result(f, &ev->result);
        break;
    case UM_AT_EV_ERROR: logf_(f->ev, &f->ev_len, "error line-too-long"); break;
    }
    logf_(f->ev, &f->ev_len, "\n");
    /* Re-entrancy: what a TSPI layer would do from its event handler. */
    if (ev->type == UM_AT_EV_RING && f->on_ring_answer && ev->rings == (unsigned)f->on_ring_answer) {
        f->reentrant_result = um_at_feed(f->at, f->now, (const uint8_t *)"x", 1);
        um_at_answer(f->at, f->now, 0);
    }
    if (ev->type == UM_AT_EV_OP_DONE && f->on_done_dial && ev->op == (uint32_t)f->on_done_dial)
        um_at_dial(f->at, f->now, "123", 0);
}

/* A profile close to a real one: echo is left on, so the engine must recognise it. */
static const char test_profile[] =
    "[Modem]\n"
    "Name = \"Test modem\"\n"
    "Reset = \"ATZ<cr>\"\n"
    "InactivityScale = 10\n"
    "VoiceProfile = 1\n"
    "[Init]\n"
    "1 = \"AT&F<cr>\"\n"
    "2 = \"ATV1<cr>\"\n"
    "[Monitor]\n"
    "1 = \"ATS0=0<cr>\"\n"
    "2 = None\n"
    "[EnableCallerID]\n"
    "1 = \"AT+VCID=1<cr>\"\n"
    "[VoiceAnswer]\n"
    "1 = \"AT+FCLASS=8<cr>\"\n"
    "2 = \"AT+VLS=1<cr>\"\n"
    "[VoiceDialNumberSetup]\n"
    "1 = \"AT+FCLASS=8<cr>\"\n"
    "[Settings]\n"
    "CallSetupFailTimer = \"S7=<#>\"\n"
    "InactivityTimeout = \"S30=<#>\"\n"
    "SpeakerVolume_Low = L0\n"
    "SpeakerVolume_Med = L2\n"
    "SpeakerMode_Dial = M1\n"
    "FlowControl_Hard = &K3\n"
    "FlowControl_Off = &K0\n"
    "ErrorControl_On = \\N3\n"
    "ErrorControl_Off = \\N0\n"
    "Compression_On = %C1\n"
    "Compression_Off = %C0\n"
    "Blind_Off = X4\n"
    "Blind_On = X3\n"
    "[Properties]\n"
    "DialOptions = quiet dialtone\n"
    "ModemOptions = compression error_control flow_hard tone_dial blind_dial\n"
    "[Responses]\n"
    "\"<cr><lf>CONNECT 31200/LAPM<cr><lf>\" = CONNECT ec dce=31200\n"
    "\"RING1\" = SINGLERING\n";

static fx *fx_new_profile(const char *text, const um_at_config *extra)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    char err[UM_PROFILE_ERR_MAX];
    f->profile = um_profile_parse(text, strlen(text), "test.ini", err, sizeof err);
    if (!f->profile) fprintf(stderr, "%s\n", err);
    assert_non_null(f->profile);
    um_at_config cfg = { .profile = f->profile, .write = on_write, .event = on_event, .user = f };
    if (extra) {
        cfg.command_timeout_ms = extra->command_timeout_ms;
        cfg.guard_ms = extra->guard_ms;
        cfg.ring_gap_ms = extra->ring_gap_ms;
    }
    f->at = um_at_init(NULL, &cfg);
    assert_non_null(f->at);
    f->now = 1000;
    return f;
}

static fx *fx_new(void)
{
    return fx_new_profile(test_profile, NULL);
}

static void fx_free(fx *f)
{
    assert_int_equal(um_at_free(f->at), 0);
    um_profile_free(f->profile);
    free(f);
}

static void feed_n(fx *f, uint64_t at, const void *data, size_t len)
{
    f->now = at;
    assert_int_equal(um_at_feed(f->at, at, data, len), 0);
}

static void feed(fx *f, uint64_t at, const char *s)
{
    feed_n(f, at, s, strlen(s));
}

static void tick(fx *f, uint64_t at)
{
    f->now = at;
    assert_int_equal(um_at_tick(f->at, at), 0);
}

/* The engine wrote exactly this since the last check. */
#define expect_out(f, want) check_log((f)->out, &(f)->out_len, (want), "written", __LINE__)
/* The engine raised exactly these events (one per line) since the last check. */
#define expect_ev(f, want) check_log((f)->ev, &(f)->ev_len, (want), "events", __LINE__)

static void check_log(char *log, size_t *len, const char *want, const char *what, int line)
{
    if (strcmp(log, want) != 0) {
        fprintf(stderr, "line %d: %s differ\n--- expected:\n%s\n--- saw:\n%s\n---\n", line, what, want, log);
        fail();
    }
    *len = 0;
    log[0] = '\0';
}

/* Opens the line: Init, Settings, EnableCallerID, Monitor, each answered OK at once. */
static int open_line(fx *f, unsigned flags)
{
    int id = um_at_open(f->at, f->now, NULL, flags);
    assert_true(id > 0);
    for (int i = 0; i < 8 && um_at_next_deadline(f->at) != UINT64_MAX; i++) feed(f, f->now, "\r\nOK\r\n");
    return id;
}

static void opened(fx *f)
{
    open_line(f, UM_AT_OPEN_MONITOR | UM_AT_OPEN_CALLERID);
    f->out_len = f->ev_len = 0;
    f->out[0] = f->ev[0] = '\0';
}

/* ---- open ------------------------------------------------------------------------- */

static void test_open_echo_off(void **state)
{
    (void)state;
    fx *f = fx_new();
    int id = um_at_open(f->at, 1000, NULL, UM_AT_OPEN_MONITOR | UM_AT_OPEN_CALLERID);
    assert_int_equal(id, 1);
    expect_out(f, "AT&F\\r");
    assert_int_equal(um_at_next_deadline(f->at), 6000);
    feed(f, 1010, "\r\nOK\r\n");
    expect_out(f, "ATV1\\r");
    feed(f, 1020, "\r\nOK\r\n");
    /* The Settings line (KB 250649 order): S7, S30 in tens of seconds, volume, mode, error
     * control, compression, flow control, blind dialling. */
    expect_out(f, "ATS7=60S30=0L0M1\\N3%C1&K3X4\\r");
    feed(f, 1030, "\r\nOK\r\n");
    expect_out(f, "AT+VCID=1\\r");
    feed(f, 1040, "\r\nOK\r\n");
    expect_out(f, "ATS0=0\\r");
    expect_ev(f, "");
    feed(f, 1050, "\r\nOK\r\n");
    expect_out(f, "");
    expect_ev(f, "done 1 open ok OK\n");
    assert_int_equal(um_at_next_deadline(f->at), UINT64_MAX);
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_IDLE);
    fx_free(f);
}

static void test_open_echo_on(void **state)
{
    (void)state;
    fx *f = fx_new();
    um_at_settings st = { .call_setup_fail_s = 45, .inactivity_s = 95, .speaker_volume = 1, .speaker_mode = 1,
                          .options = UM_MDM_BLIND_DIAL };
    assert_int_equal(um_at_open(f->at, 1000, &st, 0), 1);
    /* E1: each command comes back before its result, in any case, split anywhere. */
    feed(f, 1001, "AT&F\r\r\nOK\r\n");
    feed(f, 1002, "atv");
    feed(f, 1003, "1\r\r\nOK");
    feed(f, 1004, "\r\n");
    expect_out(f, "AT&F\\rATV1\\rATS7=45S30=10L2M1\\N0%C0&K0X3\\r");
    feed(f, 1005, "ATS7=45S30=10L2M1\\N0%C0&K0X3\r\r\nOK\r\n");
    expect_ev(f, "done 1 open ok OK\n");
    fx_free(f);
}

static void test_settings_split(void **state)
{
    (void)state;
    /* Fragments that do not fit V.250's 40 characters go on a second line. */
    fx *f = fx_new_profile("[Settings]\n"
                           "CallSetupFailTimer = \"S7=<#>S8=2S9=6S10=14\"\n"
                           "SpeakerMode_Dial = \"M1S11=95S12=50\"\n"
                           "ErrorControl_On = \"\\N3S36=7S48=7S46=138\"\n"
                           "Compression_On = \"%C1\"\n", NULL);
    assert_int_equal(um_at_open(f->at, 1000, NULL, 0), 1);
    expect_out(f, "ATS7=60S8=2S9=6S10=14M1S11=95S12=50\\r");
    feed(f, 1001, "OK\r");
    expect_out(f, "AT\\N3S36=7S48=7S46=138%C1\\r");
    feed(f, 1002, "OK\r");
    expect_ev(f, "done 1 open ok OK\n");
    /* An empty profile has nothing to send: done at once. */
    fx *g = fx_new_profile("", NULL);
    assert_int_equal(um_at_open(g->at, 1000, NULL, UM_AT_OPEN_MONITOR), 1);
    expect_out(g, "");
    expect_ev(g, "done 1 open ok OK\n");
    fx_free(g);
    fx_free(f);
}

static void test_open_retries(void **state)
{
    (void)state;
    fx *f = fx_new();
    assert_int_equal(um_at_open(f->at, 1000, NULL, 0), 1);
    expect_out(f, "AT&F\\r");
    feed(f, 1010, "\r\nERROR\r\n");
    /* Retry 1: Reset first, then the whole sequence. */
    expect_out(f, "ATZ\\r");
    feed(f, 1020, "\r\nOK\r\n");
    expect_out(f, "AT&F\\r");
    /* No answer: the command times out after 5 s, retry 2. */
    tick(f, 6019);
    expect_out(f, "");
    tick(f, 6020);
    expect_out(f, "ATZ\\r");
    expect_ev(f, "");
    tick(f, 11020);
    expect_out(f, "");
    expect_ev(f, "done 1 open timeout -\n");
    /* The engine knows the modem is not initialised: a dial re-initialises first (id 0). */
    assert_int_equal(um_at_dial(f->at, 11030, "1", 0), 2);
    expect_out(f, "AT&F\\r");
    feed(f, 11040, "OK\r");
    expect_out(f, "ATV1\\r");
    feed(f, 11050, "OK\r");
    expect_out(f, "ATS7=60S30=0L0M1\\N3%C1&K3X4\\r");
    feed(f, 11060, "OK\r");
    expect_ev(f, "done 0 open ok OK\n");
    expect_out(f, "ATDT1\\r");
    /* A third ERROR ends it too, with FAILED and the result. */
    fx *g = fx_new();
    assert_int_equal(um_at_open(g->at, 1000, NULL, 0), 1);
    feed(g, 1001, "ERROR\r");
    feed(g, 1002, "ERROR\r");
    feed(g, 1003, "ERROR\r");
    expect_out(g, "AT&F\\rATZ\\rATZ\\r");
    expect_ev(g, "done 1 open failed ERROR\n");
    fx_free(g);
    fx_free(f);
}

/* ---- data calls ------------------------------------------------------------------- */

static void test_dial_data_call(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    assert_int_equal(um_at_dial(f->at, 2000, "555-1212", 0), 2);
    expect_out(f, "ATDT5551212\\r");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_DIALING);
    assert_int_equal(um_at_next_deadline(f->at), 2000 + 65000);   /* S7 = 60 s + 5 s */
    feed(f, 20000, "\r\nCARRIER 28800\r\n\r\nPROTOCOL: LAPM\r\n\r\nCOMPRESSION: V.42BIS\r\n");
    expect_ev(f, "progress LOOP dce=28800\nprogress LOOP ec\nprogress LOOP comp\n");
    /* The table's CONNECT line; the bytes after it in the same read are data. */
    feed(f, 20100, "\r\nCONNECT 31200/LAPM\r\nhello");
    expect_ev(f, "done 2 dial ok CONNECT dce=31200 ec comp\ndata 'hello'\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_DATA);
    assert_int_equal(um_at_next_deadline(f->at), UINT64_MAX);
    /* Result codes inside data are data, unless one is a line of its own NO CARRIER. */
    feed(f, 20200, "OK\r\nRING\r\n3\rNO CARRIER!\r\nxxNO CARRIER\r\n");
    expect_ev(f, "data 'OK\\r\\nRING\\r\\n3\\rNO CARRIER!\\r\\nxxNO CARRIER\\r\\n'\n");
    assert_int_equal(um_at_command(f->at, 20300, "ATI", 0), UM_AT_E_STATE);
    assert_int_equal(um_at_dial(f->at, 20300, "1", 0), UM_AT_E_STATE);
    assert_int_equal(um_at_answer(f->at, 20300, 0), UM_AT_E_STATE);
    expect_out(f, "");
    feed(f, 30000, "bye\r\nNO CARRIER\r\n");
    /* The far end hung up: the engine hangs up and re-initialises on its own (id 0). */
    expect_ev(f, "data 'bye\\r\\nNO CARRIER\\r'\ndisconnected\n");
    expect_out(f, "ATH\\r");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_HANGUP);
    feed(f, 30100, "\r\nOK\r\n");
    expect_ev(f, "done 0 hangup ok OK\n");
    expect_out(f, "AT&F\\r");
    for (int i = 0; i < 5; i++) feed(f, 30200, "OK\r");
    expect_out(f, "ATV1\\rATS7=60S30=0L0M1\\N3%C1&K3X4\\rAT+VCID=1\\rATS0=0\\r");
    expect_ev(f, "done 0 open ok OK\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_IDLE);
    fx_free(f);
}

static void test_dial_failures(void **state)
{
    (void)state;
    static const struct { const char *said, *event; } cases[] = {
        { "\r\nBUSY\r\n", "done 2 dial failed BUSY\n" },
        { "\r\nNO ANSWER\r\n", "done 2 dial failed NOANSWER\n" },
        { "\r\nNO DIALTONE\r\n", "done 2 dial failed NODIALTONE\n" },
        { "\r\nNO DIAL TONE\r\n", "done 2 dial failed NODIALTONE\n" },
        { "\r\nNO CARRIER\r\n", "done 2 dial failed NOCARRIER\n" },
        { "\r\nERROR\r\n", "done 2 dial failed ERROR\n" },
        { "\r\nDELAYED\r\n", "done 2 dial failed DELAYED\n" },
        { "\r\nBLACKLISTED\r\n", "done 2 dial failed BLACKLISTED\n" },
        { "7\r", "done 2 dial failed BUSY\n" },
        { "\r\nOK\r\n", "done 2 dial failed OK\n" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx *f = fx_new();
        opened(f);
        assert_int_equal(um_at_dial(f->at, 2000, "123", 0), 2);
        expect_out(f, "ATDT123\\r");
        feed(f, 3000, cases[i].said);
        expect_ev(f, cases[i].event);
        expect_out(f, "ATH\\r");
        feed(f, 3100, "OK\r");
        expect_ev(f, "done 0 hangup ok OK\n");
        expect_out(f, "AT&F\\r");
        fx_free(f);
    }
}

static void test_dial_timeout(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    um_at_settings st = { .call_setup_fail_s = 30, .options = UM_MDM_TONE_DIAL };
    assert_int_equal(um_at_open(f->at, 1500, &st, 0), 2);
    expect_out(f, "AT&F\\r");
    for (int i = 0; i < 2; i++) feed(f, 1500, "OK\r");
    expect_out(f, "ATV1\\rATS7=30S30=0L0\\N0%C0&K0X4\\r");
    feed(f, 1500, "OK\r");
    expect_ev(f, "done 2 open ok OK\n");
    assert_int_equal(um_at_dial(f->at, 2000, "123", 0), 3);
    assert_int_equal(um_at_next_deadline(f->at), 2000 + 35000);
    tick(f, 36999);
    expect_ev(f, "");
    tick(f, 37000);
    expect_ev(f, "done 3 dial timeout -\n");
    expect_out(f, "ATDT123\\rATH\\r");
    fx_free(f);
}

static void test_dial_string_rules(void **state)
{
    (void)state;
    fx *f = fx_new();
    fx *g = fx_new_profile("", NULL);   /* no DialOptions: no W, no @ */
    static const struct { const char *in, *out; int partial, err, err_plain; } cases[] = {
        { "555-1212", "5551212", 0, 0, 0 },
        { "+1 (425) 555-0100", "+14255550100", 0, 0, 0 },
        { "9w5551212", "9W5551212", 0, 0, UM_AT_E_DIALDIALTONE },
        { "t123p456", "T123P456", 0, 0, 0 },
        { "123,,456!*#ABCDabcd", "123,,456!*#ABCDABCD", 0, 0, 0 },
        { "5@55", "5@55", 0, 0, UM_AT_E_DIALQUIET },
        { "555;", "555", 1, 0, 0 },
        { "555 ; ", "555", 1, 0, 0 },
        { ";", "", 1, 0, 0 },
        { "", "", 0, 0, 0 },
        { "5;5", NULL, 0, UM_AT_E_INVALADDRESS, UM_AT_E_INVALADDRESS },
        { "555|1234^John Smith", "555", 0, 0, 0 },
        { "555\r\n666", "555", 0, 0, 0 },
        { "123$4", NULL, 0, UM_AT_E_DIALBILLING, UM_AT_E_DIALBILLING },
        { "12?3", NULL, 0, UM_AT_E_DIALPROMPT, UM_AT_E_DIALPROMPT },
        { "12X3", NULL, 0, UM_AT_E_INVALADDRESS, UM_AT_E_INVALADDRESS },
        { "X$", NULL, 0, UM_AT_E_INVALADDRESS, UM_AT_E_INVALADDRESS },   /* the first wins */
        { "$X", NULL, 0, UM_AT_E_DIALBILLING, UM_AT_E_DIALBILLING },
        { "W?", NULL, 0, UM_AT_E_DIALPROMPT, UM_AT_E_DIALDIALTONE },
        { "12\x80", NULL, 0, UM_AT_E_INVALADDRESS, UM_AT_E_INVALADDRESS },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[UM_AT_DIAL_MAX + 1];
        int partial = -1;
        int r = um_at_dial_translate(f->profile, cases[i].in, out, sizeof out, &partial);
        fprintf(stderr, "'%s' -> %d '%s' partial %d\n", cases[i].in, r, r ? "" : out, partial);
        assert_int_equal(r, cases[i].err);
        if (!r) {
            assert_string_equal(out, cases[i].out);
            assert_int_equal(partial, cases[i].partial);
        }
        assert_int_equal(um_at_dial_translate(g->profile, cases[i].in, out, sizeof out, &partial),
                         cases[i].err_plain);
    }
    char out[UM_AT_DIAL_MAX + 2];
    int partial;
    assert_int_equal(um_at_dial_translate(f->profile, NULL, out, sizeof out, &partial), 0);
    assert_string_equal(out, "");
    char num[UM_AT_DIAL_MAX + 2];
    memset(num, '7', UM_AT_DIAL_MAX);
    num[UM_AT_DIAL_MAX] = '\0';
    assert_int_equal(um_at_dial_translate(f->profile, num, out, sizeof out, &partial), 0);
    num[UM_AT_DIAL_MAX] = '7';
    num[UM_AT_DIAL_MAX + 1] = '\0';
    assert_int_equal(um_at_dial_translate(f->profile, num, out, sizeof out, &partial), UM_AT_E_TOOLONG);
    assert_int_equal(um_at_dial_translate(f->profile, "123", out, 3, &partial), UM_AT_E_TOOLONG);
    /* A refused dial sends nothing (TSPI_lineMakeCall: no partial dialling). */
    opened(f);
    assert_int_equal(um_at_dial(f->at, 2000, "12?3", 0), UM_AT_E_DIALPROMPT);
    assert_int_equal(um_at_dial(f->at, 2000, "1", UM_AT_VOICE), 2);   /* voice profile: fine */
    expect_out(f, "AT+FCLASS=8\\r");
    assert_int_equal(um_at_dial(g->at, 2000, "1", UM_AT_VOICE), UM_AT_E_UNSUPPORTED);
    assert_int_equal(um_at_answer(g->at, 2000, UM_AT_VOICE), UM_AT_E_UNSUPPORTED);
    expect_out(g, "");
    fx_free(g);
    fx_free(f);
}

static void test_pulse_and_blind(void **state)
{
    (void)state;
    fx *f = fx_new();
    um_at_settings st = { .call_setup_fail_s = 90, .options = UM_MDM_BLIND_DIAL };   /* pulse */
    assert_int_equal(um_at_open(f->at, 1000, &st, 0), 1);
    for (int i = 0; i < 3; i++) feed(f, 1000, "OK\r");
    expect_out(f, "AT&F\\rATV1\\rATS7=90S30=0L0\\N0%C0&K0X3\\r");
    expect_ev(f, "done 1 open ok OK\n");
    assert_int_equal(um_at_dial(f->at, 2000, "123", 0), 2);
    expect_out(f, "ATDP123\\r");
    fx_free(f);
}

/* lineSetDevConfig: new settings re-initialise an idle modem at once (its own open
 * sequence, id 0); during a call they wait for the re-initialisation after it. */
static void test_set_settings(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    um_at_settings st = { .call_setup_fail_s = 30, .speaker_volume = 1, .speaker_mode = 1,
                          .options = UM_MDM_TONE_DIAL | UM_MDM_BLIND_DIAL };
    assert_int_equal(um_at_set_settings(f->at, 2000, &st), 0);
    expect_out(f, "AT&F\\r");
    for (int i = 0; i < 4; i++) feed(f, 2000, "OK\r");
    expect_out(f, "ATV1\\rATS7=30S30=0L2M1\\N0%C0&K0X3\\rAT+VCID=1\\rATS0=0\\r");
    feed(f, 2000, "OK\r");
    expect_ev(f, "done 0 open ok OK\n");
    /* The dial's timeout is the new S7 + 5 s. */
    assert_int_equal(um_at_dial(f->at, 3000, "123", 0), 2);
    expect_out(f, "ATDT123\\r");
    assert_int_equal(um_at_next_deadline(f->at), 3000 + 35000);
    feed(f, 4000, "CONNECT 2400\r");
    expect_ev(f, "done 2 dial ok CONNECT dce=2400\n");
    /* In a call: nothing is sent now; the hang-up's re-initialisation carries them. */
    st.call_setup_fail_s = 20;
    assert_int_equal(um_at_set_settings(f->at, 5000, &st), 0);
    expect_out(f, "");
    assert_int_equal(um_at_hangup(f->at, 6000, UM_AT_HANGUP_DTR_DROPPED), 3);
    expect_out(f, "ATH\\r");
    feed(f, 6100, "OK\r");
    expect_out(f, "AT&F\\r");
    for (int i = 0; i < 5; i++) feed(f, 6100, "OK\r");
    expect_out(f, "ATV1\\rATS7=20S30=0L2M1\\N0%C0&K0X3\\rAT+VCID=1\\rATS0=0\\r");
    assert_int_equal(um_at_set_settings(f->at, 7000, NULL), UM_AT_E_INVAL);
    fx_free(f);
}

static void test_partial_dialling(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    /* No number: off hook to dial tone, in command state (TSPI_lineMakeCall, NULL). */
    assert_int_equal(um_at_dial(f->at, 2000, NULL, 0), 2);
    expect_out(f, "ATDT;\\r");
    feed(f, 2100, "OK\r");
    expect_ev(f, "done 2 dial ok OK\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_OFFHOOK);
    /* lineDial with ';': more digits, still in command state. */
    assert_int_equal(um_at_dial(f->at, 3000, "9,;", 0), 3);
    expect_out(f, "ATDT9,;\\r");
    feed(f, 3100, "OK\r");
    expect_ev(f, "done 3 dial ok OK\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_OFFHOOK);
    assert_int_equal(um_at_answer(f->at, 3200, 0), UM_AT_E_STATE);
    /* An empty lineDial completes the call. */
    assert_int_equal(um_at_dial(f->at, 4000, "", 0), 4);
    expect_out(f, "ATDT\\r");
    feed(f, 5000, "CONNECT 2400\r");
    expect_ev(f, "done 4 dial ok CONNECT dce=2400\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_DATA);
    fx_free(f);
}

static void test_long_number(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    const char *num = "0123456789012345678901234567890123456789";   /* 40 */
    assert_int_equal(um_at_dial(f->at, 2000, num, 0), 2);
    /* V.250 5.2.1: 32 characters, DialSuffix, then the rest once the modem said OK. */
    expect_out(f, "ATDT01234567890123456789012345678901;\\r");
    tick(f, 2500);
    expect_out(f, "");
    feed(f, 3000, "OK\r");
    expect_out(f, "ATDT23456789\\r");
    expect_ev(f, "");
    feed(f, 9000, "CONNECT\r");
    expect_ev(f, "done 2 dial ok CONNECT\n");
    fx_free(f);
}

/* ---- hanging up ------------------------------------------------------------------- */

static fx *connected(void)
{
    fx *f = fx_new();
    opened(f);
    assert_int_equal(um_at_dial(f->at, 2000, "123", 0), 2);
    feed(f, 3000, "\r\nCONNECT 9600\r\n");
    f->out_len = f->ev_len = 0;
    f->out[0] = f->ev[0] = '\0';
    return f;
}

static void test_hangup_escape(void **state)
{
    (void)state;
    fx *f = connected();
    assert_int_equal(um_at_hangup(f->at, 10000, 0), 3);
    /* Guard time (S12: 1 s) before "+++": nothing yet, data still arrives. */
    expect_out(f, "");
    assert_int_equal(um_at_next_deadline(f->at), 11000);
    feed(f, 10500, "abc");
    expect_ev(f, "data 'abc'\n");
    tick(f, 10999);
    expect_out(f, "");
    tick(f, 11000);
    expect_out(f, "+++");
    assert_int_equal(um_at_next_deadline(f->at), 11000 + 1000 + 5000);
    feed(f, 12000, "\r\nOK\r\n");
    expect_ev(f, "data '\\r\\nOK\\r'\n");
    expect_out(f, "ATH\\r");
    feed(f, 12100, "OK\r");
    expect_ev(f, "done 3 hangup ok OK\n");
    expect_out(f, "AT&F\\r");
    /* A second hang-up while one is queued is the same operation. */
    fx *g = connected();
    assert_int_equal(um_at_hangup(g->at, 10000, 0), 3);
    assert_int_equal(um_at_hangup(g->at, 10001, 0), 3);
    /* The far end goes first: no escape needed, no "disconnected" either. */
    feed(g, 10500, "\r\nNO CARRIER\r\n");
    expect_ev(g, "data '\\r\\nNO CARRIER\\r'\n");
    expect_out(g, "ATH\\r");
    feed(g, 10600, "OK\r");
    expect_ev(g, "done 3 hangup ok OK\n");
    fx_free(g);
    fx_free(f);
}

static void test_hangup_escape_timeout(void **state)
{
    (void)state;
    fx *f = connected();
    assert_int_equal(um_at_hangup(f->at, 10000, 0), 3);
    tick(f, 11000);
    expect_out(f, "+++");
    feed(f, 12000, "still data\r\n");
    tick(f, 16999);
    expect_ev(f, "data 'still data\\r\\n'\n");
    tick(f, 17000);
    /* The modem never left data state: the caller must drop DTR. */
    expect_ev(f, "done 3 hangup timeout -\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_IDLE);
    fx_free(f);
}

static void test_hangup_dtr_dropped(void **state)
{
    (void)state;
    fx *f = connected();
    assert_int_equal(um_at_hangup(f->at, 10000, UM_AT_HANGUP_DTR_DROPPED), 3);
    expect_out(f, "ATH\\r");
    /* The NO CARRIER the DTR drop caused is not H's answer (V.250 6.3.6): OK is. */
    feed(f, 10100, "\r\nNO CARRIER\r\n");
    expect_ev(f, "");
    feed(f, 10200, "\r\nOK\r\n");
    expect_ev(f, "done 3 hangup ok OK\n");
    expect_out(f, "AT&F\\r");
    fx_free(f);
}

static void test_hangup_during_dial(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    assert_int_equal(um_at_dial(f->at, 2000, "123", 0), 2);
    expect_out(f, "ATDT123\\r");
    assert_int_equal(um_at_hangup(f->at, 3000, 0), 3);
    /* V.250 5.6.1: one character aborts the dial. */
    expect_out(f, "\\r");
    assert_int_equal(um_at_next_deadline(f->at), 8000);
    feed(f, 3100, "\r\nNO CARRIER\r\n");
    expect_ev(f, "done 2 dial cancelled NOCARRIER\n");
    expect_out(f, "ATH\\r");
    feed(f, 3200, "OK\r");
    expect_ev(f, "done 3 hangup ok OK\n");
    expect_out(f, "AT&F\\r");
    fx_free(f);

    /* The call connected just as the abort went out: escape, then hang up. */
    f = fx_new();
    opened(f);
    assert_int_equal(um_at_dial(f->at, 2000, "123", 0), 2);
    assert_int_equal(um_at_hangup(f->at, 3000, 0), 3);
    feed(f, 3100, "\r\nCONNECT 9600\r\n");
    expect_ev(f, "done 2 dial cancelled CONNECT dce=9600\n");
    expect_out(f, "ATDT123\\r\\r");
    tick(f, 4100);
    expect_out(f, "+++");
    fx_free(f);

    /* Queued operations that had not started are cancelled. */
    f = fx_new();
    assert_int_equal(um_at_open(f->at, 1000, NULL, 0), 1);
    assert_int_equal(um_at_dial(f->at, 1000, "1", 0), 2);
    assert_int_equal(um_at_dial(f->at, 1000, "2", 0), 3);
    assert_int_equal(um_at_dial(f->at, 1000, "3", 0), 4);
    assert_int_equal(um_at_dial(f->at, 1000, "4", 0), UM_AT_E_BUSY);
    assert_int_equal(um_at_hangup(f->at, 1000, 0), 5);
    expect_ev(f, "done 2 dial cancelled -\ndone 3 dial cancelled -\ndone 4 dial cancelled -\n");
    for (int i = 0; i < 3; i++) feed(f, 1100, "OK\r");
    expect_ev(f, "done 1 open ok OK\n");
    expect_out(f, "AT&F\\rATV1\\rATS7=60S30=0L0M1\\N3%C1&K3X4\\rATH\\r");
    fx_free(f);
}

static void test_close(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    assert_int_equal(um_at_close(f->at, 2000), 0);
    expect_out(f, "");
    fx_free(f);
    /* Closing during a call hangs up, and no re-initialisation follows. */
    f = connected();
    assert_int_equal(um_at_close(f->at, 5000), 3);
    tick(f, 6000);
    feed(f, 6100, "OK\r");
    feed(f, 6200, "OK\r");
    expect_out(f, "+++ATH\\r");
    expect_ev(f, "data 'OK\\r'\ndone 3 hangup ok OK\n");
    assert_int_equal(um_at_next_deadline(f->at), UINT64_MAX);
    fx_free(f);
}

/* ---- incoming calls ---------------------------------------------------------------- */

static void test_incoming_call(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    feed(f, 10000, "\r\nRING\r\n");
    expect_ev(f, "ring 1\n");
    assert_int_equal(um_at_next_deadline(f->at), 18000);
    /* Caller ID between the first and second ring, with the spaces Rockwell puts. */
    feed(f, 10500, "\r\nDATE = 0321\r\n\r\nTIME = 1405\r\n\r\nNMBR = 5551212\r\n\r\nNAME = JOHN Q PUBLIC\r\n");
    expect_ev(f, "cid date=0321\n"
                 "cid date=0321 time=1405\n"
                 "cid date=0321 time=1405 nmbr=5551212\n"
                 "cid date=0321 time=1405 nmbr=5551212 name=JOHN Q PUBLIC\n");
    feed(f, 16000, "\r\nRING\r\n");
    expect_ev(f, "ring 2 date=0321 time=1405 nmbr=5551212 name=JOHN Q PUBLIC\n");
    assert_int_equal(um_at_rings(f->at), 2);
    assert_string_equal(um_at_callerid(f->at)->number, "5551212");
    assert_int_equal(um_at_answer(f->at, 16100, 0), 2);
    expect_out(f, "ATA\\r");
    assert_int_equal(um_at_rings(f->at), 0);
    assert_int_equal(um_at_next_deadline(f->at), 16100 + 65000);
    feed(f, 20000, "\r\nRING\r\n\r\nCONNECT 33600/ARQ\r\n");
    expect_ev(f, "done 2 answer ok CONNECT dce=33600 ec\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_DATA);
    fx_free(f);
}

static void test_callerid_forms(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    /* Before the first ring, without spaces; P and O: private, out of area. */
    feed(f, 10000, "NMBR=P\r\nNAME=O\r\n");
    expect_ev(f, "cid nmbr= nmbr-private\ncid nmbr= name= nmbr-private name-out-of-area\n");
    feed(f, 11000, "RING\r");
    expect_ev(f, "ring 1 nmbr= name= nmbr-private name-out-of-area\n");
    feed(f, 12000, "MESG = 060342\r");
    expect_ev(f, "cid nmbr= name= mesg=060342 nmbr-private name-out-of-area\n");
    /* The caller gives up: 8 s after the last ring or caller ID line. */
    tick(f, 19999);
    expect_ev(f, "");
    tick(f, 20000);
    expect_ev(f, "ring-stopped\n");
    assert_int_equal(um_at_rings(f->at), 0);
    assert_int_equal(um_at_callerid(f->at)->flags, 0);
    /* A new call counts from 1 again; distinctive rings count; a long field is cut. */
    feed(f, 30000, "RING1\r");
    feed(f, 31000, "NMBR = O\rNAME = 0123456789012345678901234567890123456789012345678901234567890123456789\r");
    feed(f, 32000, "RING\r");
    expect_ev(f, "ring 1\ncid nmbr= nmbr-out-of-area\n"
                 "cid nmbr= name=0123456789012345678901234567890123456789012345678901234567890123 nmbr-out-of-area\n"
                 "ring 2 nmbr= name=0123456789012345678901234567890123456789012345678901234567890123 nmbr-out-of-area\n");
    /* Caller ID without any ring is forgotten silently. */
    tick(f, 50000);
    expect_ev(f, "ring-stopped\n");
    feed(f, 60000, "NMBR = 1\r");
    tick(f, 68000);
    expect_ev(f, "cid nmbr=1\n");
    assert_int_equal(um_at_callerid(f->at)->flags, 0);
    fx_free(f);
}

static void test_reentrant_answer(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    f->on_ring_answer = 2;
    feed(f, 10000, "RING\r");
    feed(f, 16000, "RING\rRING\r");
    /* Answered from inside the second ring's callback; the third ring is no ring now. */
    assert_int_equal(f->reentrant_result, UM_AT_E_REENTRANT);
    expect_ev(f, "ring 1\nring 2\n");
    expect_out(f, "ATA\\r");
    /* A dial from inside an OP_DONE callback runs after the engine's recovery. */
    fx *g = fx_new();
    opened(g);
    g->on_done_dial = 2;
    assert_int_equal(um_at_dial(g->at, 2000, "555", 0), 2);
    feed(g, 3000, "BUSY\r");
    expect_ev(g, "done 2 dial failed BUSY\n");
    expect_out(g, "ATDT555\\rATH\\r");
    feed(g, 3100, "OK\r");
    for (int i = 0; i < 5; i++) feed(g, 3200, "OK\r");
    expect_ev(g, "done 0 hangup ok OK\ndone 0 open ok OK\n");
    expect_out(g, "AT&F\\rATV1\\rATS7=60S30=0L0M1\\N3%C1&K3X4\\rAT+VCID=1\\rATS0=0\\rATDT123\\r");
    fx_free(g);
    fx_free(f);
}

/* ---- raw commands ------------------------------------------------------------------ */

static void test_raw_command(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    assert_int_equal(um_at_command(f->at, 2000, "ATI3", 0), 2);
    expect_out(f, "ATI3\\r");
    feed(f, 2100, "ATI3\r\r\nU.S. Robotics 56K FAX USB V1.2.23\r\n\r\nOK\r\n");
    expect_ev(f, "info 'U.S. Robotics 56K FAX USB V1.2.23'\ndone 2 command ok OK\n");
    assert_int_equal(um_at_command(f->at, 3000, "AT+FOO", 0), 3);
    feed(f, 3100, "ERROR\r");
    expect_ev(f, "done 3 command failed ERROR\n");
    expect_out(f, "AT+FOO\\r");
    /* A command that times out while idle makes the engine re-initialise. */
    assert_int_equal(um_at_command(f->at, 4000, "ATI7", 250), 4);
    tick(f, 4250);
    expect_ev(f, "done 4 command timeout -\n");
    expect_out(f, "ATI7\\rAT&F\\r");
    assert_int_equal(um_at_command(f->at, 5000, "AT\rZ", 0), UM_AT_E_INVAL);
    char big[UM_AT_LINE_MAX + 2];
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(um_at_command(f->at, 5000, big, 0), UM_AT_E_TOOLONG);
    assert_int_equal(um_at_command(f->at, 5000, NULL, 0), UM_AT_E_INVAL);
    fx_free(f);
}

/* ---- voice (V.253) --------------------------------------------------------------- */

static void test_voice_call(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    feed(f, 10000, "RING\r");
    assert_int_equal(um_at_answer(f->at, 10100, UM_AT_VOICE), 2);
    expect_out(f, "AT+FCLASS=8\\r");
    feed(f, 10200, "OK\r");
    expect_out(f, "AT+VLS=1\\r");
    feed(f, 10300, "\r\nVCON\r\n");
    expect_ev(f, "ring 1\ndone 2 answer ok OK\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_VOICE);
    /* <DLE> shielded events (V.253 7.1.1), <DLE><DLE> (a literal DLE) ignored. */
    feed(f, 11000, "\x10" "5\x10/\x10#\x10~\x10" "b\x10" "d\x10s\x10q\x10R\x10" "c\x10" "e\x10" "a\x10" "f\x10h\x10H"
                   "\x10l\x10L\x10o\x10u\x10T\x10z\x10\x10");
    expect_ev(f, "dle dtmf 5\ndle dtmf-start\ndle dtmf #\ndle dtmf-end\ndle busy\ndle dialtone\ndle silence\n"
                 "dle quiet\ndle ring\ndle fax-calling\ndle data-calling\ndle answer-tone\ndle bell-answer\n"
                 "dle on-hook\ndle off-hook\ndle loop-break\ndle loop-reversal\ndle rx-overrun\ndle tx-underrun\n"
                 "dle timing-mark\ndle unknown z\n");
    /* +VTS, 16 digits per line. */
    assert_int_equal(um_at_generate_digits(f->at, 12000, "12#a"), 3);
    expect_out(f, "AT+VTS=1,2,#,A\\r");
    feed(f, 12100, "OK\r");
    expect_ev(f, "done 3 digits ok OK\n");
    assert_int_equal(um_at_generate_digits(f->at, 12200, "0123456789ABCD*#9"), 4);
    expect_out(f, "AT+VTS=0,1,2,3,4,5,6,7,8,9,A,B,C,D,*,#\\r");
    feed(f, 12300, "OK\r");
    expect_out(f, "AT+VTS=9\\r");
    feed(f, 12400, "OK\r");
    expect_ev(f, "done 4 digits ok OK\n");
    assert_int_equal(um_at_generate_digits(f->at, 12500, "12x"), UM_AT_E_INVAL);
    assert_int_equal(um_at_generate_digits(f->at, 12500, ""), UM_AT_E_INVAL);
    /* Voice receive: audio with <DLE><DLE> unshielded and events inside, <DLE><ETX> ends it. */
    assert_int_equal(um_at_command(f->at, 13000, "AT+VRX", 0), 5);
    expect_out(f, "AT+VRX\\r");
    feed(f, 13100, "\r\nCONNECT\r\nab\x10\x10" "cd\x10" "5ef");
    feed(f, 13200, "\x10");
    feed(f, 13300, "\x03\r\nOK\r\n");
    expect_ev(f, "done 5 command ok CONNECT\naudio 'ab'\naudio '\\x10'\naudio 'cd'\ndle dtmf 5\naudio 'ef'\n"
                 "dle end-of-data\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_VOICE);
    /* Hanging up a voice call needs no escape. */
    assert_int_equal(um_at_hangup(f->at, 14000, 0), 6);
    expect_out(f, "ATH\\r");
    fx_free(f);
}

static void test_voice_dial_and_modes(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    assert_int_equal(um_at_generate_digits(f->at, 2000, "1"), UM_AT_E_STATE);
    assert_int_equal(um_at_dial(f->at, 2000, "123", UM_AT_VOICE), 2);
    expect_out(f, "AT+FCLASS=8\\r");
    feed(f, 2100, "OK\r");
    expect_out(f, "ATDT123\\r");
    feed(f, 9000, "OK\r");
    expect_ev(f, "done 2 dial ok OK\n");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_VOICE);
    /* In voice mode a NO CARRIER on its own is the far end gone. */
    feed(f, 20000, "\x10l\r\nNO CARRIER\r\n");
    expect_ev(f, "dle loop-break\ndisconnected\n");
    expect_out(f, "ATH\\r");
    feed(f, 20100, "OK\r");
    expect_out(f, "AT&F\\r");
    /* After AT&F the class is data again: DLE is no longer special. */
    for (int i = 0; i < 5; i++) feed(f, 20200, "OK\r");
    f->ev_len = 0;
    f->ev[0] = '\0';
    feed(f, 21000, "\x10" "5\r");
    expect_ev(f, "info '5'\n");
    /* A modem that selects voice with the Rockwell #CLS=8 works the same. */
    assert_int_equal(um_at_command(f->at, 22000, "AT#CLS=8", 0), 3);
    feed(f, 22100, "OK\r\x10" "b");
    expect_ev(f, "done 3 command ok OK\ndle busy\n");
    fx_free(f);
}

static void test_voice_far_end_during_command(void **state)
{
    (void)state;
    fx *f = fx_new();
    opened(f);
    assert_int_equal(um_at_dial(f->at, 2000, "123", UM_AT_VOICE), 2);
    feed(f, 2100, "OK\rVCON\r");
    expect_ev(f, "done 2 dial ok OK\n");
    assert_int_equal(um_at_generate_digits(f->at, 3000, "1"), 3);
    /* The command's answer is NO CARRIER: the command failed and the call is over. */
    feed(f, 3100, "NO CARRIER\r");
    expect_ev(f, "done 3 digits failed NOCARRIER\ndisconnected\n");
    expect_out(f, "AT+FCLASS=8\\rATDT123\\rAT+VTS=1\\rATH\\r");
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_HANGUP);
    fx_free(f);
}

/* ---- numeric responses (V0) --------------------------------------------------------- */

static void test_numeric_mode(void **state)
{
    (void)state;
    fx *f = fx_new();
    assert_int_equal(um_at_open(f->at, 1000, NULL, UM_AT_OPEN_MONITOR), 1);
    for (int i = 0; i < 4; i++) feed(f, 1000, "0\r");
    expect_ev(f, "done 1 open ok OK\n");
    feed(f, 2000, "2\r");
    expect_ev(f, "ring 1\n");
    assert_int_equal(um_at_answer(f->at, 2100, 0), 2);
    feed(f, 3000, "1\rdata 3\r");
    expect_ev(f, "done 2 answer ok CONNECT\ndata 'data 3\\r'\n");
    assert_int_equal(um_at_hangup(f->at, 4000, 0), 3);
    tick(f, 5000);
    feed(f, 6000, "0\r");
    expect_ev(f, "data '0\\r'\n");
    expect_out(f, "AT&F\\rATV1\\rATS7=60S30=0L0M1\\N3%C1&K3X4\\rATS0=0\\rATA\\r+++ATH\\r");
    fx_free(f);
}

/* ---- hostile input ---------------------------------------------------------------- */

static void test_ten_megabyte_line(void **state)
{
    (void)state;
    fx *f = fx_new();
    assert_int_equal(um_at_open(f->at, 1000, NULL, 0), 1);
    size_t big = 10u << 20;
    uint8_t *junk = malloc(big);
    assert_non_null(junk);
    memset(junk, 'A', big);
    /* In one read and in 64 KiB reads: one error per overlong line, nothing kept. */
    feed_n(f, 1001, junk, big);
    for (size_t off = 0; off < big; off += 65536) feed_n(f, 1002, junk + off, 65536);
    expect_ev(f, "error line-too-long\n");
    feed(f, 1003, "\r\nOK\r\n");
    expect_out(f, "AT&F\\rATV1\\r");
    /* The line limit itself: UM_AT_LINE_MAX bytes pass, one more does not. */
    memset(junk, 'B', UM_AT_LINE_MAX);
    feed_n(f, 1004, junk, UM_AT_LINE_MAX);
    feed(f, 1005, "\r");
    feed_n(f, 1006, junk, UM_AT_LINE_MAX + 1);
    feed(f, 1007, "\rOK\r");
    char want[512];
    snprintf(want, sizeof want, "info '%.200s...(%d)'\nerror line-too-long\n", (const char *)junk, UM_AT_LINE_MAX);
    expect_ev(f, want);
    expect_out(f, "ATS7=60S30=0L0M1\\N3%C1&K3X4\\r");
    free(junk);
    fx_free(f);
}

static void test_binary_junk(void **state)
{
    (void)state;
    fx *f = fx_new();
    assert_int_equal(um_at_open(f->at, 1000, NULL, 0), 1);
    /* NUL and control bytes are dropped from lines: "O\0K" is OK, as padding. */
    feed_n(f, 1001, "\0\0O\0K\x07\r", 7);
    expect_out(f, "AT&F\\rATV1\\r");
    /* Unknown result codes are information, not results. */
    feed(f, 1002, "\r\nCONNECTED\r\n\r\nOK THEN\r\n\xff\xfe\x80\r\n");
    expect_ev(f, "info 'CONNECTED'\ninfo 'OK THEN'\ninfo '\\xFF\\xFE\\x80'\n");
    /* A megabyte of pseudo-random bytes, then the engine still works. */
    uint32_t x = 12345;
    uint8_t buf[4096];
    for (int n = 0; n < 256; n++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = (uint8_t)(x >> 16);
        }
        feed_n(f, 1003 + (uint64_t)n, buf, sizeof buf);
    }
    fprintf(stderr, "after 1 MiB of junk: %zu bytes of events, %zu written\n", f->ev_len, f->out_len);
    feed(f, 100000, "\r");   /* ends the junk's last partial line */
    f->ev_len = 0;
    f->ev[0] = '\0';
    f->out_len = 0;
    f->out[0] = '\0';
    int id = um_at_command(f->at, 100001, "AT", 0);
    assert_true(id > 0);
    feed(f, 100002, "\r\nOK\r\n");
    char want[64];
    snprintf(want, sizeof want, "done %d command ok OK\n", id);
    expect_ev(f, want);
    fx_free(f);
}

static void test_connect_split_everywhere(void **state)
{
    (void)state;
    static const char said[] = "\r\nCARRIER 28800\r\n\r\nCONNECT 28800/ARQ/V34/LAPM/V42BIS\r\nlogin: ";
    char reference[LOG_MAX];
    for (size_t cut = 0; cut <= sizeof said - 1; cut++) {
        fx *f = fx_new();
        opened(f);
        assert_int_equal(um_at_dial(f->at, 2000, "123", 0), 2);
        feed_n(f, 3000, said, cut);
        feed_n(f, 3001, said + cut, sizeof said - 1 - cut);
        /* The data may come in two pieces; the rest must be identical. */
        assert_int_equal(f->data_bytes, 7);
        char *d = strstr(f->ev, "data '");
        assert_non_null(d);
        *d = '\0';
        if (cut == 0) {
            strcpy(reference, f->ev);
            assert_string_equal(reference, "progress LOOP dce=28800\ndone 2 dial ok CONNECT dce=28800 ec comp\n");
        } else if (strcmp(reference, f->ev) != 0) {
            fprintf(stderr, "cut at %zu:\n%s\n", cut, f->ev);
            fail();
        }
        assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_DATA);
        fx_free(f);
    }
}

static void test_lots_of_data(void **state)
{
    (void)state;
    fx *f = connected();
    size_t big = 10u << 20;
    uint8_t *d = malloc(big);
    assert_non_null(d);
    for (size_t i = 0; i < big; i++) d[i] = (uint8_t)(i * 7);
    feed_n(f, 5000, d, big);
    assert_int_equal(f->data_bytes, big);
    assert_int_equal(um_at_get_mode(f->at), UM_AT_MODE_DATA);
    free(d);
    fx_free(f);
}

static void test_lifecycle(void **state)
{
    (void)state;
    um_profile *p = um_profile_new();
    um_at_config cfg = { .profile = p, .write = on_write, .event = on_event };
    assert_null(um_at_init(NULL, NULL));
    assert_null(um_at_init(NULL, &(um_at_config){ .profile = p, .write = on_write }));
    assert_null(um_at_init(NULL, &(um_at_config){ .write = on_write, .event = on_event }));
    fx f = { 0 };
    cfg.user = &f;
    um_at *at = um_at_init(NULL, &cfg);
    assert_non_null(at);
    f.at = at;
    /* Time never runs backwards inside the engine. */
    assert_int_equal(um_at_command(at, 5000, "AT", 100), 1);
    assert_int_equal(um_at_tick(at, 10), 0);
    assert_int_equal(um_at_next_deadline(at), 5100);
    assert_int_equal(um_at_release(at), 0);
    assert_true(um_at_init(at, &cfg) == at);   /* reused after release */
    assert_int_equal(um_at_next_deadline(at), UINT64_MAX);
    assert_int_equal(um_at_feed(at, 1, NULL, 1), UM_AT_E_INVAL);
    assert_int_equal(um_at_feed(at, 1, NULL, 0), 0);
    assert_int_equal(um_at_free(NULL), 0);
    assert_int_equal(um_at_free(at), 0);
    assert_string_equal(um_at_strerror(UM_AT_E_DIALQUIET), "the modem cannot wait for quiet answer (@)");
    assert_string_equal(um_at_strerror(-99), "unknown error");
    um_profile_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_echo_off),
        cmocka_unit_test(test_open_echo_on),
        cmocka_unit_test(test_settings_split),
        cmocka_unit_test(test_open_retries),
        cmocka_unit_test(test_dial_data_call),
        cmocka_unit_test(test_dial_failures),
        cmocka_unit_test(test_dial_timeout),
        cmocka_unit_test(test_dial_string_rules),
        cmocka_unit_test(test_pulse_and_blind),
        cmocka_unit_test(test_set_settings),
        cmocka_unit_test(test_partial_dialling),
        cmocka_unit_test(test_long_number),
        cmocka_unit_test(test_hangup_escape),
        cmocka_unit_test(test_hangup_escape_timeout),
        cmocka_unit_test(test_hangup_dtr_dropped),
        cmocka_unit_test(test_hangup_during_dial),
        cmocka_unit_test(test_close),
        cmocka_unit_test(test_incoming_call),
        cmocka_unit_test(test_callerid_forms),
        cmocka_unit_test(test_reentrant_answer),
        cmocka_unit_test(test_raw_command),
        cmocka_unit_test(test_voice_call),
        cmocka_unit_test(test_voice_dial_and_modes),
        cmocka_unit_test(test_voice_far_end_during_command),
        cmocka_unit_test(test_numeric_mode),
        cmocka_unit_test(test_ten_megabyte_line),
        cmocka_unit_test(test_binary_junk),
        cmocka_unit_test(test_connect_split_everywhere),
        cmocka_unit_test(test_lots_of_data),
        cmocka_unit_test(test_lifecycle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
