/*
 * tsp-h323/engine/endpoint.c - the endpoint: configuration, the connection table and TPKT
 * reassembly (RFC 1006 section 6, H.225.0 clause 6), the timer heap, the RAS client's
 * glue, and the h323_ep_* entry points of h323.h. What happens on a call is call.c's.
 */
#include "engine/internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- configuration ------------------------------------------------------------------------ */

void h323_config_defaults(h323_config *cfg)
{
    if (!cfg)
        return;
    memset(cfg, 0, sizeof *cfg);
    cfg->terminal_type = 50;           /* H.323 table 1: terminal */
    cfg->fast_start = true;
    cfg->tunnelling = true;
    cfg->codecs[0] = H245_AUDIO_G711_ULAW64K;
    cfg->codecs[1] = H245_AUDIO_G711_ALAW64K;
    cfg->ncodecs = 2;
    cfg->frames_per_packet = 20;
    cfg->t301_ms = 180000;             /* Q.931 table 9-1: T301 at least 3 minutes */
    cfg->t303_ms = 4000;               /* Q.931 table 9-1: T303 4 s */
    cfg->t310_ms = 30000;              /* Q.931 table 9-1: T310 30-120 s */
    cfg->h245_timeout_ms = 30000;
    cfg->ras_timeout_ms = 3000;
    cfg->ras_retries = 2;
    cfg->product = "tspkit";
}

static bool addr_ok(const h323_addr *a, bool need)
{
    if (a->family == 0)
        return !need;
    return a->family == 4 || a->family == 6;
}

const char *h323_config_check(const h323_config *cfg)
{
    if (!cfg)
        return "no configuration";
    if (!addr_ok(&cfg->signal_addr, true))
        return "signal_addr must be an IPv4 or IPv6 address";
    if (cfg->ncodecs == 0 || cfg->ncodecs > H323_MAX_CODECS)
        return "ncodecs must be 1..H323_MAX_CODECS";
    for (size_t i = 0; i < cfg->ncodecs; i++)
        if (!h323_fs_codec_usable(cfg->codecs[i]))
            return "codecs: only H245_AUDIO_* codecs counted in frames (G.711, G.722, G.728, G.729) are supported";
    if (cfg->frames_per_packet == 0 || cfg->frames_per_packet > 256)
        return "frames_per_packet must be 1..256";   /* H.245 g711Ulaw64k INTEGER (1..256) */
    if (!cfg->t301_ms || !cfg->t303_ms || !cfg->t310_ms || !cfg->h245_timeout_ms)
        return "timer values must not be 0";
    if (cfg->gk_mode > H323_GK_ADDRESS)
        return "gk_mode is not an h323_gk_mode";
    if (cfg->gk_mode == H323_GK_ADDRESS && !addr_ok(&cfg->gk_addr, true))
        return "gk_mode H323_GK_ADDRESS needs gk_addr";
    if (cfg->gk_mode != H323_GK_NONE && (!addr_ok(&cfg->ras_addr, true) || !cfg->ras_timeout_ms))
        return "a gatekeeper needs ras_addr and ras_timeout_ms";
    if (!cfg->h323_id && !cfg->e164 && cfg->gk_mode != H323_GK_NONE)
        return "registration needs an alias (h323_id or e164)";
    if (cfg->e164) {
        if (!*cfg->e164 || strlen(cfg->e164) > 128)
            return "e164 must be 1..128 digits";
        for (const char *p = cfg->e164; *p; p++)
            if (!strchr("0123456789#*,", *p))   /* H.225.0 dialedDigits alphabet */
                return "e164 holds a character other than 0-9 # * ,";
    }
    if (cfg->h323_id && (!*cfg->h323_id || strlen(cfg->h323_id) > 256))
        return "h323_id must be 1..256 characters";
    return NULL;
}

static char *keep(char **dst, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*dst, s, n);
    char *r = *dst;
    *dst += n;
    return r;
}

