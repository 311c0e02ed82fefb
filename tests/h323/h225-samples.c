/*
 * tests/h323/h225-samples.c - encodes every H.225.0 call signalling body and every RAS
 * message with tsp-h323/h225 and writes them into a pcap for tshark to judge
 * (tests/h323/tshark-check.sh): the call as Q.931 messages (tsp-h323/q931) in TPKTs on
 * TCP port 1720, the User-user IE carrying our H323-UserInformation; RAS as UDP datagrams
 * between an endpoint and a gatekeeper on port 1719.
 *
 *     h225-samples --fields        the tshark fields compared, one per line
 *     h225-samples OUT.pcap        writes the capture (the messages below, then 300 random
 *                                  call signalling and 300 random RAS messages); prints on
 *                                  stdout, for each frame
 *                                  that carries H.225.0, the values those fields must have
 *                                  (tab-separated, tshark -T fields style)
 *     h225-samples --planted OUT.pcap
 *                                  the same plus three broken messages (a cut Setup, a cut
 *                                  RRQ, an RCF whose additions bitmap claims more than
 *                                  follows); prints the numbers of their frames, which
 *                                  tshark-check must report
 *
 * The expected values come from the C values that were encoded, read in encoding order
 * by walking the type descriptions (expect_walk), so every alias, address, identifier
 * and count of every message is compared with what tshark decodes from our octets.
 *
 * The random messages (tests/unit/test_h323_h225_gen.h, a fixed seed) reach every
 * component the descriptions have, except those tshark would dissect further as other
 * protocols: fastStart and tunnelled H.245, H.450, H.248 and signalling octets, signed
 * H.235 tokens, and the additions kept as bytes.
 */
#include "h225/h225.h"
#include "pcap.h"
#include "test_h323_h225_gen.h"
#include "q931/q931.h"
#include "q931/tpkt.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the compared fields ------------------------------------------------------------------- */

static const char *const fields[] = {
    "frame.number",
    "q931.message_type",
    "h225.h323_message_body",
    "h225.RasMessage",
    "h225.protocolIdentifier",
    "h225.requestSeqNum",
    "h225.dialledDigits",
    "h225.h323_ID",
    "h225.url_ID",
    "h225.email_ID",
    "h225.ipV4",
    "h225.ipV4_port",
    "h225.h245Ip",
    "h225.h245IpPort",
    "h225.conferenceID",
    "h225.guid",
    "h225.fastStart",
    "h225.h245Tunnelling",
    "h225.h245Control",
    "h225.endpointIdentifier",
    "h225.gatekeeperIdentifier",
    "h225.timeToLive",
    "h225.keepAlive",
    "h225.rejectReason",
    "h225.reason",
    "h225.bandWidth",
    "h225.callReferenceValue",
    "h225.answerCall",
    "h225.productId",
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

typedef struct {
    char v[N_FIELDS][1536];
} row;

static size_t field(const char *name)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strcmp(fields[i], name) == 0) return i;
    fprintf(stderr, "h225-samples: no field %s\n", name);
    exit(2);
}

static void append(row *r, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(row *r, const char *name, const char *fmt, ...)
{
    char val[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(val, sizeof val, fmt, ap);
    va_end(ap);
    size_t f = field(name), used = strlen(r->v[f]);
    if (used + strlen(val) + 2 > sizeof r->v[f]) {
        fprintf(stderr, "h225-samples: field %s too long\n", name);
        exit(2);
    }
    snprintf(r->v[f] + used, sizeof r->v[f] - used, "%s%s", used ? "," : "", val);
}

static void print_row(const row *r)
{
    for (size_t f = 0; f < N_FIELDS; f++) printf("%s%s", f ? "\t" : "", r->v[f]);
    printf("\n");
}

/* ---- expected values, in encoding order --------------------------------------------------- */

static void append_guid(row *r, const char *name, const uint8_t *g)
{
    char t[40];
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) t[k++] = '-';
        k += (size_t)snprintf(t + k, sizeof t - k, "%02x", g[i]);
    }
    append(r, name, "%s", t);
}

/* UTF-16 (BMP only, as H.225.0 sends) as the UTF-8 tshark prints. */
static void append_bmp(row *r, const char *name, const per_bmp *b)
{
    char t[1024];
    size_t k = 0;
    for (uint32_t i = 0; i < b->len && k + 4 < sizeof t; i++) {
        unsigned c = b->chars[i];
        if (c < 0x80) {
            t[k++] = (char)c;
        } else if (c < 0x800) {
            t[k++] = (char)(0xC0 | (c >> 6));
            t[k++] = (char)(0x80 | (c & 0x3F));
        } else {
            t[k++] = (char)(0xE0 | (c >> 12));
            t[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            t[k++] = (char)(0x80 | (c & 0x3F));
        }
    }
    t[k] = '\0';
    append(r, name, "%s", t);
}

static void append_int(row *r, const char *name, const per_type *t, const void *v)
{
    uint64_t u = 0;
    memcpy(&u, v, t->csize);   /* unsigned fields, little-endian hosts (x86, ARM) */
    append(r, name, "%llu", (unsigned long long)u);
}

/* The field tshark shows a component under (by ASN.1 name and where it is), or NULL. */
static const char *field_of(const char *name, const char *parent, bool in_h245)
{
    static const struct { const char *asn1, *field; } map[] = {
        { "dialledDigits", "h225.dialledDigits" }, { "h323-ID", "h225.h323_ID" },
        { "url-ID", "h225.url_ID" }, { "email-ID", "h225.email_ID" },
        { "conferenceID", "h225.conferenceID" }, { "guid", "h225.guid" },
        { "fastStart", "h225.fastStart" }, { "h245Tunnelling", "h225.h245Tunnelling" },
        { "h245Control", "h225.h245Control" }, { "protocolIdentifier", "h225.protocolIdentifier" },
        { "requestSeqNum", "h225.requestSeqNum" }, { "endpointIdentifier", "h225.endpointIdentifier" },
        { "gatekeeperIdentifier", "h225.gatekeeperIdentifier" }, { "timeToLive", "h225.timeToLive" },
        { "keepAlive", "h225.keepAlive" }, { "rejectReason", "h225.rejectReason" },
        { "reason", "h225.reason" }, { "releaseCompleteReason", "h225.reason" },
        { "h323-message-body", "h225.h323_message_body" },
        { "bandWidth", "h225.bandWidth" }, { "callReferenceValue", "h225.callReferenceValue" },
        { "answerCall", "h225.answerCall" }, { "productId", "h225.productId" },
    };
    if (parent && strcmp(parent, "ipAddress") == 0) {
        if (strcmp(name, "ip") == 0) return in_h245 ? "h225.h245Ip" : "h225.ipV4";
        if (strcmp(name, "port") == 0) return in_h245 ? "h225.h245IpPort" : "h225.ipV4_port";
    }
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].asn1, name) == 0) return map[i].field;
    return NULL;
}

