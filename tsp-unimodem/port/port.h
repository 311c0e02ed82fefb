/*
 * port/port.h - the ports a modem hangs off, behind one small interface.
 *
 * What it does: opens a modem's port from a URL and moves bytes and control lines, whatever
 * carries them:
 *
 *     serial:/dev/ttyUSB0?baud=115200&flow=rtscts   RS-232 / USB-serial via libserialport
 *     serial:COM3                                   (Windows)
 *     tty:/dev/pts/7                                plain termios (POSIX), e.g. pseudo-terminals,
 *                                                   which libserialport refuses (it looks every
 *                                                   port up in /sys/class/tty; ptys have no entry)
 *     usb:0572:1329?serial=A1B2&interface=0         a USB CDC-ACM modem driven by libusb-1.0
 *     tcp://host:port                               raw TCP (ser2net "raw", terminal servers)
 *     rfc2217://host:port                           Telnet + RFC 2217 COM-PORT-OPTION
 *
 * Query parameters (any order, each at most once): baud=N, data=5..8,
 * parity=none|odd|even|mark|space, stop=1|2, flow=none|rtscts|xonxoff|dtrdsr (serial, tty, usb,
 * rfc2217); serial=S and interface=N (usb); timeout=MS (tcp, rfc2217: connect and Telnet
 * negotiation). Values may be %XX-escaped. Unset line-coding fields default to 115200 8N1,
 * no flow control.
 *
 * How it works: every backend offers the same operations; a pure URL parser (url.h) picks the
 * backend. libserialport and libusb-1.0 are loaded at run time (dlopen / LoadLibrary, see
 * dynlib.h), so a provider built on this loads and serves tcp/rfc2217 ports on a machine
 * without them; opening a serial: or usb: port then fails with UMP_ENOTSUP.
 *
 * I/O model (no polling loops, ~0 CPU when idle):
 *  - ump_read() waits up to timeout_ms for data; -1 waits forever. ump_wake() (any thread)
 *    ends a wait early with UMP_EINTR: one I/O thread per line blocks in ump_read(-1) and is
 *    woken for shutdown.
 *  - Or poll ump_wait_object(): a file descriptor on POSIX (readable), an event HANDLE on
 *    Windows (signalled) when ump_read may have something. Readiness may be spurious (Telnet
 *    negotiation, a USB status notification): ump_read(..., 0) then returns 0. Call
 *    ump_read(..., 0) until it returns 0 before waiting on the object again; some data (bytes
 *    that arrived during the RFC 2217 handshake) is held inside the port.
 *  - Backends that get line-state notifications (usb SERIAL_STATE, rfc2217 NOTIFY-MODEMSTATE)
 *    wake the reader when they change; serial and tty signals are read from the OS on demand.
 *
 * Threads: one reader (ump_read) and one controller (ump_write, lines, coding, hang-up) may
 * run at the same time; ump_wake, ump_native_handle and ump_error_text from any thread; ump_close only when no
 * other call on the port is in progress. Nothing here prints or keeps global state; no
 * callbacks.
 *
 * Errors are the negative UMP_E* codes below, the same numbers on every OS; ump_error_text()
 * gives the last failure's message with its details (OS error, libusb/libserialport text).
 * UMP_EVANISHED means the device went away (pty closed, USB unplugged, TCP peer closed, EIO/
 * ENXIO/ENODEV): it is sticky, every later call returns it, and the only thing left to do is
 * ump_close().
 */
#ifndef UMP_PORT_H
#define UMP_PORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ump_port ump_port;

/* Errors: negative, errno-like, portable. */
#define UMP_OK          0
#define UMP_EINVAL    (-1)  /* bad URL or argument */
#define UMP_ENOENT    (-2)  /* no such device, host, or nothing listening */
#define UMP_EACCES    (-3)  /* permission denied */
#define UMP_EBUSY     (-4)  /* in use: claimed by a kernel driver or another program */
#define UMP_ENOTSUP   (-5)  /* not on this backend or OS, or its library is not installed */
#define UMP_EIO       (-6)  /* other I/O error (the port may still work) */
#define UMP_ETIMEDOUT (-7)  /* nothing could be written in time; connect/handshake timed out */
#define UMP_EINTR     (-8)  /* ump_wake() ended the wait */
#define UMP_EPROTO    (-9)  /* the peer broke its protocol (Telnet/RFC 2217, CDC): sticky */
#define UMP_ENOMEM    (-10)
#define UMP_EVANISHED (-11) /* the device is gone: sticky, close the port */

/* Control lines. Outputs (ump_set_lines): DTR, RTS. Inputs (ump_get_lines): DCD, RI, CTS,
 * DSR, plus the outputs as last set. */