/* ---- RAS glue ------------------------------------------------------------------------------- */

static int ras_udp_send(void *ctx, const h323_addr *to, const uint8_t *p, size_t n)
{
    h323_ep *ep = ctx;
    return ep->io.udp_send ? ep->io.udp_send(ep->ctx, to, p, n) : -1;
}

static void ras_event(void *ctx, const h323_ras_event *ev)
{
    h323_ep *ep = ctx;
    h323_event e = { 0 };
    switch (ev->type) {
    case H323_RAS_EV_REGISTERED:
    case H323_RAS_EV_REG_FAILED:
    case H323_RAS_EV_UNREGISTERED:
        e.type = ev->type == H323_RAS_EV_REGISTERED ? H323_EV_REGISTERED
                 : ev->type == H323_RAS_EV_REG_FAILED ? H323_EV_REG_FAILED : H323_EV_UNREGISTERED;
        e.u.ras.gatekeeper_id = ev->u.reg.gatekeeper_id ? ev->u.reg.gatekeeper_id : "";
        e.u.ras.endpoint_id = ev->u.reg.endpoint_id ? ev->u.reg.endpoint_id : "";
        e.u.ras.ttl_s = ev->u.reg.ttl_s;
        e.u.ras.reject_reason = ev->type == H323_RAS_EV_REG_FAILED ? ev->u.reg.reject_reason : UINT32_MAX;
        h323_ep_event(ep, &e);
        break;
    case H323_RAS_EV_LOG:
        h323_ep_log(ep, NULL, ev->u.text);
        break;
    default:
        h323_call_ras_event(ep, ev, ep->now);
        break;
    }
}

/* ---- endpoint ------------------------------------------------------------------------------- */

h323_ep *h323_ep_new(const h323_config *cfg, const h323_io *io, void *ctx)
{
    if (h323_config_check(cfg) || !io || !io->tcp_connect || !io->tcp_send || !io->tcp_close ||
        !io->event)
        return NULL;
    h323_ep *ep = calloc(1, sizeof *ep);
    if (!ep)
        return NULL;
    const char *s[] = { cfg->h323_id, cfg->e164, cfg->display, cfg->gk_id, cfg->product, cfg->version };
    size_t total = 0;
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        total += s[i] ? strlen(s[i]) + 1 : 0;
    ep->strs = malloc(total ? total : 1);
    if (!ep->strs) {
        free(ep);
        return NULL;
    }
    ep->cfg = *cfg;
    char *w = ep->strs;
    ep->cfg.h323_id = keep(&w, cfg->h323_id);
    ep->cfg.e164 = keep(&w, cfg->e164);
    ep->cfg.display = keep(&w, cfg->display);
    ep->cfg.gk_id = keep(&w, cfg->gk_id);
    ep->cfg.product = keep(&w, cfg->product);
    ep->cfg.version = keep(&w, cfg->version);
    ep->io = *io;
    ep->ctx = ctx;
    h323_timers_init(&ep->timers);
    /* GUIDs (H.225.0 7.6: conferenceID and callIdentifier are globally unique) need a seed
     * that differs between endpoints and runs: the config's, else the endpoint's address. */
    ep->rng = cfg->random_seed ? cfg->random_seed : (uint64_t)(uintptr_t)ep * 0x9E3779B97F4A7C15ull;
    ep->rng ^= (uint64_t)cfg->signal_addr.port << 32 | cfg->signal_addr.ip[3];
    if (!ep->rng)
        ep->rng = 0x2545F4914F6CDD1Dull;
    ep->next_crv = (uint16_t)(h323_ep_random(ep) & Q931_CALL_REF_MAX);
    if (cfg->gk_mode != H323_GK_NONE) {
        h323_ras_config rc = {
            .mode = cfg->gk_mode, .gk_addr = cfg->gk_addr, .ras_addr = cfg->ras_addr,
            .signal_addr = cfg->signal_addr, .h323_id = ep->cfg.h323_id, .e164 = ep->cfg.e164,
            .gk_id = ep->cfg.gk_id, .is_gateway = cfg->is_gateway, .ttl_s = cfg->ttl_s,
            .timeout_ms = cfg->ras_timeout_ms, .retries = cfg->ras_retries,
            .product = ep->cfg.product, .version = ep->cfg.version,
            .scratch = ep->ras_scratch, .scratch_size = sizeof ep->ras_scratch,
        };
        static const h323_ras_ops ops = { ras_udp_send, ras_event };
        ep->ras = h323_ras_new(&rc, &ops, ep);
        if (!ep->ras) {
            free(ep->strs);
            free(ep);
            return NULL;
        }
    }
    return ep;
}

