/* tsp-h323/q931/q931.c - Q.931 messages for H.225.0; see q931.h for what and why. */
#include "q931.h"

#include <string.h>

#define EXT 0x80   /* bit 8 of an IE octet: 1 = last octet of its group (Q.931 4.5.1) */

static q931_octets octets(const uint8_t *p, size_t n)
{
    return (q931_octets){ p, n };
}

static bool ia5_only(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] & 0x80)
            return false;
    return true;
}

/* Octets of a group extended by bit 8 (Q.931 4.5.1 notes on octet groups): each octet
 * but the last has ext 0, the last ext 1. */
static bool ext_group_ok(q931_octets g)
{
    for (size_t i = 0; i < g.len; i++)
        if (!(g.data[i] & EXT) != (i + 1 < g.len))
            return false;
    return true;
}

/* ---- decoding of the IE contents (each: false = content error, Q.931 5.8.7.2) ---- */

/* Bearer capability, Q.931 4.5.5 figure 4-11: octet 3 (coding standard, capability),
 * octet 4 (mode, rate), octet 4.1 only for multirate, optional octet 5 group (layer 1
 * identification 01 in bits 7-6, then 5a-5d while ext is 0), optional octets 6, 7. */
static bool get_bearer(q931_bearer *b, const uint8_t *c, size_t n)
{
    if (n < 2 || !(c[0] & EXT) || !(c[1] & EXT))
        return false;
    b->coding_standard = (c[0] >> 5) & 3;
    b->capability = c[0] & 0x1F;
    b->transfer_mode = (c[1] >> 5) & 3;
    b->rate = c[1] & 0x1F;
    size_t i = 2;
    if (b->rate == Q931_BC_RATE_MULTI) {
        if (i >= n || !(c[i] & EXT))
            return false;
        b->multiplier = c[i++] & 0x7F;
    }
    if (i < n && (c[i] & 0x60) == 0x20) {
        b->layer1 = c[i] & 0x1F;
        if (b->layer1 == 0)            /* reserved value; 0 means "no octet 5" here */
            return false;
        bool last = c[i++] & EXT;
        size_t start = i;
        while (!last) {
            if (i >= n || i - start == 4)     /* 5a..5d at most */
                return false;
            last = c[i++] & EXT;
        }
        b->layer1_more = octets(c + start, i - start);
    }
    b->layers23 = octets(c + i, n - i);
    return true;
}

/* Cause, Q.931 4.5.12 figure 4-17: octet 3 (coding standard, location), octet 3a
 * (recommendation) when octet 3 has ext 0, octet 4 (cause value, ext 1), diagnostics. */
static bool get_cause(q931_cause *k, const uint8_t *c, size_t n)
{
    if (n < 2)
        return false;
    k->coding_standard = (c[0] >> 5) & 3;
    k->location = c[0] & 0x0F;
    size_t i = 1;
    if (!(c[0] & EXT)) {
        if (!(c[1] & EXT))
            return false;
        k->has_recommendation = true;
        k->recommendation = c[1] & 0x7F;
        i = 2;
    }
    if (i >= n || !(c[i] & EXT))
        return false;
    k->value = c[i++] & 0x7F;
    k->diagnostics = octets(c + i, n - i);
    return true;
}

/* Called party number (Q.931 4.5.8 figure 4-14: octet 3 only) and calling party number
 * (4.5.10 figure 4-16: octet 3, and octet 3a with presentation/screening when octet 3
 * has ext 0), then IA5 digits. */
static bool get_number(q931_number *num, const uint8_t *c, size_t n, bool octet3a_allowed)
{
    if (n < 1)
        return false;
    num->type = (c[0] >> 4) & 7;
    num->plan = c[0] & 0x0F;
    size_t i = 1;
    if (!(c[0] & EXT)) {
        if (!octet3a_allowed || n < 2 || !(c[1] & EXT))
            return false;
        num->has_octet3a = true;
        num->presentation = (c[1] >> 5) & 3;
        num->screening = c[1] & 3;
        i = 2;
    }
    num->digits = octets(c + i, n - i);
    return ia5_only(c + i, n - i);
}

/* Progress indicator, Q.931 4.5.23 figure 4-29: octet 3 (coding standard, location),
 * octet 4 (description), both ext 1. */
