/*
 * tests/unit/test_h323_engine_net.h - an in-memory network for H.323 engines: endpoints
 * wired back to back through an h323_io that moves bytes between them, with a fake
 * clock. Nothing is delivered from inside an engine call: tcp_connect, tcp_send and
 * tcp_close queue actions, and tn_pump() runs the queue until it is empty, as a real
 * event loop would. Used by test_h323_engine.c and fuzz_h323_engine.c.
 *
 * Each endpoint keeps a log of its events (type, cause, digit, media) and a policy for
 * incoming calls (answer, alert then answer, busy, reject, do nothing).
 *
 * UDP (RAS): a datagram goes to the endpoint whose cfg.ras_addr it is addressed to, else to
 * the network's udp_peer hook (a gatekeeper emulator, test_h323_engine_gk.c), else it is
 * lost (counted in udp_lost). Datagrams are queued like TCP actions, in order.
 */
#ifndef TEST_H323_ENGINE_NET_H
#define TEST_H323_ENGINE_NET_H

#include "engine/h323.h"
#include "h245/h245.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TN_MAX_EP 3
#define TN_MAX_CONN 64
#define TN_MAX_EVENTS 256

enum tn_policy { TN_ANSWER, TN_ALERT_ANSWER, TN_ALERT, TN_BUSY, TN_REJECT, TN_SILENT };

typedef struct tn_event {
    enum h323_event_type type;
    h323_call *call;
    uint32_t cause, reason;
    bool local;
    char text[64];
    char digit;
    h323_media_channel media;
} tn_event;

typedef struct tn tn;
typedef struct tn_ep {
    tn *net;
    int idx;
    h323_ep *ep;
    h323_addr addr;                 /* signalling address (its listener) */
    h323_addr media;                /* RTP address used when answering */
    enum tn_policy policy;
    bool free_on_release;           /* h323_call_free inside H323_EV_RELEASED */
    bool send_dtmf_on_ready;        /* '5' once H.245 is ready */
    bool quiet;
    h323_addr ras;                  /* RAS address (cfg.ras_addr; family 0: none) */
    tn_event ev[TN_MAX_EVENTS];
    size_t nev;
    h323_call *incoming;            /* the last incoming call */
    bool sink;                      /* no engine: a raw peer whose received octets go to rx */
    uint8_t *rx;
    size_t rx_len;
} tn_ep;

typedef struct tn_conn {
    bool used, open, listener;
    int owner;                      /* endpoint index */
    uint32_t peer;                  /* the other end's id (0: none yet) */
    uint16_t port;                  /* listener port */
} tn_conn;

enum tn_act { TN_ACT_ACCEPT, TN_ACT_CONNECTED, TN_ACT_DATA, TN_ACT_CLOSED, TN_ACT_REFUSED, TN_ACT_UDP };
typedef struct tn_action {
    enum tn_act act;
    uint32_t conn;                  /* the connection the action is for */
    uint32_t listener;              /* ACCEPT */
    uint8_t *data;
    size_t len;
    h323_addr from, to;             /* UDP */
    struct tn_action *next;
} tn_action;

struct tn {
    tn_ep ep[TN_MAX_EP];
    int nep;
    tn_conn conn[TN_MAX_CONN + 1];  /* id = index, 0 unused */
    uint32_t next_id;
    tn_action *head, *tail;
    uint64_t now;
    uint16_t next_port;
    size_t bytes;                   /* moved so far */
    /* A UDP peer that is no engine: gets every datagram no endpoint's RAS address matches
     * and answers with tn_udp_send. */
    void (*udp_peer)(tn *n, const h323_addr *from, const h323_addr *to, const uint8_t *p, size_t len);
    void *udp_peer_ctx;
    size_t udp_sent, udp_lost;
};

static inline void tn_queue(tn *n, enum tn_act act, uint32_t conn, uint32_t listener, const uint8_t *p, size_t len)
{
    tn_action *a = calloc(1, sizeof *a);
    if (!a)
        abort();
    a->act = act;
    a->conn = conn;
    a->listener = listener;
    if (len) {
        a->data = malloc(len);
        if (!a->data)
            abort();
        memcpy(a->data, p, len);
        a->len = len;
    }
    if (n->tail)
        n->tail->next = a;
    else
        n->head = a;
    n->tail = a;
}

