/*
 * tests/h323/h245-samples.c - one of each H.245 message tsp-h323/h245 builds, encoded by
 * it, framed by TPKT and written as a separate H.245 channel (TCP port H245_PORT) into a
 * pcap for tshark to judge (tests/h323/tshark-check.sh -p H245_PORT).
 *
 *     h245-samples --fields        the tshark fields compared, one per line
 *     h245-samples --check-args    the tshark-check.sh options for this capture
 *     h245-samples OUT.pcap        writes the capture; prints on stdout, for each frame
 *                                  that carries H.245, the values those fields must have
 *                                  (tab-separated, tshark -T fields style)
 *     h245-samples --planted OUT.pcap
 *                                  the same plus two broken messages (a TerminalCapabilitySet
 *                                  cut short, a RequestMessage index beyond its alternatives);
 *                                  prints the numbers of the frames that carry them, which
 *                                  tshark-check must report
 *
 * The expected values are written by hand next to each message from what the builder
 * was asked to send (codec, frames, entry numbers, addresses, digits, ...), not derived
 * from the encoder, so a transcription error in the type tables shows up as a
 * difference. On the wire: the first TerminalCapabilitySet crosses 16-octet segments
 * (TCP/TPKT reassembly), and the two MasterSlaveDeterminationAcks share a segment.
 *
 * A second H.245 connection (port H245_RANDOM_PORT) carries N_RANDOM random messages of
 * every described type (tests/unit/test_h323_h245_walk.h): Wireshark, whose dissector is
 * generated from the module text, must decode them all without finding anything wrong;
 * their fields are not compared (rows are only printed for the first connection).
 */
#include "pcap.h"
#include "h245/h245.h"
#include "q931/tpkt.h"
#include "../unit/test_h323_h245_walk.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H245_PORT 45245
#define H245_RANDOM_PORT 45246
#define N_RANDOM 1000

static const char *const fields[] = {
    "frame.number",
    "h245.pdu_type",
    "h245.request",
    "h245.response",
    "h245.command",
    "h245.indication",
    "h245.sequenceNumber",
    "h245.protocolIdentifier",
    "h245.maximumAudioDelayJitter",
    "h245.capabilityTableEntryNumber",
    "h245.capability",
    "h245.receiveAudioCapability",
    "h245.transmitAudioCapability",
    "h245.g711Ulaw64k",
    "h245.g711Alaw64k",
    "h245.receiveUserInputCapability",
    "h245.capabilityDescriptorNumber",
    "h245.CapabilityTableEntryNumber",
    "h245.terminalType",
    "h245.statusDeterminationNumber",
    "h245.decision",
    "h245.forwardLogicalChannelNumber",
    "h245.dataType",
    "h245.audioData",
    "h245.multiplexParameters",
    "h245.sessionID",
    "h245.ip4_network",
    "h245.tsapIdentifier",
    "h245.silenceSuppression",
    "h245.forwardMultiplexAckParameters",
    "h245.cause",
    "h245.source",
    "h245.reason",
    "h245.endSessionCommand",
    "h245.userInput",
    "h245.alphanumeric",
    "h245.signalType",
    "h245.duration",
    "h245.returnedFunction",
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

typedef struct {
    h245_msg m;
    pcapw_dir dir;
    const char *expect;     /* "field=value;..." as tshark shows them, in tree order */
} sample;

static const uint8_t IP_A[4] = { 192, 0, 2, 1 }, IP_B[4] = { 192, 0, 2, 2 };

/* Storage the messages point into; it lives as long as the program. */
static h245_tcs_store g_store_a, g_store_b;
static uint8_t g_returned[64];

static void tcs_a(sample *s)
{
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20), alaw = h245_audio(H245_AUDIO_G711_ALAW64K, 20);
    const h245_capability caps[] = {
        h245_cap_audio(H245_CAP_RX_AUDIO, &ulaw),
        h245_cap_audio(H245_CAP_RX_AUDIO, &alaw),
        h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_BASIC_STRING),
        h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_DTMF),
        h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_HOOKFLASH),
    };
    if (h245_msg_tcs(&s->m, &g_store_a, 1, 60, caps, 5)) abort();
    /* Capability 4 receiveAudioCapability, 15 receiveUserInputCapability; AudioCapability
     * 3 g711Ulaw64k, 1 g711Alaw64k; UserInputCapability 1 basicString, 4 dtmf, 5 hookflash.
     * Descriptor 0: {1,2} (the audio alternatives), {3}, {4}, {5}. */
    s->expect = "h245.pdu_type=0;h245.request=2;h245.sequenceNumber=1;h245.protocolIdentifier=0.0.8.245.0.13;"
                "h245.maximumAudioDelayJitter=60;"
                "h245.capabilityTableEntryNumber=1;h245.capability=4;h245.receiveAudioCapability=3;h245.g711Ulaw64k=20;"
                "h245.capabilityTableEntryNumber=2;h245.capability=4;h245.receiveAudioCapability=1;h245.g711Alaw64k=20;"
                "h245.capabilityTableEntryNumber=3;h245.capability=15;h245.receiveUserInputCapability=1;"
                "h245.capabilityTableEntryNumber=4;h245.capability=15;h245.receiveUserInputCapability=4;"
                "h245.capabilityTableEntryNumber=5;h245.capability=15;h245.receiveUserInputCapability=5;"
                "h245.capabilityDescriptorNumber=0;"
                "h245.CapabilityTableEntryNumber=1;h245.CapabilityTableEntryNumber=2;h245.CapabilityTableEntryNumber=3;"
                "h245.CapabilityTableEntryNumber=4;h245.CapabilityTableEntryNumber=5";
}

