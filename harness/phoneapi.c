/* harness/phoneapi.c - see phoneapi.h. */
#include "phoneapi.h"
#include "srv_private.h"

#include <stdlib.h>
#include <string.h>

#define TR_APP(s, name, ...) hx__trace((s), HX_TR_APP, HX_LANE_APP, HX_LANE_TAPISRV, (name), 0, __VA_ARGS__)
#define TR_CALL(s, name, id, ...) hx__trace((s), HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, (name), (id), __VA_ARGS__)
#define UNAVAIL(s, fn) (hx_srv_note((s), #fn, "not exported: PHONEERR_OPERATIONUNAVAIL"), \
                        (LONG)PHONEERR_OPERATIONUNAVAIL)

static LONG sync_end(hx_srv *s, const char *func, LONG r)
{
    if (hx__tracing(s)) {
        char b[16];
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, func, 0, "= %s", hx__result_text(r, b));
    }
    return hx__sync_result(s, func, r);
}

static LONG async_end(hx_srv *s, const char *func, DRV_REQUESTID id, LONG r)
{
    if (hx__tracing(s)) {
        char b[16];
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, func, id, "= %s", hx__result_text(r, b));
    }
    return hx__req_returned(s, id, r);
}

LONG hx_phone_open(hx_srv *s, DWORD device_id, hx_phone **out)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_phone *p = hx_srv_phone(s, device_id);
    HDRVPHONE hd = NULL;
    DWORD version = 0;
    LONG r;
    char b[16];
    TR_APP(s, "phoneOpen", "device %lu", (unsigned long)device_id);
    if (out) *out = NULL;
    if (!p) return PHONEERR_BADDEVICEID;
    if (!t->TSPI_phoneOpen) return UNAVAIL(s, TSPI_phoneOpen);
    if ((r = hx__negotiate(s, 1, device_id, &version)) != 0) return r;
    if (hx__phone_opening(p)) return PHONEERR_ALLOCATED;
    TR_CALL(s, "TSPI_phoneOpen", 0, "device %lu, htPhone 0x%lx, version 0x%08lx", (unsigned long)device_id,
            (unsigned long)(uintptr_t)hx__phone_ht(p), (unsigned long)version);
    hx__enter(s);
    r = t->TSPI_phoneOpen(device_id, hx__phone_ht(p), &hd, version, hx__phone_event_proc());
    hx__leave(s);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_phoneOpen", 0, "= %s, hdPhone %p",
              hx__result_text(r, b), (void *)hd);
    hx__sync_result(s, "TSPI_phoneOpen", r);
    hx__phone_opened(p, r == 0, hd, version);
    if (r == 0 && out) *out = p;
    return r;
}

LONG hx_phone_close(hx_phone *p)
{
    TR_APP(p->srv, "phoneClose", "device %lu", (unsigned long)p->device_id);
    return hx__phone_close(p);
}

LONG hx_phone_get_dev_caps(hx_srv *s, DWORD device_id, DWORD ext_version, void *buf, DWORD size)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_phone *p = hx_srv_phone(s, device_id);
    hx_gbuf *g = NULL;
    DWORD v;
    LONG r;
    TR_APP(s, "phoneGetDevCaps", "device %lu, %lu bytes", (unsigned long)device_id, (unsigned long)size);
    if (!p) return PHONEERR_BADDEVICEID;
    if (!t->TSPI_phoneGetDevCaps) return UNAVAIL(s, TSPI_phoneGetDevCaps);
    if (buf && !(g = hx__struct_begin(size))) return PHONEERR_NOMEM;
    v = hx_phone_version(p);
    TR_CALL(s, "TSPI_phoneGetDevCaps", 0, "device %lu, version 0x%08lx, ext 0x%08lx, %lu bytes",
            (unsigned long)device_id, (unsigned long)v, (unsigned long)ext_version, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_phoneGetDevCaps(device_id, v, ext_version, g ? (LPPHONECAPS)hx_gbuf_data(g) : NULL);
    hx__leave(s);
    r = sync_end(s, "TSPI_phoneGetDevCaps", r);
    return g ? hx__struct_done(s, g, r, HX_ST_PHONECAPS, v, buf, size, "TSPI_phoneGetDevCaps") : r;
}

