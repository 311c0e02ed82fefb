/*
 * tools/modemsim/msim.h - simulated Hayes/V.250 modems on a simulated telephone exchange.
 *
 * What it does: N modems (DCEs), each with a phone number, that dial each other by
 * number. A modem's DTE side is a byte stream (the server in msim_server.h puts it on a
 * pseudo-terminal or a TCP socket); its line side is the exchange inside this object:
 * ATD rings the callee, which reports RING and caller ID, answers with ATA or S0, and
 * then both ends say CONNECT <rate> and pass data; ATH, a DTR drop, or the port
 * vanishing gives NO CARRIER at the far end. BUSY, NO ANSWER, NO DIALTONE, voice calls
 * (+FCLASS=8, V.253 DLE events) and fault modes (no response, garbage, slow, vanish) are
 * there for testing the software that drives modems: docs/modemsim.md has the list.
 *
 * How it works: the command interpreter is spandsp's (libspandsp, at_interpreter.h,
 * ITU-T V.250/V.251/V.253), fed one command at a time; what spandsp lacks (voice, caller
 * ID, S2/S12 escape, ERROR for unknown commands, result codes with rates) is built
 * around it in msim_at.c, and the exchange is in msim_call.c. Like spandsp's own
 * modules this object does no I/O, starts no threads and reads no clock: the caller
 * feeds it DTE bytes and the time (milliseconds on any monotonic clock), drains the
 * bytes it has for each DTE, and calls msim_tick() by msim_next_deadline(). That makes
 * every behaviour, guard times and timeouts included, testable without waiting.
 *
 * Memory is bounded: each modem has a fixed output queue (MSIM_OUTQ bytes) and a fixed
 * command line (MSIM_LINE_MAX); msim_dte_room() says how many DTE bytes a modem can take
 * now, so a DTE that writes and never reads is slowed down, not buffered.
 *
 * Usage:
 *
 *     msim_modem_cfg m[2] = {{.number = "101"}, {.number = "102", .name = "BOB"}};
 *     msim_cfg cfg = {.n_modems = 2, .modems = m};
 *     msim *sim = msim_new(&cfg, err, sizeof err);
 *     msim_dte_dtr(sim, 0, true, now);
 *     msim_dte_input(sim, 0, (const uint8_t *)"ATD102\r", 7, now);
 *     for (;;) {
 *         const uint8_t *p;
 *         size_t n = msim_dte_output(sim, 0, now, &p);   // bytes for modem 0's DTE
 *         if (!n) break;
 *         write(fd0, p, n); msim_dte_consumed(sim, 0, n);
 *     }
 *     msim_tick(sim, now);                                 // at msim_next_deadline()
 *     msim_free(sim);
 *
 * Not thread-safe: one thread owns an msim.
 */
#ifndef MODEMSIM_MSIM_H
#define MODEMSIM_MSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSIM_MAX_MODEMS 256
#define MSIM_NUMBER_MAX 32     /* phone number, digits, with its NUL */
#define MSIM_NAME_MAX 48       /* caller ID name, with its NUL */
#define MSIM_OUTQ 16384        /* bytes queued for one DTE */
#define MSIM_LINE_MAX 255      /* characters of a command line after "AT" */
#define MSIM_REPLY_MAX 65536   /* longest control reply msim_control writes */

typedef struct msim msim;

typedef struct {
    char number[MSIM_NUMBER_MAX];   /* digits this modem answers to */
    char name[MSIM_NAME_MAX];       /* caller ID name it presents when it calls ("" = none) */
    unsigned rate;                  /* CONNECT rate in bit/s; 0 = 33600 */
    bool unplugged;                 /* no line: NO DIALTONE */
    bool cid_compact;               /* caller ID as "NMBR=123" instead of "NMBR = 123" */
} msim_modem_cfg;

/* What the exchange needs from its owner. Every member may be NULL. */
typedef struct {
    void *user;
    /* Wall-clock date and time for caller ID, as "MMDDHHMM". NULL: "01010000". */
    void (*cid_clock)(void *user, char mmddhhmm[9]);
    /* The port disappears (fault vanish) or comes back (revive); 0 or a negative errno. */
    int (*port_vanish)(void *user, int modem);
    int (*port_revive)(void *user, int modem);
    /* Appends " pty=... tcp=..." for `list`; returns the length written. */
    size_t (*port_describe)(void *user, int modem, char *buf, size_t len);
    /* The control command `quit`. */
    void (*quit)(void *user);
} msim_hooks;

typedef struct {
    int n_modems;                   /* 1..MSIM_MAX_MODEMS */
    const msim_modem_cfg *modems;
    unsigned ring_period_ms;        /* one RING every ...; 0 = 6000 (a North American cadence) */
    unsigned cid_delay_ms;          /* caller ID this long after the first RING; 0 = ring_period/2 */
    unsigned ext_ring_limit;        /* rings before an external caller gives up; 0 = 10 */
    msim_hooks hooks;
} msim_cfg;

/* Creates the exchange; NULL with a message in err on a bad configuration. */
msim *msim_new(const msim_cfg *cfg, char *err, size_t errlen);
void msim_free(msim *sim);

int msim_count(const msim *sim);
/* "modem3", "3" (index) or a phone number -> index, or -1. */
int msim_find(const msim *sim, const char *name);

/* Bytes from modem m's DTE (what the DTE wrote). */
void msim_dte_input(msim *sim, int m, const uint8_t *buf, size_t len, uint64_t now);
/* How many DTE bytes modem m accepts now (0 while its output queue is too full). */
size_t msim_dte_room(const msim *sim, int m);
/* V.24 circuit 108 (DTR): on when a DTE opened the port, off when it closed it or set B0. */
void msim_dte_dtr(msim *sim, int m, bool on, uint64_t now);
/* Bytes waiting for modem m's DTE: *p and the count (0 = none now); then msim_dte_consumed. */
size_t msim_dte_output(msim *sim, int m, uint64_t now, const uint8_t **p);
void msim_dte_consumed(msim *sim, int m, size_t n);

/* Runs every timer due at now; msim_next_deadline says when to call it next (UINT64_MAX: no timer). */
void msim_tick(msim *sim, uint64_t now);
uint64_t msim_next_deadline(const msim *sim);

/* One control command (docs/modemsim.md, "Control commands"). Writes the reply lines to
 * reply (each ending in '\n') and returns 0, or -1 with "ERR <why>\n" in reply. */
int msim_control(msim *sim, const char *line, uint64_t now, char *reply, size_t len);

bool msim_vanished(const msim *sim, int m);

#endif
