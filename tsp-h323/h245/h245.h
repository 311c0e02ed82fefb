/*
 * tsp-h323/h245/h245.h - H.245 control messages for H.323: C structs, their aligned-PER
 * descriptions, encode/decode of a MultimediaSystemControlMessage and of a standalone
 * OpenLogicalChannel (fast start), and builders for the messages a call uses.
 *
 * What it does: maps the ASN.1 module MULTIMEDIA-SYSTEM-CONTROL (ITU-T H.245 05/2006,
 * protocol version 13) onto plain C structs, described once in static tables
 * (h245_schema.c) for the PER runtime of tsp-h323/asn1 (docs/h323-per.md). H.245 messages
 * are sent in the ALIGNED variant of BASIC-PER (ITU-T X.691), over TPKT on a
 * separate TCP connection or tunnelled in H.225.0 h245Control octet strings; fast start
 * carries encoded OpenLogicalChannels in H.225.0 fastStart (H.323 8.1.7).
 *
 * What is described:
 *  - every root alternative that an H.323 peer may send in the messages below, so that a
 *    TerminalCapabilitySet with video, data or exotic audio decodes (a root alternative
 *    has no length in PER: it cannot be skipped without knowing its type);
 *  - the extension alternatives and additions a call uses (h2250Capability, user input
 *    capabilities, RFC 2833 telephony events, fast start's 'none', the OLC ack
 *    parameters, CloseLogicalChannel/RequestChannelClose reasons, UserInputIndication
 *    signal/signalUpdate/extendedAlphanumeric, functionNotSupported, vendorIdentification,
 *    ...). Extension alternatives and additions not described are skipped when received
 *    (a CHOICE keeps the alternative's index in 'choice', with no value) and cannot be sent.
 *  - not described, decoding fails with PER_E_UNSUPPORTED: H.222/H.223/V.76 multiplex
 *    alternatives (H.324/ATM, never H.323), multiplexEntrySend & co., requestMode,
 *    maintenanceLoop*, encryptionCommand, h223SkewIndication, newATMVCIndication. The
 *    engine answers those with functionNotSupported (cause unknownFunction), whose
 *    returnedFunction is the received message.
 *
 * Reading of the module: some copies of the module text (older Wireshark ones, PTLib's)
 * lose H262VideoCapability's "..." inside the comment of its last root component; it is
 * there (videoBadMBsCap is an extension addition, as in H261VideoCapability), which is
 * how current Wireshark decodes it.
 *
 * The C mapping is that of tsp-h323/asn1/schema.h: SEQUENCE -> struct with has_* flags
 * for OPTIONAL components, CHOICE -> struct { uint32_t choice; union u } with the
 * alternative's index (root alternatives 0.., then the extension ones; enums below), a
 * CHOICE of NULLs -> a plain uint32_t index, strings -> per_string/per_octets pointing at
 * the caller's (encode) or the arena's (decode) memory, SEQUENCE OF -> PER_SEQ_OF.
 *
 * Usage:
 *
 *     h245_msg m;
 *     h245_msg_msd(&m, H245_TERMINAL_TYPE_TERMINAL, sdn);
 *     uint8_t out[512]; size_t n;
 *     if (h245_encode(&m, out, sizeof out, &n, NULL) == 0) send_tpkt(out, n);
 *
 *     uint8_t mem[H245_ARENA_SIZE]; per_arena a; h245_msg in; size_t used;
 *     per_arena_init(&a, mem, sizeof mem);
 *     if (h245_decode(rx, rx_len, &in, &a, &used, NULL) == 0 &&
 *         in.choice == H245_REQUEST && in.u.request.choice == H245_REQ_TCS) ...
 *
 * Plain C11, libc only, no globals that change, no I/O, no allocation (the decoder takes
 * everything variable-size from the caller's arena).
 */
#ifndef TSP_H323_H245_H
#define TSP_H323_H245_H

#include "asn1/schema.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* protocolIdentifier {itu-t(0) recommendation(0) h(8) 245 version(0) 13}: the version of
 * the module described here (H.245 05/2006). */
#define H245_PROTOCOL_VERSION 13
/* An arena that holds any message a real peer sends (a video endpoint's
 * TerminalCapabilitySet of 27 capabilities takes 4.7 KiB, 32 G.711 ones 5 KiB); hostile
 * input only ever gets PER_E_ARENA. */
#define H245_ARENA_SIZE (32 * 1024)
/* terminalType of MasterSlaveDetermination (H.323, the values per entity type): a
 * terminal without MC; a gateway without MC. */
#define H245_TERMINAL_TYPE_TERMINAL 50
#define H245_TERMINAL_TYPE_GATEWAY 60

/* ---- common types ------------------------------------------------------------------- */

/* NonStandardParameter */
enum { H245_NSID_OBJECT, H245_NSID_H221 };
typedef struct h245_nonstd_id {
    uint32_t choice;
    union {
        per_oid object;
        struct h245_h221_nonstd {
            uint8_t t35_country_code, t35_extension;
            uint16_t manufacturer_code;
        } h221;
    } u;
} h245_nonstd_id;
typedef struct h245_nonstd_param {
    h245_nonstd_id id;
    per_octets data;
} h245_nonstd_param;
typedef PER_SEQ_OF(h245_nonstd_param) h245_nonstd_list;

/* TerminalLabel */
typedef struct h245_terminal_label {
    uint8_t mcu_number, terminal_number;          /* 0..192 */
} h245_terminal_label;

/* TransportAddress: unicastAddress / multicastAddress, each a CHOICE of address kinds. */
enum { H245_TA_UNICAST, H245_TA_MULTICAST };
enum { H245_UA_IP, H245_UA_IPX, H245_UA_IP6, H245_UA_NETBIOS, H245_UA_IP_SOURCE_ROUTE,
       H245_UA_NSAP, H245_UA_NONSTD };
enum { H245_MA_IP, H245_MA_IP6, H245_MA_NSAP, H245_MA_NONSTD };
typedef struct h245_ip4 { uint8_t network[4]; uint16_t tsap_identifier; } h245_ip4;
typedef struct h245_ip6 { uint8_t network[16]; uint16_t tsap_identifier; } h245_ip6;
typedef struct h245_route_hop { uint8_t octets[4]; } h245_route_hop;
typedef struct h245_unicast_addr {
    uint32_t choice;
    union {
        h245_ip4 ip;
        struct h245_ipx { uint8_t node[6], netnum[4], tsap_identifier[2]; } ipx;
        h245_ip6 ip6;
        uint8_t netbios[16];
        struct h245_ip_source_route {
            uint32_t routing;                     /* 0 strict, 1 loose */
            uint8_t network[4];
            uint16_t tsap_identifier;
            PER_SEQ_OF(h245_route_hop) route;
        } source_route;
        per_octets nsap;                          /* SIZE(1..20) */
        h245_nonstd_param nonstd;
    } u;
} h245_unicast_addr;
typedef struct h245_multicast_addr {
    uint32_t choice;
    union {
        h245_ip4 ip;
        h245_ip6 ip6;
        per_octets nsap;
        h245_nonstd_param nonstd;
    } u;
} h245_multicast_addr;
typedef struct h245_transport_addr {
    uint32_t choice;
    union {
        h245_unicast_addr unicast;
        h245_multicast_addr multicast;
    } u;
} h245_transport_addr;

