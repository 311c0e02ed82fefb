/*
 * tests/h323/h245ctl-samples.c - what two H.245 control sessions (tsp-h323/engine/h245ctl.c)
 * say to each other, framed by TPKT on separate H.245 channels (TCP port H245_PORT) in a
 * pcap for tshark to judge (tests/h323/tshark-check.sh -p H245_PORT).
 *
 *     h245ctl-samples --fields        the tshark fields compared, one per line
 *     h245ctl-samples --check-args    the tshark-check.sh options for this capture
 *     h245ctl-samples OUT.pcap        writes the capture; prints, for each frame, the
 *                                     values those fields must have (tab-separated)
 *     h245ctl-samples --planted OUT.pcap
 *                                     the same plus two broken PDUs in the first
 *                                     conversation (a TerminalCapabilitySet cut short, a
 *                                     RequestMessage index beyond its alternatives);
 *                                     prints the numbers of their frames
 *
 * Three conversations, one PDU per TPKT and segment, in the order the sessions sent them
 * (test_h323_h245ctl_pair.h delivers what both have queued, round after round):
 *  1. a whole call: capability exchange, master/slave, a channel each way (G.711 mu-law),
 *     DTMF both ways, round trip delay, RequestChannelClose, end of session;
 *  2. identical MSD numbers once (retry), then crossing OpenLogicalChannels with different
 *     codecs (masterSlaveConflict, reopen);
 *  3. no codec in common: both TerminalCapabilitySets rejected.
 * The scenario's outcome is checked here too (exit 1 when a session did not do what it
 * must). The expected values come from decoding each PDU with tsp-h323/h245, so tshark's
 * dissector (generated from the module text) is compared with ours on every message the
 * sessions produce.
 */
#include "pcap.h"
#include "q931/tpkt.h"
#include "../unit/test_h323_h245ctl_pair.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H245_PORT 45247

