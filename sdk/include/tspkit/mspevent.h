/*
 * tspkit/mspevent.h - the event side of a media service provider (MSP), for MSP
 * authors: signalling the event handle TAPI 3 gave ITMSPAddress::Initialize, a queue
 * of MSP_EVENT_INFO records that ITMSPAddress::GetEvent hands out by TAPI's rules,
 * and the few COM in-process-server definitions Linux has no header for.
 *
 * How TAPI 3 collects an MSP's events
 *   ITMSPAddress::Initialize(hEvent) gives the MSP an event handle. To report
 *   something the MSP queues an MSP_EVENT_INFO and signals hEvent. TAPI 3 then calls
 *   GetEvent repeatedly until it fails, one event per call. When the caller's buffer
 *   is too small GetEvent fails with TAPI_E_NOTENOUGHMEMORY and writes the size
 *   needed to *pdwSize; with nothing queued it fails with TAPI_E_NOEVENT
 *   (learn.microsoft.com/windows/win32/api/msp/nf-msp-itmspaddress-getevent).
 *   Data for the TSP travels the same way, as an ME_TSP_DATA event whose bytes run on
 *   past MSP_EVENT_INFO.MSP_TSP_DATA.pBuffer; TAPISRV hands them to the TSP's
 *   TSPI_lineReceiveMSPData
 *   (learn.microsoft.com/windows/win32/api/msp/ns-msp-msp_event_info).
 *
 * The event handle on each system
 *   Windows: hEvent is a Win32 event handle, and signalling it is SetEvent.
 *   Elsewhere there is no kernel event to hand over, so a host (tspkit's harness)
 *   passes a pointer to a tspk_msp_event_sink it owns:
 *       struct tspk_msp_event_sink { DWORD magic;  void (*signal)(tspk_msp_event_sink *); }
 *   with magic == TSPK_MSP_SINK_MAGIC; signalling is sink->signal(sink). The host
 *   keeps the sink valid at least until ITMSPAddress::Shutdown returns; signal may be
 *   called from any thread and returns at once. tspk_msp_signal() does the right thing
 *   on both, so an MSP never needs to know which it runs under.
 *
 * Usage (exactly one .c file of the MSP defines TSPKIT_IMPLEMENTATION):
 *
 *     #define TSPKIT_IMPLEMENTATION
 *     #include <tspkit/msp.h>
 *     #include <tspkit/mspevent.h>
 *
 *     tspk_msp_eventq q;                                  // one per address object
 *     tspk_msp_eventq_init(&q, 1024);                     // when the object is created
 *     tspk_msp_eventq_start(&q, hEvent);                  // in ITMSPAddress::Initialize
 *     tspk_msp_eventq_post_tsp_data(&q, hCall, "hi", 2);  // data for the TSP, any thread
 *     return tspk_msp_eventq_get(&q, pdwSize, pBuffer);   // all of ITMSPAddress::GetEvent
 *     tspk_msp_eventq_stop(&q);                           // in ITMSPAddress::Shutdown
 *     tspk_msp_eventq_free(&q);                           // when the object goes away
 *
 * The queue calls the host's signal function with no lock held, and
 * tspk_msp_eventq_stop waits until a signal in progress has returned, so after it the
 * host may free its sink. Examples: tests/msps/echomsp.c.
 */
#ifndef TSPKIT_MSPEVENT_H
#define TSPKIT_MSPEVENT_H

#include "msp.h"
#include "thread.h"

#include <string.h>

#if TSPKIT_PLATFORM_HEADERS
#  include <tapi3err.h>
#else
/* tapi3err.h */
#  define TAPI_E_NOTENOUGHMEMORY ((HRESULT)0x80040001)
#  define TAPI_E_INVALIDMEDIATYPE ((HRESULT)0x80040004)
#  define TAPI_E_NOEVENT ((HRESULT)0x80040050)
/* winerror.h: the answers of DllGetClassObject and CoCreateInstance */
#  define CLASS_E_NOAGGREGATION ((HRESULT)0x80040110)
#  define CLASS_E_CLASSNOTAVAILABLE ((HRESULT)0x80040111)
#  define REGDB_E_CLASSNOTREG ((HRESULT)0x80040154)
#  define CO_E_DLLNOTFOUND ((HRESULT)0x800401F8)
#  define CO_E_ERRORINDLL ((HRESULT)0x800401F9)
/* tapi3if.h: the media types of ITMSPAddress::CreateMSPCall */
#  define TAPIMEDIATYPE_AUDIO 0x8
#  define TAPIMEDIATYPE_VIDEO 0x8000
#  define TAPIMEDIATYPE_DATAMODEM 0x10
#  define TAPIMEDIATYPE_G3FAX 0x20
#  define TAPIMEDIATYPE_MULTITRACK 0x10000

