/*
 * port/telnet.h - the client side of Telnet (RFC 854) with the COM Port Control Option
 * (RFC 2217), as a pure state machine: bytes in, data and replies out. No I/O.
 *
 * What it does:
 *  - decodes what the server sends: data (IAC IAC -> 0xFF; in non-binary mode CR NUL -> CR,
 *    RFC 854 "The NVT printer and keyboard"), option negotiation (RFC 854 "Telnet option
 *    negotiation", answered only when a request changes state, so two parties never loop),
 *    and RFC 2217 server notifications (NOTIFY-MODEMSTATE, NOTIFY-LINESTATE, the values the
 *    server acknowledged for SET-BAUDRATE/-DATASIZE/-PARITY/-STOPSIZE/-CONTROL, FLOWCONTROL-
 *    SUSPEND/-RESUME);
 *  - encodes what the client sends: data with IAC doubled (and CR -> CR NUL when the server
 *    did not agree to BINARY, RFC 856), the opening offers, and COM-PORT-OPTION commands.
 *
 * Options we want: BINARY (RFC 856) and SUPPRESS-GO-AHEAD (RFC 858) both ways, and
 * COM-PORT-OPTION (44, RFC 2217) from our side ("WILL"). Anything else the server offers or
 * asks for is refused (DONT/WONT).
 *
 * Bounds: a subnegotiation keeps at most UMP_TELNET_SB_MAX bytes; one longer than
 * UMP_TELNET_SB_LIMIT bytes marks the stream broken (no memory grows, the caller reports a
 * protocol error). Replies are bounded by the input that caused them: 3 bytes per 3-byte
 * request, of which the first may have begun in the previous feed, so at most n + 2 bytes
 * per feed of n bytes. They are kept in reply[] (UMP_TELNET_REPLY_MAX bytes); the caller sends
 * and clears them after each ump_telnet_feed of at most UMP_TELNET_FEED_MAX bytes, so they
 * never overflow (if they would, they are dropped and counted as violations).
 */
#ifndef UMP_TELNET_H
#define UMP_TELNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 854 commands and RFC 856/858/2217 options. */
#define UMP_TN_IAC  255
#define UMP_TN_DONT 254
#define UMP_TN_DO   253
#define UMP_TN_WONT 252
#define UMP_TN_WILL 251
#define UMP_TN_SB   250
#define UMP_TN_SE   240
#define UMP_TN_OPT_BINARY  0
#define UMP_TN_OPT_SGA     3
#define UMP_TN_OPT_COMPORT 44

/* Indexes of the options we track, in ump_telnet's us/him arrays. */
enum { UMP_TN_I_BINARY, UMP_TN_I_SGA, UMP_TN_I_COMPORT, UMP_TN_I_COUNT };

/* RFC 2217 client-to-server commands (the server answers with the same + 100). */
#define UMP_CPO_SIGNATURE       0
#define UMP_CPO_SET_BAUDRATE    1
#define UMP_CPO_SET_DATASIZE    2
#define UMP_CPO_SET_PARITY      3
#define UMP_CPO_SET_STOPSIZE    4
#define UMP_CPO_SET_CONTROL     5
#define UMP_CPO_NOTIFY_LINESTATE  6
#define UMP_CPO_NOTIFY_MODEMSTATE 7
#define UMP_CPO_FLOWCONTROL_SUSPEND 8
#define UMP_CPO_FLOWCONTROL_RESUME  9
#define UMP_CPO_SET_LINESTATE_MASK  10
#define UMP_CPO_SET_MODEMSTATE_MASK 11
#define UMP_CPO_PURGE_DATA      12
#define UMP_CPO_SERVER          100

/* RFC 2217 SET-CONTROL values used here. */
#define UMP_CPO_CONTROL_FLOW_NONE     1
#define UMP_CPO_CONTROL_FLOW_XONXOFF  2
#define UMP_CPO_CONTROL_FLOW_HARDWARE 3
#define UMP_CPO_CONTROL_DTR_ON        8
#define UMP_CPO_CONTROL_DTR_OFF       9
#define UMP_CPO_CONTROL_RTS_ON        11
#define UMP_CPO_CONTROL_RTS_OFF       12
#define UMP_CPO_CONTROL_FLOW_DSR      19