static void tcs_b(sample *s)
{
    h245_audio_cap alaw = h245_audio(H245_AUDIO_G711_ALAW64K, 30);
    const h245_capability caps[] = {
        h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_DTMF),
        h245_cap_audio(H245_CAP_TX_AUDIO, &alaw),
    };
    if (h245_msg_tcs(&s->m, &g_store_b, 7, 200, caps, 2)) abort();
    /* Capability 5 transmitAudioCapability; the audio set {2} comes first, then {1}. */
    s->expect = "h245.pdu_type=0;h245.request=2;h245.sequenceNumber=7;h245.protocolIdentifier=0.0.8.245.0.13;"
                "h245.maximumAudioDelayJitter=200;"
                "h245.capabilityTableEntryNumber=1;h245.capability=15;h245.receiveUserInputCapability=4;"
                "h245.capabilityTableEntryNumber=2;h245.capability=5;h245.transmitAudioCapability=1;h245.g711Alaw64k=30;"
                "h245.capabilityDescriptorNumber=0;h245.CapabilityTableEntryNumber=2;h245.CapabilityTableEntryNumber=1";
}

static size_t make_samples(sample *s)
{
    size_t n = 0;
    h245_olc olc;
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20), alaw = h245_audio(H245_AUDIO_G711_ALAW64K, 30);
    h245_transport_addr a_rtp = h245_addr_ip4(IP_A, 5000), a_rtcp = h245_addr_ip4(IP_A, 5001);
    h245_transport_addr b_rtp = h245_addr_ip4(IP_B, 6000), b_rtcp = h245_addr_ip4(IP_B, 6001);

    tcs_a(&s[n]);
    s[n++].dir = PCAPW_A_TO_B;
    tcs_b(&s[n]);
    s[n++].dir = PCAPW_B_TO_A;

    h245_msg_msd(&s[n].m, H245_TERMINAL_TYPE_TERMINAL, 8123456);
    s[n].expect = "h245.pdu_type=0;h245.request=1;h245.terminalType=50;h245.statusDeterminationNumber=8123456";
    s[n++].dir = PCAPW_A_TO_B;
    h245_msg_tcs_ack(&s[n].m, 1);
    s[n].expect = "h245.pdu_type=1;h245.response=3;h245.sequenceNumber=1";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_msd(&s[n].m, H245_TERMINAL_TYPE_GATEWAY, 1234);
    s[n].expect = "h245.pdu_type=0;h245.request=1;h245.terminalType=60;h245.statusDeterminationNumber=1234";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_tcs_ack(&s[n].m, 7);
    s[n].expect = "h245.pdu_type=1;h245.response=3;h245.sequenceNumber=7";
    s[n++].dir = PCAPW_A_TO_B;
    /* These two share one TCP segment (see send_all). */
    h245_msg_msd_ack(&s[n].m, H245_MSD_SLAVE);
    s[n].expect = "h245.pdu_type=1;h245.response=1;h245.decision=1";
    s[n++].dir = PCAPW_A_TO_B;
    h245_msg_msd_ack(&s[n].m, H245_MSD_MASTER);
    s[n].expect = "h245.pdu_type=1;h245.response=1;h245.decision=0";
    s[n++].dir = PCAPW_A_TO_B;

    /* A opens its transmit channel: dataType 3 audioData, g711Ulaw64k 20; multiplexParameters
     * 3 h2250LogicalChannelParameters; sessionID 1; RTCP 192.0.2.1:5001. */
    h245_olc_audio_tx(&olc, 1, &ulaw, 1, &a_rtcp, false);
    h245_msg_olc(&s[n].m, &olc);
    s[n].expect = "h245.pdu_type=0;h245.request=3;h245.forwardLogicalChannelNumber=1;h245.dataType=3;h245.audioData=3;"
                  "h245.g711Ulaw64k=20;h245.multiplexParameters=3;h245.sessionID=1;h245.ip4_network=192.0.2.1;"
                  "h245.tsapIdentifier=5001;h245.silenceSuppression=0";
    s[n++].dir = PCAPW_A_TO_B;
    h245_msg_olc_ack(&s[n].m, 1, 1, &b_rtp, &b_rtcp);
    s[n].expect = "h245.pdu_type=1;h245.response=5;h245.forwardLogicalChannelNumber=1;"
                  "h245.forwardMultiplexAckParameters=0;h245.sessionID=1;h245.ip4_network=192.0.2.2;"
                  "h245.tsapIdentifier=6000;h245.ip4_network=192.0.2.2;h245.tsapIdentifier=6001";
    s[n++].dir = PCAPW_B_TO_A;
    h245_olc_audio_tx(&olc, 2, &alaw, 1, &b_rtcp, true);
    h245_msg_olc(&s[n].m, &olc);
    s[n].expect = "h245.pdu_type=0;h245.request=3;h245.forwardLogicalChannelNumber=2;h245.dataType=3;h245.audioData=1;"
                  "h245.g711Alaw64k=30;h245.multiplexParameters=3;h245.sessionID=1;h245.ip4_network=192.0.2.2;"
                  "h245.tsapIdentifier=6001;h245.silenceSuppression=1";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_olc_ack(&s[n].m, 2, 1, &a_rtp, &a_rtcp);
    s[n].expect = "h245.pdu_type=1;h245.response=5;h245.forwardLogicalChannelNumber=2;"
                  "h245.forwardMultiplexAckParameters=0;h245.sessionID=1;h245.ip4_network=192.0.2.1;"
                  "h245.tsapIdentifier=5000;h245.ip4_network=192.0.2.1;h245.tsapIdentifier=5001";
    s[n++].dir = PCAPW_A_TO_B;
    /* The fast start form of a receive channel, sent as an H.245 request: forward
     * nullData (1) with multiplexParameters none (4), reverse audioData with h2250 (2). */
    h245_olc_audio_rx(&olc, 3, &ulaw, 1, &a_rtp, &a_rtcp);
    h245_msg_olc(&s[n].m, &olc);
    s[n].expect = "h245.pdu_type=0;h245.request=3;h245.forwardLogicalChannelNumber=3;h245.dataType=1;"
                  "h245.multiplexParameters=4;h245.dataType=3;h245.audioData=3;h245.g711Ulaw64k=20;"
                  "h245.multiplexParameters=2;h245.sessionID=1;h245.ip4_network=192.0.2.1;h245.tsapIdentifier=5000;"
                  "h245.ip4_network=192.0.2.1;h245.tsapIdentifier=5001";
    s[n++].dir = PCAPW_A_TO_B;
    h245_msg_olc_reject(&s[n].m, 3, H245_OLC_REJ_UNKNOWN_DATA_TYPE);
    s[n].expect = "h245.pdu_type=1;h245.response=6;h245.forwardLogicalChannelNumber=3;h245.cause=4";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_olc_reject(&s[n].m, 4, H245_OLC_REJ_INVALID_SESSION_ID);      /* an extension cause */
    s[n].expect = "h245.pdu_type=1;h245.response=6;h245.forwardLogicalChannelNumber=4;h245.cause=9";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_olc_confirm(&s[n].m, 2);
    s[n].expect = "h245.pdu_type=3;h245.indication=4;h245.forwardLogicalChannelNumber=2";
    s[n++].dir = PCAPW_B_TO_A;

    h245_msg_rtd_request(&s[n].m, 42);
    s[n].expect = "h245.pdu_type=0;h245.request=9;h245.sequenceNumber=42";
    s[n++].dir = PCAPW_A_TO_B;
    h245_msg_rtd_response(&s[n].m, 42);
    s[n].expect = "h245.pdu_type=1;h245.response=16;h245.sequenceNumber=42";
    s[n++].dir = PCAPW_B_TO_A;

    h245_msg_uii_alphanumeric(&s[n].m, "1234#", 5);
    s[n].expect = "h245.pdu_type=3;h245.indication=13;h245.userInput=1;h245.alphanumeric=1234#";
    s[n++].dir = PCAPW_A_TO_B;
    if (h245_msg_uii_signal(&s[n].m, '5', 100)) abort();
    s[n].expect = "h245.pdu_type=3;h245.indication=13;h245.userInput=3;h245.signalType=5;h245.duration=100";
    s[n++].dir = PCAPW_A_TO_B;
    if (h245_msg_uii_signal(&s[n].m, '#', 0)) abort();
    s[n].expect = "h245.pdu_type=3;h245.indication=13;h245.userInput=3;h245.signalType=#";
    s[n++].dir = PCAPW_A_TO_B;
    if (h245_msg_uii_signal(&s[n].m, '!', 500)) abort();                  /* hookflash */
    s[n].expect = "h245.pdu_type=3;h245.indication=13;h245.userInput=3;h245.signalType=!;h245.duration=500";
    s[n++].dir = PCAPW_A_TO_B;

    h245_msg_tcs_reject(&s[n].m, 8, H245_TCS_REJ_TABLE_ENTRY_CAPACITY_EXCEEDED);
    s[n].expect = "h245.pdu_type=1;h245.response=4;h245.sequenceNumber=8;h245.cause=3";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_tcs_release(&s[n].m);
    s[n].expect = "h245.pdu_type=3;h245.indication=3";
    s[n++].dir = PCAPW_A_TO_B;
    h245_msg_msd_reject(&s[n].m);
    s[n].expect = "h245.pdu_type=1;h245.response=2;h245.cause=0";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_msd_release(&s[n].m);
    s[n].expect = "h245.pdu_type=3;h245.indication=2";
    s[n++].dir = PCAPW_A_TO_B;

    h245_msg_rcc(&s[n].m, 2, H245_RCC_REASON_NORMAL);
    s[n].expect = "h245.pdu_type=0;h245.request=5;h245.forwardLogicalChannelNumber=2;h245.reason=1";
    s[n++].dir = PCAPW_A_TO_B;
    h245_msg_rcc_ack(&s[n].m, 2);
    s[n].expect = "h245.pdu_type=1;h245.response=8;h245.forwardLogicalChannelNumber=2";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_rcc_reject(&s[n].m, 9);
    s[n].expect = "h245.pdu_type=1;h245.response=9;h245.forwardLogicalChannelNumber=9;h245.cause=0";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_rcc_release(&s[n].m, 9);
    s[n].expect = "h245.pdu_type=3;h245.indication=5;h245.forwardLogicalChannelNumber=9";
    s[n++].dir = PCAPW_A_TO_B;
    h245_msg_clc(&s[n].m, 2, H245_CLC_SOURCE_LCSE, H245_CLC_REASON_REOPEN);
    s[n].expect = "h245.pdu_type=0;h245.request=4;h245.forwardLogicalChannelNumber=2;h245.source=1;h245.reason=1";
    s[n++].dir = PCAPW_B_TO_A;
    h245_msg_clc_ack(&s[n].m, 2);
    s[n].expect = "h245.pdu_type=1;h245.response=7;h245.forwardLogicalChannelNumber=2";
    s[n++].dir = PCAPW_A_TO_B;

    /* functionNotSupported returning the encoding of a RoundTripDelayRequest. */
    size_t rlen;
    h245_msg rtd;
    h245_msg_rtd_request(&rtd, 3);
    if (h245_encode(&rtd, g_returned, sizeof g_returned, &rlen, NULL)) abort();
    h245_msg_function_not_supported(&s[n].m, H245_FNS_UNKNOWN_FUNCTION, g_returned, rlen);
    /* 09 00 03: request (0 00), roundTripDelayRequest (0 1001), extension bit 0 and
     * padding, sequenceNumber 3. tshark decodes the returned message too. */
    s[n].expect = "h245.pdu_type=3;h245.indication=18;h245.cause=2;h245.returnedFunction=090003;"
                  "h245.pdu_type=0;h245.request=9;h245.sequenceNumber=3";
    s[n++].dir = PCAPW_B_TO_A;

    h245_msg_end_session(&s[n].m);
    s[n].expect = "h245.pdu_type=2;h245.command=5;h245.endSessionCommand=1";
    s[n++].dir = PCAPW_A_TO_B;
    h245_msg_end_session(&s[n].m);
    s[n].expect = "h245.pdu_type=2;h245.command=5;h245.endSessionCommand=1";
    s[n++].dir = PCAPW_B_TO_A;
    return n;
}

