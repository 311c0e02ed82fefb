/* Unit tests for tspkit/trace.h: levels, parsing, line format, truncation. */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/trace.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* A sink that keeps the last line and counts calls. */
struct capture {
    int calls;
    int level;
    char line[TSPK_TRACE_LINE_MAX + 16];
};

static void capture_sink(int level, const char *line, void *user)
{
    struct capture *c = user;
    c->calls++;
    c->level = level;
    snprintf(c->line, sizeof c->line, "%s", line);
}

static void test_parse_level(void **state)
{
    (void)state;
    assert_int_equal(tspk_trace_parse_level("error"), TSPK_TRACE_ERROR);
    assert_int_equal(tspk_trace_parse_level("WARN"), TSPK_TRACE_WARN);
    assert_int_equal(tspk_trace_parse_level("Warning"), TSPK_TRACE_WARN);
    assert_int_equal(tspk_trace_parse_level("info"), TSPK_TRACE_INFO);
    assert_int_equal(tspk_trace_parse_level("debug"), TSPK_TRACE_DEBUG);
    assert_int_equal(tspk_trace_parse_level("trace"), TSPK_TRACE_TRACE);
    assert_int_equal(tspk_trace_parse_level("off"), TSPK_TRACE_OFF);
    assert_int_equal(tspk_trace_parse_level("none"), TSPK_TRACE_OFF);
    assert_int_equal(tspk_trace_parse_level("0"), TSPK_TRACE_OFF);
    assert_int_equal(tspk_trace_parse_level("4"), TSPK_TRACE_DEBUG);
    assert_int_equal(tspk_trace_parse_level("5"), TSPK_TRACE_TRACE);
    assert_int_equal(tspk_trace_parse_level("6"), TSPK_EINVAL);
    assert_int_equal(tspk_trace_parse_level("-1"), TSPK_EINVAL);
    assert_int_equal(tspk_trace_parse_level("42"), TSPK_EINVAL);
    assert_int_equal(tspk_trace_parse_level(""), TSPK_EINVAL);
    assert_int_equal(tspk_trace_parse_level("debugx"), TSPK_EINVAL);
    assert_int_equal(tspk_trace_parse_level("deb"), TSPK_EINVAL);
    assert_int_equal(tspk_trace_parse_level(NULL), TSPK_EINVAL);
}

static void test_level_names(void **state)
{
    (void)state;
    assert_string_equal(tspk_trace_level_name(TSPK_TRACE_ERROR), "ERROR");
    assert_string_equal(tspk_trace_level_name(TSPK_TRACE_TRACE), "TRACE");
    assert_string_equal(tspk_trace_level_name(0), "OFF");
    assert_string_equal(tspk_trace_level_name(6), "?");
    assert_string_equal(tspk_trace_level_name(-1), "?");
}

static void test_level_from_env(void **state)
{
    (void)state;
    tspk_tracer t;
    struct capture c = { 0 };
    tspk_tracer_init(&t, "env", TSPK_TRACE_WARN, capture_sink, &c);
    unsetenv("TSPKIT_TEST_TRACE");
    assert_int_equal(tspk_tracer_level_from_env(&t, "TSPKIT_TEST_TRACE"), -ENOENT);
    assert_int_equal(tspk_tracer_level(&t), TSPK_TRACE_WARN);
    setenv("TSPKIT_TEST_TRACE", "debug", 1);
    assert_int_equal(tspk_tracer_level_from_env(&t, "TSPKIT_TEST_TRACE"), 0);
    assert_int_equal(tspk_tracer_level(&t), TSPK_TRACE_DEBUG);
    setenv("TSPKIT_TEST_TRACE", "1", 1);
    assert_int_equal(tspk_tracer_level_from_env(&t, "TSPKIT_TEST_TRACE"), 0);
    assert_int_equal(tspk_tracer_level(&t), TSPK_TRACE_ERROR);
    setenv("TSPKIT_TEST_TRACE", "loud", 1);
    assert_int_equal(tspk_tracer_level_from_env(&t, "TSPKIT_TEST_TRACE"), TSPK_EINVAL);
    assert_int_equal(tspk_tracer_level(&t), TSPK_TRACE_ERROR);
    unsetenv("TSPKIT_TEST_TRACE");
}

static void test_only_enabled_levels_reach_sink(void **state)
{
    (void)state;
    tspk_tracer t;
    struct capture c = { 0 };
    tspk_tracer_init(&t, "p", TSPK_TRACE_INFO, capture_sink, &c);
    tspk_trace(&t, TSPK_TRACE_DEBUG, "hidden %d", 1);
    tspk_trace(&t, TSPK_TRACE_TRACE, "hidden %d", 2);
    assert_int_equal(c.calls, 0);
    tspk_trace(&t, TSPK_TRACE_INFO, "shown %d", 3);
    assert_int_equal(c.calls, 1);
    assert_int_equal(c.level, TSPK_TRACE_INFO);
    tspk_trace(&t, TSPK_TRACE_ERROR, "shown %d", 4);
    assert_int_equal(c.calls, 2);
    /* Level 0 is "off", not a message level. */
    tspk_trace(&t, TSPK_TRACE_OFF, "never");
    assert_int_equal(c.calls, 2);
    tspk_tracer_set_level(&t, TSPK_TRACE_OFF);
    tspk_trace(&t, TSPK_TRACE_ERROR, "silenced");
    assert_int_equal(c.calls, 2);
    /* Out-of-range levels are clamped. */
    tspk_tracer_set_level(&t, 99);
    assert_int_equal(tspk_tracer_level(&t), TSPK_TRACE_TRACE);
    tspk_trace(&t, TSPK_TRACE_TRACE, "all");
    assert_int_equal(c.calls, 3);
    /* A NULL tracer is a silent tracer. */
    tspk_trace(NULL, TSPK_TRACE_ERROR, "nowhere");
    assert_false(tspk_trace_enabled(NULL, TSPK_TRACE_ERROR));
}