void h323_ep_free(h323_ep *ep)
{
    if (!ep)
        return;
    while (ep->calls)
        h323_call_destroy(ep->calls);
    for (size_t i = 0; i < ep->cx.cap; i++)
        if (ep->cx.slots[i]) {
            ep->io.tcp_close(ep->ctx, ep->cx.slots[i]->id);
            free(ep->cx.slots[i]->buf);
            free(ep->cx.slots[i]);
        }
    free(ep->cx.slots);
    h323_ras_free(ep->ras);
    h323_timers_free(&ep->timers);
    free(ep->strs);
    free(ep);
}

void h323_ep_event(h323_ep *ep, h323_event *ev)
{
    ep->io.event(ep->ctx, ev);
}

void h323_ep_log(h323_ep *ep, h323_call *call, const char *text)
{
    h323_event ev = { .type = H323_EV_LOG, .call = call, .user = call ? call->user : NULL };
    ev.u.log.text = text;
    h323_ep_event(ep, &ev);
}

uint32_t h323_ep_random(h323_ep *ep)
{
    /* xorshift64* (Vigna 2014): statistically fine for identifiers that must differ, not
     * for secrets; the engine has none. */
    uint64_t x = ep->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    ep->rng = x;
    return (uint32_t)((x * 0x2545F4914F6CDD1Dull) >> 32);
}

/* ---- the connection table --------------------------------------------------------------------- */

static size_t cx_hash(h323_conn id, size_t cap)
{
    return (size_t)((id * 2654435761u) & (cap - 1));
}

h323_cx *h323_cx_find(const h323_ep *ep, h323_conn id)
{
    if (!ep->cx.cap || !id)
        return NULL;
    for (size_t i = cx_hash(id, ep->cx.cap);; i = (i + 1) & (ep->cx.cap - 1)) {
        h323_cx *cx = ep->cx.slots[i];
        if (!cx)
            return NULL;
        if (cx->id == id)
            return cx;
    }
}

static int cx_grow(h323_cx_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    h323_cx **s = calloc(cap, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        h323_cx *cx = t->slots[i];
        if (!cx)
            continue;
        size_t j = cx_hash(cx->id, cap);
        while (s[j])
            j = (j + 1) & (cap - 1);
        s[j] = cx;
    }
    free(t->slots);
    t->slots = s;
    t->cap = cap;
    return 0;
}

h323_cx *h323_cx_add(h323_ep *ep, h323_conn id, uint8_t role, h323_call *call)
{
    if (!id || h323_cx_find(ep, id))
        return NULL;
    if ((ep->cx.n + 1) * 2 > ep->cx.cap && cx_grow(&ep->cx))
        return NULL;
    h323_cx *cx = calloc(1, sizeof *cx);
    if (!cx)
        return NULL;
    cx->id = id;
    cx->role = role;
    cx->call = call;
    size_t i = cx_hash(id, ep->cx.cap);
    while (ep->cx.slots[i])
        i = (i + 1) & (ep->cx.cap - 1);
    ep->cx.slots[i] = cx;
    ep->cx.n++;
    return cx;
}

