/*
 * tspkit/tspkit.h - everything in the tspkit SDK but the provider framework.
 *
 * Include this (or a single module header) anywhere; in exactly one .c file of a
 * program or DLL, define TSPKIT_IMPLEMENTATION first to compile the implementations.
 * Providers include <tspkit/provider.h> instead, which includes this.
 *
 *   tapi.h tspi.h msp.h  Windows' TAPI/TSPI/MSPI definitions (platform or ABI-identical own)
 *   utf16.h              UTF-8 <-> UTF-16, WCHAR string helpers, TSPK_W("literal")
 *   varstruct.h          filling and reading TAPI variable-size structures
 *   version.h            TSPI and extension version negotiation
 *   handles.h            generation-checked handle tables
 *   async.h              async request bookkeeping (ASYNC_COMPLETION exactly once)
 *   thread.h             threads, mutexes, conditions, clock, queues (POSIX and Win32)
 *   trace.h              levelled tracing
 */
#ifndef TSPKIT_TSPKIT_H
#define TSPKIT_TSPKIT_H

#define TSPKIT_VERSION_STRING "0.1.0"

#include "tapi.h"
#include "tspi.h"
#include "msp.h"
#include "utf16.h"
#include "varstruct.h"
#include "version.h"
#include "thread.h"
#include "trace.h"
#include "handles.h"
#include "async.h"

#endif /* TSPKIT_TSPKIT_H */
