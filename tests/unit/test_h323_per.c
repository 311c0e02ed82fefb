/*
 * tests/unit/test_h323_per.c - the aligned-PER runtime (tsp-h323/asn1): hand-derived
 * X.691 byte vectors for each tricky rule, round trips of random values of a toy module
 * that uses every descriptor kind, and hostile input (truncation at every bit, lengths
 * past the end, huge lengths, nesting beyond the limit, wrong extension bitmaps, arena
 * exhaustion, full output buffers).
 *
 * Every vector's comment derives it bit by bit; clause numbers are X.691 (07/2002).
 * Inputs are copied into exactly-sized heap buffers so ASan catches any over-read.
 */
#include "test_h323_per_toy.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- helpers ---- */

static uint8_t g_arena_mem[1 << 20];

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = hex; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned v;
        assert_int_equal(sscanf(p, "%2x", &v), 1);
        assert_true(n < cap);
        out[n++] = (uint8_t)v;
        p += 2;
    }
    return n;
}

static char *hexstr(const uint8_t *p, size_t n)
{
    static char buf[4096];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < sizeof buf; i++) k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%02X", i ? " " : "", p[i]);
    buf[k] = '\0';
    return buf;
}

/* Encodes v and checks the bytes against want (hex); prints both. */
static void expect_encoding(const per_type *t, const void *v, const char *want)
{
    uint8_t out[512], exp[512];
    size_t len = 0, n = unhex(want, exp, sizeof exp);
    per_errinfo ei;
    int rc = per_encode(t, v, out, sizeof out, &len, &ei);
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        print_message("encode %s failed: %s\n", t->name, msg);
    }
    assert_int_equal(rc, 0);
    print_message("%-12s want %s\n", t->name, want);
    print_message("%-12s got  %s\n", t->name, hexstr(out, len));
    assert_int_equal(len, n);
    assert_memory_equal(out, exp, n);
}

/* Decodes hex into v (a heap copy of exactly the input size); returns the result. */
static int decode_hex(const per_type *t, const char *hex, void *v, per_arena *a, per_errinfo *ei)
{
    uint8_t tmp[512];
    size_t n = unhex(hex, tmp, sizeof tmp);
    uint8_t *in = malloc(n ? n : 1);
    assert_non_null(in);
    memcpy(in, tmp, n);
    int rc = per_decode(t, in, n, v, a, ei);
    free(in);
    return rc;
}

static per_arena *fresh_arena(void)
{
    static per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    return &a;
}

/* Decodes `hex` and encodes the result again: the bytes must come back unchanged. */
static void expect_roundtrip_hex(const per_type *t, const char *hex, void *v)
{
    uint8_t out[512], exp[512];
    size_t len, n = unhex(hex, exp, sizeof exp);
    per_errinfo ei;
    int rc = decode_hex(t, hex, v, fresh_arena(), &ei);
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        print_message("decode %s of %s: %s\n", t->name, hex, msg);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(per_encode(t, v, out, sizeof out, &len, NULL), 0);
    assert_int_equal(len, n);
    assert_memory_equal(out, exp, n);
}

/* ---- small types for the vectors ---- */

/* Ext ::= SEQUENCE { a BOOLEAN, ..., b NULL OPTIONAL, c INTEGER (0..7) OPTIONAL } and its
 * version 0, SEQUENCE { a BOOLEAN, ... }, skipping or keeping what it does not know. */
typedef struct t_ext {
    bool a, has_b, has_c;
    uint8_t c;
    per_ext_list unknown;
} t_ext;
static const per_type t_c7 = PER_INTEGER(uint8_t, 0, 7);
static const per_comp ext_comps[] = {
    PER_COMP(t_ext, a, per_t_boolean),
    PER_COMP_NULL_OPT(t_ext, "b", has_b),
    PER_COMP_OPT(t_ext, c, t_c7, has_c),
};
static const per_type ext_t = PER_SEQUENCE(t_ext, "Ext", ext_comps, 1, true);
static const per_comp ext0_comps[] = { PER_COMP(t_ext, a, per_t_boolean) };
static const per_type ext0_t = PER_SEQUENCE(t_ext, "Ext0", ext0_comps, 1, true);
static const per_type ext0_keep_t = PER_SEQUENCE_KEEP(t_ext, "Ext0", ext0_comps, 1, unknown);

/* Goal ::= CHOICE { create NULL, join NULL, invite NULL, ..., capability-negotiation NULL,
 *                   callIndependentSupplementaryService NULL }  (H.225.0 conferenceGoal) */
typedef struct t_goal {
    uint32_t choice;
} t_goal;
static const per_comp goal_comps[] = {
    PER_ALT_NULL("create"), PER_ALT_NULL("join"), PER_ALT_NULL("invite"),
    PER_ALT_NULL("capability-negotiation"), PER_ALT_NULL("callIndependentSupplementaryService"),
};
static const per_type goal_t = PER_CHOICE(t_goal, "Goal", choice, goal_comps, 3, true);

/* SEQUENCE { b BOOLEAN, x <type> }: puts x one bit off an octet boundary. */
static const per_type x_o1 = PER_OCTET_STRING(1, 1), x_o2 = PER_OCTET_STRING(2, 2);
static const per_type x_o4 = PER_OCTET_STRING(4, 4), x_o16 = PER_OCTET_STRING(16, 16);
static const per_type x_r255 = PER_INTEGER(int64_t, 0, 254), x_r256 = PER_INTEGER(int64_t, 1, 256);
static const per_type x_r257 = PER_INTEGER(int64_t, 0, 256), x_r64k = PER_INTEGER(int64_t, 0, 65535);
static const per_type x_r64k1 = PER_INTEGER(int64_t, 0, 65536), x_r32 = PER_INTEGER(int64_t, 0, 4294967295LL);
static const per_type x_num13 = PER_NUMERICSTRING(1, 3), x_num4 = PER_NUMERICSTRING(4, 4);
static const per_type x_num14 = PER_NUMERICSTRING(1, 4), x_ia5_12 = PER_IA5STRING(1, 2);
static const per_type x_bmp1 = PER_BMPSTRING(1, 1);
typedef struct t_bo { bool b; per_octets x; } t_bo;
typedef struct t_bs { bool b; per_string x; } t_bs;
typedef struct t_bw { bool b; per_bmp x; } t_bw;
typedef struct t_bi { bool b; int64_t x; } t_bi;
#define BO_TYPE(name, T, xtype) \
    static const per_comp name##_comps[] = { PER_COMP(T, b, per_t_boolean), PER_COMP(T, x, xtype) }; \
    static const per_type name = PER_SEQUENCE(T, #name, name##_comps, 2, false)
BO_TYPE(bo1_t, t_bo, x_o1);
BO_TYPE(bo2_t, t_bo, x_o2);
BO_TYPE(bo4_t, t_bo, x_o4);
BO_TYPE(bo16_t, t_bo, x_o16);
BO_TYPE(bi255_t, t_bi, x_r255);
BO_TYPE(bi256_t, t_bi, x_r256);
BO_TYPE(bi257_t, t_bi, x_r257);
BO_TYPE(bi64k_t, t_bi, x_r64k);
BO_TYPE(bi64k1_t, t_bi, x_r64k1);
BO_TYPE(bi32_t, t_bi, x_r32);
BO_TYPE(bnum13_t, t_bs, x_num13);
BO_TYPE(bnum4_t, t_bs, x_num4);
BO_TYPE(bnum14_t, t_bs, x_num14);
BO_TYPE(bia5_12_t, t_bs, x_ia5_12);
/* SEQUENCE { b BOOLEAN, o OCTET STRING (SIZE(0..8)), c BOOLEAN } */
typedef struct t_boc { bool b; per_octets o; bool c; } t_boc;
static const per_type x_o08 = PER_OCTET_STRING(0, 8);
static const per_comp boc_comps[] = {
    PER_COMP(t_boc, b, per_t_boolean), PER_COMP(t_boc, o, x_o08), PER_COMP(t_boc, c, per_t_boolean),
};
static const per_type boc_t = PER_SEQUENCE(t_boc, "BOC", boc_comps, 3, false);
BO_TYPE(bbmp1_t, t_bw, x_bmp1);

/* ---- schema checks ---- */

static void test_schema_check(void **state)
{
    (void)state;
    const per_type *good[] = { &toy_t, &toy_v1_t, &toy_v1_skip_t, &toy_opaque_t, &toy_t_alias,
                               &toy_t_alias_v1, &toy_t_alias_v1_skip, &toy_t_nest, &ext_t, &ext0_t,
                               &ext0_keep_t, &goal_t, &bo1_t, &bi32_t, &bnum4_t, &bbmp1_t };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        per_errinfo ei;
        int rc = per_schema_check(good[i], &ei);
        if (rc) {
            char msg[256];
            per_errinfo_format(&ei, rc, msg, sizeof msg);
            print_message("schema %s: %s\n", good[i]->name, msg);
        }
        assert_int_equal(rc, 0);
    }

    /* Broken descriptions are refused, naming the place. */
    typedef struct { uint8_t v; bool has; per_string s; } bad_s;
    static const per_type too_wide = PER_INTEGER(uint8_t, 0, 300);
    static const per_type unsorted = PER_IA5STRING_FROM(1, 4, "10");
    static const per_comp c1[] = { PER_COMP(bad_s, v, too_wide) };
    static const per_comp c2[] = { PER_COMP(bad_s, s, toy_t_port) };          /* size mismatch */
    static const per_comp c3[] = { PER_COMP(bad_s, v, toy_t_small), PER_COMP(bad_s, s, unsorted) };
    static const per_comp c4[] = { PER_COMP(bad_s, v, toy_t_small) };
    static const per_type bad[] = {
        PER_SEQUENCE(bad_s, "Bad1", c1, 1, false),
        PER_SEQUENCE(bad_s, "Bad2", c2, 1, false),
        PER_SEQUENCE(bad_s, "Bad3", c3, 2, false),
        PER_SEQUENCE(bad_s, "Bad4", c4, 0, false),    /* an addition without "..." */
        PER_INTEGER(uint16_t, -1, 5),
        PER_IA5STRING_FROM(1, 4, "00"),
        PER_ENUMERATED(uint8_t, 0, 0, false),
        PER_KMSTRING_("IA5String", PER_HAS_UB | PER_EXT, 1, 4, "0123"),   /* FROM + extensible SIZE */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        per_errinfo ei;
        char msg[256];
        int rc = per_schema_check(&bad[i], &ei);
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        print_message("broken description %zu: rc %d, %s\n", i, rc, msg);
        assert_int_equal(rc, PER_E_SCHEMA);
    }
    per_errinfo ei;
    char msg[256];
    assert_int_equal(per_schema_check(&bad[2], &ei), PER_E_SCHEMA);
    per_errinfo_format(&ei, PER_E_SCHEMA, msg, sizeof msg);
    assert_non_null(strstr(msg, "Bad3.s"));
}

