/*
 * tests/unit/test_unimodem_port_rfc2217.c - the rfc2217:// backend.
 *
 *  1. Against a server played by the test on the loopback, byte by byte: the Telnet
 *     negotiation and every RFC 2217 command the client sends (exact bytes, IAC escaped
 *     inside subnegotiations too), IAC escaping of data both ways, NOTIFY-MODEMSTATE, a
 *     server that refuses BINARY (CR NUL), refuses COM-PORT-OPTION, says nothing, sends
 *     garbage, or a subnegotiation that never ends (bounded: a protocol error).
 *  2. Against a real ser2net (Debian's) serving a pseudo-terminal: the baud rate and stop bits
 *     the client asks for show up on the pty's termios, data flows both ways (0xFF too), and
 *     ser2net going away ends the session ("vanished"; it keeps the session when only its
 *     pty goes away).
 *  3. Against ser2net serving an emulated USB-serial port (tests/ports/mocktty.h, umockdev):
 *     SET-CONTROL DTR/RTS reach the port's modem-control lines (a hang-up's DTR drop
 *     included), and DCD raised on the port comes back as NOTIFY-MODEMSTATE.
 *
 * The program re-executes itself under libumockdev-preload (for part 3; ser2net runs under
 * the same testbed).
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/thread.h>

#include "port/port.h"
#include "../ports/mocktty.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define IAC 0xff
#define SB 0xfa
#define SE 0xf0
#define WILL 0xfb
#define WONT 0xfc
#define DO 0xfd
#define DONT 0xfe
#define CPO 0x2c

static UMockdevTestbed *bed;
static ump_port *port;
static int conn = -1;
static char msg[256];

/* ---- the server the test plays -------------------------------------------------------- */

typedef struct opener {
    tspk_thread t;
    char url[160];
    ump_port *p;
    int rc;
    char msg[256];
} opener;

static void do_open(void *arg)
{
    opener *o = arg;
    o->rc = ump_open(&o->p, o->url, o->msg, sizeof o->msg);
}

static void dump(const char *what, const unsigned char *b, size_t n)
{
    size_t i;
    fprintf(stderr, "%s (%zu):", what, n);
    for (i = 0; i < n; i++) fprintf(stderr, " %02x", b[i]);
    fprintf(stderr, "\n");
}

/* The client must send exactly these bytes next. */
static void expect(const void *want, size_t n)
{
    unsigned char got[4096];
    size_t k;
    assert_true(n <= sizeof got);
    k = pt_read_exact(conn, got, n);
    if (k != n || memcmp(got, want, n) != 0) {
        dump("expected", want, n);
        dump("received", got, k);
    }
    assert_int_equal(k, n);
    assert_memory_equal(got, want, n);
}

static void send_bytes(const void *b, size_t n) { pt_write_all(conn, b, n); }

static const unsigned char offers[] = {
    IAC, WILL, 0, IAC, DO, 0, IAC, WILL, 3, IAC, DO, 3, IAC, WILL, CPO,
};
static const unsigned char agree_all[] = {
    IAC, DO, 0, IAC, WILL, 0, IAC, DO, 3, IAC, WILL, 3, IAC, DO, CPO,
};
/* What the client sends once COM-PORT-OPTION is agreed, for 115200 8N1 no flow control:
 * SET-MODEMSTATE-MASK 255 (IAC doubled), SET-BAUDRATE, -DATASIZE, -PARITY, -STOPSIZE,
 * SET-CONTROL no flow control, DTR on, RTS on. */
static const unsigned char setup_cmds[] = {
    IAC, SB, CPO, 11, 0xff, 0xff, IAC, SE,
    IAC, SB, CPO, 1, 0x00, 0x01, 0xc2, 0x00, IAC, SE,
    IAC, SB, CPO, 2, 8, IAC, SE,
    IAC, SB, CPO, 3, 1, IAC, SE,
    IAC, SB, CPO, 4, 1, IAC, SE,
    IAC, SB, CPO, 5, 1, IAC, SE,
    IAC, SB, CPO, 5, 8, IAC, SE,
    IAC, SB, CPO, 5, 11, IAC, SE,
};

