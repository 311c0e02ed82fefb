/*
 * tests/h323/gk.c - the gatekeeper emulator of gk.h. Written from H.323 clause 7.2 and the
 * RAS messages of H.225.0 (annex H); test code: errors end in -1, nothing is printed.
 */
#include "gk.h"

#include <stdlib.h>
#include <string.h>

#define GK_ARENA (64 * 1024)
#define GK_MAX_HELD 8

typedef struct gk_held {
    uint64_t due;
    gk_datagram d;
} gk_held;

struct gk {
    gk_config cfg;
    uint8_t arena_mem[GK_ARENA];
    per_arena arena;
    uint16_t gk_id[128], ep_id[128];
    per_bmp gk_id_bmp, ep_id_bmp;
    bool registered;
    h323_addr ep_ras, ep_csa;
    /* the last admitted call */
    bool has_call;
    uint8_t call_id[16], conf_id[16];
    uint16_t call_ref;
    bool answered;
    uint16_t seq;                  /* the gatekeeper's own requestSeqNum */
    unsigned count[H225_RAS_COUNT], bad;
    uint8_t *last[H225_RAS_COUNT];
    size_t last_len[H225_RAS_COUNT];
    gk_held held[GK_MAX_HELD];
    size_t nheld;
};

gk_config gk_config_default(void)
{
    gk_config c;
    memset(&c, 0, sizeof c);
    c.ras_addr = (h323_addr){ 4, { 192, 0, 2, 10 }, 1719 };
    c.gk_id = "gk";
    c.endpoint_id = "ep-1";
    return c;
}

gk *gk_new(const gk_config *cfg)
{
    gk *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->cfg = *cfg;
    g->seq = 1000;
    return g;
}

void gk_free(gk *g)
{
    if (!g) return;
    for (size_t i = 0; i < H225_RAS_COUNT; i++) free(g->last[i]);
    free(g);
}

gk_config *gk_cfg(gk *g) { return &g->cfg; }
unsigned gk_count(const gk *g, uint32_t type) { return type < H225_RAS_COUNT ? g->count[type] : 0; }
unsigned gk_bad(const gk *g) { return g->bad; }
bool gk_registered(const gk *g) { return g->registered; }
uint16_t gk_last_seq_sent(const gk *g) { return g->seq; }

const uint8_t *gk_last(const gk *g, uint32_t type, size_t *len)
{
    if (type >= H225_RAS_COUNT || !g->last[type]) return NULL;
    *len = g->last_len[type];
    return g->last[type];
}

static h225_transport_address transport(const h323_addr *a)
{
    return a->family == 6 ? h225_transport_ipv6(a->ip, a->port) : h225_transport_ipv4(a->ip, a->port);
}

static h323_addr addr_of(const h225_transport_address *t)
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

static void set_ids(gk *g)
{
    g->gk_id_bmp.len = g->ep_id_bmp.len = 0;
    if (g->cfg.gk_id) h225_bmp_from_utf8(&g->gk_id_bmp, g->gk_id, 128, g->cfg.gk_id);
    if (g->cfg.endpoint_id) h225_bmp_from_utf8(&g->ep_id_bmp, g->ep_id, 128, g->cfg.endpoint_id);
}

static int put(gk_out *out, const h323_addr *to, const h225_ras_message *m)
{
    if (out->n == GK_MAX_OUT) return -1;
    gk_datagram *d = &out->d[out->n];
    if (h225_encode_ras(m, d->data, sizeof d->data, &d->len, NULL) != 0) return -1;
    d->to = *to;
    out->n++;
    return 0;
}