static const char *const fields[] = {
    "frame.number",
    "h245.pdu_type",
    "h245.request",
    "h245.response",
    "h245.command",
    "h245.indication",
    "h245.sequenceNumber",
    "h245.statusDeterminationNumber",
    "h245.decision",
    "h245.forwardLogicalChannelNumber",
    "h245.tsapIdentifier",
    "h245.cause",
    "h245.signalType",
    "h245.duration",
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

typedef struct {
    char v[N_FIELDS][256];
} row;

static void add(row *r, size_t f, const char *fmt, ...)
{
    char val[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(val, sizeof val, fmt, ap);
    va_end(ap);
    size_t used = strlen(r->v[f]);
    snprintf(r->v[f] + used, sizeof r->v[f] - used, "%s%s", used ? "," : "", val);
}

enum { F_FRAME, F_PDU, F_REQ, F_RSP, F_CMD, F_IND, F_SEQ, F_SDN, F_DECISION, F_LCN, F_TSAP, F_CAUSE, F_SIGNAL,
       F_DURATION };

static void addr(row *r, bool has, const h245_transport_addr *t)
{
    if (has && t->choice == H245_TA_UNICAST && t->u.unicast.choice == H245_UA_IP)
        add(r, F_TSAP, "%u", t->u.unicast.u.ip.tsap_identifier);
}

/* The fields tshark shows for one message, in tree order. */
static void expect(row *r, const h245_msg *m)
{
    add(r, F_PDU, "%u", m->choice);
    switch (m->choice) {
    case H245_REQUEST: {
        const h245_request *q = &m->u.request;
        add(r, F_REQ, "%u", q->choice);
        switch (q->choice) {
        case H245_REQ_MSD: add(r, F_SDN, "%u", q->u.msd.status_determination_number); break;
        case H245_REQ_TCS: add(r, F_SEQ, "%u", q->u.tcs.sequence_number); break;
        case H245_REQ_OLC: {
            const h245_h2250_lcp *p = &q->u.olc.forward.multiplex_parameters.u.h2250;
            add(r, F_LCN, "%u", q->u.olc.forward_logical_channel_number);
            addr(r, p->has_media_channel, &p->media_channel);
            addr(r, p->has_media_control_channel, &p->media_control_channel);
            break;
        }
        case H245_REQ_CLC: add(r, F_LCN, "%u", q->u.clc.forward_logical_channel_number); break;
        case H245_REQ_RCC: add(r, F_LCN, "%u", q->u.rcc.forward_logical_channel_number); break;
        case H245_REQ_RTD: add(r, F_SEQ, "%u", q->u.rtd.sequence_number); break;
        }
        break;
    }
    case H245_RESPONSE: {
        const h245_response *s = &m->u.response;
        add(r, F_RSP, "%u", s->choice);
        switch (s->choice) {
        case H245_RSP_MSD_ACK: add(r, F_DECISION, "%u", s->u.msd_ack.decision); break;
        case H245_RSP_MSD_REJECT: add(r, F_CAUSE, "%u", s->u.msd_reject.cause); break;
        case H245_RSP_TCS_ACK: add(r, F_SEQ, "%u", s->u.tcs_ack.sequence_number); break;
        case H245_RSP_TCS_REJECT:
            add(r, F_SEQ, "%u", s->u.tcs_reject.sequence_number);
            add(r, F_CAUSE, "%u", s->u.tcs_reject.cause.choice);
            break;
        case H245_RSP_OLC_ACK: {
            const h245_h2250_lcap *p = &s->u.olc_ack.forward_multiplex_ack_parameters.u.h2250;
            add(r, F_LCN, "%u", s->u.olc_ack.forward_logical_channel_number);
            addr(r, p->has_media_channel, &p->media_channel);
            addr(r, p->has_media_control_channel, &p->media_control_channel);
            break;
        }
        case H245_RSP_OLC_REJECT:
            add(r, F_LCN, "%u", s->u.olc_reject.forward_logical_channel_number);
            add(r, F_CAUSE, "%u", s->u.olc_reject.cause);
            break;
        case H245_RSP_CLC_ACK: add(r, F_LCN, "%u", s->u.clc_ack.forward_logical_channel_number); break;
        case H245_RSP_RCC_ACK: add(r, F_LCN, "%u", s->u.rcc_ack.forward_logical_channel_number); break;
        case H245_RSP_RCC_REJECT:
            add(r, F_LCN, "%u", s->u.rcc_reject.forward_logical_channel_number);
            add(r, F_CAUSE, "%u", s->u.rcc_reject.cause);
            break;
        case H245_RSP_RTD: add(r, F_SEQ, "%u", s->u.rtd.sequence_number); break;
        }
        break;
    }
    case H245_COMMAND: add(r, F_CMD, "%u", m->u.command.choice); break;
    case H245_INDICATION: {
        const h245_indication *i = &m->u.indication;
        add(r, F_IND, "%u", i->choice);
        if (i->choice == H245_IND_USER_INPUT && i->u.user_input.choice == H245_UII_SIGNAL) {
            const struct h245_uii_signal *sg = &i->u.user_input.u.signal;
            add(r, F_SIGNAL, "%.*s", (int)sg->signal_type.len, sg->signal_type.chars);
            if (sg->has_duration) add(r, F_DURATION, "%u", sg->duration);
        }
        if (i->choice == H245_IND_RCC_RELEASE) add(r, F_LCN, "%u", i->u.rcc_release.forward_logical_channel_number);
        break;
    }
    }
}

/* ---- the capture ---------------------------------------------------------------------------- */

typedef struct {
    pcapw *w;
    pcapw_tcp c;
    bool print;
    int rc;
    unsigned frames;
} capture;

static void on_deliver(void *ctx, int from, const uint8_t *p, size_t n)
{
    capture *cap = ctx;
    uint8_t buf[4096];
    int len = tpkt_encode(buf, sizeof buf, p, n);
    if (len < 0) exit(1);
    cap->rc |= pcapw_tcp_send(cap->w, &cap->c, from ? PCAPW_B_TO_A : PCAPW_A_TO_B, buf, (size_t)len, 0);
    cap->frames++;
    static uint8_t mem[H245_ARENA_SIZE];
    per_arena a;
    per_arena_init(&a, mem, sizeof mem);
    h245_msg m;
    size_t used;
    if (h245_decode(p, n, &m, &a, &used, NULL) || used != n) {
        fprintf(stderr, "h245ctl-samples: a session sent a PDU that does not decode\n");
        exit(1);
    }
    if (!cap->print) return;
    static row r;
    memset(&r, 0, sizeof r);
    add(&r, F_FRAME, "%u", cap->w->packets);
    expect(&r, &m);
    for (size_t f = 0; f < N_FIELDS; f++)
        printf("%s%s", f ? "\t" : "", r.v[f]);
    printf("\n");
}

static void must(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "h245ctl-samples: the scenario went wrong: %s\n", what);
        exit(1);
    }
}