/* ---- primitives ---- */

static size_t put(int (*fn)(per_enc *, uint64_t, uint64_t), uint64_t a, uint64_t b, uint8_t *out, size_t pre_bits)
{
    per_enc e;
    size_t len;
    assert_int_equal(per_enc_init(&e, out, 64), 0);
    assert_int_equal(per_put_bits(&e, 0x7F, (unsigned)pre_bits), 0);
    assert_int_equal(fn(&e, a, b), 0);
    assert_int_equal(per_enc_finish(&e, &len), 0);
    return len;
}

static void test_constrained_whole_numbers(void **state)
{
    (void)state;
    static const struct {
        uint64_t off, rm1;
        const char *want;   /* after one leading 1 bit */
        const char *why;
    } v[] = {
        { 0, 0, "80", "range 1: empty bit-field (10.5.4), only the leading bit" },
        { 5, 7, "D0", "range 8: 3-bit field, 1 101 0000 (10.5.7.1)" },
        { 254, 254, "FF 00", "range 255: 8-bit field, not aligned: 1 11111110 (10.5.7.1)" },
        { 1, 254, "80 80", "range 255: 1 00000001 (10.5.7.1)" },
        { 255, 255, "80 FF", "range 256: one octet, aligned: 1 pad | FF (10.5.7.2)" },
        { 256, 256, "80 01 00", "range 257: two octets, aligned (10.5.7.3)" },
        { 65535, 65535, "80 FF FF", "range 64K: two octets, aligned (10.5.7.3)" },
        { 65536, 65536, "C0 01 00 00",
          "range 64K+1: indefinite length, 3 octets needed at most so the count 1..3 takes "
          "2 bits: 1 10 pad | 01 00 00 (10.5.7.4)" },
        { 1, 4294967295u, "80 01", "range 2^32: count 1..4 in 2 bits: 1 00 pad | 01 (12.2.6)" },
        { 4294967295u, 4294967295u, "E0 FF FF FF FF", "range 2^32: 1 11 pad | FF FF FF FF" },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t out[64], exp[16];
        size_t len = put(per_put_cwn, v[i].off, v[i].rm1, out, 1), n = unhex(v[i].want, exp, sizeof exp);
        print_message("cwn %llu in 0..%llu: got %s want %s (%s)\n", (unsigned long long)v[i].off,
                      (unsigned long long)v[i].rm1, hexstr(out, len), v[i].want, v[i].why);
        assert_int_equal(len, n);
        assert_memory_equal(out, exp, n);
        per_dec d;
        uint64_t x, got;
        per_dec_init(&d, out, len);
        assert_int_equal(per_get_bits(&d, 1, &x), 0);
        assert_int_equal(per_get_cwn(&d, v[i].rm1, &got), 0);
        assert_int_equal(got, v[i].off);
    }
    /* Decoded values above the range are refused: 0xFFFF in 0..1000, 7 in a 3-bit 0..4,
     * a count of 4 octets where 3 is the most (range 64K+1). */
    static const uint8_t ffff[] = { 0xFF, 0xFF }, seven[] = { 0xE0 }, cnt4[] = { 0xC0, 1, 2, 3, 4 };
    per_dec d;
    uint64_t got;
    per_dec_init(&d, ffff, 2);
    assert_int_equal(per_get_cwn(&d, 1000, &got), PER_E_RANGE);
    per_dec_init(&d, seven, 1);
    assert_int_equal(per_get_cwn(&d, 4, &got), PER_E_RANGE);
    per_dec_init(&d, cnt4, sizeof cnt4);
    assert_int_equal(per_get_cwn(&d, 65536, &got), PER_E_RANGE);
    /* Encoding a value above its range is refused too. */
    uint8_t out[8];
    per_enc e;
    per_enc_init(&e, out, sizeof out);
    assert_int_equal(per_put_cwn(&e, 9, 7), PER_E_RANGE);
}

