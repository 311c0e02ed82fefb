/*
 * tsp-h323/h245/h245_schema.c - the PER descriptions of the H.245 types of h245.h.
 *
 * Transcribed from the ASN.1 module MULTIMEDIA-SYSTEM-CONTROL of ITU-T H.245 (05/2006):
 * each table lists the components in module order; the number of root components
 * (before "...") is given where the type is declared, everything after it is an
 * extension addition/alternative. Alternatives this file does not describe are
 * PER_ALT_UNDESCRIBED (see h245.h for what that means on the wire); trailing additions
 * not described are simply left out (they are skipped when received). Names are the
 * ASN.1 names, so that error paths and h245_msg_name() speak the module's language.
 */
#include "h245.h"

#include <stddef.h>

/* Component with its ASN.1 name; OPTIONAL; a pointer (recursion through the arena). */
#define C(T, f, type, nm) { nm, &(type), offsetof(T, f), PER_FSIZE_(T, f), 0, 0, 0 }
#define C_OPT(T, f, type, has, nm) \
    { nm, &(type), offsetof(T, f), PER_FSIZE_(T, f), offsetof(T, has), PER_OPTIONAL, 0 }
#define C_PTR(T, f, type, nm) { nm, &(type), offsetof(T, f), PER_FSIZE_(T, f), 0, PER_PTR, 0 }
/* The i-th BOOLEAN of a bool array field. */
#define C_BOOL_AT(T, arr, i, nm) \
    { nm, &per_t_boolean, (uint32_t)(offsetof(T, arr) + (i) * sizeof(bool)), sizeof(bool), 0, 0, 0 }
/* An alternative / component whose type has no C storage (an empty SEQUENCE { ... }). */
#define C_EMPTY(type, nm) { nm, &(type), 0, 0, 0, 0, 0 }
#define ALT_NULL(nm) PER_ALT_NULL(nm)
#define ALT_NO(nm) PER_ALT_UNDESCRIBED(nm)

/* A CHOICE whose alternatives all are NULL (or undescribed): stored as a plain uint32_t. */
#define NULL_CHOICE(nm, comps_, nroot_, ext) { .name = nm, .kind = PER_K_CHOICE, \
    .flags = (ext) ? PER_EXT : 0, .csize = sizeof(uint32_t), .comps = (comps_), \
    .ncomps = PER_COUNT(comps_), .nroot = (nroot_), .tag_off = 0 }
/* SEQUENCE { ... } with no component. */
#define EMPTY_SEQUENCE(nm) { .name = nm, .kind = PER_K_SEQUENCE, .flags = PER_EXT, .csize = 0 }
/* A SEQUENCE of one component stored as a plain field of ctype (or a bool array). */
#define SEQUENCE_AS(nm, ctype_size, comps_, nroot_, ext) { .name = nm, .kind = PER_K_SEQUENCE, \
    .flags = (ext) ? PER_EXT : 0, .csize = (ctype_size), .comps = (comps_), \
    .ncomps = PER_COUNT(comps_), .nroot = (nroot_) }

/* ---- simple types shared by many ------------------------------------------------------ */

static const per_type t_u8 = PER_INTEGER(uint8_t, 0, 255);          /* SequenceNumber & co. */
static const per_type t_u16 = PER_INTEGER(uint16_t, 0, 65535);
static const per_type t_u32 = PER_INTEGER(uint32_t, 0, 4294967295);
static const per_type t_u24 = PER_INTEGER(uint32_t, 0, 16777215);
static const per_type t_lcn = PER_INTEGER(uint16_t, 1, 65535);      /* LogicalChannelNumber,
                                                                       CapabilityTableEntryNumber */
static const per_type t_frames = PER_INTEGER(uint16_t, 1, 256);
static const per_type t_session = PER_INTEGER(uint8_t, 0, 255);
static const per_type t_session1 = PER_INTEGER(uint8_t, 1, 255);
static const per_type t_payload_type = PER_INTEGER(uint8_t, 0, 127);
static const per_type t_dynamic_pt = PER_INTEGER(uint8_t, 96, 127);
static const per_type t_octets = PER_OCTET_STRING_UNC;
static const per_type t_fixed2 = PER_OCTET_STRING_FIXED(2);
static const per_type t_fixed4 = PER_OCTET_STRING_FIXED(4);
static const per_type t_fixed6 = PER_OCTET_STRING_FIXED(6);
static const per_type t_fixed16 = PER_OCTET_STRING_FIXED(16);
static const per_type t_general_string = PER_GENERALSTRING;

/* ---- NonStandardParameter, TerminalLabel ----------------------------------------------- */

static const per_comp h221_comps[] = {
    C(struct h245_h221_nonstd, t35_country_code, t_u8, "t35CountryCode"),
    C(struct h245_h221_nonstd, t35_extension, t_u8, "t35Extension"),
    C(struct h245_h221_nonstd, manufacturer_code, t_u16, "manufacturerCode"),
};
static const per_type t_h221 = PER_SEQUENCE(struct h245_h221_nonstd, "h221NonStandard", h221_comps, 3, false);
static const per_comp nonstd_id_comps[] = {
    C(h245_nonstd_id, u.object, per_t_oid, "object"),
    C(h245_nonstd_id, u.h221, t_h221, "h221NonStandard"),
};
static const per_type t_nonstd_id = PER_CHOICE(h245_nonstd_id, "NonStandardIdentifier", choice, nonstd_id_comps, 2, false);
static const per_comp nonstd_comps[] = {
    C(h245_nonstd_param, id, t_nonstd_id, "nonStandardIdentifier"),
    C(h245_nonstd_param, data, t_octets, "data"),
};
static const per_type t_nonstd = PER_SEQUENCE(h245_nonstd_param, "NonStandardParameter", nonstd_comps, 2, false);
static const per_type t_nonstd_list = PER_SEQUENCE_OF_UNC(t_nonstd);
static const per_type t_nonstd_list16 = PER_SEQUENCE_OF(t_nonstd, 1, 16);
static const per_comp nonstd_msg_comps[] = { C(h245_nonstd_msg, data, t_nonstd, "nonStandardData") };
static const per_type t_nonstd_msg = PER_SEQUENCE(h245_nonstd_msg, "NonStandardMessage", nonstd_msg_comps, 1, true);

static const per_type t_mcu_number = PER_INTEGER(uint8_t, 0, 192);  /* McuNumber, TerminalNumber */
static const per_comp terminal_label_comps[] = {
    C(h245_terminal_label, mcu_number, t_mcu_number, "mcuNumber"),
    C(h245_terminal_label, terminal_number, t_mcu_number, "terminalNumber"),
};
static const per_type t_terminal_label = PER_SEQUENCE(h245_terminal_label, "TerminalLabel", terminal_label_comps, 2, true);

/* ---- TransportAddress ------------------------------------------------------------------- */

static const per_comp ip4_comps[] = {
    C(h245_ip4, network, t_fixed4, "network"),
    C(h245_ip4, tsap_identifier, t_u16, "tsapIdentifier"),
};
static const per_type t_ip4 = PER_SEQUENCE(h245_ip4, "iPAddress", ip4_comps, 2, true);
static const per_comp ip6_comps[] = {
    C(h245_ip6, network, t_fixed16, "network"),
    C(h245_ip6, tsap_identifier, t_u16, "tsapIdentifier"),
};
static const per_type t_ip6 = PER_SEQUENCE(h245_ip6, "iP6Address", ip6_comps, 2, true);
static const per_comp ipx_comps[] = {
    C(struct h245_ipx, node, t_fixed6, "node"),
    C(struct h245_ipx, netnum, t_fixed4, "netnum"),
    C(struct h245_ipx, tsap_identifier, t_fixed2, "tsapIdentifier"),
};
static const per_type t_ipx = PER_SEQUENCE(struct h245_ipx, "iPXAddress", ipx_comps, 3, true);
static const per_comp routing_comps[] = { ALT_NULL("strict"), ALT_NULL("loose") };
static const per_type t_routing = NULL_CHOICE("routing", routing_comps, 2, false);
static const per_type t_route = PER_SEQUENCE_OF_UNC(t_fixed4);
static const per_comp source_route_comps[] = {
    C(struct h245_ip_source_route, routing, t_routing, "routing"),
    C(struct h245_ip_source_route, network, t_fixed4, "network"),
    C(struct h245_ip_source_route, tsap_identifier, t_u16, "tsapIdentifier"),
    C(struct h245_ip_source_route, route, t_route, "route"),
};
static const per_type t_source_route = PER_SEQUENCE(struct h245_ip_source_route, "iPSourceRouteAddress",
                                                    source_route_comps, 4, true);
static const per_type t_nsap = PER_OCTET_STRING(1, 20);
static const per_comp unicast_comps[] = {
    C(h245_unicast_addr, u.ip, t_ip4, "iPAddress"),
    C(h245_unicast_addr, u.ipx, t_ipx, "iPXAddress"),
    C(h245_unicast_addr, u.ip6, t_ip6, "iP6Address"),
    C(h245_unicast_addr, u.netbios, t_fixed16, "netBios"),
    C(h245_unicast_addr, u.source_route, t_source_route, "iPSourceRouteAddress"),
    C(h245_unicast_addr, u.nsap, t_nsap, "nsap"),
    C(h245_unicast_addr, u.nonstd, t_nonstd, "nonStandardAddress"),
};
static const per_type t_unicast = PER_CHOICE(h245_unicast_addr, "UnicastAddress", choice, unicast_comps, 5, true);
static const per_comp multicast_comps[] = {
    C(h245_multicast_addr, u.ip, t_ip4, "iPAddress"),
    C(h245_multicast_addr, u.ip6, t_ip6, "iP6Address"),
    C(h245_multicast_addr, u.nsap, t_nsap, "nsap"),
    C(h245_multicast_addr, u.nonstd, t_nonstd, "nonStandardAddress"),
};
static const per_type t_multicast = PER_CHOICE(h245_multicast_addr, "MulticastAddress", choice, multicast_comps, 2, true);
static const per_comp transport_comps[] = {
    C(h245_transport_addr, u.unicast, t_unicast, "unicastAddress"),
    C(h245_transport_addr, u.multicast, t_multicast, "multicastAddress"),
};
static const per_type t_transport = PER_CHOICE(h245_transport_addr, "TransportAddress", choice, transport_comps, 2, true);