/* ---- capabilities --------------------------------------------------------------------- */

/* VideoCapability (root types only: their extension additions are skipped). */
enum { H245_VIDEO_NONSTD, H245_VIDEO_H261, H245_VIDEO_H262, H245_VIDEO_H263, H245_VIDEO_IS11172,
       H245_VIDEO_GENERIC, H245_VIDEO_EXTENDED };
typedef struct h245_h261_cap {
    bool has_qcif_mpi, has_cif_mpi;
    uint8_t qcif_mpi, cif_mpi;                    /* 1..4, units 1/29.97 s */
    bool temporal_spatial_trade_off;
    uint16_t max_bit_rate;                        /* 1..19200, units 100 bit/s */
    bool still_image_transmission;
} h245_h261_cap;
typedef struct h245_h262_cap {
    bool profile_and_level[11];                   /* SPatML, MPatLL, MPatML, MPatH-14, MPatHL,
                                                     SNRatLL, SNRatML, SpatialatH-14, HPatML,
                                                     HPatH-14, HPatHL */
    bool has_video_bit_rate, has_vbv_buffer_size, has_samples_per_line, has_lines_per_frame,
         has_frames_per_second, has_luminance_sample_rate;
    uint32_t video_bit_rate, vbv_buffer_size, luminance_sample_rate;
    uint16_t samples_per_line, lines_per_frame;
    uint8_t frames_per_second;
} h245_h262_cap;
typedef struct h245_h263_cap {
    bool has_sqcif_mpi, has_qcif_mpi, has_cif_mpi, has_cif4_mpi, has_cif16_mpi;
    uint8_t sqcif_mpi, qcif_mpi, cif_mpi, cif4_mpi, cif16_mpi;   /* 1..32 */
    uint32_t max_bit_rate;                        /* 1..192400, units 100 bit/s */
    bool unrestricted_vector, arithmetic_coding, advanced_prediction, pb_frames,
         temporal_spatial_trade_off;
    bool has_hrd_b, has_bpp_max_kb;
    uint32_t hrd_b;
    uint16_t bpp_max_kb;
} h245_h263_cap;
typedef struct h245_is11172_video_cap {
    bool constrained_bitstream;
    bool has_video_bit_rate, has_vbv_buffer_size, has_samples_per_line, has_lines_per_frame,
         has_picture_rate, has_luminance_sample_rate;
    uint32_t video_bit_rate, vbv_buffer_size, luminance_sample_rate;
    uint16_t samples_per_line, lines_per_frame;
    uint8_t picture_rate;
} h245_is11172_video_cap;
typedef struct h245_video_cap {
    uint32_t choice;
    union {
        h245_nonstd_param nonstd;
        h245_h261_cap h261;
        h245_h262_cap h262;
        h245_h263_cap h263;
        h245_is11172_video_cap is11172;
    } u;
} h245_video_cap;

/* AudioCapability. For H.225.0 the INTEGER(1..256) of G.711 & co. is the maximum number
 * of frames per packet (H.245 AudioCapability comment): for G.711, milliseconds. */
enum { H245_AUDIO_NONSTD, H245_AUDIO_G711_ALAW64K, H245_AUDIO_G711_ALAW56K,
       H245_AUDIO_G711_ULAW64K, H245_AUDIO_G711_ULAW56K, H245_AUDIO_G722_64K,
       H245_AUDIO_G722_56K, H245_AUDIO_G722_48K, H245_AUDIO_G7231, H245_AUDIO_G728,
       H245_AUDIO_G729, H245_AUDIO_G729_ANNEX_A, H245_AUDIO_IS11172, H245_AUDIO_IS13818,
       /* extension alternatives */
       H245_AUDIO_G729_ANNEX_B, H245_AUDIO_G729_ANNEX_AB, H245_AUDIO_G7231_ANNEX_C,
       H245_AUDIO_GSM_FULL_RATE, H245_AUDIO_GSM_HALF_RATE, H245_AUDIO_GSM_ENHANCED_FULL_RATE,
       H245_AUDIO_GENERIC, H245_AUDIO_G729_EXTENSIONS, H245_AUDIO_VBD,
       H245_AUDIO_TELEPHONY_EVENT, H245_AUDIO_TONE };
typedef struct h245_is11172_audio_cap {
    bool flags[8];      /* audioLayer1..3, audioSampling32k/44k1/48k, singleChannel, twoChannels */
    uint16_t bit_rate;  /* 1..448 kbit/s */
} h245_is11172_audio_cap;
typedef struct h245_is13818_audio_cap {
    bool flags[20];     /* audioLayer1..3, audioSampling16k..48k (6), singleChannel,
                           twoChannels, threeChannels2-1, 3-0, fourChannels2-0-2-0, 2-2, 3-1,
                           fiveChannels3-0-2-0, 3-2, lowFrequencyEnhancement, multilingual */
    uint16_t bit_rate;  /* 1..1130 kbit/s */
} h245_is13818_audio_cap;
typedef struct h245_audio_cap {
    uint32_t choice;
    union {
        h245_nonstd_param nonstd;
        uint16_t frames;                          /* every INTEGER(1..256) alternative */
        struct h245_g7231_cap { uint16_t max_al_sdu_audio_frames; bool silence_suppression; } g7231;
        h245_is11172_audio_cap is11172;
        h245_is13818_audio_cap is13818;
        struct h245_gsm_cap { uint16_t audio_unit_size; bool comfort_noise, scrambled; } gsm;
    } u;
} h245_audio_cap;

/* DataApplicationCapability and DataProtocolCapability. */
enum { H245_DPC_NONSTD, H245_DPC_V14_BUFFERED, H245_DPC_V42_LAPM, H245_DPC_HDLC_FRAME_TUNNELLING,
       H245_DPC_H310_SEPARATE_VC_STACK, H245_DPC_H310_SINGLE_VC_STACK, H245_DPC_TRANSPARENT,
       H245_DPC_SEGMENTATION_AND_REASSEMBLY, H245_DPC_HDLC_FRAME_TUNNELING_W_SAR, H245_DPC_V120,
       H245_DPC_SEPARATE_LAN_STACK, H245_DPC_V76_COMPRESSION, H245_DPC_TCP, H245_DPC_UDP };
