/* Unit tests for the H.323 call signalling engine (tsp-h323/engine/h323.h): endpoints wired
 * back to back in memory (test_h323_engine_net.h) with a fake clock. Each test prints the
 * events both sides saw. What is checked: the call flows (fast start, tunnelled and
 * separate H.245, DTMF both ways), busy/rejected with their causes on both sides, the
 * Q.931 timers T303/T310/T301, the peer closing TCP, hostile octets on one call while
 * another stays up, bad Setups answered with the right cause, max_calls, and freeing a
 * call inside its RELEASED event. */
#include "engine/h323.h"
#include "engine/timer.h"
#include "h225/h225.h"
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

static const h323_call_params *params_to(tn *n, int to, uint32_t flags)
{
    static h323_call_params p;
    memset(&p, 0, sizeof p);
    p.dest_alias = to == 1 ? "bob" : "2002";
    p.dest_addr = n->ep[to].addr;
    p.media = n->ep[0].media;
    p.flags = flags;
    return &p;
}

static h323_call *make_call(tn *n, int from, int to, uint32_t flags)
{
    h323_call *c = NULL;
    int rc = h323_call_make(n->ep[from].ep, params_to(n, to, flags), NULL, n->now, &c);
    printf("h323_call_make -> %d (%s)\n", rc, h323_strerror(rc));
    assert_int_equal(rc, 0);
    assert_non_null(c);
    tn_pump(n);
    return c;
}

static enum h323_call_state state_of(const h323_call *c)
{
    h323_call_info i;
    h323_call_info_get(c, &i);
    return i.state;
}

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

/* Two engines, ep0 calls ep1 (with per-test configs). */
static void two(tn *n, const h323_config *c0, const h323_config *c1)
{
    tn_init(n);
    assert_non_null(tn_add(n, 0, c0));
    assert_non_null(tn_add(n, 1, c1));
}

static void check_stats(const tn *n, int idx, uint64_t active)
{
    h323_ep_stats st;
    h323_ep_stats_get(n->ep[idx].ep, &st);
    printf("ep%d stats: active %llu total %llu bad %llu bytes/call %llu\n", idx,
           (unsigned long long)st.calls_active, (unsigned long long)st.calls_total,
           (unsigned long long)st.bad_messages, (unsigned long long)st.bytes_per_call);
    assert_int_equal(st.calls_active, active);
}

/* The open channels of a call as the events told them: tx must go to the peer's RTP, rx
 * names our own. */
static void check_media(const tn *n, int me, const h323_call *c, int peer)
{
    h323_call_info i;
    h323_call_info_get(c, &i);
    printf("ep%d: fast start %d, h245 %d, tx -> port %u (codec %u), rx on port %u\n", me, i.fast_start, i.h245,
           i.tx.rtp.port, i.tx.codec, i.rx.rtp.port);
    assert_true(i.has_tx);
    assert_true(i.has_rx);
    assert_int_equal(i.tx.rtp.port, n->ep[peer].media.port);
    assert_int_equal(i.tx.rtcp.port, n->ep[peer].media.port + 1);
    assert_int_equal(i.tx.rtp.ip[3], n->ep[peer].media.ip[3]);
    assert_int_equal(i.rx.rtp.port, n->ep[me].media.port);
    assert_int_equal(i.tx.codec, H245_AUDIO_G711_ULAW64K);
    assert_int_equal(tn_count(&n->ep[me], H323_EV_MEDIA, c), 2);
}

/* ---- basic flows ---- */

