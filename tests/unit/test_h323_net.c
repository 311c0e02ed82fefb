/* Unit tests for the socket layer's pure parts: the capture tap (tsp-h323/net/h323_tap.h),
 * read back packet by packet (Ethernet, IPv4/IPv6 with header checksum, TCP/UDP with
 * pseudo-header checksums, sequence and acknowledgement numbers that run on across
 * segments, handshake and FINs), and the text forms (tsp-h323/net/h323_text.h):
 * addresses, destinations, the h323-call commands, event lines, with hostile input.
 * The loop itself runs with real engines and sockets in tests/h323/loopback.c. */
#define _POSIX_C_SOURCE 200809L   /* getpid */
#include "net/h323_tap.h"
#include "net/h323_text.h"
#include "h245/h245.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>

/* ---- reading a pcap back ---- */

typedef struct {
    uint8_t *data;
    size_t len, pos;
} file;

static file slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    file r = { malloc(1 << 20), 0, 0 };
    assert_non_null(r.data);
    r.len = fread(r.data, 1, 1 << 20, f);
    fclose(f);
    return r;
}

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p) { return (uint32_t)be16(p) << 16 | be16(p + 2); }

static uint32_t sum16(uint32_t acc, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        acc += (uint32_t)p[i] << 8 | p[i + 1];
    if (n & 1)
        acc += (uint32_t)p[n - 1] << 8;
    return acc;
}

/* A checksum that verifies folds to 0xFFFF (RFC 1071). */
static uint16_t folded(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xFFFF) + (acc >> 16);
    return (uint16_t)acc;
}

typedef struct {
    int family;
    uint8_t proto;
    uint8_t src[16], dst[16];
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    const uint8_t *payload;
    size_t len;
} pkt;

/* The next packet, every checksum verified. false at the end. */
static bool next_packet(file *f, pkt *p)
{
    if (f->pos == 0) {
        assert_true(f->len >= 24);
        assert_int_equal(le32(f->data), 0xA1B2C3D4);
        assert_int_equal(le32(f->data + 20), 1);
        f->pos = 24;
    }
    if (f->pos == f->len)
        return false;
    assert_true(f->len - f->pos >= 16);
    uint32_t incl = le32(f->data + f->pos + 8), orig = le32(f->data + f->pos + 12);
    assert_int_equal(incl, orig);
    assert_true(f->len - f->pos - 16 >= incl);
    const uint8_t *fr = f->data + f->pos + 16;
    f->pos += 16 + incl;
    memset(p, 0, sizeof *p);
    uint16_t et = be16(fr + 12);
    const uint8_t *ip = fr + 14, *l4;
    size_t l4len;
    uint32_t acc;
    if (et == 0x0800) {
        p->family = 4;
        assert_int_equal(ip[0], 0x45);
        assert_int_equal(folded(sum16(0, ip, 20)), 0xFFFF);
        assert_int_equal(be16(ip + 2), incl - 14);
        p->proto = ip[9];
        memcpy(p->src, ip + 12, 4);
        memcpy(p->dst, ip + 16, 4);
        l4 = ip + 20;
        l4len = incl - 34;
        uint8_t ph[12] = { 0 };
        memcpy(ph, ip + 12, 8);
        ph[9] = p->proto;
        ph[10] = (uint8_t)(l4len >> 8);
        ph[11] = (uint8_t)l4len;
        acc = sum16(0, ph, 12);
    } else {
        assert_int_equal(et, 0x86DD);
        p->family = 6;
        assert_int_equal(ip[0] >> 4, 6);
        assert_int_equal(be16(ip + 4), incl - 54);
        p->proto = ip[6];
        memcpy(p->src, ip + 8, 16);
        memcpy(p->dst, ip + 24, 16);
        l4 = ip + 40;
        l4len = incl - 54;
        uint8_t ph[40] = { 0 };
        memcpy(ph, ip + 8, 32);
        ph[34] = (uint8_t)(l4len >> 8);
        ph[35] = (uint8_t)l4len;
        ph[39] = p->proto;
        acc = sum16(0, ph, 40);
    }
    assert_int_equal(folded(sum16(acc, l4, l4len)), 0xFFFF);
    p->sport = be16(l4);
    p->dport = be16(l4 + 2);
    if (p->proto == 6) {
        p->seq = be32(l4 + 4);
        p->ack = be32(l4 + 8);
        p->flags = l4[13];
        p->payload = l4 + 20;
        p->len = l4len - 20;
    } else {
        assert_int_equal(p->proto, 17);
        assert_int_equal(be16(l4 + 4), l4len);
        p->payload = l4 + 8;
        p->len = l4len - 8;
    }
    return true;
}

