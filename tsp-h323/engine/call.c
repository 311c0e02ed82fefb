/*
 * tsp-h323/engine/call.c - one call: Q.931/H.225.0 call signalling (H.225.0 clause 7,
 * H.323 clause 8.1), fast start (H.323 8.1.7), H.245 tunnelled or on its own connection
 * (H.323 8.2), release (H.323 8.5), the Q.931 timers, and the h323_call_* entry points.
 * The states and what moves them are in docs/h323-engine.md.
 */
#include "engine/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Q.850 cause 47 "resource unavailable, unspecified" (no H323_CAUSE_ name). */
#define CAUSE_RESOURCE_UNAVAILABLE 47
#define NO_REASON UINT32_MAX

static void call_release(h323_call *c, uint32_t cause, uint32_t reason, bool local, bool send_rc,
                         const char *text, uint64_t now);
static bool h245_listen(h323_call *c, h225_uuie *u);

/* ---- small helpers ------------------------------------------------------------------------------ */

static bool addr_set(const h323_addr *a)
{
    return a->family == 4 || a->family == 6;
}

static h225_transport_address to_h225(const h323_addr *a)
{
    return a->family == 6 ? h225_transport_ipv6(a->ip, a->port) : h225_transport_ipv4(a->ip, a->port);
}

static bool from_h225(const h225_transport_address *t, h323_addr *a)
{
    memset(a, 0, sizeof *a);
    if (t->choice == H225_TA_IP) {
        a->family = 4;
        memcpy(a->ip, t->u.ip.ip, 4);
        a->port = t->u.ip.port;
        return true;
    }
    if (t->choice == H225_TA_IP6) {
        a->family = 6;
        memcpy(a->ip, t->u.ip6.ip, 16);
        a->port = t->u.ip6.port;
        return true;
    }
    return false;
}

/* Copies at most cap-1 octets and terminates. */
static void copy_text(char *dst, size_t cap, const char *src, size_t len)
{
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* UCS-2 (BMPString) to UTF-8, cut at a character boundary to fit cap. */
static void bmp_to_utf8(char *dst, size_t cap, const per_bmp *b)
{
    size_t o = 0;
    for (uint32_t i = 0; i < b->len; i++) {
        uint16_t u = b->chars[i];
        uint8_t t[3];
        size_t n;
        if (u < 0x80) {
            t[0] = (uint8_t)u;
            n = 1;
        } else if (u < 0x800) {
            t[0] = (uint8_t)(0xC0 | u >> 6);
            t[1] = (uint8_t)(0x80 | (u & 0x3F));
            n = 2;
        } else {
            t[0] = (uint8_t)(0xE0 | u >> 12);
            t[1] = (uint8_t)(0x80 | (u >> 6 & 0x3F));
            t[2] = (uint8_t)(0x80 | (u & 0x3F));
            n = 3;
        }
        if (o + n >= cap)
            break;
        memcpy(dst + o, t, n);
        o += n;
    }
    dst[o] = '\0';
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!strchr("0123456789#*,", *s))
            return false;
    return true;
}

/* An alias from the user's text (h323.h h323_call_params.dest_alias): digits -> dialedDigits,
 * "h323:..." -> url-ID, "a@b" -> email-ID, anything else -> h323-ID. */
static int make_alias(h225_alias_address *a, uint16_t *bmp, size_t cap, const char *s)
{
    if (all_digits(s)) {
        *a = h225_alias_dialed_digits(s);
        return 0;
    }
    if (!strncmp(s, "h323:", 5)) {
        *a = h225_alias_url(s);
        return 0;
    }
    if (strchr(s, '@')) {
        *a = h225_alias_email(s);
        return 0;
    }
    return h225_alias_h323_id(a, bmp, cap, s);
}

/* The number and the name an alias list carries (the first of each kind). */
static void read_aliases(const h225_alias_list *l, char *num, size_t ncap, char *alias, size_t acap)
{
    bool have_num = *num != '\0', have_alias = false;
    for (uint32_t i = 0; i < l->count; i++) {
        const h225_alias_address *a = &l->items[i];
        switch (a->choice) {
        case H225_ALIAS_DIALED_DIGITS:
            if (!have_num)
                copy_text(num, ncap, a->u.dialed_digits.chars, a->u.dialed_digits.len);
            have_num = true;
            break;
        case H225_ALIAS_H323_ID:
            if (!have_alias)
                bmp_to_utf8(alias, acap, &a->u.h323_id);
            have_alias = true;
            break;
        case H225_ALIAS_URL_ID:
        case H225_ALIAS_EMAIL_ID: {
            const per_string *s = a->choice == H225_ALIAS_URL_ID ? &a->u.url_id : &a->u.email_id;
            if (!have_alias)
                copy_text(alias, acap, s->chars, s->len);
            have_alias = true;
            break;
        }
        default:
            break;
        }
    }
}

/* Q.931 4.5.7 call state values of the user side, for STATUS. */
static uint8_t q931_call_state(const h323_call *c)
{
    switch (c->info.state) {
    case H323_CS_CALLING: return 1;      /* U1 call initiated */
    case H323_CS_PROCEEDING: return 3;   /* U3 outgoing call proceeding */
    case H323_CS_ALERTING: return 4;     /* U4 call delivered */
    case H323_CS_OFFERED: return 9;      /* U9 incoming call proceeding */
    case H323_CS_RINGING: return 7;      /* U7 call received */
    case H323_CS_CONNECTED: return 10;   /* U10 active */
    default: return 0;                   /* U0 null */
    }
}

/* ReleaseCompleteReason <-> Q.850 cause, as H.225.0 clause 7.4.2 (the table of release
 * complete reasons and their Q.931/Q.850 causes) gives it; nonStandardReason 127,
 * anything not listed 31. */
static const struct { uint8_t reason, cause; } reason_cause[] = {
    { H225_RC_NO_BANDWIDTH, 34 },
    { H225_RC_GATEKEEPER_RESOURCES, 47 },
    { H225_RC_UNREACHABLE_DESTINATION, 3 },
    { H225_RC_DESTINATION_REJECTION, 16 },
    { H225_RC_INVALID_REVISION, 88 },
    { H225_RC_NO_PERMISSION, 111 },
    { H225_RC_UNREACHABLE_GATEKEEPER, 38 },
    { H225_RC_GATEWAY_RESOURCES, 42 },
    { H225_RC_BAD_FORMAT_ADDRESS, 28 },
    { H225_RC_ADAPTIVE_BUSY, 41 },
    { H225_RC_IN_CONF, 17 },
    { H225_RC_UNDEFINED_REASON, 31 },
    { H225_RC_FACILITY_CALL_DEFLECTION, 16 },
    { H225_RC_SECURITY_DENIED, 31 },
    { H225_RC_CALLED_PARTY_NOT_REGISTERED, 20 },
    { H225_RC_CALLER_NOT_REGISTERED, 31 },
    { H225_RC_NEW_CONNECTION_NEEDED, 47 },
    { H225_RC_NONSTANDARD_REASON, 127 },
    { H225_RC_TUNNELLED_SIGNALLING_REJECTED, 127 },
};

static uint32_t cause_of_reason(uint32_t reason)
{
    for (size_t i = 0; i < sizeof reason_cause / sizeof reason_cause[0]; i++)
        if (reason_cause[i].reason == reason)
            return reason_cause[i].cause;
    return 31;
}

/* The reason to send with a cause: the reason the table maps onto exactly that cause
 * (busy -> inConf as H.225.0 pairs them), rejection -> destinationRejection; none for
 * normal clearing (the reason is OPTIONAL, the Cause IE says it all). */
static uint32_t reason_of_cause(uint32_t cause)
{
    switch (cause) {
    case H323_CAUSE_NORMAL: return NO_REASON;
    case H323_CAUSE_REJECTED: return H225_RC_DESTINATION_REJECTION;
    case H323_CAUSE_DEST_OUT_OF_ORDER: return H225_RC_UNREACHABLE_DESTINATION;
    default: break;
    }
    for (size_t i = 0; i < sizeof reason_cause / sizeof reason_cause[0]; i++)
        if (reason_cause[i].cause == cause && reason_cause[i].reason != H225_RC_DESTINATION_REJECTION &&
            reason_cause[i].reason != H225_RC_FACILITY_CALL_DEFLECTION)
            return reason_cause[i].reason;
    return H225_RC_UNDEFINED_REASON;
}

/* ---- holding, timers, events ------------------------------------------------------------------------ */

static void flush_pending(h323_call *c);

void h323_call_hold(h323_call *c)
{
    c->busy++;
}

static void call_gc(h323_call *c)
{
    h245ctl_free(c->h245);
    c->h245 = NULL;
    free(c->pend);
    c->pend = NULL;
    c->pend_len = c->pend_cap = c->pend_n = 0;
    free(c->fs_offer);
    c->fs_offer = NULL;
    c->fs_offer_n = 0;
    c->fs_offer_size = 0;
    free(c->dest_alias);
    c->dest_alias = NULL;
}

static void call_unlink_free(h323_call *c)
{
    h323_ep *ep = c->ep;
    call_gc(c);
    h323_timer_cancel(&ep->timers, &c->timer);
    if (c->prev)
        c->prev->next = c->next;
    else
        ep->calls = c->next;
    if (c->next)
        c->next->prev = c->prev;
    ep->ncalls--;
    free(c);
}

