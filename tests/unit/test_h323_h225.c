/* Unit tests for tsp-h323/h225: H.225.0 call signalling (H323-UserInformation) and RAS.
 *
 * - every description passes per_schema_check;
 * - known-good octets worked out by hand from X.691 and the H.225.0 ASN.1 (each vector says
 *   how), and the H323-UserInformation bodies another engineer derived by hand for
 *   tests/h323/q931-samples.c, decode to the expected values and (ours) encode back;
 * - random values of every message type (every described component, alternative and
 *   extension, unknown ones kept) encode, decode to an equal value and re-encode to the
 *   same octets;
 * - unknown extension additions and alternatives of a newer H.225.0 are kept and sent on
 *   octet for octet;
 * - hostile input: every truncation, every single-bit change, every arena size and every
 *   output size fail cleanly or give a value that encodes back (ASan+UBSan watch);
 * - the builders. */
#include "test_h323_h225_gen.h"

#include "h225/h225_schema.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- helpers ------------------------------------------------------------------------------ */

static uint8_t g_pool[1 << 20], g_arena_mem[1 << 20], g_arena_mem2[1 << 20];
static uint8_t g_out[1 << 16], g_out2[1 << 16];

static const char *hex(const uint8_t *p, size_t n)
{
    static char s[3 * 2048 + 1];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < sizeof s; i++) k += (size_t)snprintf(s + k, sizeof s - k, "%s%02X", i ? " " : "", p[i]);
    s[k] = '\0';
    return s;
}

static void check_rc(int rc, const per_errinfo *ei, const char *what)
{
    if (rc) {
        char msg[256];
        per_errinfo_format(ei, rc, msg, sizeof msg);
        fail_msg("%s: %s", what, msg);
    }
}

/* Encodes v (type t) and compares with want[0..n). */
static void assert_encodes_to(const per_type *t, const void *v, const uint8_t *want, size_t n)
{
    size_t len;
    per_errinfo ei;
    check_rc(per_encode(t, v, g_out, sizeof g_out, &len, &ei), &ei, t->name);
    if (len != n || memcmp(g_out, want, n) != 0) {
        char got[3 * 2048 + 1];
        snprintf(got, sizeof got, "%s", hex(g_out, len));
        fail_msg("%s encoded [%s]\n            want [%s]", t->name, got, hex(want, n));
    }
    print_message("%s: %zu octets as derived: %s\n", t->name, n, hex(want, n));
}

/* Decodes want (from an exact-size heap copy: ASan sees any read past it) into v. */
static uint8_t *decode_copy(const per_type *t, const uint8_t *in, size_t n, void *v, per_arena *a, int *rc)
{
    if (t == &h225_t_user_information || t == &h225_t_ras_message) {
        /* Through the API, which also sets the has_ flags of mandatory components. */
        uint8_t *copy = malloc(n ? n : 1);
        assert_non_null(copy);
        if (n) memcpy(copy, in, n);
        *rc = t == &h225_t_ras_message ? h225_decode_ras(copy, n, v, a, NULL) : h225_decode_uu(copy, n, v, a, NULL);
        return copy;
    }
    uint8_t *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    if (n) memcpy(copy, in, n);
    per_errinfo ei;
    *rc = per_decode(t, copy, n, v, a, &ei);
    return copy;
}

/* The type description reached from `t` through component/alternative index `i`. */
static const per_type *sub(const per_type *t, uint32_t i)
{
    assert_true(i < t->ncomps);
    return t->comps[i].type;
}

static const per_type *body_type(uint32_t body)
{
    return sub(sub(sub(&h225_t_user_information, 0), 0), body);
}

static const per_type *ras_type(uint32_t type)
{
    return sub(&h225_t_ras_message, type);
}

static const h225_guid GUID_11 = { 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                                   0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11 };
static const h225_guid GUID_22 = { 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
                                   0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22 };

static h225_call_ident ident(void)
{
    h225_call_ident id = { .version = 4 };
    memcpy(id.call_id, GUID_11, 16);
    memcpy(id.conference_id, GUID_22, 16);
    id.endpoint.has_terminal = true;
    return id;
}

/* ---- schemas ------------------------------------------------------------------------------ */

static void test_schemas(void **state)
{
    (void)state;
    const per_type *tops[] = { &h225_t_user_information, &h225_t_ras_message };
    for (size_t i = 0; i < 2; i++) {
        per_errinfo ei;
        int rc = per_schema_check(tops[i], &ei);
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        print_message("per_schema_check(%s): %s\n", tops[i]->name, rc ? msg : "ok");
        assert_int_equal(rc, 0);
    }
    /* The alternatives the header's enums name, in the ASN.1's order. */
    assert_string_equal(body_type(H225_BODY_NOTIFY)->name, "Notify-UUIE");
    assert_string_equal(body_type(H225_BODY_PROGRESS)->name, "Progress-UUIE");
    assert_string_equal(ras_type(H225_RAS_INAK)->name, "InfoRequestNak");
    assert_string_equal(ras_type(H225_RAS_UNKNOWN_MESSAGE_RESPONSE)->name, "UnknownMessageResponse");
    assert_int_equal(sub(&h225_t_ras_message, H225_RAS_ACF_SEQUENCE)->kind, PER_K_SEQUENCE_OF);
    assert_int_equal(h225_t_ras_message.ncomps, H225_RAS_COUNT);
    assert_int_equal(sub(sub(&h225_t_user_information, 0), 0)->ncomps, H225_BODY_COUNT);
}

/* ---- hand-derived vectors --------------------------------------------------------------------- */

