/*
 * tsp-h323/engine/h323.h - the H.323 call signalling engine: endpoints, calls, events.
 *
 * What it does: an H.323 endpoint (ITU-T H.323 v4+ terminal or gateway) as a pure state
 * machine. It is fed bytes, connection events and the time; it answers with bytes to send,
 * connections to open or close, and events for its user. It owns no socket, thread, clock
 * or lock: the I/O layer (tsp-h323/net/, or the TSP, or a test wiring two endpoints back to
 * back in memory) calls in, and the engine calls the I/O layer's h323_io functions from
 * inside those calls. One endpoint is used from one thread at a time.
 *
 * What a call does: Q.931/H.225.0 call signalling over TCP (H.225.0 clause 7, H.323
 * clause 8.1): Setup -> CallProceeding -> Alerting -> Connect -> ReleaseComplete; fast
 * start offer/answer with RTP/RTCP addresses (H.323 8.1.7); H.245 tunnelled in H.225.0
 * h245Control (H.323 8.2.1), or on a separate TCP connection (h245Address) when the peer
 * refuses tunnelling; capability exchange, master/slave determination, audio logical
 * channels (H.245 clause 8, H.323 8.2-8.3); Q.931 timers T301/T303/T310 and the H.245
 * timers; release with Q.850 cause codes; DTMF both ways as H.245 UserInputIndication
 * (signal, alphanumeric received too); gatekeeper discovery, registration with TTL
 * keep-alive, admission and disengage over RAS (H.225.0 clause 7.9), or direct calls.
 *
 * No TAPI type appears here: the TSP maps calls and events onto TSPI (a later issue).
 *
 * Usage (the I/O layer's side; tsp-h323/net/h323_net.c is the real one):
 *
 *     h323_config cfg; h323_config_defaults(&cfg);
 *     cfg.h323_id = "alice"; cfg.signal_addr = (h323_addr){ 4, {127,0,0,1}, 1720 };
 *     h323_io io = { .tcp_connect = my_connect, .tcp_listen = my_listen,
 *                    .tcp_send = my_send, .tcp_close = my_close,
 *                    .udp_send = my_udp_send, .event = my_event };
 *     h323_ep *ep = h323_ep_new(&cfg, &io, my_ctx);
 *     ... on a new TCP connection on port 1720:  h323_ep_conn_accepted(ep, 0, c, &peer, now);
 *     ... bytes arrived:                          h323_ep_conn_data(ep, c, buf, n, now);
 *     ... poll timeout:                           h323_ep_next_deadline(ep) -> h323_ep_tick(ep, now);
 *
 *     h323_call_params p = { .dest_alias = "bob", .dest_addr = bob_addr, .media = my_rtp };
 *     h323_call *call; h323_call_make(ep, &p, user, now, &call);
 *     ... event H323_EV_CONNECTED, H323_EV_MEDIA (where to send RTP), H323_EV_RELEASED
 *     h323_call_free(call);
 *
 * Times are milliseconds of a monotonic clock chosen by the caller (uint64_t).
 */
#ifndef TSP_H323_ENGINE_H323_H
#define TSP_H323_ENGINE_H323_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- addresses, connections ------------------------------------------------------------- */

/* An IP transport address. family 4: ip[0..3]; family 6: ip[0..15]; family 0: none. */
typedef struct h323_addr {
    uint8_t family;
    uint8_t ip[16];
    uint16_t port;
} h323_addr;

/* A TCP connection or listener, named by the I/O layer (never 0). */
typedef uint32_t h323_conn;

#define H323_DEFAULT_SIGNAL_PORT 1720      /* H.225.0 call signalling, well-known port */
#define H323_DEFAULT_RAS_PORT 1719         /* RAS unicast */
#define H323_GK_DISCOVERY_PORT 1718        /* RAS gatekeeper discovery (multicast 224.0.1.41) */

/* ---- events ----------------------------------------------------------------------------- */

typedef struct h323_ep h323_ep;
typedef struct h323_call h323_call;