static void rearm(h323_call *c)
{
    uint64_t t = UINT64_MAX;
    if (c->info.state != H323_CS_RELEASED) {
        if (c->q931_timer != H323_T_NONE)
            t = c->q931_deadline;
        if (c->h245) {
            uint64_t h = h245ctl_next_deadline(c->h245);
            if (h < t)
                t = h;
        }
    }
    h323_timer_set(&c->ep->timers, &c->timer, t);
}

void h323_call_unhold(h323_call *c)
{
    if (c->busy == 1 && c->info.state != H323_CS_RELEASED) {
        flush_pending(c);   /* may release the call when sending fails */
        rearm(c);
    }
    if (--c->busy)
        return;
    if (c->info.state == H323_CS_RELEASED) {
        call_gc(c);
        h323_timer_cancel(&c->ep->timers, &c->timer);
        if (c->free_requested)
            call_unlink_free(c);
    }
}

static void emit(h323_call *c, enum h323_event_type type, h323_event *ev)
{
    ev->type = type;
    ev->call = c;
    ev->user = c->user;
    h323_ep_event(c->ep, ev);
}

static void emit_simple(h323_call *c, enum h323_event_type type)
{
    h323_event ev = { 0 };
    emit(c, type, &ev);
}

static void log_what(h323_call *c, const char *what, const char *detail)
{
    char text[160];
    snprintf(text, sizeof text, "%s: %s", what, detail);
    h323_ep_log(c->ep, c, text);
}

static bool released(const h323_call *c)
{
    return c->info.state == H323_CS_RELEASED || c->releasing;
}

static void start_q931_timer(h323_call *c, uint8_t which, uint64_t now)
{
    const h323_config *cfg = &c->ep->cfg;
    if (c->peer_ended)
        return;   /* the wait for the peer's ReleaseComplete runs instead */
    uint32_t ms = which == H323_T303 ? cfg->t303_ms : which == H323_T310 ? cfg->t310_ms : cfg->t301_ms;
    c->q931_timer = which;
    c->q931_deadline = now + ms;
}

static void media_event(h323_call *c, const h323_media_channel *ch, bool open)
{
    if (open) {
        if (ch->direction == H323_DIR_TX) {
            c->info.tx = *ch;
            c->info.has_tx = true;
        } else {
            c->info.rx = *ch;
            c->info.has_rx = true;
        }
    } else if (ch->direction == H323_DIR_TX) {
        c->info.has_tx = false;
    } else {
        c->info.has_rx = false;
    }
    h323_event ev = { 0 };
    ev.u.media = *ch;
    emit(c, open ? H323_EV_MEDIA : H323_EV_MEDIA_CLOSED, &ev);
}

/* ---- sending H.225.0 messages ------------------------------------------------------------------------- */

static h225_call_ident call_ident(const h323_call *c)
{
    const h323_config *cfg = &c->ep->cfg;
    h225_call_ident id;
    memset(&id, 0, sizeof id);
    id.version = H225_PROTOCOL_VERSION;
    memcpy(id.call_id, c->info.call_id, 16);
    memcpy(id.conference_id, c->info.conference_id, 16);
    if (cfg->is_gateway)
        id.endpoint.has_gateway = true;
    else
        id.endpoint.has_terminal = true;
    id.endpoint.has_vendor = true;
    if (cfg->product && *cfg->product) {
        id.endpoint.vendor.has_product_id = true;
        size_t n = strlen(cfg->product);
        id.endpoint.vendor.product_id = (per_octets){ (uint32_t)(n > 256 ? 256 : n), (const uint8_t *)cfg->product };
    }
    if (cfg->version && *cfg->version) {
        id.endpoint.vendor.has_version_id = true;
        size_t n = strlen(cfg->version);
        id.endpoint.vendor.version_id = (per_octets){ (uint32_t)(n > 256 ? 256 : n), (const uint8_t *)cfg->version };
    }
    return id;
}

/* Encodes q (with m as its User-user IE, carrying the tunnelled H.245 messages waiting)
 * into one TPKT on the call signalling connection. 0, or -1 (nothing was sent). */
static int send_q931(h323_call *c, q931_message *q, h225_user_information *m)
{
    h323_ep *ep = c->ep;
    if (!c->sig || !c->sig->connected)
        return -1;
    per_octets items[H323_MAX_PENDING_H245];
    if (m) {
        m->pdu.h245_tunnelling = c->tunnelling;
        if (c->pend_n && c->tunnelling) {
            /* H.323 8.2.1: tunnelled H.245 messages ride in h245Control of any message. */
            uint32_t o = 0;
            for (uint8_t i = 0; i < c->pend_n; i++) {
                uint32_t n = (uint32_t)c->pend[o] << 8 | c->pend[o + 1];
                items[i] = (per_octets){ n, c->pend + o + 2 };
                o += 2 + n;
            }
            m->pdu.has_h245_control = true;
            m->pdu.h245_control.count = c->pend_n;
            m->pdu.h245_control.items = items;
        }
        size_t uu_len;
        if (h225_encode_uu(m, ep->uu_buf, sizeof ep->uu_buf, &uu_len, NULL))
            return -1;
        q->present |= Q931_HAS_USER_USER;
        q->user_user = (q931_user_user){ Q931_UU_PD_X208, { ep->uu_buf, uu_len } };
    }
    int n = q931_encode(q, ep->tx + TPKT_HEADER_LEN, sizeof ep->tx - TPKT_HEADER_LEN);
    if (n < 0)
        return -1;
    if (m && m->pdu.has_h245_control) {
        c->pend_len = 0;
        c->pend_n = 0;
    }
    return h323_ep_send_tpkt(ep, c->sig, ep->tx + TPKT_HEADER_LEN, (size_t)n) < 0 ? -1 : 0;
}

/* A message of the call: Q.931 header with our side of the call reference flag (Q.931
 * 4.3: set when sent by the side that did not allocate it) and the H.225.0 body. */
static void msg_init(const h323_call *c, q931_message *q, uint8_t type, h225_user_information *m,
                     uint32_t body)
{
    q931_message_init(q, type, c->info.call_ref, !c->info.outgoing);
    h225_call_ident id = call_ident(c);
    h225_uu_init(m, body, &id);
}

static void add_cause(q931_message *q, uint32_t cause)
{
    q->present |= Q931_HAS_CAUSE;
    q->cause.coding_standard = Q931_CODING_ITU;
    q->cause.location = Q931_LOC_USER;
    q->cause.value = (uint8_t)(cause & 0x7F);
}

/* Q.931 5.8: STATUS with the cause and our call state (Call state IE, 4.5.7). */
static void send_status(h323_call *c, uint32_t cause)
{
    q931_message q;
    h225_user_information m;
    msg_init(c, &q, Q931_STATUS, &m, H225_BODY_STATUS);
    add_cause(&q, cause);
    static const uint8_t ie_call_state = 0x14;
    uint8_t st[1] = { q931_call_state(c) };   /* coding standard ITU (bits 8-7 = 0) */
    q.other[0] = (q931_ie){ 0, ie_call_state, { st, 1 } };
    q.num_other = 1;
    send_q931(c, &q, &m);
}

static int send_facility_h245(h323_call *c)
{
    q931_message q;
    h225_user_information m;
    msg_init(c, &q, Q931_FACILITY, &m, H225_BODY_FACILITY);
    /* H.225.0 v4 7.4.7: a Facility carrying only tunnelled H.245 says transportedInformation. */
    m.pdu.body.uuie.facility_reason = H225_FR_TRANSPORTED_INFORMATION;
    return send_q931(c, &q, &m);
}

static void flush_pending(h323_call *c)
{
    if (!c->pend_n || !c->tunnelling || !c->sig || !c->sig->connected)
        return;
    if (c->info.outgoing && !c->setup_sent)
        return;
    if (send_facility_h245(c)) {
        c->pend_len = c->pend_n = 0;
        h323_ep_log(c->ep, c, "could not send tunnelled H.245 messages");
    }
}

/* ReleaseComplete on a connection, for a call reference that may not be a call of ours
 * (Q.931 5.8.3.2), or for the call itself. */
static void send_release_complete_raw(h323_ep *ep, h323_cx *cx, uint16_t crv, bool flag, uint32_t cause,
                                      uint32_t reason)
{
    q931_message q;
    h225_user_information m;
    q931_message_init(&q, Q931_RELEASE_COMPLETE, crv, flag);
    add_cause(&q, cause);
    h225_call_ident id;
    memset(&id, 0, sizeof id);
    id.version = H225_PROTOCOL_VERSION;
    id.endpoint.has_terminal = true;
    h225_uu_init(&m, H225_BODY_RELEASE_COMPLETE, &id);
    if (reason != NO_REASON) {
        m.pdu.body.uuie.has_release_reason = true;
        m.pdu.body.uuie.release_reason.choice = reason;
    }
    size_t uu_len;
    if (h225_encode_uu(&m, ep->uu_buf, sizeof ep->uu_buf, &uu_len, NULL))
        return;
    q.present |= Q931_HAS_USER_USER;
    q.user_user = (q931_user_user){ Q931_UU_PD_X208, { ep->uu_buf, uu_len } };
    int n = q931_encode(&q, ep->tx + TPKT_HEADER_LEN, sizeof ep->tx - TPKT_HEADER_LEN);
    if (n > 0)
        h323_ep_send_tpkt(ep, cx, ep->tx + TPKT_HEADER_LEN, (size_t)n);
}

