/*
 * harness/srv_private.h - what tapisrv.c shares with lineapi.c and phoneapi.c: the
 * objects behind the public handles and the building blocks of an operation (one
 * TSPI call: trace, serialisation, request bookkeeping, guarded structures). Not for
 * applications: they use tapisrv.h, lineapi.h and phoneapi.h.
 */
#ifndef HARNESS_SRV_PRIVATE_H
#define HARNESS_SRV_PRIVATE_H

#include <tspkit/tspkit.h>
#include "msphost.h"
#include "structcheck.h"
#include "tapisrv.h"

/* Device states. A device created by LINE_CREATE is NEW until the provider took its ID. */
enum { HX_DEV_NEW, HX_DEV_PRESENT, HX_DEV_OPENING, HX_DEV_OPEN, HX_DEV_CLOSING, HX_DEV_REMOVED };

struct hx_line {
    hx_srv *srv;
    DWORD index, device_id;
    int state;                   /* HX_DEV_* (srv lock) */
    DWORD gen;                   /* generation of htLine: bumped by every open */
    DWORD version;               /* negotiated TSPI version of the device */
    DWORD ext_selected;          /* TSPI_lineSelectExtVersion in effect, 0: none */
    HDRVLINE hd;
    unsigned closed_seq;         /* callback sequence number when the last close returned */
};

struct hx_phone {
    hx_srv *srv;
    DWORD index, device_id;
    int state;
    DWORD gen;
    DWORD version;
    DWORD ext_selected;
    HDRVPHONE hd;
    unsigned closed_seq;
};

struct hx_call {
    hx_srv *srv;
    hx_line *line;
    DWORD slot, gen;             /* htCall = (slot, gen) */
    DWORD next_free;             /* free list (slot + 1; 0 ends it) */
    unsigned used : 1, incoming : 1, created : 1, failed : 1, closing : 1, made : 1;
    DWORD state;                 /* last LINE_CALLSTATE from the provider (checks) */
    DWORD app_state;             /* last LINE_CALLSTATE delivered */
    HDRVCALL hd;                 /* the provider's handle, known after TSPI_lineMakeCall returned */
    HDRVCALL hd_out;             /* where TSPI_lineMakeCall writes it */
    DRV_REQUESTID create_req;    /* the lineMakeCall request, 0 for incoming calls */
    hx_msp_line *msp_line;       /* the MSP instance whose call object this call has */
    hx_msp_call *msp;            /* ITMSPAddress::CreateMSPCall's object, or NULL */
    unsigned closed_seq;         /* callback sequence number when it was released */
};

/* An address opened with an MSP (TSPI_lineCreateMSPInstance + the MSP's address object). */
struct hx_msp_line {
    hx_srv *srv;
    hx_line *line;
    DWORD address_id;
    DWORD slot, gen;             /* htMSPLine = (slot, gen) */
    unsigned used : 1, closing : 1;
    HDRVMSPLINE hd;
    hx_msp_addr *addr;
};

/* What *lphdCall holds before TSPI_lineMakeCall: still there after a successful return
 * means the provider did not write it. */
#define HX__HDCALL_SENTINEL 0x48584321u

/* ---- one TSPI call ---- */

