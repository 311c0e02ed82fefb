/*
 * tests/providers/broken_struct_used_gt_total.c - TSPI_lineGetCallStatus has 8 bytes of
 * device-specific data; when they do not fit, it still sets dwUsedSize to dwNeededSize.
 * dwUsedSize counts the bytes actually filled in and never exceeds dwTotalSize
 * (learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures).
 * The harness reports STRUCT_USED_GT_TOTAL. Fix: dwUsedSize = what was written;
 * dwNeededSize = what the whole answer would take.
 */
#define BB_OWN_lineGetCallStatus
#include "broken_base.h"

static const BYTE trailer[8] = { 'b', 'r', 'o', 'k', 'e', 'n', '!', 0 };

LONG TSPIAPI TSPI_lineGetCallStatus(HDRVCALL hd, LPLINECALLSTATUS cs)
{
    bb_call *c = bb_call_of(hd);
    tspk_varbuf vb;
    LONG r;
    if (!c) return LINEERR_INVALCALLHANDLE;
    if ((r = tspk_varbuf_begin(&vb, cs, tspk_linecallstatus_size(bb.line[c->line].version))) != 0) return r;
    cs->dwCallState = c->state;
    cs->dwCallPrivilege = LINECALLPRIVILEGE_OWNER;
    tspk_varbuf_add_bytes(&vb, &cs->dwDevSpecificSize, &cs->dwDevSpecificOffset, trailer, sizeof trailer, 0);
    r = tspk_varbuf_end(&vb);
    /* MISTAKE: "used" taken for "needed". */
    cs->dwUsedSize = cs->dwNeededSize;
    return r;
}
