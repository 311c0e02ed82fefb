/*
 * tsp-h323/engine/faststart.h - fast connect (H.323 8.1.7): build the offer, choose the
 * answer, read the answer (engine internal).
 *
 * Offer (caller, in Setup fastStart): for each codec in preference order, one
 * OpenLogicalChannel proposing a channel we transmit (forward audio, our RTCP) and one
 * proposing a channel we receive (forward nullData, reverse audio with our RTP and RTCP),
 * session 1, each with its own forwardLogicalChannelNumber.
 *
 * Answer (callee, in CallProceeding/Alerting/Connect fastStart): of the offered proposals,
 * the first codec in OUR preference order offered in a direction we can use; accept at most
 * one proposal per direction. Per 8.1.7.1 the callee returns the accepted OLCs with its
 * own transport addresses filled in (mediaChannel for the channel it receives,
 * mediaControlChannel for both). The caller reads the accepted OLCs to learn where to send and which proposals were
 * taken.
 *
 * Pure functions; decoded OLCs live in the caller's scratch memory.
 */
#ifndef TSP_H323_ENGINE_FASTSTART_H
#define TSP_H323_ENGINE_FASTSTART_H

#include "asn1/schema.h"
#include "engine/h323.h"
#include "h245/h245.h"

#include <stdbool.h>

#include <stddef.h>
#include <stdint.h>

#define H323_FS_MAX_OLCS 16            /* proposals we send or look at */

typedef struct h323_fs_media {
    const uint32_t *codecs;            /* H245_AUDIO_* preference order */
    size_t ncodecs;
    uint16_t frames_per_packet;
    h323_addr rtp;                     /* our RTP (RTCP = port + 1) */
} h323_fs_media;

/* Caller: encodes the offer into buf[0..cap); olcs[0..*n) point into buf. 0 or PER_E_*. */
int h323_fs_offer(const h323_fs_media *m, uint8_t *buf, size_t cap, per_octets *olcs, size_t max,
                  size_t *n);

/* Callee: from the offered olcs[0..n), pick and encode the answer into buf (answer[0..*nans)
 * point into buf) and report the resulting channels (ch[0..*nch), at most 2: one TX, one RX).
 * 0; 1 when nothing offered is acceptable (no fast start: fall back to H.245); PER_E_* when
 * an offered OLC does not decode (the call answers without fast start and logs it). */
int h323_fs_answer(const per_octets *offer, size_t n, const h323_fs_media *m, void *scratch,
                   size_t scratch_size, uint8_t *buf, size_t cap, per_octets *answer, size_t max,
                   size_t *nans, h323_media_channel ch[2], size_t *nch);

/* Caller: the channels the callee accepted, from its answer olcs[0..n). 0; 1 when the answer
 * accepts nothing usable; PER_E_* when it does not decode. */
int h323_fs_accepted(const per_octets *answer, size_t n, const h323_fs_media *m, void *scratch,
                     size_t scratch_size, h323_media_channel ch[2], size_t *nch);

/* Media addresses between the engine and H.245: a unicast iPAddress / iP6Address
 * TransportAddress (H.245 UnicastAddress) from an h323_addr of family 4 / 6 (false for
 * family 0), and back (false for any other kind of address). */
bool h323_fs_addr_to_h245(const h323_addr *a, h245_transport_addr *t);
bool h323_fs_addr_from_h245(const h245_transport_addr *t, h323_addr *a);
/* True for the H245_AUDIO_* codecs fast start and h245ctl offer and accept: the
 * AudioCapability alternatives of the INTEGER(1..256) kind (frames per packet: G.711,
 * G.722, G.728, G.729 and its annexes). */
bool h323_fs_codec_usable(uint32_t codec);

#endif
