/*
 * tsp-h323/h245/h245.c - encode/decode entry points and message builders of h245.h.
 */
#include "h245.h"

#include <string.h>

/* ---- encode / decode -------------------------------------------------------------------- */

int h245_encode(const h245_msg *m, uint8_t *out, size_t cap, size_t *len, per_errinfo *ei)
{
    return per_encode(&h245_t_message, m, out, cap, len, ei);
}

/* One complete encoding of t from the start of in; *used = its octets (X.691 10.1: the
 * encoding is padded to an octet, and an empty one is a single octet). */
static int decode_one(const per_type *t, const uint8_t *in, size_t len, void *value, per_arena *a,
                      size_t *used, per_errinfo *ei)
{
    per_dec d;
    int rc = per_dec_init(&d, in, len);
    if (rc) return rc;
    if ((rc = per_decode_from(&d, t, value, a, ei))) return rc;
    if (used) *used = d.bit ? (d.bit + 7) / 8 : 1;
    return PER_OK;
}

int h245_decode(const uint8_t *in, size_t len, h245_msg *m, per_arena *a, size_t *used, per_errinfo *ei)
{
    return decode_one(&h245_t_message, in, len, m, a, used, ei);
}

int h245_olc_encode(const h245_olc *o, uint8_t *out, size_t cap, size_t *len, per_errinfo *ei)
{
    return per_encode(&h245_t_olc, o, out, cap, len, ei);
}

int h245_olc_decode(const uint8_t *in, size_t len, h245_olc *o, per_arena *a, size_t *used, per_errinfo *ei)
{
    return decode_one(&h245_t_olc, in, len, o, a, used, ei);
}

const char *h245_msg_name(const h245_msg *m)
{
    if (m->choice >= h245_t_message.ncomps) return "?";
    const per_type *cls = h245_t_message.comps[m->choice].type;
    /* Each class is a CHOICE whose index is the first field of its struct, the union. */
    const void *body = &m->u;
    uint32_t idx;
    memcpy(&idx, (const uint8_t *)body + cls->tag_off, sizeof idx);
    return idx < cls->ncomps ? cls->comps[idx].name : "?";
}

/* ---- small values ------------------------------------------------------------------------- */

h245_transport_addr h245_addr_ip4(const uint8_t ip[4], uint16_t port)
{
    h245_transport_addr t;
    memset(&t, 0, sizeof t);
    t.choice = H245_TA_UNICAST;
    t.u.unicast.choice = H245_UA_IP;
    memcpy(t.u.unicast.u.ip.network, ip, 4);
    t.u.unicast.u.ip.tsap_identifier = port;
    return t;
}

h245_audio_cap h245_audio(uint32_t codec, uint16_t frames)
{
    h245_audio_cap a;
    memset(&a, 0, sizeof a);
    a.choice = codec;
    a.u.frames = frames;
    return a;
}

h245_capability h245_cap_audio(uint32_t direction, const h245_audio_cap *codec)
{
    h245_capability c;
    memset(&c, 0, sizeof c);
    c.choice = direction;
    c.u.audio = *codec;
    return c;
}

h245_capability h245_cap_user_input(uint32_t direction, uint32_t kind)
{
    h245_capability c;
    memset(&c, 0, sizeof c);
    c.choice = direction;
    c.u.user_input.choice = kind;
    return c;
}

/* ---- messages --------------------------------------------------------------------------- */

static h245_request *request(h245_msg *m, uint32_t which)
{
    memset(m, 0, sizeof *m);
    m->choice = H245_REQUEST;
    m->u.request.choice = which;
    return &m->u.request;
}

static h245_response *response(h245_msg *m, uint32_t which)
{
    memset(m, 0, sizeof *m);
    m->choice = H245_RESPONSE;
    m->u.response.choice = which;
    return &m->u.response;
}