LONG hx_phone_get_status(hx_phone *p, void *buf, DWORD size)
{
    hx_srv *s = p->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVPHONE hd;
    hx_gbuf *g = NULL;
    LONG r;
    TR_APP(s, "phoneGetStatus", "device %lu, %lu bytes", (unsigned long)p->device_id, (unsigned long)size);
    if (!t->TSPI_phoneGetStatus) return UNAVAIL(s, TSPI_phoneGetStatus);
    if (!(hd = hx__phone_hd(p))) return PHONEERR_INVALPHONEHANDLE;
    if (buf && !(g = hx__struct_begin(size))) return PHONEERR_NOMEM;
    TR_CALL(s, "TSPI_phoneGetStatus", 0, "hdPhone %p, %lu bytes", (void *)hd, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_phoneGetStatus(hd, g ? (LPPHONESTATUS)hx_gbuf_data(g) : NULL);
    hx__leave(s);
    r = sync_end(s, "TSPI_phoneGetStatus", r);
    return g ? hx__struct_done(s, g, r, HX_ST_PHONESTATUS, hx_phone_version(p), buf, size, "TSPI_phoneGetStatus")
             : r;
}

LONG hx_phone_get_display(hx_phone *p, void *buf, DWORD size)
{
    hx_srv *s = p->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVPHONE hd;
    hx_gbuf *g = NULL;
    LONG r;
    TR_APP(s, "phoneGetDisplay", "device %lu, %lu bytes", (unsigned long)p->device_id, (unsigned long)size);
    if (!t->TSPI_phoneGetDisplay) return UNAVAIL(s, TSPI_phoneGetDisplay);
    if (!(hd = hx__phone_hd(p))) return PHONEERR_INVALPHONEHANDLE;
    if (buf && !(g = hx__struct_begin(size))) return PHONEERR_NOMEM;
    TR_CALL(s, "TSPI_phoneGetDisplay", 0, "hdPhone %p, %lu bytes", (void *)hd, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_phoneGetDisplay(hd, g ? (LPVARSTRING)hx_gbuf_data(g) : NULL);
    hx__leave(s);
    r = sync_end(s, "TSPI_phoneGetDisplay", r);
    return g ? hx__struct_done(s, g, r, HX_ST_VARSTRING, hx_phone_version(p), buf, size, "TSPI_phoneGetDisplay")
             : r;
}

LONG hx_phone_set_display(hx_phone *p, DWORD row, DWORD column, const char *text)
{
    hx_srv *s = p->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVPHONE hd;
    DRV_REQUESTID id;
    WCHAR *w;
    DWORD bytes;
    int oom;
    LONG r;
    TR_APP(s, "phoneSetDisplay", "device %lu, row %lu, column %lu, \"%s\"", (unsigned long)p->device_id,
           (unsigned long)row, (unsigned long)column, text ? text : "(null)");
    if (!t->TSPI_phoneSetDisplay) return UNAVAIL(s, TSPI_phoneSetDisplay);
    if (!(hd = hx__phone_hd(p))) return PHONEERR_INVALPHONEHANDLE;
    w = hx__wide(text, &oom);
    if (oom) return PHONEERR_NOMEM;
    /* dwSize is in bytes, the text without its NUL (tspi_phonesetdisplay). */
    bytes = w ? (DWORD)(tspk_wcslen(w) * sizeof(WCHAR)) : 0;
    if (!(id = hx__req_begin(s, "TSPI_phoneSetDisplay", 1, NULL, NULL, NULL, 0))) {
        free(w);
        return PHONEERR_NOMEM;
    }
    TR_CALL(s, "TSPI_phoneSetDisplay", id, "req %lu, hdPhone %p, row %lu, column %lu, \"%s\", %lu bytes",
            (unsigned long)id, (void *)hd, (unsigned long)row, (unsigned long)column, text ? text : "(null)",
            (unsigned long)bytes);
    hx__enter(s);
    r = t->TSPI_phoneSetDisplay(id, hd, row, column, w, bytes);
    hx__leave(s);
    free(w);
    return async_end(s, "TSPI_phoneSetDisplay", id, r);
}

LONG hx_phone_get_hook_switch(hx_phone *p, DWORD *devs)
{
    hx_srv *s = p->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVPHONE hd;
    DWORD v = 0;
    LONG r;
    char b[16];
    TR_APP(s, "phoneGetHookSwitch", "device %lu", (unsigned long)p->device_id);
    if (!t->TSPI_phoneGetHookSwitch) return UNAVAIL(s, TSPI_phoneGetHookSwitch);
    if (!(hd = hx__phone_hd(p))) return PHONEERR_INVALPHONEHANDLE;
    TR_CALL(s, "TSPI_phoneGetHookSwitch", 0, "hdPhone %p", (void *)hd);
    hx__enter(s);
    r = t->TSPI_phoneGetHookSwitch(hd, &v);
    hx__leave(s);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_phoneGetHookSwitch", 0, "= %s, devices 0x%lx",
              hx__result_text(r, b), (unsigned long)v);
    hx__sync_result(s, "TSPI_phoneGetHookSwitch", r);
    if (r == 0 && devs) *devs = v;
    return r;
}

LONG hx_phone_get_ring(hx_phone *p, DWORD *mode, DWORD *volume)
{
    hx_srv *s = p->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVPHONE hd;
    DWORD m = 0, v = 0;
    LONG r;
    char b[16];
    TR_APP(s, "phoneGetRing", "device %lu", (unsigned long)p->device_id);
    if (!t->TSPI_phoneGetRing) return UNAVAIL(s, TSPI_phoneGetRing);
    if (!(hd = hx__phone_hd(p))) return PHONEERR_INVALPHONEHANDLE;
    TR_CALL(s, "TSPI_phoneGetRing", 0, "hdPhone %p", (void *)hd);
    hx__enter(s);
    r = t->TSPI_phoneGetRing(hd, &m, &v);
    hx__leave(s);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_phoneGetRing", 0, "= %s, mode %lu, volume 0x%lx",
              hx__result_text(r, b), (unsigned long)m, (unsigned long)v);
    hx__sync_result(s, "TSPI_phoneGetRing", r);
    if (r == 0) {
        if (mode) *mode = m;
        if (volume) *volume = v;
    }
    return r;
}

