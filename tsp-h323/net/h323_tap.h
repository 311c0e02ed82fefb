/*
 * tsp-h323/net/h323_tap.h - the capture tap of the socket layer: every TCP payload and UDP
 * datagram an endpoint sends or receives, written into a pcap file that Wireshark/tshark
 * reads as if it had been captured on the wire.
 *
 * What it does: the socket layer sees payloads, not packets, so the tap synthesizes the
 * packets around them: Ethernet II, IPv4 (RFC 791) or IPv6 (RFC 8200), and TCP (RFC 9293) or
 * UDP (RFC 768) headers with valid checksums. Each TCP connection (h323_tap_flow) gets a
 * three-way handshake when it opens, sequence and acknowledgement numbers that run on from
 * one segment to the next in each direction (so tshark's TCP reassembly joins TPKTs split
 * over several reads or writes), and a FIN from each side as it closes. Timestamps are the
 * real time of the call (microseconds).
 *
 * Format: classic libpcap, magic 0xa1b2c3d4, version 2.4, LINKTYPE_ETHERNET
 * (wiki.wireshark.org/Development/LibpcapFileFormat).
 *
 * Usage (single thread per tap: the socket layer's loop):
 *
 *     h323_tap *t; h323_tap_open("call.pcap", &t);
 *     h323_tap_flow f;
 *     h323_tap_tcp_open(t, &f, &local, &remote, true);       // we connected: SYN from us
 *     h323_tap_tcp_data(t, &f, H323_TAP_OUT, bytes, n);
 *     h323_tap_tcp_fin(t, &f, H323_TAP_IN);                  // the peer closed
 *     h323_tap_udp(t, &ras_local, &gk, H323_TAP_OUT, dgram, len);
 *     h323_tap_close(t);                                     // 0 when every write worked
 *
 * Errors are returned (negative errno), never printed; a failed write makes the file's
 * verdict at h323_tap_close -EIO and the tap stops writing.
 */
#ifndef TSP_H323_NET_H323_TAP_H
#define TSP_H323_NET_H323_TAP_H

#include "engine/h323.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct h323_tap h323_tap;

enum h323_tap_dir { H323_TAP_OUT = 0, H323_TAP_IN = 1 };

/* One TCP connection as the tap sees it. */
typedef struct h323_tap_flow {
    h323_addr local, remote;
    uint32_t next_seq[2];      /* next sequence number we send [OUT], the peer sends [IN] */
    bool fin[2];               /* that side's FIN was written */
} h323_tap_flow;

/* Creates (truncates) path. 0 or -errno. */
int h323_tap_open(const char *path, h323_tap **out);
/* Flushes and closes; 0 when every write since h323_tap_open worked, else -EIO. NULL ok. */
int h323_tap_close(h323_tap *t);

/* A connection opened: SYN, SYN/ACK, ACK, the SYN from local when we_connected. Both
 * addresses must have the same family (4 or 6); otherwise the flow is not written. */
void h323_tap_tcp_open(h323_tap *t, h323_tap_flow *f, const h323_addr *local, const h323_addr *remote,
                       bool we_connected);
/* n octets sent (OUT) or received (IN); split into segments as an Ethernet link would. */
void h323_tap_tcp_data(h323_tap *t, h323_tap_flow *f, enum h323_tap_dir dir, const uint8_t *p, size_t n);
/* That side closed its half (FIN/ACK). Once per side; later calls are ignored. */
void h323_tap_tcp_fin(h323_tap *t, h323_tap_flow *f, enum h323_tap_dir dir);
/* One datagram between local and remote (same family). */
void h323_tap_udp(h323_tap *t, const h323_addr *local, const h323_addr *remote, enum h323_tap_dir dir,
                  const uint8_t *p, size_t n);
/* Packets written so far. */
uint64_t h323_tap_packets(const h323_tap *t);

#endif