static inline uint32_t tn_new_conn(tn *n, int owner)
{
    for (uint32_t k = 0; k < TN_MAX_CONN; k++) {
        uint32_t id = (n->next_id++ % TN_MAX_CONN) + 1;
        if (!n->conn[id].used) {
            memset(&n->conn[id], 0, sizeof n->conn[id]);
            n->conn[id].used = true;
            n->conn[id].open = true;
            n->conn[id].owner = owner;
            return id;
        }
    }
    return 0;
}

/* Which endpoint (and listener id, 0 for the signalling one) answers at `to`. */
static inline int tn_lookup(tn *n, const h323_addr *to, uint32_t *listener)
{
    for (int i = 0; i < n->nep; i++)
        if ((n->ep[i].ep || n->ep[i].sink) && n->ep[i].addr.port == to->port && !memcmp(n->ep[i].addr.ip, to->ip, 4)) {
            *listener = 0;
            return i;
        }
    for (uint32_t id = 1; id <= TN_MAX_CONN; id++)
        if (n->conn[id].used && n->conn[id].listener && n->conn[id].open && n->conn[id].port == to->port) {
            *listener = id;
            return n->conn[id].owner;
        }
    return -1;
}

static inline h323_conn tn_io_connect(void *ctx, const h323_addr *to)
{
    tn_ep *e = ctx;
    tn *n = e->net;
    uint32_t c = tn_new_conn(n, e->idx);
    if (!c)
        return 0;
    uint32_t listener;
    int other = tn_lookup(n, to, &listener);
    if (other < 0) {
        tn_queue(n, TN_ACT_REFUSED, c, 0, NULL, 0);
        return c;
    }
    uint32_t d = tn_new_conn(n, other);
    if (!d)
        abort();
    n->conn[c].peer = d;
    n->conn[d].peer = c;
    tn_queue(n, TN_ACT_ACCEPT, d, listener, NULL, 0);
    tn_queue(n, TN_ACT_CONNECTED, c, 0, NULL, 0);
    return c;
}

static inline h323_conn tn_io_listen(void *ctx, const h323_addr *local, h323_addr *bound)
{
    tn_ep *e = ctx;
    uint32_t l = tn_new_conn(e->net, e->idx);
    if (!l)
        return 0;
    e->net->conn[l].listener = true;
    e->net->conn[l].port = e->net->next_port++;
    *bound = *local;
    bound->port = e->net->conn[l].port;
    return l;
}

static inline int tn_io_send(void *ctx, h323_conn c, const uint8_t *p, size_t len)
{
    tn_ep *e = ctx;
    tn *n = e->net;
    if (c == 0 || c > TN_MAX_CONN || !n->conn[c].used || n->conn[c].owner != e->idx)
        abort();   /* the engine used a connection that is not its own */
    if (!n->conn[c].open || !n->conn[c].peer)
        return -1;
    n->bytes += len;
    tn_queue(n, TN_ACT_DATA, n->conn[c].peer, 0, p, len);
    return 0;
}

static inline bool tn_same_addr(const h323_addr *a, const h323_addr *b)
{
    return a->family && a->family == b->family && a->port == b->port &&
           !memcmp(a->ip, b->ip, a->family == 6 ? 16 : 4);
}

/* Queues one datagram from `from` to `to` (any sender: an endpoint or the UDP peer). */
static inline void tn_udp_send(tn *n, const h323_addr *from, const h323_addr *to, const uint8_t *p, size_t len)
{
    tn_queue(n, TN_ACT_UDP, 0, 0, p, len);
    n->tail->from = *from;
    n->tail->to = *to;
    n->udp_sent++;
}

static inline void tn_io_close(void *ctx, h323_conn c)
{
    tn_ep *e = ctx;
    tn *n = e->net;
    if (c == 0 || c > TN_MAX_CONN || !n->conn[c].used || n->conn[c].owner != e->idx)
        abort();
    uint32_t peer = n->conn[c].peer;
    n->conn[c].used = false;
    n->conn[c].open = false;
    if (peer && n->conn[peer].used && n->conn[peer].open)
        tn_queue(n, TN_ACT_CLOSED, peer, 0, NULL, 0);
}

