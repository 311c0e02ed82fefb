/*
 * tests/unit/fuzz_h323_text.c - libFuzzer target for the text forms of the socket layer
 * (tsp-h323/net/h323_text.h): addresses, destinations and h323-call commands. The input
 * is one line (cut at 1000 octets, NUL-terminated here). Properties: no read or write out
 * of bounds (ASan); an address that parses formats to text that parses to the same
 * address (a round trip); a destination's fields are terminated inside their arrays and
 * a host is never empty when a port was given; a refused command always says why.
 * Seeds: tests/unit/corpus/fuzz_h323_text/.
 *
 *   make build/fuzz/fuzz_h323_text && mkdir -p build/fuzz/c-text &&
 *   build/fuzz/fuzz_h323_text -max_total_time=20 build/fuzz/c-text tests/unit/corpus/fuzz_h323_text
 */
#include "net/h323_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char line[1001];
    size_t n = size < 1000 ? size : 1000;
    memcpy(line, data, n);
    line[n] = 0;

    h323_addr a, b;
    if (h323_text_parse_addr(line, 1720, &a) == 0) {
        char text[64];
        h323_text_addr(&a, text, sizeof text);
        if (h323_text_parse_addr(text, 1, &b) != 0 || a.family != b.family || a.port != b.port ||
            memcmp(a.ip, b.ip, a.family == 6 ? 16 : 4) != 0)
            abort();
    }
    h323_text_dest d;
    if (h323_text_parse_dest(line, &d) == 0) {
        if (!memchr(d.alias, 0, sizeof d.alias) || !memchr(d.host, 0, sizeof d.host))
            abort();
        if ((d.port && !d.host[0]) || (!d.alias[0] && !d.host[0]))
            abort();
    }
    h323_text_cmd c;
    const char *why = NULL;
    if (h323_text_parse_command(line, &c, &why) != 0 && !why)
        abort();
    return 0;
}
