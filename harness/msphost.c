/* harness/msphost.c - see msphost.h. Placeholder so the harness links; the MSP host
 * proper follows in the next commits. */
#include "msphost.h"

#include <stdio.h>
#include <stdlib.h>

struct hx_msphost { hx_msp_event_fn on_event; void *user; };

#define HX_E_CLASSNOTREG ((HRESULT)0x80040154)   /* REGDB_E_CLASSNOTREG */

hx_msphost *hx_msphost_new(hx_msp_event_fn on_event, void *user)
{
    hx_msphost *h = (hx_msphost *)calloc(1, sizeof *h);
    if (h) { h->on_event = on_event; h->user = user; }
    return h;
}

void hx_msphost_free(hx_msphost *h) { free(h); }

int hx_guid_parse(const char *text, GUID *out) { (void)text; (void)out; return -1; }

void hx_guid_format(const GUID *g, char *buf, size_t len)
{
    snprintf(buf, len, "{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
             (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
             g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

int hx_msphost_register(hx_msphost *h, const GUID *clsid, const char *module_path)
{ (void)h; (void)clsid; (void)module_path; return -1; }

int hx_msphost_register_arg(hx_msphost *h, const char *arg, char *err, size_t errlen)
{ (void)h; (void)arg; snprintf(err, errlen, "--msp: not implemented yet"); return -1; }

int hx_msphost_load_config(hx_msphost *h, const char *path, char *err, size_t errlen)
{ (void)h; snprintf(err, errlen, "%s: not implemented yet", path); return -1; }

HRESULT hx_msp_addr_create(hx_msphost *h, const GUID *clsid, void *owner, hx_msp_addr **out)
{ (void)h; (void)clsid; (void)owner; *out = NULL; return HX_E_CLASSNOTREG; }

void hx_msp_addr_destroy(hx_msp_addr *a) { (void)a; }

HRESULT hx_msp_call_create(hx_msp_addr *a, void *owner, DWORD media_type, hx_msp_call **out)
{ (void)a; (void)owner; (void)media_type; *out = NULL; return E_FAIL; }

void hx_msp_call_destroy(hx_msp_call *c) { (void)c; }

HRESULT hx_msp_deliver(hx_msp_addr *a, hx_msp_call *call, const void *data, DWORD size)
{ (void)a; (void)call; (void)data; (void)size; return E_FAIL; }
