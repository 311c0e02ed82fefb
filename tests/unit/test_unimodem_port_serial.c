/*
 * tests/unit/test_unimodem_port_serial.c - the serial: backend: the real libserialport
 * (loaded at run time) against an emulated USB-serial port (tests/ports/mocktty.h: umockdev's
 * /sys entry and pty, with the modem-control lines answered by the test). Checks the line
 * coding on the pty's termios, DTR/RTS as the "device" sees them (including the DTR drop of a
 * hang-up), DCD/RI/DSR/CTS as the device reports them, data both ways, the port vanishing
 * mid-read; and that libserialport refuses a bare pseudo-terminal.
 *
 * The program re-executes itself under libumockdev-preload.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/thread.h>

#include "port/port.h"
#include "../ports/mocktty.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* Linux's termios2 (asm-generic/termbits.h), which glibc's <termios.h> does not declare:
 * the one way to read a speed that has no Bxxx constant. */
struct termios2 {
    tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
    cc_t c_line;
    cc_t c_cc[19];
    speed_t c_ispeed, c_ospeed;
};

static UMockdevTestbed *bed;
static mt_tty tty;
static ump_port *port;
static char msg[256];

static int setup(void **state)
{
    static int n;   /* umockdev keeps a removed device's /dev node: a new name each test */
    char url[128];
    int rc;
    (void)state;
    if (mt_tty_add(bed, &tty, n++) != 0) return -1;
    mt_tty_set_inputs(&tty, TIOCM_CTS | TIOCM_DSR);
    snprintf(url, sizeof url, "serial:%s?baud=57600&stop=2", tty.dev);
    rc = ump_open(&port, url, msg, sizeof msg);
    if (rc != UMP_OK) fprintf(stderr, "ump_open(%s): %d %s\n", url, rc, msg);
    return rc == UMP_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ump_close(port);
    port = NULL;
    mt_tty_remove(bed, &tty);
    return 0;
}

static void test_coding_and_lines_at_open(void **state)
{
    struct termios t;
    char trail[MT_TRAIL_MAX];
    (void)state;
    assert_int_equal(tcgetattr(tty.master, &t), 0);
    printf("after open: ospeed %d cflag %#o; device lines %#x\n", (int)cfgetospeed(&t),
           (unsigned)t.c_cflag, (unsigned)mt_tty_lines(&tty));
    assert_int_equal(cfgetospeed(&t), B57600);
    assert_true(t.c_cflag & CSTOPB);
    assert_false(t.c_cflag & CRTSCTS);
    assert_false(t.c_lflag & (ICANON | ECHO));
    /* V.250 6.2.9: DTR (and RTS) up once the port is open. */
    assert_int_equal(mt_tty_lines(&tty) & (TIOCM_DTR | TIOCM_RTS), TIOCM_DTR | TIOCM_RTS);
    mt_tty_trail(&tty, trail, sizeof trail);
    assert_int_equal(trail[strlen(trail) - 1], '1');
}

static void test_set_coding(void **state)
{
    struct termios t;
    ump_coding c = { 115200, 8, 1, UMP_PARITY_NONE, UMP_FLOW_RTSCTS };
    (void)state;
    assert_int_equal(ump_set_coding(port, &c), UMP_OK);
    assert_int_equal(tcgetattr(tty.master, &t), 0);
    assert_int_equal(cfgetospeed(&t), B115200);
    assert_false(t.c_cflag & CSTOPB);
    assert_true(t.c_cflag & CRTSCTS);
    /* A rate termios has no constant for: libserialport sets it with Linux's termios2
     * (TCSETS2, BOTHER), which the pty keeps. */
    c = (ump_coding){ 250000, 8, 1, UMP_PARITY_NONE, UMP_FLOW_NONE };
    assert_int_equal(ump_set_coding(port, &c), UMP_OK);
    {
        struct termios2 t2;
        assert_int_equal(ioctl(tty.master, TCGETS2, &t2), 0);
        printf("250000 baud: the pty's termios2 says %u\n", (unsigned)t2.c_ospeed);
        assert_int_equal(t2.c_ospeed, 250000);
    }
}

