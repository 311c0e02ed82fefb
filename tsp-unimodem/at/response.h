/*
 * tsp-unimodem/at/response.h - what one line from the modem means: the result-code
 * parser driven by a profile's Responses table, with built-in V.250 defaults.
 *
 * What it does: um_response_match() takes one whole line (the engine has already cut the
 * byte stream at CR and LF) and returns a typed result: the Unimodem response state, the
 * negotiated options, the DCE and DTE rates, and for variable-length responses (caller ID
 * "NMBR = 5551234") the value after the prefix. It matches whole lines, never the first
 * characters of one: "OKAY", "RINGING" and "CONNECTED" are not OK, RING and CONNECT.
 *
 * The rules, in order:
 *  1. The line, without leading and trailing blanks, equal byte for byte to a table entry
 *     (the exact strings Unimodem's Responses key holds, case included). A CONNECT entry
 *     that carries no DCE rate gets the rate the built-in CONNECT parser reads from the
 *     line, so a table with only "CONNECT" still reports "CONNECT 28800" as 28800 bit/s.
 *  2. The longest variable-length entry (state bit 0x80, or DRON..MESG) that starts the
 *     line; the value is the rest, with blanks and one '=' removed ("NMBR = 555",
 *     "NMBR=555" and "NMBR 555" against the entry "NMBR" all give "555").
 *  3. The built-in defaults, without regard to case:
 *     - V.250 5.7.1, Table 1: verbose OK, CONNECT, RING, NO CARRIER, ERROR, NO DIALTONE
 *       (also "NO DIAL TONE"), BUSY, NO ANSWER and the numeric forms 0, 1, 2, 3, 4, 6, 7,
 *       8 (V0, 6.2.6); DELAYED and BLACKLISTED (call-barring result codes of modems sold
 *       where repeated call attempts are limited; GSM modems report them at X5); VCON
 *       (V.253 voice connection, which Unimodem's Responses page says to treat as OK).
 *     - "CONNECT <rate>" with suffixes separated by '/', blanks or '-': ARQ, REL, LAPM,
 *       MNP, MNP2-4, V42, ALT, ECL mean error control; V42BIS, V.42BIS, V42B, MNP5, V44,
 *       BTLZ, COMP, COMPRESSED mean compression (with error control, which they need);
 *       CELLULAR and ETC mean cellular; NOEC, NONE, modulations (V34, V90, V92 ...) and
 *       "/75" rate halves are read and ignored. "CONNECT 1200TX/75RX" is 1200 bit/s.
 *     - Negotiation progress (state LOOP): the V.250 intermediate result codes "+MCR:
 *       <mod>" and "+MRR: <rate>" (6.4 modulation reporting), "+ER: <p>" (6.5, error
 *       control unless NONE), "+DR: <c>" (6.6, compression unless NONE), "+ILRR: <rate>"
 *       (6.2, the DTE rate), and the older Rockwell forms "CARRIER <rate>", "PROTOCOL:
 *       <p>", "COMPRESSION: <c>".
 *     - Caller ID as modems report it: DATE, TIME, NMBR, NAME, MESG, each followed by
 *       optional blanks, '=', optional blanks and the value.
 *  4. Anything else: state UM_RS_UNKNOWN (information text, an echo, garbage).
 *
 * Usage:
 *     um_result r = um_response_match(profile, "CONNECT 28800/ARQ", 17);
 *     // r.state == UM_RS_CONNECT, r.dce_rate == 28800, r.options == UM_OPT_ERROR_CONTROL
 */
#ifndef TSP_UNIMODEM_AT_RESPONSE_H
#define TSP_UNIMODEM_AT_RESPONSE_H

#include <stddef.h>
#include <stdint.h>
#include "profile/profile.h"

typedef enum {
    UM_SRC_NONE,        /* nothing matched */
    UM_SRC_TABLE,       /* the profile's Responses table */
    UM_SRC_BUILTIN,     /* the built-in V.250 defaults */
} um_result_source;

typedef struct {
    uint8_t state;              /* UM_RS_* without UM_RS_VARIABLE; UM_RS_UNKNOWN if no match */
    uint8_t options;            /* UM_OPT_* */
    uint8_t source;             /* um_result_source */
    uint32_t dce_rate;          /* bit/s, 0 = not reported */
    uint32_t dte_rate;
    const char *value;          /* variable-length responses: points into the line */
    size_t value_len;
} um_result;

/* profile may be NULL (built-in defaults only). The line needs no terminating NUL. */
um_result um_response_match(const um_profile *profile, const char *line, size_t len);

/* True for the states that end a command: OK, CONNECT, ERROR, NO CARRIER, NO DIALTONE,
 * BUSY, NO ANSWER, BLACKLISTED, DELAYED (V.250 5.7.1: final result codes). */
int um_state_is_final(uint8_t state);

#endif