/* Trace records; hx__tracing says whether formatting them is worth it. */
int hx__tracing(const hx_srv *s);
void hx__trace(hx_srv *s, hx_trace_kind kind, hx_lane from, hx_lane to, const char *name,
               DWORD request, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* Around every call into the provider: one at a time for a non-reentrant provider. */
void hx__enter(hx_srv *s);
void hx__leave(hx_srv *s);
/* A synchronous function's result: a positive value is reported (SYNC_RETURN). */
LONG hx__sync_result(hx_srv *s, const char *func, LONG r);
/* The trace text of a result: "0", "LINEERR_NOMEM", "0x00000005". */
const char *hx__result_text(LONG r, char buf[16]);

/* Asynchronous requests: a new ID (0 when none is left), then what the function
 * returned. hx__req_returned checks the value (ASYNC_RETURN, ASYNC_ERROR_COMPLETED),
 * releases a completion that came first, and returns what the application gets: the
 * ID, or the error. creates: the call a lineMakeCall creates. copy_back: a buffer the
 * provider may fill until completion, copied to app_buf when the reply is delivered
 * (lineDevSpecific); the request owns it from hx__req_begin on. */
DRV_REQUESTID hx__req_begin(hx_srv *s, const char *func, int phone, hx_call *creates,
                            void *copy_back, void *app_buf, DWORD size);
LONG hx__req_returned(hx_srv *s, DRV_REQUESTID id, LONG returned);

/* TSPI_lineNegotiateTSPIVersion / TSPI_phoneNegotiateTSPIVersion for a device with the
 * offered range, VERSION_RANGE checked. */
LONG hx__negotiate(hx_srv *s, int phone, DWORD device_id, DWORD *version);

/* A negotiated extension version (EXT_VERSION_RANGE, EXT_VERSION_SELECTED). */
void hx__check_ext_version(hx_srv *s, const char *func, DWORD device_id, DWORD low, DWORD high,
                           DWORD ext, DWORD selected);

/* Handles the provider sees. */
HTAPILINE hx__line_ht(const hx_line *l);
HTAPIPHONE hx__phone_ht(const hx_phone *p);
HTAPICALL hx__call_ht(const hx_call *c);
LINEEVENT hx__line_event_proc(void);
PHONEEVENT hx__phone_event_proc(void);

/* Device and call state changes, under the srv lock inside. Open: PRESENT -> OPENING
 * (new generation) -> OPEN or back to PRESENT. 0, or -1 when the device was not in the
 * state the step needs. */
int hx__line_opening(hx_line *l);
void hx__line_opened(hx_line *l, int ok, HDRVLINE hd, DWORD version);
int hx__phone_opening(hx_phone *p);
void hx__phone_opened(hx_phone *p, int ok, HDRVPHONE hd, DWORD version);
/* Close as TAPISRV does: every call of the line with TSPI_lineCloseCall, then
 * TSPI_lineClose. LINEERR_INVALLINEHANDLE when the line is not open. */
LONG hx__line_close(hx_line *l);
LONG hx__phone_close(hx_phone *p);
/* A call for the line (htCall allocated) or NULL when none is left. */
hx_call *hx__call_new(hx_line *l);
/* After TSPI_lineMakeCall returned: its hdCall (HDCALL_NOT_WRITTEN checked when it
 * returned the ID); a synchronous error frees the call. */
void hx__call_made(hx_call *c, LONG returned, DRV_REQUESTID id);
/* TSPI_lineCloseCall, then the call is freed. LINEERR_INVALCALLHANDLE when it is
 * not (or no longer) a call of the application. */
LONG hx__call_close(hx_call *c);
/* The provider's handles, read under the lock; NULL when closed. */
HDRVLINE hx__line_hd(hx_line *l);
HDRVPHONE hx__phone_hd(hx_phone *p);
HDRVCALL hx__call_hd(hx_call *c);
void hx__set_ext_selected(hx_srv *s, DWORD *slot, DWORD ext);
DWORD hx__get_ext_selected(hx_srv *s, const DWORD *slot);

/* Structures handed to the provider: a guarded copy of the application's buffer
 * (dwTotalSize = size), and after the call the guard and structure checks, the copy
 * back and the release. hx__struct_done returns r. kind HX_ST_COUNT: no structure
 * check (a plain buffer). */
hx_gbuf *hx__struct_begin(DWORD size);
LONG hx__struct_done(hx_srv *s, hx_gbuf *g, LONG r, hx_struct_kind kind, DWORD version,
                     void *app_buf, DWORD size, const char *func);

/* MSP instances. hx__msp_line_new gives a slot (NULL when none is left) whose htMSPLine
 * hx__msp_line_ht names; hx__msp_line_free returns it. hx__msp_line_close destroys the
 * MSP's calls and address object and calls TSPI_lineCloseMSPInstance. The MSP's call
 * object of a call: created (hx__msp_call_attach, for the line's first MSP instance)
 * and destroyed (hx__msp_call_detach) around the call's life. Call none of them with
 * the srv lock held. */
hx_msp_line *hx__msp_line_new(hx_line *l, DWORD address_id);
void hx__msp_line_free(hx_msp_line *m);
HTAPIMSPLINE hx__msp_line_ht(const hx_msp_line *m);
LONG hx__msp_line_close(hx_msp_line *m);
hx_msphost *hx__msphost(hx_srv *s);
void hx__set_msp_addr(hx_msp_line *m, hx_msp_addr *addr);
void hx__msp_call_attach(hx_call *c);
void hx__msp_call_detach(hx_call *c);

/* UTF-8 -> a malloc'd UTF-16 copy; NULL for NULL (or no memory: *oom set). */
WCHAR *hx__wide(const char *s, int *oom);

#endif