/* ---- H.245 ------------------------------------------------------------------------------------------- */

static int h245_send(void *ctx, const uint8_t *pdu, size_t len)
{
    h323_call *c = ctx;
    if (c->h245_cx && c->h245_cx->connected)
        return h323_ep_send_tpkt(c->ep, c->h245_cx, pdu, len) < 0 ? -1 : 0;
    if (!c->tunnelling || !c->sig || len > 0xFFFF)
        return -1;
    if (c->pend_n == H323_MAX_PENDING_H245 && !c->releasing)
        flush_pending(c);
    if (c->pend_n == H323_MAX_PENDING_H245)
        return -1;
    size_t need = c->pend_len + 2 + len;
    if (need > H323_MAX_PDU / 2)
        return -1;
    if (need > c->pend_cap) {
        size_t cap = c->pend_cap ? c->pend_cap : 256;
        while (cap < need)
            cap *= 2;
        uint8_t *p = realloc(c->pend, cap);
        if (!p)
            return -1;
        c->pend = p;
        c->pend_cap = (uint32_t)cap;
    }
    c->pend[c->pend_len] = (uint8_t)(len >> 8);
    c->pend[c->pend_len + 1] = (uint8_t)len;
    memcpy(c->pend + c->pend_len + 2, pdu, len);
    c->pend_len += (uint32_t)(2 + len);
    c->pend_n++;
    return 0;
}

static void h245_event(void *ctx, const h245ctl_event *e)
{
    h323_call *c = ctx;
    if (released(c))
        return;
    h323_event ev = { 0 };
    switch (e->type) {
    case H245CTL_EV_READY:
        c->info.h245_master = h245ctl_is_master(c->h245);
        emit(c, H323_EV_H245_READY, &ev);
        break;
    case H245CTL_EV_CHANNEL_OPEN:
    case H245CTL_EV_CHANNEL_CLOSED:
        media_event(c, &e->u.channel, e->type == H245CTL_EV_CHANNEL_OPEN);
        break;
    case H245CTL_EV_USER_INPUT:
        ev.u.dtmf.digit = e->u.dtmf.digit;
        ev.u.dtmf.duration_ms = e->u.dtmf.duration_ms;
        emit(c, H323_EV_DTMF, &ev);
        break;
    case H245CTL_EV_END_SESSION:
        /* H.323 8.5: an endpoint that receives endSessionCommand first closes its channels
         * and sends its own (steps 1-4, without waiting in step 5). The peer sends
         * ReleaseComplete once ours reaches it (step 6), and its Cause is the one to report:
         * wait for it, bounded; a separate H.245 connection that closes meanwhile is the
         * peer's step 5. Without it, the call ends with cause 16 (h323_call_timer_due). */
        if (c->peer_ended)
            break;
        c->peer_ended = true;
        h245ctl_end(c->h245, c->ep->now);
        c->q931_timer = H323_T_END_SESSION;
        c->q931_deadline = c->ep->now + H323_END_SESSION_WAIT_MS;
        break;
    case H245CTL_EV_FAILED:
        h323_ep_log(c->ep, c, e->u.text);
        /* With fast start media the call goes on without H.245 (DTMF is then lost);
         * otherwise there is no media without it. */
        if (!(c->fs_done && !c->fs_refused))
            call_release(c, CAUSE_RESOURCE_UNAVAILABLE, NO_REASON, true, true, e->u.text, c->ep->now);
        break;
    case H245CTL_EV_LOG:
        h323_ep_log(c->ep, c, e->u.text);
        break;
    default:
        break;
    }
}

static uint32_t h245_random(void *ctx)
{
    h323_call *c = ctx;
    return h323_ep_random(c->ep);
}

/* Creates the call's H.245 session and starts it (TCS + MSD, H.323 8.2). */
static bool h245_ensure(h323_call *c, uint64_t now)
{
    h323_ep *ep = c->ep;
    if (!c->h245) {
        h245ctl_config hc = {
            .terminal_type = ep->cfg.terminal_type ? ep->cfg.terminal_type : 50,
            .codecs = ep->cfg.codecs, .ncodecs = ep->cfg.ncodecs,
            .frames_per_packet = ep->cfg.frames_per_packet,
            .timeout_ms = ep->cfg.h245_timeout_ms,
            .media = c->has_media ? c->media : (h323_addr){ 0 },
            .scratch = ep->h245_scratch, .scratch_size = sizeof ep->h245_scratch,
            .random = h245_random,
        };
        static const h245ctl_ops ops = { h245_send, h245_event };
        c->h245 = h245ctl_new(&hc, &ops, c);
        if (!c->h245) {
            call_release(c, CAUSE_RESOURCE_UNAVAILABLE, NO_REASON, true, true, "out of memory for H.245", now);
            return false;
        }
        c->info.h245 = c->h245_cx ? H323_H245_SEPARATE : H323_H245_TUNNELLED;
    }
    if (!c->h245_started) {
        c->h245_started = true;
        h245ctl_start(c->h245, c->fs_done && !c->fs_refused, now);
    }
    return !released(c);
}

static void h245_input(h323_call *c, const uint8_t *pdu, size_t len, uint64_t now)
{
    if (!h245_ensure(c, now))
        return;
    if (h245ctl_input(c->h245, pdu, len, now) < 0)
        c->ep->bad_messages++;
}

/* ---- release (H.323 8.5, H.225.0 7.4.2) --------------------------------------------------------------- */

static void forget_cx(h323_call *c, h323_cx *cx, bool close)
{
    if (!cx)
        return;
    if (c->sig == cx)
        c->sig = NULL;
    if (c->h245_cx == cx)
        c->h245_cx = NULL;
    if (c->h245_listen == cx)
        c->h245_listen = NULL;
    if (close) {
        h323_cx_close(c->ep, cx);
    } else {
        /* The I/O layer already forgot it: drop it from the table without tcp_close. */
        cx->call = NULL;
        h323_ep_conn_forget(c->ep, cx);
    }
}

static void call_release(h323_call *c, uint32_t cause, uint32_t reason, bool local, bool send_rc,
                         const char *text, uint64_t now)
{
    h323_ep *ep = c->ep;
    if (released(c))
        return;
    c->releasing = true;
    h323_call_hold(c);
    /* H.323 8.5: end the H.245 session (closing our channels, endSessionCommand) before
     * ReleaseComplete; tunnelled, those messages ride in the ReleaseComplete itself. */
    if (c->h245 && c->h245_started && local)
        h245ctl_end(c->h245, now);
    bool sent_setup = c->info.outgoing ? c->setup_sent : true;
    if (send_rc && sent_setup && c->sig && c->sig->connected) {
        q931_message q;
        h225_user_information m;
        msg_init(c, &q, Q931_RELEASE_COMPLETE, &m, H225_BODY_RELEASE_COMPLETE);
        add_cause(&q, cause);
        uint32_t r = reason != NO_REASON ? reason : reason_of_cause(cause);
        if (r != NO_REASON) {
            m.pdu.body.uuie.has_release_reason = true;
            m.pdu.body.uuie.release_reason.choice = r;
        }
        send_q931(c, &q, &m);
    }
    c->pend_len = c->pend_n = 0;
    forget_cx(c, c->sig, true);
    forget_cx(c, c->h245_cx, true);
    forget_cx(c, c->h245_listen, true);
    c->q931_timer = H323_T_NONE;
    c->info.state = H323_CS_RELEASED;
    c->info.cause = cause;
    c->releasing = false;
    h323_timer_cancel(&ep->timers, &c->timer);
    if (ep->calls_active)
        ep->calls_active--;
    if (c->admitted && ep->ras) {
        /* H.225.0 7.9 / H.323 8.5 step 6: DRQ once the call is over. */
        h323_ras_disengage(ep->ras, c->info.call_ref, c->info.call_id, c->info.conference_id,
                           !c->info.outgoing, now);
        c->admitted = false;
    }
    if (!c->silent_release && !c->released_event_sent) {
        c->released_event_sent = true;
        h323_event ev = { 0 };
        ev.u.released.cause = cause;
        ev.u.released.reason = reason;
        ev.u.released.local = local;
        ev.u.released.text = text;
        emit(c, H323_EV_RELEASED, &ev);
    }
    h323_call_unhold(c);
}

/* ---- creating calls ------------------------------------------------------------------------------------ */

static h323_call *call_new(h323_ep *ep, bool outgoing)
{
    h323_call *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->ep = ep;
    h323_timer_init(&c->timer);
    c->info.outgoing = outgoing;
    c->info.state = H323_CS_IDLE;
    c->info.cause = 0;
    c->next = ep->calls;
    if (ep->calls)
        ep->calls->prev = c;
    ep->calls = c;
    ep->ncalls++;
    /* Reserve the timer slot of every call: h323_timer_set never allocates. */
    if (h323_timers_reserve(&ep->timers, ep->ncalls)) {
        call_unlink_free(c);
        return NULL;
    }
    ep->calls_active++;
    ep->calls_total++;
    return c;
}

