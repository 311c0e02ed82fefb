/*
 * tsp-h323/h225/h225.h - H.225.0 messages as C structs: H323-UserInformation (the call
 * signalling body carried in the User-user IE of Q.931 messages) and RasMessage (RAS, the
 * endpoint-gatekeeper protocol on UDP 1719), encoded and decoded in aligned PER.
 *
 * What it does: describes module H323-MESSAGES of ITU-T H.225.0 (version 7, 12/2009; every
 * earlier version's messages are a subset, so v2..v6 peers decode too) for the PER runtime
 * of tsp-h323/asn1 (docs/h323-per.md), and gives encode/decode functions and builders for
 * the messages a call and a registration use. No allocation, I/O or global state: encoders
 * write into the caller's buffer; decoders take strings and lists from the caller's arena.
 *
 * How much is described: every root component of every type a message can carry, so
 * any message a conforming peer sends decodes, and the extension additions real calls use
 * (callIdentifier, fastStart, h245Tunnelling/h245Control, multipleCalls, keepAlive,
 * timeToLive, ...). The additions that only carry H.235 authentication mechanisms, feature
 * sets, generic data, service control, capacity or circuit information are kept as their
 * encoded bytes (a per_octets with the open type's contents, "opaque" below); received
 * additions and CHOICE alternatives newer than H.225.0 v7 are kept too. A relay re-encodes
 * what it received octet for octet.
 *
 * The C mapping is the runtime's (schema.h): a SEQUENCE is a struct; an OPTIONAL
 * component X has a bool has_X (a NULL component is just a bool); SEQUENCE OF is
 * PER_SEQ_OF(T) {count, items}; a CHOICE is {uint32_t choice; union u}, its alternatives
 * numbered in definition order (enums below); a CHOICE of NULLs only, and ENUMERATED, is a
 * plain uint32_t. GloballyUniqueID/ConferenceIdentifier are uint8_t[16]; BMPStrings
 * (h323-ID, EndpointIdentifier, GatekeeperIdentifier) are per_bmp in UTF-16 units.
 *
 * Call signalling: the twelve UUIEs (Setup-UUIE ... Notify-UUIE) share most components
 * (protocolIdentifier, callIdentifier, destinationInfo, h245Address, fastStart, tokens,
 * multipleCalls, ...), so they are one struct, h225_uuie: whatever the message, a call's
 * fastStart is in uuie.fast_start. Each message type encodes only its own components
 * (listed at h225_uuie); the others are ignored when encoding and zero after decoding.
 * RAS messages differ more and have a struct each (h225_grq, h225_rrq, ...).
 *
 * Usage (encode a Setup with one alias and fast start; decode whatever arrives):
 *
 *     h225_user_information m;
 *     h225_call_ident id = { .version = 4, .conference_id = {...}, .call_id = {...},
 *                            .endpoint = { .has_terminal = true } };
 *     h225_uu_init(&m, H225_BODY_SETUP, &id);
 *     h225_uuie *s = &m.pdu.body.uuie;
 *     h225_alias_address to = h225_alias_dialed_digits("5551234");
 *     s->has_destination_address = true;
 *     s->destination_address = (h225_alias_list){ 1, &to };
 *     s->has_fast_start = true;
 *     s->fast_start = (h225_octets_list){ n, olc_encodings };   // from H.245
 *     m.pdu.h245_tunnelling = true;
 *     int rc = h225_encode_uu(&m, out, sizeof out, &len, NULL);     // 0 or PER_E_*
 *
 *     uint8_t mem[8192]; per_arena a; per_arena_init(&a, mem, sizeof mem);
 *     rc = h225_decode_uu(rx, rx_len, &m, &a, &ei);
 *     if (rc == 0 && m.pdu.body.choice == H225_BODY_CONNECT) ... m.pdu.body.uuie.h245_address
 *
 * Standards: ITU-T H.225.0 (12/2009) clause 7 and annex H (the ASN.1), H.235.0 (09/2005)
 * for the token types, X.691 for the encoding. Clause numbers cited in the .c files.
 */
#ifndef TSP_H323_H225_H
#define TSP_H323_H225_H

#include "asn1/schema.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- common elements ----------------------------------------------------------------------- */

typedef PER_SEQ_OF(per_octets) h225_octets_list;
typedef PER_SEQ_OF(per_oid) h225_oid_list;
typedef PER_SEQ_OF(uint16_t) h225_u16_list;          /* CallReferenceValues */
typedef PER_SEQ_OF(uint8_t) h225_u8_list;
typedef uint8_t h225_guid[16];                     /* GloballyUniqueID, ConferenceIdentifier */
typedef PER_SEQ_OF(h225_guid) h225_guid_list;

typedef struct h225_h221_nonstandard {
    uint8_t t35_country_code, t35_extension;
    uint16_t manufacturer_code;
} h225_h221_nonstandard;

enum { H225_NSI_OBJECT, H225_NSI_H221 };
typedef struct h225_nonstandard_identifier {
    uint32_t choice;                               /* H225_NSI_* */
    union { per_oid object; h225_h221_nonstandard h221; } u;
} h225_nonstandard_identifier;
typedef struct h225_nonstandard_parameter {
    h225_nonstandard_identifier id;
    per_octets data;
} h225_nonstandard_parameter;
typedef PER_SEQ_OF(h225_nonstandard_parameter) h225_nonstandard_list;

/* TransportAddress */
enum { H225_TA_IP, H225_TA_IP_SOURCE_ROUTE, H225_TA_IPX, H225_TA_IP6, H225_TA_NETBIOS, H225_TA_NSAP,
       H225_TA_NONSTANDARD };
enum { H225_ROUTING_STRICT, H225_ROUTING_LOOSE };
typedef uint8_t h225_ipv4[4];
typedef PER_SEQ_OF(h225_ipv4) h225_ipv4_list;
typedef struct h225_ip_address { h225_ipv4 ip; uint16_t port; } h225_ip_address;
typedef struct h225_ip_source_route {
    h225_ipv4 ip;
    uint16_t port;
    h225_ipv4_list route;
    uint32_t routing;                              /* H225_ROUTING_* */
} h225_ip_source_route;
typedef struct h225_ipx_address { uint8_t node[6], netnum[4], port[2]; } h225_ipx_address;
typedef struct h225_ip6_address { uint8_t ip[16]; uint16_t port; } h225_ip6_address;
typedef struct h225_transport_address {
    uint32_t choice;                               /* H225_TA_* */
    union {
        h225_ip_address ip;
        h225_ip_source_route ip_source_route;
        h225_ipx_address ipx;
        h225_ip6_address ip6;
        uint8_t netbios[16];
        per_octets nsap;                           /* 1..20 octets */
        h225_nonstandard_parameter nonstandard;
    } u;
} h225_transport_address;
typedef PER_SEQ_OF(h225_transport_address) h225_transport_list;

/* PartyNumber, IsupNumber (alternatives of AliasAddress) */
enum { H225_PN_E164, H225_PN_DATA, H225_PN_TELEX, H225_PN_PRIVATE, H225_PN_NATIONAL };
enum { H225_PUBLIC_UNKNOWN, H225_PUBLIC_INTERNATIONAL, H225_PUBLIC_NATIONAL, H225_PUBLIC_NETWORK_SPECIFIC,
       H225_PUBLIC_SUBSCRIBER, H225_PUBLIC_ABBREVIATED };
enum { H225_PRIVATE_UNKNOWN, H225_PRIVATE_LEVEL2_REGIONAL, H225_PRIVATE_LEVEL1_REGIONAL,
       H225_PRIVATE_PISN_SPECIFIC, H225_PRIVATE_LOCAL, H225_PRIVATE_ABBREVIATED };
/* PublicPartyNumber (type H225_PUBLIC_*), PrivatePartyNumber (type H225_PRIVATE_*);
 * digits: NumberDigits, 1..128 of "0123456789#*,". */
typedef struct h225_typed_number { uint32_t type; per_string digits; } h225_typed_number;
typedef struct h225_party_number {
    uint32_t choice;                               /* H225_PN_* */
    union {
        h225_typed_number e164, private_number;
        per_string data, telex, national;          /* NumberDigits */
    } u;
} h225_party_number;
typedef PER_SEQ_OF(h225_party_number) h225_party_number_list;
enum { H225_NOA_UNKNOWN, H225_NOA_SUBSCRIBER, H225_NOA_NATIONAL, H225_NOA_INTERNATIONAL,
       H225_NOA_NETWORK_SPECIFIC, H225_NOA_ROUTING_NATIONAL, H225_NOA_ROUTING_NETWORK_SPECIFIC,
       H225_NOA_ROUTING_WITH_CALLED_DIRECTORY };
/* IsupPublicPartyNumber (type: NatureOfAddress H225_NOA_*), IsupPrivatePartyNumber (type:
 * H225_PRIVATE_*); digits: IsupDigits, 1..128 of "0123456789ABCDE". */
typedef struct h225_isup_number {
    uint32_t choice;                               /* H225_PN_* (the same alternatives) */
    union {
        h225_typed_number e164, private_number;
        per_string data, telex, national;          /* IsupDigits */
    } u;
} h225_isup_number;

