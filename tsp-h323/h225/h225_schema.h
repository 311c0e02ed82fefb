/*
 * tsp-h323/h225/h225_schema.h - private to tsp-h323/h225: the PER descriptions of the
 * H.225.0 elements that h225_common.c defines and h225_uuie.c / h225_ras.c use, and the
 * macros all three are written with.
 *
 * Each description follows its ASN.1 in H323-MESSAGES (H.225.0 12/2009, annex H) or
 * H235-SECURITY-MESSAGES (H.235.0 09/2005) component by component: the root components
 * first (nroot of them), then every extension addition in order, so that the additions
 * bitmap (X.691 18.7/18.8) and the CHOICE extension indexes (22.8) come out right.
 */
#ifndef TSP_H323_H225_SCHEMA_H
#define TSP_H323_H225_SCHEMA_H

#include "h225.h"

/* Components named as in the ASN.1: M mandatory; O OPTIONAL, present when the struct's
 * has_<field> is true; N a NULL OPTIONAL, present when the bool <field> is true; X an
 * OPTIONAL extension addition carried as its encoded bytes (per_octets). */
#define H225_M(T, f, nm, type) { nm, &(type), offsetof(T, f), PER_FSIZE_(T, f), 0, 0, 0 }
#define H225_O(T, f, nm, type) \
    { nm, &(type), offsetof(T, f), PER_FSIZE_(T, f), offsetof(T, has_##f), PER_OPTIONAL, 0 }
#define H225_N(T, f, nm) { nm, &per_t_null, 0, 0, offsetof(T, f), PER_OPTIONAL, 0 }
#define H225_X(T, f, nm) H225_O(T, f, nm, per_t_open)

/* A CHOICE of NULL alternatives only, stored as a bare uint32_t alternative index. */
#define H225_INDEX_CHOICE(nm, comps_, nroot_, ext) { .name = nm, .kind = PER_K_CHOICE, \
    .flags = (ext) ? PER_EXT : 0, .csize = sizeof(uint32_t), .comps = (comps_), \
    .ncomps = PER_COUNT(comps_), .nroot = (nroot_), .tag_off = 0 }

/* The components that end most RAS messages (H225_RAS_TOKENS_ in h225.h). */
#define H225_TOKENS(T) H225_O(T, tokens, "tokens", h225_t_clear_token_list)
#define H225_CRYPTO(T) H225_O(T, crypto_tokens, "cryptoTokens", h225_t_crypto_token_list)
#define H225_ICV(T) H225_O(T, integrity_check_value, "integrityCheckValue", h225_t_icv)

/* Simple types. */
extern const per_type h225_t_u8, h225_t_u16, h225_t_u32;          /* INTEGER (0..2^n-1) */
extern const per_type h225_t_seq_num;                               /* RequestSeqNum */
extern const per_type h225_t_time_to_live;                          /* TimeToLive, TimeStamp */
extern const per_type h225_t_identifier;   /* EndpointIdentifier, GatekeeperIdentifier */
extern const per_type h225_t_guid, h225_t_octets, h225_t_octets_list, h225_t_oid_list;
extern const per_type h225_t_bmp_string, h225_t_ia5_string;         /* unconstrained */

/* Elements. */
extern const per_type h225_t_nonstandard_parameter, h225_t_nonstandard_list;
extern const per_type h225_t_transport_address, h225_t_transport_list;
extern const per_type h225_t_alias_address, h225_t_alias_list;
extern const per_type h225_t_party_number_list, h225_t_address_pattern_list;
extern const per_type h225_t_extended_alias_list;
extern const per_type h225_t_vendor_identifier, h225_t_endpoint_type, h225_t_data_rate;
extern const per_type h225_t_supported_prefix_list, h225_t_protocols_list;
extern const per_type h225_t_tunnelled_protocol;
extern const per_type h225_t_qseries_options, h225_t_call_identifier, h225_t_call_linkage;
extern const per_type h225_t_call_type, h225_t_call_model;
extern const per_type h225_t_presentation_indicator, h225_t_screening_indicator;
extern const per_type h225_t_display_name_list, h225_t_language_list;
extern const per_type h225_t_clear_token_list, h225_t_crypto_token_list, h225_t_icv;
extern const per_type h225_t_h245_security, h225_t_h245_security_list;
extern const per_type h225_t_security_errors, h225_t_security_errors2;
extern const per_type h225_t_release_complete_reason;
extern const per_type h225_t_uu_pdu;

/* After decoding: sets the has_ flags of the components mandatory in the body's message
 * type (destinationInfo, conferenceID), which the descriptions of other types make
 * OPTIONAL (h225_uuie is shared). */
void h225_uu_pdu_normalize(h225_uu_pdu *pdu);

#endif