typedef struct h245_data_protocol_cap {
    uint32_t choice;
    union { h245_nonstd_param nonstd; } u;
} h245_data_protocol_cap;
enum { H245_APP_NONSTD, H245_APP_T120, H245_APP_DSM_CC, H245_APP_USER_DATA, H245_APP_T84,
       H245_APP_T434, H245_APP_H224, H245_APP_NLPID, H245_APP_DSVD_CONTROL,
       H245_APP_H222_DATA_PARTITIONING, H245_APP_T30FAX, H245_APP_T140, H245_APP_T38FAX,
       H245_APP_GENERIC };
typedef struct h245_data_app_cap {
    struct h245_data_application {
        uint32_t choice;
        union {
            h245_nonstd_param nonstd;
            h245_data_protocol_cap protocol;      /* t120, dsm-cc, userData, t434, h224,
                                                     h222DataPartitioning, t30fax, t140 */
            struct h245_t84 {
                h245_data_protocol_cap protocol;
                struct h245_t84_profile {         /* 0 t84Unrestricted, 1 t84Restricted */
                    uint32_t choice;
                    union { struct h245_t84_restricted { bool flags[19]; } restricted; } u;
                } profile;
            } t84;
            struct h245_nlpid { h245_data_protocol_cap protocol; per_octets data; } nlpid;
        } u;
    } application;
    uint32_t max_bit_rate;                        /* units 100 bit/s */
} h245_data_app_cap;
typedef PER_SEQ_OF(h245_data_app_cap) h245_data_app_list;

/* UserInputCapability */
enum { H245_UIC_NONSTD, H245_UIC_BASIC_STRING, H245_UIC_IA5_STRING, H245_UIC_GENERAL_STRING,
       H245_UIC_DTMF, H245_UIC_HOOKFLASH, H245_UIC_EXTENDED_ALPHANUMERIC,
       H245_UIC_ENCRYPTED_BASIC_STRING, H245_UIC_ENCRYPTED_IA5_STRING,
       H245_UIC_ENCRYPTED_GENERAL_STRING, H245_UIC_SECURE_DTMF, H245_UIC_GENERIC };
typedef struct h245_user_input_cap {
    uint32_t choice;
    union { h245_nonstd_list nonstd; } u;         /* SIZE(1..16) */
} h245_user_input_cap;

/* Capability */
enum { H245_CAP_NONSTD, H245_CAP_RX_VIDEO, H245_CAP_TX_VIDEO, H245_CAP_RXTX_VIDEO,
       H245_CAP_RX_AUDIO, H245_CAP_TX_AUDIO, H245_CAP_RXTX_AUDIO, H245_CAP_RX_DATA,
       H245_CAP_TX_DATA, H245_CAP_RXTX_DATA, H245_CAP_H233_ENCRYPTION_TX,
       H245_CAP_H233_ENCRYPTION_RX,
       /* extension alternatives */
       H245_CAP_CONFERENCE, H245_CAP_H235_SECURITY, H245_CAP_MAX_PENDING_REPLACEMENT_FOR,
       H245_CAP_RX_USER_INPUT, H245_CAP_TX_USER_INPUT, H245_CAP_RXTX_USER_INPUT,
       H245_CAP_GENERIC_CONTROL, H245_CAP_RX_MUX_STREAM, H245_CAP_TX_MUX_STREAM,
       H245_CAP_RXTX_MUX_STREAM, H245_CAP_RX_RTP_TELEPHONY_EVENT, H245_CAP_RX_RTP_TONE,
       H245_CAP_DEP_FEC, H245_CAP_MULTIPLE_PAYLOAD_STREAM, H245_CAP_FEC,
       H245_CAP_REDUNDANCY_ENCODING, H245_CAP_ONE_OF };
typedef struct h245_capability {
    uint32_t choice;
    union {
        h245_nonstd_param nonstd;
        h245_video_cap video;                     /* rx / tx / rxtx video */
        h245_audio_cap audio;                     /* rx / tx / rxtx audio */
        h245_data_app_cap data;                   /* rx / tx / rxtx data */
        bool h233_encryption_tx;
        uint8_t h233_iv_response_time;            /* h233EncryptionReceiveCapability, ms */
        uint8_t max_pending_replacement_for;
        h245_user_input_cap user_input;           /* rx / tx / rxtx user input */
        struct h245_telephony_event_cap {         /* RFC 2833 events, e.g. "0-16" */
            uint8_t dynamic_rtp_payload_type;     /* 96..127 */
            per_string audio_telephone_event;
        } telephony_event;
    } u;
} h245_capability;

/* RTPPayloadType */
enum { H245_PD_NONSTD, H245_PD_RFC_NUMBER, H245_PD_OID };
typedef struct h245_rtp_payload_type {
    struct h245_payload_descriptor {
        uint32_t choice;
        union { h245_nonstd_param nonstd; int64_t rfc_number; per_oid oid; } u;
    } descriptor;
    bool has_payload_type;
    uint8_t payload_type;                         /* 0..127 */
} h245_rtp_payload_type;

/* H2250Capability (the multiplexCapability of H.323) */
typedef struct h245_media_distribution_cap {
    bool centralized_control, distributed_control, centralized_audio, distributed_audio,
         centralized_video, distributed_video;
    bool has_centralized_data, has_distributed_data;
    h245_data_app_list centralized_data, distributed_data;
} h245_media_distribution_cap;
typedef struct h245_multipoint_cap {
    bool multicast_capability, multi_unicast_conference;
    PER_SEQ_OF(h245_media_distribution_cap) media_distribution;
} h245_multipoint_cap;
typedef struct h245_h2250_cap {
    uint16_t maximum_audio_delay_jitter;          /* 0..1023 ms */
    h245_multipoint_cap receive_multipoint, transmit_multipoint, receive_and_transmit_multipoint;
    struct h245_mc_capability { bool centralized_conference_mc, decentralized_conference_mc; } mc_capability;
    bool rtcp_video_control;
    struct h245_media_packetization_cap {
        bool h261a_video_packetization;
        bool has_rtp_payload_type;                /* extension addition */
        PER_SEQ_OF(h245_rtp_payload_type) rtp_payload_type;   /* SIZE(1..256) */
    } media_packetization;
} h245_h2250_cap;
enum { H245_MUXCAP_NONSTD, H245_MUXCAP_H222, H245_MUXCAP_H223, H245_MUXCAP_V76,
       H245_MUXCAP_H2250, H245_MUXCAP_GENERIC };