static inline int tn_io_udp(void *ctx, const h323_addr *to, const uint8_t *p, size_t len)
{
    tn_ep *e = ctx;
    if (!e->ras.family)
        return -1;   /* no RAS socket */
    tn_udp_send(e->net, &e->ras, to, p, len);
    return 0;
}

/* Delivers one datagram: to the endpoint at its address, or the UDP peer, or nobody. */
static inline void tn_udp_deliver(tn *n, const tn_action *a)
{
    for (int i = 0; i < n->nep; i++)
        if (n->ep[i].ep && tn_same_addr(&n->ep[i].ras, &a->to)) {
            h323_ep_udp_data(n->ep[i].ep, &a->from, a->data, a->len, n->now);
            return;
        }
    if (n->udp_peer)
        n->udp_peer(n, &a->from, &a->to, a->data, a->len);
    else
        n->udp_lost++;
}

static inline void tn_io_event(void *ctx, const h323_event *ev)
{
    tn_ep *e = ctx;
    if (e->nev < TN_MAX_EVENTS) {
        tn_event *t = &e->ev[e->nev++];
        memset(t, 0, sizeof *t);
        t->type = ev->type;
        t->call = ev->call;
        if (ev->type == H323_EV_RELEASED) {
            t->cause = ev->u.released.cause;
            t->reason = ev->u.released.reason;
            t->local = ev->u.released.local;
            snprintf(t->text, sizeof t->text, "%s", ev->u.released.text ? ev->u.released.text : "");
        } else if (ev->type == H323_EV_DTMF) {
            t->digit = ev->u.dtmf.digit;
        } else if (ev->type == H323_EV_MEDIA || ev->type == H323_EV_MEDIA_CLOSED) {
            t->media = ev->u.media;
        } else if (ev->type == H323_EV_LOG) {
            snprintf(t->text, sizeof t->text, "%s", ev->u.log.text ? ev->u.log.text : "");
        }
    }
    static const char *const names[] = { "INCOMING", "PROCEEDING", "ALERTING", "CONNECTED", "H245_READY",
                                         "MEDIA", "MEDIA_CLOSED", "DTMF", "RELEASED", "REGISTERED",
                                         "REG_FAILED", "UNREGISTERED", "LOG" };
    if (!e->quiet) {
        if (ev->type == H323_EV_RELEASED)
            printf("  ep%d %-12s cause %u reason %d %s (%s)\n", e->idx, names[ev->type], ev->u.released.cause,
                   (int)ev->u.released.reason, ev->u.released.local ? "local" : "remote", ev->u.released.text);
        else if (ev->type == H323_EV_LOG)
            printf("  ep%d %-12s %s\n", e->idx, names[ev->type], ev->u.log.text);
        else if (ev->type == H323_EV_MEDIA || ev->type == H323_EV_MEDIA_CLOSED)
            printf("  ep%d %-12s %s codec %u lcn %u rtp port %u rtcp port %u\n", e->idx, names[ev->type],
                   ev->u.media.direction == H323_DIR_TX ? "tx" : "rx", ev->u.media.codec, ev->u.media.lcn,
                   ev->u.media.rtp.port, ev->u.media.rtcp.port);
        else if (ev->type == H323_EV_DTMF)
            printf("  ep%d %-12s '%c'\n", e->idx, names[ev->type], ev->u.dtmf.digit);
        else
            printf("  ep%d %s\n", e->idx, names[ev->type]);
    }
    switch (ev->type) {
    case H323_EV_INCOMING:
        e->incoming = ev->call;
        switch (e->policy) {
        case TN_ANSWER: h323_call_answer(ev->call, &e->media, e->net->now); break;
        case TN_ALERT_ANSWER:
            h323_call_alert(ev->call, &e->media, e->net->now);
            h323_call_answer(ev->call, NULL, e->net->now);
            break;
        case TN_ALERT: h323_call_alert(ev->call, &e->media, e->net->now); break;
        case TN_BUSY: h323_call_hangup(ev->call, H323_CAUSE_BUSY, e->net->now); break;
        case TN_REJECT: h323_call_hangup(ev->call, H323_CAUSE_REJECTED, e->net->now); break;
        case TN_SILENT: break;
        }
        break;
    case H323_EV_H245_READY:
        if (e->send_dtmf_on_ready)
            h323_call_send_dtmf(ev->call, '5', 100, e->net->now);
        break;
    case H323_EV_RELEASED:
        if (e->free_on_release) {
            if (e->incoming == ev->call)
                e->incoming = NULL;
            h323_call_free(ev->call);
        }
        break;
    default:
        break;
    }
}