static bool get_progress(q931_progress *p, const uint8_t *c, size_t n)
{
    if (n != 2 || !(c[0] & EXT) || !(c[1] & EXT))
        return false;
    p->coding_standard = (c[0] >> 5) & 3;
    p->location = c[0] & 0x0F;
    p->description = c[1] & 0x7F;
    return true;
}

/* Notification indicator, Q.931 4.5.22 figure 4-28: octet 3 (ext 1, description); any
 * further octets (Q.932 extended descriptions) are kept as they are. */
static bool get_notification(q931_notification *nt, const uint8_t *c, size_t n)
{
    if (n < 1 || !(c[0] & EXT))
        return false;
    nt->description = c[0] & 0x7F;
    nt->more = octets(c + 1, n - 1);
    return true;
}

static void keep_other(q931_message *m, uint8_t codeset, uint8_t id, q931_octets contents)
{
    if (m->num_other == Q931_MAX_OTHER) {
        m->ignored++;
        return;
    }
    m->other[m->num_other++] = (q931_ie){ codeset, id, contents };
}

/* One variable-length IE of codeset 0; false when this codec does not know it. */
static bool get_known_ie(q931_message *m, uint8_t id, const uint8_t *c, size_t n)
{
    uint32_t bit;
    switch (id) {
    case Q931_IE_BEARER_CAPABILITY: bit = Q931_HAS_BEARER; break;
    case Q931_IE_CAUSE: bit = Q931_HAS_CAUSE; break;
    case Q931_IE_CHANNEL_ID: bit = Q931_HAS_CHANNEL_ID; break;
    case Q931_IE_PROGRESS: bit = Q931_HAS_PROGRESS; break;
    case Q931_IE_NOTIFICATION: bit = Q931_HAS_NOTIFICATION; break;
    case Q931_IE_DISPLAY: bit = Q931_HAS_DISPLAY; break;
    case Q931_IE_KEYPAD: bit = Q931_HAS_KEYPAD; break;
    case Q931_IE_SIGNAL: bit = Q931_HAS_SIGNAL; break;
    case Q931_IE_CALLING_NUMBER: bit = Q931_HAS_CALLING; break;
    case Q931_IE_CALLED_NUMBER: bit = Q931_HAS_CALLED; break;
    case Q931_IE_USER_USER: bit = Q931_HAS_USER_USER; break;
    default: return false;
    }

    /* Q.931 5.8.5.2: of a repeated IE only the first counts. The Progress indicator
     * may be repeated (table 4-3 note 2); two are kept. */
    bool repeat = (m->present | m->bad) & bit;
    if (bit == Q931_HAS_PROGRESS)
        repeat = m->num_progress == Q931_MAX_PROGRESS || (m->bad & bit);
    if (repeat) {
        m->ignored++;
        return true;
    }

    /* Each IE is parsed into a local and stored only when its contents are good. */
    bool ok;
    switch (bit) {
    case Q931_HAS_BEARER: {
        q931_bearer b = { 0 };
        if ((ok = get_bearer(&b, c, n)))
            m->bearer = b;
        break;
    }
    case Q931_HAS_CAUSE: {
        q931_cause k = { 0 };
        if ((ok = get_cause(&k, c, n)))
            m->cause = k;
        break;
    }
    case Q931_HAS_PROGRESS: {
        q931_progress p = { 0 };
        if ((ok = get_progress(&p, c, n)))
            m->progress[m->num_progress++] = p;
        break;
    }
    case Q931_HAS_NOTIFICATION: {
        q931_notification nt = { 0 };
        if ((ok = get_notification(&nt, c, n)))
            m->notification = nt;
        break;
    }
    case Q931_HAS_CALLING:
    case Q931_HAS_CALLED: {
        q931_number num = { 0 };
        /* octet 3a exists only in the calling party number (4.5.10, not 4.5.8) */
        if ((ok = get_number(&num, c, n, bit == Q931_HAS_CALLING)))
            *(bit == Q931_HAS_CALLING ? &m->calling : &m->called) = num;
        break;
    }
    case Q931_HAS_CHANNEL_ID:
        if ((ok = n >= 1))
            m->channel_id = octets(c, n);
        break;
    case Q931_HAS_DISPLAY:
        ok = true;                 /* passed as received: Latin-1/UTF-8 exist in the field */
        m->display = octets(c, n);
        break;
    case Q931_HAS_KEYPAD:
        if ((ok = ia5_only(c, n))) /* Q.931 4.5.18: IA5 characters */
            m->keypad = octets(c, n);
        break;
    case Q931_HAS_SIGNAL:
        if ((ok = n == 1))
            m->signal = c[0];
        break;
    default: /* Q931_HAS_USER_USER: protocol discriminator, then the contents */
        if ((ok = n >= 1))
            m->user_user = (q931_user_user){ c[0], octets(c + 1, n - 1) };
        break;
    }
    if (ok)
        m->present |= bit;
    else
        m->bad |= bit;
    return true;
}

