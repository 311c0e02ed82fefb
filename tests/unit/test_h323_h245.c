/*
 * tests/unit/test_h323_h245.c - the H.245 message codecs (tsp-h323/h245): every type
 * description through per_schema_check; byte vectors worked out by hand from X.691 for
 * one message of each shape (each comment derives its bits); every builder's message
 * round-tripped with its fields checked; random values of every described type (made by
 * walking the descriptions) encoded, decoded, compared field by field and re-encoded;
 * fast start's standalone OpenLogicalChannel; and hostile input: truncation at every
 * octet, every too-small arena, unsupported and unknown alternatives, unknown additions,
 * byte flips, 10 MB of garbage.
 *
 * Clause numbers are X.691 (07/2002). Inputs are copied into exactly-sized heap buffers
 * so that ASan catches any over-read.
 */
#include "h245/h245.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "test_h323_h245_walk.h"

/* ---- helpers ---- */

static uint8_t g_arena_mem[1 << 20];
static uint8_t g_pool_mem[1 << 20];

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = hex; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned v;
        assert_int_equal(sscanf(p, "%2x", &v), 1);
        assert_true(n < cap);
        out[n++] = (uint8_t)v;
        p += 2;
    }
    return n;
}

static const char *hexstr(const uint8_t *p, size_t n)
{
    static char buf[8192];
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && k + 4 < sizeof buf; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%02X", i ? " " : "", p[i]);
    return buf;
}

static void print_perr(const char *what, int rc, const per_errinfo *ei)
{
    char msg[256];
    per_errinfo_format(ei, rc, msg, sizeof msg);
    print_message("%s: %s\n", what, msg);
}

/* Encodes m; fails the test (printing where) if that does not work. */
static size_t encode(const h245_msg *m, uint8_t *out, size_t cap)
{
    size_t len = 0;
    per_errinfo ei;
    int rc = h245_encode(m, out, cap, &len, &ei);
    if (rc) print_perr(h245_msg_name(m), rc, &ei);
    assert_int_equal(rc, 0);
    return len;
}

/* Decodes a heap copy of exactly in[0..n) into *m with a fresh arena. */
static int decode_copy(const uint8_t *in, size_t n, h245_msg *m, per_arena *a, size_t *used, per_errinfo *ei)
{
    uint8_t *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    memcpy(copy, in, n);
    per_arena_init(a, g_arena_mem, sizeof g_arena_mem);
    int rc = h245_decode(copy, n, m, a, used, ei);
    free(copy);
    return rc;
}

/* m must encode to want (hex). */
static void expect_encoding(const h245_msg *m, const char *want)
{
    uint8_t out[1024], exp[1024];
    size_t n = unhex(want, exp, sizeof exp), len = encode(m, out, sizeof out);
    print_message("%-28s want %s\n", h245_msg_name(m), want);
    print_message("%-28s got  %s\n", h245_msg_name(m), hexstr(out, len));
    assert_int_equal(len, n);
    assert_memory_equal(out, exp, n);
}

/* Decodes hex into *m (strings point into a decode arena that lives until the next call). */
static void decode_hex(const char *hex, h245_msg *m)
{
    static uint8_t in[1024];
    size_t n = unhex(hex, in, sizeof in), used = 0;
    per_arena a;
    per_errinfo ei;
    per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
    int rc = h245_decode(in, n, m, &a, &used, &ei);
    if (rc) print_perr(hex, rc, &ei);
    assert_int_equal(rc, 0);
    assert_int_equal(used, n);
}

/* ---- the descriptions ---- */

static void test_schema_check(void **state)
{
    (void)state;
    int n = 0;
    for (const per_type *const *t = h245_message_types; *t; t++, n++) {
        per_errinfo ei;
        int rc = per_schema_check(*t, &ei);
        if (rc) print_perr((*t)->name, rc, &ei);
        assert_int_equal(rc, 0);
    }
    per_errinfo ei;
    assert_int_equal(per_schema_check(&h245_t_olc, &ei), 0);
    print_message("per_schema_check: %d message types and OpenLogicalChannel consistent; "
                  "sizeof h245_msg %zu, h245_olc %zu, h245_capability %zu\n",
                  n, sizeof(h245_msg), sizeof(h245_olc), sizeof(h245_capability));
    assert_true(n >= 39);
    assert_ptr_equal(h245_message_types[0], &h245_t_message);
}

/* The header's enums name the right alternatives of the four message classes (the names
 * are those of the H.245 module, in its order). */