static void new_guid(h323_ep *ep, uint8_t g[16])
{
    for (int i = 0; i < 16; i += 4) {
        uint32_t r = h323_ep_random(ep);
        memcpy(g + i, &r, 4);
    }
    /* RFC 4122 4.4 version 4 (random) and variant bits, as H.225.0 7.6 suggests a GUID. */
    g[6] = (uint8_t)((g[6] & 0x0F) | 0x40);
    g[8] = (uint8_t)((g[8] & 0x3F) | 0x80);
}

int h323_call_make(h323_ep *ep, const h323_call_params *p, void *user, uint64_t now, h323_call **out)
{
    if (out)
        *out = NULL;
    if (!ep || !p || !out || !p->dest_alias || !*p->dest_alias || strlen(p->dest_alias) > 512)
        return H323_E_INVAL;
    /* H.323 8.1.1: an endpoint that is not registered calls the address directly; only a
     * registered one asks its gatekeeper (ARQ), and only it can call by alias alone. */
    bool via_gk = ep->ras && h323_ras_registered(ep->ras);
    if (!via_gk && !addr_set(&p->dest_addr))
        return ep->ras ? H323_E_STATE : H323_E_INVAL;
    if (p->dest_addr.family && !addr_set(&p->dest_addr))
        return H323_E_INVAL;
    if (p->media.family && !addr_set(&p->media))
        return H323_E_INVAL;
    if (ep->cfg.max_calls && ep->calls_active >= ep->cfg.max_calls)
        return H323_E_LIMIT;
    ep->now = now;
    h323_call *c = call_new(ep, true);
    if (!c)
        return H323_E_NOMEM;
    h323_call_hold(c);
    c->user = user;
    c->flags = p->flags;
    c->dest = p->dest_addr;
    if (c->dest.family && !c->dest.port)
        c->dest.port = H323_DEFAULT_SIGNAL_PORT;
    size_t alen = strlen(p->dest_alias) + 1;
    c->dest_alias = malloc(alen);
    if (c->dest_alias)
        memcpy(c->dest_alias, p->dest_alias, alen);
    if (addr_set(&p->media)) {
        c->media = p->media;
        c->has_media = true;
    }
    c->info.call_ref = ep->next_crv = (uint16_t)((ep->next_crv % Q931_CALL_REF_MAX) + 1);
    new_guid(ep, c->info.call_id);
    new_guid(ep, c->info.conference_id);
    c->info.remote_signal = c->dest;
    if (all_digits(p->dest_alias))
        copy_text(c->info.called_number, sizeof c->info.called_number, p->dest_alias, strlen(p->dest_alias));
    else
        copy_text(c->info.called_alias, sizeof c->info.called_alias, p->dest_alias, strlen(p->dest_alias));
    const char *num = p->calling_number ? p->calling_number : ep->cfg.e164;
    if (num)
        copy_text(c->info.calling_number, sizeof c->info.calling_number, num, strlen(num));
    if (ep->cfg.h323_id)
        copy_text(c->info.calling_alias, sizeof c->info.calling_alias, ep->cfg.h323_id, strlen(ep->cfg.h323_id));
    const char *disp = p->display ? p->display : ep->cfg.display;
    if (disp)
        copy_text(c->info.display, sizeof c->info.display, disp, strlen(disp));
    c->fs_offered = ep->cfg.fast_start && !(p->flags & H323_CALL_NO_FAST_START) && c->has_media;
    c->tunnelling = ep->cfg.tunnelling && !(p->flags & (H323_CALL_NO_TUNNELLING | H323_CALL_H245_IN_SETUP));
    int rc = 0;
    if (!c->dest_alias) {
        rc = H323_E_NOMEM;
    } else if (via_gk) {
        /* H.323 8.1.2: admission (ARQ) before the Setup; the ACF says where to send it. */
        c->admitting = true;
        if (h323_ras_admit(ep->ras, c->info.call_ref, c->info.call_id, c->info.conference_id, false,
                           c->dest_alias, c->dest.family ? &c->dest : NULL, 1280, now, &c->ras_token))
            rc = H323_E_IO;
    } else {
        h323_conn conn = ep->io.tcp_connect(ep->ctx, &c->dest);
        c->sig = conn ? h323_cx_add(ep, conn, H323_CX_SIGNAL, c) : NULL;
        if (!c->sig) {
            if (conn)
                ep->io.tcp_close(ep->ctx, conn);
            rc = conn ? H323_E_NOMEM : H323_E_IO;
        }
    }
    if (rc) {
        c->silent_release = true;
        call_release(c, H323_CAUSE_TEMPORARY_FAILURE, NO_REASON, true, false, "not placed", now);
        c->free_requested = true;
        h323_call_unhold(c);
        return rc;
    }
    *out = c;
    h323_call_unhold(c);
    return 0;
}

/* Sends the Setup (H.225.0 7.3.10, H.323 8.1). */
static void send_setup(h323_call *c, uint64_t now)
{
    h323_ep *ep = c->ep;
    q931_message q;
    h225_user_information m;
    msg_init(c, &q, Q931_SETUP, &m, H225_BODY_SETUP);
    h225_uuie *u = &m.pdu.body.uuie;
    /* Bearer capability (H.225.0 7.3.10, mandatory): unrestricted digital information,
     * circuit mode 64 kbit/s, H.221/H.242, as H.323 endpoints send it. */
    q.present |= Q931_HAS_BEARER;
    q.bearer = (q931_bearer){ .coding_standard = Q931_CODING_ITU, .capability = Q931_BC_UNRESTRICTED_DIGITAL,
                              .transfer_mode = Q931_BC_MODE_CIRCUIT, .rate = Q931_BC_RATE_64K,
                              .layer1 = Q931_UIL1_H221 };
    if (c->info.calling_number[0] && all_digits(c->info.calling_number)) {
        q.present |= Q931_HAS_CALLING;
        q.calling = (q931_number){ .type = Q931_TON_UNKNOWN, .plan = Q931_NP_E164, .has_octet3a = true,
                                   .presentation = Q931_PRES_ALLOWED,
                                   .screening = Q931_SCREEN_USER_NOT_SCREENED,
                                   .digits = { (const uint8_t *)c->info.calling_number,
                                               strlen(c->info.calling_number) } };
    }
    if (c->info.called_number[0]) {
        q.present |= Q931_HAS_CALLED;
        q.called = (q931_number){ .type = Q931_TON_UNKNOWN, .plan = Q931_NP_E164,
                                  .digits = { (const uint8_t *)c->info.called_number,
                                              strlen(c->info.called_number) } };
    }
    if (c->info.display[0]) {
        q.present |= Q931_HAS_DISPLAY;
        size_t n = strlen(c->info.display);
        q.display = (q931_octets){ (const uint8_t *)c->info.display, n > 82 ? 82 : n };
    }
    /* sourceAddress: our aliases; destinationAddress: the one dialled. */
    h225_alias_address src[2], dst[1];
    uint16_t src_bmp[257], dst_bmp[257];
    uint32_t nsrc = 0;
    if (ep->cfg.h323_id && h225_alias_h323_id(&src[nsrc], src_bmp, 257, ep->cfg.h323_id) == 0)
        nsrc++;
    if (c->info.calling_number[0] && all_digits(c->info.calling_number))
        src[nsrc++] = h225_alias_dialed_digits(c->info.calling_number);
    if (nsrc) {
        u->has_source_address = true;
        u->source_address = (h225_alias_list){ nsrc, src };
    }
    if (c->dest_alias && make_alias(&dst[0], dst_bmp, 257, c->dest_alias) == 0) {
        u->has_destination_address = true;
        u->destination_address = (h225_alias_list){ 1, dst };
    }
    u->has_source_call_signal_address = true;
    u->source_call_signal_address = to_h225(&ep->cfg.signal_addr);
    if (addr_set(&c->dest)) {
        u->has_dest_call_signal_address = true;
        u->dest_call_signal_address = to_h225(&c->dest);
    }
    /* H.323 8.2 (phase B): the called endpoint may open the H.245 channel as soon as the
     * Setup arrives when the Setup carries the caller's h245Address. */
    if ((c->flags & H323_CALL_H245_IN_SETUP) && !h245_listen(c, u))
        h323_ep_log(ep, c, "cannot listen for H.245: the Setup goes without h245Address");
    u->active_mc = false;
    u->media_wait_for_connect = false;
    u->can_overlap_send = false;
    u->multiple_calls = false;
    u->maintain_connection = false;
    /* Fast start offer (H.323 8.1.7.1). */
    uint8_t fsbuf[2048];
    per_octets olcs[H323_FS_MAX_OLCS];
    size_t nolc = 0;
    if (c->fs_offered) {
        h323_fs_media fm = { ep->cfg.codecs, ep->cfg.ncodecs, ep->cfg.frames_per_packet, c->media };
        if (h323_fs_offer(&fm, fsbuf, sizeof fsbuf, olcs, H323_FS_MAX_OLCS, &nolc) == 0 && nolc) {
            u->has_fast_start = true;
            u->fast_start = (h225_octets_list){ (uint32_t)nolc, olcs };
        } else {
            c->fs_offered = false;
        }
    }
    if (send_q931(c, &q, &m)) {
        call_release(c, H323_CAUSE_TEMPORARY_FAILURE, NO_REASON, true, false, "could not send the Setup", now);
        return;
    }
    c->setup_sent = true;
    free(c->dest_alias);
    c->dest_alias = NULL;
    c->info.state = H323_CS_CALLING;
    start_q931_timer(c, H323_T303, now);   /* Q.931 5.1.1: T303 runs until the first answer */
}

