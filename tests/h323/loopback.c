/*
 * tests/h323/loopback.c - two H.323 endpoints, each the real engine driven by the real
 * socket layer (tsp-h323/net/) on its own thread, call each other over TCP on 127.0.0.1
 * (ephemeral ports), and the capture tap of each writes what it sent and received.
 *
 *   loopback OUTDIR [fast|tunnel|separate|hostile]...      (default: all four)
 *
 * Scenarios (H.323 v4+):
 *   fast      fast start (H.323 8.1.7) with H.245 tunnelled (8.2.1) for the DTMF capabilities
 *   tunnel    no fast start: capability exchange, master/slave, logical channels over
 *             H.245 tunnelled in h245Control
 *   separate  no fast start, no tunnelling: H.245 on its own TCP connection (8.2.2) to the
 *             h245Address the callee announces
 * Each: alice (e164 1001) calls bob@127.0.0.1:PORT; bob answers; both get their audio
 * channels (G.711 mu-law, alice's RTP 5000, bob's 6000); alice sends DTMF "123", bob "#"
 * (H.245 UserInputIndication); alice hangs up with cause 17 (user busy, Q.850).
 *
 * The program checks the engines' events (prints each as a line, and what it expected)
 * and writes, for tests/h323/loopback-lane.sh, OUTDIR/SCEN-a.pcap, OUTDIR/SCEN-b.pcap and
 * OUTDIR/SCEN.expect: the fields tshark must decode from both captures, as
 * "field<TAB>value<TAB>min<TAB>max" (how many times the value must be seen).
 * hostile  (no capture) while alice and bob are in a call, strangers connect to bob's
 *           signalling port: 10 MB of garbage, a TPKT announcing 65,535 octets and then
 *           closing, a reset right after connecting; a command names a call that does not
 *           exist; alice calls a port nobody listens on. The call must stay up (DTMF still
 *           crosses it), the refused call must end with RELEASED, and bob's connections
 *           must be back to his listener alone at the end.
 * Exit status 0 when every scenario went as expected. Waits are bounded (20 s each): a
 * call that stalls fails with the step it stalled at.
 */
#define _GNU_SOURCE 1
#include "net/h323_net.h"
#include "net/h323_text.h"
#include "h245/h245.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_EVENTS 256
#define WAIT_S 20

typedef struct rec {
    h323_event ev;             /* copied; pointers cleared */
    uint32_t id;
    bool has_info;
    h323_call_info info;
} rec;

typedef struct side {
    const char *name;
    h323_net *net;
    pthread_t thread;
    int run_result;
    h323_addr media;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    rec ev[MAX_EVENTS];
    size_t nev;
} side;

static int failures;

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL: ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    failures++;
}

static void on_event(void *user, h323_net *net, uint32_t id, const h323_event *ev)
{
    (void)net;
    side *s = user;
    rec r = { .ev = *ev, .id = id };
    r.ev.call = NULL;
    r.ev.user = NULL;
    if (ev->type == H323_EV_RELEASED)
        r.ev.u.released.text = NULL;
    else if (ev->type == H323_EV_LOG)
        r.ev.u.log.text = NULL;
    if (ev->call) {
        h323_call_info_get(ev->call, &r.info);
        r.has_info = true;
    }
    char line[1024];
    h323_text_event(ev, id, r.has_info && ev->type != H323_EV_RELEASED ? &r.info : NULL, line, sizeof line);
    printf("  %-5s %s\n", s->name, line);
    fflush(stdout);
    pthread_mutex_lock(&s->mu);
    if (s->nev < MAX_EVENTS)
        s->ev[s->nev++] = r;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void *loop_thread(void *arg)
{
    side *s = arg;
    s->run_result = h323_net_run(s->net);
    return NULL;
}

static size_t count_locked(side *s, enum h323_event_type type)
{
    size_t k = 0;
    for (size_t i = 0; i < s->nev; i++)
        k += s->ev[i].ev.type == type;
    return k;
}

/* Waits (at most WAIT_S seconds) until s has seen n events of this type; the first such
 * event is copied to *out. false, with a message naming the step, when it did not come. */
static bool wait_for(side *s, enum h323_event_type type, size_t n, const char *step, rec *out)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += WAIT_S;
    pthread_mutex_lock(&s->mu);
    int r = 0;
    while (count_locked(s, type) < n && r != ETIMEDOUT)
        r = pthread_cond_timedwait(&s->cv, &s->mu, &until);
    size_t have = count_locked(s, type);
    if (have >= n && out)
        for (size_t i = 0; i < s->nev; i++)
            if (s->ev[i].ev.type == type) {
                *out = s->ev[i];
                break;
            }
    pthread_mutex_unlock(&s->mu);
    if (have < n) {
        fail("%s: %s saw %zu of the %zu events it waits for in %d s", step, s->name, have, n, WAIT_S);
        return false;
    }
    return true;
}

