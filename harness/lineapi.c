/* harness/lineapi.c - see lineapi.h. */
#include "lineapi.h"
#include "srv_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#  include <windows.h>
#endif

#define TR_APP(s, name, ...) hx__trace((s), HX_TR_APP, HX_LANE_APP, HX_LANE_TAPISRV, (name), 0, __VA_ARGS__)
#define TR_CALL(s, name, id, ...) hx__trace((s), HX_TR_CALL, HX_LANE_TAPISRV, HX_LANE_TSP, (name), (id), __VA_ARGS__)

/* After a synchronous TSPI function: trace its result and check it. */
static LONG sync_end(hx_srv *s, const char *func, LONG r)
{
    if (hx__tracing(s)) {
        char b[16];
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, func, 0, "= %s", hx__result_text(r, b));
    }
    return hx__sync_result(s, func, r);
}

/* After an asynchronous one: what the application gets (the ID or the error). */
static LONG async_end(hx_srv *s, const char *func, DRV_REQUESTID id, LONG r)
{
    if (hx__tracing(s)) {
        char b[16];
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, func, id, "= %s", hx__result_text(r, b));
    }
    return hx__req_returned(s, id, r);
}

#define UNAVAIL(s, fn) (hx_srv_note((s), #fn, "not exported: LINEERR_OPERATIONUNAVAIL"), \
                        (LONG)LINEERR_OPERATIONUNAVAIL)

/* A guarded copy of the application's buffer, or NULL for NULL. */
#define GBUF_BEGIN(g, data, buf, size)                        \
    do {                                                      \
        (g) = NULL;                                           \
        (data) = NULL;                                        \
        if (buf) {                                            \
            if (!((g) = hx__struct_begin(size))) return LINEERR_NOMEM; \
            (data) = hx_gbuf_data(g);                         \
        }                                                     \
    } while (0)
#define GBUF_END(s, g, r, kind, ver, buf, size, func) \
    ((g) ? hx__struct_done((s), (g), (r), (kind), (ver), (buf), (size), (func)) : (r))

/* ---- devices ---- */

LONG hx_line_open(hx_srv *s, DWORD device_id, hx_line **out)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_line *l = hx_srv_line(s, device_id);
    HDRVLINE hd = NULL;
    DWORD version = 0;
    LONG r;
    TR_APP(s, "lineOpen", "device %lu", (unsigned long)device_id);
    if (out) *out = NULL;
    if (!l) return LINEERR_BADDEVICEID;
    if (!t->TSPI_lineOpen) return UNAVAIL(s, TSPI_lineOpen);
    /* The application negotiates first (lineNegotiateAPIVersion -> TSPI). */
    if ((r = hx__negotiate(s, 0, device_id, &version)) != 0) return r;
    if (hx__line_opening(l)) return LINEERR_ALLOCATED;
    TR_CALL(s, "TSPI_lineOpen", 0, "device %lu, htLine 0x%lx, version 0x%08lx", (unsigned long)device_id,
            (unsigned long)(uintptr_t)hx__line_ht(l), (unsigned long)version);
    hx__enter(s);
    r = t->TSPI_lineOpen(device_id, hx__line_ht(l), &hd, version, hx__line_event_proc());
    hx__leave(s);
    if (hx__tracing(s)) {
        char b[16];
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineOpen", 0, "= %s, hdLine %p",
                  hx__result_text(r, b), (void *)hd);
    }
    hx__sync_result(s, "TSPI_lineOpen", r);
    hx__line_opened(l, r == 0, hd, version);
    if (r == 0 && out) *out = l;
    return r;
}

LONG hx_line_close(hx_line *l)
{
    TR_APP(l->srv, "lineClose", "device %lu", (unsigned long)l->device_id);
    return hx__line_close(l);
}

LONG hx_line_get_dev_caps(hx_srv *s, DWORD device_id, DWORD ext_version, void *buf, DWORD size)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_line *l = hx_srv_line(s, device_id);
    hx_gbuf *g;
    void *data;
    DWORD v;
    LONG r;
    TR_APP(s, "lineGetDevCaps", "device %lu, %lu bytes", (unsigned long)device_id, (unsigned long)size);
    if (!l) return LINEERR_BADDEVICEID;
    if (!t->TSPI_lineGetDevCaps) return UNAVAIL(s, TSPI_lineGetDevCaps);
    v = hx_line_version(l);
    GBUF_BEGIN(g, data, buf, size);
    TR_CALL(s, "TSPI_lineGetDevCaps", 0, "device %lu, version 0x%08lx, ext 0x%08lx, %lu bytes",
            (unsigned long)device_id, (unsigned long)v, (unsigned long)ext_version, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineGetDevCaps(device_id, v, ext_version, (LPLINEDEVCAPS)data);
    hx__leave(s);
    r = sync_end(s, "TSPI_lineGetDevCaps", r);
    return GBUF_END(s, g, r, HX_ST_LINEDEVCAPS, v, buf, size, "TSPI_lineGetDevCaps");
}