static void test_small_and_unconstrained_numbers(void **state)
{
    (void)state;
    uint8_t out[64];
    size_t len;
    /* 10.6: n <= 63 is '0' + 6 bits, larger n '1' + a semi-constrained number. */
    per_enc e;
    per_dec d;
    uint64_t u;
    int64_t s;
    static const struct { uint64_t n; const char *want; const char *why; } small[] = {
        { 5, "85", "1 | 0 000101" },
        { 63, "BF", "1 | 0 111111" },
        { 64, "C0 01 40", "1 | 1 pad | 01 40: long form = semi-constrained (10.6.2, 10.7)" },
        { 300, "C0 02 01 2C", "1 | 1 pad | 02 01 2C" },
    };
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        uint8_t exp[8];
        size_t n = unhex(small[i].want, exp, sizeof exp);
        per_enc_init(&e, out, sizeof out);
        per_put_bits(&e, 1, 1);
        assert_int_equal(per_put_small(&e, small[i].n), 0);
        per_enc_finish(&e, &len);
        print_message("small %llu: got %s want %s (%s)\n", (unsigned long long)small[i].n,
                      hexstr(out, len), small[i].want, small[i].why);
        assert_int_equal(len, n);
        assert_memory_equal(out, exp, n);
        per_dec_init(&d, out, len);
        per_get_bits(&d, 1, &u);
        assert_int_equal(per_get_small(&d, &u), 0);
        assert_int_equal(u, small[i].n);
    }
    /* 10.8: unconstrained whole numbers, minimal 2's complement with a length octet. */
    static const struct { int64_t v; const char *want; } unc[] = {
        { 0, "01 00" }, { -1, "01 FF" }, { 127, "01 7F" }, { 128, "02 00 80" },
        { -128, "01 80" }, { -129, "02 FF 7F" }, { INT64_MIN, "08 80 00 00 00 00 00 00 00" },
        { INT64_MAX, "08 7F FF FF FF FF FF FF FF" },
    };
    for (size_t i = 0; i < sizeof unc / sizeof unc[0]; i++) {
        uint8_t exp[16];
        size_t n = unhex(unc[i].want, exp, sizeof exp);
        per_enc_init(&e, out, sizeof out);
        assert_int_equal(per_put_unconstrained(&e, unc[i].v), 0);
        per_enc_finish(&e, &len);
        print_message("unconstrained %lld: got %s want %s\n", (long long)unc[i].v, hexstr(out, len), unc[i].want);
        assert_int_equal(len, n);
        assert_memory_equal(out, exp, n);
        per_dec_init(&d, out, len);
        assert_int_equal(per_get_unconstrained(&d, &s), 0);
        assert_int_equal(s, unc[i].v);
    }
    /* 10.7: semi-constrained, minimal unsigned octets. */
    per_enc_init(&e, out, sizeof out);
    assert_int_equal(per_put_semi(&e, 295), 0);
    per_enc_finish(&e, &len);
    assert_string_equal(hexstr(out, len), "02 01 27");
    /* Lengths that cannot be: 0 octets, 9 octets. */
    static const uint8_t zero[] = { 0x00 }, nine[] = { 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    per_dec_init(&d, zero, 1);
    assert_int_equal(per_get_semi(&d, &u), PER_E_LENGTH);
    per_dec_init(&d, nine, sizeof nine);
    assert_int_equal(per_get_unconstrained(&d, &s), PER_E_RANGE);
    /* 10.9.3.4: normally small lengths (the additions bitmap). */
    static const struct { size_t n; const char *want; } sl[] = {
        { 1, "00" }, { 64, "7E" }, { 65, "80 41" }, { 200, "80 80 C8" },
    };
    /* The other reading (PTLib writes it, Wireshark reads it): '1', then n-1 = 69 as a
     * normally small number, 01 45. Accepted when decoding; 01 05 (n = 6) is not. */
    static const uint8_t ptlib[] = { 0x80, 0x01, 0x45 }, bad[] = { 0x80, 0x01, 0x05 };
    size_t got;
    per_dec_init(&d, ptlib, sizeof ptlib);
    assert_int_equal(per_get_small_length(&d, &got), 0);
    assert_int_equal(got, 70);
    per_dec_init(&d, bad, sizeof bad);
    assert_int_equal(per_get_small_length(&d, &got), PER_E_LENGTH);
    for (size_t i = 0; i < sizeof sl / sizeof sl[0]; i++) {
        per_enc_init(&e, out, sizeof out);
        assert_int_equal(per_put_small_length(&e, sl[i].n), 0);
        per_enc_finish(&e, &len);
        print_message("small length %zu: got %s want %s\n", sl[i].n, hexstr(out, len), sl[i].want);
        assert_string_equal(hexstr(out, len), sl[i].want);
        per_dec_init(&d, out, len);
        assert_int_equal(per_get_small_length(&d, &got), 0);
        assert_int_equal(got, sl[i].n);
    }
}

/* OCTET STRING of n octets (no SIZE): the length determinant of 10.9.3.6-10.9.3.8. */
static void check_octets_length(size_t n, const uint8_t *head, size_t nhead, size_t *hdr_at, size_t nhdr)
{
    static const per_type t = PER_OCTET_STRING_UNC;
    size_t cap = n + 16, len;
    uint8_t *data = malloc(n ? n : 1), *out = malloc(cap);
    assert_non_null(data);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) data[i] = (uint8_t)(i * 7 + 1);
    per_octets v = { (uint32_t)n, data }, back;
    assert_int_equal(per_encode(&t, &v, out, cap, &len, NULL), 0);
    print_message("octets %zu: %zu bytes, starts %s\n", n, len, hexstr(out, nhead));
    assert_memory_equal(out, head, nhead);
    /* Each later length octet sits where the fragments say. */
    for (size_t i = 0; i < nhdr; i += 2) assert_int_equal(out[hdr_at[i]], hdr_at[i + 1]);
    uint8_t *in = malloc(len);
    memcpy(in, out, len);
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(per_decode(&t, in, len, &back, &a, NULL), 0);
    assert_int_equal(back.len, n);
    assert_memory_equal(back.data, data, n);
    free(in);
    free(data);
    free(out);
}

static void test_length_determinants(void **state)
{
    (void)state;
    static const uint8_t h127[] = { 0x7F, 0x01 };            /* 10.9.3.6: one octet */
    static const uint8_t h128[] = { 0x80, 0x80, 0x01 };      /* 10.9.3.7: 10 + 14 bits */
    static const uint8_t h16383[] = { 0xBF, 0xFF, 0x01 };
    static const uint8_t h16384[] = { 0xC1, 0x01 };          /* 10.9.3.8: one 16K fragment */
    static const uint8_t h65536[] = { 0xC4, 0x01 };          /* four 16K units */
    check_octets_length(127, h127, 2, NULL, 0);
    check_octets_length(128, h128, 3, NULL, 0);
    check_octets_length(16383, h16383, 3, NULL, 0);
    /* 16384 = one fragment, then the final fragment rule: an empty final length 00. */
    size_t f16384[] = { 1 + 16384, 0x00 };
    check_octets_length(16384, h16384, 2, f16384, 2);
    size_t f65536[] = { 1 + 65536, 0x00 };
    check_octets_length(65536, h65536, 2, f65536, 2);
    /* 16385 = C1, 16K octets, 01, 1 octet. */
    size_t f16385[] = { 1 + 16384, 0x01 };
    check_octets_length(16385, h16384, 2, f16385, 2);
    /* 65536 + 16384 + 5: C4, 64K, C1, 16K, 05, 5 octets. */
    size_t f3[] = { 1 + 65536, 0xC1, 1 + 65536 + 1 + 16384, 0x05 };
    check_octets_length(65536 + 16384 + 5, h65536, 2, f3, 4);
    /* 3 x 16K + 200: C3, 48K, 80 C8, 200 octets. */
    static const uint8_t h3[] = { 0xC3, 0x01 };
    size_t f4[] = { 1 + 49152, 0x80, 2 + 49152, 0xC8 };
    check_octets_length(49152 + 200, h3, 2, f4, 4);

    /* SEQUENCE OF BOOLEAN with 16384 + 3 items: C1, 16K bits (2048 octets), then the
     * final length 03 (aligned), 3 bits. */
    static const per_type bools = PER_SEQUENCE_OF_UNC(per_t_boolean);
    size_t n = 16384 + 3, len;
    bool *items = malloc(n);
    uint8_t *out = malloc(4096);
    for (size_t i = 0; i < n; i++) items[i] = (i % 3) == 0;
    per_seq_of v = { (uint32_t)n, items }, back;
    assert_int_equal(per_encode(&bools, &v, out, 4096, &len, NULL), 0);
    print_message("SEQUENCE OF BOOLEAN x %zu: %zu bytes: %s ...", n, len, hexstr(out, 3));
    print_message(" %s\n", hexstr(out + 2049, len - 2049));
    assert_int_equal(len, 1 + 2048 + 1 + 1);
    assert_int_equal(out[0], 0xC1);
    assert_int_equal(out[1], 0x92);                           /* 1001 0010: items 0, 3, 6 */
    assert_int_equal(out[2049], 0x03);
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(per_decode(&bools, out, len, &back, &a, NULL), 0);
    assert_int_equal(back.count, n);
    assert_memory_equal(back.items, items, n);
    free(items);
    free(out);

    /* A SIZE upper bound of 64K or more uses the unconstrained form with the count itself
     * (not count - lb), and the lower bound is still checked on decoding. */
    static const per_type big = PER_OCTET_STRING(0, 70000), bigmin = PER_OCTET_STRING(200, 70000);
    uint8_t buf[128], data[100] = { 0 };
    per_octets o = { 100, data };
    assert_int_equal(per_encode(&big, &o, buf, sizeof buf, &len, NULL), 0);
    assert_int_equal(buf[0], 100);
    per_octets ob;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(per_decode(&bigmin, buf, len, &ob, &a, NULL), PER_E_LENGTH);
}

/* ---- hand-derived vectors through the codec ---- */