static void emit(row *r, const per_type *t, const uint8_t *v, const char *f)
{
    switch (t->kind) {
    case PER_K_KMSTRING: {
        const per_string *s = (const per_string *)v;
        append(r, f, "%.*s", (int)s->len, s->chars);
        break;
    }
    case PER_K_BMPSTRING: append_bmp(r, f, (const per_bmp *)v); break;
    case PER_K_INTEGER: append_int(r, f, t, v); break;
    case PER_K_BOOLEAN: append(r, f, "%d", *(const bool *)v ? 1 : 0); break;
    case PER_K_SEQUENCE_OF: append(r, f, "%u", ((const per_seq_of *)v)->count); break;
    case PER_K_CHOICE: append(r, f, "%u", *(const uint32_t *)(v + t->tag_off)); break;
    case PER_K_OID: {
        const per_oid *o = (const per_oid *)v;
        char s[256];
        size_t k = 0;
        for (uint32_t i = 0; i < o->count; i++) k += (size_t)snprintf(s + k, sizeof s - k, "%s%u", i ? "." : "", o->arcs[i]);
        append(r, f, "%s", s);
        break;
    }
    case PER_K_OCTET_STRING:
        if ((t->flags & PER_INLINE) && t->csize == 16) append_guid(r, f, v);
        else if ((t->flags & PER_INLINE) && t->csize == 4) append(r, f, "%u.%u.%u.%u", v[0], v[1], v[2], v[3]);
        else {
            const per_octets *o = (const per_octets *)v;
            append(r, f, "%.*s", (int)o->len, (const char *)o->data);
        }
        break;
    default:
        fprintf(stderr, "h225-samples: no format for %s (%s)\n", t->name, f);
        exit(2);
    }
}

/* Every value of v (type t, reached as component `name` of `parent`) that has a field in
 * the table, in the order the encoding carries them: root components, then additions;
 * the chosen alternative; the items of a SEQUENCE OF. */
static void expect_walk(row *r, const per_type *t, const uint8_t *v, const char *name, const char *parent,
                        bool in_h245)
{
    const char *f = name ? field_of(name, parent, in_h245) : NULL;
    if (f) emit(r, t, v, f);
    switch (t->kind) {
    case PER_K_SEQUENCE:
        for (uint32_t i = 0; i < t->ncomps; i++) {
            const per_comp *k = &t->comps[i];
            if ((k->flags & PER_OPTIONAL) && !*(const bool *)(v + k->present)) continue;
            if (k->type->kind == PER_K_NULL) continue;
            expect_walk(r, k->type, v + k->offset, k->name, name, in_h245 || strcmp(k->name, "h245Address") == 0);
        }
        break;
    case PER_K_CHOICE: {
        uint32_t tag = *(const uint32_t *)(v + t->tag_off);
        if (tag < t->ncomps && t->comps[tag].type && t->comps[tag].type->kind != PER_K_NULL)
            expect_walk(r, t->comps[tag].type, v + t->comps[tag].offset, t->comps[tag].name, name,
                        in_h245 || strcmp(t->comps[tag].name, "h245Address") == 0);
        break;
    }
    case PER_K_SEQUENCE_OF: {
        const per_seq_of *s = (const per_seq_of *)v;
        for (uint32_t i = 0; i < s->count; i++)
            expect_walk(r, t->item, (const uint8_t *)s->items + (size_t)i * t->item->csize, NULL, name, in_h245);
        break;
    }
    default:
        break;
    }
}

/* ---- building blocks --------------------------------------------------------------------------- */

static const uint8_t EP_IP[4] = { 192, 0, 2, 1 }, PEER_IP[4] = { 192, 0, 2, 2 }, GK_IP[4] = { 192, 0, 2, 10 };
static const h225_guid CONFERENCE_ID = { 0x74, 0x73, 0x70, 0x6b, 0x69, 0x74, 0x2d, 0x63,
                                         0x6f, 0x6e, 0x66, 0x2d, 0x30, 0x30, 0x30, 0x32 };
static const h225_guid CALL_ID = { 0x74, 0x73, 0x70, 0x6b, 0x69, 0x74, 0x2d, 0x63,
                                   0x61, 0x6c, 0x6c, 0x2d, 0x30, 0x30, 0x30, 0x32 };

