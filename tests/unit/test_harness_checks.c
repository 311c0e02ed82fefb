/*
 * tests/unit/test_harness_checks.c - the conformance rule catalogue and the report
 * collector (harness/checks.h), and the trace formatters (harness/trace.h): every
 * rule named and referenced, exact report texts, cutting of long texts, thread
 * safety, the callback without the lock, and JSON lines that parse.
 */
#include "checks.h"
#include "trace.h"

#include <tspkit/thread.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- catalogue ---- */

static void test_catalogue_complete(void **state)
{
    unsigned i;
    (void)state;
    for (i = 0; i < HX_CHK_COUNT; i++) {
        const hx_check_info *ci = hx_check_get((hx_check_id)i);
        assert_non_null(ci);
        if (ci->id != (hx_check_id)i) fprintf(stderr, "entry %u has id %d\n", i, (int)ci->id);
        assert_int_equal(ci->id, i);
        assert_true(strlen(ci->name) > 3);
        assert_true(strlen(ci->rule) > 20);
        if (strncmp(ci->ref, "https://learn.microsoft.com/windows/win32/", 42) != 0)
            fprintf(stderr, "%s: ref %s\n", ci->name, ci->ref);
        assert_memory_equal(ci->ref, "https://learn.microsoft.com/windows/win32/", 42);
        assert_int_equal(hx_check_by_name(ci->name), (int)i);
    }
    assert_null(hx_check_get(HX_CHK_COUNT));
    assert_null(hx_check_get((hx_check_id)-1));
}

static void test_by_name(void **state)
{
    (void)state;
    assert_int_equal(hx_check_by_name("ASYNC_RETURN"), HX_CHK_ASYNC_RETURN);
    assert_int_equal(hx_check_by_name("async_return"), HX_CHK_ASYNC_RETURN);
    assert_int_equal(hx_check_by_name("Ext_Version_Selected"), HX_CHK_EXT_VERSION_SELECTED);
    assert_int_equal(hx_check_by_name("ASYNC_RETURNX"), -1);
    assert_int_equal(hx_check_by_name("ASYNC_RETUR"), -1);
    assert_int_equal(hx_check_by_name(""), -1);
    assert_int_equal(hx_check_by_name(NULL), -1);
}

/* ---- collector ---- */

static void test_report_format_exact(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    hx_report r;
    char text[HX_REPORT_TEXT_MAX];
    (void)state;
    assert_non_null(c);
    hx_checks_report(c, HX_CHK_ASYNC_RETURN, "TSPI_lineDrop", "returned %d for request %u", 0, 7u);
    assert_int_equal(hx_checks_count(c), 1);
    assert_int_equal(hx_checks_count_id(c, HX_CHK_ASYNC_RETURN), 1);
    assert_int_equal(hx_checks_count_id(c, HX_CHK_COMPLETION_TWICE), 0);
    assert_int_equal(hx_checks_get(c, 0, &r), 0);
    assert_int_equal(hx_checks_get(c, 1, &r), -1);
    hx_report_format(&r, text, sizeof text);
    printf("%s\n", text);
    assert_string_equal(text,
        "CONFORMANCE ASYNC_RETURN in TSPI_lineDrop: returned 0 for request 7\n"
        "  rule: an asynchronous function returns dwRequestID or a negative error, never 0 or another "
        "positive value\n"
        "  see: https://learn.microsoft.com/windows/win32/tapi/synchronous-asynchronous-model");
    hx_checks_clear(c);
    assert_int_equal(hx_checks_count(c), 0);
    assert_int_equal(hx_checks_get(c, 0, &r), -1);
    hx_checks_free(c);
}

