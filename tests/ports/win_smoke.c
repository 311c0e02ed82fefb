/*
 * tests/ports/win_smoke.c - the port backends as a Windows program (mingw-w64), run under
 * Wine by tests/unit/test_unimodem_port_windows.c. What only Windows has: Winsock (event
 * objects, select for writes), the wait object being an event HANDLE, and serial:/usb:
 * reporting that libserialport-0.dll / libusb-1.0.dll are not there instead of failing to
 * load. Prints one line per check and exits 0 when all passed.
 */
#define TSPKIT_IMPLEMENTATION
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <tspkit/thread.h>

#include "port/port.h"

#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...) do {                                                               \
        int ok_ = (cond);                  /* once: conditions may receive from sockets */  \
        printf("%s: ", ok_ ? "ok  " : "FAIL");                                              \
        printf(__VA_ARGS__);                                                                \
        printf("\n");                                                                       \
        if (!ok_) failures++;                                                               \
    } while (0)

static SOCKET listener(unsigned short *port)
{
    struct sockaddr_in a;
    int len = sizeof a;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&a, sizeof a);
    listen(s, 2);
    getsockname(s, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return s;
}

/* Receives exactly n bytes (the peer socket is blocking; Wine delivers loopback data fast). */
static int recv_all(SOCKET s, void *buf, int n)
{
    int got = 0;
    DWORD t = 20000;
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&t, sizeof t);
    while (got < n) {
        int r = recv(s, (char *)buf + got, n - got, 0);
        if (r <= 0) break;
        got += r;
    }
    return got;
}

typedef struct job {
    tspk_thread t;
    ump_port *port;
    char url[96];
    int rc;
    char buf[64];
} job;

static void do_open(void *arg)
{
    job *j = arg;
    j->rc = ump_open(&j->port, j->url, j->buf, sizeof j->buf);
}

static void do_read(void *arg)
{
    job *j = arg;
    j->rc = ump_read(j->port, j->buf, sizeof j->buf, -1);
}

/* One overlapped ReadFile/WriteFile on a handle, as an application does with the
 * comm/datamodem handle: the bytes moved, or -1 (error, or the end of the data). */
static int handle_io(HANDLE h, int writing, void *buf, DWORD n)
{
    OVERLAPPED ov;
    DWORD got = 0;
    BOOL ok;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok = writing ? WriteFile(h, buf, n, &got, &ov) : ReadFile(h, buf, n, &got, &ov);
    if (!ok && GetLastError() == ERROR_IO_PENDING) {
        if (WaitForSingleObject(ov.hEvent, 20000) != WAIT_OBJECT_0) CancelIo(h);
        ok = GetOverlappedResult(h, &ov, &got, TRUE);
    }
    CloseHandle(ov.hEvent);
    return ok && (got || writing) ? (int)got : -1;
}

static void missing_libraries(void)
{
    ump_port *p = NULL;
    char msg[256];
    int rc = ump_open(&p, "serial:COM1?baud=9600", msg, sizeof msg);
    CHECK(rc == UMP_ENOTSUP && strstr(msg, "libserialport-0.dll"), "serial:COM1 -> %d %s", rc, msg);
    rc = ump_open(&p, "usb:0572:1329", msg, sizeof msg);
    CHECK(rc == UMP_ENOTSUP && strstr(msg, "libusb-1.0.dll"), "usb:0572:1329 -> %d %s", rc, msg);
    rc = ump_open(&p, "tty:/dev/ttyS0", msg, sizeof msg);
    CHECK(rc == UMP_ENOTSUP, "tty: -> %d %s", rc, msg);
}

static void tcp(void)
{
    unsigned short pn;
    SOCKET l = listener(&pn), peer;
    job j;
    char url[64], msg[256], b[16];
    int rc;
    DWORD w;

    snprintf(url, sizeof url, "tcp://127.0.0.1:%u", pn);
    rc = ump_open(&j.port, url, msg, sizeof msg);
    CHECK(rc == UMP_OK, "open %s -> %d %s", url, rc, msg);
    if (rc) return;
    peer = accept(l, NULL, NULL);
    rc = ump_write(j.port, "AT\r\xff", 4, 1000);
    CHECK(rc == 4 && recv_all(peer, b, 4) == 4 && memcmp(b, "AT\r\xff", 4) == 0, "write 4 bytes");

    w = WaitForSingleObject(ump_wait_object(j.port), 0);
    CHECK(w == WAIT_TIMEOUT, "wait object not signalled while idle (%lu)", (unsigned long)w);
    send(peer, "OK\r\n", 4, 0);
    w = WaitForSingleObject(ump_wait_object(j.port), 20000);
    CHECK(w == WAIT_OBJECT_0, "wait object signalled by data (%lu)", (unsigned long)w);
    rc = ump_read(j.port, b, sizeof b, 0);
    CHECK(rc == 4 && memcmp(b, "OK\r\n", 4) == 0, "read 4 bytes -> %d", rc);
    rc = ump_read(j.port, b, sizeof b, 50);
    CHECK(rc == 0, "nothing within 50 ms -> %d", rc);

    j.rc = 12345;
    tspk_thread_create(&j.t, do_read, &j);
    Sleep(50);   /* let the reader get into its wait: that is the path tested here */
    ump_wake(j.port);
    tspk_thread_join(&j.t);
    CHECK(j.rc == UMP_EINTR, "ump_wake ends a blocked read -> %d", j.rc);

    tspk_thread_create(&j.t, do_read, &j);
    Sleep(50);
    closesocket(peer);
    tspk_thread_join(&j.t);
    ump_error_text(j.port, msg, sizeof msg);
    CHECK(j.rc == UMP_EVANISHED, "peer closed mid-read -> %d %s", j.rc, msg);
    ump_close(j.port);

    snprintf(url, sizeof url, "tcp://127.0.0.1:%u?timeout=2000", pn);
    closesocket(l);
    rc = ump_open(&j.port, url, msg, sizeof msg);
    CHECK(rc == UMP_ENOENT || rc == UMP_ETIMEDOUT, "nothing listening -> %d %s", rc, msg);
}

