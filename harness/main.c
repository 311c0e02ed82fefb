/*
 * harness/main.c - tsp-harness: load a provider and drive it as TAPISRV does.
 *
 *   tsp-harness --provider PATH [--demo | --script FILE | --shell] [--exports] [--quiet]
 *               [--trace-json] [--trace FILE] [--ladder FILE.svg]
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
 * --shell    an interactive shell (harness/repl.h): script commands one line at a
 *            time, help, history, status, trace. The default when none of --demo,
 *            --script, --exports is given and stdin is a terminal (otherwise --demo).
 *            Reads piped commands without prompts.
 * --trace-json  the trace as JSON lines (trace.h) instead of text; on stdout the
 *            results and summary then go to stderr, so stdout is JSON lines only.
 * --trace FILE  the trace into FILE instead of stdout (reports still on stdout).
 * --ladder FILE.svg  every trace record also becomes an arrow of a message ladder
 *            (ladder.h), written when the harness stops, also after a failure.
 * --timeout  how long a request may take to complete (default 3000 ms).
 * --msp, --msp-config  where the MSP of a CLSID lives (harness/msphost.h), for
 *            providers that name one in TSPI_lineMSPIdentify.
 * --quiet    no trace; conformance reports and results are still printed.
 * Exit status 0 only when every step worked and no conformance rule was broken
 * (in a script: none that the script did not expect; in the shell: every command
 * worked, reports are shown as they come).
 *
 * Options are one table (options[] below): a new one is a row and a field of
 * struct args.
 */
#include <tspkit/tspkit.h>      /* first: it chooses the POSIX level (fileno, isatty) */
#include "ladder.h"
#include "lineapi.h"
#include "msphost.h"
#include "repl.h"
#include "script.h"
#include "tapisrv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#  include <io.h>
#  define stdin_is_tty() _isatty(_fileno(stdin))
#else
#  include <unistd.h>
#  define stdin_is_tty() isatty(fileno(stdin))
#endif

#define STEP_TIMEOUT_MS 3000

#define MSP_ARGS_MAX 16