void q931_message_init(q931_message *m, uint8_t type, uint16_t call_ref, bool call_ref_flag)
{
    if (!m)
        return;
    memset(m, 0, sizeof *m);
    m->type = type;
    m->call_ref = call_ref;
    m->call_ref_flag = call_ref_flag;
}

int q931_decode(q931_message *m, const uint8_t *buf, size_t len)
{
    if (!m || (!buf && len))
        return Q931_ERR_INVALID;
    memset(m, 0, sizeof *m);
    if (len < 1)
        return Q931_ERR_SHORT;
    if (buf[0] != Q931_PROTOCOL_DISCRIMINATOR)
        return Q931_ERR_DISCRIMINATOR;
    if (len < 2)
        return Q931_ERR_SHORT;
    /* Octet 2: bits 8-5 are 0000, bits 4-1 the length (Q.931 4.3); H.225.0 uses 2. */
    if (buf[1] != Q931_CALL_REF_LEN)
        return Q931_ERR_CALL_REF;
    if (len < Q931_HEADER_LEN)
        return Q931_ERR_SHORT;
    m->call_ref_flag = buf[2] & 0x80;
    m->call_ref = (uint16_t)((buf[2] & 0x7F) << 8 | buf[3]);
    m->type = buf[4];

    /* Codesets (Q.931 4.5.2-4.5.4): a locking shift changes the codeset for the rest of
     * the message, never to a lower one; a non-locking shift only for the next IE. */
    uint8_t locked = 0;
    int once = -1;
    size_t off = Q931_HEADER_LEN;
    while (off < len) {
        uint8_t id = buf[off];
        uint8_t codeset = once >= 0 ? (uint8_t)once : locked;
        once = -1;
        if (id & 0x80) {
            off++;
            if ((id & 0xF0) == Q931_IE_SHIFT) {
                uint8_t to = id & 7;
                if (id & 0x08)
                    once = to;
                else if (to >= locked)
                    locked = to;
            } else if (codeset == 0 && id == Q931_IE_SENDING_COMPLETE) {
                if (m->present & Q931_HAS_SENDING_COMPLETE)
                    m->ignored++;
                m->present |= Q931_HAS_SENDING_COMPLETE;
            } else if (codeset == 0 && id == Q931_IE_MORE_DATA) {
                if (m->present & Q931_HAS_MORE_DATA)
                    m->ignored++;
                m->present |= Q931_HAS_MORE_DATA;
            } else {
                keep_other(m, codeset, id, octets(NULL, 0));
            }
            continue;
        }
        /* H.225.0 7.2: the User-user IE has a 2-octet length. */
        size_t hdr = codeset == 0 && id == Q931_IE_USER_USER ? 3 : 2;
        if (len - off < hdr)
            return Q931_ERR_TRUNCATED;
        size_t n = hdr == 3 ? (size_t)buf[off + 1] << 8 | buf[off + 2] : buf[off + 1];
        if (len - off - hdr < n)
            return Q931_ERR_TRUNCATED;
        const uint8_t *c = buf + off + hdr;
        off += hdr + n;
        if (codeset == 0 && get_known_ie(m, id, c, n))
            continue;
        /* Q.931 5.8.7.1: unknown codeset-0 identifiers 0000 xxxx need comprehension. */
        if (codeset == 0 && id < 0x10)
            m->comprehension_required++;
        keep_other(m, codeset, id, octets(c, n));
    }
    return 0;
}

/* ---- encoding ---------------------------------------------------------------------- */

typedef struct {
    uint8_t *p;
    size_t cap, len;
    bool full;       /* something did not fit */
    bool invalid;    /* a field out of range */
} wbuf;

