/* Unit tests for tsp-h323/engine/ras.h, the RAS client: against the gatekeeper emulator
 * (tests/h323/gk.h) in memory with a fake clock, and once over real UDP sockets on 127.0.0.1.
 *
 * Every datagram the client sends goes through the emulator, which counts it and keeps the
 * last of each type; the tests decode those and check them field by field (H.225.0 RAS,
 * H.323 clause 7.2). Every event the client emits is recorded and printed. */
#define _POSIX_C_SOURCE 200809L   /* clock_gettime, poll, sockets */
#include "engine/ras.h"
#include "gk.h"
#include "h225/h225.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

/* ---- the world: a client, the emulator, a clock --------------------------------------------- */

#define MAX_EVENTS 1024
#define MAX_SENT 64

typedef struct rec_event {
    enum h323_ras_event_type type;
    char gk_id[400], ep_id[400], text[256];
    uint32_t ttl_s, reject_reason;
    uint32_t token, bandwidth;
    uint16_t call_ref;
    h323_addr dest;
    bool routed;
    uint64_t at;
} rec_event;

typedef struct world {
    h323_ras *ras;
    gk *g;
    uint64_t now;
    h323_ras_config cfg;
    uint8_t scratch[32 * 1024];
    rec_event ev[MAX_EVENTS];
    size_t nev;
    /* what the client sent, in order (kept for the duplicate tests) */
    struct { h323_addr to; size_t len; uint8_t data[GK_MAX_DATAGRAM]; uint64_t at; } sent[MAX_SENT];
    size_t nsent, delivered;
    bool lose;                     /* datagrams the client sends are lost */
    gk_datagram last_answer;       /* the last datagram the emulator sent the client */
} world;

static const char *ev_name(enum h323_ras_event_type t)
{
    static const char *const n[] = { "REGISTERED", "REG_FAILED", "UNREGISTERED", "ADMITTED", "ADMIT_REJECTED",
                                     "DISENGAGE", "LOG" };
    return t <= H323_RAS_EV_LOG ? n[t] : "?";
}

static void on_event(void *ctx, const h323_ras_event *e)
{
    world *w = ctx;
    assert_true(w->nev < MAX_EVENTS);
    rec_event *r = &w->ev[w->nev++];
    memset(r, 0, sizeof *r);
    r->type = e->type;
    r->at = w->now;
    switch (e->type) {
    case H323_RAS_EV_REGISTERED: case H323_RAS_EV_REG_FAILED: case H323_RAS_EV_UNREGISTERED:
        snprintf(r->gk_id, sizeof r->gk_id, "%s", e->u.reg.gatekeeper_id);
        snprintf(r->ep_id, sizeof r->ep_id, "%s", e->u.reg.endpoint_id);
        r->ttl_s = e->u.reg.ttl_s;
        r->reject_reason = e->u.reg.reject_reason;
        printf("  [%6llu ms] %s gk=\"%s\" ep=\"%s\" ttl=%u reason=%d\n", (unsigned long long)w->now,
               ev_name(e->type), r->gk_id, r->ep_id, r->ttl_s, (int)r->reject_reason);
        break;
    case H323_RAS_EV_ADMITTED: case H323_RAS_EV_ADMIT_REJECTED: case H323_RAS_EV_DISENGAGE:
        r->token = e->u.adm.token;
        r->call_ref = e->u.adm.call_ref;
        r->dest = e->u.adm.dest;
        r->routed = e->u.adm.routed;
        r->bandwidth = e->u.adm.bandwidth;
        r->reject_reason = e->u.adm.reject_reason;
        printf("  [%6llu ms] %s token=%u crv=%u dest=%u.%u.%u.%u:%u routed=%d bw=%u reason=%d\n",
               (unsigned long long)w->now, ev_name(e->type), r->token, r->call_ref, r->dest.ip[0], r->dest.ip[1],
               r->dest.ip[2], r->dest.ip[3], r->dest.port, r->routed, r->bandwidth, (int)r->reject_reason);
        break;
    case H323_RAS_EV_LOG:
        snprintf(r->text, sizeof r->text, "%s", e->u.text);
        printf("  [%6llu ms] LOG %s\n", (unsigned long long)w->now, r->text);
        break;
    }
}

static int on_send(void *ctx, const h323_addr *to, const uint8_t *p, size_t n)
{
    world *w = ctx;
    assert_true(w->nsent < MAX_SENT);
    assert_true(n <= GK_MAX_DATAGRAM);
    w->sent[w->nsent].to = *to;
    w->sent[w->nsent].len = n;
    w->sent[w->nsent].at = w->now;
    memcpy(w->sent[w->nsent].data, p, n);
    w->nsent++;
    return 0;
}

static const h323_addr EP_RAS = { 4, { 192, 0, 2, 1 }, 1719 };
static const h323_addr EP_SIG = { 4, { 192, 0, 2, 1 }, 1720 };
static const h323_addr GK_RAS = { 4, { 192, 0, 2, 10 }, 1719 };
static const h323_addr PEER_SIG = { 4, { 192, 0, 2, 20 }, 1720 };
static const uint8_t CALL_ID[16] = { 'c', 'a', 'l', 'l', '-', 'i', 'd', '-', '0', '0', '0', '0', '0', '0', '0', '1' };
static const uint8_t CONF_ID[16] = { 'c', 'o', 'n', 'f', '-', 'i', 'd', '-', '0', '0', '0', '0', '0', '0', '0', '1' };

static void deliver_to_client(world *w, const gk_out *out)
{
    for (size_t i = 0; i < out->n; i++) {
        w->last_answer = out->d[i];
        h323_ras_input(w->ras, &gk_cfg(w->g)->ras_addr, out->d[i].data, out->d[i].len, w->now);
    }
}

/* Hands every datagram the client sent to the emulator and its answers back, until quiet. */
static void pump(world *w)
{
    gk_out out;
    while (w->delivered < w->nsent) {
        size_t i = w->delivered++;
        if (w->lose) continue;
        gk_input(w->g, &EP_RAS, w->sent[i].data, w->sent[i].len, w->now, &out);
        deliver_to_client(w, &out);
    }
    gk_poll(w->g, w->now, &out);
    deliver_to_client(w, &out);
    if (w->delivered < w->nsent) pump(w);
}

/* Runs the clock to `until`, stopping at every deadline of the client and the emulator. */
static void run_until(world *w, uint64_t until)
{
    for (;;) {
        uint64_t t = h323_ras_next_deadline(w->ras), d = gk_next_due(w->g);
        if (d < t) t = d;
        if (t > until) break;
        if (t > w->now) w->now = t;
        h323_ras_tick(w->ras, w->now);
        pump(w);
    }
    w->now = until;
}

