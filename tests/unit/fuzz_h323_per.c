/*
 * tests/unit/fuzz_h323_per.c - libFuzzer target for the descriptor-driven aligned-PER
 * decoder (per_decode, tsp-h323/asn1/schema.h). The first input byte picks one of the toy
 * schemas of test_h323_per_toy.h (every descriptor kind, old and new versions, kept and
 * skipped extensions, a recursive type); the rest is decoded with a bounded arena.
 *
 * Besides never crashing, reading out of bounds or leaking, a decoded value must encode
 * again (for schemas that keep unknown extensions), and what that gives must decode and
 * encode to the very same bytes: decode(encode(x)) is a fixed point.
 */
#include "test_h323_per_toy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
    const per_type *t;
    bool reencodes;   /* every decoded value is encodable (no skipped CHOICE extension) */
} g_types[] = {
    { &toy_t, true },          { &toy_v1_t, true },     { &toy_v1_skip_t, false },
    { &toy_opaque_t, true },   { &toy_t_alias, true },  { &toy_t_alias_v1, true },
    { &toy_t_alias_v1_skip, false }, { &toy_t_nest, true },
};

static union {
    toy t;
    toy_alias a;
    toy_nest n;
} g_value, g_again;
static uint8_t g_arena1[1 << 16], g_arena2[1 << 16], g_out1[1 << 17], g_out2[1 << 17];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const per_type *t = g_types[data[0] % (sizeof g_types / sizeof g_types[0])].t;
    bool reencodes = g_types[data[0] % (sizeof g_types / sizeof g_types[0])].reencodes;
    per_arena a;
    per_errinfo ei;
    per_arena_init(&a, g_arena1, sizeof g_arena1);
    int rc = per_decode(t, data + 1, size - 1, &g_value, &a, &ei);
    if (rc > 0 || rc < PER_E_INVALID) abort();
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);   /* must not crash either */
        return 0;
    }
    if (a.used > a.size) abort();

    size_t len1, len2;
    rc = per_encode(t, &g_value, g_out1, sizeof g_out1, &len1, NULL);
    if (rc) {
        if (reencodes) abort();
        return 0;
    }
    per_arena_init(&a, g_arena2, sizeof g_arena2);
    if (per_decode(t, g_out1, len1, &g_again, &a, NULL)) abort();
    if (per_encode(t, &g_again, g_out2, sizeof g_out2, &len2, NULL)) abort();
    if (len1 != len2 || memcmp(g_out1, g_out2, len1)) abort();
    return 0;
}
