/*
 * tests/h323/ras-samples.c - runs the RAS client (tsp-h323/engine/ras.h) against the
 * gatekeeper emulator (gk.h) through a registration's life and writes every datagram into
 * a pcap (UDP 1719 between 192.0.2.1 and the gatekeeper 192.0.2.10) for tshark to judge
 * (tests/h323/tshark-check.sh, the h323-tshark lane).
 *
 *     ras-samples --fields            the tshark fields compared, one per line
 *     ras-samples OUT.pcap            writes the capture; prints for each frame the values
 *                                     those fields must have (tab-separated)
 *     ras-samples --planted OUT.pcap  the same datagrams plus a cut RRQ and a cut RCF;
 *                                     prints the numbers of those two frames
 *
 * The sequence: discovery (GRQ/GCF), registration (RRQ/RCF), the lightweight keep-alive
 * at 51 s of a 60 s TTL, admission with RequestInProgress first (ARQ/RIP/ACF), an
 * admission refused (ARJ), the gatekeeper's IRQ, BRQ and DRQ, a call admitted and
 * disengaged by us (DRQ/DCF), the gatekeeper's URQ asking for a new registration, and our
 * URQ. The expected values below are written by hand from what the client must send
 * (H.225.0 RAS, H.323 7.2), not read back from our own encoder; the program also stops
 * when the client sends a message other than the scenario's next one.
 */
#include "engine/ras.h"
#include "gk.h"
#include "pcap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[] = {
    "frame.number", "h225.RasMessage", "h225.requestSeqNum", "h225.keepAlive", "h225.timeToLive",
    "h225.endpointIdentifier", "h225.gatekeeperIdentifier", "h225.dialledDigits", "h225.h323_ID",
    "h225.ipV4", "h225.ipV4_port", "h225.callReferenceValue", "h225.bandWidth", "h225.answerCall",
    "h225.rejectReason", "h225.reason",
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

/* One frame: who sends, its RAS type, and the other fields (NULL: absent). */
typedef struct expect {
    bool from_gk;
    uint32_t type;
    const char *v[N_FIELDS - 2];   /* from h225.requestSeqNum on */
} expect;