static void rfc2217(void)
{
    static const unsigned char offers[] = { 255, 251, 0, 255, 253, 0, 255, 251, 3, 255, 253, 3,
                                            255, 251, 44 };
    static const unsigned char agree[] = { 255, 253, 0, 255, 251, 0, 255, 253, 3, 255, 251, 3,
                                           255, 253, 44 };
    static const unsigned char setup[] = {
        255, 250, 44, 11, 255, 255, 255, 240, 255, 250, 44, 1, 0, 0, 0x25, 0x80, 255, 240,
        255, 250, 44, 2, 8, 255, 240, 255, 250, 44, 3, 1, 255, 240, 255, 250, 44, 4, 1, 255, 240,
        255, 250, 44, 5, 1, 255, 240, 255, 250, 44, 5, 8, 255, 240, 255, 250, 44, 5, 11, 255, 240,
    };
    static const unsigned char notice[] = { 255, 250, 44, 107, 0x80, 255, 240, 'h', 255, 255 };
    unsigned char got[sizeof setup];
    unsigned short pn;
    SOCKET l = listener(&pn), peer;
    job j;
    unsigned v = 0, k = 0;
    int rc, n;

    memset(&j, 0, sizeof j);
    snprintf(j.url, sizeof j.url, "rfc2217://127.0.0.1:%u?baud=9600", pn);
    tspk_thread_create(&j.t, do_open, &j);
    peer = accept(l, NULL, NULL);
    CHECK(recv_all(peer, got, sizeof offers) == (int)sizeof offers &&
          memcmp(got, offers, sizeof offers) == 0, "rfc2217: Telnet offers");
    send(peer, (const char *)agree, sizeof agree, 0);
    CHECK(recv_all(peer, got, sizeof setup) == (int)sizeof setup &&
          memcmp(got, setup, sizeof setup) == 0, "rfc2217: mask, coding, DTR and RTS commands");
    tspk_thread_join(&j.t);
    CHECK(j.rc == UMP_OK, "rfc2217: open -> %d %s", j.rc, j.buf);
    if (j.rc) return;
    rc = ump_write(j.port, "\xff", 1, 1000);
    CHECK(rc == 1 && recv_all(peer, got, 2) == 2 && got[0] == 255 && got[1] == 255,
          "rfc2217: 0xFF goes out doubled");
    send(peer, (const char *)notice, sizeof notice, 0);
    /* A small read takes a few raw bytes at a time; 0 says the lines changed. */
    for (n = 0, rc = 0; n < 2 && rc >= 0; n += rc > 0 ? rc : 0)
        rc = ump_read(j.port, got + n, 2 - n, 20000);
    CHECK(n == 2 && got[0] == 'h' && got[1] == 255, "rfc2217: data after NOTIFY-MODEMSTATE (%d)", rc);
    ump_get_lines(j.port, &v, &k);
    CHECK((v & UMP_DCD) && (k & UMP_DCD), "rfc2217: DCD from NOTIFY-MODEMSTATE (%#x/%#x)", v, k);

    /* The relay (relay.c): a loopback socket whose copy (DuplicateHandle, as the TSP's
     * lineGetID does) carries the data unescaped; the hang-up ends it. */
    {
        static const unsigned char hangup[] = { 255, 250, 44, 5, 9, 255, 240, 255, 250, 44, 5, 8, 255, 240 };
        HANDLE h = ump_native_handle(j.port), copy = NULL;
        CHECK(h != NULL && DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &copy, 0,
                                           FALSE, DUPLICATE_SAME_ACCESS),
              "relay: a handle (%p), duplicated", h);
        if (copy) {
            CHECK(handle_io(copy, 1, "\xffZ", 2) == 2 && recv_all(peer, got, 3) == 3 &&
                  memcmp(got, "\xff\xffZ", 3) == 0, "relay: WriteFile's 0xFF goes out doubled");
            send(peer, "ab\xff\xff", 4, 0);
            for (n = 0, rc = 0; n < 3 && rc >= 0; n += rc > 0 ? rc : 0)
                rc = handle_io(copy, 0, got + n, (DWORD)(3 - n));
            CHECK(n == 3 && memcmp(got, "ab\xff", 3) == 0, "relay: ReadFile gets the data decoded");
            rc = ump_hangup(j.port, 1);
            CHECK(rc == UMP_OK && recv_all(peer, got, sizeof hangup) == (int)sizeof hangup &&
                  memcmp(got, hangup, sizeof hangup) == 0, "relay: the hang-up takes the port back");
            CHECK(handle_io(copy, 0, got, 1) < 0, "relay: then the copy reads the end of the data");
            CloseHandle(copy);
        }
    }
    ump_close(j.port);
    closesocket(peer);
    closesocket(l);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    missing_libraries();
    tcp();
    rfc2217();
    WSACleanup();
    printf("%d failed\n", failures);
    return failures ? 1 : 0;
}
