/*
 * tests/h323/q931-samples.c - encodes one of each Q.931 message H.225.0 uses, with
 * typical information elements, with tsp-h323/q931, and writes them as one call on TCP
 * port 1720 into a pcap for tshark to judge (tests/h323/tshark-check.sh).
 *
 *     q931-samples --fields        the tshark fields compared, one per line
 *     q931-samples OUT.pcap        writes the capture; prints on stdout, for each frame
 *                                  that carries Q.931, the values those fields must have
 *                                  (tab-separated, tshark -T fields style)
 *     q931-samples --planted OUT.pcap
 *                                  the same call plus two broken messages (an IE length
 *                                  past the end of its message, a cut H323-UserInformation);
 *                                  prints the numbers of the frames that carry them, which
 *                                  tshark-check must report: proof that the check can fail
 *
 * The User-user IE of each message carries a minimal H323-UserInformation, PER encoded
 * by hand from the H.225.0 ASN.1 (H323-MESSAGES, see the comments at uu_*), so that
 * tshark's H.225.0 dissector checks those octets too. What goes on the wire:
 *  - the Setup is sent in 16-octet TCP segments (TCP and TPKT reassembly);
 *  - Progress and Alerting travel in one TCP segment (two TPKTs in a segment);
 *  - a UDP datagram to the discard port checks the writer's UDP checksum.
 */
