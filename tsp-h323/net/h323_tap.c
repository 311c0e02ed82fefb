/* tsp-h323/net/h323_tap.c - the capture tap: synthesized packets in a pcap; see h323_tap.h. */
#ifdef _WIN32
#  include <windows.h>
#else
#  define _POSIX_C_SOURCE 200809L    /* clock_gettime */
#endif

#include "net/h323_tap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ETH_LEN 14
#define IP4_LEN 20
#define IP6_LEN 40
#define TCP_LEN 20
#define UDP_LEN 8
#define MSS 1440                 /* fits IPv4 and IPv6 on a 1500-octet link */
#define MAX_UDP 65487            /* 65535 - 40 - 8: the IPv6 payload length limit, minus UDP */

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

struct h323_tap {
    FILE *f;
    bool failed;
    uint16_t ip_id;
    uint64_t packets;
    uint8_t frame[ETH_LEN + IP6_LEN + TCP_LEN + MSS];
};

static void le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void le32(uint8_t *p, uint32_t v) { le16(p, (uint16_t)v); le16(p + 2, (uint16_t)(v >> 16)); }
static void be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void be32(uint8_t *p, uint32_t v) { be16(p, (uint16_t)(v >> 16)); be16(p + 2, (uint16_t)v); }

/* Ones' complement sum of big-endian 16-bit words, not folded (RFC 1071). */
static uint32_t sum16(uint32_t acc, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        acc += (uint32_t)p[i] << 8 | p[i + 1];
    if (n & 1)
        acc += (uint32_t)p[n - 1] << 8;
    return acc;
}

static uint16_t fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xFFFF) + (acc >> 16);
    return (uint16_t)~acc;
}

/* Wall-clock time for the packet records. */
static void utc_now(uint32_t *sec, uint32_t *usec)
{
#ifdef _WIN32
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);              /* 100 ns units since 1601-01-01 */
    uint64_t t = ((uint64_t)ft.dwHighDateTime << 32 | ft.dwLowDateTime) / 10 - UINT64_C(11644473600000000);
    *sec = (uint32_t)(t / 1000000);
    *usec = (uint32_t)(t % 1000000);
#else
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *sec = (uint32_t)ts.tv_sec;
    *usec = (uint32_t)(ts.tv_nsec / 1000);
#endif
}

static void put(h323_tap *t, const void *p, size_t n)
{
    if (!t->failed && fwrite(p, 1, n, t->f) != n)
        t->failed = true;
}

int h323_tap_open(const char *path, h323_tap **out)
{
    *out = NULL;
    h323_tap *t = calloc(1, sizeof *t);
    if (!t)
        return -ENOMEM;
    t->f = fopen(path, "wb");
    if (!t->f) {
        int e = errno ? errno : EIO;
        free(t);
        return -e;
    }
    t->ip_id = 1;
    uint8_t h[24];
    le32(h, 0xA1B2C3D4);         /* microsecond timestamps */
    le16(h + 4, 2);              /* version 2.4 */
    le16(h + 6, 4);
    le32(h + 8, 0);              /* UTC */
    le32(h + 12, 0);
    le32(h + 16, 65535);         /* snaplen */
    le32(h + 20, 1);             /* LINKTYPE_ETHERNET */
    put(t, h, sizeof h);
    *out = t;
    return 0;
}

int h323_tap_close(h323_tap *t)
{
    if (!t)
        return 0;
    bool bad = t->failed;
    if (fclose(t->f) != 0)
        bad = true;
    free(t);
    return bad ? -EIO : 0;
}

uint64_t h323_tap_packets(const h323_tap *t)
{
    return t ? t->packets : 0;
}

/* A locally administered MAC derived from the address, so each host looks distinct. */
static void mac_of(uint8_t mac[6], const h323_addr *a)
{
    const uint8_t *ip = a->family == 6 ? a->ip + 12 : a->ip;
    mac[0] = 0x02;
    mac[1] = 0x00;
    memcpy(mac + 2, ip, 4);
}