static world *world_new(enum h323_gk_mode mode, const gk_config *gc)
{
    world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    w->g = gk_new(gc);
    assert_non_null(w->g);
    w->cfg = (h323_ras_config){
        .mode = mode, .gk_addr = gc->ras_addr, .ras_addr = EP_RAS, .signal_addr = EP_SIG,
        .h323_id = "alice", .e164 = "1001", .gk_id = NULL, .is_gateway = false, .ttl_s = 60,
        .timeout_ms = 3000, .retries = 2, .product = "tspkit-test", .version = "1.0",
        .scratch = w->scratch, .scratch_size = sizeof w->scratch,
    };
    return w;
}

static void world_start(world *w)
{
    static const h323_ras_ops ops = { on_send, on_event };
    w->ras = h323_ras_new(&w->cfg, &ops, w);
    assert_non_null(w->ras);
    assert_int_equal(h323_ras_start(w->ras, w->now), 0);
    pump(w);
}

static void world_free(world *w)
{
    h323_ras_free(w->ras);
    gk_free(w->g);
    free(w);
}

static size_t count_events(const world *w, enum h323_ras_event_type t)
{
    size_t n = 0;
    for (size_t i = 0; i < w->nev; i++) n += w->ev[i].type == t;
    return n;
}

static const rec_event *last_event(const world *w, enum h323_ras_event_type t)
{
    for (size_t i = w->nev; i-- > 0;)
        if (w->ev[i].type == t) return &w->ev[i];
    return NULL;
}

/* Number of datagrams of RAS type `type` the client sent. */
static size_t count_sent(const world *w, uint32_t type)
{
    size_t n = 0;
    for (size_t i = 0; i < w->nsent; i++) {
        uint8_t mem[16384];
        per_arena a;
        h225_ras_message m;
        per_arena_init(&a, mem, sizeof mem);
        if (h225_decode_ras(w->sent[i].data, w->sent[i].len, &m, &a, NULL) == 0 && m.choice == type) n++;
    }
    return n;
}

/* Decodes the last datagram of `type` the emulator received. */
typedef struct decoded {
    uint8_t mem[32768];
    per_arena a;
    h225_ras_message m;
} decoded;

static void decode_last(const world *w, uint32_t type, decoded *d)
{
    size_t len = 0;
    const uint8_t *p = gk_last(w->g, type, &len);
    if (!p) fail_msg("the gatekeeper received no %s", h225_ras_name(type));
    per_arena_init(&d->a, d->mem, sizeof d->mem);
    assert_int_equal(h225_decode_ras(p, len, &d->m, &d->a, NULL), 0);
    assert_int_equal(d->m.choice, type);
}

static void assert_bmp(const per_bmp *b, const char *want, const char *what)
{
    size_t n = strlen(want);
    bool ok = b->len == n;
    for (size_t i = 0; ok && i < n; i++) ok = b->chars[i] == (unsigned char)want[i];
    if (!ok) {
        char got[300];
        size_t k;
        for (k = 0; k < b->len && k < sizeof got - 1; k++) got[k] = b->chars[k] < 0x80 ? (char)b->chars[k] : '?';
        got[k] = '\0';
        fail_msg("%s: got \"%s\" (%u units), want \"%s\"", what, got, b->len, want);
    }
}

static void assert_ipv4(const h225_transport_address *t, const h323_addr *want, const char *what)
{
    if (t->choice != H225_TA_IP || memcmp(t->u.ip.ip, want->ip, 4) != 0 || t->u.ip.port != want->port)
        fail_msg("%s: got choice %u %u.%u.%u.%u:%u", what, t->choice, t->u.ip.ip[0], t->u.ip.ip[1], t->u.ip.ip[2],
                 t->u.ip.ip[3], t->u.ip.port);
}

static void assert_addr(const h323_addr *got, const h323_addr *want, const char *what)
{
    if (got->family != want->family || memcmp(got->ip, want->ip, 4) != 0 || got->port != want->port)
        fail_msg("%s: got family %u %u.%u.%u.%u:%u", what, got->family, got->ip[0], got->ip[1], got->ip[2],
                 got->ip[3], got->port);
}

/* A registered client (ADDRESS mode, TTL 60 s granted). */
static world *registered_world(void)
{
    gk_config gc = gk_config_default();
    gc.ttl_s = 60;
    gc.routes[0] = (gk_route){ "5551234", PEER_SIG };
    gc.routes[1] = (gk_route){ "bob", PEER_SIG };
    gc.nroutes = 2;
    world *w = world_new(H323_GK_ADDRESS, &gc);
    world_start(w);
    assert_true(h323_ras_registered(w->ras));
    return w;
}

static uint32_t admit(world *w, const char *alias)
{
    uint32_t token = 0;
    assert_int_equal(h323_ras_admit(w->ras, 0x1234, CALL_ID, CONF_ID, false, alias, NULL, 1280, w->now, &token), 0);
    assert_int_not_equal(token, 0);
    pump(w);
    return token;
}

/* ---- discovery and registration ---------------------------------------------------------- */