/* An answer, or RIP now and the answer at half the delay (H.225.0 7.11). */
static void answer(gk *g, const h323_addr *to, const h225_ras_message *m, uint64_t now, gk_out *out)
{
    if (!g->cfg.rip_delay_ms) {
        put(out, to, m);
        return;
    }
    h225_ras_message rip;
    h225_ras_init(&rip, H225_RAS_RIP, h225_ras_seq_num(m), H225_PROTOCOL_VERSION);
    rip.u.misc.delay = g->cfg.rip_delay_ms;
    put(out, to, &rip);
    if (g->nheld == GK_MAX_HELD) return;
    gk_held *h = &g->held[g->nheld];
    if (h225_encode_ras(m, h->d.data, sizeof h->d.data, &h->d.len, NULL) != 0) return;
    h->d.to = *to;
    h->due = now + g->cfg.rip_delay_ms / 2;
    g->nheld++;
}

void gk_poll(gk *g, uint64_t now, gk_out *out)
{
    out->n = 0;
    for (size_t i = 0; i < g->nheld && out->n < GK_MAX_OUT;) {
        if (g->held[i].due <= now) {
            out->d[out->n++] = g->held[i].d;
            g->held[i] = g->held[--g->nheld];
        } else {
            i++;
        }
    }
}

uint64_t gk_next_due(const gk *g)
{
    uint64_t t = UINT64_MAX;
    for (size_t i = 0; i < g->nheld; i++)
        if (g->held[i].due < t) t = g->held[i].due;
    return t;
}

static bool bmp_equal(const per_bmp *a, const per_bmp *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->chars, b->chars, a->len * sizeof *a->chars) == 0);
}

/* The route of an alias (dialedDigits, or an ASCII h323-ID), or NULL. */
static const gk_route *route_of(const gk *g, const h225_alias_address *a)
{
    char text[257];
    size_t n = 0;
    if (a->choice == H225_ALIAS_DIALED_DIGITS) {
        n = a->u.dialed_digits.len < 256 ? a->u.dialed_digits.len : 256;
        memcpy(text, a->u.dialed_digits.chars, n);
    } else if (a->choice == H225_ALIAS_H323_ID) {
        for (; n < a->u.h323_id.len && n < 256; n++)
            text[n] = a->u.h323_id.chars[n] < 0x80 ? (char)a->u.h323_id.chars[n] : '?';
    } else {
        return NULL;
    }
    text[n] = '\0';
    for (size_t i = 0; i < g->cfg.nroutes; i++)
        if (g->cfg.routes[i].alias && strcmp(g->cfg.routes[i].alias, text) == 0) return &g->cfg.routes[i];
    return NULL;
}

static void on_rrq(gk *g, const h323_addr *from, const h225_rrq *q, uint64_t now, gk_out *out)
{
    h225_ras_message m;
    if (g->cfg.reject_rrq || (q->keep_alive && (g->cfg.full_registration_required || !g->registered ||
                                                 !q->has_endpoint_identifier ||
                                                 !bmp_equal(&q->endpoint_identifier, &g->ep_id_bmp)))) {
        h225_ras_init(&m, H225_RAS_RRJ, q->request_seq_num, H225_PROTOCOL_VERSION);
        m.u.rrj.reject_reason.choice = g->cfg.reject_rrq ? g->cfg.rrj_reason : H225_RRJ_FULL_REGISTRATION_REQUIRED;
        if (g->gk_id_bmp.len) {
            m.u.rrj.has_gatekeeper_identifier = true;
            m.u.rrj.gatekeeper_identifier = g->gk_id_bmp;
        }
        g->registered = false;   /* refused, or a keep-alive from an endpoint it forgot */
        answer(g, from, &m, now, out);
        return;
    }
    if (!q->keep_alive) {
        g->ep_ras = q->ras_address.count ? addr_of(&q->ras_address.items[0]) : *from;
        if (!g->ep_ras.family) g->ep_ras = *from;
        g->ep_csa = q->call_signal_address.count ? addr_of(&q->call_signal_address.items[0]) : (h323_addr){ 0 };
    }
    g->registered = true;
    h225_ras_init(&m, H225_RAS_RCF, q->request_seq_num, H225_PROTOCOL_VERSION);
    h225_rcf *c = &m.u.rcf;
    if (g->gk_id_bmp.len) {
        c->has_gatekeeper_identifier = true;
        c->gatekeeper_identifier = g->gk_id_bmp;
    }
    c->endpoint_identifier = g->ep_id_bmp;
    if (g->cfg.ttl_s) {
        c->has_time_to_live = true;
        c->time_to_live = q->has_time_to_live && q->time_to_live < g->cfg.ttl_s ? q->time_to_live : g->cfg.ttl_s;
    }
    answer(g, from, &m, now, out);
}