/* AliasAddress. dialledDigits: 1..128 of "0123456789#*,"; h323-ID: 1..256 UTF-16 units;
 * url-ID, email-ID: 1..512 IA5 characters. A mobileUIM alias, or an alternative newer than
 * this schema, keeps its encoding in `unknown`. */
enum { H225_ALIAS_DIALED_DIGITS, H225_ALIAS_H323_ID, H225_ALIAS_URL_ID, H225_ALIAS_TRANSPORT_ID,
       H225_ALIAS_EMAIL_ID, H225_ALIAS_PARTY_NUMBER, H225_ALIAS_MOBILE_UIM, H225_ALIAS_ISUP_NUMBER };
typedef struct h225_alias_address {
    uint32_t choice;
    union {
        per_string dialed_digits;
        per_bmp h323_id;
        per_string url_id;
        h225_transport_address transport_id;
        per_string email_id;
        h225_party_number party_number;
        h225_isup_number isup_number;
    } u;
    per_octets unknown;
} h225_alias_address;
typedef PER_SEQ_OF(h225_alias_address) h225_alias_list;

/* AddressPattern */
enum { H225_PATTERN_WILDCARD, H225_PATTERN_RANGE };
typedef struct h225_address_range { h225_party_number start_of_range, end_of_range; } h225_address_range;
typedef struct h225_address_pattern {
    uint32_t choice;                               /* H225_PATTERN_* */
    union {
        h225_alias_address wildcard;
        h225_address_range range;
    } u;
} h225_address_pattern;
typedef PER_SEQ_OF(h225_address_pattern) h225_address_pattern_list;

/* PresentationIndicator (a CHOICE of NULLs) and ScreeningIndicator (ENUMERATED). */
enum { H225_PRESENTATION_ALLOWED, H225_PRESENTATION_RESTRICTED, H225_ADDRESS_NOT_AVAILABLE };
enum { H225_SCREEN_USER_NOT_SCREENED, H225_SCREEN_USER_PASSED, H225_SCREEN_USER_FAILED,
       H225_SCREEN_NETWORK_PROVIDED };

typedef struct h225_extended_alias_address {
    h225_alias_address address;
    bool has_presentation_indicator, has_screening_indicator;
    uint32_t presentation_indicator, screening_indicator;
} h225_extended_alias_address;
typedef PER_SEQ_OF(h225_extended_alias_address) h225_extended_alias_list;

typedef struct h225_vendor_identifier {
    h225_h221_nonstandard vendor;
    bool has_product_id, has_version_id, has_enterprise_number;
    per_octets product_id, version_id;             /* 1..256 octets each */
    per_oid enterprise_number;
} h225_vendor_identifier;

/* DataRate, SupportedPrefix and the capabilities of SupportedProtocols. */
typedef struct h225_data_rate {
    bool has_nonstandard_data, has_channel_multiplier;
    h225_nonstandard_parameter nonstandard_data;
    uint32_t channel_rate;                         /* BandWidth: 100 bit/s units */
    uint16_t channel_multiplier;                   /* 1..256 */
} h225_data_rate;
typedef PER_SEQ_OF(h225_data_rate) h225_data_rate_list;
typedef struct h225_supported_prefix {
    bool has_nonstandard_data;
    h225_nonstandard_parameter nonstandard_data;
    h225_alias_address prefix;
} h225_supported_prefix;
typedef PER_SEQ_OF(h225_supported_prefix) h225_prefix_list;
/* H310Caps .. T120OnlyCaps, NonStandardProtocol, SIPCaps (same components; supportedPrefixes
 * is an extension addition of the first eight, has_supported_prefixes says it is sent). */
typedef struct h225_protocol_caps {
    bool has_nonstandard_data, has_data_rates_supported, has_supported_prefixes;
    h225_nonstandard_parameter nonstandard_data;
    h225_data_rate_list data_rates_supported;
    h225_prefix_list supported_prefixes;
} h225_protocol_caps;
enum { H225_SP_NONSTANDARD, H225_SP_H310, H225_SP_H320, H225_SP_H321, H225_SP_H322, H225_SP_H323,
       H225_SP_H324, H225_SP_VOICE, H225_SP_T120_ONLY, H225_SP_NONSTANDARD_PROTOCOL,
       H225_SP_T38_FAX_ANNEXB_ONLY, H225_SP_SIP };
typedef struct h225_supported_protocols {
    uint32_t choice;                               /* H225_SP_*; t38FaxAnnexbOnly: kept in unknown */
    union {
        h225_nonstandard_parameter nonstandard_data;
        h225_protocol_caps caps;                   /* every other alternative */
    } u;
    per_octets unknown;
} h225_supported_protocols;
typedef PER_SEQ_OF(h225_supported_protocols) h225_protocols_list;

/* TunnelledProtocol */
enum { H225_TUNNELLED_OBJECT_ID, H225_TUNNELLED_ALTERNATE_ID };
typedef struct h225_tunnelled_alternate_id {
    per_string protocol_type;                      /* 1..64 */
    bool has_protocol_variant;
    per_string protocol_variant;                   /* 1..64 */
} h225_tunnelled_alternate_id;
typedef struct h225_tunnelled_protocol_id {
    uint32_t choice;                               /* H225_TUNNELLED_* */
    union { per_oid object_id; h225_tunnelled_alternate_id alternate_id; } u;
} h225_tunnelled_protocol_id;
typedef struct h225_tunnelled_protocol {
    h225_tunnelled_protocol_id id;
    bool has_sub_identifier;
    per_string sub_identifier;                     /* 1..64 */
} h225_tunnelled_protocol;
typedef PER_SEQ_OF(h225_tunnelled_protocol) h225_tunnelled_protocol_list;

/* EndpointType and its parts. GatekeeperInfo and TerminalInfo carry only nonStandardData. */
typedef struct h225_nonstandard_info {
    bool has_nonstandard_data;
    h225_nonstandard_parameter nonstandard_data;
} h225_nonstandard_info;
typedef struct h225_gateway_info {
    bool has_protocol, has_nonstandard_data;
    h225_protocols_list protocol;
    h225_nonstandard_parameter nonstandard_data;
} h225_gateway_info;
typedef struct h225_mcu_info {
    bool has_nonstandard_data, has_protocol;
    h225_nonstandard_parameter nonstandard_data;
    h225_protocols_list protocol;
} h225_mcu_info;
typedef struct h225_endpoint_type {
    bool has_nonstandard_data, has_vendor, has_gatekeeper, has_gateway, has_mcu, has_terminal;
    h225_nonstandard_parameter nonstandard_data;
    h225_vendor_identifier vendor;
    h225_nonstandard_info gatekeeper;
    h225_gateway_info gateway;
    h225_mcu_info mcu;
    h225_nonstandard_info terminal;
    bool mc, undefined_node;
    bool has_set, has_supported_tunnelled_protocols;          /* additions */
    uint8_t set[4];                                            /* BIT STRING (SIZE(32)) */
    h225_tunnelled_protocol_list supported_tunnelled_protocols;
} h225_endpoint_type;

typedef struct h225_q954_details { bool conference_calling, three_party_service; } h225_q954_details;
typedef struct h225_qseries_options {
    bool q932_full, q951_full, q952_full, q953_full, q955_full, q956_full, q957_full;
    h225_q954_details q954_info;
} h225_qseries_options;

typedef struct h225_call_identifier { h225_guid guid; } h225_call_identifier;

typedef struct h225_call_linkage {
    bool has_global_call_id, has_thread_id;
    h225_guid global_call_id, thread_id;
} h225_call_linkage;

/* CallType, CallModel, conferenceGoal, FacilityReason, DisengageReason, ...: CHOICEs of
 * NULLs, stored as the alternative's index. */
enum { H225_CALL_TYPE_POINT_TO_POINT, H225_CALL_TYPE_ONE_TO_N, H225_CALL_TYPE_N_TO_ONE,
       H225_CALL_TYPE_N_TO_N };
enum { H225_CALL_MODEL_DIRECT, H225_CALL_MODEL_GATEKEEPER_ROUTED };
enum { H225_GOAL_CREATE, H225_GOAL_JOIN, H225_GOAL_INVITE, H225_GOAL_CAPABILITY_NEGOTIATION,
       H225_GOAL_CALL_INDEPENDENT_SUPPLEMENTARY_SERVICE };

typedef struct h225_display_name {
    bool has_language;
    per_string language;                           /* RFC 4646 tag */
    per_bmp name;                                  /* 1..80 */
} h225_display_name;
typedef PER_SEQ_OF(h225_display_name) h225_display_name_list;
typedef PER_SEQ_OF(per_string) h225_language_list;   /* IA5String (SIZE(1..32)) each */

/* ---- H.235.0 tokens (ClearToken, CryptoH323Token) and the ICV ------------------------------ */