static void test_vectors_extension_additions(void **state)
{
    (void)state;
    t_ext v = { 0 }, back;
    /* No addition present: extension bit 0, a = 1: 01 pad -> 40 (18.1). */
    v.a = true;
    expect_encoding(&ext_t, &v, "40");
    /* b present: ext 1, a 1, normally small length of the 2-bit bitmap: 0 000001 (n-1),
     * bitmap 10 -> 1 1 0000001 1 0 -> C0 C0; then b as an open type: NULL's encoding is
     * empty, so its complete encoding is one zero octet (10.1.3): length 01, 00 (18.9). */
    v.has_b = true;
    expect_encoding(&ext_t, &v, "C0 C0 01 00");
    /* b and c = 5: bitmap 11 -> C0 E0; 01 00; c = 101 pad -> A0: 01 A0. */
    v.has_c = true;
    v.c = 5;
    expect_encoding(&ext_t, &v, "C0 E0 01 00 01 A0");
    /* a FALSE, only c = 7: 1 0 0000001 0 1 -> 80 A0; 01 E0. The bitmap covers every
     * addition of the type (18.7), so it is 2 bits although only the last is set. */
    memset(&v, 0, sizeof v);
    v.has_c = true;
    v.c = 7;
    expect_encoding(&ext_t, &v, "80 A0 01 E0");
    assert_int_equal(decode_hex(&ext_t, "80 A0 01 E0", &back, fresh_arena(), NULL), 0);
    assert_false(back.a);
    assert_false(back.has_b);
    assert_true(back.has_c);
    assert_int_equal(back.c, 7);

    /* Version 0 knows no additions: it skips both open types ... */
    assert_int_equal(decode_hex(&ext0_t, "C0 E0 01 00 01 A0", &back, fresh_arena(), NULL), 0);
    assert_true(back.a);
    assert_int_equal(back.unknown.count, 0);
    /* ... or keeps them, and encodes exactly the same bytes again. */
    expect_roundtrip_hex(&ext0_keep_t, "C0 E0 01 00 01 A0", &back);
    assert_int_equal(back.unknown.count, 2);
    assert_int_equal(back.unknown.items[1].index, 1);
    assert_int_equal(back.unknown.items[1].data.len, 1);
    assert_int_equal(back.unknown.items[1].data.data[0], 0xA0);
    /* A bitmap longer than the receiver knows of, with the tail set, is skipped too:
     * 1 1 0 000100 (5 additions) 00001 (index 4) -> C2 04; open type 02 AB CD. */
    assert_int_equal(decode_hex(&ext0_t, "C2 04 02 AB CD", &back, fresh_arena(), NULL), 0);
    assert_true(back.a);
}

static void test_vectors_null_and_choice(void **state)
{
    (void)state;
    t_goal g = { 1 }, back;
    /* A NULL alone: no bits, so the complete encoding is the single zero octet 10.1.3. */
    uint8_t out[8];
    size_t len;
    assert_int_equal(per_encode(&per_t_null, &g, out, sizeof out, &len, NULL), 0);
    assert_int_equal(len, 1);
    assert_int_equal(out[0], 0x00);
    /* join: extension bit 0, index 1 of 3 in 2 bits: 0 01 -> 20 (22.5, 22.6). */
    expect_encoding(&goal_t, &g, "20");
    /* capability-negotiation, the first extension alternative: 1, normally small index 0
     * (0 000000), then the NULL as an open type 01 00 (22.8). */
    g.choice = 3;
    expect_encoding(&goal_t, &g, "80 01 00");
    assert_int_equal(decode_hex(&goal_t, "80 01 00", &back, fresh_arena(), NULL), 0);
    assert_int_equal(back.choice, 3);
    /* An extension alternative beyond what we know (index 9) is skipped: tag 3 + 9. */
    assert_int_equal(decode_hex(&goal_t, "89 02 12 34", &back, fresh_arena(), NULL), 0);
    assert_int_equal(back.choice, 12);
    /* Root index 3 of 3 cannot be: 0 11 -> 60. */
    assert_int_equal(decode_hex(&goal_t, "60", &back, fresh_arena(), NULL), PER_E_RANGE);
}

static void test_vectors_strings(void **state)
{
    (void)state;
    toy_alias a = { 0 }, back;
    /* h323-ID "Hi": ext 0, index 1 -> 01; the length 2 in SIZE(1..256) is a range-256
     * constrained whole number: one octet, aligned (10.9.3.3, 10.5.7.2): pad, 01; then
     * the characters, 16 bits each, aligned since ub*B >= 16: 00 48 00 69. */
    static const uint16_t hi[] = { 'H', 'i' };
    a.choice = ALIAS_H323ID;
    a.u.h323_id = (per_bmp){ 2, hi };
    expect_encoding(&toy_t_alias, &a, "40 01 00 48 00 69");
    assert_int_equal(decode_hex(&toy_t_alias, "40 01 00 48 00 69", &back, fresh_arena(), NULL), 0);
    assert_int_equal(back.choice, ALIAS_H323ID);
    assert_int_equal(back.u.h323_id.len, 2);
    assert_int_equal(back.u.h323_id.chars[1], 'i');
    assert_int_equal(back.u.h323_id.chars[2], 0);

    /* dialedDigits "1234#" (H.225.0 FROM("0123456789#*,")): 13 characters, b = B = 4;
     * '9' (57) does not fit 4 bits, so characters are re-indexed in ascending order:
     * # * , 0 1 .. 9 -> 0 1 2 3 4 .. 12 (27.5.4). ext 0, index 0, length 5-1 in 7 bits:
     * 0 0 0000100 -> 02 | 0 pad -> 00; characters aligned: 4 5 6 7 0 -> 45 67 00. */
    a.choice = ALIAS_DIALED;
    a.u.dialed = PER_STR("1234#");
    expect_encoding(&toy_t_alias, &a, "02 00 45 67 00");
    /* "*,0": 0 0 0000010 -> 01 | 0 pad -> 00 | 1 2 3 -> 12 30. */
    a.u.dialed = PER_STR("*,0");
    expect_encoding(&toy_t_alias, &a, "01 00 12 30");
    assert_int_equal(decode_hex(&toy_t_alias, "01 00 12 30", &back, fresh_arena(), NULL), 0);
    assert_int_equal(back.u.dialed.len, 3);
    assert_string_equal(back.u.dialed.chars, "*,0");
    /* Index 13 is not a character: '1101' in the second position. */
    assert_int_equal(decode_hex(&toy_t_alias, "01 00 1D 30", &back, fresh_arena(), NULL), PER_E_CHAR);
    a.u.dialed = PER_STR("12a");
    uint8_t out[64];
    size_t len;
    per_errinfo ei;
    char msg[256];
    assert_int_equal(per_encode(&toy_t_alias, &a, out, sizeof out, &len, &ei), PER_E_CHAR);
    per_errinfo_format(&ei, PER_E_CHAR, msg, sizeof msg);
    print_message("%s\n", msg);
    assert_non_null(strstr(msg, "Alias.u.dialed"));

    /* NumericString(SIZE(1..16)) "123": ' ' 0-9 re-indexed 0..10, B = 4; length 3-1 in
     * 4 bits: 0010; ub*B = 64 >= 16, so aligned: pad | 2 3 4 -> 20 | 23 40. */
    static const per_type num16 = PER_NUMERICSTRING(1, 16);
    per_string s = PER_STR("123"), sb;
    expect_encoding(&num16, &s, "20 23 40");
    assert_int_equal(decode_hex(&num16, "20 23 40", &sb, fresh_arena(), NULL), 0);
    assert_string_equal(sb.chars, "123");
    /* NumericString(SIZE(1..3)) after a bit: ub*B = 12 < 16, not aligned (27.5.7):
     * 1 | 00 (length 1) | 1010 ('9' = 10) -> 94. */
    t_bs bs = { true, PER_STR("9") };
    expect_encoding(&bnum13_t, &bs, "94");
    /* NumericString(SIZE(1..4)): variable with ub*B = 16, which is aligned (27.5.7 aligns
     * a variable size unless ub*B < 16): 1 | 00 (length 1) | pad | 0010 -> 80 20; likewise
     * IA5String(SIZE(1..2)) "a": 1 | 0 | pad | 61 -> 80 61. */
    bs.x = PER_STR("1");
    expect_encoding(&bnum14_t, &bs, "80 20");
    bs.x = PER_STR("a");
    expect_encoding(&bia5_12_t, &bs, "80 61");
    t_bs bsb;
    assert_int_equal(decode_hex(&bnum14_t, "80 20", &bsb, fresh_arena(), NULL), 0);
    assert_string_equal(bsb.x.chars, "1");
    /* An empty variable-size string has no field to align, so no padding: b TRUE, o empty
     * (length 0 in 4 bits), c TRUE: 1 0000 1 -> 84. (Erlang's asn1 pads here: 80 80.) */
    t_boc boc = { true, { 0, NULL }, true }, bocb;
    expect_encoding(&boc_t, &boc, "84");
    assert_int_equal(decode_hex(&boc_t, "84", &bocb, fresh_arena(), NULL), 0);
    assert_true(bocb.c);
    assert_int_equal(bocb.o.len, 0);
    /* NumericString(SIZE(4)): fixed, ub*B = 16 <= 16, not aligned (27.5.6):
     * 1 | 0010 0011 0100 0101 -> 91 A2 80. (Erlang's asn1, Wireshark and pycrate align
     * here; the Objective Systems runtime, ooh323c and PTLib do not.) */
    bs.x = PER_STR("1234");
    expect_encoding(&bnum4_t, &bs, "91 A2 80");
    /* BMPString(SIZE(1)): 16 bits, not aligned: 1 | 0010 0110 0011 1010 -> 93 1D 00. */
    static const uint16_t smile[] = { 0x263A };
    t_bw bw = { true, { 1, smile } };
    expect_encoding(&bbmp1_t, &bw, "93 1D 00");
    /* IA5String with no SIZE: aligned length, 8-bit characters (27.5.3: b = 7, B = 8). */
    static const per_type ia5 = PER_IA5STRING_UNC;
    s = PER_STR("ab");
    expect_encoding(&ia5, &s, "02 61 62");
    /* A character above 127 is not IA5. */
    assert_int_equal(decode_hex(&ia5, "01 80", &sb, fresh_arena(), NULL), PER_E_CHAR);
    /* GeneralString is not known-multiplier: length + octets (27.6). */
    static const per_type gs = PER_GENERALSTRING;
    s = PER_STR("hi");
    expect_encoding(&gs, &s, "02 68 69");
}