static void on_arq(gk *g, const h323_addr *from, const h225_arq *q, uint64_t now, gk_out *out)
{
    h225_ras_message m;
    h323_addr dest = { 0 };
    if (q->answer_call) {
        dest = g->ep_csa;
    } else {
        for (uint32_t i = 0; q->has_destination_info && i < q->destination_info.count && !dest.family; i++) {
            const gk_route *rt = route_of(g, &q->destination_info.items[i]);
            if (rt) dest = rt->addr;
        }
        if (!dest.family && q->has_dest_call_signal_address) dest = addr_of(&q->dest_call_signal_address);
    }
    if (g->cfg.reject_arq || !dest.family || !g->registered) {
        h225_ras_init(&m, H225_RAS_ARJ, q->request_seq_num, H225_PROTOCOL_VERSION);
        m.u.reject.reject_reason.choice = g->cfg.reject_arq ? g->cfg.arj_reason
                                          : !g->registered ? H225_ARJ_CALLER_NOT_REGISTERED
                                                           : H225_ARJ_CALLED_PARTY_NOT_REGISTERED;
        answer(g, from, &m, now, out);
        return;
    }
    g->has_call = true;
    memcpy(g->call_id, q->call_identifier.guid, 16);
    memcpy(g->conf_id, q->conference_id, 16);
    g->call_ref = q->call_reference_value;
    g->answered = q->answer_call;
    h225_ras_init(&m, H225_RAS_ACF, q->request_seq_num, H225_PROTOCOL_VERSION);
    m.u.acf.bandwidth = q->bandwidth;
    m.u.acf.call_model = g->cfg.routed ? H225_CALL_MODEL_GATEKEEPER_ROUTED : H225_CALL_MODEL_DIRECT;
    m.u.acf.dest_call_signal_address = transport(&dest);
    answer(g, from, &m, now, out);
}

int gk_input(gk *g, const h323_addr *from, const uint8_t *p, size_t n, uint64_t now, gk_out *out)
{
    h225_ras_message m, a;
    out->n = 0;
    set_ids(g);
    per_arena_init(&g->arena, g->arena_mem, sizeof g->arena_mem);
    if (h225_decode_ras(p, n, &m, &g->arena, NULL) != 0 || m.choice >= H225_RAS_COUNT) {
        g->bad++;
        return -1;
    }
    g->count[m.choice]++;
    uint8_t *copy = malloc(n ? n : 1);
    if (copy) {
        if (n) memcpy(copy, p, n);
        free(g->last[m.choice]);
        g->last[m.choice] = copy;
        g->last_len[m.choice] = n;
    }
    if (g->cfg.silent & (1u << m.choice)) return 0;
    uint16_t seq = h225_ras_seq_num(&m);
    switch (m.choice) {
    case H225_RAS_GRQ:
        if (g->cfg.reject_grq) {
            h225_ras_init(&a, H225_RAS_GRJ, seq, H225_PROTOCOL_VERSION);
            a.u.grj.reject_reason.choice = g->cfg.grj_reason;
        } else {
            h225_ras_init(&a, H225_RAS_GCF, seq, H225_PROTOCOL_VERSION);
            a.u.gcf.ras_address = transport(&g->cfg.ras_addr);
            if (g->gk_id_bmp.len) {
                a.u.gcf.has_gatekeeper_identifier = true;
                a.u.gcf.gatekeeper_identifier = g->gk_id_bmp;
            }
        }
        answer(g, from, &a, now, out);
        break;
    case H225_RAS_RRQ: on_rrq(g, from, &m.u.rrq, now, out); break;
    case H225_RAS_URQ:
        g->registered = false;
        h225_ras_init(&a, H225_RAS_UCF, seq, H225_PROTOCOL_VERSION);
        answer(g, from, &a, now, out);
        break;
    case H225_RAS_ARQ: on_arq(g, from, &m.u.arq, now, out); break;
    case H225_RAS_DRQ:
        if (g->has_call && memcmp(g->call_id, m.u.drq.call_identifier.guid, 16) == 0) g->has_call = false;
        h225_ras_init(&a, H225_RAS_DCF, seq, H225_PROTOCOL_VERSION);
        answer(g, from, &a, now, out);
        break;
    case H225_RAS_UCF:
        g->registered = false;
        break;
    default:
        break;   /* answers to our requests (DCF, IRR, BCF): counted and kept only */
    }
    return 0;
}

