/*
 * harness/main.c - tsp-harness: load a provider and drive it as TAPISRV does.
 *
 *   tsp-harness --provider PATH [--demo] [--exports] [--script FILE] [--quiet]
 *               [--timeout MS] [--msp CLSID=PATH]... [--msp-config FILE]
 *
 * --exports  compares the module's export table with the TSPI functions the
 *            provider claims (tspkit_provider_functions, when it is a tspkit
 *            provider): every claimed function exported undecorated, nothing else.
 * --demo     negotiation, init, open two lines, call from the first line's
 *            address to the second's, answer, DTMF, check LINECALLINFO and
 *            LINECALLSTATUS, drop, close, shutdown. Needs a loopback-style provider
 *            whose line n has the address "10n".
 * --script   runs a scenario script (harness/script.h) and names the script line
 *            of the first failed request, unmet expectation or unexpected report.
 * --timeout  how long a request may take to complete (default 3000 ms).
 * --msp, --msp-config  where the MSP of a CLSID lives (harness/msphost.h), for
 *            providers that name one in TSPI_lineMSPIdentify.
 * --quiet    no trace; conformance reports and results are still printed.
 * Exit status 0 only when every step worked and no conformance rule was broken
 * (in a script: none that the script did not expect).
 *
 * Options are one table (options[] below): a new one is a row and a field of
 * struct args.
 */
#include "lineapi.h"
#include "msphost.h"
#include "script.h"
#include "tapisrv.h"
#include <tspkit/tspkit.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP_TIMEOUT_MS 3000

#define MSP_ARGS_MAX 16

typedef struct args {
    const char *provider, *script, *msp_config;
    int demo, exports, quiet;
    unsigned timeout_ms;
    const char *msp[MSP_ARGS_MAX];
    int nmsp;
} args;

static int set_flag(args *a, int *field, const char *value) { (void)a; (void)value; *field = 1; return 0; }

static int set_timeout(args *a, const char *value)
{
    char *end;
    unsigned long v = strtoul(value, &end, 10);
    if (*end || !v || v > 600000) return -1;
    a->timeout_ms = (unsigned)v;
    return 0;
}

static int add_msp(args *a, const char *value)
{
    if (a->nmsp == MSP_ARGS_MAX) return -1;
    a->msp[a->nmsp++] = value;
    return 0;
}

typedef struct option {
    const char *name;
    const char *arg;                /* NULL: a flag */
    size_t field;                   /* offsetof(args, ...) for strings and flags */
    int (*parse)(args *a, const char *value);   /* NULL: store the string or set the flag */
    const char *help;
} option;

static const option options[] = {
    { "--provider", "PATH", offsetof(args, provider), NULL, "the provider module (.so, or .tsp on Windows)" },
    { "--demo", NULL, offsetof(args, demo), NULL, "drive a built-in loopback call (the default)" },
    { "--exports", NULL, offsetof(args, exports), NULL, "check the export table against the provider's claims" },
    { "--script", "FILE", offsetof(args, script), NULL, "run a scenario script (harness/script.h)" },
    { "--timeout", "MS", 0, set_timeout, "how long a request may take to complete (3000)" },
    { "--quiet", NULL, offsetof(args, quiet), NULL, "no trace; reports and results only" },
    { "--msp", "CLSID=PATH", 0, add_msp, "the MSP module for a CLSID (up to 16)" },
    { "--msp-config", "FILE", offsetof(args, msp_config), NULL, "MSP registry lines \"{CLSID} = path\"" },
};

static void usage(FILE *f)
{
    size_t i;
    fprintf(f, "usage: tsp-harness --provider PATH [options]\n");
    for (i = 0; i < sizeof options / sizeof options[0]; i++) {
        char left[48];
        snprintf(left, sizeof left, "%s%s%s", options[i].name, options[i].arg ? " " : "",
                 options[i].arg ? options[i].arg : "");
        fprintf(f, "  %-22s %s\n", left, options[i].help);
    }
}

static int parse_args(int argc, char **argv, args *a)
{
    int i;
    size_t k;
    for (i = 1; i < argc; i++) {
        const option *o = NULL;
        for (k = 0; k < sizeof options / sizeof options[0]; k++)
            if (strcmp(argv[i], options[k].name) == 0) o = &options[k];
        if (!o || (o->arg && i + 1 >= argc)) {
            fprintf(stderr, "tsp-harness: %s: %s\n", argv[i], o ? "missing argument" : "unknown option");
            return -1;
        }
        if (o->parse) {
            if (o->parse(a, argv[++i]) != 0) {
                fprintf(stderr, "tsp-harness: %s %s: bad value\n", o->name, argv[i]);
                return -1;
            }
        } else if (o->arg) {
            *(const char **)((char *)a + o->field) = argv[++i];
        } else {
            set_flag(a, (int *)((char *)a + o->field), NULL);
        }
    }
    return 0;
}

