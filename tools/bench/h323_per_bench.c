/*
 * tools/bench/h323_per_bench.c - how fast the aligned-PER codec (tsp-h323/asn1) encodes and
 * decodes an H.225.0 fast-start Setup.
 *
 * The message is H323-UserInformation carrying Setup-UUIE as a typical endpoint sends it:
 * aliases (h323-ID, dialedDigits), vendor information, addresses, conference and call
 * identifiers, four fastStart proposals (the OpenLogicalChannels h323_fs_offer makes for
 * G.711 mu-law and A-law, as a call does, carried as the OCTET STRINGs H.225.0 defines them
 * as) and h245Tunnelling. The description below follows
 * H.225.0 (12/2009) H323-MESSAGES component by component for everything such a message
 * uses; components it never carries are described as opaque extension additions or
 * undescribed alternatives. The real H.225.0 schema lives with the H.225.0 engine.
 *
 *   make build/native/h323_per_bench && build/native/h323_per_bench [iterations]
 *
 * per_bench_roundtrip() times any (type, value) pair and can be reused for other messages.
 */
#define _POSIX_C_SOURCE 200809L
#include "asn1/schema.h"
#include "engine/faststart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- H.225.0 subset: C types ---- */

typedef struct h221_ns { uint8_t country, ext; uint16_t manufacturer; } h221_ns;
typedef struct ns_id { uint32_t choice; union { per_oid object; h221_ns h221; } u; } ns_id;
typedef struct ns_param { ns_id id; per_octets data; } ns_param;
typedef struct ip4 { uint8_t ip[4]; uint16_t port; } ip4;
typedef struct ip6 { uint8_t ip[16]; uint16_t port; } ip6;
enum { TA_IP, TA_SOURCE_ROUTE, TA_IPX, TA_IP6, TA_NETBIOS, TA_NSAP, TA_NONSTANDARD };
typedef struct transport_addr {
    uint32_t choice;
    union { ip4 ip; ip6 ip6; uint8_t netbios[16]; per_octets nsap; ns_param ns; } u;
} transport_addr;
enum { AA_DIALED, AA_H323ID, AA_URL, AA_TRANSPORT, AA_EMAIL };
typedef struct alias_addr {
    uint32_t choice;
    union { per_string dialed; per_bmp h323_id; per_string url; transport_addr transport; per_string email; } u;
} alias_addr;
typedef PER_SEQ_OF(alias_addr) alias_list;
typedef struct vendor_id {
    h221_ns vendor;
    bool has_product, has_version, has_enterprise;
    per_octets product, version;
    per_oid enterprise;
} vendor_id;
typedef struct ns_only { bool has_ns; ns_param ns; } ns_only;   /* GatekeeperInfo, TerminalInfo */
typedef struct supported_protocols { uint32_t choice; } supported_protocols;
typedef struct gateway_info {
    bool has_protocol, has_ns;
    PER_SEQ_OF(supported_protocols) protocol;
    ns_param ns;
} gateway_info;
typedef struct mcu_info { bool has_ns, has_protocol; ns_param ns; PER_SEQ_OF(supported_protocols) protocol; } mcu_info;
typedef struct endpoint_type {
    bool has_ns, has_vendor, has_gk, has_gw, has_mcu, has_terminal, has_set, has_tunnelled;
    ns_param ns;
    vendor_id vendor;
    ns_only gk, terminal;
    gateway_info gw;
    mcu_info mcu;
    bool mc, undefined_node;
    uint8_t set[4];
    per_octets tunnelled;
} endpoint_type;
typedef struct q954 { bool conference_calling, three_party; } q954;
typedef struct qseries { bool q932, q951, q952, q953, q955, q956, q957; q954 q954_info; } qseries;
typedef struct choice_only { uint32_t choice; } choice_only;
typedef struct call_identifier { uint8_t guid[16]; } call_identifier;

