/*
 * tests/unit/fuzz_harness_structcheck.c - libFuzzer target: random bytes as a structure a
 * provider filled. Byte 0 picks the kind, byte 1 the TSPI version, byte 2 the device's
 * string format; the rest is the structure, in a heap block of exactly its size, so any
 * read outside it is ASan's. The checker must never crash, must count what it reports,
 * and every report must name the structure. The same bytes in a guard buffer leave the
 * guards intact.
 */
#include "structcheck.h"

#include <tspkit/version.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const DWORD versions[] = {
        TSPK_VERSION_1_3, TSPK_VERSION_1_4, TSPK_VERSION_2_0, TSPK_VERSION_2_1, TSPK_VERSION_2_2,
        TSPK_VERSION_3_0, TSPK_VERSION_3_1, 0, 0xFFFFFFFFu,
    };
    hx_struct_kind kind;
    DWORD version, fmt;
    unsigned char *buf;
    hx_checks *c;
    hx_gbuf *g;
    unsigned seen;
    size_t n, i;
    hx_report r;

    if (size < 3) return 0;
    kind = (hx_struct_kind)(data[0] % HX_ST_COUNT);
    version = versions[data[1] % (sizeof versions / sizeof versions[0])];
    fmt = data[2] % 6;
    n = size - 3;
    buf = malloc(n ? n : 1);
    if (!buf) return 0;
    memcpy(buf, data + 3, n);

    c = hx_checks_new(NULL, NULL);
    seen = hx_struct_check_ex(kind, version, buf, n, fmt, c, "TSPI_fuzz");
    if (seen != hx_checks_count(c)) abort();
    for (i = 0; hx_checks_get(c, i, &r) == 0; i++) {
        const char *name = hx_struct_name(kind);
        if (strncmp(r.detail, name, strlen(name)) != 0) abort();
        if (r.id < HX_CHK_STRUCT_TOTAL_CHANGED || r.id > HX_CHK_STRUCT_STRING_NUL) abort();
    }
    hx_checks_free(c);

    g = hx_gbuf_new(n);
    if (g) {
        memcpy(hx_gbuf_data(g), buf, n);
        if (hx_gbuf_check(g, NULL, "TSPI_fuzz") != 0) abort();
        hx_gbuf_free(g);
    }
    free(buf);
    return 0;
}