enum h323_call_state {
    H323_CS_IDLE,              /* created, nothing sent yet (waiting for ACF or TCP connect) */
    H323_CS_CALLING,           /* Setup sent */
    H323_CS_PROCEEDING,        /* CallProceeding received */
    H323_CS_ALERTING,          /* Alerting received (outgoing) */
    H323_CS_OFFERED,           /* Setup received, CallProceeding sent, the user decides */
    H323_CS_RINGING,           /* Alerting sent (incoming) */
    H323_CS_CONNECTED,
    H323_CS_RELEASED           /* over: H323_EV_RELEASED was sent */
};

enum h323_h245_mode { H323_H245_NONE, H323_H245_TUNNELLED, H323_H245_SEPARATE };

/* One audio logical channel. direction H323_DIR_TX: we send to rtp/rtcp (the peer's);
 * H323_DIR_RX: the peer sends to rtp (ours), its RTCP reports go to rtcp (ours). */
enum { H323_DIR_TX, H323_DIR_RX };
typedef struct h323_media_channel {
    uint8_t direction;
    uint8_t session_id;        /* 1 = audio */
    uint16_t lcn;              /* logical channel number; 0 for fast start reverse channels */
    uint32_t codec;            /* H245_AUDIO_* (h245/h245.h) */
    uint16_t frames;           /* frames (ms for G.711) per packet */
    h323_addr rtp, rtcp;
} h323_media_channel;

/* What is known of a call; h323_call_info_get. Strings are UTF-8, NUL-terminated, cut at
 * the size (aliases are at most 128 digits / 256 UTF-16 units: a longer one is cut). */
typedef struct h323_call_info {
    enum h323_call_state state;
    bool outgoing;
    uint16_t call_ref;                 /* Q.931 call reference value (15 bits) */
    uint8_t call_id[16];               /* H.225.0 callIdentifier */
    uint8_t conference_id[16];
    char calling_number[64];           /* dialedDigits / Calling party number */
    char calling_alias[128];           /* h323-ID, url-ID or email-ID of the caller */
    char called_number[64];
    char called_alias[128];
    char display[128];                 /* Q.931 Display IE or H.225.0 displayName */
    h323_addr remote_signal;           /* the peer's call signalling address */
    bool fast_start;                   /* media was set up by fast start */
    enum h323_h245_mode h245;
    bool h245_master;                  /* result of master/slave determination */
    bool has_tx, has_rx;
    h323_media_channel tx, rx;         /* the open audio channels */
    uint32_t cause;                    /* Q.850 cause once released (16 normal clearing) */
} h323_call_info;

enum h323_event_type {
    H323_EV_INCOMING,        /* a Setup arrived: h323_call_info_get has who calls whom; answer
                                with h323_call_alert/h323_call_answer/h323_call_hangup */
    H323_EV_PROCEEDING,      /* outgoing: CallProceeding received */
    H323_EV_ALERTING,        /* outgoing: the called party is being alerted */
    H323_EV_CONNECTED,       /* both: Connect sent or received */
    H323_EV_H245_READY,      /* H.245 capability exchange and master/slave determination done */
    H323_EV_MEDIA,           /* an audio channel opened: u.media */
    H323_EV_MEDIA_CLOSED,    /* an audio channel closed: u.media */
    H323_EV_DTMF,            /* a UserInputIndication arrived: u.dtmf */
    H323_EV_RELEASED,        /* the call is over: u.released; free it with h323_call_free */
    H323_EV_REGISTERED,      /* RCF: u.ras (also after each re-registration when it changed) */
    H323_EV_REG_FAILED,      /* GRJ/RRJ or no gatekeeper answered: u.ras */
    H323_EV_UNREGISTERED,    /* UCF, or the gatekeeper unregistered us (URQ): u.ras */
    H323_EV_LOG              /* something worth a log line (a bad message, a timer expiry):
                                u.log; call may be NULL. Never needed for correctness. */
};

