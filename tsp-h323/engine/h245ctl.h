/*
 * tsp-h323/engine/h245ctl.h - one call's H.245 control session (engine internal).
 *
 * What it does: the H.245 procedures an H.323 audio call needs, as a pure state machine:
 * capability exchange (CESE, H.245 8.2; TerminalCapabilitySet with the configured audio
 * codecs and UserInput capabilities, Ack/Reject, T101), master/slave determination (MSDSE,
 * H.245 8.1/annex C with the random status determination number, retries on
 * indeterminate, T106), unidirectional audio logical channels (LCSE,
 * H.245 8.4; we open our transmit channel once capabilities are known, accept the peer's
 * with our RTP/RTCP addresses, T103), channel close (CLCSE/RCC, T108), round trip delay
 * (RTDSE, T105), UserInputIndication (DTMF) both ways, endSessionCommand, and the answers to
 * what it does not handle (functionNotSupported for PER_E_UNSUPPORTED, functionNotUnderstood
 * for a request it cannot act on). It does not know how its messages travel: the call
 * (engine/call.c) routes each encoded message tunnelled in h245Control or in a TPKT on the
 * separate H.245 connection.
 *
 * When the call already has media by fast start, h245ctl_start(..., fast_started = true)
 * runs only CESE and MSD (for DTMF capabilities) and opens no channel of its own.
 *
 * Memory: h245ctl is allocated by h245ctl_new and small (target: under 2 KiB); decoding
 * uses the scratch memory given in the config, shared by every session of an endpoint
 * (one thread at a time).
 */
#ifndef TSP_H323_ENGINE_H245CTL_H
#define TSP_H323_ENGINE_H245CTL_H

#include "engine/h323.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct h245ctl h245ctl;

typedef struct h245ctl_config {
    uint8_t terminal_type;             /* MSD terminalType (H.323 table 1: 50 terminal, 60 gateway) */
    const uint32_t *codecs;            /* H245_AUDIO_* preference order */
    size_t ncodecs;
    uint16_t frames_per_packet;
    uint32_t timeout_ms;               /* T101, T103, T105, T106, T108 */
    h323_addr media;                   /* our RTP address (RTCP = port + 1); may be set later */
    void *scratch;                     /* decode arena memory, >= H245_ARENA_SIZE */
    size_t scratch_size;
    uint32_t (*random)(void *ctx);     /* MSD statusDeterminationNumber source (24 bits used) */
} h245ctl_config;

enum h245ctl_event_type {
    H245CTL_EV_READY,                  /* our TCS acked, the peer's TCS received, MSD done */
    H245CTL_EV_CHANNEL_OPEN,           /* u.channel */
    H245CTL_EV_CHANNEL_CLOSED,         /* u.channel */
    H245CTL_EV_USER_INPUT,             /* u.dtmf */
    H245CTL_EV_END_SESSION,            /* the peer sent endSessionCommand */
    H245CTL_EV_FAILED,                 /* a procedure failed for good (timer, reject, MSD
                                          indeterminate 3 times, no common codec): u.text;
                                          the call decides (usually release cause 47/127) */
    H245CTL_EV_LOG,                    /* a bad or unexpected message and what was done: u.text */
    H245CTL_EV_RTD                     /* round trip delay measured: u.rtd_ms */
};

typedef struct h245ctl_event {
    enum h245ctl_event_type type;
    union {
        h323_media_channel channel;
        struct { char digit; uint16_t duration_ms; } dtmf;
        const char *text;
        uint32_t rtd_ms;
    } u;
} h245ctl_event;

/* Both are called from inside h245ctl_* calls, with the session consistent; they may call
 * this session's h245ctl_* functions (h245ctl_end from a FAILED event, ...), never
 * h245ctl_free. An event's text lives until the session's next event. */
typedef struct h245ctl_ops {
    /* One encoded MultimediaSystemControlMessage (PER, no TPKT header) to send. 0 or -1. */
    int (*send)(void *ctx, const uint8_t *pdu, size_t len);
    void (*event)(void *ctx, const h245ctl_event *ev);
} h245ctl_ops;

/* NULL when out of memory. The config is copied (codecs too); scratch is borrowed. */
h245ctl *h245ctl_new(const h245ctl_config *cfg, const h245ctl_ops *ops, void *ctx);
void h245ctl_free(h245ctl *s);

/* Our RTP address, when it becomes known after h245ctl_new. */
void h245ctl_set_media(h245ctl *s, const h323_addr *rtp);

/* Starts TCS + MSD (the first thing on an H.245 channel, H.323 8.2). */
int h245ctl_start(h245ctl *s, bool fast_started, uint64_t now);

/* One received H.245 PDU: the contents of one TPKT or one h245Control octet string, which
 * may hold several messages back to back. Returns 0, or a PER_E_* for the first message it
 * could not decode (answered as H.245 says; the session carries on). */
int h245ctl_input(h245ctl *s, const uint8_t *pdu, size_t len, uint64_t now);

void h245ctl_tick(h245ctl *s, uint64_t now);
uint64_t h245ctl_next_deadline(const h245ctl *s);   /* UINT64_MAX: none */

/* DTMF as userInput signal (alphanumeric when the peer announced only alphanumeric). */
int h245ctl_send_dtmf(h245ctl *s, char digit, uint16_t duration_ms, uint64_t now);
/* Round trip delay request (RTDSE). */
int h245ctl_round_trip(h245ctl *s, uint64_t now);
/* Asks the peer to close the channel it sends us (RequestChannelClose, T108); the
 * CHANNEL_CLOSED event follows its CloseLogicalChannel. */
int h245ctl_request_close(h245ctl *s, uint64_t now);
/* Closes our channels (CloseLogicalChannel) and sends endSessionCommand disconnect. */
int h245ctl_end(h245ctl *s, uint64_t now);

bool h245ctl_ready(const h245ctl *s);
/* Octets the session holds allocated (for h323_ep_stats.bytes_per_call); 0 for NULL. */
size_t h245ctl_size(const h245ctl *s);
bool h245ctl_is_master(const h245ctl *s);
/* The open channels (false when that direction is not open). */
bool h245ctl_channel(const h245ctl *s, uint8_t direction, h323_media_channel *out);

#endif