typedef struct setup_uuie {
    per_oid protocol_id;
    bool has_h245_addr, has_src_addr, has_dst_addr, has_dst_csa, has_dst_extra, has_dst_crv, has_services;
    transport_addr h245_addr;
    alias_list src_addr;
    endpoint_type src_info;
    alias_list dst_addr;
    transport_addr dst_csa;
    alias_list dst_extra;
    PER_SEQ_OF(uint16_t) dst_crv;
    bool active_mc;
    uint8_t conf_id[16];
    choice_only goal;
    qseries services;
    choice_only call_type;
    /* extension additions */
    bool has_src_csa, has_remote_ext, has_h245_sec, has_tokens, has_crypto, has_fast_start, has_ep_id,
        has_conn_params, has_language, has_presentation, has_screening, has_service_control, has_symmetric,
        has_capacity, has_circuit, has_desired_protocols, has_needed, has_desired, has_supported,
        has_parallel, has_additional, has_hop, has_display;
    transport_addr src_csa;
    alias_addr remote_ext;
    call_identifier call_id;
    per_octets h245_sec, tokens, crypto;
    PER_SEQ_OF(per_octets) fast_start;
    bool media_wait, can_overlap;
    per_bmp ep_id;
    bool multiple_calls, maintain;
    per_octets conn_params, language, presentation, screening, service_control, capacity, circuit,
        desired_protocols, needed, desired, supported, parallel, additional, display;
    uint8_t hop;
} setup_uuie;

typedef struct message_body { uint32_t choice; union { setup_uuie setup; } u; } message_body;
typedef struct uu_pdu {
    message_body body;
    bool has_ns, has_h4501, has_h245_control, has_ns_control, has_linkage, has_tunnelled, has_prov,
        has_stimulus, has_generic;
    ns_param ns;
    per_octets h4501, ns_control, linkage, tunnelled, stimulus, generic;
    bool h245_tunnelling;
    PER_SEQ_OF(per_octets) h245_control;
} uu_pdu;
typedef struct user_data { uint8_t pd; per_octets info; } user_data;
typedef struct user_information { uu_pdu pdu; bool has_user_data; user_data ud; } user_information;

/* ---- H.225.0 subset: descriptions ---- */

static const per_type t_u8 = PER_INTEGER(uint8_t, 0, 255);
static const per_type t_u16 = PER_INTEGER(uint16_t, 0, 65535);
static const per_comp h221_comps[] = {
    PER_COMP(h221_ns, country, t_u8), PER_COMP(h221_ns, ext, t_u8), PER_COMP(h221_ns, manufacturer, t_u16),
};
static const per_type t_h221 = PER_SEQUENCE(h221_ns, "H221NonStandard", h221_comps, 3, true);
static const per_comp ns_id_comps[] = { PER_COMP(ns_id, u.object, per_t_oid), PER_COMP(ns_id, u.h221, t_h221) };
static const per_type t_ns_id = PER_CHOICE(ns_id, "NonStandardIdentifier", choice, ns_id_comps, 2, true);
static const per_type t_octets = PER_OCTET_STRING_UNC;
static const per_comp ns_comps[] = { PER_COMP(ns_param, id, t_ns_id), PER_COMP(ns_param, data, t_octets) };
static const per_type t_ns = PER_SEQUENCE(ns_param, "NonStandardParameter", ns_comps, 2, false);

static const per_type t_ip4 = PER_OCTET_STRING_FIXED(4), t_ip16 = PER_OCTET_STRING_FIXED(16);
static const per_comp ip4_comps[] = { PER_COMP(ip4, ip, t_ip4), PER_COMP(ip4, port, t_u16) };
static const per_type t_ip4addr = PER_SEQUENCE(ip4, "ipAddress", ip4_comps, 2, false);
static const per_comp ip6_comps[] = { PER_COMP(ip6, ip, t_ip16), PER_COMP(ip6, port, t_u16) };
static const per_type t_ip6addr = PER_SEQUENCE(ip6, "ip6Address", ip6_comps, 2, true);
static const per_type t_nsap = PER_OCTET_STRING(1, 20);
static const per_comp ta_comps[] = {
    PER_COMP(transport_addr, u.ip, t_ip4addr), PER_ALT_UNDESCRIBED("ipSourceRoute"),
    PER_ALT_UNDESCRIBED("ipxAddress"), PER_COMP(transport_addr, u.ip6, t_ip6addr),
    PER_COMP(transport_addr, u.netbios, t_ip16), PER_COMP(transport_addr, u.nsap, t_nsap),
    PER_COMP(transport_addr, u.ns, t_ns),
};
static const per_type t_transport = PER_CHOICE(transport_addr, "TransportAddress", choice, ta_comps, 7, true);