#define SYN 0x02
#define FIN 0x01
#define ACK 0x10

static const char *tmp_path(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s-%d.pcap", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name, (int)getpid());
    return path;
}

/* ---- tap ---- */

static void tcp_flow(int family)
{
    h323_addr me = { .family = (uint8_t)family, .port = 40000 }, peer = { .family = (uint8_t)family, .port = 1720 };
    if (family == 4) {
        me.ip[0] = 127, me.ip[3] = 1;
        peer.ip[0] = 127, peer.ip[3] = 2;
    } else {
        me.ip[15] = 1;
        peer.ip[0] = 0xfe, peer.ip[1] = 0x80, peer.ip[15] = 2;
    }
    const char *path = tmp_path(family == 4 ? "tap4" : "tap6");
    h323_tap *t;
    assert_int_equal(h323_tap_open(path, &t), 0);
    h323_tap_flow f;
    uint8_t out[3000], in[10];
    for (size_t i = 0; i < sizeof out; i++)
        out[i] = (uint8_t)(i * 7);
    memset(in, 0x42, sizeof in);
    h323_tap_tcp_open(t, &f, &me, &peer, true);
    h323_tap_tcp_data(t, &f, H323_TAP_OUT, out, sizeof out);
    h323_tap_tcp_data(t, &f, H323_TAP_IN, in, sizeof in);
    h323_tap_tcp_fin(t, &f, H323_TAP_IN);
    h323_tap_tcp_data(t, &f, H323_TAP_IN, in, sizeof in);      /* after its FIN: not written */
    h323_tap_tcp_fin(t, &f, H323_TAP_OUT);
    h323_tap_tcp_fin(t, &f, H323_TAP_OUT);                     /* twice: once */
    h323_tap_udp(t, &me, &peer, H323_TAP_IN, in, 5);
    uint64_t written = h323_tap_packets(t);
    assert_int_equal(h323_tap_close(t), 0);

    /* SYN, SYN/ACK, ACK, 3 data out (1440+1440+120), 1 data in, FIN in + ACK, FIN out + ACK, UDP */
    file fl = slurp(path);
    pkt p[16];
    size_t np = 0;
    while (np < 16 && next_packet(&fl, &p[np]))
        np++;
    printf("tap IPv%d: %zu packets (tap says %llu):", family, np, (unsigned long long)written);
    for (size_t i = 0; i < np; i++)
        printf(" [%s%s%s len=%zu seq=%u ack=%u]", p[i].proto == 17 ? "udp" : "", p[i].flags & SYN ? "S" : "",
               p[i].flags & FIN ? "F" : "", p[i].len, p[i].seq, p[i].ack);
    printf("\n");
    assert_int_equal(np, 12);
    assert_int_equal(written, 12);
    size_t alen = family == 4 ? 4 : 16;
    assert_int_equal(p[0].flags, SYN);
    assert_memory_equal(p[0].src, me.ip, alen);
    assert_int_equal(p[0].sport, 40000);
    assert_int_equal(p[1].flags, SYN | ACK);
    assert_memory_equal(p[1].src, peer.ip, alen);
    assert_int_equal(p[1].ack, p[0].seq + 1);
    assert_int_equal(p[2].flags, ACK);
    assert_int_equal(p[2].seq, p[0].seq + 1);
    assert_int_equal(p[2].ack, p[1].seq + 1);
    /* Data out: contiguous sequence numbers, bytes as given. */
    uint32_t seq = p[0].seq + 1;
    size_t off = 0;
    for (int i = 3; i <= 5; i++) {
        assert_int_equal(p[i].seq, seq);
        assert_int_equal(p[i].ack, p[1].seq + 1);
        assert_memory_equal(p[i].payload, out + off, p[i].len);
        seq += (uint32_t)p[i].len;
        off += p[i].len;
    }
    assert_int_equal(off, sizeof out);
    assert_int_equal(p[6].seq, p[1].seq + 1);                  /* data in */
    assert_int_equal(p[6].ack, seq);
    assert_int_equal(p[6].len, 10);
    assert_int_equal(p[7].flags, FIN | ACK);                   /* the peer's FIN */
    assert_int_equal(p[7].seq, p[1].seq + 1 + 10);
    assert_int_equal(p[8].flags, ACK);
    assert_int_equal(p[8].ack, p[7].seq + 1);
    assert_int_equal(p[9].flags, FIN | ACK);                   /* ours */
    assert_int_equal(p[9].seq, seq);
    assert_int_equal(p[10].ack, p[9].seq + 1);
    assert_int_equal(p[11].proto, 17);
    assert_memory_equal(p[11].src, peer.ip, alen);
    assert_int_equal(p[11].len, 5);
    free(fl.data);
    remove(path);
}