/* fastStart proposals: H.245 OpenLogicalChannel encodings (opaque to H.225.0; tshark
 * dissects them as H.245). Worked out from H.245's ASN.1: forward channel 1, dataType
 * audioData g711Ulaw64k (AudioCapability index 3) 20 frames; H2250LogicalChannelParameters
 * session 1 with the RTCP (or RTP and RTCP) address 192.0.2.1:16385 (16384). */
static const uint8_t OLC_TX[] = { 0x00, 0x00, 0x00, 0x0c, 0x60, 0x13, 0x80, 0x0b, 0x0d, 0x00, 0x01, 0x00,
                                  0xc0, 0x00, 0x02, 0x01, 0x40, 0x01, 0x00, 0x01, 0x00, 0x01, 0x06, 0x00 };
static const uint8_t OLC_RX[] = { 0x40, 0x00, 0x00, 0x06, 0x04, 0x01, 0x00, 0x4c, 0x60, 0x13, 0x80, 0x11,
                                  0x14, 0x00, 0x01, 0x00, 0xc0, 0x00, 0x02, 0x01, 0x40, 0x00, 0x00, 0xc0,
                                  0x00, 0x02, 0x01, 0x40, 0x01, 0x00 };
/* A tunnelled H.245 MasterSlaveDetermination: MultimediaSystemControlMessage request (ext 0,
 * 2-bit index 00), RequestMessage masterSlaveDetermination (ext 0, 4-bit index 0001) -> 01;
 * MasterSlaveDetermination ext 0, padding -> 00; terminalType 50 (INTEGER(0..255): one
 * aligned octet) -> 32; statusDeterminationNumber 0x1234 (INTEGER(0..16777215): octet
 * count - 1 in 2 bits = 01, padding, the octets) -> 40 12 34. */
static const uint8_t H245_MSD[] = { 0x01, 0x00, 0x32, 0x40, 0x12, 0x34 };

static per_octets g_fast_start[2] = { { sizeof OLC_TX, OLC_TX }, { sizeof OLC_RX, OLC_RX } };
static per_octets g_answer[1] = { { sizeof OLC_RX, OLC_RX } };
static per_octets g_h245_control[1] = { { sizeof H245_MSD, H245_MSD } };

static uint16_t g_bmp[64][64];
static size_t g_nbmp;

/* UTF-8 text as a per_bmp kept for the run. */
static per_bmp bmp(const char *utf8)
{
    per_bmp b;
    if (g_nbmp == 64 || h225_bmp_from_utf8(&b, g_bmp[g_nbmp], 64, utf8) != 0) {
        fprintf(stderr, "h225-samples: bad text %s\n", utf8);
        exit(2);
    }
    g_nbmp++;
    return b;
}

static h225_alias_address alias_h323_id(const char *utf8)
{
    h225_alias_address a;
    memset(&a, 0, sizeof a);
    a.choice = H225_ALIAS_H323_ID;
    a.u.h323_id = bmp(utf8);
    return a;
}

static h225_alias_address g_caller[2], g_callee[4], g_connected[1], g_dup[1], g_gk_alias[1];
static h225_transport_address g_csa[1], g_ras[1], g_gk_csa[1];
static h225_party_number g_scn[1];
static h225_supported_protocols g_voice[1];
static h225_supported_prefix g_prefix[1];
static h225_display_name g_display[1];
static h225_rtp_session g_rtp[1];
static h225_per_call_info g_call_info[1];
static h225_irr_pdu g_irr_pdu[1];
static h225_acf g_acfs[2];
static uint8_t g_assoc[1] = { 2 };

static void setup_globals(void)
{
    g_caller[0] = alias_h323_id("Zoë Caller");
    g_caller[1] = h225_alias_dialed_digits("1001");
    g_callee[0] = h225_alias_dialed_digits("5551234#");
    g_callee[1] = h225_alias_url("h323:bob@example.com");
    g_callee[2] = h225_alias_email("bob@example.com");
    g_callee[3].choice = H225_ALIAS_PARTY_NUMBER;
    g_callee[3].u.party_number.choice = H225_PN_E164;
    g_callee[3].u.party_number.u.e164.type = H225_PUBLIC_INTERNATIONAL;
    g_callee[3].u.party_number.u.e164.digits = PER_STR("15551234");
    g_connected[0] = h225_alias_dialed_digits("5551234");
    g_dup[0] = h225_alias_dialed_digits("1001");
    g_gk_alias[0] = alias_h323_id("gk.example");
    g_csa[0] = h225_transport_ipv4(EP_IP, 1720);
    g_ras[0] = h225_transport_ipv4(EP_IP, 1719);
    g_gk_csa[0] = h225_transport_ipv4(GK_IP, 1720);
    g_scn[0] = g_callee[3].u.party_number;
    g_prefix[0].prefix = h225_alias_dialed_digits("9");
    g_voice[0].choice = H225_SP_VOICE;
    g_voice[0].u.caps.has_supported_prefixes = true;
    g_voice[0].u.caps.supported_prefixes = (h225_prefix_list){ 1, g_prefix };
    g_display[0].name = bmp("Zoë");
}

/* Our endpoint: a terminal with vendor information. */
static h225_endpoint_type endpoint(bool gateway)
{
    h225_endpoint_type e;
    memset(&e, 0, sizeof e);
    e.has_vendor = true;
    e.vendor.vendor = (h225_h221_nonstandard){ 181, 0, 0x7473 };
    e.vendor.has_product_id = e.vendor.has_version_id = true;
    e.vendor.product_id = PER_OCTS("tspkit");
    e.vendor.version_id = PER_OCTS("0.1");
    if (gateway) {
        e.has_gateway = true;
        e.gateway.has_protocol = true;
        e.gateway.protocol = (h225_protocols_list){ 1, g_voice };
    } else {
        e.has_terminal = true;
    }
    return e;
}