static h245_command *command(h245_msg *m, uint32_t which)
{
    memset(m, 0, sizeof *m);
    m->choice = H245_COMMAND;
    m->u.command.choice = which;
    return &m->u.command;
}

static h245_indication *indication(h245_msg *m, uint32_t which)
{
    memset(m, 0, sizeof *m);
    m->choice = H245_INDICATION;
    m->u.indication.choice = which;
    return &m->u.indication;
}

void h245_msg_msd(h245_msg *m, uint8_t terminal_type, uint32_t status_determination_number)
{
    h245_msd *msd = &request(m, H245_REQ_MSD)->u.msd;
    msd->terminal_type = terminal_type;
    msd->status_determination_number = status_determination_number;
}

void h245_msg_msd_ack(h245_msg *m, uint32_t decision)
{
    response(m, H245_RSP_MSD_ACK)->u.msd_ack.decision = decision;
}

void h245_msg_msd_reject(h245_msg *m)
{
    response(m, H245_RSP_MSD_REJECT);           /* cause identicalNumbers = 0 */
}

void h245_msg_msd_release(h245_msg *m)
{
    indication(m, H245_IND_MSD_RELEASE);
}

/* The audio alternatives of Capability: they go into one AlternativeCapabilitySet. */
static bool is_audio(const h245_capability *c)
{
    return c->choice == H245_CAP_RX_AUDIO || c->choice == H245_CAP_TX_AUDIO || c->choice == H245_CAP_RXTX_AUDIO;
}

int h245_msg_tcs(h245_msg *m, h245_tcs_store *st, uint8_t sequence_number, uint16_t max_jitter_ms,
                 const h245_capability *caps, size_t ncaps)
{
    if (ncaps == 0 || ncaps > H245_TCS_MAX_CAPS) return -1;
    h245_tcs *tcs = &request(m, H245_REQ_TCS)->u.tcs;
    memset(st, 0, sizeof *st);
    tcs->sequence_number = sequence_number;
    /* {itu-t(0) recommendation(0) h(8) 245 version(0) 13} */
    tcs->protocol_identifier = (per_oid){ 6, { 0, 0, 8, 245, 0, H245_PROTOCOL_VERSION } };

    /* H.323 requires h2250Capability as the multiplex capability; everything but the
     * jitter says "no multipoint, no MC, no video packetization". */
    tcs->has_multiplex_capability = true;
    tcs->multiplex_capability.choice = H245_MUXCAP_H2250;
    tcs->multiplex_capability.u.h2250.maximum_audio_delay_jitter = max_jitter_ms;

    for (size_t i = 0; i < ncaps; i++) {
        st->entries[i].number = (uint16_t)(i + 1);
        st->entries[i].has_capability = true;
        st->entries[i].capability = caps[i];
    }
    tcs->has_capability_table = true;
    tcs->capability_table.count = (uint32_t)ncaps;
    tcs->capability_table.items = st->entries;

    /* Descriptor 0: the audio capabilities are alternatives to each other (one set, in
     * order of preference), every other capability is available at the same time. */
    size_t nnum = 0, nsets = 0, naudio = 0;
    for (size_t i = 0; i < ncaps; i++)
        if (is_audio(&caps[i])) st->numbers[nnum++] = (uint16_t)(i + 1);
    naudio = nnum;
    if (naudio) {
        st->sets[nsets].count = (uint32_t)naudio;
        st->sets[nsets++].items = st->numbers;
    }
    for (size_t i = 0; i < ncaps; i++) {
        if (is_audio(&caps[i])) continue;
        st->numbers[nnum] = (uint16_t)(i + 1);
        st->sets[nsets].count = 1;
        st->sets[nsets++].items = &st->numbers[nnum++];
    }
    st->descriptor.number = 0;
    st->descriptor.has_simultaneous = true;
    st->descriptor.simultaneous.count = (uint32_t)nsets;
    st->descriptor.simultaneous.items = st->sets;
    tcs->has_capability_descriptors = true;
    tcs->capability_descriptors.count = 1;
    tcs->capability_descriptors.items = &st->descriptor;
    return 0;
}