static void put(wbuf *w, uint8_t b)
{
    if (w->len < w->cap)
        w->p[w->len++] = b;
    else
        w->full = true;
}

static void put_octets(wbuf *w, q931_octets o)
{
    if (o.len && !o.data) {
        w->invalid = true;
        return;
    }
    if (o.len > w->cap - w->len) {
        w->full = true;
        return;
    }
    if (o.len)
        memcpy(w->p + w->len, o.data, o.len);
    w->len += o.len;
}

static void check(wbuf *w, bool ok)
{
    if (!ok)
        w->invalid = true;
}

/* Starts a variable-length IE; returns where its contents begin, for ie_end. */
static size_t ie_begin(wbuf *w, uint8_t id, size_t len_octets)
{
    put(w, id);
    for (size_t i = 0; i < len_octets; i++)
        put(w, 0);
    return w->len;
}

/* Fills in the length of the IE whose contents began at start. */
static void ie_end(wbuf *w, size_t start, size_t len_octets)
{
    if (w->full)
        return;
    size_t n = w->len - start;
    if (len_octets == 1) {
        check(w, n <= 0xFF);
        w->p[start - 1] = (uint8_t)n;
    } else {
        check(w, n <= 0xFFFF);
        w->p[start - 2] = (uint8_t)(n >> 8);
        w->p[start - 1] = (uint8_t)n;
    }
}

static void put_bearer(wbuf *w, const q931_bearer *b)
{
    check(w, b->coding_standard <= 3 && b->capability <= 0x1F && b->transfer_mode <= 3 &&
             b->rate <= 0x1F && b->multiplier <= 0x7F && b->layer1 <= 0x1F &&
             ext_group_ok(b->layer1_more) && (b->layer1 || !b->layer1_more.len) &&
             b->layer1_more.len <= 4 &&
             /* without octet 5, octet 6 must not look like one (bits 7-6 = 01) */
             (b->layer1 || !b->layers23.len || !b->layers23.data ||
              (b->layers23.data[0] & 0x60) != 0x20));
    size_t s = ie_begin(w, Q931_IE_BEARER_CAPABILITY, 1);
    put(w, (uint8_t)(EXT | b->coding_standard << 5 | b->capability));
    put(w, (uint8_t)(EXT | b->transfer_mode << 5 | b->rate));
    if (b->rate == Q931_BC_RATE_MULTI)
        put(w, (uint8_t)(EXT | b->multiplier));
    if (b->layer1) {
        put(w, (uint8_t)((b->layer1_more.len ? 0 : EXT) | 0x20 | b->layer1));
        put_octets(w, b->layer1_more);
    }
    put_octets(w, b->layers23);
    ie_end(w, s, 1);
}

static void put_cause(wbuf *w, const q931_cause *k)
{
    check(w, k->coding_standard <= 3 && k->location <= 0x0F && k->recommendation <= 0x7F &&
             k->value <= 0x7F);
    size_t s = ie_begin(w, Q931_IE_CAUSE, 1);
    put(w, (uint8_t)((k->has_recommendation ? 0 : EXT) | k->coding_standard << 5 | k->location));
    if (k->has_recommendation)
        put(w, (uint8_t)(EXT | k->recommendation));
    put(w, (uint8_t)(EXT | k->value));
    put_octets(w, k->diagnostics);
    ie_end(w, s, 1);
}

static void put_number(wbuf *w, uint8_t id, const q931_number *num, bool octet3a_allowed)
{
    check(w, num->type <= 7 && num->plan <= 0x0F && num->presentation <= 3 &&
             num->screening <= 3 && (octet3a_allowed || !num->has_octet3a) &&
             (!num->digits.len || ia5_only(num->digits.data, num->digits.len)));
    size_t s = ie_begin(w, id, 1);
    put(w, (uint8_t)((num->has_octet3a ? 0 : EXT) | num->type << 4 | num->plan));
    if (num->has_octet3a)
        put(w, (uint8_t)(EXT | num->presentation << 5 | num->screening));
    put_octets(w, num->digits);
    ie_end(w, s, 1);
}

static void put_plain(wbuf *w, uint8_t id, q931_octets contents)
{
    size_t s = ie_begin(w, id, 1);
    put_octets(w, contents);
    ie_end(w, s, 1);
}