/* ---- VideoCapability --------------------------------------------------------------------- */

static const per_type t_mpi4 = PER_INTEGER(uint8_t, 1, 4);
static const per_type t_mpi32 = PER_INTEGER(uint8_t, 1, 32);
static const per_type t_rate19200 = PER_INTEGER(uint16_t, 1, 19200);
static const per_type t_rate192400 = PER_INTEGER(uint32_t, 1, 192400);
static const per_type t_video_bit_rate = PER_INTEGER(uint32_t, 0, 1073741823);
static const per_type t_vbv_buffer = PER_INTEGER(uint32_t, 0, 262143);
static const per_type t_u14 = PER_INTEGER(uint16_t, 0, 16383);
static const per_type t_u4 = PER_INTEGER(uint8_t, 0, 15);
static const per_type t_hrd_b = PER_INTEGER(uint32_t, 0, 524287);

static const per_comp h261_comps[] = {
    C_OPT(h245_h261_cap, qcif_mpi, t_mpi4, has_qcif_mpi, "qcifMPI"),
    C_OPT(h245_h261_cap, cif_mpi, t_mpi4, has_cif_mpi, "cifMPI"),
    C(h245_h261_cap, temporal_spatial_trade_off, per_t_boolean, "temporalSpatialTradeOffCapability"),
    C(h245_h261_cap, max_bit_rate, t_rate19200, "maxBitRate"),
    C(h245_h261_cap, still_image_transmission, per_t_boolean, "stillImageTransmission"),
};
static const per_type t_h261 = PER_SEQUENCE(h245_h261_cap, "H261VideoCapability", h261_comps, 5, true);

/* The "..." before videoBadMBsCap is lost in some copies of the module: see h245.h. */
static const per_comp h262_comps[] = {
    C_BOOL_AT(h245_h262_cap, profile_and_level, 0, "profileAndLevel-SPatML"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 1, "profileAndLevel-MPatLL"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 2, "profileAndLevel-MPatML"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 3, "profileAndLevel-MPatH-14"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 4, "profileAndLevel-MPatHL"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 5, "profileAndLevel-SNRatLL"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 6, "profileAndLevel-SNRatML"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 7, "profileAndLevel-SpatialatH-14"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 8, "profileAndLevel-HPatML"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 9, "profileAndLevel-HPatH-14"),
    C_BOOL_AT(h245_h262_cap, profile_and_level, 10, "profileAndLevel-HPatHL"),
    C_OPT(h245_h262_cap, video_bit_rate, t_video_bit_rate, has_video_bit_rate, "videoBitRate"),
    C_OPT(h245_h262_cap, vbv_buffer_size, t_vbv_buffer, has_vbv_buffer_size, "vbvBufferSize"),
    C_OPT(h245_h262_cap, samples_per_line, t_u14, has_samples_per_line, "samplesPerLine"),
    C_OPT(h245_h262_cap, lines_per_frame, t_u14, has_lines_per_frame, "linesPerFrame"),
    C_OPT(h245_h262_cap, frames_per_second, t_u4, has_frames_per_second, "framesPerSecond"),
    C_OPT(h245_h262_cap, luminance_sample_rate, t_u32, has_luminance_sample_rate, "luminanceSampleRate"),
};
static const per_type t_h262 = PER_SEQUENCE(h245_h262_cap, "H262VideoCapability", h262_comps, 17, true);

static const per_comp h263_comps[] = {
    C_OPT(h245_h263_cap, sqcif_mpi, t_mpi32, has_sqcif_mpi, "sqcifMPI"),
    C_OPT(h245_h263_cap, qcif_mpi, t_mpi32, has_qcif_mpi, "qcifMPI"),
    C_OPT(h245_h263_cap, cif_mpi, t_mpi32, has_cif_mpi, "cifMPI"),
    C_OPT(h245_h263_cap, cif4_mpi, t_mpi32, has_cif4_mpi, "cif4MPI"),
    C_OPT(h245_h263_cap, cif16_mpi, t_mpi32, has_cif16_mpi, "cif16MPI"),
    C(h245_h263_cap, max_bit_rate, t_rate192400, "maxBitRate"),
    C(h245_h263_cap, unrestricted_vector, per_t_boolean, "unrestrictedVector"),
    C(h245_h263_cap, arithmetic_coding, per_t_boolean, "arithmeticCoding"),
    C(h245_h263_cap, advanced_prediction, per_t_boolean, "advancedPrediction"),
    C(h245_h263_cap, pb_frames, per_t_boolean, "pbFrames"),
    C(h245_h263_cap, temporal_spatial_trade_off, per_t_boolean, "temporalSpatialTradeOffCapability"),
    C_OPT(h245_h263_cap, hrd_b, t_hrd_b, has_hrd_b, "hrd-B"),
    C_OPT(h245_h263_cap, bpp_max_kb, t_u16, has_bpp_max_kb, "bppMaxKb"),
};
static const per_type t_h263 = PER_SEQUENCE(h245_h263_cap, "H263VideoCapability", h263_comps, 13, true);

static const per_comp is11172v_comps[] = {
    C(h245_is11172_video_cap, constrained_bitstream, per_t_boolean, "constrainedBitstream"),
    C_OPT(h245_is11172_video_cap, video_bit_rate, t_video_bit_rate, has_video_bit_rate, "videoBitRate"),
    C_OPT(h245_is11172_video_cap, vbv_buffer_size, t_vbv_buffer, has_vbv_buffer_size, "vbvBufferSize"),
    C_OPT(h245_is11172_video_cap, samples_per_line, t_u14, has_samples_per_line, "samplesPerLine"),
    C_OPT(h245_is11172_video_cap, lines_per_frame, t_u14, has_lines_per_frame, "linesPerFrame"),
    C_OPT(h245_is11172_video_cap, picture_rate, t_u4, has_picture_rate, "pictureRate"),
    C_OPT(h245_is11172_video_cap, luminance_sample_rate, t_u32, has_luminance_sample_rate, "luminanceSampleRate"),
};
static const per_type t_is11172v = PER_SEQUENCE(h245_is11172_video_cap, "IS11172VideoCapability", is11172v_comps, 7, true);

static const per_comp video_comps[] = {
    C(h245_video_cap, u.nonstd, t_nonstd, "nonStandard"),
    C(h245_video_cap, u.h261, t_h261, "h261VideoCapability"),
    C(h245_video_cap, u.h262, t_h262, "h262VideoCapability"),
    C(h245_video_cap, u.h263, t_h263, "h263VideoCapability"),
    C(h245_video_cap, u.is11172, t_is11172v, "is11172VideoCapability"),
    ALT_NO("genericVideoCapability"),
    ALT_NO("extendedVideoCapability"),
};
static const per_type t_video = PER_CHOICE(h245_video_cap, "VideoCapability", choice, video_comps, 5, true);

/* ---- AudioCapability ---------------------------------------------------------------------- */

static const per_comp g7231_comps[] = {
    C(struct h245_g7231_cap, max_al_sdu_audio_frames, t_frames, "maxAl-sduAudioFrames"),
    C(struct h245_g7231_cap, silence_suppression, per_t_boolean, "silenceSuppression"),
};
static const per_type t_g7231 = PER_SEQUENCE(struct h245_g7231_cap, "g7231", g7231_comps, 2, false);

static const per_type t_rate448 = PER_INTEGER(uint16_t, 1, 448);
static const per_comp is11172a_comps[] = {
    C_BOOL_AT(h245_is11172_audio_cap, flags, 0, "audioLayer1"),
    C_BOOL_AT(h245_is11172_audio_cap, flags, 1, "audioLayer2"),
    C_BOOL_AT(h245_is11172_audio_cap, flags, 2, "audioLayer3"),
    C_BOOL_AT(h245_is11172_audio_cap, flags, 3, "audioSampling32k"),
    C_BOOL_AT(h245_is11172_audio_cap, flags, 4, "audioSampling44k1"),
    C_BOOL_AT(h245_is11172_audio_cap, flags, 5, "audioSampling48k"),
    C_BOOL_AT(h245_is11172_audio_cap, flags, 6, "singleChannel"),
    C_BOOL_AT(h245_is11172_audio_cap, flags, 7, "twoChannels"),
    C(h245_is11172_audio_cap, bit_rate, t_rate448, "bitRate"),
};
static const per_type t_is11172a = PER_SEQUENCE(h245_is11172_audio_cap, "IS11172AudioCapability", is11172a_comps, 9, true);

static const per_type t_rate1130 = PER_INTEGER(uint16_t, 1, 1130);
static const per_comp is13818a_comps[] = {
    C_BOOL_AT(h245_is13818_audio_cap, flags, 0, "audioLayer1"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 1, "audioLayer2"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 2, "audioLayer3"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 3, "audioSampling16k"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 4, "audioSampling22k05"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 5, "audioSampling24k"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 6, "audioSampling32k"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 7, "audioSampling44k1"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 8, "audioSampling48k"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 9, "singleChannel"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 10, "twoChannels"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 11, "threeChannels2-1"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 12, "threeChannels3-0"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 13, "fourChannels2-0-2-0"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 14, "fourChannels2-2"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 15, "fourChannels3-1"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 16, "fiveChannels3-0-2-0"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 17, "fiveChannels3-2"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 18, "lowFrequencyEnhancement"),
    C_BOOL_AT(h245_is13818_audio_cap, flags, 19, "multilingual"),
    C(h245_is13818_audio_cap, bit_rate, t_rate1130, "bitRate"),
};
static const per_type t_is13818a = PER_SEQUENCE(h245_is13818_audio_cap, "IS13818AudioCapability", is13818a_comps, 21, true);

