/*
 * harness/main.c - tsp-harness: load a provider and drive it as TAPISRV does.
 *
 *   tsp-harness --provider PATH [--demo] [--exports] [--script FILE] [--quiet]
 *
 * --exports  compares the module's export table with the TSPI functions the
 *            provider claims (tspkit_provider_functions, when it is a tspkit
 *            provider): every claimed function exported undecorated, nothing else.
 * --demo     negotiation, init, open two lines, call from the first line's
 *            address to the second's, answer, DTMF, check LINECALLINFO and
 *            LINECALLSTATUS, drop, close, shutdown. Needs a loopback-style provider
 *            whose line n has the address "10n".
 * --script   runs a scenario script (harness/script.h) and names the script line
 *            of the first failed request or unmet expectation.
 * Exit status 0 only when every step worked and no conformance rule was broken.
 */
#include "script.h"
#include "tapisrv.h"
#include <tspkit/tspkit.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP_TIMEOUT_MS 3000

static int quiet;
static int failures;

static void print_line(void *user, const char *line)
{
    (void)user;
    if (!quiet) printf("%s\n", line);
}

static void check(int ok, const char *what)
{
    if (!ok) failures++;
    printf("%s %s\n", ok ? "  ok  " : "  FAIL", what);
}

/* ---- export table against claims ---- */

static int check_exports(hx_module *m)
{
    typedef const char *const *(*claims_fn)(void);
    claims_fn claims = (claims_fn)(void (*)(void))hx_module_symbol(m, "tspkit_provider_functions");
    const char **exported;
    size_t n = hx_module_exports(m, &exported), i, k, nclaims = 0;
    const char *const *c;
    int bad = 0;
    printf("exports: %lu TSPI/TUISPI functions exported\n", (unsigned long)n);
    if (!claims) {
        printf("exports: module has no tspkit_provider_functions; nothing to compare\n");
        return n ? 0 : 1;
    }
    for (c = claims(); *c; c++, nclaims++) {
        for (k = 0; k < n && strcmp(exported[k], *c) != 0; k++) {}
        if (k == n) {
            printf("exports: claimed but not exported (undecorated): %s\n", *c);
            bad++;
        }
    }
    for (i = 0; i < n; i++) {
        for (c = claims(); *c && strcmp(exported[i], *c) != 0; c++) {}
        if (!*c) {
            printf("exports: exported but not implemented by the provider's table: %s\n", exported[i]);
            bad++;
        }
    }
    printf("exports: %lu claimed, %lu exported, %d mismatches\n", (unsigned long)nclaims,
           (unsigned long)n, bad);
    return bad;
}

/* ---- the demo call ---- */

static LONG async_call(hx_srv *s, DRV_REQUESTID id, LONG returned, const char *func)
{
    LONG r = hx_srv_async_result(s, id, returned, func, STEP_TIMEOUT_MS);
    hx_srv_log(s, "-> %s(request %lu) returned %ld, completed with %s", func, (unsigned long)id,
               (long)returned, hx_err_name(r));
    return r;
}

static void show_callinfo(hx_srv *s, const hx_tspi *t, hx_call *c, const char *who)
{
    unsigned char buf[2048];
    LPLINECALLINFO ci = (LPLINECALLINFO)buf;
    char caller[64] = "", called[64] = "";
    LONG r;
    memset(buf, 0, sizeof buf);
    ci->dwTotalSize = sizeof buf;
    r = t->TSPI_lineGetCallInfo(hx_call_hd(c), ci);
    if (r == 0 && ci->dwCallerIDSize)
        tspk_utf16_to_utf8((const WCHAR *)(buf + ci->dwCallerIDOffset), TSPK_NTS, caller,
                           sizeof caller, NULL, TSPK_UTF_REPLACE);
    if (r == 0 && ci->dwCalledIDSize)
        tspk_utf16_to_utf8((const WCHAR *)(buf + ci->dwCalledIDOffset), TSPK_NTS, called,
                           sizeof called, NULL, TSPK_UTF_REPLACE);
    hx_srv_log(s, "-> TSPI_lineGetCallInfo(%s) = %s: origin 0x%lx, caller \"%s\", called \"%s\", "
               "used %lu of %lu", who, hx_err_name(r), (unsigned long)ci->dwOrigin, caller, called,
               (unsigned long)ci->dwUsedSize, (unsigned long)ci->dwTotalSize);
    if (strcmp(who, "callee") == 0) check(r == 0 && strcmp(caller, "101") == 0,
                                          "callee sees caller ID 101 in LINECALLINFO");
}

