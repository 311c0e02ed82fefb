/* tests/h323/pcap.c - classic pcap writer for tests; see pcap.h. */
#include "pcap.h"

#include <stdlib.h>
#include <string.h>

#define ETH_LEN 14
#define IP_LEN 20
#define TCP_LEN 20
#define UDP_LEN 8

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* 2024-01-01 00:00:00 UTC: any fixed time; it keeps the files reproducible. */
#define START_SEC 1704067200u

static void le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void le32(uint8_t *p, uint32_t v) { le16(p, (uint16_t)v); le16(p + 2, (uint16_t)(v >> 16)); }
static void be16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void be32(uint8_t *p, uint32_t v) { be16(p, (uint16_t)(v >> 16)); be16(p + 2, (uint16_t)v); }

/* Ones' complement sum of 16-bit big-endian words (RFC 1071), not yet folded. */
static uint32_t sum16(uint32_t acc, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        acc += (uint32_t)p[i] << 8 | p[i + 1];
    if (len & 1)
        acc += (uint32_t)p[len - 1] << 8;
    return acc;
}

static uint16_t fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xFFFF) + (acc >> 16);
    return (uint16_t)~acc;
}

/* The Internet checksum (RFC 1071). */
static uint16_t inet_checksum(const void *data, size_t len)
{
    return fold(sum16(0, data, len));
}

pcapw_host pcapw_host_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
    pcapw_host h = { { 0x02, 0x00, a, b, c, d }, { a, b, c, d }, port };
    return h;
}

static void put(pcapw *w, const void *p, size_t n)
{
    if (w->f && fwrite(p, 1, n, w->f) != n)
        w->failed = 1;
}

int pcapw_open(pcapw *w, const char *path)
{
    memset(w, 0, sizeof *w);
    w->t_sec = START_SEC;
    w->ip_id = 1;
    w->f = fopen(path, "wb");
    if (!w->f)
        return -1;
    uint8_t h[24];
    le32(h, 0xA1B2C3D4);        /* magic: microsecond timestamps */
    le16(h + 4, 2);             /* version 2.4 */
    le16(h + 6, 4);
    le32(h + 8, 0);             /* thiszone: UTC */
    le32(h + 12, 0);            /* sigfigs */
    le32(h + 16, 65535);        /* snaplen */
    le32(h + 20, 1);            /* LINKTYPE_ETHERNET */
    put(w, h, sizeof h);
    return w->failed ? -1 : 0;
}

int pcapw_close(pcapw *w)
{
    if (!w->f)
        return -1;
    int rc = fclose(w->f) == 0 && !w->failed ? 0 : -1;
    w->f = NULL;
    return rc;
}

/* Writes one Ethernet/IPv4 packet; l4 is the transport header + payload, whose
 * checksum field (at l4_sum) is filled here over the pseudo-header (RFC 793 3.1,
 * RFC 768). */
static int write_packet(pcapw *w, const pcapw_host *src, const pcapw_host *dst, uint8_t proto,
                        const uint8_t *l4hdr, size_t l4hdr_len, size_t l4_sum,
                        const void *payload, size_t len)
{
    size_t l4_len = l4hdr_len + len;
    size_t frame_len = ETH_LEN + IP_LEN + l4_len;
    if (!w->f || IP_LEN + l4_len > 65535)
        return -1;
    uint8_t *fr = malloc(frame_len);
    if (!fr)
        return -1;

    memcpy(fr, dst->mac, 6);
    memcpy(fr + 6, src->mac, 6);
    be16(fr + 12, 0x0800);                  /* IPv4 */

    uint8_t *ip = fr + ETH_LEN;
    ip[0] = 0x45;                           /* version 4, 5 words of header */
    ip[1] = 0;
    be16(ip + 2, (uint16_t)(IP_LEN + l4_len));
    be16(ip + 4, w->ip_id++);
    be16(ip + 6, 0x4000);                   /* don't fragment */
    ip[8] = 64;                             /* TTL */
    ip[9] = proto;
    be16(ip + 10, 0);
    memcpy(ip + 12, src->ip, 4);
    memcpy(ip + 16, dst->ip, 4);
    be16(ip + 10, inet_checksum(ip, IP_LEN));

    uint8_t *l4 = ip + IP_LEN;
    memcpy(l4, l4hdr, l4hdr_len);
    if (len)
        memcpy(l4 + l4hdr_len, payload, len);
    uint8_t pseudo[12];
    memcpy(pseudo, src->ip, 4);
    memcpy(pseudo + 4, dst->ip, 4);
    pseudo[8] = 0;
    pseudo[9] = proto;
    be16(pseudo + 10, (uint16_t)l4_len);
    be16(l4 + l4_sum, 0);
    uint16_t sum = fold(sum16(sum16(0, pseudo, sizeof pseudo), l4, l4_len));
    if (proto == 17 && sum == 0)
        sum = 0xFFFF;                       /* RFC 768: 0 would mean "no checksum" */
    be16(l4 + l4_sum, sum);

    uint8_t rec[16];
    le32(rec, w->t_sec);
    le32(rec + 4, w->t_usec);
    le32(rec + 8, (uint32_t)frame_len);
    le32(rec + 12, (uint32_t)frame_len);
    put(w, rec, sizeof rec);
    put(w, fr, frame_len);
    free(fr);
    w->packets++;
    w->t_usec += 1000;
    if (w->t_usec >= 1000000) {
        w->t_usec -= 1000000;
        w->t_sec++;
    }
    return w->failed ? -1 : 0;
}

