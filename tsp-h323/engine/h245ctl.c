/*
 * tsp-h323/engine/h245ctl.c - one call's H.245 control session: the signalling entities
 * of ITU-T H.245 (05/2006) clause 8 that an H.323 audio call needs, as a pure state
 * machine (h245ctl.h). Clause numbers below are H.245's unless H.323 is named.
 *
 *   CESE  (8.2, C.4)   our TerminalCapabilitySet, T101; the peer's answered Ack/Reject
 *   MSDSE (8.1, C.2)   terminalType + 24-bit random number, N100 retries, T106
 *   LCSE  (8.4, C.5)   our audio transmit channel (T103), the peer's answered
 *   CLCSE (8.6, C.7)   RequestChannelClose both ways, T108
 *   RTDSE (8.9, C.10)  RoundTripDelay, T105
 *   UserInputIndication (DTMF), endSessionCommand (H.323 8.5), functionNotSupported.
 *
 * Every callback is made with the session consistent; a callback may call the
 * h245ctl_* functions of this session (not h245ctl_free).
 */
#include "engine/h245ctl.h"
#include "engine/faststart.h"
#include "h245/h245.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIO_SESSION 1            /* H.225.0 / H.323: RTP session 1 is audio */
#define N100 3                     /* C.2: MSD attempts before giving up */
#define MAX_JITTER_MS 60           /* h2250Capability.maximumAudioDelayJitter we announce */
#define PDU_MAX 2048               /* our largest message (a TCS of 32 entries: ~300 octets) */
#define CODEC_SLOTS 32             /* H245_AUDIO_* indexes we track (the last is 24) */
#define NO_TIMER UINT64_MAX
#define SDN_MASK 0xFFFFFFu         /* statusDeterminationNumber: INTEGER (0..2^24 - 1) */

enum tcs_state { TCS_IDLE, TCS_SENT, TCS_ACKED, TCS_FAILED };
enum msd_state { MSD_IDLE, MSD_OUT, MSD_IN, MSD_DONE, MSD_FAILED };
enum tx_state { TX_IDLE, TX_OPENING, TX_OPEN, TX_CLOSING };

struct h245ctl {
    h245ctl_ops ops;
    void *ctx;
    uint8_t terminal_type;
    uint16_t frames;
    uint32_t timeout;
    h323_addr media;
    void *scratch;
    size_t scratch_size;
    uint32_t (*random)(void *ctx);
    uint64_t rng;                          /* fallback random source, per session */

    bool started, ended, peer_ended, ready;

    /* CESE: ours outgoing, the peer's incoming */
    uint8_t tcs_state, tcs_seq;
    uint64_t t101;
    bool peer_tcs, peer_empty, peer_dtmf, peer_basic;
    uint32_t peer_rx;                      /* bit per H245_AUDIO_* the peer receives */
    uint16_t peer_frames[CODEC_SLOTS];

    /* MSDSE */
    uint8_t msd_state, msd_tries;
    bool master, have_sdn;
    uint32_t sdn;
    uint64_t t106;

    /* LCSE: our transmit channel */
    struct {
        uint8_t state;
        bool was_open;
        uint16_t lcn;
        uint32_t codec;
        uint16_t frames;
        h323_addr rtp, rtcp;
        uint64_t timer;                    /* T103 while opening, T108 while closing */
        uint32_t refused;                  /* codecs the peer refused for it */
    } tx;
    bool want_tx;
    uint16_t next_lcn;

    /* LCSE: the peer's channel, which we receive */
    struct {
        bool open, pending;                /* pending: acked once our RTP is known */
        uint16_t lcn;
        uint32_t codec;
        uint16_t frames;
    } rx;

    /* CLCSE outgoing RequestChannelClose */
    bool rcc_pending;
    uint16_t rcc_lcn;
    uint64_t t108_rcc;

    /* RTDSE */
    bool rtd_pending;
    uint8_t rtd_seq;
    uint64_t rtd_sent, t105;

    char text[128];                        /* the text of the last LOG / FAILED event */
    size_t ncodecs;
    uint32_t codecs[];
};

/* ---- small helpers ------------------------------------------------------------------------ */

static void emit(h245ctl *s, const h245ctl_event *ev)
{
    if (s->ops.event) s->ops.event(s->ctx, ev);
}

static void say(h245ctl *s, enum h245ctl_event_type type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->text, sizeof s->text, fmt, ap);
    va_end(ap);
    h245ctl_event ev = { .type = type };
    ev.u.text = s->text;
    emit(s, &ev);
}

#define LOG(s, ...) say((s), H245CTL_EV_LOG, __VA_ARGS__)
#define FAIL(s, ...) say((s), H245CTL_EV_FAILED, __VA_ARGS__)

static int send_msg(h245ctl *s, const h245_msg *m)
{
    uint8_t buf[PDU_MAX];
    size_t len;
    int rc = h245_encode(m, buf, sizeof buf, &len, NULL);
    if (rc) {
        LOG(s, "cannot encode %s: %s", h245_msg_name(m), per_strerror(rc));
        return H323_E_INVAL;
    }
    if (!s->ops.send || s->ops.send(s->ctx, buf, len) != 0) return H323_E_IO;
    return 0;
}

static bool ours(const h245ctl *s, uint32_t codec)
{
    if (!h323_fs_codec_usable(codec)) return false;
    for (size_t i = 0; i < s->ncodecs; i++)
        if (s->codecs[i] == codec) return true;
    return false;
}

static bool peer_receives(const h245ctl *s, uint32_t codec)
{
    return codec < CODEC_SLOTS && (s->peer_rx >> codec & 1);
}

static uint16_t min_frames(uint16_t a, uint16_t b)
{
    if (a == 0) return b;
    if (b == 0) return a;
    return a < b ? a : b;
}

