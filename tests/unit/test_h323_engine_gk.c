/* Unit tests for the H.323 engine with a gatekeeper, and for loose ends of the engine.
 *
 * Two engines and the gatekeeper emulator (tests/h323/gk.h) share one in-memory network
 * (test_h323_engine_net.h) with UDP and a fake clock. Every RAS datagram that reaches the
 * gatekeeper is recorded with who sent it, when, and what the network looked like then, so
 * the tests can check the order H.323 asks for: registration (discovery and address modes)
 * and its TTL keep-alive (H.323 7.2.2), ARQ before Setup and before the callee offers the
 * call (H.323 8.1.2), DRQ after release (H.323 8.5), ARJ and its Q.850 cause, the
 * gatekeeper's DRQ, a silent gatekeeper, unregistration.
 *
 * Then, without a gatekeeper: what a connected call counts in h323_ep_stats.bytes_per_call,
 * endSessionCommand arriving before ReleaseComplete on a separate H.245 connection (H.323
 * 8.5), and a Setup that offers the caller's h245Address (H.323 8.2).
 *
 * White box where it has to be: engine/internal.h for the call's connections. */
#include "engine/internal.h"
#include "gk.h"
#include "h225/h225.h"
#include "h245/h245.h"
#include "q931/q931.h"
#include "q931/tpkt.h"
#include "test_h323_engine_net.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const h323_addr GK_RAS = { 4, { 192, 0, 2, 10 }, 1719 };
static const h323_addr GK_DISCOVERY = { 4, { 224, 0, 1, 41 }, 1718 };   /* H.225.0 7.9 */

/* ---- the world: two endpoints, the gatekeeper, the record of RAS ---------------------------- */

#define MAX_SEEN 256

typedef struct ras_seen {
    int from;                      /* endpoint index, -1: unknown */
    uint32_t type;                 /* H225_RAS_* */
    bool answer_call;              /* ARQ answerCall / DRQ answeredCall */
    bool keep_alive;               /* RRQ */
    uint64_t at;
    size_t conns;                  /* TCP connections open when it arrived */
    size_t incoming1;              /* INCOMING events endpoint 1 had seen by then */
} ras_seen;

typedef struct gkw {
    tn n;
    gk *g;
    uint64_t t0;
    ras_seen seen[MAX_SEEN];
    size_t nseen;
    bool reject_answer_call;       /* ARJ (requestDenied) to an answerCall ARQ only */
} gkw;

static const char *ras_name(uint32_t t)
{
    return h225_ras_name(t);
}

static size_t open_conns(const tn *n)
{
    size_t k = 0;
    for (uint32_t id = 1; id <= TN_MAX_CONN; id++)
        if (n->conn[id].used && !n->conn[id].listener)
            k++;
    return k;
}

/* The network's UDP peer: the gatekeeper at GK_RAS and on the discovery address. */
static void gk_peer(tn *n, const h323_addr *from, const h323_addr *to, const uint8_t *p, size_t len)
{
    gkw *w = n->udp_peer_ctx;
    if (!tn_same_addr(to, &GK_RAS) && !tn_same_addr(to, &GK_DISCOVERY)) {
        n->udp_lost++;
        return;
    }
    static uint8_t mem[16 * 1024];
    per_arena a;
    per_arena_init(&a, mem, sizeof mem);
    h225_ras_message m;
    assert_int_equal(h225_decode_ras(p, len, &m, &a, NULL), 0);
    assert_true(w->nseen < MAX_SEEN);
    ras_seen *s = &w->seen[w->nseen++];
    memset(s, 0, sizeof *s);
    s->from = -1;
    for (int i = 0; i < n->nep; i++)
        if (tn_same_addr(&n->ep[i].ras, from))
            s->from = i;
    s->type = m.choice;
    s->answer_call = m.choice == H225_RAS_ARQ ? m.u.arq.answer_call
                     : m.choice == H225_RAS_DRQ ? m.u.drq.answered_call : false;
    s->keep_alive = m.choice == H225_RAS_RRQ && m.u.rrq.keep_alive;
    s->at = n->now;
    s->conns = open_conns(n);
    s->incoming1 = tn_count(&n->ep[1], H323_EV_INCOMING, NULL);
    printf("  gk <- ep%d %s%s%s at +%llu ms (%zu TCP connections open)\n", s->from, ras_name(s->type),
           s->keep_alive ? " keepAlive" : "", s->answer_call ? " answerCall" : "",
           (unsigned long long)(n->now - w->t0), s->conns);
    gk_config *gc = gk_cfg(w->g);
    bool saved = gc->reject_arq;
    uint32_t saved_reason = gc->arj_reason;
    if (w->reject_answer_call && s->type == H225_RAS_ARQ && s->answer_call) {
        gc->reject_arq = true;
        gc->arj_reason = H225_ARJ_REQUEST_DENIED;
    }
    gk_out out;
    int rc = gk_input(w->g, from, p, len, n->now, &out);
    gc->reject_arq = saved;
    gc->arj_reason = saved_reason;
    assert_int_equal(rc, 0);
    for (size_t i = 0; i < out.n; i++)
        tn_udp_send(n, &GK_RAS, &out.d[i].to, out.d[i].data, out.d[i].len);
}

