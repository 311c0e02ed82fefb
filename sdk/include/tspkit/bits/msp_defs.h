/*
 * tspkit/bits/msp_defs.h - the Media Service Provider Interface as C sees it,
 * for builds without the platform <msp.h> (Linux, or TSPKIT_OWN_WIN32_DEFS):
 * MSP_EVENT_INFO and its enums, and the COM interfaces ITMSPAddress,
 * ITPluggableTerminalEventSink and ITPluggableTerminalEventSinkRegistration
 * as C vtables with COBJMACROS-style call macros.
 *
 * An MSP is a COM object TAPI 3 creates beside a TSP line (TSPI_lineMSPIdentify
 * names its CLSID). TAPI drives it through ITMSPAddress; the MSP reports back
 * by filling an MSP_EVENT_INFO, signalling the MSP_HANDLE event TAPI gave it,
 * and handing the bytes over in ITMSPAddress::GetEvent. TSP and MSP exchange
 * opaque buffers: ReceiveTSPData one way, ME_TSP_DATA events (which become
 * TSPI_lineReceiveMSPData) the other.
 * Reference: learn.microsoft.com/windows/win32/api/msp/ and
 * learn.microsoft.com/windows/win32/tapi/media-service-provider-interface-mspi-
 *
 * Names, values and layouts are those of Windows' msp.h and tapi3if.h; msp.h
 * is not packed, so MSP_EVENT_INFO has natural alignment.
 *
 * The three IIDs are defined (with storage) in the one .c file of a program
 * that defines TSPKIT_IMPLEMENTATION before including <tspkit/msp.h>.
 *
 * Do not include this file directly; include <tspkit/msp.h>.
 */
#ifndef TSPKIT_BITS_MSP_DEFS_H
#define TSPKIT_BITS_MSP_DEFS_H

#include "win32_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- TAPI 3 objects and enums MSP_EVENT_INFO refers to (tapi3if.h) --------- */

/* Only ever handled by pointer here. */
typedef struct ITTerminal ITTerminal;
typedef struct ITStream ITStream;
typedef struct ITFileTrack ITFileTrack;

/* ne-tapi3if-terminal_media_state */
typedef enum TERMINAL_MEDIA_STATE {
    TMS_IDLE = 0,
    TMS_ACTIVE = 1,
    TMS_PAUSED = 2,
    TMS_LASTITEM = TMS_PAUSED
} TERMINAL_MEDIA_STATE;

/* ne-tapi3if-ft_state_event_cause */
typedef enum FT_STATE_EVENT_CAUSE {
    FTEC_NORMAL = 0,
    FTEC_END_OF_FILE = 1,
    FTEC_READ_ERROR = 2,
    FTEC_WRITE_ERROR = 3
} FT_STATE_EVENT_CAUSE;

/* ---- Events an MSP reports --------------------------------------------------- */

/* TAPI's opaque handle for an event or a call: a pointer to a 32-bit LONG
 * on every target. */
typedef LONG *MSP_HANDLE;

/* ne-msp-msp_address_event */
typedef enum MSP_ADDRESS_EVENT {
    ADDRESS_TERMINAL_AVAILABLE = 0,
    ADDRESS_TERMINAL_UNAVAILABLE = 1
} MSP_ADDRESS_EVENT;

/* ne-msp-msp_call_event */
typedef enum MSP_CALL_EVENT {
    CALL_NEW_STREAM = 0,
    CALL_STREAM_FAIL = 1,
    CALL_TERMINAL_FAIL = 2,
    CALL_STREAM_NOT_USED = 3,
    CALL_STREAM_ACTIVE = 4,
    CALL_STREAM_INACTIVE = 5
} MSP_CALL_EVENT;

/* ne-msp-msp_call_event_cause */
typedef enum MSP_CALL_EVENT_CAUSE {
    CALL_CAUSE_UNKNOWN = 0,
    CALL_CAUSE_BAD_DEVICE = 1,
    CALL_CAUSE_CONNECT_FAIL = 2,
    CALL_CAUSE_LOCAL_REQUEST = 3,
    CALL_CAUSE_REMOTE_REQUEST = 4,
    CALL_CAUSE_MEDIA_TIMEOUT = 5,
    CALL_CAUSE_MEDIA_RECOVERED = 6,
    CALL_CAUSE_QUALITY_OF_SERVICE = 7
} MSP_CALL_EVENT_CAUSE;

/* ne-msp-msp_event: selects the member of MSP_EVENT_INFO's union. */
typedef enum MSP_EVENT {
    ME_ADDRESS_EVENT = 0,
    ME_CALL_EVENT = 1,
    ME_TSP_DATA = 2,
    ME_PRIVATE_EVENT = 3,
    ME_ASR_TERMINAL_EVENT = 4,
    ME_TTS_TERMINAL_EVENT = 5,
    ME_FILE_TERMINAL_EVENT = 6,
    ME_TONE_TERMINAL_EVENT = 7
} MSP_EVENT;

