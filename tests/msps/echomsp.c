/*
 * tests/msps/echomsp.c - a small media service provider for tests: an in-process COM
 * server in plain C whose address object answers every buffer the TSP sends with an
 * ME_TSP_DATA event carrying "echo:" + the buffer, so that a TSP -> MSP -> TSP round trip
 * can be observed. The protocol, and the commands that make it misbehave on purpose,
 * are in echomsp.h.
 *
 * What TAPI 3 does with it (learn.microsoft.com/windows/win32/api/msp/nn-msp-itmspaddress):
 * DllGetClassObject(CLSID) -> IClassFactory::CreateInstance(IID_ITMSPAddress) ->
 * Initialize(hEvent) -> CreateMSPCall / ReceiveTSPData / GetEvent / ShutdownMSPCall ->
 * Shutdown -> Release. Every method may be called from any thread.
 * Builds as echomsp.so and as echomsp.dll (x86_64, i686; exports in echomsp.def).
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/msp.h>
#include <tspkit/mspevent.h>
#include "echomsp.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const CLSID echo_clsid = ECHOMSP_CLSID_INIT;
static atomic_long live_objects;   /* for DllCanUnloadNow */

/* ---- the MSP call object -------------------------------------------------------- */

/* Aggregated into TAPI's call object (CreateMSPCall's pOuterUnknown); what TAPI holds
 * is this non-delegating IUnknown. No stream control: the echo MSP streams nothing. */
typedef struct echo_call {
    IUnknown unk;
    atomic_ulong refs;
    MSP_HANDLE hcall;              /* TAPI's handle for the call, named in our events */
    struct echo_call *next;        /* on the address's list while not shut down */
} echo_call;

static HRESULT STDMETHODCALLTYPE call_qi(IUnknown *This, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    *ppv = NULL;
    if (!riid || !tspk_guid_equal(riid, &TSPK_IID_IUNKNOWN)) return E_NOINTERFACE;
    This->lpVtbl->AddRef(This);
    *ppv = This;
    return S_OK;
}

static ULONG STDMETHODCALLTYPE call_addref(IUnknown *This)
{
    return (ULONG)atomic_fetch_add(&((echo_call *)This)->refs, 1) + 1;
}

static ULONG STDMETHODCALLTYPE call_release(IUnknown *This)
{
    ULONG left = (ULONG)atomic_fetch_sub(&((echo_call *)This)->refs, 1) - 1;
    if (left == 0) {
        free(This);
        atomic_fetch_sub(&live_objects, 1);
    }
    return left;
}

static IUnknownVtbl call_vtbl = { call_qi, call_addref, call_release };

/* ---- the address object --------------------------------------------------------- */

typedef struct echo_addr {
    ITMSPAddress itf;
    atomic_ulong refs;
    tspk_msp_eventq events;
    tspk_mutex lock;               /* calls, early, initialized */
    echo_call *calls;              /* each holds one reference for the list */
    int early, initialized;
} echo_addr;

static echo_addr *addr_of(ITMSPAddress *This) { return (echo_addr *)This; }

/* The call on our list that pMSPCall names, referenced; NULL if none. */
static echo_call *find_call(echo_addr *a, IUnknown *unk)
{
    echo_call *c;
    tspk_mutex_lock(&a->lock);
    for (c = a->calls; c && &c->unk != unk; c = c->next)
        ;
    if (c) call_addref(&c->unk);
    tspk_mutex_unlock(&a->lock);
    return c;
}

static HRESULT STDMETHODCALLTYPE addr_qi(ITMSPAddress *This, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    *ppv = NULL;
    if (!riid || (!tspk_guid_equal(riid, &TSPK_IID_IUNKNOWN) &&
                  !tspk_guid_equal(riid, &IID_ITMSPAddress)))
        return E_NOINTERFACE;
    This->lpVtbl->AddRef(This);
    *ppv = This;
    return S_OK;
}

