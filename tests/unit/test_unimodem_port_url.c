/*
 * tests/unit/test_unimodem_port_url.c - the port URL parser: every scheme, every parameter,
 * defaults, boundaries, and hostile input (each error's exact text).
 */
#define TSPKIT_IMPLEMENTATION   /* the port library uses tspkit/thread.h */
#include <tspkit/thread.h>

#include "port/url.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static char msg[256];
static ump_url u;

static int parse(const char *url) { return ump_url_parse(url, strlen(url), &u, msg, sizeof msg); }

static void assert_ok(const char *url)
{
    int rc = parse(url);
    if (rc != UMP_OK) fprintf(stderr, "%s: unexpected error: %s\n", url, msg);
    assert_int_equal(rc, UMP_OK);
}

static void assert_error(const char *url, const char *want)
{
    int rc = parse(url);
    if (rc != UMP_EINVAL || strcmp(msg, want) != 0)
        fprintf(stderr, "%s: got %d '%s', want '%s'\n", url, rc, msg, want);
    assert_int_equal(rc, UMP_EINVAL);
    assert_string_equal(msg, want);
}

static void test_serial_and_tty(void **state)
{
    (void)state;
    assert_ok("serial:/dev/ttyUSB0?baud=115200&flow=rtscts");
    assert_int_equal(u.scheme, UMP_SCHEME_SERIAL);
    assert_string_equal(u.path, "/dev/ttyUSB0");
    assert_int_equal(u.coding.baud, 115200);
    assert_int_equal(u.coding.flow, UMP_FLOW_RTSCTS);
    assert_int_equal(u.coding_given, UMP_URL_BAUD | UMP_URL_FLOW);

    assert_ok("SERIAL:COM3");
    assert_string_equal(u.path, "COM3");
    assert_ok("serial:\\\\.\\COM10");
    assert_string_equal(u.path, "\\\\.\\COM10");

    assert_ok("tty:/dev/pts/7?data=7&parity=e&stop=2&baud=9600");
    assert_int_equal(u.scheme, UMP_SCHEME_TTY);
    assert_string_equal(u.path, "/dev/pts/7");
    assert_int_equal(u.coding.data_bits, 7);
    assert_int_equal(u.coding.parity, UMP_PARITY_EVEN);
    assert_int_equal(u.coding.stop_bits, 2);
    assert_int_equal(u.coding.baud, 9600);

    assert_ok("tty:/dev/my%20modem%3f");          /* %XX in the path */
    assert_string_equal(u.path, "/dev/my modem?");
    assert_ok("serial:/dev/x?parity=SPACE&flow=xonxoff");
    assert_int_equal(u.coding.parity, UMP_PARITY_SPACE);
    assert_int_equal(u.coding.flow, UMP_FLOW_XONXOFF);
    assert_ok("serial:/dev/x?parity=mark&flow=dtrdsr");
    assert_int_equal(u.coding.parity, UMP_PARITY_MARK);
    assert_int_equal(u.coding.flow, UMP_FLOW_DTRDSR);
}

static void test_defaults(void **state)
{
    (void)state;
    assert_ok("tty:/dev/ttyS0");
    assert_int_equal(u.coding.baud, 115200);
    assert_int_equal(u.coding.data_bits, 8);
    assert_int_equal(u.coding.parity, UMP_PARITY_NONE);
    assert_int_equal(u.coding.stop_bits, 1);
    assert_int_equal(u.coding.flow, UMP_FLOW_NONE);
    assert_int_equal(u.coding_given, 0);
    assert_int_equal(u.usb_interface, -1);
    assert_int_equal(u.timeout_ms, 5000);
}

static void test_usb(void **state)
{
    (void)state;
    assert_ok("usb:0572:1329");
    assert_int_equal(u.scheme, UMP_SCHEME_USB);
    assert_int_equal(u.vid, 0x0572);
    assert_int_equal(u.pid, 0x1329);
    assert_string_equal(u.usb_serial, "");
    assert_ok("usb:572:aBcD?serial=A1%20B2&interface=2&baud=57600");
    assert_int_equal(u.vid, 0x0572);
    assert_int_equal(u.pid, 0xabcd);
    assert_string_equal(u.usb_serial, "A1 B2");
    assert_int_equal(u.usb_interface, 2);
    assert_int_equal(u.coding.baud, 57600);
    assert_ok("usb:0:ffff?interface=255");
    assert_int_equal(u.usb_interface, 255);
}