static void test_call_connect_release(void **state)
{
    (void)state;
    tn n;
    two(&n, NULL, NULL);
    n.ep[1].policy = TN_ALERT_ANSWER;
    h323_call *c = make_call(&n, 0, 1, H323_CALL_NO_FAST_START);
    h323_call *in = n.ep[1].incoming;
    assert_non_null(in);
    assert_int_equal(state_of(c), H323_CS_CONNECTED);
    assert_int_equal(state_of(in), H323_CS_CONNECTED);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_PROCEEDING, c), 1);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_ALERTING, c), 1);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_CONNECTED, c), 1);
    assert_int_equal(tn_count(&n.ep[1], H323_EV_INCOMING, in), 1);
    assert_int_equal(tn_count(&n.ep[1], H323_EV_CONNECTED, in), 1);

    h323_call_info a, b;
    h323_call_info_get(c, &a);
    h323_call_info_get(in, &b);
    printf("callee sees: calling %s/%s called %s/%s display '%s' crv %u/%u\n", b.calling_number,
           b.calling_alias, b.called_number, b.called_alias, b.display, a.call_ref, b.call_ref);
    assert_true(a.outgoing);
    assert_false(b.outgoing);
    assert_string_equal(b.calling_number, "1001");
    assert_string_equal(b.calling_alias, "alice");
    assert_string_equal(b.called_alias, "bob");
    assert_string_equal(b.display, "Alice");
    assert_int_equal(a.call_ref, b.call_ref);
    assert_memory_equal(a.call_id, b.call_id, 16);
    assert_memory_equal(a.conference_id, b.conference_id, 16);
    assert_int_equal(b.remote_signal.ip[3], 1);
    assert_int_equal(a.h245, H323_H245_TUNNELLED);
    assert_int_equal(b.h245, H323_H245_TUNNELLED);
    assert_false(a.fast_start);
    check_media(&n, 0, c, 1);
    check_media(&n, 1, in, 0);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_H245_READY, c), 1);
    check_stats(&n, 0, 1);
    check_stats(&n, 1, 1);

    assert_int_equal(h323_call_hangup(c, H323_CAUSE_NORMAL, n.now), 0);
    tn_pump(&n);
    const tn_event *r0 = released_of(&n.ep[0], c), *r1 = released_of(&n.ep[1], in);
    assert_non_null(r0);
    assert_non_null(r1);
    assert_int_equal(r0->cause, 16);
    assert_true(r0->local);
    assert_int_equal(r1->cause, 16);
    assert_false(r1->local);
    assert_int_equal(h323_call_hangup(c, 16, n.now), H323_E_STATE);
    check_stats(&n, 0, 0);
    check_stats(&n, 1, 0);
    h323_call_free(c);
    h323_call_free(in);
    tn_free(&n);
}

static void busy_or_rejected(enum tn_policy pol, uint32_t cause)
{
    tn n;
    two(&n, NULL, NULL);
    n.ep[1].policy = pol;
    h323_call *c = make_call(&n, 0, 1, 0);
    const tn_event *r0 = released_of(&n.ep[0], c), *r1 = released_of(&n.ep[1], NULL);
    assert_non_null(r0);
    assert_non_null(r1);
    printf("caller: cause %u reason %d; callee: cause %u\n", r0->cause, (int)r0->reason, r1->cause);
    assert_int_equal(r0->cause, cause);
    assert_false(r0->local);
    assert_int_equal(r1->cause, cause);
    assert_true(r1->local);
    /* the reason H.225.0 pairs with the cause travelled too */
    assert_int_equal(r0->reason, cause == 17 ? H225_RC_IN_CONF : H225_RC_DESTINATION_REJECTION);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_CONNECTED, NULL), 0);
    h323_call_free(c);
    h323_call_free(n.ep[1].incoming);
    tn_free(&n);
}

static void test_busy(void **state) { (void)state; busy_or_rejected(TN_BUSY, 17); }
static void test_rejected(void **state) { (void)state; busy_or_rejected(TN_REJECT, 21); }

/* ---- timers ---- */

static void test_t303(void **state)
{
    (void)state;
    tn n;
    tn_init(&n);
    tn_add(&n, 0, NULL);
    tn_add_sink(&n, 1);   /* accepts TCP, never answers */
    h323_call *c = make_call(&n, 0, 1, 0);
    assert_int_equal(state_of(c), H323_CS_CALLING);
    printf("next deadline in %llu ms\n", (unsigned long long)(h323_ep_next_deadline(n.ep[0].ep) - n.now));
    assert_int_equal(h323_ep_next_deadline(n.ep[0].ep), n.now + 4000);
    tn_advance(&n, 3999);
    assert_null(released_of(&n.ep[0], c));
    tn_advance(&n, 1);
    const tn_event *r = released_of(&n.ep[0], c);
    assert_non_null(r);
    assert_int_equal(r->cause, 102);
    assert_true(r->local);
    assert_non_null(strstr(r->text, "T303"));
    /* the silent peer got the Setup, then a ReleaseComplete with cause 102 */
    q931_message q;
    size_t off = 0, k = 0;
    uint8_t types[4];
    while (off + 4 <= n.ep[1].rx_len && k < 4) {
        size_t len = (size_t)n.ep[1].rx[off + 2] << 8 | n.ep[1].rx[off + 3];
        assert_int_equal(q931_decode(&q, n.ep[1].rx + off + 4, len - 4), 0);
        types[k++] = q.type;
        off += len;
    }
    assert_int_equal(k, 2);
    assert_int_equal(types[0], Q931_SETUP);
    assert_int_equal(types[1], Q931_RELEASE_COMPLETE);
    assert_int_equal(q.cause.value, 102);
    assert_int_equal(h323_ep_next_deadline(n.ep[0].ep), UINT64_MAX);
    h323_call_free(c);
    tn_free(&n);
}