static void test_vectors_fixed_octets_and_ranges(void **state)
{
    (void)state;
    static const uint8_t d[16] = { 0xAB, 0xCD, 0xEF, 0x01, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
    t_bo v = { true, { 1, d } };
    /* SIZE(1), SIZE(2): no length, not aligned (16.6): 1 10101011 -> D5 80. */
    expect_encoding(&bo1_t, &v, "D5 80");
    v.x.len = 2;
    expect_encoding(&bo2_t, &v, "D5 E6 80");          /* 1 10101011 11001101 */
    /* SIZE(4), SIZE(16): no length, aligned (16.7). */
    v.x.len = 4;
    expect_encoding(&bo4_t, &v, "80 AB CD EF 01");
    v.x.len = 16;
    expect_encoding(&bo16_t, &v, "80 AB CD EF 01 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");
    v.x.len = 3;
    uint8_t out[64];
    size_t len;
    assert_int_equal(per_encode(&bo4_t, &v, out, sizeof out, &len, NULL), PER_E_LENGTH);

    /* INTEGER ranges after a bit (12.2.2 -> 10.5.7). */
    t_bi i = { true, 254 };
    expect_encoding(&bi255_t, &i, "FF 00");           /* (0..254): 8-bit field, unaligned */
    i.x = 256;
    expect_encoding(&bi256_t, &i, "80 FF");           /* (1..256): one octet, aligned */
    expect_encoding(&bi257_t, &i, "80 01 00");        /* (0..256): two octets, aligned */
    i.x = 65535;
    expect_encoding(&bi64k_t, &i, "80 FF FF");        /* (0..65535): two octets */
    i.x = 65536;
    expect_encoding(&bi64k1_t, &i, "C0 01 00 00");    /* (0..65536): count 3 in 2 bits */
    i.x = 1;
    expect_encoding(&bi32_t, &i, "80 01");            /* (0..2^32-1): count 1 */
    i.x = 4294967295LL;
    expect_encoding(&bi32_t, &i, "E0 FF FF FF FF");
    i.x = 4294967296LL;
    assert_int_equal(per_encode(&bi32_t, &i, out, sizeof out, &len, NULL), PER_E_RANGE);
    t_bi back;
    assert_int_equal(decode_hex(&bi256_t, "80 FF", &back, fresh_arena(), NULL), 0);
    assert_int_equal(back.x, 256);

    /* Extensible INTEGER (-5..5, ...): in the root, 0 + 4 bits of v+5; outside, 1 and an
     * unconstrained number (12.1). After the Toy's own bits this is checked in the round
     * trips; here alone: 3 -> 0 1000 -> 40; 100 -> 1 pad 01 64; -6 -> 1 pad 01 FA. */
    static const per_type ext_int = PER_INTEGER_EXT(int8_t, -5, 5);
    int8_t x = 3, xb;
    expect_encoding(&ext_int, &x, "40");
    x = 100;
    expect_encoding(&ext_int, &x, "80 01 64");
    x = -6;
    expect_encoding(&ext_int, &x, "80 01 FA");
    assert_int_equal(decode_hex(&ext_int, "80 01 FA", &xb, fresh_arena(), NULL), 0);
    assert_int_equal(xb, -6);
    /* Outside the root and too big for the C field (int8_t): refused, not truncated. */
    assert_int_equal(decode_hex(&ext_int, "80 02 01 00", &xb, fresh_arena(), NULL), PER_E_RANGE);

    /* ENUMERATED Color { red, green, blue, ..., cyan, magenta }: blue = 0 10 -> 40;
     * magenta = 1 0 000001 -> 81 (13.2, 13.3). An unknown extension value 9 (1 0 001001
     * -> 89) keeps index 3 + 9. */
    uint8_t c = COLOR_BLUE, cb;
    expect_encoding(&toy_t_color, &c, "40");
    c = COLOR_MAGENTA;
    expect_encoding(&toy_t_color, &c, "81");
    assert_int_equal(decode_hex(&toy_t_color, "89", &cb, fresh_arena(), NULL), 0);
    assert_int_equal(cb, 3 + 9);

    /* OBJECT IDENTIFIER 0.0.8.2250.0.4 (H.225.0 v4): length 6, BER contents 00 08 91 4A
     * 00 04 (2250 = 17 * 128 + 74) (23, X.690 8.19). */
    per_oid oid = { 6, { 0, 0, 8, 2250, 0, 4 } }, ob;
    expect_encoding(&per_t_oid, &oid, "06 00 08 91 4A 00 04");
    assert_int_equal(decode_hex(&per_t_oid, "06 00 08 91 4A 00 04", &ob, fresh_arena(), NULL), 0);
    assert_int_equal(ob.count, 6);
    assert_int_equal(ob.arcs[3], 2250);
    /* 2.999.1: first subidentifier 80 + 999 = 1079 = 88 37. */
    per_oid oid2 = { 3, { 2, 999, 1 } };
    expect_encoding(&per_t_oid, &oid2, "03 88 37 01");
    assert_int_equal(decode_hex(&per_t_oid, "03 88 37 01", &ob, fresh_arena(), NULL), 0);
    assert_int_equal(ob.arcs[0], 2);
    assert_int_equal(ob.arcs[1], 999);
    /* Malformed contents: a leading 80, an unfinished last arc, an arc over 32 bits,
     * more arcs than we hold, an empty OID; and values we cannot encode. */
    assert_int_equal(decode_hex(&per_t_oid, "02 80 01", &ob, fresh_arena(), NULL), PER_E_INVALID);
    assert_int_equal(decode_hex(&per_t_oid, "02 01 81", &ob, fresh_arena(), NULL), PER_E_INVALID);
    assert_int_equal(decode_hex(&per_t_oid, "07 01 90 80 80 80 80 00", &ob, fresh_arena(), NULL), PER_E_RANGE);
    assert_int_equal(decode_hex(&per_t_oid, "11 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01",
                                &ob, fresh_arena(), NULL), PER_E_LENGTH);
    assert_int_equal(decode_hex(&per_t_oid, "00", &ob, fresh_arena(), NULL), PER_E_INVALID);
    per_oid bad1 = { 1, { 1 } }, bad2 = { 2, { 1, 40 } }, bad3 = { 2, { 3, 1 } };
    assert_int_equal(per_encode(&per_t_oid, &bad1, out, sizeof out, &len, NULL), PER_E_INVALID);
    assert_int_equal(per_encode(&per_t_oid, &bad2, out, sizeof out, &len, NULL), PER_E_INVALID);
    assert_int_equal(per_encode(&per_t_oid, &bad3, out, sizeof out, &len, NULL), PER_E_INVALID);
}

static void test_vectors_choice_extensions(void **state)
{
    (void)state;
    toy_alias a = { 0 }, back;
    /* email-ID "a@b", the third extension alternative: 1, index 2 as 0 000010 -> 82;
     * the open type holds IA5String(SIZE(1..512)): length 3 in a range of 512 -> two
     * octets, aligned (10.5.7.3): 00 02; characters aligned: 61 40 62. Five octets:
     * 05 00 02 61 40 62 (22.8, 10.2). */
    a.choice = ALIAS_EMAIL;
    a.u.email = PER_STR("a@b");
    expect_encoding(&toy_t_alias, &a, "82 05 00 02 61 40 62");
    /* transportID Addr { ip 0A 00 00 01, port 1720 }: 1 0 000001 -> 81; contents
     * 0A 00 00 01 06 B8 (SIZE(4) aligned, range 64K two octets). */
    a.choice = ALIAS_TRANSPORT;
    static const uint8_t ip[4] = { 10, 0, 0, 1 };
    memcpy(a.u.transport.ip, ip, 4);
    a.u.transport.port = 1720;
    expect_encoding(&toy_t_alias, &a, "81 06 0A 00 00 01 06 B8");
    /* An older reader (knows url-ID only) keeps email-ID's bytes and writes them back. */
    expect_roundtrip_hex(&toy_t_alias_v1, "82 05 00 02 61 40 62", &back);
    assert_int_equal(back.choice, ALIAS_EMAIL);
    assert_int_equal(back.unknown.len, 5);
    assert_memory_equal(back.unknown.data, "\x00\x02\x61\x40\x62", 5);
    /* ... or skips them (tag still says which alternative it was). */
    assert_int_equal(decode_hex(&toy_t_alias_v1_skip, "81 06 0A 00 00 01 06 B8", &back, fresh_arena(), NULL), 0);
    assert_int_equal(back.choice, ALIAS_TRANSPORT);
    uint8_t out[64];
    size_t len;
    assert_int_equal(per_encode(&toy_t_alias_v1_skip, &back, out, sizeof out, &len, NULL), PER_E_RANGE);
    /* The open type of a known alternative holding garbage fails inside it. */
    assert_int_equal(decode_hex(&toy_t_alias, "82 01 FF", &back, fresh_arena(), NULL), PER_E_TRUNCATED);
}

/* ---- the toy: round trips, versions, opaque carriage ---- */

static size_t encode_toy(const per_type *t, const toy *v, uint8_t *out, size_t cap)
{
    size_t len = 0;
    per_errinfo ei;
    int rc = per_encode(t, v, out, cap, &len, &ei);
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        print_message("encode: %s\n", msg);
    }
    assert_int_equal(rc, 0);
    return len;
}