static void conversation_begin(capture *cap, pcapw *w, bool print, uint16_t client_port, pair *p)
{
    memset(cap, 0, sizeof *cap);
    cap->w = w;
    cap->print = print;
    pcapw_tcp_init(&cap->c, pcapw_host_v4(192, 0, 2, 1, client_port), pcapw_host_v4(192, 0, 2, 2, H245_PORT));
    cap->rc = pcapw_tcp_handshake(w, &cap->c);
    p->on_deliver = on_deliver;
    p->deliver_ctx = cap;
}

/* Two broken PDUs from A, each in a frame of its own; prints their frame numbers. */
static void planted(capture *cap)
{
    uint8_t buf[1024];
    size_t n;
    h245_msg m;
    h245_tcs_store st;
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20);
    h245_capability c = h245_cap_audio(H245_CAP_RX_AUDIO, &ulaw);
    if (h245_msg_tcs(&m, &st, 9, 60, &c, 1) || h245_encode(&m, buf + TPKT_HEADER_LEN, sizeof buf - 4, &n, NULL))
        exit(1);
    n -= 3;                                /* cut short, TPKT length to match */
    if (tpkt_write_header(buf, n) < 0) exit(1);
    cap->rc |= pcapw_tcp_send(cap->w, &cap->c, PCAPW_A_TO_B, buf, n + TPKT_HEADER_LEN, 0);
    printf("%u\n", cap->w->packets);
    /* roundTripDelayRequest with the RequestMessage index 9 made 15 (11 root alternatives) */
    h245_msg_rtd_request(&m, 5);
    if (h245_encode(&m, buf + TPKT_HEADER_LEN, sizeof buf - 4, &n, NULL) || buf[TPKT_HEADER_LEN] != 0x09) exit(1);
    buf[TPKT_HEADER_LEN] = 0x0F;
    if (tpkt_write_header(buf, n) < 0) exit(1);
    cap->rc |= pcapw_tcp_send(cap->w, &cap->c, PCAPW_A_TO_B, buf, n + TPKT_HEADER_LEN, 0);
    printf("%u\n", cap->w->packets);
}

static const uint32_t ULAW_ALAW[] = { H245_AUDIO_G711_ULAW64K, H245_AUDIO_G711_ALAW64K };
static const uint32_t ALAW_ULAW[] = { H245_AUDIO_G711_ALAW64K, H245_AUDIO_G711_ULAW64K };
static const uint32_t G729[] = { H245_AUDIO_G729 };