static const per_comp gsm_comps[] = {
    C(struct h245_gsm_cap, audio_unit_size, t_frames, "audioUnitSize"),
    C(struct h245_gsm_cap, comfort_noise, per_t_boolean, "comfortNoise"),
    C(struct h245_gsm_cap, scrambled, per_t_boolean, "scrambled"),
};
static const per_type t_gsm = PER_SEQUENCE(struct h245_gsm_cap, "GSMAudioCapability", gsm_comps, 3, true);

static const per_comp audio_comps[] = {
    C(h245_audio_cap, u.nonstd, t_nonstd, "nonStandard"),
    C(h245_audio_cap, u.frames, t_frames, "g711Alaw64k"),
    C(h245_audio_cap, u.frames, t_frames, "g711Alaw56k"),
    C(h245_audio_cap, u.frames, t_frames, "g711Ulaw64k"),
    C(h245_audio_cap, u.frames, t_frames, "g711Ulaw56k"),
    C(h245_audio_cap, u.frames, t_frames, "g722-64k"),
    C(h245_audio_cap, u.frames, t_frames, "g722-56k"),
    C(h245_audio_cap, u.frames, t_frames, "g722-48k"),
    C(h245_audio_cap, u.g7231, t_g7231, "g7231"),
    C(h245_audio_cap, u.frames, t_frames, "g728"),
    C(h245_audio_cap, u.frames, t_frames, "g729"),
    C(h245_audio_cap, u.frames, t_frames, "g729AnnexA"),
    C(h245_audio_cap, u.is11172, t_is11172a, "is11172AudioCapability"),
    C(h245_audio_cap, u.is13818, t_is13818a, "is13818AudioCapability"),
    C(h245_audio_cap, u.frames, t_frames, "g729wAnnexB"),
    C(h245_audio_cap, u.frames, t_frames, "g729AnnexAwAnnexB"),
    ALT_NO("g7231AnnexCCapability"),
    C(h245_audio_cap, u.gsm, t_gsm, "gsmFullRate"),
    C(h245_audio_cap, u.gsm, t_gsm, "gsmHalfRate"),
    C(h245_audio_cap, u.gsm, t_gsm, "gsmEnhancedFullRate"),
    ALT_NO("genericAudioCapability"),
    ALT_NO("g729Extensions"),
    ALT_NO("vbd"),
    ALT_NO("audioTelephonyEvent"),
    ALT_NO("audioTone"),
};
static const per_type t_audio = PER_CHOICE(h245_audio_cap, "AudioCapability", choice, audio_comps, 14, true);

/* ---- DataApplicationCapability ----------------------------------------------------------- */

static const per_comp dpc_comps[] = {
    C(h245_data_protocol_cap, u.nonstd, t_nonstd, "nonStandard"),
    ALT_NULL("v14buffered"),
    ALT_NULL("v42lapm"),
    ALT_NULL("hdlcFrameTunnelling"),
    ALT_NULL("h310SeparateVCStack"),
    ALT_NULL("h310SingleVCStack"),
    ALT_NULL("transparent"),
    ALT_NULL("segmentationAndReassembly"),
    ALT_NULL("hdlcFrameTunnelingwSAR"),
    ALT_NULL("v120"),
    ALT_NULL("separateLANStack"),
    ALT_NO("v76wCompression"),
    ALT_NULL("tcp"),
    ALT_NULL("udp"),
};
static const per_type t_dpc = PER_CHOICE(h245_data_protocol_cap, "DataProtocolCapability", choice, dpc_comps, 7, true);

static const per_comp t84_restricted_comps[] = {
    C_BOOL_AT(struct h245_t84_restricted, flags, 0, "qcif"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 1, "cif"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 2, "ccir601Seq"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 3, "ccir601Prog"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 4, "hdtvSeq"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 5, "hdtvProg"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 6, "g3FacsMH200x100"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 7, "g3FacsMH200x200"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 8, "g4FacsMMR200x100"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 9, "g4FacsMMR200x200"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 10, "jbig200x200Seq"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 11, "jbig200x200Prog"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 12, "jbig300x300Seq"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 13, "jbig300x300Prog"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 14, "digPhotoLow"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 15, "digPhotoMedSeq"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 16, "digPhotoMedProg"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 17, "digPhotoHighSeq"),
    C_BOOL_AT(struct h245_t84_restricted, flags, 18, "digPhotoHighProg"),
};
static const per_type t_t84_restricted = PER_SEQUENCE(struct h245_t84_restricted, "t84Restricted",
                                                      t84_restricted_comps, 19, true);
static const per_comp t84_profile_comps[] = {
    ALT_NULL("t84Unrestricted"),
    C(struct h245_t84_profile, u.restricted, t_t84_restricted, "t84Restricted"),
};
static const per_type t_t84_profile = PER_CHOICE(struct h245_t84_profile, "T84Profile", choice, t84_profile_comps, 2, false);
static const per_comp t84_comps[] = {
    C(struct h245_t84, protocol, t_dpc, "t84Protocol"),
    C(struct h245_t84, profile, t_t84_profile, "t84Profile"),
};
static const per_type t_t84 = PER_SEQUENCE(struct h245_t84, "t84", t84_comps, 2, false);
static const per_comp nlpid_comps[] = {
    C(struct h245_nlpid, protocol, t_dpc, "nlpidProtocol"),
    C(struct h245_nlpid, data, t_octets, "nlpidData"),
};
static const per_type t_nlpid = PER_SEQUENCE(struct h245_nlpid, "nlpid", nlpid_comps, 2, false);
static const per_comp application_comps[] = {
    C(struct h245_data_application, u.nonstd, t_nonstd, "nonStandard"),
    C(struct h245_data_application, u.protocol, t_dpc, "t120"),
    C(struct h245_data_application, u.protocol, t_dpc, "dsm-cc"),
    C(struct h245_data_application, u.protocol, t_dpc, "userData"),
    C(struct h245_data_application, u.t84, t_t84, "t84"),
    C(struct h245_data_application, u.protocol, t_dpc, "t434"),
    C(struct h245_data_application, u.protocol, t_dpc, "h224"),
    C(struct h245_data_application, u.nlpid, t_nlpid, "nlpid"),
    ALT_NULL("dsvdControl"),
    C(struct h245_data_application, u.protocol, t_dpc, "h222DataPartitioning"),
    C(struct h245_data_application, u.protocol, t_dpc, "t30fax"),
    C(struct h245_data_application, u.protocol, t_dpc, "t140"),
    ALT_NO("t38fax"),
    ALT_NO("genericDataCapability"),
};
static const per_type t_application = PER_CHOICE(struct h245_data_application, "application", choice,
                                                 application_comps, 10, true);
static const per_comp data_app_comps[] = {
    C(h245_data_app_cap, application, t_application, "application"),
    C(h245_data_app_cap, max_bit_rate, t_u32, "maxBitRate"),
};
static const per_type t_data_app = PER_SEQUENCE(h245_data_app_cap, "DataApplicationCapability", data_app_comps, 2, true);
static const per_type t_data_app_list = PER_SEQUENCE_OF_UNC(t_data_app);

/* ---- UserInputCapability, Capability ------------------------------------------------------ */

static const per_comp uic_comps[] = {
    C(h245_user_input_cap, u.nonstd, t_nonstd_list16, "nonStandard"),
    ALT_NULL("basicString"),
    ALT_NULL("iA5String"),
    ALT_NULL("generalString"),
    ALT_NULL("dtmf"),
    ALT_NULL("hookflash"),
    ALT_NULL("extendedAlphanumeric"),
    ALT_NULL("encryptedBasicString"),
    ALT_NULL("encryptedIA5String"),
    ALT_NULL("encryptedGeneralString"),
    ALT_NULL("secureDTMF"),
    ALT_NO("genericUserInputCapability"),
};
static const per_type t_user_input_cap = PER_CHOICE(h245_user_input_cap, "UserInputCapability", choice, uic_comps, 6, true);

static const per_comp h233_rx_comps[] = { { "h233IVResponseTime", &t_u8, 0, sizeof(uint8_t), 0, 0, 0 } };
static const per_type t_h233_rx = SEQUENCE_AS("h233EncryptionReceiveCapability", sizeof(uint8_t), h233_rx_comps, 1, true);

static const per_comp telephony_event_comps[] = {
    C(struct h245_telephony_event_cap, dynamic_rtp_payload_type, t_dynamic_pt, "dynamicRTPPayloadType"),
    C(struct h245_telephony_event_cap, audio_telephone_event, t_general_string, "audioTelephoneEvent"),
};
static const per_type t_telephony_event = PER_SEQUENCE(struct h245_telephony_event_cap, "AudioTelephonyEventCapability",
                                                       telephony_event_comps, 2, true);