static void cx_remove(h323_ep *ep, h323_cx *cx)
{
    size_t mask = ep->cx.cap - 1, i = cx_hash(cx->id, ep->cx.cap);
    while (ep->cx.slots[i] != cx)
        i = (i + 1) & mask;
    /* Backward-shift deletion (Knuth 6.4 algorithm R): no tombstones, probes stay short. */
    for (size_t j = (i + 1) & mask; ep->cx.slots[j]; j = (j + 1) & mask) {
        size_t home = cx_hash(ep->cx.slots[j]->id, ep->cx.cap);
        if (((j - home) & mask) >= ((j - i) & mask)) {
            ep->cx.slots[i] = ep->cx.slots[j];
            i = j;
        }
    }
    ep->cx.slots[i] = NULL;
    ep->cx.n--;
    free(cx->buf);
    free(cx);
}

void h323_ep_conn_forget(h323_ep *ep, h323_cx *cx)
{
    cx_remove(ep, cx);
}

void h323_cx_close(h323_ep *ep, h323_cx *cx)
{
    if (!cx)
        return;
    ep->io.tcp_close(ep->ctx, cx->id);
    cx_remove(ep, cx);
}

int h323_ep_send_tpkt(h323_ep *ep, h323_cx *cx, const uint8_t *payload, size_t len)
{
    uint8_t hdr[TPKT_HEADER_LEN];
    if (!cx || tpkt_write_header(hdr, len) < 0)
        return -1;
    /* payload normally sits at ep->tx + 4 already (encoded in place); frame it there. */
    if (payload == ep->tx + TPKT_HEADER_LEN) {
        memcpy(ep->tx, hdr, sizeof hdr);
        return ep->io.tcp_send(ep->ctx, cx->id, ep->tx, len + TPKT_HEADER_LEN);
    }
    int n = tpkt_encode(ep->tx, sizeof ep->tx, payload, len);
    if (n < 0)
        return -1;
    return ep->io.tcp_send(ep->ctx, cx->id, ep->tx, (size_t)n);
}

/* ---- connections: the I/O layer's reports --------------------------------------------------------- */

void h323_ep_conn_accepted(h323_ep *ep, h323_conn listener, h323_conn c, const h323_addr *peer,
                           uint64_t now)
{
    if (!ep || !c)
        return;
    ep->now = now;
    if (listener == 0) {
        h323_cx *cx = h323_cx_add(ep, c, H323_CX_SIGNAL, NULL);
        if (!cx) {
            ep->io.tcp_close(ep->ctx, c);
            return;
        }
        cx->connected = true;
        if (peer)
            cx->peer = *peer;
        return;
    }
    h323_cx *l = h323_cx_find(ep, listener);
    if (!l || l->role != H323_CX_H245_LISTEN || !l->call) {
        ep->io.tcp_close(ep->ctx, c);
        return;
    }
    h323_call *call = l->call;
    h323_call_hold(call);
    h323_call_h245_accepted(call, l, c, now);
    h323_call_unhold(call);
}

void h323_ep_conn_connected(h323_ep *ep, h323_conn c, uint64_t now)
{
    if (!ep)
        return;
    ep->now = now;
    h323_cx *cx = h323_cx_find(ep, c);
    if (!cx || cx->connected || !cx->call)
        return;
    cx->connected = true;
    h323_call *call = cx->call;
    h323_call_hold(call);
    h323_call_cx_connected(call, cx, now);
    h323_call_unhold(call);
}

void h323_ep_conn_closed(h323_ep *ep, h323_conn c, int err, uint64_t now)
{
    if (!ep)
        return;
    ep->now = now;
    h323_cx *cx = h323_cx_find(ep, c);
    if (!cx)
        return;
    h323_call *call = cx->call;
    if (!call) {
        cx_remove(ep, cx);   /* an accepted connection that never sent a Setup */
        return;
    }
    h323_call_hold(call);
    h323_call_cx_closed(call, cx, err, now);
    h323_call_unhold(call);
}

