/*
 * harness/module.h - loading a provider module as TAPISRV does: dlopen/LoadLibrary,
 * then every TSPI_/TUISPI_ entry point looked up by its undecorated name.
 */
#ifndef HARNESS_MODULE_H
#define HARNESS_MODULE_H

#include <stddef.h>
#include <tspkit/tspi.h>

/* The provider's entry points; NULL where the module does not export one. */
typedef struct hx_tspi {
#define TSPK_NAME(n) __typeof__(n) *n;
#include "tspi_names.h"
#undef TSPK_NAME
} hx_tspi;

typedef struct hx_module hx_module;

/* Loads path; on failure returns NULL and writes why into err. */
hx_module *hx_module_load(const char *path, char *err, size_t err_len);
void hx_module_unload(hx_module *m);
const hx_tspi *hx_module_tspi(const hx_module *m);
void *hx_module_symbol(hx_module *m, const char *name);

/* The TSPI_/TUISPI_ names the module's export table really lists (PE export
 * directory on Windows, dynamic symbols found on Linux). Returns the count; names
 * points into static storage of the module object. */
size_t hx_module_exports(hx_module *m, const char ***names);

#endif