static ULONG STDMETHODCALLTYPE addr_addref(ITMSPAddress *This)
{
    return (ULONG)atomic_fetch_add(&addr_of(This)->refs, 1) + 1;
}

static void drop_calls(echo_addr *a)
{
    echo_call *c;
    tspk_mutex_lock(&a->lock);
    c = a->calls;
    a->calls = NULL;
    tspk_mutex_unlock(&a->lock);
    while (c) {
        echo_call *next = c->next;
        call_release(&c->unk);
        c = next;
    }
}

static ULONG STDMETHODCALLTYPE addr_release(ITMSPAddress *This)
{
    echo_addr *a = addr_of(This);
    ULONG left = (ULONG)atomic_fetch_sub(&a->refs, 1) - 1;
    if (left == 0) {
        tspk_msp_eventq_stop(&a->events);   /* no-op after Shutdown */
        drop_calls(a);
        tspk_msp_eventq_free(&a->events);
        tspk_mutex_destroy(&a->lock);
        free(a);
        atomic_fetch_sub(&live_objects, 1);
    }
    return left;
}

static HRESULT STDMETHODCALLTYPE addr_initialize(ITMSPAddress *This, MSP_HANDLE hEvent)
{
    echo_addr *a = addr_of(This);
    int again;
    tspk_mutex_lock(&a->lock);
    again = a->initialized;
    a->initialized = 1;
    tspk_mutex_unlock(&a->lock);
    if (again) return E_UNEXPECTED;
    tspk_msp_eventq_start(&a->events, hEvent);
    return S_OK;
}

/* "Releases all unprocessed events" (nf-msp-itmspaddress-shutdown, remarks), and any
 * call the application forgot. */
static HRESULT STDMETHODCALLTYPE addr_shutdown(ITMSPAddress *This)
{
    echo_addr *a = addr_of(This);
    tspk_msp_eventq_stop(&a->events);
    drop_calls(a);
    return S_OK;
}

static int valid_media(DWORD m)
{
    const DWORD known = TAPIMEDIATYPE_AUDIO | TAPIMEDIATYPE_VIDEO | TAPIMEDIATYPE_DATAMODEM |
                        TAPIMEDIATYPE_G3FAX | TAPIMEDIATYPE_MULTITRACK;
    return m != 0 && (m & ~known) == 0;
}