/* Our RTP and RTCP (RFC 3550 11: RTCP on the next port) as H.245 addresses. */
static bool media_addrs(const h245ctl *s, h245_transport_addr *rtp, h245_transport_addr *rtcp)
{
    if (s->media.port == 0 || s->media.port == UINT16_MAX) return false;
    h323_addr c = s->media;
    c.port++;
    return h323_fs_addr_to_h245(&s->media, rtp) && h323_fs_addr_to_h245(&c, rtcp);
}

static uint32_t new_sdn(h245ctl *s)
{
    if (s->random) return s->random(s->ctx) & SDN_MASK;
    s->rng ^= s->rng << 13;                /* xorshift64 */
    s->rng ^= s->rng >> 7;
    s->rng ^= s->rng << 17;
    return (uint32_t)(s->rng >> 20) & SDN_MASK;
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

h245ctl *h245ctl_new(const h245ctl_config *cfg, const h245ctl_ops *ops, void *ctx)
{
    if (!cfg || !ops || !cfg->scratch || (cfg->ncodecs && !cfg->codecs) || cfg->ncodecs > 64) return NULL;
    h245ctl *s = calloc(1, sizeof *s + cfg->ncodecs * sizeof s->codecs[0]);
    if (!s) return NULL;
    s->ops = *ops;
    s->ctx = ctx;
    s->terminal_type = cfg->terminal_type ? cfg->terminal_type : H245_TERMINAL_TYPE_TERMINAL;
    s->frames = cfg->frames_per_packet ? cfg->frames_per_packet : 20;
    s->timeout = cfg->timeout_ms ? cfg->timeout_ms : 30000;
    s->media = cfg->media;
    s->scratch = cfg->scratch;
    s->scratch_size = cfg->scratch_size;
    s->random = cfg->random;
    s->rng = (uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ull | 1;
    s->ncodecs = cfg->ncodecs;
    if (cfg->ncodecs) memcpy(s->codecs, cfg->codecs, cfg->ncodecs * sizeof s->codecs[0]);
    s->t101 = s->t106 = s->tx.timer = s->t108_rcc = s->t105 = NO_TIMER;
    s->want_tx = true;
    s->next_lcn = 1;
    return s;
}

void h245ctl_free(h245ctl *s)
{
    free(s);
}

/* ---- CESE: our TerminalCapabilitySet (8.2) ------------------------------------------------ */

static int send_tcs(h245ctl *s, uint64_t now)
{
    h245_capability caps[H245_TCS_MAX_CAPS];
    size_t n = 0;
    for (size_t i = 0; i < s->ncodecs && n < H245_TCS_MAX_CAPS - 3; i++) {
        if (!h323_fs_codec_usable(s->codecs[i])) continue;
        h245_audio_cap a = h245_audio(s->codecs[i], s->frames);
        caps[n++] = h245_cap_audio(H245_CAP_RX_AUDIO, &a);
    }
    /* User input we receive: text, DTMF as signal, and hookflash ('!' of signal). */
    caps[n++] = h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_BASIC_STRING);
    caps[n++] = h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_DTMF);
    caps[n++] = h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_HOOKFLASH);
    h245_tcs_store *st = malloc(sizeof *st);
    if (!st) return H323_E_NOMEM;
    h245_msg m;
    s->tcs_seq++;
    h245_msg_tcs(&m, st, s->tcs_seq, MAX_JITTER_MS, caps, n);
    s->tcs_state = TCS_SENT;
    s->t101 = now + s->timeout;
    int rc = send_msg(s, &m);
    free(st);
    return rc;
}

/* ---- MSDSE (8.1, C.2) ------------------------------------------------------------------------ */

static int send_msd(h245ctl *s, uint64_t now)
{
    h245_msg m;
    s->sdn = new_sdn(s);
    s->have_sdn = true;
    s->msd_state = MSD_OUT;
    s->t106 = now + s->timeout;
    h245_msg_msd(&m, s->terminal_type, s->sdn);
    return send_msg(s, &m);
}

/* C.2.1 (the determination): the larger terminalType is master; on equal types,
 * (remote number - local number) mod 2^24 decides: 0 or 2^23 is indeterminate, below
 * 2^23 the local terminal is master, above it the slave. 1 master, 0 slave, -1 neither. */
static int msd_decide(const h245ctl *s, const h245_msd *in)
{
    if (in->terminal_type < s->terminal_type) return 1;
    if (in->terminal_type > s->terminal_type) return 0;
    uint32_t diff = (in->status_determination_number - s->sdn) & SDN_MASK;
    if (diff == 0 || diff == 0x800000) return -1;
    return diff < 0x800000;
}

static void progress(h245ctl *s, uint64_t now);

static void msd_failed(h245ctl *s, const char *why)
{
    s->msd_state = MSD_FAILED;
    s->t106 = NO_TIMER;
    FAIL(s, "master/slave determination failed: %s", why);
}

/* An indeterminate result (identical numbers) or a MasterSlaveDeterminationReject while
 * our request is outstanding: C.2.2, retry with a new number up to N100 times. */
static void msd_retry(h245ctl *s, bool reject_peer, uint64_t now)
{
    if (s->msd_tries >= N100) {
        if (reject_peer) {
            h245_msg m;
            h245_msg_msd_reject(&m);
            send_msg(s, &m);
        }
        msd_failed(s, "identical numbers N100 times");
        return;
    }
    s->msd_tries++;
    send_msd(s, now);
}