static void test_class_enums(void **state)
{
    (void)state;
    static const struct { uint32_t cls, alt; const char *name; } names[] = {
        { H245_REQUEST, H245_REQ_NONSTD, "nonStandard" },
        { H245_REQUEST, H245_REQ_MSD, "masterSlaveDetermination" },
        { H245_REQUEST, H245_REQ_TCS, "terminalCapabilitySet" },
        { H245_REQUEST, H245_REQ_OLC, "openLogicalChannel" },
        { H245_REQUEST, H245_REQ_CLC, "closeLogicalChannel" },
        { H245_REQUEST, H245_REQ_RCC, "requestChannelClose" },
        { H245_REQUEST, H245_REQ_MULTIPLEX_ENTRY_SEND, "multiplexEntrySend" },
        { H245_REQUEST, H245_REQ_REQUEST_MULTIPLEX_ENTRY, "requestMultiplexEntry" },
        { H245_REQUEST, H245_REQ_REQUEST_MODE, "requestMode" },
        { H245_REQUEST, H245_REQ_RTD, "roundTripDelayRequest" },
        { H245_REQUEST, H245_REQ_MAINTENANCE_LOOP, "maintenanceLoopRequest" },
        { H245_REQUEST, H245_REQ_COMMUNICATION_MODE, "communicationModeRequest" },
        { H245_REQUEST, H245_REQ_CONFERENCE, "conferenceRequest" },
        { H245_REQUEST, H245_REQ_MULTILINK, "multilinkRequest" },
        { H245_REQUEST, H245_REQ_LOGICAL_CHANNEL_RATE, "logicalChannelRateRequest" },
        { H245_REQUEST, H245_REQ_GENERIC, "genericRequest" },
        { H245_RESPONSE, H245_RSP_NONSTD, "nonStandard" },
        { H245_RESPONSE, H245_RSP_MSD_ACK, "masterSlaveDeterminationAck" },
        { H245_RESPONSE, H245_RSP_MSD_REJECT, "masterSlaveDeterminationReject" },
        { H245_RESPONSE, H245_RSP_TCS_ACK, "terminalCapabilitySetAck" },
        { H245_RESPONSE, H245_RSP_TCS_REJECT, "terminalCapabilitySetReject" },
        { H245_RESPONSE, H245_RSP_OLC_ACK, "openLogicalChannelAck" },
        { H245_RESPONSE, H245_RSP_OLC_REJECT, "openLogicalChannelReject" },
        { H245_RESPONSE, H245_RSP_CLC_ACK, "closeLogicalChannelAck" },
        { H245_RESPONSE, H245_RSP_RCC_ACK, "requestChannelCloseAck" },
        { H245_RESPONSE, H245_RSP_RCC_REJECT, "requestChannelCloseReject" },
        { H245_RESPONSE, H245_RSP_MULTIPLEX_ENTRY_SEND_ACK, "multiplexEntrySendAck" },
        { H245_RESPONSE, H245_RSP_MULTIPLEX_ENTRY_SEND_REJECT, "multiplexEntrySendReject" },
        { H245_RESPONSE, H245_RSP_REQUEST_MULTIPLEX_ENTRY_ACK, "requestMultiplexEntryAck" },
        { H245_RESPONSE, H245_RSP_REQUEST_MULTIPLEX_ENTRY_REJECT, "requestMultiplexEntryReject" },
        { H245_RESPONSE, H245_RSP_REQUEST_MODE_ACK, "requestModeAck" },
        { H245_RESPONSE, H245_RSP_REQUEST_MODE_REJECT, "requestModeReject" },
        { H245_RESPONSE, H245_RSP_RTD, "roundTripDelayResponse" },
        { H245_RESPONSE, H245_RSP_MAINTENANCE_LOOP_ACK, "maintenanceLoopAck" },
        { H245_RESPONSE, H245_RSP_MAINTENANCE_LOOP_REJECT, "maintenanceLoopReject" },
        { H245_RESPONSE, H245_RSP_COMMUNICATION_MODE, "communicationModeResponse" },
        { H245_RESPONSE, H245_RSP_CONFERENCE, "conferenceResponse" },
        { H245_RESPONSE, H245_RSP_MULTILINK, "multilinkResponse" },
        { H245_RESPONSE, H245_RSP_LOGICAL_CHANNEL_RATE_ACK, "logicalChannelRateAcknowledge" },
        { H245_RESPONSE, H245_RSP_LOGICAL_CHANNEL_RATE_REJECT, "logicalChannelRateReject" },
        { H245_RESPONSE, H245_RSP_GENERIC, "genericResponse" },
        { H245_COMMAND, H245_CMD_NONSTD, "nonStandard" },
        { H245_COMMAND, H245_CMD_MAINTENANCE_LOOP_OFF, "maintenanceLoopOffCommand" },
        { H245_COMMAND, H245_CMD_SEND_TCS, "sendTerminalCapabilitySet" },
        { H245_COMMAND, H245_CMD_ENCRYPTION, "encryptionCommand" },
        { H245_COMMAND, H245_CMD_FLOW_CONTROL, "flowControlCommand" },
        { H245_COMMAND, H245_CMD_END_SESSION, "endSessionCommand" },
        { H245_COMMAND, H245_CMD_MISC, "miscellaneousCommand" },
        { H245_COMMAND, H245_CMD_COMMUNICATION_MODE, "communicationModeCommand" },
        { H245_COMMAND, H245_CMD_CONFERENCE, "conferenceCommand" },
        { H245_COMMAND, H245_CMD_H223_MULTIPLEX_RECONFIGURATION, "h223MultiplexReconfiguration" },
        { H245_COMMAND, H245_CMD_NEW_ATM_VC, "newATMVCCommand" },
        { H245_COMMAND, H245_CMD_MOBILE_MULTILINK_RECONFIGURATION, "mobileMultilinkReconfigurationCommand" },
        { H245_COMMAND, H245_CMD_GENERIC, "genericCommand" },
        { H245_INDICATION, H245_IND_NONSTD, "nonStandard" },
        { H245_INDICATION, H245_IND_FUNCTION_NOT_UNDERSTOOD, "functionNotUnderstood" },
        { H245_INDICATION, H245_IND_MSD_RELEASE, "masterSlaveDeterminationRelease" },
        { H245_INDICATION, H245_IND_TCS_RELEASE, "terminalCapabilitySetRelease" },
        { H245_INDICATION, H245_IND_OLC_CONFIRM, "openLogicalChannelConfirm" },
        { H245_INDICATION, H245_IND_RCC_RELEASE, "requestChannelCloseRelease" },
        { H245_INDICATION, H245_IND_MULTIPLEX_ENTRY_SEND_RELEASE, "multiplexEntrySendRelease" },
        { H245_INDICATION, H245_IND_REQUEST_MULTIPLEX_ENTRY_RELEASE, "requestMultiplexEntryRelease" },
        { H245_INDICATION, H245_IND_REQUEST_MODE_RELEASE, "requestModeRelease" },
        { H245_INDICATION, H245_IND_MISC, "miscellaneousIndication" },
        { H245_INDICATION, H245_IND_JITTER, "jitterIndication" },
        { H245_INDICATION, H245_IND_H223_SKEW, "h223SkewIndication" },
        { H245_INDICATION, H245_IND_NEW_ATM_VC, "newATMVCIndication" },
        { H245_INDICATION, H245_IND_USER_INPUT, "userInput" },
        { H245_INDICATION, H245_IND_H2250_MAXIMUM_SKEW, "h2250MaximumSkewIndication" },
        { H245_INDICATION, H245_IND_MC_LOCATION, "mcLocationIndication" },
        { H245_INDICATION, H245_IND_CONFERENCE, "conferenceIndication" },
        { H245_INDICATION, H245_IND_VENDOR_IDENTIFICATION, "vendorIdentification" },
        { H245_INDICATION, H245_IND_FUNCTION_NOT_SUPPORTED, "functionNotSupported" },
        { H245_INDICATION, H245_IND_MULTILINK, "multilinkIndication" },
        { H245_INDICATION, H245_IND_LOGICAL_CHANNEL_RATE_RELEASE, "logicalChannelRateRelease" },
        { H245_INDICATION, H245_IND_FLOW_CONTROL, "flowControlIndication" },
        { H245_INDICATION, H245_IND_MOBILE_MULTILINK_RECONFIGURATION, "mobileMultilinkReconfigurationIndication" },
        { H245_INDICATION, H245_IND_GENERIC, "genericIndication" },
    };
    size_t counts[4] = { 0 };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        h245_msg m;
        memset(&m, 0, sizeof m);
        m.choice = names[i].cls;
        m.u.request.choice = names[i].alt;          /* every class keeps its index first */
        if (strcmp(h245_msg_name(&m), names[i].name) != 0)
            print_message("class %u alternative %u: %s, want %s\n", names[i].cls, names[i].alt, h245_msg_name(&m),
                          names[i].name);
        assert_string_equal(h245_msg_name(&m), names[i].name);
        assert_int_equal(names[i].alt, counts[names[i].cls]++);     /* in order, none missing */
    }
    for (uint32_t c = 0; c < 4; c++) assert_int_equal(counts[c], h245_t_message.comps[c].type->ncomps);

    /* The last extension alternative of each class, as a peer sends it: the class's
     * extension bit 1, its index as a normally small number, an open type of one octet.
     *   request    0 00 1 | '0' 000100 (4): 0001 0000 | 100 + padding -> 10 80 01 00
     *   response   0 01 1 | '0' 000101 (5): 0011 0000 | 101           -> 30 A0 01 00
     *   command    0 10 1 | '0' 000101 (5): 0101 0000 | 101           -> 50 A0 01 00
     *   indication 0 11 1 | '0' 001001 (9): 0111 0001 | 001           -> 71 20 01 00 */
    static const struct { const char *hex; uint32_t cls, alt; } last[] = {
        { "10 80 01 00", H245_REQUEST, H245_REQ_GENERIC },
        { "30 A0 01 00", H245_RESPONSE, H245_RSP_GENERIC },
        { "50 A0 01 00", H245_COMMAND, H245_CMD_GENERIC },
        { "71 20 01 00", H245_INDICATION, H245_IND_GENERIC },
    };
    for (size_t i = 0; i < 4; i++) {
        h245_msg m;
        decode_hex(last[i].hex, &m);
        print_message("%s: %s\n", last[i].hex, h245_msg_name(&m));
        assert_int_equal(m.choice, last[i].cls);
        assert_int_equal(m.u.request.choice, last[i].alt);
    }
}

/* ---- hand-derived vectors ---- */

/* Every message starts with the same two CHOICE indexes:
 *   MultimediaSystemControlMessage: extension bit 0, index of 4 root alternatives in 2 bits
 *     (request 00, response 01, command 10, indication 11);
 *   then the class: extension bit 0 and the index as a constrained whole number over the
 *     root alternatives (22.6 -> 10.5.7.1: a minimal bit-field): RequestMessage 11 -> 4
 *     bits, ResponseMessage 19 -> 5 bits, CommandMessage 7 -> 3 bits, IndicationMessage
 *     14 -> 4 bits.
 * So a request or an indication fills exactly the first octet (1 + 2 + 1 + 4 bits); a
 * response takes one bit of the second octet, a command leaves one bit of the first. */