static bool same_addr(const h323_addr *a, const h323_addr *b)
{
    return a->family == b->family && a->port == b->port && memcmp(a->ip, b->ip, a->family == 6 ? 16 : 4) == 0;
}

static int side_start(side *s, const char *name, const char *alias, const char *e164, uint16_t media_port,
                      const char *pcap, bool fast, bool tunnel)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    h323_net_config c;
    h323_net_config_defaults(&c);
    c.ep.h323_id = alias;
    c.ep.e164 = e164;
    c.ep.fast_start = fast;
    c.ep.tunnelling = tunnel;
    c.listen = (h323_addr){ .family = 4, .ip = { 127, 0, 0, 1 }, .port = 0 };
    c.pcap_path = pcap;
    c.event = on_event;
    c.user = s;
    s->media = (h323_addr){ .family = 4, .ip = { 127, 0, 0, 1 }, .port = media_port };
    int r = h323_net_new(&c, &s->net);
    if (r) {
        fail("%s: h323_net_new: %d", name, r);
        return r;
    }
    if (pthread_create(&s->thread, NULL, loop_thread, s) != 0) {
        fail("%s: pthread_create", name);
        h323_net_free(s->net);
        return -1;
    }
    return 0;
}

static void side_stop(side *s, bool bad_ok)
{
    h323_net_stop(s->net);
    pthread_join(s->thread, NULL);
    if (s->run_result)
        fail("%s: h323_net_run returned %d", s->name, s->run_result);
    h323_ep_stats st;
    h323_ep_stats_get(h323_net_ep(s->net), &st);
    if (bad_ok)
        printf("  %s: the engine counted %llu bad messages\n", s->name, (unsigned long long)st.bad_messages);
    else if (st.bad_messages)
        fail("%s: the engine counted %llu bad messages", s->name, (unsigned long long)st.bad_messages);
    if (h323_net_close_capture(s->net) != 0)
        fail("%s: the capture was not written whole", s->name);
    h323_net_free(s->net);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
}

/* The audio channel of direction dir among s's MEDIA events. */
static bool media_of(side *s, uint8_t dir, h323_media_channel *out)
{
    bool found = false;
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->nev; i++)
        if (s->ev[i].ev.type == H323_EV_MEDIA && s->ev[i].ev.u.media.direction == dir) {
            *out = s->ev[i].ev.u.media;
            found = true;
        }
    pthread_mutex_unlock(&s->mu);
    return found;
}

static void check_media(side *s, const h323_addr *tx_to, const h323_addr *rx_at)
{
    char a1[64], a2[64];
    h323_media_channel ch;
    if (!media_of(s, H323_DIR_TX, &ch))
        fail("%s: no transmit channel", s->name);
    else if (!same_addr(&ch.rtp, tx_to) || ch.codec != H245_AUDIO_G711_ULAW64K)
        fail("%s: transmits to %s codec %u, expected %s G.711 mu-law (%u)", s->name,
             h323_text_addr(&ch.rtp, a1, sizeof a1), (unsigned)ch.codec, h323_text_addr(tx_to, a2, sizeof a2),
             (unsigned)H245_AUDIO_G711_ULAW64K);
    if (!media_of(s, H323_DIR_RX, &ch))
        fail("%s: no receive channel", s->name);
    else if (!same_addr(&ch.rtp, rx_at) || ch.codec != H245_AUDIO_G711_ULAW64K)
        fail("%s: receives at %s codec %u, expected %s G.711 mu-law", s->name, h323_text_addr(&ch.rtp, a1, sizeof a1),
             (unsigned)ch.codec, h323_text_addr(rx_at, a2, sizeof a2));
}

