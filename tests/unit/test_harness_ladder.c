/* Unit tests for harness/ladder.h: the SVG is well-formed whatever the labels hold, it
 * renders, messages come out in time order (stable), limits and errors are reported.
 * External checkers: xmllint (libxml2-utils) and rsvg-convert (librsvg2-bin). */
#define _POSIX_C_SOURCE 200809L
#include <tspkit/thread.h>
#include "ladder.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* ---- helpers ---- */

/* The SVG as a NUL-terminated string (caller frees). */
static char *render(const hx_ladder *l, const char *title)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(hx_ladder_write_svg(l, f, title), 0);
    long len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    char *s = malloc((size_t)len + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    s[len] = '\0';
    fclose(f);
    return s;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static int have_tool(const char *name)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

/* A scratch file name in a private directory; removed by scratch_done. */
struct scratch {
    char dir[64], svg[96], png[96];
};

static void scratch_write(struct scratch *s, const char *svg)
{
    snprintf(s->dir, sizeof s->dir, "/tmp/tspkit-ladder-XXXXXX");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->svg, sizeof s->svg, "%s/l.svg", s->dir);
    snprintf(s->png, sizeof s->png, "%s/l.png", s->dir);
    FILE *f = fopen(s->svg, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(svg, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void scratch_done(struct scratch *s)
{
    remove(s->svg);
    remove(s->png);
    rmdir(s->dir);
}

/* Runs xmllint on the document: the XML parser, not our own string checks, decides. */
static void assert_well_formed(const char *svg)
{
    if (!have_tool("xmllint")) {
        print_message("SKIP well-formedness check: xmllint not installed "
                      "(apt-get install libxml2-utils)\n");
        return;
    }
    struct scratch s;
    scratch_write(&s, svg);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "xmllint --noout %s", s.svg);
    int rc = system(cmd);
    if (rc != 0)
        print_message("xmllint rejected %s (kept for inspection)\n", s.svg);
    else
        scratch_done(&s);
    assert_int_equal(rc, 0);
}

/* Every byte sequence is valid UTF-8 and no control character but LF/TAB remains. */
static void assert_clean_text(const char *svg)
{
    const unsigned char *p = (const unsigned char *)svg;
    while (*p) {
        if (*p < 0x80) {
            if (*p < 0x20 && *p != '\n' && *p != '\t')
                fail_msg("control byte 0x%02x at offset %td", *p, (const char *)p - svg);
            p++;
            continue;
        }
        size_t n = (*p >= 0xF0) ? 4 : (*p >= 0xE0) ? 3 : (*p >= 0xC2) ? 2 : 0;
        if (n == 0)
            fail_msg("bad UTF-8 lead byte 0x%02x at offset %td", *p, (const char *)p - svg);
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                fail_msg("bad UTF-8 continuation at offset %td", (const char *)p - svg + (ptrdiff_t)i);
        p += n;
    }
}

/* ---- tests ---- */

static void test_empty_ladder(void **state)
{
    (void)state;
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    assert_int_equal(hx_ladder_count(l), 0);
    char *svg = render(l, NULL);
    assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(svg, "(no messages)"));
    assert_non_null(strstr(svg, "tspkit message ladder"));
    /* Each lane is named at the top and at the bottom. */
    assert_int_equal(count_of(svg, ">Application<"), 2);
    assert_int_equal(count_of(svg, ">TAPISRV<"), 2);
    assert_int_equal(count_of(svg, ">TSP<"), 2);
    assert_int_equal(count_of(svg, ">MSP<"), 2);
    assert_int_equal(count_of(svg, "<g>"), 0);
    assert_well_formed(svg);
    free(svg);
    hx_ladder_free(l);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    assert_int_equal(hx_ladder_add(NULL, 0, HX_LANE_APP, HX_LANE_TSP, "x", NULL), -EINVAL);
    assert_int_equal(hx_ladder_add(l, 0, HX_LANE_COUNT, HX_LANE_TSP, "x", NULL), -EINVAL);
    assert_int_equal(hx_ladder_add(l, 0, HX_LANE_APP, (hx_lane)-1, "x", NULL), -EINVAL);
    assert_int_equal(hx_ladder_count(l), 0);
    assert_int_equal(hx_ladder_write_svg(NULL, stdout, "t"), -EINVAL);
    assert_int_equal(hx_ladder_write_svg(l, NULL, "t"), -EINVAL);
    /* A NULL label is an empty one, not a crash. */
    assert_int_equal(hx_ladder_add(l, 0, HX_LANE_APP, HX_LANE_TSP, NULL, NULL), 0);
    assert_int_equal(hx_ladder_count(l), 1);
    hx_ladder_free(l);
    hx_ladder_free(NULL);
}

static void test_stream_error_is_reported(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    assert_int_equal(hx_ladder_add(l, 0, HX_LANE_APP, HX_LANE_TAPISRV, "lineInitializeEx", NULL), 0);
    assert_int_equal(hx_ladder_write_svg(l, full, "x"), -EIO);
    fclose(full);
    hx_ladder_free(l);
}

static void test_hostile_labels_are_escaped(void **state)
{
    (void)state;
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    static const char *const hostile[] = {
        "<script>alert('x')</script> & \"quoted\"",
        "]]> <!-- --> <![CDATA[ x ]]>",
        "ctl \x01\x02\x1b[31m\x7f end",
        "tab\tnewline\ncr\r",
        "bad \xff\xfe lead, overlong \xc0\xaf \xe0\x80\xaf",
        "surrogate \xed\xa0\x80 nonchar \xef\xbf\xbe \xef\xbf\xbf c1 \xc2\x85",
        "beyond \xf4\x90\x80\x80 and \xf8\x88\x80\x80\x80",
        "cut at end \xe2\x82",
        "ok: \xc3\xa9\xe2\x82\xac\xf0\x9f\x93\x9e",   /* é € and a telephone receiver */
    };
    size_t n = sizeof hostile / sizeof hostile[0];
    for (size_t i = 0; i < n; i++)
        assert_int_equal(hx_ladder_add(l, i, HX_LANE_TSP, HX_LANE_MSP, hostile[i], hostile[n - 1 - i]), 0);
    char *svg = render(l, "<title> & \x01 \xff");

    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "<!--"));
    assert_null(strstr(svg, "<![CDATA"));
    assert_null(strstr(svg, "<title> &"));
    assert_non_null(strstr(svg, "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;quoted&quot;"));
    assert_non_null(strstr(svg, "&lt;title&gt; &amp; \xEF\xBF\xBD \xEF\xBF\xBD"));
    /* Controls become U+FFFD on arrows; whitespace controls a space. */
    assert_non_null(strstr(svg, "ctl \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD[31m\xEF\xBF\xBD end"));
    assert_non_null(strstr(svg, "tab newline cr "));
    /* Tooltips keep line breaks and tabs. */
    assert_non_null(strstr(svg, "tab\tnewline\ncr "));
    assert_non_null(strstr(svg, "ok: \xc3\xa9\xe2\x82\xac\xf0\x9f\x93\x9e"));
    assert_null(strstr(svg, "\xed\xa0\x80"));
    assert_null(strstr(svg, "\xef\xbf\xbe"));
    assert_null(strstr(svg, "\xc2\x85"));
    assert_null(strstr(svg, "\xf4\x90"));
    assert_clean_text(svg);
    assert_well_formed(svg);
    free(svg);
    hx_ladder_free(l);
}

