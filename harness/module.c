/* harness/module.c - see module.h. */
#include "module.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#  include <windows.h>
#else
#  include <dlfcn.h>
#endif

static const char *const all_names[] = {
#define TSPK_NAME(n) #n,
#include "tspi_names.h"
#undef TSPK_NAME
};
#define NUM_NAMES (sizeof all_names / sizeof all_names[0])

struct hx_module {
#ifdef _WIN32
    HMODULE handle;
#else
    void *handle;
#endif
    hx_tspi tspi;
    const char *exports[NUM_NAMES];
    size_t num_exports;
};

void *hx_module_symbol(hx_module *m, const char *name)
{
#ifdef _WIN32
    return (void *)GetProcAddress(m->handle, name);
#else
    return dlsym(m->handle, name);
#endif
}

/* Names the export table really carries. On Windows the PE export directory is
 * read, so a decorated name (_TSPI_lineOpen@20) is not mistaken for the real one. */
static void list_exports(hx_module *m)
{
    size_t i;
    m->num_exports = 0;
#ifdef _WIN32
    {
        const BYTE *base = (const BYTE *)m->handle;
        const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
        const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
        const IMAGE_DATA_DIRECTORY *dir =
            &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
        const IMAGE_EXPORT_DIRECTORY *ed;
        const DWORD *names;
        if (!dir->VirtualAddress) return;
        ed = (const IMAGE_EXPORT_DIRECTORY *)(base + dir->VirtualAddress);
        names = (const DWORD *)(base + ed->AddressOfNames);
        for (i = 0; i < ed->NumberOfNames; i++) {
            const char *n = (const char *)(base + names[i]);
            size_t k;
            for (k = 0; k < NUM_NAMES; k++)
                if (strcmp(n, all_names[k]) == 0) m->exports[m->num_exports++] = all_names[k];
        }
    }
#else
    for (i = 0; i < NUM_NAMES; i++)
        if (dlsym(m->handle, all_names[i])) m->exports[m->num_exports++] = all_names[i];
#endif
}

hx_module *hx_module_load(const char *path, char *err, size_t err_len)
{
    hx_module *m = (hx_module *)calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
#ifdef _WIN32
    m->handle = LoadLibraryA(path);
    if (!m->handle) {
        snprintf(err, err_len, "LoadLibrary(%s) failed: error %lu", path,
                 (unsigned long)GetLastError());
        free(m);
        return NULL;
    }
#else
    m->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!m->handle) {
        snprintf(err, err_len, "dlopen: %s", dlerror());
        free(m);
        return NULL;
    }
#endif
#define TSPK_NAME(n) *(void **)&m->tspi.n = hx_module_symbol(m, #n);
#include "tspi_names.h"
#undef TSPK_NAME
    list_exports(m);
    return m;
}

void hx_module_unload(hx_module *m)
{
    if (!m) return;
#ifdef _WIN32
    FreeLibrary(m->handle);
#else
    dlclose(m->handle);
#endif
    free(m);
}

const hx_tspi *hx_module_tspi(const hx_module *m) { return &m->tspi; }

size_t hx_module_exports(hx_module *m, const char ***names)
{
    *names = m->exports;
    return m->num_exports;
}