/* unknwn.h: the class object DllGetClassObject hands out (nn-unknwn-iclassfactory). */
typedef struct IClassFactory IClassFactory;
typedef struct IClassFactoryVtbl {
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IClassFactory *This, REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(IClassFactory *This);
    ULONG (STDMETHODCALLTYPE *Release)(IClassFactory *This);
    HRESULT (STDMETHODCALLTYPE *CreateInstance)(IClassFactory *This, IUnknown *pUnkOuter,
                                                REFIID riid, void **ppvObject);
    HRESULT (STDMETHODCALLTYPE *LockServer)(IClassFactory *This, BOOL fLock);
} IClassFactoryVtbl;
struct IClassFactory { CONST_VTBL IClassFactoryVtbl *lpVtbl; };
/* Call through lpVtbl: Windows' IClassFactory_* and IUnknown_* macros exist only
 * when COBJMACROS preceded <windows.h>, which tspkit/tapi.h includes first. */
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* What an MSP module exports: STDAPI DllGetClassObject(REFCLSID, REFIID, LPVOID *)
 * (learn.microsoft.com/windows/win32/api/combaseapi/nf-combaseapi-dllgetclassobject). */
typedef HRESULT (STDMETHODCALLTYPE *tspk_get_class_object_fn)(REFCLSID rclsid, REFIID riid,
                                                               void **ppv);

/* IIDs as values, so no TU needs libuuid or storage:  &TSPK_IID_IUNKNOWN */
#define TSPK_IID_IUNKNOWN \
    ((const IID){ 0x00000000, 0x0000, 0x0000, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } })
#define TSPK_IID_ICLASSFACTORY \
    ((const IID){ 0x00000001, 0x0000, 0x0000, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } })

static inline int tspk_guid_equal(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* ---- the event handle ---------------------------------------------------------- */

#define TSPK_MSP_SINK_MAGIC 0x4b505354u   /* "TSPK" */

typedef struct tspk_msp_event_sink tspk_msp_event_sink;
struct tspk_msp_event_sink {
    DWORD magic;                                 /* TSPK_MSP_SINK_MAGIC */
    void (*signal)(tspk_msp_event_sink *self);
};

/* Signals the handle ITMSPAddress::Initialize received. NULL does nothing. */
void tspk_msp_signal(MSP_HANDLE hEvent);

/* ---- the event queue ---------------------------------------------------------- */

typedef struct tspk__msp_event tspk__msp_event;

/* Fields are private. */
typedef struct tspk_msp_eventq {
    tspk_mutex lock;
    tspk_cond idle;                 /* signal_busy reached 0 */
    tspk__msp_event *head, *tail;
    size_t count, max_events;
    MSP_HANDLE handle;              /* from Initialize; NULL before it and after stop */
    int stopped;
    unsigned signal_busy;           /* signals in progress, outside the lock */
} tspk_msp_eventq;

/* Holds at most max_events events (0: 4096); posts beyond fail with E_OUTOFMEMORY.
 * 0 or TSPK_ENOMEM. */
int tspk_msp_eventq_init(tspk_msp_eventq *q, size_t max_events);
/* Drops what is queued. Only after tspk_msp_eventq_stop, or when never started. */
void tspk_msp_eventq_free(tspk_msp_eventq *q);

/* ITMSPAddress::Initialize: events are signalled on hEvent from now on (at once, when
 * some were posted before). */
void tspk_msp_eventq_start(tspk_msp_eventq *q, MSP_HANDLE hEvent);
/* ITMSPAddress::Shutdown: drops every unprocessed event (nf-msp-itmspaddress-shutdown,
 * remarks), refuses later posts with E_UNEXPECTED, and returns once no signal is in
 * progress. */
void tspk_msp_eventq_stop(tspk_msp_eventq *q);

/* The largest event the queue takes (and a host should expect). */
#define TSPK_MSP_EVENT_MAX (64u * 1024u * 1024u)

/* Queues a copy of size bytes at ev and signals. size covers the event: at least
 * sizeof(MSP_EVENT_INFO), or for ME_TSP_DATA the header and dwBufferSize bytes
 * (E_INVALIDARG otherwise); ev->dwSize is copied as it is. S_OK, E_POINTER,
 * E_INVALIDARG, E_OUTOFMEMORY (full, or over TSPK_MSP_EVENT_MAX), E_UNEXPECTED (stopped). */
HRESULT tspk_msp_eventq_post(tspk_msp_eventq *q, const MSP_EVENT_INFO *ev, DWORD size);
/* An ME_TSP_DATA event about hCall (NULL: the address) carrying size bytes. */
HRESULT tspk_msp_eventq_post_tsp_data(tspk_msp_eventq *q, MSP_HANDLE hCall, const void *data,
                                      DWORD size);
/* ITMSPAddress::GetEvent by the rules above: S_OK with *pdwSize = the event's size,
 * TAPI_E_NOTENOUGHMEMORY with *pdwSize = the size needed, TAPI_E_NOEVENT, E_POINTER. */
HRESULT tspk_msp_eventq_get(tspk_msp_eventq *q, DWORD *pdwSize, BYTE *pEventBuffer);

/* Events queued and not yet fetched by GetEvent. */
size_t tspk_msp_eventq_pending(tspk_msp_eventq *q);

/* Bytes of an ME_TSP_DATA event with n data bytes: at least sizeof(MSP_EVENT_INFO). */
DWORD tspk_msp_tsp_data_event_size(DWORD n);

#ifdef __cplusplus
}
#endif
#endif /* TSPKIT_MSPEVENT_H */