/* Starts ump_open on a thread against a fresh listener; returns it with the connection
 * accepted into conn. */
static void begin_open(opener *o, const char *query)
{
    uint16_t pnum;
    int l = pt_listen(&pnum);
    assert_true(l >= 0);
    memset(o, 0, sizeof *o);
    o->rc = 12345;
    snprintf(o->url, sizeof o->url, "rfc2217://127.0.0.1:%u%s", pnum, query);
    assert_int_equal(tspk_thread_create(&o->t, do_open, o), 0);
    conn = pt_accept(l);
    close(l);
    assert_true(conn >= 0);
    expect(offers, sizeof offers);
}

static void end_open(opener *o, int want)
{
    assert_int_equal(tspk_thread_join(&o->t), 0);
    if (o->rc != want) fprintf(stderr, "ump_open: %d %s\n", o->rc, o->msg);
    assert_int_equal(o->rc, want);
    port = o->p;
}

/* A full, agreeable session. */
static void session(void)
{
    opener o;
    begin_open(&o, "");
    send_bytes(agree_all, sizeof agree_all);
    expect(setup_cmds, sizeof setup_cmds);
    end_open(&o, UMP_OK);
}

static int teardown(void **state)
{
    (void)state;
    ump_close(port);
    port = NULL;
    if (conn >= 0) close(conn);
    conn = -1;
    return 0;
}

static void read_all(void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        int r = ump_read(port, (char *)buf + got, n - got, PT_WAIT_MS);
        if (r <= 0) fprintf(stderr, "ump_read: %d after %zu of %zu bytes\n", r, got, n);
        assert_true(r > 0);
        got += (size_t)r;
    }
}

static void test_commands(void **state)
{
    static const unsigned char dtr_off[] = { IAC, SB, CPO, 5, 9, IAC, SE };
    static const unsigned char hangup[] = { IAC, SB, CPO, 5, 9, IAC, SE, IAC, SB, CPO, 5, 8, IAC, SE };
    static const unsigned char coding[] = {
        IAC, SB, CPO, 1, 0x00, 0x00, 0xe1, 0x00, IAC, SE,   /* 57600 */
        IAC, SB, CPO, 2, 7, IAC, SE,
        IAC, SB, CPO, 3, 3, IAC, SE,                         /* even */
        IAC, SB, CPO, 4, 2, IAC, SE,
        IAC, SB, CPO, 5, 3, IAC, SE,                         /* hardware flow control */
    };
    static const unsigned char baud_ff[] = {
        IAC, SB, CPO, 1, 0x00, 0x00, 0xff, 0xff, 0x00, IAC, SE,   /* 65280: 0xFF doubled */
        IAC, SB, CPO, 2, 7, IAC, SE,
        IAC, SB, CPO, 3, 3, IAC, SE,
        IAC, SB, CPO, 4, 2, IAC, SE,
        IAC, SB, CPO, 5, 2, IAC, SE,                         /* XON/XOFF */
    };
    ump_coding c = { 57600, 7, 2, UMP_PARITY_EVEN, UMP_FLOW_RTSCTS };
    unsigned v, k;
    (void)state;
    session();
    assert_int_equal(ump_set_lines(port, UMP_DTR, 0), UMP_OK);
    expect(dtr_off, sizeof dtr_off);
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    assert_int_equal(k, UMP_DTR | UMP_RTS);            /* no NOTIFY-MODEMSTATE yet */
    assert_int_equal(v, UMP_RTS);
    assert_int_equal(ump_hangup(port, 1), UMP_OK);
    expect(hangup, sizeof hangup);
    assert_int_equal(ump_set_coding(port, &c), UMP_OK);
    expect(coding, sizeof coding);
    c.baud = 65280;
    c.flow = UMP_FLOW_XONXOFF;
    assert_int_equal(ump_set_coding(port, &c), UMP_OK);
    expect(baud_ff, sizeof baud_ff);
    /* Closing drops DTR, as closing a local port does. */
    ump_close(port);
    port = NULL;
    expect(dtr_off, sizeof dtr_off);
}