typedef struct h245_multiplex_cap {
    uint32_t choice;
    union { h245_nonstd_param nonstd; h245_h2250_cap h2250; } u;
} h245_multiplex_cap;

/* ---- capability exchange ---------------------------------------------------------------- */

typedef PER_SEQ_OF(uint16_t) h245_alt_cap_set;    /* AlternativeCapabilitySet: entry numbers */
typedef struct h245_cap_entry {                   /* CapabilityTableEntry */
    uint16_t number;                              /* 1..65535 */
    bool has_capability;
    h245_capability capability;
} h245_cap_entry;
typedef struct h245_cap_descriptor {
    uint8_t number;
    bool has_simultaneous;
    PER_SEQ_OF(h245_alt_cap_set) simultaneous;    /* SIZE(1..256) */
} h245_cap_descriptor;
typedef struct h245_tcs {                         /* TerminalCapabilitySet */
    uint8_t sequence_number;
    per_oid protocol_identifier;
    bool has_multiplex_capability, has_capability_table, has_capability_descriptors;
    h245_multiplex_cap multiplex_capability;
    PER_SEQ_OF(h245_cap_entry) capability_table;             /* SIZE(1..256) */
    PER_SEQ_OF(h245_cap_descriptor) capability_descriptors;  /* SIZE(1..256) */
} h245_tcs;
typedef struct h245_tcs_ack { uint8_t sequence_number; } h245_tcs_ack;
enum { H245_TCS_REJ_UNSPECIFIED, H245_TCS_REJ_UNDEFINED_TABLE_ENTRY_USED,
       H245_TCS_REJ_DESCRIPTOR_CAPACITY_EXCEEDED, H245_TCS_REJ_TABLE_ENTRY_CAPACITY_EXCEEDED };
typedef struct h245_tcs_reject {
    uint8_t sequence_number;
    struct h245_tcs_reject_cause {
        uint32_t choice;
        union {
            struct h245_table_entry_capacity_exceeded {   /* 0 highestEntryNumberProcessed, 1 noneProcessed */
                uint32_t choice;
                union { uint16_t highest_entry_number_processed; } u;
            } table_entry_capacity_exceeded;
        } u;
    } cause;
} h245_tcs_reject;

/* ---- master/slave determination ---------------------------------------------------------- */

typedef struct h245_msd {
    uint8_t terminal_type;                        /* 0..255, see H245_TERMINAL_TYPE_* */
    uint32_t status_determination_number;         /* 0..16777215 */
} h245_msd;
enum { H245_MSD_MASTER, H245_MSD_SLAVE };         /* MasterSlaveDeterminationAck.decision */
typedef struct h245_msd_ack { uint32_t decision; } h245_msd_ack;
typedef struct h245_msd_reject { uint32_t cause; } h245_msd_reject;   /* 0 identicalNumbers */

/* ---- logical channels ------------------------------------------------------------------- */

enum { H245_DT_NONSTD, H245_DT_NULL, H245_DT_VIDEO, H245_DT_AUDIO, H245_DT_DATA,
       H245_DT_ENCRYPTION, H245_DT_H235_CONTROL, H245_DT_H235_MEDIA,
       H245_DT_MULTIPLEXED_STREAM, H245_DT_REDUNDANCY_ENCODING,
       H245_DT_MULTIPLE_PAYLOAD_STREAM, H245_DT_DEP_FEC, H245_DT_FEC };
typedef struct h245_data_type {
    uint32_t choice;
    union {
        h245_nonstd_param nonstd;                 /* nonStandard, h235Control */
        h245_video_cap video;
        h245_audio_cap audio;
        h245_data_app_cap data;
        struct h245_encryption_mode { uint32_t choice; union { h245_nonstd_param nonstd; } u; } encryption;
    } u;
} h245_data_type;

/* H2250LogicalChannelParameters (root components; the additions are skipped). */
typedef struct h245_h2250_lcp {
    bool has_nonstd, has_associated_session_id, has_media_channel,
         has_media_guaranteed_delivery, has_media_control_channel,
         has_media_control_guaranteed_delivery, has_silence_suppression, has_destination,
         has_dynamic_rtp_payload_type, has_media_packetization;
    h245_nonstd_list nonstd;
    uint8_t session_id;                           /* 0..255: 1 audio, 2 video, 3 data */
    uint8_t associated_session_id;                /* 1..255 */
    h245_transport_addr media_channel;            /* RTP */
    bool media_guaranteed_delivery;
    h245_transport_addr media_control_channel;    /* RTCP */
    bool media_control_guaranteed_delivery, silence_suppression;
    h245_terminal_label destination;
    uint8_t dynamic_rtp_payload_type;             /* 96..127 */
    struct h245_media_packetization {             /* 0 h261aVideoPacketization, 1 rtpPayloadType */
        uint32_t choice;
        union { h245_rtp_payload_type rtp_payload_type; } u;
    } media_packetization;
} h245_h2250_lcp;

/* OpenLogicalChannel. The multiplexParameters CHOICEs differ per place, so do their
 * indexes: forward {h222, h223, v76, ..., h2250, none}, reverse {h223, v76, ..., h2250},
 * OpenLogicalChannelAck reverse {h222, ..., h2250}. */
enum { H245_FWD_MUX_H222, H245_FWD_MUX_H223, H245_FWD_MUX_V76, H245_FWD_MUX_H2250, H245_FWD_MUX_NONE };
enum { H245_REV_MUX_H223, H245_REV_MUX_V76, H245_REV_MUX_H2250 };
enum { H245_ACK_MUX_H222, H245_ACK_MUX_H2250 };
typedef struct h245_mux_params {
    uint32_t choice;
    union { h245_h2250_lcp h2250; } u;
} h245_mux_params;
typedef struct h245_olc {
    uint16_t forward_logical_channel_number;      /* 1..65535 */
    struct h245_olc_forward {
        bool has_port_number;
        uint16_t port_number;
        h245_data_type data_type;
        h245_mux_params multiplex_parameters;     /* H245_FWD_MUX_* */
        bool has_forward_logical_channel_dependency, has_replacement_for;   /* additions */
        uint16_t forward_logical_channel_dependency, replacement_for;
    } forward;
    bool has_reverse;
    struct h245_olc_reverse {
        h245_data_type data_type;
        bool has_multiplex_parameters;
        h245_mux_params multiplex_parameters;     /* H245_REV_MUX_* */
        bool has_reverse_logical_channel_dependency, has_replacement_for;   /* additions */
        uint16_t reverse_logical_channel_dependency, replacement_for;
    } reverse;
    bool has_separate_stack;                      /* addition, carried as its PER bytes */
    per_octets separate_stack;                    /* (NetworkAccessParameters) */
} h245_olc;