static void check_digits(side *s, const char *want)
{
    char got[32] = "";
    size_t k = 0;
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->nev && k + 1 < sizeof got; i++)
        if (s->ev[i].ev.type == H323_EV_DTMF)
            got[k++] = s->ev[i].ev.u.dtmf.digit;
    pthread_mutex_unlock(&s->mu);
    got[k] = 0;
    printf("  %s received DTMF \"%s\" (sent \"%s\")\n", s->name, got, want);
    if (strcmp(got, want) != 0)
        fail("%s: DTMF \"%s\", expected \"%s\"", s->name, got, want);
}

static const char *mode_name(enum h323_h245_mode m)
{
    return m == H323_H245_TUNNELLED ? "tunnelled" : m == H323_H245_SEPARATE ? "separate" : "none";
}

static int scenario(const char *dir, const char *name)
{
    bool fast = strcmp(name, "fast") == 0, tunnel = strcmp(name, "separate") != 0;
    enum h323_h245_mode want_mode = tunnel ? H323_H245_TUNNELLED : H323_H245_SEPARATE;
    printf("== %s: fast start %s, H.245 %s\n", name, fast ? "on" : "off", mode_name(want_mode));
    int before = failures;
    char pa[512], pb[512], pe[512];
    snprintf(pa, sizeof pa, "%s/%s-a.pcap", dir, name);
    snprintf(pb, sizeof pb, "%s/%s-b.pcap", dir, name);
    snprintf(pe, sizeof pe, "%s/%s.expect", dir, name);
    side *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        fail("out of memory");
        return 1;
    }
    if (side_start(a, "alice", "alice", "1001", 5000, pa, fast, tunnel) != 0) {
        free(a);
        free(b);
        return 1;
    }
    if (side_start(b, "bob", "bob", "2002", 6000, pb, fast, tunnel) != 0) {
        side_stop(a, false);
        free(a);
        free(b);
        return 1;
    }
    h323_addr bob_at = h323_net_signal_addr(b->net);
    char at[64];
    printf("  bob listens at %s\n", h323_text_addr(&bob_at, at, sizeof at));

    h323_call_params p = { .dest_alias = "bob", .dest_addr = bob_at, .media = a->media,
                           .flags = (fast ? 0 : H323_CALL_NO_FAST_START) | (tunnel ? 0 : H323_CALL_NO_TUNNELLING) };
    uint32_t aid = 0;
    rec inc, con_a, con_b, rel_a, rel_b;
    bool ok = h323_net_make_call(a->net, &p, NULL, &aid) == 0 && wait_for(b, H323_EV_INCOMING, 1, "Setup", &inc);
    if (ok) {
        if (strcmp(inc.info.calling_alias, "alice") != 0 || strcmp(inc.info.calling_number, "1001") != 0 ||
            strcmp(inc.info.called_alias, "bob") != 0)
            fail("bob: incoming from \"%s\" <%s> to \"%s\", expected \"alice\" <1001> to \"bob\"",
                 inc.info.calling_alias, inc.info.calling_number, inc.info.called_alias);
        h323_net_answer(b->net, inc.id, &b->media);
        ok = wait_for(a, H323_EV_CONNECTED, 1, "Connect", &con_a) && wait_for(b, H323_EV_CONNECTED, 1, "Connect", &con_b);
    }
    /* DTMF needs H.245 both ways (capabilities known): wait for it to be ready. */
    ok = ok && wait_for(a, H323_EV_H245_READY, 1, "H.245 ready", NULL) &&
         wait_for(b, H323_EV_H245_READY, 1, "H.245 ready", NULL);
    ok = ok && wait_for(a, H323_EV_MEDIA, 2, "audio channels", NULL) && wait_for(b, H323_EV_MEDIA, 2, "audio channels", NULL);
    if (ok) {
        check_media(a, &b->media, &a->media);
        check_media(b, &a->media, &b->media);
        h323_net_send_dtmf(a->net, aid, "123", 100);
        ok = wait_for(b, H323_EV_DTMF, 3, "DTMF alice -> bob", NULL);
    }
    if (ok) {
        h323_net_send_dtmf(b->net, inc.id, "#", 100);
        ok = wait_for(a, H323_EV_DTMF, 1, "DTMF bob -> alice", NULL);
    }
    if (ok) {
        check_digits(b, "123");
        check_digits(a, "#");
        h323_net_hangup(a->net, aid, H323_CAUSE_BUSY);
        ok = wait_for(a, H323_EV_RELEASED, 1, "release", &rel_a) && wait_for(b, H323_EV_RELEASED, 1, "release", &rel_b);
    }
    if (ok) {
        printf("  alice: cause %u local %d; bob: cause %u local %d\n", (unsigned)rel_a.ev.u.released.cause,
               rel_a.ev.u.released.local, (unsigned)rel_b.ev.u.released.cause, rel_b.ev.u.released.local);
        if (rel_a.ev.u.released.cause != H323_CAUSE_BUSY || !rel_a.ev.u.released.local)
            fail("alice: released with cause %u local %d, expected 17 local", (unsigned)rel_a.ev.u.released.cause,
                 rel_a.ev.u.released.local);
        /* With a separate H.245 channel, alice's endSessionCommand (H.245 connection) and
         * her ReleaseComplete with the cause (signalling connection) race: when the first
         * arrives first, bob ends the call as H.323 8.5 says for a received endSession,
         * with normal clearing, and sends his own ReleaseComplete. */
        bool cause_ok = rel_b.ev.u.released.cause == H323_CAUSE_BUSY ||
                        (!tunnel && rel_b.ev.u.released.cause == H323_CAUSE_NORMAL);
        if (!cause_ok || rel_b.ev.u.released.local)
            fail("bob: released with cause %u local %d, expected 17 from the peer%s",
                 (unsigned)rel_b.ev.u.released.cause, rel_b.ev.u.released.local,
                 tunnel ? "" : " (or 16 when the endSessionCommand came first)");
        else if (rel_b.ev.u.released.cause != H323_CAUSE_BUSY)
            printf("  note: bob saw the endSessionCommand before the ReleaseComplete (cause 16)\n");
        h323_call_info ia = con_a.info, ib = con_b.info;
        /* The H.245 mode as the calls knew it at the end (RELEASED carries the last info). */
        if (rel_a.has_info)
            ia = rel_a.info;
        if (rel_b.has_info)
            ib = rel_b.info;
        printf("  alice: fast start %d, H.245 %s; bob: fast start %d, H.245 %s\n", ia.fast_start, mode_name(ia.h245),
               ib.fast_start, mode_name(ib.h245));
        if (ia.fast_start != fast || ib.fast_start != fast)
            fail("fast start: alice %d bob %d, expected %d", ia.fast_start, ib.fast_start, fast);
        if (ia.h245 != want_mode || ib.h245 != want_mode)
            fail("H.245: alice %s bob %s, expected %s", mode_name(ia.h245), mode_name(ib.h245), mode_name(want_mode));
    }
    side_stop(a, false);
    side_stop(b, false);
    free(a);
    free(b);

    /* What tshark must find in both captures. */
    FILE *f = fopen(pe, "w");
    if (!f) {
        fail("cannot write %s", pe);
        return 1;
    }
    fprintf(f, "q931.message_type\t0x05\t1\t1\n");               /* Setup */
    fprintf(f, "q931.message_type\t0x07\t1\t1\n");               /* Connect */
    /* ReleaseComplete: bob sends his own too when alice's endSessionCommand overtook hers. */
    fprintf(f, "q931.message_type\t0x5a\t1\t%d\n", tunnel ? 1 : 2);
    fprintf(f, "q931.cause_value\t17\t1\t1\n");
    fprintf(f, "h225.h323_ID\talice\t1\t99\n");
    fprintf(f, "h225.h323_ID\tbob\t1\t99\n");
    fprintf(f, "h225.dialledDigits\t1001\t1\t99\n");
    fprintf(f, "h245.signalType\t1\t1\t1\n");
    fprintf(f, "h245.signalType\t2\t1\t1\n");
    fprintf(f, "h245.signalType\t3\t1\t1\n");
    fprintf(f, "h245.signalType\t#\t1\t1\n");
    fprintf(f, "h245.ip4_network\t127.0.0.1\t2\t99\n");
    fprintf(f, "h245.tsapIdentifier\t5000\t1\t99\n");             /* alice's RTP */
    fprintf(f, "h245.tsapIdentifier\t6000\t1\t99\n");             /* bob's */
    fprintf(f, "h245.g711Ulaw64k\t20\t2\t99\n");                   /* capabilities / channels */
    if (fast)
        fprintf(f, "h225.fastStart\t*\t2\t99\n");                  /* offer and answer */
    else
        fprintf(f, "h225.fastStart\t*\t0\t0\n");
    if (!tunnel)
        fprintf(f, "h225.h245IpPort\t*\t1\t99\n");                 /* the announced H.245 address */
    fclose(f);
    printf("== %s: %s\n", name, failures == before ? "as expected" : "FAILED");
    return failures != before;
}