/* An IE kept in 'other', in whatever codeset is active. */
static void put_other(wbuf *w, const q931_ie *ie)
{
    if (ie->id & 0x80) {
        put(w, ie->id);
        return;
    }
    size_t lo = ie->codeset == 0 && ie->id == Q931_IE_USER_USER ? 2 : 1;
    size_t s = ie_begin(w, ie->id, lo);
    put_octets(w, ie->contents);
    ie_end(w, s, lo);
}

/* The known variable-length IEs of codeset 0, in ascending identifier order. */
static void put_known_ie(wbuf *w, const q931_message *m, uint8_t id)
{
    uint32_t has = m->present;
    switch (id) {
    case Q931_IE_BEARER_CAPABILITY:
        if (has & Q931_HAS_BEARER)
            put_bearer(w, &m->bearer);
        break;
    case Q931_IE_CAUSE:
        if (has & Q931_HAS_CAUSE)
            put_cause(w, &m->cause);
        break;
    case Q931_IE_CHANNEL_ID:
        if (has & Q931_HAS_CHANNEL_ID) {
            check(w, m->channel_id.len >= 1);
            put_plain(w, id, m->channel_id);
        }
        break;
    case Q931_IE_PROGRESS:
        if (!(has & Q931_HAS_PROGRESS))
            break;
        check(w, m->num_progress >= 1 && m->num_progress <= Q931_MAX_PROGRESS);
        for (size_t i = 0; i < m->num_progress && i < Q931_MAX_PROGRESS; i++) {
            const q931_progress *p = &m->progress[i];
            check(w, p->coding_standard <= 3 && p->location <= 0x0F && p->description <= 0x7F);
            size_t s = ie_begin(w, id, 1);
            put(w, (uint8_t)(EXT | p->coding_standard << 5 | p->location));
            put(w, (uint8_t)(EXT | p->description));
            ie_end(w, s, 1);
        }
        break;
    case Q931_IE_NOTIFICATION:
        if (has & Q931_HAS_NOTIFICATION) {
            check(w, m->notification.description <= 0x7F);
            size_t s = ie_begin(w, id, 1);
            put(w, (uint8_t)(EXT | m->notification.description));
            put_octets(w, m->notification.more);
            ie_end(w, s, 1);
        }
        break;
    case Q931_IE_DISPLAY:
        if (has & Q931_HAS_DISPLAY)
            put_plain(w, id, m->display);
        break;
    case Q931_IE_KEYPAD:
        if (has & Q931_HAS_KEYPAD) {
            check(w, !m->keypad.len || ia5_only(m->keypad.data, m->keypad.len));
            put_plain(w, id, m->keypad);
        }
        break;
    case Q931_IE_SIGNAL:
        if (has & Q931_HAS_SIGNAL)
            put_plain(w, id, octets(&m->signal, 1));
        break;
    case Q931_IE_CALLING_NUMBER:
        if (has & Q931_HAS_CALLING)
            put_number(w, id, &m->calling, true);
        break;
    case Q931_IE_CALLED_NUMBER:
        if (has & Q931_HAS_CALLED)
            put_number(w, id, &m->called, false);
        break;
    case Q931_IE_USER_USER:
        if (has & Q931_HAS_USER_USER) {
            size_t s = ie_begin(w, id, 2);
            put(w, m->user_user.protocol_discriminator);
            put_octets(w, m->user_user.contents);
            ie_end(w, s, 2);
        }
        break;
    default:
        break;
    }
}

static const uint8_t known_ids[] = {
    Q931_IE_BEARER_CAPABILITY, Q931_IE_CAUSE, Q931_IE_CHANNEL_ID, Q931_IE_PROGRESS,
    Q931_IE_NOTIFICATION, Q931_IE_DISPLAY, Q931_IE_KEYPAD, Q931_IE_SIGNAL,
    Q931_IE_CALLING_NUMBER, Q931_IE_CALLED_NUMBER, Q931_IE_USER_USER,
};