/* ---- the call ------------------------------------------------------------------------------------ */

typedef struct {
    q931_message q;
    h225_user_information m;
    pcapw_dir dir;
} cs_sample;

#define CALL_REF 0x3A5D

static cs_sample *cs_add(cs_sample *s, size_t *n, uint8_t q931_type, bool from_callee, uint32_t body)
{
    cs_sample *x = &s[(*n)++];
    memset(x, 0, sizeof *x);
    q931_message_init(&x->q, q931_type, CALL_REF, from_callee);
    x->dir = from_callee ? PCAPW_B_TO_A : PCAPW_A_TO_B;
    h225_call_ident id = { .version = H225_PROTOCOL_VERSION };
    memcpy(id.conference_id, CONFERENCE_ID, 16);
    memcpy(id.call_id, CALL_ID, 16);
    id.endpoint = endpoint(from_callee);
    if (h225_uu_init(&x->m, body, &id) != 0) exit(2);
    x->m.pdu.h245_tunnelling = true;
    return x;
}

static size_t make_call(cs_sample *s)
{
    size_t n = 0;
    cs_sample *x;
    h225_uuie *u;

    /* Setup: aliases of every kind, both call signalling addresses, fast start, tunnelling. */
    x = cs_add(s, &n, Q931_SETUP, false, H225_BODY_SETUP);
    x->q.present = Q931_HAS_BEARER;
    x->q.bearer = (q931_bearer){ .capability = Q931_BC_UNRESTRICTED_DIGITAL, .rate = Q931_BC_RATE_64K,
                                 .layer1 = Q931_UIL1_H221 };
    u = &x->m.pdu.body.uuie;
    u->has_source_address = true;
    u->source_address = (h225_alias_list){ 2, g_caller };
    u->has_destination_address = true;
    u->destination_address = (h225_alias_list){ 4, g_callee };
    u->has_dest_call_signal_address = true;
    u->dest_call_signal_address = h225_transport_ipv4(PEER_IP, 1720);
    u->has_source_call_signal_address = true;
    u->source_call_signal_address = h225_transport_ipv4(EP_IP, 40001);
    u->has_fast_start = true;
    u->fast_start = (h225_octets_list){ 2, g_fast_start };
    u->has_presentation_indicator = u->has_screening_indicator = true;
    u->presentation_indicator = H225_PRESENTATION_ALLOWED;
    u->screening_indicator = H225_SCREEN_USER_PASSED;
    u->has_display_name = true;
    u->display_name = (h225_display_name_list){ 1, g_display };
    u->has_hop_count = true;
    u->hop_count = 31;

    /* CallProceeding from a gateway (voice, prefix 9). */
    x = cs_add(s, &n, Q931_CALL_PROCEEDING, true, H225_BODY_CALL_PROCEEDING);

    /* Progress, Alerting with the fast start answer, Connect with an H.245 address. */
    cs_add(s, &n, Q931_PROGRESS, true, H225_BODY_PROGRESS);
    x = cs_add(s, &n, Q931_ALERTING, true, H225_BODY_ALERTING);
    u = &x->m.pdu.body.uuie;
    u->has_fast_start = true;
    u->fast_start = (h225_octets_list){ 1, g_answer };
    x = cs_add(s, &n, Q931_CONNECT, true, H225_BODY_CONNECT);
    u = &x->m.pdu.body.uuie;
    u->has_h245_address = true;
    u->h245_address = h225_transport_ipv4(PEER_IP, 40100);
    u->has_connected_address = true;
    u->connected_address = (h225_alias_list){ 1, g_connected };
    u->multiple_calls = true;

    /* Facility with an empty body carrying tunnelled H.245; Facility startH245 (an
     * extension alternative of FacilityReason) with an H.245 address. */
    x = cs_add(s, &n, Q931_FACILITY, false, H225_BODY_EMPTY);
    x->m.pdu.has_h245_control = true;
    x->m.pdu.h245_control = (h225_octets_list){ 1, g_h245_control };
    x = cs_add(s, &n, Q931_FACILITY, false, H225_BODY_FACILITY);
    u = &x->m.pdu.body.uuie;
    u->facility_reason = H225_FR_START_H245;
    u->has_h245_address = true;
    u->h245_address = h225_transport_ipv4(EP_IP, 40200);
    u->has_conference_id = true;
    memcpy(u->conference_id, CONFERENCE_ID, 16);

    cs_add(s, &n, Q931_INFORMATION, false, H225_BODY_INFORMATION);
    cs_add(s, &n, Q931_STATUS_ENQUIRY, false, H225_BODY_STATUS_INQUIRY);
    cs_add(s, &n, Q931_STATUS, true, H225_BODY_STATUS);
    cs_add(s, &n, Q931_SETUP_ACK, true, H225_BODY_SETUP_ACKNOWLEDGE);
    x = cs_add(s, &n, Q931_NOTIFY, true, H225_BODY_NOTIFY);
    u = &x->m.pdu.body.uuie;
    u->has_connected_address = true;
    u->connected_address = (h225_alias_list){ 1, g_connected };
    u->has_presentation_indicator = true;
    u->presentation_indicator = H225_PRESENTATION_RESTRICTED;

    /* ReleaseComplete: reason securityError (an extension alternative with a value). */
    x = cs_add(s, &n, Q931_RELEASE_COMPLETE, false, H225_BODY_RELEASE_COMPLETE);
    x->q.present = Q931_HAS_CAUSE;
    x->q.cause = (q931_cause){ .location = Q931_LOC_USER, .value = Q931_CAUSE_NORMAL_CLEARING };
    u = &x->m.pdu.body.uuie;
    u->has_release_reason = true;
    u->release_reason.choice = H225_RC_SECURITY_ERROR;
    u->release_reason.u.security_error = 9;   /* securityCertificateRevoked */
    return n;
}

