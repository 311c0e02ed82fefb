/*
 * port/rfc2217.c - the rfc2217:// backend: a serial port on a network access server (ser2net,
 * terminal servers) through Telnet (RFC 854) with the COM Port Control Option (RFC 2217).
 *
 * Opening connects, offers BINARY/SGA and WILL COM-PORT-OPTION, and waits (timeout=, default
 * 5 s) for the server's DO COM-PORT-OPTION, because RFC 2217 ("Com Port Control Option")
 * lets the client send its commands only once the option is agreed. Then it asks for every
 * modem-state change (SET-MODEMSTATE-MASK 255), sets the line coding (SET-BAUDRATE,
 * SET-DATASIZE, SET-PARITY, SET-STOPSIZE, SET-CONTROL flow control) and raises DTR and RTS
 * (SET-CONTROL 8, 11). NOTIFY-MODEMSTATE gives DCD, RI, DSR and CTS (and wakes the reader
 * when they change). Data is IAC-escaped both ways (telnet.c).
 *
 * Locks: mu guards the Telnet state (fed by the reader, read by the others); wmu keeps each
 * sequence on the wire whole (a data chunk, a command, the replies to negotiation).
 */
#include "port_impl.h"
#include "telnet.h"

#include <stdlib.h>
#include <string.h>

#define PENDING_MAX 4096

typedef struct rfc {
    ump_sock sock;
    tspk_mutex mu, wmu;
    ump_telnet tn;                 /* under mu */
    uint8_t owed[1];               /* under wmu: 2nd byte of a pair cut by a write timeout */
    size_t owed_len;
    uint8_t pending[PENDING_MAX];  /* data that came during the handshake (reader only) */
    size_t pending_len, pending_off;
    unsigned long pending_dropped;
    uint8_t reported_ms;           /* modem-state bits last seen by the reader */
} rfc;

/* Sends buf as one sequence, after anything owed. Caller holds wmu. */
static int send_locked(ump_port *p, rfc *r, const uint8_t *buf, size_t len, int timeout_ms)
{
    int rc;
    if (r->owed_len) {
        rc = ump__sock_send(p, &r->sock, r->owed, r->owed_len, timeout_ms);
        if (rc < (int)r->owed_len) return rc < 0 ? rc : UMP_ETIMEDOUT;
        r->owed_len = 0;
    }
    return len ? ump__sock_send(p, &r->sock, buf, len, timeout_ms) : 0;
}

static int send_whole(ump_port *p, rfc *r, const uint8_t *buf, size_t len)
{
    int rc;
    tspk_mutex_lock(&r->wmu);
    rc = send_locked(p, r, buf, len, p->url.timeout_ms);
    tspk_mutex_unlock(&r->wmu);
    if (rc >= 0 && (size_t)rc < len)
        return ump__fail(p, UMP_EPROTO, "rfc2217: a command was cut off by a send timeout");
    return rc < 0 ? rc : UMP_OK;
}

/* Replies the decoder queued, sent after it ran. */
static int flush_replies(ump_port *p, rfc *r)
{
    uint8_t out[UMP_TELNET_REPLY_MAX];
    size_t n;
    tspk_mutex_lock(&r->mu);
    n = r->tn.reply_len;
    memcpy(out, r->tn.reply, n);
    r->tn.reply_len = 0;
    tspk_mutex_unlock(&r->mu);
    return n ? send_whole(p, r, out, n) : UMP_OK;
}

/* Receives and decodes up to len (<= UMP_TELNET_FEED_MAX) bytes into buf. */
static int receive(ump_port *p, rfc *r, uint8_t *buf, size_t len, unsigned *events)
{
    int n = ump__sock_recv(p, &r->sock, buf, len);
    size_t d;
    bool broken;
    if (n <= 0) return n;
    tspk_mutex_lock(&r->mu);
    d = ump_telnet_feed(&r->tn, buf, (size_t)n, buf);
    *events = r->tn.events;
    r->tn.events = 0;
    broken = r->tn.broken;
    tspk_mutex_unlock(&r->mu);
    if (broken)
        return ump__fail(p, UMP_EPROTO, "rfc2217: the server sent a subnegotiation longer than "
                         "%d bytes", UMP_TELNET_SB_LIMIT);
    n = flush_replies(p, r);
    return n < 0 ? n : (int)d;
}