static void test_discovery_and_registration(void **state)
{
    (void)state;
    gk_config gc = gk_config_default();
    gc.ttl_s = 300;
    gc.gk_id = "gk-main";
    gc.endpoint_id = "EP42";
    gc.ras_addr.port = 2719;   /* the GCF sends the client to another port */
    world *w = world_new(H323_GK_DISCOVER, &gc);
    w->cfg.gk_addr.port = 1718;
    w->cfg.gk_id = "gk-main";
    world_start(w);

    printf("sent %zu datagrams: GRQ to port %u, RRQ to port %u\n", w->nsent, w->sent[0].to.port,
           w->nsent > 1 ? w->sent[1].to.port : 0);
    assert_int_equal(w->nsent, 2);
    assert_int_equal(w->sent[0].to.port, 1718);
    assert_int_equal(w->sent[1].to.port, 2719);   /* GCF rasAddress */
    assert_true(h323_ras_registered(w->ras));
    assert_int_equal(count_events(w, H323_RAS_EV_REGISTERED), 1);
    const rec_event *e = last_event(w, H323_RAS_EV_REGISTERED);
    assert_string_equal(e->gk_id, "gk-main");
    assert_string_equal(e->ep_id, "EP42");
    assert_int_equal(e->ttl_s, 60);   /* asked 60, the gatekeeper allows up to 300 */

    decoded d;
    decode_last(w, H225_RAS_GRQ, &d);
    const h225_grq *g = &d.m.u.grq;
    assert_int_equal(g->request_seq_num, 1);
    assert_ipv4(&g->ras_address, &EP_RAS, "GRQ rasAddress");
    assert_true(g->endpoint_type.has_terminal);
    assert_true(g->has_gatekeeper_identifier);
    assert_bmp(&g->gatekeeper_identifier, "gk-main", "GRQ gatekeeperIdentifier");
    assert_true(g->has_endpoint_alias);
    assert_int_equal(g->endpoint_alias.count, 2);

    decode_last(w, H225_RAS_RRQ, &d);
    const h225_rrq *q = &d.m.u.rrq;
    assert_int_equal(q->request_seq_num, 2);
    assert_int_equal(h225_protocol_version(&q->protocol_identifier), H225_PROTOCOL_VERSION);
    assert_true(q->discovery_complete);
    assert_int_equal(q->call_signal_address.count, 1);
    assert_ipv4(&q->call_signal_address.items[0], &EP_SIG, "RRQ callSignalAddress");
    assert_int_equal(q->ras_address.count, 1);
    assert_ipv4(&q->ras_address.items[0], &EP_RAS, "RRQ rasAddress");
    assert_true(q->terminal_type.has_terminal);
    assert_false(q->terminal_type.has_gateway);
    assert_true(q->has_terminal_alias);
    assert_int_equal(q->terminal_alias.count, 2);
    assert_int_equal(q->terminal_alias.items[0].choice, H225_ALIAS_DIALED_DIGITS);
    assert_string_equal(q->terminal_alias.items[0].u.dialed_digits.chars, "1001");
    assert_int_equal(q->terminal_alias.items[1].choice, H225_ALIAS_H323_ID);
    assert_bmp(&q->terminal_alias.items[1].u.h323_id, "alice", "RRQ h323-ID");
    assert_true(q->has_gatekeeper_identifier);
    assert_bmp(&q->gatekeeper_identifier, "gk-main", "RRQ gatekeeperIdentifier");
    assert_true(q->endpoint_vendor.has_product_id);
    assert_memory_equal(q->endpoint_vendor.product_id.data, "tspkit-test", 11);
    assert_true(q->has_time_to_live);
    assert_int_equal(q->time_to_live, 60);
    assert_false(q->keep_alive);
    assert_false(q->has_endpoint_identifier);
    world_free(w);
}

static void test_discovery_multicast_and_gateway(void **state)
{
    (void)state;
    gk_config gc = gk_config_default();
    world *w = world_new(H323_GK_DISCOVER, &gc);
    memset(&w->cfg.gk_addr, 0, sizeof w->cfg.gk_addr);
    w->cfg.is_gateway = true;
    w->cfg.h323_id = NULL;
    world_start(w);
    printf("GRQ to %u.%u.%u.%u:%u\n", w->sent[0].to.ip[0], w->sent[0].to.ip[1], w->sent[0].to.ip[2],
           w->sent[0].to.ip[3], w->sent[0].to.port);
    const h323_addr mc = { 4, { 224, 0, 1, 41 }, 1718 };
    assert_addr(&w->sent[0].to, &mc, "GRQ destination");
    assert_true(h323_ras_registered(w->ras));
    decoded d;
    decode_last(w, H225_RAS_RRQ, &d);
    const h225_endpoint_type *t = &d.m.u.rrq.terminal_type;
    assert_false(t->has_terminal);
    assert_true(t->has_gateway);
    assert_true(t->gateway.has_protocol);
    assert_int_equal(t->gateway.protocol.count, 1);
    assert_int_equal(t->gateway.protocol.items[0].choice, H225_SP_H323);
    assert_int_equal(d.m.u.rrq.terminal_alias.count, 1);   /* the number only */
    world_free(w);
}

static void test_gatekeeper_rejects(void **state)
{
    (void)state;
    gk_config gc = gk_config_default();
    gc.reject_rrq = true;
    gc.rrj_reason = H225_RRJ_DUPLICATE_ALIAS;
    world *w = world_new(H323_GK_ADDRESS, &gc);
    world_start(w);
    assert_false(h323_ras_registered(w->ras));
    assert_int_equal(count_events(w, H323_RAS_EV_REG_FAILED), 1);
    assert_int_equal(last_event(w, H323_RAS_EV_REG_FAILED)->reject_reason, H225_RRJ_DUPLICATE_ALIAS);
    assert_int_equal(count_events(w, H323_RAS_EV_REGISTERED), 0);
    assert_true(h323_ras_next_deadline(w->ras) == UINT64_MAX);   /* nothing retried */
    run_until(w, 60000);
    assert_int_equal(w->nsent, 1);
    world_free(w);

    gc = gk_config_default();
    gc.reject_grq = true;
    gc.grj_reason = H225_GRJ_TERMINAL_EXCLUDED;
    w = world_new(H323_GK_DISCOVER, &gc);
    world_start(w);
    assert_int_equal(w->nsent, 1);   /* no RRQ after GRJ */
    assert_int_equal(last_event(w, H323_RAS_EV_REG_FAILED)->reject_reason, H225_GRJ_TERMINAL_EXCLUDED);
    assert_false(h323_ras_registered(w->ras));
    world_free(w);
}

static void test_gatekeeper_silent(void **state)
{
    (void)state;
    gk_config gc = gk_config_default();
    gc.silent = 1u << H225_RAS_RRQ;
    world *w = world_new(H323_GK_ADDRESS, &gc);
    world_start(w);
    run_until(w, 8999);
    printf("RRQs at:");
    for (size_t i = 0; i < w->nsent; i++) printf(" %llu", (unsigned long long)w->sent[i].at);
    printf("\n");
    assert_int_equal(gk_count(w->g, H225_RAS_RRQ), 3);   /* 1 + ras_retries */
    assert_int_equal(w->sent[1].at, 3000);
    assert_int_equal(w->sent[2].at, 6000);
    assert_int_equal(count_events(w, H323_RAS_EV_REG_FAILED), 0);
    run_until(w, 9000);
    assert_int_equal(count_events(w, H323_RAS_EV_REG_FAILED), 1);
    assert_int_equal(last_event(w, H323_RAS_EV_REG_FAILED)->reject_reason, UINT32_MAX);
    /* every copy has the same requestSeqNum */
    for (size_t i = 1; i < w->nsent; i++) assert_memory_equal(w->sent[i].data, w->sent[0].data, w->sent[0].len);
    run_until(w, 100000);
    assert_int_equal(w->nsent, 3);
    assert_int_equal(h323_ras_start(w->ras, w->now), 0);   /* may try again */
    world_free(w);
}

