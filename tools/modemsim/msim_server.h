/*
 * tools/modemsim/msim_server.h - the simulated modems on real ports: one pseudo-terminal
 * and/or one TCP listening port per modem, a control socket, and the event loop.
 *
 * What it does: puts each modem of an msim (msim.h) behind a pseudo-terminal
 * (posix_openpt; the DTE opens the slave, e.g. /dev/pts/7, optionally reached through a
 * symlink DIR/modemN) and/or a TCP port (one client at a time; raw bytes, as ser2net's
 * "raw" mode). Control commands (msim_control) come from a Unix stream socket and/or
 * stdin. One thread runs everything with poll(): no busy loops, no polling timers; the
 * simulator's own timers set the poll timeout.
 *
 * DTR (V.24 circuit 108) as the simulator sees it: on while a TCP client is connected or
 * while the pty slave is open and its speed is not B0. A pseudo-terminal has no modem
 * control lines (TIOCMSET fails on it), so a DTE "drops DTR" on a pty by setting the
 * speed to B0 (cfsetospeed + tcsetattr, held for 100 ms or more), as POSIX defines for
 * hanging up, or by closing the slave. The master learns of termios changes in packet
 * mode with EXTPROC set (TIOCPKT_IOCTL), and of opens through inotify (IN_OPEN), so an
 * unopened pty costs nothing.
 *
 * Usage:
 *
 *     msim_server *s = msim_server_new(&cfg, err, sizeof err);
 *     msim_server_start(s);                   // or msim_server_run(s) on this thread
 *     ... open msim_server_pty(s, 0), talk AT ...
 *     msim_server_stop(s); msim_server_join(s); msim_server_free(s);
 */
#ifndef MODEMSIM_MSIM_SERVER_H
#define MODEMSIM_MSIM_SERVER_H

#include "msim.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct msim_server msim_server;

typedef struct {
    int n_modems;
    const msim_modem_cfg *modems;
    const int *tcp_ports;          /* per modem: -1 no TCP, 0 any free port, else that port; NULL = none */
    bool no_pty;                   /* no pseudo-terminals (TCP only) */
    const char *links_dir;         /* make DIR/modemN -> /dev/pts/M; NULL = none */
    const char *control_path;      /* Unix socket for control commands; NULL = none */
    bool control_stdin;            /* control commands on stdin, replies on stdout; EOF quits */
    const char *bind_addr;         /* TCP address; NULL = 127.0.0.1 */
    unsigned ring_period_ms, cid_delay_ms;   /* 0 = the defaults of msim.h */
    const char *cid_time;          /* "MMDDHHMM" for caller ID; NULL = the local time */
} msim_server_cfg;

msim_server *msim_server_new(const msim_server_cfg *cfg, char *err, size_t errlen);
/* Runs the event loop until `quit` or msim_server_stop; 0, or a negative errno. */
int msim_server_run(msim_server *s);
/* msim_server_run on a new thread; 0 or a negative errno. */
int msim_server_start(msim_server *s);
/* Asks the loop to end; async-signal-safe. */
void msim_server_stop(msim_server *s);
/* Waits for the thread of msim_server_start; returns msim_server_run's result. */
int msim_server_join(msim_server *s);
/* Closes every port, removes the links and the control socket. */
void msim_server_free(msim_server *s);

/* A control command (msim_control), from the thread that runs the loop or before it runs. */
int msim_server_control(msim_server *s, const char *line, char *reply, size_t len);

/* Valid from msim_server_new until a `fault vanish` or `revive` of that modem (the
 * control command `status` always has the current one). NULL / -1 when there is none. */
const char *msim_server_pty(const msim_server *s, int m);
int msim_server_tcp_port(const msim_server *s, int m);
/* " pty=/dev/pts/3 link=DIR/modem0 tcp=127.0.0.1:4000 dte=pty" for modem m. */
size_t msim_server_describe(const msim_server *s, int m, char *buf, size_t len);

#endif