void h245_msg_tcs_ack(h245_msg *m, uint8_t sequence_number)
{
    response(m, H245_RSP_TCS_ACK)->u.tcs_ack.sequence_number = sequence_number;
}

void h245_msg_tcs_reject(h245_msg *m, uint8_t sequence_number, uint32_t cause)
{
    h245_tcs_reject *r = &response(m, H245_RSP_TCS_REJECT)->u.tcs_reject;
    r->sequence_number = sequence_number;
    r->cause.choice = cause;
    if (cause == H245_TCS_REJ_TABLE_ENTRY_CAPACITY_EXCEEDED)
        r->cause.u.table_entry_capacity_exceeded.choice = 1;   /* noneProcessed */
}

void h245_msg_tcs_release(h245_msg *m)
{
    indication(m, H245_IND_TCS_RELEASE);
}

void h245_olc_audio_tx(h245_olc *o, uint16_t lcn, const h245_audio_cap *codec, uint8_t session_id,
                       const h245_transport_addr *rtcp, bool silence_suppression)
{
    memset(o, 0, sizeof *o);
    o->forward_logical_channel_number = lcn;
    o->forward.data_type.choice = H245_DT_AUDIO;
    o->forward.data_type.u.audio = *codec;
    o->forward.multiplex_parameters.choice = H245_FWD_MUX_H2250;
    h245_h2250_lcp *p = &o->forward.multiplex_parameters.u.h2250;
    p->session_id = session_id;
    if (rtcp) {
        p->has_media_control_channel = true;
        p->media_control_channel = *rtcp;
    }
    p->has_silence_suppression = true;
    p->silence_suppression = silence_suppression;
}

void h245_olc_audio_rx(h245_olc *o, uint16_t lcn, const h245_audio_cap *codec, uint8_t session_id,
                       const h245_transport_addr *rtp, const h245_transport_addr *rtcp)
{
    memset(o, 0, sizeof *o);
    o->forward_logical_channel_number = lcn;
    o->forward.data_type.choice = H245_DT_NULL;
    o->forward.multiplex_parameters.choice = H245_FWD_MUX_NONE;
    o->has_reverse = true;
    o->reverse.data_type.choice = H245_DT_AUDIO;
    o->reverse.data_type.u.audio = *codec;
    o->reverse.has_multiplex_parameters = true;
    o->reverse.multiplex_parameters.choice = H245_REV_MUX_H2250;
    h245_h2250_lcp *p = &o->reverse.multiplex_parameters.u.h2250;
    p->session_id = session_id;
    if (rtp) {
        p->has_media_channel = true;
        p->media_channel = *rtp;
    }
    if (rtcp) {
        p->has_media_control_channel = true;
        p->media_control_channel = *rtcp;
    }
}

void h245_msg_olc(h245_msg *m, const h245_olc *o)
{
    request(m, H245_REQ_OLC)->u.olc = *o;
}

void h245_msg_olc_ack(h245_msg *m, uint16_t lcn, uint8_t session_id, const h245_transport_addr *rtp,
                      const h245_transport_addr *rtcp)
{
    h245_olc_ack *a = &response(m, H245_RSP_OLC_ACK)->u.olc_ack;
    a->forward_logical_channel_number = lcn;
    a->has_forward_multiplex_ack_parameters = true;
    a->forward_multiplex_ack_parameters.choice = 0;        /* h2250LogicalChannelAckParameters */
    h245_h2250_lcap *p = &a->forward_multiplex_ack_parameters.u.h2250;
    p->has_session_id = true;
    p->session_id = session_id;
    if (rtp) {
        p->has_media_channel = true;
        p->media_channel = *rtp;
    }
    if (rtcp) {
        p->has_media_control_channel = true;
        p->media_control_channel = *rtcp;
    }
}