static void test_time_order_is_stable(void **state)
{
    (void)state;
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    /* Added out of order; equal times must keep the order of adding. */
    static const struct { uint64_t t; const char *label; } in[] = {
        {5000, "m4"}, {1000, "m0"}, {3000, "m2a"}, {9000, "m5"}, {3000, "m2b"},
        {2000, "m1"}, {3000, "m2c"}, {4000, "m3"},
    };
    static const char *const want[] = {"m0", "m1", "m2a", "m2b", "m2c", "m3", "m4", "m5"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        assert_int_equal(hx_ladder_add(l, in[i].t, HX_LANE_APP, HX_LANE_TAPISRV, in[i].label, NULL), 0);
    char *svg = render(l, "order");
    const char *at = svg;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char needle[32];
        snprintf(needle, sizeof needle, "class=\"l\">%s<", want[i]);
        const char *p = strstr(svg, needle);
        if (!p || p < at)
            fail_msg("%s is not drawn after %s", want[i], i ? want[i - 1] : "the header");
        at = p;
    }
    free(svg);
    hx_ladder_free(l);
}

static void test_timestamps_and_arrows(void **state)
{
    (void)state;
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    uint64_t t0 = 7000000;
    assert_int_equal(hx_ladder_add(l, t0 + 12345, HX_LANE_TSP, HX_LANE_TAPISRV, "= 3", NULL), 0);
    assert_int_equal(hx_ladder_add(l, t0, HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_lineMakeCall(req 3)",
                                   "hdLine 0x1"), 0);
    assert_int_equal(hx_ladder_add(l, t0 + 2000001, HX_LANE_TSP, HX_LANE_TSP, "timer", NULL), 0);
    char *svg = render(l, "arrows");
    /* Times are ms since the earliest message, to the microsecond. */
    assert_non_null(strstr(svg, "class=\"t\">0.000<"));
    assert_non_null(strstr(svg, "class=\"t\">12.345<"));
    assert_non_null(strstr(svg, "class=\"t\">2000.001<"));
    assert_int_equal(count_of(svg, "<g>"), 3);

    /* Only the "= " reply is dashed; the detail is its message's tooltip. */
    const char *call = strstr(svg, "<g><title>TSPI_lineMakeCall(req 3)\nhdLine 0x1</title>");
    const char *reply = strstr(svg, "<g><title>= 3</title>");
    const char *timer = strstr(svg, "<g><title>timer</title>");
    assert_non_null(call);
    assert_non_null(reply);
    assert_non_null(timer);
    assert_true(call < reply && reply < timer);
    const char *reply_end = strstr(reply, "</g>");
    const char *dash = strstr(reply, "stroke-dasharray=\"6 4\"");
    assert_true(dash && dash < reply_end);
    assert_int_equal(count_of(svg, "stroke-dasharray=\"6 4\""), 1);
    /* Call goes right (TAPISRV x=475 -> TSP x=725): shaft stops before the head at 725. */
    assert_non_null(strstr(call, "<line x1=\"475\" y1=\"110\" x2=\"716\" y2=\"110\""));
    assert_non_null(strstr(call, "<path d=\"M725 110 l-9 -4 v8 z\""));
    /* The reply goes left, head pointing left at TAPISRV. */
    assert_non_null(strstr(reply, "<line x1=\"725\" y1=\"138\" x2=\"484\" y2=\"138\""));
    assert_non_null(strstr(reply, "<path d=\"M475 138 l9 -4 v8 z\""));
    /* A self-message is a loop on its own lifeline. */
    assert_non_null(strstr(timer, "<path d=\"M725 158 h30 v16 h-21\""));
    free(svg);
    hx_ladder_free(l);
}

