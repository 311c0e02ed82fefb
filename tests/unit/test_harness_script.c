/*
 * tests/unit/test_harness_script.c - scenario scripts: the parser against hostile
 * input (each error's exact text), and the executor driving the example provider.
 *
 * The executor tests load the loopback provider from $TSPKIT_TEST_PROVIDER, by
 * default build/asan/loopback.so (make test builds it and runs from the top folder).
 */
#include "script.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sys/socket.h>
#include <unistd.h>

static char err[HX_SCRIPT_ERR_MAX];

/* Parses text; returns the command count, or -1 with the message in err. */
static int parse_n(const char *text, size_t len)
{
    hx_script *sc;
    int n;
    err[0] = '\0';
    sc = hx_script_parse(text, len, "t.tsps", err, sizeof err);
    if (!sc) return -1;
    n = (int)hx_script_count(sc);
    hx_script_free(sc);
    return n;
}

static int parse(const char *text) { return parse_n(text, strlen(text)); }

static void assert_parses(const char *text, int want)
{
    int n = parse(text);
    if (n < 0) fprintf(stderr, "unexpected parse error: %s\n", err);
    assert_int_equal(n, want);
}

static void assert_parse_error(const char *text, const char *want)
{
    assert_int_equal(parse(text), -1);
    assert_string_equal(err, want);
}

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = malloc(1 << 16);
    assert_non_null(f);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

/* ---- parser ---- */

static void test_parse_full_language(void **state)
{
    (void)state;
    assert_parses("# every command\r\n"
                  "open 0 as A ; open 1 as B\r\n"
                  "makecall A \"102\" as C1   # quoted number\n"
                  "expect newcall B as C2 within 2s\n"
                  "expect callstate C2 OFFERING within 500ms\n"
                  "expect callstate C1 ringback within 60s\n"
                  "answer C2\n"
                  "monitor digits C2 dtmfend\n"
                  "send dtmf C1 \"1#;x\"\n"
                  "expect digits C2 1# within 1s\n"
                  "expect reply error LINEERR_INVALCALLSTATE\n"
                  "dial C1 123\n"
                  "sleep 0ms\n"
                  "drop C1 ; closecall C1 ; close A ; close B",
                  17);
}

static void test_parse_new_commands(void **state)
{
    (void)state;
    assert_parses("open 0 as A ; open 1 as B\n"
                  "makecall A 102 as C1 ; expect newcall B as C2 within 2s\n"
                  "accept C2\n"
                  "getcallinfo C2 expect caller \"101\"\n"
                  "getcallinfo C2 expect callername \"Loop back\"\n"
                  "getcallinfo C1 expect called 102 ; getcallinfo C1 expect connected \"\"\n"
                  "getcallstatus C2 expect accepted\n"
                  "expect report ASYNC_RETURN ; expect report completion_missing within 2s\n"
                  "phone open 0 as P ; phone display P \"hello world\" ; phone ring P 2 ; phone close P\n",
                  16);
    assert_parse_error("open 0 as A\nmakecall A 1 as C\ngetcallinfo C expect colour red",
                       "t.tsps:3: unknown field \"colour\" (caller, callername, called, calledname, connected or "
                       "connectedname)");
    assert_parse_error("expect report NO_SUCH_RULE", "t.tsps:1: unknown rule \"NO_SUCH_RULE\" (the names of checks.h)");
    assert_parse_error("expect report ASYNC_RETURN within", "t.tsps:1: missing argument TIME (expect report RULE within TIME)");
    assert_parse_error("expect report ASYNC_RETURN after 2s",
                       "t.tsps:1: expected \"within\", got \"after\" (expect report RULE within TIME)");
    assert_parse_error("phone", "t.tsps:1: phone: missing argument (one of: open, close, display, ring)");
    assert_parse_error("phone open 0 as P\nexpect callstate P idle within 1s", "t.tsps:2: \"P\" is a phone, not a call");
    assert_parse_error("phone close A", "t.tsps:1: unknown phone \"A\"");
    assert_parse_error("phone open 0 as P\nphone ring P loud", "t.tsps:2: bad number \"loud\" (0 to 4294967295)");
    /* A phone request takes the expected reply, as line requests do. */
    assert_parses("phone open 0 as P\nexpect reply error LINEERR_NOMEM\nphone display P x", 3);
}