/* ---- RAS ----------------------------------------------------------------------------------------------- */

typedef struct {
    h225_ras_message m;
    bool from_gk;
} ras_sample;

static h225_ras_message *ras_add(ras_sample *s, size_t *n, uint32_t type, uint16_t seq, bool from_gk)
{
    ras_sample *x = &s[(*n)++];
    if (h225_ras_init(&x->m, type, seq, H225_PROTOCOL_VERSION) != 0) exit(2);
    x->from_gk = from_gk;
    return &x->m;
}

static size_t make_ras(ras_sample *s)
{
    size_t n = 0;
    h225_ras_message *m;
    const per_bmp gkid = bmp("GK-tspkit"), epid = bmp("EP0001");

    /* Discovery. */
    m = ras_add(s, &n, H225_RAS_GRQ, 1, false);
    m->u.grq.ras_address = g_ras[0];
    m->u.grq.endpoint_type = endpoint(false);
    m->u.grq.has_endpoint_alias = true;
    m->u.grq.endpoint_alias = (h225_alias_list){ 2, g_caller };
    m = ras_add(s, &n, H225_RAS_GCF, 1, true);
    m->u.gcf.has_gatekeeper_identifier = true;
    m->u.gcf.gatekeeper_identifier = gkid;
    m->u.gcf.ras_address = h225_transport_ipv4(GK_IP, 1719);
    m = ras_add(s, &n, H225_RAS_GRJ, 2, true);
    m->u.grj.reject_reason.choice = H225_GRJ_NEEDED_FEATURE_NOT_SUPPORTED;

    /* Registration, then a lightweight re-registration (H.225.0 7.9.1: keepAlive). */
    m = ras_add(s, &n, H225_RAS_RRQ, 3, false);
    m->u.rrq.discovery_complete = true;
    m->u.rrq.call_signal_address = (h225_transport_list){ 1, g_csa };
    m->u.rrq.ras_address = (h225_transport_list){ 1, g_ras };
    m->u.rrq.terminal_type = endpoint(false);
    m->u.rrq.has_terminal_alias = true;
    m->u.rrq.terminal_alias = (h225_alias_list){ 2, g_caller };
    m->u.rrq.has_gatekeeper_identifier = true;
    m->u.rrq.gatekeeper_identifier = gkid;
    m->u.rrq.endpoint_vendor = endpoint(false).vendor;
    m->u.rrq.has_time_to_live = true;
    m->u.rrq.time_to_live = 300;
    m->u.rrq.will_supply_uuies = false;
    m = ras_add(s, &n, H225_RAS_RCF, 3, true);
    m->u.rcf.call_signal_address = (h225_transport_list){ 1, g_gk_csa };
    m->u.rcf.has_gatekeeper_identifier = true;
    m->u.rcf.gatekeeper_identifier = gkid;
    m->u.rcf.endpoint_identifier = epid;
    m->u.rcf.has_time_to_live = true;
    m->u.rcf.time_to_live = 300;
    m->u.rcf.will_respond_to_irr = true;
    m = ras_add(s, &n, H225_RAS_RRJ, 4, true);
    m->u.rrj.reject_reason.choice = H225_RRJ_DUPLICATE_ALIAS;
    m->u.rrj.reject_reason.u.duplicate_alias = (h225_alias_list){ 1, g_dup };
    m = ras_add(s, &n, H225_RAS_RRQ, 5, false);
    m->u.rrq.call_signal_address = (h225_transport_list){ 1, g_csa };
    m->u.rrq.ras_address = (h225_transport_list){ 1, g_ras };
    m->u.rrq.terminal_type = endpoint(false);
    m->u.rrq.endpoint_vendor = endpoint(false).vendor;
    m->u.rrq.keep_alive = true;
    m->u.rrq.has_endpoint_identifier = m->u.rrq.has_gatekeeper_identifier = m->u.rrq.has_time_to_live = true;
    m->u.rrq.endpoint_identifier = epid;
    m->u.rrq.gatekeeper_identifier = gkid;
    m->u.rrq.time_to_live = 300;

    /* Admission: ARQ, RequestInProgress, ACF; an ARJ routing to the SCN. */
    m = ras_add(s, &n, H225_RAS_ARQ, 6, false);
    m->u.arq.call_type = H225_CALL_TYPE_POINT_TO_POINT;
    m->u.arq.has_call_model = true;
    m->u.arq.call_model = H225_CALL_MODEL_DIRECT;
    m->u.arq.endpoint_identifier = epid;
    m->u.arq.has_destination_info = true;
    m->u.arq.destination_info = (h225_alias_list){ 1, g_callee };
    m->u.arq.src_info = (h225_alias_list){ 2, g_caller };
    m->u.arq.bandwidth = 1280;
    m->u.arq.call_reference_value = CALL_REF;
    memcpy(m->u.arq.conference_id, CONFERENCE_ID, 16);
    memcpy(m->u.arq.call_identifier.guid, CALL_ID, 16);
    m->u.arq.can_map_alias = true;
    m = ras_add(s, &n, H225_RAS_RIP, 6, true);
    m->u.misc.delay = 5000;
    m = ras_add(s, &n, H225_RAS_ACF, 6, true);
    m->u.acf.bandwidth = 1280;
    m->u.acf.call_model = H225_CALL_MODEL_DIRECT;
    m->u.acf.dest_call_signal_address = h225_transport_ipv4(PEER_IP, 1720);
    m->u.acf.has_irr_frequency = true;
    m->u.acf.irr_frequency = 120;
    m->u.acf.uuies_requested.release_complete = true;
    m = ras_add(s, &n, H225_RAS_ARJ, 7, true);
    m->u.reject.reject_reason.choice = H225_ARJ_ROUTE_CALL_TO_SCN;
    m->u.reject.reject_reason.u.route_call_to_scn = (h225_party_number_list){ 1, g_scn };

    /* Bandwidth. */
    m = ras_add(s, &n, H225_RAS_BRQ, 8, false);
    m->u.brq.endpoint_identifier = epid;
    memcpy(m->u.brq.conference_id, CONFERENCE_ID, 16);
    m->u.brq.call_reference_value = CALL_REF;
    m->u.brq.bandwidth = 640;
    memcpy(m->u.brq.call_identifier.guid, CALL_ID, 16);
    m = ras_add(s, &n, H225_RAS_BCF, 8, true);
    m->u.bcf.bandwidth = 640;
    m = ras_add(s, &n, H225_RAS_BRJ, 9, true);
    m->u.reject.reject_reason.choice = H225_BRJ_INSUFFICIENT_RESOURCES;
    m->u.reject.allowed_bandwidth = 320;

    /* Status: IRQ, an IRR reporting the call (with an RTP session and the Setup's PDU),
     * InfoRequestAck and Nak. */
    m = ras_add(s, &n, H225_RAS_IRQ, 100, true);
    m->u.irq.call_reference_value = CALL_REF;
    memcpy(m->u.irq.call_identifier.guid, CALL_ID, 16);
    m = ras_add(s, &n, H225_RAS_IRR, 100, false);
    m->u.irr.endpoint_type = endpoint(false);
    m->u.irr.endpoint_identifier = epid;
    m->u.irr.ras_address = g_ras[0];
    m->u.irr.call_signal_address = (h225_transport_list){ 1, g_csa };
    m->u.irr.has_per_call_info = true;
    m->u.irr.per_call_info = (h225_per_call_info_list){ 1, g_call_info };
    g_call_info[0].call_reference_value = CALL_REF;
    memcpy(g_call_info[0].conference_id, CONFERENCE_ID, 16);
    memcpy(g_call_info[0].call_identifier.guid, CALL_ID, 16);
    g_call_info[0].has_audio = true;
    g_call_info[0].audio = (h225_rtp_session_list){ 1, g_rtp };
    g_rtp[0].rtp_address.has_recv_address = true;
    g_rtp[0].rtp_address.recv_address = h225_transport_ipv4(EP_IP, 16384);
    g_rtp[0].rtcp_address.has_recv_address = true;
    g_rtp[0].rtcp_address.recv_address = h225_transport_ipv4(EP_IP, 16385);
    g_rtp[0].cname = PER_STR("tspkit");
    g_rtp[0].ssrc = 0x12345678;
    g_rtp[0].session_id = 1;
    g_rtp[0].associated_session_ids = (h225_u8_list){ 1, g_assoc };
    g_call_info[0].h245.has_send_address = true;
    g_call_info[0].h245.send_address = h225_transport_ipv4(EP_IP, 40002);
    g_call_info[0].call_signalling.has_recv_address = true;
    g_call_info[0].call_signalling.recv_address = h225_transport_ipv4(PEER_IP, 1720);
    g_call_info[0].bandwidth = 1280;
    g_call_info[0].has_pdu = true;
    g_call_info[0].pdu = (h225_irr_pdu_list){ 1, g_irr_pdu };
    m->u.irr.need_response = true;
    ras_add(s, &n, H225_RAS_IACK, 100, true);
    m = ras_add(s, &n, H225_RAS_INAK, 101, false);
    m->u.reject.reject_reason.choice = H225_INAK_NOT_REGISTERED;

    /* Location. */
    m = ras_add(s, &n, H225_RAS_LRQ, 10, false);
    m->u.lrq.destination_info = (h225_alias_list){ 1, g_callee };
    m->u.lrq.reply_address = g_ras[0];
    m->u.lrq.has_hop_count = true;
    m->u.lrq.hop_count = 3;
    m = ras_add(s, &n, H225_RAS_LCF, 10, true);
    m->u.lcf.call_signal_address = h225_transport_ipv4(PEER_IP, 1720);
    m->u.lcf.ras_address = h225_transport_ipv4(PEER_IP, 1719);
    m = ras_add(s, &n, H225_RAS_LRJ, 11, true);
    m->u.reject.reject_reason.choice = H225_LRJ_HOP_COUNT_EXCEEDED;

    /* Disengage: DRQ with the Q.931 cause (normal clearing), DCF, DRJ. */
    static const uint8_t cause_ie[] = { 0x80, 0x90 };
    m = ras_add(s, &n, H225_RAS_DRQ, 12, false);
    m->u.drq.endpoint_identifier = epid;
    memcpy(m->u.drq.conference_id, CONFERENCE_ID, 16);
    m->u.drq.call_reference_value = CALL_REF;
    m->u.drq.disengage_reason = H225_DISENGAGE_NORMAL_DROP;
    memcpy(m->u.drq.call_identifier.guid, CALL_ID, 16);
    m->u.drq.has_termination_cause = true;
    m->u.drq.termination_cause.choice = H225_CTC_RELEASE_COMPLETE_CAUSE_IE;
    m->u.drq.termination_cause.u.release_complete_cause_ie = (per_octets){ sizeof cause_ie, cause_ie };
    ras_add(s, &n, H225_RAS_DCF, 12, true);
    m = ras_add(s, &n, H225_RAS_DRJ, 13, true);
    m->u.reject.reject_reason.choice = H225_DRJ_REQUEST_TO_DROP_OTHER;

    /* Unregistration, both ways. */
    m = ras_add(s, &n, H225_RAS_URQ, 14, false);
    m->u.urq.call_signal_address = (h225_transport_list){ 1, g_csa };
    m->u.urq.has_endpoint_identifier = m->u.urq.has_gatekeeper_identifier = true;
    m->u.urq.endpoint_identifier = epid;
    m->u.urq.gatekeeper_identifier = gkid;
    ras_add(s, &n, H225_RAS_UCF, 14, true);
    m = ras_add(s, &n, H225_RAS_URJ, 15, true);
    m->u.reject.reject_reason.choice = H225_URJ_NOT_CURRENTLY_REGISTERED;
    m = ras_add(s, &n, H225_RAS_URQ, 200, true);
    m->u.urq.call_signal_address = (h225_transport_list){ 1, g_csa };
    m->u.urq.has_reason = true;
    m->u.urq.reason.choice = H225_URQ_TTL_EXPIRED;

    /* Gateway resources, non-standard, unknown message, ACF sequence. */
    m = ras_add(s, &n, H225_RAS_RAI, 16, false);
    m->u.misc.endpoint_identifier = epid;
    m->u.misc.protocols = (h225_protocols_list){ 1, g_voice };
    m->u.misc.almost_out_of_resources = true;
    ras_add(s, &n, H225_RAS_RAC, 16, true);
    m = ras_add(s, &n, H225_RAS_NONSTANDARD_MESSAGE, 17, false);
    m->u.misc.nonstandard_data.id.choice = H225_NSI_H221;
    m->u.misc.nonstandard_data.id.u.h221 = (h225_h221_nonstandard){ 181, 0, 0x7473 };
    m->u.misc.nonstandard_data.data = PER_OCTS("hello");
    static const uint8_t not_understood[] = { 0xfe, 0xed };
    m = ras_add(s, &n, H225_RAS_UNKNOWN_MESSAGE_RESPONSE, 18, true);
    m->u.misc.message_not_understood = (per_octets){ sizeof not_understood, not_understood };
    ras_sample *x = &s[n++];
    memset(x, 0, sizeof *x);
    x->from_gk = true;
    x->m.choice = H225_RAS_ACF_SEQUENCE;
    for (int i = 0; i < 2; i++) {
        g_acfs[i].request_seq_num = 19;
        g_acfs[i].bandwidth = 1280;
        g_acfs[i].dest_call_signal_address = h225_transport_ipv4(i ? GK_IP : PEER_IP, 1720);
    }
    x->m.u.acf_sequence.count = 2;
    x->m.u.acf_sequence.items = g_acfs;
    return n;
}

