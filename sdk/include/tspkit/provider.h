/*
 * tspkit/provider.h - the provider framework: fill a table of operations, get a
 * complete Windows TSP.
 *
 * What it does
 *   The implementation section defines every TSPI_* and TUISPI_* entry point TAPISRV
 *   looks for. Each one validates its parameters and handles, negotiates versions,
 *   keeps line/call/phone objects in generation-checked handle tables, fills the
 *   variable-size structures (LINEDEVCAPS, LINEADDRESSCAPS, LINECALLINFO,
 *   LINECALLSTATUS, LINEDEVSTATUS, PHONECAPS, ...) from what the provider described,
 *   and keeps TAPI's asynchronous rules: an async entry point returns a negative
 *   LINEERR_ or exactly its dwRequestID, ASYNC_COMPLETION is called exactly once, and
 *   no LINEEVENT names a new outgoing call before its creation request completed
 *   (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linemakecall, remarks).
 *   The provider only implements the operations it supports; the rest answer
 *   LINEERR_OPERATIONUNAVAIL.
 *
 * How to use it (see sdk/examples/loopback/loopback.c and docs/first-provider.md)
 *       #define TSPKIT_IMPLEMENTATION
 *       #include <tspkit/provider.h>
 *
 *       static LONG my_make_call(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest,
 *                                DWORD country, const tspk_callparams *params)
 *       { ... start dialling ...; return TSPK_PENDING; }   // later: tspk_complete(p, id, 0)
 *
 *       static const tspk_provider_ops ops = {
 *           .name = "My provider", .num_lines = 2,
 *           .line_describe = my_describe, .make_call = my_make_call, ...
 *       };
 *       TSPK_PROVIDER(ops)
 *   Link with a module-definition file listing the exports (sdk/tspkit.def lists all
 *   of them; keep those your table supports: tspkit_provider_functions() says which).
 *
 * Threads and locks
 *   Operations are called without any framework lock held, so they may call back
 *   into the framework (tspk_call_set_state, tspk_complete, ...) from any thread,
 *   including before they return. TAPISRV's callbacks are likewise never invoked
 *   with a framework lock held. TSPI_lineCloseCall, TSPI_lineClose and TSPI_phoneClose
 *   wait for events of their call, line or phone that other threads are sending at
 *   that moment, and later ones are dropped: no event reaches TAPISRV after the close
 *   returned (nf-tspi-tspi_lineclosecall, nf-tspi-tspi_lineclose, nf-tspi-tspi_phoneclose).
 *   So do not hold a lock of your own around tspk_* event calls that call_close,
 *   line_close or phone_close (run inside those closes) also take.
 */
#ifndef TSPKIT_PROVIDER_H
#define TSPKIT_PROVIDER_H

#include "tspkit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tspk_provider tspk_provider;
typedef struct tspk_line tspk_line;
typedef struct tspk_call tspk_call;
typedef struct tspk_phone tspk_phone;

/* What a line device looks like; LINEDEVCAPS and LINEADDRESSCAPS are built from it.
 * Zero fields take the default named in the comment. */
typedef struct tspk_line_info {
    const char *name;              /* LineName; default "<provider name> line <n>" */
    const char *provider_info;     /* ProviderInfo; default the provider name */
    const char *switch_info;       /* SwitchInfo; default none */
    const char *address;           /* dialable address of address 0; default none */
    DWORD num_addresses;           /* 1 */
    DWORD bearer_modes;            /* LINEBEARERMODE_VOICE */
    DWORD media_modes;             /* LINEMEDIAMODE_INTERACTIVEVOICE */
    DWORD max_rate;                /* 0: unknown */
    DWORD dev_cap_flags;           /* LINEDEVCAPFLAGS_*: also decides which dial-string
                                      characters ($ @ W) TSPI_lineMakeCall accepts */
    DWORD max_active_calls;        /* per address; 1 */
    DWORD generate_digit_modes;    /* LINEDIGITMODE_* (0: lineGenerateDigits unsupported) */
    DWORD monitor_digit_modes;     /* LINEDIGITMODE_* */
    DWORD answer_mode;             /* LINEANSWERMODE_NONE */
    DWORD ring_modes;              /* 1 */
    DWORD disconnect_modes;        /* LINEDISCONNECTMODE_NORMAL|UNKNOWN|BUSY|NOANSWER|... */
    DWORD permanent_line_id;       /* default (permanent provider ID << 16) | index */
    const char *const *device_classes; /* extra device classes for lineGetID, NULL-ended;
                                          "tapi/line" is always listed first */
    /* With the monitor_tones / monitor_media operations: */
    DWORD monitor_tone_max_freq;   /* LINEDEVCAPS dwMonitorToneMaxNumFreq; 3 */
    DWORD monitor_tone_max_entries;/* dwMonitorToneMaxNumEntries, per tone list; 8 (at most 64) */
    DWORD monitor_media_modes;     /* LINEMEDIAMODE_s the device can detect; media_modes */
    DWORD no_monitoring;           /* TSPK_NO_MONITOR_* bits: this line cannot do what the
                                      operations offer (a data-only modem of a provider that
                                      also drives voice modems): no caps, no call features,
                                      LINEERR_OPERATIONUNAVAIL */
} tspk_line_info;