static void test_network(void **state)
{
    (void)state;
    assert_ok("tcp://localhost:2000");
    assert_int_equal(u.scheme, UMP_SCHEME_TCP);
    assert_string_equal(u.host, "localhost");
    assert_int_equal(u.port, 2000);
    assert_ok("tcp://10.0.0.1:65535?timeout=250");
    assert_int_equal(u.port, 65535);
    assert_int_equal(u.timeout_ms, 250);
    assert_ok("rfc2217://[::1]:7000?baud=9600&parity=odd&data=7&stop=2");
    assert_int_equal(u.scheme, UMP_SCHEME_RFC2217);
    assert_string_equal(u.host, "::1");
    assert_int_equal(u.port, 7000);
    assert_int_equal(u.coding.parity, UMP_PARITY_ODD);
    assert_ok("rfc2217://[fe80::1%25eth0]:1");     /* a zone, %-escaped as RFC 6874 says */
    assert_string_equal(u.host, "fe80::1%eth0");
    assert_error("tcp://[fe80::1%25et%h0]:1", "bad character in IPv6 address [fe80::1%25et%h0]");
    assert_ok("RFC2217://terminal-server_3.example:23");
    assert_string_equal(u.host, "terminal-server_3.example");
}

static void test_errors(void **state)
{
    (void)state;
    assert_error("", "no scheme (serial:, tty:, usb:, tcp://, rfc2217://)");
    assert_error("/dev/ttyS0", "no scheme (serial:, tty:, usb:, tcp://, rfc2217://)");
    assert_error("http://x:1", "unknown scheme 'http' (serial, tty, usb, tcp, rfc2217)");
    assert_error("serial:", "serial: needs a device path");
    assert_error("tty:?baud=1", "tty: needs a device path");
    assert_error("tty:/dev/a%2", "bad device path (bad %-escape, NUL or longer than 255)");
    assert_error("tty:/dev/a%zz", "bad device path (bad %-escape, NUL or longer than 255)");
    assert_error("tty:/dev/a%00b", "bad device path (bad %-escape, NUL or longer than 255)");
    assert_error("usb:0572", "usb: needs vid:pid in hex, e.g. usb:0572:1329");
    assert_error("usb:05720:1329", "bad usb vid:pid '05720:1329' (1-4 hex digits each)");
    assert_error("usb::1329", "bad usb vid:pid ':1329' (1-4 hex digits each)");
    assert_error("usb:0572:13g9", "bad usb vid:pid '0572:13g9' (1-4 hex digits each)");
    assert_error("tcp:host:1", "tcp URL needs //host:port");
    assert_error("rfc2217://host", "missing :port");
    assert_error("tcp://:23", "empty host name");
    assert_error("tcp://host:0", "bad TCP port '0' (1..65535)");
    assert_error("tcp://host:65536", "bad TCP port '65536' (1..65535)");
    assert_error("tcp://host:", "bad TCP port '' (1..65535)");
    assert_error("tcp://host:+23", "bad TCP port '+23' (1..65535)");
    assert_error("tcp://host:23/", "bad TCP port '23/' (1..65535)");
    assert_error("tcp://ho st:23", "bad character in host name 'ho st'");
    assert_error("tcp://a@b:23", "bad character in host name 'a@b'");
    assert_error("tcp://[::1:23", "missing ] after IPv6 address");
    assert_error("tcp://[]:23", "empty IPv6 address");
    assert_error("tcp://[::g]:23", "bad character in IPv6 address [::g]");
    assert_error("tcp://[::1]23", "missing :port after ]");
    assert_error("tty:/dev/x?speed=9600", "unknown parameter 'speed'");
    assert_error("tty:/dev/x?baud=9600&baud=9600", "parameter 'baud' given twice");
    assert_error("tty:/dev/x?baud=", "parameter 'baud' has no value");
    assert_error("tty:/dev/x?baud", "parameter 'baud' needs key=value");
    assert_error("tty:/dev/x?baud=1&", "empty parameter after '&'");
    assert_error("tty:/dev/x?", "'?' with no parameters");
    assert_error("tty:/dev/x?baud=0", "bad baud '0' (1..4000000)");
    assert_error("tty:/dev/x?baud=4000001", "bad baud '4000001' (1..4000000)");
    assert_error("tty:/dev/x?baud=99999999999999999999", "bad baud '99999999999999999999' (1..4000000)");
    assert_error("tty:/dev/x?baud=-1", "bad baud '-1' (1..4000000)");
    assert_error("tty:/dev/x?data=9", "bad data bits '9' (5..8)");
    assert_error("tty:/dev/x?data=4", "bad data bits '4' (5..8)");
    assert_error("tty:/dev/x?parity=x", "bad parity 'x' (none|odd|even|mark|space)");
    assert_error("tty:/dev/x?stop=3", "bad stop bits '3' (1|2)");
    assert_error("tty:/dev/x?stop=1.5", "bad stop bits '1.5' (1|2)");
    assert_error("tty:/dev/x?flow=hw", "bad flow 'hw' (none|rtscts|xonxoff|dtrdsr)");
    assert_error("tty:/dev/x?serial=1", "'serial' applies to usb: only");
    assert_error("tcp://h:1?interface=1", "'interface' applies to usb: only");
    assert_error("usb:1:2?interface=256", "bad interface '256' (0..255)");
    assert_error("usb:1:2?timeout=5", "'timeout' applies to tcp:// and rfc2217:// only");
    assert_error("tcp://h:1?timeout=0", "bad timeout '0' (1..600000 ms)");
    assert_error("tcp://h:1?baud=9600",
                 "'baud' does not apply to tcp:// (raw TCP has no line coding; use rfc2217://)");
    assert_error("usb:1:2?serial=a%00b", "bad value for 'serial' (bad %-escape, NUL or too long)");
}