static int run_demo(hx_srv *s, const hx_tspi *t)
{
    hx_line *a = NULL, *b = NULL;
    hx_call *out, *in;
    hx_event ev;
    DRV_REQUESTID id;
    LONG r;
    unsigned char buf[1024];
    LPLINEDEVCAPS dc = (LPLINEDEVCAPS)buf;
    LINECALLSTATUS small;

    check(hx_srv_start(s, 7, 0, 0x00010004, 0x00030001) == 0, "negotiate, enumerate, initialise");
    check(hx_srv_num_lines(s) >= 2, "provider has at least two lines");
    if (failures) return 1;

    /* Caps the way an application asks: first too small, then with dwNeededSize. */
    memset(buf, 0, sizeof buf);
    dc->dwTotalSize = sizeof(LINEDEVCAPS);
    r = t->TSPI_lineGetDevCaps(0, hx_srv_version(s), 0, dc);
    hx_srv_log(s, "-> TSPI_lineGetDevCaps(0, fixed size only) = %s, needed %lu, used %lu",
               hx_err_name(r), (unsigned long)dc->dwNeededSize, (unsigned long)dc->dwUsedSize);
    check(r == 0 && dc->dwNeededSize > dc->dwUsedSize, "LINEDEVCAPS too small: success with dwNeededSize");
    dc->dwTotalSize = sizeof buf;
    r = t->TSPI_lineGetDevCaps(0, hx_srv_version(s), 0, dc);
    check(r == 0 && dc->dwNeededSize == dc->dwUsedSize && dc->dwNumAddresses == 1,
          "LINEDEVCAPS complete with room");
    small.dwTotalSize = 8;

    check(hx_line_open(s, 0, &a) == 0 && hx_line_open(s, 1, &b) == 0, "open lines 0 and 1");
    if (failures) return 1;

    /* Line 0 calls line 1's address. */
    out = hx_call_new(a);
    id = hx_srv_request(s);
    r = t->TSPI_lineMakeCall(id, hx_line_hd(a), (HTAPICALL)out, hx_call_hd_slot(out),
                             TSPK_W("102"), 0, NULL);
    check(async_call(s, id, r, "TSPI_lineMakeCall") == 0, "lineMakeCall completes with success");
    check(hx_call_hd(out) != NULL, "hdCall written before TSPI_lineMakeCall returned");
    check(hx_srv_wait_event(s, LINE_NEWCALL, NULL, STEP_TIMEOUT_MS, &ev) == 0, "line 1 gets LINE_NEWCALL");
    in = ev.call;
    check(in && hx_srv_wait_call_state(s, in, LINECALLSTATE_OFFERING, STEP_TIMEOUT_MS) == 0,
          "incoming call OFFERING");
    check(hx_srv_wait_call_state(s, out, LINECALLSTATE_RINGBACK, STEP_TIMEOUT_MS) == 0,
          "outgoing call RINGBACK");
    if (!in) return 1;
    show_callinfo(s, t, in, "callee");

    id = hx_srv_request(s);
    r = t->TSPI_lineAnswer(id, hx_call_hd(in), NULL, 0);
    check(async_call(s, id, r, "TSPI_lineAnswer") == 0, "lineAnswer completes with success");
    check(hx_srv_wait_call_state(s, in, LINECALLSTATE_CONNECTED, STEP_TIMEOUT_MS) == 0 &&
          hx_srv_wait_call_state(s, out, LINECALLSTATE_CONNECTED, STEP_TIMEOUT_MS) == 0,
          "both ends CONNECTED");

    /* DTMF across the call. */
    r = t->TSPI_lineMonitorDigits(hx_call_hd(in), LINEDIGITMODE_DTMF);
    hx_srv_log(s, "-> TSPI_lineMonitorDigits(callee, DTMF) = %s", hx_err_name(r));
    r = t->TSPI_lineGenerateDigits(hx_call_hd(out), 42, LINEDIGITMODE_DTMF, TSPK_W("1#"), 0);
    hx_srv_log(s, "-> TSPI_lineGenerateDigits(caller, \"1#\") = %s", hx_err_name(r));
    check(r == 0 && hx_srv_wait_event(s, LINE_MONITORDIGITS, in, STEP_TIMEOUT_MS, &ev) == 0 &&
          ev.p1 == '1' && hx_srv_wait_event(s, LINE_MONITORDIGITS, in, STEP_TIMEOUT_MS, &ev) == 0 &&
          ev.p1 == '#', "DTMF 1# generated on one end is detected on the other");
    check(hx_srv_wait_event(s, LINE_GENERATE, out, STEP_TIMEOUT_MS, &ev) == 0 && ev.p2 == 42,
          "LINE_GENERATE reports the end-to-end ID");

    /* Hostile input: a stale call handle and a too small structure. */
    r = t->TSPI_lineGetCallStatus((HDRVCALL)(uintptr_t)0xdeadbeef, &small);
    check(r == (LONG)LINEERR_INVALCALLHANDLE, "forged hdCall -> LINEERR_INVALCALLHANDLE");
    r = t->TSPI_lineGetCallStatus(hx_call_hd(out), &small);
    check(r == (LONG)LINEERR_STRUCTURETOOSMALL, "LINECALLSTATUS below fixed size -> STRUCTURETOOSMALL");

    /* The caller hangs up. */
    id = hx_srv_request(s);
    r = t->TSPI_lineDrop(id, hx_call_hd(out), NULL, 0);
    check(async_call(s, id, r, "TSPI_lineDrop") == 0, "lineDrop completes with success");
    check(hx_srv_wait_call_state(s, out, LINECALLSTATE_IDLE, STEP_TIMEOUT_MS) == 0, "caller IDLE");
    check(hx_srv_wait_call_state(s, in, LINECALLSTATE_DISCONNECTED, STEP_TIMEOUT_MS) == 0,
          "callee DISCONNECTED");
    id = hx_srv_request(s);
    r = t->TSPI_lineDrop(id, hx_call_hd(in), NULL, 0);
    check(async_call(s, id, r, "TSPI_lineDrop") == 0 &&
          hx_srv_wait_call_state(s, in, LINECALLSTATE_IDLE, STEP_TIMEOUT_MS) == 0, "callee IDLE");
    check(t->TSPI_lineCloseCall(hx_call_hd(out)) == 0 && t->TSPI_lineCloseCall(hx_call_hd(in)) == 0,
          "lineCloseCall both");
    r = t->TSPI_lineGetCallStatus(hx_call_hd(in), &small);
    check(r == (LONG)LINEERR_INVALCALLHANDLE, "closed hdCall -> LINEERR_INVALCALLHANDLE");
    hx_call_forget(out);
    hx_call_forget(in);

    check(hx_line_close(a) == 0 && hx_line_close(b) == 0, "close both lines");
    check(hx_srv_stop(s) == 0, "provider shutdown");
    return failures;
}

