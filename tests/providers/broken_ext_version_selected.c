/*
 * tests/providers/broken_ext_version_selected.c - TSPI_lineNegotiateExtVersion ignores the
 * selected extension version and answers the highest common one. While a version is
 * selected (TSPI_lineSelectExtVersion), negotiation allows only that version, until the
 * selection is cancelled or the line closed
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineselectextversion).
 * The harness reports EXT_VERSION_SELECTED. Fix: while one is selected, answer it (or
 * LINEERR_INCOMPATIBLEEXTVERSION when it lies outside the range offered).
 */
#define BB_WITH_EXTENSIONS
#define BB_OWN_lineNegotiateExtVersion
#include "broken_base.h"

LONG TSPIAPI TSPI_lineNegotiateExtVersion(DWORD dev, DWORD version, DWORD low, DWORD high, LPDWORD ext)
{
    static const tspk_verrange ours = { BB_EXT_LOW, BB_EXT_HIGH };
    (void)version;
    if (bb_line_of_device(dev) == BB_NUM_LINES) return LINEERR_BADDEVICEID;
    /* MISTAKE: the selection is not looked at. */
    return tspk_version_pick(&ours, low, high, ext) ? 0 : LINEERR_INCOMPATIBLEEXTVERSION;
}
