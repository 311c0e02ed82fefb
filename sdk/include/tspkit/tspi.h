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
