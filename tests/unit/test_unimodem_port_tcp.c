/*
 * tests/unit/test_unimodem_port_tcp.c - the tcp:// backend against a real listener on the
 * loopback: raw data both ways (0xFF untouched), no line coding or lines, a write the peer
 * does not read timing out with a partial count, the peer closing mid-read ("vanished"),
 * connection errors, and the native handle (the socket) carrying the same bytes.
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/thread.h>

#include "port/port.h"
#include "../ports/porttest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static ump_port *port;
static int peer = -1;
static char msg[256];

static int setup(void **state)
{
    uint16_t pnum;
    char url[64];
    int l = pt_listen(&pnum), rc;
    (void)state;
    if (l < 0) return -1;
    snprintf(url, sizeof url, "tcp://127.0.0.1:%u", pnum);
    rc = ump_open(&port, url, msg, sizeof msg);
    if (rc == UMP_OK) peer = pt_accept(l);
    close(l);
    if (rc != UMP_OK) fprintf(stderr, "ump_open(%s): %s\n", url, msg);
    return rc == UMP_OK && peer >= 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ump_close(port);
    port = NULL;
    if (peer >= 0) close(peer);
    peer = -1;
    return 0;
}

static void test_data_both_ways(void **state)
{
    unsigned char all[256], got[256];
    size_t i, n = 0;
    (void)state;
    for (i = 0; i < 256; i++) all[i] = (unsigned char)(255 - i);
    assert_int_equal(ump_write(port, all, sizeof all, 1000), 256);
    assert_int_equal(pt_read_exact(peer, got, 256), 256);
    assert_memory_equal(got, all, 256);
    pt_write_all(peer, all, sizeof all);
    while (n < sizeof got) {
        int r = ump_read(port, got + n, sizeof got - n, PT_WAIT_MS);
        assert_true(r > 0);
        n += (size_t)r;
    }
    assert_memory_equal(got, all, 256);
    assert_int_equal(ump_read(port, got, sizeof got, 20), 0);
}

/* ump_native_handle: the socket itself, so a copy of it (what lineGetID hands out) reads
 * and writes the modem's bytes; it stays the port's after the copy is closed. */
static void test_native_handle(void **state)
{
    char got[16];
    int fd = ump_native_handle(port), copy;
    (void)state;
    printf("native handle %d, wait object %d\n", fd, ump_wait_object(port));
    assert_true(fd >= 0);
    assert_int_equal(ump_native_handle(NULL), -1);
    copy = dup(fd);
    assert_true(copy >= 0);
    assert_int_equal(write(copy, "to peer", 7), 7);
    assert_int_equal(pt_read_exact(peer, got, 7), 7);
    assert_memory_equal(got, "to peer", 7);
    close(copy);
    pt_write_all(peer, "back", 4);
    assert_int_equal(pt_read_exact(fd, got, 4), 4);
    assert_memory_equal(got, "back", 4);
    assert_int_equal(ump_write(port, "still", 5, 1000), 5);
    assert_int_equal(pt_read_exact(peer, got, 5), 5);
}

static void test_no_coding_no_lines(void **state)
{
    ump_coding c = { 9600, 8, 1, UMP_PARITY_NONE, UMP_FLOW_NONE };
    unsigned v = 1, k = 1;
    (void)state;
    assert_int_equal(ump_set_coding(port, &c), UMP_ENOTSUP);
    ump_error_text(port, msg, sizeof msg);
    assert_string_equal(msg, "tcp: a raw TCP port has no line coding (rfc2217:// has)");
    assert_int_equal(ump_set_lines(port, UMP_DTR, 0), UMP_ENOTSUP);
    assert_int_equal(ump_hangup(port, 1), UMP_ENOTSUP);
    assert_int_equal(ump_get_lines(port, &v, &k), UMP_OK);
    assert_int_equal(k, 0);
    assert_int_equal(v, 0);
}