/* The commands for modems: state modes, line device states, LINE_CLOSE, the data handle. */
static void test_parse_modem_commands(void **state)
{
    (void)state;
    assert_parses("open 0 as A ; open 1 as B\n"
                  "makecall A 102 as C\n"
                  "expect callstate C disconnected mode busy within 2s\n"
                  "expect callstate C DISCONNECTED mode NoAnswer within 2s\n"
                  "expect callstate C connected mode active within 2s\n"
                  "expect callstate C dialtone mode normal within 2s\n"
                  "expect callstate C busy mode station within 2s\n"
                  "expect callstate C offering mode inactive within 2s\n"
                  "expect linedevstate B ringing within 2s ; expect linedevstate B OUTOFSERVICE within 1s\n"
                  "expect lineclose A within 2s\n"
                  "getid C comm/datamodem\n"
                  "send data C \"hello; world\" ; send data C x ; send dtmf C 1\n"
                  "expect data C hello within 2s\n",
                  17);
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nexpect callstate C disconnected mode bored within 1s",
                       "t.tsps:3: unknown mode \"bored\" for call state DISCONNECTED");
    /* Modes belong to their state: "active" is a connected mode, not a disconnect mode. */
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nexpect callstate C disconnected mode active within 1s",
                       "t.tsps:3: unknown mode \"active\" for call state DISCONNECTED");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nexpect callstate C idle mode normal within 1s",
                       "t.tsps:3: call state IDLE has no mode to expect (disconnected, connected, dialtone, busy "
                       "or offering have)");
    /* Six words are the plain form's length: its error. */
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nexpect callstate C disconnected mode busy",
                       "t.tsps:3: expected \"within\", got \"mode\" (expect callstate CALL STATE within TIME)");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nexpect callstate C disconnected mode busy within",
                       "t.tsps:3: missing argument TIME (expect callstate CALL STATE mode STATEMODE within TIME)");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nexpect callstate C disconnected with busy within 1s",
                       "t.tsps:3: expected \"mode\", got \"with\" (expect callstate CALL STATE mode STATEMODE "
                       "within TIME)");
    assert_parse_error("open 0 as A\nexpect linedevstate A ring within 1s",
                       "t.tsps:2: unknown line device state \"ring\" (LINEDEVSTATE_ names: ringing, connected, ...)");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nexpect linedevstate C ringing within 1s",
                       "t.tsps:3: \"C\" is a call, not a line");
    assert_parse_error("open 0 as A\nexpect lineclose A", "t.tsps:2: missing argument within (expect lineclose LINE "
                                                          "within TIME)");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\ngetid C comm", "t.tsps:3: expected \"comm/datamodem\", got "
                                                                        "\"comm\" (getid CALL comm/datamodem)");
    assert_parse_error("open 0 as A\ngetid A comm/datamodem", "t.tsps:2: \"A\" is a line, not a call");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nsend data C \"\"", "t.tsps:3: empty TEXT");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nexpect data C \"\" within 1s", "t.tsps:3: empty TEXT");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nsend data C "
                       "0123456789012345678901234567890123456789012345678901234567890123",
                       "t.tsps:3: TEXT longer than 63 characters");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nsend fax C 1",
                       "t.tsps:3: unknown digit mode \"fax\" (pulse, dtmf or dtmfend)");
}

static void test_parse_example_scripts(void **state)
{
    size_t len;
    char *text = read_text("tests/scripts/loopback-call.tsps", &len);
    (void)state;
    assert_int_equal(parse_n(text, len), 25);
    free(text);
    text = read_text("tests/scripts/loopback-unanswered.tsps", &len);
    assert_int_equal(parse_n(text, len), 6);
    free(text);
}

static void test_parse_empty(void **state)
{
    (void)state;
    assert_parse_error("", "t.tsps: no commands");
    assert_parse_error("# only a comment\n\n   \t\n;;\n", "t.tsps: no commands");
}

