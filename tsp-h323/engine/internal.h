/*
 * tsp-h323/engine/internal.h - what endpoint.c and call.c share (engine internal).
 *
 * The model (docs/h323-engine.md): an endpoint owns its calls (a doubly linked list), a
 * table from the I/O layer's connection ids to what each connection is (h323_cx: the call
 * signalling connection of a call, or of an incoming call whose Setup has not arrived yet,
 * a separate H.245 connection, an H.245 listener), one timer heap with one entry per call,
 * the RAS client, and the scratch memory every decode uses (one thread at a time, so it
 * is shared). A call holds its Q.931/H.225.0 state, its identifiers and what
 * h323_call_info reports, its h245ctl session (when H.245 runs), and the tunnelled H.245
 * messages waiting for the next H.225.0 message out.
 *
 * Re-entrancy: user events are delivered at once, and the user may call h323_call_* from
 * inside (even h323_call_free of the event's call). A call is "held" (busy count) while
 * engine code runs on it; freeing a held call only marks it, and the last release of the
 * hold frees it. Everything after an event re-checks the call's state.
 */
#ifndef TSP_H323_ENGINE_INTERNAL_H
#define TSP_H323_ENGINE_INTERNAL_H

#include "engine/faststart.h"
#include "engine/h245ctl.h"
#include "engine/h323.h"
#include "engine/ras.h"
#include "engine/timer.h"
#include "h225/h225.h"
#include "h245/h245.h"
#include "q931/q931.h"
#include "q931/tpkt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest TPKT payload accepted on any connection: a Setup with a dozen fast start
 * proposals or a video endpoint's TerminalCapabilitySet is a few KiB; anything above is
 * refused as it arrives, never allocated. */
#define H323_MAX_PDU 16384
#define H323_UU_SCRATCH (16 * 1024)      /* decode arena of one H323-UserInformation */
#define H323_RAS_SCRATCH (16 * 1024)
#define H323_MAX_PENDING_H245 16         /* tunnelled PDUs waiting for a message out */
/* How long a call whose peer sent endSessionCommand waits for the peer's ReleaseComplete.
 * H.323 8.5: the peer sends ReleaseComplete (step 6) once our endSessionCommand has reached
 * it (step 5), so it is due one round trip after ours leaves. ITU-T G.114 calls a one-way
 * delay above 400 ms unusable for speech, so a call that got this far has round trips well
 * under 1 s; 2 s leaves room for a loaded peer, and a peer that never sends it holds the
 * call for no longer than that. */
#define H323_END_SESSION_WAIT_MS 2000

enum h323_cx_role {
    H323_CX_SIGNAL,          /* a call's H.225.0 call signalling connection (call may be NULL
                                on an accepted one until its Setup arrives) */
    H323_CX_H245,            /* a call's separate H.245 connection (H.323 8.2.2) */
    H323_CX_H245_LISTEN      /* the listener for it */
};

/* One connection the engine knows, with its TPKT reassembly (RFC 1006). The payload
 * buffer exists only while a TPKT is partial, sized for that TPKT. */
typedef struct h323_cx {
    h323_conn id;
    uint8_t role;                        /* h323_cx_role */
    bool connected;                      /* outgoing: tcp connect completed */
    uint8_t stash_len;                   /* header octets held back (fewer than 4 arrived) */
    uint8_t stash[TPKT_HEADER_LEN];
    struct h323_call *call;
    h323_addr peer;
    tpkt_reasm rx;
    uint8_t *buf;                        /* payload buffer of a partial TPKT, or NULL */
    size_t buf_size;                     /* its size (for h323_ep_stats.bytes_per_call) */
} h323_cx;

/* Open-addressing table of connections by id (linear probing, backward-shift removal). */
typedef struct h323_cx_table {
    h323_cx **slots;
    size_t cap, n;                       /* cap: a power of 2, or 0 */
} h323_cx_table;

/* The call's own timer: a Q.931 one, or the wait for ReleaseComplete after the peer's
 * endSessionCommand (H323_END_SESSION_WAIT_MS). */
enum h323_q931_timer { H323_T_NONE, H323_T303, H323_T310, H323_T301, H323_T_END_SESSION };

struct h323_call {
    h323_ep *ep;
    struct h323_call *prev, *next;       /* the endpoint's list */
    void *user;
    h323_timer timer;                    /* earliest of the Q.931 timer and h245ctl's */
    uint64_t q931_deadline;
    uint8_t q931_timer;                  /* h323_q931_timer running */
    uint32_t flags;                      /* H323_CALL_* */
    unsigned busy;                       /* holds (see above) */
    bool free_requested;                 /* h323_call_free while held */
    bool silent_release;                 /* released by h323_call_free: no event */
    bool released_event_sent;
    bool releasing;                      /* inside call_release: H.245 events are ignored */
    bool peer_ended;                     /* the peer's endSessionCommand came: waiting for its
                                            ReleaseComplete (H323_T_END_SESSION) */