/* The gatekeeper's own datagrams (gk_send_*) into the network, to `to` (NULL: as addressed). */
static void gk_emit(gkw *w, const gk_out *out, const h323_addr *to)
{
    for (size_t i = 0; i < out->n; i++)
        tn_udp_send(&w->n, &GK_RAS, to ? to : &out->d[i].to, out->d[i].data, out->d[i].len);
}

/* How many datagrams of a type the gatekeeper got from endpoint `from` (-2: anyone). */
static size_t seen_count(const gkw *w, int from, uint32_t type)
{
    size_t k = 0;
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].type == type && (from == -2 || w->seen[i].from == from))
            k++;
    return k;
}

static const ras_seen *seen_nth(const gkw *w, int from, uint32_t type, size_t nth)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].type == type && w->seen[i].from == from && nth-- == 0)
            return &w->seen[i];
    return NULL;
}

static void ep_config(h323_config *c, int idx, enum h323_gk_mode mode)
{
    tn_config(c, idx);
    c->gk_mode = mode;
    /* discovery: the multicast address (family 0); address mode: the gatekeeper's */
    c->gk_addr = mode == H323_GK_ADDRESS ? GK_RAS : (h323_addr){ 0 };
    c->ras_addr = (h323_addr){ 4, { 127, 0, 0, (uint8_t)(idx + 1) }, 1719 };
    c->ttl_s = 60;
}

/* ep0 in mode m0, ep1 in m1, the gatekeeper knowing both by h323-ID and number. */
static gkw *world(enum h323_gk_mode m0, enum h323_gk_mode m1)
{
    gkw *w = calloc(1, sizeof *w);
    assert_non_null(w);
    tn_init(&w->n);
    w->t0 = w->n.now;
    h323_config c0, c1;
    ep_config(&c0, 0, m0);
    ep_config(&c1, 1, m1);
    gk_config gc = gk_config_default();
    gc.ras_addr = GK_RAS;
    gc.ttl_s = 60;
    gc.routes[0] = (gk_route){ "alice", c0.signal_addr };
    gc.routes[1] = (gk_route){ "1001", c0.signal_addr };
    gc.routes[2] = (gk_route){ "bob", c1.signal_addr };
    gc.routes[3] = (gk_route){ "2002", c1.signal_addr };
    gc.nroutes = 4;
    w->g = gk_new(&gc);
    assert_non_null(w->g);
    w->n.udp_peer = gk_peer;
    w->n.udp_peer_ctx = w;
    assert_non_null(tn_add(&w->n, 0, &c0));
    assert_non_null(tn_add(&w->n, 1, &c1));
    return w;
}

static void world_free(gkw *w)
{
    tn_free(&w->n);
    gk_free(w->g);
    free(w);
}

static void register_both(gkw *w)
{
    assert_int_equal(h323_ep_register(w->n.ep[0].ep, w->n.now), 0);
    assert_int_equal(h323_ep_register(w->n.ep[1].ep, w->n.now), 0);
    tn_pump(&w->n);
    for (int i = 0; i < 2; i++) {
        printf("ep%d: REGISTERED %zu, REG_FAILED %zu\n", i, tn_count(&w->n.ep[i], H323_EV_REGISTERED, NULL),
               tn_count(&w->n.ep[i], H323_EV_REG_FAILED, NULL));
        assert_int_equal(tn_count(&w->n.ep[i], H323_EV_REGISTERED, NULL), 1);
    }
}

static h323_call *call_alias(gkw *w, const char *alias, uint32_t flags)
{
    h323_call_params p;
    memset(&p, 0, sizeof p);
    p.dest_alias = alias;   /* dest_addr family 0: the gatekeeper says where */
    p.media = w->n.ep[0].media;
    p.flags = flags;
    h323_call *c = NULL;
    int rc = h323_call_make(w->n.ep[0].ep, &p, NULL, w->n.now, &c);
    printf("h323_call_make(\"%s\") -> %d (%s)\n", alias, rc, h323_strerror(rc));
    assert_int_equal(rc, 0);
    tn_pump(&w->n);
    return c;
}