static const per_comp capability_comps[] = {
    C(h245_capability, u.nonstd, t_nonstd, "nonStandard"),
    C(h245_capability, u.video, t_video, "receiveVideoCapability"),
    C(h245_capability, u.video, t_video, "transmitVideoCapability"),
    C(h245_capability, u.video, t_video, "receiveAndTransmitVideoCapability"),
    C(h245_capability, u.audio, t_audio, "receiveAudioCapability"),
    C(h245_capability, u.audio, t_audio, "transmitAudioCapability"),
    C(h245_capability, u.audio, t_audio, "receiveAndTransmitAudioCapability"),
    C(h245_capability, u.data, t_data_app, "receiveDataApplicationCapability"),
    C(h245_capability, u.data, t_data_app, "transmitDataApplicationCapability"),
    C(h245_capability, u.data, t_data_app, "receiveAndTransmitDataApplicationCapability"),
    C(h245_capability, u.h233_encryption_tx, per_t_boolean, "h233EncryptionTransmitCapability"),
    C(h245_capability, u.h233_iv_response_time, t_h233_rx, "h233EncryptionReceiveCapability"),
    ALT_NO("conferenceCapability"),
    ALT_NO("h235SecurityCapability"),
    C(h245_capability, u.max_pending_replacement_for, t_u8, "maxPendingReplacementFor"),
    C(h245_capability, u.user_input, t_user_input_cap, "receiveUserInputCapability"),
    C(h245_capability, u.user_input, t_user_input_cap, "transmitUserInputCapability"),
    C(h245_capability, u.user_input, t_user_input_cap, "receiveAndTransmitUserInputCapability"),
    ALT_NO("genericControlCapability"),
    ALT_NO("receiveMultiplexedStreamCapability"),
    ALT_NO("transmitMultiplexedStreamCapability"),
    ALT_NO("receiveAndTransmitMultiplexedStreamCapability"),
    C(h245_capability, u.telephony_event, t_telephony_event, "receiveRTPAudioTelephonyEventCapability"),
    ALT_NO("receiveRTPAudioToneCapability"),
    ALT_NO("depFecCapability"),
    ALT_NO("multiplePayloadStreamCapability"),
    ALT_NO("fecCapability"),
    ALT_NO("redundancyEncodingCap"),
    ALT_NO("oneOfCapabilities"),
};
static const per_type t_capability = PER_CHOICE(h245_capability, "Capability", choice, capability_comps, 12, true);

/* ---- RTPPayloadType, H2250Capability, MultiplexCapability ------------------------------------ */

static const per_type t_rfc_number = PER_INTEGER_EXT(int64_t, 1, 32768);
static const per_comp payload_descriptor_comps[] = {
    C(struct h245_payload_descriptor, u.nonstd, t_nonstd, "nonStandardIdentifier"),
    C(struct h245_payload_descriptor, u.rfc_number, t_rfc_number, "rfc-number"),
    C(struct h245_payload_descriptor, u.oid, per_t_oid, "oid"),
};
static const per_type t_payload_descriptor = PER_CHOICE(struct h245_payload_descriptor, "payloadDescriptor", choice,
                                                        payload_descriptor_comps, 3, true);
static const per_comp rtp_payload_type_comps[] = {
    C(h245_rtp_payload_type, descriptor, t_payload_descriptor, "payloadDescriptor"),
    C_OPT(h245_rtp_payload_type, payload_type, t_payload_type, has_payload_type, "payloadType"),
};
static const per_type t_rtp_payload_type = PER_SEQUENCE(h245_rtp_payload_type, "RTPPayloadType", rtp_payload_type_comps, 2, true);
static const per_type t_rtp_payload_types = PER_SEQUENCE_OF(t_rtp_payload_type, 1, 256);

static const per_comp media_distribution_comps[] = {
    C(h245_media_distribution_cap, centralized_control, per_t_boolean, "centralizedControl"),
    C(h245_media_distribution_cap, distributed_control, per_t_boolean, "distributedControl"),
    C(h245_media_distribution_cap, centralized_audio, per_t_boolean, "centralizedAudio"),
    C(h245_media_distribution_cap, distributed_audio, per_t_boolean, "distributedAudio"),
    C(h245_media_distribution_cap, centralized_video, per_t_boolean, "centralizedVideo"),
    C(h245_media_distribution_cap, distributed_video, per_t_boolean, "distributedVideo"),
    C_OPT(h245_media_distribution_cap, centralized_data, t_data_app_list, has_centralized_data, "centralizedData"),
    C_OPT(h245_media_distribution_cap, distributed_data, t_data_app_list, has_distributed_data, "distributedData"),
};
static const per_type t_media_distribution = PER_SEQUENCE(h245_media_distribution_cap, "MediaDistributionCapability",
                                                          media_distribution_comps, 8, true);
static const per_type t_media_distributions = PER_SEQUENCE_OF_UNC(t_media_distribution);
static const per_comp multipoint_comps[] = {
    C(h245_multipoint_cap, multicast_capability, per_t_boolean, "multicastCapability"),
    C(h245_multipoint_cap, multi_unicast_conference, per_t_boolean, "multiUniCastConference"),
    C(h245_multipoint_cap, media_distribution, t_media_distributions, "mediaDistributionCapability"),
};
static const per_type t_multipoint = PER_SEQUENCE(h245_multipoint_cap, "MultipointCapability", multipoint_comps, 3, true);
static const per_comp mc_capability_comps[] = {
    C(struct h245_mc_capability, centralized_conference_mc, per_t_boolean, "centralizedConferenceMC"),
    C(struct h245_mc_capability, decentralized_conference_mc, per_t_boolean, "decentralizedConferenceMC"),
};
static const per_type t_mc_capability = PER_SEQUENCE(struct h245_mc_capability, "mcCapability", mc_capability_comps, 2, true);
static const per_comp media_packetization_cap_comps[] = {
    C(struct h245_media_packetization_cap, h261a_video_packetization, per_t_boolean, "h261aVideoPacketization"),
    C_OPT(struct h245_media_packetization_cap, rtp_payload_type, t_rtp_payload_types, has_rtp_payload_type,
          "rtpPayloadType"),
};
static const per_type t_media_packetization_cap = PER_SEQUENCE(struct h245_media_packetization_cap,
                                                               "MediaPacketizationCapability",
                                                               media_packetization_cap_comps, 1, true);
static const per_type t_jitter1023 = PER_INTEGER(uint16_t, 0, 1023);
static const per_comp h2250_cap_comps[] = {
    C(h245_h2250_cap, maximum_audio_delay_jitter, t_jitter1023, "maximumAudioDelayJitter"),
    C(h245_h2250_cap, receive_multipoint, t_multipoint, "receiveMultipointCapability"),
    C(h245_h2250_cap, transmit_multipoint, t_multipoint, "transmitMultipointCapability"),
    C(h245_h2250_cap, receive_and_transmit_multipoint, t_multipoint, "receiveAndTransmitMultipointCapability"),
    C(h245_h2250_cap, mc_capability, t_mc_capability, "mcCapability"),
    C(h245_h2250_cap, rtcp_video_control, per_t_boolean, "rtcpVideoControlCapability"),
    C(h245_h2250_cap, media_packetization, t_media_packetization_cap, "mediaPacketizationCapability"),
};
static const per_type t_h2250_cap = PER_SEQUENCE(h245_h2250_cap, "H2250Capability", h2250_cap_comps, 7, true);
static const per_comp multiplex_cap_comps[] = {
    C(h245_multiplex_cap, u.nonstd, t_nonstd, "nonStandard"),
    ALT_NO("h222Capability"),
    ALT_NO("h223Capability"),
    ALT_NO("v76Capability"),
    C(h245_multiplex_cap, u.h2250, t_h2250_cap, "h2250Capability"),
    ALT_NO("genericMultiplexCapability"),
};
static const per_type t_multiplex_cap = PER_CHOICE(h245_multiplex_cap, "MultiplexCapability", choice, multiplex_cap_comps, 4, true);

/* ---- TerminalCapabilitySet and its answers ------------------------------------------------- */

static const per_type t_alt_cap_set = PER_SEQUENCE_OF(t_lcn, 1, 256);
static const per_type t_alt_cap_sets = PER_SEQUENCE_OF(t_alt_cap_set, 1, 256);
static const per_comp cap_entry_comps[] = {
    C(h245_cap_entry, number, t_lcn, "capabilityTableEntryNumber"),
    C_OPT(h245_cap_entry, capability, t_capability, has_capability, "capability"),
};
static const per_type t_cap_entry = PER_SEQUENCE(h245_cap_entry, "CapabilityTableEntry", cap_entry_comps, 2, false);
static const per_comp cap_descriptor_comps[] = {
    C(h245_cap_descriptor, number, t_u8, "capabilityDescriptorNumber"),
    C_OPT(h245_cap_descriptor, simultaneous, t_alt_cap_sets, has_simultaneous, "simultaneousCapabilities"),
};
static const per_type t_cap_descriptor = PER_SEQUENCE(h245_cap_descriptor, "CapabilityDescriptor", cap_descriptor_comps, 2, false);
static const per_type t_cap_table = PER_SEQUENCE_OF(t_cap_entry, 1, 256);
static const per_type t_cap_descriptors = PER_SEQUENCE_OF(t_cap_descriptor, 1, 256);
static const per_comp tcs_comps[] = {
    C(h245_tcs, sequence_number, t_u8, "sequenceNumber"),
    C(h245_tcs, protocol_identifier, per_t_oid, "protocolIdentifier"),
    C_OPT(h245_tcs, multiplex_capability, t_multiplex_cap, has_multiplex_capability, "multiplexCapability"),
    C_OPT(h245_tcs, capability_table, t_cap_table, has_capability_table, "capabilityTable"),
    C_OPT(h245_tcs, capability_descriptors, t_cap_descriptors, has_capability_descriptors, "capabilityDescriptors"),
};
static const per_type t_tcs = PER_SEQUENCE(h245_tcs, "TerminalCapabilitySet", tcs_comps, 5, true);
static const per_comp tcs_ack_comps[] = { C(h245_tcs_ack, sequence_number, t_u8, "sequenceNumber") };
static const per_type t_tcs_ack = PER_SEQUENCE(h245_tcs_ack, "TerminalCapabilitySetAck", tcs_ack_comps, 1, true);
static const per_comp tece_comps[] = {
    C(struct h245_table_entry_capacity_exceeded, u.highest_entry_number_processed, t_lcn, "highestEntryNumberProcessed"),
    ALT_NULL("noneProcessed"),
};
static const per_type t_tece = PER_CHOICE(struct h245_table_entry_capacity_exceeded, "tableEntryCapacityExceeded",
                                          choice, tece_comps, 2, false);