/* ---- connections of a call ------------------------------------------------------------------------------ */

/* Listens for the peer's separate H.245 connection and puts its address in u's
 * h245Address (H.225.0 7.3: Setup-UUIE and Connect-UUIE). false when it cannot. */
static bool h245_listen(h323_call *c, h225_uuie *u)
{
    h323_ep *ep = c->ep;
    h323_addr bound = { 0 };
    h323_conn l = ep->io.tcp_listen ? ep->io.tcp_listen(ep->ctx, &ep->cfg.signal_addr, &bound) : 0;
    c->h245_listen = l ? h323_cx_add(ep, l, H323_CX_H245_LISTEN, c) : NULL;
    if (c->h245_listen && addr_set(&bound)) {
        u->has_h245_address = true;
        u->h245_address = to_h225(&bound);
        c->info.h245 = H323_H245_SEPARATE;
        return true;
    }
    if (c->h245_listen)
        forget_cx(c, c->h245_listen, true);
    else if (l)
        ep->io.tcp_close(ep->ctx, l);
    return false;
}

static void h245_connect(h323_call *c, uint64_t now)
{
    h323_ep *ep = c->ep;
    if (c->h245_cx || !c->peer_h245_addr_valid || c->tunnelling)
        return;
    /* Our listener (h245Address in our Setup) was not used: the callee's address wins, as
     * one H.245 connection serves the call (H.323 8.2.2). */
    if (c->h245_listen)
        forget_cx(c, c->h245_listen, true);
    h323_conn conn = ep->io.tcp_connect(ep->ctx, &c->peer_h245_addr);
    c->h245_cx = conn ? h323_cx_add(ep, conn, H323_CX_H245, c) : NULL;
    if (!c->h245_cx) {
        if (conn)
            ep->io.tcp_close(ep->ctx, conn);
        call_release(c, H323_CAUSE_TEMPORARY_FAILURE, NO_REASON, true, true,
                     "cannot open the H.245 connection", now);
        return;
    }
    c->info.h245 = H323_H245_SEPARATE;
}

void h323_call_cx_connected(h323_call *c, h323_cx *cx, uint64_t now)
{
    if (released(c))
        return;
    if (cx == c->sig && c->info.outgoing && !c->setup_sent)
        send_setup(c, now);
    else if (cx == c->h245_cx)
        h245_ensure(c, now);
}

void h323_call_h245_accepted(h323_call *c, h323_cx *listener, h323_conn conn, uint64_t now)
{
    h323_ep *ep = c->ep;
    /* H.323 8.2.2: one H.245 connection per call; the listener has done its job. */
    forget_cx(c, listener, true);
    if (released(c) || c->h245_cx) {
        ep->io.tcp_close(ep->ctx, conn);
        return;
    }
    c->h245_cx = h323_cx_add(ep, conn, H323_CX_H245, c);
    if (!c->h245_cx) {
        ep->io.tcp_close(ep->ctx, conn);
        call_release(c, CAUSE_RESOURCE_UNAVAILABLE, NO_REASON, true, true, "out of memory", now);
        return;
    }
    c->h245_cx->connected = true;
    c->info.h245 = H323_H245_SEPARATE;
    h245_ensure(c, now);
}

void h323_call_cx_closed(h323_call *c, h323_cx *cx, int err, uint64_t now)
{
    bool was_sig = cx == c->sig, connected = cx->connected;
    forget_cx(c, cx, false);
    if (released(c))
        return;
    if (!was_sig && c->peer_ended)
        return;   /* H.323 8.5 step 5 at the peer: its ReleaseComplete is still to come */
    if (was_sig && !connected) {
        call_release(c, H323_CAUSE_DEST_OUT_OF_ORDER, NO_REASON, false, false,
                     err ? "TCP connect failed" : "TCP connect refused", now);
    } else if (was_sig) {
        /* A call signalling channel that closes ends the call (H.323 8.5): normal clearing
         * once connected, a temporary failure before. */
        call_release(c, c->info.state == H323_CS_CONNECTED || c->peer_ended ? H323_CAUSE_NORMAL
                                                                             : H323_CAUSE_TEMPORARY_FAILURE,
                     NO_REASON, false, false, "peer closed the call signalling connection", now);
    } else {
        /* H.323 8.2.2: the H.245 channel lasts as long as the call. */
        call_release(c, connected ? H323_CAUSE_NORMAL : H323_CAUSE_TEMPORARY_FAILURE, NO_REASON, false,
                     true, "the H.245 connection closed", now);
    }
}

void h323_call_stream_error(h323_call *c, h323_cx *cx, const char *why, uint64_t now)
{
    (void)cx;
    log_what(c, "call signalling stream unusable", why);
    call_release(c, H323_CAUSE_PROTOCOL_ERROR, NO_REASON, true, true, why, now);
}

void h323_call_timer_due(h323_call *c, uint64_t now)
{
    if (released(c))
        return;
    if (c->q931_timer != H323_T_NONE && c->q931_deadline <= now) {
        uint8_t which = c->q931_timer;
        c->q931_timer = H323_T_NONE;
        /* Q.931 5.1.1 (T303), 5.1.6 (T310), 5.2.5.1 (T301): clear the call. T301 is the
         * called user not answering, Q.850 cause 19; the others cause 102. */
        if (which == H323_T_END_SESSION)
            call_release(c, H323_CAUSE_NORMAL, NO_REASON, false, true, "peer sent endSessionCommand", now);
        else if (which == H323_T301)
            call_release(c, H323_CAUSE_NO_ANSWER, NO_REASON, true, true, "T301 expired", now);
        else
            call_release(c, H323_CAUSE_RECOVERY_ON_TIMER, NO_REASON, true, true,
                         which == H323_T303 ? "T303 expired" : "T310 expired", now);
        return;
    }
    if (c->h245 && h245ctl_next_deadline(c->h245) <= now)
        h245ctl_tick(c->h245, now);
}

/* ---- received messages ------------------------------------------------------------------------------------ */

/* The fast start answer, at the caller (H.323 8.1.7.1): in the first of CallProceeding,
 * Alerting, Connect, Progress or Facility that carries fastStart; none up to Connect, or
 * fastConnectRefused, means refused. */
static void read_fast_start(h323_call *c, const h225_uuie *u, bool is_connect)
{
    h323_ep *ep = c->ep;
    if (!c->fs_offered || c->fs_done || c->fs_refused)
        return;
    if (u->fast_connect_refused) {
        c->fs_refused = true;
        return;
    }
    if (!u->has_fast_start || !u->fast_start.count) {
        if (is_connect)
            c->fs_refused = true;
        return;
    }
    h323_fs_media fm = { ep->cfg.codecs, ep->cfg.ncodecs, ep->cfg.frames_per_packet, c->media };
    h323_media_channel ch[2];
    size_t nch = 0;
    size_t n = u->fast_start.count < H323_FS_MAX_OLCS ? u->fast_start.count : H323_FS_MAX_OLCS;
    int rc = h323_fs_accepted(u->fast_start.items, n, &fm, ep->h245_scratch, sizeof ep->h245_scratch, ch, &nch);
    if (rc != 0 || nch == 0) {
        if (rc < 0) {
            ep->bad_messages++;
            h323_ep_log(ep, c, "fast start answer does not decode: H.245 opens the media");
        }
        c->fs_refused = true;
        return;
    }
    c->fs_done = true;
    c->info.fast_start = true;
    for (size_t i = 0; i < nch && !released(c); i++)
        media_event(c, &ch[i], true);
}

static void take_h245_address(h323_call *c, const h225_uuie *u)
{
    if (u->has_h245_address && !c->peer_h245_addr_valid && from_h225(&u->h245_address, &c->peer_h245_addr))
        c->peer_h245_addr_valid = true;
}

static void tunnelled_h245(h323_call *c, const h225_user_information *m, uint64_t now)
{
    if (!m->pdu.has_h245_control || !m->pdu.h245_control.count)
        return;
    if (!c->tunnelling) {
        h323_ep_log(c->ep, c, "h245Control on a call without tunnelling: ignored");
        return;
    }
    for (uint32_t i = 0; i < m->pdu.h245_control.count && !released(c); i++)
        h245_input(c, m->pdu.h245_control.items[i].data, m->pdu.h245_control.items[i].len, now);
}

