/*
 * tests/unit/fuzz_h323_per_prim.c - libFuzzer target for the aligned-PER bit primitives
 * (tsp-h323/asn1/per.h). The input is split in two: a script of operations (constrained
 * whole numbers of any range, normally small numbers, semi-constrained and unconstrained
 * numbers, normally small lengths, length determinants with fragments, octets, alignment)
 * and the bits they read. Each decoder entry point must stay inside its input; whatever it
 * decodes must encode and decode back to the same value.
 */
#include "asn1/per.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t take(const uint8_t **p, const uint8_t *end, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n && *p < end; i++) v = (v << 8) | *(*p)++;
    return v;
}

/* Encodes with put, decodes with get: must give back v. */
#define CHECK_ROUNDTRIP(put_call, get_call, v, type)                       \
    do {                                                                  \
        uint8_t buf_[64];                                                 \
        per_enc e_;                                                       \
        per_dec d_;                                                       \
        type back_;                                                       \
        per_enc_init(&e_, buf_, sizeof buf_);                             \
        if (put_call) abort();                                            \
        per_dec_init(&d_, buf_, (e_.bit + 7) / 8);                        \
        if (get_call || back_ != (v)) abort();                            \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t nscript = data[0] % 32 + 1;
    if (nscript > size - 1) nscript = size - 1;
    const uint8_t *s = data + 1, *send = data + 1 + nscript;
    per_dec d;
    per_dec_init(&d, send, size - 1 - nscript);
    while (s < send) {
        uint8_t op = *s++;
        uint64_t u = 0, rm1;
        int64_t i64;
        size_t n = 0;
        int rc;
        switch (op % 9) {
        case 0:
            rc = per_get_bits(&d, op >> 2, &u);
            break;
        case 1:
            rm1 = take(&s, send, 1 + op / 32);     /* ranges from 1 to 2^64 */
            rc = per_get_cwn(&d, rm1, &u);
            if (!rc) CHECK_ROUNDTRIP(per_put_cwn(&e_, u, rm1), per_get_cwn(&d_, rm1, &back_), u, uint64_t);
            break;
        case 2:
            rc = per_get_small(&d, &u);
            if (!rc) CHECK_ROUNDTRIP(per_put_small(&e_, u), per_get_small(&d_, &back_), u, uint64_t);
            break;
        case 3:
            rc = per_get_semi(&d, &u);
            if (!rc) CHECK_ROUNDTRIP(per_put_semi(&e_, u), per_get_semi(&d_, &back_), u, uint64_t);
            break;
        case 4:
            rc = per_get_unconstrained(&d, &i64);
            if (!rc)
                CHECK_ROUNDTRIP(per_put_unconstrained(&e_, i64), per_get_unconstrained(&d_, &back_), i64, int64_t);
            break;
        case 5:
            rc = per_get_small_length(&d, &n);
            if (!rc) CHECK_ROUNDTRIP(per_put_small_length(&e_, n), per_get_small_length(&d_, &back_), n, size_t);
            break;
        case 6: {
            /* A length-determined run of octets: lb..ub from the script, fragments allowed. */
            size_t lb = (size_t)take(&s, send, 1), ub = op & 0x80 ? PER_NO_UB : lb + (size_t)take(&s, send, 2);
            per_len L;
            size_t piece;
            rc = per_get_len_first(&d, lb, ub, &L, &piece);
            while (rc > 0) {
                if ((rc = per_get_align(&d)) == 0) rc = per_skip_bits(&d, piece * 8);
                if (rc == 0) rc = per_get_len_next(&d, &L, &piece);
            }
            if (rc == 0 && (L.total < lb || L.total > ub)) abort();
            break;
        }
        case 7:
            rc = per_get_align(&d);
            if (!rc && d.bit % 8) abort();
            break;
        default: {
            uint8_t tmp[16];
            rc = per_get_octets(&d, tmp, op % 16);
            break;
        }
        }
        if (d.bit > d.nbits) abort();
        if (rc > 1 || rc < PER_E_INVALID) abort();
        if (rc < 0) break;
    }
    return 0;
}
