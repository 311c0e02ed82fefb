/*
 * tests/unit/fuzz_h323_h225_uu.c - libFuzzer target for the H.225.0 decoder of
 * H323-UserInformation (call signalling: the User-user IE of Q.931 messages), tsp-h323/h225/h225.h: the input is decoded with a bounded arena.
 *
 * Besides never crashing, reading out of bounds or leaking: a decoded value encodes again
 * unless it holds an alternative the schema skips without keeping it (PER_E_UNSUPPORTED,
 * PER_E_RANGE); what it encodes to decodes to an equal value and encodes to the very same
 * octets (a fixed point).
 */
#include "test_h323_h225_gen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static h225_user_information g_value, g_again, g_third;
static uint8_t g_arena1[1 << 16], g_arena2[1 << 16], g_arena3[1 << 16], g_out1[1 << 17], g_out2[1 << 17];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    per_arena a;
    per_errinfo ei;
    per_arena_init(&a, g_arena1, sizeof g_arena1);
    int rc = h225_decode_uu(data, size, &g_value, &a, &ei);
    if (rc > 0 || rc < PER_E_INVALID) abort();
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);   /* must not crash either */
        return 0;
    }
    if (a.used > a.size) abort();
    (void)h225_body_name(g_value.pdu.body.choice);

    size_t len1, len2;
    rc = h225_encode_uu(&g_value, g_out1, sizeof g_out1, &len1, NULL);
    if (rc) {
        if (rc != PER_E_UNSUPPORTED && rc != PER_E_RANGE) abort();
        return 0;
    }
    per_arena_init(&a, g_arena2, sizeof g_arena2);
    if (h225_decode_uu(g_out1, len1, &g_again, &a, NULL)) abort();
    if (h225_encode_uu(&g_again, g_out2, sizeof g_out2, &len2, NULL)) abort();
    if (len1 != len2 || memcmp(g_out1, g_out2, len1)) abort();
    per_arena_init(&a, g_arena3, sizeof g_arena3);
    if (h225_decode_uu(g_out2, len2, &g_third, &a, NULL)) abort();
    if (!h225_value_equal(&h225_t_user_information, &g_again, &g_third, NULL, 0)) abort();
    return 0;
}
