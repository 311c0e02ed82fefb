/*
 * tspkit/tspi.h - the Telephony Service Provider Interface: opaque handles,
 * callbacks (ASYNC_COMPLETION, LINEEVENT, PHONEEVENT), TSPI messages
 * (LINE_NEWCALL, LINE_SENDMSPDATA, ...), TSPI_PROC_* numbers and every
 * TSPI_* and TUISPI_* prototype.
 *
 * On Windows this is the platform's <tspi.h>; elsewhere (or with
 * TSPKIT_OWN_WIN32_DEFS) tspkit's own, ABI-identical definitions.
 * Reference: learn.microsoft.com/windows/win32/api/tspi/
 */
#ifndef TSPKIT_TSPI_H
#define TSPKIT_TSPI_H

#include "tapi.h"

#if TSPKIT_PLATFORM_HEADERS
#  include <tspi.h>
#else
#  include "bits/tspi_defs.h"
#endif
#include "bits/tspi_procs.h"

#endif /* TSPKIT_TSPI_H */

/* Storage for the protocol CLSIDs tspi.h declares (LINEDEVCAPS ProtocolGuid), in the one
 * translation unit that asks for it: neither tspkit's own builds nor mingw-w64's import
 * libraries define them. Values: tapi3if.idl. */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_TSPI_CLSIDS_DONE)
#define TSPKIT_TSPI_CLSIDS_DONE
const CLSID TAPIPROTOCOL_PSTN =
    { 0x831ce2d6, 0x83b5, 0x11d1, { 0xbb, 0x5c, 0x00, 0xc0, 0x4f, 0xb6, 0x80, 0x9f } };
const CLSID TAPIPROTOCOL_H323 =
    { 0x831ce2d7, 0x83b5, 0x11d1, { 0xbb, 0x5c, 0x00, 0xc0, 0x4f, 0xb6, 0x80, 0x9f } };
const CLSID TAPIPROTOCOL_Multicast =
    { 0x831ce2d8, 0x83b5, 0x11d1, { 0xbb, 0x5c, 0x00, 0xc0, 0x4f, 0xb6, 0x80, 0x9f } };
#endif