/* A Setup as h225_uu_init makes it: version 4, a terminal, callIdentifier 11.., conferenceID
 * 22.., no options.
 *   20      H323-UserInformation: ext 0, user-data absent 0; H323-UU-PDU: ext 1 (h245Tunnelling
 *           is always sent), nonStandardData absent 0; body: ext 0, index 000 (setup); then
 *           Setup-UUIE: ext 1 (callIdentifier & co.)          -> 0 0 1 0 0 000 | 1...
 *   80      ... and seven absent OPTIONALs 0000000              -> 1000 0000
 *   06 00 08 91 4A 00 04   protocolIdentifier: length 6, {0 0 8 2250 0 4}, 2250 = 91 4A
 *   02      sourceInfo EndpointType: ext 0, six presence bits 000001 (terminal); TerminalInfo
 *           ext 0                                              -> 0000 0010
 *   00      TerminalInfo nonStandardData 0; mc 0, undefinedNode 0; activeMC 0; pad
 *   22 x16  conferenceID (fixed 16 octets: aligned, no length)
 *   00 D9 0D 80 00 00  conferenceGoal ext 0 + 2-bit 00 (create); callType ext 0 + 00
 *           (pointToPoint); additions bitmap length 28: '0' + 6 bits 27 = 011011; bitmap of
 *           28: callIdentifier (3rd), mediaWaitForConnect, canOverlapSend (8th, 9th),
 *           multipleCalls, maintainConnection (11th, 12th): 0010000110110000000000000000;
 *           41 bits, padded to six octets: 000000 0011011 0010000110110000000000000000
 *   11 00 11 x16    callIdentifier as an open type: length 17, ext 0 + pad, guid
 *   01 00 (x4)      the four BOOLEANs FALSE, each an open type of one octet
 *   10 80   H323-UU-PDU additions: length 9 ('0' + 001000), bitmap 010000000 (h245Tunnelling)
 *   01 00   h245Tunnelling FALSE */
static const uint8_t SETUP_MIN[] = {
    0x20, 0x80, 0x06, 0x00, 0x08, 0x91, 0x4A, 0x00, 0x04, 0x02, 0x00,
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
    0x00, 0xD9, 0x0D, 0x80, 0x00, 0x00,
    0x11, 0x00, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
    0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x10, 0x80, 0x01, 0x00,
};

static void test_vector_setup(void **state)
{
    (void)state;
    static h225_user_information m, back;
    h225_call_ident id = ident();
    assert_int_equal(h225_uu_init(&m, H225_BODY_SETUP, &id), 0);
    assert_encodes_to(&h225_t_user_information, &m, SETUP_MIN, sizeof SETUP_MIN);

    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    int rc;
    free(decode_copy(&h225_t_user_information, SETUP_MIN, sizeof SETUP_MIN, &back, &a, &rc));
    assert_int_equal(rc, 0);
    assert_int_equal(back.pdu.body.choice, H225_BODY_SETUP);
    assert_int_equal(h225_protocol_version(&back.pdu.body.uuie.protocol_identifier), 4);
    assert_memory_equal(back.pdu.body.uuie.conference_id, GUID_22, 16);
    assert_memory_equal(back.pdu.body.uuie.call_identifier.guid, GUID_11, 16);
    assert_true(back.pdu.body.uuie.source_info.has_terminal);
}

/* A GRQ: requestSeqNum 1, version 4, rasAddress 192.0.2.1:1719, a terminal.
 *   02 00   RasMessage ext 0, 5-bit index 00000 (25 root alternatives); GRQ ext 1
 *           (supportsAssignedGK is a mandatory addition), four absent OPTIONALs 0000; pad
 *   00 00   requestSeqNum 1: INTEGER(1..65535), two aligned octets of 1 - 1
 *   06 00 08 91 4A 00 04   protocolIdentifier
 *   00      TransportAddress ext 0, 3-bit index 000 (ipAddress), pad before the fixed ip
 *   C0 00 02 01 06 B7      ip; port 1719 (range 65536: two aligned octets)
 *   02 02 C0 08   EndpointType ext 0, 000001; TerminalInfo ext 0, nonStandardData 0; mc 0,
 *           undefinedNode 0; GRQ additions: length 12 ('0' + 001011), bitmap of 12 with
 *           supportsAssignedGK (11th) 000000000010; pad.
 *           0000001 00 00 | 0001011 | 000000000010 | 00
 *   01 00   supportsAssignedGK FALSE */
static const uint8_t GRQ_MIN[] = {
    0x02, 0x00, 0x00, 0x00, 0x06, 0x00, 0x08, 0x91, 0x4A, 0x00, 0x04,
    0x00, 0xC0, 0x00, 0x02, 0x01, 0x06, 0xB7, 0x02, 0x02, 0xC0, 0x08, 0x01, 0x00,
};

static void test_vector_grq(void **state)
{
    (void)state;
    static h225_ras_message m, back;
    static const uint8_t ip[4] = { 192, 0, 2, 1 };
    assert_int_equal(h225_ras_init(&m, H225_RAS_GRQ, 1, 4), 0);
    m.u.grq.ras_address = h225_transport_ipv4(ip, 1719);
    m.u.grq.endpoint_type.has_terminal = true;
    assert_encodes_to(&h225_t_ras_message, &m, GRQ_MIN, sizeof GRQ_MIN);

    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(h225_decode_ras(GRQ_MIN, sizeof GRQ_MIN, &back, &a, NULL), 0);
    assert_int_equal(back.choice, H225_RAS_GRQ);
    assert_int_equal(h225_ras_seq_num(&back), 1);
    assert_int_equal(back.u.grq.ras_address.choice, H225_TA_IP);
    assert_memory_equal(back.u.grq.ras_address.u.ip.ip, ip, 4);
    assert_int_equal(back.u.grq.ras_address.u.ip.port, 1719);
}

/* SEQUENCE OF AliasAddress { dialledDigits "5551234#", h323-ID "Zoë" }:
 *   02      count (unconstrained: a one-octet length)
 *   03 80   AliasAddress ext 0, index 0 (2 root alternatives: 1 bit); length 8 of (1..128):
 *           7 bits 0000111, not aligned; then the characters are aligned (ub 128 x 4 bits
 *           >= 16, X.691 27.5.7): 0 0 0000111 | pad
 *   88 84 56 70  the 13 permitted characters "#*,0123456789" need 4 bits each and are
 *           re-indexed in that order (27.5.4): 5 -> 8, 1 -> 4, 2 -> 5, 3 -> 6, 4 -> 7, # -> 0
 *   40      AliasAddress ext 0, index 1 (h323-ID); pad before the length of a range of 256
 *           (one aligned octet, 10.5.7.2)
 *   02      length 3 - 1
 *   00 5A 00 6F 00 EB   "Zoë" as 16-bit units */