typedef struct h225_h235_nonstandard { per_oid id; per_octets data; } h225_h235_nonstandard;
typedef struct h225_h235_params {
    bool has_ran_int, has_iv8, has_iv16, has_iv, has_clear_salt;
    int64_t ran_int;
    uint8_t iv8[8], iv16[16];
    per_octets iv, clear_salt;
} h225_h235_params;
typedef struct h225_dh_set { per_bits halfkey, mod_size, generator; } h225_dh_set;   /* 0..2048 bits */
typedef struct h225_typed_certificate { per_oid type; per_octets certificate; } h225_typed_certificate;
typedef struct h225_clear_token {
    per_oid token_oid;
    bool has_time_stamp, has_password, has_dhkey, has_challenge, has_random, has_certificate,
        has_general_id, has_nonstandard;
    uint32_t time_stamp;                           /* seconds since 1970 */
    per_bmp password;                              /* 1..128 */
    h225_dh_set dhkey;
    per_octets challenge;                          /* 8..128 */
    int64_t random;
    h225_typed_certificate certificate;
    per_bmp general_id;                            /* 1..128 */
    h225_h235_nonstandard nonstandard;
    bool has_eckasdhkey, has_senders_id, has_h235_key, has_profile_info;   /* additions */
    per_octets eckasdhkey;                         /* opaque */
    per_bmp senders_id;
    per_octets h235_key, profile_info;             /* opaque */
} h225_clear_token;
typedef PER_SEQ_OF(h225_clear_token) h225_clear_token_list;

/* HASHED{}, ENCRYPTED{}, SIGNED{} of H.235.0; SIGNED's toBeSigned is an open type (the
 * encoded token). */
typedef struct h225_h235_hashed { per_oid algorithm_oid; h225_h235_params params; per_bits hash; } h225_h235_hashed;
typedef struct h225_h235_encrypted { per_oid algorithm_oid; h225_h235_params params; per_octets encrypted_data; } h225_h235_encrypted;
typedef struct h225_h235_signed {
    per_octets to_be_signed;
    per_oid algorithm_oid;
    h225_h235_params params;
    per_bits signature;
} h225_h235_signed;

enum { H225_CRYPTO_ENCRYPTED_TOKEN, H225_CRYPTO_SIGNED_TOKEN, H225_CRYPTO_HASHED_TOKEN,
       H225_CRYPTO_PWD_ENCR };
typedef struct h225_crypto_encrypted_token { per_oid token_oid; h225_h235_encrypted token; } h225_crypto_encrypted_token;
typedef struct h225_crypto_signed_token { per_oid token_oid; h225_h235_signed token; } h225_crypto_signed_token;
typedef struct h225_crypto_hashed_token {
    per_oid token_oid;
    h225_clear_token hashed_vals;
    h225_h235_hashed token;
} h225_crypto_hashed_token;
typedef struct h225_crypto_token {                 /* CryptoToken */
    uint32_t choice;                               /* H225_CRYPTO_*_TOKEN, H225_CRYPTO_PWD_ENCR */
    union {
        h225_crypto_encrypted_token encrypted;
        h225_crypto_signed_token signed_token;
        h225_crypto_hashed_token hashed;
        h225_h235_encrypted pwd_encr;
    } u;
    per_octets unknown;
} h225_crypto_token;

enum { H225_CRYPTO_EP_PWD_HASH, H225_CRYPTO_GK_PWD_HASH, H225_CRYPTO_EP_PWD_ENCR, H225_CRYPTO_GK_PWD_ENCR,
       H225_CRYPTO_EP_CERT, H225_CRYPTO_GK_CERT, H225_CRYPTO_FAST_START, H225_CRYPTO_NESTED };
typedef struct h225_crypto_ep_pwd_hash {
    h225_alias_address alias;
    uint32_t time_stamp;
    h225_h235_hashed token;
} h225_crypto_ep_pwd_hash;
typedef struct h225_crypto_gk_pwd_hash {
    per_bmp gatekeeper_id;
    uint32_t time_stamp;
    h225_h235_hashed token;
} h225_crypto_gk_pwd_hash;
typedef struct h225_crypto_h323_token {
    uint32_t choice;                               /* H225_CRYPTO_EP_PWD_HASH .. H225_CRYPTO_NESTED */
    union {
        h225_crypto_ep_pwd_hash ep_pwd_hash;
        h225_crypto_gk_pwd_hash gk_pwd_hash;
        h225_h235_encrypted pwd_encr;              /* cryptoEPPwdEncr, cryptoGKPwdEncr */
        h225_h235_signed cert;                     /* cryptoEPCert, cryptoGKCert, cryptoFastStart */
        h225_crypto_token nested;
    } u;
    per_octets unknown;
} h225_crypto_h323_token;
typedef PER_SEQ_OF(h225_crypto_h323_token) h225_crypto_token_list;

typedef struct h225_icv { per_oid algorithm_oid; per_bits icv; } h225_icv;

/* H245Security */
enum { H225_SECMODE_NONSTANDARD, H225_SECMODE_NONE, H225_SECMODE_DEFAULT };   /* SecurityServiceMode */
typedef struct h225_security_service_mode {
    uint32_t choice;
    union { h225_nonstandard_parameter nonstandard; } u;
} h225_security_service_mode;
typedef struct h225_security_capabilities {
    bool has_nonstandard;
    h225_nonstandard_parameter nonstandard;
    h225_security_service_mode encryption, authenticaton, integrity;   /* sic, H.225.0 */
} h225_security_capabilities;
enum { H225_H245SEC_NONSTANDARD, H225_H245SEC_NO_SECURITY, H225_H245SEC_TLS, H225_H245SEC_IPSEC };
typedef struct h225_h245_security {
    uint32_t choice;
    union {
        h225_nonstandard_parameter nonstandard;
        h225_security_capabilities capabilities;   /* tls, ipsec */
    } u;
} h225_h245_security;
typedef PER_SEQ_OF(h225_h245_security) h225_h245_security_list;

/* ---- reasons ----------------------------------------------------------------------------------- */

/* One struct for every reason CHOICE (ReleaseCompleteReason and the RAS reject reasons):
 * `choice` is the alternative of that message's reason type (enums below), the union holds
 * the few that carry a value. securityError: the index of a SecurityErrors (GRJ, RRJ,
 * ReleaseComplete) or SecurityErrors2 (the others) alternative. */
typedef struct h225_invalid_terminal_aliases {
    bool has_terminal_alias, has_terminal_alias_pattern, has_supported_prefixes;
    h225_alias_list terminal_alias;
    h225_address_pattern_list terminal_alias_pattern;
    h225_prefix_list supported_prefixes;
} h225_invalid_terminal_aliases;
typedef struct h225_reason {
    uint32_t choice;
    union {
        uint32_t security_error;
        h225_nonstandard_parameter nonstandard;    /* ReleaseComplete nonStandardReason */
        h225_guid conference_id;                   /* ReleaseComplete replaceWithConferenceInvite */
        h225_alias_list duplicate_alias;           /* RRJ */
        h225_invalid_terminal_aliases invalid_terminal_aliases;   /* RRJ */
        h225_party_number_list route_call_to_scn;  /* ARJ, LRJ */
    } u;
} h225_reason;

