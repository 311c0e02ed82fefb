/*
 * harness/structcheck.h - what TAPISRV should have checked in every structure a
 * provider fills: guard bytes around the buffer, and the variable-size rules
 * (dwTotalSize/dwNeededSize/dwUsedSize, offset/size pairs, NUL-terminated strings)
 * for the structure kinds and TSPI versions the harness hands out.
 *
 * Reference: https://learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures
 *
 * Usage:
 *     hx_gbuf *g = hx_gbuf_new(1024);             // 1024 usable bytes, guards each side
 *     LINEDEVCAPS *dc = hx_gbuf_data(g);           // dwTotalSize = 1024, rest zero
 *     LONG r = t->TSPI_lineGetDevCaps(id, ver, 0, dc);
 *     hx_gbuf_check(g, checks, "TSPI_lineGetDevCaps");    // writes outside the buffer
 *     if (r == 0) hx_struct_check(HX_ST_LINEDEVCAPS, ver, dc, 1024, checks, "TSPI_lineGetDevCaps");
 *     hx_gbuf_free(g);
 *
 * Each broken rule goes to the hx_checks collector (checks.h) with the member names
 * and the values seen. Pure functions: no I/O, no globals.
 */
#ifndef HARNESS_STRUCTCHECK_H
#define HARNESS_STRUCTCHECK_H

#include <stddef.h>
#include <tspkit/tapi.h>
#include "checks.h"

typedef enum hx_struct_kind {
    HX_ST_VARSTRING,
    HX_ST_LINEDEVCAPS,
    HX_ST_LINEADDRESSCAPS,
    HX_ST_LINEDEVSTATUS,
    HX_ST_LINEADDRESSSTATUS,
    HX_ST_LINECALLINFO,
    HX_ST_LINECALLSTATUS,
    HX_ST_PHONECAPS,
    HX_ST_PHONESTATUS,
    HX_ST_PHONEBUTTONINFO,
    HX_ST_COUNT
} hx_struct_kind;

/* "LINEDEVCAPS"; NULL out of range. */
const char *hx_struct_name(hx_struct_kind kind);

/* The fixed part's size at a TSPI version (what TAPI requires dwTotalSize to cover). */
size_t hx_struct_fixed_size(hx_struct_kind kind, DWORD version);

/* Checks buf (total bytes, as handed to the provider with dwTotalSize = total) after
 * a successful fill. Returns the number of problems reported. */
unsigned hx_struct_check(hx_struct_kind kind, DWORD version, const void *buf, size_t total,
                         hx_checks *c, const char *func);

/* hx_struct_check, told the device's dwStringFormat, which some text members follow instead
 * of a format of their structure's own (LINEADDRESSCAPS dwCompletionMsgText follows
 * LINEDEVCAPS', PHONEBUTTONINFO dwButtonText PHONECAPS'). hx_struct_check passes 0: not
 * known, those members are checked as Unicode, TSPI's own format. */
unsigned hx_struct_check_ex(hx_struct_kind kind, DWORD version, const void *buf, size_t total,
                            DWORD caps_string_format, hx_checks *c, const char *func);

/* A buffer with HX_GBUF_GUARD bytes of HX_GBUF_FILL before and after; data is zeroed
 * except dwTotalSize, which is set to size when size >= 4. */
#define HX_GBUF_GUARD 64
#define HX_GBUF_FILL 0xFD
typedef struct hx_gbuf hx_gbuf;
hx_gbuf *hx_gbuf_new(size_t size);
void *hx_gbuf_data(hx_gbuf *g);
size_t hx_gbuf_size(const hx_gbuf *g);
/* Reports HX_CHK_GUARD_OVERWRITE (first and last byte written, relative to the buffer)
 * and restores the guards. Returns 0 when the guards were intact. */
int hx_gbuf_check(hx_gbuf *g, hx_checks *c, const char *func);
void hx_gbuf_free(hx_gbuf *g);

#endif