static const h323_io tn_io = { tn_io_connect, tn_io_listen, tn_io_send, tn_io_close, tn_io_udp, tn_io_event };

static inline void tn_config(h323_config *cfg, int idx)
{
    h323_config_defaults(cfg);
    cfg->h323_id = idx == 0 ? "alice" : idx == 1 ? "bob" : "carol";
    cfg->e164 = idx == 0 ? "1001" : idx == 1 ? "2002" : "3003";
    cfg->display = idx == 0 ? "Alice" : idx == 1 ? "Bob" : "Carol";
    cfg->signal_addr = (h323_addr){ 4, { 127, 0, 0, (uint8_t)(idx + 1) }, 1720 };
    cfg->random_seed = 1000 + (uint64_t)idx;
}

/* Endpoint idx of the network with cfg (NULL: tn_config's). */
static inline h323_ep *tn_add(tn *n, int idx, const h323_config *cfg)
{
    h323_config c;
    if (!cfg) {
        tn_config(&c, idx);
        cfg = &c;
    }
    tn_ep *e = &n->ep[idx];
    e->net = n;
    e->idx = idx;
    e->addr = cfg->signal_addr;
    e->ras = cfg->gk_mode != H323_GK_NONE ? cfg->ras_addr : (h323_addr){ 0 };
    e->media = (h323_addr){ 4, { 127, 0, 0, (uint8_t)(idx + 1) }, (uint16_t)(5000 + 100 * idx) };
    e->ep = h323_ep_new(cfg, &tn_io, e);
    if (idx >= n->nep)
        n->nep = idx + 1;
    return e->ep;
}

static inline void tn_init(tn *n)
{
    memset(n, 0, sizeof *n);
    n->next_id = 0;
    n->now = 1000000;
    n->next_port = 30000;
}

/* Runs at most max queued actions, in order (what they queue waits its turn). */
static inline size_t tn_pump_max(tn *n, size_t max)
{
    size_t steps = 0;
    while (n->head && steps < max) {
        steps++;
        tn_action *a = n->head;
        n->head = a->next;
        if (!n->head)
            n->tail = NULL;
        tn_conn *c = &n->conn[a->conn];
        if (a->act == TN_ACT_UDP) {
            tn_udp_deliver(n, a);
        } else if (c->used && n->ep[c->owner].sink) {
            tn_ep *s = &n->ep[c->owner];
            if (a->act == TN_ACT_DATA) {
                uint8_t *r = realloc(s->rx, s->rx_len + a->len);
                if (!r)
                    abort();
                memcpy(r + s->rx_len, a->data, a->len);
                s->rx = r;
                s->rx_len += a->len;
            } else if (a->act == TN_ACT_CLOSED || a->act == TN_ACT_REFUSED) {
                c->used = c->open = false;
            }
        } else if (c->used && n->ep[c->owner].ep) {
            h323_ep *ep = n->ep[c->owner].ep;
            switch (a->act) {
            case TN_ACT_ACCEPT:
                if (a->listener && (!n->conn[a->listener].used || !n->conn[a->listener].open)) {
                    c->used = false;   /* the listener is gone: refused */
                    uint32_t p = c->peer;
                    if (p && n->conn[p].used)
                        tn_queue(n, TN_ACT_CLOSED, p, 0, NULL, 0);
                    break;
                }
                h323_ep_conn_accepted(ep, a->listener, a->conn, &n->ep[n->conn[c->peer].owner].addr, n->now);
                break;
            case TN_ACT_CONNECTED:
                h323_ep_conn_connected(ep, a->conn, n->now);
                break;
            case TN_ACT_DATA:
                h323_ep_conn_data(ep, a->conn, a->data, a->len, n->now);
                break;
            case TN_ACT_CLOSED:
            case TN_ACT_REFUSED:
                c->used = false;
                c->open = false;
                h323_ep_conn_closed(ep, a->conn, a->act == TN_ACT_REFUSED ? 111 : 0, n->now);
                break;
            case TN_ACT_UDP:
                break;
            }
        }
        free(a->data);
        free(a);
    }
    return steps;
}

