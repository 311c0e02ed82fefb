/*
 * tsp-h323/h225/h225_common.c - PER descriptions of the H.225.0 elements that call
 * signalling and RAS share: addresses, aliases, endpoint types, vendor and protocol
 * information, identifiers, reasons, and the H.235.0 token types.
 *
 * Order and constraints follow H323-MESSAGES (H.225.0 12/2009, annex H) and
 * H235-SECURITY-MESSAGES (H.235.0 09/2005); each table is commented with the ASN.1 type it
 * describes. Additions that carry nothing a call needs are per_t_open (kept as bytes).
 */
#include "h225_schema.h"

#include <string.h>

/* ---- simple types ------------------------------------------------------------------------ */

const per_type h225_t_u8 = PER_INTEGER(uint8_t, 0, 255);
const per_type h225_t_u16 = PER_INTEGER(uint16_t, 0, 65535);       /* also CallReferenceValue */
const per_type h225_t_u32 = PER_INTEGER(uint32_t, 0, 4294967295);  /* also BandWidth */
const per_type h225_t_seq_num = PER_INTEGER(uint16_t, 1, 65535);
const per_type h225_t_time_to_live = PER_INTEGER(uint32_t, 1, 4294967295);
const per_type h225_t_identifier = PER_BMPSTRING(1, 128);
const per_type h225_t_guid = PER_OCTET_STRING_FIXED(16);
const per_type h225_t_octets = PER_OCTET_STRING_UNC;
const per_type h225_t_octets_list = PER_SEQUENCE_OF_UNC(h225_t_octets);
const per_type h225_t_oid_list = PER_SEQUENCE_OF_UNC(per_t_oid);
const per_type h225_t_bmp_string = PER_BMPSTRING_UNC;
const per_type h225_t_ia5_string = PER_IA5STRING_UNC;

/* ---- NonStandardParameter --------------------------------------------------------------------- */

/* H221NonStandard ::= SEQUENCE { t35CountryCode INTEGER(0..255), t35Extension INTEGER(0..255),
 *   manufacturerCode INTEGER(0..65535), ... } */
static const per_comp h221_comps[] = {
    H225_M(h225_h221_nonstandard, t35_country_code, "t35CountryCode", h225_t_u8),
    H225_M(h225_h221_nonstandard, t35_extension, "t35Extension", h225_t_u8),
    H225_M(h225_h221_nonstandard, manufacturer_code, "manufacturerCode", h225_t_u16),
};
static const per_type t_h221 = PER_SEQUENCE(h225_h221_nonstandard, "H221NonStandard", h221_comps, 3, true);

/* NonStandardIdentifier ::= CHOICE { object OBJECT IDENTIFIER, h221NonStandard, ... } */
static const per_comp nsi_comps[] = {
    H225_M(h225_nonstandard_identifier, u.object, "object", per_t_oid),
    H225_M(h225_nonstandard_identifier, u.h221, "h221NonStandard", t_h221),
};
static const per_type t_nsi = PER_CHOICE(h225_nonstandard_identifier, "NonStandardIdentifier", choice,
                                         nsi_comps, 2, true);

/* NonStandardParameter ::= SEQUENCE { nonStandardIdentifier, data OCTET STRING } */
static const per_comp nsp_comps[] = {
    H225_M(h225_nonstandard_parameter, id, "nonStandardIdentifier", t_nsi),
    H225_M(h225_nonstandard_parameter, data, "data", h225_t_octets),
};
const per_type h225_t_nonstandard_parameter =
    PER_SEQUENCE(h225_nonstandard_parameter, "NonStandardParameter", nsp_comps, 2, false);
const per_type h225_t_nonstandard_list = PER_SEQUENCE_OF_UNC(h225_t_nonstandard_parameter);

/* ---- TransportAddress ------------------------------------------------------------------------- */

static const per_type t_ip4 = PER_OCTET_STRING_FIXED(4);
static const per_comp ip_comps[] = {
    H225_M(h225_ip_address, ip, "ip", t_ip4),
    H225_M(h225_ip_address, port, "port", h225_t_u16),
};
static const per_type t_ip_address = PER_SEQUENCE(h225_ip_address, "ipAddress", ip_comps, 2, false);

/* ipSourceRoute SEQUENCE { ip, port, route SEQUENCE OF OCTET STRING(SIZE(4)),
 *   routing CHOICE { strict NULL, loose NULL, ... }, ... } */
static const per_type t_route = PER_SEQUENCE_OF_UNC(t_ip4);
static const per_comp routing_comps[] = { PER_ALT_NULL("strict"), PER_ALT_NULL("loose") };
static const per_type t_routing = H225_INDEX_CHOICE("routing", routing_comps, 2, true);
static const per_comp isr_comps[] = {
    H225_M(h225_ip_source_route, ip, "ip", t_ip4),
    H225_M(h225_ip_source_route, port, "port", h225_t_u16),
    H225_M(h225_ip_source_route, route, "route", t_route),
    H225_M(h225_ip_source_route, routing, "routing", t_routing),
};
static const per_type t_ip_source_route = PER_SEQUENCE(h225_ip_source_route, "ipSourceRoute", isr_comps, 4, true);

/* ipxAddress SEQUENCE { node OCTET STRING(SIZE(6)), netnum (SIZE(4)), port (SIZE(2)) } */
static const per_type t_o6 = PER_OCTET_STRING_FIXED(6), t_o2 = PER_OCTET_STRING_FIXED(2);
static const per_comp ipx_comps[] = {
    H225_M(h225_ipx_address, node, "node", t_o6),
    H225_M(h225_ipx_address, netnum, "netnum", t_ip4),
    H225_M(h225_ipx_address, port, "port", t_o2),
};
static const per_type t_ipx_address = PER_SEQUENCE(h225_ipx_address, "ipxAddress", ipx_comps, 3, false);

/* ip6Address SEQUENCE { ip OCTET STRING(SIZE(16)), port INTEGER(0..65535), ... } */
static const per_comp ip6_comps[] = {
    H225_M(h225_ip6_address, ip, "ip", h225_t_guid),
    H225_M(h225_ip6_address, port, "port", h225_t_u16),
};
static const per_type t_ip6_address = PER_SEQUENCE(h225_ip6_address, "ip6Address", ip6_comps, 2, true);

static const per_type t_nsap = PER_OCTET_STRING(1, 20);
static const per_comp ta_comps[] = {
    H225_M(h225_transport_address, u.ip, "ipAddress", t_ip_address),
    H225_M(h225_transport_address, u.ip_source_route, "ipSourceRoute", t_ip_source_route),
    H225_M(h225_transport_address, u.ipx, "ipxAddress", t_ipx_address),
    H225_M(h225_transport_address, u.ip6, "ip6Address", t_ip6_address),
    H225_M(h225_transport_address, u.netbios, "netBios", h225_t_guid),
    H225_M(h225_transport_address, u.nsap, "nsap", t_nsap),
    H225_M(h225_transport_address, u.nonstandard, "nonStandardAddress", h225_t_nonstandard_parameter),
};
const per_type h225_t_transport_address =
    PER_CHOICE(h225_transport_address, "TransportAddress", choice, ta_comps, 7, true);