int q931_encode(const q931_message *m, uint8_t *out, size_t cap)
{
    if (!m || !out)
        return Q931_ERR_INVALID;
    wbuf w = { out, cap, 0, false, false };
    check(&w, !(m->type & 0x80) && m->call_ref <= Q931_CALL_REF_MAX &&
              m->num_other <= Q931_MAX_OTHER);

    put(&w, Q931_PROTOCOL_DISCRIMINATOR);
    put(&w, Q931_CALL_REF_LEN);
    put(&w, (uint8_t)((m->call_ref_flag ? 0x80 : 0) | (m->call_ref >> 8 & 0x7F)));
    put(&w, (uint8_t)m->call_ref);
    put(&w, m->type);

    /* Single-octet IEs may appear anywhere (Q.931 4.5.1); SETUP lists Sending complete
     * first (Q.931 3.1.14), so they all go first. Shifts are ours to write. */
    size_t n_other = m->num_other <= Q931_MAX_OTHER ? m->num_other : 0;
    if (m->present & Q931_HAS_SENDING_COMPLETE)
        put(&w, Q931_IE_SENDING_COMPLETE);
    if (m->present & Q931_HAS_MORE_DATA)
        put(&w, Q931_IE_MORE_DATA);
    for (size_t i = 0; i < n_other; i++) {
        const q931_ie *ie = &m->other[i];
        check(&w, ie->codeset <= 7 && (ie->id & 0xF0) != Q931_IE_SHIFT &&
                  (!(ie->id & 0x80) || !ie->contents.len));
        if (ie->codeset == 0 && (ie->id & 0x80))
            put_other(&w, ie);
    }

    /* Variable-length IEs of codeset 0 in ascending identifier order (Q.931 4.5.1), the
     * kept ones merged in (stable: equal identifiers keep their order). */
    uint8_t order[Q931_MAX_OTHER];
    size_t n_order = 0;
    for (size_t i = 0; i < n_other; i++) {
        if (m->other[i].codeset != 0 || (m->other[i].id & 0x80))
            continue;
        size_t j = n_order++;
        while (j > 0 && m->other[order[j - 1]].id > m->other[i].id) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = (uint8_t)i;
    }
    size_t k = 0;
    for (size_t i = 0; i <= sizeof known_ids; i++) {
        unsigned limit = i < sizeof known_ids ? known_ids[i] : 0x100;
        while (k < n_order && m->other[order[k]].id < limit)
            put_other(&w, &m->other[order[k++]]);
        if (i < sizeof known_ids)
            put_known_ie(&w, m, known_ids[i]);
    }

    /* Other codesets, each IE behind a non-locking shift (Q.931 4.5.4). */
    for (size_t i = 0; i < n_other; i++) {
        const q931_ie *ie = &m->other[i];
        if (ie->codeset == 0 || ie->codeset > 7)
            continue;
        put(&w, (uint8_t)(Q931_IE_SHIFT | 0x08 | ie->codeset));
        put_other(&w, ie);
    }

    if (w.invalid)
        return Q931_ERR_INVALID;
    if (w.full)
        return Q931_ERR_NOSPACE;
    return (int)w.len;
}

const char *q931_message_name(uint8_t type)
{
    switch (type) {
    case Q931_ALERTING: return "ALERTING";
    case Q931_CALL_PROCEEDING: return "CALL PROCEEDING";
    case Q931_PROGRESS: return "PROGRESS";
    case Q931_SETUP: return "SETUP";
    case Q931_CONNECT: return "CONNECT";
    case Q931_SETUP_ACK: return "SETUP ACKNOWLEDGE";
    case Q931_CONNECT_ACK: return "CONNECT ACKNOWLEDGE";
    case Q931_RELEASE_COMPLETE: return "RELEASE COMPLETE";
    case Q931_FACILITY: return "FACILITY";
    case Q931_NOTIFY: return "NOTIFY";
    case Q931_STATUS_ENQUIRY: return "STATUS ENQUIRY";
    case Q931_INFORMATION: return "INFORMATION";
    case Q931_STATUS: return "STATUS";
    default: return NULL;
    }
}

const char *q931_strerror(int err)
{
    switch (err) {
    case 0: return "ok";
    case Q931_ERR_SHORT: return "message too short";
    case Q931_ERR_DISCRIMINATOR: return "protocol discriminator is not Q.931 (0x08)";
    case Q931_ERR_CALL_REF: return "call reference length is not 2";
    case Q931_ERR_TRUNCATED: return "information element runs past the end";
    case Q931_ERR_NOSPACE: return "buffer too small";
    case Q931_ERR_INVALID: return "field out of range";
    default: return "unknown error";
    }
}