static void timer_case(enum tn_policy pol, uint64_t ms, uint32_t cause, const char *name)
{
    tn n;
    two(&n, NULL, NULL);
    n.ep[1].policy = pol;
    h323_call *c = make_call(&n, 0, 1, 0);
    assert_int_equal(state_of(c), pol == TN_SILENT ? H323_CS_PROCEEDING : H323_CS_ALERTING);
    tn_advance(&n, ms - 1);
    assert_null(released_of(&n.ep[0], c));
    tn_advance(&n, 1);
    const tn_event *r0 = released_of(&n.ep[0], c), *r1 = released_of(&n.ep[1], NULL);
    assert_non_null(r0);
    assert_non_null(r1);
    printf("%s: caller cause %u '%s', callee cause %u\n", name, r0->cause, r0->text, r1->cause);
    assert_int_equal(r0->cause, cause);
    assert_non_null(strstr(r0->text, name));
    assert_int_equal(r1->cause, cause);
    assert_false(r1->local);
    h323_call_free(c);
    h323_call_free(n.ep[1].incoming);
    tn_free(&n);
}

static void test_t310(void **state) { (void)state; timer_case(TN_SILENT, 30000, 102, "T310"); }
static void test_t301(void **state) { (void)state; timer_case(TN_ALERT, 180000, 19, "T301"); }

/* ---- the peer goes away ---- */

static void peer_gone(bool connected)
{
    tn n;
    two(&n, NULL, NULL);
    n.ep[1].policy = connected ? TN_ANSWER : TN_SILENT;
    h323_call *c = make_call(&n, 0, 1, 0);
    /* the callee's process dies: its engine closes every connection */
    h323_ep_free(n.ep[1].ep);
    n.ep[1].ep = NULL;
    tn_pump(&n);
    const tn_event *r = released_of(&n.ep[0], c);
    assert_non_null(r);
    printf("peer gone while %s: cause %u '%s'\n", connected ? "connected" : "proceeding", r->cause, r->text);
    assert_int_equal(r->cause, connected ? 16 : 41);
    assert_false(r->local);
    check_stats(&n, 0, 0);
    h323_call_free(c);
    tn_free(&n);
}

static void test_peer_closes_connected(void **state) { (void)state; peer_gone(true); }
static void test_peer_closes_early(void **state) { (void)state; peer_gone(false); }

static void test_connect_refused(void **state)
{
    (void)state;
    tn n;
    tn_init(&n);
    tn_add(&n, 0, NULL);
    h323_call_params p = { .dest_alias = "nobody", .dest_addr = { 4, { 10, 9, 9, 9 }, 1720 } };
    h323_call *c;
    assert_int_equal(h323_call_make(n.ep[0].ep, &p, NULL, n.now, &c), 0);
    tn_pump(&n);
    const tn_event *r = released_of(&n.ep[0], c);
    assert_non_null(r);
    printf("refused: cause %u '%s'\n", r->cause, r->text);
    assert_int_equal(r->cause, 27);
    h323_call_free(c);
    tn_free(&n);
}

/* ---- h323_call_free inside RELEASED ---- */

static void test_free_inside_released(void **state)
{
    (void)state;
    tn n;
    two(&n, NULL, NULL);
    n.ep[0].free_on_release = n.ep[1].free_on_release = true;
    n.ep[1].policy = TN_ANSWER;
    h323_call *c = make_call(&n, 0, 1, 0);
    assert_int_equal(state_of(c), H323_CS_CONNECTED);
    h323_call_hangup(c, 16, n.now);   /* the event frees c inside this call */
    tn_pump(&n);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_RELEASED, NULL), 1);
    assert_int_equal(tn_count(&n.ep[1], H323_EV_RELEASED, NULL), 1);
    /* again with the release coming from the peer, and from a timer */
    c = make_call(&n, 0, 1, 0);
    h323_call_hangup(n.ep[1].incoming, 16, n.now);
    tn_pump(&n);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_RELEASED, NULL), 2);
    n.ep[1].policy = TN_ALERT;
    c = make_call(&n, 0, 1, 0);
    tn_advance(&n, 180000);
    assert_int_equal(tn_count(&n.ep[0], H323_EV_RELEASED, NULL), 3);
    assert_int_equal(tn_count(&n.ep[1], H323_EV_RELEASED, NULL), 3);
    check_stats(&n, 0, 0);
    tn_free(&n);   /* ASan: nothing leaked, nothing used after free */
}

