/*
 * tests/unit/fuzz_unimodem_config.c - libFuzzer target for the TSP's line list parser
 * (tsp-unimodem/tsp/config.h): any bytes parse or fail cleanly, and what parses holds
 * terminated strings within their bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tsp/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    umc_config c;
    char err[UMC_ERR_MAX];
    size_t i;
    if (umc_parse((const char *)data, size, "fuzz.conf", &c, err, sizeof err) == 0) {
        for (i = 0; i < c.count; i++) {
            if (strlen(c.lines[i].name) >= UMC_NAME_MAX || !c.lines[i].port[0] ||
                !c.lines[i].profile[0] || c.lines[i].call_setup_fail_s > 255)
                abort();
        }
        umc_free(&c);
    } else if (c.count || c.lines || !memchr(err, '\0', sizeof err)) {
        abort();
    }
    return 0;
}