/* ---- expected rows ---------------------------------------------------------------------- */

typedef struct {
    char v[N_FIELDS][512];
} row;

static size_t field(const char *name, size_t len)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strlen(fields[i]) == len && strncmp(fields[i], name, len) == 0)
            return i;
    fprintf(stderr, "h245-samples: no field %.*s\n", (int)len, name);
    exit(2);
}

static void append(row *r, size_t f, const char *val, size_t len)
{
    size_t used = strlen(r->v[f]);
    snprintf(r->v[f] + used, sizeof r->v[f] - used, "%s%.*s", used ? "," : "", (int)len, val);
}

/* Adds "field=value;field=value" to the row of a frame. */
static void expect(row *r, const char *spec)
{
    for (const char *p = spec; *p;) {
        const char *eq = strchr(p, '='), *end = strchr(p, ';');
        if (!end) end = p + strlen(p);
        if (!eq || eq > end) {
            fprintf(stderr, "h245-samples: bad expectation '%s'\n", p);
            exit(2);
        }
        append(r, field(p, (size_t)(eq - p)), eq + 1, (size_t)(end - eq - 1));
        p = *end ? end + 1 : end;
    }
}

static void print_row(const row *r)
{
    for (size_t f = 0; f < N_FIELDS; f++)
        printf("%s%s", f ? "\t" : "", r->v[f]);
    printf("\n");
}

