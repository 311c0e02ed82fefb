/*
 * tsp-h323/engine/ras.c - the RAS client of an endpoint (ras.h): gatekeeper discovery,
 * registration with its TTL keep-alive, admission, disengage, and the answers to the
 * gatekeeper's own requests. A pure state machine: datagrams and the time come in, datagrams
 * and events go out through h323_ras_ops.
 *
 * Standards: ITU-T H.323 (12/2009) clause 7.2 (7.2.1 discovery, 7.2.2 registration,
 * 7.2.4 admission/bandwidth/status/disengage); H.225.0 (12/2009) clause 7.9 and 7.11 (the RAS
 * messages and their timers; RequestInProgress), the message components as annex H has them.
 *
 * Every request waits in the pending table with its encoded octets: a retransmission is the
 * same datagram with the same requestSeqNum (H.225.0 7.9: a reply carries the requestSeqNum of
 * the request it answers, so an answer to the first copy still matches after a retry).
 */
#include "engine/ras.h"

#include "h225/h225.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RAS_MAX_DATAGRAM 2048      /* our requests: a full RRQ with two aliases is ~150 octets */
#define RAS_ID_UNITS 128           /* GatekeeperIdentifier / EndpointIdentifier: BMPString (SIZE(1..128)) */
#define RAS_ALIAS_UNITS 256        /* h323-ID: BMPString (SIZE(1..256)) */
#define RAS_TEXT 3 * RAS_ID_UNITS + 1   /* UTF-8 of a BMP identifier */
/* The GRQ multicast address (H.225.0 7.9.1 / H.323 7.2.1): 224.0.1.41, port 1718. */
static const uint8_t GK_MULTICAST_IP[4] = { 224, 0, 1, 41 };

enum ras_state {
    RAS_IDLE,                      /* not registered, nothing outstanding */
    RAS_DISCOVERING,               /* GRQ outstanding */
    RAS_REGISTERING,               /* full RRQ outstanding */
    RAS_REGISTERED,                /* RCF received (a keep-alive RRQ may be outstanding) */
    RAS_UNREGISTERING              /* URQ outstanding */
};

typedef struct ras_pending {
    uint32_t type;                 /* H225_RAS_GRQ, RRQ, URQ, ARQ, DRQ */
    uint16_t seq;
    bool keep_alive;               /* RRQ: the lightweight form */
    h323_addr to;
    uint64_t deadline;
    uint32_t tries_left;
    uint32_t token;                /* ARQ */
    uint16_t call_ref;             /* ARQ, DRQ */
    uint8_t call_id[16], conf_id[16];
    bool answer_call;
    uint8_t *bytes;
    size_t len;
} ras_pending;

/* A call with an ACF: what a DRQ, IRR or BRQ of the gatekeeper refers to. */
typedef struct ras_call {
    uint32_t token;
    uint16_t call_ref;
    uint8_t call_id[16], conf_id[16];
    bool answer_call, routed;
    uint32_t bandwidth;
} ras_call;

struct h323_ras {
    h323_ras_config cfg;
    h323_ras_ops ops;
    void *ctx;
    per_arena arena;

    enum ras_state state;
    uint16_t next_seq;
    uint32_t next_token;
    h323_addr gk_ras;              /* where requests go (the GCF's rasAddress, or cfg.gk_addr) */
    bool discovered;               /* GCF received for this registration: discoveryComplete */
    uint64_t keep_alive_at;        /* UINT64_MAX: none due */
    uint32_t ttl_s;                /* granted */

    char e164[129], product[257], version[257];   /* copies: NumberDigits <= 128, productId <= 256 */
    uint16_t h323_id[RAS_ALIAS_UNITS];
    per_bmp h323_id_bmp;
    uint16_t want_gk_id[RAS_ID_UNITS];
    per_bmp want_gk_id_bmp;        /* len 0: none asked for */
    uint16_t gk_id[RAS_ID_UNITS], ep_id[RAS_ID_UNITS];
    per_bmp gk_id_bmp, ep_id_bmp;  /* as the gatekeeper gave them; len 0: none */
    char gk_id_text[RAS_TEXT], ep_id_text[RAS_TEXT];

    ras_pending *pending;
    size_t npending, cap_pending;
    ras_call *calls;
    size_t ncalls, cap_calls;
};

/* ---- small helpers ------------------------------------------------------------------------- */

static bool addr_usable(const h323_addr *a)
{
    return a && (a->family == 4 || a->family == 6);
}

static h225_transport_address to_transport(const h323_addr *a)
{
    return a->family == 6 ? h225_transport_ipv6(a->ip, a->port) : h225_transport_ipv4(a->ip, a->port);
}

/* A TransportAddress as an h323_addr; family 0 for the kinds we cannot reach. */
static h323_addr from_transport(const h225_transport_address *t)
{
    h323_addr a;
    memset(&a, 0, sizeof a);
    if (t->choice == H225_TA_IP) {
        a.family = 4;
        memcpy(a.ip, t->u.ip.ip, 4);
        a.port = t->u.ip.port;
    } else if (t->choice == H225_TA_IP6) {
        a.family = 6;
        memcpy(a.ip, t->u.ip6.ip, 16);
        a.port = t->u.ip6.port;
    }
    return a;
}

static bool same_host(const h323_addr *a, const h323_addr *b)
{
    size_t n = a->family == 6 ? 16 : 4;
    return a->family == b->family && memcmp(a->ip, b->ip, n) == 0;
}