static void test_roundtrip_random(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    static toy_pool pool;
    static uint8_t out[8192], again[8192];
    size_t total = 0, max = 0;
    for (int i = 0; i < 3000; i++) {
        toy v, back;
        toy_random(&v, &pool, &seed, false);
        size_t len = encode_toy(&toy_t, &v, out, sizeof out);
        uint8_t *in = malloc(len);
        memcpy(in, out, len);
        per_arena *a = fresh_arena();
        per_errinfo ei;
        int rc = per_decode(&toy_t, in, len, &back, a, &ei);
        if (rc) {
            char msg[256];
            per_errinfo_format(&ei, rc, msg, sizeof msg);
            print_message("value %d: %s\n  %s\n", i, msg, hexstr(in, len));
        }
        assert_int_equal(rc, 0);
        /* Spot checks of the decoded value, then the whole value through re-encoding. */
        assert_int_equal(back.any, v.any);
        assert_int_equal(back.neg, v.neg);
        assert_int_equal(back.big, v.big);
        assert_int_equal(back.aliases.count, v.aliases.count);
        assert_int_equal(back.has_fast_start, v.has_fast_start);
        assert_int_equal(back.level, v.level);
        assert_memory_equal(back.oid.arcs, v.oid.arcs, v.oid.count * sizeof v.oid.arcs[0]);
        if (v.has_name) assert_memory_equal(back.name.chars, v.name.chars, v.name.len * 2);
        size_t len2 = encode_toy(&toy_t, &back, again, sizeof again);
        assert_int_equal(len2, len);
        assert_memory_equal(again, out, len);
        free(in);
        total += len;
        if (len > max) max = len;
    }
    print_message("3000 random Toy values round-tripped, %zu bytes on average, %zu at most\n",
                  total / 3000, max);
}

static void fill_full_toy(toy *v, toy_pool *p)
{
    uint64_t seed = 42;
    /* A random value with the variable parts present, then every other optional part
     * switched on (and the extensible INTEGER outside its root), so that the hostile
     * tests cover every field. */
    do toy_random(v, p, &seed, false);
    while (!(v->has_ovar && v->ovar.len > 130 && v->has_vbits && v->has_num && v->has_name && v->has_ia5 &&
             v->aliases.count >= 5 && v->has_fast_start && v->fast_start.count >= 2 && v->has_text));
    v->has_bits = v->has_nothing = v->has_level = v->has_call_id = v->has_marker = true;
    v->level = 9;
    v->neg = 17;
}

static void test_versions_and_opaque(void **state)
{
    (void)state;
    static toy_pool pool;
    static uint8_t out[8192], again[8192];
    toy v, back;
    fill_full_toy(&v, &pool);
    size_t len = encode_toy(&toy_t, &v, out, sizeof out);

    /* Version 1 keeps fastStart, tunnelling, marker and text as unknown additions ... */
    assert_int_equal(per_decode(&toy_v1_t, out, len, &back, fresh_arena(), NULL), 0);
    assert_true(back.has_call_id);
    assert_memory_equal(back.call_id, v.call_id, 16);
    print_message("v1 reader kept %u unknown additions\n", back.unknown.count);
    assert_int_equal(back.unknown.count, 4);
    assert_int_equal(back.unknown.items[0].index, 1);
    /* ... and relays the message unchanged. */
    assert_int_equal(encode_toy(&toy_v1_t, &back, again, sizeof again), len);
    assert_memory_equal(again, out, len);
    /* A skipping version 1 reader sees the same root. */
    assert_int_equal(per_decode(&toy_v1_skip_t, out, len, &back, fresh_arena(), NULL), 0);
    assert_int_equal(back.any, v.any);
    assert_int_equal(back.unknown.count, 0);

    /* The opaque reader carries fastStart as the open type's contents: exactly the
     * encoding of the SEQUENCE OF alone. */
    uint8_t fs[4096];
    size_t fslen;
    assert_int_equal(per_encode(&toy_t_fast_start, &v.fast_start, fs, sizeof fs, &fslen, NULL), 0);
    assert_int_equal(per_decode(&toy_opaque_t, out, len, &back, fresh_arena(), NULL), 0);
    assert_true(back.has_fast_start);
    print_message("fastStart carried opaque: %u bytes\n", back.fast_start_raw.len);
    assert_int_equal(back.fast_start_raw.len, fslen);
    assert_memory_equal(back.fast_start_raw.data, fs, fslen);
    assert_int_equal(encode_toy(&toy_opaque_t, &back, again, sizeof again), len);
    assert_memory_equal(again, out, len);

    /* DEFAULT: level 3 is not sent (18.2 allows, CANONICAL-PER requires), and an absent
     * level decodes as 3. */
    v.level = 3;
    size_t l3 = encode_toy(&toy_t, &v, again, sizeof again);
    v.has_level = false;
    v.level = 9;
    size_t labs = encode_toy(&toy_t, &v, out, sizeof out);
    assert_int_equal(l3, labs);
    assert_memory_equal(again, out, l3);
    assert_int_equal(per_decode(&toy_t, out, labs, &back, fresh_arena(), NULL), 0);
    assert_false(back.has_level);
    assert_int_equal(back.level, 3);
}