static enum h323_call_state state_of(const h323_call *c)
{
    h323_call_info i;
    h323_call_info_get(c, &i);
    return i.state;
}

/* The only RELEASED event of endpoint idx (for call c, or any). */
static const tn_event *released_of(const tn_ep *e, const h323_call *c)
{
    const tn_event *r = NULL;
    size_t k = 0;
    for (size_t i = 0; i < e->nev; i++)
        if (e->ev[i].type == H323_EV_RELEASED && (!c || e->ev[i].call == c)) {
            r = &e->ev[i];
            k++;
        }
    if (k > 1)
        fail_msg("ep%d: %zu RELEASED events for one call", e->idx, k);
    return r;
}

/* ---- registration ----------------------------------------------------------------------------- */

/* ep0 discovers the gatekeeper by multicast GRQ, ep1 registers at its address; both keep
 * the registration alive with a lightweight RRQ at TTL - timeout x (retries + 1) = 60 s -
 * 3 s x 3 = 51 s (ras.c: every retry fits before the TTL runs out, H.323 7.2.2). */
static void test_register_and_keep_alive(void **state)
{
    (void)state;
    gkw *w = world(H323_GK_DISCOVER, H323_GK_ADDRESS);
    register_both(w);
    printf("GRQ ep0 %zu ep1 %zu, RRQ ep0 %zu ep1 %zu\n", seen_count(w, 0, H225_RAS_GRQ),
           seen_count(w, 1, H225_RAS_GRQ), seen_count(w, 0, H225_RAS_RRQ), seen_count(w, 1, H225_RAS_RRQ));
    assert_int_equal(seen_count(w, 0, H225_RAS_GRQ), 1);
    assert_int_equal(seen_count(w, 1, H225_RAS_GRQ), 0);
    const ras_seen *r0 = seen_nth(w, 0, H225_RAS_RRQ, 0), *r1 = seen_nth(w, 1, H225_RAS_RRQ, 0);
    assert_non_null(r0);
    assert_non_null(r1);
    assert_false(r0->keep_alive);
    assert_false(r1->keep_alive);
    assert_true(gk_registered(w->g));

    tn_advance(&w->n, 51000 - 1);
    assert_int_equal(seen_count(w, -2, H225_RAS_RRQ), 2);   /* nothing early */
    tn_advance(&w->n, 1);
    for (int i = 0; i < 2; i++) {
        const ras_seen *k = seen_nth(w, i, H225_RAS_RRQ, 1);
        assert_non_null(k);
        printf("ep%d keep-alive at +%llu ms\n", i, (unsigned long long)(k->at - w->t0));
        assert_true(k->keep_alive);
        assert_int_equal(k->at - w->t0, 51000);
    }
    tn_advance(&w->n, 51000);   /* the next one, 51 s after the keep-alive's RCF */
    for (int i = 0; i < 2; i++) {
        const ras_seen *k = seen_nth(w, i, H225_RAS_RRQ, 2);
        assert_non_null(k);
        assert_true(k->keep_alive);
        assert_int_equal(k->at - w->t0, 102000);
        assert_int_equal(tn_count(&w->n.ep[i], H323_EV_REG_FAILED, NULL), 0);
    }
    assert_int_equal(seen_count(w, -2, H225_RAS_RRQ), 6);
    world_free(w);
}

/* The gatekeeper does not answer: REG_FAILED after every retry; a call by alias alone fails
 * at once, a call to an address goes direct (H.323 8.1.1) with no RAS at all. */
