/*
 * tsp-h323/engine/faststart.c - fast connect (H.323 8.1.7): the caller's offer, the
 * callee's answer and the caller's reading of it. See faststart.h.
 *
 * Proposals are audio in RTP session 1 (H.225.0 / H.323 8.1.7.1: sessionID 1 is audio).
 * Only AudioCapability alternatives of the INTEGER(1..256) kind (G.711, G.722, G.728,
 * G.729 and its annexes) are offered or accepted: their value is the number of frames per
 * packet, which is all a codec choice needs here.
 */
#include "engine/faststart.h"

#include <string.h>

#define AUDIO_SESSION 1

bool h323_fs_addr_to_h245(const h323_addr *a, h245_transport_addr *t)
{
    memset(t, 0, sizeof *t);
    t->choice = H245_TA_UNICAST;
    if (a->family == 4) {
        *t = h245_addr_ip4(a->ip, a->port);
        return true;
    }
    if (a->family == 6) {
        t->u.unicast.choice = H245_UA_IP6;
        memcpy(t->u.unicast.u.ip6.network, a->ip, 16);
        t->u.unicast.u.ip6.tsap_identifier = a->port;
        return true;
    }
    return false;
}

bool h323_fs_addr_from_h245(const h245_transport_addr *t, h323_addr *a)
{
    memset(a, 0, sizeof *a);
    if (t->choice != H245_TA_UNICAST) return false;
    const h245_unicast_addr *u = &t->u.unicast;
    if (u->choice == H245_UA_IP) {
        a->family = 4;
        memcpy(a->ip, u->u.ip.network, 4);
        a->port = u->u.ip.tsap_identifier;
        return true;
    }
    if (u->choice == H245_UA_IP6) {
        a->family = 6;
        memcpy(a->ip, u->u.ip6.network, 16);
        a->port = u->u.ip6.tsap_identifier;
        return true;
    }
    return false;
}

/* The INTEGER(1..256) alternatives of AudioCapability (H.245 AudioCapability). */
bool h323_fs_codec_usable(uint32_t codec)
{
    switch (codec) {
    case H245_AUDIO_G711_ALAW64K: case H245_AUDIO_G711_ALAW56K: case H245_AUDIO_G711_ULAW64K:
    case H245_AUDIO_G711_ULAW56K: case H245_AUDIO_G722_64K: case H245_AUDIO_G722_56K:
    case H245_AUDIO_G722_48K: case H245_AUDIO_G728: case H245_AUDIO_G729:
    case H245_AUDIO_G729_ANNEX_A: case H245_AUDIO_G729_ANNEX_B: case H245_AUDIO_G729_ANNEX_AB:
        return true;
    default:
        return false;
    }
}

static bool ours(const h323_fs_media *m, uint32_t codec)
{
    for (size_t i = 0; i < m->ncodecs; i++)
        if (m->codecs[i] == codec) return h323_fs_codec_usable(codec);
    return false;
}

static uint16_t min_frames(uint16_t a, uint16_t b)
{
    if (a == 0) return b;
    if (b == 0) return a;
    return a < b ? a : b;
}

/* Our RTP and RTCP (RFC 3550 11: RTCP on the next higher port) as H.245 addresses. */
static bool our_addrs(const h323_addr *rtp, h245_transport_addr *t_rtp, h245_transport_addr *t_rtcp)
{
    if (rtp->port == 0 || rtp->port == UINT16_MAX) return false;
    h323_addr rtcp = *rtp;
    rtcp.port++;
    return h323_fs_addr_to_h245(rtp, t_rtp) && h323_fs_addr_to_h245(&rtcp, t_rtcp);
}

int h323_fs_offer(const h323_fs_media *m, uint8_t *buf, size_t cap, per_octets *olcs, size_t max,
                  size_t *n)
{
    h245_transport_addr rtp, rtcp;
    size_t used = 0, k = 0;
    *n = 0;
    if (!m || m->ncodecs == 0 || !our_addrs(&m->rtp, &rtp, &rtcp)) return PER_E_INVALID;
    for (size_t i = 0; i < m->ncodecs; i++) {
        if (!h323_fs_codec_usable(m->codecs[i])) continue;
        if (k + 2 > max || k + 2 > H323_FS_MAX_OLCS) return PER_E_LENGTH;
        h245_audio_cap codec = h245_audio(m->codecs[i], m->frames_per_packet ? m->frames_per_packet : 20);
        /* H.323 8.1.7.1: per codec, in preference order, a channel we transmit (forward
         * audio, our RTCP) and a channel we receive (reverse audio, our RTP and RTCP),
         * each with its own forwardLogicalChannelNumber. */
        for (int dir = 0; dir < 2; dir++) {
            h245_olc o;
            uint16_t lcn = (uint16_t)(k + 1);
            if (dir == 0)
                h245_olc_audio_tx(&o, lcn, &codec, AUDIO_SESSION, &rtcp, false);
            else
                h245_olc_audio_rx(&o, lcn, &codec, AUDIO_SESSION, &rtp, &rtcp);
            size_t len;
            int rc = h245_olc_encode(&o, buf + used, cap - used, &len, NULL);
            if (rc) return rc;
            olcs[k++] = (per_octets){ (uint32_t)len, buf + used };
            used += len;
        }
    }
    if (k == 0) return PER_E_INVALID;
    *n = k;
    return 0;
}