static void test_vectors(void **state)
{
    (void)state;
    h245_msg m;

    /* MasterSlaveDetermination {terminalType 50, statusDeterminationNumber 8123456}:
     *   0 00 0 0001                       request, masterSlaveDetermination (1)      -> 01
     *   0 + 7 padding bits                extension bit; terminalType INTEGER(0..255):
     *                                     range 256 = one octet, octet-aligned (10.5.7.2) -> 00 32
     *   statusDeterminationNumber INTEGER(0..16777215): range 2^24 > 64K, so 10.5.7.4: the
     *     octet count (3, as 3-1 = 2 in the 2 bits for 1..3) then the octets, aligned
     *   10 + 6 padding bits                                                         -> 80
     *   8123456 = 0x7BF440                                                          -> 7B F4 40 */
    h245_msg_msd(&m, 50, 8123456);
    expect_encoding(&m, "01 00 32 80 7B F4 40");

    /* MasterSlaveDeterminationAck {decision slave}:
     *   0 01 0 00001                      response, index 1 of 19 in 5 bits (9 bits)
     *   0 1                               extension bit; decision CHOICE {master, slave}: 1 bit
     *   0010 0000 | 1 0 1 + padding                                                 -> 20 A0 */
    h245_msg_msd_ack(&m, H245_MSD_SLAVE);
    expect_encoding(&m, "20 A0");

    /* TerminalCapabilitySetAck {sequenceNumber 1}: 0 01 0 00011 -> 0010 0001 | 1; extension
     * bit 0, padding, then the octet of INTEGER(0..255)                          -> 21 80 01 */
    h245_msg_tcs_ack(&m, 1);
    expect_encoding(&m, "21 80 01");

    /* RoundTripDelayResponse {42}: response index 16 = 10000: 0 01 0 10000 -> 0010 1000 | 0,
     * extension bit 0, padding                                                 -> 28 00 2A */
    h245_msg_rtd_response(&m, 42);
    expect_encoding(&m, "28 00 2A");

    /* EndSessionCommand disconnect: 0 10 (command), 0 101 (index 5 of 7 in 3 bits), then
     * EndSessionCommand: 0 01 (index 1 of 3 root alternatives in 2 bits):
     *   0100 1010 | 01 + 6 padding bits                                           -> 4A 40 */
    h245_msg_end_session(&m);
    expect_encoding(&m, "4A 40");

    /* UserInputIndication alphanumeric "1234#": 0 11 0 1101 (indication, userInput 13) -> 6D;
     *   0 1: extension bit, index 1 of 2 root alternatives in 1 bit;
     *   GeneralString is not a known-multiplier type (27.6): an unconstrained length,
     *   octet-aligned (10.9.3.5), then the octets: 01 + padding -> 40, 05, 31 32 33 34 23 */
    h245_msg_uii_alphanumeric(&m, "1234#", 5);
    expect_encoding(&m, "6D 40 05 31 32 33 34 23");

    /* UserInputIndication signal {signalType "5", duration 100}:
     *   6D as above; then extension bit 1 (signal is an extension alternative) and its
     *   index 3 - 2 = 1 as a normally small number '0' 000001 (10.6.1)              -> 81
     *   the alternative as an open type: length 4 (10.2.2)                          -> 04
     *   signal: extension bit 0, presence bits duration 1, rtp 0: 010
     *   signalType: FROM of 17 characters needs 5 bits, rounded up to 8 in the ALIGNED
     *   variant (27.5.2); 'D' = 68 fits 8 bits, so each character is its own code (27.5.4);
     *   SIZE(1) * 8 bits <= 16: not octet-aligned (27.5.6)                         '5' = 00110101
     *   010 0011 0101 + 5 padding bits                                            -> 46 A0
     *   duration INTEGER(1..65535): 100 - 1 in two aligned octets (10.5.7.3)      -> 00 63
     *   (the open type's contents end octet-aligned, so nothing follows) */
    assert_int_equal(h245_msg_uii_signal(&m, '5', 100), 0);
    expect_encoding(&m, "6D 81 04 46 A0 00 63");

    /* CloseLogicalChannel {forwardLogicalChannelNumber 2, source lcse, reason reopen}:
     *   0 00 0 0100 (request, closeLogicalChannel 4)                                -> 04
     *   1: extension bit, an addition is present (reason)
     *   LogicalChannelNumber INTEGER(1..65535): 2 - 1 in two aligned octets      -> 80 00 01
     *   1: source CHOICE {user, lcse} (1 bit), lcse
     *   the additions bitmap (18.8): normally small length 1 = '0' 000000, then bit '1'
     *   1000 0000 | 1 + padding                                                   -> 80 80
     *   reason as an open type: length 1, CHOICE extension bit 0, index 1 of 3 (2 bits)
     *   0 01 + 5 padding bits                                                       -> 01 20 */
    h245_msg_clc(&m, 2, H245_CLC_SOURCE_LCSE, H245_CLC_REASON_REOPEN);
    expect_encoding(&m, "04 80 00 01 80 80 01 20");

    /* OpenLogicalChannel of a transmit audio channel {forwardLogicalChannelNumber 1,
     * forwardLogicalChannelParameters {dataType audioData g711Ulaw64k 20,
     * multiplexParameters h2250LogicalChannelParameters {sessionID 1, mediaControlChannel
     * unicastAddress iPAddress {192.0.2.1, 5001}, silenceSuppression FALSE}}}:
     *   0 00 0 0011 (request, openLogicalChannel 3)                                 -> 03
     *   OpenLogicalChannel: extension bit 0, presence of reverse... 0, padding      -> 00
     *   forwardLogicalChannelNumber 1 - 1, two aligned octets                      -> 00 00
     *   forwardLogicalChannelParameters: extension bit 0, portNumber absent 0;
     *   dataType: 0 011 (index 3 of 6 in 3 bits); AudioCapability: 0 0011 (3 of 14);
     *   0000 1100 | 011 + padding, then g711Ulaw64k INTEGER(1..256): 20 - 1 in one
     *   aligned octet (range 256, 10.5.7.2)                                   -> 0C 60 13
     *   multiplexParameters: h2250 is the first extension alternative: 1 '0' 000000 -> 80
     *   as an open type of 11 octets                                                -> 0B
     *     H2250LogicalChannelParameters: extension bit 0, ten presence bits
     *     0000 1010 00 (only mediaControlChannel and silenceSuppression), padding  -> 05 00
     *     sessionID INTEGER(0..255): one aligned octet                              -> 01
     *     mediaControlChannel: TransportAddress 0 0 (extension bit, unicastAddress),
     *     UnicastAddress 0 000 (iPAddress of 5), iPAddress extension bit 0, padding -> 00
     *     network OCTET STRING (SIZE(4)): fixed size, over 2 octets: aligned, no
     *     length (16.8)                                                     -> C0 00 02 01
     *     tsapIdentifier 5001 in two aligned octets                                 -> 13 89
     *     silenceSuppression FALSE: 0, padding                                      -> 00 */
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20);
    static const uint8_t ip_a[4] = { 192, 0, 2, 1 };
    h245_transport_addr rtcp = h245_addr_ip4(ip_a, 5001);
    h245_olc olc;
    h245_olc_audio_tx(&olc, 1, &ulaw, 1, &rtcp, false);
    h245_msg_olc(&m, &olc);
    expect_encoding(&m, "03 00 00 00 0C 60 13 80 0B 05 00 01 00 C0 00 02 01 13 89 00");

    /* Fast start: the same OpenLogicalChannel standalone. It started octet-aligned at bit 8
     * of the message above, so every alignment falls alike: the message minus its first
     * octet. */
    uint8_t out[256];
    size_t len;
    assert_int_equal(h245_olc_encode(&olc, out, sizeof out, &len, NULL), 0);
    print_message("OpenLogicalChannel (fast start) got  %s\n", hexstr(out, len));
    uint8_t exp[64];
    size_t n = unhex("00 00 00 0C 60 13 80 0B 05 00 01 00 C0 00 02 01 13 89 00", exp, sizeof exp);
    assert_int_equal(len, n);
    assert_memory_equal(out, exp, n);

    /* TerminalCapabilitySet {sequenceNumber 7, protocolIdentifier {0 0 8 245 0 13},
     * multiplexCapability h2250Capability {maximumAudioDelayJitter 200, ...all FALSE/empty},
     * capabilityTable {{1, receiveUserInputCapability dtmf}, {2, transmitAudioCapability
     * g711Alaw64k 30}}, capabilityDescriptors {{0, {{2}, {1}}}}}:
     *   0 00 0 0010 (request, terminalCapabilitySet 2)                              -> 02
     *   extension bit 0; presence 1 1 1 (multiplexCapability, capabilityTable,
     *   capabilityDescriptors); padding; sequenceNumber octet                    -> 70 07
     *   OBJECT IDENTIFIER: length 6, then X.690 8.19 contents: 0*40+0, 8, 245 as
     *   1 1110101 -> 81 75, 0, 13                                     -> 06 00 08 81 75 00 0D
     *   multiplexCapability: h2250Capability is extension alternative 0             -> 80
     *   open type of 10 octets                                                      -> 0A
     *     H2250Capability: extension bit 0, padding before maximumAudioDelayJitter
     *     INTEGER(0..1023) (range 1024: two aligned octets)                   -> 00 00 C8
     *     three MultipointCapability: extension bit, two FALSE, padding, then the
     *     SEQUENCE OF count 0 as an aligned unconstrained length          -> 00 00 00 00 00 00
     *     mcCapability 0 0 0, rtcpVideoControlCapability 0,
     *     mediaPacketizationCapability 0 0, padding                                 -> 00
     *   capabilityTable SIZE(1..256): count 2 - 1 in one aligned octet              -> 01
     *     entry: capability present 1, padding, number 1 - 1 in two octets     -> 80 00 00
     *     Capability: receiveUserInputCapability is extension alternative 15 - 12 = 3:
     *     1 0 000011                                                                -> 83
     *     open type of 1 octet: UserInputCapability 0 100 (dtmf, 4 of 6), padding  -> 01 40
     *     entry: 1, padding, number 2 - 1                                      -> 80 00 01
     *     Capability 0 0101 (transmitAudioCapability, 5 of 12 in 4 bits), AudioCapability
     *     0 0001 (g711Alaw64k), padding, 30 - 1 in one octet                  -> 28 40 1D
     *   capabilityDescriptors: count 1 - 1                                          -> 00
     *     CapabilityDescriptor: simultaneousCapabilities present 1, padding, number 0
     *                                                                            -> 80 00
     *     simultaneousCapabilities count 2 - 1; AlternativeCapabilitySet count 1 - 1,
     *     entry number 2 - 1; count 1 - 1, entry number 1 - 1        -> 01 00 00 01 00 00 00 */
    h245_tcs_store store;
    h245_audio_cap alaw = h245_audio(H245_AUDIO_G711_ALAW64K, 30);
    const h245_capability caps[] = {
        h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_DTMF),
        h245_cap_audio(H245_CAP_TX_AUDIO, &alaw),
    };
    assert_int_equal(h245_msg_tcs(&m, &store, 7, 200, caps, 2), 0);
    expect_encoding(&m, "02 70 07 06 00 08 81 75 00 0D 80 0A 00 00 C8 00 00 00 00 00 00 00 "
                        "01 80 00 00 83 01 40 80 00 01 28 40 1D 00 80 00 01 00 00 01 00 00 00");
}