static void test_gatekeeper_silent(void **state)
{
    (void)state;
    gkw *w = world(H323_GK_DISCOVER, H323_GK_ADDRESS);
    gk_cfg(w->g)->silent = 1u << H225_RAS_GRQ | 1u << H225_RAS_RRQ | 1u << H225_RAS_ARQ;
    assert_int_equal(h323_ep_register(w->n.ep[0].ep, w->n.now), 0);
    assert_int_equal(h323_ep_register(w->n.ep[1].ep, w->n.now), 0);
    tn_pump(&w->n);
    tn_advance(&w->n, 3 * 3000 - 1);
    assert_int_equal(tn_count(&w->n.ep[0], H323_EV_REG_FAILED, NULL), 0);
    tn_advance(&w->n, 1);
    for (int i = 0; i < 2; i++) {
        printf("ep%d: REG_FAILED %zu after %llu ms\n", i, tn_count(&w->n.ep[i], H323_EV_REG_FAILED, NULL),
               (unsigned long long)(w->n.now - w->t0));
        assert_int_equal(tn_count(&w->n.ep[i], H323_EV_REG_FAILED, NULL), 1);
        assert_int_equal(tn_count(&w->n.ep[i], H323_EV_REGISTERED, NULL), 0);
    }
    assert_int_equal(seen_count(w, 0, H225_RAS_GRQ), 3);   /* first try + 2 retries */
    assert_int_equal(seen_count(w, 1, H225_RAS_RRQ), 3);

    h323_call_params p;
    memset(&p, 0, sizeof p);
    p.dest_alias = "bob";
    p.media = w->n.ep[0].media;
    h323_call *c = (h323_call *)&p;
    size_t nev = w->n.ep[0].nev;
    int rc = h323_call_make(w->n.ep[0].ep, &p, NULL, w->n.now, &c);
    printf("by alias, unregistered: %d (%s)\n", rc, h323_strerror(rc));
    assert_int_equal(rc, H323_E_STATE);
    assert_null(c);
    tn_pump(&w->n);
    assert_int_equal(w->n.ep[0].nev, nev);
    assert_int_equal(open_conns(&w->n), 0);

    w->n.ep[1].policy = TN_ANSWER;
    p.dest_addr = w->n.ep[1].addr;
    assert_int_equal(h323_call_make(w->n.ep[0].ep, &p, NULL, w->n.now, &c), 0);
    tn_pump(&w->n);
    h323_call *in = w->n.ep[1].incoming;
    assert_non_null(in);
    printf("direct: caller %d callee %d, ARQs %zu\n", state_of(c), state_of(in), seen_count(w, -2, H225_RAS_ARQ));
    assert_int_equal(state_of(c), H323_CS_CONNECTED);
    assert_int_equal(state_of(in), H323_CS_CONNECTED);
    h323_call_hangup(c, H323_CAUSE_NORMAL, w->n.now);
    tn_pump(&w->n);
    tn_advance(&w->n, 10000);
    assert_int_equal(seen_count(w, -2, H225_RAS_ARQ), 0);
    assert_int_equal(seen_count(w, -2, H225_RAS_DRQ), 0);
    assert_int_equal(released_of(&w->n.ep[0], c)->cause, 16);
    h323_call_free(c);
    h323_call_free(in);
    world_free(w);
}

static void test_unregister(void **state)
{
    (void)state;
    gkw *w = world(H323_GK_ADDRESS, H323_GK_ADDRESS);
    register_both(w);
    assert_int_equal(h323_ep_unregister(w->n.ep[0].ep, w->n.now), 0);
    tn_pump(&w->n);
    printf("URQ %zu, UNREGISTERED %zu, gatekeeper still has us: %d\n", seen_count(w, 0, H225_RAS_URQ),
           tn_count(&w->n.ep[0], H323_EV_UNREGISTERED, NULL), gk_registered(w->g));
    assert_int_equal(seen_count(w, 0, H225_RAS_URQ), 1);
    assert_int_equal(tn_count(&w->n.ep[0], H323_EV_UNREGISTERED, NULL), 1);
    assert_false(gk_registered(w->g));
    assert_int_equal(h323_ep_unregister(w->n.ep[0].ep, w->n.now), H323_E_STATE);
    /* no keep-alive afterwards */
    tn_advance(&w->n, 120000);
    assert_int_equal(seen_count(w, 0, H225_RAS_RRQ), 1);
    world_free(w);
}

/* ---- calls through the gatekeeper ----------------------------------------------------------- */

/* A calls B by alias only: ARQ (no TCP yet) -> ACF with B's address -> Setup there; B asks
 * (ARQ answerCall) before it offers the call; both DRQ after the release, and DCF stops
 * their retries. */
