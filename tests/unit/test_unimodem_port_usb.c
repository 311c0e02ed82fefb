/*
 * tests/unit/test_unimodem_port_usb.c - the usb: backend: the real libusb-1.0 (loaded at run
 * time) driving an emulated CDC-ACM modem (tests/ports/mockacm.h on umockdev). Checks the
 * class requests the device receives (SET_LINE_CODING bytes, SET_CONTROL_LINE_STATE values
 * including a hang-up's DTR drop and the drop on close), that both interfaces are claimed
 * and released, data both ways (more than the backend's ring holds, in order), SERIAL_STATE
 * notifications waking a blocked reader and showing in the lines, selection by serial
 * number, the errors for absent devices, and the device unplugged mid-read ("vanished").
 *
 * The program re-executes itself under libumockdev-preload.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/thread.h>

#include "port/port.h"
#include "../ports/mockacm.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define DESC_FILE "tests/ports/cdc-acm-modem.umockdev"

static UMockdevTestbed *bed;
static mock_acm dev;
static ump_port *port;
static char msg[256];

static int setup(void **state)
{
    int rc;
    (void)state;
    if (mock_acm_add(bed, &dev, DESC_FILE) != 0) return -1;
    rc = ump_open(&port, "usb:0572:1329", msg, sizeof msg);
    if (rc != UMP_OK) fprintf(stderr, "ump_open: %d %s\n", rc, msg);
    return rc == UMP_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ump_close(port);
    port = NULL;
    mock_acm_remove(bed, &dev);
    return 0;
}

static void test_open_configures_the_device(void **state)
{
    static const unsigned char c115200_8n1[7] = { 0x00, 0xc2, 0x01, 0x00, 0, 0, 8 };
    unsigned char coding[7];
    char states[128];
    unsigned claimed;
    (void)state;
    mock_acm_state(&dev, coding, states, sizeof states, &claimed);
    printf("device saw: line coding %02x %02x %02x %02x %u %u %u, control states '%s', "
           "claimed %#x\n", coding[0], coding[1], coding[2], coding[3], coding[4], coding[5],
           coding[6], states, claimed);
    assert_memory_equal(coding, c115200_8n1, 7);
    assert_string_equal(states, "3");                 /* DTR | RTS */
    assert_int_equal(claimed, 0x3);                   /* communication + data interfaces */
    if (dev.unknown_ioctls) fprintf(stderr, "unknown usbfs ioctls: %u, last %#lx\n",
                                    dev.unknown_ioctls, dev.last_unknown);
    assert_int_equal(dev.unknown_ioctls, 0);
}

static void test_coding_and_lines(void **state)
{
    /* PSTN 1.2 Table 17: 9600 = 80 25 00 00, bCharFormat 2 (2 stop bits), parity 2 (even),
     * 7 data bits. */
    static const unsigned char c9600_7e2[7] = { 0x80, 0x25, 0x00, 0x00, 2, 2, 7 };
    ump_coding c = { 9600, 7, 2, UMP_PARITY_EVEN, UMP_FLOW_RTSCTS };
    unsigned char coding[7];
    char states[128];
    unsigned v, k;
    (void)state;
    assert_int_equal(ump_set_coding(port, &c), UMP_OK);
    assert_int_equal(ump_set_lines(port, UMP_RTS, 0), UMP_OK);       /* DTR only: 1 */
    assert_int_equal(ump_hangup(port, 5), UMP_OK);                   /* 0, then 1 */
    assert_int_equal(ump_set_lines(port, UMP_RTS, UMP_RTS), UMP_OK); /* 3 */
    mock_acm_state(&dev, coding, states, sizeof states, NULL);
    printf("control states: %s\n", states);
    assert_memory_equal(coding, c9600_7e2, 7);
    assert_string_equal(states, "31013");
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    assert_int_equal(k, UMP_DTR | UMP_RTS);          /* no SERIAL_STATE yet: inputs unknown */
    assert_int_equal(v, UMP_DTR | UMP_RTS);
}

