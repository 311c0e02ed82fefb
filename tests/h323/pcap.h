/*
 * tests/h323/pcap.h - writes what our H.323 code puts on the wire into a classic pcap
 * file, so that tshark (an independent implementation) can judge it, without root and
 * without a network.
 *
 * What it does: frames payloads as Ethernet II / IPv4 / TCP or UDP between two hosts,
 * with correct IPv4, TCP and UDP checksums (RFC 791, 793, 768) and, for TCP, sequence
 * and acknowledgement numbers that run on from one segment to the next, so that tshark's
 * TCP reassembly joins a PDU split over several segments. A TCP conversation may start
 * with the three-way handshake and end with FIN/ACK. Timestamps start at a fixed time
 * and advance 1 ms per packet, so the same input always gives the same file.
 *
 * Format: libpcap classic (magic 0xa1b2c3d4 written little-endian, version 2.4,
 * microsecond timestamps, link type 1 = Ethernet), see the pcap file format description
 * at wiki.wireshark.org/Development/LibpcapFileFormat.
 *
 * Usage:
 *
 *     pcapw w;
 *     pcapw_tcp c;
 *     pcapw_open(&w, "out.pcap");
 *     pcapw_tcp_init(&c, pcapw_host_v4(10,0,0,1, 40000), pcapw_host_v4(10,0,0,2, 1720));
 *     pcapw_tcp_handshake(&w, &c);
 *     pcapw_tcp_send(&w, &c, PCAPW_A_TO_B, bytes, n, 0);   // 0: one segment per 1460
 *     pcapw_tcp_finish(&w, &c);
 *     pcapw_close(&w);                                       // 0 if every write worked
 *
 * Test code: writes with stdio, returns 0 or -1 (errno kept); not thread-safe per file.
 */
#ifndef TESTS_H323_PCAP_H
#define TESTS_H323_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PCAPW_MSS_DEFAULT 1460
/* Largest TCP/UDP payload one IPv4 packet carries (65535 - 20 - 20). */
#define PCAPW_MAX_SEGMENT 65495
#define PCAPW_MAX_UDP 65507     /* 65535 - 20 - 8 */

typedef struct {
    FILE *f;
    uint32_t t_sec, t_usec;     /* timestamp of the next packet */
    uint16_t ip_id;             /* IPv4 identification of the next packet */
    uint32_t packets;           /* packets written */
    int failed;                 /* a write failed */
} pcapw;

typedef struct {
    uint8_t mac[6];
    uint8_t ip[4];
    uint16_t port;
} pcapw_host;

typedef enum { PCAPW_A_TO_B = 0, PCAPW_B_TO_A = 1 } pcapw_dir;

typedef struct {
    pcapw_host a, b;            /* a: the side that connects */
    uint32_t next_seq[2];       /* next sequence number a sends, b sends */
} pcapw_tcp;

/* A host with a MAC address derived from its IPv4 address (02:00:a.b.c.d, locally
 * administered). */
pcapw_host pcapw_host_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port);

/* Creates (truncates) path and writes the file header. 0 or -1. */
int pcapw_open(pcapw *w, const char *path);
/* Closes the file; 0 only if every write since pcapw_open worked. */
int pcapw_close(pcapw *w);

/* A TCP conversation; initial sequence numbers are fixed (a: 1000, b: 5000). */
void pcapw_tcp_init(pcapw_tcp *c, pcapw_host a, pcapw_host b);
/* SYN, SYN/ACK, ACK. */
int pcapw_tcp_handshake(pcapw *w, pcapw_tcp *c);
/* Sends len octets in segments of at most mss octets (0: PCAPW_MSS_DEFAULT; at most
 * PCAPW_MAX_SEGMENT), PSH on the last; each acknowledges all the peer sent. */
int pcapw_tcp_send(pcapw *w, pcapw_tcp *c, pcapw_dir dir, const void *data, size_t len, size_t mss);
/* FIN/ACK from a, FIN/ACK from b, ACK from a. */
int pcapw_tcp_finish(pcapw *w, pcapw_tcp *c);

/* One UDP datagram of at most PCAPW_MAX_UDP octets. */
int pcapw_udp(pcapw *w, const pcapw_host *src, const pcapw_host *dst, const void *data, size_t len);

#endif