enum {  /* ReleaseCompleteReason */
    H225_RC_NO_BANDWIDTH, H225_RC_GATEKEEPER_RESOURCES, H225_RC_UNREACHABLE_DESTINATION,
    H225_RC_DESTINATION_REJECTION, H225_RC_INVALID_REVISION, H225_RC_NO_PERMISSION,
    H225_RC_UNREACHABLE_GATEKEEPER, H225_RC_GATEWAY_RESOURCES, H225_RC_BAD_FORMAT_ADDRESS,
    H225_RC_ADAPTIVE_BUSY, H225_RC_IN_CONF, H225_RC_UNDEFINED_REASON,
    H225_RC_FACILITY_CALL_DEFLECTION, H225_RC_SECURITY_DENIED, H225_RC_CALLED_PARTY_NOT_REGISTERED,
    H225_RC_CALLER_NOT_REGISTERED, H225_RC_NEW_CONNECTION_NEEDED, H225_RC_NONSTANDARD_REASON,
    H225_RC_REPLACE_WITH_CONFERENCE_INVITE, H225_RC_GENERIC_DATA_REASON,
    H225_RC_NEEDED_FEATURE_NOT_SUPPORTED, H225_RC_TUNNELLED_SIGNALLING_REJECTED, H225_RC_INVALID_CID,
    H225_RC_SECURITY_ERROR, H225_RC_HOP_COUNT_EXCEEDED
};
enum {  /* FacilityReason */
    H225_FR_ROUTE_CALL_TO_GATEKEEPER, H225_FR_CALL_FORWARDED, H225_FR_ROUTE_CALL_TO_MC,
    H225_FR_UNDEFINED_REASON, H225_FR_CONFERENCE_LIST_CHOICE, H225_FR_START_H245, H225_FR_NO_H245,
    H225_FR_NEW_TOKENS, H225_FR_FEATURE_SET_UPDATE, H225_FR_FORWARDED_ELEMENTS,
    H225_FR_TRANSPORTED_INFORMATION
};
enum {  /* GatekeeperRejectReason */
    H225_GRJ_RESOURCE_UNAVAILABLE, H225_GRJ_TERMINAL_EXCLUDED, H225_GRJ_INVALID_REVISION,
    H225_GRJ_UNDEFINED_REASON, H225_GRJ_SECURITY_DENIAL, H225_GRJ_GENERIC_DATA_REASON,
    H225_GRJ_NEEDED_FEATURE_NOT_SUPPORTED, H225_GRJ_SECURITY_ERROR
};
enum {  /* RegistrationRejectReason */
    H225_RRJ_DISCOVERY_REQUIRED, H225_RRJ_INVALID_REVISION, H225_RRJ_INVALID_CALL_SIGNAL_ADDRESS,
    H225_RRJ_INVALID_RAS_ADDRESS, H225_RRJ_DUPLICATE_ALIAS, H225_RRJ_INVALID_TERMINAL_TYPE,
    H225_RRJ_UNDEFINED_REASON, H225_RRJ_TRANSPORT_NOT_SUPPORTED, H225_RRJ_TRANSPORT_QOS_NOT_SUPPORTED,
    H225_RRJ_RESOURCE_UNAVAILABLE, H225_RRJ_INVALID_ALIAS, H225_RRJ_SECURITY_DENIAL,
    H225_RRJ_FULL_REGISTRATION_REQUIRED, H225_RRJ_ADDITIVE_REGISTRATION_NOT_SUPPORTED,
    H225_RRJ_INVALID_TERMINAL_ALIASES, H225_RRJ_GENERIC_DATA_REASON,
    H225_RRJ_NEEDED_FEATURE_NOT_SUPPORTED, H225_RRJ_SECURITY_ERROR, H225_RRJ_REGISTER_WITH_ASSIGNED_GK
};
enum {  /* UnregRequestReason */
    H225_URQ_REREGISTRATION_REQUIRED, H225_URQ_TTL_EXPIRED, H225_URQ_SECURITY_DENIAL,
    H225_URQ_UNDEFINED_REASON, H225_URQ_MAINTENANCE, H225_URQ_SECURITY_ERROR,
    H225_URQ_REGISTER_WITH_ASSIGNED_GK
};
enum {  /* UnregRejectReason */
    H225_URJ_NOT_CURRENTLY_REGISTERED, H225_URJ_CALL_IN_PROGRESS, H225_URJ_UNDEFINED_REASON,
    H225_URJ_PERMISSION_DENIED, H225_URJ_SECURITY_DENIAL, H225_URJ_SECURITY_ERROR
};
enum {  /* AdmissionRejectReason */
    H225_ARJ_CALLED_PARTY_NOT_REGISTERED, H225_ARJ_INVALID_PERMISSION, H225_ARJ_REQUEST_DENIED,
    H225_ARJ_UNDEFINED_REASON, H225_ARJ_CALLER_NOT_REGISTERED, H225_ARJ_ROUTE_CALL_TO_GATEKEEPER,
    H225_ARJ_INVALID_ENDPOINT_IDENTIFIER, H225_ARJ_RESOURCE_UNAVAILABLE, H225_ARJ_SECURITY_DENIAL,
    H225_ARJ_QOS_CONTROL_NOT_SUPPORTED, H225_ARJ_INCOMPLETE_ADDRESS, H225_ARJ_ALIASES_INCONSISTENT,
    H225_ARJ_ROUTE_CALL_TO_SCN, H225_ARJ_EXCEEDS_CALL_CAPACITY, H225_ARJ_COLLECT_DESTINATION,
    H225_ARJ_COLLECT_PIN, H225_ARJ_GENERIC_DATA_REASON, H225_ARJ_NEEDED_FEATURE_NOT_SUPPORTED,
    H225_ARJ_SECURITY_ERROR, H225_ARJ_SECURITY_DH_MISMATCH, H225_ARJ_NO_ROUTE_TO_DESTINATION,
    H225_ARJ_UNALLOCATED_NUMBER, H225_ARJ_REGISTER_WITH_ASSIGNED_GK
};
enum {  /* BandRejectReason */
    H225_BRJ_NOT_BOUND, H225_BRJ_INVALID_CONFERENCE_ID, H225_BRJ_INVALID_PERMISSION,
    H225_BRJ_INSUFFICIENT_RESOURCES, H225_BRJ_INVALID_REVISION, H225_BRJ_UNDEFINED_REASON,
    H225_BRJ_SECURITY_DENIAL, H225_BRJ_SECURITY_ERROR
};
enum {  /* LocationRejectReason */
    H225_LRJ_NOT_REGISTERED, H225_LRJ_INVALID_PERMISSION, H225_LRJ_REQUEST_DENIED,
    H225_LRJ_UNDEFINED_REASON, H225_LRJ_SECURITY_DENIAL, H225_LRJ_ALIASES_INCONSISTENT,
    H225_LRJ_ROUTE_CALL_TO_SCN, H225_LRJ_RESOURCE_UNAVAILABLE, H225_LRJ_GENERIC_DATA_REASON,
    H225_LRJ_NEEDED_FEATURE_NOT_SUPPORTED, H225_LRJ_HOP_COUNT_EXCEEDED, H225_LRJ_INCOMPLETE_ADDRESS,
    H225_LRJ_SECURITY_ERROR, H225_LRJ_SECURITY_DH_MISMATCH, H225_LRJ_NO_ROUTE_TO_DESTINATION,
    H225_LRJ_UNALLOCATED_NUMBER
};
enum {  /* DisengageRejectReason */
    H225_DRJ_NOT_REGISTERED, H225_DRJ_REQUEST_TO_DROP_OTHER, H225_DRJ_SECURITY_DENIAL,
    H225_DRJ_SECURITY_ERROR
};
enum {  /* InfoRequestNakReason */
    H225_INAK_NOT_REGISTERED, H225_INAK_SECURITY_DENIAL, H225_INAK_UNDEFINED_REASON,
    H225_INAK_SECURITY_ERROR
};
enum { H225_DISENGAGE_FORCED_DROP, H225_DISENGAGE_NORMAL_DROP, H225_DISENGAGE_UNDEFINED_REASON };

/* ---- call signalling: H323-UserInformation ------------------------------------------------------ */

/* h323-message-body alternatives. */
enum { H225_BODY_SETUP, H225_BODY_CALL_PROCEEDING, H225_BODY_CONNECT, H225_BODY_ALERTING,
       H225_BODY_INFORMATION, H225_BODY_RELEASE_COMPLETE, H225_BODY_FACILITY, H225_BODY_PROGRESS,
       H225_BODY_EMPTY, H225_BODY_STATUS, H225_BODY_STATUS_INQUIRY, H225_BODY_SETUP_ACKNOWLEDGE,
       H225_BODY_NOTIFY, H225_BODY_COUNT };

enum { H225_SCN_UNKNOWN, H225_SCN_BCHANNEL, H225_SCN_HYBRID2X64, H225_SCN_HYBRID384,
       H225_SCN_HYBRID1536, H225_SCN_HYBRID1920, H225_SCN_MULTIRATE };
enum { H225_AGGR_AUTO, H225_AGGR_NONE, H225_AGGR_H221, H225_AGGR_BONDED1, H225_AGGR_BONDED2,
       H225_AGGR_BONDED3 };

typedef struct h225_connection_parameters {
    uint32_t connection_type;                      /* H225_SCN_* */
    uint16_t number_of_scn_connections;
    uint32_t connection_aggregation;               /* H225_AGGR_* */
} h225_connection_parameters;

typedef struct h225_conference_list {
    bool has_conference_id, has_conference_alias, has_nonstandard_data;
    h225_guid conference_id;
    h225_alias_address conference_alias;
    h225_nonstandard_parameter nonstandard_data;
} h225_conference_list;
typedef PER_SEQ_OF(h225_conference_list) h225_conferences;

/* The components of the twelve UUIEs. Which message carries which (S setup, CP
 * callProceeding, C connect, A alerting, I information, RC releaseComplete, F facility,
 * P progress, ST status/statusInquiry/setupAcknowledge, N notify); "opaque": the encoded
 * contents of an addition not described here. Components mandatory in a message are
 * always encoded there; their has_ flag is set by the decoder. */
