/*
 * tests/unit/fuzz_harness_script.c - libFuzzer target: random bytes into the script
 * parser. It must never crash, read out of bounds or leak, and must either give a
 * script or an error message that names the file.
 */
#include "script.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[HX_SCRIPT_ERR_MAX];
    hx_script *sc = hx_script_parse((const char *)data, size, "f.tsps", err, sizeof err);
    if (!sc && strncmp(err, "f.tsps:", 7) != 0) abort();
    if (sc && hx_script_count(sc) == 0) abort();
    hx_script_free(sc);
    return 0;
}