/* The vectors above read back to what was built. */
static void test_vectors_decode(void **state)
{
    (void)state;
    h245_msg m;
    decode_hex("01 00 32 80 7B F4 40", &m);
    assert_int_equal(m.choice, H245_REQUEST);
    assert_int_equal(m.u.request.choice, H245_REQ_MSD);
    assert_int_equal(m.u.request.u.msd.terminal_type, 50);
    assert_int_equal(m.u.request.u.msd.status_determination_number, 8123456);

    decode_hex("6D 81 04 46 A0 00 63", &m);
    assert_int_equal(m.u.indication.choice, H245_IND_USER_INPUT);
    const h245_uii *u = &m.u.indication.u.user_input;
    assert_int_equal(u->choice, H245_UII_SIGNAL);
    assert_int_equal(u->u.signal.signal_type.len, 1);
    assert_int_equal(u->u.signal.signal_type.chars[0], '5');
    assert_true(u->u.signal.has_duration);
    assert_int_equal(u->u.signal.duration, 100);
    assert_false(u->u.signal.has_rtp);

    decode_hex("04 80 00 01 80 80 01 20", &m);
    const h245_clc *c = &m.u.request.u.clc;
    assert_int_equal(c->forward_logical_channel_number, 2);
    assert_int_equal(c->source, H245_CLC_SOURCE_LCSE);
    assert_true(c->has_reason);
    assert_int_equal(c->reason, H245_CLC_REASON_REOPEN);
    /* Without the addition (an old sender): extension bit 0 -> 00 00 01 80. */
    decode_hex("04 00 00 01 80", &m);
    assert_false(m.u.request.u.clc.has_reason);
    assert_int_equal(m.u.request.u.clc.source, H245_CLC_SOURCE_LCSE);

    decode_hex("03 00 00 00 0C 60 13 80 0B 05 00 01 00 C0 00 02 01 13 89 00", &m);
    const h245_olc *o = &m.u.request.u.olc;
    assert_int_equal(o->forward_logical_channel_number, 1);
    assert_false(o->has_reverse);
    assert_int_equal(o->forward.data_type.choice, H245_DT_AUDIO);
    assert_int_equal(o->forward.data_type.u.audio.choice, H245_AUDIO_G711_ULAW64K);
    assert_int_equal(o->forward.data_type.u.audio.u.frames, 20);
    assert_int_equal(o->forward.multiplex_parameters.choice, H245_FWD_MUX_H2250);
    const h245_h2250_lcp *p = &o->forward.multiplex_parameters.u.h2250;
    assert_int_equal(p->session_id, 1);
    assert_false(p->has_media_channel);
    assert_true(p->has_media_control_channel);
    assert_int_equal(p->media_control_channel.u.unicast.u.ip.tsap_identifier, 5001);
    assert_memory_equal(p->media_control_channel.u.unicast.u.ip.network, ((uint8_t[]){ 192, 0, 2, 1 }), 4);
    assert_true(p->has_silence_suppression);
    assert_false(p->silence_suppression);
}

/* ---- every builder, round-tripped ---- */

/* Encodes m, decodes it into *back (arena a), checks both sides describe the same value
 * and that it encodes to the same bytes again. Returns the encoded size. */
static size_t roundtrip(const h245_msg *m, h245_msg *back, per_arena *a)
{
    uint8_t out[4096], again[4096];
    size_t len = encode(m, out, sizeof out), used = 0;
    per_errinfo ei;
    int rc = decode_copy(out, len, back, a, &used, &ei);
    if (rc) print_perr(h245_msg_name(m), rc, &ei);
    assert_int_equal(rc, 0);
    assert_int_equal(used, len);
    assert_true(walk_same(&h245_t_message, m, back, "message"));
    assert_int_equal(encode(back, again, sizeof again), len);
    assert_memory_equal(again, out, len);
    assert_string_equal(h245_msg_name(back), h245_msg_name(m));
    return len;
}

