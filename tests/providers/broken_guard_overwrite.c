/*
 * tests/providers/broken_guard_overwrite.c - TSPI_lineGetCallStatus copies its 8 bytes of
 * device-specific data after the fixed part first, and only then checks whether they fit.
 * The provider may write only the dwTotalSize bytes TAPI handed it
 * (learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures); here TAPI's
 * buffer is exactly LINECALLSTATUS, and the copy lands after it.
 * The harness reports GUARD_OVERWRITE (its guard bytes around every buffer changed). Fix:
 * check room against dwTotalSize before writing (tspkit's tspk_varbuf does).
 */
#define BB_OWN_lineGetCallStatus
#include "broken_base.h"

static const BYTE trailer[8] = { 'b', 'r', 'o', 'k', 'e', 'n', '!', 0 };

LONG TSPIAPI TSPI_lineGetCallStatus(HDRVCALL hd, LPLINECALLSTATUS cs)
{
    LONG r = bb_lineGetCallStatus(hd, cs);
    DWORD at;
    if (r) return r;
    at = cs->dwUsedSize;
    /* MISTAKE: written before the room is checked. */
    memcpy((BYTE *)cs + at, trailer, sizeof trailer);
    cs->dwNeededSize = at + (DWORD)sizeof trailer;
    if (cs->dwTotalSize >= cs->dwNeededSize) {
        cs->dwDevSpecificSize = sizeof trailer;
        cs->dwDevSpecificOffset = at;
        cs->dwUsedSize = cs->dwNeededSize;
    }
    return 0;
}