static void test_data_escaping(void **state)
{
    static const unsigned char data[] = { 0xff, 'A', '\r', 0x00, 0xff };
    static const unsigned char wire[] = { 0xff, 0xff, 'A', '\r', 0x00, 0xff, 0xff };
    static const unsigned char from_server[] = {
        'x', IAC, IAC, 'y', IAC, 0xf1 /* NOP */, 'z',
        IAC, WILL, 1 /* ECHO: refused */, IAC, DO, 0x18 /* TERMINAL-TYPE: refused */,
        IAC, SB, CPO, 106, 0x10, IAC, SE /* NOTIFY-LINESTATE */, 'w',
    };
    static const unsigned char refusals[] = { IAC, DONT, 1, IAC, WONT, 0x18 };
    unsigned char got[5];
    (void)state;
    session();
    assert_int_equal(ump_write(port, data, sizeof data, 1000), (int)sizeof data);
    expect(wire, sizeof wire);
    send_bytes(from_server, sizeof from_server);
    read_all(got, 5);
    assert_memory_equal(got, "x\xffyzw", 5);
    expect(refusals, sizeof refusals);
}

typedef struct bytes {
    const unsigned char *b;
    size_t n;
} bytes;

static void send_them(void *arg) { send_bytes(((bytes *)arg)->b, ((bytes *)arg)->n); }

/* A reader blocked with no timeout returns 0 once the lines changed. */
static void expect_lines_wakeup(const unsigned char *notice, size_t n)
{
    bytes b = { notice, n };
    assert_int_equal(pt_read_during(port, send_them, &b), 0);
}

static void test_modemstate(void **state)
{
    static const unsigned char cd_dsr_cts[] = { IAC, SB, CPO, 107, 0xb0, IAC, SE };
    static const unsigned char ring[] = { IAC, SB, CPO, 107, 0x44, IAC, SE };
    unsigned v, k;
    (void)state;
    session();
    expect_lines_wakeup(cd_dsr_cts, sizeof cd_dsr_cts);
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    printf("after NOTIFY-MODEMSTATE b0: values %#x known %#x\n", v, k);
    assert_int_equal(k, UMP_DTR | UMP_RTS | UMP_DCD | UMP_RI | UMP_DSR | UMP_CTS);
    assert_int_equal(v, UMP_DTR | UMP_RTS | UMP_DCD | UMP_DSR | UMP_CTS);
    expect_lines_wakeup(ring, sizeof ring);
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    assert_int_equal(v, UMP_DTR | UMP_RTS | UMP_RI);
}

static void test_endless_subnegotiation(void **state)
{
    unsigned char junk[5000], b[8];
    int rc;
    (void)state;
    session();
    memset(junk, 'A', sizeof junk);
    junk[0] = IAC, junk[1] = SB, junk[2] = CPO, junk[3] = 107;
    send_bytes(junk, sizeof junk);
    /* One read: the control traffic never returns 0 early, only data or the error would. */
    rc = ump_read(port, b, sizeof b, PT_WAIT_MS);
    ump_error_text(port, msg, sizeof msg);
    printf("5000-byte subnegotiation: %d: %s\n", rc, msg);
    assert_int_equal(rc, UMP_EPROTO);
    assert_string_equal(msg, "rfc2217: the server sent a subnegotiation longer than 1024 bytes");
    assert_int_equal(ump_read(port, b, sizeof b, 0), UMP_EPROTO);
    assert_int_equal(ump_write(port, "AT\r", 3, 100), UMP_EPROTO);
}

