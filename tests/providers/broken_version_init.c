/*
 * tests/providers/broken_version_init.c - the provider means TSPI 3.1, but builds the
 * number with the words swapped, MAKELONG-style (low word first), and answers
 * INITIALIZE_NEGOTIATION with 0x00010003, TAPI 1.3, below the range TAPI offered. The
 * negotiated version is the highest one inside both ranges; with none in common the answer
 * is LINEERR_INCOMPATIBLEAPIVERSION
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linenegotiatetspiversion).
 * Versions carry the major number in the high word.
 * The harness reports VERSION_RANGE. Fix: (major << 16) | minor, picked within
 * [dwLowVersion, dwHighVersion].
 */
#define BB_OWN_lineNegotiateTSPIVersion
#include "broken_base.h"

/* MISTAKE: minor in the high word. */
#define SWAPPED_VERSION(major, minor) (((DWORD)(minor) << 16) | (DWORD)(major))

LONG TSPIAPI TSPI_lineNegotiateTSPIVersion(DWORD dev, DWORD low, DWORD high, LPDWORD version)
{
    if (dev == INITIALIZE_NEGOTIATION) {
        *version = SWAPPED_VERSION(3, 1);
        return 0;
    }
    return bb_lineNegotiateTSPIVersion(dev, low, high, version);
}
