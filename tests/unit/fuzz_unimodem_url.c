/*
 * tests/unit/fuzz_unimodem_url.c - libFuzzer target for the port URL parser
 * (tsp-unimodem/port/url.c): random bytes as a URL, with message buffers of every small size.
 * Checks what the parser promises: on success every string field is terminated inside its
 * buffer and the values are in range; the message is always terminated inside its buffer.
 *
 *   make build/fuzz/fuzz_unimodem_url
 *   build/fuzz/fuzz_unimodem_url -max_total_time=20 tests/unit/corpus/fuzz_unimodem_url
 */
#include "port/url.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_terminated(const char *s, size_t size)
{
    if (!memchr(s, '\0', size)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ump_url u;
    char msg[300];
    size_t msg_size = size > 0 ? data[0] % sizeof msg : 0;
    int rc;

    memset(msg, 'M', sizeof msg);
    rc = ump_url_parse((const char *)data, size, &u, msg, msg_size);
    if (msg_size > 0) check_terminated(msg, msg_size);
    if (msg[msg_size] != 'M' && msg_size < sizeof msg) abort();   /* wrote past msg_size */
    if (rc == UMP_OK) {
        check_terminated(u.path, sizeof u.path);
        check_terminated(u.host, sizeof u.host);
        check_terminated(u.usb_serial, sizeof u.usb_serial);
        if (u.scheme < UMP_SCHEME_SERIAL || u.scheme > UMP_SCHEME_RFC2217) abort();
        if (u.coding.baud < 1 || u.coding.baud > 4000000) abort();
        if (u.coding.data_bits < 5 || u.coding.data_bits > 8) abort();
        if (u.coding.stop_bits < 1 || u.coding.stop_bits > 2) abort();
        if (u.usb_interface < -1 || u.usb_interface > 255) abort();
        if ((u.scheme == UMP_SCHEME_TCP || u.scheme == UMP_SCHEME_RFC2217) && u.port == 0) abort();
    } else if (rc != UMP_EINVAL) {
        abort();
    }
    return 0;
}