static void on_msd(h245ctl *s, const h245_msd *in, uint64_t now)
{
    if (!s->have_sdn) {
        s->sdn = new_sdn(s);
        s->have_sdn = true;
    }
    int d = msd_decide(s, in);
    if (d < 0) {
        if (s->msd_state == MSD_OUT) {
            msd_retry(s, true, now);
        } else {
            /* C.2: indeterminate outside our own request: MasterSlaveDeterminationReject. */
            h245_msg m;
            h245_msg_msd_reject(&m);
            send_msg(s, &m);
            LOG(s, "MasterSlaveDetermination with our number: rejected (identicalNumbers)");
        }
        return;
    }
    s->master = d == 1;
    /* The Ack's decision is the status of the terminal that receives it. */
    h245_msg m;
    h245_msg_msd_ack(&m, s->master ? H245_MSD_SLAVE : H245_MSD_MASTER);
    s->msd_state = MSD_IN;
    s->t106 = now + s->timeout;
    send_msg(s, &m);
}

static void on_msd_ack(h245ctl *s, uint32_t decision, uint64_t now)
{
    bool we_master = decision == H245_MSD_MASTER;
    if (s->msd_state == MSD_OUT) {
        /* C.2: our request answered; confirm with an Ack of our own. */
        s->master = we_master;
        h245_msg m;
        h245_msg_msd_ack(&m, s->master ? H245_MSD_SLAVE : H245_MSD_MASTER);
        s->msd_state = MSD_DONE;
        s->t106 = NO_TIMER;
        send_msg(s, &m);
        progress(s, now);
    } else if (s->msd_state == MSD_IN) {
        if (we_master != s->master) {
            msd_failed(s, "the peer's Ack contradicts our decision");
            return;
        }
        s->msd_state = MSD_DONE;
        s->t106 = NO_TIMER;
        progress(s, now);
    } else {
        LOG(s, "unexpected MasterSlaveDeterminationAck ignored");
    }
}

static void on_msd_reject(h245ctl *s, uint64_t now)
{
    if (s->msd_state == MSD_OUT)
        msd_retry(s, false, now);
    else if (s->msd_state == MSD_IN)
        msd_failed(s, "the peer rejected it");
    else
        LOG(s, "unexpected MasterSlaveDeterminationReject ignored");
}

/* ---- LCSE: our transmit channel (8.4, C.5) ------------------------------------------------ */

/* The codec of our channel: the one the peer already sends us when it can receive it too
 * (a symmetric call: H.323 8.2 lets master/slave settle what both sides open), otherwise
 * the first of our preference the peer's TCS says it receives. */
static bool choose_codec(const h245ctl *s, uint32_t *codec)
{
    if (s->rx.open && ours(s, s->rx.codec) && peer_receives(s, s->rx.codec) &&
        !(s->tx.refused >> s->rx.codec & 1)) {
        *codec = s->rx.codec;
        return true;
    }
    for (size_t i = 0; i < s->ncodecs; i++) {
        uint32_t c = s->codecs[i];
        if (ours(s, c) && peer_receives(s, c) && !(s->tx.refused >> c & 1)) {
            *codec = c;
            return true;
        }
    }
    return false;
}

static void open_tx(h245ctl *s, uint64_t now)
{
    uint32_t codec;
    if (!choose_codec(s, &codec)) {
        s->want_tx = false;
        FAIL(s, "no audio codec in common with the peer");
        return;
    }
    h245_audio_cap cap = h245_audio(codec, min_frames(s->frames, s->peer_frames[codec]));
    h245_transport_addr rtp, rtcp;
    bool have = media_addrs(s, &rtp, &rtcp);
    h245_olc o;
    h245_olc_audio_tx(&o, s->next_lcn, &cap, AUDIO_SESSION, have ? &rtcp : NULL, false);
    h245_msg m;
    h245_msg_olc(&m, &o);
    s->tx.state = TX_OPENING;
    s->tx.was_open = false;
    s->tx.lcn = s->next_lcn;
    s->tx.codec = codec;
    s->tx.frames = cap.u.frames;
    s->tx.timer = now + s->timeout;
    s->next_lcn = s->next_lcn == UINT16_MAX ? 1 : (uint16_t)(s->next_lcn + 1);
    send_msg(s, &m);
}

static void close_tx(h245ctl *s, uint64_t now)
{
    if (s->tx.state != TX_OPEN && s->tx.state != TX_OPENING) return;
    h245_msg m;
    h245_msg_clc(&m, s->tx.lcn, H245_CLC_SOURCE_USER, H245_CLC_REASON_UNKNOWN);
    s->tx.state = TX_CLOSING;
    s->tx.timer = now + s->timeout;
    send_msg(s, &m);
}

/* One of our channels as the engine sees it (h323.h: RX addresses are ours). */
static void fill_channel(const h245ctl *s, uint8_t dir, h323_media_channel *c)
{
    memset(c, 0, sizeof *c);
    c->direction = dir;
    c->session_id = AUDIO_SESSION;
    if (dir == H323_DIR_TX) {
        c->lcn = s->tx.lcn;
        c->codec = s->tx.codec;
        c->frames = s->tx.frames;
        c->rtp = s->tx.rtp;
        c->rtcp = s->tx.rtcp;
    } else {
        c->lcn = s->rx.lcn;
        c->codec = s->rx.codec;
        c->frames = s->rx.frames;
        c->rtp = s->media;
        c->rtcp = s->media;
        c->rtcp.port = (uint16_t)(s->media.port + 1);
    }
}

static void channel_event(h245ctl *s, enum h245ctl_event_type type, uint8_t dir)
{
    h245ctl_event ev = { .type = type };
    fill_channel(s, dir, &ev.u.channel);
    emit(s, &ev);
}

/* READY once both capability sets are known and master/slave is settled (H.323 8.2),
 * then our channel (H.323 8.3: logical channels after phase B). */
static void progress(h245ctl *s, uint64_t now)
{
    if (s->ended || s->peer_ended) return;
    if (!s->ready && s->tcs_state == TCS_ACKED && s->peer_tcs && s->msd_state == MSD_DONE) {
        s->ready = true;
        h245ctl_event ev = { .type = H245CTL_EV_READY };
        emit(s, &ev);
    }
    if (s->ready && !s->ended && !s->peer_ended && s->want_tx && s->tx.state == TX_IDLE && !s->peer_empty)
        open_tx(s, now);
}