/* What a proposal is, seen from the side that reads it: H323_DIR_TX when its sender
 * transmits on it (forward audio, no reverse), H323_DIR_RX when its sender receives on
 * it (forward nullData, reverse audio); -1 for anything else (video, data, another
 * session, another multiplex). *codec gets its audio capability. */
static int proposal_kind(const h245_olc *o, const h245_audio_cap **codec, const h245_h2250_lcp **p)
{
    if (o->forward.data_type.choice == H245_DT_AUDIO && !o->has_reverse &&
        o->forward.multiplex_parameters.choice == H245_FWD_MUX_H2250) {
        *codec = &o->forward.data_type.u.audio;
        *p = &o->forward.multiplex_parameters.u.h2250;
        if ((*p)->session_id != AUDIO_SESSION) return -1;
        return H323_DIR_TX;
    }
    if (o->forward.data_type.choice == H245_DT_NULL && o->has_reverse &&
        o->reverse.data_type.choice == H245_DT_AUDIO && o->reverse.has_multiplex_parameters &&
        o->reverse.multiplex_parameters.choice == H245_REV_MUX_H2250) {
        *codec = &o->reverse.data_type.u.audio;
        *p = &o->reverse.multiplex_parameters.u.h2250;
        if ((*p)->session_id != AUDIO_SESSION) return -1;
        return H323_DIR_RX;
    }
    return -1;
}

/* Decodes up to H323_FS_MAX_OLCS encodings into the scratch arena. */
static int decode_all(const per_octets *in, size_t n, void *scratch, size_t scratch_size,
                      h245_olc **out, size_t *count)
{
    per_arena a;
    if (!scratch) return PER_E_INVALID;
    per_arena_init(&a, scratch, scratch_size);
    *count = n < H323_FS_MAX_OLCS ? n : H323_FS_MAX_OLCS;
    *out = NULL;
    if (*count == 0) return 0;
    h245_olc *o = per_arena_alloc(&a, *count * sizeof *o);
    if (!o) return PER_E_ARENA;
    for (size_t i = 0; i < *count; i++) {
        if (!in[i].data && in[i].len) return PER_E_INVALID;
        int rc = h245_olc_decode(in[i].data, in[i].len, &o[i], &a, NULL, NULL);
        if (rc) return rc;
    }
    *out = o;
    return 0;
}

