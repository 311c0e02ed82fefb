/*
 * tests/unit/fuzz_unimodem_telnet.c - libFuzzer target for the Telnet/RFC 2217 codec
 * (tsp-unimodem/port/telnet.c): random bytes as what a server sends, fed in random-size
 * chunks as the rfc2217 backend does (at most UMP_TELNET_FEED_MAX, replies taken after
 * each). Checks the bounds telnet.h promises, and that data survives encode -> decode.
 *
 *   make build/fuzz/fuzz_unimodem_telnet
 *   build/fuzz/fuzz_unimodem_telnet -max_total_time=20 tests/unit/corpus/fuzz_unimodem_telnet
 */
#include "port/telnet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void roundtrip(const uint8_t *data, size_t size, bool binary)
{
    ump_telnet tx, rx;
    uint8_t wire[2 * UMP_TELNET_FEED_MAX], back[2 * UMP_TELNET_FEED_MAX];
    size_t used = 0, enc, dec;

    ump_telnet_init(&tx);
    ump_telnet_init(&rx);
    tx.us[UMP_TN_I_BINARY] = rx.him[UMP_TN_I_BINARY] = binary;
    if (size > UMP_TELNET_FEED_MAX / 2) size = UMP_TELNET_FEED_MAX / 2;
    enc = ump_telnet_encode(&tx, data, size, &used, wire, sizeof wire);
    if (used != size || enc > 2 * size) abort();
    dec = ump_telnet_feed(&rx, wire, enc, back);
    if (dec != size || memcmp(back, data, size) != 0) abort();
    if (rx.reply_len != 0 || rx.violations != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ump_telnet t;
    uint8_t out[UMP_TELNET_FEED_MAX];
    size_t off = 0;
    uint8_t seed = size ? data[0] : 0;

    ump_telnet_init(&t);
    if (seed & 1) {
        uint8_t start[32];
        if (ump_telnet_start(&t, start, sizeof start) != 15) abort();
    }
    while (off < size && !t.broken) {
        size_t n = 1 + (size_t)(data[off] % UMP_TELNET_FEED_MAX), d;
        if (n > size - off) n = size - off;
        memcpy(out, data + off, n);
        d = ump_telnet_feed(&t, out, n, out);          /* in place, as the backend does */
        if (d > n || t.reply_len > n + 2 || t.violations > off + n) abort();
        if (t.sb_len > UMP_TELNET_SB_MAX) abort();
        t.reply_len = 0;
        off += n;
    }
    if (t.broken && t.sb_total <= UMP_TELNET_SB_LIMIT) abort();

    roundtrip(data, size, seed & 2);
    {
        uint8_t sb[7 + 2 * 64];
        size_t len = size < 64 ? size : 64, n = ump_telnet_comport(seed, data, len, sb, sizeof sb);
        if (n < 6 || n > 7 + 2 * len) abort();
    }
    return 0;
}