static void test_long_text_is_cut(void **state)
{
    (void)state;
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    /* 255 ASCII bytes then a 2-byte character: the stored label stops before it
     * rather than keeping half of it. */
    char label[300];
    memset(label, 'a', 255);
    memcpy(label + 255, "\xc3\xa9" "bbbb", 7);
    assert_int_equal(hx_ladder_add(l, 0, HX_LANE_APP, HX_LANE_MSP, label, NULL), 0);
    char *svg = render(l, "long");
    assert_null(strstr(svg, "\xEF\xBF\xBD"));
    assert_null(strstr(svg, "\xc3\xa9"));
    char want[300];
    memset(want, 'a', 255);
    memcpy(want + 255, "</title>", 9);
    assert_non_null(strstr(svg, want));
    /* On the arrow: HX_LADDER_LABEL_SHOWN characters and an ellipsis. */
    memset(want, 'a', HX_LADDER_LABEL_SHOWN);
    memcpy(want + HX_LADDER_LABEL_SHOWN, "\xE2\x80\xA6</text>", sizeof "\xE2\x80\xA6</text>");
    assert_non_null(strstr(svg, want));
    free(svg);
    hx_ladder_free(l);
}

static void test_ten_thousand_messages(void **state)
{
    (void)state;
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    for (unsigned i = 0; i < 10000; i++) {
        char label[48];
        snprintf(label, sizeof label, "LINE_SENDMSPDATA %u bytes", i);
        /* Newest first, to make the sort do the work. */
        assert_int_equal(hx_ladder_add(l, (uint64_t)(10000 - i) * 100, HX_LANE_TSP, HX_LANE_MSP,
                                       label, "payload"), 0);
    }
    assert_int_equal(hx_ladder_count(l), 10000);
    char *svg = render(l, "10k");
    assert_int_equal(count_of(svg, "<g>"), 10000);
    const char *first = strstr(svg, ">LINE_SENDMSPDATA 9999 bytes<");
    const char *last = strstr(svg, ">LINE_SENDMSPDATA 0 bytes<");
    assert_true(first && last && first < last);
    assert_well_formed(svg);
    free(svg);
    hx_ladder_free(l);
}