typedef struct h225_uuie {
    per_oid protocol_identifier;                   /* all: 0.0.8.2250.0.version */
    h225_call_identifier call_identifier;          /* all (a v1 peer may omit it: zero) */
    bool has_destination_info, has_h245_address, has_fast_start, has_tokens, has_crypto_tokens;
    h225_endpoint_type destination_info;           /* CP A C P; RC F N optional */
    h225_transport_address h245_address;           /* S CP A C P F */
    h225_octets_list fast_start;                   /* S CP A C I P F: encoded OpenLogicalChannels */
    h225_clear_token_list tokens;                  /* all */
    h225_crypto_token_list crypto_tokens;
    bool multiple_calls, maintain_connection;      /* S CP A C F P */
    bool fast_connect_refused;                     /* CP A C I F P (NULL) */
    bool has_h245_security_mode;
    h225_h245_security h245_security_mode;         /* CP A C F P */
    bool has_presentation_indicator, has_screening_indicator;
    uint32_t presentation_indicator, screening_indicator;    /* S A C RC N */
    bool has_display_name, has_language;
    h225_display_name_list display_name;           /* S A C RC N */
    h225_language_list language;                   /* S C */
    bool has_conference_id;
    h225_guid conference_id;                       /* S C; F optional */
    bool has_connected_address, has_alerting_address, has_busy_address;
    h225_alias_list connected_address;             /* C N */
    h225_alias_list alerting_address;              /* A */
    h225_alias_list busy_address;                  /* RC */
    bool has_service_control, has_capacity, has_feature_set, has_circuit_info;
    per_octets service_control, capacity, feature_set, circuit_info;   /* opaque */

    /* Setup-UUIE */
    bool has_source_address, has_destination_address, has_dest_call_signal_address,
        has_dest_extra_call_info, has_dest_extra_crv, has_call_services;
    h225_alias_list source_address;
    h225_endpoint_type source_info;
    h225_alias_list destination_address;
    h225_transport_address dest_call_signal_address;
    h225_alias_list dest_extra_call_info;          /* also F */
    h225_u16_list dest_extra_crv;
    bool active_mc;
    uint32_t conference_goal;                      /* H225_GOAL_* */
    h225_qseries_options call_services;
    uint32_t call_type;                            /* H225_CALL_TYPE_* */
    bool has_source_call_signal_address, has_remote_extension_address, has_h245_security_capability;
    h225_transport_address source_call_signal_address;
    h225_alias_address remote_extension_address;   /* also F */
    h225_h245_security_list h245_security_capability;
    bool media_wait_for_connect, can_overlap_send;
    bool has_endpoint_identifier, has_connection_parameters;
    per_bmp endpoint_identifier;
    h225_connection_parameters connection_parameters;
    bool symmetric_operation_required;             /* NULL */
    bool has_desired_protocols, has_needed_features, has_desired_features, has_supported_features,
        has_parallel_h245_control, has_additional_source_addresses, has_hop_count;
    h225_protocols_list desired_protocols;
    per_octets needed_features, desired_features, supported_features;    /* opaque */
    h225_octets_list parallel_h245_control;
    h225_extended_alias_list additional_source_addresses;
    uint8_t hop_count;                             /* 1..31 */

    /* ReleaseComplete-UUIE */
    bool has_release_reason;
    h225_reason release_reason;                    /* H225_RC_* */

    /* Facility-UUIE */
    bool has_alternative_address, has_alternative_alias_address, has_conferences;
    h225_transport_address alternative_address;
    h225_alias_list alternative_alias_address;
    uint32_t facility_reason;                      /* H225_FR_* */
    h225_conferences conferences;

    per_ext_list unknown;                          /* additions newer than v7, as received */
} h225_uuie;

typedef struct h225_message_body {
    uint32_t choice;                               /* H225_BODY_* */
    h225_uuie uuie;                                /* every alternative but empty */
    per_octets unknown;                            /* an alternative newer than v7 */
} h225_message_body;

typedef struct h225_stimulus_control {
    bool has_nonstandard, is_text, has_h248_message;
    h225_nonstandard_parameter nonstandard;
    per_octets h248_message;
} h225_stimulus_control;

typedef struct h225_tunnelled_signalling_message {
    h225_tunnelled_protocol tunnelled_protocol_id;
    h225_octets_list message_content;
    bool tunnelling_required;                      /* NULL */
    bool has_nonstandard_data;
    h225_nonstandard_parameter nonstandard_data;
} h225_tunnelled_signalling_message;

typedef struct h225_uu_pdu {
    h225_message_body body;
    bool has_nonstandard_data;
    h225_nonstandard_parameter nonstandard_data;
    /* additions */
    bool has_h4501_supplementary_service;
    h225_octets_list h4501_supplementary_service;  /* H.450.1 APDUs */
    bool h245_tunnelling;                          /* always sent */
    bool has_h245_control;
    h225_octets_list h245_control;                 /* tunnelled H.245 messages, encoded */
    bool has_nonstandard_control, has_call_linkage, has_tunnelled_signalling_message;
    h225_nonstandard_list nonstandard_control;
    h225_call_linkage call_linkage;
    h225_tunnelled_signalling_message tunnelled_signalling_message;
    bool provisional_resp_to_h245_tunnelling;      /* NULL */
    bool has_stimulus_control, has_generic_data;
    h225_stimulus_control stimulus_control;
    per_octets generic_data;                       /* opaque */
    per_ext_list unknown;
} h225_uu_pdu;

typedef struct h225_user_data {
    uint8_t protocol_discriminator;
    per_octets user_information;                   /* 1..131 octets */
} h225_user_data;
typedef struct h225_user_information {
    h225_uu_pdu pdu;
    bool has_user_data;
    h225_user_data user_data;
    per_ext_list unknown;
} h225_user_information;

/* ---- RAS ------------------------------------------------------------------------------------------ */

typedef struct h225_alternate_gk {
    h225_transport_address ras_address;
    bool has_gatekeeper_identifier;
    per_bmp gatekeeper_identifier;
    bool need_to_register;
    uint8_t priority;                              /* 0..127 */
} h225_alternate_gk;
typedef PER_SEQ_OF(h225_alternate_gk) h225_alternate_gk_list;
typedef struct h225_alt_gk_info {
    h225_alternate_gk_list alternate_gatekeeper;
    bool alt_gk_is_permanent;
} h225_alt_gk_info;

typedef struct h225_alternate_transport_addresses {
    bool has_annex_e, has_sctp;
    h225_transport_list annex_e, sctp;
} h225_alternate_transport_addresses;

enum { H225_TRANSPORT_TCP, H225_TRANSPORT_ANNEX_E, H225_TRANSPORT_SCTP };   /* UseSpecifiedTransport */
enum { H225_QOS_ENDPOINT_CONTROLLED, H225_QOS_GATEKEEPER_CONTROLLED, H225_QOS_NO_CONTROL,
       H225_QOS_CAPABILITIES };                   /* TransportQOS; qOSCapabilities is not decoded */
enum { H225_REHOMING_GATEKEEPER_BASED, H225_REHOMING_ENDPOINT_BASED };

typedef struct h225_uuies_requested {
    bool setup, call_proceeding, connect, alerting, information, release_complete, facility,
        progress, empty;
    bool status, status_inquiry, setup_acknowledge, notify;   /* additions, always sent */
} h225_uuies_requested;

typedef struct h225_ras_usage_info_types {
    h225_nonstandard_list nonstandard_usage_types;
    bool start_time, end_time, termination_cause;  /* NULLs */
} h225_ras_usage_info_types;

typedef struct h225_capacity_reporting_capability { bool can_report_call_capacity; } h225_capacity_reporting_capability;
typedef struct h225_call_credit_capability {
    bool has_can_display_amount_string, has_can_enforce_duration_limit;
    bool can_display_amount_string, can_enforce_duration_limit;
} h225_call_credit_capability;

/* TransportChannelInfo and RTPSession (InfoRequestResponse perCallInfo). */
typedef struct h225_transport_channel_info {
    bool has_send_address, has_recv_address;
    h225_transport_address send_address, recv_address;
} h225_transport_channel_info;
typedef PER_SEQ_OF(h225_transport_channel_info) h225_transport_channel_list;
typedef struct h225_rtp_session {
    h225_transport_channel_info rtp_address, rtcp_address;
    per_string cname;                              /* PrintableString */
    uint32_t ssrc;                                 /* 1..2^32-1 */
    uint8_t session_id;                            /* 1..255 */
    h225_u8_list associated_session_ids;
    bool multicast, has_bandwidth;                 /* additions */
    uint32_t bandwidth;
} h225_rtp_session;
typedef PER_SEQ_OF(h225_rtp_session) h225_rtp_session_list;

typedef struct h225_irr_pdu { h225_uu_pdu h323pdu; bool sent; } h225_irr_pdu;
typedef PER_SEQ_OF(h225_irr_pdu) h225_irr_pdu_list;
typedef struct h225_per_call_info {
    bool has_nonstandard_data, has_originator, has_audio, has_video, has_data;
    h225_nonstandard_parameter nonstandard_data;
    uint16_t call_reference_value;
    h225_guid conference_id;
    bool originator;
    h225_rtp_session_list audio, video;
    h225_transport_channel_list data;
    h225_transport_channel_info h245, call_signalling;
    uint32_t call_type, bandwidth, call_model;
    /* additions */
    h225_call_identifier call_identifier;
    bool has_tokens, has_crypto_tokens, has_pdu, has_call_linkage, has_usage_information,
        has_circuit_info;
    h225_clear_token_list tokens;
    h225_crypto_token_list crypto_tokens;
    h225_guid_list substitute_conf_ids;
    h225_irr_pdu_list pdu;
    h225_call_linkage call_linkage;
    per_octets usage_information, circuit_info;   /* opaque */
} h225_per_call_info;
typedef PER_SEQ_OF(h225_per_call_info) h225_per_call_info_list;