static void test_request_in_progress(void **state)
{
    (void)state;
    gk_config gc = gk_config_default();
    gc.rip_delay_ms = 10000;   /* RIP now, the RCF after 5 s: beyond the 3 s timeout */
    world *w = world_new(H323_GK_ADDRESS, &gc);
    world_start(w);
    assert_false(h323_ras_registered(w->ras));
    run_until(w, 4999);
    assert_false(h323_ras_registered(w->ras));
    run_until(w, 5000);
    printf("RRQs sent: %u, registered: %d\n", gk_count(w->g, H225_RAS_RRQ), h323_ras_registered(w->ras));
    assert_int_equal(gk_count(w->g, H225_RAS_RRQ), 1);   /* RIP: no retransmission at 3 s */
    assert_true(h323_ras_registered(w->ras));
    world_free(w);

    /* a RIP whose answer never comes: the retransmission waits for its delay, not the timeout */
    gc = gk_config_default();
    gc.silent = 1u << H225_RAS_RRQ;
    w = world_new(H323_GK_ADDRESS, &gc);
    world_start(w);
    h225_ras_message m;
    uint8_t buf[64];
    size_t len;
    h225_ras_init(&m, H225_RAS_RIP, 1, H225_PROTOCOL_VERSION);
    m.u.misc.delay = 4000;
    assert_int_equal(h225_encode_ras(&m, buf, sizeof buf, &len, NULL), 0);
    h323_ras_input(w->ras, &gc.ras_addr, buf, len, w->now);
    run_until(w, 3999);
    assert_int_equal(gk_count(w->g, H225_RAS_RRQ), 1);
    run_until(w, 4000);
    assert_int_equal(gk_count(w->g, H225_RAS_RRQ), 2);
    world_free(w);
}

/* ---- keep-alive --------------------------------------------------------------------------- */

static void test_keep_alive(void **state)
{
    (void)state;
    world *w = registered_world();
    /* TTL 60 s, timeout 3 s x 3 tries: the keep-alive goes 9 s before the TTL runs out */
    assert_int_equal(h323_ras_next_deadline(w->ras), 51000);
    run_until(w, 50999);
    assert_int_equal(gk_count(w->g, H225_RAS_RRQ), 1);
    run_until(w, 51000);
    assert_int_equal(gk_count(w->g, H225_RAS_RRQ), 2);
    decoded d;
    decode_last(w, H225_RAS_RRQ, &d);
    const h225_rrq *q = &d.m.u.rrq;
    printf("keep-alive RRQ: seq %u keepAlive %d ttl %u epid %u units aliases %d\n", q->request_seq_num, q->keep_alive,
           q->time_to_live, q->endpoint_identifier.len, q->has_terminal_alias);
    assert_int_equal(q->request_seq_num, 2);
    assert_true(q->keep_alive);
    assert_true(q->has_endpoint_identifier);
    assert_bmp(&q->endpoint_identifier, "ep-1", "keep-alive endpointIdentifier");
    assert_true(q->has_gatekeeper_identifier);
    assert_bmp(&q->gatekeeper_identifier, "gk", "keep-alive gatekeeperIdentifier");
    assert_true(q->has_time_to_live);
    assert_int_equal(q->time_to_live, 60);
    assert_false(q->has_terminal_alias);
    assert_false(q->discovery_complete);
    assert_true(h323_ras_registered(w->ras));
    assert_int_equal(count_events(w, H323_RAS_EV_REGISTERED), 1);   /* nothing changed: no event */
    assert_int_equal(h323_ras_next_deadline(w->ras), 102000);
    run_until(w, 102000);
    assert_int_equal(gk_count(w->g, H225_RAS_RRQ), 3);
    world_free(w);
}

static void test_keep_alive_unanswered(void **state)
{
    (void)state;
    world *w = registered_world();
    w->lose = true;
    run_until(w, 59999);   /* keep-alive at 51 s, again at 54 s and 57 s, all lost */
    assert_int_equal(w->nsent, 4);
    assert_true(h323_ras_registered(w->ras));
    w->lose = false;
    run_until(w, 60000);
    printf("datagrams: %zu, the last at %llu ms\n", w->nsent, (unsigned long long)w->sent[w->nsent - 1].at);
    assert_int_equal(w->nsent, 5);
    assert_int_equal(w->sent[4].at, 60000);
    decoded d;
    decode_last(w, H225_RAS_RRQ, &d);
    assert_false(d.m.u.rrq.keep_alive);   /* full */
    assert_true(d.m.u.rrq.has_terminal_alias);
    assert_false(d.m.u.rrq.has_endpoint_identifier);
    assert_true(h323_ras_registered(w->ras));
    assert_int_equal(count_events(w, H323_RAS_EV_REGISTERED), 2);
    world_free(w);
}

static void test_keep_alive_full_registration_required(void **state)
{
    (void)state;
    world *w = registered_world();
    gk_cfg(w->g)->full_registration_required = true;
    run_until(w, 51000);
    /* keep-alive, RRJ fullRegistrationRequired, at once a full RRQ, RCF */
    assert_int_equal(gk_count(w->g, H225_RAS_RRQ), 3);
    assert_int_equal(gk_count(w->g, H225_RAS_RRQ), w->nsent);
    decoded d;
    decode_last(w, H225_RAS_RRQ, &d);
    assert_false(d.m.u.rrq.keep_alive);
    assert_true(d.m.u.rrq.has_terminal_alias);
    assert_true(h323_ras_registered(w->ras));
    assert_int_equal(count_events(w, H323_RAS_EV_REGISTERED), 2);
    assert_int_equal(count_events(w, H323_RAS_EV_REG_FAILED), 0);
    world_free(w);
}

/* ---- admission and disengage ---------------------------------------------------------------- */