/* ns-msp-msp_event_info. dwSize counts the whole event, including the
 * MSP_TSP_DATA bytes that run past pBuffer[1]. The union is nameless, so
 * members are reached directly: info->MSP_CALL_EVENT_INFO.Type. */
typedef struct MSP_EVENT_INFO {
    DWORD dwSize;
    MSP_EVENT Event;
    MSP_HANDLE hCall;
    union {
        struct {
            MSP_ADDRESS_EVENT Type;
            ITTerminal *pTerminal;
        } MSP_ADDRESS_EVENT_INFO;
        struct {
            MSP_CALL_EVENT Type;
            MSP_CALL_EVENT_CAUSE Cause;
            ITStream *pStream;
            ITTerminal *pTerminal;
            HRESULT hrError;
        } MSP_CALL_EVENT_INFO;
        struct {
            DWORD dwBufferSize;
            BYTE pBuffer[1];
        } MSP_TSP_DATA;
        struct {
            IDispatch *pEvent;
            LONG lEventCode;
        } MSP_PRIVATE_EVENT_INFO;
        struct {
            ITTerminal *pParentFileTerminal;
            ITFileTrack *pFileTrack;
            TERMINAL_MEDIA_STATE TerminalMediaState;
            FT_STATE_EVENT_CAUSE ftecEventCause;
            HRESULT hrErrorCode;
        } MSP_FILE_TERMINAL_EVENT_INFO;
        struct {
            ITTerminal *pASRTerminal;
            HRESULT hrErrorCode;
        } MSP_ASR_TERMINAL_EVENT_INFO;
        struct {
            ITTerminal *pTTSTerminal;
            HRESULT hrErrorCode;
        } MSP_TTS_TERMINAL_EVENT_INFO;
        struct {
            ITTerminal *pToneTerminal;
            HRESULT hrErrorCode;
        } MSP_TONE_TERMINAL_EVENT_INFO;
    };
} MSP_EVENT_INFO;

/* ---- COM interfaces ------------------------------------------------------------ */

/* Each interface is a pointer to a vtable whose first three slots are
 * IUnknown's; the Xxx_Method(This, ...) macros call through it. As in
 * Windows' objbase.h, lpVtbl points to const only if CONST_VTABLE is
 * defined (define it to point objects at static const vtables). */
#ifndef CONST_VTBL
#  ifdef CONST_VTABLE
#    define CONST_VTBL const
#  else
#    define CONST_VTBL
#  endif
#endif

typedef struct ITPluggableTerminalEventSink ITPluggableTerminalEventSink;
typedef struct ITPluggableTerminalEventSinkRegistration ITPluggableTerminalEventSinkRegistration;
typedef struct ITMSPAddress ITMSPAddress;

/* nn-msp-itpluggableterminaleventsink: a pluggable terminal reports through
 * it (the MSP implements it). */