const per_type h225_t_transport_list = PER_SEQUENCE_OF_UNC(h225_t_transport_address);

/* ---- AliasAddress ------------------------------------------------------------------------------ */

/* NumberDigits ::= IA5String (SIZE(1..128)) (FROM ("0123456789#*,")); dialledDigits the same.
 * IsupDigits ::= IA5String (SIZE(1..128)) (FROM ("0123456789ABCDE")). Alphabets ascending. */
static const per_type t_number_digits = PER_IA5STRING_FROM(1, 128, "#*,0123456789");
static const per_type t_isup_digits = PER_IA5STRING_FROM(1, 128, "0123456789ABCDE");
static const per_type t_h323_id = PER_BMPSTRING(1, 256);
static const per_type t_ia5_512 = PER_IA5STRING(1, 512);

/* PublicTypeOfNumber ::= CHOICE { unknown, internationalNumber, nationalNumber,
 *   networkSpecificNumber, subscriberNumber, abbreviatedNumber, ... } (all NULL) */
static const per_comp ptn_comps[] = {
    PER_ALT_NULL("unknown"), PER_ALT_NULL("internationalNumber"), PER_ALT_NULL("nationalNumber"),
    PER_ALT_NULL("networkSpecificNumber"), PER_ALT_NULL("subscriberNumber"), PER_ALT_NULL("abbreviatedNumber"),
};
static const per_type t_public_type = H225_INDEX_CHOICE("PublicTypeOfNumber", ptn_comps, 6, true);
/* PrivateTypeOfNumber ::= CHOICE { unknown, level2RegionalNumber, level1RegionalNumber,
 *   pISNSpecificNumber, localNumber, abbreviatedNumber, ... } */
static const per_comp prtn_comps[] = {
    PER_ALT_NULL("unknown"), PER_ALT_NULL("level2RegionalNumber"), PER_ALT_NULL("level1RegionalNumber"),
    PER_ALT_NULL("pISNSpecificNumber"), PER_ALT_NULL("localNumber"), PER_ALT_NULL("abbreviatedNumber"),
};
static const per_type t_private_type = H225_INDEX_CHOICE("PrivateTypeOfNumber", prtn_comps, 6, true);

/* PublicPartyNumber ::= SEQUENCE { publicTypeOfNumber, publicNumberDigits NumberDigits }
 * PrivatePartyNumber ::= SEQUENCE { privateTypeOfNumber, privateNumberDigits NumberDigits } */
static const per_comp ppn_comps[] = {
    H225_M(h225_typed_number, type, "publicTypeOfNumber", t_public_type),
    H225_M(h225_typed_number, digits, "publicNumberDigits", t_number_digits),
};
static const per_type t_public_party_number = PER_SEQUENCE(h225_typed_number, "PublicPartyNumber", ppn_comps, 2, false);
static const per_comp prpn_comps[] = {
    H225_M(h225_typed_number, type, "privateTypeOfNumber", t_private_type),
    H225_M(h225_typed_number, digits, "privateNumberDigits", t_number_digits),
};
static const per_type t_private_party_number = PER_SEQUENCE(h225_typed_number, "PrivatePartyNumber", prpn_comps, 2, false);

/* PartyNumber ::= CHOICE { e164Number PublicPartyNumber, dataPartyNumber NumberDigits,
 *   telexPartyNumber NumberDigits, privateNumber PrivatePartyNumber,
 *   nationalStandardPartyNumber NumberDigits, ... } */
static const per_comp pn_comps[] = {
    H225_M(h225_party_number, u.e164, "e164Number", t_public_party_number),
    H225_M(h225_party_number, u.data, "dataPartyNumber", t_number_digits),
    H225_M(h225_party_number, u.telex, "telexPartyNumber", t_number_digits),
    H225_M(h225_party_number, u.private_number, "privateNumber", t_private_party_number),
    H225_M(h225_party_number, u.national, "nationalStandardPartyNumber", t_number_digits),
};
static const per_type t_party_number = PER_CHOICE(h225_party_number, "PartyNumber", choice, pn_comps, 5, true);
const per_type h225_t_party_number_list = PER_SEQUENCE_OF_UNC(t_party_number);

/* NatureOfAddress ::= CHOICE { unknown, subscriberNumber, nationalNumber, internationalNumber,
 *   networkSpecificNumber, routingNumberNationalFormat, routingNumberNetworkSpecificFormat,
 *   routingNumberWithCalledDirectoryNumber, ... } */
static const per_comp noa_comps[] = {
    PER_ALT_NULL("unknown"), PER_ALT_NULL("subscriberNumber"), PER_ALT_NULL("nationalNumber"),
    PER_ALT_NULL("internationalNumber"), PER_ALT_NULL("networkSpecificNumber"),
    PER_ALT_NULL("routingNumberNationalFormat"), PER_ALT_NULL("routingNumberNetworkSpecificFormat"),
    PER_ALT_NULL("routingNumberWithCalledDirectoryNumber"),
};
static const per_type t_nature = H225_INDEX_CHOICE("NatureOfAddress", noa_comps, 8, true);
/* IsupPublicPartyNumber ::= SEQUENCE { natureOfAddress, address IsupDigits, ... }
 * IsupPrivatePartyNumber ::= SEQUENCE { privateTypeOfNumber, address IsupDigits, ... } */
static const per_comp ipub_comps[] = {
    H225_M(h225_typed_number, type, "natureOfAddress", t_nature),
    H225_M(h225_typed_number, digits, "address", t_isup_digits),
};
static const per_type t_isup_public = PER_SEQUENCE(h225_typed_number, "IsupPublicPartyNumber", ipub_comps, 2, true);
static const per_comp ipriv_comps[] = {
    H225_M(h225_typed_number, type, "privateTypeOfNumber", t_private_type),
    H225_M(h225_typed_number, digits, "address", t_isup_digits),
};
static const per_type t_isup_private = PER_SEQUENCE(h225_typed_number, "IsupPrivatePartyNumber", ipriv_comps, 2, true);
/* IsupNumber ::= CHOICE { e164Number, dataPartyNumber, telexPartyNumber, privateNumber,
 *   nationalStandardPartyNumber, ... } */
static const per_comp isup_comps[] = {
    H225_M(h225_isup_number, u.e164, "e164Number", t_isup_public),
    H225_M(h225_isup_number, u.data, "dataPartyNumber", t_isup_digits),
    H225_M(h225_isup_number, u.telex, "telexPartyNumber", t_isup_digits),
    H225_M(h225_isup_number, u.private_number, "privateNumber", t_isup_private),
    H225_M(h225_isup_number, u.national, "nationalStandardPartyNumber", t_isup_digits),
};
static const per_type t_isup_number = PER_CHOICE(h225_isup_number, "IsupNumber", choice, isup_comps, 5, true);