/* A message for an outgoing call: the answers to our Setup (H.225.0 7.3, H.323 8.1.1). */
static void outgoing_answer(h323_call *c, uint8_t type, const h225_user_information *m, uint64_t now)
{
    const h225_uuie *u = &m->pdu.body.uuie;
    enum h323_call_state st = c->info.state;
    if (!c->answered_first) {
        c->answered_first = true;
        /* H.323 8.2.1: tunnelling holds only if the first answer says so too. */
        c->tunnelling = c->tunnelling && m->pdu.h245_tunnelling;
    }
    enum h323_event_type ev = H323_EV_LOG;
    if (type == Q931_CALL_PROCEEDING && st == H323_CS_CALLING) {
        c->info.state = H323_CS_PROCEEDING;
        start_q931_timer(c, H323_T310, now);
        ev = H323_EV_PROCEEDING;
    } else if (type == Q931_ALERTING && (st == H323_CS_CALLING || st == H323_CS_PROCEEDING)) {
        c->info.state = H323_CS_ALERTING;
        start_q931_timer(c, H323_T301, now);
        ev = H323_EV_ALERTING;
    } else if (type == Q931_CONNECT && st != H323_CS_CONNECTED) {
        c->info.state = H323_CS_CONNECTED;
        if (!c->peer_ended)
            c->q931_timer = H323_T_NONE;
        ev = H323_EV_CONNECTED;
    }
    if (ev == H323_EV_LOG && type != Q931_PROGRESS) {
        /* A repeated or late answer (Q.931 5.8.4 would STATUS; H.323 peers repeat harmlessly). */
        return;
    }
    if (type == Q931_CONNECT && u->has_connected_address)
        read_aliases(&u->connected_address, c->info.called_number, sizeof c->info.called_number,
                     c->info.called_alias, sizeof c->info.called_alias);
    take_h245_address(c, u);
    read_fast_start(c, u, type == Q931_CONNECT);
    if (released(c))
        return;
    if (ev != H323_EV_LOG)
        emit_simple(c, ev);
    if (released(c) || type != Q931_CONNECT)
        return;
    /* Connected: H.245 now (H.323 8.2), tunnelled or on the connection the callee offered. */
    if (c->tunnelling) {
        if (!(c->flags & H323_CALL_NO_H245))
            h245_ensure(c, now);
    } else if (c->peer_h245_addr_valid) {
        h245_connect(c, now);
    } else if (!c->fs_done && !c->h245_cx && !c->h245_listen) {
        h323_ep_log(c->ep, c, "connected without fast start, tunnelling or h245Address: no media");
    }
}

static bool is_known_type(uint8_t t)
{
    switch (t) {
    case Q931_ALERTING: case Q931_CALL_PROCEEDING: case Q931_PROGRESS: case Q931_SETUP:
    case Q931_CONNECT: case Q931_SETUP_ACK: case Q931_CONNECT_ACK: case Q931_RELEASE_COMPLETE:
    case Q931_FACILITY: case Q931_NOTIFY: case Q931_STATUS_ENQUIRY: case Q931_INFORMATION:
    case Q931_STATUS:
        return true;
    default:
        return false;
    }
}

static void signal_pdu(h323_call *c, const uint8_t *pdu, size_t len, uint64_t now)
{
    h323_ep *ep = c->ep;
    q931_message q;
    int rc = q931_decode(&q, pdu, len);
    if (rc == Q931_ERR_SHORT || rc == Q931_ERR_DISCRIMINATOR || rc == Q931_ERR_CALL_REF) {
        /* Q.931 5.8.1, 5.8.2, 5.8.3.1: such a message is ignored. */
        ep->bad_messages++;
        log_what(c, "ignored a message that is not Q.931", q931_strerror(rc));
        return;
    }
    if (rc < 0) {
        ep->bad_messages++;
        send_status(c, H323_CAUSE_INVALID_MESSAGE);
        return;
    }
    if (q.call_ref != c->info.call_ref) {
        /* Q.931 5.8.3.2: a call reference we do not know. */
        ep->bad_messages++;
        if (q.type != Q931_RELEASE_COMPLETE)
            send_release_complete_raw(ep, c->sig, q.call_ref, !q.call_ref_flag, 81, NO_REASON);
        return;
    }
    if (!is_known_type(q.type)) {
        ep->bad_messages++;
        send_status(c, H323_CAUSE_MESSAGE_TYPE_NONEXISTENT);   /* Q.931 5.8.4 */
        return;
    }
    if (q.type == Q931_STATUS_ENQUIRY) {
        send_status(c, 30);   /* Q.931 5.8.10: cause 30, response to STATUS ENQUIRY */
        return;
    }
    if (q.type == Q931_STATUS || q.type == Q931_CONNECT_ACK || q.type == Q931_SETUP_ACK)
        return;   /* Q.931 5.8.11: nothing to do while the states agree; H.225.0 drops CONNECT ACK */

    h225_user_information m;
    per_arena a;
    per_arena_init(&a, ep->uu_scratch, sizeof ep->uu_scratch);
    bool have_uu = (q.present & Q931_HAS_USER_USER) &&
                   h225_decode_uu(q.user_user.contents.data, q.user_user.contents.len, &m, &a, NULL) == 0;
    if (q.type == Q931_RELEASE_COMPLETE) {
        uint32_t reason = have_uu && m.pdu.body.uuie.has_release_reason ? m.pdu.body.uuie.release_reason.choice
                                                                        : NO_REASON;
        uint32_t cause = (q.present & Q931_HAS_CAUSE) ? q.cause.value
                         : reason != NO_REASON ? cause_of_reason(reason) : H323_CAUSE_NORMAL;
        if (!have_uu && (q.present & Q931_HAS_USER_USER))
            ep->bad_messages++;
        call_release(c, cause, reason, false, false, "peer released", now);
        return;
    }
    if (!have_uu) {
        /* H.225.0 7.3: every message carries an H323-UserInformation. */
        ep->bad_messages++;
        send_status(c, (q.present & Q931_HAS_USER_USER) ? Q931_CAUSE_INVALID_IE_CONTENTS
                                                        : H323_CAUSE_MANDATORY_IE_MISSING);
        return;
    }
    bool answer = q.type == Q931_CALL_PROCEEDING || q.type == Q931_ALERTING || q.type == Q931_CONNECT;
    if (q.type == Q931_SETUP || (answer && !c->info.outgoing) || (answer && !c->setup_sent)) {
        /* Q.931 5.8.4: a message not compatible with the call state. */
        ep->bad_messages++;
        send_status(c, Q931_CAUSE_WRONG_CALL_STATE);
        return;
    }
    const h225_uuie *u = &m.pdu.body.uuie;
    if (c->info.outgoing && (answer || q.type == Q931_PROGRESS)) {
        outgoing_answer(c, q.type, &m, now);
    } else {
        take_h245_address(c, u);
        if (c->info.outgoing)
            read_fast_start(c, u, false);
        if (!c->tunnelling && c->peer_h245_addr_valid && !released(c) &&
            q.type == Q931_FACILITY && u->facility_reason == H225_FR_START_H245)
            h245_connect(c, now);   /* H.225.0 7.4.7: startH245 */
    }
    if (!released(c))
        tunnelled_h245(c, &m, now);
}

void h323_call_pdu(h323_call *c, h323_cx *cx, const uint8_t *pdu, size_t len, uint64_t now)
{
    if (released(c))
        return;
    if (cx->role == H323_CX_H245)
        h245_input(c, pdu, len, now);
    else
        signal_pdu(c, pdu, len, now);
}

/* ---- incoming calls (H.225.0 7.3.10, H.323 8.1.1) ---------------------------------------------------------- */

static void refuse_setup(h323_ep *ep, h323_cx *cx, uint16_t crv, uint32_t cause, const char *why)
{
    ep->bad_messages += cause != H323_CAUSE_NO_CIRCUIT;
    h323_ep_log(ep, NULL, why);
    send_release_complete_raw(ep, cx, crv, true, cause, reason_of_cause(cause));
    h323_cx_close(ep, cx);
}

static void offer_incoming(h323_call *c)
{
    emit_simple(c, H323_EV_INCOMING);
}