int h323_fs_answer(const per_octets *offer, size_t n, const h323_fs_media *m, void *scratch,
                   size_t scratch_size, uint8_t *buf, size_t cap, per_octets *answer, size_t max,
                   size_t *nans, h323_media_channel ch[2], size_t *nch)
{
    h245_transport_addr rtp, rtcp;
    *nans = 0;
    *nch = 0;
    if (!m || !our_addrs(&m->rtp, &rtp, &rtcp)) return PER_E_INVALID;
    h245_olc *o;
    size_t count;
    int rc = decode_all(offer, n, scratch, scratch_size, &o, &count);
    if (rc) return rc;

    /* H.323 8.1.7.1: the callee accepts at most one proposal per direction. We take, for
     * each direction, the first codec of our preference list that is offered for it;
     * the caller's transmit proposal is a channel we receive and vice versa. */
    long pick[2] = { -1, -1 };
    for (int dir = 0; dir < 2; dir++) {
        int their = dir == H323_DIR_RX ? H323_DIR_TX : H323_DIR_RX;
        for (size_t c = 0; c < m->ncodecs && pick[dir] < 0; c++) {
            if (!h323_fs_codec_usable(m->codecs[c])) continue;
            for (size_t i = 0; i < count; i++) {
                const h245_audio_cap *codec;
                const h245_h2250_lcp *p;
                h323_addr peer_rtp;
                if (proposal_kind(&o[i], &codec, &p) != their || codec->choice != m->codecs[c]) continue;
                /* A channel we transmit needs the caller's RTP address. */
                if (dir == H323_DIR_TX && (!p->has_media_channel || !h323_fs_addr_from_h245(&p->media_channel, &peer_rtp)))
                    continue;
                pick[dir] = (long)i;
                break;
            }
        }
    }
    if (pick[0] < 0 && pick[1] < 0) return 1;

    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        int dir = (long)i == pick[H323_DIR_RX] ? H323_DIR_RX : (long)i == pick[H323_DIR_TX] ? H323_DIR_TX : -1;
        if (dir < 0) continue;
        if (*nans >= max) return PER_E_LENGTH;
        h245_olc a = o[i];
        h323_media_channel *c = &ch[(*nch)++];
        memset(c, 0, sizeof *c);
        c->direction = (uint8_t)dir;
        c->session_id = AUDIO_SESSION;
        if (dir == H323_DIR_RX) {
            /* 8.1.7.1: where we receive the media (mediaChannel) and the RTCP reports
             * about it (mediaControlChannel). */
            h245_h2250_lcp *p = &a.forward.multiplex_parameters.u.h2250;
            p->has_media_channel = true;
            p->media_channel = rtp;
            p->has_media_control_channel = true;
            p->media_control_channel = rtcp;
            c->lcn = a.forward_logical_channel_number;
            c->codec = a.forward.data_type.u.audio.choice;
            c->frames = a.forward.data_type.u.audio.u.frames;
            c->rtp = m->rtp;
            h323_fs_addr_from_h245(&rtcp, &c->rtcp);
        } else {
            /* 8.1.7.1: our RTCP for the channel we transmit; the caller's RTP stays. */
            h245_h2250_lcp *p = &a.reverse.multiplex_parameters.u.h2250;
            h323_fs_addr_from_h245(&p->media_channel, &c->rtp);
            if (!p->has_media_control_channel || !h323_fs_addr_from_h245(&p->media_control_channel, &c->rtcp)) {
                c->rtcp = c->rtp;                  /* RFC 3550 11: RTP port + 1 */
                c->rtcp.port = (uint16_t)(c->rtp.port + 1);
            }
            p->has_media_control_channel = true;
            p->media_control_channel = rtcp;
            c->lcn = 0;
            c->codec = a.reverse.data_type.u.audio.choice;
            c->frames = min_frames(m->frames_per_packet, a.reverse.data_type.u.audio.u.frames);
        }
        size_t len;
        if ((rc = h245_olc_encode(&a, buf + used, cap - used, &len, NULL))) return rc;
        answer[(*nans)++] = (per_octets){ (uint32_t)len, buf + used };
        used += len;
    }
    return 0;
}

int h323_fs_accepted(const per_octets *answer, size_t n, const h323_fs_media *m, void *scratch,
                     size_t scratch_size, h323_media_channel ch[2], size_t *nch)
{
    *nch = 0;
    if (!m) return PER_E_INVALID;
    h245_olc *o;
    size_t count;
    int rc = decode_all(answer, n, scratch, scratch_size, &o, &count);
    if (rc) return rc;
    bool have[2] = { false, false };
    for (size_t i = 0; i < count; i++) {
        const h245_audio_cap *codec;
        const h245_h2250_lcp *p;
        int kind = proposal_kind(&o[i], &codec, &p);
        /* The callee returns our proposals: its kind is the direction we use it in. */
        if (kind < 0 || have[kind] || !ours(m, codec->choice)) continue;
        h323_media_channel c;
        memset(&c, 0, sizeof c);
        c.direction = (uint8_t)kind;
        c.session_id = AUDIO_SESSION;
        c.codec = codec->choice;
        if (kind == H323_DIR_TX) {
            /* 8.1.7.1: the callee's mediaChannel in the proposal we transmit on. */
            if (!p->has_media_channel || !h323_fs_addr_from_h245(&p->media_channel, &c.rtp)) continue;
            if (!p->has_media_control_channel || !h323_fs_addr_from_h245(&p->media_control_channel, &c.rtcp)) {
                c.rtcp = c.rtp;
                c.rtcp.port = (uint16_t)(c.rtp.port + 1);
            }
            c.lcn = o[i].forward_logical_channel_number;
            c.frames = min_frames(m->frames_per_packet, codec->u.frames);
        } else {
            c.rtp = m->rtp;
            c.rtcp = m->rtp;
            c.rtcp.port = (uint16_t)(m->rtp.port + 1);
            c.lcn = 0;
            c.frames = codec->u.frames;
        }
        ch[(*nch)++] = c;
        have[kind] = true;
    }
    return *nch ? 0 : 1;
}