static const uint8_t ALIASES[] = { 0x02, 0x03, 0x80, 0x88, 0x84, 0x56, 0x70, 0x40, 0x02,
                                   0x00, 0x5A, 0x00, 0x6F, 0x00, 0xEB };

static void test_vector_aliases(void **state)
{
    (void)state;
    uint16_t buf[8];
    h225_alias_address al[2];
    al[0] = h225_alias_dialed_digits("5551234#");
    assert_int_equal(h225_alias_h323_id(&al[1], buf, 8, "Zo\xc3\xab"), 0);
    assert_int_equal(al[1].u.h323_id.len, 3);
    h225_alias_list list = { 2, al };
    assert_encodes_to(&h225_t_alias_list, &list, ALIASES, sizeof ALIASES);

    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    h225_alias_list back;
    int rc;
    free(decode_copy(&h225_t_alias_list, ALIASES, sizeof ALIASES, &back, &a, &rc));
    assert_int_equal(rc, 0);
    assert_int_equal(back.count, 2);
    assert_string_equal(back.items[0].u.dialed_digits.chars, "5551234#");
    assert_int_equal(back.items[1].u.h323_id.chars[2], 0xEB);

    /* Exactly "0123456789#*," are sent as dialledDigits: every other character is refused. */
    unsigned accepted = 0;
    for (int c = 1; c < 128; c++) {
        char digit[2] = { (char)c, 0 };
        al[0] = h225_alias_dialed_digits(digit);
        size_t len;
        int rc = per_encode(&h225_t_alias_list, &list, g_out, sizeof g_out, &len, NULL);
        bool allowed = strchr("0123456789#*,", c) != NULL;
        if (rc != (allowed ? 0 : PER_E_CHAR)) fail_msg("dialledDigits '%c' (%d): %s", c, c, per_strerror(rc));
        accepted += rc == 0;
    }
    assert_int_equal(accepted, 13);
}

/* Reject messages, a root reason with a value and an extension reason:
 * RRJ requestSeqNum 4, version 4, duplicateAlias { dialledDigits "1001" }:
 *   14 00   RasMessage ext 0, index 00101 (5); RRJ ext 0 (no mandatory additions),
 *           nonStandardData 0, gatekeeperIdentifier 0; pad: 0 00101 0 00 | 0000000
 *   00 03   requestSeqNum - 1
 *   06 00 08 91 4A 00 04   protocolIdentifier
 *   40      RegistrationRejectReason ext 0, index 100 (4 of 8 root), pad before the count
 *   01      one alias
 *   01 80   AliasAddress ext 0, index 0, length 4 - 1 in 7 bits 0000011, pad
 *   43 34   "1001": 1 -> 4, 0 -> 3 (the re-indexed alphabet "#*,0123456789")
 * ARJ requestSeqNum 7, rejectReason securityDenial (the first extension alternative):
 *   2C      RasMessage ext 0, index 01011 (11); ARJ ext 0, nonStandardData 0
 *   00 06   requestSeqNum - 1
 *   80      AdmissionRejectReason ext 1, extension index 0 ('0' + 000000)
 *   01 00   the NULL as an open type */
static const uint8_t RRJ_DUP[] = { 0x14, 0x00, 0x00, 0x03, 0x06, 0x00, 0x08, 0x91, 0x4A, 0x00, 0x04,
                                   0x40, 0x01, 0x01, 0x80, 0x43, 0x34 };
static const uint8_t ARJ_SECURITY[] = { 0x2C, 0x00, 0x06, 0x80, 0x01, 0x00 };

static void test_vector_rejects(void **state)
{
    (void)state;
    static h225_ras_message m;
    h225_alias_address dup = h225_alias_dialed_digits("1001");
    assert_int_equal(h225_ras_init(&m, H225_RAS_RRJ, 4, 4), 0);
    m.u.rrj.reject_reason.choice = H225_RRJ_DUPLICATE_ALIAS;
    m.u.rrj.reject_reason.u.duplicate_alias = (h225_alias_list){ 1, &dup };
    assert_encodes_to(&h225_t_ras_message, &m, RRJ_DUP, sizeof RRJ_DUP);
    assert_int_equal(h225_ras_init(&m, H225_RAS_ARJ, 7, 4), 0);
    m.u.reject.reject_reason.choice = H225_ARJ_SECURITY_DENIAL;
    assert_encodes_to(&h225_t_ras_message, &m, ARJ_SECURITY, sizeof ARJ_SECURITY);

    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(h225_decode_ras(RRJ_DUP, sizeof RRJ_DUP, &m, &a, NULL), 0);
    assert_int_equal(m.u.rrj.reject_reason.choice, H225_RRJ_DUPLICATE_ALIAS);
    assert_string_equal(m.u.rrj.reject_reason.u.duplicate_alias.items[0].u.dialed_digits.chars, "1001");
    assert_int_equal(h225_decode_ras(ARJ_SECURITY, sizeof ARJ_SECURITY, &m, &a, NULL), 0);
    assert_int_equal(h225_ras_seq_num(&m), 7);
    assert_int_equal(m.u.reject.reject_reason.choice, H225_ARJ_SECURITY_DENIAL);
}

/* ReleaseComplete with reason facilityCallDeflection, an extension alternative:
 *   25      UI ext 0, user-data 0; PDU ext 1, nonStandardData 0; body ext 0, index 101
 *   C0      ReleaseComplete-UUIE ext 1, reason present 1, pad
 *   06 00 08 91 4A 00 04   protocolIdentifier
 *   80      ReleaseCompleteReason ext 1, extension index 12 - 12 = 0 as a normally small
 *           number '0' + 000000
 *   01 00   the NULL as an open type: its empty encoding becomes one zero octet (10.1.3)
 *   15 00 00  additions: length 11 ('0' + 001010), bitmap 10000000000 (callIdentifier), pad
 *   11 00 11 x16   callIdentifier
 *   10 80 01 00    H323-UU-PDU additions as in the Setup */
