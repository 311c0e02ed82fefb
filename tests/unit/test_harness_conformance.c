/*
 * tests/unit/test_harness_conformance.c - every conformance check of the emulated TAPISRV
 * (harness/checks.h) fires on a provider that breaks its rule, with the exact report, and
 * no other check fires.
 *
 * The providers are tests/providers/broken_NAME.c, each broken_base.h's correct provider
 * with one mistake, loaded from TEST_MODULE_DIR/providers/broken_NAME.so through
 * hx_module_load as tsp-harness loads them. Each is driven by its script
 * tests/scripts/broken/broken_NAME.tsps, the one the conformance lanes of tests/run.sh
 * run through tsp-harness natively and under Wine, or, where the script language has no
 * words for it (extension versions, MSP instances), by C steps here. Then:
 *  - the reports are exactly the one expected: its first line as written below ("%p"
 *    stands for a pointer's hex digits), its rule and reference lines the catalogue's;
 *  - the same scenario against broken_none (the base without a mistake) causes no
 *    report, and its script fails: the report is the mistake's, not the scenario's;
 *  - every rule of checks.h has a provider here, every broken_*.c and every script a
 *    scenario, and docs/conformance.md one row per rule that agrees with the catalogue.
 * Run from the top of the tree (make test does): scripts, sources and docs are read from
 * there.
 */
#include "checks.h"
#include "lineapi.h"
#include "module.h"
#include "msphost.h"
#include "script.h"
#include "tapisrv.h"
#include "../msps/echomsp.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#ifndef TEST_MODULE_DIR
#  define TEST_MODULE_DIR "build/asan"
#endif
#define SCRIPT_DIR "tests/scripts/broken"
#define PROVIDER_DIR "tests/providers"
#define DOC "docs/conformance.md"
#define WAIT_MS 3000u
#define TEXT_MAX (1u << 16)

/* ==== the C steps, for what scripts cannot say ==== */

static hx_line *open_line(hx_srv *s, DWORD device)
{
    hx_line *l = NULL;
    assert_int_equal(hx_line_open(s, device, &l), 0);
    return l;
}

/* The application offers extension versions 3.0 .. 4.0; the provider has 1.0 .. 2.0. */
static void steps_ext_range(hx_srv *s)
{
    DWORD ext = 0;
    LONG r = hx_line_negotiate_ext_version(s, 0, 0x00030000, 0x00040000, &ext);
    printf("lineNegotiateExtVersion(3.0 .. 4.0) = %s, 0x%08lx\n", hx_err_name(r), (unsigned long)ext);
}

/* 1.0 selected on the open line, then negotiation over 1.0 .. 2.0. */
static void steps_ext_selected(hx_srv *s)
{
    hx_line *l = open_line(s, 0);
    DWORD ext = 0;
    LONG r;
    assert_int_equal(hx_line_negotiate_ext_version(s, 0, 0x00010000, 0x00020000, &ext), 0);
    assert_int_equal(ext, 0x00020000);
    assert_int_equal(hx_line_select_ext_version(l, 0x00010000), 0);
    r = hx_line_negotiate_ext_version(s, 0, 0x00010000, 0x00020000, &ext);
    printf("lineNegotiateExtVersion(1.0 .. 2.0) with 1.0 selected = %s, 0x%08lx\n", hx_err_name(r),
           (unsigned long)ext);
    assert_int_equal(hx_line_select_ext_version(l, 0), 0);
    assert_int_equal(hx_line_close(l), 0);
}