static void test_builders_roundtrip(void **state)
{
    (void)state;
    static h245_msg m, back;
    per_arena a;
    static const uint8_t ip[4] = { 10, 1, 2, 3 };
    h245_transport_addr rtp = h245_addr_ip4(ip, 16384), rtcp = h245_addr_ip4(ip, 16385);
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20), alaw = h245_audio(H245_AUDIO_G711_ALAW64K, 40);

    h245_msg_msd(&m, 60, 16777215);
    roundtrip(&m, &back, &a);
    assert_string_equal(h245_msg_name(&back), "masterSlaveDetermination");
    assert_int_equal(back.u.request.u.msd.status_determination_number, 16777215);

    h245_msg_msd_ack(&m, H245_MSD_MASTER);
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.response.u.msd_ack.decision, H245_MSD_MASTER);
    h245_msg_msd_reject(&m);
    roundtrip(&m, &back, &a);
    assert_string_equal(h245_msg_name(&back), "masterSlaveDeterminationReject");
    h245_msg_msd_release(&m);
    roundtrip(&m, &back, &a);
    assert_string_equal(h245_msg_name(&back), "masterSlaveDeterminationRelease");

    static h245_tcs_store st;
    h245_capability caps[H245_TCS_MAX_CAPS];
    caps[0] = h245_cap_audio(H245_CAP_RX_AUDIO, &ulaw);
    caps[1] = h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_DTMF);
    caps[2] = h245_cap_audio(H245_CAP_RX_AUDIO, &alaw);
    caps[3] = h245_cap_user_input(H245_CAP_RXTX_USER_INPUT, H245_UIC_SECURE_DTMF);   /* an extension NULL */
    assert_int_equal(h245_msg_tcs(&m, &st, 255, 1023, caps, 4), 0);
    size_t len = roundtrip(&m, &back, &a);
    const h245_tcs *t = &back.u.request.u.tcs;
    assert_int_equal(t->sequence_number, 255);
    assert_int_equal(t->protocol_identifier.count, 6);
    assert_int_equal(t->protocol_identifier.arcs[3], 245);
    assert_int_equal(t->protocol_identifier.arcs[5], H245_PROTOCOL_VERSION);
    assert_int_equal(t->multiplex_capability.choice, H245_MUXCAP_H2250);
    assert_int_equal(t->multiplex_capability.u.h2250.maximum_audio_delay_jitter, 1023);
    assert_int_equal(t->capability_table.count, 4);
    assert_int_equal(t->capability_table.items[2].number, 3);
    assert_int_equal(t->capability_table.items[2].capability.u.audio.choice, H245_AUDIO_G711_ALAW64K);
    assert_int_equal(t->capability_table.items[2].capability.u.audio.u.frames, 40);
    assert_int_equal(t->capability_table.items[3].capability.u.user_input.choice, H245_UIC_SECURE_DTMF);
    /* Descriptor 0: {1, 3} (audio, in order), {2}, {4}. */
    const h245_cap_descriptor *d = &t->capability_descriptors.items[0];
    assert_int_equal(d->simultaneous.count, 3);
    assert_int_equal(d->simultaneous.items[0].count, 2);
    assert_int_equal(d->simultaneous.items[0].items[0], 1);
    assert_int_equal(d->simultaneous.items[0].items[1], 3);
    assert_int_equal(d->simultaneous.items[1].items[0], 2);
    assert_int_equal(d->simultaneous.items[2].items[0], 4);
    print_message("TerminalCapabilitySet of 4 capabilities: %zu octets, %zu arena octets\n", len, a.used);
    /* Limits of the builder. */
    assert_int_equal(h245_msg_tcs(&m, &st, 1, 60, caps, 0), -1);
    assert_int_equal(h245_msg_tcs(&m, &st, 1, 60, caps, H245_TCS_MAX_CAPS + 1), -1);
    for (int i = 0; i < H245_TCS_MAX_CAPS; i++) caps[i] = h245_cap_audio(H245_CAP_RX_AUDIO, i % 2 ? &ulaw : &alaw);
    assert_int_equal(h245_msg_tcs(&m, &st, 1, 60, caps, H245_TCS_MAX_CAPS), 0);
    len = roundtrip(&m, &back, &a);
    print_message("TerminalCapabilitySet of %d capabilities: %zu octets, %zu arena octets\n", H245_TCS_MAX_CAPS,
                  len, a.used);
    assert_true(a.used < H245_ARENA_SIZE);

    h245_msg_tcs_ack(&m, 0);
    roundtrip(&m, &back, &a);
    h245_msg_tcs_reject(&m, 3, H245_TCS_REJ_UNDEFINED_TABLE_ENTRY_USED);
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.response.u.tcs_reject.cause.choice, H245_TCS_REJ_UNDEFINED_TABLE_ENTRY_USED);
    h245_msg_tcs_reject(&m, 3, H245_TCS_REJ_TABLE_ENTRY_CAPACITY_EXCEEDED);
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.response.u.tcs_reject.cause.u.table_entry_capacity_exceeded.choice, 1);
    h245_msg_tcs_release(&m);
    roundtrip(&m, &back, &a);

    h245_olc olc;
    h245_olc_audio_tx(&olc, 65535, &alaw, 1, NULL, true);
    h245_msg_olc(&m, &olc);
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.request.u.olc.forward_logical_channel_number, 65535);
    assert_false(back.u.request.u.olc.forward.multiplex_parameters.u.h2250.has_media_control_channel);
    assert_true(back.u.request.u.olc.forward.multiplex_parameters.u.h2250.silence_suppression);
    h245_olc_audio_rx(&olc, 7, &ulaw, 1, &rtp, &rtcp);
    h245_msg_olc(&m, &olc);
    roundtrip(&m, &back, &a);
    const h245_olc *o = &back.u.request.u.olc;
    assert_int_equal(o->forward.data_type.choice, H245_DT_NULL);
    assert_int_equal(o->forward.multiplex_parameters.choice, H245_FWD_MUX_NONE);
    assert_true(o->has_reverse);
    assert_int_equal(o->reverse.multiplex_parameters.choice, H245_REV_MUX_H2250);
    assert_int_equal(o->reverse.multiplex_parameters.u.h2250.media_channel.u.unicast.u.ip.tsap_identifier, 16384);
    assert_int_equal(o->reverse.multiplex_parameters.u.h2250.media_control_channel.u.unicast.u.ip.tsap_identifier,
                     16385);

    h245_msg_olc_ack(&m, 7, 1, &rtp, &rtcp);
    roundtrip(&m, &back, &a);
    const h245_olc_ack *ack = &back.u.response.u.olc_ack;
    assert_true(ack->has_forward_multiplex_ack_parameters);
    assert_int_equal(ack->forward_multiplex_ack_parameters.u.h2250.session_id, 1);
    assert_int_equal(ack->forward_multiplex_ack_parameters.u.h2250.media_channel.u.unicast.u.ip.tsap_identifier,
                     16384);
    assert_false(ack->forward_multiplex_ack_parameters.u.h2250.has_flow_control_to_zero);
    h245_msg_olc_ack(&m, 8, 2, NULL, NULL);
    roundtrip(&m, &back, &a);
    h245_msg_olc_reject(&m, 7, H245_OLC_REJ_SECURITY_DENIED);      /* the last extension cause */
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.response.u.olc_reject.cause, H245_OLC_REJ_SECURITY_DENIED);
    h245_msg_olc_confirm(&m, 7);
    roundtrip(&m, &back, &a);

    h245_msg_clc(&m, 7, H245_CLC_SOURCE_USER, H245_CLC_REASON_RESERVATION_FAILURE);
    roundtrip(&m, &back, &a);
    h245_msg_clc_ack(&m, 7);
    roundtrip(&m, &back, &a);
    h245_msg_rcc(&m, 7, H245_RCC_REASON_RESERVATION_FAILURE);
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.request.u.rcc.reason, H245_RCC_REASON_RESERVATION_FAILURE);
    h245_msg_rcc_ack(&m, 7);
    roundtrip(&m, &back, &a);
    h245_msg_rcc_reject(&m, 7);
    roundtrip(&m, &back, &a);
    h245_msg_rcc_release(&m, 7);
    roundtrip(&m, &back, &a);

    h245_msg_end_session(&m);
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.command.u.end_session.choice, H245_END_DISCONNECT);
    h245_msg_rtd_request(&m, 0);
    roundtrip(&m, &back, &a);
    h245_msg_rtd_response(&m, 255);
    roundtrip(&m, &back, &a);

    static const char text[] = "Hello, H.245 \x01\xff";   /* GeneralString: octets as sent */
    h245_msg_uii_alphanumeric(&m, text, sizeof text - 1);
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.indication.u.user_input.u.alphanumeric.len, sizeof text - 1);
    assert_string_equal(back.u.indication.u.user_input.u.alphanumeric.chars, text);   /* NUL-terminated */
    static const char signals[] = H245_SIGNAL_TYPES;
    for (size_t i = 0; signals[i]; i++) {
        assert_int_equal(h245_msg_uii_signal(&m, signals[i], (uint16_t)i), 0);   /* 0: no duration */
        roundtrip(&m, &back, &a);
        assert_int_equal(back.u.indication.u.user_input.u.signal.signal_type.chars[0], signals[i]);
        assert_int_equal(back.u.indication.u.user_input.u.signal.has_duration, i != 0);
    }
    assert_int_equal(h245_msg_uii_signal(&m, 'E', 0), -1);
    assert_int_equal(h245_msg_uii_signal(&m, 'a', 0), -1);
    assert_int_equal(h245_msg_uii_signal(&m, '\0', 0), -1);

    static const uint8_t returned[] = { 0x09, 0x00, 0x03 };
    h245_msg_function_not_supported(&m, H245_FNS_UNKNOWN_FUNCTION, returned, sizeof returned);
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.indication.u.function_not_supported.returned_function.len, 3);
    h245_msg_function_not_supported(&m, H245_FNS_SYNTAX_ERROR, NULL, 0);
    roundtrip(&m, &back, &a);
    assert_false(back.u.indication.u.function_not_supported.has_returned_function);
}