static void test_line_format(void **state)
{
    (void)state;
    tspk_tracer t;
    struct capture c = { 0 };
    int y, mo, d, h, mi, s, us, n = 0;
    unsigned long long tid = 0;
    char level[8], rest[64];
    tspk_tracer_init(&t, "unimodem", TSPK_TRACE_DEBUG, capture_sink, &c);
    tspk_trace(&t, TSPK_TRACE_WARN, "line %u: %s", 3u, "no dial tone");
    assert_int_equal(c.calls, 1);
    assert_int_equal(sscanf(c.line, "%4d-%2d-%2d %2d:%2d:%2d.%6d [%llu] %7s %n",
                            &y, &mo, &d, &h, &mi, &s, &us, &tid, level, &n), 9);
    assert_in_range(y, 2000, 9999);
    assert_in_range(mo, 1, 12);
    assert_in_range(d, 1, 31);
    assert_true(tid == tspk_thread_self_id());
    assert_string_equal(level, "WARN");
    snprintf(rest, sizeof rest, "%s", c.line + n);
    assert_string_equal(rest, "unimodem: line 3: no dial tone");
    assert_null(strchr(c.line, '\n'));

    tspk_tracer_init(&t, NULL, TSPK_TRACE_DEBUG, capture_sink, &c);
    tspk_trace(&t, TSPK_TRACE_ERROR, "bare");
    assert_non_null(strstr(c.line, "] ERROR bare"));
}

static void test_long_lines_are_cut_and_marked(void **state)
{
    (void)state;
    tspk_tracer t;
    struct capture c = { 0 };
    char big[3 * TSPK_TRACE_LINE_MAX];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    tspk_tracer_init(&t, "a-very-long-provider-prefix-that-is-cut-here", TSPK_TRACE_INFO,
                     capture_sink, &c);
    tspk_trace(&t, TSPK_TRACE_INFO, "%s", big);
    assert_int_equal(strlen(c.line), TSPK_TRACE_LINE_MAX - 1);
    assert_string_equal(c.line + TSPK_TRACE_LINE_MAX - 4, "...");
    assert_non_null(strstr(c.line, " a-very-long-provider-prefix-tha: x"));

    /* A line that fits exactly is not marked. */
    c.calls = 0;
    tspk_trace(&t, TSPK_TRACE_INFO, "short");
    assert_int_equal(c.calls, 1);
    assert_null(strstr(c.line, "..."));
}

static void test_default_sink_writes_stderr(void **state)
{
    (void)state;
    tspk_tracer t;
    char text[256] = { 0 };
    FILE *f = tmpfile();
    int saved = dup(2);
    assert_non_null(f);
    assert_true(saved >= 0);
    fflush(stderr);
    assert_int_equal(dup2(fileno(f), 2), 2);
    tspk_tracer_init(&t, "dflt", TSPK_TRACE_ERROR, NULL, NULL);
    tspk_trace(&t, TSPK_TRACE_ERROR, "to stderr %d", 5);
    tspk_trace(&t, TSPK_TRACE_WARN, "filtered");
    fflush(stderr);
    assert_int_equal(dup2(saved, 2), 2);
    close(saved);
    rewind(f);
    assert_int_equal(fread(text, 1, sizeof text - 1, f) > 0, 1);
    fclose(f);
    assert_non_null(strstr(text, "ERROR dflt: to stderr 5\n"));
    assert_null(strstr(text, "filtered"));
}

/* Threads trace while another flips the level: run under TSan for races. */
struct storm {
    tspk_tracer t;
    tspk_mutex lock;
    int calls;
};

static void count_sink(int level, const char *line, void *user)
{
    struct storm *s = user;
    (void)level;
    (void)line;
    tspk_mutex_lock(&s->lock);
    s->calls++;
    tspk_mutex_unlock(&s->lock);
}

static void trace_many(void *user)
{
    struct storm *s = user;
    for (int i = 0; i < 2000; i++)
        tspk_trace(&s->t, TSPK_TRACE_ERROR, "msg %d", i);
}

static void flip_level(void *user)
{
    struct storm *s = user;
    for (int i = 0; i < 2000; i++)
        tspk_tracer_set_level(&s->t, i % 2 ? TSPK_TRACE_DEBUG : TSPK_TRACE_ERROR);
}

static void test_concurrent_tracing(void **state)
{
    (void)state;
    static struct storm s;
    tspk_thread th[4];
    s.calls = 0;
    assert_int_equal(tspk_mutex_init(&s.lock), 0);
    tspk_tracer_init(&s.t, "storm", TSPK_TRACE_ERROR, count_sink, &s);
    for (int i = 0; i < 3; i++)
        assert_int_equal(tspk_thread_create(&th[i], trace_many, &s), 0);
    assert_int_equal(tspk_thread_create(&th[3], flip_level, &s), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(tspk_thread_join(&th[i]), 0);
    /* ERROR is enabled at both levels the flipper sets. */
    assert_int_equal(s.calls, 6000);
    tspk_mutex_destroy(&s.lock);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_level),
        cmocka_unit_test(test_level_names),
        cmocka_unit_test(test_level_from_env),
        cmocka_unit_test(test_only_enabled_levels_reach_sink),
        cmocka_unit_test(test_line_format),
        cmocka_unit_test(test_long_lines_are_cut_and_marked),
        cmocka_unit_test(test_default_sink_writes_stderr),
        cmocka_unit_test(test_concurrent_tracing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