static void test_open_type_framing(void **state)
{
    (void)state;
    /* An addition whose open type exceeds 127 and 16K octets: the encoder writes it in
     * place and then inserts the longer length determinant (and fragment headers). */
    static toy_pool pool;
    static uint8_t big[20000], out[40000], again[40000];
    toy v, back;
    uint64_t seed = 7;
    toy_random(&v, &pool, &seed, false);
    per_octets item = { sizeof big, big };
    for (size_t i = 0; i < sizeof big; i++) big[i] = (uint8_t)(i ^ (i >> 8));
    v.has_fast_start = true;
    v.fast_start.count = 1;
    v.fast_start.items = &item;
    v.has_call_id = v.has_marker = v.has_text = false;
    size_t len = encode_toy(&toy_t, &v, out, sizeof out);
    /* The open type holds 1 + 3 + 20000 octets (count, C1 ... 16K, 8E 20 ... 3616):
     * so it is framed as C1, 16K, then 0x0E24 -> 8E 24, 3620. */
    uint8_t *hit = NULL;
    for (size_t i = 0; i + 3 < len; i++)
        if (out[i] == 0xC1 && out[i + 1] == 0x01 && out[i + 2] == 0xC1) {
            hit = out + i;
            break;
        }
    assert_non_null(hit);
    print_message("open type of %zu octets framed: %s ...\n", (size_t)20004, hexstr(hit, 4));
    assert_int_equal(hit[1 + 16384], 0x8E);
    assert_int_equal(hit[2 + 16384], 0x24);
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(per_decode(&toy_t, out, len, &back, &a, NULL), 0);
    assert_int_equal(back.fast_start.count, 1);
    assert_int_equal(back.fast_start.items[0].len, sizeof big);
    assert_memory_equal(back.fast_start.items[0].data, big, sizeof big);
    assert_int_equal(encode_toy(&toy_t, &back, again, sizeof again), len);
    assert_memory_equal(again, out, len);
    /* Fragmented open types are gathered for the opaque reader too. */
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(per_decode(&toy_opaque_t, out, len, &back, &a, NULL), 0);
    assert_int_equal(back.fast_start_raw.len, 20004);
    /* And an output buffer one octet short of the framed size fails cleanly. */
    assert_int_equal(per_encode(&toy_t, &v, again, len - 1, &len, NULL), PER_E_FULL);
}

/* ---- hostile input ---- */

static void test_truncated_at_every_bit(void **state)
{
    (void)state;
    static toy_pool pool;
    static uint8_t out[8192];
    toy v, back;
    fill_full_toy(&v, &pool);
    size_t len = encode_toy(&toy_t, &v, out, sizeof out);
    /* The exact bit length of the value: decode once and look where it stopped. */
    per_dec d;
    per_dec_init(&d, out, len);
    assert_int_equal(per_decode_from(&d, &toy_t, &back, fresh_arena(), NULL), 0);
    size_t bits = d.bit;
    print_message("full Toy: %zu octets, %zu bits of value\n", len, bits);
    int counts[16] = { 0 };
    for (size_t cut = 0; cut < bits; cut++) {
        uint8_t *in = malloc((cut + 7) / 8 + 1);
        memcpy(in, out, (cut + 7) / 8);
        per_dec_init(&d, in, (cut + 7) / 8);
        d.nbits = cut;
        int rc = per_decode_from(&d, &toy_t, &back, fresh_arena(), NULL);
        if (rc >= 0 || rc < -15) print_message("cut at bit %zu: rc %d\n", cut, rc);
        assert_true(rc < 0);
        counts[-rc]++;
        free(in);
    }
    for (int i = 1; i < 16; i++)
        if (counts[i]) print_message("  %d cuts: %s\n", counts[i], per_strerror(-i));
    /* Whole-octet truncations through per_decode too. */
    for (size_t n = 0; n < len; n++) {
        uint8_t *in = malloc(n ? n : 1);
        memcpy(in, out, n);
        assert_true(per_decode(&toy_t, in, n, &back, fresh_arena(), NULL) < 0);
        free(in);
    }
}

static void test_full_output_buffer(void **state)
{
    (void)state;
    static toy_pool pool;
    static uint8_t out[8192], guard[8192 + 64];
    toy v;
    fill_full_toy(&v, &pool);
    size_t len = encode_toy(&toy_t, &v, out, sizeof out), got;
    for (size_t cap = 0; cap < len; cap++) {
        memset(guard, 0x5A, sizeof guard);
        int rc = per_encode(&toy_t, &v, guard, cap, &got, NULL);
        assert_int_equal(rc, PER_E_FULL);
        for (size_t i = cap; i < sizeof guard; i++)
            if (guard[i] != 0x5A) fail_msg("cap %zu: byte %zu written", cap, i);
    }
    assert_int_equal(per_encode(&toy_t, &v, guard, len, &got, NULL), 0);
    assert_int_equal(got, len);
    print_message("encoder refused every capacity below %zu octets without writing past it\n", len);
}

static void test_hostile_lengths(void **state)
{
    (void)state;
    static const per_type octets = PER_OCTET_STRING_UNC, bools = PER_SEQUENCE_OF_UNC(per_t_boolean);
    static const per_type nulls = PER_SEQUENCE_OF_UNC(per_t_null);
    per_octets o;
    per_seq_of s;
    /* A length past the end of the input. */
    assert_int_equal(decode_hex(&octets, "64 01 02 03", &o, fresh_arena(), NULL), PER_E_TRUNCATED);
    /* Fragments announcing 64K with nothing behind them: refused before any allocation. */
    assert_int_equal(decode_hex(&octets, "C4 00", &o, fresh_arena(), NULL), PER_E_TRUNCATED);
    /* Fragment headers with a factor of 0 or 5..63 are not PER. */
    assert_int_equal(decode_hex(&octets, "C0 00", &o, fresh_arena(), NULL), PER_E_LENGTH);
    assert_int_equal(decode_hex(&octets, "C5 00", &o, fresh_arena(), NULL), PER_E_LENGTH);
    /* A size above the constraint: SIZE(0..300) is a range of 301, two aligned octets
     * (10.5.7.3), and FF 80 is 65408. */
    static const per_type o300 = PER_OCTET_STRING(0, 300);
    assert_int_equal(decode_hex(&o300, "FF 80", &o, fresh_arena(), NULL), PER_E_RANGE);
    /* A count of items larger than the input can hold. */
    assert_int_equal(decode_hex(&bools, "BF FF 00", &s, fresh_arena(), NULL), PER_E_TRUNCATED);
    /* SEQUENCE OF NULL costs no bits per item: 64K items per fragment octet, bounded by
     * the arena (one byte per item), so an endless run of fragments stops there. */
    uint8_t *many = malloc(4096);
    memset(many, 0xC4, 4096);
    per_arena small;
    static uint8_t mem[100000];
    per_arena_init(&small, mem, sizeof mem);
    assert_int_equal(per_decode(&nulls, many, 4096, &s, &small, NULL), PER_E_ARENA);
    free(many);
    /* The SIZE of a fixed-size SEQUENCE OF is trusted, the items still must be there. */
    static const per_type four = PER_SEQUENCE_OF(toy_t_port, 4, 4);
    assert_int_equal(decode_hex(&four, "00 01 00 02 00 03", &s, fresh_arena(), NULL), PER_E_TRUNCATED);
}