/* Messages without a builder, filled by hand: the described parts a peer sends. */
static void test_other_messages_roundtrip(void **state)
{
    (void)state;
    static h245_msg m, back;
    per_arena a;

    /* functionNotUnderstood returning a request (through a pointer). */
    static h245_request req;
    memset(&req, 0, sizeof req);
    req.choice = H245_REQ_RTD;
    req.u.rtd.sequence_number = 9;
    memset(&m, 0, sizeof m);
    m.choice = H245_INDICATION;
    m.u.indication.choice = H245_IND_FUNCTION_NOT_UNDERSTOOD;
    m.u.indication.u.function_not_understood.choice = 0;
    m.u.indication.u.function_not_understood.u.request = &req;
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.indication.u.function_not_understood.u.request->u.rtd.sequence_number, 9);
    /* ... whose pointer is NULL: nothing to encode. */
    m.u.indication.u.function_not_understood.u.request = NULL;
    uint8_t out[256];
    size_t len;
    per_errinfo ei;
    assert_int_equal(h245_encode(&m, out, sizeof out, &len, &ei), PER_E_INVALID);

    /* miscellaneousCommand videoFastUpdatePicture, and one with a SEQUENCE alternative. */
    memset(&m, 0, sizeof m);
    m.choice = H245_COMMAND;
    m.u.command.choice = H245_CMD_MISC;
    m.u.command.u.misc.logical_channel_number = 3;
    m.u.command.u.misc.type.choice = H245_MC_VIDEO_FAST_UPDATE_GOB;
    m.u.command.u.misc.type.u.video_fast_update_gob.first_gob = 17;
    m.u.command.u.misc.type.u.video_fast_update_gob.number_of_gobs = 18;
    roundtrip(&m, &back, &a);
    assert_int_equal(back.u.command.u.misc.type.u.video_fast_update_gob.number_of_gobs, 18);

    /* vendorIdentification (an extension alternative with an OPTIONAL OCTET STRING). */
    memset(&m, 0, sizeof m);
    m.choice = H245_INDICATION;
    m.u.indication.choice = H245_IND_VENDOR_IDENTIFICATION;
    h245_vendor_identification *v = &m.u.indication.u.vendor_identification;
    v->vendor.choice = H245_NSID_H221;
    v->vendor.u.h221 = (struct h245_h221_nonstd){ 181, 0, 0x1234 };
    v->has_product_number = true;
    v->product_number = PER_OCTS("tspkit");
    roundtrip(&m, &back, &a);
    assert_string_equal(h245_msg_name(&back), "vendorIdentification");

    /* A TerminalCapabilitySet as a video endpoint sends it: H.261 and H.263 video, T.120
     * data, G.723.1, an RTP telephony-event capability and a non-standard one. */
    h245_capability caps[6];
    memset(caps, 0, sizeof caps);
    caps[0].choice = H245_CAP_RX_VIDEO;
    caps[0].u.video.choice = H245_VIDEO_H261;
    caps[0].u.video.u.h261 = (h245_h261_cap){ .has_qcif_mpi = true, .qcif_mpi = 1, .has_cif_mpi = true,
                                              .cif_mpi = 2, .max_bit_rate = 19200 };
    caps[1].choice = H245_CAP_RX_VIDEO;
    caps[1].u.video.choice = H245_VIDEO_H263;
    caps[1].u.video.u.h263 = (h245_h263_cap){ .has_cif_mpi = true, .cif_mpi = 1, .max_bit_rate = 192400,
                                              .has_bpp_max_kb = true, .bpp_max_kb = 65535 };
    caps[2].choice = H245_CAP_RXTX_DATA;
    caps[2].u.data.application.choice = H245_APP_T120;
    caps[2].u.data.application.u.protocol.choice = H245_DPC_TCP;   /* an extension NULL */
    caps[2].u.data.max_bit_rate = 4294967295u;
    caps[3].choice = H245_CAP_RX_AUDIO;
    caps[3].u.audio.choice = H245_AUDIO_G7231;
    caps[3].u.audio.u.g7231 = (struct h245_g7231_cap){ 256, true };
    caps[4].choice = H245_CAP_RX_RTP_TELEPHONY_EVENT;
    caps[4].u.telephony_event.dynamic_rtp_payload_type = 101;
    caps[4].u.telephony_event.audio_telephone_event = PER_STR("0-16");
    caps[5].choice = H245_CAP_NONSTD;
    caps[5].u.nonstd.id.choice = H245_NSID_OBJECT;
    caps[5].u.nonstd.id.u.object = (per_oid){ 4, { 1, 3, 6, 1 } };
    caps[5].u.nonstd.data = PER_OCTS("\x01\x02");
    static h245_tcs_store st;
    assert_int_equal(h245_msg_tcs(&m, &st, 2, 0, caps, 6), 0);
    size_t n = roundtrip(&m, &back, &a);
    const h245_cap_entry *e = back.u.request.u.tcs.capability_table.items;
    assert_int_equal(e[4].capability.u.telephony_event.dynamic_rtp_payload_type, 101);
    assert_string_equal(e[4].capability.u.telephony_event.audio_telephone_event.chars, "0-16");
    assert_int_equal(e[1].capability.u.video.u.h263.max_bit_rate, 192400);
    print_message("TerminalCapabilitySet with video, data, G.723.1, RFC 2833 and a non-standard "
                  "capability: %zu octets\n", n);
}

/* Random values of every described type, made by walking the descriptions: encoded,
 * decoded, compared field by field, encoded again to the same bytes. */