LONG hx_line_get_address_caps(hx_srv *s, DWORD device_id, DWORD address_id, DWORD ext_version,
                              void *buf, DWORD size)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_line *l = hx_srv_line(s, device_id);
    hx_gbuf *g;
    void *data;
    DWORD v;
    LONG r;
    TR_APP(s, "lineGetAddressCaps", "device %lu, address %lu, %lu bytes", (unsigned long)device_id,
           (unsigned long)address_id, (unsigned long)size);
    if (!l) return LINEERR_BADDEVICEID;
    if (!t->TSPI_lineGetAddressCaps) return UNAVAIL(s, TSPI_lineGetAddressCaps);
    v = hx_line_version(l);
    GBUF_BEGIN(g, data, buf, size);
    TR_CALL(s, "TSPI_lineGetAddressCaps", 0, "device %lu, address %lu, version 0x%08lx, %lu bytes",
            (unsigned long)device_id, (unsigned long)address_id, (unsigned long)v, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineGetAddressCaps(device_id, address_id, v, ext_version, (LPLINEADDRESSCAPS)data);
    hx__leave(s);
    r = sync_end(s, "TSPI_lineGetAddressCaps", r);
    return GBUF_END(s, g, r, HX_ST_LINEADDRESSCAPS, v, buf, size, "TSPI_lineGetAddressCaps");
}