/* AliasAddress ::= CHOICE { dialledDigits, h323-ID BMPString(SIZE(1..256)), ...,
 *   url-ID IA5String(SIZE(1..512)), transportID TransportAddress, email-ID IA5String(SIZE(1..512)),
 *   partyNumber PartyNumber, mobileUIM MobileUIM, isupNumber IsupNumber }
 * mobileUIM (ANSI-41/GSM identities) is not described: kept as bytes. */
static const per_comp alias_comps[] = {
    H225_M(h225_alias_address, u.dialed_digits, "dialledDigits", t_number_digits),
    H225_M(h225_alias_address, u.h323_id, "h323-ID", t_h323_id),
    H225_M(h225_alias_address, u.url_id, "url-ID", t_ia5_512),
    H225_M(h225_alias_address, u.transport_id, "transportID", h225_t_transport_address),
    H225_M(h225_alias_address, u.email_id, "email-ID", t_ia5_512),
    H225_M(h225_alias_address, u.party_number, "partyNumber", t_party_number),
    PER_ALT_UNDESCRIBED("mobileUIM"),
    H225_M(h225_alias_address, u.isup_number, "isupNumber", t_isup_number),
};
const per_type h225_t_alias_address =
    PER_CHOICE_KEEP(h225_alias_address, "AliasAddress", choice, alias_comps, 2, unknown);
const per_type h225_t_alias_list = PER_SEQUENCE_OF_UNC(h225_t_alias_address);

/* AddressPattern ::= CHOICE { wildcard AliasAddress,
 *   range SEQUENCE { startOfRange PartyNumber, endOfRange PartyNumber }, ... } */
static const per_comp range_comps[] = {
    H225_M(h225_address_range, start_of_range, "startOfRange", t_party_number),
    H225_M(h225_address_range, end_of_range, "endOfRange", t_party_number),
};
static const per_type t_range = PER_SEQUENCE(h225_address_range, "range", range_comps, 2, false);
static const per_comp pattern_comps[] = {
    H225_M(h225_address_pattern, u.wildcard, "wildcard", h225_t_alias_address),
    H225_M(h225_address_pattern, u.range, "range", t_range),
};
static const per_type t_pattern = PER_CHOICE(h225_address_pattern, "AddressPattern", choice, pattern_comps, 2, true);
const per_type h225_t_address_pattern_list = PER_SEQUENCE_OF_UNC(t_pattern);

/* PresentationIndicator ::= CHOICE { presentationAllowed, presentationRestricted,
 *   addressNotAvailable, ... }; ScreeningIndicator ::= ENUMERATED { userProvidedNotScreened(0),
 *   userProvidedVerifiedAndPassed(1), userProvidedVerifiedAndFailed(2), networkProvided(3), ... } */
static const per_comp pi_comps[] = {
    PER_ALT_NULL("presentationAllowed"), PER_ALT_NULL("presentationRestricted"),
    PER_ALT_NULL("addressNotAvailable"),
};
const per_type h225_t_presentation_indicator = H225_INDEX_CHOICE("PresentationIndicator", pi_comps, 3, true);
const per_type h225_t_screening_indicator = PER_ENUMERATED(uint32_t, 4, 0, true);

/* ExtendedAliasAddress ::= SEQUENCE { address AliasAddress, presentationIndicator OPTIONAL,
 *   screeningIndicator OPTIONAL, ... } */
static const per_comp eaa_comps[] = {
    H225_M(h225_extended_alias_address, address, "address", h225_t_alias_address),
    H225_O(h225_extended_alias_address, presentation_indicator, "presentationIndicator",
           h225_t_presentation_indicator),
    H225_O(h225_extended_alias_address, screening_indicator, "screeningIndicator", h225_t_screening_indicator),
};
static const per_type t_extended_alias = PER_SEQUENCE(h225_extended_alias_address, "ExtendedAliasAddress",
                                                      eaa_comps, 3, true);
const per_type h225_t_extended_alias_list = PER_SEQUENCE_OF_UNC(t_extended_alias);

/* ---- EndpointType and what it carries ------------------------------------------------------------ */

/* VendorIdentifier ::= SEQUENCE { vendor H221NonStandard, productId OCTET STRING(SIZE(1..256))
 *   OPTIONAL, versionId OCTET STRING(SIZE(1..256)) OPTIONAL, ..., enterpriseNumber OBJECT
 *   IDENTIFIER OPTIONAL } */
static const per_type t_o256 = PER_OCTET_STRING(1, 256);
static const per_comp vendor_comps[] = {
    H225_M(h225_vendor_identifier, vendor, "vendor", t_h221),
    H225_O(h225_vendor_identifier, product_id, "productId", t_o256),
    H225_O(h225_vendor_identifier, version_id, "versionId", t_o256),
    H225_O(h225_vendor_identifier, enterprise_number, "enterpriseNumber", per_t_oid),
};
const per_type h225_t_vendor_identifier = PER_SEQUENCE(h225_vendor_identifier, "VendorIdentifier", vendor_comps, 3, true);

/* DataRate ::= SEQUENCE { nonStandardData OPTIONAL, channelRate BandWidth,
 *   channelMultiplier INTEGER(1..256) OPTIONAL, ... } */