    h323_call_info info;                 /* what h323_call_info_get returns */
    h323_cx *sig;                        /* call signalling connection, NULL once closed */
    h323_cx *h245_cx;                    /* separate H.245 connection */
    h323_cx *h245_listen;                /* its listener (callee side) */
    h323_addr dest;                      /* outgoing: where Setup goes */
    char *dest_alias;                    /* outgoing, until Setup is sent */
    h323_addr media;                     /* our RTP address */
    bool has_media;

    bool setup_sent;                     /* outgoing: Setup went out (tunnelled H.245 may follow) */
    bool answered_first;                 /* outgoing: the first answer to Setup arrived */
    bool tunnelling;                     /* both sides tunnel H.245 (H.225.0 7.4, H.323 8.2.1) */
    bool fs_offered;                     /* outgoing: we offered; incoming: the caller did */
    bool fs_done;                        /* fast start answered (callee) or read (caller) */
    bool fs_refused;                     /* no fast start on this call: H.245 opens media */
    bool peer_h245_addr_valid;           /* the peer's h245Address (Setup or Connect) */
    h323_addr peer_h245_addr;
    uint8_t *fs_offer;                   /* incoming: the offered OLCs until answered */
    size_t fs_offer_size;
    uint16_t fs_offer_n;
    uint16_t fs_offer_len[H323_FS_MAX_OLCS];

    h245ctl *h245;
    bool h245_started;
    uint8_t *pend;                       /* tunnelled PDUs waiting: (len16, octets)* */
    uint32_t pend_len, pend_cap;
    uint8_t pend_n;

    bool admitted;                       /* gatekeeper ACF received (DRQ due at the end) */
    bool admitting;                      /* ARQ outstanding */
    uint32_t ras_token;
};

struct h323_ep {
    h323_config cfg;                     /* strings point into strs */
    char *strs;
    h323_io io;
    void *ctx;
    h323_call *calls;                    /* list head */
    size_t ncalls;                       /* calls in the list (released ones too) */
    h323_cx_table cx;
    h323_timers timers;
    h323_ras *ras;
    uint64_t calls_active, calls_total, bad_messages;
    uint64_t rng;                        /* xorshift state for GUIDs and MSD numbers */
    uint16_t next_crv;
    uint64_t now;                        /* the time of the entry point running */
    uint8_t uu_scratch[H323_UU_SCRATCH];
    uint8_t h245_scratch[H245_ARENA_SIZE];
    uint8_t ras_scratch[H323_RAS_SCRATCH];
    uint8_t uu_buf[H323_MAX_PDU];        /* encoding of the H323-UserInformation going out */
    uint8_t tx[H323_MAX_PDU + TPKT_HEADER_LEN + 512];   /* the TPKT going out */
};

/* endpoint.c */
void h323_ep_event(h323_ep *ep, h323_event *ev);
void h323_ep_log(h323_ep *ep, h323_call *call, const char *text);
uint32_t h323_ep_random(h323_ep *ep);
h323_cx *h323_cx_add(h323_ep *ep, h323_conn id, uint8_t role, h323_call *call);
h323_cx *h323_cx_find(const h323_ep *ep, h323_conn id);
/* Forgets a connection the I/O layer reported closed (no tcp_close). */
void h323_ep_conn_forget(h323_ep *ep, h323_cx *cx);
/* Closes (tcp_close) and forgets a connection. */
void h323_cx_close(h323_ep *ep, h323_cx *cx);
int h323_ep_send_tpkt(h323_ep *ep, h323_cx *cx, const uint8_t *payload, size_t len);

/* call.c */
void h323_call_hold(h323_call *c);
void h323_call_unhold(h323_call *c);
void h323_call_pdu(h323_call *c, h323_cx *cx, const uint8_t *pdu, size_t len, uint64_t now);
/* A connection of this call closed (not by us). */
void h323_call_cx_closed(h323_call *c, h323_cx *cx, int err, uint64_t now);
void h323_call_cx_connected(h323_call *c, h323_cx *cx, uint64_t now);
void h323_call_h245_accepted(h323_call *c, h323_cx *listener, h323_conn conn, uint64_t now);
/* The first PDU of an accepted connection: a Setup, or refused. */
void h323_call_incoming_pdu(h323_ep *ep, h323_cx *cx, const uint8_t *pdu, size_t len, uint64_t now);
/* A TPKT stream that is no TPKT, or a TPKT too long. */
void h323_call_stream_error(h323_call *c, h323_cx *cx, const char *why, uint64_t now);
void h323_call_timer_due(h323_call *c, uint64_t now);
void h323_call_ras_event(h323_ep *ep, const h323_ras_event *ev, uint64_t now);
/* Engine memory per connected call, averaged (h323_ep_stats.bytes_per_call). */
uint64_t h323_call_bytes_per_connected(const h323_ep *ep);
/* Unlinks and frees a call without any event or message (h323_ep_free). */
void h323_call_destroy(h323_call *c);

#endif