static void test_call_by_alias(void **state)
{
    (void)state;
    gkw *w = world(H323_GK_ADDRESS, H323_GK_DISCOVER);
    register_both(w);
    w->n.ep[1].policy = TN_ALERT_ANSWER;
    h323_call *c = call_alias(w, "bob", 0);
    h323_call *in = w->n.ep[1].incoming;
    assert_non_null(in);
    assert_int_equal(state_of(c), H323_CS_CONNECTED);
    assert_int_equal(state_of(in), H323_CS_CONNECTED);

    const ras_seen *a0 = seen_nth(w, 0, H225_RAS_ARQ, 0), *a1 = seen_nth(w, 1, H225_RAS_ARQ, 0);
    assert_non_null(a0);
    assert_non_null(a1);
    assert_false(a0->answer_call);
    assert_true(a1->answer_call);
    assert_int_equal(a0->conns, 0);        /* ARQ before the TCP connect and the Setup */
    assert_true(a1->conns > 0);            /* the Setup had arrived ... */
    assert_int_equal(a1->incoming1, 0);    /* ... but B had not offered the call yet */
    h323_call_info a, b;
    h323_call_info_get(c, &a);
    h323_call_info_get(in, &b);
    printf("caller's remote_signal %u.%u.%u.%u:%u, callee's called alias \"%s\"\n", a.remote_signal.ip[0],
           a.remote_signal.ip[1], a.remote_signal.ip[2], a.remote_signal.ip[3], a.remote_signal.port,
           b.called_alias);
    assert_true(tn_same_addr(&a.remote_signal, &w->n.ep[1].addr));
    assert_string_equal(b.called_alias, "bob");
    assert_int_equal(seen_count(w, -2, H225_RAS_DRQ), 0);

    assert_int_equal(h323_call_hangup(c, H323_CAUSE_NORMAL, w->n.now), 0);
    tn_pump(&w->n);
    const ras_seen *d0 = seen_nth(w, 0, H225_RAS_DRQ, 0), *d1 = seen_nth(w, 1, H225_RAS_DRQ, 0);
    assert_non_null(d0);
    assert_non_null(d1);
    assert_false(d0->answer_call);
    assert_true(d1->answer_call);
    tn_advance(&w->n, 20000);   /* DCF came: no DRQ retried */
    printf("DRQs after 20 s: %zu\n", seen_count(w, -2, H225_RAS_DRQ));
    assert_int_equal(seen_count(w, -2, H225_RAS_DRQ), 2);
    assert_int_equal(released_of(&w->n.ep[0], c)->cause, 16);
    assert_int_equal(released_of(&w->n.ep[1], in)->cause, 16);
    h323_call_free(c);
    h323_call_free(in);
    world_free(w);
}

/* ARJ: the call is released without a single octet of call signalling. The cause says what
 * the gatekeeper said (call.c arj_cause): called party not registered -> 20 "subscriber
 * absent" (as H.225.0 pairs calledPartyNotRegistered), requestDenied -> 21 "call rejected",
 * no answer at all -> 38 "network out of order" (unreachableGatekeeper). */
static void arj_case(const char *alias, bool reject, bool silent, uint32_t want)
{
    gkw *w = world(H323_GK_ADDRESS, H323_GK_ADDRESS);
    register_both(w);
    gk_cfg(w->g)->reject_arq = reject;
    gk_cfg(w->g)->arj_reason = H225_ARJ_REQUEST_DENIED;
    if (silent)
        gk_cfg(w->g)->silent = 1u << H225_RAS_ARQ;
    h323_call *c = call_alias(w, alias, 0);
    if (silent) {
        assert_int_equal(state_of(c), H323_CS_IDLE);
        tn_advance(&w->n, 3 * 3000);
    }
    const tn_event *r = released_of(&w->n.ep[0], c);
    assert_non_null(r);
    printf("\"%s\": cause %u (%s), %zu ARQs, %zu TCP connections\n", alias, r->cause, r->text,
           seen_count(w, 0, H225_RAS_ARQ), open_conns(&w->n));
    assert_int_equal(r->cause, want);
    assert_true(r->local);
    assert_int_equal(seen_count(w, 0, H225_RAS_ARQ), silent ? 3 : 1);
    assert_int_equal(w->n.next_id, 0);   /* no TCP connection was ever opened */
    assert_int_equal(w->n.ep[1].nev, 1);  /* B saw only its registration */
    tn_advance(&w->n, 10000);
    assert_int_equal(seen_count(w, -2, H225_RAS_DRQ), 0);   /* nothing admitted, nothing to disengage */
    h323_call_free(c);
    world_free(w);
}

static void test_arj(void **state)
{
    (void)state;
    arj_case("nobody", false, false, 20);
    arj_case("bob", true, false, 21);
    arj_case("bob", false, true, 38);
}

/* B's gatekeeper refuses B's answerCall ARQ: B never offers the call and answers the Setup
 * with ReleaseComplete 21 / destinationRejection; A was admitted, so A disengages. */
static void test_arj_answer_call(void **state)
{
    (void)state;
    gkw *w = world(H323_GK_ADDRESS, H323_GK_ADDRESS);
    register_both(w);
    w->reject_answer_call = true;
    w->n.ep[1].free_on_release = true;
    h323_call *c = call_alias(w, "2002", 0);
    const tn_event *r0 = released_of(&w->n.ep[0], c), *r1 = released_of(&w->n.ep[1], NULL);
    assert_non_null(r0);
    assert_non_null(r1);
    printf("caller: cause %u reason %d (%s); callee: cause %u (%s)\n", r0->cause, (int)r0->reason, r0->text,
           r1->cause, r1->text);
    assert_int_equal(tn_count(&w->n.ep[1], H323_EV_INCOMING, NULL), 0);
    assert_int_equal(r1->cause, 21);
    assert_true(r1->local);
    assert_int_equal(r0->cause, 21);
    assert_false(r0->local);
    assert_int_equal(r0->reason, H225_RC_DESTINATION_REJECTION);
    assert_int_equal(seen_count(w, 0, H225_RAS_DRQ), 1);
    assert_int_equal(seen_count(w, 1, H225_RAS_DRQ), 0);
    h323_call_free(c);
    world_free(w);
}

