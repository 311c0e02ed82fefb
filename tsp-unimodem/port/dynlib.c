/*
 * port/dynlib.c - loads libserialport and libusb-1.0 at run time (see dynlib.h).
 */
#include "dynlib.h"
#include "port.h"

#include <stdio.h>
#include <string.h>

#ifdef _WIN32
#  include <windows.h>
#else
#  include <dlfcn.h>
#endif

typedef struct sym {
    const char *name;
    size_t offset;       /* of the function pointer in the api table */
} sym;

#define SP_SYM(f) { "sp_" #f, offsetof(ump_sp_api, f) }
static const sym sp_syms[] = {
    SP_SYM(get_port_by_name), SP_SYM(free_port), SP_SYM(open), SP_SYM(close),
    SP_SYM(nonblocking_read), SP_SYM(blocking_write), SP_SYM(set_baudrate), SP_SYM(set_bits),
    SP_SYM(set_parity), SP_SYM(set_stopbits), SP_SYM(set_flowcontrol), SP_SYM(set_dtr),
    SP_SYM(set_rts), SP_SYM(get_signals), SP_SYM(get_port_handle), SP_SYM(new_event_set),
    SP_SYM(add_port_events), SP_SYM(free_event_set), SP_SYM(last_error_code),
    SP_SYM(last_error_message), SP_SYM(free_error_message),
};

#define USB_SYM(f) { "libusb_" #f, offsetof(ump_usb_api, f) }
static const sym usb_syms[] = {
    USB_SYM(init), USB_SYM(exit), USB_SYM(get_device_list), USB_SYM(free_device_list),
    USB_SYM(get_device_descriptor), USB_SYM(get_active_config_descriptor),
    USB_SYM(free_config_descriptor), USB_SYM(get_bus_number), USB_SYM(get_device_address),
    USB_SYM(open), USB_SYM(close), USB_SYM(get_string_descriptor_ascii),
    USB_SYM(set_auto_detach_kernel_driver), USB_SYM(claim_interface),
    USB_SYM(release_interface), USB_SYM(control_transfer), USB_SYM(bulk_transfer),
    USB_SYM(alloc_transfer), USB_SYM(free_transfer), USB_SYM(submit_transfer),
    USB_SYM(cancel_transfer), USB_SYM(handle_events_completed),
    USB_SYM(interrupt_event_handler), USB_SYM(error_name),
};

#ifdef _WIN32
static const char *const sp_names[] = { "libserialport-0.dll", "libserialport.dll", NULL };
static const char *const usb_names[] = { "libusb-1.0.dll", NULL };
#elif defined(__APPLE__)
static const char *const sp_names[] = { "libserialport.0.dylib", "libserialport.dylib", NULL };
static const char *const usb_names[] = { "libusb-1.0.0.dylib", "libusb-1.0.dylib", NULL };
#else
static const char *const sp_names[] = { "libserialport.so.0", "libserialport.so", NULL };
static const char *const usb_names[] = { "libusb-1.0.so.0", "libusb-1.0.so", NULL };
#endif

static void *lib_open(const char *name)
{
#ifdef _WIN32
    /* Only the application, System32 and AddDllDirectory folders: not the current folder,
     * where anyone could plant a DLL (LoadLibraryExA, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS). */
    HMODULE h = LoadLibraryExA(name, NULL, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
    if (!h && GetLastError() == ERROR_INVALID_PARAMETER) h = LoadLibraryA(name);
    return (void *)h;
#else
    return dlopen(name, RTLD_NOW | RTLD_LOCAL);
#endif
}

static void lib_close(void *lib)
{
#ifdef _WIN32
    FreeLibrary((HMODULE)lib);
#else
    dlclose(lib);
#endif
}

/* Stores the address of name into the table at offset. The address is copied bytewise:
 * ISO C has no conversion from dlsym's void * (or FARPROC) to a function pointer. */
static int lib_sym(void *lib, const char *name, void *table, size_t offset)
{
#ifdef _WIN32
    FARPROC f = GetProcAddress((HMODULE)lib, name);
    if (!f) return -1;
    memcpy((char *)table + offset, &f, sizeof f);
#else
    void *f = dlsym(lib, name);
    if (!f) return -1;
    memcpy((char *)table + offset, &f, sizeof f);
#endif
    return 0;
}

static int load(void **lib_out, void *table, const char *const *names, const sym *syms,
                size_t nsyms, const char *what, char *msg, size_t msg_size)
{
    void *lib = NULL;
    size_t i;
    for (i = 0; names[i] && !lib; i++) lib = lib_open(names[i]);
    if (!lib) {
        snprintf(msg, msg_size, "%s is not installed (%s not found)", what, names[0]);
        return UMP_ENOTSUP;
    }
    for (i = 0; i < nsyms; i++) {
        if (lib_sym(lib, syms[i].name, table, syms[i].offset) != 0) {
            snprintf(msg, msg_size, "%s is too old: it lacks %s", what, syms[i].name);
            lib_close(lib);
            return UMP_ENOTSUP;
        }
    }
    *lib_out = lib;
    return UMP_OK;
}

int ump_sp_load(ump_sp_api *api, char *msg, size_t msg_size)
{
    memset(api, 0, sizeof *api);
    return load(&api->lib, api, sp_names, sp_syms, sizeof sp_syms / sizeof sp_syms[0],
                "libserialport", msg, msg_size);
}

void ump_sp_unload(ump_sp_api *api)
{
    if (api->lib) lib_close(api->lib);
    memset(api, 0, sizeof *api);
}

int ump_usb_load(ump_usb_api *api, char *msg, size_t msg_size)
{
    memset(api, 0, sizeof *api);
    return load(&api->lib, api, usb_names, usb_syms, sizeof usb_syms / sizeof usb_syms[0],
                "libusb-1.0", msg, msg_size);
}

void ump_usb_unload(ump_usb_api *api)
{
    if (api->lib) lib_close(api->lib);
    memset(api, 0, sizeof *api);
}