static HRESULT STDMETHODCALLTYPE addr_create_call(ITMSPAddress *This, MSP_HANDLE hCall,
                                                  DWORD dwReserved, DWORD dwMediaType,
                                                  IUnknown *pOuterUnknown,
                                                  IUnknown **ppStreamControl)
{
    echo_addr *a = addr_of(This);
    echo_call *c;
    int early;
    (void)dwReserved;
    (void)pOuterUnknown;   /* nothing of ours delegates to it: we expose no interface */
    if (!ppStreamControl) return E_POINTER;
    *ppStreamControl = NULL;
    /* nf-msp-itmspaddress-createmspcall: TAPI_E_INVALIDMEDIATYPE */
    if (!valid_media(dwMediaType)) return TAPI_E_INVALIDMEDIATYPE;
    if (!(c = (echo_call *)calloc(1, sizeof *c))) return E_OUTOFMEMORY;
    atomic_fetch_add(&live_objects, 1);
    c->unk.lpVtbl = &call_vtbl;
    atomic_init(&c->refs, 2);       /* the list's and the caller's */
    c->hcall = hCall;
    tspk_mutex_lock(&a->lock);
    c->next = a->calls;
    a->calls = c;
    early = a->early;
    a->early = 0;
    tspk_mutex_unlock(&a->lock);
    /* Before returning: TAPI has not even told the TSP about an outgoing call yet. The
     * wait (at most 5 s) makes sure TAPI fetches the event while CreateMSPCall runs. */
    if (early &&
        tspk_msp_eventq_post_tsp_data(&a->events, hCall, ECHOMSP_EARLY_DATA,
                                      (DWORD)strlen(ECHOMSP_EARLY_DATA)) == S_OK) {
        int ms;
        for (ms = 0; ms < 5000 && tspk_msp_eventq_pending(&a->events) > 0; ms++)
            tspk_sleep_ms(1);
    }
    *ppStreamControl = &c->unk;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE addr_shutdown_call(ITMSPAddress *This, IUnknown *pStreamControl)
{
    echo_addr *a = addr_of(This);
    echo_call **pp, *c = NULL;
    if (!pStreamControl) return E_POINTER;
    tspk_mutex_lock(&a->lock);
    for (pp = &a->calls; *pp; pp = &(*pp)->next)
        if (&(*pp)->unk == pStreamControl) {
            c = *pp;
            *pp = c->next;
            break;
        }
    tspk_mutex_unlock(&a->lock);
    /* nf-msp-itmspaddress-shutdownmspcall: not one of ours -> E_INVALIDARG */
    if (!c) return E_INVALIDARG;
    call_release(&c->unk);
    return S_OK;
}

static int is_word(const BYTE *p, DWORD n, const char *word)
{
    return n == strlen(word) && memcmp(p, word, n) == 0;
}

/* An event without TSP data, about hCall. */
static void post_plain(echo_addr *a, MSP_EVENT ev_type, MSP_HANDLE hCall)
{
    MSP_EVENT_INFO ev;
    memset(&ev, 0, sizeof ev);
    ev.dwSize = sizeof ev;
    ev.Event = ev_type;
    ev.hCall = hCall;
    if (ev_type == ME_ADDRESS_EVENT) {
        ev.MSP_ADDRESS_EVENT_INFO.Type = ADDRESS_TERMINAL_AVAILABLE;
    } else {
        ev.MSP_CALL_EVENT_INFO.Type = CALL_STREAM_ACTIVE;
        ev.MSP_CALL_EVENT_INFO.Cause = CALL_CAUSE_LOCAL_REQUEST;
    }
    tspk_msp_eventq_post(&a->events, &ev, sizeof ev);
}

/* The echo, and what a command word adds (echomsp.h). */
static HRESULT respond(echo_addr *a, MSP_HANDLE hCall, const BYTE *p, DWORD n)
{
    static const char prefix[] = ECHOMSP_REPLY_PREFIX;
    static const LONG not_a_call = 0;
    const DWORD plen = sizeof prefix - 1;
    DWORD total, extra = 0;
    MSP_EVENT_INFO *ev;
    HRESULT hr;
    if (is_word(p, n, "early")) {
        tspk_mutex_lock(&a->lock);
        a->early = 1;
        tspk_mutex_unlock(&a->lock);
    } else if (is_word(p, n, "address-event")) {
        post_plain(a, ME_ADDRESS_EVENT, NULL);
    } else if (is_word(p, n, "call-event")) {
        post_plain(a, ME_CALL_EVENT, hCall);
    } else if (is_word(p, n, "bad-handle")) {
        hCall = (MSP_HANDLE)&not_a_call;
    } else if (is_word(p, n, "bad-size")) {
        extra = 64;
    }
    if (n > UINT32_MAX - 1024) return E_OUTOFMEMORY;
    total = tspk_msp_tsp_data_event_size(plen + n);
    if (!(ev = (MSP_EVENT_INFO *)calloc(1, total))) return E_OUTOFMEMORY;
    ev->dwSize = total + extra;
    ev->Event = ME_TSP_DATA;
    ev->hCall = hCall;
    ev->MSP_TSP_DATA.dwBufferSize = plen + n;
    memcpy(ev->MSP_TSP_DATA.pBuffer, prefix, plen);
    if (n) memcpy(ev->MSP_TSP_DATA.pBuffer + plen, p, n);
    hr = tspk_msp_eventq_post(&a->events, ev, total);
    free(ev);
    return hr;
}

/* The buffer is the caller's: it is read here and not kept. */
static HRESULT STDMETHODCALLTYPE addr_receive(ITMSPAddress *This, IUnknown *pMSPCall,
                                              BYTE *pBuffer, DWORD dwSize)
{
    echo_addr *a = addr_of(This);
    echo_call *c = NULL;
    HRESULT hr;
    if (!pBuffer && dwSize) return E_POINTER;
    /* nf-msp-itmspaddress-receivetspdata: not a valid call interface -> E_FAIL */
    if (pMSPCall && !(c = find_call(a, pMSPCall))) return E_FAIL;
    hr = respond(a, c ? c->hcall : NULL, pBuffer, dwSize);
    if (c) call_release(&c->unk);
    return hr;
}

static HRESULT STDMETHODCALLTYPE addr_get_event(ITMSPAddress *This, DWORD *pdwSize,
                                                byte *pEventBuffer)
{
    return tspk_msp_eventq_get(&addr_of(This)->events, pdwSize, pEventBuffer);
}

static ITMSPAddressVtbl addr_vtbl = {
    addr_qi, addr_addref, addr_release, addr_initialize, addr_shutdown,
    addr_create_call, addr_shutdown_call, addr_receive, addr_get_event
};

static HRESULT addr_new(REFIID riid, void **ppv)
{
    echo_addr *a = (echo_addr *)calloc(1, sizeof *a);
    HRESULT hr;
    if (!a) return E_OUTOFMEMORY;
    if (tspk_msp_eventq_init(&a->events, 0) != 0) {
        free(a);
        return E_OUTOFMEMORY;
    }
    if (tspk_mutex_init(&a->lock) != 0) {
        tspk_msp_eventq_free(&a->events);
        free(a);
        return E_OUTOFMEMORY;
    }
    atomic_fetch_add(&live_objects, 1);
    a->itf.lpVtbl = &addr_vtbl;
    atomic_init(&a->refs, 1);
    hr = addr_qi(&a->itf, riid, ppv);
    addr_release(&a->itf);
    return hr;
}

/* ---- the class object and the module's exports ---------------------------------- */

static HRESULT STDMETHODCALLTYPE cf_qi(IClassFactory *This, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    *ppv = NULL;
    if (!riid || (!tspk_guid_equal(riid, &TSPK_IID_IUNKNOWN) &&
                  !tspk_guid_equal(riid, &TSPK_IID_ICLASSFACTORY)))
        return E_NOINTERFACE;
    *ppv = This;
    return S_OK;
}
/* The class object is static: it lives as long as the module. */
static ULONG STDMETHODCALLTYPE cf_addref(IClassFactory *This) { (void)This; return 2; }
static ULONG STDMETHODCALLTYPE cf_release(IClassFactory *This) { (void)This; return 1; }

static HRESULT STDMETHODCALLTYPE cf_create(IClassFactory *This, IUnknown *pUnkOuter, REFIID riid,
                                           void **ppv)
{
    (void)This;
    if (!ppv) return E_POINTER;
    *ppv = NULL;
    /* TAPI 3 does not aggregate the address object. */
    if (pUnkOuter) return CLASS_E_NOAGGREGATION;
    return addr_new(riid, ppv);
}

static HRESULT STDMETHODCALLTYPE cf_lock(IClassFactory *This, BOOL fLock)
{
    (void)This;
    atomic_fetch_add(&live_objects, fLock ? 1 : -1);
    return S_OK;
}

static IClassFactoryVtbl cf_vtbl = { cf_qi, cf_addref, cf_release, cf_create, cf_lock };
static IClassFactory class_object = { &cf_vtbl };

HRESULT STDMETHODCALLTYPE DllGetClassObject(REFCLSID rclsid, REFIID riid, void **ppv)
{
    if (!ppv) return E_POINTER;
    *ppv = NULL;
    if (!rclsid || !tspk_guid_equal(rclsid, &echo_clsid)) return CLASS_E_CLASSNOTAVAILABLE;
    return cf_qi(&class_object, riid, ppv);
}

HRESULT STDMETHODCALLTYPE DllCanUnloadNow(void)
{
    return atomic_load(&live_objects) == 0 ? S_OK : S_FALSE;
}