/* Runs the queued actions until none is left (bounded: a livelock fails). */
static inline size_t tn_pump(tn *n)
{
    size_t steps = tn_pump_max(n, 100000);
    if (n->head) {
        fprintf(stderr, "tn_pump: no end in sight\n");
        abort();
    }
    return steps;
}

/* Advances the clock by ms, ticking every endpoint at each deadline on the way. */
static inline void tn_advance(tn *n, uint64_t ms)
{
    uint64_t end = n->now + ms;
    for (;;) {
        uint64_t next = UINT64_MAX;
        for (int i = 0; i < n->nep; i++)
            if (n->ep[i].ep) {
                uint64_t d = h323_ep_next_deadline(n->ep[i].ep);
                if (d < next)
                    next = d;
            }
        if (next > end)
            break;
        if (next > n->now)
            n->now = next;
        for (int i = 0; i < n->nep; i++)
            if (n->ep[i].ep)
                h323_ep_tick(n->ep[i].ep, n->now);
        tn_pump(n);
    }
    n->now = end;
}

/* A raw peer (no engine) at idx: what reaches it is kept in rx. */
static inline void tn_add_sink(tn *n, int idx)
{
    tn_ep *e = &n->ep[idx];
    e->net = n;
    e->idx = idx;
    e->sink = true;
    e->addr = (h323_addr){ 4, { 127, 0, 0, (uint8_t)(idx + 1) }, 1720 };
    if (idx >= n->nep)
        n->nep = idx + 1;
}

/* The raw peer idx opens a connection to endpoint `to`; returns its end's id. */
static inline uint32_t tn_sink_connect(tn *n, int idx, int to)
{
    return tn_io_connect(&n->ep[idx], &n->ep[to].addr);
}

/* Queues octets from connection c (owned by anyone) to its peer. */
static inline void tn_inject(tn *n, uint32_t c, const uint8_t *p, size_t len)
{
    tn_queue(n, TN_ACT_DATA, n->conn[c].peer, 0, p, len);
}

static inline void tn_free(tn *n)
{
    for (int i = 0; i < n->nep; i++) {
        if (n->ep[i].ep)
            h323_ep_free(n->ep[i].ep);
        free(n->ep[i].rx);
    }
    while (n->head) {
        tn_action *a = n->head;
        n->head = a->next;
        free(a->data);
        free(a);
    }
    n->tail = NULL;
}

/* How many events of a type an endpoint saw (for a call, or any when call is NULL). */
static inline size_t tn_count(const tn_ep *e, enum h323_event_type t, const h323_call *call)
{
    size_t k = 0;
    for (size_t i = 0; i < e->nev; i++)
        if (e->ev[i].type == t && (!call || e->ev[i].call == call))
            k++;
    return k;
}

static inline const tn_event *tn_find(const tn_ep *e, enum h323_event_type t, size_t nth)
{
    for (size_t i = 0; i < e->nev; i++)
        if (e->ev[i].type == t && nth-- == 0)
            return &e->ev[i];
    return NULL;
}

/* The connection id of endpoint idx's call signalling connection to the other side (the
 * first open non-listener connection it owns), for injecting bytes. */
static inline uint32_t tn_conn_of(tn *n, int idx, size_t nth)
{
    for (uint32_t id = 1; id <= TN_MAX_CONN; id++)
        if (n->conn[id].used && n->conn[id].open && !n->conn[id].listener && n->conn[id].owner == idx &&
            nth-- == 0)
            return id;
    return 0;
}

#endif