/* ========================================================================= */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_MSPEVENT_DONE)
#define TSPKIT_MSPEVENT_DONE

#include <stdint.h>
#include <stdlib.h>

struct tspk__msp_event {
    tspk__msp_event *next;
    DWORD size;
    /* the MSP_EVENT_INFO follows, aligned for it */
    union { MSP_EVENT_INFO info; BYTE bytes[1]; } u;
};

void tspk_msp_signal(MSP_HANDLE hEvent)
{
    if (!hEvent) return;
#ifdef _WIN32
    SetEvent((HANDLE)hEvent);
#else
    {
        tspk_msp_event_sink *sink = (tspk_msp_event_sink *)(void *)hEvent;
        if (sink->magic == TSPK_MSP_SINK_MAGIC && sink->signal) sink->signal(sink);
    }
#endif
}

DWORD tspk_msp_tsp_data_event_size(DWORD n)
{
    size_t need = offsetof(MSP_EVENT_INFO, MSP_TSP_DATA.pBuffer) + (size_t)n;
    if (need < sizeof(MSP_EVENT_INFO)) need = sizeof(MSP_EVENT_INFO);
    return need > UINT32_MAX ? UINT32_MAX : (DWORD)need;
}

int tspk_msp_eventq_init(tspk_msp_eventq *q, size_t max_events)
{
    memset(q, 0, sizeof *q);
    q->max_events = max_events ? max_events : 4096;
    if (tspk_mutex_init(&q->lock) != 0) return TSPK_ENOMEM;
    if (tspk_cond_init(&q->idle) != 0) {
        tspk_mutex_destroy(&q->lock);
        return TSPK_ENOMEM;
    }
    return 0;
}

static void tspk__msp_eventq_drop_all(tspk__msp_event *e)
{
    while (e) {
        tspk__msp_event *next = e->next;
        free(e);
        e = next;
    }
}

void tspk_msp_eventq_free(tspk_msp_eventq *q)
{
    tspk__msp_eventq_drop_all(q->head);
    q->head = q->tail = NULL;
    q->count = 0;
    tspk_cond_destroy(&q->idle);
    tspk_mutex_destroy(&q->lock);
}

/* Signals outside the lock; stop waits for signal_busy to drain. */
static void tspk__msp_eventq_signal(tspk_msp_eventq *q, MSP_HANDLE h)
{
    tspk_msp_signal(h);
    tspk_mutex_lock(&q->lock);
    if (--q->signal_busy == 0) tspk_cond_broadcast(&q->idle);
    tspk_mutex_unlock(&q->lock);
}

void tspk_msp_eventq_start(tspk_msp_eventq *q, MSP_HANDLE hEvent)
{
    MSP_HANDLE h = NULL;
    tspk_mutex_lock(&q->lock);
    if (!q->stopped) {
        q->handle = hEvent;
        if (q->head && hEvent) {
            h = hEvent;
            q->signal_busy++;
        }
    }
    tspk_mutex_unlock(&q->lock);
    if (h) tspk__msp_eventq_signal(q, h);
}