static const per_type t_dialed = PER_IA5STRING_FROM(1, 128, "#*,0123456789");
static const per_type t_h323id = PER_BMPSTRING(1, 256), t_url = PER_IA5STRING(1, 512);
static const per_comp alias_comps[] = {
    PER_COMP(alias_addr, u.dialed, t_dialed), PER_COMP(alias_addr, u.h323_id, t_h323id),
    PER_COMP(alias_addr, u.url, t_url), PER_COMP(alias_addr, u.transport, t_transport),
    PER_COMP(alias_addr, u.email, t_url), PER_ALT_UNDESCRIBED("partyNumber"),
    PER_ALT_UNDESCRIBED("mobileUIM"), PER_ALT_UNDESCRIBED("isupNumber"),
};
static const per_type t_alias = PER_CHOICE(alias_addr, "AliasAddress", choice, alias_comps, 2, true);
static const per_type t_alias_list = PER_SEQUENCE_OF_UNC(t_alias);

static const per_type t_256 = PER_OCTET_STRING(1, 256);
static const per_comp vendor_comps[] = {
    PER_COMP(vendor_id, vendor, t_h221), PER_COMP_OPT(vendor_id, product, t_256, has_product),
    PER_COMP_OPT(vendor_id, version, t_256, has_version),
    PER_COMP_OPT(vendor_id, enterprise, per_t_oid, has_enterprise),
};
static const per_type t_vendor = PER_SEQUENCE(vendor_id, "VendorIdentifier", vendor_comps, 3, true);
static const per_comp ns_only_comps[] = { PER_COMP_OPT(ns_only, ns, t_ns, has_ns) };
static const per_type t_ns_only = PER_SEQUENCE(ns_only, "TerminalInfo", ns_only_comps, 1, true);
static const per_comp sp_comps[] = {
    PER_ALT_UNDESCRIBED("nonStandardData"), PER_ALT_UNDESCRIBED("h310"), PER_ALT_UNDESCRIBED("h320"),
    PER_ALT_UNDESCRIBED("h321"), PER_ALT_UNDESCRIBED("h322"), PER_ALT_UNDESCRIBED("h323"),
    PER_ALT_UNDESCRIBED("h324"), PER_ALT_UNDESCRIBED("voice"), PER_ALT_UNDESCRIBED("t120-only"),
};
static const per_type t_sp = PER_CHOICE(supported_protocols, "SupportedProtocols", choice, sp_comps, 9, true);
static const per_type t_sp_list = PER_SEQUENCE_OF_UNC(t_sp);
static const per_comp gw_comps[] = {
    PER_COMP_OPT(gateway_info, protocol, t_sp_list, has_protocol), PER_COMP_OPT(gateway_info, ns, t_ns, has_ns),
};
static const per_type t_gw = PER_SEQUENCE(gateway_info, "GatewayInfo", gw_comps, 2, true);
static const per_comp mcu_comps[] = {
    PER_COMP_OPT(mcu_info, ns, t_ns, has_ns), PER_COMP_OPT(mcu_info, protocol, t_sp_list, has_protocol),
};
static const per_type t_mcu = PER_SEQUENCE(mcu_info, "McuInfo", mcu_comps, 1, true);
static const per_type t_bits32 = PER_BIT_STRING_FIXED(32);
static const per_comp ep_comps[] = {
    PER_COMP_OPT(endpoint_type, ns, t_ns, has_ns), PER_COMP_OPT(endpoint_type, vendor, t_vendor, has_vendor),
    PER_COMP_OPT(endpoint_type, gk, t_ns_only, has_gk), PER_COMP_OPT(endpoint_type, gw, t_gw, has_gw),
    PER_COMP_OPT(endpoint_type, mcu, t_mcu, has_mcu), PER_COMP_OPT(endpoint_type, terminal, t_ns_only, has_terminal),
    PER_COMP(endpoint_type, mc, per_t_boolean), PER_COMP(endpoint_type, undefined_node, per_t_boolean),
    PER_COMP_OPT(endpoint_type, set, t_bits32, has_set),
    PER_COMP_OPT(endpoint_type, tunnelled, per_t_open, has_tunnelled),
};
static const per_type t_endpoint = PER_SEQUENCE(endpoint_type, "EndpointType", ep_comps, 8, true);

