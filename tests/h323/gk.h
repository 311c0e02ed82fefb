/*
 * tests/h323/gk.h - a small H.323 gatekeeper emulator for tests: the far end of the RAS
 * client (tsp-h323/engine/ras.h).
 *
 * What it does: takes one RAS datagram and answers it, as a gatekeeper would (H.323 clause
 * 7.2, H.225.0 clause 7.9): GRQ -> GCF/GRJ, RRQ -> RCF/RRJ (full and lightweight), URQ ->
 * UCF, ARQ -> ACF with the destination's call signalling address looked up in an alias
 * table (or ARJ), DRQ -> DCF, and it starts requests of its own (URQ, DRQ, IRQ, BRQ). What
 * it does is configured: reject registrations, grant a TTL, stay silent, ask for a full
 * registration on a keep-alive, answer RequestInProgress first and the real answer later.
 * It counts what it received and keeps the last datagram of each type for the test to
 * decode and check field by field.
 *
 * Pure like the engine: no socket, no clock; answers go into a gk_out the caller sends.
 *
 *     gk_config c = gk_config_default();  c.ttl_s = 60;
 *     gk *g = gk_new(&c);
 *     gk_out out;
 *     gk_input(g, &from, datagram, n, now, &out);      // out.n answers to send, each with .to
 *     gk_poll(g, now, &out);                           // held answers (after a RIP) now due
 *     gk_free(g);
 */
#ifndef TESTS_H323_GK_H
#define TESTS_H323_GK_H

#include "engine/h323.h"
#include "h225/h225.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GK_MAX_OUT 4
#define GK_MAX_DATAGRAM 2048
#define GK_MAX_ROUTES 8

typedef struct gk_datagram {
    h323_addr to;
    size_t len;
    uint8_t data[GK_MAX_DATAGRAM];
} gk_datagram;

typedef struct gk_out {
    size_t n;
    gk_datagram d[GK_MAX_OUT];
} gk_out;

typedef struct gk_route {
    const char *alias;             /* dialedDigits or h323-ID (UTF-8) */
    h323_addr addr;                /* its call signalling address */
} gk_route;

typedef struct gk_config {
    h323_addr ras_addr;            /* ours: GCF rasAddress */
    const char *gk_id;             /* gatekeeperIdentifier, NULL: none */
    const char *endpoint_id;       /* given in RCF */
    uint32_t ttl_s;                /* granted in RCF (0: none; otherwise min with the asked one) */
    bool reject_grq;               /* GRJ with grj_reason */
    uint32_t grj_reason;
    bool reject_rrq;               /* RRJ with rrj_reason */
    uint32_t rrj_reason;
    bool full_registration_required;   /* a lightweight RRQ gets RRJ fullRegistrationRequired */
    bool reject_arq;               /* ARJ with arj_reason */
    uint32_t arj_reason;
    bool routed;                   /* ACF callModel gatekeeperRouted */
    uint32_t silent;               /* bit H225_RAS_x set: requests of type x get no answer */
    uint16_t rip_delay_ms;         /* non-zero: answer RIP(delay) first and the answer at
                                      half the delay (gk_poll) */
    gk_route routes[GK_MAX_ROUTES];
    size_t nroutes;
} gk_config;

typedef struct gk gk;

gk_config gk_config_default(void);      /* 192.0.2.10:1719, "gk", endpoint "ep-1", no TTL */
gk *gk_new(const gk_config *cfg);
void gk_free(gk *g);
gk_config *gk_cfg(gk *g);               /* change behaviour mid-test */

/* One datagram from `from`: the answers go to out (out->n reset first). 0, or -1 when
 * the datagram does not decode (counted in gk_bad). */
int gk_input(gk *g, const h323_addr *from, const uint8_t *p, size_t n, uint64_t now, gk_out *out);
/* Answers held after a RIP that are due at `now`. */
void gk_poll(gk *g, uint64_t now, gk_out *out);
uint64_t gk_next_due(const gk *g);      /* UINT64_MAX: nothing held */

/* Requests of the gatekeeper, to the registered endpoint's RAS address; 0 or -1 (none
 * registered). A DRQ/BRQ names a call the gatekeeper admitted (the last ACF's when call_id
 * is NULL). */
int gk_send_urq(gk *g, uint32_t reason, gk_out *out);
int gk_send_drq(gk *g, const uint8_t *call_id, gk_out *out);
int gk_send_irq(gk *g, uint16_t call_ref, gk_out *out);
int gk_send_brq(gk *g, uint32_t bandwidth, gk_out *out);

/* What came in: datagrams per RAS type, undecodable ones, and the last of each type. */
unsigned gk_count(const gk *g, uint32_t type);
unsigned gk_bad(const gk *g);
const uint8_t *gk_last(const gk *g, uint32_t type, size_t *len);
bool gk_registered(const gk *g);
uint16_t gk_last_seq_sent(const gk *g);  /* requestSeqNum of the gatekeeper's last request */

#endif