static const per_type t_multiplier = PER_INTEGER(uint16_t, 1, 256);
static const per_comp rate_comps[] = {
    H225_O(h225_data_rate, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
    H225_M(h225_data_rate, channel_rate, "channelRate", h225_t_u32),
    H225_O(h225_data_rate, channel_multiplier, "channelMultiplier", t_multiplier),
};
const per_type h225_t_data_rate = PER_SEQUENCE(h225_data_rate, "DataRate", rate_comps, 3, true);
static const per_type t_rate_list = PER_SEQUENCE_OF_UNC(h225_t_data_rate);

/* SupportedPrefix ::= SEQUENCE { nonStandardData OPTIONAL, prefix AliasAddress, ... } */
static const per_comp prefix_comps[] = {
    H225_O(h225_supported_prefix, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
    H225_M(h225_supported_prefix, prefix, "prefix", h225_t_alias_address),
};
static const per_type t_prefix = PER_SEQUENCE(h225_supported_prefix, "SupportedPrefix", prefix_comps, 2, true);
const per_type h225_t_supported_prefix_list = PER_SEQUENCE_OF_UNC(t_prefix);

/* H310Caps ... T120OnlyCaps ::= SEQUENCE { nonStandardData OPTIONAL, ...,
 *   dataRatesSupported SEQUENCE OF DataRate OPTIONAL, supportedPrefixes SEQUENCE OF
 *   SupportedPrefix }: eight types, one layout. supportedPrefixes is a mandatory addition;
 * its flag says whether it is sent (a v1..v3 peer does not). */
static const per_comp caps_comps[] = {
    H225_O(h225_protocol_caps, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
    H225_O(h225_protocol_caps, data_rates_supported, "dataRatesSupported", t_rate_list),
    H225_O(h225_protocol_caps, supported_prefixes, "supportedPrefixes", h225_t_supported_prefix_list),
};
#define CAPS(nm) PER_SEQUENCE(h225_protocol_caps, nm, caps_comps, 1, true)
static const per_type t_h310 = CAPS("H310Caps"), t_h320 = CAPS("H320Caps"), t_h321 = CAPS("H321Caps"),
                      t_h322 = CAPS("H322Caps"), t_h323 = CAPS("H323Caps"), t_h324 = CAPS("H324Caps"),
                      t_voice = CAPS("VoiceCaps"), t_t120 = CAPS("T120OnlyCaps");
#undef CAPS
/* NonStandardProtocol ::= SEQUENCE { nonStandardData OPTIONAL, dataRatesSupported OPTIONAL,
 *   supportedPrefixes SEQUENCE OF SupportedPrefix, ... }
 * SIPCaps ::= SEQUENCE { ..., supportedPrefixes ... OPTIONAL, ... } */
static const per_comp nsprot_comps[] = {
    H225_O(h225_protocol_caps, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
    H225_O(h225_protocol_caps, data_rates_supported, "dataRatesSupported", t_rate_list),
    H225_M(h225_protocol_caps, supported_prefixes, "supportedPrefixes", h225_t_supported_prefix_list),
};
static const per_type t_nonstandard_protocol = PER_SEQUENCE(h225_protocol_caps, "NonStandardProtocol",
                                                            nsprot_comps, 3, true);
static const per_type t_sip = PER_SEQUENCE(h225_protocol_caps, "SIPCaps", caps_comps, 3, true);

/* SupportedProtocols ::= CHOICE { nonStandardData, h310, h320, h321, h322, h323, h324, voice,
 *   t120-only, ..., nonStandardProtocol, t38FaxAnnexbOnly, sip }. t38FaxAnnexbOnly carries
 * H.245 types (DataProtocolCapability, T38FaxProfile): kept as bytes. */
static const per_comp sp_comps[] = {
    H225_M(h225_supported_protocols, u.nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
    H225_M(h225_supported_protocols, u.caps, "h310", t_h310),
    H225_M(h225_supported_protocols, u.caps, "h320", t_h320),
    H225_M(h225_supported_protocols, u.caps, "h321", t_h321),
    H225_M(h225_supported_protocols, u.caps, "h322", t_h322),
    H225_M(h225_supported_protocols, u.caps, "h323", t_h323),
    H225_M(h225_supported_protocols, u.caps, "h324", t_h324),
    H225_M(h225_supported_protocols, u.caps, "voice", t_voice),
    H225_M(h225_supported_protocols, u.caps, "t120-only", t_t120),
    H225_M(h225_supported_protocols, u.caps, "nonStandardProtocol", t_nonstandard_protocol),
    PER_ALT_UNDESCRIBED("t38FaxAnnexbOnly"),
    H225_M(h225_supported_protocols, u.caps, "sip", t_sip),
};
static const per_type t_supported_protocols =
    PER_CHOICE_KEEP(h225_supported_protocols, "SupportedProtocols", choice, sp_comps, 9, unknown);
const per_type h225_t_protocols_list = PER_SEQUENCE_OF_UNC(t_supported_protocols);

/* TunnelledProtocol ::= SEQUENCE { id CHOICE { tunnelledProtocolObjectID OBJECT IDENTIFIER,
 *   tunnelledProtocolAlternateID TunnelledProtocolAlternateIdentifier, ... },
 *   subIdentifier IA5String(SIZE(1..64)) OPTIONAL, ... }
 * TunnelledProtocolAlternateIdentifier ::= SEQUENCE { protocolType IA5String(SIZE(1..64)),
 *   protocolVariant IA5String(SIZE(1..64)) OPTIONAL, ... } */
static const per_type t_ia5_64 = PER_IA5STRING(1, 64);
static const per_comp tpa_comps[] = {
    H225_M(h225_tunnelled_alternate_id, protocol_type, "protocolType", t_ia5_64),
    H225_O(h225_tunnelled_alternate_id, protocol_variant, "protocolVariant", t_ia5_64),
};
static const per_type t_tunnelled_alternate = PER_SEQUENCE(h225_tunnelled_alternate_id,
                                                           "TunnelledProtocolAlternateIdentifier", tpa_comps, 2, true);
static const per_comp tpid_comps[] = {
    H225_M(h225_tunnelled_protocol_id, u.object_id, "tunnelledProtocolObjectID", per_t_oid),
    H225_M(h225_tunnelled_protocol_id, u.alternate_id, "tunnelledProtocolAlternateID", t_tunnelled_alternate),
};
static const per_type t_tunnelled_id = PER_CHOICE(h225_tunnelled_protocol_id, "id", choice, tpid_comps, 2, true);
static const per_comp tp_comps[] = {
    H225_M(h225_tunnelled_protocol, id, "id", t_tunnelled_id),
    H225_O(h225_tunnelled_protocol, sub_identifier, "subIdentifier", t_ia5_64),
};
const per_type h225_t_tunnelled_protocol = PER_SEQUENCE(h225_tunnelled_protocol, "TunnelledProtocol", tp_comps, 2, true);
static const per_type t_tunnelled_list = PER_SEQUENCE_OF_UNC(h225_t_tunnelled_protocol);

/* GatewayInfo ::= SEQUENCE { protocol SEQUENCE OF SupportedProtocols OPTIONAL,
 *   nonStandardData OPTIONAL, ... }
 * McuInfo ::= SEQUENCE { nonStandardData OPTIONAL, ..., protocol ... OPTIONAL }
 * TerminalInfo, GatekeeperInfo ::= SEQUENCE { nonStandardData OPTIONAL, ... } */
static const per_comp gw_comps[] = {
    H225_O(h225_gateway_info, protocol, "protocol", h225_t_protocols_list),
    H225_O(h225_gateway_info, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
};
static const per_type t_gateway = PER_SEQUENCE(h225_gateway_info, "GatewayInfo", gw_comps, 2, true);
static const per_comp mcu_comps[] = {
    H225_O(h225_mcu_info, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
    H225_O(h225_mcu_info, protocol, "protocol", h225_t_protocols_list),
};
static const per_type t_mcu = PER_SEQUENCE(h225_mcu_info, "McuInfo", mcu_comps, 1, true);
static const per_comp nsinfo_comps[] = {
    H225_O(h225_nonstandard_info, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
};
static const per_type t_terminal = PER_SEQUENCE(h225_nonstandard_info, "TerminalInfo", nsinfo_comps, 1, true);
static const per_type t_gatekeeper = PER_SEQUENCE(h225_nonstandard_info, "GatekeeperInfo", nsinfo_comps, 1, true);

/* EndpointType ::= SEQUENCE { nonStandardData OPTIONAL, vendor OPTIONAL, gatekeeper OPTIONAL,
 *   gateway OPTIONAL, mcu OPTIONAL, terminal OPTIONAL, mc BOOLEAN, undefinedNode BOOLEAN, ...,
 *   set BIT STRING(SIZE(32)) OPTIONAL, supportedTunnelledProtocols SEQUENCE OF
 *   TunnelledProtocol OPTIONAL } */
static const per_type t_set = PER_BIT_STRING_FIXED(32);
static const per_comp ep_comps[] = {
    H225_O(h225_endpoint_type, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
    H225_O(h225_endpoint_type, vendor, "vendor", h225_t_vendor_identifier),
    H225_O(h225_endpoint_type, gatekeeper, "gatekeeper", t_gatekeeper),
    H225_O(h225_endpoint_type, gateway, "gateway", t_gateway),
    H225_O(h225_endpoint_type, mcu, "mcu", t_mcu),
    H225_O(h225_endpoint_type, terminal, "terminal", t_terminal),
    H225_M(h225_endpoint_type, mc, "mc", per_t_boolean),
    H225_M(h225_endpoint_type, undefined_node, "undefinedNode", per_t_boolean),
    H225_O(h225_endpoint_type, set, "set", t_set),
    H225_O(h225_endpoint_type, supported_tunnelled_protocols, "supportedTunnelledProtocols", t_tunnelled_list),
};
const per_type h225_t_endpoint_type = PER_SEQUENCE(h225_endpoint_type, "EndpointType", ep_comps, 8, true);

/* QseriesOptions ::= SEQUENCE { q932Full .. q957Full BOOLEAN (7), q954Info Q954Details, ... }
 * Q954Details ::= SEQUENCE { conferenceCalling BOOLEAN, threePartyService BOOLEAN, ... } */
static const per_comp q954_comps[] = {
    H225_M(h225_q954_details, conference_calling, "conferenceCalling", per_t_boolean),
    H225_M(h225_q954_details, three_party_service, "threePartyService", per_t_boolean),
};
static const per_type t_q954 = PER_SEQUENCE(h225_q954_details, "Q954Details", q954_comps, 2, true);
static const per_comp qs_comps[] = {
    H225_M(h225_qseries_options, q932_full, "q932Full", per_t_boolean),
    H225_M(h225_qseries_options, q951_full, "q951Full", per_t_boolean),
    H225_M(h225_qseries_options, q952_full, "q952Full", per_t_boolean),
    H225_M(h225_qseries_options, q953_full, "q953Full", per_t_boolean),
    H225_M(h225_qseries_options, q955_full, "q955Full", per_t_boolean),
    H225_M(h225_qseries_options, q956_full, "q956Full", per_t_boolean),
    H225_M(h225_qseries_options, q957_full, "q957Full", per_t_boolean),
    H225_M(h225_qseries_options, q954_info, "q954Info", t_q954),
};
const per_type h225_t_qseries_options = PER_SEQUENCE(h225_qseries_options, "QseriesOptions", qs_comps, 8, true);

/* ---- identifiers, call types ----------------------------------------------------------------------- */

/* CallIdentifier ::= SEQUENCE { guid GloballyUniqueID, ... } */
static const per_comp cid_comps[] = { H225_M(h225_call_identifier, guid, "guid", h225_t_guid) };
const per_type h225_t_call_identifier = PER_SEQUENCE(h225_call_identifier, "CallIdentifier", cid_comps, 1, true);

/* CallLinkage ::= SEQUENCE { globalCallId GloballyUniqueID OPTIONAL, threadId OPTIONAL, ... } */
static const per_comp link_comps[] = {
    H225_O(h225_call_linkage, global_call_id, "globalCallId", h225_t_guid),
    H225_O(h225_call_linkage, thread_id, "threadId", h225_t_guid),
};
const per_type h225_t_call_linkage = PER_SEQUENCE(h225_call_linkage, "CallLinkage", link_comps, 2, true);

/* CallType ::= CHOICE { pointToPoint, oneToN, nToOne, nToN, ... }
 * CallModel ::= CHOICE { direct, gatekeeperRouted, ... } */
static const per_comp ct_comps[] = {
    PER_ALT_NULL("pointToPoint"), PER_ALT_NULL("oneToN"), PER_ALT_NULL("nToOne"), PER_ALT_NULL("nToN"),
};
const per_type h225_t_call_type = H225_INDEX_CHOICE("CallType", ct_comps, 4, true);
static const per_comp cm_comps[] = { PER_ALT_NULL("direct"), PER_ALT_NULL("gatekeeperRouted") };
const per_type h225_t_call_model = H225_INDEX_CHOICE("CallModel", cm_comps, 2, true);

/* DisplayName ::= SEQUENCE { language IA5String OPTIONAL, name BMPString(SIZE(1..80)) } */
static const per_type t_name80 = PER_BMPSTRING(1, 80);
static const per_comp dn_comps[] = {
    H225_O(h225_display_name, language, "language", h225_t_ia5_string),
    H225_M(h225_display_name, name, "name", t_name80),
};
static const per_type t_display_name = PER_SEQUENCE(h225_display_name, "DisplayName", dn_comps, 2, false);
const per_type h225_t_display_name_list = PER_SEQUENCE_OF_UNC(t_display_name);

/* language SEQUENCE OF IA5String(SIZE(1..32)) (RFC 1766 tags) */
static const per_type t_ia5_32 = PER_IA5STRING(1, 32);
const per_type h225_t_language_list = PER_SEQUENCE_OF_UNC(t_ia5_32);

/* ---- H.235.0 ----------------------------------------------------------------------------------------- */

/* NonStandardParameter (H.235.0) ::= SEQUENCE { nonStandardIdentifier OBJECT IDENTIFIER,
 *   data OCTET STRING } */
static const per_comp h235ns_comps[] = {
    H225_M(h225_h235_nonstandard, id, "nonStandardIdentifier", per_t_oid),
    H225_M(h225_h235_nonstandard, data, "data", h225_t_octets),
};
static const per_type t_h235_nonstandard = PER_SEQUENCE(h225_h235_nonstandard, "NonStandardParameter",
                                                        h235ns_comps, 2, false);

/* DHset ::= SEQUENCE { halfkey, modSize, generator BIT STRING(SIZE(0..2048)), ... } */
static const per_type t_bits2048 = PER_BIT_STRING(0, 2048);
static const per_comp dh_comps[] = {
    H225_M(h225_dh_set, halfkey, "halfkey", t_bits2048),
    H225_M(h225_dh_set, mod_size, "modSize", t_bits2048),
    H225_M(h225_dh_set, generator, "generator", t_bits2048),
};
static const per_type t_dh_set = PER_SEQUENCE(h225_dh_set, "DHset", dh_comps, 3, true);

/* TypedCertificate ::= SEQUENCE { type OBJECT IDENTIFIER, certificate OCTET STRING, ... } */
static const per_comp cert_comps[] = {
    H225_M(h225_typed_certificate, type, "type", per_t_oid),
    H225_M(h225_typed_certificate, certificate, "certificate", h225_t_octets),
};
static const per_type t_typed_certificate = PER_SEQUENCE(h225_typed_certificate, "TypedCertificate",
                                                         cert_comps, 2, true);

/* ClearToken ::= SEQUENCE { tokenOID OBJECT IDENTIFIER, timeStamp TimeStamp OPTIONAL,
 *   password Password OPTIONAL, dhkey DHset OPTIONAL, challenge ChallengeString OPTIONAL,
 *   random RandomVal OPTIONAL, certificate TypedCertificate OPTIONAL, generalID Identifier
 *   OPTIONAL, nonStandard NonStandardParameter OPTIONAL, ..., eckasdhkey ECKASDH OPTIONAL,
 *   sendersID Identifier OPTIONAL, h235Key H235Key OPTIONAL, profileInfo SEQUENCE OF
 *   ProfileElement OPTIONAL }
 * TimeStamp INTEGER(1..4294967295), Password/Identifier BMPString(SIZE(1..128)),
 * ChallengeString OCTET STRING(SIZE(8..128)), RandomVal INTEGER. */
static const per_type t_challenge = PER_OCTET_STRING(8, 128);
static const per_type t_random = PER_INTEGER_ANY(int64_t);
static const per_comp clear_comps[] = {
    H225_M(h225_clear_token, token_oid, "tokenOID", per_t_oid),
    H225_O(h225_clear_token, time_stamp, "timeStamp", h225_t_time_to_live),
    H225_O(h225_clear_token, password, "password", h225_t_identifier),
    H225_O(h225_clear_token, dhkey, "dhkey", t_dh_set),
    H225_O(h225_clear_token, challenge, "challenge", t_challenge),
    H225_O(h225_clear_token, random, "random", t_random),
    H225_O(h225_clear_token, certificate, "certificate", t_typed_certificate),
    H225_O(h225_clear_token, general_id, "generalID", h225_t_identifier),
    H225_O(h225_clear_token, nonstandard, "nonStandard", t_h235_nonstandard),
    H225_X(h225_clear_token, eckasdhkey, "eckasdhkey"),
    H225_O(h225_clear_token, senders_id, "sendersID", h225_t_identifier),
    H225_X(h225_clear_token, h235_key, "h235Key"),
    H225_X(h225_clear_token, profile_info, "profileInfo"),
};
static const per_type t_clear_token = PER_SEQUENCE(h225_clear_token, "ClearToken", clear_comps, 9, true);
const per_type h225_t_clear_token_list = PER_SEQUENCE_OF_UNC(t_clear_token);

/* Params ::= SEQUENCE { ranInt INTEGER OPTIONAL, iv8 IV8 OPTIONAL, ..., iv16 IV16 OPTIONAL,
 *   iv OCTET STRING OPTIONAL, clearSalt OCTET STRING OPTIONAL } */
static const per_type t_iv8 = PER_OCTET_STRING_FIXED(8);
static const per_comp params_comps[] = {
    H225_O(h225_h235_params, ran_int, "ranInt", t_random),
    H225_O(h225_h235_params, iv8, "iv8", t_iv8),
    H225_O(h225_h235_params, iv16, "iv16", h225_t_guid),
    H225_O(h225_h235_params, iv, "iv", h225_t_octets),
    H225_O(h225_h235_params, clear_salt, "clearSalt", h225_t_octets),
};
static const per_type t_params = PER_SEQUENCE(h225_h235_params, "Params", params_comps, 2, true);

/* HASHED{} ::= SEQUENCE { algorithmOID OBJECT IDENTIFIER, paramS Params, hash BIT STRING }
 * ENCRYPTED{} ::= SEQUENCE { algorithmOID, paramS, encryptedData OCTET STRING }
 * SIGNED{ToBeSigned} ::= SEQUENCE { toBeSigned, algorithmOID, paramS, signature BIT STRING };
 * every ToBeSigned H.225.0 uses is a TYPE-IDENTIFIER.&Type, i.e. an open type. */
static const per_type t_bits = PER_BIT_STRING_UNC;
static const per_comp hashed_comps[] = {
    H225_M(h225_h235_hashed, algorithm_oid, "algorithmOID", per_t_oid),
    H225_M(h225_h235_hashed, params, "paramS", t_params),
    H225_M(h225_h235_hashed, hash, "hash", t_bits),
};
static const per_type t_hashed = PER_SEQUENCE(h225_h235_hashed, "HASHED", hashed_comps, 3, false);
static const per_comp encrypted_comps[] = {
    H225_M(h225_h235_encrypted, algorithm_oid, "algorithmOID", per_t_oid),
    H225_M(h225_h235_encrypted, params, "paramS", t_params),
    H225_M(h225_h235_encrypted, encrypted_data, "encryptedData", h225_t_octets),
};
static const per_type t_encrypted = PER_SEQUENCE(h225_h235_encrypted, "ENCRYPTED", encrypted_comps, 3, false);
static const per_comp signed_comps[] = {
    H225_M(h225_h235_signed, to_be_signed, "toBeSigned", per_t_open),
    H225_M(h225_h235_signed, algorithm_oid, "algorithmOID", per_t_oid),
    H225_M(h225_h235_signed, params, "paramS", t_params),
    H225_M(h225_h235_signed, signature, "signature", t_bits),
};
static const per_type t_signed = PER_SEQUENCE(h225_h235_signed, "SIGNED", signed_comps, 4, false);

/* CryptoToken ::= CHOICE {
 *   cryptoEncryptedToken SEQUENCE { tokenOID, token ENCRYPTED{EncodedGeneralToken} },
 *   cryptoSignedToken SEQUENCE { tokenOID, token SIGNED{EncodedGeneralToken} },
 *   cryptoHashedToken SEQUENCE { tokenOID, hashedVals ClearToken, token HASHED{...} },
 *   cryptoPwdEncr ENCRYPTED{EncodedPwdCertToken}, ... } */
static const per_comp cet_comps[] = {
    H225_M(h225_crypto_encrypted_token, token_oid, "tokenOID", per_t_oid),
    H225_M(h225_crypto_encrypted_token, token, "token", t_encrypted),
};
static const per_type t_cet = PER_SEQUENCE(h225_crypto_encrypted_token, "cryptoEncryptedToken", cet_comps, 2, false);
static const per_comp cst_comps[] = {
    H225_M(h225_crypto_signed_token, token_oid, "tokenOID", per_t_oid),
    H225_M(h225_crypto_signed_token, token, "token", t_signed),
};
static const per_type t_cst = PER_SEQUENCE(h225_crypto_signed_token, "cryptoSignedToken", cst_comps, 2, false);
static const per_comp cht_comps[] = {
    H225_M(h225_crypto_hashed_token, token_oid, "tokenOID", per_t_oid),
    H225_M(h225_crypto_hashed_token, hashed_vals, "hashedVals", t_clear_token),
    H225_M(h225_crypto_hashed_token, token, "token", t_hashed),
};
static const per_type t_cht = PER_SEQUENCE(h225_crypto_hashed_token, "cryptoHashedToken", cht_comps, 3, false);
static const per_comp crypto_comps[] = {
    H225_M(h225_crypto_token, u.encrypted, "cryptoEncryptedToken", t_cet),
    H225_M(h225_crypto_token, u.signed_token, "cryptoSignedToken", t_cst),
    H225_M(h225_crypto_token, u.hashed, "cryptoHashedToken", t_cht),
    H225_M(h225_crypto_token, u.pwd_encr, "cryptoPwdEncr", t_encrypted),
};
static const per_type t_crypto_token = PER_CHOICE_KEEP(h225_crypto_token, "CryptoToken", choice, crypto_comps, 4, unknown);

/* CryptoH323Token ::= CHOICE {
 *   cryptoEPPwdHash SEQUENCE { alias AliasAddress, timeStamp TimeStamp, token HASHED{...} },
 *   cryptoGKPwdHash SEQUENCE { gatekeeperId GatekeeperIdentifier, timeStamp, token HASHED{...} },
 *   cryptoEPPwdEncr ENCRYPTED{...}, cryptoGKPwdEncr ENCRYPTED{...}, cryptoEPCert SIGNED{...},
 *   cryptoGKCert SIGNED{...}, cryptoFastStart SIGNED{...}, nestedcryptoToken CryptoToken, ... } */
static const per_comp epph_comps[] = {
    H225_M(h225_crypto_ep_pwd_hash, alias, "alias", h225_t_alias_address),
    H225_M(h225_crypto_ep_pwd_hash, time_stamp, "timeStamp", h225_t_time_to_live),
    H225_M(h225_crypto_ep_pwd_hash, token, "token", t_hashed),
};
static const per_type t_ep_pwd_hash = PER_SEQUENCE(h225_crypto_ep_pwd_hash, "cryptoEPPwdHash", epph_comps, 3, false);
static const per_comp gkph_comps[] = {
    H225_M(h225_crypto_gk_pwd_hash, gatekeeper_id, "gatekeeperId", h225_t_identifier),
    H225_M(h225_crypto_gk_pwd_hash, time_stamp, "timeStamp", h225_t_time_to_live),
    H225_M(h225_crypto_gk_pwd_hash, token, "token", t_hashed),
};
static const per_type t_gk_pwd_hash = PER_SEQUENCE(h225_crypto_gk_pwd_hash, "cryptoGKPwdHash", gkph_comps, 3, false);
static const per_comp c323_comps[] = {
    H225_M(h225_crypto_h323_token, u.ep_pwd_hash, "cryptoEPPwdHash", t_ep_pwd_hash),
    H225_M(h225_crypto_h323_token, u.gk_pwd_hash, "cryptoGKPwdHash", t_gk_pwd_hash),
    H225_M(h225_crypto_h323_token, u.pwd_encr, "cryptoEPPwdEncr", t_encrypted),
    H225_M(h225_crypto_h323_token, u.pwd_encr, "cryptoGKPwdEncr", t_encrypted),
    H225_M(h225_crypto_h323_token, u.cert, "cryptoEPCert", t_signed),
    H225_M(h225_crypto_h323_token, u.cert, "cryptoGKCert", t_signed),
    H225_M(h225_crypto_h323_token, u.cert, "cryptoFastStart", t_signed),
    H225_M(h225_crypto_h323_token, u.nested, "nestedcryptoToken", t_crypto_token),
};
static const per_type t_crypto_h323_token = PER_CHOICE_KEEP(h225_crypto_h323_token, "CryptoH323Token", choice,
                                                            c323_comps, 8, unknown);
const per_type h225_t_crypto_token_list = PER_SEQUENCE_OF_UNC(t_crypto_h323_token);

/* ICV ::= SEQUENCE { algorithmOID OBJECT IDENTIFIER, icv BIT STRING } */
static const per_comp icv_comps[] = {
    H225_M(h225_icv, algorithm_oid, "algorithmOID", per_t_oid),
    H225_M(h225_icv, icv, "icv", t_bits),
};
const per_type h225_t_icv = PER_SEQUENCE(h225_icv, "ICV", icv_comps, 2, false);

/* SecurityServiceMode ::= CHOICE { nonStandard, none NULL, default NULL, ... }
 * SecurityCapabilities ::= SEQUENCE { nonStandard OPTIONAL, encryption, authenticaton,
 *   integrity SecurityServiceMode, ... }
 * H245Security ::= CHOICE { nonStandard, noSecurity NULL, tls SecurityCapabilities,
 *   ipsec SecurityCapabilities, ... } */
static const per_comp ssm_comps[] = {
    H225_M(h225_security_service_mode, u.nonstandard, "nonStandard", h225_t_nonstandard_parameter),
    PER_ALT_NULL("none"), PER_ALT_NULL("default"),
};
static const per_type t_ssm = PER_CHOICE(h225_security_service_mode, "SecurityServiceMode", choice, ssm_comps, 3, true);
static const per_comp seccap_comps[] = {
    H225_O(h225_security_capabilities, nonstandard, "nonStandard", h225_t_nonstandard_parameter),
    H225_M(h225_security_capabilities, encryption, "encryption", t_ssm),
    H225_M(h225_security_capabilities, authenticaton, "authenticaton", t_ssm),
    H225_M(h225_security_capabilities, integrity, "integrity", t_ssm),
};
static const per_type t_seccap = PER_SEQUENCE(h225_security_capabilities, "SecurityCapabilities", seccap_comps, 4, true);
static const per_comp h245sec_comps[] = {
    H225_M(h225_h245_security, u.nonstandard, "nonStandard", h225_t_nonstandard_parameter),
    PER_ALT_NULL("noSecurity"),
    H225_M(h225_h245_security, u.capabilities, "tls", t_seccap),
    H225_M(h225_h245_security, u.capabilities, "ipsec", t_seccap),
};
const per_type h225_t_h245_security = PER_CHOICE(h225_h245_security, "H245Security", choice, h245sec_comps, 4, true);
const per_type h225_t_h245_security_list = PER_SEQUENCE_OF_UNC(h225_t_h245_security);

/* ---- reasons ------------------------------------------------------------------------------------------- */

/* SecurityErrors ::= CHOICE { securityWrongSyncTime ... securityUnknownCA (16 NULLs), ... }
 * SecurityErrors2 ::= CHOICE { the first six of them, ... } */
static const per_comp secerr_comps[] = {
    PER_ALT_NULL("securityWrongSyncTime"), PER_ALT_NULL("securityReplay"),
    PER_ALT_NULL("securityWrongGeneralID"), PER_ALT_NULL("securityWrongSendersID"),
    PER_ALT_NULL("securityIntegrityFailed"), PER_ALT_NULL("securityWrongOID"),
    PER_ALT_NULL("securityDHmismatch"), PER_ALT_NULL("securityCertificateExpired"),
    PER_ALT_NULL("securityCertificateDateInvalid"), PER_ALT_NULL("securityCertificateRevoked"),
    PER_ALT_NULL("securityCertificateNotReadable"), PER_ALT_NULL("securityCertificateSignatureInvalid"),
    PER_ALT_NULL("securityCertificateMissing"), PER_ALT_NULL("securityCertificateIncomplete"),
    PER_ALT_NULL("securityUnsupportedCertificateAlgOID"), PER_ALT_NULL("securityUnknownCA"),
};
const per_type h225_t_security_errors = H225_INDEX_CHOICE("SecurityErrors", secerr_comps, 16, true);
static const per_comp secerr2_comps[] = {
    PER_ALT_NULL("securityWrongSyncTime"), PER_ALT_NULL("securityReplay"),
    PER_ALT_NULL("securityWrongGeneralID"), PER_ALT_NULL("securityWrongSendersID"),
    PER_ALT_NULL("securityIntegrityFailed"), PER_ALT_NULL("securityWrongOID"),
};
const per_type h225_t_security_errors2 = H225_INDEX_CHOICE("SecurityErrors2", secerr2_comps, 6, true);

/* ReleaseCompleteReason ::= CHOICE { noBandwidth, gatekeeperResources, unreachableDestination,
 *   destinationRejection, invalidRevision, noPermission, unreachableGatekeeper,
 *   gatewayResources, badFormatAddress, adaptiveBusy, inConf, undefinedReason, ...,
 *   facilityCallDeflection, securityDenied, calledPartyNotRegistered, callerNotRegistered,
 *   newConnectionNeeded, nonStandardReason NonStandardParameter,
 *   replaceWithConferenceInvite ConferenceIdentifier, genericDataReason,
 *   neededFeatureNotSupported, tunnelledSignallingRejected, invalidCID,
 *   securityError SecurityErrors, hopCountExceeded } (the rest NULL) */
static const per_comp rcr_comps[] = {
    PER_ALT_NULL("noBandwidth"), PER_ALT_NULL("gatekeeperResources"), PER_ALT_NULL("unreachableDestination"),
    PER_ALT_NULL("destinationRejection"), PER_ALT_NULL("invalidRevision"), PER_ALT_NULL("noPermission"),
    PER_ALT_NULL("unreachableGatekeeper"), PER_ALT_NULL("gatewayResources"), PER_ALT_NULL("badFormatAddress"),
    PER_ALT_NULL("adaptiveBusy"), PER_ALT_NULL("inConf"), PER_ALT_NULL("undefinedReason"),
    PER_ALT_NULL("facilityCallDeflection"), PER_ALT_NULL("securityDenied"),
    PER_ALT_NULL("calledPartyNotRegistered"), PER_ALT_NULL("callerNotRegistered"),
    PER_ALT_NULL("newConnectionNeeded"),
    H225_M(h225_reason, u.nonstandard, "nonStandardReason", h225_t_nonstandard_parameter),
    H225_M(h225_reason, u.conference_id, "replaceWithConferenceInvite", h225_t_guid),
    PER_ALT_NULL("genericDataReason"), PER_ALT_NULL("neededFeatureNotSupported"),
    PER_ALT_NULL("tunnelledSignallingRejected"), PER_ALT_NULL("invalidCID"),
    H225_M(h225_reason, u.security_error, "securityError", h225_t_security_errors),
    PER_ALT_NULL("hopCountExceeded"),
};
const per_type h225_t_release_complete_reason = PER_CHOICE(h225_reason, "ReleaseCompleteReason", choice, rcr_comps, 12, true);

/* ---- builders ------------------------------------------------------------------------------------------ */

/* H.225.0 annex H: H323-MESSAGES {itu-t(0) recommendation(0) h(8) h225-0(2250) version(0) v
 * h323-messages(0)}; the protocolIdentifier of version v is its first six arcs (7.6). */
per_oid h225_protocol_identifier(unsigned v)
{
    per_oid o = { 6, { 0, 0, 8, 2250, 0, v } };
    return o;
}

unsigned h225_protocol_version(const per_oid *oid)
{
    static const uint32_t prefix[5] = { 0, 0, 8, 2250, 0 };
    if (!oid || oid->count != 6 || memcmp(oid->arcs, prefix, sizeof prefix) != 0) return 0;
    return oid->arcs[5];
}

static per_string cstr(const char *s)
{
    per_string p = { s ? (uint32_t)strlen(s) : 0, s };
    return p;
}

h225_alias_address h225_alias_dialed_digits(const char *digits)
{
    h225_alias_address a;
    memset(&a, 0, sizeof a);
    a.choice = H225_ALIAS_DIALED_DIGITS;
    a.u.dialed_digits = cstr(digits);
    return a;
}

h225_alias_address h225_alias_url(const char *url)
{
    h225_alias_address a;
    memset(&a, 0, sizeof a);
    a.choice = H225_ALIAS_URL_ID;
    a.u.url_id = cstr(url);
    return a;
}

h225_alias_address h225_alias_email(const char *email)
{
    h225_alias_address a;
    memset(&a, 0, sizeof a);
    a.choice = H225_ALIAS_EMAIL_ID;
    a.u.email_id = cstr(email);
    return a;
}

/* UTF-8 (RFC 3629: shortest forms only, no surrogates) to UCS-2: BMPString holds the Basic
 * Multilingual Plane only (X.680 41.16). */
int h225_bmp_from_utf8(per_bmp *out, uint16_t *buf, size_t cap, const char *utf8)
{
    if (!out || !utf8 || (!buf && cap)) return -1;
    const unsigned char *p = (const unsigned char *)utf8;
    size_t n = 0;
    while (*p) {
        uint32_t c;
        size_t len;
        if (p[0] < 0x80) { c = p[0]; len = 1; }
        else if ((p[0] & 0xE0) == 0xC0) { c = p[0] & 0x1Fu; len = 2; }
        else if ((p[0] & 0xF0) == 0xE0) { c = p[0] & 0x0Fu; len = 3; }
        else return -1;                                  /* 4-octet forms are beyond U+FFFF */
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) return -1;
            c = (c << 6) | (p[i] & 0x3Fu);
        }
        if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (c >= 0xD800 && c <= 0xDFFF)) return -1;
        if (n == cap) return -1;
        buf[n++] = (uint16_t)c;
        p += len;
    }
    out->len = (uint32_t)n;
    out->chars = buf;
    return 0;
}

int h225_alias_h323_id(h225_alias_address *alias, uint16_t *buf, size_t cap, const char *utf8)
{
    if (!alias) return -1;
    memset(alias, 0, sizeof *alias);
    alias->choice = H225_ALIAS_H323_ID;
    return h225_bmp_from_utf8(&alias->u.h323_id, buf, cap, utf8);
}

h225_transport_address h225_transport_ipv4(const uint8_t ip[4], uint16_t port)
{
    h225_transport_address t;
    memset(&t, 0, sizeof t);
    t.choice = H225_TA_IP;
    memcpy(t.u.ip.ip, ip, 4);
    t.u.ip.port = port;
    return t;
}

h225_transport_address h225_transport_ipv6(const uint8_t ip[16], uint16_t port)
{
    h225_transport_address t;
    memset(&t, 0, sizeof t);
    t.choice = H225_TA_IP6;
    memcpy(t.u.ip6.ip, ip, 16);
    t.u.ip6.port = port;
    return t;
}