void pcapw_tcp_init(pcapw_tcp *c, pcapw_host a, pcapw_host b)
{
    c->a = a;
    c->b = b;
    c->next_seq[PCAPW_A_TO_B] = 1000;
    c->next_seq[PCAPW_B_TO_A] = 5000;
}

static int tcp_segment(pcapw *w, pcapw_tcp *c, pcapw_dir dir, uint8_t flags,
                       const void *data, size_t len)
{
    const pcapw_host *src = dir == PCAPW_A_TO_B ? &c->a : &c->b;
    const pcapw_host *dst = dir == PCAPW_A_TO_B ? &c->b : &c->a;
    uint8_t h[TCP_LEN];
    be16(h, src->port);
    be16(h + 2, dst->port);
    be32(h + 4, c->next_seq[dir]);
    be32(h + 8, flags & TCP_ACK ? c->next_seq[!dir] : 0);
    h[12] = (TCP_LEN / 4) << 4;            /* data offset, no options */
    h[13] = flags;
    be16(h + 14, 65535);                    /* window */
    be16(h + 16, 0);                        /* checksum, filled in by write_packet */
    be16(h + 18, 0);                        /* urgent pointer */
    int rc = write_packet(w, src, dst, 6, h, sizeof h, 16, data, len);
    /* SYN and FIN each take one sequence number (RFC 793 3.3). */
    c->next_seq[dir] += (uint32_t)len + ((flags & (TCP_SYN | TCP_FIN)) ? 1 : 0);
    return rc;
}

int pcapw_tcp_handshake(pcapw *w, pcapw_tcp *c)
{
    int rc = tcp_segment(w, c, PCAPW_A_TO_B, TCP_SYN, NULL, 0);
    rc |= tcp_segment(w, c, PCAPW_B_TO_A, TCP_SYN | TCP_ACK, NULL, 0);
    rc |= tcp_segment(w, c, PCAPW_A_TO_B, TCP_ACK, NULL, 0);
    return rc ? -1 : 0;
}

int pcapw_tcp_send(pcapw *w, pcapw_tcp *c, pcapw_dir dir, const void *data, size_t len, size_t mss)
{
    if (mss == 0)
        mss = PCAPW_MSS_DEFAULT;
    if (mss > PCAPW_MAX_SEGMENT || (!data && len))
        return -1;
    const uint8_t *p = data;
    int rc = 0;
    do {
        size_t n = len < mss ? len : mss;
        rc |= tcp_segment(w, c, dir, (uint8_t)(TCP_ACK | (n == len ? TCP_PSH : 0)), p, n);
        p += n;
        len -= n;
    } while (len);
    return rc ? -1 : 0;
}

int pcapw_tcp_finish(pcapw *w, pcapw_tcp *c)
{
    int rc = tcp_segment(w, c, PCAPW_A_TO_B, TCP_FIN | TCP_ACK, NULL, 0);
    rc |= tcp_segment(w, c, PCAPW_B_TO_A, TCP_FIN | TCP_ACK, NULL, 0);
    rc |= tcp_segment(w, c, PCAPW_A_TO_B, TCP_ACK, NULL, 0);
    return rc ? -1 : 0;
}

int pcapw_udp(pcapw *w, const pcapw_host *src, const pcapw_host *dst, const void *data, size_t len)
{
    if (len > PCAPW_MAX_UDP || (!data && len))
        return -1;
    uint8_t h[UDP_LEN];
    be16(h, src->port);
    be16(h + 2, dst->port);
    be16(h + 4, (uint16_t)(UDP_LEN + len));
    be16(h + 6, 0);
    return write_packet(w, src, dst, 17, h, sizeof h, 6, data, len);
}