LONG hx_line_get_dev_status(hx_line *l, void *buf, DWORD size)
{
    hx_srv *s = l->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVLINE hd;
    hx_gbuf *g;
    void *data;
    LONG r;
    TR_APP(s, "lineGetLineDevStatus", "device %lu, %lu bytes", (unsigned long)l->device_id, (unsigned long)size);
    if (!t->TSPI_lineGetLineDevStatus) return UNAVAIL(s, TSPI_lineGetLineDevStatus);
    if (!(hd = hx__line_hd(l))) return LINEERR_INVALLINEHANDLE;
    GBUF_BEGIN(g, data, buf, size);
    TR_CALL(s, "TSPI_lineGetLineDevStatus", 0, "hdLine %p, %lu bytes", (void *)hd, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineGetLineDevStatus(hd, (LPLINEDEVSTATUS)data);
    hx__leave(s);
    r = sync_end(s, "TSPI_lineGetLineDevStatus", r);
    return GBUF_END(s, g, r, HX_ST_LINEDEVSTATUS, hx_line_version(l), buf, size, "TSPI_lineGetLineDevStatus");
}

LONG hx_line_get_address_status(hx_line *l, DWORD address_id, void *buf, DWORD size)
{
    hx_srv *s = l->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVLINE hd;
    hx_gbuf *g;
    void *data;
    LONG r;
    TR_APP(s, "lineGetAddressStatus", "device %lu, address %lu, %lu bytes", (unsigned long)l->device_id,
           (unsigned long)address_id, (unsigned long)size);
    if (!t->TSPI_lineGetAddressStatus) return UNAVAIL(s, TSPI_lineGetAddressStatus);
    if (!(hd = hx__line_hd(l))) return LINEERR_INVALLINEHANDLE;
    GBUF_BEGIN(g, data, buf, size);
    TR_CALL(s, "TSPI_lineGetAddressStatus", 0, "hdLine %p, address %lu, %lu bytes", (void *)hd,
            (unsigned long)address_id, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineGetAddressStatus(hd, address_id, (LPLINEADDRESSSTATUS)data);
    hx__leave(s);
    r = sync_end(s, "TSPI_lineGetAddressStatus", r);
    return GBUF_END(s, g, r, HX_ST_LINEADDRESSSTATUS, hx_line_version(l), buf, size, "TSPI_lineGetAddressStatus");
}

LONG hx_line_get_id(hx_line *l, DWORD address_id, hx_call *c, DWORD select, const char *device_class,
                    void *buf, DWORD size)
{
    hx_srv *s = l->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVLINE hd;
    HDRVCALL hdc = NULL;
    HANDLE process = NULL;
    WCHAR *wclass;
    hx_gbuf *g;
    void *data;
    int oom;
    LONG r;
    TR_APP(s, "lineGetID", "device %lu, address %lu, call 0x%lx, select 0x%lx, class \"%s\"",
           (unsigned long)l->device_id, (unsigned long)address_id,
           (unsigned long)(uintptr_t)(c ? hx__call_ht(c) : NULL), (unsigned long)select,
           device_class ? device_class : "(null)");
    if (!t->TSPI_lineGetID) return UNAVAIL(s, TSPI_lineGetID);
    if (!(hd = hx__line_hd(l))) return LINEERR_INVALLINEHANDLE;
    if (select == LINECALLSELECT_CALL && (!c || !(hdc = hx__call_hd(c)))) return LINEERR_INVALCALLHANDLE;
    wclass = hx__wide(device_class, &oom);
    if (oom) return LINEERR_NOMEM;
    g = NULL;
    data = NULL;
    if (buf && !(g = hx__struct_begin(size))) {
        free(wclass);
        return LINEERR_NOMEM;
    }
    if (g) data = hx_gbuf_data(g);
#ifdef _WIN32
    process = GetCurrentProcess();   /* TAPISRV passes the application's process */
#endif
    TR_CALL(s, "TSPI_lineGetID", 0, "hdLine %p, address %lu, hdCall %p, select 0x%lx, %lu bytes", (void *)hd,
            (unsigned long)address_id, (void *)hdc, (unsigned long)select, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineGetID(hd, address_id, hdc, select, (LPVARSTRING)data, wclass, process);
    hx__leave(s);
    free(wclass);
    r = sync_end(s, "TSPI_lineGetID", r);
    return GBUF_END(s, g, r, HX_ST_VARSTRING, hx_line_version(l), buf, size, "TSPI_lineGetID");
}

LONG hx_line_set_status_messages(hx_line *l, DWORD line_states, DWORD address_states)
{
    hx_srv *s = l->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVLINE hd;
    LONG r;
    TR_APP(s, "lineSetStatusMessages", "device %lu, 0x%lx, 0x%lx", (unsigned long)l->device_id,
           (unsigned long)line_states, (unsigned long)address_states);
    if (!t->TSPI_lineSetStatusMessages) return UNAVAIL(s, TSPI_lineSetStatusMessages);
    if (!(hd = hx__line_hd(l))) return LINEERR_INVALLINEHANDLE;
    TR_CALL(s, "TSPI_lineSetStatusMessages", 0, "hdLine %p, 0x%lx, 0x%lx", (void *)hd,
            (unsigned long)line_states, (unsigned long)address_states);
    hx__enter(s);
    r = t->TSPI_lineSetStatusMessages(hd, line_states, address_states);
    hx__leave(s);
    return sync_end(s, "TSPI_lineSetStatusMessages", r);
}

LONG hx_line_set_default_media_detection(hx_line *l, DWORD media_modes)
{
    hx_srv *s = l->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVLINE hd;
    LONG r;
    TR_APP(s, "lineSetDefaultMediaDetection", "device %lu, 0x%lx", (unsigned long)l->device_id,
           (unsigned long)media_modes);
    if (!t->TSPI_lineSetDefaultMediaDetection) return UNAVAIL(s, TSPI_lineSetDefaultMediaDetection);
    if (!(hd = hx__line_hd(l))) return LINEERR_INVALLINEHANDLE;
    TR_CALL(s, "TSPI_lineSetDefaultMediaDetection", 0, "hdLine %p, 0x%lx", (void *)hd, (unsigned long)media_modes);
    hx__enter(s);
    r = t->TSPI_lineSetDefaultMediaDetection(hd, media_modes);
    hx__leave(s);
    return sync_end(s, "TSPI_lineSetDefaultMediaDetection", r);
}

LONG hx_line_get_dev_config(hx_srv *s, DWORD device_id, const char *device_class, void *buf, DWORD size)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_line *l = hx_srv_line(s, device_id);
    WCHAR *wclass;
    hx_gbuf *g = NULL;
    void *data = NULL;
    int oom;
    LONG r;
    TR_APP(s, "lineGetDevConfig", "device %lu, class \"%s\", %lu bytes", (unsigned long)device_id,
           device_class ? device_class : "(null)", (unsigned long)size);
    if (!l) return LINEERR_BADDEVICEID;
    if (!t->TSPI_lineGetDevConfig) return UNAVAIL(s, TSPI_lineGetDevConfig);
    wclass = hx__wide(device_class, &oom);
    if (oom || (buf && !(g = hx__struct_begin(size)))) {
        free(wclass);
        return LINEERR_NOMEM;
    }
    if (g) data = hx_gbuf_data(g);
    TR_CALL(s, "TSPI_lineGetDevConfig", 0, "device %lu, %lu bytes", (unsigned long)device_id, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineGetDevConfig(device_id, (LPVARSTRING)data, wclass);
    hx__leave(s);
    free(wclass);
    r = sync_end(s, "TSPI_lineGetDevConfig", r);
    return GBUF_END(s, g, r, HX_ST_VARSTRING, hx_line_version(l), buf, size, "TSPI_lineGetDevConfig");
}

LONG hx_line_set_dev_config(hx_srv *s, DWORD device_id, const char *device_class, const void *config,
                            DWORD size)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_line *l = hx_srv_line(s, device_id);
    WCHAR *wclass;
    void *copy = NULL;
    int oom;
    LONG r;
    TR_APP(s, "lineSetDevConfig", "device %lu, class \"%s\", %lu bytes", (unsigned long)device_id,
           device_class ? device_class : "(null)", (unsigned long)size);
    if (!l) return LINEERR_BADDEVICEID;
    if (!t->TSPI_lineSetDevConfig) return UNAVAIL(s, TSPI_lineSetDevConfig);
    wclass = hx__wide(device_class, &oom);
    if (oom || (config && size && !(copy = malloc(size)))) {
        free(wclass);
        return LINEERR_NOMEM;
    }
    if (copy) memcpy(copy, config, size);
    TR_CALL(s, "TSPI_lineSetDevConfig", 0, "device %lu, %lu bytes", (unsigned long)device_id, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineSetDevConfig(device_id, copy, size, wclass);
    hx__leave(s);
    free(copy);
    free(wclass);
    return sync_end(s, "TSPI_lineSetDevConfig", r);
}

LONG hx_line_dev_specific(hx_line *l, DWORD address_id, hx_call *c, void *params, DWORD size)
{
    hx_srv *s = l->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVLINE hd;
    HDRVCALL hdc = NULL;
    DRV_REQUESTID id;
    void *copy = NULL;
    LONG r;
    TR_APP(s, "lineDevSpecific", "device %lu, address %lu, call 0x%lx, %lu bytes", (unsigned long)l->device_id,
           (unsigned long)address_id, (unsigned long)(uintptr_t)(c ? hx__call_ht(c) : NULL), (unsigned long)size);
    if (!t->TSPI_lineDevSpecific) return UNAVAIL(s, TSPI_lineDevSpecific);
    if (!(hd = hx__line_hd(l))) return LINEERR_INVALLINEHANDLE;
    if (c && !(hdc = hx__call_hd(c))) return LINEERR_INVALCALLHANDLE;
    if (params && size) {
        if (!(copy = malloc(size))) return LINEERR_NOMEM;
        memcpy(copy, params, size);
    }
    if (!(id = hx__req_begin(s, "TSPI_lineDevSpecific", 0, NULL, copy, params, size))) return LINEERR_NOMEM;
    TR_CALL(s, "TSPI_lineDevSpecific", id, "req %lu, hdLine %p, address %lu, hdCall %p, %lu bytes",
            (unsigned long)id, (void *)hd, (unsigned long)address_id, (void *)hdc, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineDevSpecific(id, hd, address_id, hdc, copy, size);
    hx__leave(s);
    return async_end(s, "TSPI_lineDevSpecific", id, r);
}

LONG hx_line_get_extension_id(hx_srv *s, DWORD device_id, LINEEXTENSIONID *out)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_line *l = hx_srv_line(s, device_id);
    LINEEXTENSIONID id;
    LONG r;
    TR_APP(s, "lineGetExtensionID", "device %lu", (unsigned long)device_id);
    if (!l) return LINEERR_BADDEVICEID;
    if (!t->TSPI_lineGetExtensionID) return UNAVAIL(s, TSPI_lineGetExtensionID);
    memset(&id, 0, sizeof id);
    TR_CALL(s, "TSPI_lineGetExtensionID", 0, "device %lu", (unsigned long)device_id);
    hx__enter(s);
    r = t->TSPI_lineGetExtensionID(device_id, hx_line_version(l), &id);
    hx__leave(s);
    r = sync_end(s, "TSPI_lineGetExtensionID", r);
    if (r == 0 && out) *out = id;
    return r;
}

/* Inside the offered range, and while one is selected, that one
 * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linenegotiateextversion,
 * .../nf-tspi-tspi_lineselectextversion; seed 003). */
void hx__check_ext_version(hx_srv *s, const char *func, DWORD device_id, DWORD low, DWORD high,
                           DWORD ext, DWORD selected)
{
    hx_checks *c = hx_srv_checks(s);
    if (ext < low || ext > high)
        hx_checks_report(c, HX_CHK_EXT_VERSION_RANGE, func, "device %lu: version 0x%08lx outside 0x%08lx..0x%08lx",
                         (unsigned long)device_id, (unsigned long)ext, (unsigned long)low, (unsigned long)high);
    else if (selected && ext != selected)
        hx_checks_report(c, HX_CHK_EXT_VERSION_SELECTED, func,
                         "device %lu: version 0x%08lx while 0x%08lx is selected", (unsigned long)device_id,
                         (unsigned long)ext, (unsigned long)selected);
}

LONG hx_line_negotiate_ext_version(hx_srv *s, DWORD device_id, DWORD low, DWORD high, DWORD *out)
{
    const hx_tspi *t = hx_srv_tspi(s);
    hx_line *l = hx_srv_line(s, device_id);
    DWORD ext = 0;
    LONG r;
    char b[16];
    TR_APP(s, "lineNegotiateExtVersion", "device %lu, 0x%08lx, 0x%08lx", (unsigned long)device_id,
           (unsigned long)low, (unsigned long)high);
    if (!l) return LINEERR_BADDEVICEID;
    if (!t->TSPI_lineNegotiateExtVersion) return UNAVAIL(s, TSPI_lineNegotiateExtVersion);
    TR_CALL(s, "TSPI_lineNegotiateExtVersion", 0, "device %lu, 0x%08lx, 0x%08lx", (unsigned long)device_id,
            (unsigned long)low, (unsigned long)high);
    hx__enter(s);
    r = t->TSPI_lineNegotiateExtVersion(device_id, hx_line_version(l), low, high, &ext);
    hx__leave(s);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineNegotiateExtVersion", 0,
              "= %s, version 0x%08lx", hx__result_text(r, b), (unsigned long)ext);
    hx__sync_result(s, "TSPI_lineNegotiateExtVersion", r);
    if (r == 0) hx__check_ext_version(s, "TSPI_lineNegotiateExtVersion", device_id, low, high, ext,
                                      hx__get_ext_selected(s, &l->ext_selected));
    if (r == 0 && out) *out = ext;
    return r;
}

LONG hx_line_select_ext_version(hx_line *l, DWORD ext_version)
{
    hx_srv *s = l->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVLINE hd;
    LONG r;
    TR_APP(s, "lineSelectExtVersion", "device %lu, 0x%08lx", (unsigned long)l->device_id, (unsigned long)ext_version);
    if (!t->TSPI_lineSelectExtVersion) return UNAVAIL(s, TSPI_lineSelectExtVersion);
    if (!(hd = hx__line_hd(l))) return LINEERR_INVALLINEHANDLE;
    TR_CALL(s, "TSPI_lineSelectExtVersion", 0, "hdLine %p, 0x%08lx", (void *)hd, (unsigned long)ext_version);
    hx__enter(s);
    r = t->TSPI_lineSelectExtVersion(hd, ext_version);
    hx__leave(s);
    r = sync_end(s, "TSPI_lineSelectExtVersion", r);
    if (r == 0) hx__set_ext_selected(s, &l->ext_selected, ext_version);
    return r;
}

/* ---- MSP instances ---- */

LONG hx_line_open_msp(hx_line *l, DWORD address_id, hx_msp_line **out)
{
    hx_srv *s = l->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVLINE hd;
    HDRVMSPLINE hdm = NULL;
    hx_msp_line *m;
    hx_msp_addr *addr = NULL;
    GUID clsid;
    char text[40], b[16];
    HRESULT hr;
    LONG r;
    TR_APP(s, "lineCreateMSPInstance", "device %lu, address %lu", (unsigned long)l->device_id, (unsigned long)address_id);
    if (out) *out = NULL;
    if (!t->TSPI_lineMSPIdentify) return UNAVAIL(s, TSPI_lineMSPIdentify);
    if (!t->TSPI_lineCreateMSPInstance) return UNAVAIL(s, TSPI_lineCreateMSPInstance);
    if (!(hd = hx__line_hd(l))) return LINEERR_INVALLINEHANDLE;
    /* Which MSP (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linemspidentify). */
    memset(&clsid, 0, sizeof clsid);
    TR_CALL(s, "TSPI_lineMSPIdentify", 0, "device %lu", (unsigned long)l->device_id);
    hx__enter(s);
    r = t->TSPI_lineMSPIdentify(l->device_id, &clsid);
    hx__leave(s);
    hx_guid_format(&clsid, text, sizeof text);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineMSPIdentify", 0, "= %s, %s",
              hx__result_text(r, b), text);
    if ((r = hx__sync_result(s, "TSPI_lineMSPIdentify", r)) != 0) return r;
    if (!(m = hx__msp_line_new(l, address_id))) return LINEERR_NOMEM;
    TR_CALL(s, "TSPI_lineCreateMSPInstance", 0, "hdLine %p, address %lu, htMSPLine 0x%08lx", (void *)hd,
            (unsigned long)address_id, (unsigned long)hx__msp_line_ht(m));
    hx__enter(s);
    r = t->TSPI_lineCreateMSPInstance(hd, address_id, hx__msp_line_ht(m), &hdm);
    hx__leave(s);
    hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineCreateMSPInstance", 0, "= %s, hdMSPLine %p",
              hx__result_text(r, b), (void *)hdm);
    if ((r = hx__sync_result(s, "TSPI_lineCreateMSPInstance", r)) != 0) {
        hx__msp_line_free(m);
        return r;
    }
    m->hd = hdm;
    /* The MSP itself: its address object, Initialize()d with an event (nn-msp-itmspaddress). */
    hr = hx_msp_addr_create(hx__msphost(s), &clsid, m, &addr);
    if (FAILED(hr)) {
        char why[256];
        hx_msphost_last_error(hx__msphost(s), why, sizeof why);
        hx_srv_note(s, "MSP", "%s: no MSP address object (0x%08lx %s): %s", text, (unsigned long)hr,
                    hx_msp_hresult_name(hr), why);
        hx__msp_line_close(m);
        return LINEERR_OPERATIONFAILED;
    }
    hx__trace(s, HX_TR_MSP, HX_LANE_TAPISRV, HX_LANE_MSP, "Initialize", 0, "%s, htMSPLine 0x%08lx", text,
              (unsigned long)hx__msp_line_ht(m));
    hx__set_msp_addr(m, addr);
    if (out) *out = m;
    return 0;
}