static void test_limit_counts_dropped(void **state)
{
    (void)state;
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    for (unsigned i = 0; i < HX_LADDER_MAX; i++)
        assert_int_equal(hx_ladder_add(l, i, HX_LANE_APP, HX_LANE_TAPISRV, "m", NULL), 0);
    for (unsigned i = 0; i < 3; i++)
        assert_int_equal(hx_ladder_add(l, 0, HX_LANE_APP, HX_LANE_TAPISRV, "late", NULL), -ENOSPC);
    assert_int_equal(hx_ladder_count(l), HX_LADDER_MAX);
    assert_int_equal(hx_ladder_dropped(l), 3);
    char *svg = render(l, "full");
    assert_non_null(strstr(svg, ">3 further messages were not recorded (limit 100000)<"));
    assert_null(strstr(svg, ">late<"));
    free(svg);
    hx_ladder_free(l);
}

/* Provider threads add concurrently; nothing is lost or torn. */
struct adder {
    hx_ladder *l;
    hx_lane lane;
    int failures;
};

static void add_many(void *user)
{
    struct adder *a = user;
    for (unsigned i = 0; i < 2000; i++) {
        char label[32];
        snprintf(label, sizeof label, "lane %d msg %u", (int)a->lane, i);
        if (hx_ladder_add(a->l, i, a->lane, HX_LANE_TAPISRV, label, NULL) != 0)
            a->failures++;
    }
}

static void test_concurrent_adds(void **state)
{
    (void)state;
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    struct adder a[HX_LANE_COUNT];
    tspk_thread t[HX_LANE_COUNT];
    for (int i = 0; i < HX_LANE_COUNT; i++) {
        a[i] = (struct adder){l, (hx_lane)i, 0};
        assert_int_equal(tspk_thread_create(&t[i], add_many, &a[i]), 0);
    }
    for (int i = 0; i < HX_LANE_COUNT; i++) {
        assert_int_equal(tspk_thread_join(&t[i]), 0);
        assert_int_equal(a[i].failures, 0);
    }
    assert_int_equal(hx_ladder_count(l), HX_LANE_COUNT * 2000);
    char *svg = render(l, "threads");
    assert_int_equal(count_of(svg, "<g>"), HX_LANE_COUNT * 2000);
    /* Same time, different threads: each thread's own order survives the sort. */
    const char *m0 = strstr(svg, ">lane 2 msg 0<");
    const char *m1 = strstr(svg, ">lane 2 msg 1<");
    assert_true(m0 && m1 && m0 < m1);
    free(svg);
    hx_ladder_free(l);
}

