/*
 * tsp-h323/asn1/per.c - ASN.1 aligned PER (ITU-T X.691 (07/2002)) bit-level primitives.
 * See per.h. Clause numbers below are X.691's.
 */
#include "per.h"
#include "per_inline.h"

#include <string.h>

const char *per_strerror(int err)
{
    switch (err) {
    case PER_OK: return "success";
    case PER_E_FULL: return "output buffer full";
    case PER_E_TRUNCATED: return "input truncated";
    case PER_E_RANGE: return "value out of range";
    case PER_E_LENGTH: return "length or count out of range";
    case PER_E_CHAR: return "character outside the permitted alphabet";
    case PER_E_EXTENSION: return "malformed extension";
    case PER_E_DEPTH: return "nesting too deep";
    case PER_E_ARENA: return "decode arena exhausted";
    case PER_E_UNSUPPORTED: return "alternative not described by the schema";
    case PER_E_SCHEMA: return "inconsistent type description";
    case PER_E_INVALID: return "invalid argument or value";
    default: return "unknown error";
    }
}

unsigned per_bitlen(uint64_t v)
{
    return per_i_bitlen(v);
}

/* Octets of the minimal non-negative-binary-integer (10.3) holding v; at least one. */
static unsigned octets_u(uint64_t v)
{
    unsigned n = 1;
    while (v > 0xFF) {
        n++;
        v >>= 8;
    }
    return n;
}

int per_enc_init(per_enc *e, uint8_t *buf, size_t cap)
{
    e->buf = buf;
    e->cap = cap;
    e->bit = 0;
    if (cap > SIZE_MAX / 8 || (!buf && cap)) return PER_E_INVALID;
    return PER_OK;
}

int per_dec_init(per_dec *d, const uint8_t *buf, size_t len)
{
    d->buf = buf;
    d->nbits = 0;
    d->bit = 0;
    if (len > SIZE_MAX / 8 || (!buf && len)) return PER_E_INVALID;
    d->nbits = len * 8;
    return PER_OK;
}

int per_enc_finish(per_enc *e, size_t *len)
{
    /* 10.1.3: a complete encoding that would be empty is one zero octet. */
    if (e->bit == 0) {
        int rc = per_i_put_bits(e, 0, 8);
        if (rc) return rc;
    }
    e->bit = (e->bit + 7) & ~(size_t)7;   /* 10.1.2: padded to an octet multiple */
    *len = e->bit / 8;
    return PER_OK;
}

int per_put_bits(per_enc *e, uint64_t v, unsigned n) { return per_i_put_bits(e, v, n); }
int per_get_bits(per_dec *d, unsigned n, uint64_t *v) { return per_i_get_bits(d, n, v); }
int per_put_align(per_enc *e) { return per_i_put_align(e); }
int per_get_align(per_dec *d) { return per_i_get_align(d); }

int per_put_octets(per_enc *e, const uint8_t *p, size_t n)
{
    if (n == 0) return PER_OK;
    if (n > (e->cap * 8 - e->bit) / 8) return PER_E_FULL;
    if ((e->bit & 7) == 0) {
        memcpy(e->buf + (e->bit >> 3), p, n);
        e->bit += n * 8;
        return PER_OK;
    }
    for (size_t i = 0; i < n; i++) per_i_put_bits(e, p[i], 8);
    return PER_OK;
}

int per_get_octets(per_dec *d, uint8_t *p, size_t n)
{
    if (n == 0) return PER_OK;
    if (n > (d->nbits - d->bit) / 8) return PER_E_TRUNCATED;
    if ((d->bit & 7) == 0) {
        memcpy(p, d->buf + (d->bit >> 3), n);
        d->bit += n * 8;
        return PER_OK;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t v = 0;
        per_i_get_bits(d, 8, &v);   /* cannot fail: the length was checked above */
        p[i] = (uint8_t)v;
    }
    return PER_OK;
}

int per_skip_bits(per_dec *d, size_t n)
{
    if (n > d->nbits - d->bit) return PER_E_TRUNCATED;
    d->bit += n;
    return PER_OK;
}

/* ---- whole numbers ---------------------------------------------------------------- */

int per_put_cwn(per_enc *e, uint64_t off, uint64_t rm1)
{
    int rc;
    if (off > rm1) return PER_E_RANGE;
    if (rm1 == 0) return PER_OK;                            /* 10.5.4: range 1, empty */
    if (rm1 < 255) return per_i_put_bits(e, off, per_i_bitlen(rm1));   /* 10.5.7.1 */
    if (rm1 < 65536) {                                      /* 10.5.7.2, 10.5.7.3 */
        if ((rc = per_i_put_align(e))) return rc;
        return per_i_put_bits(e, off, rm1 == 255 ? 8 : 16);
    }
    /* 10.5.7.4 (and 12.2.6): the octet count as a constrained length 1..octets(rm1),
     * which is a bit-field (10.9.3.3), then the value in that many octets, aligned. */
    unsigned n = octets_u(off);
    if ((rc = per_i_put_bits(e, n - 1, per_i_bitlen(octets_u(rm1) - 1)))) return rc;
    if ((rc = per_i_put_align(e))) return rc;
    return per_i_put_bits(e, off, 8 * n);
}