/* Writes one packet: l4 header (l4len octets, checksum at offset csum) + payload, inside
 * IPv4 or IPv6 from src to dst. The transport checksum covers the pseudo-header
 * (RFC 9293 3.1, RFC 768, RFC 8200 8.1). */
static void packet(h323_tap *t, const h323_addr *src, const h323_addr *dst, uint8_t proto, uint8_t *l4,
                   size_t l4len, size_t csum, const uint8_t *payload, size_t n)
{
    if (!t || t->failed)
        return;
    bool v6 = src->family == 6;
    size_t iplen = v6 ? IP6_LEN : IP4_LEN;
    size_t seglen = l4len + n;
    uint8_t *fr = t->frame;
    uint8_t *big = NULL;
    if (ETH_LEN + iplen + seglen > sizeof t->frame) {   /* a large UDP datagram */
        big = malloc(ETH_LEN + iplen + seglen);
        if (!big) {
            t->failed = true;
            return;
        }
        fr = big;
    }
    mac_of(fr, dst);
    mac_of(fr + 6, src);
    be16(fr + 12, v6 ? 0x86DD : 0x0800);
    uint8_t *ip = fr + ETH_LEN;
    uint8_t pseudo[40];
    size_t plen;
    if (v6) {
        be32(ip, 0x60000000);                 /* version 6, no traffic class or flow label */
        be16(ip + 4, (uint16_t)seglen);
        ip[6] = proto;
        ip[7] = 64;                           /* hop limit */
        memcpy(ip + 8, src->ip, 16);
        memcpy(ip + 24, dst->ip, 16);
        memcpy(pseudo, src->ip, 16);
        memcpy(pseudo + 16, dst->ip, 16);
        be32(pseudo + 32, (uint32_t)seglen);
        memset(pseudo + 36, 0, 3);
        pseudo[39] = proto;
        plen = 40;
    } else {
        ip[0] = 0x45;
        ip[1] = 0;
        be16(ip + 2, (uint16_t)(IP4_LEN + seglen));
        be16(ip + 4, t->ip_id++);
        be16(ip + 6, 0x4000);                 /* don't fragment */
        ip[8] = 64;
        ip[9] = proto;
        be16(ip + 10, 0);
        memcpy(ip + 12, src->ip, 4);
        memcpy(ip + 16, dst->ip, 4);
        be16(ip + 10, fold(sum16(0, ip, IP4_LEN)));
        memcpy(pseudo, src->ip, 4);
        memcpy(pseudo + 4, dst->ip, 4);
        pseudo[8] = 0;
        pseudo[9] = proto;
        be16(pseudo + 10, (uint16_t)seglen);
        plen = 12;
    }
    uint8_t *seg = ip + iplen;
    memcpy(seg, l4, l4len);
    if (n)
        memcpy(seg + l4len, payload, n);
    be16(seg + csum, 0);
    uint16_t sum = fold(sum16(sum16(0, pseudo, plen), seg, seglen));
    if (proto == 17 && sum == 0)
        sum = 0xFFFF;                         /* RFC 768: 0 means "no checksum" */
    be16(seg + csum, sum);

    uint32_t sec, usec;
    utc_now(&sec, &usec);
    size_t flen = ETH_LEN + iplen + seglen;
    uint8_t rec[16];
    le32(rec, sec);
    le32(rec + 4, usec);
    le32(rec + 8, (uint32_t)flen);
    le32(rec + 12, (uint32_t)flen);
    put(t, rec, sizeof rec);
    put(t, fr, flen);
    free(big);
    t->packets++;
}

static bool usable(const h323_addr *a, const h323_addr *b)
{
    return a->family == b->family && (a->family == 4 || a->family == 6);
}