#define EP "192.0.2.1"
#define GKIP "192.0.2.10"
/*                        seq     keepAl ttl   epid    gkid  digits            h323ID   ipV4                ports        crv     bw      answer rejR  reason */
static const expect scenario[] = {
    { false, H225_RAS_GRQ, { "1",    NULL, NULL, NULL,   NULL, "1001",          "alice", EP,                 "1719",      NULL,   NULL,   NULL,  NULL, NULL } },
    { true,  H225_RAS_GCF, { "1",    NULL, NULL, NULL,   "gk", NULL,            NULL,    GKIP,               "1719",      NULL,   NULL,   NULL,  NULL, NULL } },
    { false, H225_RAS_RRQ, { "2",    "0",  "60", NULL,   "gk", "1001",          "alice", EP "," EP,          "1720,1719", NULL,   NULL,   NULL,  NULL, NULL } },
    { true,  H225_RAS_RCF, { "2",    NULL, "60", "ep-1", "gk", NULL,            NULL,    NULL,               NULL,        NULL,   NULL,   NULL,  NULL, NULL } },
    /* 51 s: the keep-alive */
    { false, H225_RAS_RRQ, { "3",    "1",  "60", "ep-1", "gk", NULL,            NULL,    EP "," EP,          "1720,1719", NULL,   NULL,   NULL,  NULL, NULL } },
    { true,  H225_RAS_RCF, { "3",    NULL, "60", "ep-1", "gk", NULL,            NULL,    NULL,               NULL,        NULL,   NULL,   NULL,  NULL, NULL } },
    { false, H225_RAS_ARQ, { "4",    NULL, NULL, "ep-1", "gk", "5551234,1001",  "alice", EP,                 "1720",      "4660", "1280", "0",   NULL, NULL } },
    { true,  H225_RAS_RIP, { "4",    NULL, NULL, NULL,   NULL, NULL,            NULL,    NULL,               NULL,        NULL,   NULL,   NULL,  NULL, NULL } },
    { true,  H225_RAS_ACF, { "4",    NULL, NULL, NULL,   NULL, NULL,            NULL,    "192.0.2.20",       "1720",      NULL,   "1280", NULL,  NULL, NULL } },
    { false, H225_RAS_ARQ, { "5",    NULL, NULL, "ep-1", "gk", "999,1001",      "alice", EP,                 "1720",      "4661", "1280", "0",   NULL, NULL } },
    { true,  H225_RAS_ARJ, { "5",    NULL, NULL, NULL,   NULL, NULL,            NULL,    NULL,               NULL,        NULL,   NULL,   NULL,  "0",  NULL } },
    { true,  H225_RAS_IRQ, { "1001", NULL, NULL, NULL,   NULL, NULL,            NULL,    NULL,               NULL,        "0",    NULL,   NULL,  NULL, NULL } },
    { false, H225_RAS_IRR, { "1001", NULL, NULL, "ep-1", NULL, "1001",          "alice", EP "," EP,          "1719,1720", "4660", "1280", NULL,  NULL, NULL } },
    { true,  H225_RAS_BRQ, { "1002", NULL, NULL, "ep-1", NULL, NULL,            NULL,    NULL,               NULL,        "4660", "640",  NULL,  NULL, NULL } },
    { false, H225_RAS_BCF, { "1002", NULL, NULL, NULL,   NULL, NULL,            NULL,    NULL,               NULL,        NULL,   "640",  NULL,  NULL, NULL } },
    { true,  H225_RAS_DRQ, { "1003", NULL, NULL, "ep-1", "gk", NULL,            NULL,    NULL,               NULL,        "4660", NULL,   NULL,  NULL, NULL } },
    { false, H225_RAS_DCF, { "1003", NULL, NULL, NULL,   NULL, NULL,            NULL,    NULL,               NULL,        NULL,   NULL,   NULL,  NULL, NULL } },
    { false, H225_RAS_ARQ, { "6",    NULL, NULL, "ep-1", "gk", "5551234,1001",  "alice", EP,                 "1720",      "4662", "1280", "0",   NULL, NULL } },
    { true,  H225_RAS_ACF, { "6",    NULL, NULL, NULL,   NULL, NULL,            NULL,    "192.0.2.20",       "1720",      NULL,   "1280", NULL,  NULL, NULL } },
    { false, H225_RAS_DRQ, { "7",    NULL, NULL, "ep-1", "gk", NULL,            NULL,    NULL,               NULL,        "4662", NULL,   NULL,  NULL, NULL } },
    { true,  H225_RAS_DCF, { "7",    NULL, NULL, NULL,   NULL, NULL,            NULL,    NULL,               NULL,        NULL,   NULL,   NULL,  NULL, NULL } },
    /* the gatekeeper unregisters us with reregistrationRequired: discovery and RRQ again */
    { true,  H225_RAS_URQ, { "1004", NULL, NULL, "ep-1", "gk", NULL,            NULL,    EP,                 "1720",      NULL,   NULL,   NULL,  NULL, "0" } },
    { false, H225_RAS_UCF, { "1004", NULL, NULL, NULL,   NULL, NULL,            NULL,    NULL,               NULL,        NULL,   NULL,   NULL,  NULL, NULL } },
    { false, H225_RAS_GRQ, { "8",    NULL, NULL, NULL,   NULL, "1001",          "alice", EP,                 "1719",      NULL,   NULL,   NULL,  NULL, NULL } },
    { true,  H225_RAS_GCF, { "8",    NULL, NULL, NULL,   "gk", NULL,            NULL,    GKIP,               "1719",      NULL,   NULL,   NULL,  NULL, NULL } },
    { false, H225_RAS_RRQ, { "9",    "0",  "60", NULL,   "gk", "1001",          "alice", EP "," EP,          "1720,1719", NULL,   NULL,   NULL,  NULL, NULL } },
    { true,  H225_RAS_RCF, { "9",    NULL, "60", "ep-1", "gk", NULL,            NULL,    NULL,               NULL,        NULL,   NULL,   NULL,  NULL, NULL } },
    /* we leave */
    { false, H225_RAS_URQ, { "10",   NULL, NULL, "ep-1", "gk", "1001",          "alice", EP,                 "1720",      NULL,   NULL,   NULL,  NULL, NULL } },
    { true,  H225_RAS_UCF, { "10",   NULL, NULL, NULL,   NULL, NULL,            NULL,    NULL,               NULL,        NULL,   NULL,   NULL,  NULL, NULL } },
};
#define N_SCENARIO (sizeof scenario / sizeof scenario[0])