static void test_tap_tcp_v4(void **state) { (void)state; tcp_flow(4); }
static void test_tap_tcp_v6(void **state) { (void)state; tcp_flow(6); }

static void test_tap_refuses(void **state)
{
    (void)state;
    h323_tap *t = (h323_tap *)1;
    int r = h323_tap_open("/nonexistent-dir/x.pcap", &t);
    printf("open in a missing directory: %d (%s)\n", r, strerror(-r));
    assert_int_equal(r, -ENOENT);
    assert_null(t);
    assert_int_equal(h323_tap_close(NULL), 0);
    /* Mixed families, family 0, NULL tap, an oversized datagram: nothing written, no crash. */
    const char *path = tmp_path("tapmix");
    assert_int_equal(h323_tap_open(path, &t), 0);
    h323_addr v4 = { .family = 4, .ip = { 10, 0, 0, 1 }, .port = 1 }, v6 = { .family = 6, .port = 2 }, none = { 0 };
    h323_tap_flow f;
    h323_tap_tcp_open(t, &f, &v4, &v6, true);
    h323_tap_tcp_data(t, &f, H323_TAP_OUT, (const uint8_t *)"x", 1);
    h323_tap_tcp_fin(t, &f, H323_TAP_OUT);
    h323_tap_udp(t, &none, &v4, H323_TAP_OUT, (const uint8_t *)"x", 1);
    static uint8_t big[70000];
    h323_tap_udp(t, &v4, &v4, H323_TAP_OUT, big, sizeof big);
    h323_tap_udp(NULL, &v4, &v4, H323_TAP_OUT, big, 1);
    printf("packets after refused writes: %llu\n", (unsigned long long)h323_tap_packets(t));
    assert_int_equal(h323_tap_packets(t), 0);
    /* A datagram larger than the tap's frame buffer is still written whole. */
    h323_tap_udp(t, &v4, &v4, H323_TAP_OUT, big, 60000);
    assert_int_equal(h323_tap_close(t), 0);
    file fl = slurp(path);
    pkt p;
    assert_true(next_packet(&fl, &p));
    assert_int_equal(p.len, 60000);
    assert_false(next_packet(&fl, &p));
    free(fl.data);
    remove(path);
}

/* ---- text: addresses ---- */

static void test_parse_addr(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } good[] = {
        { "127.0.0.1", "127.0.0.1:1720" }, { "10.1.2.3:5000", "10.1.2.3:5000" },
        { "255.255.255.255:65535", "255.255.255.255:65535" }, { "0.0.0.0:1", "0.0.0.0:1" },
        { "::1", "[::1]:1720" }, { "[::1]:99", "[::1]:99" }, { "::", "[::]:1720" },
        { "2001:DB8::1", "[2001:db8::1]:1720" }, { "[2001:db8:0:0:1:0:0:1]:1", "[2001:db8::1:0:0:1]:1" },
        { "1:2:3:4:5:6:7:8", "[1:2:3:4:5:6:7:8]:1720" }, { "1::", "[1::]:1720" },
        { "::ffff:1.2.3.4", "[::ffff:102:304]:1720" }, { "[fe80::1:2]:1719", "[fe80::1:2]:1719" },
        { "1:0:0:2:0:0:0:3", "[1:0:0:2::3]:1720" },
    };
    char buf[64];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        h323_addr a;
        int r = h323_text_parse_addr(good[i].in, 1720, &a);
        printf("%-28s -> %d %s\n", good[i].in, r, r == 0 ? h323_text_addr(&a, buf, sizeof buf) : "");
        assert_int_equal(r, 0);
        assert_string_equal(h323_text_addr(&a, buf, sizeof buf), good[i].out);
    }
    static const char *const bad[] = {
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4:", "1.2.3.4:0", "1.2.3.4:65536",
        "1.2.3.4:12a", "a.b.c.d", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "[::1", "[::1]x", "[1.2.3.4]",
        "12345::", "::g", "1:", ":1", "[::1]:", "1.2.3.4 ", " 1.2.3.4", "1..2.3", "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3", "::1.2.3.4.5", "[]:5", "host.example:1720",
        "11111111111111111111111111111111111111111111111111111111111111111111111111111",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        h323_addr a = { .family = 9 };
        int r = h323_text_parse_addr(bad[i], 1720, &a);
        printf("%-28s -> %d (refused)\n", bad[i], r);
        assert_int_equal(r, -1);
        assert_int_equal(a.family, 9);                       /* untouched */
    }
    assert_int_equal(h323_text_parse_addr(NULL, 1, NULL), -1);
    /* Formatting into small buffers stays NUL-terminated. */
    h323_addr a;
    assert_int_equal(h323_text_parse_addr("[2001:db8::1]:1", 0, &a), 0);
    for (size_t n = 1; n < 20; n++) {
        char small[20];
        memset(small, 'x', sizeof small);
        h323_text_addr(&a, small, n);
        assert_true(strlen(small) < n);
    }
    assert_string_equal(h323_text_addr(&(h323_addr){ 0 }, buf, sizeof buf), "-");
}