static const uint8_t RELEASE_DEFLECTION[] = {
    0x25, 0xC0, 0x06, 0x00, 0x08, 0x91, 0x4A, 0x00, 0x04, 0x80, 0x01, 0x00, 0x15, 0x00, 0x00,
    0x11, 0x00, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
    0x10, 0x80, 0x01, 0x00,
};

/* A Facility with an empty body carrying a tunnelled H.245 message (h245Control):
 *   28 10   UI ext 0, ud 0; PDU ext 1, nsd 0; body ext 1, extension index 8 - 7 = 1 as
 *           '0' + 000001; pad before the open type: 0 0 1 0 1 0000001 | 0000
 *   01 00   empty NULL as an open type
 *   10 C0   PDU additions: length 9, bitmap 011000000 (h245Tunnelling, h245Control)
 *   01 80   h245Tunnelling TRUE
 *   08 01 06 01 00 32 40 12 34   h245Control: an open type of 8 octets: count 1, the
 *           OCTET STRING of 6 (an H.245 MasterSlaveDetermination) */
static const uint8_t EMPTY_H245[] = { 0x28, 0x10, 0x01, 0x00, 0x10, 0xC0, 0x01, 0x80,
                                      0x08, 0x01, 0x06, 0x01, 0x00, 0x32, 0x40, 0x12, 0x34 };

static void test_vector_extension_alternatives(void **state)
{
    (void)state;
    static h225_user_information m;
    h225_call_ident id = ident();
    assert_int_equal(h225_uu_init(&m, H225_BODY_RELEASE_COMPLETE, &id), 0);
    m.pdu.body.uuie.has_release_reason = true;
    m.pdu.body.uuie.release_reason.choice = H225_RC_FACILITY_CALL_DEFLECTION;
    assert_encodes_to(&h225_t_user_information, &m, RELEASE_DEFLECTION, sizeof RELEASE_DEFLECTION);

    static const uint8_t msd[] = { 0x01, 0x00, 0x32, 0x40, 0x12, 0x34 };
    per_octets h245[1] = { { sizeof msd, msd } };
    assert_int_equal(h225_uu_init(&m, H225_BODY_EMPTY, NULL), 0);
    m.pdu.h245_tunnelling = true;
    m.pdu.has_h245_control = true;
    m.pdu.h245_control = (h225_octets_list){ 1, h245 };
    assert_encodes_to(&h225_t_user_information, &m, EMPTY_H245, sizeof EMPTY_H245);

    static h225_user_information back;
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(h225_decode_uu(RELEASE_DEFLECTION, sizeof RELEASE_DEFLECTION, &back, &a, NULL), 0);
    assert_true(back.pdu.body.uuie.has_release_reason);
    assert_int_equal(back.pdu.body.uuie.release_reason.choice, H225_RC_FACILITY_CALL_DEFLECTION);
    assert_int_equal(h225_decode_uu(EMPTY_H245, sizeof EMPTY_H245, &back, &a, NULL), 0);
    assert_int_equal(back.pdu.body.choice, H225_BODY_EMPTY);
    assert_true(back.pdu.h245_tunnelling);
    assert_int_equal(back.pdu.h245_control.count, 1);
    assert_memory_equal(back.pdu.h245_control.items[0].data, msd, sizeof msd);
}

/* The H323-UserInformation bodies tests/h323/q931-samples.c derives by hand (another
 * engineer, from the same ASN.1): version 4 messages without extension additions. */
static void test_independent_vectors(void **state)
{
    (void)state;
#define PID 0x06, 0x00, 0x08, 0x91, 0x4A, 0x00, 0x04
#define CONF 0x74, 0x73, 0x70, 0x6b, 0x69, 0x74, 0x2d, 0x63, 0x6f, 0x6e, 0x66, 0x2d, 0x30, 0x30, 0x30, 0x31
#define CALL 0x74, 0x73, 0x70, 0x6b, 0x69, 0x74, 0x2d, 0x63, 0x61, 0x6c, 0x6c, 0x2d, 0x30, 0x30, 0x30, 0x31
    static const uint8_t setup[] = { 0x00, 0x00, PID, 0x02, 0x00, CONF, 0x00 };
    static const uint8_t proceeding[] = { 0x01, 0x00, PID, 0x02, 0x00 };
    static const uint8_t connect[] = { 0x02, 0x00, PID, 0x02, 0x00, CONF };
    static const uint8_t release[] = { 0x05, 0x40, PID, 0x50 };
    static const uint8_t facility[] = { 0x06, 0x00, PID, 0x60 };
    static const uint8_t progress[] = { 0x08, 0x00, 0x1A, 0x00, PID, 0x02, 0x00, CALL };
    static const uint8_t notify[] = { 0x08, 0x50, 0x19, 0x00, PID, 0x00, CALL };
    static const struct { const uint8_t *p; size_t n; uint32_t body; } v[] = {
        { setup, sizeof setup, H225_BODY_SETUP }, { proceeding, sizeof proceeding, H225_BODY_CALL_PROCEEDING },
        { connect, sizeof connect, H225_BODY_CONNECT }, { release, sizeof release, H225_BODY_RELEASE_COMPLETE },
        { facility, sizeof facility, H225_BODY_FACILITY }, { progress, sizeof progress, H225_BODY_PROGRESS },
        { notify, sizeof notify, H225_BODY_NOTIFY },
    };
    static const uint8_t conf[16] = { CONF }, call[16] = { CALL };
    static h225_user_information m;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        per_arena a;
        per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
        int rc;
        free(decode_copy(&h225_t_user_information, v[i].p, v[i].n, &m, &a, &rc));
        if (rc) fail_msg("%s: %s", h225_body_name(v[i].body), per_strerror(rc));
        const h225_uuie *u = &m.pdu.body.uuie;
        assert_int_equal(m.pdu.body.choice, v[i].body);
        assert_int_equal(h225_protocol_version(&u->protocol_identifier), 4);
        assert_false(m.pdu.h245_tunnelling);
        if (v[i].body == H225_BODY_SETUP || v[i].body == H225_BODY_CONNECT) assert_memory_equal(u->conference_id, conf, 16);
        if (v[i].body == H225_BODY_PROGRESS || v[i].body == H225_BODY_NOTIFY)
            assert_memory_equal(u->call_identifier.guid, call, 16);
        if (v[i].body != H225_BODY_RELEASE_COMPLETE && v[i].body != H225_BODY_FACILITY &&
            v[i].body != H225_BODY_NOTIFY)
            assert_true(u->has_destination_info || u->source_info.has_terminal);
        print_message("q931-samples %s (%zu octets): decoded\n", h225_body_name(v[i].body), v[i].n);
    }
    assert_int_equal(m.pdu.body.uuie.call_identifier.guid[0], 0x74);
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(h225_decode_uu(release, sizeof release, &m, &a, NULL), 0);
    assert_int_equal(m.pdu.body.uuie.release_reason.choice, H225_RC_IN_CONF);
    assert_int_equal(h225_decode_uu(facility, sizeof facility, &m, &a, NULL), 0);
    assert_int_equal(m.pdu.body.uuie.facility_reason, H225_FR_UNDEFINED_REASON);