static void test_parse_unknown_and_missing(void **state)
{
    (void)state;
    assert_parse_error("frobnicate A", "t.tsps:1: unknown command \"frobnicate\"");
    assert_parse_error("\nOPEN 0 as A", "t.tsps:2: unknown command \"OPEN\"");
    assert_parse_error("open 0 as", "t.tsps:1: missing argument NEWLINE (open DEVICE as NEWLINE)");
    assert_parse_error("open 0 to A", "t.tsps:1: expected \"as\", got \"to\" (open DEVICE as NEWLINE)");
    assert_parse_error("open 0 as A\nclose A A", "t.tsps:2: unexpected \"A\" (close LINE)");
    assert_parse_error("expect", "t.tsps:1: expect: missing argument (one of: newcall, callstate, linedevstate, "
                                 "lineclose, data, digits, reply, report)");
    assert_parse_error("expect miracle", "t.tsps:1: expect: unknown \"miracle\" "
                                         "(one of: newcall, callstate, linedevstate, lineclose, data, digits, reply, "
                                         "report)");
    assert_parse_error("open 0 as A\nexpect callstate A idle within 1s", "t.tsps:2: \"A\" is a line, not a call");
    assert_parse_error("close B", "t.tsps:1: unknown line \"B\"");
    assert_parse_error("drop C1", "t.tsps:1: unknown call \"C1\"");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nexpect callstate C talking within 1s",
                       "t.tsps:3: unknown call state \"talking\"");
    assert_parse_error("open 0 as A\nmakecall A 1 as C\nmonitor digits C mf",
                       "t.tsps:3: unknown digit mode \"mf\" (pulse, dtmf or dtmfend)");
    assert_parse_error("expect reply error LINEERR_BOGUS", "t.tsps:1: unknown error \"LINEERR_BOGUS\"");
    assert_parse_error("expect reply error LINEERR_?", "t.tsps:1: unknown error \"LINEERR_?\"");
    assert_parse_error("open 0 as A\nexpect reply error LINEERR_NOMEM\nclose A",
                       "t.tsps:2: expect reply is not followed by a request");
    assert_parse_error("expect reply error LINEERR_NOMEM\nexpect reply error LINEERR_NOMEM",
                       "t.tsps:2: a second expect reply before a request");
}

static void test_parse_names(void **state)
{
    (void)state;
    assert_parse_error("open 0 as A\nopen 1 as A", "t.tsps:2: name \"A\" is already used (line 1)");
    assert_parse_error("open 0 as A\nmakecall A 1 as A", "t.tsps:2: name \"A\" is already used (line 1)");
    assert_parse_error("open 0 as 9A", "t.tsps:1: bad name \"9A\" (a letter, then up to 14 letters, digits or _)");
    assert_parse_error("open 0 as A-B", "t.tsps:1: bad name \"A-B\" (a letter, then up to 14 letters, digits or _)");
    assert_parses("open 0 as A23456789012345", 1);
    assert_parse_error("open 0 as A234567890123456",
                       "t.tsps:1: bad name \"A234567890123456\" (a letter, then up to 14 letters, digits or _)");
}

static void test_parse_numbers_and_durations(void **state)
{
    (void)state;
    assert_parses("open 4294967295 as A", 1);
    assert_parse_error("open 4294967296 as A", "t.tsps:1: bad number \"4294967296\" (0 to 4294967295)");
    assert_parse_error("open 99999999999999999999999 as A",
                       "t.tsps:1: bad number \"99999999999999999999999\" (0 to 4294967295)");
    assert_parse_error("open -1 as A", "t.tsps:1: bad number \"-1\" (0 to 4294967295)");
    assert_parses("sleep 60s ; sleep 60000ms", 2);
    assert_parse_error("sleep 61s", "t.tsps:1: bad duration \"61s\" (e.g. 2s or 500ms, at most 60s)");
    assert_parse_error("sleep 60001ms", "t.tsps:1: bad duration \"60001ms\" (e.g. 2s or 500ms, at most 60s)");
    assert_parse_error("sleep 18446744073709551617s",
                       "t.tsps:1: bad duration \"18446744073709551617s\" (e.g. 2s or 500ms, at most 60s)");
    assert_parse_error("sleep 2", "t.tsps:1: bad duration \"2\" (e.g. 2s or 500ms, at most 60s)");
    assert_parse_error("sleep s", "t.tsps:1: bad duration \"s\" (e.g. 2s or 500ms, at most 60s)");
    assert_parse_error("sleep 2min", "t.tsps:1: bad duration \"2min\" (e.g. 2s or 500ms, at most 60s)");
}

static void test_parse_strings(void **state)
{
    (void)state;
    assert_parse_error("open 0 as A\nmakecall A \"102 as C", "t.tsps:2: unterminated quote");
    /* lineMakeCall's destination may be empty ("") or NULL (-); lineDial's may not. */
    assert_parses("open 0 as A\nmakecall A \"\" as C\nmakecall A - as D", 3);
    assert_parse_error("open 0 as A\nmakecall A \"\" as C\ndial C \"\"", "t.tsps:3: empty NUMBER");
    assert_parse_error("open 0 as A\nmakecall A 1234567890123456789012345678901234567890123456789012345678901234 "
                       "as C", "t.tsps:2: NUMBER longer than 63 characters");
    assert_parses("open 0 as A\nmakecall A 123456789012345678901234567890123456789012345678901234567890123 "
                           "as C", 2);
}