/* The asynchronous setters: an open phone and two DWORDs. */
enum { SET_HOOKSWITCH, SET_RING, SET_VOLUME, SET_GAIN };

static LONG phone_set(hx_phone *p, int what, DWORD a, DWORD b)
{
    static const char *const app[] = { "phoneSetHookSwitch", "phoneSetRing", "phoneSetVolume", "phoneSetGain" };
    static const char *const func[] = { "TSPI_phoneSetHookSwitch", "TSPI_phoneSetRing", "TSPI_phoneSetVolume",
                                        "TSPI_phoneSetGain" };
    hx_srv *s = p->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVPHONE hd;
    DRV_REQUESTID id;
    LONG r;
    int exported = what == SET_HOOKSWITCH ? t->TSPI_phoneSetHookSwitch != NULL
                 : what == SET_RING ? t->TSPI_phoneSetRing != NULL
                 : what == SET_VOLUME ? t->TSPI_phoneSetVolume != NULL
                 : t->TSPI_phoneSetGain != NULL;
    TR_APP(s, app[what], "device %lu, 0x%lx, 0x%lx", (unsigned long)p->device_id, (unsigned long)a, (unsigned long)b);
    if (!exported) {
        hx_srv_note(s, func[what], "not exported: PHONEERR_OPERATIONUNAVAIL");
        return PHONEERR_OPERATIONUNAVAIL;
    }
    if (!(hd = hx__phone_hd(p))) return PHONEERR_INVALPHONEHANDLE;
    if (!(id = hx__req_begin(s, func[what], 1, NULL, NULL, NULL, 0))) return PHONEERR_NOMEM;
    TR_CALL(s, func[what], id, "req %lu, hdPhone %p, 0x%lx, 0x%lx", (unsigned long)id, (void *)hd,
            (unsigned long)a, (unsigned long)b);
    hx__enter(s);
    switch (what) {
    case SET_HOOKSWITCH: r = t->TSPI_phoneSetHookSwitch(id, hd, a, b); break;
    case SET_RING: r = t->TSPI_phoneSetRing(id, hd, a, b); break;
    case SET_VOLUME: r = t->TSPI_phoneSetVolume(id, hd, a, b); break;
    default: r = t->TSPI_phoneSetGain(id, hd, a, b); break;
    }
    hx__leave(s);
    return async_end(s, func[what], id, r);
}

