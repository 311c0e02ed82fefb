/*
 * tests/providers/broken_ext_version_range.c - TSPI_lineNegotiateExtVersion answers the
 * provider's highest extension version (2.0) even when the application offers a range
 * without it. The answer lies within [dwLowVersion, dwHighVersion], or the function fails
 * with LINEERR_INCOMPATIBLEEXTVERSION
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linenegotiateextversion).
 * The harness reports EXT_VERSION_RANGE. Fix: the highest version in both ranges, or the
 * error.
 */
#define BB_WITH_EXTENSIONS
#define BB_OWN_lineNegotiateExtVersion
#include "broken_base.h"

LONG TSPIAPI TSPI_lineNegotiateExtVersion(DWORD dev, DWORD version, DWORD low, DWORD high, LPDWORD ext)
{
    LONG r = bb_lineNegotiateExtVersion(dev, version, low, high, ext);
    /* MISTAKE: "no overlap" answered with what the provider has. */
    if (r == (LONG)LINEERR_INCOMPATIBLEEXTVERSION) {
        *ext = BB_EXT_HIGH;
        return 0;
    }
    return r;
}