static void test_report_cut_not_overflowed(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    hx_report r;
    char big[2000], text[HX_REPORT_TEXT_MAX], tiny[8];
    (void)state;
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    hx_checks_report(c, HX_CHK_GUARD_OVERWRITE, big, "%s", big);
    assert_int_equal(hx_checks_get(c, 0, &r), 0);
    assert_int_equal(strlen(r.func), HX_REPORT_FUNC_MAX - 1);
    assert_int_equal(strlen(r.detail), HX_REPORT_DETAIL_MAX - 1);
    hx_report_format(&r, text, sizeof text);
    assert_true(strlen(text) < sizeof text);
    hx_report_format(&r, tiny, sizeof tiny);
    assert_string_equal(tiny, "CONFORM");
    /* Out-of-range ids are ignored; NULL collectors are valid. */
    hx_checks_report(c, HX_CHK_COUNT, "f", "x");
    assert_int_equal(hx_checks_count(c), 1);
    hx_checks_report(NULL, HX_CHK_ASYNC_RETURN, "f", "x");
    assert_int_equal(hx_checks_count(NULL), 0);
    r.id = HX_CHK_COUNT;
    snprintf(r.func, sizeof r.func, "F");
    snprintf(r.detail, sizeof r.detail, "D");
    hx_report_format(&r, text, sizeof text);
    assert_string_equal(text, "CONFORMANCE ? in F: D");
    hx_checks_free(c);
}

/* The callback runs without the collector lock: it may read the collector. */
static size_t seen_in_callback;
static void count_in_callback(void *user, const hx_report *r)
{
    (void)r;
    seen_in_callback = hx_checks_count((hx_checks *)*(hx_checks **)user);
}

static void test_callback_without_lock(void **state)
{
    hx_checks *c = NULL;
    (void)state;
    c = hx_checks_new(count_in_callback, &c);
    hx_checks_report(c, HX_CHK_VERSION_RANGE, "TSPI_lineNegotiateTSPIVersion", "v");
    assert_int_equal(seen_in_callback, 1);
    hx_checks_free(c);
}

#define THREADS 4
#define PER_THREAD 500
static void reporter(void *user)
{
    int i;
    for (i = 0; i < PER_THREAD; i++)
        hx_checks_report((hx_checks *)user, (hx_check_id)(i % HX_CHK_COUNT), "f", "%d", i);
}

static void test_threads(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    tspk_thread t[THREADS];
    size_t i, sum = 0;
    (void)state;
    for (i = 0; i < THREADS; i++) assert_int_equal(tspk_thread_create(&t[i], reporter, c), 0);
    for (i = 0; i < THREADS; i++) tspk_thread_join(&t[i]);
    assert_int_equal(hx_checks_count(c), THREADS * PER_THREAD);
    for (i = 0; i < HX_CHK_COUNT; i++) sum += hx_checks_count_id(c, (hx_check_id)i);
    assert_int_equal(sum, THREADS * PER_THREAD);
    hx_checks_free(c);
}

/* ---- trace formatting ---- */

static hx_trace_rec rec(hx_trace_kind kind, const char *name, const char *detail)
{
    hx_trace_rec r;
    memset(&r, 0, sizeof r);
    r.t_us = 1234567;
    r.kind = kind;
    r.from = HX_LANE_TAPISRV;
    r.to = HX_LANE_TSP;
    r.name = name;
    r.detail = detail;
    r.request = 3;
    r.thread = 42;
    return r;
}

static void test_trace_text(void **state)
{
    char line[HX_TRACE_LINE_MAX];
    hx_trace_rec r = rec(HX_TR_CALL, "TSPI_lineMakeCall", "req 3, dest \"102\"");
    (void)state;
    hx_trace_format_text(&r, line, sizeof line);
    assert_string_equal(line, "[   1.234567] TAPISRV -> TSP     TSPI_lineMakeCall(req 3, dest \"102\")");
    r = rec(HX_TR_RETURN, "TSPI_lineMakeCall", "= 3");
    r.from = HX_LANE_TSP;
    r.to = HX_LANE_TAPISRV;
    hx_trace_format_text(&r, line, sizeof line);
    assert_string_equal(line, "[   1.234567] TSP     -> TAPISRV TSPI_lineMakeCall = 3");
    r = rec(HX_TR_NOTE, "script", "t.tsps:3");
    hx_trace_format_text(&r, line, sizeof line);
    assert_string_equal(line, "[   1.234567] script: t.tsps:3");
    r = rec(HX_TR_REPORT, "ASYNC_RETURN", "CONFORMANCE x\n  rule: y");
    hx_trace_format_text(&r, line, sizeof line);
    assert_string_equal(line, "[   1.234567] CONFORMANCE x\n  rule: y");
    /* Cut, NUL-terminated, and the wanted length returned. */
    r = rec(HX_TR_CALL, "TSPI_lineOpen", "x");
    assert_int_equal(hx_trace_format_text(&r, line, 10), strlen("[   1.234567] TAPISRV -> TSP     TSPI_lineOpen(x)"));
    assert_string_equal(line, "[   1.234");
    assert_string_equal(hx_trace_kind_name(HX_TR_KIND_COUNT), "?");
    assert_string_equal(hx_lane_name(HX_LANE_COUNT), "?");
}

