/* tsp-h323/q931/tpkt.c - TPKT framing, RFC 1006 section 6; see tpkt.h. */
#include "tpkt.h"

#include <string.h>

int tpkt_write_header(uint8_t out[TPKT_HEADER_LEN], size_t payload_len)
{
    if (!out || payload_len > TPKT_MAX_PAYLOAD)
        return TPKT_ERR_ARG;
    size_t total = payload_len + TPKT_HEADER_LEN;
    out[0] = TPKT_VERSION;
    out[1] = 0;                       /* reserved */
    out[2] = (uint8_t)(total >> 8);   /* the length counts the header too */
    out[3] = (uint8_t)total;
    return TPKT_HEADER_LEN;
}

int tpkt_encode(uint8_t *out, size_t cap, const uint8_t *payload, size_t payload_len)
{
    if (!out || (!payload && payload_len) || payload_len > TPKT_MAX_PAYLOAD ||
        cap < payload_len + TPKT_HEADER_LEN)
        return TPKT_ERR_ARG;
    if (payload_len)
        memmove(out + TPKT_HEADER_LEN, payload, payload_len);
    tpkt_write_header(out, payload_len);
    return (int)(payload_len + TPKT_HEADER_LEN);
}

void tpkt_reasm_init(tpkt_reasm *r, uint8_t *buf, size_t cap)
{
    if (!r)
        return;
    memset(r, 0, sizeof *r);
    r->buf = buf;
    r->cap = buf ? cap : 0;
}

static void next_tpkt(tpkt_reasm *r)
{
    r->hdr_have = 0;
    r->payload_len = 0;
    r->have = 0;
    r->skipping = 0;
}

int tpkt_reasm_feed(tpkt_reasm *r, const uint8_t *data, size_t len, size_t *used,
                    const uint8_t **pdu, size_t *pdu_len)
{
    if (!r || (!data && len) || !used || !pdu || !pdu_len)
        return TPKT_ERR_ARG;
    *used = 0;
    *pdu = NULL;
    *pdu_len = 0;
    if (r->error)
        return r->error;

    size_t off = 0;
    for (;;) {
        /* The header, octet by octet, each checked as soon as it arrives so that
         * garbage is refused at once instead of being waited on. */
        while (r->hdr_have < TPKT_HEADER_LEN) {
            if (off == len) {
                *used = off;
                return TPKT_NEED_MORE;
            }
            uint8_t b = data[off++];
            r->hdr[r->hdr_have++] = b;
            int bad = (r->hdr_have == 1 && b != TPKT_VERSION) || (r->hdr_have == 2 && b != 0);
            if (r->hdr_have == TPKT_HEADER_LEN) {
                size_t total = (size_t)r->hdr[2] << 8 | r->hdr[3];
                bad = total < TPKT_HEADER_LEN;
                r->payload_len = total - (bad ? 0 : TPKT_HEADER_LEN);
                r->have = 0;
            }
            if (bad) {
                r->error = TPKT_ERR_HEADER;
                *used = off;
                return r->error;
            }
            if (r->hdr_have == TPKT_HEADER_LEN && r->payload_len > r->cap) {
                r->skipping = 1;
                *used = off;
                return TPKT_ERR_TOO_LONG;
            }
        }

        size_t want = r->payload_len - r->have;
        size_t avail = len - off;
        if (!r->skipping && r->have == 0 && avail >= want) {
            /* The whole payload is in the caller's data: hand it out without a copy. */
            *pdu = data + off;
            *pdu_len = want;
            *used = off + want;
            next_tpkt(r);
            return TPKT_PDU;
        }
        size_t take = avail < want ? avail : want;
        if (!r->skipping && take)
            memcpy(r->buf + r->have, data + off, take);
        r->have += take;
        off += take;
        if (r->have < r->payload_len) {
            *used = off;
            return TPKT_NEED_MORE;
        }
        if (r->skipping) {
            next_tpkt(r);
            continue;
        }
        *pdu = r->buf;
        *pdu_len = r->payload_len;
        *used = off;
        next_tpkt(r);
        return TPKT_PDU;
    }
}

size_t tpkt_reasm_pending(const tpkt_reasm *r)
{
    return r ? r->hdr_have + r->have : 0;
}