typedef struct h323_event {
    enum h323_event_type type;
    h323_call *call;                   /* NULL for endpoint events */
    void *user;                        /* the call's user pointer */
    union {
        h323_media_channel media;
        struct { char digit; uint16_t duration_ms; } dtmf;   /* digit: 0-9 * # A-D ! (flash) */
        struct {
            uint32_t cause;            /* Q.850 cause value (1..127) */
            uint32_t reason;           /* H.225.0 ReleaseCompleteReason (H225_RC_*) or
                                          UINT32_MAX when none was carried */
            bool local;                /* we released (hang-up, timer, error) */
            const char *text;          /* why, for a log: "T303 expired", "peer released" */
        } released;
        struct {
            const char *gatekeeper_id; /* UTF-8, may be "" */
            const char *endpoint_id;
            uint32_t ttl_s;            /* 0: no time to live */
            uint32_t reject_reason;    /* REG_FAILED: H.225.0 reject reason index, or UINT32_MAX
                                          when the gatekeeper did not answer */
        } ras;
        struct { const char *text; } log;
    } u;
} h323_event;

/* ---- the I/O layer -------------------------------------------------------------------------- */

/* Called by the engine, from inside h323_ep_* / h323_call_* calls. ctx is h323_ep_new's. */
typedef struct h323_io {
    /* Start connecting to `to`; return the new connection's id at once (0: cannot try; the
     * engine treats it as refused). Success is h323_ep_conn_connected, failure
     * h323_ep_conn_closed. */
    h323_conn (*tcp_connect)(void *ctx, const h323_addr *to);
    /* Listen for one separate H.245 connection (H.323 8.2.2) on `local`'s address with a
     * port the system picks; *bound gets the address to announce in h245Address. Its
     * connection arrives as h323_ep_conn_accepted(ep, listener, ...). 0: cannot listen. */
    h323_conn (*tcp_listen)(void *ctx, const h323_addr *local, h323_addr *bound);
    /* Queue n bytes (whole TPKTs) on c. 0 or -1 (connection gone: h323_ep_conn_closed follows). */
    int (*tcp_send)(void *ctx, h323_conn c, const uint8_t *p, size_t n);
    /* Close a connection or listener. No h323_ep_conn_closed follows for it. */
    void (*tcp_close)(void *ctx, h323_conn c);
    /* Send one RAS datagram from the endpoint's RAS socket. 0 or -1. */
    int (*udp_send)(void *ctx, const h323_addr *to, const uint8_t *p, size_t n);
    /* An event for the user. The engine's state is consistent when it is called; the
     * callee may call h323_call_* functions (not h323_ep_free / h323_call_free of a call
     * other than ev->call). */
    void (*event)(void *ctx, const h323_event *ev);
} h323_io;

/* ---- endpoint ------------------------------------------------------------------------------- */

enum h323_gk_mode {
    H323_GK_NONE,            /* direct calls only, no RAS */
    H323_GK_DISCOVER,        /* GRQ to gk_addr (or multicast 224.0.1.41:1718 when family 0), then RRQ */
    H323_GK_ADDRESS          /* RRQ straight to gk_addr */
};

#define H323_MAX_CODECS 8