/* ---- limits ---- */

static void test_max_calls(void **state)
{
    (void)state;
    tn n;
    h323_config c1;
    tn_config(&c1, 1);
    c1.max_calls = 1;
    two(&n, NULL, &c1);
    n.ep[1].policy = TN_ANSWER;
    h323_call *a = make_call(&n, 0, 1, 0);
    h323_call *b = make_call(&n, 0, 1, 0);
    assert_int_equal(state_of(a), H323_CS_CONNECTED);
    const tn_event *r = released_of(&n.ep[0], b);
    assert_non_null(r);
    printf("second call: cause %u\n", r->cause);
    assert_int_equal(r->cause, 34);
    assert_int_equal(state_of(a), H323_CS_CONNECTED);
    check_stats(&n, 1, 1);
    /* our own limit: h323_call_make says so */
    h323_config c0;
    tn_config(&c0, 2);
    c0.max_calls = 1;
    tn_add(&n, 2, &c0);
    h323_call *x, *y;
    assert_int_equal(h323_call_make(n.ep[2].ep, params_to(&n, 1, 0), NULL, n.now, &x), 0);
    assert_int_equal(h323_call_make(n.ep[2].ep, params_to(&n, 1, 0), NULL, n.now, &y), H323_E_LIMIT);
    assert_null(y);
    tn_pump(&n);
    h323_call_free(a);
    h323_call_free(b);
    h323_call_free(x);
    tn_free(&n);
}

/* ---- hostile input ---- */

static size_t tpkt_wrap(uint8_t *out, const uint8_t *payload, size_t len)
{
    int n = tpkt_encode(out, 70000, payload, len);
    assert_true(n > 0);
    return (size_t)n;
}

/* Two connected calls ep0 -> ep1; hostile octets arrive at ep1 on the first one. */
static void hostile_case(const char *what, const uint8_t *bytes, size_t len, bool kills_call1, bool bad)
{
    tn n;
    two(&n, NULL, NULL);
    n.ep[1].policy = TN_ANSWER;
    n.ep[0].quiet = n.ep[1].quiet = true;
    h323_call *c1 = make_call(&n, 0, 1, H323_CALL_NO_FAST_START);
    h323_call *in1 = n.ep[1].incoming;
    h323_call *c2 = make_call(&n, 0, 1, H323_CALL_NO_FAST_START);
    h323_call *in2 = n.ep[1].incoming;
    assert_int_equal(state_of(c2), H323_CS_CONNECTED);
    uint32_t conn = tn_conn_of(&n, 0, 0);   /* ep0's end of call 1's signalling connection */
    h323_ep_stats before, after;
    h323_ep_stats_get(n.ep[1].ep, &before);
    tn_inject(&n, conn, bytes, len);
    tn_pump(&n);
    h323_ep_stats_get(n.ep[1].ep, &after);
    printf("%-34s: call 1 %s/%s, call 2 %s/%s, bad messages %llu -> %llu\n", what,
           state_of(c1) == H323_CS_RELEASED ? "released" : "up", state_of(in1) == H323_CS_RELEASED ? "released" : "up",
           state_of(c2) == H323_CS_RELEASED ? "released" : "up", state_of(in2) == H323_CS_RELEASED ? "released" : "up",
           (unsigned long long)before.bad_messages, (unsigned long long)after.bad_messages);
    assert_int_equal(state_of(c2), H323_CS_CONNECTED);
    assert_int_equal(state_of(in2), H323_CS_CONNECTED);
    assert_int_equal(state_of(in1), kills_call1 ? H323_CS_RELEASED : H323_CS_CONNECTED);
    assert_int_equal(state_of(c1), kills_call1 ? H323_CS_RELEASED : H323_CS_CONNECTED);
    assert_int_equal(after.bad_messages, before.bad_messages + (bad ? 1 : 0));
    if (kills_call1) {
        const tn_event *r = released_of(&n.ep[0], c1);
        assert_non_null(r);
        assert_int_equal(r->cause, 111);
    }
    /* call 2 still works: hang it up cleanly */
    h323_call_hangup(c2, 16, n.now);
    tn_pump(&n);
    assert_int_equal(state_of(in2), H323_CS_RELEASED);
    h323_call_free(c1);
    h323_call_free(in1);
    h323_call_free(c2);
    h323_call_free(in2);
    tn_free(&n);
}

