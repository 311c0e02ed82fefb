/* Unit tests for tsp-h323/q931/tpkt.h: the TPKT header (RFC 1006 section 6) and the
 * stream reassembler: any chunking gives the same PDUs, garbage is refused at the octet
 * that shows it, oversize PDUs are skipped without being stored, memory stays the
 * caller's buffer whatever arrives (10 MB of garbage, 10 MB of maximum-length TPKTs). */
#include "q931/tpkt.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- helpers ---- */

/* A small deterministic generator, so a failure can be replayed. */
static uint32_t rng_state;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

#define GUARD 0xA5
#define GUARD_LEN 64

/* A reassembly buffer of cap octets with guard octets after it: the reassembler must
 * never write past cap. */
typedef struct {
    uint8_t *mem;
    size_t cap;
} guarded;

static guarded guarded_new(size_t cap)
{
    guarded g = { malloc(cap + GUARD_LEN), cap };
    assert_non_null(g.mem);
    memset(g.mem, GUARD, cap + GUARD_LEN);
    return g;
}

static void guarded_check_free(guarded g)
{
    for (size_t i = 0; i < GUARD_LEN; i++)
        if (g.mem[g.cap + i] != GUARD)
            fail_msg("guard octet %zu after the %zu-octet buffer was overwritten", i, g.cap);
    free(g.mem);
}

/* A stream of TPKTs and the payloads it carries. */
typedef struct {
    uint8_t *bytes;
    size_t len;
    size_t n;
    size_t off[16], plen[16];   /* where each payload starts in bytes, and its length */
} stream;

static void stream_add(stream *s, size_t payload_len, uint8_t seed)
{
    assert_true(s->n < 16);
    s->bytes = realloc(s->bytes, s->len + TPKT_HEADER_LEN + payload_len);
    assert_non_null(s->bytes);
    uint8_t *p = s->bytes + s->len;
    assert_int_equal(tpkt_write_header(p, payload_len), TPKT_HEADER_LEN);
    for (size_t i = 0; i < payload_len; i++)
        p[TPKT_HEADER_LEN + i] = (uint8_t)(seed + i * 7);
    s->off[s->n] = s->len + TPKT_HEADER_LEN;
    s->plen[s->n++] = payload_len;
    s->len += TPKT_HEADER_LEN + payload_len;
}

/* Feeds the whole stream in chunks (sizes from next_chunk) and checks every payload
 * comes out whole, in order, once. */
static void feed_all(const stream *s, size_t cap, size_t (*next_chunk)(size_t arg), size_t arg)
{
    guarded g = guarded_new(cap);
    tpkt_reasm r;
    tpkt_reasm_init(&r, g.mem, g.cap);
    size_t got = 0, pos = 0;
    while (pos < s->len) {
        size_t chunk = next_chunk(arg);
        if (chunk > s->len - pos)
            chunk = s->len - pos;
        const uint8_t *data = s->bytes + pos;
        size_t left = chunk;
        do {
            const uint8_t *pdu;
            size_t pdu_len, used;
            int rc = tpkt_reasm_feed(&r, data, left, &used, &pdu, &pdu_len);
            assert_true(used <= left);
            data += used;
            left -= used;
            if (rc == TPKT_PDU) {
                assert_true(got < s->n);
                if (pdu_len != s->plen[got] ||
                    (pdu_len && memcmp(pdu, s->bytes + s->off[got], pdu_len) != 0))
                    fail_msg("chunk %zu: PDU %zu is %zu octets, want %zu", chunk, got, pdu_len,
                             s->plen[got]);
                got++;
            } else {
                if (rc != TPKT_NEED_MORE)
                    fail_msg("chunk size %zu at offset %zu: rc %d", chunk, pos, rc);
                assert_int_equal(left, 0);
            }
        } while (left);
        pos += chunk;
    }
    if (got != s->n)
        fail_msg("chunking %zu: %zu PDUs out of %zu", arg, got, s->n);
    assert_int_equal(tpkt_reasm_pending(&r), 0);
    guarded_check_free(g);
}

static size_t fixed_chunk(size_t n) { return n; }
static size_t random_chunk(size_t max) { return 1 + rng() % max; }

/* ---- the header ---- */

static void test_header(void **state)
{
    (void)state;
    uint8_t h[TPKT_HEADER_LEN];
    /* RFC 1006 section 6: version 3, reserved 0, length of the whole packet. */
    assert_int_equal(tpkt_write_header(h, 0), 4);
    assert_memory_equal(h, ((uint8_t[]){ 0x03, 0x00, 0x00, 0x04 }), 4);
    assert_int_equal(tpkt_write_header(h, 0x1234 - 4), 4);
    assert_memory_equal(h, ((uint8_t[]){ 0x03, 0x00, 0x12, 0x34 }), 4);
    assert_int_equal(tpkt_write_header(h, TPKT_MAX_PAYLOAD), 4);
    assert_memory_equal(h, ((uint8_t[]){ 0x03, 0x00, 0xFF, 0xFF }), 4);
    assert_int_equal(tpkt_write_header(h, TPKT_MAX_PAYLOAD + 1), TPKT_ERR_ARG);
    assert_int_equal(tpkt_write_header(NULL, 1), TPKT_ERR_ARG);
}

