/*
 * tsp-h323/asn1/per.h - ASN.1 aligned PER (ITU-T X.691), the bit-level primitives.
 *
 * What it does: writes and reads the building blocks of the ALIGNED variant of the
 * Packed Encoding Rules: bit-fields, octet alignment, constrained / semi-constrained /
 * unconstrained / normally-small whole numbers, and length determinants, including
 * fragmentation in 16K units. H.225.0 and H.245 are aligned BASIC-PER, so the unaligned
 * variant is not provided.
 *
 * How: a per_enc writes into a caller-supplied buffer and a per_dec reads a caller-supplied
 * buffer; both keep a bit position. Every function returns 0 or a negative PER_E_* code and
 * leaves the position unspecified after an error (start again). An encoder never writes
 * past its capacity (PER_E_FULL) and a decoder never reads past its input (PER_E_TRUNCATED).
 * No allocation, no globals, no I/O.
 *
 * Most users want the descriptor-driven codec in schema.h; these primitives are for it and
 * for the rare hand-written field (e.g. a non-ASN.1 bit layout inside an OCTET STRING).
 *
 * Clause numbers are those of X.691 (07/2002), the edition H.225.0 v4+ and H.245 cite.
 * "64K" is 65536 and "16K" is 16384 as in X.691 3.7.
 */
#ifndef H323_ASN1_PER_H
#define H323_ASN1_PER_H

#include <stddef.h>
#include <stdint.h>

/* Results. 0 is success; every failure is one of these negative values. */
enum {
    PER_OK = 0,
    PER_E_FULL = -1,        /* encoder: the output buffer is too small */
    PER_E_TRUNCATED = -2,   /* decoder: the input ends inside a field */
    PER_E_RANGE = -3,       /* a value outside its constraint, or too big for its C field */
    PER_E_LENGTH = -4,      /* a length/count outside its SIZE constraint or the limits */
    PER_E_CHAR = -5,        /* a character outside the permitted alphabet */
    PER_E_EXTENSION = -6,   /* malformed extension: empty addition bitmap, bad open type */
    PER_E_DEPTH = -7,       /* nesting deeper than PER_MAX_DEPTH */
    PER_E_ARENA = -8,       /* decoder: the caller's arena is exhausted */
    PER_E_UNSUPPORTED = -9, /* a root alternative the schema does not describe */
    PER_E_SCHEMA = -10,     /* the type description is inconsistent (per_schema_check) */
    PER_E_INVALID = -11     /* bad argument or malformed value (e.g. an OID of one arc) */
};

/* A short English text for a PER_E_* code ("output buffer full", ...). */
const char *per_strerror(int err);

/* Encoder state: buf[0..cap) receives the bits, most significant bit first. */
typedef struct per_enc {
    uint8_t *buf;
    size_t cap;   /* octets */
    size_t bit;   /* bits written so far */
} per_enc;

/* Decoder state over buf[0..nbits/8), reading from bit position `bit`. */
typedef struct per_dec {
    const uint8_t *buf;
    size_t nbits; /* bits available */
    size_t bit;   /* bits consumed so far */
} per_dec;

/* cap/len above SIZE_MAX / 8 is refused with PER_E_INVALID. */
int per_enc_init(per_enc *e, uint8_t *buf, size_t cap);
int per_dec_init(per_dec *d, const uint8_t *buf, size_t len);

/* Ends a complete encoding (10.1): pads to an octet boundary and, when no bit was written
 * at all, emits the single zero octet 10.1.3 asks for. *len is the size in octets. */
int per_enc_finish(per_enc *e, size_t *len);

/* The low n bits of v (n <= 64), not aligned. */
int per_put_bits(per_enc *e, uint64_t v, unsigned n);
int per_get_bits(per_dec *d, unsigned n, uint64_t *v);
/* Zero bits up to the next octet boundary ("octet-aligned in the ALIGNED variant"). The
 * decoder skips padding without checking it: X.691 leaves padding bits to the encoder. */
