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