/* ---- the gatekeeper's requests -------------------------------------------------------------------- */

int gk_send_urq(gk *g, uint32_t reason, gk_out *out)
{
    out->n = 0;
    if (!g->registered) return -1;
    set_ids(g);
    h225_ras_message m;
    h225_ras_init(&m, H225_RAS_URQ, ++g->seq, H225_PROTOCOL_VERSION);
    h225_transport_address csa = transport(&g->ep_csa);
    m.u.urq.call_signal_address = (h225_transport_list){ 1, &csa };
    m.u.urq.has_endpoint_identifier = true;
    m.u.urq.endpoint_identifier = g->ep_id_bmp;
    if (g->gk_id_bmp.len) {
        m.u.urq.has_gatekeeper_identifier = true;
        m.u.urq.gatekeeper_identifier = g->gk_id_bmp;
    }
    m.u.urq.has_reason = true;
    m.u.urq.reason.choice = reason;
    return put(out, &g->ep_ras, &m);
}

int gk_send_drq(gk *g, const uint8_t *call_id, gk_out *out)
{
    out->n = 0;
    if (!g->registered || (!call_id && !g->has_call)) return -1;
    set_ids(g);
    h225_ras_message m;
    h225_ras_init(&m, H225_RAS_DRQ, ++g->seq, H225_PROTOCOL_VERSION);
    h225_drq *d = &m.u.drq;
    d->endpoint_identifier = g->ep_id_bmp;
    memcpy(d->conference_id, g->conf_id, 16);
    d->call_reference_value = g->call_ref;
    d->disengage_reason = H225_DISENGAGE_FORCED_DROP;
    memcpy(d->call_identifier.guid, call_id ? call_id : g->call_id, 16);
    if (g->gk_id_bmp.len) {
        d->has_gatekeeper_identifier = true;
        d->gatekeeper_identifier = g->gk_id_bmp;
    }
    d->answered_call = g->answered;
    return put(out, &g->ep_ras, &m);
}

int gk_send_irq(gk *g, uint16_t call_ref, gk_out *out)
{
    out->n = 0;
    if (!g->registered) return -1;
    h225_ras_message m;
    h225_ras_init(&m, H225_RAS_IRQ, ++g->seq, H225_PROTOCOL_VERSION);
    m.u.irq.call_reference_value = call_ref;
    if (call_ref && g->has_call) memcpy(m.u.irq.call_identifier.guid, g->call_id, 16);
    return put(out, &g->ep_ras, &m);
}

int gk_send_brq(gk *g, uint32_t bandwidth, gk_out *out)
{
    out->n = 0;
    if (!g->registered || !g->has_call) return -1;
    set_ids(g);
    h225_ras_message m;
    h225_ras_init(&m, H225_RAS_BRQ, ++g->seq, H225_PROTOCOL_VERSION);
    h225_brq *b = &m.u.brq;
    b->endpoint_identifier = g->ep_id_bmp;
    memcpy(b->conference_id, g->conf_id, 16);
    b->call_reference_value = g->call_ref;
    b->bandwidth = bandwidth;
    memcpy(b->call_identifier.guid, g->call_id, 16);
    b->answered_call = g->answered;
    return put(out, &g->ep_ras, &m);
}