void h323_call_incoming_pdu(h323_ep *ep, h323_cx *cx, const uint8_t *pdu, size_t len, uint64_t now)
{
    q931_message q;
    int rc = q931_decode(&q, pdu, len);
    if (rc == Q931_ERR_SHORT || rc == Q931_ERR_DISCRIMINATOR || rc == Q931_ERR_CALL_REF) {
        /* Q.931 5.8.1-5.8.3.1 say ignore; nothing else can come on this connection. */
        ep->bad_messages++;
        h323_ep_log(ep, NULL, "first message on a call signalling connection is not Q.931");
        h323_cx_close(ep, cx);
        return;
    }
    uint16_t crv = (uint16_t)((pdu[2] & 0x7F) << 8 | pdu[3]);   /* rc != SHORT: 5 octets */
    if (rc < 0) {
        refuse_setup(ep, cx, crv, H323_CAUSE_INVALID_MESSAGE, "a Setup that does not decode");
        return;
    }
    if (q.type != Q931_SETUP) {
        /* Q.931 5.8.3.2: not a call we know of. */
        ep->bad_messages++;
        h323_ep_log(ep, NULL, "the first message on a connection is not a Setup");
        if (q.type != Q931_RELEASE_COMPLETE)
            send_release_complete_raw(ep, cx, q.call_ref, !q.call_ref_flag, 81, NO_REASON);
        h323_cx_close(ep, cx);
        return;
    }
    /* H.225.0 7.3.10: Bearer capability and User-user are mandatory in Setup; an unknown
     * IE that requires comprehension counts as one missing (Q.931 5.8.7.1). */
    if ((q.bad & (Q931_HAS_BEARER | Q931_HAS_USER_USER))) {
        refuse_setup(ep, cx, crv, Q931_CAUSE_INVALID_IE_CONTENTS, "Setup: bad mandatory IE contents");
        return;
    }
    if (!(q.present & Q931_HAS_BEARER) || !(q.present & Q931_HAS_USER_USER) || q.comprehension_required) {
        refuse_setup(ep, cx, crv, H323_CAUSE_MANDATORY_IE_MISSING, "Setup: mandatory IE missing");
        return;
    }
    h225_user_information m;
    per_arena a;
    per_arena_init(&a, ep->uu_scratch, sizeof ep->uu_scratch);
    if (h225_decode_uu(q.user_user.contents.data, q.user_user.contents.len, &m, &a, NULL)) {
        refuse_setup(ep, cx, crv, Q931_CAUSE_INVALID_IE_CONTENTS, "Setup: H323-UserInformation does not decode");
        return;
    }
    const h225_uuie *u = &m.pdu.body.uuie;
    if (m.pdu.body.choice != H225_BODY_SETUP || !h225_protocol_version(&u->protocol_identifier)) {
        refuse_setup(ep, cx, crv, H323_CAUSE_PROTOCOL_ERROR, "Setup: not a Setup-UUIE of H.225.0");
        return;
    }
    if (ep->cfg.max_calls && ep->calls_active >= ep->cfg.max_calls) {
        refuse_setup(ep, cx, crv, H323_CAUSE_NO_CIRCUIT, "max_calls reached: Setup refused");
        return;
    }
    h323_call *c = call_new(ep, false);
    if (!c) {
        refuse_setup(ep, cx, crv, H323_CAUSE_TEMPORARY_FAILURE, "out of memory: Setup refused");
        return;
    }
    h323_call_hold(c);
    cx->call = c;
    c->sig = cx;
    c->info.call_ref = q.call_ref;
    memcpy(c->info.call_id, u->call_identifier.guid, 16);
    memcpy(c->info.conference_id, u->conference_id, 16);
    c->info.remote_signal = cx->peer;
    if (q.present & Q931_HAS_CALLING)
        copy_text(c->info.calling_number, sizeof c->info.calling_number, (const char *)q.calling.digits.data,
                  q.calling.digits.len);
    if (q.present & Q931_HAS_CALLED)
        copy_text(c->info.called_number, sizeof c->info.called_number, (const char *)q.called.digits.data,
                  q.called.digits.len);
    if (q.present & Q931_HAS_DISPLAY)
        copy_text(c->info.display, sizeof c->info.display, (const char *)q.display.data, q.display.len);
    else if (u->has_display_name && u->display_name.count)
        bmp_to_utf8(c->info.display, sizeof c->info.display, &u->display_name.items[0].name);
    if (u->has_source_address)
        read_aliases(&u->source_address, c->info.calling_number, sizeof c->info.calling_number,
                     c->info.calling_alias, sizeof c->info.calling_alias);
    if (u->has_destination_address)
        read_aliases(&u->destination_address, c->info.called_number, sizeof c->info.called_number,
                     c->info.called_alias, sizeof c->info.called_alias);
    /* H.323 8.2.1: tunnel when both sides want it. */
    c->tunnelling = ep->cfg.tunnelling && m.pdu.h245_tunnelling;
    take_h245_address(c, u);
    if (ep->cfg.fast_start && u->has_fast_start && u->fast_start.count) {
        size_t n = u->fast_start.count < H323_FS_MAX_OLCS ? u->fast_start.count : H323_FS_MAX_OLCS, total = 0;
        for (size_t i = 0; i < n; i++)
            total += u->fast_start.items[i].len;
        c->fs_offer = malloc(total ? total : 1);
        if (c->fs_offer) {
            c->fs_offer_size = total ? total : 1;
            size_t o = 0;
            for (size_t i = 0; i < n; i++) {
                memcpy(c->fs_offer + o, u->fast_start.items[i].data, u->fast_start.items[i].len);
                c->fs_offer_len[i] = (uint16_t)u->fast_start.items[i].len;
                o += u->fast_start.items[i].len;
            }
            c->fs_offer_n = (uint16_t)n;
            c->fs_offered = true;
        }
    }
    c->info.state = H323_CS_OFFERED;
    /* CallProceeding at once (H.323 8.1.1): the caller's T303 stops, tunnelling is settled. */
    q931_message cp;
    h225_user_information cm;
    msg_init(c, &cp, Q931_CALL_PROCEEDING, &cm, H225_BODY_CALL_PROCEEDING);
    if (send_q931(c, &cp, &cm)) {
        call_release(c, H323_CAUSE_TEMPORARY_FAILURE, NO_REASON, true, false, "could not send CallProceeding", now);
        h323_call_unhold(c);
        return;
    }
    tunnelled_h245(c, &m, now);
    if (!released(c)) {
        if (ep->ras && h323_ras_registered(ep->ras)) {
            /* H.323 8.1.2: admission (ARQ answerCall) before the call is offered; an
             * endpoint that is not registered takes the call as H.323 8.1.1 does. */
            c->admitting = true;
            if (h323_ras_admit(ep->ras, c->info.call_ref, c->info.call_id, c->info.conference_id, true,
                               NULL, &ep->cfg.signal_addr, 1280, now, &c->ras_token)) {
                c->admitting = false;
                call_release(c, H323_CAUSE_TEMPORARY_FAILURE, H225_RC_UNREACHABLE_GATEKEEPER, true, true,
                             "ARQ could not be sent", now);
            }
        } else {
            offer_incoming(c);
        }
    }
    h323_call_unhold(c);
}

/* The Q.850 cause of a refused admission (H.323 8.1.2-8.1.6: an endpoint that gets ARJ
 * does not place, or does not accept, the call). Where an AdmissionRejectReason (H.225.0
 * 7.9) has a ReleaseCompleteReason of the same meaning, its cause is the one the H.225.0
 * 7.4.2 table pairs with that reason (calledPartyNotRegistered 20, a gatekeeper that does not
 * answer: unreachableGatekeeper 38); the others are named by the Q.850 cause of the same
 * meaning (Q.850 table 1: 1 unallocated number, 3 no route, 28 invalid number format, 34 no
 * circuit, 47 resource unavailable). Any other refusal is the network's decision not to
 * carry the call: 21 call rejected. */
static uint32_t arj_cause(uint32_t arj_reason)
{
    switch (arj_reason) {
    case UINT32_MAX: return H323_CAUSE_NETWORK_OUT_OF_ORDER;   /* no ACF/ARJ after every retry */
    case H225_ARJ_CALLED_PARTY_NOT_REGISTERED: return 20;      /* subscriber absent */
    case H225_ARJ_UNALLOCATED_NUMBER: return H323_CAUSE_UNALLOCATED;
    case H225_ARJ_NO_ROUTE_TO_DESTINATION: return 3;           /* no route to destination */
    case H225_ARJ_INCOMPLETE_ADDRESS: return 28;               /* invalid number format */
    case H225_ARJ_EXCEEDS_CALL_CAPACITY: return H323_CAUSE_NO_CIRCUIT;
    case H225_ARJ_RESOURCE_UNAVAILABLE: return CAUSE_RESOURCE_UNAVAILABLE;
    default: return H323_CAUSE_REJECTED;
    }
}

void h323_call_ras_event(h323_ep *ep, const h323_ras_event *ev, uint64_t now)
{
    /* The token names the ARQ (and, after the ACF, the admitted call): call references
     * are not unique among incoming calls, which their callers numbered. */
    h323_call *c = ep->calls;
    if (ev->type == H323_RAS_EV_DISENGAGE) {
        while (c && !(c->admitted && c->ras_token == ev->u.adm.token && c->info.state != H323_CS_RELEASED))
            c = c->next;
    } else {
        while (c && !(c->admitting && c->ras_token == ev->u.adm.token))
            c = c->next;
    }
    if (!c)
        return;
    h323_call_hold(c);
    switch (ev->type) {
    case H323_RAS_EV_ADMITTED:
        c->admitting = false;
        c->admitted = true;
        if (!c->info.outgoing) {
            offer_incoming(c);
            break;
        }
        if (ev->u.adm.dest.family) {
            c->dest = ev->u.adm.dest;
            c->info.remote_signal = c->dest;
        }
        if (!addr_set(&c->dest)) {
            call_release(c, H323_CAUSE_UNALLOCATED, NO_REASON, true, false, "ACF without an address", now);
            break;
        }
        {
            h323_conn conn = ep->io.tcp_connect(ep->ctx, &c->dest);
            c->sig = conn ? h323_cx_add(ep, conn, H323_CX_SIGNAL, c) : NULL;
            if (!c->sig) {
                if (conn)
                    ep->io.tcp_close(ep->ctx, conn);
                call_release(c, H323_CAUSE_DEST_OUT_OF_ORDER, NO_REASON, true, false, "TCP connect failed", now);
            }
        }
        break;
    case H323_RAS_EV_ADMIT_REJECTED:
        c->admitting = false;
        /* Outgoing: nothing was sent yet. Incoming: the caller gets ReleaseComplete with the
         * cause and the reason H.225.0 pairs with it. */
        call_release(c, arj_cause(ev->u.adm.reject_reason), NO_REASON, true, !c->info.outgoing,
                     ev->u.adm.reject_reason == UINT32_MAX ? "the gatekeeper did not answer the ARQ"
                                                           : "admission rejected (ARJ)",
                     now);
        break;
    case H323_RAS_EV_DISENGAGE:
        c->admitted = false;   /* the gatekeeper's DRQ: no DRQ of ours afterwards */
        call_release(c, H323_CAUSE_NORMAL, NO_REASON, true, true, "gatekeeper sent DRQ", now);
        break;
    default:
        break;
    }
    h323_call_unhold(c);
}

