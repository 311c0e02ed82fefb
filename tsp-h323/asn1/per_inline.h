/*
 * tsp-h323/asn1/per_inline.h - private to tsp-h323/asn1/: the bit-field primitives of
 * per.h as static inline functions, so that the codec's inner loops (schema.c) inline them
 * instead of calling across translation units. per.c exports them as per_put_bits,
 * per_get_bits, per_put_align and per_get_align; use those outside asn1/.
 *
 * Bits go in most significant first. A partly written octet always has zeros in its
 * unwritten low bits (each new octet is stored whole), so appending is an OR and padding
 * (X.691 "octet-aligned in the ALIGNED variant") is only moving the position.
 */
#ifndef H323_ASN1_PER_INLINE_H
#define H323_ASN1_PER_INLINE_H

#include "per.h"

static inline int per_i_put_bits(per_enc *e, uint64_t v, unsigned n)
{
    if (n == 0) return PER_OK;
    if (n > 64) return PER_E_INVALID;
    if (n > e->cap * 8 - e->bit) return PER_E_FULL;
    if (n < 64) v &= ((uint64_t)1 << n) - 1;
    uint8_t *p = e->buf + (e->bit >> 3);
    unsigned used = (unsigned)(e->bit & 7);
    unsigned room = 8 - used;
    e->bit += n;
    if (n <= room) {
        uint8_t b = (uint8_t)(v << (room - n));
        if (used) *p |= b;
        else *p = b;
        return PER_OK;
    }
    n -= room;
    if (used) *p++ |= (uint8_t)(v >> n);
    else *p++ = (uint8_t)(v >> n);
    while (n >= 8) {
        n -= 8;
        *p++ = (uint8_t)(v >> n);
    }
    if (n) *p = (uint8_t)(v << (8 - n));
    return PER_OK;
}

static inline int per_i_get_bits(per_dec *d, unsigned n, uint64_t *v)
{
    if (n > 64) return PER_E_INVALID;
    if (n > d->nbits - d->bit) return PER_E_TRUNCATED;
    if (n == 0) {
        *v = 0;
        return PER_OK;
    }
    const uint8_t *p = d->buf + (d->bit >> 3);
    unsigned used = (unsigned)(d->bit & 7);
    unsigned room = 8 - used;
    d->bit += n;
    if (n <= room) {
        *v = (uint64_t)((*p >> (room - n)) & ((1u << n) - 1));
        return PER_OK;
    }
    uint64_t r = (uint64_t)(*p++ & ((1u << room) - 1));
    n -= room;
    while (n >= 8) {
        r = (r << 8) | *p++;
        n -= 8;
    }
    if (n) r = (r << n) | (uint64_t)(*p >> (8 - n));
    *v = r;
    return PER_OK;
}

/* The partial octet was stored whole with zero low bits, so padding costs nothing; it is
 * inside the buffer because some bit of that octet was written. */
static inline int per_i_put_align(per_enc *e)
{
    e->bit = (e->bit + 7) & ~(size_t)7;
    return PER_OK;
}

static inline int per_i_get_align(per_dec *d)
{
    size_t to = (d->bit + 7) & ~(size_t)7;
    if (to > d->nbits) return PER_E_TRUNCATED;
    d->bit = to;
    return PER_OK;
}

/* Bits needed for v: the width of a 10.5.7.1 bit-field for range - 1 = v. */
static inline unsigned per_i_bitlen(uint64_t v)
{
#if defined(__GNUC__) || defined(__clang__)
    return v ? 64u - (unsigned)__builtin_clzll(v) : 0;
#else
    unsigned n = 0;
    while (v) {
        n++;
        v >>= 1;
    }
    return n;
#endif
}

/* 10.5.7.1-10.5.7.3 inline (ranges up to 64K: indexes, lengths, most INTEGERs); larger
 * ranges go to per_put_cwn / per_get_cwn. */
static inline int per_i_put_cwn(per_enc *e, uint64_t off, uint64_t rm1)
{
    if (rm1 >= 65536 || off > rm1) return per_put_cwn(e, off, rm1);
    if (rm1 < 255) return per_i_put_bits(e, off, per_i_bitlen(rm1));
    per_i_put_align(e);
    return per_i_put_bits(e, off, rm1 == 255 ? 8 : 16);
}

static inline int per_i_get_cwn(per_dec *d, uint64_t rm1, uint64_t *off)
{
    uint64_t v;
    int rc;
    if (rm1 >= 65536) return per_get_cwn(d, rm1, off);
    if (rm1 < 255) {
        rc = per_i_get_bits(d, per_i_bitlen(rm1), &v);
    } else {
        if ((rc = per_i_get_align(d))) return rc;
        rc = per_i_get_bits(d, rm1 == 255 ? 8 : 16, &v);
    }
    if (rc) return rc;
    if (v > rm1) return PER_E_RANGE;
    *off = v;
    return PER_OK;
}

#endif