static void on_olc_ack(h245ctl *s, const h245_olc_ack *a, uint64_t now)
{
    if (s->tx.state != TX_OPENING || a->forward_logical_channel_number != s->tx.lcn) {
        LOG(s, "OpenLogicalChannelAck for channel %u we are not opening: ignored",
            a->forward_logical_channel_number);
        return;
    }
    const h245_h2250_lcap *p = &a->forward_multiplex_ack_parameters.u.h2250;
    h323_addr rtp;
    if (!a->has_forward_multiplex_ack_parameters || a->forward_multiplex_ack_parameters.choice != 0 ||
        !p->has_media_channel || !h323_fs_addr_from_h245(&p->media_channel, &rtp)) {
        close_tx(s, now);
        s->want_tx = false;
        FAIL(s, "OpenLogicalChannelAck without a unicast mediaChannel");
        return;
    }
    s->tx.rtp = rtp;
    if (!p->has_media_control_channel || !h323_fs_addr_from_h245(&p->media_control_channel, &s->tx.rtcp)) {
        s->tx.rtcp = rtp;
        s->tx.rtcp.port = (uint16_t)(rtp.port + 1);
    }
    s->tx.state = TX_OPEN;
    s->tx.was_open = true;
    s->tx.timer = NO_TIMER;
    channel_event(s, H245CTL_EV_CHANNEL_OPEN, H323_DIR_TX);
}

static void on_olc_reject(h245ctl *s, const h245_olc_reject *r, uint64_t now)
{
    if (s->tx.state != TX_OPENING || r->forward_logical_channel_number != s->tx.lcn) {
        LOG(s, "OpenLogicalChannelReject for channel %u we are not opening: ignored",
            r->forward_logical_channel_number);
        return;
    }
    s->tx.state = TX_IDLE;
    s->tx.timer = NO_TIMER;
    switch (r->cause) {
    case H245_OLC_REJ_MASTER_SLAVE_CONFLICT:       /* the master keeps its own: reopen */
    case H245_OLC_REJ_DATA_TYPE_NOT_SUPPORTED:     /* try the next codec */
    case H245_OLC_REJ_DATA_TYPE_NOT_AVAILABLE:
        if (s->tx.codec < CODEC_SLOTS) s->tx.refused |= 1u << s->tx.codec;
        LOG(s, "OpenLogicalChannel %u refused (cause %u): trying again", s->tx.lcn, r->cause);
        progress(s, now);
        return;
    default:
        s->want_tx = false;
        FAIL(s, "the peer rejected our audio channel (OpenLogicalChannelReject cause %u)", r->cause);
    }
}

/* ---- LCSE: the peer's channel --------------------------------------------------------------- */

static void ack_rx(h245ctl *s)
{
    h245_transport_addr rtp, rtcp;
    if (!media_addrs(s, &rtp, &rtcp)) {
        s->rx.pending = true;               /* answered by h245ctl_set_media */
        return;
    }
    h245_msg m;
    h245_msg_olc_ack(&m, s->rx.lcn, AUDIO_SESSION, &rtp, &rtcp);
    s->rx.pending = false;
    s->rx.open = true;
    send_msg(s, &m);
    channel_event(s, H245CTL_EV_CHANNEL_OPEN, H323_DIR_RX);
}

static void reject_olc(h245ctl *s, uint16_t lcn, uint32_t cause, const char *why)
{
    h245_msg m;
    h245_msg_olc_reject(&m, lcn, cause);
    send_msg(s, &m);
    LOG(s, "OpenLogicalChannel %u rejected: %s", lcn, why);
}

static void on_olc(h245ctl *s, const h245_olc *o)
{
    uint16_t lcn = o->forward_logical_channel_number;
    /* The causes are those of OpenLogicalChannelReject (H.245 annex A). */
    if (s->ended || s->peer_ended) {
        reject_olc(s, lcn, H245_OLC_REJ_UNSPECIFIED, "the session is ending");
        return;
    }
    if (o->forward.data_type.choice != H245_DT_AUDIO) {
        reject_olc(s, lcn, H245_OLC_REJ_DATA_TYPE_NOT_SUPPORTED, "not audio");
        return;
    }
    /* H.323 8.3: audio channels are unidirectional. */
    if (o->has_reverse) {
        reject_olc(s, lcn, H245_OLC_REJ_UNSUITABLE_REVERSE_PARAMETERS, "bidirectional audio");
        return;
    }
    if (o->forward.multiplex_parameters.choice != H245_FWD_MUX_H2250) {
        reject_olc(s, lcn, H245_OLC_REJ_DATA_TYPE_AL_COMBINATION_NOT_SUPPORTED, "not H.225.0 media");
        return;
    }
    /* sessionID 0 asks the master to assign one (H2250LogicalChannelParameters): only a
     * slave may ask; audio is session 1. */
    uint8_t session = o->forward.multiplex_parameters.u.h2250.session_id;
    if (session != AUDIO_SESSION && !(session == 0 && s->msd_state == MSD_DONE && s->master)) {
        reject_olc(s, lcn, H245_OLC_REJ_INVALID_SESSION_ID, "not the audio session");
        return;
    }
    const h245_audio_cap *codec = &o->forward.data_type.u.audio;
    if (!ours(s, codec->choice)) {
        reject_olc(s, lcn, H245_OLC_REJ_DATA_TYPE_NOT_SUPPORTED, "a codec we do not receive");
        return;
    }
    if ((s->rx.open || s->rx.pending) && s->rx.lcn != lcn) {
        reject_olc(s, lcn, H245_OLC_REJ_DATA_TYPE_NOT_AVAILABLE, "an audio channel is already open");
        return;
    }
    /* Both sides opening audio at once with different codecs (H.245 5.2: master/slave
     * determination resolves such conflicts): the master refuses the slave's channel
     * with masterSlaveConflict and keeps its own; the slave accepts the master's and
     * reopens its own, refused one with the master's codec. */
    if (s->tx.state == TX_OPENING && s->tx.codec != codec->choice && s->msd_state == MSD_DONE && s->master) {
        reject_olc(s, lcn, H245_OLC_REJ_MASTER_SLAVE_CONFLICT, "conflicts with ours (we are master)");
        return;
    }
    s->rx.lcn = lcn;
    s->rx.codec = codec->choice;
    s->rx.frames = codec->u.frames;
    ack_rx(s);
}