/* ---- the user's actions --------------------------------------------------------------------------------- */

static void set_media(h323_call *c, const h323_addr *media)
{
    if (!media || !addr_set(media))
        return;
    c->media = *media;
    c->has_media = true;
    if (c->h245)
        h245ctl_set_media(c->h245, media);
}

/* The callee's fast start answer (H.323 8.1.7.1) into u, once, when media is known. The
 * channels go to ch for MEDIA events after the message is out. */
static void answer_fast_start(h323_call *c, h225_uuie *u, uint8_t *buf, size_t cap, per_octets *olcs,
                              h323_media_channel ch[2], size_t *nch)
{
    h323_ep *ep = c->ep;
    *nch = 0;
    if (!c->fs_offered || c->fs_done || c->fs_refused || !c->has_media)
        return;
    per_octets offer[H323_FS_MAX_OLCS];
    size_t o = 0;
    for (size_t i = 0; i < c->fs_offer_n; i++) {
        offer[i] = (per_octets){ c->fs_offer_len[i], c->fs_offer + o };
        o += c->fs_offer_len[i];
    }
    h323_fs_media fm = { ep->cfg.codecs, ep->cfg.ncodecs, ep->cfg.frames_per_packet, c->media };
    size_t nans = 0;
    int rc = h323_fs_answer(offer, c->fs_offer_n, &fm, ep->h245_scratch, sizeof ep->h245_scratch, buf, cap,
                            olcs, H323_FS_MAX_OLCS, &nans, ch, nch);
    free(c->fs_offer);
    c->fs_offer = NULL;
    c->fs_offer_n = 0;
    c->fs_offer_size = 0;
    if (rc != 0 || !nans) {
        if (rc < 0) {
            ep->bad_messages++;
            h323_ep_log(ep, c, "fast start offer does not decode: answered without fast start");
        }
        c->fs_refused = true;
        u->fast_connect_refused = true;   /* H.225.0 7.4: tell the caller at once */
        *nch = 0;
        return;
    }
    c->fs_done = true;
    c->info.fast_start = true;
    u->has_fast_start = true;
    u->fast_start = (h225_octets_list){ (uint32_t)nans, olcs };
}

int h323_call_alert(h323_call *c, const h323_addr *media, uint64_t now)
{
    if (!c)
        return H323_E_INVAL;
    if (c->info.outgoing || c->info.state != H323_CS_OFFERED || c->admitting || c->peer_ended || released(c))
        return H323_E_STATE;
    c->ep->now = now;
    h323_call_hold(c);
    set_media(c, media);
    q931_message q;
    h225_user_information m;
    msg_init(c, &q, Q931_ALERTING, &m, H225_BODY_ALERTING);
    uint8_t buf[2048];
    per_octets olcs[H323_FS_MAX_OLCS];
    h323_media_channel ch[2];
    size_t nch;
    answer_fast_start(c, &m.pdu.body.uuie, buf, sizeof buf, olcs, ch, &nch);
    int rc = 0;
    if (send_q931(c, &q, &m)) {
        rc = H323_E_IO;
    } else {
        c->info.state = H323_CS_RINGING;
        for (size_t i = 0; i < nch && !released(c); i++)
            media_event(c, &ch[i], true);
    }
    h323_call_unhold(c);
    return rc;
}

int h323_call_answer(h323_call *c, const h323_addr *media, uint64_t now)
{
    if (!c)
        return H323_E_INVAL;
    if (c->info.outgoing || (c->info.state != H323_CS_OFFERED && c->info.state != H323_CS_RINGING) ||
        c->admitting || c->peer_ended || released(c))
        return H323_E_STATE;
    h323_ep *ep = c->ep;
    ep->now = now;
    h323_call_hold(c);
    set_media(c, media);
    q931_message q;
    h225_user_information m;
    msg_init(c, &q, Q931_CONNECT, &m, H225_BODY_CONNECT);
    h225_uuie *u = &m.pdu.body.uuie;
    uint8_t buf[2048];
    per_octets olcs[H323_FS_MAX_OLCS];
    h323_media_channel ch[2];
    size_t nch;
    answer_fast_start(c, u, buf, sizeof buf, olcs, ch, &nch);
    if (c->fs_offered && !c->fs_done)
        c->fs_refused = true;
    c->info.state = H323_CS_CONNECTED;
    int rc = 0;
    /* H.245 (H.323 8.2): tunnelled, its first messages (TCS, MSD) ride in the Connect; else
     * on a connection to the caller's h245Address (opened after the Connect, so that the
     * caller knows the fast start answer before H.245 starts), or one we listen for
     * (h245Address in Connect, H.225.0 7.3.3). */
    if (c->tunnelling)
        h245_ensure(c, now);
    else if (!c->peer_h245_addr_valid && !h245_listen(c, u) && !c->fs_done)
        h323_ep_log(ep, c, "cannot listen for H.245: connected without media");
    if (!released(c)) {
        if (send_q931(c, &q, &m)) {
            rc = H323_E_IO;
            call_release(c, H323_CAUSE_TEMPORARY_FAILURE, NO_REASON, true, false, "could not send Connect", now);
        } else {
            if (!c->tunnelling && c->peer_h245_addr_valid)
                h245_connect(c, now);
            if (!released(c))
                emit_simple(c, H323_EV_CONNECTED);
            for (size_t i = 0; i < nch && !released(c); i++)
                media_event(c, &ch[i], true);
        }
    }
    h323_call_unhold(c);
    return rc;
}

int h323_call_hangup(h323_call *c, uint32_t cause, uint64_t now)
{
    if (!c || cause == 0 || cause > 127)
        return H323_E_INVAL;
    if (released(c))
        return H323_E_STATE;
    c->ep->now = now;
    h323_call_hold(c);
    call_release(c, cause, NO_REASON, true, true, "local hang-up", now);
    h323_call_unhold(c);
    return 0;
}

int h323_call_send_dtmf(h323_call *c, char digit, uint16_t duration_ms, uint64_t now)
{
    if (!c || !digit || !strchr("0123456789#*ABCD!", digit))
        return H323_E_INVAL;
    if (released(c) || !c->h245 || !h245ctl_ready(c->h245))
        return H323_E_STATE;
    c->ep->now = now;
    h323_call_hold(c);
    int rc = h245ctl_send_dtmf(c->h245, digit, duration_ms, now) ? H323_E_IO : 0;
    h323_call_unhold(c);
    return rc;
}

void h323_call_set_user(h323_call *c, void *user)
{
    if (c)
        c->user = user;
}

void *h323_call_user(const h323_call *c)
{
    return c ? c->user : NULL;
}

void h323_call_info_get(const h323_call *c, h323_call_info *info)
{
    if (!info)
        return;
    if (!c) {
        memset(info, 0, sizeof *info);
        return;
    }
    *info = c->info;
    if (c->h245 && h245ctl_ready(c->h245))
        info->h245_master = h245ctl_is_master(c->h245);
}

void h323_call_free(h323_call *c)
{
    if (!c || c->free_requested)
        return;
    if (!released(c)) {
        c->silent_release = true;
        call_release(c, H323_CAUSE_NORMAL, NO_REASON, true, true, "freed", c->ep->now);
    }
    c->free_requested = true;
    if (!c->busy)
        call_unlink_free(c);
}

void h323_call_destroy(h323_call *c)
{
    h323_ep *ep = c->ep;
    if (c->info.state != H323_CS_RELEASED && ep->calls_active)
        ep->calls_active--;
    forget_cx(c, c->sig, true);
    forget_cx(c, c->h245_cx, true);
    forget_cx(c, c->h245_listen, true);
    call_unlink_free(c);
}

/* Engine memory of a connected call: the call, its timer heap slot, its connections with
 * their table slots (the table is kept at most half full: two slots each) and their partial
 * TPKT buffers, its h245ctl session, the tunnelled H.245 waiting to go out, and a fast
 * start offer or destination alias still held. Allocator overhead is not counted. */
uint64_t h323_call_bytes_per_connected(const h323_ep *ep)
{
    uint64_t total = 0, n = 0;
    for (const h323_call *c = ep->calls; c; c = c->next) {
        if (c->info.state != H323_CS_CONNECTED)
            continue;
        uint64_t b = sizeof *c + sizeof(h323_timer *) + c->pend_cap + h245ctl_size(c->h245) + c->fs_offer_size +
                     (c->dest_alias ? strlen(c->dest_alias) + 1 : 0);
        const h323_cx *cxs[] = { c->sig, c->h245_cx, c->h245_listen };
        for (size_t i = 0; i < 3; i++)
            if (cxs[i])
                b += sizeof *cxs[i] + 2 * sizeof(h323_cx *) + cxs[i]->buf_size;
        total += b;
        n++;
    }
    return n ? total / n : 0;
}