static void test_random_roundtrip(void **state)
{
    (void)state;
    static _Alignas(max_align_t) uint8_t value[8192], back[8192];
    static uint8_t out[1 << 16], again[1 << 16];
    per_arena pool;
    walk w = { &pool, 0x0123456789ABCDEFULL, false };
    size_t total = 0, biggest = 0, count = 0, arena_max = 0;
    const per_type *types[64];
    size_t ntypes = 0;
    for (const per_type *const *t = h245_message_types; *t; t++) types[ntypes++] = *t;
    types[ntypes++] = &h245_t_olc;
    for (size_t ti = 0; ti < ntypes; ti++) {
        const per_type *t = types[ti];
        assert_true(t->csize <= sizeof value);
        int rounds = t == &h245_t_message ? 4000 : 300;
        for (int r = 0; r < rounds; r++) {
            per_arena a;
            per_errinfo ei;
            size_t len, len2;
            per_arena_init(&pool, g_pool_mem, sizeof g_pool_mem);
            walk_random(&w, t, value);
            int rc = per_encode(t, value, out, sizeof out, &len, &ei);
            if (rc) print_perr(t->name, rc, &ei);
            assert_int_equal(rc, 0);
            uint8_t *in = malloc(len);
            assert_non_null(in);
            memcpy(in, out, len);
            per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
            rc = per_decode(t, in, len, back, &a, &ei);
            if (rc) {
                print_perr(t->name, rc, &ei);
                print_message("  %s\n", hexstr(in, len));
            }
            assert_int_equal(rc, 0);
            if (!walk_same(t, value, back, t->name)) {
                print_message("%s value %d: %s\n", t->name, r, hexstr(in, len));
                fail();
            }
            assert_int_equal(per_encode(t, back, again, sizeof again, &len2, NULL), 0);
            assert_int_equal(len2, len);
            assert_memory_equal(again, out, len);
            free(in);
            total += len;
            count++;
            if (len > biggest) biggest = len;
            if (a.used > arena_max) arena_max = a.used;
        }
    }
    print_message("%zu random values of %zu types round-tripped: %zu octets on average, %zu at most, "
                  "decode arena %zu octets at most\n", count, ntypes, total / count, biggest, arena_max);
}

/* ---- fast start ---- */

static void test_fast_start_olc(void **state)
{
    (void)state;
    static const uint8_t ip[4] = { 198, 51, 100, 7 };
    h245_transport_addr rtp = h245_addr_ip4(ip, 7078), rtcp = h245_addr_ip4(ip, 7079);
    h245_audio_cap alaw = h245_audio(H245_AUDIO_G711_ALAW64K, 20);
    h245_olc olc, back;
    uint8_t out[512], msg[512];
    size_t len, mlen, used;
    per_arena a;
    per_errinfo ei;

    /* The pair a caller offers (H.323 8.1.7): transmit and receive. */
    const struct { bool rx; uint16_t lcn; } offers[] = { { false, 1 }, { true, 2 } };
    for (size_t i = 0; i < 2; i++) {
        if (offers[i].rx) h245_olc_audio_rx(&olc, offers[i].lcn, &alaw, 1, &rtp, &rtcp);
        else h245_olc_audio_tx(&olc, offers[i].lcn, &alaw, 1, &rtcp, false);
        assert_int_equal(h245_olc_encode(&olc, out, sizeof out, &len, &ei), 0);
        /* Same bytes as the request minus its first octet (see test_vectors). */
        h245_msg m;
        h245_msg_olc(&m, &olc);
        mlen = encode(&m, msg, sizeof msg);
        assert_int_equal(mlen, len + 1);
        assert_memory_equal(msg + 1, out, len);
        uint8_t *in = malloc(len);
        memcpy(in, out, len);
        per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
        assert_int_equal(h245_olc_decode(in, len, &back, &a, &used, &ei), 0);
        assert_int_equal(used, len);
        assert_true(walk_same(&h245_t_olc, &olc, &back, "OpenLogicalChannel"));
        print_message("fast start %s OLC: %zu octets: %s\n", offers[i].rx ? "receive " : "transmit", len,
                      hexstr(out, len));
        /* A truncated element is refused; octets after it are the caller's. */
        assert_int_equal(h245_olc_decode(in, len - 1, &back, &a, NULL, &ei), PER_E_TRUNCATED);
        free(in);
    }
    assert_int_equal(h245_olc_encode(&olc, out, 5, &len, &ei), PER_E_FULL);
}

/* ---- hostile and unusual input ---- */

/* The encodings of a set of messages, one of each builder. */
static size_t sample_encodings(uint8_t enc[][1024], size_t *lens, size_t max)
{
    static h245_msg m;
    static h245_tcs_store st;
    static const uint8_t ip[4] = { 10, 0, 0, 1 };
    h245_transport_addr rtp = h245_addr_ip4(ip, 4000), rtcp = h245_addr_ip4(ip, 4001);
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20);
    const h245_capability caps[] = {
        h245_cap_audio(H245_CAP_RX_AUDIO, &ulaw),
        h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_DTMF),
    };
    h245_olc olc;
    size_t n = 0;
#define ADD() do { assert_true(n < max); lens[n] = encode(&m, enc[n], 1024); n++; } while (0)
    h245_msg_msd(&m, 50, 77);
    ADD();
    assert_int_equal(h245_msg_tcs(&m, &st, 1, 60, caps, 2), 0);
    ADD();
    h245_olc_audio_rx(&olc, 2, &ulaw, 1, &rtp, &rtcp);
    h245_msg_olc(&m, &olc);
    ADD();
    h245_msg_olc_ack(&m, 2, 1, &rtp, &rtcp);
    ADD();
    h245_msg_clc(&m, 2, H245_CLC_SOURCE_USER, H245_CLC_REASON_UNKNOWN);
    ADD();
    h245_msg_rcc(&m, 2, H245_RCC_REASON_NORMAL);
    ADD();
    assert_int_equal(h245_msg_uii_signal(&m, '#', 250), 0);
    ADD();
    h245_msg_uii_alphanumeric(&m, "*123", 4);
    ADD();
    h245_msg_tcs_reject(&m, 1, H245_TCS_REJ_TABLE_ENTRY_CAPACITY_EXCEEDED);
    ADD();
    h245_msg_end_session(&m);
    ADD();
#undef ADD
    return n;
}

/* Every strict prefix of a complete encoding lacks bits the decoder needs. */
static void test_truncated(void **state)
{
    (void)state;
    static uint8_t enc[16][1024];
    size_t lens[16], n = sample_encodings(enc, lens, 16), tried = 0;
    h245_msg m;
    per_arena a;
    per_errinfo ei;
    for (size_t i = 0; i < n; i++) {
        for (size_t cut = 0; cut < lens[i]; cut++) {
            int rc = decode_copy(enc[i], cut, &m, &a, NULL, &ei);
            if (rc != PER_E_TRUNCATED)
                print_message("message %zu cut to %zu of %zu octets: %d (%s)\n", i, cut, lens[i], rc,
                              per_strerror(rc));
            assert_int_equal(rc, PER_E_TRUNCATED);
            tried++;
        }
    }
    print_message("%zu truncations of %zu messages refused with PER_E_TRUNCATED\n", tried, n);
}

/* Any arena smaller than a message needs gives PER_E_ARENA, never a crash or overrun. */
static void test_arena_exhaustion(void **state)
{
    (void)state;
    static uint8_t enc[16][1024];
    size_t lens[16], n = sample_encodings(enc, lens, 16);
    h245_msg m;
    per_errinfo ei;
    for (size_t i = 0; i < n; i++) {
        per_arena a;
        per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
        assert_int_equal(h245_decode(enc[i], lens[i], &m, &a, NULL, &ei), 0);
        size_t need = a.used;
        for (size_t size = 0; size < need; size++) {
            uint8_t *mem = malloc(size ? size : 1);
            per_arena_init(&a, mem, size);
            int rc = h245_decode(enc[i], lens[i], &m, &a, NULL, &ei);
            assert_int_equal(rc, PER_E_ARENA);
            free(mem);
        }
        print_message("%-28s needs %4zu arena octets; every smaller arena: PER_E_ARENA\n", h245_msg_name(&m), need);
    }
}