static void on_clc(h245ctl *s, uint16_t lcn)
{
    /* C.5: CloseLogicalChannel is always acknowledged. */
    h245_msg m;
    h245_msg_clc_ack(&m, lcn);
    send_msg(s, &m);
    if (s->rcc_pending && s->rcc_lcn == lcn) {
        s->rcc_pending = false;
        s->t108_rcc = NO_TIMER;
    }
    if ((s->rx.open || s->rx.pending) && s->rx.lcn == lcn) {
        bool was_open = s->rx.open;
        s->rx.open = s->rx.pending = false;
        if (was_open) channel_event(s, H245CTL_EV_CHANNEL_CLOSED, H323_DIR_RX);
    }
}

static void on_clc_ack(h245ctl *s, uint16_t lcn)
{
    if (s->tx.state == TX_IDLE && s->tx.lcn == lcn) return;    /* after T103: nothing waits */
    if (s->tx.state != TX_CLOSING || s->tx.lcn != lcn) {
        LOG(s, "CloseLogicalChannelAck for channel %u we are not closing: ignored", lcn);
        return;
    }
    s->tx.state = TX_IDLE;
    s->tx.timer = NO_TIMER;
    if (s->tx.was_open) channel_event(s, H245CTL_EV_CHANNEL_CLOSED, H323_DIR_TX);
}

static void on_rcc(h245ctl *s, uint16_t lcn, uint64_t now)
{
    h245_msg m;
    if ((s->tx.state == TX_OPEN || s->tx.state == TX_OPENING) && s->tx.lcn == lcn) {
        /* 8.6: we agree, then close it ourselves. */
        h245_msg_rcc_ack(&m, lcn);
        send_msg(s, &m);
        s->want_tx = false;
        close_tx(s, now);
    } else {
        h245_msg_rcc_reject(&m, lcn);
        send_msg(s, &m);
        LOG(s, "RequestChannelClose for channel %u we do not send: rejected", lcn);
    }
}

/* ---- the peer's TerminalCapabilitySet (8.2, C.4) ------------------------------------------ */

static bool in_table(const h245_tcs *t, uint16_t number)
{
    for (uint32_t i = 0; i < t->capability_table.count; i++)
        if (t->capability_table.items[i].number == number) return true;
    return false;
}

static void reject_tcs(h245ctl *s, uint8_t seq, uint32_t cause, const char *why)
{
    h245_msg m;
    h245_msg_tcs_reject(&m, seq, cause);
    send_msg(s, &m);
    LOG(s, "TerminalCapabilitySet %u rejected: %s", seq, why);
}

static void on_tcs(h245ctl *s, const h245_tcs *t, uint64_t now)
{
    h245_msg m;
    if (!t->has_capability_table || t->capability_table.count == 0) {
        /* H.323 8.4.6: an empty capability set pauses us; stop transmitting until a new
         * set arrives. */
        h245_msg_tcs_ack(&m, t->sequence_number);
        send_msg(s, &m);
        s->peer_tcs = true;
        s->peer_empty = true;
        s->peer_rx = 0;
        LOG(s, "empty TerminalCapabilitySet: transmission paused");
        close_tx(s, now);
        progress(s, now);
        return;
    }
    if (t->has_capability_descriptors)
        for (uint32_t d = 0; d < t->capability_descriptors.count; d++) {
            const h245_cap_descriptor *cd = &t->capability_descriptors.items[d];
            if (!cd->has_simultaneous) continue;
            for (uint32_t a = 0; a < cd->simultaneous.count; a++)
                for (uint32_t k = 0; k < cd->simultaneous.items[a].count; k++)
                    if (!in_table(t, cd->simultaneous.items[a].items[k])) {
                        reject_tcs(s, t->sequence_number, H245_TCS_REJ_UNDEFINED_TABLE_ENTRY_USED,
                                   "a descriptor names an entry not in the table");
                        return;
                    }
        }
    uint32_t rx = 0;
    uint16_t frames[CODEC_SLOTS] = { 0 };
    bool dtmf = false, basic = false;
    for (uint32_t i = 0; i < t->capability_table.count; i++) {
        const h245_cap_entry *e = &t->capability_table.items[i];
        if (!e->has_capability) continue;
        const h245_capability *c = &e->capability;
        if ((c->choice == H245_CAP_RX_AUDIO || c->choice == H245_CAP_RXTX_AUDIO) &&
            h323_fs_codec_usable(c->u.audio.choice) && c->u.audio.choice < CODEC_SLOTS) {
            rx |= 1u << c->u.audio.choice;
            if (c->u.audio.u.frames > frames[c->u.audio.choice]) frames[c->u.audio.choice] = c->u.audio.u.frames;
        } else if (c->choice == H245_CAP_RX_USER_INPUT || c->choice == H245_CAP_RXTX_USER_INPUT) {
            if (c->u.user_input.choice == H245_UIC_DTMF) dtmf = true;
            if (c->u.user_input.choice == H245_UIC_BASIC_STRING) basic = true;
        }
    }
    bool usable = false;
    for (size_t i = 0; i < s->ncodecs; i++)
        if (ours(s, s->codecs[i]) && (rx >> s->codecs[i] & 1)) usable = true;
    if (!usable) {
        reject_tcs(s, t->sequence_number, H245_TCS_REJ_UNSPECIFIED, "no audio codec we can send");
        FAIL(s, "no audio codec in common with the peer");
        return;
    }
    h245_msg_tcs_ack(&m, t->sequence_number);
    send_msg(s, &m);
    s->peer_rx = rx;
    memcpy(s->peer_frames, frames, sizeof frames);
    s->peer_dtmf = dtmf;
    s->peer_basic = basic;
    s->peer_tcs = true;
    s->peer_empty = false;
    progress(s, now);
}