static void test_encode_in_place(void **state)
{
    (void)state;
    uint8_t buf[16] = { 0 };
    memcpy(buf + 4, "\x08\x02\x00\x01\x05", 5);
    /* The payload already sits behind the header's room: framing it moves nothing. */
    assert_int_equal(tpkt_encode(buf, sizeof buf, buf + 4, 5), 9);
    assert_memory_equal(buf, "\x03\x00\x00\x09\x08\x02\x00\x01\x05", 9);
    uint8_t out[9];
    assert_int_equal(tpkt_encode(out, sizeof out, (const uint8_t *)"abcde", 5), 9);
    assert_memory_equal(out, "\x03\x00\x00\x09" "abcde", 9);
    assert_int_equal(tpkt_encode(out, 8, (const uint8_t *)"abcde", 5), TPKT_ERR_ARG);
    assert_int_equal(tpkt_encode(out, sizeof out, NULL, 5), TPKT_ERR_ARG);
    assert_int_equal(tpkt_encode(out, sizeof out, NULL, 0), 4);
}

/* ---- reassembly ---- */

static stream sample_stream(void)
{
    stream s = { 0 };
    stream_add(&s, 5, 1);
    stream_add(&s, 0, 0);        /* length 4: an empty TPKT (keep-alive) */
    stream_add(&s, 300, 2);
    stream_add(&s, 1, 3);
    stream_add(&s, 1000, 4);
    stream_add(&s, 2, 5);
    return s;
}

static void test_every_chunk_size(void **state)
{
    (void)state;
    stream s = sample_stream();
    for (size_t chunk = 1; chunk <= s.len; chunk++)
        feed_all(&s, 1000, fixed_chunk, chunk);
    rng_state = 1;
    for (int i = 0; i < 200; i++)
        feed_all(&s, 1000, random_chunk, 1 + (size_t)i * 7);
    printf("%zu PDUs (%zu octets) came out whole with every fixed chunk size 1..%zu and 200 random chunkings\n",
           s.n, s.len, s.len);
    free(s.bytes);
}

static void test_zero_copy_when_whole(void **state)
{
    (void)state;
    stream s = sample_stream();
    uint8_t store[1000];
    tpkt_reasm r;
    tpkt_reasm_init(&r, store, sizeof store);
    const uint8_t *pdu;
    size_t len, used;
    /* All in one chunk: each payload is handed out where it lies, no copy. */
    assert_int_equal(tpkt_reasm_feed(&r, s.bytes, s.len, &used, &pdu, &len), TPKT_PDU);
    assert_ptr_equal(pdu, s.bytes + s.off[0]);
    assert_int_equal(len, 5);
    assert_int_equal(used, 9);
    /* Split: the second half of a payload arrives later, so it comes from the buffer. */
    tpkt_reasm_init(&r, store, sizeof store);
    assert_int_equal(tpkt_reasm_feed(&r, s.bytes, 6, &used, &pdu, &len), TPKT_NEED_MORE);
    assert_int_equal(used, 6);
    assert_int_equal(tpkt_reasm_pending(&r), 6);
    assert_int_equal(tpkt_reasm_feed(&r, s.bytes + 6, 3, &used, &pdu, &len), TPKT_PDU);
    assert_ptr_equal(pdu, store);
    assert_memory_equal(pdu, s.bytes + s.off[0], 5);
    free(s.bytes);
}

static void test_bad_version_refused_at_once(void **state)
{
    (void)state;
    uint8_t store[64];
    tpkt_reasm r;
    const uint8_t *pdu;
    size_t len, used;
    /* RFC 1006: version 3. Anything else is refused on the first octet, not after 4. */
    static const uint8_t firsts[] = { 0x00, 0x01, 0x02, 0x04, 0x08, 0x16, 0x47, 0xFF };
    for (size_t i = 0; i < sizeof firsts; i++) {
        uint8_t bad[8] = { firsts[i], 0, 0, 8, 1, 2, 3, 4 };
        tpkt_reasm_init(&r, store, sizeof store);
        assert_int_equal(tpkt_reasm_feed(&r, bad, sizeof bad, &used, &pdu, &len), TPKT_ERR_HEADER);
        assert_int_equal(used, 1);
        assert_null(pdu);
    }
    /* The error sticks: the stream cannot be trusted after it, even good octets. */
    static const uint8_t good[] = { 3, 0, 0, 5, 0x42 };
    assert_int_equal(tpkt_reasm_feed(&r, good, sizeof good, &used, &pdu, &len), TPKT_ERR_HEADER);
    assert_int_equal(used, 0);
    /* Until the reassembler is started again. */
    tpkt_reasm_init(&r, store, sizeof store);
    assert_int_equal(tpkt_reasm_feed(&r, good, sizeof good, &used, &pdu, &len), TPKT_PDU);
    assert_int_equal(len, 1);
    assert_int_equal(pdu[0], 0x42);
}