/* Asks python3 to parse the line as JSON (ASCII only) and print the decoded detail as
 * ascii(), then "|request|kind". */
static void json_decode(const char *json, char *got, size_t len)
{
    FILE *f = fopen("build/asan/tests/trace-json.txt", "wb");
    FILE *p;
    assert_non_null(f);
    fputs(json, f);
    fclose(f);
    p = popen("python3 -c 'import json; d=json.loads(open(\"build/asan/tests/trace-json.txt\", "
              "encoding=\"ascii\").read()); print(ascii(d[\"detail\"])+\"|\"+str(d[\"request\"])+\"|\"+d[\"kind\"])'"
              " 2>&1", "r");
    assert_non_null(p);
    if (!fgets(got, (int)len, p)) got[0] = '\0';
    pclose(p);
    got[strcspn(got, "\n")] = '\0';
    printf("json %.120s... -> %.120s\n", json, got);
}

static void assert_json_detail(const char *json, const char *want)
{
    char got[4096];
    json_decode(json, got, sizeof got);
    assert_string_equal(got, want);
}

static void test_trace_json(void **state)
{
    char line[HX_TRACE_LINE_MAX];
    hx_trace_rec r = rec(HX_TR_CALLBACK, "LINEEVENT", "q\"b\\s/\n\t\x01 \xc3\xa9 \xf0\x9f\x98\x80 \xff\xc3");
    size_t n;
    (void)state;
    n = hx_trace_format_json(&r, line, sizeof line);
    assert_int_equal(n, strlen(line));
    assert_string_equal(line, "{\"t_us\":1234567,\"kind\":\"callback\",\"from\":\"TAPISRV\",\"to\":\"TSP\","
                              "\"name\":\"LINEEVENT\",\"detail\":\"q\\\"b\\\\s/\\n\\t\\u0001 \\u00e9 "
                              "\\ud83d\\ude00 \\ufffd\\ufffd\",\"request\":3,\"thread\":42}");
    assert_json_detail(line, "'q\"b\\\\s/\\n\\t\\x01 \\xe9 \\U0001f600 \\ufffd\\ufffd'|3|callback");
    /* Overlong, surrogate and out-of-range encodings are replaced, never passed on. */
    r = rec(HX_TR_NOTE, "n", "\xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80");
    hx_trace_format_json(&r, line, sizeof line);
    assert_json_detail(line, "'\\ufffd\\ufffd \\ufffd \\ufffd'|3|note");
}

static void test_trace_json_cut_stays_valid(void **state)
{
    char detail[3000], line[HX_TRACE_JSON_MIN];
    hx_trace_rec r;
    size_t i, n;
    (void)state;
    for (i = 0; i + 1 < sizeof detail; i++) detail[i] = "a\"\x01\xc3\xa9"[i % 5];
    detail[sizeof detail - 1] = '\0';
    r = rec(HX_TR_DELIVER, "LINE_CALLSTATE", detail);
    n = hx_trace_format_json(&r, line, sizeof line);
    assert_true(n >= sizeof line);
    assert_true(strlen(line) < sizeof line);
    assert_true(strlen(line) > sizeof line - 16);
    {
        char got[4096];
        size_t k = 0;
        json_decode(line, got, sizeof got);
        /* A prefix of the pattern, whole escapes only, and the fields after it intact. */
        assert_memory_equal(got, "'a\"\\x01\\xe9a\"", 13);
        k = strlen(got);
        assert_true(k > 20);
        assert_string_equal(got + k - 10, "|3|deliver");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalogue_complete),
        cmocka_unit_test(test_by_name),
        cmocka_unit_test(test_report_format_exact),
        cmocka_unit_test(test_report_cut_not_overflowed),
        cmocka_unit_test(test_callback_without_lock),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_trace_text),
        cmocka_unit_test(test_trace_json),
        cmocka_unit_test(test_trace_json_cut_stays_valid),
    };
    return cmocka_run_group_tests_name("checks and trace", tests, NULL, NULL);
}
