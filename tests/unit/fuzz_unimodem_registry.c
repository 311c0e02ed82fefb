/*
 * tests/unit/fuzz_unimodem_registry.c - libFuzzer target for the registry reader
 * (tsp-unimodem/tsp/registry.h): the input is a registry table in memory, record by record,
 * and whatever its keys, names, types and binary values (MODEMRESPONSE, Properties, DCB,
 * the DWORDs), umr_read ends cleanly with terminated, bounded lines.
 *
 * Record: one byte choosing the path (below 200: one of the keys a modem has; otherwise a
 * path of that many bytes minus 200 follows), one byte name length + the name, one byte
 * type, one byte data length + the data.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tsp/registry.h"

#define RECORDS_MAX 512

static const char *const paths[] = {
    "", "0000", "0001", "0000\\Init", "0000\\Monitor", "0000\\Answer", "0000\\Hangup",
    "0000\\Settings", "0000\\Responses", "0001\\Responses", "0001\\Init", "0000\\EnableCallerID",
    "0000\\VoiceDialNumberSetup", "9999", "0000\\Fax",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static umr_entry t[RECORDS_MAX];
    static char strs[RECORDS_MAX][2][256];
    size_t n = 0, pos = 0, i;
    umr_memory mem;
    umr_registry reg;
    umc_config c;
    char err[UMC_ERR_MAX];

    while (pos < size && n < RECORDS_MAX) {
        uint8_t sel = data[pos++], len;
        if (sel < 200) {
            t[n].path = paths[sel % (sizeof paths / sizeof paths[0])];
        } else {
            len = (uint8_t)(sel - 200);
            if (size - pos < len) break;
            memcpy(strs[n][0], data + pos, len);
            strs[n][0][len] = '\0';
            pos += len;
            t[n].path = strs[n][0];
        }
        if (pos >= size) break;
        len = data[pos++];
        if (size - pos < len) break;
        memcpy(strs[n][1], data + pos, len);
        strs[n][1][len] = '\0';
        pos += len;
        t[n].name = strs[n][1];
        if (size - pos < 2) break;
        t[n].type = data[pos++];
        len = data[pos++];
        if (size - pos < len) len = (uint8_t)(size - pos);
        t[n].data = data + pos;
        t[n].len = len;
        pos += len;
        n++;
    }
    mem.entries = t;
    mem.count = n;
    reg = umr_memory_registry(&mem);
    if (umr_read(&reg, &c, err, sizeof err) != 0) abort();   /* the table is always readable */
    if (!memchr(err, '\0', sizeof err) || c.count > UMC_LINES_MAX) abort();
    for (i = 0; i < c.count; i++) {
        if (!memchr(c.lines[i].name, '\0', UMC_NAME_MAX) || !c.lines[i].name[0] ||
            !memchr(c.lines[i].port, '\0', UMC_PATH_MAX) || !c.lines[i].port[0])
            abort();
    }
    umc_free(&c);
    return 0;
}