static void test_parse_dest(void **state)
{
    (void)state;
    static const struct { const char *in, *alias, *host; unsigned port; } good[] = {
        { "bob@127.0.0.1", "bob", "127.0.0.1", 0 },
        { "bob@127.0.0.1:1721", "bob", "127.0.0.1", 1721 },
        { "h323:bob@host.example", "bob", "host.example", 0 },
        { "bob@alice@example.com@10.0.0.1:2", "bob@alice@example.com", "10.0.0.1", 2 },
        { "1234@[::1]:1720", "1234", "::1", 1720 },
        { "10.0.0.2", "", "10.0.0.2", 0 },
        { "gw.example:1720", "", "gw.example", 1720 },
        { "::1", "", "::1", 0 },
        { "bob", "bob", "", 0 },
        { "5551234", "5551234", "", 0 },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        h323_text_dest d;
        int r = h323_text_parse_dest(good[i].in, &d);
        printf("%-36s -> %d alias=\"%s\" host=\"%s\" port=%u\n", good[i].in, r, d.alias, d.host, d.port);
        assert_int_equal(r, 0);
        assert_string_equal(d.alias, good[i].alias);
        assert_string_equal(d.host, good[i].host);
        assert_int_equal(d.port, good[i].port);
    }
    char longalias[300];
    memset(longalias, 'a', sizeof longalias);
    strcpy(longalias + 200, "@1.2.3.4");
    static const char *const bad[] = { "", "@1.2.3.4", "bob@", "bob@:1720", "bob@1.2.3.4:0", "bob@1.2.3.4:x",
                                       "bob@ho st", "bob@[::1", "h323:", "bob@1.2.3.4:99999", "bob@a/b" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        h323_text_dest d;
        int r = h323_text_parse_dest(bad[i], &d);
        printf("%-36s -> %d (refused)\n", bad[i], r);
        assert_int_equal(r, -1);
    }
    h323_text_dest d;
    assert_int_equal(h323_text_parse_dest(longalias, &d), -1);
    assert_int_equal(h323_text_parse_dest(NULL, &d), -1);
}

static void test_parse_command(void **state)
{
    (void)state;
    h323_text_cmd c;
    const char *why;
    assert_int_equal(h323_text_parse_command("call bob@127.0.0.1:1720\n", &c, &why), 0);
    assert_int_equal(c.type, H323_TEXT_CALL);
    assert_string_equal(c.dest.alias, "bob");
    assert_int_equal(c.dest.port, 1720);
    assert_int_equal(h323_text_parse_command("  answer  \r\n", &c, &why), 0);
    assert_int_equal(c.type, H323_TEXT_ANSWER);
    assert_int_equal(h323_text_parse_command("alert", &c, &why), 0);
    assert_int_equal(c.type, H323_TEXT_ALERT);
    assert_int_equal(h323_text_parse_command("hangup", &c, &why), 0);
    assert_int_equal(c.type, H323_TEXT_HANGUP);
    assert_int_equal(c.cause, 16);
    assert_int_equal(h323_text_parse_command("hangup 17", &c, &why), 0);
    assert_int_equal(c.cause, 17);
    assert_int_equal(h323_text_parse_command("dtmf 12#*AD!", &c, &why), 0);
    assert_int_equal(c.type, H323_TEXT_DTMF);
    assert_string_equal(c.digits, "12#*AD!");
    assert_int_equal(h323_text_parse_command("quit", &c, &why), 0);
    assert_int_equal(c.type, H323_TEXT_QUIT);
    assert_int_equal(h323_text_parse_command("", &c, &why), 0);
    assert_int_equal(c.type, H323_TEXT_EMPTY);
    assert_int_equal(h323_text_parse_command("# a comment", &c, &why), 0);
    assert_int_equal(c.type, H323_TEXT_EMPTY);

    char longdigits[100];
    memset(longdigits, '1', sizeof longdigits);
    strcpy(longdigits, "dtmf ");
    memset(longdigits + 5, '1', 65);
    longdigits[70] = 0;
    static const char *const bad[] = { "call", "call @", "hangup 0", "hangup 128", "hangup 1x", "hangup 0016",
                                       "dtmf", "dtmf 12e", "dial 123", "answer now", "quit quit",
                                       "callx bob", "verylongcommandname x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0] + 1; i++) {
        const char *in = i < sizeof bad / sizeof bad[0] ? bad[i] : longdigits;
        why = NULL;
        int r = h323_text_parse_command(in, &c, &why);
        printf("%-24.24s -> %d %s\n", in, r, why ? why : "");
        assert_int_equal(r, -1);
        assert_non_null(why);
    }
}