static int wait_sock(rfc *r, int timeout_ms)
{
#ifdef _WIN32
    DWORD w = WaitForSingleObject(r->sock.ev, timeout_ms < 0 ? INFINITE : (DWORD)timeout_ms);
    return w == WAIT_OBJECT_0 ? 1 : 0;
#else
    return ump__fd_wait(r->sock.s, false, timeout_ms);
#endif
}

static int comport_cmd(ump_port *p, rfc *r, uint8_t cmd, const uint8_t *v, size_t n)
{
    uint8_t out[32];
    size_t len = ump_telnet_comport(cmd, v, n, out, sizeof out);
    return send_whole(p, r, out, len);
}

static int control(ump_port *p, rfc *r, uint8_t value)
{
    return comport_cmd(p, r, UMP_CPO_SET_CONTROL, &value, 1);
}

static bool agreed(ump_port *p, rfc *r)
{
    bool ok;
    tspk_mutex_lock(&r->mu);
    ok = r->tn.comport;
    tspk_mutex_unlock(&r->mu);
    if (!ok) ump__fail(p, UMP_ENOTSUP, "rfc2217: the server withdrew COM-PORT-OPTION");
    return ok;
}

static int rfc_set_coding(ump_port *p, const ump_coding *c)
{
    rfc *r = p->impl;
    /* RFC 2217 SET-PARITY: 1 NONE, 2 ODD, 3 EVEN, 4 MARK, 5 SPACE; SET-STOPSIZE: 1, 2. */
    uint8_t baud[4] = { (uint8_t)(c->baud >> 24), (uint8_t)(c->baud >> 16),
                        (uint8_t)(c->baud >> 8), (uint8_t)c->baud };
    uint8_t size = c->data_bits, parity = (uint8_t)(c->parity + 1), stop = c->stop_bits;
    int rc;
    if (!agreed(p, r)) return UMP_ENOTSUP;
    if ((rc = comport_cmd(p, r, UMP_CPO_SET_BAUDRATE, baud, 4)) ||
        (rc = comport_cmd(p, r, UMP_CPO_SET_DATASIZE, &size, 1)) ||
        (rc = comport_cmd(p, r, UMP_CPO_SET_PARITY, &parity, 1)) ||
        (rc = comport_cmd(p, r, UMP_CPO_SET_STOPSIZE, &stop, 1)))
        return rc;
    switch (c->flow) {
    case UMP_FLOW_RTSCTS: return control(p, r, UMP_CPO_CONTROL_FLOW_HARDWARE);
    case UMP_FLOW_XONXOFF: return control(p, r, UMP_CPO_CONTROL_FLOW_XONXOFF);
    case UMP_FLOW_DTRDSR: return control(p, r, UMP_CPO_CONTROL_FLOW_DSR);
    default: return control(p, r, UMP_CPO_CONTROL_FLOW_NONE);
    }
}

static int rfc_set_lines(ump_port *p, unsigned mask, unsigned values)
{
    rfc *r = p->impl;
    int rc = UMP_OK;
    if (!agreed(p, r)) return UMP_ENOTSUP;
    if (mask & UMP_DTR)
        rc = control(p, r, (values & UMP_DTR) ? UMP_CPO_CONTROL_DTR_ON : UMP_CPO_CONTROL_DTR_OFF);
    if (rc == UMP_OK && (mask & UMP_RTS))
        rc = control(p, r, (values & UMP_RTS) ? UMP_CPO_CONTROL_RTS_ON : UMP_CPO_CONTROL_RTS_OFF);
    return rc;
}

static void release(rfc *r)
{
    ump__sock_close(&r->sock);
    tspk_mutex_destroy(&r->mu);
    tspk_mutex_destroy(&r->wmu);
    free(r);
}