static void test_write_timeout_partial(void **state)
{
    size_t big = 64u << 20;
    unsigned char *buf = calloc(1, big);
    int rc, i;
    (void)state;
    assert_non_null(buf);
    /* The peer reads nothing: the socket buffers fill, then the timeout ends the write. */
    rc = ump_write(port, buf, big, 200);
    printf("64 MiB to a peer that does not read, 200 ms: %d bytes went out\n", rc);
    assert_true(rc > 0);
    assert_true((size_t)rc < big);
    /* The kernel may still grow its buffers: write without waiting until nothing fits. */
    for (i = 0; i < 1000 && rc > 0; i++) rc = ump_write(port, buf, big, 0);
    free(buf);
    ump_error_text(port, msg, sizeof msg);
    printf("then with timeout 0, after %d more writes: %d (%s)\n", i, rc, msg);
    assert_int_equal(rc, UMP_ETIMEDOUT);
    assert_string_equal(msg, "tcp: could not send within 0 ms");
}

static void wake(void *arg) { ump_wake(arg); }
static void close_peer(void *arg)
{
    (void)arg;
    close(peer);
    peer = -1;
}

static void test_peer_closes_mid_read(void **state)
{
    int rc;
    (void)state;
    rc = pt_read_during(port, close_peer, NULL);
    ump_error_text(port, msg, sizeof msg);
    printf("peer closed mid-read: %d: %s\n", rc, msg);
    assert_int_equal(rc, UMP_EVANISHED);
    assert_string_equal(msg, "tcp: the peer closed the connection");
    assert_int_equal(ump_write(port, "x", 1, 100), UMP_EVANISHED);
}

static void test_wake_and_wait_object(void **state)
{
    struct pollfd pfd = { ump_wait_object(port), POLLIN, 0 };
    char b[8];
    (void)state;
    assert_int_equal(pt_read_during(port, wake, port), UMP_EINTR);
    assert_int_equal(poll(&pfd, 1, 0), 0);
    pt_write_all(peer, "OK\r\n", 4);
    assert_int_equal(poll(&pfd, 1, PT_WAIT_MS), 1);
    assert_int_equal(ump_read(port, b, sizeof b, 0), 4);
}

static void test_connect_errors(void **state)
{
    ump_port *p = NULL;
    uint16_t free_port = pt_free_port();
    char url[64];
    (void)state;
    snprintf(url, sizeof url, "tcp://127.0.0.1:%u", free_port);
    assert_int_equal(ump_open(&p, url, msg, sizeof msg), UMP_ENOENT);
    printf("%s -> %s\n", url, msg);
    assert_non_null(strstr(msg, "Connection refused"));
    assert_null(p);
}

static void test_ipv6_loopback(void **state)
{
    struct sockaddr_in6 a;
    socklen_t len = sizeof a;
    int l = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0), c;
    ump_port *p = NULL;
    char url[64];
    (void)state;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) != 0 || listen(l, 1) != 0) {
        if (l >= 0) close(l);
        skip();   /* no IPv6 on this host */
    }
    assert_int_equal(getsockname(l, (struct sockaddr *)&a, &len), 0);
    snprintf(url, sizeof url, "tcp://[::1]:%u", ntohs(a.sin6_port));
    assert_int_equal(ump_open(&p, url, msg, sizeof msg), UMP_OK);
    c = pt_accept(l);
    assert_true(c >= 0);
    assert_int_equal(ump_write(p, "AT\r", 3, 1000), 3);
    {
        char b[3];
        assert_int_equal(pt_read_exact(c, b, 3), 3);
        assert_memory_equal(b, "AT\r", 3);
    }
    ump_close(p);
    close(c);
    close(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_data_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(test_native_handle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_coding_no_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_timeout_partial, setup, teardown),
        cmocka_unit_test_setup_teardown(test_peer_closes_mid_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wake_and_wait_object, setup, teardown),
        cmocka_unit_test(test_connect_errors),
        cmocka_unit_test(test_ipv6_loopback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
