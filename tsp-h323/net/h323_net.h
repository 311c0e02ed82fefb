/*
 * tsp-h323/net/h323_net.h - the socket layer of the H.323 engine: one event loop that
 * drives one endpoint (engine/h323.h) with real sockets.
 *
 * What it does: the engine is a pure state machine; this layer owns what it does not.
 *  - a TCP listener on the call signalling port (H.225.0 clause 7: 1720 by default,
 *    configurable, 0 = a port the system picks) whose connections become incoming calls;
 *  - non-blocking connects for outgoing calls and separate H.245 channels (H.323 8.2.2),
 *    listeners for the H.245 channels the engine announces, a write queue per connection,
 *    TCP_NODELAY (H.225.0/H.245 are request/answer: no Nagle delay);
 *  - the RAS UDP socket (H.225.0 clause 7.9: 1719, or any port) when a gatekeeper is used;
 *  - the engine's timers: the loop sleeps until h323_ep_next_deadline and calls h323_ep_tick;
 *  - commands from other threads (make call, answer, hang up, DTMF, or any function) queued
 *    under a lock and a wake-up of the loop (eventfd on Linux, a loopback datagram socket on
 *    Windows), executed on the loop thread in the order they were posted;
 *  - a capture tap (net/h323_tap.h) writing every TCP payload and UDP datagram sent or
 *    received into a pcap for Wireshark/tshark;
 *  - a graceful close: when the engine closes a connection, queued octets are sent, then a
 *    FIN, and the socket is closed when the peer's FIN arrives (or after 2 s), so the last
 *    message (ReleaseComplete) is never lost to a reset.
 * The loop is epoll on Linux and WSAPoll on Windows (mingw-w64; Vista or later).
 *
 * Threads and callbacks: everything runs on the thread that calls h323_net_run (or
 * h323_net_run_once). The event callback is called on that thread with no lock held; it
 * may call the engine's h323_call_* functions on ev->call and any h323_net_* function.
 * Calls are named by ids (uint32, never 0) that stay safe to use from any thread: an id
 * whose call is over is ignored. The socket layer owns the engine's call objects: it frees
 * a call right after its H323_EV_RELEASED was delivered.
 *
 * Usage:
 *
 *     h323_net_config c; h323_net_config_defaults(&c);
 *     c.ep.h323_id = "alice"; c.listen = (h323_addr){ 4, {127,0,0,1}, 0 };
 *     c.event = on_event; c.user = me;
 *     h323_net *n; h323_net_new(&c, &n);
 *     ... another thread: h323_net_make_call(n, &params, NULL, &id); h323_net_stop(n);
 *     h323_net_run(n);                  // until h323_net_stop
 *     h323_net_free(n);
 *
 * Errors are negative errno values (or the engine's H323_E_*), never printed.
 */
#ifndef TSP_H323_NET_H323_NET_H
#define TSP_H323_NET_H323_NET_H

#include "engine/h323.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct h323_net h323_net;

/* An engine event for call `id` (0 for endpoint events). ev->user is the user pointer given
 * to h323_net_make_call (NULL for an incoming call until h323_net_set_user). */
typedef void (*h323_net_event_fn)(void *user, h323_net *net, uint32_t id, const h323_event *ev);

typedef struct h323_net_config {
    h323_config ep;            /* the engine's configuration. ep.signal_addr and ep.ras_addr
                                  may be left family 0: they are filled from the bound
                                  sockets (an unspecified bind address is replaced by the
                                  host's primary address) */
    h323_addr listen;          /* where to accept calls: family 0 = 0.0.0.0; port 0 = any
                                  (default: 0.0.0.0:1720) */
    bool no_listen;            /* outgoing calls only */
    h323_addr ras_bind;        /* RAS socket when ep.gk_mode is not H323_GK_NONE: family 0 =
                                  0.0.0.0, port 0 = any */
    const char *pcap_path;     /* the capture tap's file, NULL: no capture */
    h323_net_event_fn event;
    void *user;
} h323_net_config;