typedef struct args {
    const char *provider, *script, *msp_config, *trace, *ladder;
    int demo, exports, quiet, shell, json;
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
    { "--shell", NULL, offsetof(args, shell), NULL, "interactive shell (the default on a terminal)" },
    { "--trace-json", NULL, offsetof(args, json), NULL, "the trace as JSON lines instead of text" },
    { "--trace", "FILE", offsetof(args, trace), NULL, "write the trace to FILE instead of stdout" },
    { "--ladder", "FILE.svg", offsetof(args, ladder), NULL, "draw the message ladder into FILE.svg" },
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

/* Where the trace goes. The sink runs on provider and dispatch threads: each record is
 * written with one stdio call, so lines stay whole. */
typedef struct sink {
    FILE *trace;            /* the trace (stdout or --trace FILE) */
    int json, quiet;
    hx_ladder *ladder;      /* --ladder, or NULL */
    hx_repl *repl;          /* the shell prints to the terminal itself */
} sink;

static FILE *msgs;          /* results and summary: stdout, or stderr when stdout is JSON */
static int failures;

/* The arrow's label: a return as "= value (function)", so the ladder dashes it;
 * otherwise the name with as many of the detail's leading items as fit on the arrow
 * ("TSPI_lineMakeCall(req 1, hdLine 0x..., ...)"). The whole detail is the tooltip. */
static void ladder_label(const hx_trace_rec *r, char *out, size_t len)
{
    const char *d = r->detail;
    size_t used, take = 0, n;
    if (r->kind == HX_TR_RETURN && d[0] == '=' && d[1] == ' ') {
        n = strcspn(d, ",");
        snprintf(out, len, "%.*s (%s)", (int)n, d, r->name);
        return;
    }
    if (r->kind == HX_TR_REPORT) {
        snprintf(out, len, "REPORT %s", r->name);
        return;
    }
    if (r->kind == HX_TR_NOTE) {
        /* "file:7: open 0 as A" -> "7: open 0 as A": the file is in the title. */
        const char *p = strstr(d, ": "), *q = p;
        while (q && q > d && q[-1] != ':') q--;
        if (p && q > d) snprintf(out, len, "%.*s: %s", (int)(p - q), q, p + 2);
        else snprintf(out, len, "%s: %s", r->name, d);
        return;
    }
    used = (size_t)snprintf(out, len, "%s", r->name);
    if (!*d || used + 8 > len) return;
    /* Whole items of the detail, while name(items, ...) fits in what the arrow shows. */
    while (d[take]) {
        n = take + strcspn(d + take, ",");
        if (used + 1 + n + (d[n] ? 6 : 1) > HX_LADDER_LABEL_SHOWN && take) break;
        if (used + 1 + n + 6 >= len) break;
        take = d[n] ? n + 2 : n;
        if (!d[n]) break;
    }
    if (take == 0) {
        snprintf(out + used, len - used, "(...)");
    } else if (!d[take]) {
        snprintf(out + used, len - used, "(%s)", d);
    } else {
        snprintf(out + used, len - used, "(%.*s...)", (int)take, d);
    }
}

static void trace_sink(void *user, const hx_trace_rec *r)
{
    sink *k = (sink *)user;
    char *line;
    if (k->ladder) {
        char label[HX_LADDER_LABEL_MAX];
        /* A script's (or the shell's) line is the application acting: its own lifeline. */
        int app = r->kind == HX_TR_NOTE && strcmp(r->name, "script") == 0;
        ladder_label(r, label, sizeof label);
        hx_ladder_add(k->ladder, r->t_us, app ? HX_LANE_APP : r->from, app ? HX_LANE_APP : r->to, label, r->detail);
    }
    if (k->repl) {
        hx_repl_trace(k->repl, r);
        if (k->trace == stdout) return;     /* the shell printed it, as its trace mode says */
    } else if (k->quiet && k->trace == stdout && r->kind != HX_TR_REPORT) {   /* --trace FILE wins */
        return;
    }
    if (!(line = (char *)malloc(HX_TRACE_LINE_MAX))) return;
    if (k->json) hx_trace_format_json(r, line, HX_TRACE_LINE_MAX);
    else hx_trace_format_text(r, line, HX_TRACE_LINE_MAX);
    fprintf(k->trace, "%s\n", line);
    /* A trace in a file leaves the reports on the screen too. */
    if (k->trace != stdout && r->kind == HX_TR_REPORT && !k->repl) {
        hx_trace_format_text(r, line, HX_TRACE_LINE_MAX);
        fprintf(msgs, "%s\n", line);
    }
    free(line);
}

static void check(int ok, const char *what)
{
    if (!ok) failures++;
    fprintf(msgs, "%s %s\n", ok ? "  ok  " : "  FAIL", what);
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
    fprintf(msgs, "exports: %lu TSPI/TUISPI functions exported\n", (unsigned long)n);
    if (!claims) {
        fprintf(msgs, "exports: module has no tspkit_provider_functions; nothing to compare\n");
        return n ? 0 : 1;
    }
    for (c = claims(); *c; c++, nclaims++) {
        for (k = 0; k < n && strcmp(exported[k], *c) != 0; k++) {}
        if (k == n) {
            fprintf(msgs, "exports: claimed but not exported (undecorated): %s\n", *c);
            bad++;
        }
    }
    for (i = 0; i < n; i++) {
        for (c = claims(); *c && strcmp(exported[i], *c) != 0; c++) {}
        if (!*c) {
            fprintf(msgs, "exports: exported but not implemented by the provider's table: %s\n", exported[i]);
            bad++;
        }
    }
    fprintf(msgs, "exports: %lu claimed, %lu exported, %d mismatches\n", (unsigned long)nclaims,
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
    fprintf(msgs, "  %s: LINECALLINFO origin 0x%lx, caller \"%s\", called \"%s\", used %lu of %lu\n", who,
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
        fprintf(msgs, "script %s: %lu commands passed\n", file, (unsigned long)hx_script_count(sc));
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

/* The shell on stdin; the number of commands that failed, or -1. */
static int run_shell(hx_srv *s, const hx_srv_config *cfg, sink *k, const args *a)
{
    int failed;
    hx_repl *r = hx_repl_new(s, stdout);
    if (!r) return -1;
    if (a->json && k->trace == stdout) hx_repl_set_trace(r, HX_REPL_TRACE_JSON);
    k->repl = r;
    failed = hx_repl_run(r, stdin, stdin_is_tty(), cfg);
    hx_repl_free(r);
    k->repl = NULL;
    if (failed > 0) fprintf(msgs, "shell: %d commands failed\n", failed);
    return failed;
}

static int write_ladder(hx_ladder *l, const char *file, const char *title)
{
    FILE *f = fopen(file, "wb");
    int e = f ? hx_ladder_write_svg(l, f, title) : -1;
    if (f && fclose(f) != 0 && e == 0) e = -1;
    if (e) {
        fprintf(stderr, "tsp-harness: %s: cannot write the ladder\n", file);
        return -1;
    }
    fprintf(msgs, "ladder: %s (%lu messages%s)\n", file, (unsigned long)hx_ladder_count(l),
            hx_ladder_dropped(l) ? ", some left out: too many" : "");
    return 0;
}

int main(int argc, char **argv)
{
    args a;
    int rc = 0;
    char err[256], title[512];
    const char *base;
    hx_module *m;
    hx_srv *s;
    hx_srv_config cfg;
    sink k;
    memset(&a, 0, sizeof a);
    memset(&k, 0, sizeof k);
    msgs = stdout;
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
    if (a.demo + !!a.script + a.shell > 1) {
        fprintf(stderr, "tsp-harness: --demo, --script and --shell each drive the provider; give one\n");
        return 2;
    }
    if (!a.demo && !a.exports && !a.script && !a.shell) {
        if (stdin_is_tty()) a.shell = 1;
        else a.demo = 1;
    }
    hx_srv_config_default(&cfg);
    if (a.timeout_ms) cfg.timeout_ms = a.timeout_ms;
    k.trace = stdout;
    k.json = a.json;
    k.quiet = a.quiet;
    if (a.trace && !(k.trace = fopen(a.trace, "w"))) {
        fprintf(stderr, "tsp-harness: %s: cannot write the trace\n", a.trace);
        return 2;
    }
    if (a.json && k.trace == stdout && !a.shell) msgs = stderr;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (a.ladder && !(k.ladder = hx_ladder_new())) {
        fprintf(stderr, "tsp-harness: out of memory\n");
        return 1;
    }
    m = hx_module_load(a.provider, err, sizeof err);
    if (!m) {
        fprintf(stderr, "tsp-harness: %s\n", err);
        rc = 1;
        goto out;
    }
    if (a.exports && check_exports(m)) rc = 1;
    if (a.demo || a.script || a.shell) {
        s = hx_srv_create(hx_module_tspi(m), NULL, NULL);
        if (!s) {
            rc = 1;
        } else if (register_msps(s, &a) != 0) {
            rc = 1;
            hx_srv_destroy(s);
        } else {
            size_t reports;
            hx_srv_set_trace(s, trace_sink, &k);
            if (a.demo) rc |= run_demo(s, &cfg) != 0;
            else if (a.script) rc |= run_script(s, &cfg, a.script) != 0;
            else rc |= run_shell(s, &cfg, &k, &a) != 0;
            hx_srv_stop(s);        /* when a step left it running; otherwise a no-op */
            reports = hx_srv_reports(s);
            fprintf(msgs, "conformance: %lu reports\n", (unsigned long)reports);
            /* A script fails by itself on reports it did not expect. */
            if (a.demo && reports) rc = 1;
            hx_srv_destroy(s);
        }
    }
    hx_module_unload(m);
    if (k.ladder && (a.demo || a.script || a.shell)) {
        /* Written whatever happened: after a failure the picture shows where. */
        base = strrchr(a.provider, '/');
        if (!base || strrchr(base, '\\')) base = strrchr(a.provider, '\\');
        base = base ? base + 1 : a.provider;
        snprintf(title, sizeof title, "%s: %s%s", base, a.demo ? "demo call" : a.script ? "script " : "shell",
                 a.script ? a.script : "");
        if (write_ladder(k.ladder, a.ladder, title) != 0) rc = 1;
    }
    fprintf(msgs, "tsp-harness: %s\n", rc ? "FAILED" : "passed");
out:
    if (k.trace != stdout) fclose(k.trace);
    hx_ladder_free(k.ladder);
    return rc;
}