static void segment(h323_tap *t, h323_tap_flow *f, enum h323_tap_dir dir, uint8_t flags, const uint8_t *p,
                    size_t n)
{
    const h323_addr *src = dir == H323_TAP_OUT ? &f->local : &f->remote;
    const h323_addr *dst = dir == H323_TAP_OUT ? &f->remote : &f->local;
    uint8_t h[TCP_LEN];
    be16(h, src->port);
    be16(h + 2, dst->port);
    be32(h + 4, f->next_seq[dir]);
    be32(h + 8, flags & TCP_ACK ? f->next_seq[!dir] : 0);
    h[12] = (TCP_LEN / 4) << 4;
    h[13] = flags;
    be16(h + 14, 65535);
    be16(h + 16, 0);
    be16(h + 18, 0);
    packet(t, src, dst, 6, h, sizeof h, 16, p, n);
    /* SYN and FIN each take one sequence number (RFC 9293 3.4). */
    f->next_seq[dir] += (uint32_t)n + ((flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
}

void h323_tap_tcp_open(h323_tap *t, h323_tap_flow *f, const h323_addr *local, const h323_addr *remote,
                       bool we_connected)
{
    memset(f, 0, sizeof *f);
    f->local = *local;
    f->remote = *remote;
    /* Fixed initial sequence numbers: a flow is told apart by its ports, and fixed
     * numbers keep captures comparable. */
    f->next_seq[H323_TAP_OUT] = we_connected ? 1000 : 5000;
    f->next_seq[H323_TAP_IN] = we_connected ? 5000 : 1000;
    if (!t || !usable(local, remote))
        return;
    enum h323_tap_dir a = we_connected ? H323_TAP_OUT : H323_TAP_IN;
    enum h323_tap_dir b = a == H323_TAP_OUT ? H323_TAP_IN : H323_TAP_OUT;
    /* The SYN/ACK acknowledges the SYN: its ack number is the SYN's sequence + 1. */
    segment(t, f, a, TCP_SYN, NULL, 0);
    segment(t, f, b, TCP_SYN | TCP_ACK, NULL, 0);
    segment(t, f, a, TCP_ACK, NULL, 0);
}

void h323_tap_tcp_data(h323_tap *t, h323_tap_flow *f, enum h323_tap_dir dir, const uint8_t *p, size_t n)
{
    if (!t || !usable(&f->local, &f->remote) || f->fin[dir])
        return;
    while (n) {
        size_t k = n < MSS ? n : MSS;
        segment(t, f, dir, (uint8_t)(TCP_ACK | (k == n ? TCP_PSH : 0)), p, k);
        p += k;
        n -= k;
    }
}

void h323_tap_tcp_fin(h323_tap *t, h323_tap_flow *f, enum h323_tap_dir dir)
{
    if (!t || !usable(&f->local, &f->remote) || f->fin[dir])
        return;
    f->fin[dir] = true;
    segment(t, f, dir, TCP_FIN | TCP_ACK, NULL, 0);
    /* The other side acknowledges the FIN, unless it already sent its own FIN, in which
     * case this FIN/ACK acknowledged it; a last bare ACK closes the exchange. */
    segment(t, f, dir == H323_TAP_OUT ? H323_TAP_IN : H323_TAP_OUT, TCP_ACK, NULL, 0);
}

void h323_tap_udp(h323_tap *t, const h323_addr *local, const h323_addr *remote, enum h323_tap_dir dir,
                  const uint8_t *p, size_t n)
{
    if (!t || !usable(local, remote) || n > MAX_UDP)
        return;
    const h323_addr *src = dir == H323_TAP_OUT ? local : remote;
    const h323_addr *dst = dir == H323_TAP_OUT ? remote : local;
    uint8_t h[UDP_LEN];
    be16(h, src->port);
    be16(h + 2, dst->port);
    be16(h + 4, (uint16_t)(UDP_LEN + n));
    be16(h + 6, 0);
    packet(t, src, dst, 17, h, sizeof h, 6, p, n);
}