static void test_parse_binary_garbage(void **state)
{
    static const char nul[] = "open 0\0 as A";
    (void)state;
    assert_parse_error("open \x01 as A", "t.tsps:1: unexpected byte 0x01");
    assert_parse_error("open 0 as A\n\xff\xfe", "t.tsps:2: unexpected byte 0xff");
    assert_parse_error("open 0 as A\nmakecall A \"1\x7f\" as C", "t.tsps:2: unexpected byte 0x7f");
    assert_int_equal(parse_n(nul, sizeof nul - 1), -1);
    assert_string_equal(err, "t.tsps:1: unexpected byte 0x00");
    /* Anything goes in a comment. */
    assert_parses("sleep 1ms # \x01\xff\x7f", 1);
}

static void test_parse_limits(void **state)
{
    size_t big = 1u << 20, i;
    char *text = malloc(big + 1);
    (void)state;
    assert_non_null(text);
    /* A 1 MB line. */
    memset(text, 'a', big);
    text[big] = '\0';
    assert_int_equal(parse_n(text, big), -1);
    assert_string_equal(err, "t.tsps:1: line longer than 256 characters");
    /* Exactly at the cap is fine, one more is not. */
    memset(text, ' ', 256);
    memcpy(text, "sleep 1ms", 9);
    assert_int_equal(parse_n(text, 256), 1);
    assert_int_equal(parse_n(text, 257), -1);
    assert_string_equal(err, "t.tsps:1: line longer than 256 characters");
    /* 1024 commands are fine, the 1025th is not. */
    for (i = 0; i < 1025; i++) memcpy(text + i * 10, "sleep 1ms\n", 10);
    assert_int_equal(parse_n(text, 1024 * 10), 1024);
    assert_int_equal(parse_n(text, 1025 * 10), -1);
    assert_string_equal(err, "t.tsps:1025: more than 1024 commands");
    /* Ten words, then eleven. */
    assert_parse_error("a b c d e f g h i j k", "t.tsps:1: more than 10 words in one command");
    free(text);
}

static void test_parse_error_fits_small_buffer(void **state)
{
    char small[12];
    (void)state;
    memset(small, 'x', sizeof small);
    assert_null(hx_script_parse("frobnicate", 10, "t.tsps", small, sizeof small));
    assert_string_equal(small, "t.tsps:1: u");
}

/* ---- executor, against the example provider ---- */

static hx_module *module;

static int load_provider(void **state)
{
    const char *path = getenv("TSPKIT_TEST_PROVIDER");
    char why[256];
    (void)state;
    module = hx_module_load(path ? path : "build/asan/loopback.so", why, sizeof why);
    if (!module) fprintf(stderr, "cannot load the example provider: %s\n", why);
    return module ? 0 : -1;
}

static int unload_provider(void **state)
{
    (void)state;
    hx_module_unload(module);
    return 0;
}

/* TSPKIT_TEST_TRACE=1 shows the harness trace of each run. */
static void trace(void *user, const hx_trace_rec *r)
{
    char line[HX_TRACE_LINE_MAX];
    (void)user;
    hx_trace_format_text(r, line, sizeof line);
    fprintf(stderr, "%s\n", line);
}

/* Runs text (or the file at path) against the provider: 0, or -1 with err set;
 * *violations counts the conformance reports (expected or not). */
static int run_text(const char *name, const char *text, size_t len, unsigned *violations)
{
    hx_srv *s = hx_srv_create(hx_module_tspi(module), NULL, NULL);
    hx_script *sc = hx_script_parse(text, len, name, err, sizeof err);
    int rc;
    assert_non_null(s);
    if (getenv("TSPKIT_TEST_TRACE")) hx_srv_set_trace(s, trace, NULL);
    if (!sc) fprintf(stderr, "%s\n", err);
    assert_non_null(sc);
    rc = hx_script_run(sc, s, NULL, err, sizeof err);
    *violations = (unsigned)hx_srv_reports(s);
    hx_script_free(sc);
    hx_srv_destroy(s);
    return rc;
}

static int run_file(const char *path, unsigned *violations)
{
    size_t len;
    char *text = read_text(path, &len);
    int rc = run_text(path, text, len, violations);
    free(text);
    return rc;
}

static void test_run_loopback_call(void **state)
{
    unsigned v;
    (void)state;
    err[0] = '\0';
    if (run_file("tests/scripts/loopback-call.tsps", &v) != 0) fprintf(stderr, "%s\n", err);
    assert_string_equal(err, "");
    assert_int_equal(v, 0);
}

static void test_run_unanswered_fails(void **state)
{
    unsigned v;
    (void)state;
    assert_int_equal(run_file("tests/scripts/loopback-unanswered.tsps", &v), -1);
    assert_string_equal(err, "tests/scripts/loopback-unanswered.tsps:12: expect callstate IN connected "
                             "within 300ms: call IN is OFFERING after 300 ms");
    assert_int_equal(v, 0);
}