/* ---- the capture --------------------------------------------------------------------------- */

static size_t encode_tpkt(const h245_msg *m, uint8_t *out, size_t cap)
{
    size_t n;
    per_errinfo ei;
    int rc = h245_encode(m, out + TPKT_HEADER_LEN, cap - TPKT_HEADER_LEN, &n, &ei);
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        fprintf(stderr, "h245-samples: encoding %s: %s\n", h245_msg_name(m), msg);
        exit(1);
    }
    int len = tpkt_encode(out, cap, out + TPKT_HEADER_LEN, n);
    if (len < 0) exit(1);
    return (size_t)len;
}

static int send_all(pcapw *w, pcapw_tcp *c, const sample *s, size_t n, bool print)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t buf[2048];
        row r;
        memset(&r, 0, sizeof r);
        size_t len = encode_tpkt(&s[i].m, buf, sizeof buf);
        expect(&r, s[i].expect);
        /* Two MasterSlaveDeterminationAcks in a row travel in one segment. */
        if (i + 1 < n && s[i].m.choice == H245_RESPONSE && s[i].m.u.response.choice == H245_RSP_MSD_ACK &&
            s[i + 1].m.choice == H245_RESPONSE && s[i + 1].m.u.response.choice == H245_RSP_MSD_ACK) {
            len += encode_tpkt(&s[i + 1].m, buf + len, sizeof buf - len);
            expect(&r, s[++i].expect);
        }
        size_t mss = i == 0 ? 16 : 0;       /* the first TerminalCapabilitySet crosses segments */
        rc |= pcapw_tcp_send(w, c, s[i].dir, buf, len, mss);
        char num[16];
        snprintf(num, sizeof num, "%u", w->packets);
        append(&r, 0, num, strlen(num));
        if (print)
            print_row(&r);
    }
    return rc;
}