static void test_dtr_rts_and_hangup(void **state)
{
    char trail[MT_TRAIL_MAX];
    size_t before;
    (void)state;
    assert_int_equal(ump_set_lines(port, UMP_RTS, 0), UMP_OK);
    assert_int_equal(mt_tty_lines(&tty) & (TIOCM_DTR | TIOCM_RTS), TIOCM_DTR);
    assert_int_equal(ump_set_lines(port, UMP_DTR | UMP_RTS, UMP_RTS), UMP_OK);
    assert_int_equal(mt_tty_lines(&tty) & (TIOCM_DTR | TIOCM_RTS), TIOCM_RTS);
    assert_int_equal(ump_set_lines(port, UMP_DTR, UMP_DTR), UMP_OK);
    mt_tty_trail(&tty, trail, sizeof trail);
    before = strlen(trail);
    /* Hang-up: DTR drops, then comes back. */
    assert_int_equal(ump_hangup(port, 20), UMP_OK);
    mt_tty_trail(&tty, trail, sizeof trail);
    printf("DTR history: %s\n", trail);
    assert_string_equal(trail + before, "01");
    assert_true(mt_tty_lines(&tty) & TIOCM_DTR);
}

static void test_input_lines(void **state)
{
    unsigned v = 0, k = 0;
    (void)state;
    mt_tty_set_inputs(&tty, TIOCM_CAR | TIOCM_RNG);
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    printf("lines: values %#x known %#x\n", v, k);
    assert_int_equal(k, UMP_DTR | UMP_RTS | UMP_DCD | UMP_RI | UMP_CTS | UMP_DSR);
    assert_int_equal(v & (UMP_DCD | UMP_RI | UMP_CTS | UMP_DSR), UMP_DCD | UMP_RI);
    mt_tty_set_inputs(&tty, TIOCM_CTS | TIOCM_DSR);
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    assert_int_equal(v & (UMP_DCD | UMP_RI | UMP_CTS | UMP_DSR), UMP_CTS | UMP_DSR);
}

static void test_data_both_ways(void **state)
{
    unsigned char all[256], got[256];
    size_t i, n = 0;
    (void)state;
    for (i = 0; i < 256; i++) all[i] = (unsigned char)i;
    assert_int_equal(ump_write(port, all, sizeof all, 1000), 256);
    assert_int_equal(pt_read_exact(tty.master, got, 256), 256);
    assert_memory_equal(got, all, 256);
    pt_write_all(tty.master, all, sizeof all);
    while (n < sizeof got) {
        int r = ump_read(port, got + n, sizeof got - n, PT_WAIT_MS);
        assert_true(r > 0);
        n += (size_t)r;
    }
    assert_memory_equal(got, all, 256);
}

static void vanish(void *arg) { mt_tty_vanish(arg); }

static void test_vanish_mid_read(void **state)
{
    int rc;
    (void)state;
    rc = pt_read_during(port, vanish, &tty);
    ump_error_text(port, msg, sizeof msg);
    printf("device gone mid-read: %d: %s\n", rc, msg);
    assert_int_equal(rc, UMP_EVANISHED);
    assert_int_equal(ump_write(port, "AT\r", 3, 100), UMP_EVANISHED);
}

static void test_refuses_pty(void **state)
{
    pt_pty pty;
    ump_port *p = NULL;
    char url[96];
    (void)state;
    assert_int_equal(pt_pty_open(&pty), 0);
    snprintf(url, sizeof url, "serial:%s", pty.name);
    assert_int_equal(ump_open(&p, url, msg, sizeof msg), UMP_ENOENT);
    printf("%s -> %s\n", url, msg);
    assert_non_null(strstr(msg, "libserialport does not open pseudo-terminals"));
    assert_null(p);
    close(pty.master);
    assert_int_equal(ump_open(&p, "serial:/dev/ttyNOSUCH", msg, sizeof msg), UMP_ENOENT);
    printf("serial:/dev/ttyNOSUCH -> %s\n", msg);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_coding_and_lines_at_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_coding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dtr_rts_and_hangup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vanish_mid_read, setup, teardown),
        cmocka_unit_test(test_refuses_pty),
    };
    int rc;
    (void)argc;
    if (!pt_run_under_umockdev(argv)) return 1;
    bed = umockdev_testbed_new();
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    g_object_unref(bed);
    return rc;
}