/* RFC 2217 NOTIFY-MODEMSTATE bits. */
#define UMP_CPO_MS_CD  0x80
#define UMP_CPO_MS_RI  0x40
#define UMP_CPO_MS_DSR 0x20
#define UMP_CPO_MS_CTS 0x10

#define UMP_TELNET_SB_MAX    64
#define UMP_TELNET_SB_LIMIT  1024
#define UMP_TELNET_FEED_MAX  512
#define UMP_TELNET_REPLY_MAX (UMP_TELNET_FEED_MAX + 3)

/* Events, collected in ump_telnet.events until the caller clears them. */
#define UMP_TN_EV_MODEMSTATE 0x01u  /* a NOTIFY-MODEMSTATE arrived */
#define UMP_TN_EV_COMPORT    0x02u  /* the server answered our WILL COM-PORT-OPTION */
#define UMP_TN_EV_BROKEN     0x04u  /* the stream is broken (oversized subnegotiation) */

typedef struct ump_telnet {
    uint8_t state;
    uint8_t verb;                      /* WILL/WONT/DO/DONT awaiting its option byte */
    bool last_cr;                      /* non-binary: the previous data byte was CR */
    uint8_t sb[UMP_TELNET_SB_MAX];
    size_t sb_len, sb_total;

    /* Option states (RFC 854), indexed BINARY, SGA, COM-PORT-OPTION: enabled on our side /
     * on the server's side, and our request outstanding. Other options stay off. */
    bool us[UMP_TN_I_COUNT], us_asked[UMP_TN_I_COUNT];
    bool him[UMP_TN_I_COUNT], him_asked[UMP_TN_I_COUNT];

    uint8_t reply[UMP_TELNET_REPLY_MAX];
    size_t reply_len;

    /* What the server told us (RFC 2217). */
    bool comport;                      /* DO COM-PORT-OPTION received */
    bool comport_refused;              /* DONT COM-PORT-OPTION received */
    bool modemstate_known;
    uint8_t modemstate;
    uint8_t linestate;
    uint32_t ack_baud;                 /* 0 until the server acknowledged one */
    uint8_t ack_datasize, ack_parity, ack_stopsize, ack_control;
    bool flow_suspended;               /* FLOWCONTROL-SUSPEND without RESUME yet */
    bool broken;
    unsigned events;                   /* UMP_TN_EV_* */
    unsigned long violations;          /* protocol violations seen (ignored) */
} ump_telnet;

void ump_telnet_init(ump_telnet *t);

/* Writes the opening offers (WILL/DO BINARY, WILL/DO SGA, WILL COM-PORT-OPTION) to out;
 * returns the byte count, or 0 if cap is too small (15 bytes are enough). */
size_t ump_telnet_start(ump_telnet *t, uint8_t *out, size_t cap);

/* Decodes n (<= UMP_TELNET_FEED_MAX) bytes from the server. The data bytes go to out, which
 * has room for n bytes and may be the same buffer as in; returns their count. Replies are
 * appended to t->reply. Once t->broken, input is ignored. */
size_t ump_telnet_feed(ump_telnet *t, const uint8_t *in, size_t n, uint8_t *out);

/* Encodes data for the wire: IAC doubled, and CR sent as CR NUL unless the server agreed to
 * receive BINARY. Reads from in until it or out (cap >= 2) is exhausted; *used says how many
 * input bytes went out. Returns the encoded length. */
size_t ump_telnet_encode(const ump_telnet *t, const uint8_t *in, size_t n, size_t *used,
                         uint8_t *out, size_t cap);

/* IAC SB COM-PORT-OPTION cmd <payload, IAC doubled> IAC SE into out; returns its length or
 * 0 when cap is too small (7 + 2 * len is always enough). */
size_t ump_telnet_comport(uint8_t cmd, const uint8_t *payload, size_t len, uint8_t *out, size_t cap);

#endif /* UMP_TELNET_H */