LONG hx_msp_line_close(hx_msp_line *m)
{
    TR_APP(m->srv, "lineCloseMSPInstance", "htMSPLine 0x%08lx", (unsigned long)hx__msp_line_ht(m));
    return hx__msp_line_close(m);
}

/* ---- calls ---- */

LONG hx_line_make_call(hx_line *l, const char *dest, DWORD country, const LINECALLPARAMS *params,
                       hx_call **out)
{
    hx_srv *s = l->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVLINE hd;
    WCHAR *wdest;
    LINECALLPARAMS *cp = NULL;
    hx_call *c;
    DRV_REQUESTID id;
    int oom;
    LONG r;
    TR_APP(s, "lineMakeCall", "device %lu, dest \"%s\", country %lu%s", (unsigned long)l->device_id,
           dest ? dest : "(null)", (unsigned long)country, params ? ", with LINECALLPARAMS" : "");
    if (out) *out = NULL;
    if (!t->TSPI_lineMakeCall) return UNAVAIL(s, TSPI_lineMakeCall);
    if (!(hd = hx__line_hd(l))) return LINEERR_INVALLINEHANDLE;
    wdest = hx__wide(dest, &oom);
    if (oom) return LINEERR_NOMEM;
    if (params) {
        DWORD n = params->dwTotalSize < sizeof(DWORD) ? (DWORD)sizeof(DWORD) : params->dwTotalSize;
        if (!(cp = (LINECALLPARAMS *)malloc(n))) {
            free(wdest);
            return LINEERR_NOMEM;
        }
        memcpy(cp, params, n);
    }
    if (!(c = hx__call_new(l))) {
        free(wdest);
        free(cp);
        return LINEERR_CALLUNAVAIL;
    }
    /* TAPI 3 creates the MSP's call object first: the MSP knows of an outgoing call
     * before the TSP (seed 001). */
    hx__msp_call_attach(c);
    /* TAPI marks *lphdCall so that a successful return that left it is seen. */
    c->hd_out = (HDRVCALL)(uintptr_t)HX__HDCALL_SENTINEL;
    if (!(id = hx__req_begin(s, "TSPI_lineMakeCall", 0, c, NULL, NULL, 0))) {
        hx__call_made(c, LINEERR_NOMEM, 0);
        free(wdest);
        free(cp);
        return LINEERR_NOMEM;
    }
    TR_CALL(s, "TSPI_lineMakeCall", id, "req %lu, hdLine %p, htCall 0x%lx, dest \"%s\", country %lu",
            (unsigned long)id, (void *)hd, (unsigned long)(uintptr_t)hx__call_ht(c), dest ? dest : "(null)",
            (unsigned long)country);
    hx__enter(s);
    r = t->TSPI_lineMakeCall(id, hd, hx__call_ht(c), &c->hd_out, wdest, country, cp);
    hx__leave(s);
    if (hx__tracing(s)) {
        char b[16];
        hx__trace(s, HX_TR_RETURN, HX_LANE_TSP, HX_LANE_TAPISRV, "TSPI_lineMakeCall", id, "= %s, hdCall %p",
                  hx__result_text(r, b), (void *)c->hd_out);
    }
    free(wdest);
    free(cp);
    /* The call first (hdCall known, or freed after an error), then the reply released. */
    hx__call_made(c, r, id);
    r = hx__req_returned(s, id, r);
    if (r > 0 && out) *out = c;
    return r;
}