/* UTF-16 (BMP) as UTF-8 into out[0..RAS_TEXT). */
static void bmp_to_text(const per_bmp *b, char *out)
{
    size_t k = 0;
    for (uint32_t i = 0; i < b->len && i < RAS_ID_UNITS; i++) {
        unsigned c = b->chars[i];
        if (c < 0x80) {
            out[k++] = (char)c;
        } else if (c < 0x800) {
            out[k++] = (char)(0xC0 | (c >> 6));
            out[k++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[k++] = (char)(0xE0 | (c >> 12));
            out[k++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[k++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[k] = '\0';
}

/* Keeps a received identifier (copied: the decode arena is reused). false if it changed. */
static bool keep_id(const per_bmp *in, uint16_t *buf, per_bmp *bmp, char *text)
{
    uint32_t n = in->len < RAS_ID_UNITS ? in->len : RAS_ID_UNITS;
    bool same = bmp->len == n && (n == 0 || memcmp(bmp->chars, in->chars, n * sizeof *buf) == 0);
    if (n) memcpy(buf, in->chars, n * sizeof *buf);
    bmp->len = n;
    bmp->chars = buf;
    bmp_to_text(bmp, text);
    return same;
}

static void emit(h323_ras *r, const h323_ras_event *ev)
{
    if (r->ops.event) r->ops.event(r->ctx, ev);
}

static void logf_(h323_ras *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(h323_ras *r, const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    h323_ras_event ev = { .type = H323_RAS_EV_LOG, .u.text = text };
    emit(r, &ev);
}

static void emit_reg(h323_ras *r, enum h323_ras_event_type type, uint32_t reason)
{
    h323_ras_event ev = { .type = type };
    ev.u.reg.gatekeeper_id = r->gk_id_text;
    ev.u.reg.endpoint_id = r->ep_id_text;
    ev.u.reg.ttl_s = r->ttl_s;
    ev.u.reg.reject_reason = reason;
    emit(r, &ev);
}

/* requestSeqNum: 1..65535 (H.225.0 RequestSeqNum), never one that is still outstanding. */
static uint16_t take_seq(h323_ras *r)
{
    for (;;) {
        uint16_t s = r->next_seq++;
        if (r->next_seq == 0) r->next_seq = 1;
        bool busy = false;
        for (size_t i = 0; i < r->npending; i++) busy |= r->pending[i].seq == s;
        if (!busy) return s;
    }
}

/* ---- sending ------------------------------------------------------------------------------------ */

static int encode(h323_ras *r, const h225_ras_message *m, uint8_t *out, size_t *len)
{
    per_errinfo ei;
    int rc = h225_encode_ras(m, out, RAS_MAX_DATAGRAM, len, &ei);
    if (rc) {
        char why[160];
        per_errinfo_format(&ei, rc, why, sizeof why);
        logf_(r, "RAS: cannot encode %s: %s", h225_ras_name(m->choice), why);
    }
    return rc;
}

static void send_bytes(h323_ras *r, const h323_addr *to, const uint8_t *p, size_t n, uint32_t type)
{
    if (!r->ops.udp_send || r->ops.udp_send(r->ctx, to, p, n) < 0)
        logf_(r, "RAS: sending %s failed", h225_ras_name(type));   /* the retry timer still runs */
}

/* An answer (no retransmission: the gatekeeper repeats its request if it is lost). */
static void send_reply(h323_ras *r, const h323_addr *to, const h225_ras_message *m)
{
    uint8_t buf[RAS_MAX_DATAGRAM];
    size_t len;
    if (encode(r, m, buf, &len) == 0) send_bytes(r, to, buf, len, m->choice);
}

/* A request: sent now and kept for retransmission. p->type/seq/... are set by the caller.
 * 0 or H323_E_*. */
static int send_request(h323_ras *r, const h225_ras_message *m, ras_pending *p, uint64_t now)
{
    uint8_t buf[RAS_MAX_DATAGRAM];
    size_t len;
    if (encode(r, m, buf, &len) != 0) return H323_E_INVAL;
    if (r->npending == r->cap_pending) {
        size_t cap = r->cap_pending ? 2 * r->cap_pending : 8;
        ras_pending *np = realloc(r->pending, cap * sizeof *np);
        if (!np) return H323_E_NOMEM;
        r->pending = np;
        r->cap_pending = cap;
    }
    p->bytes = malloc(len);
    if (!p->bytes) return H323_E_NOMEM;
    memcpy(p->bytes, buf, len);
    p->len = len;
    p->type = m->choice;
    p->deadline = now + r->cfg.timeout_ms;
    p->tries_left = r->cfg.retries;
    r->pending[r->npending++] = *p;
    send_bytes(r, &p->to, buf, len, m->choice);
    return 0;
}

static void drop_pending(h323_ras *r, size_t i)
{
    free(r->pending[i].bytes);
    r->pending[i] = r->pending[--r->npending];
}

/* Drops every outstanding GRQ/RRQ/URQ (a new registration step replaces them). */
static void drop_registration_requests(h323_ras *r)
{
    for (size_t i = r->npending; i-- > 0;) {
        uint32_t t = r->pending[i].type;
        if (t == H225_RAS_GRQ || t == H225_RAS_RRQ || t == H225_RAS_URQ) drop_pending(r, i);
    }
}

/* ---- building our requests ----------------------------------------------------------------------- */

/* What H.225.0 calls our aliases (H.323 7.2.2: terminalAlias, endpointAlias, srcInfo):
 * dialedDigits for the E.164 number, h323-ID for the name. */
static uint32_t our_aliases(const h323_ras *r, h225_alias_address out[2])
{
    uint32_t n = 0;
    if (r->e164[0]) out[n++] = h225_alias_dialed_digits(r->e164);
    if (r->h323_id_bmp.len) {
        memset(&out[n], 0, sizeof out[n]);
        out[n].choice = H225_ALIAS_H323_ID;
        out[n++].u.h323_id = r->h323_id_bmp;
    }
    return n;
}

/* EndpointType: terminal, or gateway supporting the H.323 protocol (H.225.0 annex H
 * GatewayInfo.protocol, which a gatekeeper uses to route calls by prefix). */
static void our_endpoint_type(const h323_ras *r, h225_endpoint_type *t, h225_supported_protocols *proto)
{
    memset(t, 0, sizeof *t);
    if (r->cfg.is_gateway) {
        memset(proto, 0, sizeof *proto);
        proto->choice = H225_SP_H323;
        t->has_gateway = true;
        t->gateway.has_protocol = true;
        t->gateway.protocol.count = 1;
        t->gateway.protocol.items = proto;
    } else {
        t->has_terminal = true;
    }
}

static h225_vendor_identifier our_vendor(const h323_ras *r)
{
    h225_vendor_identifier v;
    memset(&v, 0, sizeof v);
    /* H.221 non-standard vendor code: T.35 country 0xB5 (United States), manufacturer 0:
     * no code assigned to tspkit; gatekeepers read productId/versionId. */
    v.vendor.t35_country_code = 0xB5;
    v.has_product_id = true;
    v.product_id = (per_octets){ (uint32_t)strlen(r->product), (const uint8_t *)r->product };
    if (r->version[0]) {
        v.has_version_id = true;
        v.version_id = (per_octets){ (uint32_t)strlen(r->version), (const uint8_t *)r->version };
    }
    return v;
}

static int send_grq(h323_ras *r, uint64_t now)
{
    h225_ras_message m;
    ras_pending p;
    memset(&p, 0, sizeof p);
    p.seq = take_seq(r);
    h225_ras_init(&m, H225_RAS_GRQ, p.seq, H225_PROTOCOL_VERSION);
    h225_grq *g = &m.u.grq;
    h225_supported_protocols proto;
    h225_alias_address aliases[2];
    g->ras_address = to_transport(&r->cfg.ras_addr);
    our_endpoint_type(r, &g->endpoint_type, &proto);
    if (r->want_gk_id_bmp.len) {
        g->has_gatekeeper_identifier = true;
        g->gatekeeper_identifier = r->want_gk_id_bmp;
    }
    uint32_t n = our_aliases(r, aliases);
    if (n) {
        g->has_endpoint_alias = true;
        g->endpoint_alias = (h225_alias_list){ n, aliases };
    }
    if (addr_usable(&r->cfg.gk_addr)) {
        p.to = r->cfg.gk_addr;
    } else {
        p.to.family = 4;
        memcpy(p.to.ip, GK_MULTICAST_IP, 4);
        p.to.port = H323_GK_DISCOVERY_PORT;
    }
    int rc = send_request(r, &m, &p, now);
    if (rc == 0) r->state = RAS_DISCOVERING;
    return rc;
}

/* RRQ (H.225.0 7.9 RegistrationRequest, H.323 7.2.2). Full: discoveryComplete, addresses,
 * terminalType, terminalAlias, endpointVendor, timeToLive, keepAlive FALSE. Lightweight
 * (H.323 7.2.2, keep-alive): keepAlive TRUE with endpointIdentifier, gatekeeperIdentifier and
 * timeToLive; the root components are mandatory in the ASN.1 and are repeated, the aliases
 * are not. */
static int send_rrq(h323_ras *r, bool keep_alive, uint64_t now)
{
    h225_ras_message m;
    ras_pending p;
    memset(&p, 0, sizeof p);
    p.seq = take_seq(r);
    p.keep_alive = keep_alive;
    p.to = r->gk_ras;
    h225_ras_init(&m, H225_RAS_RRQ, p.seq, H225_PROTOCOL_VERSION);
    h225_rrq *q = &m.u.rrq;
    h225_transport_address csa = to_transport(&r->cfg.signal_addr), ras = to_transport(&r->cfg.ras_addr);
    h225_supported_protocols proto;
    h225_alias_address aliases[2];
    q->discovery_complete = r->discovered;
    q->call_signal_address = (h225_transport_list){ 1, &csa };
    q->ras_address = (h225_transport_list){ 1, &ras };
    our_endpoint_type(r, &q->terminal_type, &proto);
    q->endpoint_vendor = our_vendor(r);
    const per_bmp *gk = r->gk_id_bmp.len ? &r->gk_id_bmp : &r->want_gk_id_bmp;
    if (gk->len) {
        q->has_gatekeeper_identifier = true;
        q->gatekeeper_identifier = *gk;
    }
    if (r->cfg.ttl_s) {
        q->has_time_to_live = true;
        q->time_to_live = keep_alive && r->ttl_s ? r->ttl_s : r->cfg.ttl_s;
    }
    q->keep_alive = keep_alive;
    if (keep_alive) {
        q->has_endpoint_identifier = true;
        q->endpoint_identifier = r->ep_id_bmp;
    } else {
        uint32_t n = our_aliases(r, aliases);
        if (n) {
            q->has_terminal_alias = true;
            q->terminal_alias = (h225_alias_list){ n, aliases };
        }
    }
    int rc = send_request(r, &m, &p, now);
    if (rc == 0 && !keep_alive) r->state = RAS_REGISTERING;
    return rc;
}

/* ---- lifecycle -------------------------------------------------------------------------------------- */

h323_ras *h323_ras_new(const h323_ras_config *cfg, const h323_ras_ops *ops, void *ctx)
{
    if (!cfg || !ops || !cfg->scratch || cfg->scratch_size < 4096) return NULL;
    if (cfg->mode != H323_GK_DISCOVER && cfg->mode != H323_GK_ADDRESS) return NULL;
    if (cfg->mode == H323_GK_ADDRESS && !addr_usable(&cfg->gk_addr)) return NULL;
    if (!addr_usable(&cfg->ras_addr) || !addr_usable(&cfg->signal_addr)) return NULL;
    h323_ras *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->cfg = *cfg;
    r->ops = *ops;
    r->ctx = ctx;
    per_arena_init(&r->arena, cfg->scratch, cfg->scratch_size);
    r->next_seq = 1;
    r->next_token = 1;
    r->keep_alive_at = UINT64_MAX;
    r->gk_id_bmp.chars = r->gk_id;
    r->ep_id_bmp.chars = r->ep_id;
    r->h323_id_bmp.chars = r->h323_id;
    r->want_gk_id_bmp.chars = r->want_gk_id;
    if ((cfg->h323_id && h225_bmp_from_utf8(&r->h323_id_bmp, r->h323_id, RAS_ALIAS_UNITS, cfg->h323_id) != 0) ||
        (cfg->gk_id && h225_bmp_from_utf8(&r->want_gk_id_bmp, r->want_gk_id, RAS_ID_UNITS, cfg->gk_id) != 0)) {
        free(r);
        return NULL;
    }
    /* The strings we send are copied: the caller's config need not outlive us. */
    if ((cfg->e164 && strlen(cfg->e164) >= sizeof r->e164) ||
        (cfg->product && strlen(cfg->product) >= sizeof r->product) ||
        (cfg->version && strlen(cfg->version) >= sizeof r->version)) {
        free(r);
        return NULL;
    }
    snprintf(r->e164, sizeof r->e164, "%s", cfg->e164 ? cfg->e164 : "");
    snprintf(r->product, sizeof r->product, "%s", cfg->product && cfg->product[0] ? cfg->product : "tspkit");
    snprintf(r->version, sizeof r->version, "%s", cfg->version ? cfg->version : "");
    r->cfg.e164 = r->e164;
    r->cfg.product = r->product;
    r->cfg.version = r->version;
    r->cfg.h323_id = r->cfg.gk_id = NULL;
    return r;
}

void h323_ras_free(h323_ras *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->npending; i++) free(r->pending[i].bytes);
    free(r->pending);
    free(r->calls);
    free(r);
}

int h323_ras_start(h323_ras *r, uint64_t now)
{
    if (!r) return H323_E_INVAL;
    if (r->state != RAS_IDLE) return H323_E_STATE;
    r->discovered = false;
    if (r->cfg.mode == H323_GK_DISCOVER) return send_grq(r, now);
    r->gk_ras = r->cfg.gk_addr;
    return send_rrq(r, false, now);
}

bool h323_ras_registered(const h323_ras *r)
{
    return r && r->state == RAS_REGISTERED;
}

/* URQ (H.225.0 7.9 UnregistrationRequest, H.323 7.2.2: endpoint-initiated unregistration). */
int h323_ras_stop(h323_ras *r, uint64_t now)
{
    if (!r) return H323_E_INVAL;
    if (r->state == RAS_DISCOVERING || r->state == RAS_REGISTERING) {
        drop_registration_requests(r);   /* nothing registered yet: just give up */
        r->state = RAS_IDLE;
        return 0;
    }
    if (r->state != RAS_REGISTERED) return H323_E_STATE;
    drop_registration_requests(r);
    r->keep_alive_at = UINT64_MAX;
    h225_ras_message m;
    ras_pending p;
    memset(&p, 0, sizeof p);
    p.seq = take_seq(r);
    p.to = r->gk_ras;
    h225_ras_init(&m, H225_RAS_URQ, p.seq, H225_PROTOCOL_VERSION);
    h225_urq *u = &m.u.urq;
    h225_transport_address csa = to_transport(&r->cfg.signal_addr);
    h225_alias_address aliases[2];
    u->call_signal_address = (h225_transport_list){ 1, &csa };
    uint32_t n = our_aliases(r, aliases);
    if (n) {
        u->has_endpoint_alias = true;
        u->endpoint_alias = (h225_alias_list){ n, aliases };
    }
    u->has_endpoint_identifier = true;
    u->endpoint_identifier = r->ep_id_bmp;
    if (r->gk_id_bmp.len) {
        u->has_gatekeeper_identifier = true;
        u->gatekeeper_identifier = r->gk_id_bmp;
    }
    int rc = send_request(r, &m, &p, now);
    if (rc == 0) r->state = RAS_UNREGISTERING;
    return rc;
}

/* ---- admission and disengage --------------------------------------------------------------------------- */

/* The destination as AliasAddress, as h323.h's h323_call_params.dest_alias describes it:
 * digits only -> dialedDigits; "h323:..." -> url-ID; with '@' -> email-ID; else h323-ID. */
static int alias_from_text(const char *text, h225_alias_address *a, uint16_t *buf, size_t cap)
{
    size_t n = strlen(text);
    if (n == 0) return -1;
    if (strspn(text, "0123456789#*,") == n) {
        if (n > 128) return -1;
        *a = h225_alias_dialed_digits(text);
        return 0;
    }
    if (strncmp(text, "h323:", 5) == 0) {
        if (n > 512) return -1;
        *a = h225_alias_url(text);
        return 0;
    }
    if (strchr(text, '@')) {
        if (n > 512) return -1;
        *a = h225_alias_email(text);
        return 0;
    }
    return h225_alias_h323_id(a, buf, cap, text);
}

static ras_call *find_call(h323_ras *r, const uint8_t call_id[16])
{
    for (size_t i = 0; i < r->ncalls; i++)
        if (memcmp(r->calls[i].call_id, call_id, 16) == 0) return &r->calls[i];
    return NULL;
}

/* ARQ (H.225.0 7.9 AdmissionRequest, H.323 7.2.4 / 8.1): point-to-point, direct call model
 * asked for (the gatekeeper may answer gatekeeperRouted), canMapAlias so the gatekeeper may
 * replace the destination alias with the one it knows. */
int h323_ras_admit(h323_ras *r, uint16_t call_ref, const uint8_t call_id[16], const uint8_t conf_id[16],
                   bool answer_call, const char *dest_alias, const h323_addr *dest, uint32_t bandwidth,
                   uint64_t now, uint32_t *token)
{
    if (!r || !call_id || !conf_id || !token) return H323_E_INVAL;
    bool has_dest = addr_usable(dest);
    if (!has_dest && (!dest_alias || !dest_alias[0])) return H323_E_INVAL;
    if (r->state != RAS_REGISTERED) return H323_E_STATE;
    h225_ras_message m;
    ras_pending p;
    memset(&p, 0, sizeof p);
    h225_alias_address dst, src[2];
    uint16_t dst_buf[RAS_ALIAS_UNITS];
    bool has_alias = dest_alias && dest_alias[0];
    if (has_alias && alias_from_text(dest_alias, &dst, dst_buf, RAS_ALIAS_UNITS) != 0) return H323_E_INVAL;
    p.seq = take_seq(r);
    p.to = r->gk_ras;
    p.call_ref = call_ref & 0x7FFF;
    memcpy(p.call_id, call_id, 16);
    memcpy(p.conf_id, conf_id, 16);
    p.answer_call = answer_call;
    p.token = r->next_token++;
    if (r->next_token == 0) r->next_token = 1;
    h225_ras_init(&m, H225_RAS_ARQ, p.seq, H225_PROTOCOL_VERSION);
    h225_arq *a = &m.u.arq;
    a->call_type = H225_CALL_TYPE_POINT_TO_POINT;
    a->has_call_model = true;
    a->call_model = H225_CALL_MODEL_DIRECT;
    a->endpoint_identifier = r->ep_id_bmp;
    if (has_alias) {
        a->has_destination_info = true;
        a->destination_info = (h225_alias_list){ 1, &dst };
    }
    if (has_dest) {
        a->has_dest_call_signal_address = true;
        a->dest_call_signal_address = to_transport(dest);
    }
    uint32_t n = our_aliases(r, src);
    if (n == 0) {   /* srcInfo is mandatory: without aliases, our address (transportID) */
        memset(&src[0], 0, sizeof src[0]);
        src[0].choice = H225_ALIAS_TRANSPORT_ID;
        src[0].u.transport_id = to_transport(&r->cfg.signal_addr);
        n = 1;
    }
    a->src_info = (h225_alias_list){ n, src };
    if (!answer_call) {
        a->has_src_call_signal_address = true;
        a->src_call_signal_address = to_transport(&r->cfg.signal_addr);
    }
    a->bandwidth = bandwidth;
    a->call_reference_value = p.call_ref;
    memcpy(a->conference_id, conf_id, 16);
    a->answer_call = answer_call;
    a->can_map_alias = true;
    memcpy(a->call_identifier.guid, call_id, 16);
    if (r->gk_id_bmp.len) {
        a->has_gatekeeper_identifier = true;
        a->gatekeeper_identifier = r->gk_id_bmp;
    }
    int rc = send_request(r, &m, &p, now);
    if (rc == 0) *token = p.token;
    return rc;
}

/* DRQ (H.225.0 7.9 DisengageRequest, H.323 8.5 call clearing with a gatekeeper): only for a call the
 * gatekeeper admitted (an ACF came); disengageReason normalDrop. */
int h323_ras_disengage(h323_ras *r, uint16_t call_ref, const uint8_t call_id[16], const uint8_t conf_id[16],
                       bool answered_call, uint64_t now)
{
    if (!r || !call_id || !conf_id) return H323_E_INVAL;
    ras_call *c = find_call(r, call_id);
    if (!c) return H323_E_STATE;
    *c = r->calls[--r->ncalls];
    if (r->state != RAS_REGISTERED) return H323_E_STATE;
    h225_ras_message m;
    ras_pending p;
    memset(&p, 0, sizeof p);
    p.seq = take_seq(r);
    p.to = r->gk_ras;
    p.call_ref = call_ref & 0x7FFF;
    memcpy(p.call_id, call_id, 16);
    h225_ras_init(&m, H225_RAS_DRQ, p.seq, H225_PROTOCOL_VERSION);
    h225_drq *d = &m.u.drq;
    d->endpoint_identifier = r->ep_id_bmp;
    memcpy(d->conference_id, conf_id, 16);
    d->call_reference_value = p.call_ref;
    d->disengage_reason = H225_DISENGAGE_NORMAL_DROP;
    memcpy(d->call_identifier.guid, call_id, 16);
    if (r->gk_id_bmp.len) {
        d->has_gatekeeper_identifier = true;
        d->gatekeeper_identifier = r->gk_id_bmp;
    }
    d->answered_call = answered_call;
    return send_request(r, &m, &p, now);
}

/* ---- timers ---------------------------------------------------------------------------------------------- */

/* When to send the lightweight RRQ: early enough that the request and all its retries fit
 * before the TTL runs out (margin = timeout x (retries + 1)), and never later than half the
 * TTL, so that a short TTL still leaves room for one full RRQ after a lost keep-alive
 * (H.323 7.2.2: the registration lapses when timeToLive passes without a keep-alive). */
static uint64_t keep_alive_time(const h323_ras *r, uint64_t now)
{
    uint64_t ttl_ms = (uint64_t)r->ttl_s * 1000;
    uint64_t margin = (uint64_t)r->cfg.timeout_ms * ((uint64_t)r->cfg.retries + 1);
    uint64_t at = ttl_ms > margin ? ttl_ms - margin : 0;
    if (at < ttl_ms / 2 || at == 0) at = ttl_ms / 2;
    return now + (at ? at : 1);
}

/* A request ran out of retries. */
static void request_failed(h323_ras *r, ras_pending p, uint64_t now)
{
    switch (p.type) {
    case H225_RAS_GRQ:
    case H225_RAS_RRQ:
        if (p.type == H225_RAS_RRQ && p.keep_alive && r->state == RAS_REGISTERED) {
            /* H.323 7.2.2: a keep-alive the gatekeeper does not answer -> register in full. */
            logf_(r, "RAS: keep-alive RRQ unanswered, registering again in full");
            r->keep_alive_at = UINT64_MAX;
            if (send_rrq(r, false, now) == 0) return;
        }
        r->state = RAS_IDLE;
        r->keep_alive_at = UINT64_MAX;
        emit_reg(r, H323_RAS_EV_REG_FAILED, UINT32_MAX);
        break;
    case H225_RAS_URQ:
        r->state = RAS_IDLE;   /* we leave anyway */
        emit_reg(r, H323_RAS_EV_UNREGISTERED, UINT32_MAX);
        break;
    case H225_RAS_ARQ: {
        h323_ras_event ev = { .type = H323_RAS_EV_ADMIT_REJECTED };
        ev.u.adm.token = p.token;
        ev.u.adm.call_ref = p.call_ref;
        ev.u.adm.reject_reason = UINT32_MAX;
        emit(r, &ev);
        break;
    }
    default:
        logf_(r, "RAS: %s seq %u unanswered", h225_ras_name(p.type), p.seq);
        break;
    }
}

void h323_ras_tick(h323_ras *r, uint64_t now)
{
    if (!r) return;
    /* Each round handles one due item and starts over: events may change the tables. */
    for (;;) {
        size_t i;
        for (i = 0; i < r->npending && r->pending[i].deadline > now; i++) {}
        if (i < r->npending) {
            ras_pending *p = &r->pending[i];
            if (p->tries_left) {
                p->tries_left--;
                p->deadline = now + r->cfg.timeout_ms;
                send_bytes(r, &p->to, p->bytes, p->len, p->type);
                continue;
            }
            ras_pending gone = *p;
            gone.bytes = NULL;
            drop_pending(r, i);
            request_failed(r, gone, now);
            continue;
        }
        if (r->state == RAS_REGISTERED && r->keep_alive_at <= now) {
            r->keep_alive_at = UINT64_MAX;
            if (send_rrq(r, true, now) != 0) logf_(r, "RAS: cannot send the keep-alive RRQ");
            continue;
        }
        break;
    }
}

uint64_t h323_ras_next_deadline(const h323_ras *r)
{
    if (!r) return UINT64_MAX;
    uint64_t t = r->state == RAS_REGISTERED ? r->keep_alive_at : UINT64_MAX;
    for (size_t i = 0; i < r->npending; i++)
        if (r->pending[i].deadline < t) t = r->pending[i].deadline;
    return t;
}

/* ---- replies ------------------------------------------------------------------------------------------------ */

/* The request a reply of type `type` answers (H.225.0: xCF/xRJ answer xRQ). */
static uint32_t request_of(uint32_t type)
{
    switch (type) {
    case H225_RAS_GCF: case H225_RAS_GRJ: return H225_RAS_GRQ;
    case H225_RAS_RCF: case H225_RAS_RRJ: return H225_RAS_RRQ;
    case H225_RAS_UCF: case H225_RAS_URJ: return H225_RAS_URQ;
    case H225_RAS_ACF: case H225_RAS_ARJ: return H225_RAS_ARQ;
    case H225_RAS_DCF: case H225_RAS_DRJ: return H225_RAS_DRQ;
    default: return UINT32_MAX;
    }
}

static bool take_pending(h323_ras *r, uint32_t type, uint16_t seq, ras_pending *out)
{
    for (size_t i = 0; i < r->npending; i++)
        if (r->pending[i].seq == seq && r->pending[i].type == type) {
            *out = r->pending[i];
            out->bytes = NULL;
            drop_pending(r, i);
            return true;
        }
    return false;
}

static void on_gcf(h323_ras *r, const h225_gcf *g, uint64_t now)
{
    h323_addr ras = from_transport(&g->ras_address);
    if (!addr_usable(&ras)) {
        r->state = RAS_IDLE;
        logf_(r, "RAS: GCF without a usable rasAddress");
        emit_reg(r, H323_RAS_EV_REG_FAILED, UINT32_MAX);
        return;
    }
    r->gk_ras = ras;
    if (g->has_gatekeeper_identifier) keep_id(&g->gatekeeper_identifier, r->gk_id, &r->gk_id_bmp, r->gk_id_text);
    r->discovered = true;
    if (send_rrq(r, false, now) != 0) {
        r->state = RAS_IDLE;
        emit_reg(r, H323_RAS_EV_REG_FAILED, UINT32_MAX);
    }
}

static void on_rcf(h323_ras *r, const h225_rcf *c, const ras_pending *p, uint64_t now)
{
    if (c->endpoint_identifier.len == 0) {
        logf_(r, "RAS: RCF without endpointIdentifier ignored");
        return;
    }
    bool was = r->state == RAS_REGISTERED;
    bool same = keep_id(&c->endpoint_identifier, r->ep_id, &r->ep_id_bmp, r->ep_id_text);
    if (c->has_gatekeeper_identifier)
        same &= keep_id(&c->gatekeeper_identifier, r->gk_id, &r->gk_id_bmp, r->gk_id_text);
    uint32_t ttl = c->has_time_to_live ? c->time_to_live : 0;
    same &= ttl == r->ttl_s;
    r->ttl_s = ttl;
    r->state = RAS_REGISTERED;
    r->keep_alive_at = ttl ? keep_alive_time(r, now) : UINT64_MAX;
    if (!was || !p->keep_alive || !same) emit_reg(r, H323_RAS_EV_REGISTERED, 0);
}

static void on_rrj(h323_ras *r, const h225_rrj *j, const ras_pending *p, uint64_t now)
{
    uint32_t why = j->reject_reason.choice;
    if (p->keep_alive && r->state == RAS_REGISTERED) {
        /* H.225.0 7.9 RegistrationRejectReason: fullRegistrationRequired answers a lightweight RRQ the gatekeeper
         * cannot take (it lost our registration): register again with everything. */
        r->keep_alive_at = UINT64_MAX;
        if (why == H225_RRJ_FULL_REGISTRATION_REQUIRED) {
            logf_(r, "RAS: keep-alive rejected (fullRegistrationRequired), registering in full");
            if (send_rrq(r, false, now) == 0) return;
        }
    } else if (why == H225_RRJ_DISCOVERY_REQUIRED && r->cfg.mode == H323_GK_DISCOVER && !r->discovered) {
        if (send_grq(r, now) == 0) return;
    }
    r->state = RAS_IDLE;
    r->keep_alive_at = UINT64_MAX;
    emit_reg(r, H323_RAS_EV_REG_FAILED, why);
}

static void on_reply(h323_ras *r, const h225_ras_message *m, uint64_t now)
{
    uint16_t seq = h225_ras_seq_num(m);
    if (m->choice == H225_RAS_RIP) {
        /* H.225.0 7.11 (RequestInProgress): the gatekeeper needs `delay` ms more; wait that
         * long before retransmitting, without spending a retry. */
        for (size_t i = 0; i < r->npending; i++)
            if (r->pending[i].seq == seq) {
                r->pending[i].deadline = now + (m->u.misc.delay ? m->u.misc.delay : 1);
                return;
            }
        logf_(r, "RAS: RIP for no outstanding request (seq %u) dropped", seq);
        return;
    }
    ras_pending p;
    if (!take_pending(r, request_of(m->choice), seq, &p)) {
        logf_(r, "RAS: %s seq %u matches no outstanding request, dropped", h225_ras_name(m->choice), seq);
        return;
    }
    switch (m->choice) {
    case H225_RAS_GCF: on_gcf(r, &m->u.gcf, now); break;
    case H225_RAS_GRJ:
        r->state = RAS_IDLE;
        emit_reg(r, H323_RAS_EV_REG_FAILED, m->u.grj.reject_reason.choice);
        break;
    case H225_RAS_RCF: on_rcf(r, &m->u.rcf, &p, now); break;
    case H225_RAS_RRJ: on_rrj(r, &m->u.rrj, &p, now); break;
    case H225_RAS_UCF:
    case H225_RAS_URJ:   /* refused or not: we consider ourselves gone (H.323 7.2.2) */
        r->state = RAS_IDLE;
        r->keep_alive_at = UINT64_MAX;
        emit_reg(r, H323_RAS_EV_UNREGISTERED, m->choice == H225_RAS_URJ ? m->u.reject.reject_reason.choice : 0);
        break;
    case H225_RAS_ACF: {
        const h225_acf *a = &m->u.acf;
        h323_ras_event ev = { .type = H323_RAS_EV_ADMITTED };
        ev.u.adm.token = p.token;
        ev.u.adm.call_ref = p.call_ref;
        ev.u.adm.dest = from_transport(&a->dest_call_signal_address);
        ev.u.adm.routed = a->call_model == H225_CALL_MODEL_GATEKEEPER_ROUTED;
        ev.u.adm.bandwidth = a->bandwidth;
        if (r->ncalls == r->cap_calls) {
            size_t cap = r->cap_calls ? 2 * r->cap_calls : 8;
            ras_call *nc = realloc(r->calls, cap * sizeof *nc);
            if (nc) {
                r->calls = nc;
                r->cap_calls = cap;
            }
        }
        if (r->ncalls < r->cap_calls) {
            ras_call *c = &r->calls[r->ncalls++];
            c->token = p.token;
            c->call_ref = p.call_ref;
            memcpy(c->call_id, p.call_id, 16);
            memcpy(c->conf_id, p.conf_id, 16);
            c->answer_call = p.answer_call;
            c->routed = ev.u.adm.routed;
            c->bandwidth = a->bandwidth;
        } else {
            logf_(r, "RAS: out of memory: the gatekeeper cannot disengage this call");
        }
        emit(r, &ev);
        break;
    }
    case H225_RAS_ARJ: {
        h323_ras_event ev = { .type = H323_RAS_EV_ADMIT_REJECTED };
        ev.u.adm.token = p.token;
        ev.u.adm.call_ref = p.call_ref;
        ev.u.adm.reject_reason = m->u.reject.reject_reason.choice;
        emit(r, &ev);
        break;
    }
    case H225_RAS_DCF: break;
    case H225_RAS_DRJ:
        logf_(r, "RAS: DRJ (reason %u) for call reference %u", m->u.reject.reject_reason.choice, p.call_ref);
        break;
    default: break;
    }
}

/* ---- the gatekeeper's requests ------------------------------------------------------------------------------- */

static void reply_reject(h323_ras *r, const h323_addr *to, uint32_t type, uint16_t seq, uint32_t reason)
{
    h225_ras_message m;
    h225_ras_init(&m, type, seq, H225_PROTOCOL_VERSION);
    m.u.reject.reject_reason.choice = reason;
    send_reply(r, to, &m);
}

/* URQ from the gatekeeper (H.323 7.2.2, gatekeeper-initiated unregistration): UCF, then we are unregistered. */
static void on_urq(h323_ras *r, const h323_addr *from, const h225_urq *u, uint64_t now)
{
    if (r->state != RAS_REGISTERED ||
        (u->has_endpoint_identifier && (u->endpoint_identifier.len != r->ep_id_bmp.len ||
                                        memcmp(u->endpoint_identifier.chars, r->ep_id_bmp.chars,
                                               r->ep_id_bmp.len * sizeof(uint16_t)) != 0))) {
        reply_reject(r, from, H225_RAS_URJ, u->request_seq_num, H225_URJ_NOT_CURRENTLY_REGISTERED);
        return;
    }
    h225_ras_message m;
    h225_ras_init(&m, H225_RAS_UCF, u->request_seq_num, H225_PROTOCOL_VERSION);
    send_reply(r, from, &m);
    drop_registration_requests(r);
    r->state = RAS_IDLE;
    r->keep_alive_at = UINT64_MAX;
    uint32_t why = u->has_reason ? u->reason.choice : H225_URQ_UNDEFINED_REASON;
    emit_reg(r, H323_RAS_EV_UNREGISTERED, why);
    /* H.225.0 UnregRequestReason reregistrationRequired: the gatekeeper wants a new RRQ. */
    if (why == H225_URQ_REREGISTRATION_REQUIRED && r->state == RAS_IDLE) h323_ras_start(r, now);
}

/* DRQ from the gatekeeper (H.323 8.5: the gatekeeper ends a call): DCF and DISENGAGE. */
static void on_drq(h323_ras *r, const h323_addr *from, const h225_drq *d)
{
    if (r->state != RAS_REGISTERED) {
        reply_reject(r, from, H225_RAS_DRJ, d->request_seq_num, H225_DRJ_NOT_REGISTERED);
        return;
    }
    ras_call *c = find_call(r, d->call_identifier.guid);
    if (!c) {
        reply_reject(r, from, H225_RAS_DRJ, d->request_seq_num, H225_DRJ_REQUEST_TO_DROP_OTHER);
        return;
    }
    h323_ras_event ev = { .type = H323_RAS_EV_DISENGAGE };
    ev.u.adm.token = c->token;
    ev.u.adm.call_ref = c->call_ref;
    ev.u.adm.routed = c->routed;
    ev.u.adm.bandwidth = c->bandwidth;
    *c = r->calls[--r->ncalls];   /* disengaged: no DRQ of ours follows */
    h225_ras_message m;
    h225_ras_init(&m, H225_RAS_DCF, d->request_seq_num, H225_PROTOCOL_VERSION);
    send_reply(r, from, &m);
    emit(r, &ev);
}

/* IRQ (H.225.0 7.9 InfoRequest, H.323 7.2.4 status): IRR with our registration and, per
 * call the IRQ asks about (callReferenceValue 0: all), what the RAS client knows of it. */
static void on_irq(h323_ras *r, const h323_addr *from, const h225_irq *q)
{
    h323_addr to = *from;
    if (q->has_reply_address) {
        h323_addr ra = from_transport(&q->reply_address);
        if (addr_usable(&ra)) to = ra;
    }
    if (r->state != RAS_REGISTERED) {
        reply_reject(r, &to, H225_RAS_INAK, q->request_seq_num, H225_INAK_NOT_REGISTERED);
        return;
    }
    h225_ras_message m;
    h225_ras_init(&m, H225_RAS_IRR, q->request_seq_num, H225_PROTOCOL_VERSION);
    h225_irr *i = &m.u.irr;
    h225_supported_protocols proto;
    h225_alias_address aliases[2];
    h225_transport_address csa = to_transport(&r->cfg.signal_addr);
    our_endpoint_type(r, &i->endpoint_type, &proto);
    i->endpoint_identifier = r->ep_id_bmp;
    i->ras_address = to_transport(&r->cfg.ras_addr);
    i->call_signal_address = (h225_transport_list){ 1, &csa };
    uint32_t n = our_aliases(r, aliases);
    if (n) {
        i->has_endpoint_alias = true;
        i->endpoint_alias = (h225_alias_list){ n, aliases };
    }
    /* perCallInfo from the arena's free part (the IRQ's decoded strings stay below it). */
    h225_per_call_info *pci = r->ncalls ? per_arena_alloc(&r->arena, r->ncalls * sizeof *pci) : NULL;
    uint32_t k = 0;
    for (size_t c = 0; pci && c < r->ncalls; c++) {
        const ras_call *rc = &r->calls[c];
        if (q->call_reference_value && rc->call_ref != q->call_reference_value) continue;
        h225_per_call_info *x = &pci[k++];
        memset(x, 0, sizeof *x);
        x->call_reference_value = rc->call_ref;
        memcpy(x->conference_id, rc->conf_id, 16);
        x->has_originator = true;
        x->originator = !rc->answer_call;
        x->call_type = H225_CALL_TYPE_POINT_TO_POINT;
        x->bandwidth = rc->bandwidth;
        x->call_model = rc->routed ? H225_CALL_MODEL_GATEKEEPER_ROUTED : H225_CALL_MODEL_DIRECT;
        memcpy(x->call_identifier.guid, rc->call_id, 16);
    }
    if (k) {
        i->has_per_call_info = true;
        i->per_call_info = (h225_per_call_info_list){ k, pci };
    } else if (q->call_reference_value) {
        /* H.225.0 InfoRequestResponseStatus invalidCall: we know no such call. */
        i->has_irr_status = true;
        i->irr_status.choice = H225_IRR_INVALID_CALL;
    }
    send_reply(r, &to, &m);
}

/* BRQ from the gatekeeper (H.323 7.2.4: it changes a call's bandwidth): BCF with it. */
static void on_brq(h323_ras *r, const h323_addr *from, const h225_brq *b)
{
    if (r->state != RAS_REGISTERED) {
        reply_reject(r, from, H225_RAS_BRJ, b->request_seq_num, H225_BRJ_NOT_BOUND);
        return;
    }
    ras_call *c = find_call(r, b->call_identifier.guid);
    if (c) c->bandwidth = b->bandwidth;
    h225_ras_message m;
    h225_ras_init(&m, H225_RAS_BCF, b->request_seq_num, H225_PROTOCOL_VERSION);
    m.u.bcf.bandwidth = b->bandwidth;
    send_reply(r, from, &m);
}

void h323_ras_input(h323_ras *r, const h323_addr *from, const uint8_t *p, size_t n, uint64_t now)
{
    if (!r || !from || (!p && n)) return;
    h225_ras_message m;
    per_errinfo ei;
    per_arena_reset(&r->arena);
    int rc = h225_decode_ras(p, n, &m, &r->arena, &ei);
    if (rc) {
        char why[160];
        per_errinfo_format(&ei, rc, why, sizeof why);
        logf_(r, "RAS: malformed datagram (%lu octets) dropped: %s", (unsigned long)n, why);
        return;
    }
    switch (m.choice) {
    case H225_RAS_GCF: case H225_RAS_GRJ: case H225_RAS_RCF: case H225_RAS_RRJ: case H225_RAS_UCF:
    case H225_RAS_URJ: case H225_RAS_ACF: case H225_RAS_ARJ: case H225_RAS_DCF: case H225_RAS_DRJ:
    case H225_RAS_RIP:
        on_reply(r, &m, now);
        return;
    default:
        break;
    }
    /* Requests are taken from our gatekeeper only. */
    if (r->state == RAS_IDLE || r->state == RAS_DISCOVERING || !same_host(from, &r->gk_ras)) {
        logf_(r, "RAS: %s from someone not our gatekeeper dropped", h225_ras_name(m.choice));
        return;
    }
    switch (m.choice) {
    case H225_RAS_URQ: on_urq(r, from, &m.u.urq, now); break;
    case H225_RAS_DRQ: on_drq(r, from, &m.u.drq); break;
    case H225_RAS_IRQ: on_irq(r, from, &m.u.irq); break;
    case H225_RAS_BRQ: on_brq(r, from, &m.u.brq); break;
    default:
        logf_(r, "RAS: %s (seq %u) not for an endpoint, dropped", h225_ras_name(m.choice), h225_ras_seq_num(&m));
        break;
    }
}
