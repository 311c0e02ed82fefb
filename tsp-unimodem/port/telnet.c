/*
 * port/telnet.c - Telnet client codec with RFC 2217 COM-PORT-OPTION (see telnet.h).
 */
#include "telnet.h"

#include <string.h>

enum { S_DATA, S_IAC, S_OPT, S_SB, S_SB_IAC };
enum { I_BINARY = UMP_TN_I_BINARY, I_SGA = UMP_TN_I_SGA, I_COMPORT = UMP_TN_I_COMPORT };

static int opt_index(uint8_t opt)
{
    switch (opt) {
    case UMP_TN_OPT_BINARY: return I_BINARY;
    case UMP_TN_OPT_SGA: return I_SGA;
    case UMP_TN_OPT_COMPORT: return I_COMPORT;
    default: return -1;
    }
}

/* RFC 2217: the client offers WILL COM-PORT-OPTION; the server does not. */
static bool want_him(int i) { return i == I_BINARY || i == I_SGA; }

void ump_telnet_init(ump_telnet *t)
{
    memset(t, 0, sizeof *t);
    t->state = S_DATA;
}

static void reply3(ump_telnet *t, uint8_t verb, uint8_t opt)
{
    if (t->reply_len + 3 > sizeof t->reply) {
        t->violations++;
        return;
    }
    t->reply[t->reply_len++] = UMP_TN_IAC;
    t->reply[t->reply_len++] = verb;
    t->reply[t->reply_len++] = opt;
}

size_t ump_telnet_start(ump_telnet *t, uint8_t *out, size_t cap)
{
    static const uint8_t offers[] = {
        UMP_TN_IAC, UMP_TN_WILL, UMP_TN_OPT_BINARY, UMP_TN_IAC, UMP_TN_DO, UMP_TN_OPT_BINARY,
        UMP_TN_IAC, UMP_TN_WILL, UMP_TN_OPT_SGA, UMP_TN_IAC, UMP_TN_DO, UMP_TN_OPT_SGA,
        UMP_TN_IAC, UMP_TN_WILL, UMP_TN_OPT_COMPORT,
    };
    if (cap < sizeof offers) return 0;
    memcpy(out, offers, sizeof offers);
    t->us_asked[I_BINARY] = t->us_asked[I_SGA] = t->us_asked[I_COMPORT] = true;
    t->him_asked[I_BINARY] = t->him_asked[I_SGA] = true;
    return sizeof offers;
}

/* RFC 854 option negotiation, answering only requests that change an option's state (the
 * rule that keeps two parties from acknowledging acknowledgements forever); options we do
 * not want are refused. */
static void negotiate(ump_telnet *t, uint8_t verb, uint8_t opt)
{
    int i = opt_index(opt);
    switch (verb) {
    case UMP_TN_DO:
        if (i < 0) {
            reply3(t, UMP_TN_WONT, opt);
            return;
        }
        if (!t->us[i]) {
            t->us[i] = true;
            if (!t->us_asked[i]) reply3(t, UMP_TN_WILL, opt);
        }
        t->us_asked[i] = false;
        if (i == I_COMPORT) {
            t->comport = true;
            t->comport_refused = false;
            t->events |= UMP_TN_EV_COMPORT;
        }
        return;
    case UMP_TN_DONT:
        if (i < 0) return;                 /* already off: no answer */
        if (t->us[i]) {
            t->us[i] = false;
            reply3(t, UMP_TN_WONT, opt);
        }
        t->us_asked[i] = false;
        if (i == I_COMPORT) {
            t->comport = false;
            t->comport_refused = true;
            t->events |= UMP_TN_EV_COMPORT;
        }
        return;
    case UMP_TN_WILL:
        if (i < 0 || !want_him(i)) {
            reply3(t, UMP_TN_DONT, opt);
            return;
        }
        if (!t->him[i]) {
            t->him[i] = true;
            if (!t->him_asked[i]) reply3(t, UMP_TN_DO, opt);
        }
        t->him_asked[i] = false;
        return;
    default: /* WONT */
        if (i < 0) return;
        if (t->him[i]) {
            t->him[i] = false;
            reply3(t, UMP_TN_DONT, opt);
        }
        t->him_asked[i] = false;
        return;
    }
}

/* A complete COM-PORT-OPTION subnegotiation from the server (RFC 2217 "Server to client":
 * each command code + 100, payload sizes as for the client's commands). */
