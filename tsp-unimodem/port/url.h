/*
 * port/url.h - the port URL parser (pure: no I/O, no allocation).
 *
 * Grammar (port.h lists the meaning):
 *
 *     url     = scheme ":" rest [ "?" param *( "&" param ) ]
 *     serial: path        tty: path          usb: vid ":" pid     (vid, pid: 1-4 hex digits)
 *     tcp:// host ":" port                   rfc2217:// host ":" port
 *     host    = name | IPv4 | "[" IPv6 "]"   port = 1..65535
 *     param   = key "=" value                (value %XX-escaped where needed)
 *
 * Scheme and keys are case-insensitive; paths and serial numbers are taken as given. Every
 * field is bounded: a URL longer than UMP_URL_MAX or a field longer than its buffer is
 * rejected, never truncated. Errors come back as a message naming the offending part.
 */
#ifndef UMP_URL_H
#define UMP_URL_H

#include "port.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UMP_URL_MAX      1024   /* whole URL, bytes */
#define UMP_URL_PATH_MAX 256    /* device path, including the terminator */
#define UMP_URL_HOST_MAX 256    /* host name or address, including the terminator */
#define UMP_URL_SERIAL_MAX 128  /* USB serial number, including the terminator */

typedef enum ump_scheme {
    UMP_SCHEME_SERIAL = 1, UMP_SCHEME_TTY, UMP_SCHEME_USB, UMP_SCHEME_TCP, UMP_SCHEME_RFC2217
} ump_scheme;

/* Which line-coding fields the URL gave. */
#define UMP_URL_BAUD   0x01u
#define UMP_URL_DATA   0x02u
#define UMP_URL_PARITY 0x04u
#define UMP_URL_STOP   0x08u
#define UMP_URL_FLOW   0x10u

typedef struct ump_url {
    ump_scheme scheme;
    char path[UMP_URL_PATH_MAX];        /* serial, tty */
    char host[UMP_URL_HOST_MAX];        /* tcp, rfc2217: without brackets */
    uint16_t port;                      /* tcp, rfc2217 */
    uint16_t vid, pid;                  /* usb */
    char usb_serial[UMP_URL_SERIAL_MAX];/* usb: "" = any */
    int usb_interface;                  /* usb: -1 = the first CDC-ACM communication interface */
    int timeout_ms;                     /* tcp, rfc2217: connect + handshake, default 5000 */
    ump_coding coding;                  /* defaults filled in: 115200 8N1, no flow control */
    unsigned coding_given;              /* UMP_URL_* bits */
} ump_url;

/* Parses url (len bytes; need not be terminated). Returns UMP_OK or UMP_EINVAL with a message
 * in msg (when msg_size > 0). */
int ump_url_parse(const char *url, size_t len, ump_url *out, char *msg, size_t msg_size);

/* The scheme's name as written in URLs ("rfc2217"). */
const char *ump_scheme_name(ump_scheme s);

#endif /* UMP_URL_H */