static void test_admission(void **state)
{
    (void)state;
    world *w = registered_world();
    uint32_t token = admit(w, "5551234");
    const rec_event *e = last_event(w, H323_RAS_EV_ADMITTED);
    assert_non_null(e);
    assert_int_equal(e->token, token);
    assert_int_equal(e->call_ref, 0x1234);
    assert_addr(&e->dest, &PEER_SIG, "ACF destCallSignalAddress");
    assert_false(e->routed);
    assert_int_equal(e->bandwidth, 1280);

    decoded d;
    decode_last(w, H225_RAS_ARQ, &d);
    const h225_arq *a = &d.m.u.arq;
    assert_int_equal(a->call_type, H225_CALL_TYPE_POINT_TO_POINT);
    assert_true(a->has_call_model);
    assert_int_equal(a->call_model, H225_CALL_MODEL_DIRECT);
    assert_bmp(&a->endpoint_identifier, "ep-1", "ARQ endpointIdentifier");
    assert_true(a->has_destination_info);
    assert_int_equal(a->destination_info.count, 1);
    assert_int_equal(a->destination_info.items[0].choice, H225_ALIAS_DIALED_DIGITS);
    assert_string_equal(a->destination_info.items[0].u.dialed_digits.chars, "5551234");
    assert_false(a->has_dest_call_signal_address);
    assert_int_equal(a->src_info.count, 2);
    assert_true(a->has_src_call_signal_address);
    assert_ipv4(&a->src_call_signal_address, &EP_SIG, "ARQ srcCallSignalAddress");
    assert_int_equal(a->bandwidth, 1280);
    assert_int_equal(a->call_reference_value, 0x1234);
    assert_memory_equal(a->conference_id, CONF_ID, 16);
    assert_memory_equal(a->call_identifier.guid, CALL_ID, 16);
    assert_false(a->answer_call);
    assert_true(a->can_map_alias);
    assert_true(a->has_gatekeeper_identifier);

    /* an h323-ID destination, and an incoming call (answerCall) */
    uint32_t t2 = 0;
    uint8_t id2[16] = { 2 };
    assert_int_equal(h323_ras_admit(w->ras, 7, id2, CONF_ID, true, NULL, &EP_SIG, 640, w->now, &t2), 0);
    pump(w);
    decode_last(w, H225_RAS_ARQ, &d);
    assert_true(d.m.u.arq.answer_call);
    assert_false(d.m.u.arq.has_destination_info);
    assert_true(d.m.u.arq.has_dest_call_signal_address);
    assert_false(d.m.u.arq.has_src_call_signal_address);
    e = last_event(w, H323_RAS_EV_ADMITTED);
    assert_int_equal(e->token, t2);
    assert_int_not_equal(t2, token);
    uint8_t id3[16] = { 3 };
    assert_int_equal(h323_ras_admit(w->ras, 8, id3, CONF_ID, false, "bob", NULL, 640, w->now, &t2), 0);
    pump(w);
    decode_last(w, H225_RAS_ARQ, &d);
    assert_int_equal(d.m.u.arq.destination_info.items[0].choice, H225_ALIAS_H323_ID);
    assert_int_equal(last_event(w, H323_RAS_EV_ADMITTED)->token, t2);
    assert_int_equal(h323_ras_admit(w->ras, 8, id3, CONF_ID, false, NULL, NULL, 640, w->now, &t2), H323_E_INVAL);
    world_free(w);
}

static void test_admission_rejected(void **state)
{
    (void)state;
    world *w = registered_world();
    uint32_t token = admit(w, "999");   /* not in the alias table */
    const rec_event *e = last_event(w, H323_RAS_EV_ADMIT_REJECTED);
    assert_non_null(e);
    assert_int_equal(e->token, token);
    assert_int_equal(e->reject_reason, H225_ARJ_CALLED_PARTY_NOT_REGISTERED);
    assert_int_equal(count_events(w, H323_RAS_EV_ADMITTED), 0);
    gk_cfg(w->g)->reject_arq = true;
    gk_cfg(w->g)->arj_reason = H225_ARJ_REQUEST_DENIED;
    token = admit(w, "5551234");
    e = last_event(w, H323_RAS_EV_ADMIT_REJECTED);
    assert_int_equal(e->token, token);
    assert_int_equal(e->reject_reason, H225_ARJ_REQUEST_DENIED);
    /* no answer at all */
    gk_cfg(w->g)->silent = 1u << H225_RAS_ARQ;
    token = admit(w, "5551234");
    run_until(w, w->now + 9000);
    e = last_event(w, H323_RAS_EV_ADMIT_REJECTED);
    assert_int_equal(e->token, token);
    assert_int_equal(e->reject_reason, UINT32_MAX);
    assert_int_equal(gk_count(w->g, H225_RAS_ARQ), 5);
    /* rejected calls cannot be disengaged */
    assert_int_equal(h323_ras_disengage(w->ras, 0x1234, CALL_ID, CONF_ID, false, w->now), H323_E_STATE);
    world_free(w);

    gk_config gc = gk_config_default();
    gc.silent = ~0u;
    w = world_new(H323_GK_ADDRESS, &gc);
    world_start(w);
    uint32_t t = 0;
    assert_int_equal(h323_ras_admit(w->ras, 1, CALL_ID, CONF_ID, false, "1", NULL, 1280, 0, &t), H323_E_STATE);
    world_free(w);
}

static void test_disengage(void **state)
{
    (void)state;
    world *w = registered_world();
    admit(w, "5551234");
    size_t before = w->nsent;
    assert_int_equal(h323_ras_disengage(w->ras, 0x1234, CALL_ID, CONF_ID, false, w->now), 0);
    pump(w);
    assert_int_equal(w->nsent, before + 1);
    decoded d;
    decode_last(w, H225_RAS_DRQ, &d);
    const h225_drq *q = &d.m.u.drq;
    assert_bmp(&q->endpoint_identifier, "ep-1", "DRQ endpointIdentifier");
    assert_memory_equal(q->conference_id, CONF_ID, 16);
    assert_int_equal(q->call_reference_value, 0x1234);
    assert_int_equal(q->disengage_reason, H225_DISENGAGE_NORMAL_DROP);
    assert_memory_equal(q->call_identifier.guid, CALL_ID, 16);
    assert_false(q->answered_call);
    assert_true(q->has_gatekeeper_identifier);
    /* DCF came: nothing left to retry but the keep-alive */
    assert_int_equal(h323_ras_next_deadline(w->ras), 51000);
    assert_int_equal(h323_ras_disengage(w->ras, 0x1234, CALL_ID, CONF_ID, false, w->now), H323_E_STATE);
    assert_int_equal(w->nsent, before + 1);
    world_free(w);
}

/* ---- the gatekeeper's requests -------------------------------------------------------------------- */