static void assert_run_error(const char *text, const char *want)
{
    unsigned v;
    assert_int_equal(run_text("t.tsps", text, strlen(text), &v), -1);
    assert_string_equal(err, want);
    assert_int_equal(v, 0);
}

static void test_run_failures(void **state)
{
    (void)state;
    assert_run_error("open 99 as A", "t.tsps:1: open 99 as A: opening device 99 failed with LINEERR_BADDEVICEID");
    assert_run_error("open 0 as A\nopen 1 as B\nexpect newcall B as C within 100ms",
                     "t.tsps:3: expect newcall B as C within 100ms: no LINE_NEWCALL on line B after 100 ms");
    assert_run_error("open 0 as A ; open 1 as B\n"
                     "makecall A 102 as OUT ; expect newcall B as IN within 2s\n"
                     "expect callstate IN offering within 2s ; expect callstate OUT ringback within 2s\n"
                     "expect reply error LINEERR_INVALCALLSTATE\n"
                     "drop OUT",
                     "t.tsps:5: drop OUT: TSPI_lineDrop completed with success, "
                     "expected LINEERR_INVALCALLSTATE");
    assert_run_error("open 0 as A ; open 1 as B\n"
                     "makecall A 102 as OUT ; expect newcall B as IN within 2s\n"
                     "expect callstate IN offering within 2s ; expect callstate OUT ringback within 2s\n"
                     "answer OUT",
                     "t.tsps:4: answer OUT: TSPI_lineAnswer failed with LINEERR_INVALCALLSTATE");
    assert_run_error("open 0 as A ; open 1 as B\n"
                     "makecall A 102 as OUT ; expect newcall B as IN within 2s\n"
                     "expect callstate IN offering within 2s ; answer IN\n"
                     "expect callstate OUT connected within 2s ; monitor digits IN dtmf\n"
                     "send dtmf OUT 12\n"
                     "expect digits IN 13 within 1s",
                     "t.tsps:6: expect digits IN 13 within 1s: call IN detected \"12\", expected \"13\"");
    assert_run_error("open 0 as A ; open 1 as B\n"
                     "makecall A 102 as OUT ; expect newcall B as IN within 2s\n"
                     "expect callstate IN offering within 2s ; answer IN\n"
                     "expect callstate OUT connected within 2s ; monitor digits IN dtmf\n"
                     "send dtmf OUT 1\n"
                     "expect digits IN 12 within 200ms",
                     "t.tsps:6: expect digits IN 12 within 200ms: call IN detected \"1\" after 200 ms");
    assert_run_error("open 0 as A\nmakecall A 102 as C\nexpect callstate C disconnected within 2s\n"
                     "closecall C\ndrop C",
                     "t.tsps:5: drop C: call C is not there (closed, or never made)");
    assert_run_error("open 0 as A\nclose A\nclose A", "t.tsps:3: close A: line A is not open");
}

/* The example provider with one fault injected: its TSPI_lineDrop returns 0 instead of
 * the request ID (the completion still comes, from the provider's worker). */
static hx_tspi faulty;
static LONG TSPIAPI drop_returns_zero(DRV_REQUESTID id, HDRVCALL hd, LPCSTR uui, DWORD size)
{
    LONG r = hx_module_tspi(module)->TSPI_lineDrop(id, hd, uui, size);
    return r == (LONG)id ? 0 : r;
}

static int run_faulty(const char *text, unsigned *violations)
{
    hx_srv *s;
    hx_script *sc = hx_script_parse(text, strlen(text), "t.tsps", err, sizeof err);
    int rc;
    faulty = *hx_module_tspi(module);
    faulty.TSPI_lineDrop = drop_returns_zero;
    s = hx_srv_create(&faulty, NULL, NULL);
    assert_non_null(s);
    if (!sc) fprintf(stderr, "%s\n", err);
    assert_non_null(sc);
    err[0] = '\0';
    rc = hx_script_run(sc, s, NULL, err, sizeof err);
    *violations = (unsigned)hx_srv_reports(s);
    printf("%s -> %d, %u reports: %s\n", text, rc, *violations, err);
    hx_script_free(sc);
    hx_srv_destroy(s);
    return rc;
}

#define CALL_UP "open 0 as A ; open 1 as B\n" \
                "makecall A 102 as OUT ; expect newcall B as IN within 2s\n" \
                "expect callstate OUT ringback within 2s\n"

