/* Unit tests for sdk/include/tspkit/utf16.h: conversions both ways, the
 * documented answer to each kind of invalid input, buffer sizing, helpers. */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/utf16.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Converts UTF-8 with an explicit length and compares with the expected units. */
static void check8to16(const char *in, size_t in_len, unsigned flags, LONG want_rc,
                       const WCHAR *want, size_t want_len)
{
    WCHAR out[32];
    size_t need = 12345, i;
    LONG rc = tspk_utf8_to_utf16(in, in_len, out, NELEM(out), &need, flags);

    assert_int_equal(rc, want_rc);
    if (rc != 0) {
        assert_int_equal(out[0], 0);
        return;
    }
    assert_int_equal(need, want_len);
    for (i = 0; i < want_len; i++) assert_int_equal(out[i], want[i]);
    assert_int_equal(out[want_len], 0);
}

static void test_utf8_valid(void **state)
{
    static const WCHAR ascii[] = { 'a', 'T', '/', '0' };
    static const WCHAR two[] = { 0x00E9, 0x07FF, 0x0080 };
    static const WCHAR three[] = { 0x20AC, 0xFFFF, 0x0800, 0xD7FF, 0xE000 };
    static const WCHAR four[] = { 0xD83D, 0xDE00, 0xDBFF, 0xDFFF, 0xD800, 0xDC00 };
    (void)state;
    check8to16("aT/0", TSPK_NTS, TSPK_UTF_STRICT, 0, ascii, 4);
    check8to16("\xC3\xA9\xDF\xBF\xC2\x80", TSPK_NTS, TSPK_UTF_STRICT, 0, two, 3);
    check8to16("\xE2\x82\xAC\xEF\xBF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80", TSPK_NTS,
               TSPK_UTF_STRICT, 0, three, 5);
    /* U+1F600, U+10FFFF, U+10000 become surrogate pairs. */
    check8to16("\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\xF0\x90\x80\x80", TSPK_NTS, TSPK_UTF_STRICT, 0,
               four, 6);
    check8to16("", TSPK_NTS, TSPK_UTF_STRICT, 0, ascii, 0);
}

static void test_utf8_explicit_length_keeps_nul(void **state)
{
    static const WCHAR want[] = { 'a', 0, 'b' };
    (void)state;
    check8to16("a\0bc", 3, TSPK_UTF_STRICT, 0, want, 3);
}

static void test_utf8_invalid_strict(void **state)
{
    static const char *const bad[] = {
        "\x80",             /* stray continuation */
        "a\xBF",            /* stray continuation after ASCII */
        "\xC0\x80",         /* overlong NUL */
        "\xC1\xBF",         /* overlong 2-byte */
        "\xE0\x9F\xBF",     /* overlong 3-byte */
        "\xF0\x8F\xBF\xBF", /* overlong 4-byte */
        "\xED\xA0\x80",     /* encoded high surrogate */
        "\xED\xBF\xBF",     /* encoded low surrogate */
        "\xF4\x90\x80\x80", /* U+110000 */
        "\xF5\x80\x80\x80", /* lead byte F5 */
        "\xFF",             /* never valid */
        "\xC3",             /* truncated by end of input */
        "\xE2\x82",         /* truncated by end of input */
        "\xF0\x9F\x98",     /* truncated by end of input */
        "\xE2\x41\x42",     /* truncated by a non-continuation */
    };
    size_t i;
    (void)state;
    for (i = 0; i < NELEM(bad); i++)
        check8to16(bad[i], TSPK_NTS, TSPK_UTF_STRICT, (LONG)LINEERR_INVALPARAM, NULL, 0);
}

static void test_utf8_invalid_replaced(void **state)
{
    static const WCHAR stray[] = { 'a', 0xFFFD, 'b' };
    static const WCHAR overlong[] = { 0xFFFD, 0xFFFD };      /* C0 and 80: two subparts */
    static const WCHAR trunc3[] = { 0xFFFD, 'A' };           /* E2 82 is one subpart */
    static const WCHAR surr[] = { 0xFFFD, 0xFFFD, 0xFFFD };  /* ED, A0, 80 separately */
    static const WCHAR trunc_end[] = { 'x', 0xFFFD };        /* F0 9F 98 at the end */
    static const WCHAR big[] = { 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD };
    (void)state;
    check8to16("a\x80" "b", TSPK_NTS, TSPK_UTF_REPLACE, 0, stray, 3);
    check8to16("\xC0\x80", TSPK_NTS, TSPK_UTF_REPLACE, 0, overlong, 2);
    check8to16("\xE2\x82" "A", TSPK_NTS, TSPK_UTF_REPLACE, 0, trunc3, 2);
    check8to16("\xED\xA0\x80", TSPK_NTS, TSPK_UTF_REPLACE, 0, surr, 3);
    check8to16("x\xF0\x9F\x98", TSPK_NTS, TSPK_UTF_REPLACE, 0, trunc_end, 2);
    check8to16("\xF4\x90\x80\x80", TSPK_NTS, TSPK_UTF_REPLACE, 0, big, 4);
}