static void test_bounds(void **state)
{
    char url[UMP_URL_MAX + 64];
    (void)state;

    /* The longest path fits (255 bytes and the terminator); one more byte does not. */
    strcpy(url, "tty:");
    memset(url + 4, 'p', 255);
    url[4 + 255] = '\0';
    assert_ok(url);
    assert_int_equal(strlen(u.path), 255);
    url[4 + 255] = 'p';
    url[4 + 256] = '\0';
    assert_error(url, "bad device path (bad %-escape, NUL or longer than 255)");

    /* Serial numbers: 127 bytes fit. */
    strcpy(url, "usb:1:2?serial=");
    memset(url + 15, 's', 127);
    url[15 + 127] = '\0';
    assert_ok(url);
    assert_int_equal(strlen(u.usb_serial), 127);
    url[15 + 127] = 's';
    url[15 + 128] = '\0';
    assert_error(url, "bad value for 'serial' (bad %-escape, NUL or too long)");

    /* Host names: 255 bytes fit. */
    strcpy(url, "tcp://");
    memset(url + 6, 'h', 255);
    strcpy(url + 6 + 255, ":1");
    assert_ok(url);
    memset(url + 6, 'h', 256);
    strcpy(url + 6 + 256, ":1");
    assert_error(url, "host name too long");

    /* The whole URL: UMP_URL_MAX bytes parse (as far as they are valid), one more does not. */
    memset(url, 'x', sizeof url);
    assert_int_equal(ump_url_parse(url, UMP_URL_MAX + 1, &u, msg, sizeof msg), UMP_EINVAL);
    assert_string_equal(msg, "URL longer than 1024 bytes");
    assert_int_equal(ump_url_parse(url, UMP_URL_MAX, &u, msg, sizeof msg), UMP_EINVAL);
    assert_string_equal(msg, "no scheme (serial:, tty:, usb:, tcp://, rfc2217://)");
}

static void test_hostile(void **state)
{
    static const char nul[] = "tty:/dev/x\0?baud=1";
    static const char ctl[] = "\x01\x7f\xff\x1b[2J:x";
    char tiny[8];
    (void)state;

    /* A NUL inside the given length is refused, not taken as the end. */
    assert_int_equal(ump_url_parse(nul, sizeof nul - 1, &u, msg, sizeof msg), UMP_EINVAL);
    assert_string_equal(msg, "NUL byte inside the URL");
    /* Control characters never reach the message. */
    assert_int_equal(ump_url_parse(ctl, sizeof ctl - 1, &u, msg, sizeof msg), UMP_EINVAL);
    printf("hostile scheme -> %s\n", msg);
    assert_string_equal(msg, "unknown scheme '????[2J' (serial, tty, usb, tcp, rfc2217)");
    /* Long text in a message is cut with "...". */
    assert_error("tty:/dev/x?flow=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                 "bad flow 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' "
                 "(none|rtscts|xonxoff|dtrdsr)");
    /* A small message buffer is filled and terminated, never overrun. */
    memset(tiny, 'Z', sizeof tiny);
    assert_int_equal(ump_url_parse("bogus:", 6, &u, tiny, 4), UMP_EINVAL);
    assert_string_equal(tiny, "unk");
    assert_int_equal(tiny[4], 'Z');
    /* No message buffer at all, no URL at all. */
    assert_int_equal(ump_url_parse("bogus:", 6, &u, NULL, 0), UMP_EINVAL);
    assert_int_equal(ump_url_parse(NULL, 5, &u, msg, sizeof msg), UMP_EINVAL);
    assert_string_equal(msg, "no URL");
    assert_error("tty:/dev/x?baud=9600&data=99", "bad data bits '99' (5..8)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serial_and_tty),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_usb),
        cmocka_unit_test(test_network),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