static void test_bad_reserved_and_short_lengths(void **state)
{
    (void)state;
    uint8_t store[64];
    tpkt_reasm r;
    const uint8_t *pdu;
    size_t len, used;
    static const uint8_t reserved[] = { 3, 1, 0, 5, 0 };
    tpkt_reasm_init(&r, store, sizeof store);
    assert_int_equal(tpkt_reasm_feed(&r, reserved, sizeof reserved, &used, &pdu, &len), TPKT_ERR_HEADER);
    assert_int_equal(used, 2);
    /* The length counts the 4 header octets, so 0..3 cannot be (RFC 1006 section 6). */
    for (uint8_t l = 0; l < 4; l++) {
        uint8_t h[] = { 3, 0, 0, l, 9, 9, 9, 9 };
        tpkt_reasm_init(&r, store, sizeof store);
        /* Octet by octet: nothing is reported before the length is complete. */
        for (size_t i = 0; i < 3; i++)
            assert_int_equal(tpkt_reasm_feed(&r, h + i, 1, &used, &pdu, &len), TPKT_NEED_MORE);
        assert_int_equal(tpkt_reasm_feed(&r, h + 3, 5, &used, &pdu, &len), TPKT_ERR_HEADER);
        assert_int_equal(used, 1);
    }
}

static void test_oversize_skipped_not_stored(void **state)
{
    (void)state;
    guarded g = guarded_new(100);
    tpkt_reasm r;
    tpkt_reasm_init(&r, g.mem, g.cap);
    const uint8_t *pdu;
    size_t len, used;
    /* 101 octets of payload for a 100-octet buffer, then a good TPKT. */
    stream s = { 0 };
    stream_add(&s, 101, 7);
    stream_add(&s, 100, 8);
    assert_int_equal(tpkt_reasm_feed(&r, s.bytes, s.len, &used, &pdu, &len), TPKT_ERR_TOO_LONG);
    assert_int_equal(used, 4);
    /* The skipped payload is consumed without being copied; the next TPKT is read. */
    size_t pos = used;
    assert_int_equal(tpkt_reasm_feed(&r, s.bytes + pos, 50, &used, &pdu, &len), TPKT_NEED_MORE);
    pos += used;
    for (size_t i = 0; i < g.cap; i++)
        if (g.mem[i] != GUARD)
            fail_msg("octet %zu of the buffer written while skipping", i);
    assert_int_equal(tpkt_reasm_feed(&r, s.bytes + pos, s.len - pos, &used, &pdu, &len), TPKT_PDU);
    assert_int_equal(len, 100);
    assert_memory_equal(pdu, s.bytes + s.off[1], 100);
    free(s.bytes);
    guarded_check_free(g);
}

/* 10 MB of random octets in random chunks: refused on the first bad octet; afterwards
 * nothing is consumed and nothing stored. */
static void test_10mb_garbage(void **state)
{
    (void)state;
    const size_t total = 10u << 20;
    uint8_t *junk = malloc(total);
    assert_non_null(junk);
    rng_state = 42;
    for (size_t i = 0; i < total; i++)
        junk[i] = (uint8_t)rng();
    junk[0] = 0x47;           /* e.g. an HTTP request on port 1720 */
    guarded g = guarded_new(4096);
    tpkt_reasm r;
    tpkt_reasm_init(&r, g.mem, g.cap);
    size_t pos = 0, consumed = 0, calls = 0, errors = 0;
    while (pos < total) {
        size_t chunk = 1 + rng() % 65536;
        if (chunk > total - pos)
            chunk = total - pos;
        const uint8_t *pdu;
        size_t len, used;
        int rc = tpkt_reasm_feed(&r, junk + pos, chunk, &used, &pdu, &len);
        assert_int_equal(rc, TPKT_ERR_HEADER);
        errors++;
        consumed += used;
        calls++;
        pos += chunk;
    }
    printf("10 MB of garbage in %zu chunks: %zu octet(s) consumed, %zu errors, buffer untouched\n",
           calls, consumed, errors);
    assert_int_equal(consumed, 1);
    for (size_t i = 0; i < g.cap; i++)
        assert_int_equal(g.mem[i], GUARD);
    guarded_check_free(g);
    free(junk);
}