int per_get_cwn(per_dec *d, uint64_t rm1, uint64_t *off)
{
    int rc;
    uint64_t v = 0, n;
    if (rm1 == 0) {
        *off = 0;
        return PER_OK;
    }
    if (rm1 < 255) {
        rc = per_i_get_bits(d, per_i_bitlen(rm1), &v);
    } else if (rm1 < 65536) {
        if ((rc = per_i_get_align(d))) return rc;
        rc = per_i_get_bits(d, rm1 == 255 ? 8 : 16, &v);
    } else {
        if ((rc = per_i_get_bits(d, per_i_bitlen(octets_u(rm1) - 1), &n))) return rc;
        if (n + 1 > octets_u(rm1)) return PER_E_RANGE;
        if ((rc = per_i_get_align(d))) return rc;
        rc = per_i_get_bits(d, (unsigned)(8 * (n + 1)), &v);
    }
    if (rc) return rc;
    if (v > rm1) return PER_E_RANGE;
    *off = v;
    return PER_OK;
}

int per_put_small(per_enc *e, uint64_t n)
{
    int rc;
    if (n <= 63) return per_i_put_bits(e, n, 7);              /* 10.6.1: '0' + 6 bits */
    if ((rc = per_i_put_bits(e, 1, 1))) return rc;            /* 10.6.2: '1' + 10.7 */
    return per_put_semi(e, n);
}

int per_get_small(per_dec *d, uint64_t *n)
{
    uint64_t long_form;
    int rc = per_i_get_bits(d, 1, &long_form);
    if (rc) return rc;
    if (long_form) return per_get_semi(d, n);
    return per_i_get_bits(d, 6, n);
}

/* The length octet of 10.7/10.8 is an unconstrained length (10.9.3.6), octet-aligned. */
int per_put_semi(per_enc *e, uint64_t off)
{
    int rc;
    unsigned n = octets_u(off);
    if ((rc = per_i_put_align(e))) return rc;
    if ((rc = per_i_put_bits(e, n, 8))) return rc;
    return per_i_put_bits(e, off, 8 * n);
}

int per_get_semi(per_dec *d, uint64_t *off)
{
    uint64_t n;
    int rc;
    if ((rc = per_i_get_align(d))) return rc;
    if ((rc = per_i_get_bits(d, 8, &n))) return rc;
    /* 0 octets is not an encoding; more than 8 (including the longer length forms of
     * 10.9.3.7) does not fit 64 bits. */
    if (n == 0) return PER_E_LENGTH;
    if (n > 8) return PER_E_RANGE;
    return per_i_get_bits(d, (unsigned)(8 * n), off);
}

int per_put_unconstrained(per_enc *e, int64_t v)
{
    int rc;
    unsigned n = 1;   /* 10.4: minimal 2's-complement octets */
    while (n < 8) {
        int64_t lo = -((int64_t)1 << (8 * n - 1)), hi = ((int64_t)1 << (8 * n - 1)) - 1;
        if (v >= lo && v <= hi) break;
        n++;
    }
    if ((rc = per_i_put_align(e))) return rc;
    if ((rc = per_i_put_bits(e, n, 8))) return rc;
    return per_i_put_bits(e, (uint64_t)v, 8 * n);
}

int per_get_unconstrained(per_dec *d, int64_t *v)
{
    uint64_t n, u;
    int rc;
    if ((rc = per_i_get_align(d))) return rc;
    if ((rc = per_i_get_bits(d, 8, &n))) return rc;
    if (n == 0) return PER_E_LENGTH;
    if (n > 8) return PER_E_RANGE;
    if ((rc = per_i_get_bits(d, (unsigned)(8 * n), &u))) return rc;
    if (n < 8 && (u >> (8 * n - 1)) & 1) u |= ~(uint64_t)0 << (8 * n);   /* sign-extend */
    memcpy(v, &u, sizeof *v);
    return PER_OK;
}

/* ---- length determinants (10.9) ----------------------------------------------------- */

int per_put_small_length(per_enc *e, size_t n)
{
    int rc;
    if (n == 0) return PER_E_LENGTH;
    if (n <= 64) return per_i_put_bits(e, n - 1, 7);          /* '0' + n-1 in 6 bits */
    if (n >= PER_16K) return PER_E_LENGTH;
    if ((rc = per_i_put_bits(e, 1, 1))) return rc;            /* '1' + 10.9.3.5-10.9.3.7 */
    if ((rc = per_i_put_align(e))) return rc;
    if (n <= 127) return per_i_put_bits(e, n, 8);
    return per_i_put_bits(e, 0x8000 | n, 16);
}