/* A message that does not decode, seen only as octets. A TerminalCapabilitySet is still
 * answered (8.2: every TCS gets an Ack or a Reject): a request (0) of index 2 is the
 * octet 0x02, then the TCS's extension and presence bits, then sequenceNumber. */
static void on_undecodable(h245ctl *s, const uint8_t *p, size_t len, int err)
{
    if (len >= 3 && p[0] == 0x02) {
        /* Too big for our decoding memory: more entries than we can take. */
        uint32_t cause = err == PER_E_ARENA ? H245_TCS_REJ_TABLE_ENTRY_CAPACITY_EXCEEDED : H245_TCS_REJ_UNSPECIFIED;
        reject_tcs(s, p[2], cause, per_strerror(err));
        return;
    }
    LOG(s, "undecodable H.245 message (%zu octets): %s; ignored", len, per_strerror(err));
}

/* functionNotSupported (unknownFunction) returning the message: the answer to a message
 * this implementation does not know (H.245 annex A, FunctionNotSupported). */
static void not_supported(h245ctl *s, const uint8_t *p, size_t len)
{
    h245_msg m;
    /* returnedFunction must fit our PDU; without it the answer is still meaningful. */
    h245_msg_function_not_supported(&m, H245_FNS_UNKNOWN_FUNCTION, p, len < PDU_MAX - 16 ? len : 0);
    send_msg(s, &m);
    LOG(s, "H.245 message not supported (%zu octets): answered functionNotSupported", len);
}

/* A request we decode but do not act on: functionNotUnderstood returns it. */
static void not_understood(h245ctl *s, h245_request *r, const uint8_t *p, size_t len)
{
    h245_msg m;
    memset(&m, 0, sizeof m);
    m.choice = H245_INDICATION;
    m.u.indication.choice = H245_IND_FUNCTION_NOT_UNDERSTOOD;
    m.u.indication.u.function_not_understood.choice = 0;
    m.u.indication.u.function_not_understood.u.request = r;
    uint8_t buf[PDU_MAX];
    size_t n;
    if (h245_encode(&m, buf, sizeof buf, &n, NULL) == 0) {
        if (s->ops.send) s->ops.send(s->ctx, buf, n);
        LOG(s, "H.245 request %u not handled: answered functionNotUnderstood", r->choice);
    } else {
        not_supported(s, p, len);
    }
}

/* ---- UserInputIndication --------------------------------------------------------------------- */

static void dtmf_event(h245ctl *s, char digit, uint16_t duration)
{
    h245ctl_event ev = { .type = H245CTL_EV_USER_INPUT };
    ev.u.dtmf.digit = digit;
    ev.u.dtmf.duration_ms = duration;
    emit(s, &ev);
}

static void text_input(h245ctl *s, const per_string *t)
{
    for (uint32_t i = 0; i < t->len; i++) {
        char c = t->chars[i];
        if (c && strchr(H245_SIGNAL_TYPES, c)) dtmf_event(s, c, 0);
    }
}

static void on_user_input(h245ctl *s, const h245_uii *u)
{
    switch (u->choice) {
    case H245_UII_SIGNAL:
        if (u->u.signal.signal_type.len == 1)
            dtmf_event(s, u->u.signal.signal_type.chars[0], u->u.signal.has_duration ? u->u.signal.duration : 0);
        break;
    case H245_UII_ALPHANUMERIC:
        text_input(s, &u->u.alphanumeric);
        break;
    case H245_UII_EXTENDED_ALPHANUMERIC:
        text_input(s, &u->u.extended_alphanumeric.alphanumeric);
        break;
    default:                               /* signalUpdate, support indications, ... */
        break;
    }
}

/* ---- dispatch --------------------------------------------------------------------------------- */

static void on_request(h245ctl *s, h245_request *r, const uint8_t *p, size_t len, uint64_t now)
{
    h245_msg m;
    switch (r->choice) {
    case H245_REQ_MSD: on_msd(s, &r->u.msd, now); break;
    case H245_REQ_TCS: on_tcs(s, &r->u.tcs, now); break;
    case H245_REQ_OLC: on_olc(s, &r->u.olc); break;
    case H245_REQ_CLC: on_clc(s, r->u.clc.forward_logical_channel_number); break;
    case H245_REQ_RCC: on_rcc(s, r->u.rcc.forward_logical_channel_number, now); break;
    case H245_REQ_RTD:
        h245_msg_rtd_response(&m, r->u.rtd.sequence_number);       /* 8.9 */
        send_msg(s, &m);
        break;
    default:
        not_understood(s, r, p, len);
    }
}