typedef struct run {
    h323_ras *ras;
    gk *g;
    uint64_t now;
    pcapw w;
    pcapw_host ep, gkh;
    size_t step;                   /* next scenario frame */
    bool print, failed;
    uint8_t queue[8][GK_MAX_DATAGRAM];
    size_t queue_len[8], nqueue;
    uint8_t first_rrq[GK_MAX_DATAGRAM], first_rcf[GK_MAX_DATAGRAM];
    size_t first_rrq_len, first_rcf_len;
} run;

static void frame(run *r, bool from_gk, const uint8_t *p, size_t n)
{
    uint8_t mem[16384];
    per_arena a;
    h225_ras_message m;
    per_arena_init(&a, mem, sizeof mem);
    uint32_t type = h225_decode_ras(p, n, &m, &a, NULL) == 0 ? m.choice : UINT32_MAX;
    if (r->step >= N_SCENARIO || scenario[r->step].type != type || scenario[r->step].from_gk != from_gk) {
        fprintf(stderr, "ras-samples: frame %zu: %s sent %s, the scenario wants %s\n", r->step + 1,
                from_gk ? "the gatekeeper" : "the client", h225_ras_name(type),
                r->step < N_SCENARIO ? h225_ras_name(scenario[r->step].type) : "nothing more");
        r->failed = true;
        r->step++;
        return;
    }
    if (type == H225_RAS_RRQ && !r->first_rrq_len) memcpy(r->first_rrq, p, r->first_rrq_len = n);
    if (type == H225_RAS_RCF && !r->first_rcf_len) memcpy(r->first_rcf, p, r->first_rcf_len = n);
    r->failed |= from_gk ? pcapw_udp(&r->w, &r->gkh, &r->ep, p, n) != 0 : pcapw_udp(&r->w, &r->ep, &r->gkh, p, n) != 0;
    if (r->print) {
        const expect *e = &scenario[r->step];
        printf("%u\t%u", r->w.packets, e->type);
        for (size_t i = 0; i < N_FIELDS - 2; i++) printf("\t%s", e->v[i] ? e->v[i] : "");
        printf("\n");
    }
    r->step++;
}

static int on_send(void *ctx, const h323_addr *to, const uint8_t *p, size_t n)
{
    run *r = ctx;
    (void)to;
    frame(r, false, p, n);
    if (r->nqueue == 8 || n > GK_MAX_DATAGRAM) return -1;
    memcpy(r->queue[r->nqueue], p, n);
    r->queue_len[r->nqueue++] = n;
    return 0;
}

static void on_event(void *ctx, const h323_ras_event *e)
{
    (void)ctx;
    if (e->type == H323_RAS_EV_LOG) fprintf(stderr, "ras-samples: client log: %s\n", e->u.text);
}

static const h323_addr EP_RAS = { 4, { 192, 0, 2, 1 }, 1719 };

static void to_client(run *r, const gk_out *out)
{
    for (size_t i = 0; i < out->n; i++) {
        frame(r, true, out->d[i].data, out->d[i].len);
        h323_ras_input(r->ras, &gk_cfg(r->g)->ras_addr, out->d[i].data, out->d[i].len, r->now);
    }
}

/* Until quiet: the client's datagrams to the emulator, its answers back, held answers. */
static void pump(run *r)
{
    gk_out out;
    for (;;) {
        if (r->nqueue) {
            uint8_t d[GK_MAX_DATAGRAM];
            size_t n = r->queue_len[0];
            memcpy(d, r->queue[0], n);
            r->nqueue--;
            memmove(r->queue[0], r->queue[1], r->nqueue * sizeof r->queue[0]);
            memmove(r->queue_len, r->queue_len + 1, r->nqueue * sizeof r->queue_len[0]);
            gk_input(r->g, &EP_RAS, d, n, r->now, &out);
            to_client(r, &out);
            continue;
        }
        uint64_t due = gk_next_due(r->g);
        if (due == UINT64_MAX) break;
        r->now = due > r->now ? due : r->now;
        h323_ras_tick(r->ras, r->now);
        gk_poll(r->g, r->now, &out);
        to_client(r, &out);
    }
}