enum { H225_IRR_COMPLETE, H225_IRR_INCOMPLETE, H225_IRR_SEGMENT, H225_IRR_INVALID_CALL };
typedef struct h225_irr_status {
    uint32_t choice;
    union { uint16_t segment; } u;
} h225_irr_status;

enum { H225_CTC_RELEASE_COMPLETE_REASON, H225_CTC_RELEASE_COMPLETE_CAUSE_IE };
typedef struct h225_call_termination_cause {
    uint32_t choice;
    union {
        h225_reason release_complete_reason;       /* H225_RC_* */
        per_octets release_complete_cause_ie;      /* 2..32 octets: Q.931 Cause IE contents */
    } u;
} h225_call_termination_cause;

/* The security and extension components most RAS messages end with. */
#define H225_RAS_TOKENS_                                                                       \
    bool has_tokens, has_crypto_tokens, has_integrity_check_value, has_feature_set,            \
        has_generic_data;                                                                      \
    h225_clear_token_list tokens;                                                              \
    h225_crypto_token_list crypto_tokens;                                                      \
    h225_icv integrity_check_value;                                                            \
    per_octets feature_set, generic_data;          /* opaque */                                \
    per_ext_list unknown

typedef struct h225_grq {                          /* GatekeeperRequest */
    uint16_t request_seq_num;                      /* 1..65535 */
    per_oid protocol_identifier;
    bool has_nonstandard_data, has_gatekeeper_identifier, has_call_services, has_endpoint_alias;
    h225_nonstandard_parameter nonstandard_data;
    h225_transport_address ras_address;
    h225_endpoint_type endpoint_type;
    per_bmp gatekeeper_identifier;                 /* 1..128 */
    h225_qseries_options call_services;
    h225_alias_list endpoint_alias;
    bool has_alternate_endpoints, has_authentication_capability, has_algorithm_oids,
        has_integrity, supports_alt_gk, has_assigned_gatekeeper;
    per_octets alternate_endpoints, authentication_capability, integrity;   /* opaque */
    h225_oid_list algorithm_oids;
    bool supports_assigned_gk;
    h225_alternate_gk assigned_gatekeeper;
    H225_RAS_TOKENS_;
} h225_grq;

typedef struct h225_gcf {                          /* GatekeeperConfirm */
    uint16_t request_seq_num;
    per_oid protocol_identifier;
    bool has_nonstandard_data, has_gatekeeper_identifier;
    h225_nonstandard_parameter nonstandard_data;
    per_bmp gatekeeper_identifier;
    h225_transport_address ras_address;
    bool has_alternate_gatekeeper, has_authentication_mode, has_algorithm_oid, has_integrity,
        has_assigned_gatekeeper, has_rehoming_model;
    h225_alternate_gk_list alternate_gatekeeper;
    per_octets authentication_mode, integrity;     /* opaque */
    per_oid algorithm_oid;
    h225_alternate_gk assigned_gatekeeper;
    uint32_t rehoming_model;                       /* H225_REHOMING_* */
    H225_RAS_TOKENS_;
} h225_gcf;

typedef struct h225_grj {                          /* GatekeeperReject */
    uint16_t request_seq_num;
    per_oid protocol_identifier;
    bool has_nonstandard_data, has_gatekeeper_identifier;
    h225_nonstandard_parameter nonstandard_data;
    per_bmp gatekeeper_identifier;
    h225_reason reject_reason;                     /* H225_GRJ_* */
    bool has_alt_gk_info;
    h225_alt_gk_info alt_gk_info;
    H225_RAS_TOKENS_;
} h225_grj;

typedef struct h225_rrq {                          /* RegistrationRequest */
    uint16_t request_seq_num;
    per_oid protocol_identifier;
    bool has_nonstandard_data, has_terminal_alias, has_gatekeeper_identifier;
    h225_nonstandard_parameter nonstandard_data;
    bool discovery_complete;
    h225_transport_list call_signal_address, ras_address;
    h225_endpoint_type terminal_type;
    h225_alias_list terminal_alias;
    per_bmp gatekeeper_identifier;
    h225_vendor_identifier endpoint_vendor;
    /* additions */
    bool has_alternate_endpoints, has_time_to_live, has_endpoint_identifier,
        has_alternate_transport_addresses, has_terminal_alias_pattern,
        has_usage_reporting_capability, has_multiple_calls, has_supported_h248_packages,
        has_call_credit_capability, has_capacity_reporting_capability, has_capacity,
        has_assigned_gatekeeper, has_transport_qos, has_language;
    per_octets alternate_endpoints, capacity;      /* opaque */
    uint32_t time_to_live;                         /* seconds, 1..2^32-1 */
    bool keep_alive;                               /* lightweight re-registration (7.9.1) */
    per_bmp endpoint_identifier;
    bool will_supply_uuies, maintain_connection;
    h225_alternate_transport_addresses alternate_transport_addresses;
    bool additive_registration;                    /* NULL */
    h225_address_pattern_list terminal_alias_pattern;
    bool supports_alt_gk;                          /* NULL */
    h225_ras_usage_info_types usage_reporting_capability;
    bool multiple_calls;
    h225_octets_list supported_h248_packages;
    h225_call_credit_capability call_credit_capability;
    h225_capacity_reporting_capability capacity_reporting_capability;
    bool restart, supports_acf_sequences;          /* NULLs */
    bool supports_assigned_gk;
    h225_alternate_gk assigned_gatekeeper;
    uint32_t transport_qos;                        /* H225_QOS_* */
    h225_language_list language;
    H225_RAS_TOKENS_;
} h225_rrq;

typedef struct h225_pre_granted_arq {
    bool make_call, use_gk_call_signal_address_to_make_call, answer_call,
        use_gk_call_signal_address_to_answer;
    bool has_irr_frequency_in_call, has_total_bandwidth_restriction,
        has_alternate_transport_addresses, has_use_specified_transport;
    uint16_t irr_frequency_in_call;                /* seconds */
    uint32_t total_bandwidth_restriction;
    h225_alternate_transport_addresses alternate_transport_addresses;
    uint32_t use_specified_transport;              /* H225_TRANSPORT_* */
} h225_pre_granted_arq;

typedef struct h225_rcf {                          /* RegistrationConfirm */
    uint16_t request_seq_num;
    per_oid protocol_identifier;
    bool has_nonstandard_data, has_terminal_alias, has_gatekeeper_identifier;
    h225_nonstandard_parameter nonstandard_data;
    h225_transport_list call_signal_address;
    h225_alias_list terminal_alias;
    per_bmp gatekeeper_identifier;
    per_bmp endpoint_identifier;                   /* 1..128 */
    /* additions */
    bool has_alternate_gatekeeper, has_time_to_live, has_pre_granted_arq, has_service_control,
        has_terminal_alias_pattern, has_supported_prefixes, has_usage_spec, has_feature_server_alias,
        has_capacity_reporting_spec, has_assigned_gatekeeper, has_rehoming_model, has_transport_qos;
    h225_alternate_gk_list alternate_gatekeeper;
    uint32_t time_to_live;
    bool will_respond_to_irr;
    h225_pre_granted_arq pre_granted_arq;
    bool maintain_connection;
    per_octets service_control, usage_spec, capacity_reporting_spec;   /* opaque */
    bool supports_additive_registration;           /* NULL */
    h225_address_pattern_list terminal_alias_pattern;
    h225_prefix_list supported_prefixes;
    h225_alias_address feature_server_alias;
    h225_alternate_gk assigned_gatekeeper;
    uint32_t rehoming_model;
    uint32_t transport_qos;
    H225_RAS_TOKENS_;
} h225_rcf;

typedef struct h225_rrj {                          /* RegistrationReject */
    uint16_t request_seq_num;
    per_oid protocol_identifier;
    bool has_nonstandard_data, has_gatekeeper_identifier;
    h225_nonstandard_parameter nonstandard_data;
    h225_reason reject_reason;                     /* H225_RRJ_* */
    per_bmp gatekeeper_identifier;
    bool has_alt_gk_info, has_assigned_gatekeeper;
    h225_alt_gk_info alt_gk_info;
    h225_alternate_gk assigned_gatekeeper;
    H225_RAS_TOKENS_;
} h225_rrj;

typedef struct h225_urq {                          /* UnregistrationRequest */
    uint16_t request_seq_num;
    h225_transport_list call_signal_address;
    bool has_endpoint_alias, has_nonstandard_data, has_endpoint_identifier;
    h225_alias_list endpoint_alias;
    h225_nonstandard_parameter nonstandard_data;
    per_bmp endpoint_identifier;
    bool has_alternate_endpoints, has_gatekeeper_identifier, has_reason, has_endpoint_alias_pattern,
        has_supported_prefixes, has_alternate_gatekeeper, has_assigned_gatekeeper;
    per_octets alternate_endpoints;                /* opaque */
    per_bmp gatekeeper_identifier;
    h225_reason reason;                            /* H225_URQ_* */
    h225_address_pattern_list endpoint_alias_pattern;
    h225_prefix_list supported_prefixes;
    h225_alternate_gk_list alternate_gatekeeper;
    h225_alternate_gk assigned_gatekeeper;
    H225_RAS_TOKENS_;
} h225_urq;