/* The gatekeeper ends a connected call (DRQ, H.323 8.5): to both endpoints, or to B only
 * (then A learns it from B's ReleaseComplete and disengages itself). */
static void gk_drq_case(bool both)
{
    gkw *w = world(H323_GK_ADDRESS, H323_GK_ADDRESS);
    register_both(w);
    w->n.ep[1].policy = TN_ANSWER;
    h323_call *c = call_alias(w, "bob", 0);
    h323_call *in = w->n.ep[1].incoming;
    assert_int_equal(state_of(c), H323_CS_CONNECTED);
    gk_out out;
    assert_int_equal(gk_send_drq(w->g, NULL, &out), 0);
    gk_emit(w, &out, &w->n.ep[1].ras);
    if (both)
        gk_emit(w, &out, &w->n.ep[0].ras);
    tn_pump(&w->n);
    const tn_event *r0 = released_of(&w->n.ep[0], c), *r1 = released_of(&w->n.ep[1], in);
    assert_non_null(r0);
    assert_non_null(r1);
    printf("gatekeeper DRQ to %s: caller cause %u (%s), callee cause %u (%s); DCF %zu, DRQ ep0 %zu ep1 %zu\n",
           both ? "both" : "B", r0->cause, r0->text, r1->cause, r1->text, seen_count(w, -2, H225_RAS_DCF),
           seen_count(w, 0, H225_RAS_DRQ), seen_count(w, 1, H225_RAS_DRQ));
    assert_int_equal(r0->cause, 16);
    assert_int_equal(r1->cause, 16);
    assert_string_equal(r1->text, "gatekeeper sent DRQ");
    assert_int_equal(seen_count(w, 1, H225_RAS_DCF), 1);
    assert_int_equal(seen_count(w, 1, H225_RAS_DRQ), 0);   /* disengaged by the gatekeeper */
    assert_int_equal(seen_count(w, 0, H225_RAS_DCF), both ? 1 : 0);
    assert_int_equal(seen_count(w, 0, H225_RAS_DRQ), both ? 0 : 1);
    assert_int_equal(open_conns(&w->n), 0);
    h323_call_free(c);
    h323_call_free(in);
    world_free(w);
}

static void test_gatekeeper_drq(void **state)
{
    (void)state;
    gk_drq_case(true);
    gk_drq_case(false);
}

/* ---- memory per call ----------------------------------------------------------------------------- */

static uint64_t bytes_per_call(const tn *n, int idx)
{
    h323_ep_stats st;
    h323_ep_stats_get(n->ep[idx].ep, &st);
    return st.bytes_per_call;
}

static h323_call *direct_call(tn *n, uint32_t flags)
{
    h323_call_params p;
    memset(&p, 0, sizeof p);
    p.dest_alias = "bob";
    p.dest_addr = n->ep[1].addr;
    p.media = n->ep[0].media;
    p.flags = flags;
    h323_call *c = NULL;
    assert_int_equal(h323_call_make(n->ep[0].ep, &p, NULL, n->now, &c), 0);
    tn_pump(n);
    assert_int_equal(state_of(c), H323_CS_CONNECTED);
    return c;
}

/* bytes_per_call counts the h245ctl session and a partial TPKT's buffer: on the callee,
 * 1000 octets of a TPKT still missing show up as exactly 1000 more. */
static void bytes_case(const char *name, bool tunnelling, uint32_t flags)
{
    tn n;
    tn_init(&n);
    h323_config c1;
    tn_config(&c1, 1);
    c1.tunnelling = tunnelling;
    assert_non_null(tn_add(&n, 0, NULL));
    assert_non_null(tn_add(&n, 1, &c1));
    n.ep[1].policy = TN_ANSWER;
    h323_call *c = direct_call(&n, flags);
    h323_call *in = n.ep[1].incoming;
    uint64_t b0 = bytes_per_call(&n, 0), b1 = bytes_per_call(&n, 1);
    size_t h245 = h245ctl_size(in->h245);
    printf("%-28s caller %llu B, callee %llu B per call (h245ctl %zu B, call %zu B, connection %zu B)\n", name,
           (unsigned long long)b0, (unsigned long long)b1, h245, sizeof(struct h323_call), sizeof(h323_cx));
    assert_true(h245 > 0);
    assert_true(b1 >= sizeof(struct h323_call) + h245 + sizeof(h323_cx) * (in->h245_cx ? 2 : 1));

    uint8_t part[4 + 24] = { 3, 0, (uint8_t)((1024 + 4) >> 8), (uint8_t)((1024 + 4) & 0xFF) };
    h323_conn sig = in->sig->id;
    tn_inject(&n, n.conn[sig].peer, part, sizeof part);
    tn_pump(&n);
    uint64_t b1p = bytes_per_call(&n, 1);
    printf("%-28s callee with a partial 1024-octet TPKT (24 in): %llu B\n", "", (unsigned long long)b1p);
    assert_int_equal(b1p, b1 + 1024);
    h323_call_hangup(c, H323_CAUSE_NORMAL, n.now);
    tn_pump(&n);
    h323_call_free(c);
    h323_call_free(in);
    tn_free(&n);
}