static void test_hostile_garbage(void **state)
{
    (void)state;
    static const char http[] = "GET / HTTP/1.0\r\n\r\n";
    hostile_case("not TPKT", (const uint8_t *)http, sizeof http - 1, true, true);
    static const uint8_t big[] = { 3, 0, 0xFF, 0xFF, 1, 2, 3, 4, 5 };
    hostile_case("TPKT of 65535 octets", big, sizeof big, true, true);
    static const uint8_t tiny[] = { 3, 0, 0, 2 };
    hostile_case("TPKT length below 4", tiny, sizeof tiny, true, true);
    uint8_t buf[70000];
    static const uint8_t notq931[] = { 0x09, 2, 0, 1, 5 };
    hostile_case("TPKT, not Q.931", buf, tpkt_wrap(buf, notq931, sizeof notq931), false, true);
    static const uint8_t empty[] = { 3, 0, 0, 4 };
    hostile_case("empty TPKT (a keep-alive)", empty, sizeof empty, false, false);
}

static void test_hostile_q931(void **state)
{
    (void)state;
    uint8_t buf[70000], msg[64];
    /* find call 1's reference as ep1 knows it: the first call made has the caller's first
     * reference; build messages with reference 0x7FFF (unknown) and with the real one */
    q931_message q;
    q931_message_init(&q, Q931_FACILITY, 0x7FFF, false);
    int len = q931_encode(&q, msg, sizeof msg);
    assert_true(len > 0);
    hostile_case("unknown call reference", buf, tpkt_wrap(buf, msg, (size_t)len), false, true);
    /* an IE running past the end */
    static const uint8_t trunc[] = { 0x08, 2, 0x00, 0x01, 0x62, 0x28, 0x10, 'x' };
    hostile_case("truncated IE", buf, tpkt_wrap(buf, trunc, sizeof trunc), false, true);
    /* a partial TPKT: nothing to do but wait (and free it with the call) */
    static const uint8_t part[] = { 3, 0, 0, 100, 0x08, 2 };
    hostile_case("partial TPKT", part, sizeof part, false, false);
}

/* A Setup from a raw peer, spoilt as asked. */
enum { SPOIL_NONE, SPOIL_NO_BEARER, SPOIL_NO_UU, SPOIL_BAD_UU, SPOIL_WRONG_BODY, SPOIL_COMPREHENSION };
static size_t raw_setup(uint8_t *out, int spoil, uint16_t crv)
{
    q931_message q;
    q931_message_init(&q, Q931_SETUP, crv, false);
    if (spoil != SPOIL_NO_BEARER) {
        q.present |= Q931_HAS_BEARER;
        q.bearer = (q931_bearer){ .capability = Q931_BC_UNRESTRICTED_DIGITAL, .rate = Q931_BC_RATE_64K,
                                  .layer1 = Q931_UIL1_H221 };
    }
    if (spoil == SPOIL_COMPREHENSION) {
        q.other[0] = (q931_ie){ 0, 0x01, { (const uint8_t *)"x", 1 } };
        q.num_other = 1;
    }
    h225_user_information m;
    h225_call_ident id = { .version = 4 };
    memset(id.call_id, 0x11, 16);
    memset(id.conference_id, 0x22, 16);
    id.endpoint.has_terminal = true;
    h225_uu_init(&m, spoil == SPOIL_WRONG_BODY ? H225_BODY_CONNECT : H225_BODY_SETUP, &id);
    m.pdu.h245_tunnelling = true;
    static uint8_t uu[1024];
    size_t uu_len = 0;
    assert_int_equal(h225_encode_uu(&m, uu, sizeof uu, &uu_len, NULL), 0);
    if (spoil == SPOIL_BAD_UU)
        memset(uu, 0xFF, uu_len);
    if (spoil != SPOIL_NO_UU) {
        q.present |= Q931_HAS_USER_USER;
        q.user_user = (q931_user_user){ Q931_UU_PD_X208, { uu, uu_len } };
    }
    uint8_t msg[2048];
    int len = q931_encode(&q, msg, sizeof msg);
    assert_true(len > 0);
    return tpkt_wrap(out, msg, (size_t)len);
}

