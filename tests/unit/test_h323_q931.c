/* Unit tests for tsp-h323/q931/q931.h: Q.931 messages as H.225.0 uses them.
 *
 * Known-good octets are worked out by hand from the Q.931 clauses (each vector says how),
 * then decoded field by field and encoded back octet for octet; messages built in code
 * make the round trip; hostile input (every truncation, lengths past the end, every bad
 * discriminator and call reference length, bad IE contents, repeats, unknown IEs and
 * codesets) decodes to an error or a defined result, never past the buffer (ASan). */
#include "q931/q931.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- helpers ---- */

static const char *hex(const uint8_t *p, size_t n)
{
    static char s[3 * 512 + 1];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < sizeof s; i++)
        k += (size_t)snprintf(s + k, sizeof s - k, "%s%02X", i ? " " : "", p[i]);
    s[k] = '\0';
    return s;
}

/* Decodes from an exact-size heap copy, so that ASan sees any read past the end. The
 * copy is returned for the octet strings of *m to point into (caller frees). */
static uint8_t *decode_copy(q931_message *m, const uint8_t *v, size_t n, int *rc)
{
    uint8_t *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    if (n)
        memcpy(copy, v, n);
    *rc = q931_decode(m, copy, n);
    return copy;
}

static void assert_octets(q931_octets o, const void *want, size_t n, const char *what)
{
    if (o.len != n || (n && memcmp(o.data, want, n) != 0))
        fail_msg("%s: got %zu octets [%s], want %zu", what, o.len, o.len ? hex(o.data, o.len) : "", n);
}

static void assert_octets_equal(q931_octets a, q931_octets b, const char *what)
{
    assert_octets(a, b.data, b.len, what);
}

/* Encodes m and checks the octets. */
static void assert_encodes_to(const q931_message *m, const uint8_t *want, size_t n)
{
    uint8_t out[1024];
    int len = q931_encode(m, out, sizeof out);
    if (len < 0)
        fail_msg("encode: %s", q931_strerror(len));
    if ((size_t)len != n || memcmp(out, want, n) != 0) {
        char got[3 * 512 + 1];
        snprintf(got, sizeof got, "%s", hex(out, (size_t)len));
        fail_msg("encoded [%s]\n          want [%s]", got, hex(want, n));
    }
}

static void assert_number_equal(const q931_number *a, const q931_number *b, const char *what)
{
    if (a->type != b->type || a->plan != b->plan || a->has_octet3a != b->has_octet3a ||
        a->presentation != b->presentation || a->screening != b->screening)
        fail_msg("%s: type %u/%u plan %u/%u 3a %d/%d pres %u/%u screen %u/%u", what, a->type,
                 b->type, a->plan, b->plan, a->has_octet3a, b->has_octet3a, a->presentation,
                 b->presentation, a->screening, b->screening);
    assert_octets_equal(a->digits, b->digits, what);
}

/* Every field that the presence bits say is there. */
static void assert_msg_equal(const q931_message *a, const q931_message *b)
{
    assert_int_equal(a->type, b->type);
    assert_int_equal(a->call_ref, b->call_ref);
    assert_int_equal(a->call_ref_flag, b->call_ref_flag);
    assert_int_equal(a->present, b->present);
    uint32_t p = a->present;
    if (p & Q931_HAS_BEARER) {
        const q931_bearer *x = &a->bearer, *y = &b->bearer;
        assert_int_equal(x->coding_standard, y->coding_standard);
        assert_int_equal(x->capability, y->capability);
        assert_int_equal(x->transfer_mode, y->transfer_mode);
        assert_int_equal(x->rate, y->rate);
        assert_int_equal(x->multiplier, y->multiplier);
        assert_int_equal(x->layer1, y->layer1);
        assert_octets_equal(x->layer1_more, y->layer1_more, "bearer octets 5a..");
        assert_octets_equal(x->layers23, y->layers23, "bearer octets 6, 7");
    }
    if (p & Q931_HAS_CAUSE) {
        assert_int_equal(a->cause.coding_standard, b->cause.coding_standard);
        assert_int_equal(a->cause.location, b->cause.location);
        assert_int_equal(a->cause.has_recommendation, b->cause.has_recommendation);
        assert_int_equal(a->cause.recommendation, b->cause.recommendation);
        assert_int_equal(a->cause.value, b->cause.value);
        assert_octets_equal(a->cause.diagnostics, b->cause.diagnostics, "cause diagnostics");
    }
    if (p & Q931_HAS_CHANNEL_ID)
        assert_octets_equal(a->channel_id, b->channel_id, "channel id");
    if (p & Q931_HAS_PROGRESS) {
        assert_int_equal(a->num_progress, b->num_progress);
        for (size_t i = 0; i < a->num_progress; i++)
            assert_memory_equal(&a->progress[i], &b->progress[i], sizeof a->progress[i]);
    }
    if (p & Q931_HAS_NOTIFICATION) {
        assert_int_equal(a->notification.description, b->notification.description);
        assert_octets_equal(a->notification.more, b->notification.more, "notification");
    }
    if (p & Q931_HAS_DISPLAY)
        assert_octets_equal(a->display, b->display, "display");
    if (p & Q931_HAS_KEYPAD)
        assert_octets_equal(a->keypad, b->keypad, "keypad");
    if (p & Q931_HAS_SIGNAL)
        assert_int_equal(a->signal, b->signal);
    if (p & Q931_HAS_CALLING)
        assert_number_equal(&a->calling, &b->calling, "calling");
    if (p & Q931_HAS_CALLED)
        assert_number_equal(&a->called, &b->called, "called");
    if (p & Q931_HAS_USER_USER) {
        assert_int_equal(a->user_user.protocol_discriminator, b->user_user.protocol_discriminator);
        assert_octets_equal(a->user_user.contents, b->user_user.contents, "user-user");
    }
    assert_int_equal(a->num_other, b->num_other);
    for (size_t i = 0; i < a->num_other; i++) {
        assert_int_equal(a->other[i].codeset, b->other[i].codeset);
        assert_int_equal(a->other[i].id, b->other[i].id);
        assert_octets_equal(a->other[i].contents, b->other[i].contents, "kept IE");
    }
}

/* Encode, decode, compare, encode again: the same octets. */
static size_t round_trip(const q931_message *m)
{
    uint8_t out[70000], again[70000];
    int len = q931_encode(m, out, sizeof out);
    if (len < 0)
        fail_msg("encode %s: %s", q931_message_name(m->type), q931_strerror(len));
    q931_message d;
    int rc;
    uint8_t *copy = decode_copy(&d, out, (size_t)len, &rc);
    if (rc != 0)
        fail_msg("decode of our own [%s]: %s", hex(out, (size_t)len), q931_strerror(rc));
    assert_int_equal(d.bad, 0);
    assert_int_equal(d.ignored, 0);
    assert_msg_equal(&d, m);
    int len2 = q931_encode(&d, again, sizeof again);
    assert_int_equal(len2, len);
    assert_memory_equal(again, out, (size_t)len);
    free(copy);
    return (size_t)len;
}

