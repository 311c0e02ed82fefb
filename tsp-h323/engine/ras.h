/*
 * tsp-h323/engine/ras.h - the RAS client of an endpoint (engine internal): gatekeeper
 * discovery, registration and its keep-alive, admission, disengage, and the answers to the
 * gatekeeper's own requests (H.225.0 clause 7.9 and 7.11; H.323 clause 7.2).
 *
 * What it does, as a pure state machine fed datagrams and time:
 *  - discovery: GRQ (to the configured address, or the multicast 224.0.1.41:1718) -> GCF
 *    gives the gatekeeper's RAS address and identifier; GRJ -> failed;
 *  - registration: RRQ (full: addresses, aliases, terminal type, timeToLive, keepAlive
 *    false) -> RCF (endpointIdentifier, timeToLive granted) or RRJ; re-registration before
 *    the TTL runs out with a lightweight RRQ (keepAlive true, endpointIdentifier,
 *    gatekeeperIdentifier, no aliases), sent timeout x (retries + 1) before it runs out so
 *    every retry fits, but not before half the TTL; a keep-alive unanswered or refused
 *    with fullRegistrationRequired falls back to a full RRQ;
 *  - admission: ARQ per call (outgoing or answerCall) -> ACF (destCallSignalAddress,
 *    callModel, bandwidth) or ARJ; DRQ when the call ends -> DCF/DRJ;
 *  - URQ -> UCF (unregister); the gatekeeper's URQ/DRQ/IRQ/BRQ answered (UCF, DCF, IRR, BCF)
 *    and reported (URQ reregistrationRequired: a new registration follows at once); its
 *    requests are taken from the gatekeeper's host only;
 *  - every request retried after ras_timeout_ms up to ras_retries times (RIP, the
 *    RequestInProgress message, extends the wait by its delay); replies matched by
 *    requestSeqNum, anything else logged and dropped.
 *
 * Decoding uses the scratch memory of the config (shared by the endpoint). The config's
 * strings are copied. Events are emitted with the state consistent; the callee may call
 * h323_ras_admit/disengage/stop/start, not h323_ras_free.
 */
#ifndef TSP_H323_ENGINE_RAS_H
#define TSP_H323_ENGINE_RAS_H

#include "engine/h323.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct h323_ras h323_ras;

typedef struct h323_ras_config {
    enum h323_gk_mode mode;            /* H323_GK_DISCOVER or H323_GK_ADDRESS */
    h323_addr gk_addr;                 /* family 0 with DISCOVER: multicast 224.0.1.41:1718 */
    h323_addr ras_addr;                /* our RAS address */
    h323_addr signal_addr;             /* our call signalling address */
    const char *h323_id, *e164;        /* our aliases (either may be NULL) */
    const char *gk_id;                 /* gatekeeper to ask for, NULL: any */
    bool is_gateway;
    uint32_t ttl_s;                    /* 0: none requested */
    uint32_t timeout_ms, retries;
    const char *product, *version;
    void *scratch;                     /* decode arena memory (>= 16 KiB) */
    size_t scratch_size;
} h323_ras_config;

enum h323_ras_event_type {
    H323_RAS_EV_REGISTERED,            /* u.reg */
    H323_RAS_EV_REG_FAILED,            /* u.reg.reject_reason (UINT32_MAX: no answer) */
    H323_RAS_EV_UNREGISTERED,          /* we asked (UCF) or the gatekeeper did (URQ) */
    H323_RAS_EV_ADMITTED,              /* u.adm: the ARQ with this token was confirmed */
    H323_RAS_EV_ADMIT_REJECTED,        /* u.adm.reject_reason */
    H323_RAS_EV_DISENGAGE,             /* the gatekeeper sent DRQ for u.adm.call_ref: release it */
    H323_RAS_EV_LOG                    /* u.text */
};

typedef struct h323_ras_event {
    enum h323_ras_event_type type;
    union {
        struct {
            const char *gatekeeper_id, *endpoint_id;   /* UTF-8 */
            uint32_t ttl_s;
            uint32_t reject_reason;
        } reg;
        struct {
            uint32_t token;            /* h323_ras_admit's */
            uint16_t call_ref;
            h323_addr dest;            /* ACF destCallSignalAddress (family 0: none) */
            bool routed;               /* callModel gatekeeperRouted */
            uint32_t bandwidth;        /* 100 bit/s units */
            uint32_t reject_reason;    /* ARJ reason index */
        } adm;
        const char *text;
    } u;
} h323_ras_event;

typedef struct h323_ras_ops {
    int (*udp_send)(void *ctx, const h323_addr *to, const uint8_t *p, size_t n);
    void (*event)(void *ctx, const h323_ras_event *ev);
} h323_ras_ops;

h323_ras *h323_ras_new(const h323_ras_config *cfg, const h323_ras_ops *ops, void *ctx);
void h323_ras_free(h323_ras *r);

int h323_ras_start(h323_ras *r, uint64_t now);      /* discovery (if configured) + RRQ */
/* URQ; UNREGISTERED follows (UCF, URJ or no answer). While still discovering/registering it
 * only gives up (0, no event); H323_E_STATE when there is nothing to stop. */
int h323_ras_stop(h323_ras *r, uint64_t now);
bool h323_ras_registered(const h323_ras *r);

/* ARQ for a call. dest_alias may be NULL with dest set (and the other way round).
 * *token identifies the answer event. */
int h323_ras_admit(h323_ras *r, uint16_t call_ref, const uint8_t call_id[16],
                   const uint8_t conf_id[16], bool answer_call, const char *dest_alias,
                   const h323_addr *dest, uint32_t bandwidth, uint64_t now, uint32_t *token);
/* DRQ for a call that ended (Q.850 cause given as disengageReason normalDrop). Only for a
 * call with an ACF that the gatekeeper has not disengaged itself (H323_RAS_EV_DISENGAGE):
 * otherwise H323_E_STATE and nothing is sent, so a release path may call it for every call. */
int h323_ras_disengage(h323_ras *r, uint16_t call_ref, const uint8_t call_id[16],
                       const uint8_t conf_id[16], bool answered_call, uint64_t now);

void h323_ras_input(h323_ras *r, const h323_addr *from, const uint8_t *p, size_t n, uint64_t now);
void h323_ras_tick(h323_ras *r, uint64_t now);
uint64_t h323_ras_next_deadline(const h323_ras *r);

#endif