static const per_comp tcs_reject_cause_comps[] = {
    ALT_NULL("unspecified"),
    ALT_NULL("undefinedTableEntryUsed"),
    ALT_NULL("descriptorCapacityExceeded"),
    C(struct h245_tcs_reject_cause, u.table_entry_capacity_exceeded, t_tece, "tableEntryCapacityExceeded"),
};
static const per_type t_tcs_reject_cause = PER_CHOICE(struct h245_tcs_reject_cause, "cause", choice,
                                                      tcs_reject_cause_comps, 4, true);
static const per_comp tcs_reject_comps[] = {
    C(h245_tcs_reject, sequence_number, t_u8, "sequenceNumber"),
    C(h245_tcs_reject, cause, t_tcs_reject_cause, "cause"),
};
static const per_type t_tcs_reject = PER_SEQUENCE(h245_tcs_reject, "TerminalCapabilitySetReject", tcs_reject_comps, 2, true);
static const per_type t_tcs_release = EMPTY_SEQUENCE("TerminalCapabilitySetRelease");

/* ---- master/slave determination ---------------------------------------------------------- */

static const per_comp msd_comps[] = {
    C(h245_msd, terminal_type, t_u8, "terminalType"),
    C(h245_msd, status_determination_number, t_u24, "statusDeterminationNumber"),
};
static const per_type t_msd = PER_SEQUENCE(h245_msd, "MasterSlaveDetermination", msd_comps, 2, true);
static const per_comp decision_comps[] = { ALT_NULL("master"), ALT_NULL("slave") };
static const per_type t_decision = NULL_CHOICE("decision", decision_comps, 2, false);
static const per_comp msd_ack_comps[] = { C(h245_msd_ack, decision, t_decision, "decision") };
static const per_type t_msd_ack = PER_SEQUENCE(h245_msd_ack, "MasterSlaveDeterminationAck", msd_ack_comps, 1, true);
static const per_comp msd_reject_cause_comps[] = { ALT_NULL("identicalNumbers") };
static const per_type t_msd_reject_cause = NULL_CHOICE("cause", msd_reject_cause_comps, 1, true);
static const per_comp msd_reject_comps[] = { C(h245_msd_reject, cause, t_msd_reject_cause, "cause") };
static const per_type t_msd_reject = PER_SEQUENCE(h245_msd_reject, "MasterSlaveDeterminationReject", msd_reject_comps, 1, true);
static const per_type t_msd_release = EMPTY_SEQUENCE("MasterSlaveDeterminationRelease");

/* ---- logical channels ------------------------------------------------------------------------ */

static const per_comp encryption_mode_comps[] = {
    C(struct h245_encryption_mode, u.nonstd, t_nonstd, "nonStandard"),
    ALT_NULL("h233Encryption"),
};
static const per_type t_encryption_mode = PER_CHOICE(struct h245_encryption_mode, "EncryptionMode", choice,
                                                     encryption_mode_comps, 2, true);
static const per_comp data_type_comps[] = {
    C(h245_data_type, u.nonstd, t_nonstd, "nonStandard"),
    ALT_NULL("nullData"),
    C(h245_data_type, u.video, t_video, "videoData"),
    C(h245_data_type, u.audio, t_audio, "audioData"),
    C(h245_data_type, u.data, t_data_app, "data"),
    C(h245_data_type, u.encryption, t_encryption_mode, "encryptionData"),
    C(h245_data_type, u.nonstd, t_nonstd, "h235Control"),
    ALT_NO("h235Media"),
    ALT_NO("multiplexedStream"),
    ALT_NO("redundancyEncoding"),
    ALT_NO("multiplePayloadStream"),
    ALT_NO("depFec"),
    ALT_NO("fec"),
};
static const per_type t_data_type = PER_CHOICE(h245_data_type, "DataType", choice, data_type_comps, 6, true);

static const per_comp media_packetization_comps[] = {
    ALT_NULL("h261aVideoPacketization"),
    C(struct h245_media_packetization, u.rtp_payload_type, t_rtp_payload_type, "rtpPayloadType"),
};
static const per_type t_media_packetization = PER_CHOICE(struct h245_media_packetization, "mediaPacketization",
                                                         choice, media_packetization_comps, 1, true);
static const per_comp h2250_lcp_comps[] = {
    C_OPT(h245_h2250_lcp, nonstd, t_nonstd_list, has_nonstd, "nonStandard"),
    C(h245_h2250_lcp, session_id, t_session, "sessionID"),
    C_OPT(h245_h2250_lcp, associated_session_id, t_session1, has_associated_session_id, "associatedSessionID"),
    C_OPT(h245_h2250_lcp, media_channel, t_transport, has_media_channel, "mediaChannel"),
    C_OPT(h245_h2250_lcp, media_guaranteed_delivery, per_t_boolean, has_media_guaranteed_delivery,
          "mediaGuaranteedDelivery"),
    C_OPT(h245_h2250_lcp, media_control_channel, t_transport, has_media_control_channel, "mediaControlChannel"),
    C_OPT(h245_h2250_lcp, media_control_guaranteed_delivery, per_t_boolean, has_media_control_guaranteed_delivery,
          "mediaControlGuaranteedDelivery"),
    C_OPT(h245_h2250_lcp, silence_suppression, per_t_boolean, has_silence_suppression, "silenceSuppression"),
    C_OPT(h245_h2250_lcp, destination, t_terminal_label, has_destination, "destination"),
    C_OPT(h245_h2250_lcp, dynamic_rtp_payload_type, t_dynamic_pt, has_dynamic_rtp_payload_type,
          "dynamicRTPPayloadType"),
    C_OPT(h245_h2250_lcp, media_packetization, t_media_packetization, has_media_packetization, "mediaPacketization"),
};
static const per_type t_h2250_lcp = PER_SEQUENCE(h245_h2250_lcp, "H2250LogicalChannelParameters", h2250_lcp_comps, 11, true);

static const per_comp fwd_mux_comps[] = {
    ALT_NO("h222LogicalChannelParameters"),
    ALT_NO("h223LogicalChannelParameters"),
    ALT_NO("v76LogicalChannelParameters"),
    C(h245_mux_params, u.h2250, t_h2250_lcp, "h2250LogicalChannelParameters"),
    ALT_NULL("none"),
};
static const per_type t_fwd_mux = PER_CHOICE(h245_mux_params, "multiplexParameters", choice, fwd_mux_comps, 3, true);
static const per_comp rev_mux_comps[] = {
    ALT_NO("h223LogicalChannelParameters"),
    ALT_NO("v76LogicalChannelParameters"),
    C(h245_mux_params, u.h2250, t_h2250_lcp, "h2250LogicalChannelParameters"),
};
static const per_type t_rev_mux = PER_CHOICE(h245_mux_params, "multiplexParameters", choice, rev_mux_comps, 2, true);
static const per_comp ack_mux_comps[] = {
    ALT_NO("h222LogicalChannelParameters"),
    C(h245_mux_params, u.h2250, t_h2250_lcp, "h2250LogicalChannelParameters"),
};
static const per_type t_ack_mux = PER_CHOICE(h245_mux_params, "multiplexParameters", choice, ack_mux_comps, 1, true);

static const per_comp olc_forward_comps[] = {
    C_OPT(struct h245_olc_forward, port_number, t_u16, has_port_number, "portNumber"),
    C(struct h245_olc_forward, data_type, t_data_type, "dataType"),
    C(struct h245_olc_forward, multiplex_parameters, t_fwd_mux, "multiplexParameters"),
    C_OPT(struct h245_olc_forward, forward_logical_channel_dependency, t_lcn, has_forward_logical_channel_dependency,
          "forwardLogicalChannelDependency"),
    C_OPT(struct h245_olc_forward, replacement_for, t_lcn, has_replacement_for, "replacementFor"),
};
static const per_type t_olc_forward = PER_SEQUENCE(struct h245_olc_forward, "forwardLogicalChannelParameters",
                                                   olc_forward_comps, 3, true);
static const per_comp olc_reverse_comps[] = {
    C(struct h245_olc_reverse, data_type, t_data_type, "dataType"),
    C_OPT(struct h245_olc_reverse, multiplex_parameters, t_rev_mux, has_multiplex_parameters, "multiplexParameters"),
    C_OPT(struct h245_olc_reverse, reverse_logical_channel_dependency, t_lcn, has_reverse_logical_channel_dependency,
          "reverseLogicalChannelDependency"),
    C_OPT(struct h245_olc_reverse, replacement_for, t_lcn, has_replacement_for, "replacementFor"),
};
static const per_type t_olc_reverse = PER_SEQUENCE(struct h245_olc_reverse, "reverseLogicalChannelParameters",
                                                   olc_reverse_comps, 2, true);
static const per_comp olc_comps[] = {
    C(h245_olc, forward_logical_channel_number, t_lcn, "forwardLogicalChannelNumber"),
    C(h245_olc, forward, t_olc_forward, "forwardLogicalChannelParameters"),
    C_OPT(h245_olc, reverse, t_olc_reverse, has_reverse, "reverseLogicalChannelParameters"),
    C_OPT(h245_olc, separate_stack, per_t_open, has_separate_stack, "separateStack"),
};
const per_type h245_t_olc = PER_SEQUENCE(h245_olc, "OpenLogicalChannel", olc_comps, 3, true);