void tspk_msp_eventq_stop(tspk_msp_eventq *q)
{
    tspk__msp_event *drop;
    tspk_mutex_lock(&q->lock);
    q->stopped = 1;
    q->handle = NULL;
    drop = q->head;
    q->head = q->tail = NULL;
    q->count = 0;
    while (q->signal_busy) tspk_cond_wait(&q->idle, &q->lock);
    tspk_mutex_unlock(&q->lock);
    tspk__msp_eventq_drop_all(drop);
}

HRESULT tspk_msp_eventq_post(tspk_msp_eventq *q, const MSP_EVENT_INFO *ev, DWORD size)
{
    tspk__msp_event *e;
    MSP_HANDLE h = NULL;
    if (!q || !ev) return E_POINTER;
    if (size < offsetof(MSP_EVENT_INFO, MSP_TSP_DATA.pBuffer) ||
        (ev->Event != ME_TSP_DATA && size < sizeof(MSP_EVENT_INFO)) ||
        (ev->Event == ME_TSP_DATA && ev->MSP_TSP_DATA.dwBufferSize >
                                         size - offsetof(MSP_EVENT_INFO, MSP_TSP_DATA.pBuffer)))
        return E_INVALIDARG;
    if (size > TSPK_MSP_EVENT_MAX) return E_OUTOFMEMORY;
    e = (tspk__msp_event *)malloc(offsetof(tspk__msp_event, u) +
                                  (size > sizeof e->u ? size : sizeof e->u));
    if (!e) return E_OUTOFMEMORY;
    e->next = NULL;
    e->size = size;
    memcpy(e->u.bytes, ev, size);
    tspk_mutex_lock(&q->lock);
    if (q->stopped || q->count >= q->max_events) {
        HRESULT hr = q->stopped ? E_UNEXPECTED : E_OUTOFMEMORY;
        tspk_mutex_unlock(&q->lock);
        free(e);
        return hr;
    }
    if (q->tail) q->tail->next = e; else q->head = e;
    q->tail = e;
    q->count++;
    if (q->handle) {
        h = q->handle;
        q->signal_busy++;
    }
    tspk_mutex_unlock(&q->lock);
    if (h) tspk__msp_eventq_signal(q, h);
    return S_OK;
}

HRESULT tspk_msp_eventq_post_tsp_data(tspk_msp_eventq *q, MSP_HANDLE hCall, const void *data,
                                      DWORD size)
{
    DWORD total = tspk_msp_tsp_data_event_size(size);
    MSP_EVENT_INFO *ev;
    HRESULT hr;
    if (!data && size) return E_POINTER;
    if (total == UINT32_MAX) return E_OUTOFMEMORY;
    ev = (MSP_EVENT_INFO *)calloc(1, total);
    if (!ev) return E_OUTOFMEMORY;
    ev->dwSize = total;
    ev->Event = ME_TSP_DATA;
    ev->hCall = hCall;
    ev->MSP_TSP_DATA.dwBufferSize = size;
    if (size) memcpy(ev->MSP_TSP_DATA.pBuffer, data, size);
    hr = tspk_msp_eventq_post(q, ev, total);
    free(ev);
    return hr;
}

size_t tspk_msp_eventq_pending(tspk_msp_eventq *q)
{
    size_t n;
    tspk_mutex_lock(&q->lock);
    n = q->count;
    tspk_mutex_unlock(&q->lock);
    return n;
}

HRESULT tspk_msp_eventq_get(tspk_msp_eventq *q, DWORD *pdwSize, BYTE *pEventBuffer)
{
    tspk__msp_event *e;
    if (!q || !pdwSize) return E_POINTER;
    tspk_mutex_lock(&q->lock);
    e = q->head;
    if (!e) {
        tspk_mutex_unlock(&q->lock);
        return TAPI_E_NOEVENT;
    }
    if (*pdwSize < e->size) {
        *pdwSize = e->size;
        tspk_mutex_unlock(&q->lock);
        return TAPI_E_NOTENOUGHMEMORY;
    }
    if (!pEventBuffer) {
        tspk_mutex_unlock(&q->lock);
        return E_POINTER;
    }
    q->head = e->next;
    if (!q->head) q->tail = NULL;
    q->count--;
    tspk_mutex_unlock(&q->lock);
    memcpy(pEventBuffer, e->u.bytes, e->size);
    *pdwSize = e->size;
    free(e);
    return S_OK;
}

#endif /* TSPKIT_IMPLEMENTATION */