static void comport_notice(ump_telnet *t, uint8_t cmd, const uint8_t *v, size_t n)
{
    switch (cmd) {
    case UMP_CPO_SERVER + UMP_CPO_SIGNATURE:
    case UMP_CPO_SERVER + UMP_CPO_SET_LINESTATE_MASK:
    case UMP_CPO_SERVER + UMP_CPO_SET_MODEMSTATE_MASK:
    case UMP_CPO_SERVER + UMP_CPO_PURGE_DATA:
        return;
    case UMP_CPO_SERVER + UMP_CPO_SET_BAUDRATE:
        if (n != 4) break;
        t->ack_baud = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
        return;
    case UMP_CPO_SERVER + UMP_CPO_FLOWCONTROL_SUSPEND:
        t->flow_suspended = true;
        return;
    case UMP_CPO_SERVER + UMP_CPO_FLOWCONTROL_RESUME:
        t->flow_suspended = false;
        return;
    default:
        if (n != 1) break;
        switch (cmd) {
        case UMP_CPO_SERVER + UMP_CPO_SET_DATASIZE: t->ack_datasize = v[0]; return;
        case UMP_CPO_SERVER + UMP_CPO_SET_PARITY: t->ack_parity = v[0]; return;
        case UMP_CPO_SERVER + UMP_CPO_SET_STOPSIZE: t->ack_stopsize = v[0]; return;
        case UMP_CPO_SERVER + UMP_CPO_SET_CONTROL: t->ack_control = v[0]; return;
        case UMP_CPO_SERVER + UMP_CPO_NOTIFY_LINESTATE: t->linestate = v[0]; return;
        case UMP_CPO_SERVER + UMP_CPO_NOTIFY_MODEMSTATE:
            t->modemstate = v[0];
            t->modemstate_known = true;
            t->events |= UMP_TN_EV_MODEMSTATE;
            return;
        default: break;
        }
        break;
    }
    t->violations++;
}

static void sb_put(ump_telnet *t, uint8_t b)
{
    if (++t->sb_total > UMP_TELNET_SB_LIMIT) {
        t->broken = true;
        t->events |= UMP_TN_EV_BROKEN;
        return;
    }
    if (t->sb_len < sizeof t->sb) t->sb[t->sb_len++] = b;
}

static void sb_done(ump_telnet *t)
{
    if (t->sb_total != t->sb_len || t->sb_len < 2 || t->sb[0] != UMP_TN_OPT_COMPORT) {
        /* Too long to be RFC 2217, empty, or for an option we refused. */
        t->violations++;
        return;
    }
    comport_notice(t, t->sb[1], t->sb + 2, t->sb_len - 2);
}

size_t ump_telnet_feed(ump_telnet *t, const uint8_t *in, size_t n, uint8_t *out)
{
    size_t i = 0, o = 0;
    while (i < n && !t->broken) {
        uint8_t b = in[i];
        switch (t->state) {
        case S_DATA:
            if (b == UMP_TN_IAC) {
                t->state = S_IAC;
                break;
            }
            if (!t->him[I_BINARY]) {
                /* NVT: CR is sent as CR NUL when a bare CR is meant (RFC 854). */
                bool skip = t->last_cr && b == 0;
                t->last_cr = b == '\r';
                if (skip) break;
            }
            out[o++] = b;
            break;
        case S_IAC:
            t->state = S_DATA;
            t->last_cr = false;
            if (b == UMP_TN_IAC) {
                out[o++] = b;
            } else if (b >= UMP_TN_WILL && b <= UMP_TN_DONT) {
                t->verb = b;
                t->state = S_OPT;
            } else if (b == UMP_TN_SB) {
                t->sb_len = t->sb_total = 0;
                t->state = S_SB;
            } else if (b <= UMP_TN_SE) {
                t->violations++;          /* undefined command, or SE outside SB */
            }                             /* NOP, DM, BRK, IP, AO, AYT, EC, EL, GA: nothing */
            break;
        case S_OPT:
            negotiate(t, t->verb, b);
            t->state = S_DATA;
            break;
        case S_SB:
            if (b == UMP_TN_IAC) t->state = S_SB_IAC;
            else sb_put(t, b);
            break;
        default: /* S_SB_IAC */
            if (b == UMP_TN_IAC) {
                sb_put(t, b);
                t->state = S_SB;
            } else if (b == UMP_TN_SE) {
                sb_done(t);
                t->state = S_DATA;
            } else {
                /* An unescaped IAC inside SB ends it (malformed); the byte is a command. */
                t->violations++;
                t->state = S_IAC;
                continue;
            }
            break;
        }
        i++;
    }
    return o;
}

size_t ump_telnet_encode(const ump_telnet *t, const uint8_t *in, size_t n, size_t *used,
                         uint8_t *out, size_t cap)
{
    size_t i, o = 0;
    bool binary = t->us[I_BINARY];
    for (i = 0; i < n; i++) {
        uint8_t b = in[i];
        bool two = b == UMP_TN_IAC || (b == '\r' && !binary);
        if (o + (two ? 2u : 1u) > cap) break;
        out[o++] = b;
        if (b == UMP_TN_IAC) out[o++] = UMP_TN_IAC;
        else if (two) out[o++] = 0;
    }
    *used = i;
    return o;
}

size_t ump_telnet_comport(uint8_t cmd, const uint8_t *payload, size_t len, uint8_t *out, size_t cap)
{
    size_t i, o = 0;
    if (cap < 6 + 2 * len + 1) return 0;
    out[o++] = UMP_TN_IAC;
    out[o++] = UMP_TN_SB;
    out[o++] = UMP_TN_OPT_COMPORT;
    out[o++] = cmd;
    if (cmd == UMP_TN_IAC) out[o++] = UMP_TN_IAC;
    for (i = 0; i < len; i++) {
        out[o++] = payload[i];
        if (payload[i] == UMP_TN_IAC) out[o++] = UMP_TN_IAC;
    }
    out[o++] = UMP_TN_IAC;
    out[o++] = UMP_TN_SE;
    return o;
}