static void test_event_lines(void **state)
{
    (void)state;
    char buf[512];
    h323_event e = { .type = H323_EV_MEDIA };
    e.u.media = (h323_media_channel){ .direction = H323_DIR_TX, .session_id = 1, .lcn = 2,
                                      .codec = H245_AUDIO_G711_ULAW64K, .frames = 20,
                                      .rtp = { 4, { 127, 0, 0, 1 }, 5000 }, .rtcp = { 4, { 127, 0, 0, 1 }, 5001 } };
    h323_text_event(&e, 3, NULL, buf, sizeof buf);
    printf("%s\n", buf);
    assert_string_equal(buf, "media 3 tx g711u 20 rtp=127.0.0.1:5000 rtcp=127.0.0.1:5001 lcn=2");
    e = (h323_event){ .type = H323_EV_RELEASED };
    e.u.released.cause = 17;
    e.u.released.reason = UINT32_MAX;
    e.u.released.text = "peer released";
    h323_text_event(&e, 1, NULL, buf, sizeof buf);
    printf("%s\n", buf);
    assert_string_equal(buf, "released 1 cause=17 local=no (peer released)");
    e = (h323_event){ .type = H323_EV_DTMF };
    e.u.dtmf.digit = '#';
    e.u.dtmf.duration_ms = 100;
    h323_text_event(&e, 1, NULL, buf, sizeof buf);
    assert_string_equal(buf, "dtmf 1 # 100");
    h323_call_info info = { .fast_start = true, .h245 = H323_H245_TUNNELLED };
    strcpy(info.calling_alias, "alice");
    strcpy(info.calling_number, "1001");
    strcpy(info.called_alias, "bob");
    info.remote_signal = (h323_addr){ 4, { 127, 0, 0, 1 }, 40000 };
    e = (h323_event){ .type = H323_EV_INCOMING };
    h323_text_event(&e, 7, &info, buf, sizeof buf);
    printf("%s\n", buf);
    assert_string_equal(buf, "incoming 7 from=\"alice\" number=\"1001\" to=\"bob\" to-number=\"\" display=\"\" "
                             "signal=127.0.0.1:40000 fast-start=yes");
    e = (h323_event){ .type = H323_EV_CONNECTED };
    h323_text_event(&e, 7, &info, buf, sizeof buf);
    assert_string_equal(buf, "connected 7 fast-start=yes h245=tunnelled");
    /* Every size down to 1 stays terminated, and the length returned is what is there. */
    e = (h323_event){ .type = H323_EV_INCOMING };
    for (size_t n = 1; n < 120; n++) {
        char small[120];
        size_t k = h323_text_event(&e, 7, &info, small, n);
        assert_int_equal(strlen(small), k);
        assert_true(k < n);
    }
    e = (h323_event){ .type = (enum h323_event_type)99 };
    h323_text_event(&e, 1, NULL, buf, sizeof buf);
    assert_string_equal(buf, "event-99 1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tap_tcp_v4),
        cmocka_unit_test(test_tap_tcp_v6),
        cmocka_unit_test(test_tap_refuses),
        cmocka_unit_test(test_parse_addr),
        cmocka_unit_test(test_parse_dest),
        cmocka_unit_test(test_parse_command),
        cmocka_unit_test(test_event_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