static void test_wrong_extension_bitmaps(void **state)
{
    (void)state;
    t_ext v;
    per_errinfo ei;
    char msg[256];
    /* Extension bit 1 but an all-zero bitmap: 1 1 0000001 0 0 -> C0 80. X.691 18.1 sets
     * the bit only when an addition is present. */
    assert_int_equal(decode_hex(&ext_t, "C0 80", &v, fresh_arena(), &ei), PER_E_EXTENSION);
    per_errinfo_format(&ei, PER_E_EXTENSION, msg, sizeof msg);
    print_message("%s\n", msg);
    /* The bitmap says c is there, its open type is empty: a complete encoding has at least
     * one octet (10.1.3), so this is not an encoding at all. Likewise an empty unknown one
     * that would be skipped, and the inner value cut short inside its open type. */
    assert_int_equal(decode_hex(&ext_t, "80 A0 00", &v, fresh_arena(), &ei), PER_E_EXTENSION);
    per_errinfo_format(&ei, PER_E_EXTENSION, msg, sizeof msg);
    print_message("%s\n", msg);
    assert_non_null(strstr(msg, "Ext.c"));
    t_goal g;
    toy_alias alias;
    assert_int_equal(decode_hex(&ext0_t, "C2 04 00", &v, fresh_arena(), NULL), PER_E_EXTENSION);
    assert_int_equal(decode_hex(&goal_t, "89 00", &g, fresh_arena(), NULL), PER_E_EXTENSION);
    assert_int_equal(decode_hex(&toy_t_alias, "82 01 FF", &alias, fresh_arena(), NULL), PER_E_TRUNCATED);
    /* ... or runs past the input. */
    assert_int_equal(decode_hex(&ext_t, "80 A0 05 E0", &v, fresh_arena(), NULL), PER_E_TRUNCATED);
    /* A 64-bit bitmap announced, 7 bits there. */
    assert_int_equal(decode_hex(&ext_t, "DF 80", &v, fresh_arena(), NULL), PER_E_TRUNCATED);
    /* The bitmap lists additions whose open types are missing. */
    assert_int_equal(decode_hex(&ext0_t, "C2 04", &v, fresh_arena(), NULL), PER_E_TRUNCATED);
    /* Kept unknown additions must be in increasing order to be encoded: 3, 4 gives
     * 1 0 0 000100 00011 -> 82 0C, then 01 00 twice. */
    t_ext bad = { 0 };
    per_ext_item items[2] = { { 3, { 1, (const uint8_t *)"\x00" } }, { 2, { 1, (const uint8_t *)"\x00" } } };
    bad.unknown.count = 2;
    bad.unknown.items = items;
    uint8_t out[32];
    size_t len;
    assert_int_equal(per_encode(&ext0_keep_t, &bad, out, sizeof out, &len, NULL), PER_E_INVALID);
    items[1].index = 4;
    assert_int_equal(per_encode(&ext0_keep_t, &bad, out, sizeof out, &len, NULL), 0);
    print_message("kept unknowns 3, 4 re-encoded: %s\n", hexstr(out, len));
    assert_string_equal(hexstr(out, len), "82 0C 01 00 01 00");
}

static void test_depth_limit(void **state)
{
    (void)state;
    /* Nest levels: bitmap bit 1 (child present) + pad + depth in two octets; the last
     * one has no child. Each level is one step deeper for the codec. */
    size_t levels = 1000, n = levels * 3;
    uint8_t *in = malloc(n);
    for (size_t i = 0; i < levels; i++) {
        in[3 * i] = i + 1 < levels ? 0x80 : 0x00;
        in[3 * i + 1] = (uint8_t)(i >> 8);
        in[3 * i + 2] = (uint8_t)i;
    }
    toy_nest v;
    per_errinfo ei;
    char msg[512];
    int rc = per_decode(&toy_t_nest, in, n, &v, fresh_arena(), &ei);
    per_errinfo_format(&ei, rc, msg, sizeof msg);
    print_message("1000 levels: %s\n", msg);
    assert_int_equal(rc, PER_E_DEPTH);
    assert_non_null(strstr(msg, "at ...child.child"));
    /* Within the limit it decodes. */
    size_t ok = PER_MAX_DEPTH / 2;
    in[3 * (ok - 1)] = 0x00;
    assert_int_equal(per_decode(&toy_t_nest, in, ok * 3, &v, fresh_arena(), NULL), 0);
    size_t seen = 0;
    for (toy_nest *p = &v; p; p = p->child) seen++;
    assert_int_equal(seen, ok);
    free(in);

    /* The encoder has the same limit: a long chain, and a cycle. */
    toy_nest *chain = calloc(levels, sizeof *chain);
    for (size_t i = 0; i + 1 < levels; i++) chain[i].child = &chain[i + 1];
    uint8_t out[8192];
    size_t len;
    assert_int_equal(per_encode(&toy_t_nest, chain, out, sizeof out, &len, NULL), PER_E_DEPTH);
    chain[1].child = &chain[0];
    assert_int_equal(per_encode(&toy_t_nest, chain, out, sizeof out, &len, NULL), PER_E_DEPTH);
    free(chain);
}

static void test_arena_exhaustion(void **state)
{
    (void)state;
    static toy_pool pool;
    static uint8_t out[8192];
    toy v, back;
    fill_full_toy(&v, &pool);
    size_t len = encode_toy(&toy_t, &v, out, sizeof out);
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(per_decode(&toy_t, out, len, &back, &a, NULL), 0);
    size_t need = a.used;
    /* Every smaller arena fails with PER_E_ARENA (the buffer is offset so that the
     * alignment padding stays the same). */
    for (size_t size = 0; size < need; size++) {
        per_arena_init(&a, g_arena_mem, size);
        int rc = per_decode(&toy_t, out, len, &back, &a, NULL);
        if (rc != PER_E_ARENA) fail_msg("arena of %zu (need %zu): rc %d", size, need, rc);
        assert_true(a.used <= size);
    }
    per_arena_init(&a, g_arena_mem, need);
    assert_int_equal(per_decode(&toy_t, out, len, &back, &a, NULL), 0);
    print_message("full Toy of %zu octets needs an arena of %zu bytes; every smaller one is refused\n", len, need);
    /* No arena at all. */
    per_arena_init(&a, NULL, 100);
    assert_int_equal(per_decode(&toy_t, out, len, &back, &a, NULL), PER_E_ARENA);
}

static void test_bad_values_encode(void **state)
{
    (void)state;
    static toy_pool pool;
    uint8_t out[8192];
    size_t len;
    toy v;
    per_errinfo ei;
    char msg[256];
    uint64_t seed = 3;
    toy_random(&v, &pool, &seed, false);
    v.small = 8;                                       /* INTEGER (0..7) */
    assert_int_equal(per_encode(&toy_t, &v, out, sizeof out, &len, &ei), PER_E_RANGE);
    per_errinfo_format(&ei, PER_E_RANGE, msg, sizeof msg);
    print_message("%s\n", msg);
    assert_non_null(strstr(msg, "Toy.small"));
    v.small = 7;
    v.aliases.count = 9;                               /* SIZE(0..8) */
    assert_int_equal(per_encode(&toy_t, &v, out, sizeof out, &len, &ei), PER_E_LENGTH);
    v.aliases.count = 1;
    pool.aliases[0].choice = 77;                       /* no such alternative */
    assert_int_equal(per_encode(&toy_t, &v, out, sizeof out, &len, &ei), PER_E_RANGE);
    per_errinfo_format(&ei, PER_E_RANGE, msg, sizeof msg);
    print_message("%s\n", msg);
    assert_non_null(strstr(msg, "Toy.aliases[0]"));
    pool.aliases[0].choice = ALIAS_DIALED;
    pool.aliases[0].u.dialed = PER_STR("");            /* SIZE(1..128) */
    assert_int_equal(per_encode(&toy_t, &v, out, sizeof out, &len, &ei), PER_E_LENGTH);
    pool.aliases[0].u.dialed = PER_STR("5");
    v.color = 200;                                     /* extension index 197: allowed */
    assert_int_equal(per_encode(&toy_t, &v, out, sizeof out, &len, &ei), 0);
    v.oid.count = 0;
    assert_int_equal(per_encode(&toy_t, &v, out, sizeof out, &len, &ei), PER_E_INVALID);
    assert_string_equal(per_strerror(PER_E_ARENA), "decode arena exhausted");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_check),
        cmocka_unit_test(test_constrained_whole_numbers),
        cmocka_unit_test(test_small_and_unconstrained_numbers),
        cmocka_unit_test(test_length_determinants),
        cmocka_unit_test(test_vectors_extension_additions),
        cmocka_unit_test(test_vectors_null_and_choice),
        cmocka_unit_test(test_vectors_strings),
        cmocka_unit_test(test_vectors_fixed_octets_and_ranges),
        cmocka_unit_test(test_vectors_choice_extensions),
        cmocka_unit_test(test_roundtrip_random),
        cmocka_unit_test(test_versions_and_opaque),
        cmocka_unit_test(test_open_type_framing),
        cmocka_unit_test(test_truncated_at_every_bit),
        cmocka_unit_test(test_full_output_buffer),
        cmocka_unit_test(test_hostile_lengths),
        cmocka_unit_test(test_wrong_extension_bitmaps),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_arena_exhaustion),
        cmocka_unit_test(test_bad_values_encode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