int per_get_small_length(per_dec *d, size_t *n)
{
    uint64_t v;
    int rc = per_i_get_bits(d, 1, &v);
    if (rc) return rc;
    if (!v) {
        if ((rc = per_i_get_bits(d, 6, &v))) return rc;
        *n = (size_t)v + 1;
        return PER_OK;
    }
    if ((rc = per_i_get_align(d))) return rc;
    if ((rc = per_i_get_bits(d, 8, &v))) return rc;
    if (v & 0x80) {
        uint64_t lo;
        if (v & 0x40) return PER_E_LENGTH;                  /* fragmented bitmap: refused */
        if ((rc = per_i_get_bits(d, 8, &lo))) return rc;
        v = ((v & 0x3F) << 8) | lo;
    }
    if (v > 64) {
        *n = (size_t)v;
        return PER_OK;
    }
    /* The long form only exists for n > 64, so a smaller value here is the other reading
     * of this clause, which PTLib writes and Wireshark reads: a normally small number of
     * n-1 (10.6.2), i.e. an octet count of 1 or 2 followed by n-1. Accept it too. */
    if (v < 1 || v > 2) return PER_E_LENGTH;
    if ((rc = per_i_get_bits(d, (unsigned)(8 * v), &v))) return rc;
    if (v < 64 || v + 1 >= PER_16K) return PER_E_LENGTH;
    *n = (size_t)v + 1;
    return PER_OK;
}

/* Writes the unconstrained-form header for the next piece out of L->left units. */
static int put_len_piece(per_enc *e, per_len *L, size_t *piece)
{
    int rc;
    size_t n = L->left;
    if ((rc = per_i_put_align(e))) return rc;
    if (n >= PER_16K) {                                     /* 10.9.3.8.1: fragments */
        size_t m = n / PER_16K;
        if (m > 4) m = 4;
        if ((rc = per_i_put_bits(e, 0xC0 | m, 8))) return rc;
        *piece = m * PER_16K;
        L->more = 1;
        L->fragmented = 1;
    } else {
        /* 10.9.3.6 (<= 127) or 10.9.3.7 (< 16K); after fragments this is the final
         * piece, possibly 0 units (10.9.3.8.4). */
        rc = n <= 127 ? per_i_put_bits(e, n, 8) : per_i_put_bits(e, 0x8000 | n, 16);
        if (rc) return rc;
        *piece = n;
        L->more = 0;
    }
    L->left -= *piece;
    return 1;
}

int per_put_len_first(per_enc *e, size_t n, size_t lb, size_t ub, per_len *L, size_t *piece)
{
    memset(L, 0, sizeof *L);
    L->lb = lb;
    L->ub = ub;
    if (n < lb || n > ub) return PER_E_LENGTH;
    if (ub < PER_64K) {                                     /* 10.9.3.3 */
        int rc = per_put_cwn(e, n - lb, ub - lb);
        if (rc) return rc;
        *piece = n;
        return 1;
    }
    L->left = n;
    return put_len_piece(e, L, piece);
}

int per_put_len_next(per_enc *e, per_len *L, size_t *piece)
{
    if (!L->more) return 0;
    return put_len_piece(e, L, piece);
}

static int get_len_piece(per_dec *d, per_len *L, size_t *piece)
{
    uint64_t v, lo;
    int rc;
    if ((rc = per_i_get_align(d))) return rc;
    if ((rc = per_i_get_bits(d, 8, &v))) return rc;
    if ((v & 0xC0) == 0xC0) {
        v &= 0x3F;
        if (v < 1 || v > 4) return PER_E_LENGTH;            /* 10.9.3.8.1: m is 1..4 */
        *piece = (size_t)v * PER_16K;
        L->more = 1;
        L->fragmented = 1;
    } else {
        if (v & 0x80) {
            if ((rc = per_i_get_bits(d, 8, &lo))) return rc;
            v = ((v & 0x3F) << 8) | lo;
        }
        *piece = (size_t)v;
        L->more = 0;
    }
    if (*piece > L->ub - L->total) return PER_E_LENGTH;
    L->total += *piece;
    if (!L->more && L->total < L->lb) return PER_E_LENGTH;
    return 1;
}

int per_get_len_first(per_dec *d, size_t lb, size_t ub, per_len *L, size_t *piece)
{
    memset(L, 0, sizeof *L);
    L->lb = lb;
    L->ub = ub;
    if (lb > ub) return PER_E_INVALID;
    if (ub < PER_64K) {
        uint64_t off;
        int rc = per_get_cwn(d, ub - lb, &off);
        if (rc) return rc;
        *piece = lb + (size_t)off;
        L->total = *piece;
        return 1;
    }
    return get_len_piece(d, L, piece);
}

int per_get_len_next(per_dec *d, per_len *L, size_t *piece)
{
    if (!L->more) return 0;
    return get_len_piece(d, L, piece);
}