#undef PID
#undef CONF
#undef CALL
}

/* ---- round trips of random values ------------------------------------------------------------- */

static size_t g_min, g_max;

/* v (type t) -> octets -> value equal to v -> the same octets. */
static void round_trip(const per_type *t, const void *v, void *back, void *again, const char *what)
{
    size_t len, len2;
    per_errinfo ei;
    char why[1300];
    check_rc(per_encode(t, v, g_out, sizeof g_out, &len, &ei), &ei, what);
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    int rc;
    free(decode_copy(t, g_out, len, back, &a, &rc));
    if (rc) fail_msg("%s: decoding our %zu octets: %s [%s]", what, len, per_strerror(rc), hex(g_out, len));
    if (!h225_value_equal(t, v, back, why, sizeof why)) fail_msg("%s: decoded value differs at %s", what, why);
    check_rc(per_encode(t, back, g_out2, sizeof g_out2, &len2, &ei), &ei, what);
    if (len2 != len || memcmp(g_out, g_out2, len)) fail_msg("%s: re-encoding differs", what);
    /* The re-encoded bytes decode again (nothing of the value lived in the input buffer). */
    per_arena_init(&a, g_arena_mem2, sizeof g_arena_mem2);
    assert_int_equal(per_decode(t, g_out2, len2, again, &a, NULL), 0);
    if (len < g_min) g_min = len;
    if (len > g_max) g_max = len;
}

static void test_round_trip_every_body(void **state)
{
    (void)state;
    static h225_user_information m, back, again;
    h225_gen g = { .seed = 0x5E7A9, .pool = g_pool, .size = sizeof g_pool, .unknown = true };
    unsigned total = 0;
    for (uint32_t body = 0; body < H225_BODY_COUNT; body++) {
        g_min = SIZE_MAX;
        g_max = 0;
        for (int i = 0; i < 300; i++) {
            g.used = 0;
            memset(&m, 0, sizeof m);
            h225_gen_value(&g, &h225_t_user_information, &m, 0);
            /* The body of this round, in place of the random one. */
            memset(&m.pdu.body, 0, sizeof m.pdu.body);
            m.pdu.body.choice = body;
            h225_gen_value(&g, body_type(body), &m.pdu.body.uuie, 3);
            round_trip(&h225_t_user_information, &m, &back, &again, h225_body_name(body));
            total++;
        }
        print_message("%-16s 300 random values: %zu..%zu octets, equal after decoding, same octets again\n",
                      h225_body_name(body), g_min, g_max);
    }
    assert_int_equal(total, 300 * H225_BODY_COUNT);
}

static void test_round_trip_every_ras(void **state)
{
    (void)state;
    static h225_ras_message m, back, again;
    h225_gen g = { .seed = 0x7A5, .pool = g_pool, .size = sizeof g_pool, .unknown = true };
    unsigned types = 0;
    for (uint32_t type = 0; type < H225_RAS_COUNT; type++) {
        if (!ras_type(type)) continue;   /* SCI, SCR: kept as bytes, tested below */
        g_min = SIZE_MAX;
        g_max = 0;
        for (int i = 0; i < 200; i++) {
            g.used = 0;
            memset(&m, 0, sizeof m);
            m.choice = type;
            h225_gen_value(&g, ras_type(type), (uint8_t *)&m + h225_t_ras_message.comps[type].offset, 1);
            round_trip(&h225_t_ras_message, &m, &back, &again, h225_ras_name(type));
            assert_int_equal(h225_ras_seq_num(&back), h225_ras_seq_num(&m));
        }
        print_message("%-18s 200 random values: %zu..%zu octets\n", h225_ras_name(type), g_min, g_max);
        types++;
    }
    assert_int_equal(types, H225_RAS_COUNT - 2);
}

/* ---- extensions of a newer H.225.0 -------------------------------------------------------------- */

