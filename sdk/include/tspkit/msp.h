/*
 * tspkit/msp.h - the Media Service Provider Interface as seen from C:
 * MSP_EVENT_INFO and its enums, and the ITMSPAddress vtable.
 *
 * On Windows this is the platform's <msp.h>; elsewhere (or with
 * TSPKIT_OWN_WIN32_DEFS) tspkit's own, ABI-identical definitions.
 * Reference: learn.microsoft.com/windows/win32/api/msp/
 */
#ifndef TSPKIT_MSP_H
#define TSPKIT_MSP_H

#include "tapi.h"

#if TSPKIT_PLATFORM_HEADERS
#  ifndef COBJMACROS
#    define COBJMACROS
#  endif
#  include <msp.h>
#else
#  include "bits/msp_defs.h"
#endif

#endif /* TSPKIT_MSP_H */

/* Storage for the IIDs, in the one translation unit that asks for it: tspkit's own
 * builds need it, and mingw-w64's libuuid does not carry these three either. */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_MSP_IIDS_DONE)
#define TSPKIT_MSP_IIDS_DONE
/* {6E0887BE-BA1A-492E-BD10-4020EC5E33E0} */
const IID IID_ITPluggableTerminalEventSink =
    { 0x6e0887be, 0xba1a, 0x492e, { 0xbd, 0x10, 0x40, 0x20, 0xec, 0x5e, 0x33, 0xe0 } };
/* {F7115709-A216-4957-A759-060AB32A90D1} */
const IID IID_ITPluggableTerminalEventSinkRegistration =
    { 0xf7115709, 0xa216, 0x4957, { 0xa7, 0x59, 0x06, 0x0a, 0xb3, 0x2a, 0x90, 0xd1 } };
/* {EE3BD600-3868-11D2-A045-00C04FB6809F} */
const IID IID_ITMSPAddress =
    { 0xee3bd600, 0x3868, 0x11d2, { 0xa0, 0x45, 0x00, 0xc0, 0x4f, 0xb6, 0x80, 0x9f } };
#endif /* TSPKIT_IMPLEMENTATION */