#include "pcap.h"
#include "q931/q931.h"
#include "q931/tpkt.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- H323-UserInformation, aligned PER (X.691), worked out by hand ------------------

   Every body starts with the same bits:
     H323-UserInformation: extension bit 0, user-data absent 0
     H323-UU-PDU:          extension bit 0 (no h245Tunnelling & co.), nonStandardData absent 0
     h323-message-body:    CHOICE with 7 root alternatives: extension bit 0 then a 3-bit
                           index (setup 0, callProceeding 1, connect 2, alerting 3,
                           information 4, releaseComplete 5, facility 6); for the extension
                           alternatives: extension bit 1, then the index as a normally
                           small number (bit 0 + 6 bits: progress 0, empty 1, status 2,
                           statusInquiry 3, setupAcknowledge 4, notify 5), then the
                           alternative as an open type: octet-aligned length + octets.
   So a root body's first octet is 0000 0iii; an extension body's first two octets are
   0000 1000 and 0iii i000 (i: the 6-bit index's last 4 bits), then the length.

   ProtocolIdentifier (OBJECT IDENTIFIER, octet-aligned): length 6, then
   {itu-t(0) recommendation(0) h(8) 2250 0 4}: 0*40+0 = 00, 08, 2250 = 17*128+74 -> 91 4A,
   00, 04 (H.225.0 version 4).

   EndpointType with only 'terminal' present: extension bit 0, six presence bits 000001
   (terminal), TerminalInfo: extension bit 0 -> octet 0x02; then TerminalInfo's
   nonStandardData absent 0, mc 0, undefinedNode 0: three more bits, all 0.

   GloballyUniqueID (OCTET STRING SIZE(16)): fixed size over 2 octets, so octet-aligned,
   no length. CallIdentifier = SEQUENCE { guid, ... }: extension bit 0, then the guid. */

static const uint8_t PROTOCOL_ID[] = { 0x06, 0x00, 0x08, 0x91, 0x4A, 0x00, 0x04 };
static const uint8_t CONFERENCE_ID[16] = {
    0x74, 0x73, 0x70, 0x6b, 0x69, 0x74, 0x2d, 0x63, 0x6f, 0x6e, 0x66, 0x2d, 0x30, 0x30, 0x30, 0x31,
};
static const uint8_t CALL_ID[16] = {
    0x74, 0x73, 0x70, 0x6b, 0x69, 0x74, 0x2d, 0x63, 0x61, 0x6c, 0x6c, 0x2d, 0x30, 0x30, 0x30, 0x31,
};

typedef struct {
    uint8_t b[128];
    size_t n;
} bytes;

static void add(bytes *x, const void *p, size_t n)
{
    if (x->n + n > sizeof x->b) {
        fprintf(stderr, "q931-samples: sample too long\n");
        exit(2);
    }
    memcpy(x->b + x->n, p, n);
    x->n += n;
}

static void add1(bytes *x, uint8_t v)
{
    add(x, &v, 1);
}

/* The three UUIEs that are protocolIdentifier + destinationInfo (+ h245Address absent):
   CallProceeding-UUIE (1), Alerting-UUIE (3): extension bit 0, h245Address absent 0,
   pad -> 00; protocolIdentifier; destinationInfo 02, then 3 zero bits padded -> 00. */
static bytes uu_dest_info(uint8_t index)
{
    bytes x = { .n = 0 };
    add1(&x, index);
    add1(&x, 0x00);
    add(&x, PROTOCOL_ID, sizeof PROTOCOL_ID);
    add1(&x, 0x02);
    add1(&x, 0x00);
    return x;
}

/* Setup-UUIE (0): extension bit 0, seven absent optionals (h245Address, sourceAddress,
   destinationAddress, destCallSignalAddress, destExtraCallInfo, destExtraCRV,
   callServices) -> 00; protocolIdentifier; sourceInfo 02 + 3 bits, activeMC FALSE 1 bit,
   pad -> 00; conferenceID; conferenceGoal create (ext 0, 2-bit index 00), callType
   pointToPoint (ext 0, 00): 6 bits, pad -> 00. */
static bytes uu_setup(void)
{
    bytes x = { .n = 0 };
    add1(&x, 0x00);
    add1(&x, 0x00);
    add(&x, PROTOCOL_ID, sizeof PROTOCOL_ID);
    add1(&x, 0x02);
    add1(&x, 0x00);
    add(&x, CONFERENCE_ID, sizeof CONFERENCE_ID);
    add1(&x, 0x00);
    return x;
}

/* Connect-UUIE (2): extension bit 0, h245Address absent -> 00; protocolIdentifier;
   destinationInfo 02 + 3 bits, pad -> 00; conferenceID. */
static bytes uu_connect(void)
{
    bytes x = { .n = 0 };
    add1(&x, 0x02);
    add1(&x, 0x00);
    add(&x, PROTOCOL_ID, sizeof PROTOCOL_ID);
    add1(&x, 0x02);
    add1(&x, 0x00);
    add(&x, CONFERENCE_ID, sizeof CONFERENCE_ID);
    return x;
}

/* Information-UUIE (4): extension bit 0, pad -> 00; protocolIdentifier. */
static bytes uu_information(void)
{
    bytes x = { .n = 0 };
    add1(&x, 0x04);
    add1(&x, 0x00);
    add(&x, PROTOCOL_ID, sizeof PROTOCOL_ID);
    return x;
}

/* ReleaseComplete-UUIE (5): extension bit 0, reason present 1 -> 0100 0000; protocol
   identifier; ReleaseCompleteReason: extension bit 0, 12 root alternatives -> 4-bit
   index, inConf = 10 (1010): 0 1010 000 -> 50. */
static bytes uu_release_complete(void)
{
    bytes x = { .n = 0 };
    add1(&x, 0x05);
    add1(&x, 0x40);
    add(&x, PROTOCOL_ID, sizeof PROTOCOL_ID);
    add1(&x, 0x50);
    return x;
}

/* Facility-UUIE (6): extension bit 0, alternativeAddress, alternativeAliasAddress,
   conferenceID absent -> 0000, pad -> 00; protocolIdentifier; FacilityReason:
   extension bit 0, 4 root alternatives -> 2-bit index, undefinedReason = 3: 0 11 -> 60. */
static bytes uu_facility(void)
{
    bytes x = { .n = 0 };
    add1(&x, 0x06);
    add1(&x, 0x00);
    add(&x, PROTOCOL_ID, sizeof PROTOCOL_ID);
    add1(&x, 0x60);
    return x;
}

/* Extension alternatives. Progress-UUIE (0) has, in its root: protocolIdentifier,
   destinationInfo, h245Address OPT, callIdentifier, h245SecurityMode OPT, tokens OPT,
   cryptoTokens OPT, fastStart OPT: extension bit 0 + 5 absent -> 00; protocolIdentifier;
   destinationInfo 02 + 3 bits; callIdentifier extension bit 0, pad -> 00; guid.
   Status-UUIE (2), StatusInquiry-UUIE (3), Notify-UUIE (5): protocolIdentifier,
   callIdentifier, tokens OPT, cryptoTokens OPT: extension bit 0 + 00 -> 00;
   protocolIdentifier; callIdentifier extension bit 0 -> 00; guid. */
static bytes uu_extension(uint8_t index)
{
    bytes inner = { .n = 0 };
    add1(&inner, 0x00);
    add(&inner, PROTOCOL_ID, sizeof PROTOCOL_ID);
    if (index == 0)
        add1(&inner, 0x02);
    add1(&inner, 0x00);
    add(&inner, CALL_ID, sizeof CALL_ID);

    bytes x = { .n = 0 };
    add1(&x, 0x08);
    add1(&x, (uint8_t)((index & 0x0F) << 4));
    add1(&x, (uint8_t)inner.n);         /* open type length, < 128: one octet */
    add(&x, inner.b, inner.n);
    return x;
}

/* ---- the messages ---------------------------------------------------------------------- */

#define CALL_REF 0x2A5C
#define N_FIELDS (sizeof fields / sizeof fields[0])

static const char *const fields[] = {
    "frame.number",
    "q931.message_type",
    "q931.call_ref",
    "q931.call_ref_flag",
    "q931.information_transfer_capability",
    "q931.information_transfer_rate",
    "q931.uil1",
    "q931.cause_location",
    "q931.cause_value",
    "q931.progress_indicator.description",
    "q932.nd",
    "q931.display_information",
    "q931.keypad_facility",
    "q931.signal",
    "q931.number_type",
    "q931.numbering_plan",
    "q931.presentation_ind",
    "q931.screening_ind",
    "q931.calling_party_number.digits",
    "q931.called_party_number.digits",
    "q931.user.protocol_discriminator",
    "h225.h323_message_body",
    "h225.protocolIdentifier",
    "h225.conferenceID",
    "h225.guid",
    "h225.reason",
};

typedef struct {
    q931_message m;
    bytes uu;
    pcapw_dir dir;
    int body;           /* h225.h323_message_body: the CHOICE index over root + extensions */
    int reason;         /* h225.reason (release complete, facility), or -1 */
    bool conference_id; /* the body carries CONFERENCE_ID */
    bool call_id;       /* the body carries CALL_ID */
} sample;

static void set_uu(sample *s, bytes uu, int body)
{
    s->uu = uu;
    s->body = body;
    s->reason = body == 5 ? 10 : body == 6 ? 3 : -1;
    s->conference_id = body == 0 || body == 2;
    s->call_id = body >= 7;
    s->m.present |= Q931_HAS_USER_USER;
}

static size_t make_samples(sample *s)
{
    size_t n = 0;
    memset(s, 0, 16 * sizeof *s);
    q931_message *m;

    /* SETUP, caller -> callee: Sending complete, Bearer capability (unrestricted digital,
       64 kbit/s, H.221), Display, Calling party number with octet 3a, Called party
       number. */
    m = &s[n].m;
    q931_message_init(m, Q931_SETUP, CALL_REF, false);
    m->present = Q931_HAS_SENDING_COMPLETE | Q931_HAS_BEARER | Q931_HAS_DISPLAY |
                 Q931_HAS_CALLING | Q931_HAS_CALLED;
    m->bearer = (q931_bearer){ .coding_standard = Q931_CODING_ITU,
                               .capability = Q931_BC_UNRESTRICTED_DIGITAL,
                               .transfer_mode = Q931_BC_MODE_CIRCUIT,
                               .rate = Q931_BC_RATE_64K, .layer1 = Q931_UIL1_H221 };
    m->display = Q931_OCTETS_STR("tspkit caller");
    m->calling = (q931_number){ .type = Q931_TON_NATIONAL, .plan = Q931_NP_E164,
                                .has_octet3a = true, .presentation = Q931_PRES_ALLOWED,
                                .screening = Q931_SCREEN_USER_PASSED,
                                .digits = Q931_OCTETS_STR("5551000") };
    m->called = (q931_number){ .type = Q931_TON_NATIONAL, .plan = Q931_NP_E164,
                               .digits = Q931_OCTETS_STR("5552000") };
    set_uu(&s[n], uu_setup(), 0);
    s[n++].dir = PCAPW_A_TO_B;

    /* CALL PROCEEDING: Display. */
    m = &s[n].m;
    q931_message_init(m, Q931_CALL_PROCEEDING, CALL_REF, true);
    m->present = Q931_HAS_DISPLAY;
    m->display = Q931_OCTETS_STR("proceeding");
    set_uu(&s[n], uu_dest_info(1), 1);
    s[n++].dir = PCAPW_B_TO_A;

    /* PROGRESS: Progress indicator in-band information, private network remote user. */
    m = &s[n].m;
    q931_message_init(m, Q931_PROGRESS, CALL_REF, true);
    m->present = Q931_HAS_PROGRESS;
    m->num_progress = 1;
    m->progress[0] = (q931_progress){ Q931_CODING_ITU, Q931_LOC_PRIVATE_REMOTE, Q931_PROGRESS_INBAND };
    set_uu(&s[n], uu_extension(0), 7);
    s[n++].dir = PCAPW_B_TO_A;

    /* ALERTING: Signal ringback, Display. */
    m = &s[n].m;
    q931_message_init(m, Q931_ALERTING, CALL_REF, true);
    m->present = Q931_HAS_SIGNAL | Q931_HAS_DISPLAY;
    m->signal = Q931_SIGNAL_RINGBACK;
    m->display = Q931_OCTETS_STR("ringing");
    set_uu(&s[n], uu_dest_info(3), 3);
    s[n++].dir = PCAPW_B_TO_A;

    /* CONNECT: Bearer capability (speech, G.711 mu-law), Display. */
    m = &s[n].m;
    q931_message_init(m, Q931_CONNECT, CALL_REF, true);
    m->present = Q931_HAS_BEARER | Q931_HAS_DISPLAY;
    m->bearer = (q931_bearer){ .capability = Q931_BC_SPEECH, .rate = Q931_BC_RATE_64K,
                               .layer1 = Q931_UIL1_G711_ULAW };
    m->display = Q931_OCTETS_STR("callee");
    set_uu(&s[n], uu_connect(), 2);
    s[n++].dir = PCAPW_B_TO_A;

    /* INFORMATION: Keypad facility "123#" (overlap digits / DTMF). */
    m = &s[n].m;
    q931_message_init(m, Q931_INFORMATION, CALL_REF, false);
    m->present = Q931_HAS_KEYPAD;
    m->keypad = Q931_OCTETS_STR("123#");
    set_uu(&s[n], uu_information(), 4);
    s[n++].dir = PCAPW_A_TO_B;

    /* STATUS ENQUIRY: Display. */
    m = &s[n].m;
    q931_message_init(m, Q931_STATUS_ENQUIRY, CALL_REF, false);
    m->present = Q931_HAS_DISPLAY;
    m->display = Q931_OCTETS_STR("status?");
    set_uu(&s[n], uu_extension(3), 10);
    s[n++].dir = PCAPW_A_TO_B;

    /* STATUS: Cause 30 "response to STATUS ENQUIRY", Call state (an IE this codec keeps
       without interpreting: Q.931 4.5.7, coding ITU, state 10 "active"). */
    m = &s[n].m;
    q931_message_init(m, Q931_STATUS, CALL_REF, true);
    m->present = Q931_HAS_CAUSE;
    m->cause = (q931_cause){ .location = Q931_LOC_USER, .value = Q931_CAUSE_RESPONSE_TO_STATUS_ENQUIRY };
    static const uint8_t call_state_active[] = { 0x0A };
    m->other[0] = (q931_ie){ 0, 0x14, { call_state_active, 1 } };
    m->num_other = 1;
    set_uu(&s[n], uu_extension(2), 9);
    s[n++].dir = PCAPW_B_TO_A;

    /* NOTIFY: Notification indicator "user resumed", Display. */
    m = &s[n].m;
    q931_message_init(m, Q931_NOTIFY, CALL_REF, true);
    m->present = Q931_HAS_NOTIFICATION | Q931_HAS_DISPLAY;
    m->notification.description = Q931_NOTIFY_USER_RESUMED;
    m->display = Q931_OCTETS_STR("resumed");
    set_uu(&s[n], uu_extension(5), 12);
    s[n++].dir = PCAPW_B_TO_A;

    /* FACILITY: only the User-user IE (facility-UUIE, reason undefined). */
    m = &s[n].m;
    q931_message_init(m, Q931_FACILITY, CALL_REF, false);
    set_uu(&s[n], uu_facility(), 6);
    s[n++].dir = PCAPW_A_TO_B;

    /* RELEASE COMPLETE: Cause 17 "user busy", location public network serving the
       remote user, Display. */
    m = &s[n].m;
    q931_message_init(m, Q931_RELEASE_COMPLETE, CALL_REF, false);
    m->present = Q931_HAS_CAUSE | Q931_HAS_DISPLAY;
    m->cause = (q931_cause){ .location = Q931_LOC_PUBLIC_REMOTE, .value = Q931_CAUSE_USER_BUSY };
    m->display = Q931_OCTETS_STR("busy");
    set_uu(&s[n], uu_release_complete(), 5);
    s[n++].dir = PCAPW_A_TO_B;

    for (size_t i = 0; i < n; i++) {
        s[i].m.user_user.protocol_discriminator = Q931_UU_PD_X208;
        s[i].m.user_user.contents = (q931_octets){ s[i].uu.b, s[i].uu.n };
    }
    return n;
}

/* ---- expected field values --------------------------------------------------------------- */

typedef struct {
    char v[N_FIELDS][256];
} row;

static void append(row *r, size_t f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append(row *r, size_t f, const char *fmt, ...)
{
    char val[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(val, sizeof val, fmt, ap);
    va_end(ap);
    size_t used = strlen(r->v[f]);
    snprintf(r->v[f] + used, sizeof r->v[f] - used, "%s%s", used ? "," : "", val);
}

static size_t field(const char *name)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strcmp(fields[i], name) == 0)
            return i;
    fprintf(stderr, "q931-samples: no field %s\n", name);
    exit(2);
}

static void text(row *r, const char *name, q931_octets o)
{
    append(r, field(name), "%.*s", (int)o.len, (const char *)o.data);
}

/* A GloballyUniqueID as tshark shows it: 8-4-4-4-12 hex digits. */
static void guid(row *r, const char *name, const uint8_t g[16])
{
    char t[40];
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            t[k++] = '-';
        k += (size_t)snprintf(t + k, sizeof t - k, "%02x", g[i]);
    }
    append(r, field(name), "%s", t);
}