typedef LONG (TSPIAPI *uui_fn)(DRV_REQUESTID, HDRVCALL, LPCSTR, DWORD);

/* answer, accept and drop: a call, optional user-user information. */
static LONG call_uui(hx_call *c, const char *app_name, const char *func, uui_fn fn, const void *uui, DWORD size)
{
    hx_srv *s = c->srv;
    HDRVCALL hd;
    DRV_REQUESTID id;
    char *copy = NULL;
    LONG r;
    TR_APP(s, app_name, "call 0x%lx, %lu bytes of user-user info", (unsigned long)(uintptr_t)hx__call_ht(c),
           (unsigned long)size);
    if (!fn) {
        hx_srv_note(s, func, "not exported: LINEERR_OPERATIONUNAVAIL");
        return LINEERR_OPERATIONUNAVAIL;
    }
    if (!(hd = hx__call_hd(c))) return LINEERR_INVALCALLHANDLE;
    if (uui && size) {
        if (!(copy = (char *)malloc(size))) return LINEERR_NOMEM;
        memcpy(copy, uui, size);
    }
    if (!(id = hx__req_begin(s, func, 0, NULL, NULL, NULL, 0))) {
        free(copy);
        return LINEERR_NOMEM;
    }
    TR_CALL(s, func, id, "req %lu, hdCall %p, %lu bytes", (unsigned long)id, (void *)hd, (unsigned long)size);
    hx__enter(s);
    r = fn(id, hd, copy, copy ? size : 0);
    hx__leave(s);
    free(copy);
    return async_end(s, func, id, r);
}