#define TSPK_NO_MONITOR_TONES 0x1u
#define TSPK_NO_MONITOR_MEDIA 0x2u

/* What a phone device looks like; PHONECAPS is built from it. */
typedef struct tspk_phone_info {
    const char *name;              /* PhoneName; default "<provider name> phone <n>" */
    const char *provider_info;
    const char *phone_info;
    DWORD hook_switch_devs;        /* PHONEHOOKSWITCHDEV_*; default HANDSET */
    DWORD display_rows, display_columns;
    DWORD num_ring_modes;
    DWORD permanent_phone_id;      /* default (permanent provider ID << 16) | 0x8000 | index */
} tspk_phone_info;

/* What an operation returns: a LINEERR_/PHONEERR_ code (< 0) fails the request now;
 * 0 succeeds now (the framework calls ASYNC_COMPLETION for async requests);
 * TSPK_PENDING promises a tspk_complete() later, from any thread. */

typedef struct tspk_provider_ops {
    const char *name;              /* provider name (UTF-8) */
    DWORD tspi_low, tspi_high;     /* TSPI versions supported; default 2.0 .. 3.1 */
    DWORD ext_low, ext_high;       /* device-specific extension versions; 0: none */
    LINEEXTENSIONID extension_id;  /* returned by TSPI_lineGetExtensionID when ext_high != 0 */
    DWORD num_lines, num_phones;   /* devices present at start-up */

    /* Provider lifetime: after the framework set itself up in TSPI_providerInit, and
     * before it tears down in TSPI_providerShutdown. */
    LONG (*init)(tspk_provider *p);
    void (*shutdown)(tspk_provider *p);

    /* Devices */
    void (*line_describe)(tspk_provider *p, DWORD index, tspk_line_info *info);
    LONG (*line_open)(tspk_line *line);
    void (*line_close)(tspk_line *line);
    void (*phone_describe)(tspk_provider *p, DWORD index, tspk_phone_info *info);
    LONG (*phone_open)(tspk_phone *phone);
    void (*phone_close)(tspk_phone *phone);

    /* Calls (async: return < 0, 0 or TSPK_PENDING) */
    LONG (*make_call)(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country,
                      const tspk_callparams *params);
    LONG (*dial)(tspk_call *call, DRV_REQUESTID id, LPCWSTR dest, DWORD country);
    LONG (*answer)(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD uui_size);
    LONG (*accept)(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD uui_size);
    LONG (*drop)(tspk_call *call, DRV_REQUESTID id, LPCSTR uui, DWORD uui_size);
    /* TAPISRV closed the call (TSPI_lineCloseCall, or its line closed): stop using it
     * and drop it if it is still up. No event for it reaches TAPISRV any more. TAPI
     * expects requests still outstanding on the call to be completed (with an error)
     * before TSPI_lineCloseCall returns: complete them from here
     * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_lineclosecall). */
    void (*call_close)(tspk_call *call);
    /* The call object is going away: the last reference is gone. Free user data. */
    void (*call_free)(tspk_call *call);

    /* Calls (synchronous: return 0 or an error) */
    LONG (*generate_digits)(tspk_call *call, DWORD end_to_end_id, DWORD digit_mode,
                            LPCWSTR digits, DWORD duration);
    LONG (*monitor_digits)(tspk_call *call, DWORD digit_modes);
    LONG (*set_media_mode)(tspk_call *call, DWORD media_mode);

    /* lineGetID for the device classes the provider listed. Write the ID with
     * tspk_varbuf_add_bytes into vb (already begun on the caller's VARSTRING) and set
     * the VARSTRING's dwStringFormat. line is never NULL; call may be NULL. */
    LONG (*get_id)(tspk_line *line, DWORD address_id, tspk_call *call, LPCWSTR device_class,
                   LPVARSTRING out, tspk_varbuf *vb, HANDLE target_process);
    LONG (*get_dev_config)(tspk_provider *p, DWORD line_index, LPCWSTR device_class,
                           LPVARSTRING out, tspk_varbuf *vb);
    LONG (*set_dev_config)(tspk_provider *p, DWORD line_index, LPCWSTR device_class,
                           const void *config, DWORD size);
    LONG (*dev_specific)(tspk_line *line, DWORD address_id, tspk_call *call,
                         DRV_REQUESTID id, void *params, DWORD size);

    /* MSP pairing (TAPI 3): the MSP's CLSID, and data the MSP sent to us. */
    const GUID *msp_clsid;
    LONG (*msp_data)(tspk_line *line, tspk_call *call, const void *data, DWORD size);
    /* Optional: an MSP instance TAPI created on the line (open 1: TSPI_lineCreateMSPInstance)
     * or that is gone (open 0: TSPI_lineCloseMSPInstance, or the line closed). There is one
     * per application using the line; msp names it in tspk_send_msp_data_to
     * (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linecreatemspinstance). */
    void (*msp_instance)(tspk_line *line, DWORD address_id, HTAPIMSPLINE msp, int open);

    /* Telephony control panel: install, remove, configure (UI side, TUISPI_*). */
    LONG (*install)(HWND owner, DWORD permanent_provider_id);
    LONG (*remove)(HWND owner, DWORD permanent_provider_id);
    LONG (*configure)(HWND owner, DWORD permanent_provider_id);

    /* Tone and media monitoring (synchronous: return 0 or an error). The framework has
     * checked the call (not IDLE) and the arguments, and keeps what is monitored; the
     * provider starts or stops its detectors and reports with tspk_call_tone_detected /
     * tspk_call_media_detected, which send only what is monitored. Both end when the
     * call goes IDLE (nf-tspi-tspi_linemonitortones, nf-tspi-tspi_linemonitormedia).
     * monitor_tones: tone list list_id is now tones[0..num) (tones NULL: dropped; other
     * lists are unchanged; tones is TAPI's buffer, only valid during the call: the
     * framework keeps a copy); LINEERR_INVALTONE for a tone the device cannot detect,
     * LINEERR_RESOURCEUNAVAIL when it cannot detect them all at once. monitor_media:
     * the media modes to report from now on (0: none), within the line's
     * monitor_media_modes. */
    LONG (*monitor_tones)(tspk_call *call, DWORD list_id, const LINEMONITORTONE *tones, DWORD num_tones);
    LONG (*monitor_media)(tspk_call *call, DWORD media_modes);
} tspk_provider_ops;