static int rfc_open(ump_port *p)
{
    rfc *r = calloc(1, sizeof *r);
    uint8_t buf[UMP_TELNET_FEED_MAX];
    uint64_t deadline;
    size_t n;
    int rc;

    if (!r) return ump__fail(p, UMP_ENOMEM, "rfc2217: out of memory");
    if (tspk_mutex_init(&r->mu) != 0) {
        free(r);
        return ump__fail(p, UMP_ENOMEM, "rfc2217: out of resources");
    }
    if (tspk_mutex_init(&r->wmu) != 0) {
        tspk_mutex_destroy(&r->mu);
        free(r);
        return ump__fail(p, UMP_ENOMEM, "rfc2217: out of resources");
    }
    ump_telnet_init(&r->tn);
    rc = ump__sock_connect(p, &r->sock, p->url.host, p->url.port, p->url.timeout_ms);
    if (rc) {
        r->sock.s = UMP_BAD_SOCKET;
        tspk_mutex_destroy(&r->mu);
        tspk_mutex_destroy(&r->wmu);
        free(r);
        return rc;
    }
    p->impl = r;
    p->rd_obj = ump__sock_object(&r->sock);

    n = ump_telnet_start(&r->tn, buf, sizeof buf);
    rc = send_whole(p, r, buf, n);
    deadline = ump__deadline(p->url.timeout_ms);
    while (rc == UMP_OK && !r->tn.comport && !r->tn.comport_refused) {
        unsigned ev = 0;
        int left = ump__remaining_ms(p->url.timeout_ms, deadline), got;
        if (left == 0 || wait_sock(r, left) <= 0) {
            rc = ump__fail(p, UMP_ETIMEDOUT, "rfc2217: %s:%u did not answer WILL COM-PORT-OPTION "
                           "within %d ms (not an RFC 2217 server?)", p->url.host,
                           (unsigned)p->url.port, p->url.timeout_ms);
            break;
        }
        got = receive(p, r, buf, sizeof buf, &ev);
        if (got < 0) {
            rc = got;
            break;
        }
        n = (size_t)got;
        if (n > PENDING_MAX - r->pending_len) {
            r->pending_dropped += n - (PENDING_MAX - r->pending_len);
            n = PENDING_MAX - r->pending_len;
        }
        memcpy(r->pending + r->pending_len, buf, n);
        r->pending_len += n;
    }
    if (rc == UMP_OK && r->tn.comport_refused)
        rc = ump__fail(p, UMP_ENOTSUP, "rfc2217: %s:%u refused COM-PORT-OPTION (a plain Telnet "
                       "port? then use tcp://)", p->url.host, (unsigned)p->url.port);
    if (rc == UMP_OK) {
        uint8_t all = 0xff;
        rc = comport_cmd(p, r, UMP_CPO_SET_MODEMSTATE_MASK, &all, 1);
    }
    if (rc == UMP_OK) rc = rfc_set_coding(p, &p->coding);
    /* V.250 6.2.9: the DCE acts on DTR; raise it, and RTS unless flow control owns it. */
    if (rc == UMP_OK)
        rc = rfc_set_lines(p, p->coding.flow == UMP_FLOW_RTSCTS ? UMP_DTR : UMP_DTR | UMP_RTS,
                           UMP_DTR | UMP_RTS);
    if (rc) {
        release(r);
        p->impl = NULL;
        return rc;
    }
    p->out_lines = UMP_DTR | UMP_RTS;
    return UMP_OK;
}

static void rfc_close(ump_port *p)
{
    rfc *r = p->impl;
    if (!r) return;
    /* As a local port's HUPCL does: DTR drops when the port is closed (the modem hangs up,
     * V.250 &D2), whatever the server does when the connection ends. */
    if (r->tn.comport && atomic_load(&p->sticky) == 0) control(p, r, UMP_CPO_CONTROL_DTR_OFF);
    release(r);
    p->impl = NULL;
}