/* The values tshark shows for one message, added to the row of its frame. */
static void expect(row *r, const sample *s)
{
    const q931_message *m = &s->m;
    append(r, field("q931.message_type"), "0x%02x", m->type);
    append(r, field("q931.call_ref"), "%02x%02x", m->call_ref >> 8, m->call_ref & 0xFF);
    append(r, field("q931.call_ref_flag"), "%d", m->call_ref_flag ? 1 : 0);
    if (m->present & Q931_HAS_BEARER) {
        append(r, field("q931.information_transfer_capability"), "0x%02x", m->bearer.capability);
        append(r, field("q931.information_transfer_rate"), "0x%02x", m->bearer.rate);
        append(r, field("q931.uil1"), "0x%02x", m->bearer.layer1);
    }
    if (m->present & Q931_HAS_CAUSE) {
        append(r, field("q931.cause_location"), "%u", m->cause.location);
        append(r, field("q931.cause_value"), "%u", m->cause.value);
    }
    for (size_t i = 0; i < m->num_progress; i++)
        append(r, field("q931.progress_indicator.description"), "0x%02x", m->progress[i].description);
    if (m->present & Q931_HAS_NOTIFICATION)
        append(r, field("q932.nd"), "0x%02x", m->notification.description);
    if (m->present & Q931_HAS_DISPLAY)
        text(r, "q931.display_information", m->display);
    if (m->present & Q931_HAS_KEYPAD)
        text(r, "q931.keypad_facility", m->keypad);
    if (m->present & Q931_HAS_SIGNAL)
        append(r, field("q931.signal"), "0x%02x", m->signal);
    /* Number type and plan appear for the calling number first (identifier 0x6C). */
    const q931_number *nums[2] = { (m->present & Q931_HAS_CALLING) ? &m->calling : NULL,
                                   (m->present & Q931_HAS_CALLED) ? &m->called : NULL };
    for (int i = 0; i < 2; i++) {
        if (!nums[i])
            continue;
        append(r, field("q931.number_type"), "0x%02x", nums[i]->type);
        append(r, field("q931.numbering_plan"), "0x%02x", nums[i]->plan);
        if (nums[i]->has_octet3a) {
            append(r, field("q931.presentation_ind"), "0x%02x", nums[i]->presentation);
            append(r, field("q931.screening_ind"), "0x%02x", nums[i]->screening);
        }
        text(r, i == 0 ? "q931.calling_party_number.digits" : "q931.called_party_number.digits",
             nums[i]->digits);
    }
    if (m->present & Q931_HAS_USER_USER) {
        append(r, field("q931.user.protocol_discriminator"), "0x%02x",
               m->user_user.protocol_discriminator);
        append(r, field("h225.h323_message_body"), "%d", s->body);
        append(r, field("h225.protocolIdentifier"), "0.0.8.2250.0.4");
        if (s->conference_id)
            guid(r, "h225.conferenceID", CONFERENCE_ID);
        if (s->call_id)
            guid(r, "h225.guid", CALL_ID);
        if (s->reason >= 0)
            append(r, field("h225.reason"), "%d", s->reason);
    }
}