/* The planted faults, each in a frame of its own; prints their frame numbers. */
static int send_planted(pcapw *w, pcapw_tcp *c, const sample *s)
{
    uint8_t buf[2048];
    int rc = 0;

    /* The first TerminalCapabilitySet without its last 6 octets (TPKT length adjusted). */
    size_t len = encode_tpkt(&s[0].m, buf, sizeof buf) - 6;
    if (tpkt_write_header(buf, len - TPKT_HEADER_LEN) < 0) exit(1);
    rc |= pcapw_tcp_send(w, c, PCAPW_A_TO_B, buf, len, 0);
    printf("%u\n", w->packets);

    /* RoundTripDelayRequest with the RequestMessage index 9 (0 1001 in the first octet)
     * turned into 15: only 11 root alternatives exist (X.691 22.6: the index is a
     * constrained whole number in 0..10). */
    h245_msg m;
    h245_msg_rtd_request(&m, 5);
    len = encode_tpkt(&m, buf, sizeof buf);
    if (buf[TPKT_HEADER_LEN] != 0x09) {
        fprintf(stderr, "h245-samples: unexpected roundTripDelayRequest encoding\n");
        exit(1);
    }
    buf[TPKT_HEADER_LEN] = 0x0F;
    rc |= pcapw_tcp_send(w, c, PCAPW_A_TO_B, buf, len, 0);
    printf("%u\n", w->packets);
    return rc;
}