/* With the echo MSP's instance open on the line, a call that connects. */
static void steps_msp(hx_srv *s)
{
    char arg[512], why[256];
    hx_line *l;
    hx_msp_line *ml = NULL;
    hx_call *c = NULL;
    hx_msp_stats st;
    snprintf(arg, sizeof arg, "%s=%s/msps/echomsp.so", ECHOMSP_CLSID_TEXT, TEST_MODULE_DIR);
    if (hx_msphost_register_arg(hx_srv_msphost(s), arg, why, sizeof why)) fprintf(stderr, "%s\n", why);
    l = open_line(s, 0);
    assert_int_equal(hx_line_open_msp(l, 0, &ml), 0);
    assert_int_equal(hx_srv_wait_reply(s, hx_line_make_call(l, "555", 0, NULL, &c), WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_call_state(s, c, LINECALLSTATE_CONNECTED, WAIT_MS), 0);
    assert_int_equal(hx_srv_wait_reply(s, hx_call_drop(c, NULL, 0), WAIT_MS), 0);
    assert_int_equal(hx_call_close(c), 0);
    assert_int_equal(hx_msp_line_close(ml), 0);
    assert_int_equal(hx_line_close(l), 0);
    hx_srv_msp_stats(s, &st);
    printf("MSP: %lu buffers to the MSP, %lu to the TSP, %lu dropped\n", st.to_msp, st.to_tsp, st.dropped);
}

/* ==== the scenarios ==== */

typedef struct scenario {
    const char *provider;           /* tests/providers/NAME.c, tests/scripts/broken/NAME.tsps */
    void (*steps)(hx_srv *s);       /* NULL: its script */
    hx_check_id rule;
    const char *report;             /* the report's first line; "%p": a pointer's hex digits */
} scenario;

static const scenario scenarios[] = {
    { "broken_async_return0", NULL, HX_CHK_ASYNC_RETURN,
      "CONFORMANCE ASYNC_RETURN in TSPI_lineDrop: returned 0 for request 2" },
    { "broken_async_return_other", NULL, HX_CHK_ASYNC_RETURN,
      "CONFORMANCE ASYNC_RETURN in TSPI_lineDrop: returned 1 for request 2" },
    { "broken_async_error_completed", NULL, HX_CHK_ASYNC_ERROR_COMPLETED,
      "CONFORMANCE ASYNC_ERROR_COMPLETED in TSPI_lineAnswer: returned LINEERR_INVALCALLSTATE for request 2 "
      "after calling ASYNC_COMPLETION(2, LINEERR_INVALCALLSTATE) for it" },
    { "broken_completion_twice", NULL, HX_CHK_COMPLETION_TWICE,
      "CONFORMANCE COMPLETION_TWICE in ASYNC_COMPLETION: request 2 (TSPI_lineDrop) completed again with 0 "
      "(first: 0)" },
    { "broken_completion_unknown", NULL, HX_CHK_COMPLETION_UNKNOWN,
      "CONFORMANCE COMPLETION_UNKNOWN in ASYNC_COMPLETION: request 0 (result LINEERR_CALLUNAVAIL) was never "
      "issued or is finished" },
    { "broken_completion_missing", NULL, HX_CHK_COMPLETION_MISSING,
      "CONFORMANCE COMPLETION_MISSING in TSPI_lineDrop: no ASYNC_COMPLETION for request 2 within 3000 ms" },
    { "broken_sync_return", NULL, HX_CHK_SYNC_RETURN,
      "CONFORMANCE SYNC_RETURN in TSPI_lineCloseCall: returned 1" },
    { "broken_event_unknown_line", NULL, HX_CHK_EVENT_UNKNOWN_LINE,
      "CONFORMANCE EVENT_UNKNOWN_LINE in LINEEVENT: LINE_ADDRESSSTATE for htLine 0x100, never issued" },
    { "broken_event_closed_line", NULL, HX_CHK_EVENT_CLOSED_LINE,
      "CONFORMANCE EVENT_CLOSED_LINE in LINEEVENT: LINE_LINEDEVSTATE for htLine 0x40010002, closed" },
    { "broken_event_unknown_call", NULL, HX_CHK_EVENT_UNKNOWN_CALL,
      "CONFORMANCE EVENT_UNKNOWN_CALL in LINEEVENT: LINE_CALLINFO for htCall 0x1000, never issued" },
    { "broken_event_closed_call", NULL, HX_CHK_EVENT_CLOSED_CALL,
      "CONFORMANCE EVENT_CLOSED_CALL in LINEEVENT: LINE_CALLSTATE for htCall 0x80010001, closed" },
    { "broken_event_unknown_phone", NULL, HX_CHK_EVENT_UNKNOWN_PHONE,
      "CONFORMANCE EVENT_UNKNOWN_PHONE in PHONEEVENT: PHONE_STATE for htPhone 0x200, never issued" },
    { "broken_event_closed_phone", NULL, HX_CHK_EVENT_CLOSED_PHONE,
      "CONFORMANCE EVENT_CLOSED_PHONE in PHONEEVENT: PHONE_STATE for htPhone 0xc0010001, closed" },
    { "broken_event_before_created", NULL, HX_CHK_EVENT_BEFORE_CREATED,
      "CONFORMANCE EVENT_BEFORE_CREATED in LINEEVENT: LINE_CALLSTATE for htCall 0x80010001 before its "
      "TSPI_lineMakeCall (request 1) completed successfully" },
    { "broken_newcall_no_hdcall", NULL, HX_CHK_NEWCALL_INVALID,
      "CONFORMANCE NEWCALL_INVALID in LINEEVENT: LINE_NEWCALL on htLine 0x40010002 with hdCall 0x0, lphtCall 0x%p" },
    { "broken_newcall_no_htslot", NULL, HX_CHK_NEWCALL_INVALID,
      "CONFORMANCE NEWCALL_INVALID in LINEEVENT: LINE_NEWCALL on htLine 0x40010002 with hdCall 0x1001, "
      "lphtCall 0x0" },
    { "broken_hdcall_not_written", NULL, HX_CHK_HDCALL_NOT_WRITTEN,
      "CONFORMANCE HDCALL_NOT_WRITTEN in TSPI_lineMakeCall: returned 1 for request 1 and left *lphdCall at the "
      "harness's mark 0x48584321" },
    { "broken_callstate_transition", NULL, HX_CHK_CALLSTATE_TRANSITION,
      "CONFORMANCE CALLSTATE_TRANSITION in LINEEVENT: LINE_CALLSTATE IDLE -> DISCONNECTED on htCall 0x80010001: "
      "a call never leaves IDLE" },
    { "broken_event_after_idle", NULL, HX_CHK_EVENT_AFTER_IDLE,
      "CONFORMANCE EVENT_AFTER_IDLE in LINEEVENT: LINE_CALLINFO for htCall 0x80010001 after LINE_CALLSTATE IDLE" },
    { "broken_struct_total_changed", NULL, HX_CHK_STRUCT_TOTAL_CHANGED,
      "CONFORMANCE STRUCT_TOTAL_CHANGED in TSPI_lineGetCallInfo: LINECALLINFO.dwTotalSize changed from 0x1000 "
      "to 0x160" },
    { "broken_struct_used_gt_total", NULL, HX_CHK_STRUCT_USED_GT_TOTAL,
      "CONFORMANCE STRUCT_USED_GT_TOTAL in TSPI_lineGetCallStatus: LINECALLSTATUS.dwUsedSize 0x40 exceeds "
      "dwTotalSize 0x38" },
    { "broken_struct_needed_lt_used", NULL, HX_CHK_STRUCT_NEEDED_LT_USED,
      "CONFORMANCE STRUCT_NEEDED_LT_USED in TSPI_lineGetCallInfo: LINECALLINFO.dwNeededSize 0x158 is less than "
      "dwUsedSize 0x160" },
    { "broken_struct_field_outside", NULL, HX_CHK_STRUCT_FIELD_OUTSIDE,
      "CONFORMANCE STRUCT_FIELD_OUTSIDE in TSPI_lineGetCallInfo: LINECALLINFO.dwCalledIDOffset 0x0 + "
      "dwCalledIDSize 0x8 starts inside the fixed part, which ends at 0x158 (TSPI 3.1)" },
    { "broken_struct_string_nul", NULL, HX_CHK_STRUCT_STRING_NUL,
      "CONFORMANCE STRUCT_STRING_NUL in TSPI_lineGetCallInfo: LINECALLINFO.dwCalledIDOffset 0x158 + "
      "dwCalledIDSize 0x6: no NUL among its 3 UTF-16 units" },
    { "broken_guard_overwrite", NULL, HX_CHK_GUARD_OVERWRITE,
      "CONFORMANCE GUARD_OVERWRITE in TSPI_lineGetCallStatus: 56-byte buffer: bytes changed outside it from "
      "offset 56 to 63 (8 of the 128 guard bytes)" },
    { "broken_version_init", NULL, HX_CHK_VERSION_RANGE,
      "CONFORMANCE VERSION_RANGE in TSPI_lineNegotiateTSPIVersion: INITIALIZE_NEGOTIATION: version 0x00010003 "
      "outside 0x00010004..0x00030001" },
    { "broken_version_device", NULL, HX_CHK_VERSION_RANGE,
      "CONFORMANCE VERSION_RANGE in TSPI_lineNegotiateTSPIVersion: device 1: version 0x00010003 outside "
      "0x00010004..0x00030001" },
    { "broken_ext_version_range", steps_ext_range, HX_CHK_EXT_VERSION_RANGE,
      "CONFORMANCE EXT_VERSION_RANGE in TSPI_lineNegotiateExtVersion: device 0: version 0x00020000 outside "
      "0x00030000..0x00040000" },
    { "broken_ext_version_selected", steps_ext_selected, HX_CHK_EXT_VERSION_SELECTED,
      "CONFORMANCE EXT_VERSION_SELECTED in TSPI_lineNegotiateExtVersion: device 0: version 0x00020000 while "
      "0x00010000 is selected" },
    { "broken_mspdata_version", NULL, HX_CHK_MSPDATA_VERSION,
      "CONFORMANCE MSPDATA_VERSION in LINEEVENT: LINE_SENDMSPDATA on device 0, opened at TSPI version 0x00020002" },
    /* Twice: the script (no MSP instance) and the C steps (the echo MSP's open). */
    { "broken_mspdata_unknown", NULL, HX_CHK_MSPDATA_UNKNOWN_MSP,
      "CONFORMANCE MSPDATA_UNKNOWN_MSP in LINEEVENT: LINE_SENDMSPDATA on device 0 for htMSPLine 0x00000300" },
    { "broken_mspdata_unknown", steps_msp, HX_CHK_MSPDATA_UNKNOWN_MSP,
      "CONFORMANCE MSPDATA_UNKNOWN_MSP in LINEEVENT: LINE_SENDMSPDATA on device 0 for htMSPLine 0x00000300" },
};
#define NUM_SCENARIOS (sizeof scenarios / sizeof scenarios[0])

/* ==== running one ==== */

static char *read_text(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = (char *)malloc(TEXT_MAX + 1);
    size_t n = 0;
    if (f && buf) n = fread(buf, 1, TEXT_MAX, f);
    if (f) fclose(f);
    if (!f || !buf || n == TEXT_MAX) {
        fprintf(stderr, "cannot read %s (run from the top of the tree)\n", path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

static void print_report(void *user, const hx_trace_rec *r)
{
    char line[HX_TRACE_LINE_MAX];
    (void)user;
    if (r->kind != HX_TR_REPORT) return;
    hx_trace_format_text(r, line, sizeof line);
    printf("  saw: %s\n", line);
}

typedef struct run {
    hx_module *m;
    hx_srv *s;
    int rc;                         /* the script's result; 0 for C steps */
    char err[HX_SCRIPT_ERR_MAX];
} run;

static run cur;     /* a failed assertion leaves it behind; the next run cleans up */

static void run_end(void)
{
    if (cur.s) hx_srv_destroy(cur.s);
    if (cur.m) hx_module_unload(cur.m);
    memset(&cur, 0, sizeof cur);
}

/* The scenario sc against the provider `provider` (its own, or broken_none). */
static run *run_scenario(const scenario *sc, const char *provider)
{
    char path[512], why[256];
    run_end();
    snprintf(path, sizeof path, "%s/providers/%s.so", TEST_MODULE_DIR, provider);
    cur.m = hx_module_load(path, why, sizeof why);
    if (!cur.m) fprintf(stderr, "cannot load %s: %s\n", path, why);
    assert_non_null(cur.m);
    cur.s = hx_srv_create(hx_module_tspi(cur.m), NULL, NULL);
    assert_non_null(cur.s);
    hx_srv_set_trace(cur.s, print_report, NULL);
    if (sc->steps) {
        printf("%s: C steps\n", provider);
        assert_int_equal(hx_srv_start(cur.s, NULL), 0);
        sc->steps(cur.s);
        hx_srv_stop(cur.s);
    } else {
        size_t len;
        char *text;
        hx_script *script;
        snprintf(path, sizeof path, "%s/%s.tsps", SCRIPT_DIR, sc->provider);
        printf("%s: %s\n", provider, path);
        text = read_text(path, &len);
        assert_non_null(text);
        script = hx_script_parse(text, len, path, cur.err, sizeof cur.err);
        free(text);
        if (!script) fprintf(stderr, "%s\n", cur.err);
        assert_non_null(script);
        cur.rc = hx_script_run(script, cur.s, NULL, cur.err, sizeof cur.err);
        hx_script_free(script);
        if (cur.rc) printf("  script: %s\n", cur.err);
    }
    return &cur;
}

/* want matches got, where "%p" in want stands for one or more hex digits. */
static int text_matches(const char *want, const char *got)
{
    for (; *want; want++) {
        if (want[0] == '%' && want[1] == 'p') {
            const char *start = got;
            while ((*got >= '0' && *got <= '9') || (*got >= 'a' && *got <= 'f')) got++;
            if (got == start) return 0;
            want++;
        } else if (*got++ != *want) {
            return 0;
        }
    }
    return *got == '\0';
}

/* The provider broke its rule, once, with exactly this report, and no other rule. */
static void test_rule_fires(void **state)
{
    const scenario *sc = (const scenario *)*state;
    const hx_check_info *ci = hx_check_get(sc->rule);
    char want[HX_REPORT_TEXT_MAX], got[HX_REPORT_TEXT_MAX];
    hx_report rep;
    run *r = run_scenario(sc, sc->provider);
    assert_int_equal(r->rc, 0);
    printf("  %lu report(s), %lu of %s\n", (unsigned long)hx_srv_reports(r->s),
           (unsigned long)hx_checks_count_id(hx_srv_checks(r->s), sc->rule), ci->name);
    assert_int_equal(hx_srv_reports(r->s), 1);
    assert_int_equal(hx_checks_count_id(hx_srv_checks(r->s), sc->rule), 1);
    assert_int_equal(hx_checks_get(hx_srv_checks(r->s), 0, &rep), 0);
    hx_report_format(&rep, got, sizeof got);
    snprintf(want, sizeof want, "%s\n  rule: %s\n  see: %s", sc->report, ci->rule, ci->ref);
    if (!text_matches(want, got)) fprintf(stderr, "expected:\n%s\ngot:\n%s\n", want, got);
    assert_true(text_matches(want, got));
    run_end();
}

/* The same scenario against the base without a mistake: no report, and a script that
 * expected one fails. */
static void test_base_passes(void **state)
{
    const scenario *sc = (const scenario *)*state;
    run *r = run_scenario(sc, "broken_none");
    printf("  %lu report(s)\n", (unsigned long)hx_srv_reports(r->s));
    assert_int_equal(hx_srv_reports(r->s), 0);
    if (!sc->steps) assert_int_not_equal(r->rc, 0);
    run_end();
}

/* broken_none's own script: everything the others do, and it passes clean. */
static void test_base_script_clean(void **state)
{
    static const scenario none = { "broken_none", NULL, HX_CHK_COUNT, NULL };
    run *r;
    (void)state;
    r = run_scenario(&none, "broken_none");
    assert_int_equal(r->rc, 0);
    assert_int_equal(hx_srv_reports(r->s), 0);
    run_end();
}

/* ==== coverage and the documentation ==== */

static int has_scenario(const char *provider, int with_script)
{
    size_t i;
    for (i = 0; i < NUM_SCENARIOS; i++)
        if (strcmp(scenarios[i].provider, provider) == 0 && (!with_script || !scenarios[i].steps)) return 1;
    return 0;
}

static void test_every_rule_has_a_provider(void **state)
{
    unsigned id;
    size_t i;
    int missing = 0;
    (void)state;
    for (id = 0; id < HX_CHK_COUNT; id++) {
        for (i = 0; i < NUM_SCENARIOS && scenarios[i].rule != (hx_check_id)id; i++) {}
        if (i == NUM_SCENARIOS) {
            fprintf(stderr, "rule %s has no broken provider\n", hx_check_get((hx_check_id)id)->name);
            missing++;
        }
    }
    printf("%u rules, %lu scenarios\n", (unsigned)HX_CHK_COUNT, (unsigned long)NUM_SCENARIOS);
    assert_int_equal(missing, 0);
}

/* Each tests/providers/broken_NAME.c has a scenario, and each tests/scripts/broken/NAME.tsps
 * one that runs it (broken_none's own aside). */
static void check_dir(const char *dir, const char *suffix, int with_script, int *files, int *missing)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = strlen(suffix);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        char name[256];
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "broken_", 7) != 0 || len <= n || len - n >= sizeof name ||
            strcmp(e->d_name + len - n, suffix) != 0)
            continue;
        memcpy(name, e->d_name, len - n);
        name[len - n] = '\0';
        (*files)++;
        if (strcmp(name, "broken_none") == 0 || has_scenario(name, with_script)) continue;
        fprintf(stderr, "%s/%s has no scenario in this test\n", dir, e->d_name);
        (*missing)++;
    }
    closedir(d);
}