static void test_unknown_extensions_kept(void **state)
{
    (void)state;
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    static h225_user_information m;
    size_t len;

    /* A body alternative beyond notify (index 13): UI 0 0, PDU 1 0, body ext 1, extension
     * index 13 - 7 = 6 ('0' + 000110), pad: 00101 0000110 | 0000; an open type of one
     * octet; the PDU's additions (h245Tunnelling FALSE, always sent). */
    static const uint8_t newer_body[] = { 0x28, 0x60, 0x01, 0x5A, 0x10, 0x80, 0x01, 0x00 };
    assert_int_equal(h225_decode_uu(newer_body, sizeof newer_body, &m, &a, NULL), 0);
    assert_int_equal(m.pdu.body.choice, 13);
    assert_int_equal(m.pdu.body.unknown.len, 1);
    assert_int_equal(h225_encode_uu(&m, g_out, sizeof g_out, &len, NULL), 0);
    assert_int_equal(len, sizeof newer_body);
    assert_memory_equal(g_out, newer_body, len);

    /* An H323-UU-PDU addition beyond genericData (the 10th): Information-UUIE (index 100),
     * PDU ext 1 -> 24; Information ext 1, pad -> 80; protocolIdentifier; Information's
     * additions: length 6 ('0' + 000101), bitmap 100000 (callIdentifier), pad -> 0B 00;
     * callIdentifier 11 00 + 16 x 33; then the PDU's: length 10 ('0' + 001001), bitmap
     * 0100000001 -> 12 80 80; h245Tunnelling TRUE 01 80; the unknown addition 02 AB CD. */
    static const uint8_t newer_addition[] = {
        0x24, 0x80, 0x06, 0x00, 0x08, 0x91, 0x4A, 0x00, 0x04, 0x0B, 0x00, 0x11, 0x00,
        0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33,
        0x12, 0x80, 0x80, 0x01, 0x80, 0x02, 0xAB, 0xCD,
    };
    assert_int_equal(h225_decode_uu(newer_addition, sizeof newer_addition, &m, &a, NULL), 0);
    assert_int_equal(m.pdu.body.choice, H225_BODY_INFORMATION);
    assert_true(m.pdu.h245_tunnelling);
    assert_int_equal(m.pdu.unknown.count, 1);
    assert_int_equal(m.pdu.unknown.items[0].index, 9);
    assert_int_equal(m.pdu.unknown.items[0].data.len, 2);
    assert_int_equal(h225_encode_uu(&m, g_out, sizeof g_out, &len, NULL), 0);
    assert_int_equal(len, sizeof newer_addition);
    assert_memory_equal(g_out, newer_addition, len);

    /* RAS: serviceControlIndication (index 30, not described) and an alternative newer
     * than v7 (index 33) are kept: ext 1, extension index 30 - 25 = 5 (33 - 25 = 8) as
     * '0' + 6 bits -> 85 (88), then the open type. */
    static h225_ras_message r;
    static const uint8_t sci[] = { 0x85, 0x02, 0x00, 0x07 }, newer[] = { 0x88, 0x01, 0x00 };
    assert_int_equal(h225_decode_ras(sci, sizeof sci, &r, &a, NULL), 0);
    assert_int_equal(r.choice, H225_RAS_SCI);
    assert_int_equal(h225_ras_seq_num(&r), 0);
    assert_int_equal(h225_encode_ras(&r, g_out, sizeof g_out, &len, NULL), 0);
    assert_memory_equal(g_out, sci, sizeof sci);
    assert_int_equal(h225_decode_ras(newer, sizeof newer, &r, &a, NULL), 0);
    assert_int_equal(r.choice, 33);
    assert_string_equal(h225_ras_name(r.choice), "?");
    assert_int_equal(h225_encode_ras(&r, g_out, sizeof g_out, &len, NULL), 0);
    assert_memory_equal(g_out, newer, sizeof newer);
    print_message("newer body, newer H323-UU-PDU addition, SCI and a newer RAS message: kept and re-sent as received\n");
}

/* ---- hostile input -------------------------------------------------------------------------------- */

/* Decoding `in` must fail cleanly or give a value that encodes; what that encodes to must
 * decode and encode to the very same octets (a fixed point). */
static bool decode_sane(const per_type *t, const uint8_t *in, size_t n, void *v, void *v2)
{
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    int rc;
    free(decode_copy(t, in, n, v, &a, &rc));
    assert_true(rc <= 0 && rc >= PER_E_INVALID);
    if (rc) return false;
    size_t len, len2;
    if (per_encode(t, v, g_out, sizeof g_out, &len, NULL)) return true;   /* e.g. a skipped alternative */
    per_arena_init(&a, g_arena_mem2, sizeof g_arena_mem2);
    assert_int_equal(per_decode(t, g_out, len, v2, &a, NULL), 0);
    assert_int_equal(per_encode(t, v2, g_out2, sizeof g_out2, &len2, NULL), 0);
    assert_int_equal(len, len2);
    assert_memory_equal(g_out, g_out2, len);
    return true;
}