#define UMP_DTR 0x01u
#define UMP_RTS 0x02u
#define UMP_DCD 0x10u
#define UMP_RI  0x20u
#define UMP_CTS 0x40u
#define UMP_DSR 0x80u

typedef enum ump_parity {
    UMP_PARITY_NONE = 0, UMP_PARITY_ODD, UMP_PARITY_EVEN, UMP_PARITY_MARK, UMP_PARITY_SPACE
} ump_parity;

typedef enum ump_flow {
    UMP_FLOW_NONE = 0, UMP_FLOW_RTSCTS, UMP_FLOW_XONXOFF, UMP_FLOW_DTRDSR
} ump_flow;

/* Line coding. */
typedef struct ump_coding {
    uint32_t baud;       /* 1..4000000 */
    uint8_t data_bits;   /* 5..8 */
    uint8_t stop_bits;   /* 1 or 2 */
    ump_parity parity;
    ump_flow flow;
} ump_coding;

/* What the caller waits on (see above). */
#ifdef _WIN32
typedef void *ump_waitable;  /* HANDLE */
#else
typedef int ump_waitable;    /* file descriptor */
#endif

/* Opens the port named by url, applies its line coding and raises DTR and RTS (all but
 * tcp; a pty has no lines). On failure returns a UMP_E* code and, when msg is not NULL, a
 * message in msg (always terminated). */
int ump_open(ump_port **out, const char *url, char *msg, size_t msg_size);

/* Closes and frees (NULL is ignored). DTR drops, as when the OS closes a serial port. */
void ump_close(ump_port *p);

/* Reads up to len bytes: > 0 bytes read, 0 when nothing came within timeout_ms (0: do not
 * wait, -1: forever), or a UMP_E* code (UMP_EINTR after ump_wake). */
int ump_read(ump_port *p, void *buf, size_t len, int timeout_ms);

/* Writes all of buf unless timeout_ms (-1: forever) passes first: returns len, or the count
 * written before the timeout, or UMP_ETIMEDOUT when nothing could be written, or an error.
 * len is at most INT_MAX. */
int ump_write(ump_port *p, const void *buf, size_t len, int timeout_ms);

/* Line coding. tcp ports have none: UMP_ENOTSUP. */
int ump_set_coding(ump_port *p, const ump_coding *c);
/* The coding last set (what the URL or ump_set_coding asked for). */
int ump_get_coding(ump_port *p, ump_coding *c);

/* Sets the outputs in mask (UMP_DTR, UMP_RTS) to the matching bits of values. */
int ump_set_lines(ump_port *p, unsigned mask, unsigned values);
/* The lines' state: *values has UMP_* bits; *known says which of them this backend and OS
 * report (e.g. none for tcp; none of the inputs for a pty; rfc2217 inputs once the server
 * sent NOTIFY-MODEMSTATE). */
int ump_get_lines(ump_port *p, unsigned *values, unsigned *known);

/* Hangs up the V.250 way (ITU-T V.250 6.2.9, &D2): DTR off, drop_ms, DTR on again. */
int ump_hangup(ump_port *p, unsigned drop_ms);

/* Ends a ump_read() wait in progress, or the next one, with UMP_EINTR. Any thread. */
void ump_wake(ump_port *p);

/* The object to wait on (see the I/O model above). */
ump_waitable ump_wait_object(const ump_port *p);

/* The OS object that carries the modem's bytes unchanged, to hand the port to an
 * application (lineGetID "comm/datamodem", learn.microsoft.com/windows/win32/tapi/
 * comm-datamodem): a file descriptor on POSIX; on Windows the COM port's HANDLE or a
 * SOCKET as a HANDLE. tty, serial and tcp have their own. rfc2217 (Telnet escaping) and
 * usb (bulk pipes) get a relay: the first call makes a connected socket pair (socketpair
 * on POSIX, loopback TCP on Windows) and returns one end; a relay thread copies the port's
 * data to and from the other end (decoded and escaped) and watches the input lines. While
 * it runs ump_read leaves the data alone: it returns 0 when the relay saw the lines change
 * or the port fail, and otherwise waits for ump_wake or its timeout. ump_write,
 * ump_set_lines (so ump_hangup) and ump_close take the port back: the relay stops and the
 * application's copies read end-of-file; the next call starts a new relay. -1 on POSIX,
 * NULL on Windows when there is none (no port, the port failed, out of resources). It
 * stays the port's: the caller duplicates it (dup, DuplicateHandle) to give it away. Any
 * thread. */
ump_waitable ump_native_handle(ump_port *p);

/* Copies the last failure's message (or "") into buf (always terminated when size > 0). */
void ump_error_text(ump_port *p, char *buf, size_t size);

/* A short English name of a UMP_E* code ("device vanished"). */
const char *ump_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* UMP_PORT_H */