static void test_every_provider_and_script_runs(void **state)
{
    int providers = 0, scripts = 0, missing = 0;
    size_t i;
    char path[512];
    FILE *f;
    (void)state;
    check_dir(PROVIDER_DIR, ".c", 0, &providers, &missing);
    check_dir(SCRIPT_DIR, ".tsps", 1, &scripts, &missing);
    for (i = 0; i < NUM_SCENARIOS; i++) {
        snprintf(path, sizeof path, "%s/%s.c", PROVIDER_DIR, scenarios[i].provider);
        if ((f = fopen(path, "rb")) != NULL) fclose(f);
        else missing++, fprintf(stderr, "%s is missing\n", path);
    }
    printf("%d broken providers, %d scripts (broken_none's included)\n", providers, scripts);
    assert_int_equal(missing, 0);
    assert_true(providers >= (int)HX_CHK_COUNT);
}

/* docs/conformance.md: per rule one table row "| `NAME` | rule | see | providers | fix |"
 * with the catalogue's sentence and page, naming each provider of the rule. */
static void test_doc_table_matches_catalogue(void **state)
{
    char *doc = read_text(DOC, NULL);
    unsigned id, rows = 0;
    int bad = 0;
    (void)state;
    assert_non_null(doc);
    for (id = 0; id < HX_CHK_COUNT; id++) {
        const hx_check_info *ci = hx_check_get((hx_check_id)id);
        char head[64], *row, *end;
        size_t i;
        snprintf(head, sizeof head, "\n| `%s` |", ci->name);
        if (!(row = strstr(doc, head))) {
            fprintf(stderr, "%s: no row for %s\n", DOC, ci->name);
            bad++;
            continue;
        }
        if (strstr(row + 1, head)) {
            fprintf(stderr, "%s: two rows for %s\n", DOC, ci->name);
            bad++;
        }
        row++;
        end = strchr(row, '\n');
        if (end) *end = '\0';
        rows++;
        if (!strstr(row, ci->rule) || !strstr(row, ci->ref)) {
            fprintf(stderr, "%s: the row of %s does not say \"%s\" and %s\n", DOC, ci->name, ci->rule, ci->ref);
            bad++;
        }
        for (i = 0; i < NUM_SCENARIOS; i++) {
            char name[80];
            if (scenarios[i].rule != (hx_check_id)id) continue;
            snprintf(name, sizeof name, "`%s`", scenarios[i].provider);
            if (!strstr(row, name)) {
                fprintf(stderr, "%s: the row of %s does not name %s\n", DOC, ci->name, scenarios[i].provider);
                bad++;
            }
        }
        if (end) *end = '\n';
    }
    printf("%s: %u rows checked against checks.c\n", DOC, rows);
    free(doc);
    assert_int_equal(bad, 0);
}