static void on_response(h245ctl *s, const h245_response *r, uint64_t now)
{
    switch (r->choice) {
    case H245_RSP_MSD_ACK: on_msd_ack(s, r->u.msd_ack.decision, now); break;
    case H245_RSP_MSD_REJECT: on_msd_reject(s, now); break;
    case H245_RSP_TCS_ACK:
        if (s->tcs_state == TCS_SENT && r->u.tcs_ack.sequence_number == s->tcs_seq) {
            s->tcs_state = TCS_ACKED;
            s->t101 = NO_TIMER;
            progress(s, now);
        } else {
            LOG(s, "TerminalCapabilitySetAck %u unexpected: ignored", r->u.tcs_ack.sequence_number);
        }
        break;
    case H245_RSP_TCS_REJECT:
        if (s->tcs_state == TCS_SENT && r->u.tcs_reject.sequence_number == s->tcs_seq) {
            s->tcs_state = TCS_FAILED;
            s->t101 = NO_TIMER;
            FAIL(s, "the peer rejected our capabilities (cause %u)", r->u.tcs_reject.cause.choice);
        } else {
            LOG(s, "TerminalCapabilitySetReject %u unexpected: ignored", r->u.tcs_reject.sequence_number);
        }
        break;
    case H245_RSP_OLC_ACK: on_olc_ack(s, &r->u.olc_ack, now); break;
    case H245_RSP_OLC_REJECT: on_olc_reject(s, &r->u.olc_reject, now); break;
    case H245_RSP_CLC_ACK: on_clc_ack(s, r->u.clc_ack.forward_logical_channel_number); break;
    case H245_RSP_RCC_ACK: break;                                  /* the CLC follows */
    case H245_RSP_RCC_REJECT:
        if (s->rcc_pending && s->rcc_lcn == r->u.rcc_reject.forward_logical_channel_number) {
            s->rcc_pending = false;
            s->t108_rcc = NO_TIMER;
            LOG(s, "the peer refused to close channel %u", s->rcc_lcn);
        }
        break;
    case H245_RSP_RTD:
        if (s->rtd_pending && r->u.rtd.sequence_number == s->rtd_seq) {
            s->rtd_pending = false;
            s->t105 = NO_TIMER;
            h245ctl_event ev = { .type = H245CTL_EV_RTD };
            uint64_t d = now >= s->rtd_sent ? now - s->rtd_sent : 0;
            ev.u.rtd_ms = d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
            emit(s, &ev);
        }
        break;
    default:
        LOG(s, "H.245 response %s ignored", r->choice == H245_RSP_NONSTD ? "nonStandard" : "not handled");
    }
}

static void on_command(h245ctl *s, const h245_command *c, uint64_t now)
{
    switch (c->choice) {
    case H245_CMD_END_SESSION: {
        /* H.323 8.5: the peer ends the session; the call closes and answers. */
        s->peer_ended = true;
        s->t101 = s->t106 = s->t105 = s->t108_rcc = NO_TIMER;
        if (s->tx.state == TX_OPENING) {
            s->tx.state = TX_IDLE;
            s->tx.timer = NO_TIMER;
        }
        h245ctl_event ev = { .type = H245CTL_EV_END_SESSION };
        emit(s, &ev);
        break;
    }
    case H245_CMD_SEND_TCS:                /* 8.2: send our capabilities again */
        if (!s->ended && s->started) send_tcs(s, now);
        break;
    default:                               /* flow control, miscellaneous: not for audio */
        break;
    }
}

static void on_indication(h245ctl *s, const h245_indication *i)
{
    switch (i->choice) {
    case H245_IND_USER_INPUT: on_user_input(s, &i->u.user_input); break;
    case H245_IND_MSD_RELEASE:             /* C.2: the peer's T106 expired */
        if (s->msd_state == MSD_OUT || s->msd_state == MSD_IN) msd_failed(s, "the peer released it (T106)");
        break;
    case H245_IND_TCS_RELEASE: LOG(s, "TerminalCapabilitySetRelease: the peer's T101 expired"); break;
    case H245_IND_RCC_RELEASE: LOG(s, "RequestChannelCloseRelease received"); break;
    case H245_IND_FUNCTION_NOT_SUPPORTED: LOG(s, "the peer does not support one of our messages"); break;
    case H245_IND_FUNCTION_NOT_UNDERSTOOD: LOG(s, "the peer did not understand one of our messages"); break;
    default:                               /* vendor, jitter, miscellaneous, ... */
        break;
    }
}

int h245ctl_input(h245ctl *s, const uint8_t *pdu, size_t len, uint64_t now)
{
    if (!s || (!pdu && len)) return PER_E_INVALID;
    size_t off = 0;
    while (off < len) {
        per_arena a;
        per_arena_init(&a, s->scratch, s->scratch_size);
        h245_msg m;
        size_t used = 0;
        int rc = h245_decode(pdu + off, len - off, &m, &a, &used, NULL);
        if (rc == PER_E_UNSUPPORTED) {
            /* Its end is unknown: what follows is returned with it. */
            not_supported(s, pdu + off, len - off);
            return rc;
        }
        if (rc) {
            on_undecodable(s, pdu + off, len - off, rc);
            return rc;
        }
        if (used == 0 || used > len - off) used = len - off;
        switch (m.choice) {
        case H245_REQUEST: on_request(s, &m.u.request, pdu + off, used, now); break;
        case H245_RESPONSE: on_response(s, &m.u.response, now); break;
        case H245_COMMAND: on_command(s, &m.u.command, now); break;
        case H245_INDICATION: on_indication(s, &m.u.indication); break;
        default: not_supported(s, pdu + off, used); break;       /* an extension class */
        }
        off += used;
    }
    return 0;
}

/* ---- the API ------------------------------------------------------------------------------- */

void h245ctl_set_media(h245ctl *s, const h323_addr *rtp)
{
    if (!s || !rtp) return;
    s->media = *rtp;
    if (s->rx.pending) ack_rx(s);
}

int h245ctl_start(h245ctl *s, bool fast_started, uint64_t now)
{
    if (!s) return H323_E_INVAL;
    if (s->started || s->ended) return H323_E_STATE;
    s->started = true;
    /* Fast start gave us media: CESE and MSD only (for DTMF capabilities). */
    if (fast_started) s->want_tx = false;
    int rc = send_tcs(s, now);
    if (s->msd_state == MSD_IDLE) {
        s->msd_tries = 1;
        int r2 = send_msd(s, now);
        if (!rc) rc = r2;
    }
    return rc;
}