static void test_gatekeeper_urq(void **state)
{
    (void)state;
    world *w = registered_world();
    gk_out out;
    assert_int_equal(gk_send_urq(w->g, H225_URQ_MAINTENANCE, &out), 0);
    deliver_to_client(w, &out);
    pump(w);
    assert_int_equal(gk_count(w->g, H225_RAS_UCF), 1);
    decoded d;
    decode_last(w, H225_RAS_UCF, &d);
    assert_int_equal(d.m.u.ucf.request_seq_num, gk_last_seq_sent(w->g));
    assert_false(h323_ras_registered(w->ras));
    assert_int_equal(count_events(w, H323_RAS_EV_UNREGISTERED), 1);
    assert_int_equal(last_event(w, H323_RAS_EV_UNREGISTERED)->reject_reason, H225_URQ_MAINTENANCE);
    assert_true(h323_ras_next_deadline(w->ras) == UINT64_MAX);   /* no keep-alive any more */
    world_free(w);

    /* reregistrationRequired: unregistered, then a full RRQ at once */
    w = registered_world();
    assert_int_equal(gk_send_urq(w->g, H225_URQ_REREGISTRATION_REQUIRED, &out), 0);
    deliver_to_client(w, &out);
    pump(w);
    assert_int_equal(count_events(w, H323_RAS_EV_UNREGISTERED), 1);
    assert_int_equal(count_events(w, H323_RAS_EV_REGISTERED), 2);
    assert_true(h323_ras_registered(w->ras));
    world_free(w);

    /* and our own URQ */
    w = registered_world();
    assert_int_equal(h323_ras_stop(w->ras, w->now), 0);
    pump(w);
    decode_last(w, H225_RAS_URQ, &d);
    assert_true(d.m.u.urq.has_endpoint_identifier);
    assert_bmp(&d.m.u.urq.endpoint_identifier, "ep-1", "URQ endpointIdentifier");
    assert_int_equal(count_events(w, H323_RAS_EV_UNREGISTERED), 1);
    assert_false(h323_ras_registered(w->ras));
    assert_false(gk_registered(w->g));
    assert_int_equal(h323_ras_stop(w->ras, w->now), H323_E_STATE);
    world_free(w);
}

static void test_gatekeeper_drq(void **state)
{
    (void)state;
    world *w = registered_world();
    uint32_t token = admit(w, "5551234");
    gk_out out;
    assert_int_equal(gk_send_drq(w->g, NULL, &out), 0);
    deliver_to_client(w, &out);
    pump(w);
    assert_int_equal(gk_count(w->g, H225_RAS_DCF), 1);
    const rec_event *e = last_event(w, H323_RAS_EV_DISENGAGE);
    assert_non_null(e);
    assert_int_equal(e->token, token);
    assert_int_equal(e->call_ref, 0x1234);
    /* disengaged by the gatekeeper: no DRQ of ours */
    assert_int_equal(h323_ras_disengage(w->ras, 0x1234, CALL_ID, CONF_ID, false, w->now), H323_E_STATE);
    assert_int_equal(count_sent(w, H225_RAS_DRQ), 0);
    /* a DRQ for a call we do not have: DRJ, no event */
    uint8_t other[16] = { 9 };
    assert_int_equal(gk_send_drq(w->g, other, &out), 0);
    deliver_to_client(w, &out);
    pump(w);
    assert_int_equal(gk_count(w->g, H225_RAS_DRJ), 1);
    assert_int_equal(count_events(w, H323_RAS_EV_DISENGAGE), 1);
    world_free(w);
}

static void test_gatekeeper_irq_brq(void **state)
{
    (void)state;
    world *w = registered_world();
    gk_out out;
    assert_int_equal(gk_send_irq(w->g, 0, &out), 0);
    deliver_to_client(w, &out);
    pump(w);
    assert_int_equal(gk_count(w->g, H225_RAS_IRR), 1);
    decoded d;
    decode_last(w, H225_RAS_IRR, &d);
    const h225_irr *i = &d.m.u.irr;
    assert_int_equal(i->request_seq_num, gk_last_seq_sent(w->g));
    assert_bmp(&i->endpoint_identifier, "ep-1", "IRR endpointIdentifier");
    assert_ipv4(&i->ras_address, &EP_RAS, "IRR rasAddress");
    assert_false(i->has_per_call_info);

    admit(w, "5551234");
    assert_int_equal(gk_send_irq(w->g, 0x1234, &out), 0);
    deliver_to_client(w, &out);
    pump(w);
    decode_last(w, H225_RAS_IRR, &d);
    printf("IRR: perCallInfo %d count %u\n", d.m.u.irr.has_per_call_info, d.m.u.irr.per_call_info.count);
    assert_true(d.m.u.irr.has_per_call_info);
    assert_int_equal(d.m.u.irr.per_call_info.count, 1);
    const h225_per_call_info *c = &d.m.u.irr.per_call_info.items[0];
    assert_int_equal(c->call_reference_value, 0x1234);
    assert_memory_equal(c->call_identifier.guid, CALL_ID, 16);
    assert_memory_equal(c->conference_id, CONF_ID, 16);
    assert_int_equal(c->bandwidth, 1280);

    assert_int_equal(gk_send_brq(w->g, 640, &out), 0);
    deliver_to_client(w, &out);
    pump(w);
    assert_int_equal(gk_count(w->g, H225_RAS_BCF), 1);
    decode_last(w, H225_RAS_BCF, &d);
    assert_int_equal(d.m.u.bcf.bandwidth, 640);
    assert_int_equal(gk_send_irq(w->g, 0x1234, &out), 0);
    deliver_to_client(w, &out);
    pump(w);
    assert_int_equal(gk_count(w->g, H225_RAS_IRR), 3);
    decode_last(w, H225_RAS_IRR, &d);
    assert_int_equal(d.m.u.irr.per_call_info.items[0].bandwidth, 640);
    world_free(w);
}

/* ---- what must be ignored ------------------------------------------------------------------------- */

static void test_duplicate_and_stale_replies(void **state)
{
    (void)state;
    world *w = registered_world();
    gk_datagram rcf = w->last_answer;
    size_t logs = count_events(w, H323_RAS_EV_LOG), sent = w->nsent;
    uint64_t deadline = h323_ras_next_deadline(w->ras);
    h323_ras_input(w->ras, &rcf.to, rcf.data, rcf.len, w->now + 10);   /* the same RCF again */
    assert_int_equal(count_events(w, H323_RAS_EV_LOG), logs + 1);
    assert_int_equal(count_events(w, H323_RAS_EV_REGISTERED), 1);
    assert_int_equal(h323_ras_next_deadline(w->ras), deadline);   /* keep-alive not moved */

    uint32_t token = admit(w, "5551234");
    gk_datagram acf = w->last_answer;
    h323_ras_input(w->ras, &acf.to, acf.data, acf.len, w->now);   /* duplicate ACF */
    assert_int_equal(count_events(w, H323_RAS_EV_ADMITTED), 1);

    /* an ACF whose requestSeqNum is that of an outstanding RRQ: a wrong reply type */
    gk_cfg(w->g)->silent = 1u << H225_RAS_RRQ;
    run_until(w, 51000);
    h225_ras_message m;
    uint8_t buf[512];
    size_t len;
    h225_ras_init(&m, H225_RAS_ACF, 3, H225_PROTOCOL_VERSION);   /* the keep-alive is seq 3 */
    m.u.acf.dest_call_signal_address = h225_transport_ipv4(PEER_SIG.ip, 1720);
    assert_int_equal(h225_encode_ras(&m, buf, sizeof buf, &len, NULL), 0);
    h323_ras_input(w->ras, &acf.to, buf, len, w->now);
    assert_int_equal(count_events(w, H323_RAS_EV_ADMITTED), 1);
    /* a stale RCF (seq 1) does not answer the keep-alive */
    h323_ras_input(w->ras, &rcf.to, rcf.data, rcf.len, w->now);
    assert_int_equal(h323_ras_next_deadline(w->ras), 54000);   /* the keep-alive is still waited for */
    printf("sent %zu datagrams, token %u\n", w->nsent, token);
    assert_int_equal(w->nsent, sent + 2);   /* ARQ, keep-alive RRQ */
    world_free(w);
}