/* ---- hand-made vectors ---- */

/* SETUP as an H.323 endpoint sends it (H.225.0 7.3: Bearer capability, Display, numbers,
 * User-user):
 *   08           protocol discriminator Q.931 (4.2)
 *   02 2A 5C     call reference: length 2 (H.225.0), flag 0 (from the originating side),
 *                value 0x2A5C (4.3)
 *   05           message type SETUP (4.4 table 4-2: 0000 0101)
 *   A1           Sending complete (4.5.27: single octet 1010 0001)
 *   04 03 88 90 A5  Bearer capability (4.5.5): 88 = ext 1, coding ITU-T 00, capability
 *                unrestricted digital 01000; 90 = ext 1, circuit mode 00, 64 kbit/s 10000;
 *                A5 = ext 1, layer 1 identification 01, H.221 and H.242 00101
 *   1E 02 81 88  Progress indicator (4.5.23): 81 = ext 1, ITU-T, location private network
 *                serving the local user 0001; 88 = ext 1, in-band information 0001000
 *   28 06 ...    Display (4.5.16) "tspkit"
 *   6C 09 21 81 ...  Calling party number (4.5.10): 21 = ext 0 (octet 3a follows),
 *                national number 010, ISDN/E.164 plan 0001; 81 = ext 1, presentation
 *                allowed 00, user-provided verified and passed 01; digits "5551000"
 *   70 08 A1 ... Called party number (4.5.8): A1 = ext 1, national 010, E.164 0001;
 *                digits "5552000"
 *   7E 00 04 05 01 02 03  User-user (4.5.30) with H.225.0's 2-octet length 0x0004:
 *                protocol discriminator 05 (X.208/X.209 coded), then 3 octets of PER */
static const uint8_t SETUP[] = {
    0x08, 0x02, 0x2A, 0x5C, 0x05,
    0xA1,
    0x04, 0x03, 0x88, 0x90, 0xA5,
    0x1E, 0x02, 0x81, 0x88,
    0x28, 0x06, 't', 's', 'p', 'k', 'i', 't',
    0x6C, 0x09, 0x21, 0x81, '5', '5', '5', '1', '0', '0', '0',
    0x70, 0x08, 0xA1, '5', '5', '5', '2', '0', '0', '0',
    0x7E, 0x00, 0x04, 0x05, 0x01, 0x02, 0x03,
};
/* Where each IE of SETUP ends: a cut there leaves a shorter valid message. */
static const size_t SETUP_ENDS[] = { 5, 6, 11, 15, 23, 34, 44, 51 };