static void test_bytes_per_call(void **state)
{
    (void)state;
    bytes_case("fast start, tunnelled:", true, 0);
    bytes_case("H.245 channels, tunnelled:", true, H323_CALL_NO_FAST_START);
    bytes_case("H.245 channels, separate:", false, H323_CALL_NO_FAST_START);
}

/* ---- endSessionCommand before ReleaseComplete (H.323 8.5) ------------------------------------------- */

/* The H.245 messages queued for connection `conn` (one per TPKT), their names into
 * names; whether one is endSessionCommand. */
static bool queued_end_session(const tn *n, uint32_t conn, char *names, size_t cap)
{
    static uint8_t mem[H245_ARENA_SIZE];
    bool end = false;
    names[0] = '\0';
    for (const tn_action *x = n->head; x; x = x->next) {
        if (x->act != TN_ACT_DATA || x->conn != conn || x->len <= TPKT_HEADER_LEN)
            continue;
        per_arena a;
        per_arena_init(&a, mem, sizeof mem);
        h245_msg m;
        if (h245_decode(x->data + TPKT_HEADER_LEN, x->len - TPKT_HEADER_LEN, &m, &a, NULL, NULL))
            continue;
        size_t k = strlen(names);
        snprintf(names + k, cap - k, "%s%s", k ? ", " : "", h245_msg_name(&m));
        end |= m.choice == H245_COMMAND && m.u.command.choice == H245_CMD_END_SESSION;
    }
    return end;
}

/* Drops the queued actions for connection `conn`. */
static size_t drop_queued(tn *n, uint32_t conn)
{
    size_t k = 0;
    tn_action **pp = &n->head, *last = NULL;
    while (*pp) {
        tn_action *x = *pp;
        if (x->conn == conn && x->act != TN_ACT_UDP) {
            *pp = x->next;
            free(x->data);
            free(x);
            k++;
        } else {
            last = x;
            pp = &x->next;
        }
    }
    n->tail = last;
    return k;
}

/* B hangs up with cause 31 on a call with a separate H.245 connection. Its endSessionCommand
 * (on the H.245 connection) reaches A before its ReleaseComplete (on the call signalling
 * connection). A answers with its own endSessionCommand and reports the ReleaseComplete's
 * cause; when no ReleaseComplete comes, cause 16 after H323_END_SESSION_WAIT_MS. */