static void test_garbage(void **state)
{
    static const unsigned char garbage[] = {
        IAC, SE,                               /* SE outside a subnegotiation */
        IAC, 0x10,                             /* no such command */
        IAC, SB, CPO, 107, IAC, WILL, 0x05,    /* unescaped IAC inside SB: ends it; WILL 5 */
        IAC, SB, 0x18, 1, IAC, SE,             /* SB for an option never agreed */
        IAC, SB, IAC, SE,                      /* empty SB */
        IAC, SB, CPO, 101, 1, 2, IAC, SE,      /* SET-BAUDRATE answer with 2 bytes */
        IAC, SB, CPO, 200, 1, IAC, SE,         /* unknown command */
        IAC, SB, CPO, 7, 0x80, IAC, SE,        /* a client command sent by the server */
        IAC, WONT, 0x05, IAC, DONT, 0x05,      /* off already: no answer */
    };
    unsigned char flood[3 * 200], got[4];
    unsigned char want[3 * 201];
    size_t i;
    unsigned v, k;
    (void)state;
    session();
    send_bytes(garbage, sizeof garbage);
    for (i = 0; i < 200; i++) flood[3 * i] = IAC, flood[3 * i + 1] = DO, flood[3 * i + 2] = 0x18;
    send_bytes(flood, sizeof flood);
    send_bytes("OK\r\n", 4);
    read_all(got, 4);
    assert_memory_equal(got, "OK\r\n", 4);
    /* WILL 5 refused once; each DO 0x18 refused (a refusal per request, no more). */
    want[0] = IAC, want[1] = DONT, want[2] = 0x05;
    for (i = 1; i <= 200; i++) want[3 * i] = IAC, want[3 * i + 1] = WONT, want[3 * i + 2] = 0x18;
    expect(want, sizeof want);
    assert_true(pt_quiet(conn, 50));
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    assert_int_equal(k, UMP_DTR | UMP_RTS);            /* the bogus modem states were ignored */
}

static void test_refused(void **state)
{
    static const unsigned char no[] = { IAC, DONT, CPO };
    opener o;
    (void)state;
    begin_open(&o, "");
    send_bytes(no, sizeof no);
    end_open(&o, UMP_ENOTSUP);
    printf("refused: %s\n", o.msg);
    assert_non_null(strstr(o.msg, "refused COM-PORT-OPTION"));
}

static void test_silent_and_raw_servers(void **state)
{
    opener o;
    (void)state;
    begin_open(&o, "?timeout=200");
    end_open(&o, UMP_ETIMEDOUT);
    printf("silent: %s\n", o.msg);
    assert_non_null(strstr(o.msg, "did not answer WILL COM-PORT-OPTION within 200 ms"));
    close(conn);
    begin_open(&o, "?timeout=200");
    send_bytes("login: ", 7);                    /* a raw port or a shell, not RFC 2217 */
    end_open(&o, UMP_ETIMEDOUT);
    close(conn);
    conn = -1;
}

static void test_not_binary(void **state)
{
    static const unsigned char refuse_binary[] = {
        IAC, DONT, 0, IAC, WONT, 0, IAC, DO, 3, IAC, WILL, 3, 'H', 'I', IAC, DO, CPO,
    };
    unsigned char got[5];
    opener o;
    (void)state;
    begin_open(&o, "");
    send_bytes(refuse_binary, sizeof refuse_binary);
    expect(setup_cmds, sizeof setup_cmds);
    end_open(&o, UMP_OK);
    /* Data that came during the handshake is kept. */
    read_all(got, 2);
    assert_memory_equal(got, "HI", 2);
    /* NVT (RFC 854): a bare CR goes out as CR NUL; CR NUL comes in as CR. */
    assert_int_equal(ump_write(port, "AT\r", 3, 1000), 3);
    expect("AT\r\0", 4);
    send_bytes("OK\r\0\r\n", 6);
    read_all(got, 5);
    assert_memory_equal(got, "OK\r\r\n", 5);
}

static void test_server_closes(void **state)
{
    char b[4];
    int rc;
    (void)state;
    session();
    close(conn);
    conn = -1;
    rc = ump_read(port, b, sizeof b, PT_WAIT_MS);
    assert_int_equal(rc, UMP_EVANISHED);
}

/* ---- the relay: ump_native_handle of a port whose bytes are Telnet (relay.c) ---------------- */