static void test_run_reports(void **state)
{
    unsigned v;
    (void)state;
    /* Unexpected: the run fails, naming the line that was running. */
    assert_int_equal(run_faulty(CALL_UP "drop OUT\nexpect callstate OUT idle within 2s", &v), -1);
    assert_string_equal(err, "t.tsps:4: drop OUT: the provider broke a TAPI rule: CONFORMANCE ASYNC_RETURN in "
                             "TSPI_lineDrop: returned 0 for request 2");
    assert_int_equal(v, 1);
    /* Expected: claimed, the run passes. */
    assert_int_equal(run_faulty(CALL_UP "drop OUT\nexpect report ASYNC_RETURN\nexpect callstate OUT idle within 2s", &v), 0);
    assert_string_equal(err, "");
    assert_int_equal(v, 1);
    /* A report claimed once is not claimed twice. */
    assert_int_equal(run_faulty(CALL_UP "drop OUT\nexpect report async_return within 1s\nexpect report ASYNC_RETURN", &v), -1);
    assert_string_equal(err, "t.tsps:6: expect report ASYNC_RETURN: no ASYNC_RETURN report (1 reports so far)");
    /* Expected but absent. */
    assert_int_equal(run_faulty(CALL_UP "expect report COMPLETION_TWICE within 100ms", &v), -1);
    assert_string_equal(err, "t.tsps:4: expect report COMPLETION_TWICE within 100ms: no COMPLETION_TWICE report "
                             "(0 reports so far)");
    assert_int_equal(v, 0);
}

static void test_run_new_commands(void **state)
{
    (void)state;
    assert_run_error(CALL_UP "getcallinfo IN expect caller \"101\"\ngetcallinfo IN expect called \"102\"",
                     "t.tsps:5: getcallinfo IN expect called \"102\": call IN has called \"\", expected \"102\"");
    assert_run_error(CALL_UP "getcallinfo OUT expect called 102\ngetcallinfo OUT expect callername \"x\"",
                     "t.tsps:5: getcallinfo OUT expect callername \"x\": call OUT has callername \"\", expected \"x\"");
    assert_run_error(CALL_UP "getcallinfo IN expect callername Loopback\ngetcallstatus OUT expect ringback\n"
                             "getcallstatus IN expect connected",
                     "t.tsps:6: getcallstatus IN expect connected: call IN is OFFERING in LINECALLSTATUS, expected "
                     "CONNECTED");
    assert_run_error(CALL_UP "accept IN", "t.tsps:4: accept IN: TSPI_lineAccept failed with LINEERR_OPERATIONUNAVAIL");
    assert_run_error("phone open 0 as P", "t.tsps:1: phone open 0 as P: opening phone 0 failed with PHONEERR_BADDEVICEID");
}

static void test_run_modem_commands(void **state)
{
    unsigned v;
    (void)state;
    /* Loopback: line 0 (101) calling itself is BUSY, an unknown number BADADDRESS. */
    static const char good[] = "open 0 as A\nmakecall A 101 as C\n"
                               "expect callstate C disconnected mode busy within 2s\n"
                               "makecall A 999 as D\nexpect callstate D disconnected mode badaddress within 2s\n"
                               "drop C ; closecall C\nmakecall A 101 as E\n"
                               "expect callstate E disconnected mode busy within 2s\n";
    err[0] = '\0';
    assert_int_equal(run_text("t.tsps", good, sizeof good - 1, &v), 0);
    assert_string_equal(err, "");
    assert_run_error("open 0 as A\nmakecall A 999 as C\nexpect callstate C disconnected mode busy within 2s",
                     "t.tsps:3: expect callstate C disconnected mode busy within 2s: call C became DISCONNECTED "
                     "with mode BADADDRESS, expected BUSY");
    /* The call's DISCONNECTED was taken by the first expectation; a second one waits for another. */
    assert_run_error("open 0 as A\nmakecall A 999 as C\nexpect callstate C disconnected mode badaddress within 2s\n"
                     "expect callstate C disconnected mode badaddress within 100ms",
                     "t.tsps:4: expect callstate C disconnected mode badaddress within 100ms: no LINE_CALLSTATE "
                     "DISCONNECTED for call C after 100 ms (it is DISCONNECTED)");
    /* A closed call's states are not a new call's (hx_call objects are reused). */
    assert_run_error("open 0 as A ; open 1 as B\nmakecall A 999 as C\nexpect callstate C disconnected within 2s\n"
                     "drop C ; closecall C\nmakecall A 102 as D\n"
                     "expect callstate D disconnected mode badaddress within 200ms",
                     "t.tsps:6: expect callstate D disconnected mode badaddress within 200ms: no LINE_CALLSTATE "
                     "DISCONNECTED for call D after 200 ms (it is RINGBACK)");
    assert_run_error("open 0 as A\nexpect linedevstate A ringing within 100ms",
                     "t.tsps:2: expect linedevstate A ringing within 100ms: no LINE_LINEDEVSTATE RINGING on line A "
                     "after 100 ms");
    assert_run_error("open 0 as A\nexpect lineclose A within 100ms",
                     "t.tsps:2: expect lineclose A within 100ms: no LINE_CLOSE on line A after 100 ms");
    assert_run_error(CALL_UP "getid OUT comm/datamodem",
                     "t.tsps:4: getid OUT comm/datamodem: TSPI_lineGetID failed with LINEERR_INVALDEVICECLASS");
    assert_run_error(CALL_UP "send data OUT hello",
                     "t.tsps:4: send data OUT hello: call OUT has no data handle (getid OUT comm/datamodem first)");
    assert_run_error(CALL_UP "expect data OUT hello within 1s",
                     "t.tsps:4: expect data OUT hello within 1s: call OUT has no data handle (getid OUT "
                     "comm/datamodem first)");
}