static void test_utf8_small_buffer(void **state)
{
    WCHAR out[8];
    size_t need = 0;
    LONG rc;
    (void)state;

    /* "ab" + U+1F600: 4 units. With room for 3 + NUL the pair must not be split. */
    memset(out, 0x55, sizeof(out));
    rc = tspk_utf8_to_utf16("ab\xF0\x9F\x98\x80", TSPK_NTS, out, 4, &need, TSPK_UTF_STRICT);
    assert_int_equal(rc, (LONG)LINEERR_STRUCTURETOOSMALL);
    assert_int_equal(need, 4);
    assert_int_equal(out[0], 'a');
    assert_int_equal(out[1], 'b');
    assert_int_equal(out[2], 0);
    assert_int_equal(out[4], 0x5555);

    /* A later, shorter character must not be written after one that did not fit. */
    rc = tspk_utf8_to_utf16("a\xF0\x9F\x98\x80" "b", TSPK_NTS, out, 3, &need, TSPK_UTF_STRICT);
    assert_int_equal(rc, (LONG)LINEERR_STRUCTURETOOSMALL);
    assert_int_equal(need, 4);
    assert_int_equal(out[0], 'a');
    assert_int_equal(out[1], 0);

    /* Exact fit: 4 units + NUL. */
    rc = tspk_utf8_to_utf16("ab\xF0\x9F\x98\x80", TSPK_NTS, out, 5, &need, TSPK_UTF_STRICT);
    assert_int_equal(rc, 0);
    assert_int_equal(out[3], 0xDE00);
    assert_int_equal(out[4], 0);

    /* Sizing call. */
    rc = tspk_utf8_to_utf16("hello", TSPK_NTS, NULL, 0, &need, TSPK_UTF_STRICT);
    assert_int_equal(rc, (LONG)LINEERR_STRUCTURETOOSMALL);
    assert_int_equal(need, 5);
}

static void test_null_pointers(void **state)
{
    WCHAR w[4] = { 0 };
    char c[4];
    (void)state;
    assert_int_equal(tspk_utf8_to_utf16(NULL, 0, w, 4, NULL, 0), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_utf8_to_utf16("a", 1, NULL, 4, NULL, 0), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_utf16_to_utf8(NULL, 0, c, 4, NULL, 0), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_utf16_to_utf8(w, 0, NULL, 4, NULL, 0), (LONG)LINEERR_INVALPOINTER);
    assert_null(tspk_wcsdup_utf8(NULL));
}