/* A stranger on bob's signalling port: connects, sends n octets (pattern p, repeated) and
 * closes, with a reset when rst. Sends what the peer takes (it may close first). */
static void stranger(const h323_addr *at, const uint8_t *p, size_t plen, size_t n, bool rst)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(at->port) };
    memcpy(&sa.sin_addr, at->ip, 4);
    if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) != 0) {
        fail("stranger: cannot connect to bob");
        if (s >= 0)
            close(s);
        return;
    }
    size_t sent = 0;
    while (sent < n) {
        size_t k = plen < n - sent ? plen : n - sent;
        ssize_t r = send(s, p, k, MSG_NOSIGNAL);
        if (r <= 0)
            break;
        sent += (size_t)r;
    }
    if (rst) {
        struct linger l = { 1, 0 };            /* close() sends RST (RFC 9293 3.6.1 abort) */
        setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    close(s);
    printf("  stranger: sent %zu of %zu octets%s\n", sent, n, rst ? ", then a reset" : "");
}

static void count_conns(h323_net *n, void *arg)
{
    h323_net_stats st;
    h323_net_stats_get(n, &st);
    *(_Atomic long long *)arg = (long long)st.conns_open;
}

/* bob's open sockets (listener + connections), asked on his loop thread. */
static long long conns_of(side *s)
{
    static _Atomic long long v;
    atomic_store(&v, -1);
    h323_net_post(s->net, count_conns, (void *)&v);
    for (int i = 0; i < WAIT_S * 100 && atomic_load(&v) < 0; i++)
        usleep(10000);
    return atomic_load(&v);
}