static int rfc_read_some(ump_port *p, void *buf, size_t len, bool *lines_changed)
{
    rfc *r = p->impl;
    unsigned ev = 0;
    int n;
    if (r->pending_off < r->pending_len) {
        size_t k = r->pending_len - r->pending_off;
        if (k > len) k = len;
        memcpy(buf, r->pending + r->pending_off, k);
        r->pending_off += k;
        return (int)k;
    }
    n = receive(p, r, buf, len < UMP_TELNET_FEED_MAX ? len : UMP_TELNET_FEED_MAX, &ev);
    if (ev & UMP_TN_EV_MODEMSTATE) {
        uint8_t ms;
        tspk_mutex_lock(&r->mu);
        ms = r->tn.modemstate & (UMP_CPO_MS_CD | UMP_CPO_MS_RI | UMP_CPO_MS_DSR | UMP_CPO_MS_CTS);
        tspk_mutex_unlock(&r->mu);
        if (ms != r->reported_ms) *lines_changed = true;
        r->reported_ms = ms;
    }
    return n;
}

/* How many input bytes the first `sent` encoded bytes carry; a pair (IAC IAC, CR NUL) cut
 * in two counts as sent and its second byte is owed to the wire before anything else. */
static size_t count_sent(rfc *r, const uint8_t *in, size_t n, bool binary, size_t sent)
{
    size_t i, pos = 0;
    for (i = 0; i < n && pos < sent; i++) {
        bool two = in[i] == UMP_TN_IAC || (in[i] == '\r' && !binary);
        pos += two ? 2 : 1;
        if (pos > sent) {
            r->owed[0] = in[i] == UMP_TN_IAC ? UMP_TN_IAC : 0;
            r->owed_len = 1;
        }
    }
    return i;
}

static int rfc_write(ump_port *p, const void *buf, size_t len, int timeout_ms)
{
    rfc *r = p->impl;
    const uint8_t *in = buf;
    uint64_t deadline = ump__deadline(timeout_ms);
    size_t done = 0;

    while (done < len) {
        uint8_t out[1024];
        size_t used, enc;
        bool binary;
        int left, rc;
        tspk_mutex_lock(&r->mu);
        enc = ump_telnet_encode(&r->tn, in + done, len - done, &used, out, sizeof out);
        binary = r->tn.us[UMP_TN_I_BINARY];
        tspk_mutex_unlock(&r->mu);
        left = ump__remaining_ms(timeout_ms, deadline);
        tspk_mutex_lock(&r->wmu);
        rc = send_locked(p, r, out, enc, left);
        if (rc >= 0 && (size_t)rc < enc) {
            done += count_sent(r, in + done, used, binary, (size_t)rc);
            tspk_mutex_unlock(&r->wmu);
            return done ? (int)done : ump__fail(p, UMP_ETIMEDOUT, "rfc2217: could not send "
                                                "within %d ms", timeout_ms);
        }
        tspk_mutex_unlock(&r->wmu);
        if (rc < 0) return (rc == UMP_ETIMEDOUT && done) ? (int)done : rc;
        done += used;
    }
    return (int)done;
}

static int rfc_get_lines(ump_port *p, unsigned *values, unsigned *known)
{
    rfc *r = p->impl;
    *known = UMP_DTR | UMP_RTS;
    *values = p->out_lines;
    tspk_mutex_lock(&r->mu);
    if (r->tn.modemstate_known) {
        uint8_t ms = r->tn.modemstate;
        *known |= UMP_DCD | UMP_RI | UMP_DSR | UMP_CTS;
        *values |= ((ms & UMP_CPO_MS_CD) ? UMP_DCD : 0) | ((ms & UMP_CPO_MS_RI) ? UMP_RI : 0) |
                   ((ms & UMP_CPO_MS_DSR) ? UMP_DSR : 0) | ((ms & UMP_CPO_MS_CTS) ? UMP_CTS : 0);
    }
    tspk_mutex_unlock(&r->mu);
    return UMP_OK;
}

const ump_backend ump__rfc2217_backend = {
    "rfc2217", rfc_open, rfc_close, rfc_read_some, rfc_write, rfc_set_coding, rfc_set_lines,
    rfc_get_lines,
};