static void hostile_one(const per_type *t, const uint8_t *enc, size_t n, void *v, void *v2, unsigned *decoded,
                        unsigned *tried)
{
    uint8_t buf[4096];
    assert_true(n <= sizeof buf);
    /* Every truncation fails: a complete encoding's last octet always carries bits. */
    for (size_t cut = 0; cut < n; cut++) {
        per_arena a;
        per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
        int rc;
        free(decode_copy(t, enc, cut, v, &a, &rc));
        if (rc == 0) fail_msg("%s cut to %zu of %zu octets decoded", t->name, cut, n);
        (*tried)++;
    }
    /* Every single-bit change. */
    for (size_t bit = 0; bit < 8 * n; bit++) {
        memcpy(buf, enc, n);
        buf[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
        *decoded += decode_sane(t, buf, n, v, v2);
        (*tried)++;
    }
}

static void test_hostile(void **state)
{
    (void)state;
    static h225_user_information m, v, v2;
    static h225_ras_message r, rv, rv2;
    static uint8_t enc[4096];
    h225_gen g = { .seed = 0xBADC0DE, .pool = g_pool, .size = sizeof g_pool, .unknown = true };
    unsigned decoded = 0, tried = 0;
    for (int i = 0; i < 40; i++) {
        size_t n;
        g.used = 0;
        memset(&m, 0, sizeof m);
        h225_gen_value(&g, &h225_t_user_information, &m, 0);
        if (per_encode(&h225_t_user_information, &m, enc, sizeof enc, &n, NULL) || n > 600) continue;
        hostile_one(&h225_t_user_information, enc, n, &v, &v2, &decoded, &tried);
        g.used = 0;
        memset(&r, 0, sizeof r);
        h225_gen_value(&g, &h225_t_ras_message, &r, 0);
        if (per_encode(&h225_t_ras_message, &r, enc, sizeof enc, &n, NULL) || n > 600) continue;
        hostile_one(&h225_t_ras_message, enc, n, &rv, &rv2, &decoded, &tried);
    }
    hostile_one(&h225_t_user_information, SETUP_MIN, sizeof SETUP_MIN, &v, &v2, &decoded, &tried);
    hostile_one(&h225_t_ras_message, GRQ_MIN, sizeof GRQ_MIN, &rv, &rv2, &decoded, &tried);
    print_message("%u truncated or bit-changed encodings: %u decoded (each re-encodes to a fixed point), "
                  "the rest refused\n", tried, decoded);
    assert_true(tried > 10000);

    /* Wrong additions bitmaps: Setup's has 28 additions (octets 27-28 hold the length,
     * 6 bits 000000 | '0' 0 11011 001...); claim 64 (the bitmap runs into the open types),
     * or 1 with that one bit 0 (an extension bit of 1 and no addition, 18.8). */
    uint8_t bad[sizeof SETUP_MIN];
    memcpy(bad, SETUP_MIN, sizeof bad);
    bad[27] = 0x01;   /* '0' 1 | 11111 ...: 64 */
    bad[28] = 0xF9;
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_not_equal(h225_decode_uu(bad, sizeof bad, &m, &a, NULL), 0);
    memcpy(bad, SETUP_MIN, sizeof bad);
    bad[28] = 0x00;   /* length 1, bitmap 0 */
    assert_int_not_equal(h225_decode_uu(bad, sizeof bad, &m, &a, NULL), 0);

    /* Nonsense arguments. */
    size_t len;
    assert_int_equal(h225_decode_uu(NULL, 4, &m, &a, NULL), PER_E_INVALID);
    assert_int_equal(h225_decode_ras(GRQ_MIN, sizeof GRQ_MIN, NULL, &a, NULL), PER_E_INVALID);
    assert_int_equal(h225_encode_uu(&m, NULL, 10, &len, NULL), PER_E_INVALID);
    assert_int_equal(h225_encode_ras(NULL, g_out, 10, &len, NULL), PER_E_INVALID);
}

/* A big message in every arena size and every output size: PER_E_ARENA / PER_E_FULL until
 * it fits, never a write outside. */
static void test_every_arena_and_output_size(void **state)
{
    (void)state;
    static h225_ras_message r, back;
    h225_gen g = { .seed = 42, .pool = g_pool, .size = sizeof g_pool, .unknown = false };
    size_t n = 0;
    static uint8_t enc[8192];
    for (int i = 0; i < 200 && n < 400; i++) {
        g.used = 0;
        memset(&r, 0, sizeof r);
        r.choice = H225_RAS_IRR;
        h225_gen_value(&g, ras_type(H225_RAS_IRR), &r.u.irr, 1);
        assert_int_equal(per_encode(&h225_t_ras_message, &r, enc, sizeof enc, &n, NULL), 0);
    }
    size_t need = 0;
    for (size_t size = 0;; size++) {
        uint8_t *mem = malloc(size ? size : 1);
        per_arena a;
        per_arena_init(&a, mem, size);
        int rc = h225_decode_ras(enc, n, &back, &a, NULL);
        free(mem);
        if (rc == 0) {
            need = size;
            break;
        }
        assert_int_equal(rc, PER_E_ARENA);
    }
    for (size_t cap = 0; cap < n; cap++) {
        uint8_t *out = malloc(cap ? cap : 1);
        size_t len;
        assert_int_equal(h225_encode_ras(&r, out, cap, &len, NULL), PER_E_FULL);
        free(out);
    }
    print_message("an IRR of %zu octets: decodes from an arena of %zu octets (PER_E_ARENA below), "
                  "encodes into %zu (PER_E_FULL below)\n", n, need, n);
}

/* ---- builders ------------------------------------------------------------------------------------- */

static void test_uu_init_every_body(void **state)
{
    (void)state;
    static h225_user_information m, back;
    h225_call_ident id = ident();
    for (uint32_t body = 0; body < H225_BODY_COUNT; body++) {
        assert_int_equal(h225_uu_init(&m, body, &id), 0);
        size_t len;
        per_errinfo ei;
        check_rc(h225_encode_uu(&m, g_out, sizeof g_out, &len, &ei), &ei, h225_body_name(body));
        per_arena a;
        per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
        assert_int_equal(h225_decode_uu(g_out, len, &back, &a, NULL), 0);
        assert_int_equal(back.pdu.body.choice, body);
        if (body == H225_BODY_EMPTY) continue;
        const h225_uuie *u = &back.pdu.body.uuie;
        assert_int_equal(h225_protocol_version(&u->protocol_identifier), 4);
        /* A callIdentifier in every body (mandatory in all of them, root or addition). */
        assert_memory_equal(u->call_identifier.guid, GUID_11, 16);
        bool dest = body == H225_BODY_CALL_PROCEEDING || body == H225_BODY_ALERTING || body == H225_BODY_CONNECT ||
                    body == H225_BODY_PROGRESS;
        bool conf = body == H225_BODY_SETUP || body == H225_BODY_CONNECT;
        /* Mandatory here, OPTIONAL in other bodies: the decoder sets the flag. */
        assert_int_equal(u->has_destination_info, dest);
        assert_int_equal(u->has_conference_id, conf);
        if (conf) assert_memory_equal(u->conference_id, GUID_22, 16);
        if (dest) assert_true(u->destination_info.has_terminal);
        print_message("h225_uu_init %-16s %3zu octets\n", h225_body_name(body), len);
    }
    assert_int_equal(h225_uu_init(&m, H225_BODY_COUNT, &id), PER_E_INVALID);
    assert_int_equal(h225_uu_init(&m, H225_BODY_SETUP, NULL), PER_E_INVALID);
    assert_string_equal(h225_body_name(H225_BODY_SETUP_ACKNOWLEDGE), "setupAcknowledge");
    assert_string_equal(h225_body_name(99), "?");
}

static void test_ras_init_every_type(void **state)
{
    (void)state;
    static h225_ras_message m, back;
    unsigned with_pid = 0;
    for (uint32_t type = 0; type < H225_RAS_COUNT; type++) {
        int rc = h225_ras_init(&m, type, (uint16_t)(100 + type), 5);
        if (type == H225_RAS_SCI || type == H225_RAS_SCR || type == H225_RAS_ACF_SEQUENCE) {
            assert_int_equal(rc, PER_E_INVALID);
            continue;
        }
        assert_int_equal(rc, 0);
        assert_int_equal(h225_ras_seq_num(&m), 100 + type);
        /* Filled with zeros and alternative 0 it may not be a valid message (an empty
         * endpointIdentifier, a time to live of 0); fill the minimum. */
        static uint16_t ep[] = { 'E', 'P' };
        per_bmp epid = { 2, ep };
        switch (type) {
        case H225_RAS_RCF: m.u.rcf.endpoint_identifier = epid; break;
        case H225_RAS_ARQ: m.u.arq.endpoint_identifier = epid; break;
        case H225_RAS_BRQ: m.u.brq.endpoint_identifier = epid; break;
        case H225_RAS_DRQ: m.u.drq.endpoint_identifier = epid; break;
        case H225_RAS_IRR: m.u.irr.endpoint_identifier = epid; break;
        case H225_RAS_RAI: m.u.misc.endpoint_identifier = epid; break;
        case H225_RAS_RIP: m.u.misc.delay = 1; break;
        case H225_RAS_NONSTANDARD_MESSAGE: m.u.misc.nonstandard_data.id.choice = H225_NSI_H221; break;
        case H225_RAS_UNKNOWN_MESSAGE_RESPONSE: m.u.misc.message_not_understood = PER_OCTS("?"); break;
        default: break;
        }
        size_t len;
        per_errinfo ei;
        check_rc(h225_encode_ras(&m, g_out, sizeof g_out, &len, &ei), &ei, h225_ras_name(type));
        per_arena a;
        per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
        assert_int_equal(h225_decode_ras(g_out, len, &back, &a, NULL), 0);
        assert_int_equal(back.choice, type);
        assert_int_equal(h225_ras_seq_num(&back), 100 + type);
        const per_oid *pid = type == H225_RAS_GRQ ? &back.u.grq.protocol_identifier
                             : type == H225_RAS_RRQ ? &back.u.rrq.protocol_identifier
                             : type == H225_RAS_RAI || type == H225_RAS_RAC ? &back.u.misc.protocol_identifier
                                                                            : NULL;
        if (pid) {
            assert_int_equal(h225_protocol_version(pid), 5);
            with_pid++;
        }
    }
    assert_int_equal(with_pid, 4);
    assert_int_equal(h225_ras_init(&m, 99, 1, 4), PER_E_INVALID);
    assert_int_equal(h225_ras_init(NULL, H225_RAS_GRQ, 1, 4), PER_E_INVALID);
    assert_int_equal(h225_ras_seq_num(NULL), 0);
    /* A NonStandardMessage's nonStandardData is mandatory: the decoder says it is there. */
    assert_int_equal(h225_ras_init(&m, H225_RAS_NONSTANDARD_MESSAGE, 7, 4), 0);
    m.u.misc.nonstandard_data.id.choice = H225_NSI_H221;
    m.u.misc.nonstandard_data.data = PER_OCTS("x");
    size_t len;
    assert_int_equal(h225_encode_ras(&m, g_out, sizeof g_out, &len, NULL), 0);
    per_arena a;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    assert_int_equal(h225_decode_ras(g_out, len, &back, &a, NULL), 0);
    assert_true(back.u.misc.has_nonstandard_data);
    /* The first requestSeqNum of an ACF sequence. */
    static h225_acf acfs[2];
    memset(&m, 0, sizeof m);
    m.choice = H225_RAS_ACF_SEQUENCE;
    acfs[0].request_seq_num = 9;
    m.u.acf_sequence = (h225_acf_list){ 2, acfs };
    assert_int_equal(h225_ras_seq_num(&m), 9);
    assert_string_equal(h225_ras_name(H225_RAS_RRQ), "RRQ");
}

static void test_helpers(void **state)
{
    (void)state;
    per_oid v4 = h225_protocol_identifier(4);
    assert_int_equal(v4.count, 6);
    assert_int_equal(v4.arcs[3], 2250);
    assert_int_equal(h225_protocol_version(&v4), 4);
    per_oid other = { 6, { 0, 0, 8, 245, 0, 13 } };   /* H.245's */
    assert_int_equal(h225_protocol_version(&other), 0);
    assert_int_equal(h225_protocol_version(NULL), 0);

    uint16_t buf[4];
    per_bmp b;
    assert_int_equal(h225_bmp_from_utf8(&b, buf, 4, "a\xc3\xa9\xe2\x82\xac"), 0);   /* a é € */
    assert_int_equal(b.len, 3);
    assert_int_equal(buf[1], 0xE9);
    assert_int_equal(buf[2], 0x20AC);
    assert_int_equal(h225_bmp_from_utf8(&b, buf, 4, ""), 0);
    assert_int_equal(b.len, 0);
    static const char *const bad[] = {
        "abcde",                 /* longer than the buffer */
        "\xf0\x9f\x98\x80",      /* U+1F600: beyond the BMP */
        "\xc0\xaf",              /* overlong */
        "\xed\xa0\x80",          /* a surrogate */
        "\xc3",                  /* cut */
        "\x80",                  /* a continuation octet first */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_equal(h225_bmp_from_utf8(&b, buf, 4, bad[i]), -1);

    h225_alias_address al;
    assert_int_equal(h225_alias_h323_id(&al, buf, 4, "bob"), 0);
    assert_int_equal(al.choice, H225_ALIAS_H323_ID);
    al = h225_alias_url("h323:x@y");
    assert_int_equal(al.u.url_id.len, 8);
    al = h225_alias_email("x@y");
    assert_int_equal(al.choice, H225_ALIAS_EMAIL_ID);
    static const uint8_t ip6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
    h225_transport_address t = h225_transport_ipv6(ip6, 1720);
    assert_int_equal(t.choice, H225_TA_IP6);
    assert_int_equal(t.u.ip6.port, 1720);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schemas),
        cmocka_unit_test(test_vector_setup),
        cmocka_unit_test(test_vector_grq),
        cmocka_unit_test(test_vector_aliases),
        cmocka_unit_test(test_vector_extension_alternatives),
        cmocka_unit_test(test_vector_rejects),
        cmocka_unit_test(test_independent_vectors),
        cmocka_unit_test(test_round_trip_every_body),
        cmocka_unit_test(test_round_trip_every_ras),
        cmocka_unit_test(test_unknown_extensions_kept),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_every_arena_and_output_size),
        cmocka_unit_test(test_uu_init_every_body),
        cmocka_unit_test(test_ras_init_every_type),
        cmocka_unit_test(test_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