static const per_comp q954_comps[] = {
    PER_COMP(q954, conference_calling, per_t_boolean), PER_COMP(q954, three_party, per_t_boolean),
};
static const per_type t_q954 = PER_SEQUENCE(q954, "Q954Details", q954_comps, 2, true);
static const per_comp qs_comps[] = {
    PER_COMP(qseries, q932, per_t_boolean), PER_COMP(qseries, q951, per_t_boolean),
    PER_COMP(qseries, q952, per_t_boolean), PER_COMP(qseries, q953, per_t_boolean),
    PER_COMP(qseries, q955, per_t_boolean), PER_COMP(qseries, q956, per_t_boolean),
    PER_COMP(qseries, q957, per_t_boolean), PER_COMP(qseries, q954_info, t_q954),
};
static const per_type t_qseries = PER_SEQUENCE(qseries, "QseriesOptions", qs_comps, 8, true);
static const per_comp goal_comps[] = {
    PER_ALT_NULL("create"), PER_ALT_NULL("join"), PER_ALT_NULL("invite"),
    PER_ALT_NULL("capability-negotiation"), PER_ALT_NULL("callIndependentSupplementaryService"),
};
static const per_type t_goal = PER_CHOICE(choice_only, "conferenceGoal", choice, goal_comps, 3, true);
static const per_comp ct_comps[] = {
    PER_ALT_NULL("pointToPoint"), PER_ALT_NULL("oneToN"), PER_ALT_NULL("nToOne"), PER_ALT_NULL("nToN"),
};
static const per_type t_call_type = PER_CHOICE(choice_only, "CallType", choice, ct_comps, 4, true);
static const per_comp cid_comps[] = { PER_COMP(call_identifier, guid, t_ip16) };
static const per_type t_call_id = PER_SEQUENCE(call_identifier, "CallIdentifier", cid_comps, 1, true);
static const per_type t_crv_list = PER_SEQUENCE_OF_UNC(t_u16);
static const per_type t_octets_list = PER_SEQUENCE_OF_UNC(t_octets);
static const per_type t_ep_id = PER_BMPSTRING(1, 128);
static const per_type t_hop = PER_INTEGER(uint8_t, 1, 31);

#define OPAQUE(f, has) PER_COMP_OPT(setup_uuie, f, per_t_open, has)
static const per_comp setup_comps[] = {
    PER_COMP(setup_uuie, protocol_id, per_t_oid),
    PER_COMP_OPT(setup_uuie, h245_addr, t_transport, has_h245_addr),
    PER_COMP_OPT(setup_uuie, src_addr, t_alias_list, has_src_addr),
    PER_COMP(setup_uuie, src_info, t_endpoint),
    PER_COMP_OPT(setup_uuie, dst_addr, t_alias_list, has_dst_addr),
    PER_COMP_OPT(setup_uuie, dst_csa, t_transport, has_dst_csa),
    PER_COMP_OPT(setup_uuie, dst_extra, t_alias_list, has_dst_extra),
    PER_COMP_OPT(setup_uuie, dst_crv, t_crv_list, has_dst_crv),
    PER_COMP(setup_uuie, active_mc, per_t_boolean),
    PER_COMP(setup_uuie, conf_id, t_ip16),
    PER_COMP(setup_uuie, goal, t_goal),
    PER_COMP_OPT(setup_uuie, services, t_qseries, has_services),
    PER_COMP(setup_uuie, call_type, t_call_type),
    /* ... */
    PER_COMP_OPT(setup_uuie, src_csa, t_transport, has_src_csa),
    PER_COMP_OPT(setup_uuie, remote_ext, t_alias, has_remote_ext),
    PER_COMP(setup_uuie, call_id, t_call_id),
    OPAQUE(h245_sec, has_h245_sec), OPAQUE(tokens, has_tokens), OPAQUE(crypto, has_crypto),
    PER_COMP_OPT(setup_uuie, fast_start, t_octets_list, has_fast_start),
    PER_COMP(setup_uuie, media_wait, per_t_boolean),
    PER_COMP(setup_uuie, can_overlap, per_t_boolean),
    PER_COMP_OPT(setup_uuie, ep_id, t_ep_id, has_ep_id),
    PER_COMP(setup_uuie, multiple_calls, per_t_boolean),
    PER_COMP(setup_uuie, maintain, per_t_boolean),
    OPAQUE(conn_params, has_conn_params), OPAQUE(language, has_language),
    OPAQUE(presentation, has_presentation), OPAQUE(screening, has_screening),
    OPAQUE(service_control, has_service_control),
    PER_COMP_NULL_OPT(setup_uuie, "symmetricOperationRequired", has_symmetric),
    OPAQUE(capacity, has_capacity), OPAQUE(circuit, has_circuit),
    OPAQUE(desired_protocols, has_desired_protocols), OPAQUE(needed, has_needed),
    OPAQUE(desired, has_desired), OPAQUE(supported, has_supported), OPAQUE(parallel, has_parallel),
    OPAQUE(additional, has_additional),
    PER_COMP_OPT(setup_uuie, hop, t_hop, has_hop),
    OPAQUE(display, has_display),
};
static const per_type t_setup = PER_SEQUENCE(setup_uuie, "Setup-UUIE", setup_comps, 13, true);