typedef struct h323_config {
    const char *h323_id;               /* our h323-ID alias (UTF-8), NULL: none */
    const char *e164;                  /* our dialedDigits alias, NULL: none */
    const char *display;               /* our Display IE / displayName, NULL: none */
    h323_addr signal_addr;             /* our call signalling address as peers reach it */
    uint8_t terminal_type;             /* H.245 MSD terminalType: 50 terminal, 60 gateway (H.323 6.2.8.1) */
    bool is_gateway;                   /* EndpointType gateway instead of terminal */
    bool fast_start;                   /* offer/accept fast start (default true) */
    bool tunnelling;                   /* offer/accept H.245 tunnelling (default true) */
    uint32_t codecs[H323_MAX_CODECS];  /* H245_AUDIO_* in preference order (default
                                          G.711 mu-law 64k, A-law 64k) */
    size_t ncodecs;
    uint16_t frames_per_packet;        /* default 20 (ms of G.711) */
    uint32_t t301_ms;                  /* alerting -> connect, default 180000 (Q.931 >= 3 min) */
    uint32_t t303_ms;                  /* Setup -> first answer, default 4000 (Q.931 table 9-1) */
    uint32_t t310_ms;                  /* CallProceeding -> Alerting/Connect, default 30000 */
    uint32_t h245_timeout_ms;          /* H.245 T101/T103/T106/T108/T109, default 30000 */
    uint32_t max_calls;                /* 0: no limit; above it Setup gets ReleaseComplete cause 34 */
    enum h323_gk_mode gk_mode;         /* default H323_GK_NONE */
    h323_addr gk_addr;                 /* gatekeeper RAS address */
    h323_addr ras_addr;                /* our RAS address as the gatekeeper reaches it */
    const char *gk_id;                 /* gatekeeper identifier to ask for, NULL: any */
    uint32_t ttl_s;                    /* timeToLive to request, 0: none; re-registration
                                          (lightweight RRQ, keepAlive) before it runs out */
    uint32_t ras_timeout_ms;           /* per RAS request, default 3000 */
    uint32_t ras_retries;              /* default 2 (H.225.0 7.9 leaves it to the endpoint) */
    const char *product;               /* vendor productId, default "tspkit" */
    const char *version;               /* vendor versionId */
    uint64_t random_seed;              /* seeds callIdentifier/conferenceID GUIDs and call
                                          references; 0: derived from the endpoint */
} h323_config;

void h323_config_defaults(h323_config *cfg);

/* NULL on bad config (log nothing: check h323_config_check for the reason). */
h323_ep *h323_ep_new(const h323_config *cfg, const h323_io *io, void *ctx);
/* A sentence saying what is wrong with cfg, or NULL when it is usable. */
const char *h323_config_check(const h323_config *cfg);
/* Closes every connection (tcp_close), frees every call; no event is sent. */
void h323_ep_free(h323_ep *ep);

/* The I/O layer's reports. listener 0 is the call signalling listener (a new incoming call);
 * any other is one h323_io.tcp_listen opened. */
void h323_ep_conn_accepted(h323_ep *ep, h323_conn listener, h323_conn c, const h323_addr *peer,
                           uint64_t now);
void h323_ep_conn_connected(h323_ep *ep, h323_conn c, uint64_t now);
void h323_ep_conn_data(h323_ep *ep, h323_conn c, const uint8_t *p, size_t n, uint64_t now);
/* The peer closed c, or connecting failed, or it broke (err: an errno-like number, 0 for an
 * orderly close). */
void h323_ep_conn_closed(h323_ep *ep, h323_conn c, int err, uint64_t now);
void h323_ep_udp_data(h323_ep *ep, const h323_addr *from, const uint8_t *p, size_t n, uint64_t now);
/* Run what is due at `now`; h323_ep_next_deadline says when next (UINT64_MAX: nothing). */
void h323_ep_tick(h323_ep *ep, uint64_t now);
uint64_t h323_ep_next_deadline(const h323_ep *ep);

/* Gatekeeper registration per cfg.gk_mode: results as H323_EV_REGISTERED/REG_FAILED. With
 * a gatekeeper, calls are admitted (ARQ) before Setup/Connect and disengaged (DRQ) after. */
int h323_ep_register(h323_ep *ep, uint64_t now);
int h323_ep_unregister(h323_ep *ep, uint64_t now);

/* Counters for tests and the benchmark. */
typedef struct h323_ep_stats {
    uint64_t calls_active, calls_total;
    uint64_t bad_messages;             /* undecodable or out-of-place messages received */
    uint64_t bytes_per_call;           /* engine memory per connected call (for the bench) */
} h323_ep_stats;
void h323_ep_stats_get(const h323_ep *ep, h323_ep_stats *st);

/* ---- calls ---------------------------------------------------------------------------------- */

enum {
    H323_CALL_NO_FAST_START = 1u << 0,   /* this call: no fast start offer */
    H323_CALL_NO_TUNNELLING = 1u << 1,   /* this call: H.245 on a separate connection */
    H323_CALL_NO_H245 = 1u << 2,         /* this call: no H.245 at all unless the peer starts it */
    H323_CALL_H245_IN_SETUP = 1u << 3    /* this call: listen for H.245 and offer the address in
                                            the Setup's h245Address (H.323 8.2), no tunnelling */
};