typedef struct h225_ucf {                          /* UnregistrationConfirm */
    uint16_t request_seq_num;
    bool has_nonstandard_data, has_assigned_gatekeeper;
    h225_nonstandard_parameter nonstandard_data;
    h225_alternate_gk assigned_gatekeeper;
    H225_RAS_TOKENS_;
} h225_ucf;

/* UnregistrationReject, DisengageReject, AdmissionReject, LocationReject, InfoRequestNak,
 * BandwidthReject: the reject messages. */
typedef struct h225_reject {
    uint16_t request_seq_num;
    h225_reason reject_reason;                     /* nakReason of InfoRequestNak */
    uint32_t allowed_bandwidth;                    /* BRJ allowedBandWidth */
    bool has_nonstandard_data, has_alt_gk_info, has_call_signal_address, has_service_control,
        has_assigned_gatekeeper;
    h225_nonstandard_parameter nonstandard_data;
    h225_alt_gk_info alt_gk_info;
    h225_transport_list call_signal_address;       /* ARJ */
    per_octets service_control;                    /* ARJ LRJ, opaque */
    h225_alternate_gk assigned_gatekeeper;         /* ARJ */
    H225_RAS_TOKENS_;
} h225_reject;

typedef struct h225_arq {                          /* AdmissionRequest */
    uint16_t request_seq_num;
    uint32_t call_type;                            /* H225_CALL_TYPE_* */
    bool has_call_model, has_destination_info, has_dest_call_signal_address,
        has_dest_extra_call_info, has_src_call_signal_address, has_nonstandard_data,
        has_call_services;
    uint32_t call_model;                           /* H225_CALL_MODEL_* */
    per_bmp endpoint_identifier;
    h225_alias_list destination_info;
    h225_transport_address dest_call_signal_address;
    h225_alias_list dest_extra_call_info;
    h225_alias_list src_info;
    h225_transport_address src_call_signal_address;
    uint32_t bandwidth;                            /* 100 bit/s units, both directions */
    uint16_t call_reference_value;
    h225_nonstandard_parameter nonstandard_data;
    h225_qseries_options call_services;
    h225_guid conference_id;
    bool active_mc, answer_call;
    /* additions */
    bool can_map_alias;
    h225_call_identifier call_identifier;
    bool has_src_alternatives, has_dest_alternatives, has_gatekeeper_identifier, has_transport_qos,
        has_call_linkage, has_gateway_data_rate, has_capacity, has_circuit_info,
        has_desired_protocols, has_desired_tunnelled_protocol;
    per_octets src_alternatives, dest_alternatives, capacity, circuit_info;   /* opaque */
    per_bmp gatekeeper_identifier;
    uint32_t transport_qos;
    bool will_supply_uuies;
    h225_call_linkage call_linkage;
    h225_data_rate gateway_data_rate;
    h225_protocols_list desired_protocols;
    h225_tunnelled_protocol desired_tunnelled_protocol;
    bool can_map_src_alias;
    H225_RAS_TOKENS_;
} h225_arq;

typedef struct h225_acf {                          /* AdmissionConfirm */
    uint16_t request_seq_num;
    uint32_t bandwidth;
    uint32_t call_model;
    h225_transport_address dest_call_signal_address;
    bool has_irr_frequency, has_nonstandard_data;
    uint16_t irr_frequency;                        /* 1..65535 s */
    h225_nonstandard_parameter nonstandard_data;
    /* additions */
    bool has_destination_info, has_dest_extra_call_info, has_destination_type,
        has_remote_extension_address, has_alternate_endpoints, has_transport_qos, has_language,
        has_alternate_transport_addresses, has_use_specified_transport, has_circuit_info,
        has_usage_spec, has_supported_protocols, has_service_control, has_multiple_calls,
        has_modified_src_info, has_assigned_gatekeeper;
    h225_alias_list destination_info, dest_extra_call_info;
    h225_endpoint_type destination_type;
    h225_alias_list remote_extension_address;
    per_octets alternate_endpoints, circuit_info, usage_spec, service_control;   /* opaque */
    uint32_t transport_qos;
    bool will_respond_to_irr;
    h225_uuies_requested uuies_requested;          /* always sent */
    h225_language_list language;
    h225_alternate_transport_addresses alternate_transport_addresses;
    uint32_t use_specified_transport;
    h225_protocols_list supported_protocols;
    bool multiple_calls;
    h225_alias_list modified_src_info;
    h225_alternate_gk assigned_gatekeeper;
    H225_RAS_TOKENS_;
} h225_acf;
typedef PER_SEQ_OF(h225_acf) h225_acf_list;

typedef struct h225_brq {                          /* BandwidthRequest */
    uint16_t request_seq_num;
    per_bmp endpoint_identifier;
    h225_guid conference_id;
    uint16_t call_reference_value;
    bool has_call_type, has_nonstandard_data;
    uint32_t call_type;
    uint32_t bandwidth;
    h225_nonstandard_parameter nonstandard_data;
    h225_call_identifier call_identifier;
    bool has_gatekeeper_identifier, has_call_linkage, has_capacity, has_usage_information,
        has_bandwidth_details, has_transport_qos;
    per_bmp gatekeeper_identifier;
    bool answered_call;
    h225_call_linkage call_linkage;
    per_octets capacity, usage_information, bandwidth_details;   /* opaque */
    uint32_t transport_qos;
    H225_RAS_TOKENS_;
} h225_brq;

typedef struct h225_bcf {                          /* BandwidthConfirm */
    uint16_t request_seq_num;
    uint32_t bandwidth;
    bool has_nonstandard_data, has_capacity, has_transport_qos;
    h225_nonstandard_parameter nonstandard_data;
    per_octets capacity;                           /* opaque */
    uint32_t transport_qos;
    H225_RAS_TOKENS_;
} h225_bcf;

typedef struct h225_lrq {                          /* LocationRequest */
    uint16_t request_seq_num;
    bool has_endpoint_identifier, has_nonstandard_data;
    per_bmp endpoint_identifier;
    h225_alias_list destination_info;
    h225_nonstandard_parameter nonstandard_data;
    h225_transport_address reply_address;
    bool has_source_info, has_gatekeeper_identifier, has_desired_protocols,
        has_desired_tunnelled_protocol, has_hop_count, has_circuit_info, has_call_identifier,
        has_bandwidth, has_source_endpoint_info, has_language;
    h225_alias_list source_info;
    bool can_map_alias;
    per_bmp gatekeeper_identifier;
    h225_protocols_list desired_protocols;
    h225_tunnelled_protocol desired_tunnelled_protocol;
    uint8_t hop_count;                             /* 1..255 */
    per_octets circuit_info;                       /* opaque */
    h225_call_identifier call_identifier;
    uint32_t bandwidth;
    h225_alias_list source_endpoint_info;
    bool can_map_src_alias;
    h225_language_list language;
    H225_RAS_TOKENS_;
} h225_lrq;

typedef struct h225_lcf {                          /* LocationConfirm */
    uint16_t request_seq_num;
    h225_transport_address call_signal_address, ras_address;
    bool has_nonstandard_data;
    h225_nonstandard_parameter nonstandard_data;
    bool has_destination_info, has_dest_extra_call_info, has_destination_type,
        has_remote_extension_address, has_alternate_endpoints, has_alternate_transport_addresses,
        has_supported_protocols, has_multiple_calls, has_circuit_info, has_service_control,
        has_modified_src_info, has_bandwidth;
    h225_alias_list destination_info, dest_extra_call_info;
    h225_endpoint_type destination_type;
    h225_alias_list remote_extension_address;
    per_octets alternate_endpoints, circuit_info, service_control;   /* opaque */
    h225_alternate_transport_addresses alternate_transport_addresses;
    h225_protocols_list supported_protocols;
    bool multiple_calls;
    h225_alias_list modified_src_info;
    uint32_t bandwidth;
    H225_RAS_TOKENS_;
} h225_lcf;

typedef struct h225_drq {                          /* DisengageRequest */
    uint16_t request_seq_num;
    per_bmp endpoint_identifier;
    h225_guid conference_id;
    uint16_t call_reference_value;
    uint32_t disengage_reason;                     /* H225_DISENGAGE_* */
    bool has_nonstandard_data;
    h225_nonstandard_parameter nonstandard_data;
    h225_call_identifier call_identifier;
    bool has_gatekeeper_identifier, has_call_linkage, has_capacity, has_circuit_info,
        has_usage_information, has_termination_cause, has_service_control;
    per_bmp gatekeeper_identifier;
    bool answered_call;
    h225_call_linkage call_linkage;
    per_octets capacity, circuit_info, usage_information, service_control;   /* opaque */
    h225_call_termination_cause termination_cause;
    H225_RAS_TOKENS_;
} h225_drq;