static void test_relay(void **state)
{
    static const unsigned char from_server[] = {
        'a', IAC, IAC, 'b', IAC, SB, CPO, 107, 0x80, IAC, SE /* NOTIFY-MODEMSTATE: DCD */, 'c',
    };
    static const unsigned char app_data[] = { 0xff, 'Z', '\r', 0x00 };
    static const unsigned char app_wire[] = { 0xff, 0xff, 'Z', '\r', 0x00 };
    static const unsigned char ring[] = { IAC, SB, CPO, 107, 0x40, IAC, SE };
    static const unsigned char hangup[] = { IAC, SB, CPO, 5, 9, IAC, SE, IAC, SB, CPO, 5, 8, IAC, SE };
    unsigned char got[8];
    unsigned v, k;
    int h, copy;
    (void)state;
    session();
    h = ump_native_handle(port);
    printf("relay end: fd %d\n", h);
    assert_true(h >= 0);
    assert_int_equal(ump_native_handle(port), h);     /* one relay per hand-off */
    copy = dup(h);                                    /* what lineGetID gives away */

    /* Port to application: Telnet decoded; the line change reaches the owner. */
    send_bytes(from_server, sizeof from_server);
    assert_int_equal(pt_read_exact(copy, got, 4), 4);
    assert_memory_equal(got, "a\xff" "bc", 4);
    assert_int_equal(ump_read(port, got, sizeof got, 0), 0);
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    printf("lines seen while relaying: %#x of %#x\n", v, k);
    assert_int_equal(v & UMP_DCD, UMP_DCD);
    expect_lines_wakeup(ring, sizeof ring);          /* a blocked owner's read ends with 0 */
    /* The owner's read leaves the data to the application. */
    send_bytes("xyz", 3);
    assert_int_equal(ump_read(port, got, sizeof got, 300), 0);
    assert_int_equal(pt_read_exact(copy, got, 3), 3);
    assert_memory_equal(got, "xyz", 3);

    /* Application to port: IAC doubled (BINARY agreed: CR NUL passes as it is). */
    pt_write_all(copy, app_data, sizeof app_data);
    expect(app_wire, sizeof app_wire);

    /* The hang-up takes the port back: the application's copy ends, the owner reads. */
    assert_int_equal(ump_hangup(port, 1), UMP_OK);
    expect(hangup, sizeof hangup);
    assert_true(pt_reads_eof(copy));
    close(copy);
    send_bytes("OK", 2);
    read_all(got, 2);
    assert_memory_equal(got, "OK", 2);

    /* A new hand-off, then the server goes away: EOF for the application, the sticky
     * error for the owner, and no handle any more. */
    h = ump_native_handle(port);
    assert_true(h >= 0);
    copy = dup(h);
    close(conn);
    conn = -1;
    assert_true(pt_reads_eof(copy));
    close(copy);
    assert_int_equal(ump_read(port, got, sizeof got, PT_WAIT_MS), UMP_EVANISHED);
    assert_int_equal(ump_native_handle(port), -1);
    printf("server gone while relaying: EOF on the handle, UMP_EVANISHED for the owner\n");
}

typedef struct pump {
    tspk_thread t;
    int fd;
    const unsigned char *b;
    size_t n;
} pump;

static void pump_run(void *arg)
{
    pump *pu = arg;
    pt_write_all(pu->fd, pu->b, pu->n);
}