/* Hands one complete payload to whoever owns the connection. */
static void deliver(h323_ep *ep, h323_cx *cx, const uint8_t *pdu, size_t len, uint64_t now)
{
    if (len == 0)
        return;   /* an empty TPKT: a keep-alive some endpoints send (tpkt.h) */
    if (cx->role == H323_CX_SIGNAL && !cx->call) {
        h323_call_incoming_pdu(ep, cx, pdu, len, now);
        return;
    }
    h323_call *call = cx->call;
    h323_call_hold(call);
    h323_call_pdu(call, cx, pdu, len, now);
    h323_call_unhold(call);
}

static void stream_error(h323_ep *ep, h323_cx *cx, const char *why, uint64_t now)
{
    ep->bad_messages++;
    if (!cx->call) {
        h323_ep_log(ep, NULL, why);
        h323_cx_close(ep, cx);
        return;
    }
    h323_call *call = cx->call;
    h323_call_hold(call);
    h323_call_stream_error(call, cx, why, now);
    h323_call_unhold(call);
}

/* TPKT reassembly with a payload buffer only while a TPKT is partial: the header is read
 * here first (held in cx->stash while fewer than 4 octets have come), so that the buffer
 * can be made exactly as large as the TPKT before tpkt_reasm copies into it; a payload that
 * arrives whole is handed over from the I/O layer's octets without a copy. */
void h323_ep_conn_data(h323_ep *ep, h323_conn c, const uint8_t *p, size_t n, uint64_t now)
{
    if (!ep || (!p && n))
        return;
    ep->now = now;
    size_t off = 0;
    while (off < n) {
        h323_cx *cx = h323_cx_find(ep, c);
        if (!cx || cx->role == H323_CX_H245_LISTEN)
            return;
        if (!cx->buf && tpkt_reasm_pending(&cx->rx) == 0) {
            /* A new TPKT starts here: see its header before feeding it. */
            uint8_t hdr[TPKT_HEADER_LEN];
            size_t have = cx->stash_len, take = 0;
            memcpy(hdr, cx->stash, have);
            while (have < TPKT_HEADER_LEN && off + take < n)
                hdr[have++] = p[off + take++];
            if (have < TPKT_HEADER_LEN) {
                memcpy(cx->stash, hdr, have);
                cx->stash_len = (uint8_t)have;
                return;
            }
            size_t total = (size_t)hdr[2] << 8 | hdr[3];
            size_t payload = total >= TPKT_HEADER_LEN ? total - TPKT_HEADER_LEN : 0;
            size_t rest = n - off - take;   /* payload octets at hand */
            if (hdr[0] != TPKT_VERSION || hdr[1] != 0 || total < TPKT_HEADER_LEN) {
                cx->stash_len = 0;
                stream_error(ep, cx, "not a TPKT header (RFC 1006 section 6)", now);
                return;
            }
            if (payload > H323_MAX_PDU) {
                cx->stash_len = 0;
                stream_error(ep, cx, "TPKT longer than the engine accepts", now);
                return;
            }
            if (rest >= payload) {
                /* Whole: no buffer, no copy. */
                cx->stash_len = 0;
                off += take;
                const uint8_t *pdu = p + off;
                off += payload;
                deliver(ep, cx, pdu, payload, now);
                continue;
            }
            cx->buf = malloc(payload);
            if (!cx->buf) {
                stream_error(ep, cx, "out of memory for a TPKT", now);
                return;
            }
            cx->buf_size = payload;
            tpkt_reasm_init(&cx->rx, cx->buf, payload);
            size_t used;
            const uint8_t *pdu;
            size_t pdu_len;
            if (cx->stash_len)
                tpkt_reasm_feed(&cx->rx, cx->stash, cx->stash_len, &used, &pdu, &pdu_len);
            cx->stash_len = 0;
            tpkt_reasm_feed(&cx->rx, p + off, n - off, &used, &pdu, &pdu_len);
            off += used;   /* all of it: the payload is not complete */
            return;
        }
        size_t used;
        const uint8_t *pdu;
        size_t pdu_len;
        int rc = tpkt_reasm_feed(&cx->rx, p + off, n - off, &used, &pdu, &pdu_len);
        off += used;
        if (rc == TPKT_PDU) {
            uint8_t *buf = cx->buf;   /* the PDU lives in it: free it after delivery */
            cx->buf = NULL;
            cx->buf_size = 0;
            tpkt_reasm_init(&cx->rx, NULL, 0);
            deliver(ep, cx, pdu, pdu_len, now);
            free(buf);
        } else if (rc < 0) {
            stream_error(ep, cx, "TPKT stream error", now);
            return;
        }
    }
}