/* Registers the operations table; put it once in the file with TSPKIT_IMPLEMENTATION. */
#define TSPK_PROVIDER(ops_table) \
    const tspk_provider_ops *tspk_provider_ops_get(void) { return &(ops_table); }
const tspk_provider_ops *tspk_provider_ops_get(void);

/* ---- calls into the framework, from operations or any provider thread ---- */

/* Completes an asynchronous request an operation answered TSPK_PENDING to. */
void tspk_complete(tspk_provider *p, DRV_REQUESTID id, LONG result);

tspk_provider *tspk_line_provider(const tspk_line *line);
DWORD tspk_line_index(const tspk_line *line);
DWORD tspk_line_device_id(const tspk_line *line);
DWORD tspk_line_version(const tspk_line *line);     /* negotiated TSPI version */
void *tspk_line_user(const tspk_line *line);
void tspk_line_set_user(tspk_line *line, void *user);
/* The open line with this index, with a reference the caller drops with
 * tspk_line_unref; NULL when the line is not open. */
tspk_line *tspk_line_get_open(tspk_provider *p, DWORD index);
void tspk_line_unref(tspk_line *line);
/* Any LINEEVENT for the line (LINE_LINEDEVSTATE, LINE_DEVSPECIFIC, ...); dropped when the
 * line is not open. */
void tspk_line_event(tspk_line *line, DWORD msg, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3);
/* Any PHONEEVENT for the phone (PHONE_STATE, PHONE_BUTTON, ...); dropped when the phone
 * is not open. */
void tspk_phone_event(tspk_phone *phone, DWORD msg, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3);

/* A new incoming call: LINE_NEWCALL to TAPISRV, which returns its htCall. Returns the
 * call with one reference held (drop it with tspk_call_unref), or NULL when TAPISRV
 * refused it. Then report OFFERING (or ACCEPTED) with tspk_call_set_state. */
tspk_call *tspk_call_incoming(tspk_line *line, DWORD address_id, DWORD media_mode);