/* ---- scenario scripts ---- */

#define SCRIPT_SIZE_MAX (1u << 20)

static int run_script(hx_srv *s, const hx_tspi *t, const char *file)
{
    char err[HX_SCRIPT_ERR_MAX];
    char *text = (char *)malloc(SCRIPT_SIZE_MAX + 1);
    FILE *f = fopen(file, "rb");
    size_t len = 0;
    hx_script *sc = NULL;
    int rc = 1;
    if (!f || !text) {
        fprintf(stderr, "tsp-harness: %s: cannot read\n", file);
    } else if ((len = fread(text, 1, SCRIPT_SIZE_MAX + 1, f)) > SCRIPT_SIZE_MAX) {
        fprintf(stderr, "tsp-harness: %s: larger than %u bytes\n", file, SCRIPT_SIZE_MAX);
    } else if (!(sc = hx_script_parse(text, len, file, err, sizeof err)) ||
               hx_script_run(sc, s, t, err, sizeof err) != 0) {
        fprintf(stderr, "tsp-harness: %s\n", err);
    } else {
        printf("script %s: %lu commands passed\n", file, (unsigned long)hx_script_count(sc));
        rc = 0;
    }
    hx_script_free(sc);
    if (f) fclose(f);
    free(text);
    return rc;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *script = NULL;
    int demo = 0, exports = 0, i, rc = 0;
    char err[256];
    hx_module *m;
    hx_srv *s;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--provider") == 0 && i + 1 < argc) path = argv[++i];
        else if (strcmp(argv[i], "--demo") == 0) demo = 1;
        else if (strcmp(argv[i], "--exports") == 0) exports = 1;
        else if (strcmp(argv[i], "--script") == 0 && i + 1 < argc) script = argv[++i];
        else if (strcmp(argv[i], "--quiet") == 0) quiet = 1;
        else {
            fprintf(stderr, "usage: tsp-harness --provider PATH [--demo] [--exports] [--script FILE] "
                            "[--quiet]\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "tsp-harness: --provider PATH is required\n");
        return 2;
    }
    if (demo && script) {
        fprintf(stderr, "tsp-harness: --demo and --script each drive the provider; give one\n");
        return 2;
    }
    if (!demo && !exports && !script) demo = 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    m = hx_module_load(path, err, sizeof err);
    if (!m) {
        fprintf(stderr, "tsp-harness: %s\n", err);
        return 1;
    }
    if (exports && check_exports(m)) rc = 1;
    if (demo || script) {
        s = hx_srv_create(m, print_line, NULL);
        if (!s) rc = 1;
        else if (demo ? run_demo(s, hx_module_tspi(m)) : run_script(s, hx_module_tspi(m), script)) rc = 1;
        if (s) {
            printf("conformance: %u violations\n", hx_srv_violations(s));
            if (hx_srv_violations(s)) rc = 1;
        }
        hx_srv_destroy(s);
    }
    hx_module_unload(m);
    printf("tsp-harness: %s\n", rc ? "FAILED" : "passed");
    return rc;
}