void h245_msg_olc_reject(h245_msg *m, uint16_t lcn, uint32_t cause)
{
    h245_olc_reject *r = &response(m, H245_RSP_OLC_REJECT)->u.olc_reject;
    r->forward_logical_channel_number = lcn;
    r->cause = cause;
}

void h245_msg_olc_confirm(h245_msg *m, uint16_t lcn)
{
    indication(m, H245_IND_OLC_CONFIRM)->u.olc_confirm.forward_logical_channel_number = lcn;
}

void h245_msg_clc(h245_msg *m, uint16_t lcn, uint32_t source, uint32_t reason)
{
    h245_clc *c = &request(m, H245_REQ_CLC)->u.clc;
    c->forward_logical_channel_number = lcn;
    c->source = source;
    c->has_reason = true;
    c->reason = reason;
}

void h245_msg_clc_ack(h245_msg *m, uint16_t lcn)
{
    response(m, H245_RSP_CLC_ACK)->u.clc_ack.forward_logical_channel_number = lcn;
}

void h245_msg_rcc(h245_msg *m, uint16_t lcn, uint32_t reason)
{
    h245_rcc *r = &request(m, H245_REQ_RCC)->u.rcc;
    r->forward_logical_channel_number = lcn;
    r->has_reason = true;
    r->reason = reason;
}

void h245_msg_rcc_ack(h245_msg *m, uint16_t lcn)
{
    response(m, H245_RSP_RCC_ACK)->u.rcc_ack.forward_logical_channel_number = lcn;
}

void h245_msg_rcc_reject(h245_msg *m, uint16_t lcn)
{
    response(m, H245_RSP_RCC_REJECT)->u.rcc_reject.forward_logical_channel_number = lcn;
}

void h245_msg_rcc_release(h245_msg *m, uint16_t lcn)
{
    indication(m, H245_IND_RCC_RELEASE)->u.rcc_release.forward_logical_channel_number = lcn;
}

void h245_msg_end_session(h245_msg *m)
{
    command(m, H245_CMD_END_SESSION)->u.end_session.choice = H245_END_DISCONNECT;
}

void h245_msg_rtd_request(h245_msg *m, uint8_t sequence_number)
{
    request(m, H245_REQ_RTD)->u.rtd.sequence_number = sequence_number;
}

void h245_msg_rtd_response(h245_msg *m, uint8_t sequence_number)
{
    response(m, H245_RSP_RTD)->u.rtd.sequence_number = sequence_number;
}

void h245_msg_uii_alphanumeric(h245_msg *m, const char *text, size_t len)
{
    h245_uii *u = &indication(m, H245_IND_USER_INPUT)->u.user_input;
    u->choice = H245_UII_ALPHANUMERIC;
    u->u.alphanumeric.len = (uint32_t)len;
    u->u.alphanumeric.chars = text;
}

int h245_msg_uii_signal(h245_msg *m, char signal_type, uint16_t duration_ms)
{
    static const char types[] = H245_SIGNAL_TYPES;
    const char *p = signal_type ? strchr(types, signal_type) : NULL;
    if (!p) return -1;
    h245_uii *u = &indication(m, H245_IND_USER_INPUT)->u.user_input;
    u->choice = H245_UII_SIGNAL;
    u->u.signal.signal_type.len = 1;
    u->u.signal.signal_type.chars = p;           /* points into the constant table */
    u->u.signal.has_duration = duration_ms != 0;
    u->u.signal.duration = duration_ms;
    return 0;
}

void h245_msg_function_not_supported(h245_msg *m, uint32_t cause, const uint8_t *returned, size_t len)
{
    h245_function_not_supported *f = &indication(m, H245_IND_FUNCTION_NOT_SUPPORTED)->u.function_not_supported;
    f->cause = cause;
    if (returned && len) {
        f->has_returned_function = true;
        f->returned_function.len = (uint32_t)len;
        f->returned_function.data = returned;
    }
}
