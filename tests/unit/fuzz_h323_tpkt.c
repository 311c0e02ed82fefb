/*
 * tests/unit/fuzz_h323_tpkt.c - libFuzzer target for the TPKT reassembler
 * (tsp-h323/q931/tpkt.h). The first input octet sets the buffer size (0..1020 octets),
 * the second seeds the chunk sizes; the rest is the TCP stream. The stream is fed in
 * those chunks and what comes out (payloads, "too long", the header error) must equal
 * what a plain whole-buffer reading of RFC 1006 section 6 gives. The buffer is allocated
 * at its exact size, so ASan sees any write past it.
 * Seeds: tests/unit/corpus/fuzz_h323_tpkt/ (the sample call's two directions, garbage,
 * maximum lengths).
 *
 *   make build/fuzz/fuzz_h323_tpkt &&
 *   build/fuzz/fuzz_h323_tpkt -max_total_time=20 tests/unit/corpus/fuzz_h323_tpkt
 */
#include "q931/tpkt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    int kind;                 /* TPKT_PDU, TPKT_ERR_TOO_LONG or TPKT_ERR_HEADER */
    size_t off, len;          /* the payload, for TPKT_PDU */
} event;

/* RFC 1006 section 6 read over the whole stream at once. Each event takes at least one
 * octet of the stream, so ev has room for n + 1. */
static size_t reference(const uint8_t *s, size_t n, size_t cap, event *ev)
{
    size_t k = 0, pos = 0;
    while (pos < n) {
        if (s[pos] != TPKT_VERSION || (n - pos >= 2 && s[pos + 1] != 0)) {
            ev[k++] = (event){ TPKT_ERR_HEADER, 0, 0 };
            break;
        }
        if (n - pos < TPKT_HEADER_LEN)
            break;
        size_t total = (size_t)s[pos + 2] << 8 | s[pos + 3];
        if (total < TPKT_HEADER_LEN) {
            ev[k++] = (event){ TPKT_ERR_HEADER, 0, 0 };
            break;
        }
        size_t plen = total - TPKT_HEADER_LEN;
        if (plen > cap) {
            ev[k++] = (event){ TPKT_ERR_TOO_LONG, 0, 0 };
        } else if (n - pos - TPKT_HEADER_LEN >= plen) {
            ev[k++] = (event){ TPKT_PDU, pos + TPKT_HEADER_LEN, plen };
        }
        pos += total;
    }
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t cap = (size_t)data[0] * 4;
    uint32_t seed = data[1];
    const uint8_t *s = data + 2;
    size_t n = size - 2;

    event *want = malloc((n + 1) * sizeof *want);
    uint8_t *buf = malloc(cap ? cap : 1);
    if (!want || !buf)
        abort();
    size_t nwant = reference(s, n, cap, want);

    tpkt_reasm r;
    tpkt_reasm_init(&r, buf, cap);
    size_t k = 0, pos = 0;
    while (pos < n) {
        seed = seed * 1103515245u + 12345u;
        size_t chunk = (seed >> 16) % 8 == 0 ? n : 1 + (seed >> 16) % 64;
        if (chunk > n - pos)
            chunk = n - pos;
        size_t off = 0;
        while (off < chunk) {
            const uint8_t *pdu;
            size_t len, used;
            int rc = tpkt_reasm_feed(&r, s + pos + off, chunk - off, &used, &pdu, &len);
            if (used > chunk - off)
                abort();
            off += used;
            if (rc == TPKT_NEED_MORE) {
                if (off != chunk)
                    abort();
                break;
            }
            if (k >= nwant || rc != want[k].kind)
                abort();
            if (rc == TPKT_PDU &&
                (len != want[k].len || (len && memcmp(pdu, s + want[k].off, len) != 0)))
                abort();
            k++;
            if (rc == TPKT_ERR_HEADER)
                goto done;             /* sticky: nothing after it is read */
        }
        pos += chunk;
    }
done:
    if (k != nwant)
        abort();
    free(want);
    free(buf);
    return 0;
}