/* A typical call, rendered to PNG: the picture a user of --ladder gets. */
static void test_renders_to_png(void **state)
{
    (void)state;
    if (!have_tool("rsvg-convert")) {
        print_message("SKIP rendering check: rsvg-convert not installed (apt-get install librsvg2-bin)\n");
        skip();
    }
    hx_ladder *l = hx_ladder_new();
    assert_non_null(l);
    static const struct { hx_lane from, to; const char *label; } flow[] = {
        {HX_LANE_APP, HX_LANE_TAPISRV, "lineMakeCall"},
        {HX_LANE_TAPISRV, HX_LANE_TSP, "TSPI_lineMakeCall(req 3)"},
        {HX_LANE_TSP, HX_LANE_TAPISRV, "= 3"},
        {HX_LANE_TAPISRV, HX_LANE_APP, "= 3"},
        {HX_LANE_TSP, HX_LANE_TAPISRV, "ASYNC_COMPLETION(3, 0)"},
        {HX_LANE_TAPISRV, HX_LANE_APP, "LINE_REPLY(3, 0)"},
        {HX_LANE_TSP, HX_LANE_MSP, "LINE_SENDMSPDATA 12 bytes"},
        {HX_LANE_MSP, HX_LANE_TSP, "MSP_TSP_DATA 8 bytes"},
        {HX_LANE_TSP, HX_LANE_TSP, "dial timer"},
        {HX_LANE_TSP, HX_LANE_TAPISRV, "LINE_CALLSTATE CONNECTED"},
        {HX_LANE_TAPISRV, HX_LANE_APP, "LINE_CALLSTATE CONNECTED"},
    };
    for (size_t i = 0; i < sizeof flow / sizeof flow[0]; i++)
        assert_int_equal(hx_ladder_add(l, 1000000 + i * 1500, flow[i].from, flow[i].to, flow[i].label,
                                       "detail"), 0);
    char *svg = render(l, "loopback: make call");
    struct scratch s;
    scratch_write(&s, svg);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rsvg-convert -o %s %s", s.png, s.svg);
    assert_int_equal(system(cmd), 0);

    unsigned char head[24] = {0};
    FILE *f = fopen(s.png, "rb");
    assert_non_null(f);
    size_t got = fread(head, 1, sizeof head, f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(got, sizeof head);
    assert_memory_equal(head, "\x89PNG\r\n\x1a\n", 8);
    /* IHDR width and height are the SVG's: 1120 wide, 11 rows tall. */
    unsigned w = (unsigned)head[16] << 24 | (unsigned)head[17] << 16 | (unsigned)head[18] << 8 | head[19];
    unsigned h = (unsigned)head[20] << 24 | (unsigned)head[21] << 16 | (unsigned)head[22] << 8 | head[23];
    assert_int_equal(w, 1120);
    assert_int_equal(h, 110 + 10 * 28 + 24 + 30 + 16);
    /* Text and lines, not a blank page (a blank 1120x460 PNG is well under 10 KB). */
    assert_true(size > 10000);
    scratch_done(&s);
    free(svg);
    hx_ladder_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_ladder),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_stream_error_is_reported),
        cmocka_unit_test(test_hostile_labels_are_escaped),
        cmocka_unit_test(test_time_order_is_stable),
        cmocka_unit_test(test_timestamps_and_arrows),
        cmocka_unit_test(test_long_text_is_cut),
        cmocka_unit_test(test_ten_thousand_messages),
        cmocka_unit_test(test_limit_counts_dropped),
        cmocka_unit_test(test_concurrent_adds),
        cmocka_unit_test(test_renders_to_png),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
