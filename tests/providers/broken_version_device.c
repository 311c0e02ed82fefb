/*
 * tests/providers/broken_version_device.c - the provider's line 1 is an old device that
 * speaks TSPI 1.3 only; its negotiation answers 0x00010003 although TAPI offered 1.4 and
 * up. A device's negotiated version lies within the range offered; with none in common
 * the answer is LINEERR_INCOMPATIBLEAPIVERSION
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linenegotiatetspiversion).
 * The harness reports VERSION_RANGE for device 1 (when TAPISRV learns the device's
 * version at start, and at each lineOpen). Fix: intersect the device's range with
 * [dwLowVersion, dwHighVersion], and fail when that is empty.
 */
#define BB_OWN_lineNegotiateTSPIVersion
#include "broken_base.h"

LONG TSPIAPI TSPI_lineNegotiateTSPIVersion(DWORD dev, DWORD low, DWORD high, LPDWORD version)
{
    if (dev != INITIALIZE_NEGOTIATION && bb_line_of_device(dev) == 1) {
        /* MISTAKE: the device's own version, whatever TAPI offered. */
        *version = TSPK_VERSION_1_3;
        return 0;
    }
    return bb_lineNegotiateTSPIVersion(dev, low, high, version);
}