static void test_unsupported_and_unknown(void **state)
{
    (void)state;
    h245_msg m;
    per_arena a;
    per_errinfo ei;
    char msg[256];
    uint8_t in[64];
    size_t n, used;

    /* multiplexEntrySend (request 6: 0 00 0 0110 -> 06), an H.223 message H.323 never
     * uses: not described, reported as such so the engine answers functionNotSupported. */
    n = unhex("06 00 00", in, sizeof in);
    assert_int_equal(decode_copy(in, n, &m, &a, NULL, &ei), PER_E_UNSUPPORTED);
    per_errinfo_format(&ei, PER_E_UNSUPPORTED, msg, sizeof msg);
    print_message("multiplexEntrySend: %s\n", msg);
    assert_non_null(strstr(msg, "request.multiplexEntrySend"));

    /* genericIndication, extension alternative 9 of IndicationMessage: indication 0 11,
     * the class's extension bit 1, then 9 as a normally small number '0' 001001, then the
     * value as an open type (length 1, one octet):
     *   0111 0001 | 001 + padding | 01 | 00                          ->  71 20 01 00
     * Skipped: the index says what it was, there is no value. */
    n = unhex("71 20 01 00", in, sizeof in);
    assert_int_equal(decode_copy(in, n, &m, &a, &used, &ei), 0);
    assert_int_equal(used, 4);
    assert_int_equal(m.u.indication.choice, H245_IND_GENERIC);
    assert_string_equal(h245_msg_name(&m), "genericIndication");
    uint8_t out[64];
    size_t len;
    assert_int_equal(h245_encode(&m, out, sizeof out, &len, &ei), PER_E_UNSUPPORTED);   /* cannot be sent */

    /* A future indication, extension index 40 = '0' 101000: 0111 0101 | 000 + padding,
     * then an open type of two octets: 75 00 02 12 34. Decodes, unnamed. */
    n = unhex("75 00 02 12 34", in, sizeof in);
    assert_int_equal(decode_copy(in, n, &m, &a, &used, &ei), 0);
    assert_int_equal(m.u.indication.choice, 14 + 40);
    assert_string_equal(h245_msg_name(&m), "?");
    assert_int_equal(used, 5);

    /* TerminalCapabilitySetAck from a newer peer with genericInformation (addition 0) and
     * two more unknown additions: 0 01 0 00011 -> 0010 0001 | 1, extension bit 1, padding
     * -> 21 C0; sequenceNumber 05; bitmap length 3 ('0' 000010) and bits 101:
     * 0000 0101 | 01 + padding -> 05 40; open types 01 00 and 02 AB CD. Skipped. */
    n = unhex("21 C0 05 05 40 01 00 02 AB CD", in, sizeof in);
    assert_int_equal(decode_copy(in, n, &m, &a, &used, &ei), 0);
    assert_int_equal(m.u.response.u.tcs_ack.sequence_number, 5);
    assert_int_equal(used, n);

    /* An additions bitmap that promises nothing is malformed (18.8). */
    n = unhex("21 C0 05 00 00", in, sizeof in);
    assert_int_equal(decode_copy(in, n, &m, &a, NULL, &ei), PER_E_EXTENSION);

    /* Two messages in one buffer (one TPKT): used says where the second starts. */
    n = unhex("21 80 01 01 00 32 80 7B F4 40", in, sizeof in);
    assert_int_equal(decode_copy(in, n, &m, &a, &used, &ei), 0);
    assert_int_equal(used, 3);
    assert_int_equal(decode_copy(in + used, n - used, &m, &a, &used, &ei), 0);
    assert_int_equal(m.u.request.u.msd.status_determination_number, 8123456);
    assert_int_equal(used, 7);

    /* Values outside their constraints do not encode. */
    h245_msg_msd(&m, 50, 16777216);
    assert_int_equal(h245_encode(&m, out, sizeof out, &len, &ei), PER_E_RANGE);
    h245_msg_clc(&m, 0, H245_CLC_SOURCE_USER, H245_CLC_REASON_UNKNOWN);    /* LogicalChannelNumber 1.. */
    assert_int_equal(h245_encode(&m, out, sizeof out, &len, &ei), PER_E_RANGE);
    h245_msg_uii_alphanumeric(&m, "x", 1);
    m.u.indication.u.user_input.u.alphanumeric.chars = NULL;
    assert_int_equal(h245_encode(&m, out, sizeof out, &len, &ei), PER_E_INVALID);
    assert_int_equal(h245_msg_uii_signal(&m, '1', 0), 0);
    m.u.indication.u.user_input.u.signal.signal_type = PER_STR("x");
    assert_int_equal(h245_encode(&m, out, sizeof out, &len, &ei), PER_E_CHAR);
    m.u.indication.u.user_input.u.signal.signal_type = PER_STR("12");
    assert_int_equal(h245_encode(&m, out, sizeof out, &len, &ei), PER_E_LENGTH);
    memset(&m, 0, sizeof m);
    m.choice = 4;                                   /* beyond the known alternatives */
    assert_int_equal(h245_encode(&m, out, sizeof out, &len, &ei), PER_E_RANGE);
    assert_string_equal(h245_msg_name(&m), "?");
    /* Every output size below the encoding's: PER_E_FULL, nothing written past it. */
    h245_msg_msd(&m, 50, 8123456);
    for (size_t cap = 0; cap < 7; cap++) {
        uint8_t *o = malloc(cap ? cap : 1);
        assert_int_equal(h245_encode(&m, o, cap, &len, &ei), PER_E_FULL);
        free(o);
    }
}

/* Flipped bits and random garbage: decodes or fails with a PER_E_* code; what decodes
 * (and was not skipped) encodes, and that encoding is a fixed point. */
static void test_garbage(void **state)
{
    (void)state;
    static uint8_t enc[16][1024];
    static h245_msg m, back;
    size_t lens[16], n = sample_encodings(enc, lens, 16);
    walk w = { NULL, 77, false };
    size_t decoded = 0, refused = 0, tried = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t bit = 0; bit < lens[i] * 8; bit++) {
            uint8_t buf[1024], out[4096], again[4096];
            memcpy(buf, enc[i], lens[i]);
            buf[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
            if (walk_below(&w, 4) == 0) buf[walk_below(&w, lens[i])] = (uint8_t)walk_rnd(&w);
            per_arena a;
            per_errinfo ei;
            size_t len, len2;
            int rc = decode_copy(buf, lens[i], &m, &a, NULL, &ei);
            tried++;
            assert_true(rc <= 0 && rc >= PER_E_INVALID);
            if (rc) {
                refused++;
                continue;
            }
            decoded++;
            if (h245_encode(&m, out, sizeof out, &len, &ei)) continue;    /* a skipped alternative */
            assert_int_equal(decode_copy(out, len, &back, &a, NULL, &ei), 0);
            assert_int_equal(h245_encode(&back, again, sizeof again, &len2, &ei), 0);
            assert_int_equal(len2, len);
            assert_memory_equal(again, out, len);
        }
    }
    print_message("%zu corrupted messages: %zu decoded (fixed point checked), %zu refused\n", tried, decoded,
                  refused);
    assert_true(decoded > 0 && refused > 0);

    /* 10 MB of one octet value, and of random octets: a bounded amount of work each. */
    size_t big = 10u << 20;
    uint8_t *huge = malloc(big);
    assert_non_null(huge);
    const int fills[] = { 0x00, 0xFF, 0x55, 0x80, -1 };
    for (size_t f = 0; f < sizeof fills / sizeof fills[0]; f++) {
        if (fills[f] >= 0) memset(huge, fills[f], big);
        else for (size_t k = 0; k < big; k++) huge[k] = (uint8_t)walk_rnd(&w);
        per_arena a;
        per_errinfo ei;
        size_t used = 0;
        per_arena_init(&a, g_arena_mem, sizeof g_arena_mem);
        int rc = h245_decode(huge, big, &m, &a, &used, &ei);
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        print_message("10 MB of %s %02X: %s\n", fills[f] >= 0 ? "octets" : "random octets, first", huge[0],
                      rc ? msg : h245_msg_name(&m));
        assert_true(rc <= 0 && rc >= PER_E_INVALID);
        if (!rc) assert_true(used <= big);
    }
    free(huge);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema_check),
        cmocka_unit_test(test_class_enums),
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_vectors_decode),
        cmocka_unit_test(test_builders_roundtrip),
        cmocka_unit_test(test_other_messages_roundtrip),
        cmocka_unit_test(test_random_roundtrip),
        cmocka_unit_test(test_fast_start_olc),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_arena_exhaustion),
        cmocka_unit_test(test_unsupported_and_unknown),
        cmocka_unit_test(test_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
