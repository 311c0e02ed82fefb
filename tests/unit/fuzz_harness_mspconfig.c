/*
 * tests/unit/fuzz_harness_mspconfig.c - libFuzzer target: random bytes into the MSP
 * host's registry parsers (config text, --msp CLSID=PATH, GUID text). They must never
 * crash, read out of bounds or leak; a config error names the file and a line, and a
 * config without error has registered a path for the CLSID of each of its entries.
 */
#include "msphost.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hx_msphost *h = hx_msphost_new(NULL, NULL);
    char err[200], path[64], *text;
    GUID g;
    if (!h) return 0;
    err[0] = '\0';
    if (hx_msphost_parse_config(h, "f.conf", (const char *)data, size, err, sizeof err) != 0) {
        if (strncmp(err, "f.conf:", 7) != 0) abort();
    } else if (err[0]) {
        abort();
    }
    /* The same bytes as one command-line argument, and as a GUID. */
    if ((text = (char *)malloc(size + 1))) {
        memcpy(text, data, size);
        text[size] = '\0';
        if (hx_msphost_register_arg(h, text, err, sizeof err) == 0) {
            /* It registered what is before '=' as a CLSID: that must parse back. */
            char *eq = strchr(text, '=');
            *eq = '\0';
            if (hx_guid_parse(text, &g) != 0 || hx_msphost_lookup(h, &g, path, sizeof path) != 0)
                abort();
        } else if (strncmp(err, "--msp: ", 7) != 0) {
            abort();
        }
        if (hx_guid_parse(text, &g) == 0) {
            char back[40];
            GUID again;
            hx_guid_format(&g, back, sizeof back);
            if (hx_guid_parse(back, &again) != 0 || memcmp(&g, &again, sizeof g) != 0) abort();
        }
        free(text);
    }
    hx_msphost_free(h);
    return 0;
}