/* tshark matches a RAS Confirm or Reject to the first earlier request of its category with
 * the same requestSeqNum in the same conversation (s[from..i)) and, for admission and
 * disengage (ARQ/DRQ with their confirms and rejects), adds the request's callIdentifier
 * to the response as a hidden h225.guid (Wireshark's ras_call_matching). Requests are the
 * multiples of 3 among RasMessage's first 21 alternatives. */
static void expect_matched_guid(row *r, const ras_sample *s, size_t from, size_t i)
{
    uint32_t type = s[i].m.choice;
    if (type >= 21 || type % 3 == 0 || (type / 3 != H225_RAS_ARQ / 3 && type / 3 != H225_RAS_DRQ / 3)) return;
    uint32_t request = type - type % 3;
    for (size_t j = from; j < i; j++)
        if (s[j].m.choice == request && h225_ras_seq_num(&s[j].m) == h225_ras_seq_num(&s[i].m)) {
            append_guid(r, "h225.guid", request == H225_RAS_ARQ ? s[j].m.u.arq.call_identifier.guid
                                                                : s[j].m.u.drq.call_identifier.guid);
            return;
        }
}

/* ---- random messages --------------------------------------------------------------------------------- */

#define N_RANDOM 300

/* N_RANDOM call signalling messages (in Q.931 FACILITY) into cs and as many RAS messages
 * into ras, half of them from the gatekeeper; returns N_RANDOM. */