typedef struct h225_dcf {                          /* DisengageConfirm */
    uint16_t request_seq_num;
    bool has_nonstandard_data, has_capacity, has_circuit_info, has_usage_information,
        has_assigned_gatekeeper;
    h225_nonstandard_parameter nonstandard_data;
    per_octets capacity, circuit_info, usage_information;   /* opaque */
    h225_alternate_gk assigned_gatekeeper;
    H225_RAS_TOKENS_;
} h225_dcf;

typedef struct h225_irq {                          /* InfoRequest */
    uint16_t request_seq_num;
    uint16_t call_reference_value;
    bool has_nonstandard_data, has_reply_address;
    h225_nonstandard_parameter nonstandard_data;
    h225_transport_address reply_address;
    h225_call_identifier call_identifier;
    bool has_uuies_requested, has_call_linkage, has_usage_info_requested,
        segmented_response_supported, has_next_segment_requested, capacity_info_requested,
        has_assigned_gatekeeper;
    h225_uuies_requested uuies_requested;
    h225_call_linkage call_linkage;
    h225_ras_usage_info_types usage_info_requested;
    uint16_t next_segment_requested;
    h225_alternate_gk assigned_gatekeeper;
    H225_RAS_TOKENS_;
} h225_irq;

typedef struct h225_irr {                          /* InfoRequestResponse */
    bool has_nonstandard_data, has_endpoint_alias, has_per_call_info;
    h225_nonstandard_parameter nonstandard_data;
    uint16_t request_seq_num;
    h225_endpoint_type endpoint_type;
    per_bmp endpoint_identifier;
    h225_transport_address ras_address;
    h225_transport_list call_signal_address;
    h225_alias_list endpoint_alias;
    h225_per_call_info_list per_call_info;
    bool need_response, has_capacity, has_irr_status, unsolicited;
    per_octets capacity;                           /* opaque */
    h225_irr_status irr_status;
    H225_RAS_TOKENS_;
} h225_irr;

/* NonStandardMessage, UnknownMessageResponse, RequestInProgress, InfoRequestAck,
 * ResourcesAvailableIndicate, ResourcesAvailableConfirm: the small ones share a struct. */
typedef struct h225_ras_misc {
    uint16_t request_seq_num;
    per_oid protocol_identifier;                   /* RAI RAC */
    bool has_nonstandard_data;                     /* NonStandardMessage: mandatory */
    h225_nonstandard_parameter nonstandard_data;
    per_octets message_not_understood;             /* XRS: the message, as received */
    uint16_t delay;                                /* RIP: 1..65535 ms */
    per_bmp endpoint_identifier;                   /* RAI */
    h225_protocols_list protocols;                 /* RAI */
    bool almost_out_of_resources;                  /* RAI */
    bool has_capacity;
    per_octets capacity;                           /* RAI, opaque */
    H225_RAS_TOKENS_;
} h225_ras_misc;

/* RasMessage alternatives. */
enum {
    H225_RAS_GRQ, H225_RAS_GCF, H225_RAS_GRJ, H225_RAS_RRQ, H225_RAS_RCF, H225_RAS_RRJ,
    H225_RAS_URQ, H225_RAS_UCF, H225_RAS_URJ, H225_RAS_ARQ, H225_RAS_ACF, H225_RAS_ARJ,
    H225_RAS_BRQ, H225_RAS_BCF, H225_RAS_BRJ, H225_RAS_DRQ, H225_RAS_DCF, H225_RAS_DRJ,
    H225_RAS_LRQ, H225_RAS_LCF, H225_RAS_LRJ, H225_RAS_IRQ, H225_RAS_IRR,
    H225_RAS_NONSTANDARD_MESSAGE, H225_RAS_UNKNOWN_MESSAGE_RESPONSE,
    /* extension alternatives */
    H225_RAS_RIP, H225_RAS_RAI, H225_RAS_RAC, H225_RAS_IACK, H225_RAS_INAK,
    H225_RAS_SCI, H225_RAS_SCR, H225_RAS_ACF_SEQUENCE, H225_RAS_COUNT
};

typedef struct h225_ras_message {
    uint32_t choice;                               /* H225_RAS_* */
    union {
        h225_grq grq;
        h225_gcf gcf;
        h225_grj grj;
        h225_rrq rrq;
        h225_rcf rcf;
        h225_rrj rrj;
        h225_urq urq;
        h225_ucf ucf;
        h225_reject reject;                        /* URJ ARJ BRJ DRJ LRJ INAK */
        h225_arq arq;
        h225_acf acf;
        h225_brq brq;
        h225_bcf bcf;
        h225_drq drq;
        h225_dcf dcf;                              /* DCF */
        h225_lrq lrq;
        h225_lcf lcf;
        h225_irq irq;
        h225_irr irr;
        h225_ras_misc misc;                        /* NonStandardMessage XRS RIP RAI RAC IACK */
        h225_acf_list acf_sequence;
    } u;
    per_octets unknown;                            /* SCI, SCR and alternatives newer than v7 */
} h225_ras_message;

/* ---- codec --------------------------------------------------------------------------------------- */

/* The type descriptions, for per_schema_check and per_encode_into/per_decode_from. */
extern const per_type h225_t_user_information, h225_t_ras_message;

/* Encodes into out[0..cap); *len gets the size. 0 or PER_E_* (ei, if not NULL, says where). */
int h225_encode_uu(const h225_user_information *m, uint8_t *out, size_t cap, size_t *len,
                   per_errinfo *ei);
int h225_encode_ras(const h225_ras_message *m, uint8_t *out, size_t cap, size_t *len,
                    per_errinfo *ei);
/* Decodes in[0..len) into *m; strings and lists live in the arena (a few KiB suffice for
 * typical messages; PER_E_ARENA when it runs out). 0 or PER_E_*. */
int h225_decode_uu(const uint8_t *in, size_t len, h225_user_information *m, per_arena *a,
                   per_errinfo *ei);
int h225_decode_ras(const uint8_t *in, size_t len, h225_ras_message *m, per_arena *a,
                    per_errinfo *ei);

/* ---- builders ------------------------------------------------------------------------------------ */

#define H225_PROTOCOL_VERSION 4   /* what h225_call_ident users typically announce */

/* {itu-t(0) recommendation(0) h(8) h225-0(2250) version(0) v}: the protocolIdentifier of
 * H.225.0 version v (H.225.0 7.6 / annex H). */
per_oid h225_protocol_identifier(unsigned v);
/* The version a protocolIdentifier announces, or 0 if it is not H.225.0's. */
unsigned h225_protocol_version(const per_oid *oid);

/* Aliases and addresses. The strings are not copied: they must outlive the alias.
 * dialed digits are checked on encoding (PER_E_CHAR). */
h225_alias_address h225_alias_dialed_digits(const char *digits);
h225_alias_address h225_alias_url(const char *url);
h225_alias_address h225_alias_email(const char *email);
/* An h323-ID from UTF-8 text, written as UTF-16 into buf[0..cap). 0, or -1 when the text
 * is not UTF-8, holds a character beyond U+FFFF (BMPString is UCS-2), or does not fit. */
int h225_alias_h323_id(h225_alias_address *alias, uint16_t *buf, size_t cap, const char *utf8);
int h225_bmp_from_utf8(per_bmp *out, uint16_t *buf, size_t cap, const char *utf8);
h225_transport_address h225_transport_ipv4(const uint8_t ip[4], uint16_t port);
h225_transport_address h225_transport_ipv6(const uint8_t ip[16], uint16_t port);

/* What h225_uu_init fills in: the components every message of a call repeats. */
typedef struct h225_call_ident {
    unsigned version;                              /* protocolIdentifier: H.225.0 version */
    h225_guid conference_id;
    h225_guid call_id;
    h225_endpoint_type endpoint;                   /* our sourceInfo / destinationInfo */
} h225_call_ident;

/* Zeroes *m and makes it a message of body type `body` (H225_BODY_*): protocolIdentifier,
 * callIdentifier, conferenceID (Setup, Connect), sourceInfo (Setup) or destinationInfo
 * (CallProceeding, Alerting, Connect, Progress), Setup's conferenceGoal create and callType
 * pointToPoint, ReleaseComplete without reason, Facility with reason undefinedReason.
 * id may be NULL for H225_BODY_EMPTY. 0, or PER_E_INVALID for an unknown body. */
int h225_uu_init(h225_user_information *m, uint32_t body, const h225_call_ident *id);

/* Zeroes *m and makes it a RAS message of type `type` (H225_RAS_*, not SCI/SCR/ACF
 * sequence) with requestSeqNum seq and, where the message has one, the protocolIdentifier
 * of H.225.0 `version`. Reasons, call models and call types start at alternative 0.
 * 0, or PER_E_INVALID. */
int h225_ras_init(h225_ras_message *m, uint32_t type, uint16_t seq, unsigned version);
/* requestSeqNum of any RAS message (0 for an alternative not decoded: SCI, SCR, a newer
 * one; the first ACF of an ACF sequence). */
uint16_t h225_ras_seq_num(const h225_ras_message *m);

/* A short name for a body / RAS alternative ("setup", "RRQ"), "?" if unknown. */
const char *h225_body_name(uint32_t body);
const char *h225_ras_name(uint32_t type);

#endif