static void advance(run *r, uint64_t until)
{
    while (h323_ras_next_deadline(r->ras) <= until) {
        r->now = h323_ras_next_deadline(r->ras);
        h323_ras_tick(r->ras, r->now);
        pump(r);
    }
    r->now = until;
}

static void play(run *r)
{
    static const uint8_t call1[16] = "tspkit-call-0001", call2[16] = "tspkit-call-0002", call3[16] = "tspkit-call-0003";
    static const uint8_t conf[16] = "tspkit-conf-0001";
    static uint8_t scratch[32768];
    gk_config gc = gk_config_default();
    gc.ttl_s = 60;
    gc.routes[0] = (gk_route){ "5551234", { 4, { 192, 0, 2, 20 }, 1720 } };
    gc.nroutes = 1;
    r->g = gk_new(&gc);
    h323_ras_config c = {
        .mode = H323_GK_DISCOVER, .gk_addr = gc.ras_addr, .ras_addr = EP_RAS,
        .signal_addr = { 4, { 192, 0, 2, 1 }, 1720 }, .h323_id = "alice", .e164 = "1001", .ttl_s = 60,
        .timeout_ms = 3000, .retries = 2, .product = "tspkit", .version = "0.1",
        .scratch = scratch, .scratch_size = sizeof scratch,
    };
    h323_ras_ops ops = { on_send, on_event };
    r->ras = h323_ras_new(&c, &ops, r);
    if (!r->g || !r->ras) exit(2);
    uint32_t token;
    gk_out out;

    h323_ras_start(r->ras, r->now);
    pump(r);
    advance(r, 51000);                                   /* the keep-alive */
    gk_cfg(r->g)->rip_delay_ms = 2000;
    h323_ras_admit(r->ras, 0x1234, call1, conf, false, "5551234", NULL, 1280, r->now, &token);
    pump(r);
    gk_cfg(r->g)->rip_delay_ms = 0;
    h323_ras_admit(r->ras, 0x1235, call2, conf, false, "999", NULL, 1280, r->now, &token);
    pump(r);
    gk_send_irq(r->g, 0, &out);
    to_client(r, &out);
    pump(r);
    gk_send_brq(r->g, 640, &out);
    to_client(r, &out);
    pump(r);
    gk_send_drq(r->g, NULL, &out);
    to_client(r, &out);
    pump(r);
    h323_ras_admit(r->ras, 0x1236, call3, conf, false, "5551234", NULL, 1280, r->now, &token);
    pump(r);
    h323_ras_disengage(r->ras, 0x1236, call3, conf, false, r->now);
    pump(r);
    gk_send_urq(r->g, H225_URQ_REREGISTRATION_REQUIRED, &out);
    to_client(r, &out);
    pump(r);
    h323_ras_stop(r->ras, r->now);
    pump(r);
    if (r->step != N_SCENARIO) {
        fprintf(stderr, "ras-samples: %zu frames, the scenario has %zu\n", r->step, N_SCENARIO);
        r->failed = true;
    }
    h323_ras_free(r->ras);
    gk_free(r->g);
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
    static run r;
    r.print = !planted;
    r.ep = pcapw_host_v4(192, 0, 2, 1, 1719);
    r.gkh = pcapw_host_v4(192, 0, 2, 10, 1719);
    if (pcapw_open(&r.w, path) != 0) {
        perror(path);
        return 1;
    }
    play(&r);
    if (planted) {
        /* An RRQ cut in the middle; an RCF that claims one more addition than it carries. */
        r.failed |= pcapw_udp(&r.w, &r.ep, &r.gkh, r.first_rrq, r.first_rrq_len / 2) != 0;
        printf("%u\n", r.w.packets);
        r.failed |= pcapw_udp(&r.w, &r.gkh, &r.ep, r.first_rcf, r.first_rcf_len - 3) != 0;
        printf("%u\n", r.w.packets);
    }
    if (pcapw_close(&r.w) != 0 || r.failed) {
        fprintf(stderr, "ras-samples: writing %s failed or the client left the scenario\n", path);
        return 1;
    }
    return 0;
}