static int hostile(void)
{
    printf("== hostile: strangers on bob's port during a call\n");
    int before = failures;
    side *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    if (!a || !b || side_start(a, "alice", "alice", "1001", 5000, NULL, true, true) != 0) {
        free(a);
        free(b);
        fail("cannot start alice");
        return 1;
    }
    if (side_start(b, "bob", "bob", "2002", 6000, NULL, true, true) != 0) {
        side_stop(a, false);
        free(a);
        free(b);
        return 1;
    }
    h323_addr bob_at = h323_net_signal_addr(b->net);
    h323_call_params p = { .dest_alias = "bob", .dest_addr = bob_at, .media = a->media };
    uint32_t aid = 0;
    rec inc;
    bool ok = h323_net_make_call(a->net, &p, NULL, &aid) == 0 && wait_for(b, H323_EV_INCOMING, 1, "Setup", &inc);
    if (ok) {
        h323_net_answer(b->net, inc.id, &b->media);
        ok = wait_for(a, H323_EV_H245_READY, 1, "H.245 ready", NULL) && wait_for(b, H323_EV_H245_READY, 1, "H.245 ready", NULL);
    }
    if (ok) {
        static uint8_t junk[65536];
        for (size_t i = 0; i < sizeof junk; i++)
            junk[i] = (uint8_t)(i * 131 + 7);
        stranger(&bob_at, junk, sizeof junk, 10u << 20, false);
        static const uint8_t big_tpkt[] = { 3, 0, 0xFF, 0xFF, 0x08, 0x02, 0x00, 0x01, 0x05 };
        stranger(&bob_at, big_tpkt, sizeof big_tpkt, sizeof big_tpkt, false);
        stranger(&bob_at, big_tpkt, sizeof big_tpkt, 0, true);
        h323_net_hangup(b->net, 999999, 16);               /* no such call: a LOG event */
        ok = wait_for(b, H323_EV_LOG, 1, "the refused command's log line", NULL);
    }
    if (ok) {
        /* The call is still up both ways. */
        h323_net_send_dtmf(a->net, aid, "5", 100);
        ok = wait_for(b, H323_EV_DTMF, 1, "DTMF after the strangers", NULL);
    }
    if (ok) {
        check_digits(b, "5");
        h323_addr nobody = bob_at;
        int probe = socket(AF_INET, SOCK_STREAM, 0);   /* a port just freed: nobody listens */
        struct sockaddr_in sa = { .sin_family = AF_INET };
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t sl = sizeof sa;
        if (probe >= 0 && bind(probe, (struct sockaddr *)&sa, sizeof sa) == 0 &&
            getsockname(probe, (struct sockaddr *)&sa, &sl) == 0)
            nobody.port = ntohs(sa.sin_port);
        if (probe >= 0)
            close(probe);
        h323_call_params q = p;
        q.dest_addr = nobody;
        uint32_t qid;
        rec rel;
        ok = h323_net_make_call(a->net, &q, NULL, &qid) == 0 && wait_for(a, H323_EV_RELEASED, 1, "refused call", &rel);
        if (ok) {
            printf("  call to port %u (nobody listens): released cause %u local %d\n", nobody.port,
                   (unsigned)rel.ev.u.released.cause, rel.ev.u.released.local);
            if (rel.id != qid || rel.ev.u.released.cause == H323_CAUSE_NORMAL)
                fail("the refused call: RELEASED for call %u cause %u, expected call %u with a failure cause",
                     (unsigned)rel.id, (unsigned)rel.ev.u.released.cause, (unsigned)qid);
        }
    }
    if (ok) {
        h323_net_hangup(a->net, aid, H323_CAUSE_NORMAL);
        ok = wait_for(b, H323_EV_RELEASED, 1, "release", NULL);
    }
    long long left = -1;
    for (int i = 0; ok && i < 50 && (left = conns_of(b)) != 1; i++)
        usleep(100000);                                   /* lingering closes end with the peer's FIN */
    if (ok) {
        printf("  bob's sockets at the end: %lld (the listener)\n", left);
        if (left != 1)
            fail("bob still has %lld sockets open, expected 1 (the listener)", left);
    }
    side_stop(a, false);
    side_stop(b, true);
    free(a);
    free(b);
    printf("== hostile: %s\n", failures == before ? "as expected" : "FAILED");
    return failures != before;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: loopback OUTDIR [fast|tunnel|separate|hostile]...\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    static const char *const all[] = { "fast", "tunnel", "separate" };
    int bad = 0;
    if (argc == 2) {
        for (size_t i = 0; i < 3; i++)
            bad |= scenario(argv[1], all[i]);
        bad |= hostile();
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "hostile") == 0) {
            bad |= hostile();
            continue;
        }
        if (strcmp(argv[i], "fast") && strcmp(argv[i], "tunnel") && strcmp(argv[i], "separate")) {
            fprintf(stderr, "loopback: unknown scenario %s\n", argv[i]);
            return 2;
        }
        bad |= scenario(argv[1], argv[i]);
    }
    return bad ? 1 : 0;
}