static void print_row(const row *r)
{
    for (size_t f = 0; f < N_FIELDS; f++)
        printf("%s%s", f ? "\t" : "", r->v[f]);
    printf("\n");
}

/* ---- main ---------------------------------------------------------------------------- */

static int encode_tpkt(const sample *s, uint8_t *out, size_t cap)
{
    int n = q931_encode(&s->m, out + TPKT_HEADER_LEN, cap - TPKT_HEADER_LEN);
    if (n < 0) {
        fprintf(stderr, "q931-samples: encoding %s: %s\n", q931_message_name(s->m.type),
                q931_strerror(n));
        exit(1);
    }
    return tpkt_encode(out, cap, out + TPKT_HEADER_LEN, (size_t)n);
}

/* Sends s as one TPKT (or, for a Progress followed by more, Progress and the next
 * message in one segment); returns how many samples it used. */
static size_t send_sample(pcapw *w, pcapw_tcp *c, const sample *s, size_t left, bool print,
                          int *rc)
{
    uint8_t buf[1024];
    int len = encode_tpkt(&s[0], buf, sizeof buf);
    size_t used = 1;
    row r;
    memset(&r, 0, sizeof r);
    expect(&r, &s[0]);
    if (s[0].m.type == Q931_PROGRESS && left > 1) {
        len += encode_tpkt(&s[1], buf + len, sizeof buf - (size_t)len);
        expect(&r, &s[1]);
        used = 2;
    }
    size_t mss = s[0].m.type == Q931_SETUP ? 16 : 0;     /* the Setup crosses segments */
    *rc |= pcapw_tcp_send(w, c, s[0].dir, buf, (size_t)len, mss);
    append(&r, field("frame.number"), "%u", w->packets);
    if (print)
        print_row(&r);
    return used;
}