/* H2250LogicalChannelAckParameters */
typedef struct h245_h2250_lcap {
    bool has_nonstd, has_session_id, has_media_channel, has_media_control_channel,
         has_dynamic_rtp_payload_type;
    h245_nonstd_list nonstd;
    uint8_t session_id;                           /* 1..255 */
    h245_transport_addr media_channel, media_control_channel;
    uint8_t dynamic_rtp_payload_type;
    bool has_flow_control_to_zero, flow_control_to_zero;   /* additions */
    bool has_port_number;
    uint16_t port_number;
} h245_h2250_lcap;
typedef struct h245_olc_ack {
    uint16_t forward_logical_channel_number;
    bool has_reverse;
    struct h245_olc_ack_reverse {
        uint16_t reverse_logical_channel_number;
        bool has_port_number;
        uint16_t port_number;
        bool has_multiplex_parameters;
        h245_mux_params multiplex_parameters;     /* H245_ACK_MUX_* */
        bool has_replacement_for;                 /* addition */
        uint16_t replacement_for;
    } reverse;
    bool has_separate_stack;                      /* additions */
    per_octets separate_stack;
    bool has_forward_multiplex_ack_parameters;
    struct h245_forward_mux_ack {                 /* 0 h2250LogicalChannelAckParameters */
        uint32_t choice;
        union { h245_h2250_lcap h2250; } u;
    } forward_multiplex_ack_parameters;
} h245_olc_ack;
enum { H245_OLC_REJ_UNSPECIFIED, H245_OLC_REJ_UNSUITABLE_REVERSE_PARAMETERS,
       H245_OLC_REJ_DATA_TYPE_NOT_SUPPORTED, H245_OLC_REJ_DATA_TYPE_NOT_AVAILABLE,
       H245_OLC_REJ_UNKNOWN_DATA_TYPE, H245_OLC_REJ_DATA_TYPE_AL_COMBINATION_NOT_SUPPORTED,
       H245_OLC_REJ_MULTICAST_CHANNEL_NOT_ALLOWED, H245_OLC_REJ_INSUFFICIENT_BANDWIDTH,
       H245_OLC_REJ_SEPARATE_STACK_ESTABLISHMENT_FAILED, H245_OLC_REJ_INVALID_SESSION_ID,
       H245_OLC_REJ_MASTER_SLAVE_CONFLICT, H245_OLC_REJ_WAIT_FOR_COMMUNICATION_MODE,
       H245_OLC_REJ_INVALID_DEPENDENT_CHANNEL, H245_OLC_REJ_REPLACEMENT_FOR_REJECTED,
       H245_OLC_REJ_SECURITY_DENIED };
typedef struct h245_olc_reject {
    uint16_t forward_logical_channel_number;
    uint32_t cause;                               /* H245_OLC_REJ_* */
} h245_olc_reject;

/* Messages that carry only forwardLogicalChannelNumber: OpenLogicalChannelConfirm,
 * CloseLogicalChannelAck, RequestChannelCloseAck, RequestChannelCloseRelease. */
typedef struct h245_lcn { uint16_t forward_logical_channel_number; } h245_lcn;

enum { H245_CLC_SOURCE_USER, H245_CLC_SOURCE_LCSE };
enum { H245_CLC_REASON_UNKNOWN, H245_CLC_REASON_REOPEN, H245_CLC_REASON_RESERVATION_FAILURE };
typedef struct h245_clc {                         /* CloseLogicalChannel */
    uint16_t forward_logical_channel_number;
    uint32_t source;                              /* H245_CLC_SOURCE_* */
    bool has_reason;                              /* addition */
    uint32_t reason;                              /* H245_CLC_REASON_* */
} h245_clc;
enum { H245_RCC_REASON_UNKNOWN, H245_RCC_REASON_NORMAL, H245_RCC_REASON_REOPEN,
       H245_RCC_REASON_RESERVATION_FAILURE };
typedef struct h245_rcc {                         /* RequestChannelClose */
    uint16_t forward_logical_channel_number;
    bool has_qos_capability;                      /* addition, carried as its PER bytes */
    per_octets qos_capability;
    bool has_reason;                              /* addition */
    uint32_t reason;                              /* H245_RCC_REASON_* */
} h245_rcc;
typedef struct h245_rcc_reject {
    uint16_t forward_logical_channel_number;
    uint32_t cause;                               /* 0 unspecified */
} h245_rcc_reject;

/* ---- other messages ------------------------------------------------------------------- */

typedef struct h245_rtd { uint8_t sequence_number; } h245_rtd;   /* RoundTripDelayRequest/Response */
typedef struct h245_nonstd_msg { h245_nonstd_param data; } h245_nonstd_msg;

/* SendTerminalCapabilitySet */
enum { H245_STCS_SPECIFIC_REQUEST, H245_STCS_GENERIC_REQUEST };
typedef struct h245_send_tcs {
    uint32_t choice;
    union {
        struct h245_send_tcs_specific {
            bool multiplex_capability;
            bool has_capability_table_entry_numbers, has_capability_descriptor_numbers;
            PER_SEQ_OF(uint16_t) capability_table_entry_numbers;   /* SIZE(1..65535) */
            PER_SEQ_OF(uint8_t) capability_descriptor_numbers;     /* SIZE(1..256) */
        } specific;
    } u;
} h245_send_tcs;

/* FlowControlCommand / FlowControlIndication */
enum { H245_SCOPE_LOGICAL_CHANNEL, H245_SCOPE_RESOURCE_ID, H245_SCOPE_WHOLE_MULTIPLEX };
typedef struct h245_scope {
    uint32_t choice;
    union { uint16_t logical_channel_number, resource_id; } u;
} h245_scope;
typedef struct h245_flow_control {
    h245_scope scope;
    struct h245_restriction {                     /* 0 maximumBitRate, 1 noRestriction */
        uint32_t choice;
        union { uint32_t maximum_bit_rate; } u;   /* 0..16777215, units 100 bit/s */
    } restriction;
} h245_flow_control;

/* EndSessionCommand */
enum { H245_END_NONSTD, H245_END_DISCONNECT, H245_END_GSTN_OPTIONS, H245_END_ISDN_OPTIONS,
       H245_END_GENERIC };