static const per_comp h2250_lcap_comps[] = {
    C_OPT(h245_h2250_lcap, nonstd, t_nonstd_list, has_nonstd, "nonStandard"),
    C_OPT(h245_h2250_lcap, session_id, t_session1, has_session_id, "sessionID"),
    C_OPT(h245_h2250_lcap, media_channel, t_transport, has_media_channel, "mediaChannel"),
    C_OPT(h245_h2250_lcap, media_control_channel, t_transport, has_media_control_channel, "mediaControlChannel"),
    C_OPT(h245_h2250_lcap, dynamic_rtp_payload_type, t_dynamic_pt, has_dynamic_rtp_payload_type,
          "dynamicRTPPayloadType"),
    C_OPT(h245_h2250_lcap, flow_control_to_zero, per_t_boolean, has_flow_control_to_zero, "flowControlToZero"),
    C_OPT(h245_h2250_lcap, port_number, t_u16, has_port_number, "portNumber"),
};
static const per_type t_h2250_lcap = PER_SEQUENCE(h245_h2250_lcap, "H2250LogicalChannelAckParameters",
                                                  h2250_lcap_comps, 5, true);
static const per_comp olc_ack_reverse_comps[] = {
    C(struct h245_olc_ack_reverse, reverse_logical_channel_number, t_lcn, "reverseLogicalChannelNumber"),
    C_OPT(struct h245_olc_ack_reverse, port_number, t_u16, has_port_number, "portNumber"),
    C_OPT(struct h245_olc_ack_reverse, multiplex_parameters, t_ack_mux, has_multiplex_parameters, "multiplexParameters"),
    C_OPT(struct h245_olc_ack_reverse, replacement_for, t_lcn, has_replacement_for, "replacementFor"),
};
static const per_type t_olc_ack_reverse = PER_SEQUENCE(struct h245_olc_ack_reverse, "reverseLogicalChannelParameters",
                                                       olc_ack_reverse_comps, 3, true);
static const per_comp fwd_mux_ack_comps[] = {
    C(struct h245_forward_mux_ack, u.h2250, t_h2250_lcap, "h2250LogicalChannelAckParameters"),
};
static const per_type t_fwd_mux_ack = PER_CHOICE(struct h245_forward_mux_ack, "forwardMultiplexAckParameters", choice,
                                                 fwd_mux_ack_comps, 1, true);
static const per_comp olc_ack_comps[] = {
    C(h245_olc_ack, forward_logical_channel_number, t_lcn, "forwardLogicalChannelNumber"),
    C_OPT(h245_olc_ack, reverse, t_olc_ack_reverse, has_reverse, "reverseLogicalChannelParameters"),
    C_OPT(h245_olc_ack, separate_stack, per_t_open, has_separate_stack, "separateStack"),
    C_OPT(h245_olc_ack, forward_multiplex_ack_parameters, t_fwd_mux_ack, has_forward_multiplex_ack_parameters,
          "forwardMultiplexAckParameters"),
};
static const per_type t_olc_ack = PER_SEQUENCE(h245_olc_ack, "OpenLogicalChannelAck", olc_ack_comps, 2, true);

static const per_comp olc_reject_cause_comps[] = {
    ALT_NULL("unspecified"),
    ALT_NULL("unsuitableReverseParameters"),
    ALT_NULL("dataTypeNotSupported"),
    ALT_NULL("dataTypeNotAvailable"),
    ALT_NULL("unknownDataType"),
    ALT_NULL("dataTypeALCombinationNotSupported"),
    ALT_NULL("multicastChannelNotAllowed"),
    ALT_NULL("insufficientBandwidth"),
    ALT_NULL("separateStackEstablishmentFailed"),
    ALT_NULL("invalidSessionID"),
    ALT_NULL("masterSlaveConflict"),
    ALT_NULL("waitForCommunicationMode"),
    ALT_NULL("invalidDependentChannel"),
    ALT_NULL("replacementForRejected"),
    ALT_NULL("securityDenied"),
};
static const per_type t_olc_reject_cause = NULL_CHOICE("cause", olc_reject_cause_comps, 6, true);
static const per_comp olc_reject_comps[] = {
    C(h245_olc_reject, forward_logical_channel_number, t_lcn, "forwardLogicalChannelNumber"),
    C(h245_olc_reject, cause, t_olc_reject_cause, "cause"),
};
static const per_type t_olc_reject = PER_SEQUENCE(h245_olc_reject, "OpenLogicalChannelReject", olc_reject_comps, 2, true);

/* The four SEQUENCE { forwardLogicalChannelNumber, ... } types differ in name only. */
static const per_comp lcn_comps[] = { C(h245_lcn, forward_logical_channel_number, t_lcn, "forwardLogicalChannelNumber") };
static const per_type t_olc_confirm = PER_SEQUENCE(h245_lcn, "OpenLogicalChannelConfirm", lcn_comps, 1, true);
static const per_type t_clc_ack = PER_SEQUENCE(h245_lcn, "CloseLogicalChannelAck", lcn_comps, 1, true);
static const per_type t_rcc_ack = PER_SEQUENCE(h245_lcn, "RequestChannelCloseAck", lcn_comps, 1, true);
static const per_type t_rcc_release = PER_SEQUENCE(h245_lcn, "RequestChannelCloseRelease", lcn_comps, 1, true);

static const per_comp clc_source_comps[] = { ALT_NULL("user"), ALT_NULL("lcse") };
static const per_type t_clc_source = NULL_CHOICE("source", clc_source_comps, 2, false);
static const per_comp clc_reason_comps[] = { ALT_NULL("unknown"), ALT_NULL("reopen"), ALT_NULL("reservationFailure") };
static const per_type t_clc_reason = NULL_CHOICE("reason", clc_reason_comps, 3, true);
static const per_comp clc_comps[] = {
    C(h245_clc, forward_logical_channel_number, t_lcn, "forwardLogicalChannelNumber"),
    C(h245_clc, source, t_clc_source, "source"),
    C_OPT(h245_clc, reason, t_clc_reason, has_reason, "reason"),
};
static const per_type t_clc = PER_SEQUENCE(h245_clc, "CloseLogicalChannel", clc_comps, 2, true);

static const per_comp rcc_reason_comps[] = {
    ALT_NULL("unknown"), ALT_NULL("normal"), ALT_NULL("reopen"), ALT_NULL("reservationFailure"),
};
static const per_type t_rcc_reason = NULL_CHOICE("reason", rcc_reason_comps, 4, true);
static const per_comp rcc_comps[] = {
    C(h245_rcc, forward_logical_channel_number, t_lcn, "forwardLogicalChannelNumber"),
    C_OPT(h245_rcc, qos_capability, per_t_open, has_qos_capability, "qosCapability"),
    C_OPT(h245_rcc, reason, t_rcc_reason, has_reason, "reason"),
};
static const per_type t_rcc = PER_SEQUENCE(h245_rcc, "RequestChannelClose", rcc_comps, 1, true);
static const per_comp unspecified_comps[] = { ALT_NULL("unspecified") };
static const per_type t_unspecified_cause = NULL_CHOICE("cause", unspecified_comps, 1, true);
static const per_comp rcc_reject_comps[] = {
    C(h245_rcc_reject, forward_logical_channel_number, t_lcn, "forwardLogicalChannelNumber"),
    C(h245_rcc_reject, cause, t_unspecified_cause, "cause"),
};
static const per_type t_rcc_reject = PER_SEQUENCE(h245_rcc_reject, "RequestChannelCloseReject", rcc_reject_comps, 2, true);

/* ---- round trip delay, commands ----------------------------------------------------------- */

static const per_comp rtd_comps[] = { C(h245_rtd, sequence_number, t_u8, "sequenceNumber") };
static const per_type t_rtd_request = PER_SEQUENCE(h245_rtd, "RoundTripDelayRequest", rtd_comps, 1, true);
static const per_type t_rtd_response = PER_SEQUENCE(h245_rtd, "RoundTripDelayResponse", rtd_comps, 1, true);

static const per_type t_maintenance_loop_off = EMPTY_SEQUENCE("MaintenanceLoopOffCommand");

static const per_type t_table_entry_numbers = PER_SEQUENCE_OF(t_lcn, 1, 65535);
static const per_type t_descriptor_numbers = PER_SEQUENCE_OF(t_u8, 1, 256);
static const per_comp send_tcs_specific_comps[] = {
    C(struct h245_send_tcs_specific, multiplex_capability, per_t_boolean, "multiplexCapability"),
    C_OPT(struct h245_send_tcs_specific, capability_table_entry_numbers, t_table_entry_numbers,
          has_capability_table_entry_numbers, "capabilityTableEntryNumbers"),
    C_OPT(struct h245_send_tcs_specific, capability_descriptor_numbers, t_descriptor_numbers,
          has_capability_descriptor_numbers, "capabilityDescriptorNumbers"),
};
static const per_type t_send_tcs_specific = PER_SEQUENCE(struct h245_send_tcs_specific, "specificRequest",
                                                         send_tcs_specific_comps, 3, true);
static const per_comp send_tcs_comps[] = {
    C(h245_send_tcs, u.specific, t_send_tcs_specific, "specificRequest"),
    ALT_NULL("genericRequest"),
};
static const per_type t_send_tcs = PER_CHOICE(h245_send_tcs, "SendTerminalCapabilitySet", choice, send_tcs_comps, 2, true);