static void test_data_both_ways(void **state)
{
    static unsigned char big[20000], got[20000];
    unsigned char seen[16];
    size_t i, n = 0;
    (void)state;
    assert_int_equal(ump_write(port, "ATZ\r", 4, 1000), 4);
    assert_int_equal(mock_acm_received(&dev, seen, sizeof seen), 4);
    assert_memory_equal(seen, "ATZ\r", 4);

    /* More than the backend's 8 KiB ring, with nobody reading: the device is held off (no
     * bulk IN URB in flight once the ring is full) rather than data dropped; then the reader
     * gets all of it, in order. */
    for (i = 0; i < sizeof big; i++) big[i] = (unsigned char)(i * 7 + i / 256);
    mock_acm_send(&dev, big, sizeof big);
    {
        size_t last = SIZE_MAX, now;
        int quiet = 0, waited;
        for (waited = 0; waited < PT_WAIT_MS && quiet < 20; waited += 10) {
            now = mock_acm_unsent(&dev);
            quiet = now == last ? quiet + 1 : 0;
            last = now;
            usleep(10000);
        }
        printf("with nobody reading, the device still holds %zu of %zu bytes\n", last, sizeof big);
        assert_true(last > 0 && last < sizeof big);
        assert_true(sizeof big - last <= 8192);
    }
    while (n < sizeof got) {
        int r = ump_read(port, got + n, 1000, PT_WAIT_MS);
        if (r <= 0) fprintf(stderr, "ump_read: %d after %zu bytes\n", r, n);
        assert_true(r > 0);
        n += (size_t)r;
    }
    printf("read %zu bytes from the device\n", n);
    assert_memory_equal(got, big, sizeof big);
    assert_int_equal(ump_read(port, got, 16, 20), 0);
}

static void serial_state(void *bits) { mock_acm_serial_state(&dev, *(unsigned *)bits); }
static void unplug(void *unused)
{
    (void)unused;
    mock_acm_unplug(&dev);
}

static int read_while_serial_state(unsigned bits) { return pt_read_during(port, serial_state, &bits); }

static void test_serial_state(void **state)
{
    unsigned v, k;
    (void)state;
    /* A reader blocked with no timeout returns 0 when the lines change. */
    assert_int_equal(read_while_serial_state(0x03), 0);             /* DCD, DSR */
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    printf("after SERIAL_STATE 03: values %#x known %#x\n", v, k);
    assert_int_equal(k, UMP_DTR | UMP_RTS | UMP_DCD | UMP_DSR | UMP_RI);
    assert_int_equal(v, UMP_DTR | UMP_RTS | UMP_DCD | UMP_DSR);
    assert_int_equal(read_while_serial_state(0x0a), 0);             /* DSR, RI */
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    assert_int_equal(v, UMP_DTR | UMP_RTS | UMP_DSR | UMP_RI);
}

static void test_unplugged_mid_read(void **state)
{
    int rc;
    (void)state;
    rc = pt_read_during(port, unplug, NULL);
    ump_error_text(port, msg, sizeof msg);
    printf("unplugged mid-read: %d: %s\n", rc, msg);
    assert_int_equal(rc, UMP_EVANISHED);
    assert_int_equal(ump_write(port, "AT\r", 3, 100), UMP_EVANISHED);
    assert_int_equal(ump_set_lines(port, UMP_DTR, 0), UMP_EVANISHED);
}

typedef struct want_rx {
    const char *text;
    size_t n;
} want_rx;

static bool device_received(void *arg)
{
    want_rx *w = arg;
    unsigned char got[MOCK_ACM_BUF];
    size_t n = mock_acm_received(&dev, got, sizeof got);
    return n >= w->n && memcmp(got + n - w->n, w->text, w->n) == 0;
}