typedef struct ITPluggableTerminalEventSinkVtbl {
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(ITPluggableTerminalEventSink *This, REFIID riid,
                                                void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(ITPluggableTerminalEventSink *This);
    ULONG (STDMETHODCALLTYPE *Release)(ITPluggableTerminalEventSink *This);
    HRESULT (STDMETHODCALLTYPE *FireEvent)(ITPluggableTerminalEventSink *This,
                                           const MSP_EVENT_INFO *pMspEventInfo);
} ITPluggableTerminalEventSinkVtbl;
struct ITPluggableTerminalEventSink { CONST_VTBL ITPluggableTerminalEventSinkVtbl *lpVtbl; };

#define ITPluggableTerminalEventSink_QueryInterface(This, riid, ppvObject) \
    ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define ITPluggableTerminalEventSink_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define ITPluggableTerminalEventSink_Release(This) ((This)->lpVtbl->Release(This))
#define ITPluggableTerminalEventSink_FireEvent(This, pMspEventInfo) \
    ((This)->lpVtbl->FireEvent(This, pMspEventInfo))

/* nn-msp-itpluggableterminaleventsinkregistration: implemented by a
 * pluggable terminal, so the MSP can hand it a sink. */
typedef struct ITPluggableTerminalEventSinkRegistrationVtbl {
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(ITPluggableTerminalEventSinkRegistration *This,
                                                REFIID riid, void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(ITPluggableTerminalEventSinkRegistration *This);
    ULONG (STDMETHODCALLTYPE *Release)(ITPluggableTerminalEventSinkRegistration *This);
    HRESULT (STDMETHODCALLTYPE *RegisterSink)(ITPluggableTerminalEventSinkRegistration *This,
                                              ITPluggableTerminalEventSink *pEventSink);
    HRESULT (STDMETHODCALLTYPE *UnregisterSink)(ITPluggableTerminalEventSinkRegistration *This);
} ITPluggableTerminalEventSinkRegistrationVtbl;
struct ITPluggableTerminalEventSinkRegistration {
    CONST_VTBL ITPluggableTerminalEventSinkRegistrationVtbl *lpVtbl;
};

#define ITPluggableTerminalEventSinkRegistration_QueryInterface(This, riid, ppvObject) \
    ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define ITPluggableTerminalEventSinkRegistration_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define ITPluggableTerminalEventSinkRegistration_Release(This) ((This)->lpVtbl->Release(This))
#define ITPluggableTerminalEventSinkRegistration_RegisterSink(This, pEventSink) \
    ((This)->lpVtbl->RegisterSink(This, pEventSink))
#define ITPluggableTerminalEventSinkRegistration_UnregisterSink(This) \
    ((This)->lpVtbl->UnregisterSink(This))

/* nn-msp-itmspaddress: the MSP's per-address object, which TAPI drives.
 * CreateMSPCall aggregates the call's stream control into pOuterUnknown. */
typedef struct ITMSPAddressVtbl {
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(ITMSPAddress *This, REFIID riid,
                                                void **ppvObject);
    ULONG (STDMETHODCALLTYPE *AddRef)(ITMSPAddress *This);
    ULONG (STDMETHODCALLTYPE *Release)(ITMSPAddress *This);
    HRESULT (STDMETHODCALLTYPE *Initialize)(ITMSPAddress *This, MSP_HANDLE hEvent);
    HRESULT (STDMETHODCALLTYPE *Shutdown)(ITMSPAddress *This);
    HRESULT (STDMETHODCALLTYPE *CreateMSPCall)(ITMSPAddress *This, MSP_HANDLE hCall,
                                               DWORD dwReserved, DWORD dwMediaType,
                                               IUnknown *pOuterUnknown,
                                               IUnknown **ppStreamControl);
    HRESULT (STDMETHODCALLTYPE *ShutdownMSPCall)(ITMSPAddress *This, IUnknown *pStreamControl);
    HRESULT (STDMETHODCALLTYPE *ReceiveTSPData)(ITMSPAddress *This, IUnknown *pMSPCall,
                                                BYTE *pBuffer, DWORD dwSize);
    HRESULT (STDMETHODCALLTYPE *GetEvent)(ITMSPAddress *This, DWORD *pdwSize,
                                          byte *pEventBuffer);
} ITMSPAddressVtbl;
struct ITMSPAddress { CONST_VTBL ITMSPAddressVtbl *lpVtbl; };

#define ITMSPAddress_QueryInterface(This, riid, ppvObject) \
    ((This)->lpVtbl->QueryInterface(This, riid, ppvObject))
#define ITMSPAddress_AddRef(This) ((This)->lpVtbl->AddRef(This))
#define ITMSPAddress_Release(This) ((This)->lpVtbl->Release(This))
#define ITMSPAddress_Initialize(This, hEvent) ((This)->lpVtbl->Initialize(This, hEvent))
#define ITMSPAddress_Shutdown(This) ((This)->lpVtbl->Shutdown(This))
#define ITMSPAddress_CreateMSPCall(This, hCall, dwReserved, dwMediaType, pOuterUnknown, \
                                   ppStreamControl) \
    ((This)->lpVtbl->CreateMSPCall(This, hCall, dwReserved, dwMediaType, pOuterUnknown, \
                                   ppStreamControl))
#define ITMSPAddress_ShutdownMSPCall(This, pStreamControl) \
    ((This)->lpVtbl->ShutdownMSPCall(This, pStreamControl))
#define ITMSPAddress_ReceiveTSPData(This, pMSPCall, pBuffer, dwSize) \
    ((This)->lpVtbl->ReceiveTSPData(This, pMSPCall, pBuffer, dwSize))
#define ITMSPAddress_GetEvent(This, pdwSize, pEventBuffer) \
    ((This)->lpVtbl->GetEvent(This, pdwSize, pEventBuffer))

/* ---- Interface identifiers ------------------------------------------------------ */

/* Values from the Windows SDK's msp.idl (MIDL_INTERFACE uuids). */
EXTERN_C const IID IID_ITPluggableTerminalEventSink;
EXTERN_C const IID IID_ITPluggableTerminalEventSinkRegistration;
EXTERN_C const IID IID_ITMSPAddress;

#ifdef __cplusplus
}
#endif

#endif /* TSPKIT_BITS_MSP_DEFS_H */
