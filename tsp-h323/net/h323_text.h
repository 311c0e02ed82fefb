/*
 * tsp-h323/net/h323_text.h - the text forms of the H.323 endpoint: transport addresses,
 * call destinations, the h323-call command language, and one line per engine event.
 *
 * What it does: pure, bounds-checked parsing and formatting, shared by the h323-call tool
 * (docs/h323-call.md), the loopback tests and, later, the TSP's dial strings. No socket,
 * no name resolution: a destination's host that is not an IP literal is returned as text
 * for the caller to resolve.
 *
 *   address:      1.2.3.4  1.2.3.4:1720  ::1  [::1]:1720             (RFC 3986 3.2.2 brackets)
 *   destination:  ALIAS@HOST[:PORT]  HOST[:PORT]  ALIAS (gatekeeper)   (the H.323 URL of H.323
 *                 annex O without its "h323:" scheme, which is accepted and dropped)
 *   commands:     call DEST | answer | alert | hangup [CAUSE] | dtmf DIGITS | quit
 *
 * Every function takes lengths or NUL-terminated strings and never writes past the sizes
 * it is given.
 */
#ifndef TSP_H323_NET_H323_TEXT_H
#define TSP_H323_NET_H323_TEXT_H

#include "engine/h323.h"

#include <stddef.h>
#include <stdint.h>

/* An IP literal with an optional port (default_port when absent). 0, or -1 when s is
 * not one. */
int h323_text_parse_addr(const char *s, uint16_t default_port, h323_addr *out);

/* "a.b.c.d:port" or "[v6]:port" ("-" for family 0), always NUL-terminated; returns buf. */
const char *h323_text_addr(const h323_addr *a, char *buf, size_t size);

typedef struct h323_text_dest {
    char alias[129];           /* "" when none (call straight to a host) */
    char host[256];            /* "" when none (ask the gatekeeper) */
    uint16_t port;             /* 0 when not given */
} h323_text_dest;

/* ALIAS@HOST[:PORT], HOST[:PORT], ALIAS or h323:... . A HOST is an IP literal (v6 in
 * brackets when a port follows) or a name. 0, or -1 (empty, too long, bad port, ...). */
int h323_text_parse_dest(const char *s, h323_text_dest *out);

enum h323_text_cmd_type {
    H323_TEXT_CALL, H323_TEXT_ANSWER, H323_TEXT_ALERT, H323_TEXT_HANGUP, H323_TEXT_DTMF,
    H323_TEXT_QUIT, H323_TEXT_EMPTY            /* a blank line or a # comment */
};

typedef struct h323_text_cmd {
    enum h323_text_cmd_type type;
    h323_text_dest dest;       /* CALL */
    uint32_t cause;            /* HANGUP: Q.850 cause 1..127, default 16 */
    char digits[65];           /* DTMF: 0-9 * # A-D ! */
} h323_text_cmd;

/* One command line (without or with its newline). 0, or -1 with *why saying what is wrong. */
int h323_text_parse_command(const char *line, h323_text_cmd *cmd, const char **why);

/* One line describing ev for call `id` (no newline), e.g.
 *   "connected 1 fast-start=yes h245=tunnelled"
 *   "media 1 tx g711u 20 rtp=127.0.0.1:5000 rtcp=127.0.0.1:5001"
 *   "released 1 cause=16 local=no reason=..."
 * info (may be NULL) adds who calls whom to "incoming". Returns the length written
 * (truncated to size - 1). */
size_t h323_text_event(const h323_event *ev, uint32_t id, const h323_call_info *info, char *buf, size_t size);

/* Name of an H245_AUDIO_* codec as the lines show it ("g711u", "g711a", ...; "codec-N"). */
const char *h323_text_codec(uint32_t codec, char *buf, size_t size);

#endif
