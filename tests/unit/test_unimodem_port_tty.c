/*
 * tests/unit/test_unimodem_port_tty.c - the tty: backend against real pseudo-terminals: the
 * test holds the master side, the port opens the slave. Line coding is checked by reading the
 * slave's termios through the master (Linux applies termios requests on a pty master to its
 * slave). Also: data both ways (all 256 byte values, raw), read timeouts, ump_wake, the wait
 * object, a pty's missing modem lines, and the device vanishing (master closed mid-read).
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/thread.h>

#include "port/port.h"
#include "../ports/porttest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static pt_pty pty;
static ump_port *port;
static char url[128], msg[256];

static int setup(void **state)
{
    int rc;
    (void)state;
    if (pt_pty_open(&pty) != 0) return -1;
    snprintf(url, sizeof url, "tty:%s?baud=9600&data=7&parity=even&stop=2", pty.name);
    rc = ump_open(&port, url, msg, sizeof msg);
    if (rc != UMP_OK) fprintf(stderr, "ump_open(%s): %d %s\n", url, rc, msg);
    return rc == UMP_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ump_close(port);
    port = NULL;
    if (pty.master >= 0) close(pty.master);
    pty.master = -1;
    return 0;
}

static void test_coding_reaches_termios(void **state)
{
    struct termios t;
    ump_coding c;
    (void)state;

    assert_int_equal(tcgetattr(pty.master, &t), 0);
    printf("after open: ospeed %d, cflag %#o, lflag %#o\n", (int)cfgetospeed(&t),
           (unsigned)t.c_cflag, (unsigned)t.c_lflag);
    /* Linux ptys force CS8 and no parity (pty_set_termios), so of the coding only the speed
     * and the stop bits can be seen here; serial: tests see the rest. */
    assert_int_equal(cfgetospeed(&t), B9600);
    assert_true(t.c_cflag & CSTOPB);
    assert_false(t.c_lflag & (ICANON | ECHO | ISIG));   /* raw */
    assert_false(t.c_oflag & OPOST);
    assert_false(t.c_iflag & (ICRNL | IXON));

    c = (ump_coding){ 115200, 8, 1, UMP_PARITY_NONE, UMP_FLOW_RTSCTS };
    assert_int_equal(ump_set_coding(port, &c), UMP_OK);
    assert_int_equal(tcgetattr(pty.master, &t), 0);
    assert_int_equal(cfgetospeed(&t), B115200);
    assert_false(t.c_cflag & CSTOPB);
    assert_true(t.c_cflag & CRTSCTS);

    c.flow = UMP_FLOW_XONXOFF;
    assert_int_equal(ump_set_coding(port, &c), UMP_OK);
    assert_int_equal(tcgetattr(pty.master, &t), 0);
    assert_true((t.c_iflag & (IXON | IXOFF)) == (IXON | IXOFF));
    assert_false(t.c_cflag & CRTSCTS);

    /* termios has no 12345 baud and no DTR/DSR flow control: refused, nothing changes. */
    c = (ump_coding){ 12345, 8, 1, UMP_PARITY_NONE, UMP_FLOW_NONE };
    assert_int_equal(ump_set_coding(port, &c), UMP_ENOTSUP);
    ump_error_text(port, msg, sizeof msg);
    printf("12345 baud -> %s\n", msg);
    assert_string_equal(msg, "tty: 12345 baud is not a termios rate (use serial:)");
    c = (ump_coding){ 9600, 8, 1, UMP_PARITY_NONE, UMP_FLOW_DTRDSR };
    assert_int_equal(ump_set_coding(port, &c), UMP_ENOTSUP);
    assert_int_equal(ump_get_coding(port, &c), UMP_OK);
    assert_int_equal(c.baud, 115200);
    assert_int_equal(c.flow, UMP_FLOW_XONXOFF);
    c.data_bits = 9;
    assert_int_equal(ump_set_coding(port, &c), UMP_EINVAL);
    assert_int_equal(tcgetattr(pty.master, &t), 0);
    assert_int_equal(cfgetospeed(&t), B115200);
}

static void test_data_both_ways(void **state)
{
    unsigned char all[256], got[256];
    size_t i, n = 0;
    ump_coding c = { 115200, 8, 1, UMP_PARITY_NONE, UMP_FLOW_NONE };
    (void)state;

    assert_int_equal(ump_set_coding(port, &c), UMP_OK);
    for (i = 0; i < 256; i++) all[i] = (unsigned char)i;

    assert_int_equal(ump_write(port, "ATZ\r", 4, 1000), 4);
    assert_int_equal(pt_read_exact(pty.master, got, 4), 4);
    assert_memory_equal(got, "ATZ\r", 4);

    /* Every byte value, untranslated: CR stays CR, ^C is no signal, XON/XOFF are data. */
    assert_int_equal(ump_write(port, all, sizeof all, 1000), 256);
    assert_int_equal(pt_read_exact(pty.master, got, 256), 256);
    assert_memory_equal(got, all, 256);

    pt_write_all(pty.master, all, sizeof all);
    while (n < sizeof got) {
        int r = ump_read(port, got + n, sizeof got - n, PT_WAIT_MS);
        assert_true(r > 0);
        n += (size_t)r;
    }
    printf("read back %zu bytes from the master\n", n);
    assert_memory_equal(got, all, 256);
}