int per_put_align(per_enc *e);
int per_get_align(per_dec *d);
/* n whole octets at the current bit position (callers align first where X.691 says so). */
int per_put_octets(per_enc *e, const uint8_t *p, size_t n);
int per_get_octets(per_dec *d, uint8_t *p, size_t n);
int per_skip_bits(per_dec *d, size_t n);

/* 10.5: a constrained whole number v - lb = off in [0, rm1], where rm1 = ub - lb.
 * range 1: no bits (10.5.4); range <= 255: minimal bit-field (10.5.7.1); range 256: one
 * octet, aligned (10.5.7.2); range <= 64K: two octets, aligned (10.5.7.3); larger: the
 * indefinite-length case (10.5.7.4, 12.2.6): octet count as a bit-field in 1..octets(rm1),
 * then the minimal octets, aligned. */
int per_put_cwn(per_enc *e, uint64_t off, uint64_t rm1);
int per_get_cwn(per_dec *d, uint64_t rm1, uint64_t *off);

/* 10.6: normally small non-negative whole number (CHOICE/ENUMERATED extension indexes). */
int per_put_small(per_enc *e, uint64_t n);
int per_get_small(per_dec *d, uint64_t *n);

/* 10.7: semi-constrained whole number off = v - lb >= 0 (length octet + minimal octets). */
int per_put_semi(per_enc *e, uint64_t off);
int per_get_semi(per_dec *d, uint64_t *off);

/* 10.8: unconstrained whole number (length octet + minimal 2's-complement octets). */
int per_put_unconstrained(per_enc *e, int64_t v);
int per_get_unconstrained(per_dec *d, int64_t *v);

/* 10.9.3.4: normally small length n >= 1 (the SEQUENCE extension-addition bitmap): '0' and
 * n-1 in 6 bits, or for n > 64 '1' and a length determinant. The decoder also accepts the
 * '1' + normally-small-number-of-n-1 form PTLib writes. Lengths of 16K and more would be
 * fragmented; nothing real comes close, so they are refused (PER_E_LENGTH). */
int per_put_small_length(per_enc *e, size_t n);
int per_get_small_length(per_dec *d, size_t *n);

/*
 * Length determinants (10.9) for a count n of units (octets, bits, characters, items)
 * with the effective SIZE constraint lb..ub (ub = PER_NO_UB when there is none).
 *
 *  - ub < 64K: a constrained whole number in lb..ub (10.9.3.3); nothing when lb == ub.
 *  - otherwise: octet-aligned, one octet for n <= 127 (10.9.3.6), two for n < 16K
 *    (10.9.3.7), and from 16K on fragments of 1..4 x 16K units each preceded by an octet
 *    11xxxxxx, ending with a fragment of fewer than 16K units, possibly empty (10.9.3.8).
 *
 * Both sides run the same loop; per_len is its state:
 *
 *     per_len L; size_t piece;
 *     int rc = per_put_len_first(e, n, lb, ub, &L, &piece);
 *     while (rc > 0) {                  // write `piece` units, then ask for the next
 *         ...
 *         rc = per_put_len_next(e, &L, &piece);
 *     }                                 // rc == 0: done; rc < 0: error
 *
 * The decoder's per_get_len_first gives the first piece; L.total is the running count and
 * L.fragmented says whether fragments were used. lb/ub are checked on the total.
 */
#define PER_NO_UB SIZE_MAX
#define PER_16K ((size_t)16384)
#define PER_64K ((size_t)65536)

typedef struct per_len {
    size_t left;      /* encoder: units still to announce */
    size_t total;     /* decoder: units announced so far */
    size_t lb, ub;
    int more;         /* a further length octet follows the current piece */
    int fragmented;
} per_len;

int per_put_len_first(per_enc *e, size_t n, size_t lb, size_t ub, per_len *L, size_t *piece);
int per_put_len_next(per_enc *e, per_len *L, size_t *piece);
int per_get_len_first(per_dec *d, size_t lb, size_t ub, per_len *L, size_t *piece);
int per_get_len_next(per_dec *d, per_len *L, size_t *piece);

/* Bits needed for a value up to v (0 for v == 0): the bit-field width of 10.5.7.1. */
unsigned per_bitlen(uint64_t v);

#endif