/* The first Q.931 message the raw peer received. */
static bool sink_first(const tn_ep *s, q931_message *q)
{
    if (s->rx_len < 4)
        return false;
    size_t len = (size_t)s->rx[2] << 8 | s->rx[3];
    return len <= s->rx_len && q931_decode(q, s->rx + 4, len - 4) == 0;
}

static void test_bad_setup(void **state)
{
    (void)state;
    static const struct { int spoil; uint32_t cause; const char *what; } cases[] = {
        { SPOIL_NO_BEARER, 96, "no Bearer capability" },
        { SPOIL_NO_UU, 96, "no User-user" },
        { SPOIL_COMPREHENSION, 96, "unknown IE, comprehension required" },
        { SPOIL_BAD_UU, 100, "User-user does not decode" },
        { SPOIL_WRONG_BODY, 111, "User-user holds a Connect-UUIE" },
        { SPOIL_NONE, 0, "a good Setup" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tn n;
        tn_init(&n);
        tn_add(&n, 1, NULL);
        tn_add_sink(&n, 0);
        n.ep[1].policy = TN_SILENT;
        n.ep[1].quiet = true;
        uint32_t c = tn_sink_connect(&n, 0, 1);
        tn_pump(&n);
        uint8_t buf[4096];
        tn_inject(&n, c, buf, raw_setup(buf, cases[i].spoil, 0x123));
        tn_pump(&n);
        q931_message q;
        assert_true(sink_first(&n.ep[0], &q));
        h323_ep_stats st;
        h323_ep_stats_get(n.ep[1].ep, &st);
        printf("%-36s -> %s cause %u, crv %#x flag %d, bad %llu, incoming %zu\n", cases[i].what,
               q931_message_name(q.type), (q.present & Q931_HAS_CAUSE) ? q.cause.value : 0, q.call_ref,
               q.call_ref_flag, (unsigned long long)st.bad_messages, tn_count(&n.ep[1], H323_EV_INCOMING, NULL));
        assert_int_equal(q.call_ref, 0x123);
        assert_true(q.call_ref_flag);
        if (cases[i].cause) {
            assert_int_equal(q.type, Q931_RELEASE_COMPLETE);
            assert_int_equal(q.cause.value, cases[i].cause);
            assert_int_equal(st.bad_messages, 1);
            assert_int_equal(tn_count(&n.ep[1], H323_EV_INCOMING, NULL), 0);
            assert_int_equal(st.calls_active, 0);
        } else {
            assert_int_equal(q.type, Q931_CALL_PROCEEDING);
            assert_int_equal(tn_count(&n.ep[1], H323_EV_INCOMING, NULL), 1);
            /* a second Setup on that call: STATUS cause 101 (Q.931 5.8.4) */
            n.ep[0].rx_len = 0;
            tn_inject(&n, c, buf, raw_setup(buf, SPOIL_NONE, 0x123));
            tn_pump(&n);
            assert_true(sink_first(&n.ep[0], &q));
            printf("%-36s -> %s cause %u\n", "a second Setup", q931_message_name(q.type), q.cause.value);
            assert_int_equal(q.type, Q931_STATUS);
            assert_int_equal(q.cause.value, 101);
            h323_call_free(n.ep[1].incoming);
        }
        tn_free(&n);
    }
}

static void test_ten_megabytes(void **state)
{
    (void)state;
    tn n;
    tn_init(&n);
    tn_add(&n, 1, NULL);
    tn_add_sink(&n, 0);
    n.ep[1].quiet = true;
    /* 10 MB in 64 KiB pieces: TPKT headers claiming the maximum length, then noise */
    uint32_t c = tn_sink_connect(&n, 0, 1);
    tn_pump(&n);
    uint8_t *chunk = malloc(65536);
    assert_non_null(chunk);
    for (size_t i = 0; i < 65536; i += 4) {
        chunk[i] = 3, chunk[i + 1] = 0, chunk[i + 2] = 0xFF, chunk[i + 3] = 0xFF;
    }
    for (int i = 0; i < 160; i++) {
        if (n.conn[c].used && n.conn[c].open)
            tn_inject(&n, c, chunk, 65536);
        tn_pump(&n);
    }
    h323_ep_stats st;
    h323_ep_stats_get(n.ep[1].ep, &st);
    printf("10 MB of maximum-length TPKTs: connection %s, bad %llu, calls %llu\n",
           n.conn[c].used ? "open" : "closed", (unsigned long long)st.bad_messages,
           (unsigned long long)st.calls_total);
    assert_false(n.conn[c].used);
    assert_int_equal(st.bad_messages, 1);
    free(chunk);
    tn_free(&n);
}

/* ---- separate H.245 ---- */

/* The callee does not tunnel (callee_off), or the caller asks for no tunnelling: H.245 on a
 * connection of its own, to the address the callee announces in Connect. */
static void separate_case(bool callee_off)
{
    tn n;
    h323_config c1;
    tn_config(&c1, 1);
    c1.tunnelling = !callee_off;
    two(&n, NULL, &c1);
    n.ep[1].policy = TN_ANSWER;
    h323_call *c = make_call(&n, 0, 1, H323_CALL_NO_FAST_START | (callee_off ? 0 : H323_CALL_NO_TUNNELLING));
    h323_call_info a, b;
    h323_call_info_get(c, &a);
    h323_call_info_get(n.ep[1].incoming, &b);
    size_t open = 0, listeners = 0;
    for (uint32_t id = 1; id <= TN_MAX_CONN; id++)
        if (n.conn[id].used)
            n.conn[id].listener ? listeners++ : open++;
    printf("h245 modes %d/%d, open connections %zu, listeners %zu\n", a.h245, b.h245, open, listeners);
    assert_int_equal(a.h245, H323_H245_SEPARATE);
    assert_int_equal(b.h245, H323_H245_SEPARATE);
    assert_int_equal(open, 4);
    assert_int_equal(listeners, 0);
    check_media(&n, 0, c, 1);
    check_media(&n, 1, n.ep[1].incoming, 0);
    h323_call_hangup(n.ep[1].incoming, 16, n.now);
    tn_pump(&n);
    assert_int_equal(state_of(c), H323_CS_RELEASED);
    for (uint32_t id = 1; id <= TN_MAX_CONN; id++)
        assert_false(n.conn[id].used);
    h323_call_free(c);
    h323_call_free(n.ep[1].incoming);
    tn_free(&n);
}


static void test_separate_h245(void **state)
{
    (void)state;
    separate_case(true);
    separate_case(false);
}

/* ---- media: fast start, H.245 channels, DTMF ---- */

static void test_fast_start(void **state)
{
    (void)state;
    tn n;
    two(&n, NULL, NULL);
    n.ep[1].policy = TN_ALERT_ANSWER;
    h323_call *c = make_call(&n, 0, 1, 0);
    h323_call *in = n.ep[1].incoming;
    assert_int_equal(state_of(c), H323_CS_CONNECTED);
    check_media(&n, 0, c, 1);
    check_media(&n, 1, in, 0);
    h323_call_info a, b;
    h323_call_info_get(c, &a);
    h323_call_info_get(in, &b);
    assert_true(a.fast_start);
    assert_true(b.fast_start);
    /* media came with Alerting, before Connect */
    size_t media_at = 0, connected_at = 0;
    for (size_t i = 0; i < n.ep[0].nev; i++) {
        if (n.ep[0].ev[i].type == H323_EV_MEDIA && !media_at)
            media_at = i + 1;
        if (n.ep[0].ev[i].type == H323_EV_CONNECTED)
            connected_at = i + 1;
    }
    assert_true(media_at && media_at < connected_at);
    /* H.245 still runs (tunnelled) for DTMF: capabilities and master/slave only */
    assert_int_equal(tn_count(&n.ep[0], H323_EV_H245_READY, c), 1);
    assert_int_equal(tn_count(&n.ep[1], H323_EV_H245_READY, in), 1);
    assert_int_equal(a.h245_master, !b.h245_master);
    h323_call_hangup(in, 16, n.now);
    tn_pump(&n);
    h323_call_free(c);
    h323_call_free(in);
    tn_free(&n);
}

/* The callee does not do fast start: the caller's offer is refused, H.245 opens the media. */
static void test_fast_start_refused(void **state)
{
    (void)state;
    tn n;
    h323_config c1;
    tn_config(&c1, 1);
    c1.fast_start = false;
    two(&n, NULL, &c1);
    n.ep[1].policy = TN_ANSWER;
    h323_call *c = make_call(&n, 0, 1, 0);
    h323_call_info a;
    h323_call_info_get(c, &a);
    assert_false(a.fast_start);
    check_media(&n, 0, c, 1);
    check_media(&n, 1, n.ep[1].incoming, 0);
    h323_call_hangup(c, 16, n.now);
    tn_pump(&n);
    h323_call_free(c);
    h323_call_free(n.ep[1].incoming);
    tn_free(&n);
}

static void dtmf_case(bool tunnelling, bool fast_start)
{
    tn n;
    h323_config c1;
    tn_config(&c1, 1);
    c1.tunnelling = tunnelling;
    two(&n, NULL, &c1);
    n.ep[1].policy = TN_ANSWER;
    n.ep[0].send_dtmf_on_ready = n.ep[1].send_dtmf_on_ready = true;   /* '5' both ways */
    h323_call *c = make_call(&n, 0, 1, fast_start ? 0 : H323_CALL_NO_FAST_START);
    h323_call *in = n.ep[1].incoming;
    assert_int_equal(h323_call_send_dtmf(c, '#', 80, n.now), 0);
    assert_int_equal(h323_call_send_dtmf(in, 'A', 80, n.now), 0);
    assert_int_equal(h323_call_send_dtmf(in, 'x', 80, n.now), H323_E_INVAL);
    tn_pump(&n);
    char got0[8] = { 0 }, got1[8] = { 0 };
    for (size_t i = 0, k = 0; i < n.ep[0].nev && k < 7; i++)
        if (n.ep[0].ev[i].type == H323_EV_DTMF)
            got0[k++] = n.ep[0].ev[i].digit;
    for (size_t i = 0, k = 0; i < n.ep[1].nev && k < 7; i++)
        if (n.ep[1].ev[i].type == H323_EV_DTMF)
            got1[k++] = n.ep[1].ev[i].digit;
    printf("DTMF (%s, %s): caller got \"%s\", callee got \"%s\"\n", tunnelling ? "tunnelled" : "separate",
           fast_start ? "fast start" : "H.245 channels", got0, got1);
    assert_string_equal(got0, "5A");
    assert_string_equal(got1, "5#");
    h323_call_hangup(c, 16, n.now);
    tn_pump(&n);
    h323_call_free(c);
    h323_call_free(in);
    tn_free(&n);
}

static void test_dtmf(void **state)
{
    (void)state;
    dtmf_case(true, true);
    dtmf_case(true, false);
    dtmf_case(false, false);
}

/* ---- the timer heap on its own ---- */

static void test_timer_heap(void **state)
{
    (void)state;
    h323_timers t;
    h323_timers_init(&t);
    enum { N = 1000 };
    static h323_timer tm[N];
    assert_int_equal(h323_timers_reserve(&t, N), 0);
    uint32_t r = 1;
    for (int i = 0; i < N; i++) {
        h323_timer_init(&tm[i]);
        r = r * 1103515245u + 12345u;
        h323_timer_set(&t, &tm[i], 1000 + (r >> 8) % 5000);
    }
    for (int i = 0; i < N; i += 3)
        h323_timer_cancel(&t, &tm[i]);
    for (int i = 1; i < N; i += 3)
        h323_timer_set(&t, &tm[i], tm[i].when / 2 + 7);
    uint64_t last = 0;
    size_t popped = 0;
    h323_timer *x;
    while ((x = h323_timers_pop_due(&t, UINT64_MAX - 1)) != NULL) {
        assert_true(x->when >= last);
        last = x->when;
        popped++;
    }
    printf("heap: %zu popped in order, last %llu\n", popped, (unsigned long long)last);
    assert_int_equal(popped, N - (N + 2) / 3);
    assert_int_equal(h323_timers_next(&t), UINT64_MAX);
    h323_timers_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timer_heap),
        cmocka_unit_test(test_call_connect_release),
        cmocka_unit_test(test_busy),
        cmocka_unit_test(test_rejected),
        cmocka_unit_test(test_t303),
        cmocka_unit_test(test_t310),
        cmocka_unit_test(test_t301),
        cmocka_unit_test(test_peer_closes_connected),
        cmocka_unit_test(test_peer_closes_early),
        cmocka_unit_test(test_connect_refused),
        cmocka_unit_test(test_free_inside_released),
        cmocka_unit_test(test_max_calls),
        cmocka_unit_test(test_hostile_garbage),
        cmocka_unit_test(test_hostile_q931),
        cmocka_unit_test(test_bad_setup),
        cmocka_unit_test(test_ten_megabytes),
        cmocka_unit_test(test_separate_h245),
        cmocka_unit_test(test_fast_start),
        cmocka_unit_test(test_fast_start_refused),
        cmocka_unit_test(test_dtmf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