static const per_comp body_comps[] = {
    PER_COMP(message_body, u.setup, t_setup), PER_ALT_UNDESCRIBED("callProceeding"),
    PER_ALT_UNDESCRIBED("connect"), PER_ALT_UNDESCRIBED("alerting"), PER_ALT_UNDESCRIBED("information"),
    PER_ALT_UNDESCRIBED("releaseComplete"), PER_ALT_UNDESCRIBED("facility"),
    PER_ALT_UNDESCRIBED("progress"), PER_ALT_NULL("empty"), PER_ALT_UNDESCRIBED("status"),
    PER_ALT_UNDESCRIBED("statusInquiry"), PER_ALT_UNDESCRIBED("setupAcknowledge"), PER_ALT_UNDESCRIBED("notify"),
};
static const per_type t_body = PER_CHOICE(message_body, "h323-message-body", choice, body_comps, 7, true);
#define PDU_OPAQUE(f, has) PER_COMP_OPT(uu_pdu, f, per_t_open, has)
static const per_comp pdu_comps[] = {
    PER_COMP(uu_pdu, body, t_body),
    PER_COMP_OPT(uu_pdu, ns, t_ns, has_ns),
    PDU_OPAQUE(h4501, has_h4501),
    PER_COMP(uu_pdu, h245_tunnelling, per_t_boolean),
    PER_COMP_OPT(uu_pdu, h245_control, t_octets_list, has_h245_control),
    PDU_OPAQUE(ns_control, has_ns_control), PDU_OPAQUE(linkage, has_linkage),
    PDU_OPAQUE(tunnelled, has_tunnelled),
    PER_COMP_NULL_OPT(uu_pdu, "provisionalRespToH245Tunnelling", has_prov),
    PDU_OPAQUE(stimulus, has_stimulus), PDU_OPAQUE(generic, has_generic),
};
static const per_type t_pdu = PER_SEQUENCE(uu_pdu, "H323-UU-PDU", pdu_comps, 2, true);
static const per_type t_131 = PER_OCTET_STRING(1, 131);
static const per_comp ud_comps[] = { PER_COMP(user_data, pd, t_u8), PER_COMP(user_data, info, t_131) };
static const per_type t_user_data = PER_SEQUENCE(user_data, "user-data", ud_comps, 2, true);
static const per_comp ui_comps[] = {
    PER_COMP(user_information, pdu, t_pdu), PER_COMP_OPT(user_information, ud, t_user_data, has_user_data),
};
static const per_type t_user_info = PER_SEQUENCE(user_information, "H323-UserInformation", ui_comps, 2, true);

/* ---- the message ---- */