/* The client's observable state. */
typedef struct snapshot {
    bool registered;
    uint64_t deadline;
    size_t sent, events_not_log;
} snapshot;

static snapshot snap(const world *w)
{
    snapshot s = { h323_ras_registered(w->ras), h323_ras_next_deadline(w->ras), w->nsent, 0 };
    s.events_not_log = w->nev - count_events(w, H323_RAS_EV_LOG);
    return s;
}

static void assert_same(const world *w, const snapshot *a, const char *what)
{
    snapshot b = snap(w);
    if (a->registered != b.registered || a->deadline != b.deadline || a->sent != b.sent ||
        a->events_not_log != b.events_not_log)
        fail_msg("%s changed the state: registered %d->%d deadline %llu->%llu sent %zu->%zu events %zu->%zu", what,
                 a->registered, b.registered, (unsigned long long)a->deadline, (unsigned long long)b.deadline,
                 a->sent, b.sent, a->events_not_log, b.events_not_log);
}

static void test_hostile_datagrams(void **state)
{
    (void)state;
    world *w = registered_world();
    admit(w, "5551234");
    gk_out out;
    assert_int_equal(gk_send_drq(w->g, NULL, &out), 0);
    gk_datagram drq = out.d[0];
    snapshot s = snap(w);
    size_t logs = count_events(w, H323_RAS_EV_LOG);

    /* every truncation of a valid DRQ (the whole one would disengage the call) */
    for (size_t n = 0; n < drq.len; n++) {
        uint8_t *cut = malloc(n ? n : 1);   /* exact size: ASan sees reads past the end */
        memcpy(cut, drq.data, n);
        h323_ras_input(w->ras, &GK_RAS, cut, n, w->now);
        free(cut);
    }
    assert_same(w, &s, "a truncated DRQ");
    printf("%zu truncations: %zu LOG events\n", drq.len, count_events(w, H323_RAS_EV_LOG) - logs);
    assert_int_equal(count_events(w, H323_RAS_EV_LOG) - logs, drq.len);

    /* huge garbage, an alternative beyond v7, a message for gatekeepers (LRQ, RRQ) */
    size_t huge = 70000;
    uint8_t *big = malloc(huge);
    memset(big, 0xFF, huge);
    h323_ras_input(w->ras, &GK_RAS, big, huge, w->now);
    memset(big, 0x00, huge);
    h323_ras_input(w->ras, &GK_RAS, big, huge, w->now);
    free(big);
    h225_ras_message m;
    uint8_t buf[1024];
    size_t len;
    h225_ras_init(&m, H225_RAS_RRQ, 77, H225_PROTOCOL_VERSION);
    h225_transport_address t = h225_transport_ipv4(EP_RAS.ip, 1719);
    m.u.rrq.call_signal_address = (h225_transport_list){ 1, &t };
    m.u.rrq.ras_address = (h225_transport_list){ 1, &t };
    m.u.rrq.terminal_type.has_terminal = true;
    assert_int_equal(h225_encode_ras(&m, buf, sizeof buf, &len, NULL), 0);
    h323_ras_input(w->ras, &GK_RAS, buf, len, w->now);
    /* a DRQ from someone who is not our gatekeeper */
    h323_addr stranger = { 4, { 198, 51, 100, 7 }, 1719 };
    h323_ras_input(w->ras, &stranger, drq.data, drq.len, w->now);
    assert_same(w, &s, "garbage, an RRQ, a stranger's DRQ");
    h323_ras_input(w->ras, &stranger, NULL, 0, w->now);
    assert_same(w, &s, "an empty datagram");

    /* and the real DRQ still works */
    h323_ras_input(w->ras, &GK_RAS, drq.data, drq.len, w->now);
    assert_int_equal(count_events(w, H323_RAS_EV_DISENGAGE), 1);
    world_free(w);
}

static void test_bad_config(void **state)
{
    (void)state;
    static const h323_ras_ops ops = { on_send, on_event };
    gk_config gc = gk_config_default();
    world *w = world_new(H323_GK_ADDRESS, &gc);
    h323_ras_config c = w->cfg;
    c.mode = H323_GK_NONE;
    assert_null(h323_ras_new(&c, &ops, w));
    c = w->cfg;
    memset(&c.gk_addr, 0, sizeof c.gk_addr);
    assert_null(h323_ras_new(&c, &ops, w));   /* ADDRESS without an address */
    c = w->cfg;
    c.h323_id = "\xff\xfe";
    assert_null(h323_ras_new(&c, &ops, w));
    c = w->cfg;
    c.scratch = NULL;
    assert_null(h323_ras_new(&c, &ops, w));
    c = w->cfg;
    char *copy = malloc(5);
    memcpy(copy, "9876", 5);
    c.e164 = copy;
    h323_ras *r = h323_ras_new(&c, &ops, w);   /* strings are copied */
    assert_non_null(r);
    free(copy);
    w->ras = r;
    assert_int_equal(h323_ras_start(r, 0), 0);
    assert_int_equal(h323_ras_start(r, 0), H323_E_STATE);
    pump(w);
    decoded d;
    decode_last(w, H225_RAS_RRQ, &d);
    assert_string_equal(d.m.u.rrq.terminal_alias.items[0].u.dialed_digits.chars, "9876");
    world_free(w);
}

/* ---- over real UDP sockets ------------------------------------------------------------------------ */

typedef struct udp_world {
    int ep_fd, gk_fd;
    h323_addr ep_addr, gk_addr;
    size_t registered, admitted, unregistered, sent;
    rec_event last;
} udp_world;

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int udp_open(h323_addr *bound)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t sl = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
    *bound = (h323_addr){ 4, { 127, 0, 0, 1 }, ntohs(sa.sin_port) };
    return fd;
}