static const per_comp scope_comps[] = {
    C(h245_scope, u.logical_channel_number, t_lcn, "logicalChannelNumber"),
    C(h245_scope, u.resource_id, t_u16, "resourceID"),
    ALT_NULL("wholeMultiplex"),
};
static const per_type t_scope = PER_CHOICE(h245_scope, "scope", choice, scope_comps, 3, false);
static const per_comp restriction_comps[] = {
    C(struct h245_restriction, u.maximum_bit_rate, t_u24, "maximumBitRate"),
    ALT_NULL("noRestriction"),
};
static const per_type t_restriction = PER_CHOICE(struct h245_restriction, "restriction", choice, restriction_comps, 2, false);
static const per_comp flow_control_comps[] = {
    C(h245_flow_control, scope, t_scope, "scope"),
    C(h245_flow_control, restriction, t_restriction, "restriction"),
};
static const per_type t_flow_control_command = PER_SEQUENCE(h245_flow_control, "FlowControlCommand", flow_control_comps, 2, true);
static const per_type t_flow_control_indication = PER_SEQUENCE(h245_flow_control, "FlowControlIndication",
                                                               flow_control_comps, 2, true);

static const per_comp gstn_comps[] = {
    ALT_NULL("telephonyMode"), ALT_NULL("v8bis"), ALT_NULL("v34DSVD"), ALT_NULL("v34DuplexFAX"), ALT_NULL("v34H324"),
};
static const per_type t_gstn_options = NULL_CHOICE("gstnOptions", gstn_comps, 5, true);
static const per_comp isdn_comps[] = { ALT_NULL("telephonyMode"), ALT_NULL("v140"), ALT_NULL("terminalOnHold") };
static const per_type t_isdn_options = NULL_CHOICE("isdnOptions", isdn_comps, 3, true);
static const per_comp end_session_comps[] = {
    C(h245_end_session, u.nonstd, t_nonstd, "nonStandard"),
    ALT_NULL("disconnect"),
    C(h245_end_session, u.gstn_options, t_gstn_options, "gstnOptions"),
    C(h245_end_session, u.isdn_options, t_isdn_options, "isdnOptions"),
    ALT_NO("genericInformation"),
};
static const per_type t_end_session = PER_CHOICE(h245_end_session, "EndSessionCommand", choice, end_session_comps, 3, true);

static const per_type t_first_gob = PER_INTEGER(uint8_t, 0, 17);
static const per_type t_number_of_gobs = PER_INTEGER(uint8_t, 1, 18);
static const per_type t_trade_off = PER_INTEGER(uint8_t, 0, 31);
static const per_comp gob_comps[] = {
    C(struct h245_video_fast_update_gob, first_gob, t_first_gob, "firstGOB"),
    C(struct h245_video_fast_update_gob, number_of_gobs, t_number_of_gobs, "numberOfGOBs"),
};
static const per_type t_gob = PER_SEQUENCE(struct h245_video_fast_update_gob, "videoFastUpdateGOB", gob_comps, 2, false);
static const per_comp misc_command_type_comps[] = {
    ALT_NULL("equaliseDelay"),
    ALT_NULL("zeroDelay"),
    ALT_NULL("multipointModeCommand"),
    ALT_NULL("cancelMultipointModeCommand"),
    ALT_NULL("videoFreezePicture"),
    ALT_NULL("videoFastUpdatePicture"),
    C(struct h245_misc_command_type, u.video_fast_update_gob, t_gob, "videoFastUpdateGOB"),
    C(struct h245_misc_command_type, u.video_temporal_spatial_trade_off, t_trade_off, "videoTemporalSpatialTradeOff"),
    ALT_NULL("videoSendSyncEveryGOB"),
    ALT_NULL("videoSendSyncEveryGOBCancel"),
};
static const per_type t_misc_command_type = PER_CHOICE(struct h245_misc_command_type, "type", choice,
                                                       misc_command_type_comps, 10, true);
static const per_comp misc_command_comps[] = {
    C(h245_misc_command, logical_channel_number, t_lcn, "logicalChannelNumber"),
    C(h245_misc_command, type, t_misc_command_type, "type"),
};
static const per_type t_misc_command = PER_SEQUENCE(h245_misc_command, "MiscellaneousCommand", misc_command_comps, 2, true);

/* ---- indications -------------------------------------------------------------------------- */

static const per_comp misc_indication_type_comps[] = {
    ALT_NULL("logicalChannelActive"),
    ALT_NULL("logicalChannelInactive"),
    ALT_NULL("multipointConference"),
    ALT_NULL("cancelMultipointConference"),
    ALT_NULL("multipointZeroComm"),
    ALT_NULL("cancelMultipointZeroComm"),
    ALT_NULL("multipointSecondaryStatus"),
    ALT_NULL("cancelMultipointSecondaryStatus"),
    ALT_NULL("videoIndicateReadyToActivate"),
    C(struct h245_misc_indication_type, u.video_temporal_spatial_trade_off, t_trade_off, "videoTemporalSpatialTradeOff"),
};
static const per_type t_misc_indication_type = PER_CHOICE(struct h245_misc_indication_type, "type", choice,
                                                          misc_indication_type_comps, 10, true);
static const per_comp misc_indication_comps[] = {
    C(h245_misc_indication, logical_channel_number, t_lcn, "logicalChannelNumber"),
    C(h245_misc_indication, type, t_misc_indication_type, "type"),
};
static const per_type t_misc_indication = PER_SEQUENCE(h245_misc_indication, "MiscellaneousIndication",
                                                       misc_indication_comps, 2, true);

static const per_type t_u2 = PER_INTEGER(uint8_t, 0, 3);
static const per_type t_u3 = PER_INTEGER(uint8_t, 0, 7);
static const per_type t_u18 = PER_INTEGER(uint32_t, 0, 262143);
static const per_comp jitter_comps[] = {
    C(h245_jitter, scope, t_scope, "scope"),
    C(h245_jitter, estimated_received_jitter_mantissa, t_u2, "estimatedReceivedJitterMantissa"),
    C(h245_jitter, estimated_received_jitter_exponent, t_u3, "estimatedReceivedJitterExponent"),
    C_OPT(h245_jitter, skipped_frame_count, t_u4, has_skipped_frame_count, "skippedFrameCount"),
    C_OPT(h245_jitter, additional_decoder_buffer, t_u18, has_additional_decoder_buffer, "additionalDecoderBuffer"),
};
static const per_type t_jitter = PER_SEQUENCE(h245_jitter, "JitterIndication", jitter_comps, 5, true);

/* signalType: SIZE(1) ^ FROM("0123456789#*ABCD!"), the alphabet in ascending code order.
 * 17 characters need 5 bits, 8 in the ALIGNED variant (X.691 27.5.2); 'D' (68) fits in 8
 * bits, so each character is sent as its own code (27.5.4), unaligned (fixed size, 8 bits:
 * 27.5.6). */
static const per_type t_signal_type = PER_IA5STRING_FROM(1, 1, "!#*0123456789ABCD");
static const per_type t_duration = PER_INTEGER(uint16_t, 1, 65535);
static const per_comp signal_rtp_comps[] = {
    C_OPT(struct h245_uii_signal_rtp, timestamp, t_u32, has_timestamp, "timestamp"),
    C_OPT(struct h245_uii_signal_rtp, expiration_time, t_u32, has_expiration_time, "expirationTime"),
    C(struct h245_uii_signal_rtp, logical_channel_number, t_lcn, "logicalChannelNumber"),
};
static const per_type t_signal_rtp = PER_SEQUENCE(struct h245_uii_signal_rtp, "rtp", signal_rtp_comps, 3, true);
static const per_comp signal_comps[] = {
    C(struct h245_uii_signal, signal_type, t_signal_type, "signalType"),
    C_OPT(struct h245_uii_signal, duration, t_duration, has_duration, "duration"),
    C_OPT(struct h245_uii_signal, rtp, t_signal_rtp, has_rtp, "rtp"),
    PER_COMP_NULL_OPT(struct h245_uii_signal, "rtpPayloadIndication", has_rtp_payload_indication),
};
static const per_type t_signal = PER_SEQUENCE(struct h245_uii_signal, "signal", signal_comps, 3, true);
static const per_comp signal_update_rtp_comps[] = {
    C(struct h245_uii_signal_update_rtp, logical_channel_number, t_lcn, "logicalChannelNumber"),
};
static const per_type t_signal_update_rtp = PER_SEQUENCE(struct h245_uii_signal_update_rtp, "rtp",
                                                         signal_update_rtp_comps, 1, true);
static const per_comp signal_update_comps[] = {
    C(struct h245_uii_signal_update, duration, t_duration, "duration"),
    C_OPT(struct h245_uii_signal_update, rtp, t_signal_update_rtp, has_rtp, "rtp"),
};
static const per_type t_signal_update = PER_SEQUENCE(struct h245_uii_signal_update, "signalUpdate",
                                                     signal_update_comps, 2, true);
static const per_comp extended_alphanumeric_comps[] = {
    C(struct h245_uii_extended_alphanumeric, alphanumeric, t_general_string, "alphanumeric"),
    PER_COMP_NULL_OPT(struct h245_uii_extended_alphanumeric, "rtpPayloadIndication", has_rtp_payload_indication),
};
static const per_type t_extended_alphanumeric = PER_SEQUENCE(struct h245_uii_extended_alphanumeric,
                                                             "extendedAlphanumeric", extended_alphanumeric_comps, 2, true);
static const per_comp uii_support_comps[] = {
    C(struct h245_uii_support, u.nonstd, t_nonstd, "nonStandard"),
    ALT_NULL("basicString"),
    ALT_NULL("iA5String"),
    ALT_NULL("generalString"),
    ALT_NULL("encryptedBasicString"),
    ALT_NULL("encryptedIA5String"),
    ALT_NULL("encryptedGeneralString"),
};
static const per_type t_uii_support = PER_CHOICE(struct h245_uii_support, "userInputSupportIndication", choice,
                                                 uii_support_comps, 4, true);