/* Every byte value, much more than the relay's buffers hold, both ways at once. */
static void test_relay_bulk(void **state)
{
    enum { N = 100000 };
    static unsigned char data[N], wire[2 * N], got[2 * N], back[N];
    static const unsigned char dtr_off[] = { IAC, SB, CPO, 5, 9, IAC, SE };
    size_t i, w = 0;
    pump pu;
    int copy;
    (void)state;
    for (i = 0; i < N; i++) {
        data[i] = (unsigned char)(i * 13 + i / 251);
        wire[w++] = data[i];
        if (data[i] == IAC) wire[w++] = IAC;
    }
    session();
    copy = dup(ump_native_handle(port));
    assert_true(copy >= 0);
    pu = (pump){ .fd = conn, .b = wire, .n = w };
    assert_int_equal(tspk_thread_create(&pu.t, pump_run, &pu), 0);
    {
        pump pa = { .fd = copy, .b = data, .n = N };
        assert_int_equal(tspk_thread_create(&pa.t, pump_run, &pa), 0);
        assert_int_equal(pt_read_exact(conn, got, w), w);
        tspk_thread_join(&pa.t);
    }
    assert_memory_equal(got, wire, w);
    assert_int_equal(pt_read_exact(copy, back, N), N);
    tspk_thread_join(&pu.t);
    assert_memory_equal(back, data, N);
    printf("%d bytes each way through the relay (%zu on the wire)\n", N, w);
    /* Closing the port while relaying: DTR drops, the application reads EOF. */
    ump_close(port);
    port = NULL;
    expect(dtr_off, sizeof dtr_off);
    assert_true(pt_reads_eof(copy));
    close(copy);
}

/* ---- a real ser2net ------------------------------------------------------------------------ */

typedef struct want_termios {
    int fd;
    speed_t speed;
    bool cstopb;
} want_termios;

static bool termios_is(void *arg)
{
    want_termios *w = arg;
    struct termios t;
    return tcgetattr(w->fd, &t) == 0 && cfgetospeed(&t) == w->speed &&
           !!(t.c_cflag & CSTOPB) == w->cstopb;
}

static void test_ser2net_pty(void **state)
{
    pt_pty pty;
    pt_ser2net s2n;
    char url[96];
    unsigned char all[256], got[256];
    want_termios w;
    ump_coding c = { 19200, 8, 1, UMP_PARITY_NONE, UMP_FLOW_NONE };
    size_t i;
    (void)state;
    assert_int_equal(pt_pty_open(&pty), 0);
    if (pt_ser2net_start(&s2n, pty.name, false) != 0) fail_msg("ser2net did not start (see its log)");
    snprintf(url, sizeof url, "rfc2217://127.0.0.1:%u?baud=57600&stop=2", s2n.port);
    if (ump_open(&port, url, msg, sizeof msg) != UMP_OK) fail_msg("%s: %s", url, msg);

    /* SET-BAUDRATE / SET-STOPSIZE reached the pty (through ser2net's termios calls). */
    w = (want_termios){ pty.master, B57600, true };
    assert_true(pt_wait_for(termios_is, &w));
    assert_int_equal(ump_set_coding(port, &c), UMP_OK);
    w = (want_termios){ pty.master, B19200, false };
    assert_true(pt_wait_for(termios_is, &w));
    printf("ser2net set the pty to 57600 2 stop bits, then 19200 1 stop bit\n");

    for (i = 0; i < 256; i++) all[i] = (unsigned char)i;
    assert_int_equal(ump_write(port, all, sizeof all, 1000), 256);
    assert_int_equal(pt_read_exact(pty.master, got, 256), 256);
    assert_memory_equal(got, all, 256);
    pt_write_all(pty.master, all, sizeof all);
    read_all(got, 256);
    assert_memory_equal(got, all, 256);
    printf("256 byte values each way through ser2net\n");

    /* ser2net keeps the session when its pty goes away (it reports nothing); the server
     * going away is what a client sees: the connection closes. */
    pt_ser2net_stop(&s2n);
    {
        int rc;
        char b[8];
        do rc = ump_read(port, b, sizeof b, PT_WAIT_MS);
        while (rc > 0);
        ump_error_text(port, msg, sizeof msg);
        printf("ser2net stopped: %d: %s\n", rc, msg);
        assert_int_equal(rc, UMP_EVANISHED);
    }
    close(pty.master);
}

typedef struct want_lines {
    ump_port *p;
    unsigned mask, values;
} want_lines;

static bool lines_are(void *arg)
{
    want_lines *w = arg;
    unsigned v = 0, k = 0;
    char b[8];
    ump_read(w->p, b, sizeof b, 0);   /* let the notifications in */
    return ump_get_lines(w->p, &v, &k) == UMP_OK && (k & w->mask) == w->mask &&
           (v & w->mask) == w->values;
}

