/*
 * tests/unit/fuzz_h323_h245.c - libFuzzer target for the H.245 decoders of tsp-h323/h245:
 * h245_decode (a MultimediaSystemControlMessage, as received over TPKT or tunnelled) and
 * h245_olc_decode (a fast-start OpenLogicalChannel). The first input octet picks which
 * (even: message, odd: OpenLogicalChannel); the rest is decoded with a bounded arena.
 *
 * Besides never crashing, reading out of bounds or leaking: the result is 0 or a PER_E_*
 * code; `used` stays within the input; a decoded message has a name; what decodes
 * encodes again unless it holds an alternative the decoder skipped (PER_E_UNSUPPORTED,
 * PER_E_RANGE), and that encoding decodes and encodes to the very same octets.
 */
#include "h245/h245.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static union {
    h245_msg m;
    h245_olc o;
} g_value, g_again;
static uint8_t g_arena1[H245_ARENA_SIZE], g_arena2[H245_ARENA_SIZE], g_out1[1 << 17], g_out2[1 << 17];

static int decode(bool olc, const uint8_t *in, size_t len, void *v, per_arena *a, size_t *used)
{
    per_errinfo ei;
    int rc = olc ? h245_olc_decode(in, len, v, a, used, &ei) : h245_decode(in, len, v, a, used, &ei);
    if (rc > 0 || rc < PER_E_INVALID) abort();
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);   /* must not crash either */
    }
    return rc;
}

static int encode(bool olc, const void *v, uint8_t *out, size_t cap, size_t *len)
{
    return olc ? h245_olc_encode(v, out, cap, len, NULL) : h245_encode(v, out, cap, len, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    bool olc = data[0] & 1;
    per_arena a;
    size_t used = 0, len1, len2;
    per_arena_init(&a, g_arena1, sizeof g_arena1);
    if (decode(olc, data + 1, size - 1, &g_value, &a, &used)) return 0;
    if (used > size - 1) abort();
    if (!olc && !h245_msg_name(&g_value.m)) abort();

    int rc = encode(olc, &g_value, g_out1, sizeof g_out1, &len1);
    if (rc == PER_E_UNSUPPORTED || rc == PER_E_RANGE) return 0;   /* a skipped alternative */
    if (rc) abort();
    per_arena_init(&a, g_arena2, sizeof g_arena2);
    if (decode(olc, g_out1, len1, &g_again, &a, &used) || used != len1) abort();
    if (encode(olc, &g_again, g_out2, sizeof g_out2, &len2)) abort();
    if (len1 != len2 || memcmp(g_out1, g_out2, len1) != 0) abort();
    return 0;
}