static void end_session_case(bool release_complete_lost)
{
    tn n;
    tn_init(&n);
    h323_config c1;
    tn_config(&c1, 1);
    c1.tunnelling = false;
    assert_non_null(tn_add(&n, 0, NULL));
    assert_non_null(tn_add(&n, 1, &c1));
    n.ep[1].policy = TN_ANSWER;
    h323_call *c = direct_call(&n, H323_CALL_NO_FAST_START);
    h323_call *in = n.ep[1].incoming;
    assert_non_null(c->h245_cx);
    uint32_t a_sig = c->sig->id, a_h245 = c->h245_cx->id, b_h245 = n.conn[a_h245].peer;

    assert_int_equal(h323_call_hangup(in, H323_CAUSE_NORMAL_UNSPECIFIED, n.now), 0);
    if (release_complete_lost)
        printf("dropped %zu actions on the call signalling connection\n", drop_queued(&n, a_sig));
    /* B's H.245 (CloseLogicalChannel, endSessionCommand) is first in line: deliver only it */
    size_t h245_in = 0;
    while (n.head && n.head->act == TN_ACT_DATA && n.head->conn == a_h245)
        h245_in += tn_pump_max(&n, 1);
    assert_true(h245_in >= 1);
    char names[256];
    bool answered = queued_end_session(&n, b_h245, names, sizeof names);
    /* H.323 8.5: our channel closed (step 3) before our endSessionCommand (step 4) */
    printf("A after the endSessionCommand: state %d, answered on H.245: %s\n", state_of(c), names);
    assert_true(answered);
    assert_int_not_equal(state_of(c), H323_CS_RELEASED);
    tn_pump(&n);
    const tn_event *r = released_of(&n.ep[0], c);
    if (release_complete_lost) {
        assert_null(r);   /* the H.245 connection closed: still waiting */
        tn_advance(&n, H323_END_SESSION_WAIT_MS - 1);
        assert_null(released_of(&n.ep[0], c));
        tn_advance(&n, 1);
        r = released_of(&n.ep[0], c);
        assert_non_null(r);
        printf("A: cause %u (%s) after %u ms\n", r->cause, r->text, H323_END_SESSION_WAIT_MS);
        assert_int_equal(r->cause, 16);
        assert_string_equal(r->text, "peer sent endSessionCommand");
        assert_false(n.conn[a_sig].used);   /* A sent its ReleaseComplete and closed */
    } else {
        assert_non_null(r);
        printf("A: cause %u reason %d (%s)\n", r->cause, (int)r->reason, r->text);
        assert_int_equal(r->cause, H323_CAUSE_NORMAL_UNSPECIFIED);
        assert_int_equal(r->reason, H225_RC_UNDEFINED_REASON);
        assert_false(r->local);
    }
    h323_call_free(c);
    h323_call_free(in);
    tn_free(&n);
}

static void test_end_session_before_release_complete(void **state)
{
    (void)state;
    end_session_case(false);
    end_session_case(true);
}

/* ---- h245Address in the Setup (H.323 8.2) ------------------------------------------------------------ */

/* The caller listens and offers h245Address in its Setup; the callee connects to it (it
 * would tunnel, but the caller does not) instead of listening itself. */
static void h245_in_setup_case(uint32_t flags)
{
    tn n;
    tn_init(&n);
    assert_non_null(tn_add(&n, 0, NULL));
    assert_non_null(tn_add(&n, 1, NULL));
    n.ep[1].policy = TN_ALERT_ANSWER;
    h323_call *c = direct_call(&n, H323_CALL_H245_IN_SETUP | flags);
    h323_call *in = n.ep[1].incoming;
    h323_call_info a, b;
    h323_call_info_get(c, &a);
    h323_call_info_get(in, &b);
    size_t listeners = (size_t)(n.next_port - 30000);
    printf("flags %#x: h245 %d/%d, listeners made %zu, callee had the caller's h245Address %d, tx %d/%d rx %d/%d, "
           "fast start %d\n",
           (unsigned)flags, a.h245, b.h245, listeners, in->peer_h245_addr_valid, a.has_tx, b.has_tx, a.has_rx,
           b.has_rx, a.fast_start);
    assert_int_equal(a.h245, H323_H245_SEPARATE);
    assert_int_equal(b.h245, H323_H245_SEPARATE);
    assert_int_equal(listeners, 1);          /* the caller's */
    assert_true(in->peer_h245_addr_valid);
    assert_non_null(in->h245_cx);
    assert_null(in->h245_listen);
    assert_null(c->h245_listen);             /* it served its one connection */
    assert_int_equal(open_conns(&n), 4);
    assert_true(a.has_tx && a.has_rx && b.has_tx && b.has_rx);
    assert_int_equal(a.tx.rtp.port, n.ep[1].media.port);
    assert_int_equal(b.tx.rtp.port, n.ep[0].media.port);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_MEDIA, c), 2);   /* once each way, not twice */
    assert_int_equal(tn_count(&n.ep[1], H323_EV_MEDIA, in), 2);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_H245_READY, c), 1);
    h323_call_hangup(c, H323_CAUSE_NORMAL, n.now);
    tn_pump(&n);
    assert_int_equal(released_of(&n.ep[1], in)->cause, 16);
    assert_int_equal(open_conns(&n), 0);
    h323_call_free(c);
    h323_call_free(in);
    tn_free(&n);
}

static void test_h245_address_in_setup(void **state)
{
    (void)state;
    h245_in_setup_case(H323_CALL_NO_FAST_START);
    h245_in_setup_case(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_and_keep_alive),
        cmocka_unit_test(test_gatekeeper_silent),
        cmocka_unit_test(test_unregister),
        cmocka_unit_test(test_call_by_alias),
        cmocka_unit_test(test_arj),
        cmocka_unit_test(test_arj_answer_call),
        cmocka_unit_test(test_gatekeeper_drq),
        cmocka_unit_test(test_bytes_per_call),
        cmocka_unit_test(test_end_session_before_release_complete),
        cmocka_unit_test(test_h245_address_in_setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