void h323_net_config_defaults(h323_net_config *c);

/* Opens the sockets and the engine. 0, or -errno (-EADDRINUSE, ...), or H323_E_INVAL when
 * the engine refuses the configuration (h323_config_check says why). */
int h323_net_new(const h323_net_config *c, h323_net **out);
/* Closes every socket, frees every call (no event). Not while h323_net_run runs. */
void h323_net_free(h323_net *n);
/* The capture's verdict: 0 when every packet was written (or no capture), -EIO. Closes the
 * tap early (h323_net_free does otherwise). */
int h323_net_close_capture(h323_net *n);

/* The call signalling and RAS addresses as announced to peers (port as bound). */
h323_addr h323_net_signal_addr(const h323_net *n);
h323_addr h323_net_ras_addr(const h323_net *n);

/* Runs the loop on this thread until h323_net_stop. 0, or -errno if the poller failed. */
int h323_net_run(h323_net *n);
/* One round: waits at most max_wait_ms for I/O, a timer or a command, handles what came.
 * 0 or -errno. For tests and programs with their own loop. */
int h323_net_run_once(h323_net *n, uint32_t max_wait_ms);
/* Any thread: makes h323_net_run return after the current round. */
void h323_net_stop(h323_net *n);

/* ---- commands: any thread, executed on the loop thread in order -------------------------- */

/* Places a call (h323_call_make); *id names it at once. The params and their strings are
 * copied. A call the engine refuses ends with H323_EV_RELEASED (call NULL, local, cause 41
 * or 34 for the call limit). 0 or -ENOMEM. */
int h323_net_make_call(h323_net *n, const h323_call_params *p, void *user, uint32_t *id);
/* h323_call_alert / h323_call_answer with our RTP address (NULL: the one given before). */
int h323_net_alert(h323_net *n, uint32_t id, const h323_addr *media);
int h323_net_answer(h323_net *n, uint32_t id, const h323_addr *media);
/* h323_call_hangup with a Q.850 cause. */
int h323_net_hangup(h323_net *n, uint32_t id, uint32_t cause);
/* h323_call_send_dtmf for each digit of digits (at most 64). */
int h323_net_send_dtmf(h323_net *n, uint32_t id, const char *digits, uint16_t duration_ms);
/* h323_ep_register / h323_ep_unregister. */
int h323_net_register(h323_net *n, bool on);
/* Runs fn(n, arg) on the loop thread. */
int h323_net_post(h323_net *n, void (*fn)(h323_net *n, void *arg), void *arg);
/* A refused command (the call is in the wrong state, say) is reported as H323_EV_LOG for
 * its id, with the engine's h323_strerror text. */

/* ---- loop thread only ------------------------------------------------------------------- */

h323_ep *h323_net_ep(h323_net *n);
/* The engine's call for id, or NULL when there is none (any more). */
h323_call *h323_net_call(h323_net *n, uint32_t id);
void h323_net_set_user(h323_net *n, uint32_t id, void *user);

typedef struct h323_net_stats {
    uint64_t conns_open;               /* TCP connections and listeners with a socket */
    uint64_t calls;                    /* calls with an id */
    uint64_t accepted, connected, accept_errors, connect_errors;
    uint64_t bytes_in, bytes_out, datagrams_in, datagrams_out;
    uint64_t commands;                 /* commands executed */
    uint64_t rounds;                   /* loop rounds (h323_net_run_once calls) */
} h323_net_stats;
void h323_net_stats_get(const h323_net *n, h323_net_stats *st);

/* ---- process helpers -------------------------------------------------------------------- */

/* Milliseconds of the monotonic clock the loop gives the engine. */
uint64_t h323_net_now_ms(void);
/* Raises the soft RLIMIT_NOFILE to at least want (at most the hard limit): a process with
 * thousands of calls needs a descriptor per connection. *got (may be NULL) gets the limit
 * now in force. 0, or -errno; on Windows 0 and *got = want (no such limit for sockets). */
int h323_net_raise_fd_limit(uint64_t want, uint64_t *got);

#endif