static const uint16_t alice[] = { 'a', 'l', 'i', 'c', 'e' };
/* The fastStart of a real call: h323_fs_offer's proposals (H.323 8.1.7) for G.711 mu-law and
 * A-law, each direction, 20 ms, RTP at 192.168.1.10:5000; built once, outside the timing. */
static uint8_t fs_buf[512];

static int build_fast_start(per_octets fs[4])
{
    static const uint32_t codecs[] = { H245_AUDIO_G711_ULAW64K, H245_AUDIO_G711_ALAW64K };
    const h323_fs_media media = { codecs, 2, 20, { 4, { 192, 168, 1, 10 }, 5000 } };
    size_t n;
    int rc = h323_fs_offer(&media, fs_buf, sizeof fs_buf, fs, 4, &n);
    return rc ? rc : n == 4 ? 0 : PER_E_INVALID;
}

static void build_setup(user_information *m, alias_addr src[2], alias_addr dst[1], per_octets fs[4])
{
    static const uint8_t conf[16] = { 0x6a, 0x1c, 0x02, 0x9e, 0x11, 0x8f, 0x4d, 0x20, 0x9b, 0x33, 0x10, 0x71, 0xe2, 0x05, 0x7c, 0x4b };
    static const uint8_t callid[16] = { 0x3f, 0x88, 0x19, 0x0c, 0x5a, 0x47, 0x11, 0xee, 0x80, 0x01, 0x2c, 0x4d, 0x54, 0x44, 0x11, 0x20 };
    memset(m, 0, sizeof *m);
    setup_uuie *s = &m->pdu.body.u.setup;
    m->pdu.body.choice = 0;
    s->protocol_id = (per_oid){ 6, { 0, 0, 8, 2250, 0, 4 } };
    src[0] = (alias_addr){ .choice = AA_H323ID, .u.h323_id = { 5, alice } };
    src[1] = (alias_addr){ .choice = AA_DIALED, .u.dialed = PER_STR("1001") };
    dst[0] = (alias_addr){ .choice = AA_DIALED, .u.dialed = PER_STR("2002") };
    s->has_src_addr = true;
    s->src_addr.count = 2;
    s->src_addr.items = src;
    s->src_info.has_vendor = true;
    s->src_info.vendor.vendor = (h221_ns){ 181, 0, 0x1234 };
    s->src_info.vendor.has_product = s->src_info.vendor.has_version = true;
    s->src_info.vendor.product = PER_OCTS("tspkit");
    s->src_info.vendor.version = PER_OCTS("0.1");
    s->src_info.has_terminal = true;
    s->has_dst_addr = true;
    s->dst_addr.count = 1;
    s->dst_addr.items = dst;
    s->has_dst_csa = true;
    s->dst_csa = (transport_addr){ .choice = TA_IP, .u.ip = { { 192, 168, 1, 20 }, 1720 } };
    memcpy(s->conf_id, conf, 16);
    s->goal.choice = 0;        /* create */
    s->call_type.choice = 0;   /* pointToPoint */
    s->has_src_csa = true;
    s->src_csa = (transport_addr){ .choice = TA_IP, .u.ip = { { 192, 168, 1, 10 }, 1720 } };
    memcpy(s->call_id.guid, callid, 16);
    s->has_fast_start = true;
    s->fast_start.count = 4;
    s->fast_start.items = fs;
    m->pdu.h245_tunnelling = true;
}

/* Components a value carries: every present SEQUENCE component, CHOICE alternative and
 * SEQUENCE OF item, counted recursively (the "about 60" of a fast-start Setup). */
static unsigned count_components(const per_type *t, const void *v)
{
    const uint8_t *base = v;
    unsigned n = 0;
    switch (t->kind) {
    case PER_K_SEQUENCE:
        for (uint32_t i = 0; i < t->ncomps; i++) {
            const per_comp *k = &t->comps[i];
            if ((k->flags & PER_OPTIONAL) && !*(const bool *)(base + k->present)) continue;
            n += 1 + count_components(k->type, base + k->offset);
        }
        return n;
    case PER_K_CHOICE: {
        const per_comp *k = &t->comps[*(const uint32_t *)(base + t->tag_off)];
        return 1 + (k->type ? count_components(k->type, base + k->offset) : 0);
    }
    case PER_K_SEQUENCE_OF: {
        const per_seq_of *s = v;
        const uint8_t *items = s->items;
        for (uint32_t i = 0; i < s->count; i++) n += 1 + count_components(t->item, items + i * t->item->csize);
        return n;
    }
    default:
        return 0;
    }
}