typedef struct h245_end_session {
    uint32_t choice;
    union {
        h245_nonstd_param nonstd;
        uint32_t gstn_options;                    /* telephonyMode, v8bis, v34DSVD, v34DuplexFAX, v34H324 */
        uint32_t isdn_options;                    /* telephonyMode, v140, terminalOnHold */
    } u;
} h245_end_session;

/* MiscellaneousCommand (root alternatives of 'type') */
enum { H245_MC_EQUALISE_DELAY, H245_MC_ZERO_DELAY, H245_MC_MULTIPOINT_MODE,
       H245_MC_CANCEL_MULTIPOINT_MODE, H245_MC_VIDEO_FREEZE_PICTURE,
       H245_MC_VIDEO_FAST_UPDATE_PICTURE, H245_MC_VIDEO_FAST_UPDATE_GOB,
       H245_MC_VIDEO_TEMPORAL_SPATIAL_TRADE_OFF, H245_MC_VIDEO_SEND_SYNC_EVERY_GOB,
       H245_MC_VIDEO_SEND_SYNC_EVERY_GOB_CANCEL };
typedef struct h245_misc_command {
    uint16_t logical_channel_number;
    struct h245_misc_command_type {
        uint32_t choice;
        union {
            struct h245_video_fast_update_gob { uint8_t first_gob, number_of_gobs; } video_fast_update_gob;
            uint8_t video_temporal_spatial_trade_off;   /* 0..31 */
        } u;
    } type;
} h245_misc_command;

/* MiscellaneousIndication (root alternatives of 'type') */
enum { H245_MI_LOGICAL_CHANNEL_ACTIVE, H245_MI_LOGICAL_CHANNEL_INACTIVE,
       H245_MI_MULTIPOINT_CONFERENCE, H245_MI_CANCEL_MULTIPOINT_CONFERENCE,
       H245_MI_MULTIPOINT_ZERO_COMM, H245_MI_CANCEL_MULTIPOINT_ZERO_COMM,
       H245_MI_MULTIPOINT_SECONDARY_STATUS, H245_MI_CANCEL_MULTIPOINT_SECONDARY_STATUS,
       H245_MI_VIDEO_INDICATE_READY_TO_ACTIVATE, H245_MI_VIDEO_TEMPORAL_SPATIAL_TRADE_OFF };
typedef struct h245_misc_indication {
    uint16_t logical_channel_number;
    struct h245_misc_indication_type {
        uint32_t choice;
        union { uint8_t video_temporal_spatial_trade_off; } u;
    } type;
} h245_misc_indication;

typedef struct h245_jitter {                      /* JitterIndication */
    h245_scope scope;
    uint8_t estimated_received_jitter_mantissa;   /* 0..3 */
    uint8_t estimated_received_jitter_exponent;   /* 0..7 */
    bool has_skipped_frame_count, has_additional_decoder_buffer;
    uint8_t skipped_frame_count;                  /* 0..15 */
    uint32_t additional_decoder_buffer;           /* 0..262143 */
} h245_jitter;

/* UserInputIndication */
enum { H245_UII_NONSTD, H245_UII_ALPHANUMERIC, H245_UII_SUPPORT_INDICATION, H245_UII_SIGNAL,
       H245_UII_SIGNAL_UPDATE, H245_UII_EXTENDED_ALPHANUMERIC, H245_UII_ENCRYPTED_ALPHANUMERIC,
       H245_UII_GENERIC };
enum { H245_UIS_NONSTD, H245_UIS_BASIC_STRING, H245_UIS_IA5_STRING, H245_UIS_GENERAL_STRING,
       H245_UIS_ENCRYPTED_BASIC_STRING, H245_UIS_ENCRYPTED_IA5_STRING,
       H245_UIS_ENCRYPTED_GENERAL_STRING };
/* signalType: IA5String (SIZE(1) ^ FROM("0123456789#*ABCD!")): the DTMF digits, and '!'
 * for a hookflash (H.245 UserInputIndication semantics). */
#define H245_SIGNAL_TYPES "0123456789#*ABCD!"
typedef struct h245_uii {
    uint32_t choice;
    union {
        h245_nonstd_param nonstd;
        per_string alphanumeric;                  /* GeneralString */
        struct h245_uii_support {
            uint32_t choice;                      /* H245_UIS_* */
            union { h245_nonstd_param nonstd; } u;
        } support;
        struct h245_uii_signal {
            per_string signal_type;               /* one character of H245_SIGNAL_TYPES */
            bool has_duration, has_rtp;
            uint16_t duration;                    /* 1..65535 ms */
            struct h245_uii_signal_rtp {
                bool has_timestamp, has_expiration_time;
                uint32_t timestamp, expiration_time;
                uint16_t logical_channel_number;
            } rtp;
            bool has_rtp_payload_indication;      /* addition: NULL OPTIONAL */
        } signal;
        struct h245_uii_signal_update {
            uint16_t duration;                    /* 1..65535 ms */
            bool has_rtp;
            struct h245_uii_signal_update_rtp { uint16_t logical_channel_number; } rtp;
        } signal_update;
        struct h245_uii_extended_alphanumeric {
            per_string alphanumeric;              /* GeneralString */
            bool has_rtp_payload_indication;
        } extended_alphanumeric;
    } u;
} h245_uii;

enum { H245_FNS_SYNTAX_ERROR, H245_FNS_SEMANTIC_ERROR, H245_FNS_UNKNOWN_FUNCTION };
typedef struct h245_function_not_supported {
    uint32_t cause;                               /* H245_FNS_* */
    bool has_returned_function;
    per_octets returned_function;                 /* the message that was not supported */
} h245_function_not_supported;

typedef struct h245_vendor_identification {
    h245_nonstd_id vendor;
    bool has_product_number, has_version_number;
    per_octets product_number, version_number;    /* SIZE(1..256) */
} h245_vendor_identification;

/* ---- the four message classes and the top-level message ---------------------------------- */

enum { H245_REQ_NONSTD, H245_REQ_MSD, H245_REQ_TCS, H245_REQ_OLC, H245_REQ_CLC, H245_REQ_RCC,
       H245_REQ_MULTIPLEX_ENTRY_SEND, H245_REQ_REQUEST_MULTIPLEX_ENTRY, H245_REQ_REQUEST_MODE,
       H245_REQ_RTD, H245_REQ_MAINTENANCE_LOOP,
       H245_REQ_COMMUNICATION_MODE, H245_REQ_CONFERENCE, H245_REQ_MULTILINK,
       H245_REQ_LOGICAL_CHANNEL_RATE, H245_REQ_GENERIC };