tspk_line *tspk_call_line(const tspk_call *call);
DWORD tspk_call_address_id(const tspk_call *call);
DWORD tspk_call_state(const tspk_call *call);
void *tspk_call_user(const tspk_call *call);
void tspk_call_set_user(tspk_call *call, void *user);
/* Keep a call alive across threads: ref returns NULL when it is already closed. */
tspk_call *tspk_call_ref(tspk_call *call);
void tspk_call_unref(tspk_call *call);

/* New call state: updates LINECALLSTATUS and sends LINE_CALLSTATE (when it changed).
 * mode is the LINECALLSTATE mode (e.g. LINEDISCONNECTMODE_BUSY), media the call's
 * media mode (0: unchanged). Returns 0; LINEERR_INVALCALLHANDLE when TAPI has closed
 * the call (normal: TAPISRV closes calls whenever it likes, so a provider reporting
 * the far end's hang-up may meet it); LINEERR_INVALCALLSTATE after IDLE, which is
 * final. Either way nothing changes and nothing is sent. */
LONG tspk_call_set_state(tspk_call *call, DWORD state, DWORD mode, DWORD media);

/* Party identification in LINECALLINFO; NULL number and name: blocked/unknown.
 * Sends LINE_CALLINFO (CALLERID / CALLEDID / CONNECTEDID). */
#define TSPK_PARTY_CALLER    0
#define TSPK_PARTY_CALLED    1
#define TSPK_PARTY_CONNECTED 2
void tspk_call_set_party(tspk_call *call, int which, const char *number, const char *name);
void tspk_call_set_rate(tspk_call *call, DWORD rate, DWORD bearer_mode);
/* LINE_MONITORDIGITS / LINE_GENERATE helpers. */
void tspk_call_digit(tspk_call *call, WCHAR digit, DWORD digit_mode);
void tspk_call_generate_done(tspk_call *call, DWORD generate_term, DWORD end_to_end_id);
/* A tone was heard: LINE_MONITORTONE (dwParam1 the entry's dwAppSpecific, dwParam2 its
 * tone list's ID, dwParam3 the tick count) once for every monitored LINEMONITORTONE that
 * match accepts, in every list, as the TSPI message asks (learn.microsoft.com/previous-
 * versions/windows/desktop/legacy/ms725234). match runs without any framework lock, on
 * copies. Returns the number of messages sent. */
int tspk_call_tone_detected(tspk_call *call, int (*match)(const LINEMONITORTONE *tone, void *user),
                            void *user);
/* Silence is a LINEMONITORTONE whose three frequencies are all 0 (ns-tapi-linemonitortone). */
int tspk_tone_is_silence(const LINEMONITORTONE *tone);
/* The call's media was detected as media (one LINEMEDIAMODE_): LINE_MONITORMEDIA (dwParam1
 * media, dwParam3 the tick count) when it is monitored (line-monitormedia). LINECALLINFO's
 * media mode does not change (nf-tspi-tspi_linemonitormedia remarks). Returns 1 when sent. */
int tspk_call_media_detected(tspk_call *call, DWORD media);
/* LINE_SENDMSPDATA: size bytes of data to one MSP instance (msp, as msp_instance told
 * it), or to all of the line's instances (msp 0); about call, or line-wide (call
 * NULL). While a new call's events are held (its TSPI_lineMakeCall has not completed
 * yet) the data is copied, so the buffer is only needed until this returns. Returns 0,
 * LINEERR_INVALCALLHANDLE (call closed), LINEERR_INVALPOINTER, LINEERR_NOMEM.
 * tspk_send_msp_data is the same with msp 0. */
LONG tspk_send_msp_data_to(tspk_line *line, tspk_call *call, HTAPIMSPLINE msp,
                           const void *data, DWORD size);
void tspk_send_msp_data(tspk_line *line, tspk_call *call, const void *data, DWORD size);

/* A line device added while running: LINE_CREATE to TAPISRV, which then calls
 * TSPI_providerCreateLineDevice with its device ID. Returns the new line's index. */
LONG tspk_line_add(tspk_provider *p);

tspk_tracer *tspk_provider_tracer(tspk_provider *p);
DWORD tspk_provider_id(const tspk_provider *p);    /* dwPermanentProviderID */

/* The TSPI entry points the registered table implements (NULL-terminated): what the
 * module-definition file should export. Exported too, for export-table checks. */
const char *const *tspkit_provider_functions(void);

#ifdef __cplusplus
}
#endif
#endif /* TSPKIT_PROVIDER_H */

#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_PROVIDER_DONE)
#define TSPKIT_PROVIDER_DONE
#include "bits/provider_impl.h"
#endif