/* N_RANDOM random messages, one TPKT each, alternately from either side. */
static int send_random(pcapw *w)
{
    static uint8_t pool_mem[1 << 20];
    static _Alignas(max_align_t) h245_msg m;
    per_arena pool;
    walk rw = { &pool, 0x5EED245ULL, true };      /* open types stay absent: they are opaque here */
    uint8_t returned[16];
    size_t rlen;
    h245_msg rtd;
    h245_msg_rtd_request(&rtd, 1);
    if (h245_encode(&rtd, returned, sizeof returned, &rlen, NULL)) exit(1);
    pcapw_tcp c;
    pcapw_tcp_init(&c, pcapw_host_v4(192, 0, 2, 1, 40011), pcapw_host_v4(192, 0, 2, 2, H245_RANDOM_PORT));
    int rc = pcapw_tcp_handshake(w, &c);
    for (int i = 0; i < N_RANDOM; i++) {
        uint8_t buf[1 << 16];
        per_arena_init(&pool, pool_mem, sizeof pool_mem);
        walk_random(&rw, &h245_t_message, &m);
        /* returnedFunction holds a message, which Wireshark decodes: random octets there
         * would be malformed for good reason. */
        if (m.choice == H245_INDICATION && m.u.indication.choice == H245_IND_FUNCTION_NOT_SUPPORTED &&
            m.u.indication.u.function_not_supported.has_returned_function)
            m.u.indication.u.function_not_supported.returned_function = (per_octets){ rlen, returned };
        size_t len = encode_tpkt(&m, buf, sizeof buf);
        rc |= pcapw_tcp_send(w, &c, i % 2 ? PCAPW_B_TO_A : PCAPW_A_TO_B, buf, len, 0);
    }
    return rc | pcapw_tcp_finish(w, &c);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--fields") == 0) {
        for (size_t i = 0; i < N_FIELDS; i++)
            printf("%s\n", fields[i]);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--check-args") == 0) {
        printf("-p %d -p %d -Y h245&&tcp.port==%d\n", H245_PORT, H245_RANDOM_PORT, H245_PORT);
        return 0;
    }
    bool planted = argc == 3 && strcmp(argv[1], "--planted") == 0;
    const char *path = argv[argc - 1];
    if ((argc != 2 && !planted) || path[0] == '-') {
        fprintf(stderr, "usage: %s --fields | --check-args | [--planted] OUT.pcap\n", argv[0]);
        return 2;
    }

    static sample s[64];
    size_t n = make_samples(s);
    pcapw w;
    if (pcapw_open(&w, path) != 0) {
        perror(path);
        return 1;
    }
    pcapw_tcp c;
    pcapw_tcp_init(&c, pcapw_host_v4(192, 0, 2, 1, 40010), pcapw_host_v4(192, 0, 2, 2, H245_PORT));
    int rc = pcapw_tcp_handshake(&w, &c);
    rc |= send_all(&w, &c, s, n, !planted);
    if (planted)
        rc |= send_planted(&w, &c, s);
    rc |= pcapw_tcp_finish(&w, &c);
    rc |= send_random(&w);
    if (pcapw_close(&w) != 0 || rc) {
        fprintf(stderr, "h245-samples: writing %s failed\n", path);
        return 1;
    }
    return 0;
}