static const per_comp uii_comps[] = {
    C(h245_uii, u.nonstd, t_nonstd, "nonStandard"),
    C(h245_uii, u.alphanumeric, t_general_string, "alphanumeric"),
    C(h245_uii, u.support, t_uii_support, "userInputSupportIndication"),
    C(h245_uii, u.signal, t_signal, "signal"),
    C(h245_uii, u.signal_update, t_signal_update, "signalUpdate"),
    C(h245_uii, u.extended_alphanumeric, t_extended_alphanumeric, "extendedAlphanumeric"),
    ALT_NO("encryptedAlphanumeric"),
    ALT_NO("genericInformation"),
};
static const per_type t_uii = PER_CHOICE(h245_uii, "UserInputIndication", choice, uii_comps, 2, true);

static const per_comp fns_cause_comps[] = {
    ALT_NULL("syntaxError"), ALT_NULL("semanticError"), ALT_NULL("unknownFunction"),
};
static const per_type t_fns_cause = NULL_CHOICE("cause", fns_cause_comps, 3, true);
static const per_comp fns_comps[] = {
    C(h245_function_not_supported, cause, t_fns_cause, "cause"),
    C_OPT(h245_function_not_supported, returned_function, t_octets, has_returned_function, "returnedFunction"),
};
static const per_type t_fns = PER_SEQUENCE(h245_function_not_supported, "FunctionNotSupported", fns_comps, 2, true);

static const per_type t_octets256 = PER_OCTET_STRING(1, 256);
static const per_comp vendor_comps[] = {
    C(h245_vendor_identification, vendor, t_nonstd_id, "vendor"),
    C_OPT(h245_vendor_identification, product_number, t_octets256, has_product_number, "productNumber"),
    C_OPT(h245_vendor_identification, version_number, t_octets256, has_version_number, "versionNumber"),
};
static const per_type t_vendor = PER_SEQUENCE(h245_vendor_identification, "VendorIdentification", vendor_comps, 3, true);

static const per_type t_request_mode_release = EMPTY_SEQUENCE("RequestModeRelease");

/* ---- the message classes --------------------------------------------------------------------- */

static const per_comp request_comps[] = {
    C(h245_request, u.nonstd, t_nonstd_msg, "nonStandard"),
    C(h245_request, u.msd, t_msd, "masterSlaveDetermination"),
    C(h245_request, u.tcs, t_tcs, "terminalCapabilitySet"),
    C(h245_request, u.olc, h245_t_olc, "openLogicalChannel"),
    C(h245_request, u.clc, t_clc, "closeLogicalChannel"),
    C(h245_request, u.rcc, t_rcc, "requestChannelClose"),
    ALT_NO("multiplexEntrySend"),
    ALT_NO("requestMultiplexEntry"),
    ALT_NO("requestMode"),
    C(h245_request, u.rtd, t_rtd_request, "roundTripDelayRequest"),
    ALT_NO("maintenanceLoopRequest"),
    ALT_NO("communicationModeRequest"),
    ALT_NO("conferenceRequest"),
    ALT_NO("multilinkRequest"),
    ALT_NO("logicalChannelRateRequest"),
    ALT_NO("genericRequest"),
};
static const per_type t_request = PER_CHOICE(h245_request, "RequestMessage", choice, request_comps, 11, true);

static const per_comp response_comps[] = {
    C(h245_response, u.nonstd, t_nonstd_msg, "nonStandard"),
    C(h245_response, u.msd_ack, t_msd_ack, "masterSlaveDeterminationAck"),
    C(h245_response, u.msd_reject, t_msd_reject, "masterSlaveDeterminationReject"),
    C(h245_response, u.tcs_ack, t_tcs_ack, "terminalCapabilitySetAck"),
    C(h245_response, u.tcs_reject, t_tcs_reject, "terminalCapabilitySetReject"),
    C(h245_response, u.olc_ack, t_olc_ack, "openLogicalChannelAck"),
    C(h245_response, u.olc_reject, t_olc_reject, "openLogicalChannelReject"),
    C(h245_response, u.clc_ack, t_clc_ack, "closeLogicalChannelAck"),
    C(h245_response, u.rcc_ack, t_rcc_ack, "requestChannelCloseAck"),
    C(h245_response, u.rcc_reject, t_rcc_reject, "requestChannelCloseReject"),
    ALT_NO("multiplexEntrySendAck"),
    ALT_NO("multiplexEntrySendReject"),
    ALT_NO("requestMultiplexEntryAck"),
    ALT_NO("requestMultiplexEntryReject"),
    ALT_NO("requestModeAck"),
    ALT_NO("requestModeReject"),
    C(h245_response, u.rtd, t_rtd_response, "roundTripDelayResponse"),
    ALT_NO("maintenanceLoopAck"),
    ALT_NO("maintenanceLoopReject"),
    ALT_NO("communicationModeResponse"),
    ALT_NO("conferenceResponse"),
    ALT_NO("multilinkResponse"),
    ALT_NO("logicalChannelRateAcknowledge"),
    ALT_NO("logicalChannelRateReject"),
    ALT_NO("genericResponse"),
};
static const per_type t_response = PER_CHOICE(h245_response, "ResponseMessage", choice, response_comps, 19, true);

static const per_comp command_comps[] = {
    C(h245_command, u.nonstd, t_nonstd_msg, "nonStandard"),
    C_EMPTY(t_maintenance_loop_off, "maintenanceLoopOffCommand"),
    C(h245_command, u.send_tcs, t_send_tcs, "sendTerminalCapabilitySet"),
    ALT_NO("encryptionCommand"),
    C(h245_command, u.flow_control, t_flow_control_command, "flowControlCommand"),
    C(h245_command, u.end_session, t_end_session, "endSessionCommand"),
    C(h245_command, u.misc, t_misc_command, "miscellaneousCommand"),
    ALT_NO("communicationModeCommand"),
    ALT_NO("conferenceCommand"),
    ALT_NO("h223MultiplexReconfiguration"),
    ALT_NO("newATMVCCommand"),
    ALT_NO("mobileMultilinkReconfigurationCommand"),
    ALT_NO("genericCommand"),
};
static const per_type t_command = PER_CHOICE(h245_command, "CommandMessage", choice, command_comps, 7, true);

/* FunctionNotUnderstood ::= CHOICE { request, response, command } (not extensible); the
 * messages are pointers, so this does not make every indication as big as a request. */
static const per_comp fnu_comps[] = {
    C_PTR(h245_function_not_understood, u.request, t_request, "request"),
    C_PTR(h245_function_not_understood, u.response, t_response, "response"),
    C_PTR(h245_function_not_understood, u.command, t_command, "command"),
};
static const per_type t_fnu = PER_CHOICE(h245_function_not_understood, "FunctionNotUnderstood", choice, fnu_comps, 3, false);

static const per_comp indication_comps[] = {
    C(h245_indication, u.nonstd, t_nonstd_msg, "nonStandard"),
    C(h245_indication, u.function_not_understood, t_fnu, "functionNotUnderstood"),
    C_EMPTY(t_msd_release, "masterSlaveDeterminationRelease"),
    C_EMPTY(t_tcs_release, "terminalCapabilitySetRelease"),
    C(h245_indication, u.olc_confirm, t_olc_confirm, "openLogicalChannelConfirm"),
    C(h245_indication, u.rcc_release, t_rcc_release, "requestChannelCloseRelease"),
    ALT_NO("multiplexEntrySendRelease"),
    ALT_NO("requestMultiplexEntryRelease"),
    C_EMPTY(t_request_mode_release, "requestModeRelease"),
    C(h245_indication, u.misc, t_misc_indication, "miscellaneousIndication"),
    C(h245_indication, u.jitter, t_jitter, "jitterIndication"),
    ALT_NO("h223SkewIndication"),
    ALT_NO("newATMVCIndication"),
    C(h245_indication, u.user_input, t_uii, "userInput"),
    ALT_NO("h2250MaximumSkewIndication"),
    ALT_NO("mcLocationIndication"),
    ALT_NO("conferenceIndication"),
    C(h245_indication, u.vendor_identification, t_vendor, "vendorIdentification"),
    C(h245_indication, u.function_not_supported, t_fns, "functionNotSupported"),
    ALT_NO("multilinkIndication"),
    ALT_NO("logicalChannelRateRelease"),
    C(h245_indication, u.flow_control, t_flow_control_indication, "flowControlIndication"),
    ALT_NO("mobileMultilinkReconfigurationIndication"),
    ALT_NO("genericIndication"),
};
static const per_type t_indication = PER_CHOICE(h245_indication, "IndicationMessage", choice, indication_comps, 14, true);

static const per_comp message_comps[] = {
    C(h245_msg, u.request, t_request, "request"),
    C(h245_msg, u.response, t_response, "response"),
    C(h245_msg, u.command, t_command, "command"),
    C(h245_msg, u.indication, t_indication, "indication"),
};
const per_type h245_t_message = PER_CHOICE(h245_msg, "MultimediaSystemControlMessage", choice, message_comps, 4, true);

const per_type *const h245_message_types[] = {
    &h245_t_message, &t_request, &t_response, &t_command, &t_indication,
    &t_nonstd_msg, &t_msd, &t_tcs, &h245_t_olc, &t_clc, &t_rcc, &t_rtd_request,
    &t_msd_ack, &t_msd_reject, &t_tcs_ack, &t_tcs_reject, &t_olc_ack, &t_olc_reject,
    &t_clc_ack, &t_rcc_ack, &t_rcc_reject, &t_rtd_response,
    &t_maintenance_loop_off, &t_send_tcs, &t_flow_control_command, &t_end_session, &t_misc_command,
    &t_fnu, &t_msd_release, &t_tcs_release, &t_olc_confirm, &t_rcc_release, &t_request_mode_release,
    &t_misc_indication, &t_jitter, &t_uii, &t_vendor, &t_fns, &t_flow_control_indication,
    NULL,
};