/* TSPI_lineGetID of the example provider replaced by one that answers "comm/datamodem" as
 * a modem provider does, with a descriptor of a real socket pair, or with one defect. */
enum getid_defect { GETID_GOOD, GETID_ASCII, GETID_NO_NUL, GETID_TWO_STRINGS, GETID_NULL, GETID_SHORT, GETID_HUGE };
static enum getid_defect defect;
static int peer_fd = -1, our_fd = -1;

static LONG TSPIAPI fake_get_id(HDRVLINE hl, DWORD address, HDRVCALL hc, DWORD select, LPVARSTRING vs,
                                LPCWSTR cls, HANDLE process)
{
    static const char name[] = "COM7";
    unsigned char *p = (unsigned char *)vs + sizeof *vs;
    /* Only a layout the script accepts hands the handle over (a copy it closes). */
    HANDLE h = defect == GETID_NULL ? NULL : (HANDLE)(intptr_t)(defect == GETID_GOOD ? dup(our_fd) : our_fd);
    DWORD size = (DWORD)(sizeof h + sizeof name);
    (void)hl; (void)address; (void)hc; (void)select; (void)cls; (void)process;
    if (vs->dwTotalSize < sizeof *vs + size + 8) return LINEERR_STRUCTURETOOSMALL;
    memcpy(p, &h, sizeof h);
    memcpy(p + sizeof h, name, sizeof name);
    if (defect == GETID_NO_NUL) p[sizeof h + sizeof name - 1] = 'X';
    if (defect == GETID_TWO_STRINGS) p[sizeof h + 1] = '\0';
    if (defect == GETID_SHORT) size = sizeof h;
    vs->dwNeededSize = vs->dwUsedSize = (DWORD)sizeof *vs + size;
    if (defect == GETID_HUGE) vs->dwNeededSize = 1u << 20;
    vs->dwStringFormat = defect == GETID_ASCII ? STRINGFORMAT_ASCII : STRINGFORMAT_BINARY;
    vs->dwStringOffset = (DWORD)sizeof *vs;
    vs->dwStringSize = size;
    return 0;
}

static int run_data(const char *text, enum getid_defect d, unsigned *violations)
{
    hx_srv *s;
    hx_script *sc = hx_script_parse(text, strlen(text), "t.tsps", err, sizeof err);
    int fds[2], rc;
    defect = d;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    our_fd = fds[0];
    peer_fd = fds[1];
    faulty = *hx_module_tspi(module);
    faulty.TSPI_lineGetID = fake_get_id;
    s = hx_srv_create(&faulty, NULL, NULL);
    assert_non_null(s);
    if (!sc) fprintf(stderr, "%s\n", err);
    assert_non_null(sc);
    assert_int_equal(write(peer_fd, "from the modem", 14), 14);
    err[0] = '\0';
    rc = hx_script_run(sc, s, NULL, err, sizeof err);
    *violations = (unsigned)hx_srv_reports(s);
    printf("-> %d, %u reports: %s\n", rc, *violations, err);
    hx_script_free(sc);
    hx_srv_destroy(s);
    close(our_fd);
    return rc;
}

#define CONNECTED CALL_UP "answer IN ; expect callstate OUT connected within 2s\n"