/* The planted faults: each a message that a correct dissector must reject. */
static int send_planted(pcapw *w, pcapw_tcp *c)
{
    int rc = 0;
    uint8_t buf[256];

    /* INFORMATION whose Display IE says 9 octets where 3 follow (Q.931 4.5.1). */
    sample s;
    memset(&s, 0, sizeof s);
    q931_message_init(&s.m, Q931_INFORMATION, CALL_REF, false);
    s.m.present = Q931_HAS_DISPLAY;
    s.m.display = Q931_OCTETS_STR("abc");
    int len = encode_tpkt(&s, buf, sizeof buf);
    buf[len - 4] = 9;                       /* the Display length octet */
    rc |= pcapw_tcp_send(w, c, PCAPW_A_TO_B, buf, (size_t)len, 0);
    printf("%u\n", w->packets);

    /* FACILITY whose H323-UserInformation stops inside the protocol identifier. */
    memset(&s, 0, sizeof s);
    q931_message_init(&s.m, Q931_FACILITY, CALL_REF, false);
    set_uu(&s, uu_facility(), 6);
    s.uu.n = 5;
    s.m.user_user = (q931_user_user){ Q931_UU_PD_X208, { s.uu.b, s.uu.n } };
    len = encode_tpkt(&s, buf, sizeof buf);
    rc |= pcapw_tcp_send(w, c, PCAPW_A_TO_B, buf, (size_t)len, 0);
    printf("%u\n", w->packets);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--fields") == 0) {
        for (size_t i = 0; i < N_FIELDS; i++)
            printf("%s\n", fields[i]);
        return 0;
    }
    bool planted = argc == 3 && strcmp(argv[1], "--planted") == 0;
    const char *path = argv[argc - 1];
    if ((argc != 2 && !planted) || path[0] == '-') {
        fprintf(stderr, "usage: %s --fields | [--planted] OUT.pcap\n", argv[0]);
        return 2;
    }

    static sample s[16];
    size_t n = make_samples(s);
    pcapw w;
    if (pcapw_open(&w, path) != 0) {
        perror(path);
        return 1;
    }
    pcapw_tcp c;
    pcapw_tcp_init(&c, pcapw_host_v4(192, 0, 2, 1, 40001), pcapw_host_v4(192, 0, 2, 2, 1720));
    int rc = pcapw_tcp_handshake(&w, &c);
    for (size_t i = 0; i < n;)
        i += send_sample(&w, &c, &s[i], n - i, !planted, &rc);
    if (planted)
        rc |= send_planted(&w, &c);
    rc |= pcapw_tcp_finish(&w, &c);

    /* A UDP datagram to the discard port: its checksum is verified too. */
    pcapw_host h1 = pcapw_host_v4(192, 0, 2, 1, 40002), h2 = pcapw_host_v4(192, 0, 2, 2, 9);
    rc |= pcapw_udp(&w, &h1, &h2, "tspkit", 6);
    if (pcapw_close(&w) != 0 || rc) {
        fprintf(stderr, "q931-samples: writing %s failed\n", path);
        return 1;
    }
    return 0;
}