typedef struct want_dev {
    mt_tty *t;
    int mask, values;
} want_dev;

static bool device_lines_are(void *arg)
{
    want_dev *w = arg;
    return (mt_tty_lines(w->t) & w->mask) == w->values;
}

static void test_ser2net_lines(void **state)
{
    static int n = 40;
    mt_tty tty;
    pt_ser2net s2n;
    char url[96], trail[MT_TRAIL_MAX];
    want_dev wd;
    want_lines wl;
    size_t before;
    (void)state;
    assert_int_equal(mt_tty_add(bed, &tty, n++), 0);
    if (pt_ser2net_start(&s2n, tty.dev, true) != 0) fail_msg("ser2net did not start (see its log)");
    snprintf(url, sizeof url, "rfc2217://127.0.0.1:%u", s2n.port);
    assert_int_equal(ump_open(&port, url, msg, sizeof msg), UMP_OK);

    wd = (want_dev){ &tty, TIOCM_DTR | TIOCM_RTS, TIOCM_DTR | TIOCM_RTS };
    assert_true(pt_wait_for(device_lines_are, &wd));
    assert_int_equal(ump_set_lines(port, UMP_RTS, 0), UMP_OK);
    wd = (want_dev){ &tty, TIOCM_DTR | TIOCM_RTS, TIOCM_DTR };
    assert_true(pt_wait_for(device_lines_are, &wd));
    mt_tty_trail(&tty, trail, sizeof trail);
    before = strlen(trail);
    assert_int_equal(ump_hangup(port, 50), UMP_OK);
    wd = (want_dev){ &tty, TIOCM_DTR, TIOCM_DTR };
    assert_true(pt_wait_for(device_lines_are, &wd));
    mt_tty_trail(&tty, trail, sizeof trail);
    printf("DTR on the port, as ser2net set it: %s\n", trail);
    assert_string_equal(trail + before, "01");

    /* The modem raises DCD: ser2net notices and sends NOTIFY-MODEMSTATE. */
    mt_tty_set_inputs(&tty, TIOCM_CAR | TIOCM_DSR | TIOCM_CTS);
    wl = (want_lines){ port, UMP_DCD | UMP_DSR | UMP_CTS, UMP_DCD | UMP_DSR | UMP_CTS };
    assert_true(pt_wait_for(lines_are, &wl));
    mt_tty_set_inputs(&tty, TIOCM_DSR | TIOCM_CTS);
    wl.values = UMP_DSR | UMP_CTS;
    assert_true(pt_wait_for(lines_are, &wl));
    printf("DCD up and down came back through ser2net\n");

    ump_close(port);
    port = NULL;
    wd = (want_dev){ &tty, TIOCM_DTR, 0 };
    assert_true(pt_wait_for(device_lines_are, &wd));
    pt_ser2net_stop(&s2n);
    mt_tty_remove(bed, &tty);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_commands, teardown),
        cmocka_unit_test_teardown(test_data_escaping, teardown),
        cmocka_unit_test_teardown(test_modemstate, teardown),
        cmocka_unit_test_teardown(test_endless_subnegotiation, teardown),
        cmocka_unit_test_teardown(test_garbage, teardown),
        cmocka_unit_test_teardown(test_refused, teardown),
        cmocka_unit_test_teardown(test_silent_and_raw_servers, teardown),
        cmocka_unit_test_teardown(test_not_binary, teardown),
        cmocka_unit_test_teardown(test_server_closes, teardown),
        cmocka_unit_test_teardown(test_relay, teardown),
        cmocka_unit_test_teardown(test_relay_bulk, teardown),
        cmocka_unit_test_teardown(test_ser2net_pty, teardown),
        cmocka_unit_test_teardown(test_ser2net_lines, teardown),
    };
    int rc;
    (void)argc;
    signal(SIGPIPE, SIG_IGN);
    if (!pt_run_under_umockdev(argv)) return 1;
    bed = umockdev_testbed_new();
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    g_object_unref(bed);
    return rc;
}
