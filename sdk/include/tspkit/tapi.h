/*
 * tspkit/tapi.h - TAPI 3.1 line and phone structures and constants.
 *
 * On Windows (mingw-w64 or MSVC) this is the platform's <tapi.h>. Elsewhere,
 * or when TSPKIT_OWN_WIN32_DEFS is defined, tspkit supplies its own
 * definitions, byte-for-byte identical to Windows: same names, values, sizes,
 * field offsets and #pragma pack(1). tests/abi proves it on every build.
 * Reference: learn.microsoft.com/windows/win32/api/tapi/
 */
#ifndef TSPKIT_TAPI_H
#define TSPKIT_TAPI_H

/* Every tspkit header starts here, so this is where POSIX features are asked for
 * (clocks, threads, dladdr) before the first system header; -std=c11 alone hides them. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) && \
    !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && !defined(_BSD_SOURCE)
#  define _GNU_SOURCE 1
#endif

#if defined(_WIN32) && !defined(TSPKIT_OWN_WIN32_DEFS)
   /* Microsoft's SDK hides the TAPI 3.x members unless asked; mingw-w64 shows them all. */
#  ifndef TAPI_CURRENT_VERSION
#    define TAPI_CURRENT_VERSION 0x00030001
#  endif
#  include <windows.h>
#  include <tapi.h>
#  define TSPKIT_PLATFORM_HEADERS 1
#else
#  define TSPKIT_PLATFORM_HEADERS 0
#  include "bits/win32_types.h"
#  include "bits/tapi_constants.h"
#  include "bits/tapi_structs.h"
#endif

#endif /* TSPKIT_TAPI_H */