LONG hx_call_answer(hx_call *c, const void *uui, DWORD size)
{
    return call_uui(c, "lineAnswer", "TSPI_lineAnswer", hx_srv_tspi(c->srv)->TSPI_lineAnswer, uui, size);
}

LONG hx_call_accept(hx_call *c, const void *uui, DWORD size)
{
    return call_uui(c, "lineAccept", "TSPI_lineAccept", hx_srv_tspi(c->srv)->TSPI_lineAccept, uui, size);
}

LONG hx_call_drop(hx_call *c, const void *uui, DWORD size)
{
    return call_uui(c, "lineDrop", "TSPI_lineDrop", hx_srv_tspi(c->srv)->TSPI_lineDrop, uui, size);
}

LONG hx_call_dial(hx_call *c, const char *dest, DWORD country)
{
    hx_srv *s = c->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVCALL hd;
    DRV_REQUESTID id;
    WCHAR *wdest;
    int oom;
    LONG r;
    TR_APP(s, "lineDial", "call 0x%lx, dest \"%s\"", (unsigned long)(uintptr_t)hx__call_ht(c), dest ? dest : "(null)");
    if (!t->TSPI_lineDial) return UNAVAIL(s, TSPI_lineDial);
    if (!(hd = hx__call_hd(c))) return LINEERR_INVALCALLHANDLE;
    wdest = hx__wide(dest, &oom);
    if (oom) return LINEERR_NOMEM;
    if (!(id = hx__req_begin(s, "TSPI_lineDial", 0, NULL, NULL, NULL, 0))) {
        free(wdest);
        return LINEERR_NOMEM;
    }
    TR_CALL(s, "TSPI_lineDial", id, "req %lu, hdCall %p, dest \"%s\", country %lu", (unsigned long)id, (void *)hd,
            dest ? dest : "(null)", (unsigned long)country);
    hx__enter(s);
    r = t->TSPI_lineDial(id, hd, wdest, country);
    hx__leave(s);
    free(wdest);
    return async_end(s, "TSPI_lineDial", id, r);
}