typedef struct h323_call_params {
    const char *dest_alias;      /* digits only: dialedDigits + Called party number;
                                    otherwise h323-ID (url-ID with "h323:", email-ID with '@') */
    h323_addr dest_addr;         /* direct call: the peer's signalling address (port 0: 1720);
                                    family 0: ask the gatekeeper (ARQ) */
    const char *calling_number;  /* NULL: cfg.e164 */
    const char *display;         /* NULL: cfg.display */
    h323_addr media;             /* our RTP address (even port; RTCP = port + 1) */
    uint32_t flags;              /* H323_CALL_* */
} h323_call_params;

/* Places a call. 0 and *out, or a negative H323_E_*. Events follow (RELEASED at the latest).
 * With a gatekeeper configured, a registered endpoint asks it first (ARQ); one that is not
 * registered calls dest_addr directly, and without dest_addr gets H323_E_STATE. */
int h323_call_make(h323_ep *ep, const h323_call_params *p, void *user, uint64_t now, h323_call **out);
/* Incoming call: send Alerting (with fast start answer when offered and media is set). */
int h323_call_alert(h323_call *call, const h323_addr *media, uint64_t now);
/* Incoming call: send Connect (with the fast start answer or h245Address as needed).
 * media: our RTP address (may be NULL when given to h323_call_alert). */
int h323_call_answer(h323_call *call, const h323_addr *media, uint64_t now);
/* Release with a Q.850 cause (16 normal clearing, 17 busy, 21 rejected, ...): endSession,
 * ReleaseComplete, close. H323_EV_RELEASED follows (local = true). */
int h323_call_hangup(h323_call *call, uint32_t cause, uint64_t now);
/* DTMF as H.245 UserInputIndication signal (alphanumeric if the peer only has that
 * capability). digit: one of "0123456789#*ABCD!". */
int h323_call_send_dtmf(h323_call *call, char digit, uint16_t duration_ms, uint64_t now);
void h323_call_set_user(h323_call *call, void *user);
void *h323_call_user(const h323_call *call);
void h323_call_info_get(const h323_call *call, h323_call_info *info);
/* Frees a call. A call not yet released is released first (cause 16) without an event. */
void h323_call_free(h323_call *call);

/* Error numbers of the functions above. */
enum {
    H323_E_INVAL = -1,           /* bad argument */
    H323_E_STATE = -2,           /* not in this state */
    H323_E_NOMEM = -3,
    H323_E_LIMIT = -4,           /* max_calls reached */
    H323_E_IO = -5               /* the I/O layer refused */
};
const char *h323_strerror(int err);

/* Q.850 cause values used by the engine (ITU-T Q.850 table 1). */
enum {
    H323_CAUSE_UNALLOCATED = 1, H323_CAUSE_NORMAL = 16, H323_CAUSE_BUSY = 17,
    H323_CAUSE_NO_USER_RESPONDING = 18, H323_CAUSE_NO_ANSWER = 19, H323_CAUSE_REJECTED = 21,
    H323_CAUSE_DEST_OUT_OF_ORDER = 27, H323_CAUSE_NORMAL_UNSPECIFIED = 31,
    H323_CAUSE_NO_CIRCUIT = 34, H323_CAUSE_NETWORK_OUT_OF_ORDER = 38,
    H323_CAUSE_TEMPORARY_FAILURE = 41, H323_CAUSE_BEARER_NOT_AVAILABLE = 58,
    H323_CAUSE_INCOMPATIBLE_DESTINATION = 88, H323_CAUSE_INVALID_MESSAGE = 95,
    H323_CAUSE_MANDATORY_IE_MISSING = 96, H323_CAUSE_MESSAGE_TYPE_NONEXISTENT = 97,
    H323_CAUSE_MESSAGE_NOT_COMPATIBLE = 101, H323_CAUSE_RECOVERY_ON_TIMER = 102,
    H323_CAUSE_PROTOCOL_ERROR = 111, H323_CAUSE_INTERWORKING = 127
};

#endif