static size_t make_random(cs_sample *cs, ras_sample *ras)
{
    static const char *const skip[] = {
        "fastStart", "h245Control", "parallelH245Control", "h4501SupplementaryService",
        "tunnelledSignallingMessage", "cryptoEPCert", "cryptoGKCert", "cryptoFastStart", "cryptoSignedToken",
        "h248Message", "supportedH248Packages", NULL,
    };
    static uint8_t pool[4 << 20];
    h225_gen g = { .seed = 0x5EED, .pool = pool, .size = sizeof pool, .skip = skip, .no_open = true, .printable = true };
    for (size_t i = 0; i < N_RANDOM; i++) {
        q931_message_init(&cs[i].q, Q931_FACILITY, CALL_REF, i % 2);
        cs[i].dir = i % 2 ? PCAPW_B_TO_A : PCAPW_A_TO_B;
        h225_gen_value(&g, &h225_t_user_information, &cs[i].m, 0);
        h225_gen_value(&g, &h225_t_ras_message, &ras[i].m, 0);
        ras[i].from_gk = i % 2;
    }
    return N_RANDOM;
}

/* ---- writing ---------------------------------------------------------------------------------------------- */

static size_t encode_cs(const cs_sample *x, uint8_t *out, size_t cap, bool cut)
{
    uint8_t uu[16384];
    size_t len;
    per_errinfo ei;
    int rc = h225_encode_uu(&x->m, uu, sizeof uu, &len, &ei);
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        fprintf(stderr, "h225-samples: encoding %s: %s\n", h225_body_name(x->m.pdu.body.choice), msg);
        exit(1);
    }
    q931_message q = x->q;
    q.present |= Q931_HAS_USER_USER;
    q.user_user = (q931_user_user){ Q931_UU_PD_X208, { uu, cut ? len / 2 : len } };
    int n = q931_encode(&q, out + TPKT_HEADER_LEN, cap - TPKT_HEADER_LEN);
    if (n < 0 || tpkt_encode(out, cap, out + TPKT_HEADER_LEN, (size_t)n) < 0) exit(1);
    return (size_t)n + TPKT_HEADER_LEN;
}