LONG hx_call_get_info(hx_call *c, void *buf, DWORD size)
{
    hx_srv *s = c->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVCALL hd;
    hx_gbuf *g;
    void *data;
    LONG r;
    TR_APP(s, "lineGetCallInfo", "call 0x%lx, %lu bytes", (unsigned long)(uintptr_t)hx__call_ht(c), (unsigned long)size);
    if (!t->TSPI_lineGetCallInfo) return UNAVAIL(s, TSPI_lineGetCallInfo);
    if (!(hd = hx__call_hd(c))) return LINEERR_INVALCALLHANDLE;
    GBUF_BEGIN(g, data, buf, size);
    TR_CALL(s, "TSPI_lineGetCallInfo", 0, "hdCall %p, %lu bytes", (void *)hd, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineGetCallInfo(hd, (LPLINECALLINFO)data);
    hx__leave(s);
    r = sync_end(s, "TSPI_lineGetCallInfo", r);
    return GBUF_END(s, g, r, HX_ST_LINECALLINFO, hx_line_version(c->line), buf, size, "TSPI_lineGetCallInfo");
}

LONG hx_call_get_status(hx_call *c, void *buf, DWORD size)
{
    hx_srv *s = c->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVCALL hd;
    hx_gbuf *g;
    void *data;
    LONG r;
    TR_APP(s, "lineGetCallStatus", "call 0x%lx, %lu bytes", (unsigned long)(uintptr_t)hx__call_ht(c), (unsigned long)size);
    if (!t->TSPI_lineGetCallStatus) return UNAVAIL(s, TSPI_lineGetCallStatus);
    if (!(hd = hx__call_hd(c))) return LINEERR_INVALCALLHANDLE;
    GBUF_BEGIN(g, data, buf, size);
    TR_CALL(s, "TSPI_lineGetCallStatus", 0, "hdCall %p, %lu bytes", (void *)hd, (unsigned long)size);
    hx__enter(s);
    r = t->TSPI_lineGetCallStatus(hd, (LPLINECALLSTATUS)data);
    hx__leave(s);
    r = sync_end(s, "TSPI_lineGetCallStatus", r);
    return GBUF_END(s, g, r, HX_ST_LINECALLSTATUS, hx_line_version(c->line), buf, size, "TSPI_lineGetCallStatus");
}

LONG hx_call_close(hx_call *c)
{
    TR_APP(c->srv, "lineDeallocateCall", "call 0x%lx", (unsigned long)(uintptr_t)hx__call_ht(c));
    return hx__call_close(c);
}

LONG hx_call_set_media_mode(hx_call *c, DWORD media_mode)
{
    hx_srv *s = c->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVCALL hd;
    LONG r;
    TR_APP(s, "lineSetMediaMode", "call 0x%lx, 0x%lx", (unsigned long)(uintptr_t)hx__call_ht(c), (unsigned long)media_mode);
    if (!t->TSPI_lineSetMediaMode) return UNAVAIL(s, TSPI_lineSetMediaMode);
    if (!(hd = hx__call_hd(c))) return LINEERR_INVALCALLHANDLE;
    TR_CALL(s, "TSPI_lineSetMediaMode", 0, "hdCall %p, 0x%lx", (void *)hd, (unsigned long)media_mode);
    hx__enter(s);
    r = t->TSPI_lineSetMediaMode(hd, media_mode);
    hx__leave(s);
    return sync_end(s, "TSPI_lineSetMediaMode", r);
}

LONG hx_call_generate_digits(hx_call *c, DWORD end_to_end_id, DWORD digit_mode, const char *digits,
                             DWORD duration)
{
    hx_srv *s = c->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    HDRVCALL hd;
    WCHAR *w;
    int oom;
    LONG r;
    TR_APP(s, "lineGenerateDigits", "call 0x%lx, id %lu, mode 0x%lx, \"%s\"", (unsigned long)(uintptr_t)hx__call_ht(c),
           (unsigned long)end_to_end_id, (unsigned long)digit_mode, digits ? digits : "(null)");
    if (!t->TSPI_lineGenerateDigits) return UNAVAIL(s, TSPI_lineGenerateDigits);
    if (!(hd = hx__call_hd(c))) return LINEERR_INVALCALLHANDLE;
    w = hx__wide(digits, &oom);
    if (oom) return LINEERR_NOMEM;
    TR_CALL(s, "TSPI_lineGenerateDigits", 0, "hdCall %p, id %lu, mode 0x%lx, \"%s\", %lu ms", (void *)hd,
            (unsigned long)end_to_end_id, (unsigned long)digit_mode, digits ? digits : "(null)",
            (unsigned long)duration);
    hx__enter(s);
    r = t->TSPI_lineGenerateDigits(hd, end_to_end_id, digit_mode, w, duration);
    hx__leave(s);
    free(w);
    return sync_end(s, "TSPI_lineGenerateDigits", r);
}

/* lineMonitorDigits and lineMonitorMedia: a synchronous TSPI function of a call and one
 * DWORD of modes, the same steps for both. */
static LONG call_monitor_modes(hx_call *c, const char *app, const char *tspi,
                               __typeof__(TSPI_lineMonitorDigits) *fn, DWORD modes)
{
    hx_srv *s = c->srv;
    HDRVCALL hd;
    LONG r;
    TR_APP(s, app, "call 0x%lx, 0x%lx", (unsigned long)(uintptr_t)hx__call_ht(c), (unsigned long)modes);
    if (!fn) {
        hx_srv_note(s, tspi, "not exported: LINEERR_OPERATIONUNAVAIL");
        return LINEERR_OPERATIONUNAVAIL;
    }
    if (!(hd = hx__call_hd(c))) return LINEERR_INVALCALLHANDLE;
    TR_CALL(s, tspi, 0, "hdCall %p, 0x%lx", (void *)hd, (unsigned long)modes);
    hx__enter(s);
    r = fn(hd, modes);
    hx__leave(s);
    return sync_end(s, tspi, r);
}

LONG hx_call_monitor_digits(hx_call *c, DWORD digit_modes)
{
    return call_monitor_modes(c, "lineMonitorDigits", "TSPI_lineMonitorDigits",
                              hx_srv_tspi(c->srv)->TSPI_lineMonitorDigits, digit_modes);
}

LONG hx_call_monitor_tones(hx_call *c, DWORD tone_list_id, const LINEMONITORTONE *tones, DWORD num_entries)
{
    hx_srv *s = c->srv;
    const hx_tspi *t = hx_srv_tspi(s);
    LINEMONITORTONE *copy = NULL;
    HDRVCALL hd;
    LONG r;
    TR_APP(s, "lineMonitorTones", "call 0x%lx, list %lu, %lu entries", (unsigned long)(uintptr_t)hx__call_ht(c),
           (unsigned long)tone_list_id, (unsigned long)(tones ? num_entries : 0));
    if (!t->TSPI_lineMonitorTones) return UNAVAIL(s, TSPI_lineMonitorTones);
    if (!(hd = hx__call_hd(c))) return LINEERR_INVALCALLHANDLE;
    /* TAPISRV hands the provider its own copy, freed after the call: a provider that keeps
     * the pointer instead of copying the list (nf-tspi-tspi_linemonitortones) reads freed
     * memory under ASan. */
    if (tones && num_entries) {
        if (!(copy = (LINEMONITORTONE *)malloc((size_t)num_entries * sizeof *copy))) return LINEERR_NOMEM;
        memcpy(copy, tones, (size_t)num_entries * sizeof *copy);
    }
    TR_CALL(s, "TSPI_lineMonitorTones", 0, "hdCall %p, %lu, %p, %lu", (void *)hd, (unsigned long)tone_list_id,
            (void *)copy, (unsigned long)num_entries);
    hx__enter(s);
    r = t->TSPI_lineMonitorTones(hd, tone_list_id, tones ? copy : NULL, num_entries);
    hx__leave(s);
    free(copy);
    return sync_end(s, "TSPI_lineMonitorTones", r);
}

LONG hx_call_monitor_media(hx_call *c, DWORD media_modes)
{
    return call_monitor_modes(c, "lineMonitorMedia", "TSPI_lineMonitorMedia",
                              hx_srv_tspi(c->srv)->TSPI_lineMonitorMedia, media_modes);
}

/* ---- reading ---- */

int hx_struct_string(const void *st, DWORD total, DWORD offset, DWORD size, char *out, size_t len)
{
    const unsigned char *p = (const unsigned char *)st;
    WCHAR *w;
    size_t n, i;
    if (len) out[0] = '\0';
    if (!st || offset > total || size > total - offset) return -1;
    if (size < sizeof(WCHAR)) return 0;
    n = size / sizeof(WCHAR);
    /* A copy: the member need not be aligned. */
    if (!(w = (WCHAR *)malloc((n + 1) * sizeof *w))) return -1;
    memcpy(w, p + offset, n * sizeof *w);
    w[n] = 0;
    for (i = 0; i < n && w[i]; i++) {}
    tspk_utf16_to_utf8(w, i, out, len, NULL, TSPK_UTF_REPLACE);
    free(w);
    return 0;
}