static void test_setup_vector(void **state)
{
    (void)state;
    q931_message m;
    int rc;
    uint8_t *copy = decode_copy(&m, SETUP, sizeof SETUP, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(m.type, Q931_SETUP);
    assert_int_equal(m.call_ref, 0x2A5C);
    assert_false(m.call_ref_flag);
    assert_int_equal(m.present, Q931_HAS_SENDING_COMPLETE | Q931_HAS_BEARER | Q931_HAS_PROGRESS |
                                    Q931_HAS_DISPLAY | Q931_HAS_CALLING | Q931_HAS_CALLED |
                                    Q931_HAS_USER_USER);
    assert_int_equal(m.bad, 0);
    assert_int_equal(m.bearer.coding_standard, Q931_CODING_ITU);
    assert_int_equal(m.bearer.capability, Q931_BC_UNRESTRICTED_DIGITAL);
    assert_int_equal(m.bearer.transfer_mode, Q931_BC_MODE_CIRCUIT);
    assert_int_equal(m.bearer.rate, Q931_BC_RATE_64K);
    assert_int_equal(m.bearer.layer1, Q931_UIL1_H221);
    assert_int_equal(m.bearer.layer1_more.len, 0);
    assert_int_equal(m.bearer.layers23.len, 0);
    assert_int_equal(m.num_progress, 1);
    assert_int_equal(m.progress[0].location, Q931_LOC_PRIVATE_LOCAL);
    assert_int_equal(m.progress[0].description, Q931_PROGRESS_INBAND);
    assert_octets(m.display, "tspkit", 6, "display");
    assert_int_equal(m.calling.type, Q931_TON_NATIONAL);
    assert_int_equal(m.calling.plan, Q931_NP_E164);
    assert_true(m.calling.has_octet3a);
    assert_int_equal(m.calling.presentation, Q931_PRES_ALLOWED);
    assert_int_equal(m.calling.screening, Q931_SCREEN_USER_PASSED);
    assert_octets(m.calling.digits, "5551000", 7, "calling digits");
    assert_int_equal(m.called.type, Q931_TON_NATIONAL);
    assert_false(m.called.has_octet3a);
    assert_octets(m.called.digits, "5552000", 7, "called digits");
    assert_int_equal(m.user_user.protocol_discriminator, Q931_UU_PD_X208);
    assert_octets(m.user_user.contents, "\x01\x02\x03", 3, "user-user");
    assert_int_equal(m.num_other, 0);
    /* The decoded message encodes back to the same octets. */
    assert_encodes_to(&m, SETUP, sizeof SETUP);

    /* And the same message built from scratch. */
    q931_message b;
    q931_message_init(&b, Q931_SETUP, 0x2A5C, false);
    b.present = m.present;
    b.bearer = (q931_bearer){ .capability = Q931_BC_UNRESTRICTED_DIGITAL, .rate = Q931_BC_RATE_64K,
                              .layer1 = Q931_UIL1_H221 };
    b.num_progress = 1;
    b.progress[0] = (q931_progress){ Q931_CODING_ITU, Q931_LOC_PRIVATE_LOCAL, Q931_PROGRESS_INBAND };
    b.display = Q931_OCTETS_STR("tspkit");
    b.calling = (q931_number){ .type = Q931_TON_NATIONAL, .plan = Q931_NP_E164, .has_octet3a = true,
                               .screening = Q931_SCREEN_USER_PASSED,
                               .digits = Q931_OCTETS_STR("5551000") };
    b.called = (q931_number){ .type = Q931_TON_NATIONAL, .plan = Q931_NP_E164,
                              .digits = Q931_OCTETS_STR("5552000") };
    b.user_user = (q931_user_user){ Q931_UU_PD_X208, Q931_OCTETS_STR("\x01\x02\x03") };
    assert_encodes_to(&b, SETUP, sizeof SETUP);
    printf("SETUP, %zu octets: decoded field by field, encodes back octet for octet\n", sizeof SETUP);
    free(copy);
}

/* RELEASE COMPLETE from the called side (flag 1): 08 02 AA 5C 5A, Cause (4.5.12)
 * 08 02 80 91: 80 = ext 1, ITU-T 00, spare 0, location user 0000; 91 = ext 1, cause 17
 * "user busy" (Q.850). */
static void test_release_complete_vector(void **state)
{
    (void)state;
    static const uint8_t v[] = { 0x08, 0x02, 0xAA, 0x5C, 0x5A, 0x08, 0x02, 0x80, 0x91 };
    q931_message m;
    assert_int_equal(q931_decode(&m, v, sizeof v), 0);
    assert_int_equal(m.type, Q931_RELEASE_COMPLETE);
    assert_true(m.call_ref_flag);
    assert_int_equal(m.call_ref, 0x2A5C);
    assert_int_equal(m.present, Q931_HAS_CAUSE);
    assert_int_equal(m.cause.location, Q931_LOC_USER);
    assert_int_equal(m.cause.value, Q931_CAUSE_USER_BUSY);
    assert_false(m.cause.has_recommendation);
    assert_int_equal(m.cause.diagnostics.len, 0);
    assert_encodes_to(&m, v, sizeof v);
}

/* Cause with octet 3a and a diagnostic: 08 04 02 80 E0 14: 02 = ext 0 (3a follows), ITU-T,
 * location public network serving the local user 0010; 80 = ext 1, recommendation Q.931
 * 0000000; E0 = ext 1, cause 96 "mandatory information element is missing"; 14 = the
 * diagnostic, the identifier of the missing IE (Call state), Q.850 table 1. */
static void test_cause_recommendation_vector(void **state)
{
    (void)state;
    static const uint8_t v[] = { 0x08, 0x02, 0x80, 0x01, 0x5A, 0x08, 0x04, 0x02, 0x80, 0xE0, 0x14 };
    q931_message m;
    assert_int_equal(q931_decode(&m, v, sizeof v), 0);
    assert_true(m.call_ref_flag);
    assert_int_equal(m.call_ref, 1);
    assert_int_equal(m.cause.location, Q931_LOC_PUBLIC_LOCAL);
    assert_true(m.cause.has_recommendation);
    assert_int_equal(m.cause.recommendation, 0);
    assert_int_equal(m.cause.value, Q931_CAUSE_MANDATORY_IE_MISSING);
    assert_octets(m.cause.diagnostics, "\x14", 1, "diagnostics");
    assert_encodes_to(&m, v, sizeof v);
}

/* Spare bits are ignored on receipt (Q.931 4.5.10: octet 3a bits 5-3 are spare):
 * 6C 03 21 9D 31: 9D = ext 1, presentation allowed 00, spare 111, screening 01. */
static void test_spare_bits_ignored(void **state)
{
    (void)state;
    static const uint8_t v[] = { 0x08, 0x02, 0x00, 0x01, 0x05, 0x6C, 0x03, 0x21, 0x9D, '1' };
    q931_message m;
    assert_int_equal(q931_decode(&m, v, sizeof v), 0);
    assert_int_equal(m.present, Q931_HAS_CALLING);
    assert_int_equal(m.calling.presentation, Q931_PRES_ALLOWED);
    assert_int_equal(m.calling.screening, Q931_SCREEN_USER_PASSED);
    /* and we send them as 0 */
    assert_encodes_to(&m, (const uint8_t *)"\x08\x02\x00\x01\x05\x6C\x03\x21\x81" "1", 10);
}

/* Bearer capability for an H0 (384 kbit/s) call as multirate (4.5.5, H.225.0 7.2):
 * 04 04 88 98 86 A5: octet 4 98 = ext 1, circuit 00, rate 11000 multirate; octet 4.1
 * 86 = ext 1, multiplier 6 (x 64 kbit/s).
 * And one with every octet group: 04 06 88 90 21 8F C2 E6: octet 5 21 = ext 0 (5a follows),
 * layer 1, V.110 00001; 5a 8F = ext 1 (last of the group); octet 6 C2 = ext 1, layer 2
 * identification 10, Q.921 00010; octet 7 E6 = ext 1, layer 3 identification 11, X.25
 * packet layer 00110. */
static void test_bearer_vectors(void **state)
{
    (void)state;
    static const uint8_t multi[] = { 0x08, 0x02, 0x00, 0x07, 0x07, 0x04, 0x04, 0x88, 0x98, 0x86, 0xA5 };
    q931_message m;
    assert_int_equal(q931_decode(&m, multi, sizeof multi), 0);
    assert_int_equal(m.type, Q931_CONNECT);
    assert_int_equal(m.bearer.rate, Q931_BC_RATE_MULTI);
    assert_int_equal(m.bearer.multiplier, 6);
    assert_int_equal(m.bearer.layer1, Q931_UIL1_H221);
    assert_encodes_to(&m, multi, sizeof multi);

    static const uint8_t full[] = { 0x08, 0x02, 0x00, 0x07, 0x05, 0x04, 0x06, 0x88, 0x90, 0x21, 0x8F, 0xC2, 0xE6 };
    assert_int_equal(q931_decode(&m, full, sizeof full), 0);
    assert_int_equal(m.bearer.layer1, 1);
    assert_octets(m.bearer.layer1_more, "\x8F", 1, "octet 5a");
    assert_octets(m.bearer.layers23, "\xC2\xE6", 2, "octets 6, 7");
    assert_encodes_to(&m, full, sizeof full);

    /* Without octet 5: only octets 6/7 after octet 4. */
    static const uint8_t no5[] = { 0x08, 0x02, 0x00, 0x07, 0x05, 0x04, 0x03, 0x80, 0x90, 0xC2 };
    assert_int_equal(q931_decode(&m, no5, sizeof no5), 0);
    assert_int_equal(m.bearer.layer1, 0);
    assert_octets(m.bearer.layers23, "\xC2", 1, "octet 6");
    assert_encodes_to(&m, no5, sizeof no5);
}

/* ALERTING with Channel identification (4.5.13) 18 01 89: ext 1, interface implicit 0,
 * basic interface 0, spare, exclusive 1, not the D-channel 0, B1 01; two Progress
 * indicators (4.5.23, may be repeated): 82 81 "not end-to-end ISDN", 82 88 "in-band";
 * Signal (4.5.28) 34 01 01 "ring back tone on". NOTIFY with Notification indicator
 * (4.5.22) 27 01 81: ext 1, "user resumed". INFORMATION with Sending complete and Keypad
 * facility (4.5.18) 2C 04 "123#". */
static void test_alerting_notify_information_vectors(void **state)
{
    (void)state;
    static const uint8_t alerting[] = { 0x08, 0x02, 0xAA, 0x5C, 0x01, 0x18, 0x01, 0x89, 0x1E, 0x02,
                                        0x82, 0x81, 0x1E, 0x02, 0x82, 0x88, 0x34, 0x01, 0x01 };
    q931_message m;
    assert_int_equal(q931_decode(&m, alerting, sizeof alerting), 0);
    assert_int_equal(m.present, Q931_HAS_CHANNEL_ID | Q931_HAS_PROGRESS | Q931_HAS_SIGNAL);
    assert_octets(m.channel_id, "\x89", 1, "channel id");
    assert_int_equal(m.num_progress, 2);
    assert_int_equal(m.progress[0].description, Q931_PROGRESS_NOT_END_TO_END_ISDN);
    assert_int_equal(m.progress[1].description, Q931_PROGRESS_INBAND);
    assert_int_equal(m.progress[1].location, Q931_LOC_PUBLIC_LOCAL);
    assert_int_equal(m.signal, Q931_SIGNAL_RINGBACK);
    assert_encodes_to(&m, alerting, sizeof alerting);

    static const uint8_t notify[] = { 0x08, 0x02, 0xAA, 0x5C, 0x6E, 0x27, 0x01, 0x81 };
    assert_int_equal(q931_decode(&m, notify, sizeof notify), 0);
    assert_int_equal(m.present, Q931_HAS_NOTIFICATION);
    assert_int_equal(m.notification.description, Q931_NOTIFY_USER_RESUMED);
    assert_encodes_to(&m, notify, sizeof notify);

    static const uint8_t info[] = { 0x08, 0x02, 0x2A, 0x5C, 0x7B, 0xA1, 0x2C, 0x04, '1', '2', '3', '#' };
    assert_int_equal(q931_decode(&m, info, sizeof info), 0);
    assert_int_equal(m.present, Q931_HAS_SENDING_COMPLETE | Q931_HAS_KEYPAD);
    assert_octets(m.keypad, "123#", 4, "keypad");
    assert_encodes_to(&m, info, sizeof info);
}

/* STATUS with IEs this codec keeps without interpreting: Cause 08 02 80 9E (cause 30,
 * "response to STATUS ENQUIRY"), Call state (4.5.7) 14 01 0A "active", and after a
 * non-locking shift to codeset 6 (4.5.4: 1001 1110) an IE 01 02 AB CD of that codeset.
 * Kept IEs are encoded back where they belong: codeset 0 in identifier order, others
 * behind a non-locking shift, so these octets come back unchanged. */
static void test_kept_ies_vector(void **state)
{
    (void)state;
    static const uint8_t v[] = { 0x08, 0x02, 0xAA, 0x5C, 0x7D, 0x08, 0x02, 0x80, 0x9E, 0x14,
                                 0x01, 0x0A, 0x9E, 0x01, 0x02, 0xAB, 0xCD };
    q931_message m;
    assert_int_equal(q931_decode(&m, v, sizeof v), 0);
    assert_int_equal(m.present, Q931_HAS_CAUSE);
    assert_int_equal(m.cause.value, Q931_CAUSE_RESPONSE_TO_STATUS_ENQUIRY);
    assert_int_equal(m.num_other, 2);
    assert_int_equal(m.other[0].codeset, 0);
    assert_int_equal(m.other[0].id, 0x14);
    assert_octets(m.other[0].contents, "\x0A", 1, "call state");
    assert_int_equal(m.other[1].codeset, 6);
    assert_int_equal(m.other[1].id, 0x01);
    assert_octets(m.other[1].contents, "\xAB\xCD", 2, "codeset 6 IE");
    assert_int_equal(m.comprehension_required, 0);
    assert_encodes_to(&m, v, sizeof v);
}

/* Locking shift (4.5.3): 95 shifts to codeset 5 for the rest of the message; 94 (to the
 * lower codeset 4) is not allowed and ignored; a non-locking shift 9F applies to one IE
 * (codeset 7), then codeset 5 again; single-octet A1 in codeset 5 is not Sending complete. */
static void test_locking_shift(void **state)
{
    (void)state;
    static const uint8_t v[] = { 0x08, 0x02, 0x00, 0x01, 0x62, 0x28, 0x01, 'A', 0x95, 0x28, 0x01,
                                 'B', 0x94, 0x7E, 0x01, 0x00, 0x9F, 0x02, 0x01, 0x55, 0xA1, 0x03,
                                 0x00 };
    q931_message m;
    assert_int_equal(q931_decode(&m, v, sizeof v), 0);
    assert_int_equal(m.present, Q931_HAS_DISPLAY);
    assert_octets(m.display, "A", 1, "display");
    struct { uint8_t cs, id; size_t n; } want[] = {
        { 5, 0x28, 1 }, { 5, 0x7E, 1 }, { 7, 0x02, 1 }, { 5, 0xA1, 0 }, { 5, 0x03, 0 },
    };
    assert_int_equal(m.num_other, 5);
    for (size_t i = 0; i < 5; i++) {
        if (m.other[i].codeset != want[i].cs || m.other[i].id != want[i].id ||
            m.other[i].contents.len != want[i].n)
            fail_msg("kept IE %zu: codeset %u id %02X len %zu, want %u %02X %zu", i,
                     m.other[i].codeset, m.other[i].id, m.other[i].contents.len, want[i].cs,
                     want[i].id, want[i].n);
    }
    /* In codeset 5 the identifier 7E has a 1-octet length: only codeset 0's is H.225.0's. */
    assert_octets(m.other[1].contents, "\x00", 1, "codeset 5 IE 7E");
    /* Encoded with a non-locking shift per IE; decodes to the same message. */
    round_trip(&m);
}

/* Unknown IEs of codeset 0 are kept; those 0000 xxxx need comprehension (5.8.7.1).
 * Repeats: the first counts (5.8.5.2); Progress twice, the third is dropped. */
static void test_unknown_and_repeated(void **state)
{
    (void)state;
    static const uint8_t v[] = {
        0x08, 0x02, 0x00, 0x01, 0x05,
        0x0A, 0x01, 0xFF,                 /* unknown, comprehension required */
        0x10, 0x02, 0x01, 0x02,           /* Call identity: Q.931 knows it, we keep it */
        0x2C, 0x01, '1', 0x2C, 0x01, '2', /* Keypad twice */
        0x28, 0x01, 'A', 0x28, 0x01, 'B', /* Display twice */
        0x1E, 0x02, 0x80, 0x81, 0x1E, 0x02, 0x80, 0x82, 0x1E, 0x02, 0x80, 0x88,
        0xA1, 0xA1,                       /* Sending complete twice */
        0x7F, 0x00,                       /* escape for extension, empty */
    };
    q931_message m;
    assert_int_equal(q931_decode(&m, v, sizeof v), 0);
    printf("kept %u, ignored %u, comprehension required %u\n", m.num_other, m.ignored,
           m.comprehension_required);
    assert_int_equal(m.num_other, 3);
    assert_int_equal(m.other[0].id, 0x0A);
    assert_int_equal(m.other[1].id, 0x10);
    assert_int_equal(m.other[2].id, 0x7F);
    assert_int_equal(m.comprehension_required, 1);
    assert_int_equal(m.ignored, 4);
    assert_octets(m.keypad, "1", 1, "keypad");
    assert_octets(m.display, "A", 1, "display");
    assert_int_equal(m.num_progress, 2);
    assert_int_equal(m.progress[1].description, 2);

    /* More unknown IEs than Q931_MAX_OTHER: the rest are counted, not kept. */
    uint8_t many[5 + 3 * (Q931_MAX_OTHER + 3)] = { 0x08, 0x02, 0x00, 0x01, 0x05 };
    for (size_t i = 0; i < Q931_MAX_OTHER + 3; i++) {
        many[5 + 3 * i] = 0x40;
        many[5 + 3 * i + 1] = 1;
        many[5 + 3 * i + 2] = (uint8_t)i;
    }
    assert_int_equal(q931_decode(&m, many, sizeof many), 0);
    assert_int_equal(m.num_other, Q931_MAX_OTHER);
    assert_int_equal(m.ignored, 3);
    /* Equal identifiers keep their order through an encode. */
    round_trip(&m);
}

/* Known IEs whose contents break their coding: dropped, bit set in 'bad' (5.8.7.2); a
 * good repeat after a bad first one is still a repeat (5.8.5.2). */
static void test_bad_contents(void **state)
{
    (void)state;
    static const struct {
        uint32_t bit;
        uint8_t ie[10];
        size_t n;
        const char *why;
    } cases[] = {
        { Q931_HAS_BEARER, { 0x04, 0x02, 0x08, 0x90 }, 4, "octet 3 ext 0" },
        { Q931_HAS_BEARER, { 0x04, 0x02, 0x88, 0x10 }, 4, "octet 4 ext 0" },
        { Q931_HAS_BEARER, { 0x04, 0x01, 0x88 }, 3, "no octet 4" },
        { Q931_HAS_BEARER, { 0x04, 0x02, 0x88, 0x98 }, 4, "multirate without octet 4.1" },
        { Q931_HAS_BEARER, { 0x04, 0x03, 0x88, 0x98, 0x06 }, 5, "octet 4.1 ext 0" },
        { Q931_HAS_BEARER, { 0x04, 0x03, 0x88, 0x90, 0xA0 }, 5, "layer 1 protocol 0" },
        { Q931_HAS_BEARER, { 0x04, 0x04, 0x88, 0x90, 0x21, 0x0F }, 6, "octet 5a unterminated" },
        { Q931_HAS_BEARER, { 0x04, 0x07, 0x88, 0x90, 0x21, 0x01, 0x02, 0x03, 0x04 }, 9, "5a..5d, no last" },
        { Q931_HAS_BEARER, { 0x04, 0x08, 0x88, 0x90, 0x21, 0x01, 0x02, 0x03, 0x04, 0x85 }, 10, "5a..5e" },
        { Q931_HAS_CAUSE, { 0x08, 0x01, 0x80 }, 3, "no cause value" },
        { Q931_HAS_CAUSE, { 0x08, 0x02, 0x80, 0x11 }, 4, "cause value ext 0" },
        { Q931_HAS_CAUSE, { 0x08, 0x02, 0x00, 0x00 }, 4, "octet 3a ext 0" },
        { Q931_HAS_CAUSE, { 0x08, 0x02, 0x00, 0x80 }, 4, "3a but no value" },
        { Q931_HAS_CHANNEL_ID, { 0x18, 0x00 }, 2, "empty" },
        { Q931_HAS_PROGRESS, { 0x1E, 0x01, 0x80 }, 3, "one octet" },
        { Q931_HAS_PROGRESS, { 0x1E, 0x03, 0x80, 0x88, 0x00 }, 5, "three octets" },
        { Q931_HAS_PROGRESS, { 0x1E, 0x02, 0x00, 0x88 }, 4, "octet 3 ext 0" },
        { Q931_HAS_NOTIFICATION, { 0x27, 0x01, 0x01 }, 3, "ext 0" },
        { Q931_HAS_NOTIFICATION, { 0x27, 0x00 }, 2, "empty" },
        { Q931_HAS_KEYPAD, { 0x2C, 0x02, '1', 0xB1 }, 4, "bit 8 set" },
        { Q931_HAS_SIGNAL, { 0x34, 0x02, 0x01, 0x01 }, 4, "two octets" },
        { Q931_HAS_SIGNAL, { 0x34, 0x00 }, 2, "empty" },
        { Q931_HAS_CALLING, { 0x6C, 0x00 }, 2, "empty" },
        { Q931_HAS_CALLING, { 0x6C, 0x02, 0x21, 0x01 }, 4, "octet 3a ext 0" },
        { Q931_HAS_CALLING, { 0x6C, 0x01, 0x21 }, 3, "octet 3a missing" },
        { Q931_HAS_CALLING, { 0x6C, 0x02, 0x81, 0xB5 }, 4, "digit with bit 8" },
        { Q931_HAS_CALLED, { 0x70, 0x02, 0x21, 0x80 }, 4, "octet 3a in a called number" },
        { Q931_HAS_CALLED, { 0x70, 0x00 }, 2, "empty" },
        { Q931_HAS_USER_USER, { 0x7E, 0x00, 0x00 }, 3, "no protocol discriminator" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t v[32] = { 0x08, 0x02, 0x00, 0x01, 0x05 };
        memcpy(v + 5, cases[i].ie, cases[i].n);
        /* then a good Display, to show decoding went on */
        memcpy(v + 5 + cases[i].n, "\x28\x01Z", 3);
        size_t len = 5 + cases[i].n + 3;
        q931_message m;
        int rc;
        uint8_t *copy = decode_copy(&m, v, len, &rc);
        if (rc != 0 || m.bad != cases[i].bit || m.present != Q931_HAS_DISPLAY)
            fail_msg("[%s] (%s): rc %d bad %#x present %#x", hex(v, len), cases[i].why, rc, m.bad,
                     m.present);
        free(copy);
    }
    /* A bad Cause followed by a good one: the good one is a repeat. */
    static const uint8_t rep[] = { 0x08, 0x02, 0x00, 0x01, 0x5A, 0x08, 0x01, 0x80, 0x08, 0x02, 0x80, 0x90 };
    q931_message m;
    assert_int_equal(q931_decode(&m, rep, sizeof rep), 0);
    assert_int_equal(m.bad, Q931_HAS_CAUSE);
    assert_int_equal(m.present, 0);
    assert_int_equal(m.ignored, 1);
    /* The same for the Progress indicator, which may otherwise appear twice. */
    static const uint8_t prep[] = { 0x08, 0x02, 0x00, 0x01, 0x03, 0x1E, 0x01, 0x80, 0x1E, 0x02, 0x80, 0x88 };
    assert_int_equal(q931_decode(&m, prep, sizeof prep), 0);
    assert_int_equal(m.bad, Q931_HAS_PROGRESS);
    assert_int_equal(m.num_progress, 0);
    assert_int_equal(m.ignored, 1);
    printf("%zu kinds of bad IE contents: each dropped and flagged, the rest decoded\n",
           sizeof cases / sizeof cases[0]);
}

/* The User-user length is 2 octets (H.225.0 7.2), so contents over 255 octets fit, and a
 * message with a 1-octet length (as in Q.931 4.5.30) does not parse as one. */
static void test_user_user_length(void **state)
{
    (void)state;
    uint8_t big[300];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)i;
    q931_message m;
    q931_message_init(&m, Q931_FACILITY, 7, true);
    m.present = Q931_HAS_USER_USER;
    m.user_user = (q931_user_user){ Q931_UU_PD_X208, { big, sizeof big } };
    uint8_t out[400];
    int len = q931_encode(&m, out, sizeof out);
    assert_int_equal(len, 5 + 3 + 1 + 300);
    assert_memory_equal(out + 5, "\x7E\x01\x2D\x05", 4);   /* 0x012D = 301 */
    round_trip(&m);

    static const uint8_t one_octet[] = { 0x08, 0x02, 0x00, 0x01, 0x05, 0x7E, 0x03, 0x05, 0xAA, 0xBB };
    q931_message d;
    assert_int_equal(q931_decode(&d, one_octet, sizeof one_octet), Q931_ERR_TRUNCATED);

    /* The largest: 65535 octets of length = discriminator + 65534. */
    uint8_t *huge = calloc(1, 65535);
    uint8_t *hout = malloc(70000);
    assert_non_null(huge);
    assert_non_null(hout);
    m.user_user.contents = (q931_octets){ huge, 65534 };
    assert_int_equal(q931_encode(&m, hout, 70000), 5 + 3 + 65535);
    assert_int_equal(q931_decode(&d, hout, 5 + 3 + 65535), 0);
    assert_int_equal(d.user_user.contents.len, 65534);
    m.user_user.contents = (q931_octets){ huge, 65535 };
    assert_int_equal(q931_encode(&m, hout, 70000), Q931_ERR_INVALID);
    free(huge);
    free(hout);
}

/* ---- round trips of messages built in code ---- */

static void test_round_trips(void **state)
{
    (void)state;
    static const uint8_t types[] = {
        Q931_SETUP, Q931_CALL_PROCEEDING, Q931_ALERTING, Q931_CONNECT, Q931_RELEASE_COMPLETE,
        Q931_FACILITY, Q931_PROGRESS, Q931_INFORMATION, Q931_NOTIFY, Q931_STATUS,
        Q931_STATUS_ENQUIRY, Q931_SETUP_ACK, Q931_CONNECT_ACK,
    };
    static const uint8_t kept6[] = { 0x12, 0x34 };
    size_t total = 0;
    for (size_t t = 0; t < sizeof types; t++) {
        for (uint32_t variant = 0; variant < 4; variant++) {
            q931_message m;
            q931_message_init(&m, types[t], (uint16_t)(t * 0x1111 + variant) & Q931_CALL_REF_MAX,
                              variant & 1);
            /* Every variant has a different mix of IEs and field values at their limits. */
            m.present = Q931_HAS_USER_USER | (variant & 1 ? Q931_HAS_SENDING_COMPLETE : 0);
            m.user_user = (q931_user_user){ Q931_UU_PD_X208, Q931_OCTETS_STR("\x00\x01") };
            if (variant & 2) {
                m.present |= Q931_HAS_BEARER | Q931_HAS_CAUSE | Q931_HAS_PROGRESS |
                             Q931_HAS_CALLING | Q931_HAS_CALLED | Q931_HAS_MORE_DATA;
                m.bearer = (q931_bearer){ 3, 0x1F, 3, Q931_BC_RATE_MULTI, 0x7F, 0x1F,
                                          Q931_OCTETS_STR("\x01\x82"), Q931_OCTETS_STR("\xC2") };
                m.cause = (q931_cause){ 3, 15, true, 0x7F, 0x7F, Q931_OCTETS_STR("\x01\x02") };
                m.num_progress = 2;
                m.progress[0] = (q931_progress){ 3, 15, 0x7F };
                m.progress[1] = (q931_progress){ 0, 0, 0 };
                m.calling = (q931_number){ 7, 15, true, 3, 3, Q931_OCTETS_STR("*#0123456789abc") };
                m.called = (q931_number){ 0, 0, false, 0, 0, { NULL, 0 } };
            } else {
                m.present |= Q931_HAS_DISPLAY | Q931_HAS_KEYPAD | Q931_HAS_SIGNAL |
                             Q931_HAS_NOTIFICATION | Q931_HAS_CHANNEL_ID;
                m.display = Q931_OCTETS_STR("Ren\xC3\xA9 (UTF-8 as some send it)");
                m.keypad = Q931_OCTETS_STR("*#1");
                m.signal = Q931_SIGNAL_TONES_OFF;
                m.notification = (q931_notification){ 0x7F, Q931_OCTETS_STR("\x01") };
                m.channel_id = Q931_OCTETS_STR("\x89");
                m.other[0] = (q931_ie){ 6, 0x01, { kept6, 2 } };
                m.other[1] = (q931_ie){ 0, 0x7D, { kept6, 1 } };
                m.other[2] = (q931_ie){ 0, 0x14, { kept6, 1 } };
                m.other[3] = (q931_ie){ 0, 0xD1, { NULL, 0 } };     /* repeat indicator */
                m.other[4] = (q931_ie){ 7, 0xB2, { NULL, 0 } };     /* single octet, codeset 7 */
                m.num_other = 5;
            }
            /* Kept IEs come back in encoding order: single-octet first, then codeset 0 by
             * identifier, then the other codesets. */
            if (m.num_other) {
                uint8_t as_given[512], in_order[512];
                int n1 = q931_encode(&m, as_given, sizeof as_given);
                q931_ie order[5] = { m.other[3], m.other[2], m.other[1], m.other[0], m.other[4] };
                memcpy(m.other, order, sizeof order);
                int n2 = q931_encode(&m, in_order, sizeof in_order);
                assert_int_equal(n1, n2);
                assert_memory_equal(as_given, in_order, (size_t)n1);
            }
            total += round_trip(&m);
        }
    }
    printf("%zu messages (13 types x 4 IE mixes), %zu octets: encode/decode/encode identical\n",
           sizeof types * 4, total);
}

/* ---- hostile input ---- */

static void test_every_truncation(void **state)
{
    (void)state;
    size_t ok = 0, truncated = 0, shorts = 0;
    for (size_t n = 0; n < sizeof SETUP; n++) {
        q931_message m;
        int rc;
        uint8_t *copy = decode_copy(&m, SETUP, n, &rc);
        int boundary = 0;
        for (size_t i = 0; i < sizeof SETUP_ENDS / sizeof SETUP_ENDS[0]; i++)
            boundary |= SETUP_ENDS[i] == n;
        int want = n < 5 ? Q931_ERR_SHORT : boundary ? 0 : Q931_ERR_TRUNCATED;
        if (rc != want)
            fail_msg("SETUP cut to %zu octets: %s, want %s", n, q931_strerror(rc), q931_strerror(want));
        ok += rc == 0;
        truncated += rc == Q931_ERR_TRUNCATED;
        shorts += rc == Q931_ERR_SHORT;
        free(copy);
    }
    printf("SETUP cut at each of %zu lengths: %zu too short, %zu truncated IE, %zu whole (IE boundaries)\n",
           sizeof SETUP, shorts, truncated, ok);
}

static void test_lengths_past_the_end(void **state)
{
    (void)state;
    /* Each IE of SETUP in turn claims one octet more than the message holds. */
    for (size_t k = 1; k + 1 < sizeof SETUP_ENDS / sizeof SETUP_ENDS[0]; k++) {
        size_t at = SETUP_ENDS[k];          /* identifier octet of the next IE */
        if (SETUP[at] & 0x80)
            continue;                       /* single-octet IE: no length */
        uint8_t v[sizeof SETUP];
        memcpy(v, SETUP, sizeof SETUP);
        size_t rest = sizeof SETUP - at;
        if (v[at] == Q931_IE_USER_USER) {
            v[at + 1] = (uint8_t)((rest - 2) >> 8);
            v[at + 2] = (uint8_t)(rest - 2);
        } else {
            v[at + 1] = (uint8_t)(rest - 1);
        }
        q931_message m;
        int rc;
        uint8_t *copy = decode_copy(&m, v, sizeof v, &rc);
        if (rc != Q931_ERR_TRUNCATED)
            fail_msg("IE %02X with length past the end: %s", v[at], q931_strerror(rc));
        free(copy);
    }
    /* The largest lengths, each octet of a User-user length at 0xFF. */
    static const uint8_t uu[] = { 0x08, 0x02, 0x00, 0x01, 0x05, 0x7E, 0xFF, 0xFF, 0x05 };
    q931_message m;
    assert_int_equal(q931_decode(&m, uu, sizeof uu), Q931_ERR_TRUNCATED);
    static const uint8_t lone_id[] = { 0x08, 0x02, 0x00, 0x01, 0x05, 0x28 };
    assert_int_equal(q931_decode(&m, lone_id, sizeof lone_id), Q931_ERR_TRUNCATED);
    static const uint8_t uu_half[] = { 0x08, 0x02, 0x00, 0x01, 0x05, 0x7E, 0x00 };
    assert_int_equal(q931_decode(&m, uu_half, sizeof uu_half), Q931_ERR_TRUNCATED);
}

static void test_bad_discriminator(void **state)
{
    (void)state;
    /* Q.931 5.8.1: anything but 0x08 is not a Q.931 message. */
    for (unsigned pd = 0; pd < 256; pd++) {
        uint8_t v[sizeof SETUP];
        memcpy(v, SETUP, sizeof v);
        v[0] = (uint8_t)pd;
        q931_message m;
        int rc = q931_decode(&m, v, sizeof v);
        if (rc != (pd == 0x08 ? 0 : Q931_ERR_DISCRIMINATOR))
            fail_msg("discriminator %#x: %s", pd, q931_strerror(rc));
    }
    q931_message m;
    assert_int_equal(q931_decode(&m, (const uint8_t *)"\x09", 1), Q931_ERR_DISCRIMINATOR);
    assert_int_equal(q931_decode(&m, (const uint8_t *)"\x08", 1), Q931_ERR_SHORT);
}

static void test_call_reference_length(void **state)
{
    (void)state;
    /* Octet 2 must be 0000 0010 (Q.931 4.3 with H.225.0's 2 octets): 15, 1, 0, 3 or
     * spare bits set are refused (5.8.3.1), whatever follows. */
    for (unsigned l = 0; l < 256; l++) {
        uint8_t v[20] = { 0x08, (uint8_t)l, 0x00, 0x01, 0x05 };
        for (size_t n = 2; n <= sizeof v; n++) {
            q931_message m;
            int rc;
            uint8_t *copy = decode_copy(&m, v, n, &rc);
            int want = l != 2 ? Q931_ERR_CALL_REF : n < 5 ? Q931_ERR_SHORT : rc;
            if (rc != want)
                fail_msg("call reference length octet %#x, %zu octets: %s", l, n, q931_strerror(rc));
            free(copy);
        }
    }
    static const uint8_t len15[] = { 0x08, 0x0F, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x05 };
    q931_message m;
    assert_int_equal(q931_decode(&m, len15, sizeof len15), Q931_ERR_CALL_REF);
}

static void test_unknown_message_type(void **state)
{
    (void)state;
    /* Q.931 5.8.4: the caller answers an unknown type with STATUS cause 97; it decodes. */
    static const uint8_t v[] = { 0x08, 0x02, 0x00, 0x01, 0xB3, 0x28, 0x01, 'x' };
    q931_message m;
    assert_int_equal(q931_decode(&m, v, sizeof v), 0);
    assert_int_equal(m.type, 0xB3);
    assert_null(q931_message_name(m.type));
    assert_string_equal(q931_message_name(Q931_RELEASE_COMPLETE), "RELEASE COMPLETE");
    /* But we never send a type with bit 8 set (4.4: reserved). */
    assert_int_equal(q931_encode(&m, (uint8_t[32]){ 0 }, 32), Q931_ERR_INVALID);
}

static void test_encode_buffer_too_small(void **state)
{
    (void)state;
    q931_message m;
    assert_int_equal(q931_decode(&m, SETUP, sizeof SETUP), 0);
    for (size_t cap = 0; cap < sizeof SETUP; cap++) {
        uint8_t out[sizeof SETUP + 16];
        memset(out, 0xA5, sizeof out);
        int rc = q931_encode(&m, out, cap);
        if (rc != Q931_ERR_NOSPACE)
            fail_msg("encode into %zu octets: %d", cap, rc);
        for (size_t i = cap; i < sizeof out; i++)
            if (out[i] != 0xA5)
                fail_msg("encode into %zu octets wrote octet %zu", cap, i);
    }
    uint8_t out[sizeof SETUP];
    assert_int_equal(q931_encode(&m, out, sizeof out), (int)sizeof SETUP);
}

static void test_encode_invalid_fields(void **state)
{
    (void)state;
    static uint8_t long_text[256];
    memset(long_text, 'x', sizeof long_text);
    q931_message base;
    q931_message_init(&base, Q931_SETUP, 1, false);
    uint8_t out[1024];
    q931_message m;
#define EXPECT_INVALID(stmt)                                                              \
    do {                                                                                  \
        m = base;                                                                         \
        stmt;                                                                             \
        int rc_ = q931_encode(&m, out, sizeof out);                                       \
        if (rc_ != Q931_ERR_INVALID)                                                      \
            fail_msg("%s: encode gave %d, want Q931_ERR_INVALID", #stmt, rc_);            \
    } while (0)
    EXPECT_INVALID(m.call_ref = 0x8000);
    EXPECT_INVALID(m.type = 0x80);
    EXPECT_INVALID((m.present = Q931_HAS_DISPLAY, m.display = (q931_octets){ long_text, 256 }));
    EXPECT_INVALID((m.present = Q931_HAS_DISPLAY, m.display = (q931_octets){ NULL, 3 }));
    EXPECT_INVALID((m.present = Q931_HAS_KEYPAD, m.keypad = Q931_OCTETS_STR("1\x80")));
    EXPECT_INVALID((m.present = Q931_HAS_CALLED, m.called.has_octet3a = true));
    EXPECT_INVALID((m.present = Q931_HAS_CALLED, m.called.type = 8));
    EXPECT_INVALID((m.present = Q931_HAS_CALLING, m.calling.plan = 16));
    EXPECT_INVALID((m.present = Q931_HAS_CALLING, m.calling.digits = Q931_OCTETS_STR("12\xB3")));
    EXPECT_INVALID((m.present = Q931_HAS_CALLING, m.calling.presentation = 4));
    EXPECT_INVALID((m.present = Q931_HAS_PROGRESS, m.num_progress = 0));
    EXPECT_INVALID((m.present = Q931_HAS_PROGRESS, m.num_progress = 3));
    EXPECT_INVALID((m.present = Q931_HAS_PROGRESS, m.num_progress = 1, m.progress[0].description = 0x80));
    EXPECT_INVALID((m.present = Q931_HAS_BEARER, m.bearer.capability = 0x20));
    EXPECT_INVALID((m.present = Q931_HAS_BEARER, m.bearer.rate = Q931_BC_RATE_MULTI, m.bearer.multiplier = 0x80));
    EXPECT_INVALID((m.present = Q931_HAS_BEARER, m.bearer.layer1_more = Q931_OCTETS_STR("\x81")));
    EXPECT_INVALID((m.present = Q931_HAS_BEARER, m.bearer.layer1 = 5,
                    m.bearer.layer1_more = Q931_OCTETS_STR("\x81\x01")));
    EXPECT_INVALID((m.present = Q931_HAS_BEARER, m.bearer.layer1 = 5,
                    m.bearer.layer1_more = Q931_OCTETS_STR("\x01\x01\x01\x01\x81")));
    EXPECT_INVALID((m.present = Q931_HAS_BEARER, m.bearer.layers23 = Q931_OCTETS_STR("\xA5")));
    EXPECT_INVALID((m.present = Q931_HAS_CAUSE, m.cause.value = 0x80));
    EXPECT_INVALID((m.present = Q931_HAS_CAUSE, m.cause.location = 16));
    EXPECT_INVALID((m.present = Q931_HAS_CAUSE, m.cause.diagnostics = (q931_octets){ long_text, 254 }));
    EXPECT_INVALID((m.present = Q931_HAS_NOTIFICATION, m.notification.description = 0x80));
    EXPECT_INVALID((m.present = Q931_HAS_CHANNEL_ID, m.channel_id = (q931_octets){ NULL, 0 }));
    EXPECT_INVALID((m.num_other = 1, m.other[0] = (q931_ie){ 8, 0x01, { NULL, 0 } }));
    EXPECT_INVALID((m.num_other = 1, m.other[0] = (q931_ie){ 0, 0x96, { NULL, 0 } }));
    EXPECT_INVALID((m.num_other = 1, m.other[0] = (q931_ie){ 0, 0xA1, { long_text, 1 } }));
    EXPECT_INVALID(m.num_other = Q931_MAX_OTHER + 1);
#undef EXPECT_INVALID
    /* At the limits it works: 255 octets of display, 253 of diagnostics. */
    m = base;
    m.present = Q931_HAS_DISPLAY | Q931_HAS_CAUSE;
    m.display = (q931_octets){ long_text, 255 };
    m.cause.diagnostics = (q931_octets){ long_text, 253 };
    round_trip(&m);
    assert_int_equal(q931_encode(NULL, out, sizeof out), Q931_ERR_INVALID);
    assert_int_equal(q931_encode(&m, NULL, 10), Q931_ERR_INVALID);
    assert_int_equal(q931_decode(NULL, out, 1), Q931_ERR_INVALID);
    assert_int_equal(q931_decode(&m, NULL, 1), Q931_ERR_INVALID);
    assert_int_equal(q931_decode(&m, NULL, 0), Q931_ERR_SHORT);
    assert_string_equal(q931_strerror(Q931_ERR_CALL_REF), "call reference length is not 2");
    assert_string_equal(q931_strerror(12345), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setup_vector),
        cmocka_unit_test(test_release_complete_vector),
        cmocka_unit_test(test_cause_recommendation_vector),
        cmocka_unit_test(test_bearer_vectors),
        cmocka_unit_test(test_spare_bits_ignored),
        cmocka_unit_test(test_alerting_notify_information_vectors),
        cmocka_unit_test(test_kept_ies_vector),
        cmocka_unit_test(test_locking_shift),
        cmocka_unit_test(test_unknown_and_repeated),
        cmocka_unit_test(test_bad_contents),
        cmocka_unit_test(test_user_user_length),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_lengths_past_the_end),
        cmocka_unit_test(test_bad_discriminator),
        cmocka_unit_test(test_call_reference_length),
        cmocka_unit_test(test_unknown_message_type),
        cmocka_unit_test(test_encode_buffer_too_small),
        cmocka_unit_test(test_encode_invalid_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