static void test_timeouts(void **state)
{
    char b[8];
    (void)state;
    assert_int_equal(ump_read(port, b, sizeof b, 0), 0);      /* nothing: no wait */
    assert_int_equal(ump_read(port, b, sizeof b, 30), 0);     /* nothing within 30 ms */
    assert_int_equal(ump_read(port, b, 0, -1), 0);            /* an empty read returns */
    assert_int_equal(ump_read(port, NULL, 1, 0), UMP_EINVAL);
    assert_int_equal(ump_read(port, b, 1, -2), UMP_EINVAL);
}

static void wake(void *arg) { ump_wake(arg); }
static void close_master(void *arg)
{
    (void)arg;
    close(pty.master);
    pty.master = -1;
}

static void test_wake(void **state)
{
    char b[4];
    int rc;
    (void)state;
    rc = pt_read_during(port, wake, port);
    printf("blocked reader woken: %d (%s)\n", rc, ump_strerror(rc));
    assert_int_equal(rc, UMP_EINTR);
    /* A wake is consumed once; a wake with no reader ends the next read. */
    assert_int_equal(ump_read(port, b, sizeof b, 0), 0);
    ump_wake(port);
    ump_wake(port);
    assert_int_equal(ump_read(port, b, sizeof b, -1), UMP_EINTR);
    assert_int_equal(ump_read(port, b, sizeof b, 0), 0);
    /* A wake comes before data already waiting, so a reader told to stop stops even while
     * the modem keeps talking; the data is still there afterwards. */
    pt_write_all(pty.master, "RING", 4);
    ump_wake(port);
    assert_int_equal(ump_read(port, b, sizeof b, PT_WAIT_MS), UMP_EINTR);
    assert_int_equal(ump_read(port, b, sizeof b, PT_WAIT_MS), 4);
    assert_memory_equal(b, "RING", 4);
}

static void test_wait_object(void **state)
{
    struct pollfd pfd = { ump_wait_object(port), POLLIN, 0 };
    char b[8];
    (void)state;
    assert_true(pfd.fd >= 0);
    assert_int_equal(poll(&pfd, 1, 0), 0);
    pt_write_all(pty.master, "RING\r\n", 6);
    assert_int_equal(poll(&pfd, 1, PT_WAIT_MS), 1);
    assert_int_equal(ump_read(port, b, sizeof b, 0), 6);
    assert_memory_equal(b, "RING\r\n", 6);
}

static void test_pty_has_no_lines(void **state)
{
    unsigned v = 99, k = 99;
    (void)state;
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    printf("pty lines: values %#x known %#x\n", v, k);
    assert_int_equal(k, 0);
    assert_int_equal(v, 0);
    assert_int_equal(ump_set_lines(port, UMP_DTR, 0), UMP_ENOTSUP);
    ump_error_text(port, msg, sizeof msg);
    assert_non_null(strstr(msg, "has no modem-control lines"));
    assert_int_equal(ump_hangup(port, 1), UMP_ENOTSUP);
    assert_int_equal(ump_set_lines(port, UMP_DCD, UMP_DCD), UMP_EINVAL);
}

static void test_vanish_mid_read(void **state)
{
    char b[4];
    int rc;
    (void)state;
    /* Whether or not the reader is already waiting, it must see the hang-up. */
    rc = pt_read_during(port, close_master, NULL);
    ump_error_text(port, msg, sizeof msg);
    printf("master closed mid-read: %d (%s): %s\n", rc, ump_strerror(rc), msg);
    assert_int_equal(rc, UMP_EVANISHED);
    /* Sticky: everything after says vanished. */
    assert_int_equal(ump_read(port, b, sizeof b, 0), UMP_EVANISHED);
    assert_int_equal(ump_write(port, "AT\r", 3, 100), UMP_EVANISHED);
    assert_int_equal(ump_set_lines(port, UMP_DTR, UMP_DTR), UMP_EVANISHED);
}

static void test_vanish_on_write(void **state)
{
    int rc;
    (void)state;
    close(pty.master);
    pty.master = -1;
    rc = ump_write(port, "ATH\r", 4, 100);
    ump_error_text(port, msg, sizeof msg);
    printf("write after the master closed: %d: %s\n", rc, msg);
    assert_int_equal(rc, UMP_EVANISHED);
}

static void test_open_errors(void **state)
{
    ump_port *p = (ump_port *)&p;
    (void)state;
    assert_int_equal(ump_open(&p, "tty:/dev/no-such-tty", msg, sizeof msg), UMP_ENOENT);
    assert_null(p);
    assert_string_equal(msg, "tty: open /dev/no-such-tty: No such file or directory");
    assert_int_equal(ump_open(&p, "tty:/dev/null", msg, sizeof msg), UMP_EINVAL);
    assert_string_equal(msg, "tty: /dev/null is not a terminal");
    assert_int_equal(ump_open(&p, "tty:/dev/null?baud=x", msg, sizeof msg), UMP_EINVAL);
    assert_string_equal(msg, "bad baud 'x' (1..4000000)");
    assert_int_equal(ump_open(&p, NULL, msg, sizeof msg), UMP_EINVAL);
    assert_int_equal(ump_open(NULL, "tty:/dev/null", NULL, 0), UMP_EINVAL);
    ump_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_coding_reaches_termios, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeouts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wake, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wait_object, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pty_has_no_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vanish_mid_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vanish_on_write, setup, teardown),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