static size_t encode_ras(const h225_ras_message *m, uint8_t *out, size_t cap)
{
    size_t len;
    per_errinfo ei;
    int rc = h225_encode_ras(m, out, cap, &len, &ei);
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        fprintf(stderr, "h225-samples: encoding %s: %s\n", h225_ras_name(m->choice), msg);
        exit(1);
    }
    return len;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--fields") == 0) {
        for (size_t i = 0; i < N_FIELDS; i++) printf("%s\n", fields[i]);
        return 0;
    }
    bool planted = argc == 3 && strcmp(argv[1], "--planted") == 0;
    const char *path = argv[argc - 1];
    if ((argc != 2 && !planted) || path[0] == '-') {
        fprintf(stderr, "usage: %s --fields | [--planted] OUT.pcap\n", argv[0]);
        return 2;
    }

    static cs_sample cs[32 + N_RANDOM];
    static ras_sample ras[64 + N_RANDOM];
    static row r;
    static uint8_t buf[8192];
    setup_globals();
    size_t ncs = make_call(cs);
    g_irr_pdu[0].h323pdu = cs[0].m.pdu;   /* the IRR reports the Setup */
    g_irr_pdu[0].sent = true;
    size_t nras = make_ras(ras);
    size_t ncrafted = ncs, nras_crafted = nras;
    ncs += make_random(cs + ncs, ras + nras);
    nras += N_RANDOM;

    pcapw w;
    if (pcapw_open(&w, path) != 0) {
        perror(path);
        return 1;
    }
    pcapw_tcp c;
    pcapw_tcp_init(&c, pcapw_host_v4(192, 0, 2, 1, 40001), pcapw_host_v4(192, 0, 2, 2, 1720));
    int rc = pcapw_tcp_handshake(&w, &c);
    for (size_t i = 0; i < ncs; i++) {
        if (planted && i == ncrafted) break;
        size_t len = encode_cs(&cs[i], buf, sizeof buf, false);
        rc |= pcapw_tcp_send(&w, &c, cs[i].dir, buf, len, 0);
        memset(&r, 0, sizeof r);
        append(&r, "frame.number", "%u", w.packets);
        append(&r, "q931.message_type", "0x%02x", cs[i].q.type);
        expect_walk(&r, &h225_t_user_information, (const uint8_t *)&cs[i].m, NULL, NULL, false);
        if (!planted) print_row(&r);
    }
    if (planted) {
        size_t len = encode_cs(&cs[0], buf, sizeof buf, true);
        rc |= pcapw_tcp_send(&w, &c, PCAPW_A_TO_B, buf, len, 0);
        printf("%u\n", w.packets);
    }
    rc |= pcapw_tcp_finish(&w, &c);

    /* The crafted RAS messages, then the random ones between another endpoint and the
     * gatekeeper (a conversation of their own for tshark's request matching). */
    pcapw_host ep = pcapw_host_v4(192, 0, 2, 1, 1719), gk = pcapw_host_v4(192, 0, 2, 10, 1719);
    pcapw_host ep2 = pcapw_host_v4(192, 0, 2, 3, 1719);
    for (size_t i = 0; i < nras; i++) {
        if (planted && i == nras_crafted) break;
        size_t len = encode_ras(&ras[i].m, buf, sizeof buf);
        const pcapw_host *e = i < nras_crafted ? &ep : &ep2;
        rc |= ras[i].from_gk ? pcapw_udp(&w, &gk, e, buf, len) : pcapw_udp(&w, e, &gk, buf, len);
        memset(&r, 0, sizeof r);
        append(&r, "frame.number", "%u", w.packets);
        append(&r, "h225.RasMessage", "%u", ras[i].m.choice);
        expect_walk(&r, &h225_t_ras_message, (const uint8_t *)&ras[i].m, NULL, NULL, false);
        expect_matched_guid(&r, ras, i < nras_crafted ? 0 : nras_crafted, i);
        if (!planted) print_row(&r);
    }
    if (planted) {
        /* An RRQ cut in the middle; an RCF that claims one more addition than it carries. */
        size_t len = encode_ras(&ras[3].m, buf, sizeof buf);
        rc |= pcapw_udp(&w, &ep, &gk, buf, len / 2);
        printf("%u\n", w.packets);
        len = encode_ras(&ras[4].m, buf, sizeof buf);
        rc |= pcapw_udp(&w, &gk, &ep, buf, len - 3);
        printf("%u\n", w.packets);
    }
    if (pcapw_close(&w) != 0 || rc) {
        fprintf(stderr, "h225-samples: writing %s failed\n", path);
        return 1;
    }
    return 0;
}