static int udp_sendto(int fd, const h323_addr *to, const uint8_t *p, size_t n)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(to->port) };
    memcpy(&sa.sin_addr, to->ip, 4);
    return sendto(fd, p, n, 0, (struct sockaddr *)&sa, sizeof sa) == (ssize_t)n ? 0 : -1;
}

static int udp_ops_send(void *ctx, const h323_addr *to, const uint8_t *p, size_t n)
{
    udp_world *u = ctx;
    u->sent++;
    return udp_sendto(u->ep_fd, to, p, n);
}

static void udp_ops_event(void *ctx, const h323_ras_event *e)
{
    udp_world *u = ctx;
    u->registered += e->type == H323_RAS_EV_REGISTERED;
    u->admitted += e->type == H323_RAS_EV_ADMITTED;
    u->unregistered += e->type == H323_RAS_EV_UNREGISTERED;
    u->last.type = e->type;
    if (e->type == H323_RAS_EV_ADMITTED) u->last.dest = e->u.adm.dest;
    printf("  udp: %s\n", ev_name(e->type));
}

/* Serves both sockets until *counter reaches want, for at most 5 s (a clear failure). */
static void udp_serve(udp_world *u, h323_ras *r, gk *g, const size_t *counter, size_t want)
{
    uint64_t start = mono_ms();
    while (*counter < want) {
        uint64_t now = mono_ms();
        if (now - start > 5000) fail_msg("no answer over UDP within 5 s (counter %zu, want %zu)", *counter, want);
        uint64_t dl = h323_ras_next_deadline(r);
        int timeout = dl == UINT64_MAX ? 100 : dl <= now ? 0 : (int)(dl - now < 100 ? dl - now : 100);
        struct pollfd p[2] = { { u->ep_fd, POLLIN, 0 }, { u->gk_fd, POLLIN, 0 } };
        int n = poll(p, 2, timeout);
        assert_true(n >= 0 || errno == EINTR);
        uint8_t buf[4096];
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        if (p[1].revents & POLLIN) {
            ssize_t k = recvfrom(u->gk_fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
            assert_true(k >= 0);
            h323_addr fa = { 4, { 0 }, ntohs(from.sin_port) };
            memcpy(fa.ip, &from.sin_addr, 4);
            gk_out out;
            gk_input(g, &fa, buf, (size_t)k, mono_ms(), &out);
            for (size_t i = 0; i < out.n; i++)
                assert_int_equal(udp_sendto(u->gk_fd, &out.d[i].to, out.d[i].data, out.d[i].len), 0);
        }
        if (p[0].revents & POLLIN) {
            fl = sizeof from;
            ssize_t k = recvfrom(u->ep_fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
            assert_true(k >= 0);
            h323_addr fa = { 4, { 0 }, ntohs(from.sin_port) };
            memcpy(fa.ip, &from.sin_addr, 4);
            h323_ras_input(r, &fa, buf, (size_t)k, mono_ms());
        }
        h323_ras_tick(r, mono_ms());
    }
}

static void test_over_udp(void **state)
{
    (void)state;
    udp_world u;
    memset(&u, 0, sizeof u);
    u.ep_fd = udp_open(&u.ep_addr);
    u.gk_fd = udp_open(&u.gk_addr);
    gk_config gc = gk_config_default();
    gc.ras_addr = u.gk_addr;
    gc.ttl_s = 30;
    gc.routes[0] = (gk_route){ "5551234", PEER_SIG };
    gc.nroutes = 1;
    gk *g = gk_new(&gc);
    static uint8_t scratch[32768];
    h323_ras_config c = {
        .mode = H323_GK_DISCOVER, .gk_addr = u.gk_addr, .ras_addr = u.ep_addr,
        .signal_addr = { 4, { 127, 0, 0, 1 }, 1720 }, .h323_id = "udp-ep", .ttl_s = 30,
        .timeout_ms = 1000, .retries = 2, .scratch = scratch, .scratch_size = sizeof scratch,
    };
    h323_ras_ops ops = { udp_ops_send, udp_ops_event };
    h323_ras *r = h323_ras_new(&c, &ops, &u);
    assert_non_null(r);
    printf("client 127.0.0.1:%u, gatekeeper 127.0.0.1:%u\n", u.ep_addr.port, u.gk_addr.port);
    assert_int_equal(h323_ras_start(r, mono_ms()), 0);
    udp_serve(&u, r, g, &u.registered, 1);
    assert_true(h323_ras_registered(r));
    uint32_t token;
    assert_int_equal(h323_ras_admit(r, 1, CALL_ID, CONF_ID, false, "5551234", NULL, 1280, mono_ms(), &token), 0);
    udp_serve(&u, r, g, &u.admitted, 1);
    assert_addr(&u.last.dest, &PEER_SIG, "ACF over UDP");
    assert_int_equal(h323_ras_disengage(r, 1, CALL_ID, CONF_ID, false, mono_ms()), 0);
    assert_int_equal(h323_ras_stop(r, mono_ms()), 0);
    udp_serve(&u, r, g, &u.unregistered, 1);
    printf("over UDP: %zu datagrams sent; the gatekeeper saw GRQ %u RRQ %u ARQ %u DRQ %u URQ %u\n", u.sent,
           gk_count(g, H225_RAS_GRQ), gk_count(g, H225_RAS_RRQ), gk_count(g, H225_RAS_ARQ), gk_count(g, H225_RAS_DRQ),
           gk_count(g, H225_RAS_URQ));
    assert_int_equal(gk_count(g, H225_RAS_DRQ), 1);
    assert_int_equal(gk_count(g, H225_RAS_URQ), 1);
    assert_false(gk_registered(g));
    h323_ras_free(r);
    gk_free(g);
    close(u.ep_fd);
    close(u.gk_fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_discovery_and_registration),
        cmocka_unit_test(test_discovery_multicast_and_gateway),
        cmocka_unit_test(test_gatekeeper_rejects),
        cmocka_unit_test(test_gatekeeper_silent),
        cmocka_unit_test(test_request_in_progress),
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_keep_alive_unanswered),
        cmocka_unit_test(test_keep_alive_full_registration_required),
        cmocka_unit_test(test_admission),
        cmocka_unit_test(test_admission_rejected),
        cmocka_unit_test(test_disengage),
        cmocka_unit_test(test_gatekeeper_urq),
        cmocka_unit_test(test_gatekeeper_drq),
        cmocka_unit_test(test_gatekeeper_irq_brq),
        cmocka_unit_test(test_duplicate_and_stale_replies),
        cmocka_unit_test(test_hostile_datagrams),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_over_udp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