static void test_utf16_to_utf8(void **state)
{
    static const WCHAR in[] = { 'A', 0x00E9, 0x20AC, 0xD83D, 0xDE00, 0 };
    static const WCHAR lone_hi[] = { 'a', 0xD800, 'b', 0 };
    static const WCHAR lone_lo[] = { 0xDC00, 0 };
    static const WCHAR hi_at_end[] = { 'a', 0xDBFF, 0 };
    static const WCHAR reversed[] = { 0xDC00, 0xD800, 0 };
    char out[16];
    size_t need = 0;
    (void)state;

    assert_int_equal(tspk_utf16_to_utf8(in, TSPK_NTS, out, sizeof(out), &need, 0), 0);
    assert_int_equal(need, 10);
    assert_string_equal(out, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");

    assert_int_equal(tspk_utf16_to_utf8(lone_hi, TSPK_NTS, out, sizeof(out), &need, 0),
                     (LONG)LINEERR_INVALPARAM);
    assert_string_equal(out, "");
    assert_int_equal(tspk_utf16_to_utf8(lone_lo, TSPK_NTS, out, sizeof(out), &need, 0),
                     (LONG)LINEERR_INVALPARAM);
    assert_int_equal(tspk_utf16_to_utf8(hi_at_end, TSPK_NTS, out, sizeof(out), &need, 0),
                     (LONG)LINEERR_INVALPARAM);
    /* The pair cut by an explicit length is a lone high surrogate. */
    assert_int_equal(tspk_utf16_to_utf8(in, 4, out, sizeof(out), &need, 0),
                     (LONG)LINEERR_INVALPARAM);

    assert_int_equal(tspk_utf16_to_utf8(lone_hi, TSPK_NTS, out, sizeof(out), &need,
                                        TSPK_UTF_REPLACE), 0);
    assert_string_equal(out, "a\xEF\xBF\xBD" "b");
    assert_int_equal(need, 5);
    assert_int_equal(tspk_utf16_to_utf8(reversed, TSPK_NTS, out, sizeof(out), &need,
                                        TSPK_UTF_REPLACE), 0);
    assert_string_equal(out, "\xEF\xBF\xBD\xEF\xBF\xBD");

    /* Too small: whole characters only. "A" + 2-byte e-acute needs 3 + NUL. */
    memset(out, 'x', sizeof(out));
    assert_int_equal(tspk_utf16_to_utf8(in, TSPK_NTS, out, 3, &need, 0),
                     (LONG)LINEERR_STRUCTURETOOSMALL);
    assert_int_equal(need, 10);
    assert_string_equal(out, "A");
    assert_int_equal(out[3], 'x');
}

static void test_roundtrip_all_scalars(void **state)
{
    long cp;
    (void)state;
    for (cp = 1; cp <= 0x10FFFF; cp += (cp < 0x10000 ? 1 : 7)) {
        WCHAR w[3], w2[3];
        char u[5];
        size_t n16, n8, n16b;
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        if (cp < 0x10000) { w[0] = (WCHAR)cp; w[1] = 0; n16 = 1; }
        else {
            w[0] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
            w[1] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            w[2] = 0;
            n16 = 2;
        }
        assert_int_equal(tspk_utf16_to_utf8(w, TSPK_NTS, u, sizeof(u), &n8, 0), 0);
        assert_int_equal(n8, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
        assert_int_equal(tspk_utf8_to_utf16(u, TSPK_NTS, w2, NELEM(w2), &n16b, 0), 0);
        assert_int_equal(n16b, n16);
        assert_memory_equal(w, w2, n16 * sizeof(WCHAR));
    }
}

static void test_lengths(void **state)
{
    static const WCHAR s[] = { 'a', 'b', 'c', 0, 'd' };
    (void)state;
    assert_int_equal(tspk_wcslen(s), 3);
    assert_int_equal(tspk_wcslen(s + 3), 0);
    assert_int_equal(tspk_wcsnlen(s, 2), 2);
    assert_int_equal(tspk_wcsnlen(s, 3), 3);
    assert_int_equal(tspk_wcsnlen(s, 5), 3);
    assert_int_equal(tspk_wcsnlen(s, 0), 0);
}

static void test_compare(void **state)
{
    static const WCHAR hi_unit[] = { 0xE000, 0 };
    static const WCHAR lo_unit[] = { 'z', 0 };
    (void)state;
    assert_int_equal(tspk_wcscmp(TSPK_W("wave/in"), TSPK_W("wave/in")), 0);
    assert_true(tspk_wcscmp(TSPK_W("wave/in"), TSPK_W("wave/out")) < 0);
    assert_true(tspk_wcscmp(TSPK_W("wave"), TSPK_W("wave/in")) < 0);
    assert_true(tspk_wcscmp(TSPK_W("wave/in"), TSPK_W("wave")) > 0);
    assert_true(tspk_wcscmp(TSPK_W("Wave"), TSPK_W("wave")) < 0);
    /* Code units compare unsigned. */
    assert_true(tspk_wcscmp(hi_unit, lo_unit) > 0);

    assert_int_equal(tspk_wcsicmp_ascii(TSPK_W("Comm/DataModem"), TSPK_W("comm/datamodem")), 0);
    assert_int_equal(tspk_wcsicmp_ascii(TSPK_W(""), TSPK_W("")), 0);
    assert_true(tspk_wcsicmp_ascii(TSPK_W("comm"), TSPK_W("COMM/datamodem")) < 0);
    assert_true(tspk_wcsicmp_ascii(TSPK_W("tapi/phone"), TSPK_W("TAPI/LINE")) > 0);
    /* Only ASCII folds: E-acute and e-acute differ. */
    assert_true(tspk_wcsicmp_ascii(TSPK_W("\u00c9"), TSPK_W("\u00e9")) != 0);
    /* '@' and '`' sit just outside A-Z and a-z. */
    assert_true(tspk_wcsicmp_ascii(TSPK_W("@"), TSPK_W("`")) != 0);
}

static void test_literal_macro(void **state)
{
    const WCHAR *s = TSPK_W("comm/datamodem");
    (void)state;
    assert_int_equal(sizeof(TSPK_W("ab")), 3 * sizeof(WCHAR));
    assert_int_equal(tspk_wcslen(s), 14);
    assert_int_equal(s[4], '/');
}

static void test_wcsdup_utf8(void **state)
{
    static const WCHAR bad[] = { 'x', 0xDFFF, 0 };
    char *p;
    (void)state;
    p = tspk_wcsdup_utf8(TSPK_W("Modem \u00e9\u20ac"));
    assert_non_null(p);
    assert_string_equal(p, "Modem \xC3\xA9\xE2\x82\xAC");
    free(p);
    p = tspk_wcsdup_utf8(bad);
    assert_non_null(p);
    assert_string_equal(p, "x\xEF\xBF\xBD");
    free(p);
    p = tspk_wcsdup_utf8(TSPK_W(""));
    assert_non_null(p);
    assert_string_equal(p, "");
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_explicit_length_keeps_nul),
        cmocka_unit_test(test_utf8_invalid_strict),
        cmocka_unit_test(test_utf8_invalid_replaced),
        cmocka_unit_test(test_utf8_small_buffer),
        cmocka_unit_test(test_null_pointers),
        cmocka_unit_test(test_utf16_to_utf8),
        cmocka_unit_test(test_roundtrip_all_scalars),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_literal_macro),
        cmocka_unit_test(test_wcsdup_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