typedef struct h245_request {
    uint32_t choice;
    union {
        h245_nonstd_msg nonstd;
        h245_msd msd;
        h245_tcs tcs;
        h245_olc olc;
        h245_clc clc;
        h245_rcc rcc;
        h245_rtd rtd;
    } u;
} h245_request;

enum { H245_RSP_NONSTD, H245_RSP_MSD_ACK, H245_RSP_MSD_REJECT, H245_RSP_TCS_ACK,
       H245_RSP_TCS_REJECT, H245_RSP_OLC_ACK, H245_RSP_OLC_REJECT, H245_RSP_CLC_ACK,
       H245_RSP_RCC_ACK, H245_RSP_RCC_REJECT, H245_RSP_MULTIPLEX_ENTRY_SEND_ACK,
       H245_RSP_MULTIPLEX_ENTRY_SEND_REJECT, H245_RSP_REQUEST_MULTIPLEX_ENTRY_ACK,
       H245_RSP_REQUEST_MULTIPLEX_ENTRY_REJECT, H245_RSP_REQUEST_MODE_ACK,
       H245_RSP_REQUEST_MODE_REJECT, H245_RSP_RTD, H245_RSP_MAINTENANCE_LOOP_ACK,
       H245_RSP_MAINTENANCE_LOOP_REJECT,
       H245_RSP_COMMUNICATION_MODE, H245_RSP_CONFERENCE, H245_RSP_MULTILINK,
       H245_RSP_LOGICAL_CHANNEL_RATE_ACK, H245_RSP_LOGICAL_CHANNEL_RATE_REJECT,
       H245_RSP_GENERIC };
typedef struct h245_response {
    uint32_t choice;
    union {
        h245_nonstd_msg nonstd;
        h245_msd_ack msd_ack;
        h245_msd_reject msd_reject;
        h245_tcs_ack tcs_ack;
        h245_tcs_reject tcs_reject;
        h245_olc_ack olc_ack;
        h245_olc_reject olc_reject;
        h245_lcn clc_ack, rcc_ack;
        h245_rcc_reject rcc_reject;
        h245_rtd rtd;
    } u;
} h245_response;

enum { H245_CMD_NONSTD, H245_CMD_MAINTENANCE_LOOP_OFF, H245_CMD_SEND_TCS, H245_CMD_ENCRYPTION,
       H245_CMD_FLOW_CONTROL, H245_CMD_END_SESSION, H245_CMD_MISC,
       H245_CMD_COMMUNICATION_MODE, H245_CMD_CONFERENCE, H245_CMD_H223_MULTIPLEX_RECONFIGURATION,
       H245_CMD_NEW_ATM_VC, H245_CMD_MOBILE_MULTILINK_RECONFIGURATION, H245_CMD_GENERIC };
typedef struct h245_command {
    uint32_t choice;
    union {
        h245_nonstd_msg nonstd;
        h245_send_tcs send_tcs;
        h245_flow_control flow_control;
        h245_end_session end_session;
        h245_misc_command misc;
    } u;
} h245_command;

enum { H245_IND_NONSTD, H245_IND_FUNCTION_NOT_UNDERSTOOD, H245_IND_MSD_RELEASE,
       H245_IND_TCS_RELEASE, H245_IND_OLC_CONFIRM, H245_IND_RCC_RELEASE,
       H245_IND_MULTIPLEX_ENTRY_SEND_RELEASE, H245_IND_REQUEST_MULTIPLEX_ENTRY_RELEASE,
       H245_IND_REQUEST_MODE_RELEASE, H245_IND_MISC, H245_IND_JITTER, H245_IND_H223_SKEW,
       H245_IND_NEW_ATM_VC, H245_IND_USER_INPUT,
       H245_IND_H2250_MAXIMUM_SKEW, H245_IND_MC_LOCATION, H245_IND_CONFERENCE,
       H245_IND_VENDOR_IDENTIFICATION, H245_IND_FUNCTION_NOT_SUPPORTED, H245_IND_MULTILINK,
       H245_IND_LOGICAL_CHANNEL_RATE_RELEASE, H245_IND_FLOW_CONTROL,
       H245_IND_MOBILE_MULTILINK_RECONFIGURATION, H245_IND_GENERIC };
/* FunctionNotUnderstood returns the request, response or command (pointers: the decoder
 * takes them from the arena; 0 request, 1 response, 2 command). */
typedef struct h245_function_not_understood {
    uint32_t choice;
    union {
        h245_request *request;
        h245_response *response;
        h245_command *command;
    } u;
} h245_function_not_understood;
typedef struct h245_indication {
    uint32_t choice;
    union {
        h245_nonstd_msg nonstd;
        h245_function_not_understood function_not_understood;
        h245_lcn olc_confirm, rcc_release;
        h245_misc_indication misc;
        h245_jitter jitter;
        h245_uii user_input;
        h245_vendor_identification vendor_identification;
        h245_function_not_supported function_not_supported;
        h245_flow_control flow_control;
    } u;
} h245_indication;

enum { H245_REQUEST, H245_RESPONSE, H245_COMMAND, H245_INDICATION };
typedef struct h245_msg {                         /* MultimediaSystemControlMessage */
    uint32_t choice;
    union {
        h245_request request;
        h245_response response;
        h245_command command;
        h245_indication indication;
    } u;
} h245_msg;

/* ---- the descriptions ------------------------------------------------------------------- */

extern const per_type h245_t_message;             /* MultimediaSystemControlMessage: h245_msg */
extern const per_type h245_t_olc;                 /* OpenLogicalChannel: h245_olc */
/* Every message type described (the alternatives of the four classes), NULL-terminated,
 * for per_schema_check and tests. */
extern const per_type *const h245_message_types[];

/* ---- encode / decode ----------------------------------------------------------------------- */

/* Encodes m as a complete PER encoding (the payload of one TPKT, or one h245Control octet
 * string) into out[0..cap). *len gets its size; ei may be NULL. 0 or PER_E_*. */
int h245_encode(const h245_msg *m, uint8_t *out, size_t cap, size_t *len, per_errinfo *ei);
/* Decodes one message from in[0..len). *used (may be NULL) gets the octets it occupies;
 * what follows, if anything, is the caller's (some stacks send several messages in one
 * TPKT). Strings and arrays live in the arena. 0 or PER_E_*: PER_E_UNSUPPORTED for a
 * message not described here (answer functionNotSupported), anything else for garbage. */
int h245_decode(const uint8_t *in, size_t len, h245_msg *m, per_arena *a, size_t *used,
                per_errinfo *ei);