int main(void)
{
    static struct CMUnitTest tests[2 * NUM_SCENARIOS + 4];
    static char names[2 * NUM_SCENARIOS][96];
    size_t i, n = 0;
    for (i = 0; i < NUM_SCENARIOS; i++) {
        const scenario *sc = &scenarios[i];
        snprintf(names[2 * i], sizeof names[0], "%s: %s%s", hx_check_get(sc->rule)->name, sc->provider,
                 sc->steps ? " (C steps)" : "");
        snprintf(names[2 * i + 1], sizeof names[0], "%s's scenario, no mistake: broken_none%s", sc->provider,
                 sc->steps ? " (C steps)" : "");
        tests[n].name = names[2 * i];
        tests[n].test_func = test_rule_fires;
        tests[n++].initial_state = (void *)sc;
        tests[n].name = names[2 * i + 1];
        tests[n].test_func = test_base_passes;
        tests[n++].initial_state = (void *)sc;
    }
    tests[n].name = "broken_none's script passes clean";
    tests[n++].test_func = test_base_script_clean;
    tests[n].name = "every rule has a broken provider";
    tests[n++].test_func = test_every_rule_has_a_provider;
    tests[n].name = "every broken provider and script runs here";
    tests[n++].test_func = test_every_provider_and_script_runs;
    tests[n].name = "docs/conformance.md agrees with checks.c";
    tests[n++].test_func = test_doc_table_matches_catalogue;
    i = (size_t)_cmocka_run_group_tests("harness_conformance", tests, n, NULL, NULL);
    run_end();
    return (int)i;
}