/* ---- time ------------------------------------------------------------------------------------------ */

void h323_ep_tick(h323_ep *ep, uint64_t now)
{
    if (!ep)
        return;
    ep->now = now;
    /* Each due call runs once per tick, however its timers are re-armed. */
    size_t budget = ep->timers.n + 1;
    h323_timer *tm;
    while (budget-- && (tm = h323_timers_pop_due(&ep->timers, now)) != NULL) {
        h323_call *call = (h323_call *)((char *)tm - offsetof(h323_call, timer));
        h323_call_hold(call);
        h323_call_timer_due(call, now);
        h323_call_unhold(call);
    }
    if (ep->ras && h323_ras_next_deadline(ep->ras) <= now)
        h323_ras_tick(ep->ras, now);
}

uint64_t h323_ep_next_deadline(const h323_ep *ep)
{
    if (!ep)
        return UINT64_MAX;
    uint64_t t = h323_timers_next(&ep->timers);
    if (ep->ras) {
        uint64_t r = h323_ras_next_deadline(ep->ras);
        if (r < t)
            t = r;
    }
    return t;
}

/* ---- RAS ------------------------------------------------------------------------------------------ */

int h323_ep_register(h323_ep *ep, uint64_t now)
{
    if (!ep)
        return H323_E_INVAL;
    if (!ep->ras)
        return H323_E_STATE;
    ep->now = now;
    return h323_ras_start(ep->ras, now) ? H323_E_IO : 0;
}

int h323_ep_unregister(h323_ep *ep, uint64_t now)
{
    if (!ep)
        return H323_E_INVAL;
    if (!ep->ras)
        return H323_E_STATE;
    ep->now = now;
    return h323_ras_stop(ep->ras, now) ? H323_E_STATE : 0;
}

void h323_ep_udp_data(h323_ep *ep, const h323_addr *from, const uint8_t *p, size_t n, uint64_t now)
{
    if (!ep || !from || (!p && n))
        return;
    ep->now = now;
    if (ep->ras)
        h323_ras_input(ep->ras, from, p, n, now);
}

/* ---- statistics, errors ----------------------------------------------------------------------------- */

void h323_ep_stats_get(const h323_ep *ep, h323_ep_stats *st)
{
    if (!st)
        return;
    memset(st, 0, sizeof *st);
    if (!ep)
        return;
    st->calls_active = ep->calls_active;
    st->calls_total = ep->calls_total;
    st->bad_messages = ep->bad_messages;
    st->bytes_per_call = h323_call_bytes_per_connected(ep);
}

const char *h323_strerror(int err)
{
    switch (err) {
    case 0: return "ok";
    case H323_E_INVAL: return "bad argument";
    case H323_E_STATE: return "not possible in this call state";
    case H323_E_NOMEM: return "out of memory";
    case H323_E_LIMIT: return "max_calls reached";
    case H323_E_IO: return "the I/O layer refused";
    default: return "unknown error";
    }
}