/* The same for a standalone OpenLogicalChannel: one element of H.225.0 fastStart. */
int h245_olc_encode(const h245_olc *o, uint8_t *out, size_t cap, size_t *len, per_errinfo *ei);
int h245_olc_decode(const uint8_t *in, size_t len, h245_olc *o, per_arena *a, size_t *used,
                    per_errinfo *ei);

/* The ASN.1 name of the message ("terminalCapabilitySet", "userInput", ...), from the
 * descriptions; "?" for an index outside them. */
const char *h245_msg_name(const h245_msg *m);

/* ---- builders ------------------------------------------------------------------------------ */

/* A unicast IPv4 TransportAddress (iPAddress: network, tsapIdentifier = port). */
h245_transport_addr h245_addr_ip4(const uint8_t ip[4], uint16_t port);
/* An AudioCapability of the INTEGER(1..256) kind (G.711, G.722, G.728, G.729, ...):
 * codec is an H245_AUDIO_* of that kind, frames its frames per packet. */
h245_audio_cap h245_audio(uint32_t codec, uint16_t frames);
/* Capabilities: direction is H245_CAP_RX_AUDIO/TX_AUDIO/RXTX_AUDIO, resp.
 * H245_CAP_RX_USER_INPUT/TX/RXTX with kind an H245_UIC_* that is a NULL alternative. */
h245_capability h245_cap_audio(uint32_t direction, const h245_audio_cap *codec);
h245_capability h245_cap_user_input(uint32_t direction, uint32_t kind);

/* The capability table and descriptor of a TerminalCapabilitySet built by h245_msg_tcs:
 * keep it as long as the message. */
#define H245_TCS_MAX_CAPS 32
typedef struct h245_tcs_store {
    h245_cap_entry entries[H245_TCS_MAX_CAPS];
    uint16_t numbers[H245_TCS_MAX_CAPS];
    h245_alt_cap_set sets[H245_TCS_MAX_CAPS];
    h245_cap_descriptor descriptor;
} h245_tcs_store;

/* Message builders: each fills *m completely (zeroing it first). Strings and arrays are
 * pointed to, not copied. */
void h245_msg_msd(h245_msg *m, uint8_t terminal_type, uint32_t status_determination_number);
void h245_msg_msd_ack(h245_msg *m, uint32_t decision);          /* H245_MSD_MASTER/SLAVE */
void h245_msg_msd_reject(h245_msg *m);                          /* identicalNumbers */
void h245_msg_msd_release(h245_msg *m);
/* TerminalCapabilitySet (H.323 8.2, phase B): protocolIdentifier version 13;
 * multiplexCapability h2250Capability with maximumAudioDelayJitter max_jitter_ms and no
 * multipoint, MC or video packetization abilities; the capabilities numbered 1..n in the
 * order given; one capabilityDescriptor (number 0) whose simultaneousCapabilities are one
 * AlternativeCapabilitySet with every audio capability (in the order given: preference),
 * then one set per other capability. -1 when ncaps is 0 or above H245_TCS_MAX_CAPS. */
int h245_msg_tcs(h245_msg *m, h245_tcs_store *st, uint8_t sequence_number,
                 uint16_t max_jitter_ms, const h245_capability *caps, size_t ncaps);
void h245_msg_tcs_ack(h245_msg *m, uint8_t sequence_number);
/* cause H245_TCS_REJ_*; TABLE_ENTRY_CAPACITY_EXCEEDED says noneProcessed. */
void h245_msg_tcs_reject(h245_msg *m, uint8_t sequence_number, uint32_t cause);
void h245_msg_tcs_release(h245_msg *m);

/* OpenLogicalChannel for an audio channel we transmit (H.323 8.3, phase C, and a fast
 * start offer of it, 8.1.7): forward dataType audioData codec, h2250LogicalChannelParameters
 * {sessionID, mediaControlChannel = where we receive the peer's RTCP (rtcp, may be NULL),
 * silenceSuppression}. */
void h245_olc_audio_tx(h245_olc *o, uint16_t lcn, const h245_audio_cap *codec, uint8_t session_id,
                       const h245_transport_addr *rtcp, bool silence_suppression);
/* A fast start proposal of an audio channel we receive (H.323 8.1.7): forward dataType
 * nullData with multiplexParameters none; reverse audioData codec with
 * h2250LogicalChannelParameters {sessionID, mediaChannel = our RTP, mediaControlChannel
 * = our RTCP}. */
void h245_olc_audio_rx(h245_olc *o, uint16_t lcn, const h245_audio_cap *codec, uint8_t session_id,
                       const h245_transport_addr *rtp, const h245_transport_addr *rtcp);
void h245_msg_olc(h245_msg *m, const h245_olc *o);
/* OpenLogicalChannelAck with forwardMultiplexAckParameters h2250LogicalChannelAckParameters
 * {sessionID, mediaChannel = where we receive RTP, mediaControlChannel = our RTCP}
 * (rtp/rtcp may be NULL). */
void h245_msg_olc_ack(h245_msg *m, uint16_t lcn, uint8_t session_id,
                      const h245_transport_addr *rtp, const h245_transport_addr *rtcp);
void h245_msg_olc_reject(h245_msg *m, uint16_t lcn, uint32_t cause);  /* H245_OLC_REJ_* */
void h245_msg_olc_confirm(h245_msg *m, uint16_t lcn);
void h245_msg_clc(h245_msg *m, uint16_t lcn, uint32_t source, uint32_t reason);
void h245_msg_clc_ack(h245_msg *m, uint16_t lcn);
void h245_msg_rcc(h245_msg *m, uint16_t lcn, uint32_t reason);        /* H245_RCC_REASON_* */
void h245_msg_rcc_ack(h245_msg *m, uint16_t lcn);
void h245_msg_rcc_reject(h245_msg *m, uint16_t lcn);                  /* unspecified */
void h245_msg_rcc_release(h245_msg *m, uint16_t lcn);
void h245_msg_end_session(h245_msg *m);                               /* disconnect */
void h245_msg_rtd_request(h245_msg *m, uint8_t sequence_number);
void h245_msg_rtd_response(h245_msg *m, uint8_t sequence_number);
/* userInput alphanumeric (GeneralString; text is pointed to, len octets). */
void h245_msg_uii_alphanumeric(h245_msg *m, const char *text, size_t len);
/* userInput signal: one of H245_SIGNAL_TYPES, duration in ms (0: absent). -1 for another
 * character. */
int h245_msg_uii_signal(h245_msg *m, char signal_type, uint16_t duration_ms);
/* functionNotSupported (cause H245_FNS_*) returning the message (may be NULL/0). */
void h245_msg_function_not_supported(h245_msg *m, uint32_t cause, const uint8_t *returned,
                                     size_t len);

#endif