/* ---- output ---- */

static int quiet;
static int failures;

static void print_trace(void *user, const hx_trace_rec *r)
{
    char line[HX_TRACE_LINE_MAX];
    (void)user;
    if (quiet && r->kind != HX_TR_REPORT) return;
    hx_trace_format_text(r, line, sizeof line);
    printf("%s\n", line);
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

static void show_callinfo(hx_call *c, const char *who)
{
    unsigned char buf[2048];
    LPLINECALLINFO ci = (LPLINECALLINFO)buf;
    char caller[64] = "", called[64] = "";
    LONG r;
    memset(buf, 0, sizeof buf);
    r = hx_call_get_info(c, buf, sizeof buf);
    if (r == 0) {
        hx_struct_string(buf, sizeof buf, ci->dwCallerIDOffset, ci->dwCallerIDSize, caller, sizeof caller);
        hx_struct_string(buf, sizeof buf, ci->dwCalledIDOffset, ci->dwCalledIDSize, called, sizeof called);
    }
    printf("  %s: LINECALLINFO origin 0x%lx, caller \"%s\", called \"%s\", used %lu of %lu\n", who,
           (unsigned long)ci->dwOrigin, caller, called, (unsigned long)ci->dwUsedSize, (unsigned long)ci->dwTotalSize);
    if (strcmp(who, "callee") == 0) check(r == 0 && strcmp(caller, "101") == 0, "callee sees caller ID 101 in LINECALLINFO");
}

static int run_demo(hx_srv *s, const hx_srv_config *cfg)
{
    hx_line *a = NULL, *b = NULL;
    hx_call *out = NULL, *in;
    hx_msg m;
    LONG r;
    unsigned char buf[1024];
    LPLINEDEVCAPS dc = (LPLINEDEVCAPS)buf;
    LINECALLSTATUS cs;
    DWORD base = cfg->line_base;

    check(hx_srv_start(s, cfg) == 0, "negotiate, enumerate, initialise");
    check(hx_srv_num_lines(s) >= 2, "provider has at least two lines");
    if (failures) return 1;

    /* Caps the way an application asks: first too small, then with room. */
    r = hx_line_get_dev_caps(s, base, 0, buf, sizeof(LINEDEVCAPS));
    check(r == 0 && dc->dwNeededSize > dc->dwUsedSize, "LINEDEVCAPS too small: success with dwNeededSize");
    r = hx_line_get_dev_caps(s, base, 0, buf, sizeof buf);
    check(r == 0 && dc->dwNeededSize == dc->dwUsedSize && dc->dwNumAddresses == 1, "LINEDEVCAPS complete with room");

    check(hx_line_open(s, base, &a) == 0 && hx_line_open(s, base + 1, &b) == 0, "open lines 0 and 1");
    if (failures) return 1;

    /* Line 0 calls line 1's address. */
    r = hx_line_make_call(a, "102", 0, NULL, &out);
    check(hx_srv_wait_reply(s, r, STEP_TIMEOUT_MS) == 0, "lineMakeCall completes with success");
    check(hx_srv_wait_msg(s, LINE_NEWCALL, b, STEP_TIMEOUT_MS, &m) == 0, "line 1 gets LINE_NEWCALL");
    in = m.call;
    check(in && hx_srv_wait_call_state(s, in, LINECALLSTATE_OFFERING, STEP_TIMEOUT_MS) == 0, "incoming call OFFERING");
    check(out && hx_srv_wait_call_state(s, out, LINECALLSTATE_RINGBACK, STEP_TIMEOUT_MS) == 0, "outgoing call RINGBACK");
    if (!in || !out) return 1;
    show_callinfo(in, "callee");

    check(hx_srv_wait_reply(s, hx_call_answer(in, NULL, 0), STEP_TIMEOUT_MS) == 0, "lineAnswer completes with success");
    check(hx_srv_wait_call_state(s, in, LINECALLSTATE_CONNECTED, STEP_TIMEOUT_MS) == 0 &&
          hx_srv_wait_call_state(s, out, LINECALLSTATE_CONNECTED, STEP_TIMEOUT_MS) == 0, "both ends CONNECTED");

    /* DTMF across the call. */
    check(hx_call_monitor_digits(in, LINEDIGITMODE_DTMF) == 0, "lineMonitorDigits DTMF on the callee");
    r = hx_call_generate_digits(out, 42, LINEDIGITMODE_DTMF, "1#", 0);
    check(r == 0 && hx_srv_wait_msg(s, LINE_MONITORDIGITS, in, STEP_TIMEOUT_MS, &m) == 0 && m.p1 == '1' &&
          hx_srv_wait_msg(s, LINE_MONITORDIGITS, in, STEP_TIMEOUT_MS, &m) == 0 && m.p1 == '#',
          "DTMF 1# generated on one end is detected on the other");
    check(hx_srv_wait_msg(s, LINE_GENERATE, out, STEP_TIMEOUT_MS, &m) == 0 && m.p2 == 42,
          "LINE_GENERATE reports the end-to-end ID");

    /* A structure below its fixed size. */
    r = hx_call_get_status(out, &cs, 8);
    check(r == (LONG)LINEERR_STRUCTURETOOSMALL, "LINECALLSTATUS below fixed size -> STRUCTURETOOSMALL");
    memset(&cs, 0, sizeof cs);
    r = hx_call_get_status(out, &cs, sizeof cs);
    check(r == 0 && cs.dwCallState == LINECALLSTATE_CONNECTED, "LINECALLSTATUS says CONNECTED");

    /* The caller hangs up. */
    check(hx_srv_wait_reply(s, hx_call_drop(out, NULL, 0), STEP_TIMEOUT_MS) == 0, "lineDrop completes with success");
    check(hx_srv_wait_call_state(s, out, LINECALLSTATE_IDLE, STEP_TIMEOUT_MS) == 0, "caller IDLE");
    check(hx_srv_wait_call_state(s, in, LINECALLSTATE_DISCONNECTED, STEP_TIMEOUT_MS) == 0, "callee DISCONNECTED");
    check(hx_srv_wait_reply(s, hx_call_drop(in, NULL, 0), STEP_TIMEOUT_MS) == 0 &&
          hx_srv_wait_call_state(s, in, LINECALLSTATE_IDLE, STEP_TIMEOUT_MS) == 0, "callee IDLE");
    check(hx_call_close(out) == 0 && hx_call_close(in) == 0, "lineDeallocateCall both");
    check(hx_call_get_status(in, &cs, sizeof cs) == (LONG)LINEERR_INVALCALLHANDLE, "closed call -> LINEERR_INVALCALLHANDLE");

    check(hx_line_close(a) == 0 && hx_line_close(b) == 0, "close both lines");
    check(hx_srv_stop(s) == 0, "provider shutdown");
    return failures;
}

/* ---- scenario scripts ---- */

#define SCRIPT_SIZE_MAX (1u << 20)

static int run_script(hx_srv *s, const hx_srv_config *cfg, const char *file)
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
               hx_script_run(sc, s, cfg, err, sizeof err) != 0) {
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

static int register_msps(hx_srv *s, const args *a)
{
    char err[512];
    int i;
    for (i = 0; i < a->nmsp; i++) {
        if (hx_msphost_register_arg(hx_srv_msphost(s), a->msp[i], err, sizeof err) != 0) {
            fprintf(stderr, "tsp-harness: --msp %s: %s\n", a->msp[i], err);
            return -1;
        }
    }
    if (a->msp_config && hx_msphost_load_config(hx_srv_msphost(s), a->msp_config, err, sizeof err) != 0) {
        fprintf(stderr, "tsp-harness: %s\n", err);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    args a;
    int rc = 0;
    char err[256];
    hx_module *m;
    hx_srv *s;
    hx_srv_config cfg;
    memset(&a, 0, sizeof a);
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (parse_args(argc, argv, &a) != 0) {
        usage(stderr);
        return 2;
    }
    if (!a.provider) {
        fprintf(stderr, "tsp-harness: --provider PATH is required\n");
        usage(stderr);
        return 2;
    }
    if (a.demo && a.script) {
        fprintf(stderr, "tsp-harness: --demo and --script each drive the provider; give one\n");
        return 2;
    }
    if (!a.demo && !a.exports && !a.script) a.demo = 1;
    quiet = a.quiet;
    hx_srv_config_default(&cfg);
    if (a.timeout_ms) cfg.timeout_ms = a.timeout_ms;
    setvbuf(stdout, NULL, _IOLBF, 0);
    m = hx_module_load(a.provider, err, sizeof err);
    if (!m) {
        fprintf(stderr, "tsp-harness: %s\n", err);
        return 1;
    }
    if (a.exports && check_exports(m)) rc = 1;
    if (a.demo || a.script) {
        s = hx_srv_create(hx_module_tspi(m), NULL, NULL);
        if (!s) {
            rc = 1;
        } else if (register_msps(s, &a) != 0) {
            rc = 1;
            hx_srv_destroy(s);
        } else {
            size_t reports;
            hx_srv_set_trace(s, print_trace, NULL);
            if (a.demo ? run_demo(s, &cfg) : run_script(s, &cfg, a.script)) rc = 1;
            hx_srv_stop(s);        /* when a step left it running; otherwise a no-op */
            reports = hx_srv_reports(s);
            printf("conformance: %lu reports\n", (unsigned long)reports);
            /* A script fails by itself on reports it did not expect. */
            if (a.demo && reports) rc = 1;
            hx_srv_destroy(s);
        }
    }
    hx_module_unload(m);
    printf("tsp-harness: %s\n", rc ? "FAILED" : "passed");
    return rc;
}