static void test_run_data_handle(void **state)
{
    static const struct { enum getid_defect d; const char *want; } bad[] = {
        { GETID_ASCII, "dwStringFormat is 1, not STRINGFORMAT_BINARY" },
        { GETID_NO_NUL, "the device name after the HANDLE is not one NUL-terminated string of the 5 bytes left" },
        { GETID_TWO_STRINGS, "the device name after the HANDLE is not one NUL-terminated string of the 5 bytes left" },
        { GETID_NULL, "the handle is NULL (device \"COM7\")" },
        { GETID_HUGE, "the VARSTRING needs 1048576 bytes, more than 1024" },
    };
    char buf[64];
    unsigned v;
    size_t i;
    ssize_t n;
    (void)state;
    /* Both ways through the handle; what follows the expected text stays for the next expect. */
    assert_int_equal(run_data(CONNECTED "getid OUT comm/datamodem\nsend data OUT \"AT is over\"\n"
                              "expect data OUT from within 2s ; expect data OUT \" the modem\" within 2s\n", GETID_GOOD,
                              &v), 0);
    assert_string_equal(err, "");
    assert_int_equal(v, 0);
    n = read(peer_fd, buf, sizeof buf - 1);
    assert_int_equal(n, 10);
    buf[n] = '\0';
    printf("the peer read \"%s\"\n", buf);
    assert_string_equal(buf, "AT is over");
    /* The script closed its handle when it ended: the peer sees the end of the data. */
    assert_int_equal(read(peer_fd, buf, sizeof buf), 0);
    close(peer_fd);

    assert_int_equal(run_data(CONNECTED "getid OUT comm/datamodem\nexpect data OUT \"from a modem\" within 2s\n",
                              GETID_GOOD, &v), -1);
    assert_string_equal(err, "t.tsps:6: expect data OUT \"from a modem\" within 2s: call OUT received \"from the mod\", "
                             "expected \"from a modem\"");
    close(peer_fd);
    assert_int_equal(run_data(CONNECTED "getid OUT comm/datamodem\nexpect data OUT \"from the modem!\" within 200ms\n",
                              GETID_GOOD, &v), -1);
    assert_string_equal(err, "t.tsps:6: expect data OUT \"from the modem!\" within 200ms: call OUT received "
                             "\"from the modem\" after 200 ms, expected \"from the modem!\"");
    close(peer_fd);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char want[256];
        assert_int_equal(run_data(CONNECTED "getid OUT comm/datamodem\n", bad[i].d, &v), -1);
        snprintf(want, sizeof want, "t.tsps:5: getid OUT comm/datamodem: %s", bad[i].want);
        assert_string_equal(err, want);
        close(peer_fd);
    }
    /* Too short for a name: caught before the name is looked at. */
    assert_int_equal(run_data(CONNECTED "getid OUT comm/datamodem\n", GETID_SHORT, &v), -1);
    assert_true(strstr(err, "has no room for a HANDLE") != NULL);
    close(peer_fd);
}

static void test_run_expected_reply(void **state)
{
    static const char text[] = "open 0 as A ; open 1 as B\n"
                               "makecall A 102 as OUT ; expect newcall B as IN within 2s\n"
                               "expect callstate IN offering within 2s ; expect callstate OUT ringback within 2s\n"
                               "expect reply error LINEERR_INVALCALLSTATE\n"
                               "answer OUT\n"
                               "answer IN ; expect callstate OUT connected within 2s\n"
                               "drop OUT ; expect callstate IN disconnected within 2s\n";
    unsigned v;
    (void)state;
    err[0] = '\0';
    assert_int_equal(run_text("t.tsps", text, sizeof text - 1, &v), 0);
    assert_string_equal(err, "");
    assert_int_equal(v, 0);
}

int main(void)
{
    const struct CMUnitTest parser[] = {
        cmocka_unit_test(test_parse_full_language),
        cmocka_unit_test(test_parse_new_commands),
        cmocka_unit_test(test_parse_modem_commands),
        cmocka_unit_test(test_parse_example_scripts),
        cmocka_unit_test(test_parse_empty),
        cmocka_unit_test(test_parse_unknown_and_missing),
        cmocka_unit_test(test_parse_names),
        cmocka_unit_test(test_parse_numbers_and_durations),
        cmocka_unit_test(test_parse_strings),
        cmocka_unit_test(test_parse_binary_garbage),
        cmocka_unit_test(test_parse_limits),
        cmocka_unit_test(test_parse_error_fits_small_buffer),
    };
    const struct CMUnitTest executor[] = {
        cmocka_unit_test(test_run_loopback_call),
        cmocka_unit_test(test_run_unanswered_fails),
        cmocka_unit_test(test_run_failures),
        cmocka_unit_test(test_run_expected_reply),
        cmocka_unit_test(test_run_reports),
        cmocka_unit_test(test_run_new_commands),
        cmocka_unit_test(test_run_modem_commands),
        cmocka_unit_test(test_run_data_handle),
    };
    int failed = cmocka_run_group_tests_name("script parser", parser, NULL, NULL);
    return failed + cmocka_run_group_tests_name("script executor", executor, load_provider, unload_provider);
}
