/*
 * tsp-h323/q931/tpkt.h - TPKT framing (RFC 1006 section 6) for H.225.0 call signalling
 * and H.245 over TCP (H.225.0 clause 6: every message on a reliable channel is one TPKT).
 *
 * What it does: TCP is a byte stream, so each H.225.0/H.245 message is preceded by a
 * 4-octet TPKT header:
 *
 *     octet 1   version, always 3
 *     octet 2   reserved, 0
 *     octets 3-4 length of the whole TPKT, header included, most significant octet first
 *
 * The encoder writes that header. The reassembler is fed whatever TCP hands over, one
 * octet at a time or megabytes at once, and gives back complete payloads. It is a pure
 * state machine: no I/O, no allocation, no globals. Its memory is the caller's buffer
 * plus a few words, whatever arrives:
 *  - version != 3, reserved != 0 or a length below 4 means the stream is not TPKT (or
 *    we lost sync): TPKT_ERR_HEADER, reported on the octet that shows it and again on
 *    every later call, because nothing after it can be trusted. Close the connection.
 *  - a length whose payload does not fit the caller's buffer gives TPKT_ERR_TOO_LONG
 *    once; that payload is then skipped as it arrives (the framing is still intact) and
 *    the next TPKT is read normally. The caller may just as well close.
 *  - a TPKT of length 4 (no payload) is returned as an empty payload; some endpoints
 *    send it as a keep-alive.
 *
 * Usage:
 *
 *     uint8_t store[4096];
 *     tpkt_reasm r;
 *     tpkt_reasm_init(&r, store, sizeof store);
 *     while ((n = recv(sock, buf, sizeof buf, 0)) > 0) {
 *         size_t off = 0;
 *         while (off < (size_t)n) {
 *             const uint8_t *pdu; size_t pdu_len, used;
 *             int rc = tpkt_reasm_feed(&r, buf + off, n - off, &used, &pdu, &pdu_len);
 *             off += used;
 *             if (rc == TPKT_PDU) handle(pdu, pdu_len);   // valid until the next feed
 *             else if (rc < 0) { ...; break; }
 *         }
 *     }
 */
#ifndef TSP_H323_TPKT_H
#define TSP_H323_TPKT_H

#include <stddef.h>
#include <stdint.h>

#define TPKT_VERSION    3
#define TPKT_HEADER_LEN 4
/* The length field is 16 bits and counts the header (RFC 1006 section 6). */
#define TPKT_MAX_LEN     65535u
#define TPKT_MAX_PAYLOAD (TPKT_MAX_LEN - TPKT_HEADER_LEN)

enum {
    TPKT_NEED_MORE = 0,     /* every octet given was consumed; no payload complete yet */
    TPKT_PDU = 1,           /* a payload is complete */
    TPKT_ERR_HEADER = -1,   /* not a TPKT header: stream unusable (sticky) */
    TPKT_ERR_TOO_LONG = -2, /* payload larger than the buffer: it is being skipped */
    TPKT_ERR_ARG = -3,      /* NULL pointer or length out of range */
};

/* Writes the 4-octet header for a payload of payload_len octets into out.
 * TPKT_HEADER_LEN, or TPKT_ERR_ARG when payload_len > TPKT_MAX_PAYLOAD. */
int tpkt_write_header(uint8_t out[TPKT_HEADER_LEN], size_t payload_len);

/* Header + payload into out (cap octets). The total length, or TPKT_ERR_ARG when the
 * payload is too long for a TPKT or does not fit. payload may overlap out + 4 (memmove),
 * so a caller can encode its message at out + TPKT_HEADER_LEN and frame it in place. */
int tpkt_encode(uint8_t *out, size_t cap, const uint8_t *payload, size_t payload_len);

/* Reassembler state. Allocate it anywhere; the fields are private. */
typedef struct {
    uint8_t *buf;           /* caller's storage for one payload */
    size_t cap;             /* its size: the largest payload accepted */
    uint8_t hdr[TPKT_HEADER_LEN];
    size_t hdr_have;        /* header octets seen of the current TPKT */
    size_t payload_len;     /* its payload length, once the header is complete */
    size_t have;            /* payload octets stored (or skipped, when skipping) */
    int skipping;           /* the current payload is too long and being discarded */
    int error;              /* sticky TPKT_ERR_HEADER, else 0 */
} tpkt_reasm;

/* Starts an empty reassembler that accepts payloads up to cap octets (at most
 * TPKT_MAX_PAYLOAD are ever used). Also resets one after an error. */
void tpkt_reasm_init(tpkt_reasm *r, uint8_t *buf, size_t cap);

/* Consumes octets from data until one payload is complete, an error shows, or data is
 * used up; *used tells how many were consumed (call again with the rest).
 * Returns TPKT_PDU with *pdu / *pdu_len set (pointing into data or into the buffer;
 * valid until the next call or until data is released), TPKT_NEED_MORE, or an error
 * above. len may be 0. */
int tpkt_reasm_feed(tpkt_reasm *r, const uint8_t *data, size_t len, size_t *used,
                    const uint8_t **pdu, size_t *pdu_len);

/* Octets of the current, unfinished TPKT consumed so far (header included; skipped
 * octets count too); 0 between TPKTs. */
size_t tpkt_reasm_pending(const tpkt_reasm *r);

#endif