/* ump_native_handle through the relay (relay.c): the bulk pipes as one socket. */
static void test_relay(void **state)
{
    static unsigned char big[20000], got[20000];
    want_rx w = { "ATDT102\r\xff", 9 };
    char states[128];
    unsigned v, k;
    size_t i;
    int h, copy;
    (void)state;
    h = ump_native_handle(port);
    printf("relay end: fd %d\n", h);
    assert_true(h >= 0);
    assert_int_equal(ump_native_handle(port), h);
    copy = dup(h);

    pt_write_all(copy, w.text, w.n);                       /* application -> bulk OUT */
    assert_true(pt_wait_for(device_received, &w));
    mock_acm_send(&dev, "\r\nCONNECT 33600\r\n", 17);    /* bulk IN -> application */
    assert_int_equal(pt_read_exact(copy, got, 17), 17);
    assert_memory_equal(got, "\r\nCONNECT 33600\r\n", 17);
    /* More than the backend's ring, in order: the relay keeps the device flowing. */
    for (i = 0; i < sizeof big; i++) big[i] = (unsigned char)(i * 11 + i / 256);
    mock_acm_send(&dev, big, sizeof big);
    assert_int_equal(pt_read_exact(copy, got, sizeof big), sizeof big);
    assert_memory_equal(got, big, sizeof big);
    printf("%zu bytes from the device through the relay\n", sizeof big);

    /* SERIAL_STATE while relaying: a blocked owner's read ends with 0, the lines show it;
     * the owner's read leaves the data to the application. */
    assert_int_equal(read_while_serial_state(0x03), 0);
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    assert_int_equal(v & (UMP_DCD | UMP_DSR), UMP_DCD | UMP_DSR);
    mock_acm_send(&dev, "xyz", 3);
    assert_int_equal(ump_read(port, got, sizeof got, 300), 0);
    assert_int_equal(pt_read_exact(copy, got, 3), 3);
    assert_memory_equal(got, "xyz", 3);

    /* The hang-up takes the port back: DTR drops, the application's copy ends. */
    assert_int_equal(ump_hangup(port, 5), UMP_OK);
    mock_acm_state(&dev, NULL, states, sizeof states, NULL);
    printf("control states: %s\n", states);
    assert_string_equal(states, "323");           /* DTR|RTS, RTS, DTR|RTS */
    assert_true(pt_reads_eof(copy));
    close(copy);
    mock_acm_send(&dev, "OK", 2);
    {
        size_t n = 0;
        while (n < 2) {
            int r = ump_read(port, got + n, 2 - n, PT_WAIT_MS);
            assert_true(r > 0);
            n += (size_t)r;
        }
        assert_memory_equal(got, "OK", 2);
    }

    /* Unplugged while relaying: EOF for the application, vanished for the owner. */
    copy = dup(ump_native_handle(port));
    assert_true(copy >= 0);
    mock_acm_unplug(&dev);
    assert_true(pt_reads_eof(copy));
    close(copy);
    assert_int_equal(ump_read(port, got, 8, PT_WAIT_MS), UMP_EVANISHED);
    assert_int_equal(ump_native_handle(port), -1);
    printf("unplugged while relaying: EOF on the handle, UMP_EVANISHED for the owner\n");
}

static void test_close_drops_dtr(void **state)
{
    char states[128];
    unsigned claimed;
    (void)state;
    ump_close(port);
    port = NULL;
    mock_acm_state(&dev, NULL, states, sizeof states, &claimed);
    printf("after close: control states '%s', claimed %#x\n", states, claimed);
    assert_string_equal(states, "30");
    assert_int_equal(claimed, 0);
}

static void test_selection_and_errors(void **state)
{
    ump_port *p = NULL;
    char states[128];
    (void)state;
    assert_int_equal(mock_acm_add(bed, &dev, DESC_FILE), 0);
    assert_int_equal(ump_open(&p, "usb:0572:1329?serial=SN0002", msg, sizeof msg), UMP_ENOENT);
    printf("wrong serial: %s\n", msg);
    assert_string_equal(msg, "usb 0572:1329 serial SN0002: no such device");
    assert_int_equal(ump_open(&p, "usb:0572:1329?serial=SN000", msg, sizeof msg), UMP_ENOENT);
    assert_int_equal(ump_open(&p, "usb:1234:5678", msg, sizeof msg), UMP_ENOENT);
    assert_string_equal(msg, "usb 1234:5678: no such device");
    assert_int_equal(ump_open(&p, "usb:0572:1329?interface=1", msg, sizeof msg), UMP_ENOTSUP);
    printf("interface 1: %s\n", msg);
    assert_non_null(strstr(msg, "no CDC-ACM communication interface with that number"));
    mock_acm_state(&dev, NULL, states, sizeof states, NULL);
    assert_string_equal(states, "");                  /* none of those touched the device */

    assert_int_equal(ump_open(&p, "usb:572:1329?serial=SN0001&interface=0&baud=2400", msg,
                              sizeof msg), UMP_OK);
    {
        unsigned char coding[7];
        mock_acm_state(&dev, coding, NULL, 0, NULL);
        assert_int_equal(coding[0] | coding[1] << 8, 2400);
    }
    ump_close(p);
    mock_acm_remove(bed, &dev);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_configures_the_device, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coding_and_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(test_serial_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unplugged_mid_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_close_drops_dtr, setup, teardown),
        cmocka_unit_test(test_selection_and_errors),
    };
    int rc;
    (void)argc;
    if (!pt_run_under_umockdev(argv)) return 1;
    bed = umockdev_testbed_new();
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    g_object_unref(bed);
    return rc;
}