static int call(pcapw *w, bool print, bool plant)
{
    static pair p;
    capture cap;
    pair_setup(&p, ULAW_ALAW, 2, ULAW_ALAW, 2);
    p.side[0].rnd[0] = 1000;
    p.side[1].rnd[0] = 2000;
    p.side[0].nrnd = p.side[1].nrnd = 1;
    pair_create(&p);
    conversation_begin(&cap, w, print, 40020, &p);
    h245ctl *a = p.side[0].s, *b = p.side[1].s;
    h245ctl_start(a, false, p.now);
    h245ctl_start(b, false, p.now);
    pair_run(&p);
    must(h245ctl_channel(a, H323_DIR_TX, NULL) && h245ctl_channel(b, H323_DIR_TX, NULL), "call: channels");
    h245ctl_send_dtmf(a, '5', 120, p.now);
    h245ctl_send_dtmf(b, '#', 0, p.now);
    h245ctl_send_dtmf(a, '!', 300, p.now);
    h245ctl_round_trip(a, p.now);
    pair_run(&p);
    must(pair_events(&p.side[0], H245CTL_EV_RTD) == 1, "call: round trip");
    must(pair_events(&p.side[1], H245CTL_EV_USER_INPUT) == 2, "call: DTMF");
    if (plant) planted(&cap);
    h245ctl_request_close(b, p.now);
    pair_run(&p);
    must(!h245ctl_channel(a, H323_DIR_TX, NULL), "call: RequestChannelClose");
    h245ctl_end(a, p.now);
    pair_run(&p);
    h245ctl_end(b, p.now);
    pair_run(&p);
    must(pair_events(&p.side[0], H245CTL_EV_END_SESSION) == 1, "call: end");
    cap.rc |= pcapw_tcp_finish(w, &cap.c);
    pair_free(&p);
    return cap.rc;
}

static int conflict(pcapw *w, bool print)
{
    static pair p;
    capture cap;
    pair_setup(&p, ULAW_ALAW, 2, ALAW_ULAW, 2);
    p.side[0].rnd[0] = p.side[1].rnd[0] = 4242;
    p.side[0].rnd[1] = 10;
    p.side[1].rnd[1] = 20;
    p.side[0].nrnd = p.side[1].nrnd = 2;
    pair_create(&p);
    conversation_begin(&cap, w, print, 40021, &p);
    h245ctl_start(p.side[0].s, false, p.now);
    h245ctl_start(p.side[1].s, false, p.now);
    pair_run(&p);
    must(pair_sent(&p.side[0], H245_RESPONSE, H245_RSP_OLC_REJECT, NULL) == 1, "conflict: reject");
    must(pair_sent(&p.side[1], H245_REQUEST, H245_REQ_MSD, NULL) == 2, "conflict: MSD retry");
    h323_media_channel c;
    must(h245ctl_channel(p.side[1].s, H323_DIR_TX, &c) && c.codec == H245_AUDIO_G711_ULAW64K, "conflict: codec");
    h245ctl_end(p.side[0].s, p.now);
    h245ctl_end(p.side[1].s, p.now);
    pair_run(&p);
    cap.rc |= pcapw_tcp_finish(w, &cap.c);
    pair_free(&p);
    return cap.rc;
}

static int no_codec(pcapw *w, bool print)
{
    static pair p;
    capture cap;
    pair_setup(&p, ULAW_ALAW, 2, G729, 1);
    pair_create(&p);
    conversation_begin(&cap, w, print, 40022, &p);
    h245ctl_start(p.side[0].s, false, p.now);
    h245ctl_start(p.side[1].s, false, p.now);
    pair_run(&p);
    must(pair_events(&p.side[0], H245CTL_EV_FAILED) >= 1, "no codec: failure");
    h245ctl_end(p.side[0].s, p.now);
    h245ctl_end(p.side[1].s, p.now);
    pair_run(&p);
    cap.rc |= pcapw_tcp_finish(w, &cap.c);
    pair_free(&p);
    return cap.rc;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--fields") == 0) {
        for (size_t i = 0; i < N_FIELDS; i++)
            printf("%s\n", fields[i]);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--check-args") == 0) {
        printf("-p %d -Y h245\n", H245_PORT);
        return 0;
    }
    bool plant = argc == 3 && strcmp(argv[1], "--planted") == 0;
    const char *path = argv[argc - 1];
    if ((argc != 2 && !plant) || path[0] == '-') {
        fprintf(stderr, "usage: %s --fields | --check-args | [--planted] OUT.pcap\n", argv[0]);
        return 2;
    }
    pcapw w;
    if (pcapw_open(&w, path) != 0) {
        perror(path);
        return 1;
    }
    int rc = call(&w, !plant, plant);
    rc |= conflict(&w, !plant);
    rc |= no_codec(&w, !plant);
    if (pcapw_close(&w) != 0 || rc) {
        fprintf(stderr, "h245ctl-samples: writing %s failed\n", path);
        return 1;
    }
    return 0;
}