/* 10 MB of well-framed TPKTs of the largest length against a 4 KiB buffer: each is
 * reported once and skipped; none is stored; a small PDU at the end still comes out. */
static void test_10mb_of_huge_lengths(void **state)
{
    (void)state;
    const size_t each = TPKT_MAX_LEN;
    const size_t count = (10u << 20) / each + 1;
    size_t total = count * each + 6;
    uint8_t *data = malloc(total);
    assert_non_null(data);
    rng_state = 7;
    for (size_t k = 0; k < count; k++) {
        uint8_t *p = data + k * each;
        tpkt_write_header(p, TPKT_MAX_PAYLOAD);
        for (size_t i = TPKT_HEADER_LEN; i < each; i++)
            p[i] = (uint8_t)rng();
    }
    memcpy(data + count * each, "\x03\x00\x00\x06\xAB\xCD", 6);
    guarded g = guarded_new(4096);
    tpkt_reasm r;
    tpkt_reasm_init(&r, g.mem, g.cap);
    size_t pos = 0, too_long = 0, pdus = 0, max_pending = 0;
    while (pos < total) {
        size_t chunk = 1 + rng() % 10000;
        if (chunk > total - pos)
            chunk = total - pos;
        size_t off = 0;
        while (off < chunk) {
            const uint8_t *pdu;
            size_t len, used;
            int rc = tpkt_reasm_feed(&r, data + pos + off, chunk - off, &used, &pdu, &len);
            off += used;
            if (rc == TPKT_ERR_TOO_LONG) {
                too_long++;
            } else if (rc == TPKT_PDU) {
                pdus++;
                assert_int_equal(len, 2);
                assert_memory_equal(pdu, "\xAB\xCD", 2);
            } else {
                assert_int_equal(rc, TPKT_NEED_MORE);
            }
            if (tpkt_reasm_pending(&r) > max_pending)
                max_pending = tpkt_reasm_pending(&r);
        }
        pos += chunk;
    }
    printf("%zu TPKTs of 65535 octets (%zu octets) against a 4096-octet buffer: %zu reported too long, "
           "%zu stored; reassembler state %zu octets\n",
           count, total, too_long, pdus, sizeof r);
    assert_int_equal(too_long, count);
    assert_int_equal(pdus, 1);
    assert_true(max_pending <= TPKT_MAX_LEN);
    for (size_t i = 2; i < g.cap; i++)
        assert_int_equal(g.mem[i], GUARD);
    guarded_check_free(g);
    free(data);
}

static void test_arguments(void **state)
{
    (void)state;
    uint8_t store[8];
    tpkt_reasm r;
    const uint8_t *pdu;
    size_t len, used;
    tpkt_reasm_init(&r, store, sizeof store);
    assert_int_equal(tpkt_reasm_feed(NULL, store, 1, &used, &pdu, &len), TPKT_ERR_ARG);
    assert_int_equal(tpkt_reasm_feed(&r, NULL, 1, &used, &pdu, &len), TPKT_ERR_ARG);
    assert_int_equal(tpkt_reasm_feed(&r, store, 1, NULL, &pdu, &len), TPKT_ERR_ARG);
    assert_int_equal(tpkt_reasm_feed(&r, store, 1, &used, NULL, &len), TPKT_ERR_ARG);
    assert_int_equal(tpkt_reasm_feed(&r, store, 1, &used, &pdu, NULL), TPKT_ERR_ARG);
    assert_int_equal(tpkt_reasm_feed(&r, NULL, 0, &used, &pdu, &len), TPKT_NEED_MORE);
    assert_int_equal(used, 0);
    /* No buffer at all: only empty TPKTs fit, longer ones are skipped. */
    tpkt_reasm_init(&r, NULL, 100);
    static const uint8_t two[] = { 3, 0, 0, 4, 3, 0, 0, 5, 1 };
    assert_int_equal(tpkt_reasm_feed(&r, two, sizeof two, &used, &pdu, &len), TPKT_PDU);
    assert_int_equal(len, 0);
    assert_int_equal(tpkt_reasm_feed(&r, two + 4, 5, &used, &pdu, &len), TPKT_ERR_TOO_LONG);
    assert_int_equal(tpkt_reasm_pending(NULL), 0);
    tpkt_reasm_init(NULL, store, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_encode_in_place),
        cmocka_unit_test(test_every_chunk_size),
        cmocka_unit_test(test_zero_copy_when_whole),
        cmocka_unit_test(test_bad_version_refused_at_once),
        cmocka_unit_test(test_bad_reserved_and_short_lengths),
        cmocka_unit_test(test_oversize_skipped_not_stored),
        cmocka_unit_test(test_10mb_garbage),
        cmocka_unit_test(test_10mb_of_huge_lengths),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