LONG hx_phone_set_hook_switch(hx_phone *p, DWORD devs, DWORD mode) { return phone_set(p, SET_HOOKSWITCH, devs, mode); }
LONG hx_phone_set_ring(hx_phone *p, DWORD mode, DWORD volume) { return phone_set(p, SET_RING, mode, volume); }
LONG hx_phone_set_volume(hx_phone *p, DWORD dev, DWORD volume) { return phone_set(p, SET_VOLUME, dev, volume); }
LONG hx_phone_set_gain(hx_phone *p, DWORD dev, DWORD gain) { return phone_set(p, SET_GAIN, dev, gain); }

LONG hx_phone_get_extension_id(hx_srv *s, DWORD device_id, PHONEEXTENSIONID *out)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_phone *p = hx_srv_phone(s, device_id);
    PHONEEXTENSIONID id;
    LONG r;
    TR_APP(s, "phoneGetExtensionID", "device %lu", (unsigned long)device_id);
    if (!p) return PHONEERR_BADDEVICEID;
    if (!t->TSPI_phoneGetExtensionID) return UNAVAIL(s, TSPI_phoneGetExtensionID);
    memset(&id, 0, sizeof id);
    TR_CALL(s, "TSPI_phoneGetExtensionID", 0, "device %lu", (unsigned long)device_id);
    hx__enter(s);
    r = t->TSPI_phoneGetExtensionID(device_id, hx_phone_version(p), &id);
    hx__leave(s);
    r = sync_end(s, "TSPI_phoneGetExtensionID", r);
    if (r == 0 && out) *out = id;
    return r;
}

LONG hx_phone_negotiate_ext_version(hx_srv *s, DWORD device_id, DWORD low, DWORD high, DWORD *out)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_phone *p = hx_srv_phone(s, device_id);
    DWORD ext = 0;
    LONG r;
    char b[16];
    TR_APP(s, "phoneNegotiateExtVersion", "device %lu, 0x%08lx, 0x%08lx", (unsigned long)device_id,
           (unsigned long)low, (unsigned long)high);
    if (!p) return PHONEERR_BADDEVICEID;
    if (!t->TSPI_phoneNegotiateExtVersion) return UNAVAIL(s, TSPI_phoneNegotiateExtVersion);
    TR_CALL(s, "TSPI_phoneNegotiateExtVersion", 0, "device %lu, 0x%08lx, 0x%08lx", (unsigned long)device_id,
            (unsigned long)low, (unsigned long)high);
    hx__enter(s);
    r = t->TSPI_phoneNegotiateExtVersion(device_id, hx_phone_version(p), low, high, &ext);
    hx__leave(s);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_phoneNegotiateExtVersion", 0,
              "= %s, version 0x%08lx", hx__result_text(r, b), (unsigned long)ext);
    hx__sync_result(s, "TSPI_phoneNegotiateExtVersion", r);
    if (r == 0) hx__check_ext_version(s, "TSPI_phoneNegotiateExtVersion", device_id, low, high, ext,
                                      hx__get_ext_selected(s, &p->ext_selected));
    if (r == 0 && out) *out = ext;
    return r;
}

LONG hx_phone_select_ext_version(hx_phone *p, DWORD ext_version)
{
    hx_srv *s = p->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVPHONE hd;
    LONG r;
    TR_APP(s, "phoneSelectExtVersion", "device %lu, 0x%08lx", (unsigned long)p->device_id, (unsigned long)ext_version);
    if (!t->TSPI_phoneSelectExtVersion) return UNAVAIL(s, TSPI_phoneSelectExtVersion);
    if (!(hd = hx__phone_hd(p))) return PHONEERR_INVALPHONEHANDLE;
    TR_CALL(s, "TSPI_phoneSelectExtVersion", 0, "hdPhone %p, 0x%08lx", (void *)hd, (unsigned long)ext_version);
    hx__enter(s);
    r = t->TSPI_phoneSelectExtVersion(hd, ext_version);
    hx__leave(s);
    r = sync_end(s, "TSPI_phoneSelectExtVersion", r);
    if (r == 0) hx__set_ext_selected(s, &p->ext_selected, ext_version);
    return r;
}