void h245ctl_tick(h245ctl *s, uint64_t now)
{
    if (!s) return;
    h245_msg m;
    if (now >= s->t101) {                  /* C.4: T101, TerminalCapabilitySetRelease */
        s->t101 = NO_TIMER;
        s->tcs_state = TCS_FAILED;
        h245_msg_tcs_release(&m);
        send_msg(s, &m);
        FAIL(s, "T101 expired: no answer to our TerminalCapabilitySet");
    }
    if (now >= s->t106) {                  /* C.2: T106, MasterSlaveDeterminationRelease */
        h245_msg_msd_release(&m);
        send_msg(s, &m);
        msd_failed(s, "T106 expired");
    }
    if (now >= s->tx.timer) {
        s->tx.timer = NO_TIMER;
        if (s->tx.state == TX_OPENING) {   /* C.5: T103, close what we asked for */
            h245_msg_clc(&m, s->tx.lcn, H245_CLC_SOURCE_LCSE, H245_CLC_REASON_UNKNOWN);
            s->tx.state = TX_IDLE;
            s->want_tx = false;
            send_msg(s, &m);
            FAIL(s, "T103 expired: no answer to our OpenLogicalChannel");
        } else if (s->tx.state == TX_CLOSING) {   /* C.5: T108, the channel is gone anyway */
            s->tx.state = TX_IDLE;
            LOG(s, "T108 expired: no CloseLogicalChannelAck");
            if (s->tx.was_open) channel_event(s, H245CTL_EV_CHANNEL_CLOSED, H323_DIR_TX);
        }
    }
    if (now >= s->t108_rcc) {              /* C.7: T108, RequestChannelCloseRelease */
        s->t108_rcc = NO_TIMER;
        s->rcc_pending = false;
        h245_msg_rcc_release(&m, s->rcc_lcn);
        send_msg(s, &m);
        LOG(s, "T108 expired: no answer to RequestChannelClose %u", s->rcc_lcn);
    }
    if (now >= s->t105) {                  /* C.10: T105 */
        s->t105 = NO_TIMER;
        s->rtd_pending = false;
        FAIL(s, "T105 expired: no RoundTripDelayResponse");
    }
}

uint64_t h245ctl_next_deadline(const h245ctl *s)
{
    if (!s) return NO_TIMER;
    uint64_t t = s->t101;
    const uint64_t o[] = { s->t106, s->tx.timer, s->t108_rcc, s->t105 };
    for (size_t i = 0; i < sizeof o / sizeof o[0]; i++)
        if (o[i] < t) t = o[i];
    return t;
}

int h245ctl_send_dtmf(h245ctl *s, char digit, uint16_t duration_ms, uint64_t now)
{
    (void)now;
    if (!s || !digit || !strchr(H245_SIGNAL_TYPES, digit)) return H323_E_INVAL;
    if (s->ended || s->peer_ended) return H323_E_STATE;
    h245_msg m;
    /* signal is what a dtmf UserInputCapability announces; a peer with only basicString
     * gets alphanumeric (H.245 annex A, UserInputCapability). */
    if (s->peer_tcs && !s->peer_dtmf && s->peer_basic) {
        char c[1] = { digit };
        h245_msg_uii_alphanumeric(&m, c, 1);
        return send_msg(s, &m);
    }
    if (h245_msg_uii_signal(&m, digit, duration_ms)) return H323_E_INVAL;
    return send_msg(s, &m);
}

int h245ctl_round_trip(h245ctl *s, uint64_t now)
{
    if (!s) return H323_E_INVAL;
    if (s->ended || s->peer_ended) return H323_E_STATE;
    h245_msg m;
    s->rtd_seq++;
    s->rtd_pending = true;
    s->rtd_sent = now;
    s->t105 = now + s->timeout;
    h245_msg_rtd_request(&m, s->rtd_seq);
    return send_msg(s, &m);
}

/* Asks the peer to close the channel it sends us (8.6, RequestChannelClose, T108). */
int h245ctl_request_close(h245ctl *s, uint64_t now)
{
    if (!s) return H323_E_INVAL;
    if (!s->rx.open || s->rcc_pending || s->ended || s->peer_ended) return H323_E_STATE;
    h245_msg m;
    s->rcc_pending = true;
    s->rcc_lcn = s->rx.lcn;
    s->t108_rcc = now + s->timeout;
    h245_msg_rcc(&m, s->rx.lcn, H245_RCC_REASON_NORMAL);
    return send_msg(s, &m);
}

int h245ctl_end(h245ctl *s, uint64_t now)
{
    if (!s) return H323_E_INVAL;
    if (s->ended) return H323_E_STATE;
    /* H.323 8.5 (phase E): close our channels, then endSessionCommand. */
    s->want_tx = false;
    close_tx(s, now);
    s->ended = true;
    s->t101 = s->t106 = s->t105 = s->t108_rcc = s->tx.timer = NO_TIMER;
    h245_msg m;
    h245_msg_end_session(&m);
    return send_msg(s, &m);
}

bool h245ctl_ready(const h245ctl *s)
{
    return s && s->ready;
}

size_t h245ctl_size(const h245ctl *s)
{
    /* The session is one block (h245ctl_new); nothing else stays allocated between calls. */
    return s ? sizeof *s + s->ncodecs * sizeof s->codecs[0] : 0;
}

bool h245ctl_is_master(const h245ctl *s)
{
    return s && s->msd_state == MSD_DONE && s->master;
}

bool h245ctl_channel(const h245ctl *s, uint8_t direction, h323_media_channel *out)
{
    if (!s) return false;
    if (direction == H323_DIR_TX && s->tx.state != TX_OPEN) return false;
    if (direction == H323_DIR_RX && !s->rx.open) return false;
    if (direction != H323_DIR_TX && direction != H323_DIR_RX) return false;
    if (out) fill_channel(s, direction, out);
    return true;
}