static double now_ns(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

typedef struct per_bench_result {
    size_t bytes;
    double encode_ns, decode_ns, both_ns, cpu_both_ns;
} per_bench_result;

/* Times encode, decode and both for one value (median of 5 runs of `iters`); 0 or PER_E_*. */
static int per_bench_roundtrip(const per_type *t, const void *value, void *scratch, unsigned iters,
                               per_bench_result *r)
{
    static uint8_t out[65536], arena_mem[65536];
    per_arena a;
    size_t len;
    double enc[5], dec[5], both[5], cpu[5];
    int rc = per_encode(t, value, out, sizeof out, &len, NULL);
    if (rc) return rc;
    per_arena_init(&a, arena_mem, sizeof arena_mem);
    if ((rc = per_decode(t, out, len, scratch, &a, NULL))) return rc;
    for (int run = 0; run < 5; run++) {
        double t0 = now_ns(CLOCK_MONOTONIC);
        for (unsigned i = 0; i < iters; i++) rc |= per_encode(t, value, out, sizeof out, &len, NULL);
        double t1 = now_ns(CLOCK_MONOTONIC);
        for (unsigned i = 0; i < iters; i++) {
            per_arena_reset(&a);
            rc |= per_decode(t, out, len, scratch, &a, NULL);
        }
        double t2 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
        for (unsigned i = 0; i < iters; i++) {
            rc |= per_encode(t, value, out, sizeof out, &len, NULL);
            per_arena_reset(&a);
            rc |= per_decode(t, out, len, scratch, &a, NULL);
        }
        double t3 = now_ns(CLOCK_MONOTONIC), c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
        enc[run] = (t1 - t0) / iters;
        dec[run] = (t2 - t1) / iters;
        both[run] = (t3 - t2) / iters;
        cpu[run] = (c1 - c0) / iters;
    }
    if (rc) return rc;
    /* Median of five: sort each (tiny insertion sort). */
    double *arrs[4] = { enc, dec, both, cpu };
    for (int k = 0; k < 4; k++)
        for (int i = 1; i < 5; i++)
            for (int j = i; j > 0 && arrs[k][j] < arrs[k][j - 1]; j--) {
                double x = arrs[k][j];
                arrs[k][j] = arrs[k][j - 1];
                arrs[k][j - 1] = x;
            }
    r->bytes = len;
    r->encode_ns = enc[2];
    r->decode_ns = dec[2];
    r->both_ns = both[2];
    r->cpu_both_ns = cpu[2];
    return PER_OK;
}

int main(int argc, char **argv)
{
    unsigned iters = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 200000;
    static user_information m, back;
    alias_addr src[2], dst[1];
    per_octets fs[4];
    per_errinfo ei;
    char msg[256];
    int rc = per_schema_check(&t_user_info, &ei);
    if (rc) {
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        fprintf(stderr, "schema: %s\n", msg);
        return 1;
    }
    if ((rc = build_fast_start(fs))) {
        fprintf(stderr, "fast start offer: %s\n", per_strerror(rc));
        return 1;
    }
    build_setup(&m, src, dst, fs);
    per_bench_result r;
    if ((rc = per_bench_roundtrip(&t_user_info, &m, &back, iters, &r))) {
        fprintf(stderr, "bench: %s\n", per_strerror(rc));
        return 1;
    }
    unsigned comps = count_components(&t_user_info, &m);
    printf("H.225.0 fast-start Setup (H323-UserInformation, %u components, %zu octets, 4 fastStart):\n",
           comps, r.bytes);
    printf("  encode            %8.0f ns\n", r.encode_ns);
    printf("  decode            %8.0f ns\n", r.decode_ns);
    printf("  encode + decode   %8.0f ns   (target <= 2000 ns)   CPU time %0.f ns\n", r.both_ns, r.cpu_both_ns);
    return r.both_ns <= 2000 ? 0 : 2;
}
