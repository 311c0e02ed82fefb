/*
 * harness/msphost.h - the TAPI 3 side of a TSP/MSP pair: finds the MSP registered for
 * a CLSID, creates its address and call objects through MSPI (ITMSPAddress), hands it
 * the TSP's LINE_SENDMSPDATA buffers (ITMSPAddress::ReceiveTSPData) and pumps its
 * events, passing MSP_TSP_DATA back to whoever routes it to TSPI_lineReceiveMSPData.
 *
 * Seeds: MSP architecture (000), TAPI 3 / MSP interaction (001).
 * References: https://learn.microsoft.com/windows/win32/api/msp/nn-msp-itmspaddress
 *             https://learn.microsoft.com/windows/win32/tapi/line-sendmspdata
 *
 * MSP modules are in-process COM servers exporting DllGetClassObject. The registry is
 * a config file (lines "{CLSID} = path/to/module", '#' comments) and --msp CLSID=PATH;
 * on Windows, a CLSID with no entry is created through COM (CoCreateInstance).
 *
 * Threads: one event pump per address object waits on the event handle given to
 * ITMSPAddress::Initialize and drains ITMSPAddress::GetEvent. Callbacks run on that
 * thread with no msphost lock held.
 */
#ifndef HARNESS_MSPHOST_H
#define HARNESS_MSPHOST_H

#include <stddef.h>
#include <tspkit/msp.h>

typedef struct hx_msphost hx_msphost;
typedef struct hx_msp_addr hx_msp_addr;
typedef struct hx_msp_call hx_msp_call;

/* An event the MSP reported. For ME_TSP_DATA, data/size is the buffer for the TSP and
 * call_owner the owner given to hx_msp_call_create (NULL: about no call). For the other
 * types data/size is the whole MSP_EVENT_INFO, checked to be as long as its type needs.
 * Valid during the callback only. The callback may use hx_msp_deliver, create and
 * destroy calls and destroy addresses (its own too), but not hx_msphost_free. Once
 * hx_msp_call_destroy returned, no callback is running or will run with that owner. */
typedef struct hx_msp_event {
    hx_msp_addr *addr;
    void *addr_owner;
    void *call_owner;
    MSP_EVENT type;
    const BYTE *data;
    DWORD size;
} hx_msp_event;
typedef void (*hx_msp_event_fn)(void *user, const hx_msp_event *ev);

hx_msphost *hx_msphost_new(hx_msp_event_fn on_event, void *user);
void hx_msphost_free(hx_msphost *h);   /* destroys what is left, unloads modules */

/* "{2DA6B2A6-....}" with or without braces, any case. 0 or -1. */
int hx_guid_parse(const char *text, GUID *out);
void hx_guid_format(const GUID *g, char *buf, size_t len);   /* "{XXXXXXXX-...}", 39 bytes */

/* Registry entries. 0, or -1 with "file:LINE: what was wrong" in err. */
int hx_msphost_register(hx_msphost *h, const GUID *clsid, const char *module_path);
int hx_msphost_register_arg(hx_msphost *h, const char *clsid_eq_path, char *err, size_t errlen);
int hx_msphost_load_config(hx_msphost *h, const char *path, char *err, size_t errlen);
/* The config text itself (name labels the errors). Lines are "{CLSID} = path" or
 * "CLSID = path", blank, or comments: '#' first on a line, or after a blank following
 * the path. CRLF and a UTF-8 BOM are fine; a line over 4096 bytes, a NUL byte, a CLSID
 * given twice or more than 1024 entries are errors. A file with an error registers
 * nothing. Paths are used as written (relative ones to the working directory); an
 * entry replaces an earlier one for the same CLSID. */
int hx_msphost_parse_config(hx_msphost *h, const char *name, const char *text, size_t len,
                            char *err, size_t errlen);
/* The module registered for clsid into path. 0, or -1 when there is none. */
int hx_msphost_lookup(hx_msphost *h, const GUID *clsid, char *path, size_t len);

/* Why the last hx_msp_addr_create failed, e.g. "x.so: exports no DllGetClassObject...". */
void hx_msphost_last_error(hx_msphost *h, char *buf, size_t len);
/* MSP misbehaviour seen so far (malformed events, an event naming no live call,
 * GetEvent's size answers contradicting themselves, a failed ShutdownMSPCall): how many,
 * and the last one described in last. Such events are dropped, not delivered. */
unsigned hx_msphost_faults(hx_msphost *h, char *last, size_t len);
/* "E_POINTER", "REGDB_E_CLASSNOTREG", ...; "?" for others. */
const char *hx_msp_hresult_name(HRESULT hr);

/* One ITMSPAddress per TSPI_lineCreateMSPInstance: created, Initialize()d with an event
 * handle, pump started. owner is handed back in events. S_OK or an HRESULT error. */
HRESULT hx_msp_addr_create(hx_msphost *h, const GUID *clsid, void *owner, hx_msp_addr **out);
void hx_msp_addr_destroy(hx_msp_addr *a);      /* Shutdown, Release, pump joined */
void *hx_msp_addr_owner(const hx_msp_addr *a);

/* ITMSPAddress::CreateMSPCall; owner identifies the call in later events: it is the
 * MSP_HANDLE hCall the MSP is given, so it must not be NULL nor shared by two live calls
 * of one address (E_POINTER, E_INVALIDARG). An event the MSP sends from inside
 * CreateMSPCall already carries it. */
HRESULT hx_msp_call_create(hx_msp_addr *a, void *owner, DWORD media_type, hx_msp_call **out);
void hx_msp_call_destroy(hx_msp_call *c);      /* ShutdownMSPCall + Release */
void *hx_msp_call_owner(const hx_msp_call *c);

/* ITMSPAddress::ReceiveTSPData, with the call's object when call is not NULL. The MSP
 * gets a private copy of the bytes, valid during the call. Not concurrently with the
 * destruction of the address or the call. */
HRESULT hx_msp_deliver(hx_msp_addr *a, hx_msp_call *call, const void *data, DWORD size);

#endif
