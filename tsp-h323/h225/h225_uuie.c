/*
 * tsp-h323/h225/h225_uuie.c - H323-UserInformation: the H.225.0 call signalling message
 * carried in the User-user IE of a Q.931 message (H.225.0 7.2.2.35 and 7.3), its twelve
 * UUIEs described over the one h225_uuie struct, the codec entry points and h225_uu_init.
 *
 * Order and constraints follow H323-MESSAGES (H.225.0 12/2009, annex H); each table is
 * commented with the ASN.1 it describes. Components a message has in common use the same
 * field of h225_uuie whatever the message, so a description lists the fields its message
 * owns and leaves the others alone.
 */
#include "h225_schema.h"

#include <string.h>

#define U_M(f, nm, type) H225_M(h225_uuie, f, nm, type)
#define U_O(f, nm, type) H225_O(h225_uuie, f, nm, type)
#define U_N(f, nm) H225_N(h225_uuie, f, nm)
#define U_X(f, nm) H225_X(h225_uuie, f, nm)

/* Components several UUIEs repeat, in the form each uses them. */
#define PROTOCOL_ID U_M(protocol_identifier, "protocolIdentifier", per_t_oid)
#define CALL_ID U_M(call_identifier, "callIdentifier", h225_t_call_identifier)
#define H245_ADDRESS U_O(h245_address, "h245Address", h225_t_transport_address)
#define DEST_INFO U_M(destination_info, "destinationInfo", h225_t_endpoint_type)
#define DEST_INFO_OPT U_O(destination_info, "destinationInfo", h225_t_endpoint_type)
#define H245_SEC_MODE U_O(h245_security_mode, "h245SecurityMode", h225_t_h245_security)
#define TOKENS U_O(tokens, "tokens", h225_t_clear_token_list)
#define CRYPTO U_O(crypto_tokens, "cryptoTokens", h225_t_crypto_token_list)
#define FAST_START U_O(fast_start, "fastStart", h225_t_octets_list)
#define MULTIPLE_CALLS U_M(multiple_calls, "multipleCalls", per_t_boolean)
#define MAINTAIN U_M(maintain_connection, "maintainConnection", per_t_boolean)
#define FAST_CONNECT_REFUSED U_N(fast_connect_refused, "fastConnectRefused")
#define PRESENTATION U_O(presentation_indicator, "presentationIndicator", h225_t_presentation_indicator)
#define SCREENING U_O(screening_indicator, "screeningIndicator", h225_t_screening_indicator)
#define LANGUAGE U_O(language, "language", h225_t_language_list)
#define DISPLAY_NAME U_O(display_name, "displayName", h225_t_display_name_list)

#define UUIE(nm, comps, nroot) PER_SEQUENCE_KEEP(h225_uuie, nm, comps, nroot, unknown)

/* ---- Setup-UUIE --------------------------------------------------------------------------- */

/* conferenceGoal CHOICE { create, join, invite, ..., capability-negotiation,
 *   callIndependentSupplementaryService } */
static const per_comp goal_comps[] = {
    PER_ALT_NULL("create"), PER_ALT_NULL("join"), PER_ALT_NULL("invite"),
    PER_ALT_NULL("capability-negotiation"), PER_ALT_NULL("callIndependentSupplementaryService"),
};
static const per_type t_goal = H225_INDEX_CHOICE("conferenceGoal", goal_comps, 3, true);

/* ScnConnectionType ::= CHOICE { unknown, bChannel, hybrid2x64, hybrid384, hybrid1536,
 *   hybrid1920, multirate, ... }; ScnConnectionAggregation ::= CHOICE { auto, none, h221,
 *   bonded-mode1, bonded-mode2, bonded-mode3, ... }
 * connectionParameters SEQUENCE { connectionType, numberOfScnConnections INTEGER(0..65535),
 *   connectionAggregation, ... } */
static const per_comp scn_type_comps[] = {
    PER_ALT_NULL("unknown"), PER_ALT_NULL("bChannel"), PER_ALT_NULL("hybrid2x64"), PER_ALT_NULL("hybrid384"),
    PER_ALT_NULL("hybrid1536"), PER_ALT_NULL("hybrid1920"), PER_ALT_NULL("multirate"),
};
static const per_type t_scn_type = H225_INDEX_CHOICE("ScnConnectionType", scn_type_comps, 7, true);
static const per_comp scn_aggr_comps[] = {
    PER_ALT_NULL("auto"), PER_ALT_NULL("none"), PER_ALT_NULL("h221"),
    PER_ALT_NULL("bonded-mode1"), PER_ALT_NULL("bonded-mode2"), PER_ALT_NULL("bonded-mode3"),
};
static const per_type t_scn_aggr = H225_INDEX_CHOICE("ScnConnectionAggregation", scn_aggr_comps, 6, true);
static const per_comp conn_comps[] = {
    H225_M(h225_connection_parameters, connection_type, "connectionType", t_scn_type),
    H225_M(h225_connection_parameters, number_of_scn_connections, "numberOfScnConnections", h225_t_u16),
    H225_M(h225_connection_parameters, connection_aggregation, "connectionAggregation", t_scn_aggr),
};
static const per_type t_conn_params = PER_SEQUENCE(h225_connection_parameters, "connectionParameters",
                                                   conn_comps, 3, true);

static const per_type t_crv_list = PER_SEQUENCE_OF_UNC(h225_t_u16);   /* CallReferenceValue */
static const per_type t_hop31 = PER_INTEGER(uint8_t, 1, 31);

/* Setup-UUIE ::= SEQUENCE { protocolIdentifier, h245Address OPTIONAL, sourceAddress OPTIONAL,
 *   sourceInfo, destinationAddress OPTIONAL, destCallSignalAddress OPTIONAL,
 *   destExtraCallInfo OPTIONAL, destExtraCRV OPTIONAL, activeMC BOOLEAN, conferenceID,
 *   conferenceGoal, callServices OPTIONAL, callType, ..., sourceCallSignalAddress,
 *   remoteExtensionAddress, callIdentifier, h245SecurityCapability, tokens, cryptoTokens,
 *   fastStart, mediaWaitForConnect, canOverlapSend, endpointIdentifier, multipleCalls,
 *   maintainConnection, connectionParameters, language, presentationIndicator,
 *   screeningIndicator, serviceControl, symmetricOperationRequired, capacity, circuitInfo,
 *   desiredProtocols, neededFeatures, desiredFeatures, supportedFeatures,
 *   parallelH245Control, additionalSourceAddresses, hopCount, displayName } */
static const per_comp setup_comps[] = {
    PROTOCOL_ID,
    H245_ADDRESS,
    U_O(source_address, "sourceAddress", h225_t_alias_list),
    U_M(source_info, "sourceInfo", h225_t_endpoint_type),
    U_O(destination_address, "destinationAddress", h225_t_alias_list),
    U_O(dest_call_signal_address, "destCallSignalAddress", h225_t_transport_address),
    U_O(dest_extra_call_info, "destExtraCallInfo", h225_t_alias_list),
    U_O(dest_extra_crv, "destExtraCRV", t_crv_list),
    U_M(active_mc, "activeMC", per_t_boolean),
    U_M(conference_id, "conferenceID", h225_t_guid),
    U_M(conference_goal, "conferenceGoal", t_goal),
    U_O(call_services, "callServices", h225_t_qseries_options),
    U_M(call_type, "callType", h225_t_call_type),
    /* ... */
    U_O(source_call_signal_address, "sourceCallSignalAddress", h225_t_transport_address),
    U_O(remote_extension_address, "remoteExtensionAddress", h225_t_alias_address),
    CALL_ID,
    U_O(h245_security_capability, "h245SecurityCapability", h225_t_h245_security_list),
    TOKENS,
    CRYPTO,
    FAST_START,
    U_M(media_wait_for_connect, "mediaWaitForConnect", per_t_boolean),
    U_M(can_overlap_send, "canOverlapSend", per_t_boolean),
    U_O(endpoint_identifier, "endpointIdentifier", h225_t_identifier),
    MULTIPLE_CALLS,
    MAINTAIN,
    U_O(connection_parameters, "connectionParameters", t_conn_params),
    LANGUAGE,
    PRESENTATION,
    SCREENING,
    U_X(service_control, "serviceControl"),
    U_N(symmetric_operation_required, "symmetricOperationRequired"),
    U_X(capacity, "capacity"),
    U_X(circuit_info, "circuitInfo"),
    U_O(desired_protocols, "desiredProtocols", h225_t_protocols_list),
    U_X(needed_features, "neededFeatures"),
    U_X(desired_features, "desiredFeatures"),
    U_X(supported_features, "supportedFeatures"),
    U_O(parallel_h245_control, "parallelH245Control", h225_t_octets_list),
    U_O(additional_source_addresses, "additionalSourceAddresses", h225_t_extended_alias_list),
    U_O(hop_count, "hopCount", t_hop31),
    DISPLAY_NAME,
};
static const per_type t_setup = UUIE("Setup-UUIE", setup_comps, 13);

/* ---- the other UUIEs ------------------------------------------------------------------------- */

/* CallProceeding-UUIE ::= SEQUENCE { protocolIdentifier, destinationInfo, h245Address
 *   OPTIONAL, ..., callIdentifier, h245SecurityMode, tokens, cryptoTokens, fastStart,
 *   multipleCalls, maintainConnection, fastConnectRefused, featureSet } */
static const per_comp proceeding_comps[] = {
    PROTOCOL_ID, DEST_INFO, H245_ADDRESS,
    CALL_ID, H245_SEC_MODE, TOKENS, CRYPTO, FAST_START, MULTIPLE_CALLS, MAINTAIN, FAST_CONNECT_REFUSED,
    U_X(feature_set, "featureSet"),
};
static const per_type t_proceeding = UUIE("CallProceeding-UUIE", proceeding_comps, 3);

/* Connect-UUIE ::= SEQUENCE { protocolIdentifier, h245Address OPTIONAL, destinationInfo,
 *   conferenceID, ..., callIdentifier, h245SecurityMode, tokens, cryptoTokens, fastStart,
 *   multipleCalls, maintainConnection, language, connectedAddress, presentationIndicator,
 *   screeningIndicator, fastConnectRefused, serviceControl, capacity, featureSet,
 *   displayName } */
static const per_comp connect_comps[] = {
    PROTOCOL_ID, H245_ADDRESS, DEST_INFO, U_M(conference_id, "conferenceID", h225_t_guid),
    CALL_ID, H245_SEC_MODE, TOKENS, CRYPTO, FAST_START, MULTIPLE_CALLS, MAINTAIN, LANGUAGE,
    U_O(connected_address, "connectedAddress", h225_t_alias_list),
    PRESENTATION, SCREENING, FAST_CONNECT_REFUSED,
    U_X(service_control, "serviceControl"), U_X(capacity, "capacity"), U_X(feature_set, "featureSet"),
    DISPLAY_NAME,
};
static const per_type t_connect = UUIE("Connect-UUIE", connect_comps, 4);

/* Alerting-UUIE ::= SEQUENCE { protocolIdentifier, destinationInfo, h245Address OPTIONAL,
 *   ..., callIdentifier, h245SecurityMode, tokens, cryptoTokens, fastStart, multipleCalls,
 *   maintainConnection, alertingAddress, presentationIndicator, screeningIndicator,
 *   fastConnectRefused, serviceControl, capacity, featureSet, displayName } */
static const per_comp alerting_comps[] = {
    PROTOCOL_ID, DEST_INFO, H245_ADDRESS,
    CALL_ID, H245_SEC_MODE, TOKENS, CRYPTO, FAST_START, MULTIPLE_CALLS, MAINTAIN,
    U_O(alerting_address, "alertingAddress", h225_t_alias_list),
    PRESENTATION, SCREENING, FAST_CONNECT_REFUSED,
    U_X(service_control, "serviceControl"), U_X(capacity, "capacity"), U_X(feature_set, "featureSet"),
    DISPLAY_NAME,
};
static const per_type t_alerting = UUIE("Alerting-UUIE", alerting_comps, 3);

/* Information-UUIE ::= SEQUENCE { protocolIdentifier, ..., callIdentifier, tokens,
 *   cryptoTokens, fastStart, fastConnectRefused, circuitInfo } */
static const per_comp information_comps[] = {
    PROTOCOL_ID,
    CALL_ID, TOKENS, CRYPTO, FAST_START, FAST_CONNECT_REFUSED, U_X(circuit_info, "circuitInfo"),
};
static const per_type t_information = UUIE("Information-UUIE", information_comps, 1);

/* ReleaseComplete-UUIE ::= SEQUENCE { protocolIdentifier, reason ReleaseCompleteReason
 *   OPTIONAL, ..., callIdentifier, tokens, cryptoTokens, busyAddress, presentationIndicator,
 *   screeningIndicator, capacity, serviceControl, featureSet, destinationInfo OPTIONAL,
 *   displayName } */
static const per_comp release_comps[] = {
    PROTOCOL_ID, U_O(release_reason, "reason", h225_t_release_complete_reason),
    CALL_ID, TOKENS, CRYPTO, U_O(busy_address, "busyAddress", h225_t_alias_list), PRESENTATION, SCREENING,
    U_X(capacity, "capacity"), U_X(service_control, "serviceControl"), U_X(feature_set, "featureSet"),
    DEST_INFO_OPT, DISPLAY_NAME,
};
static const per_type t_release = UUIE("ReleaseComplete-UUIE", release_comps, 2);

/* FacilityReason ::= CHOICE { routeCallToGatekeeper, callForwarded, routeCallToMC,
 *   undefinedReason, ..., conferenceListChoice, startH245, noH245, newTokens,
 *   featureSetUpdate, forwardedElements, transportedInformation } (all NULL) */
static const per_comp fr_comps[] = {
    PER_ALT_NULL("routeCallToGatekeeper"), PER_ALT_NULL("callForwarded"), PER_ALT_NULL("routeCallToMC"),
    PER_ALT_NULL("undefinedReason"), PER_ALT_NULL("conferenceListChoice"), PER_ALT_NULL("startH245"),
    PER_ALT_NULL("noH245"), PER_ALT_NULL("newTokens"), PER_ALT_NULL("featureSetUpdate"),
    PER_ALT_NULL("forwardedElements"), PER_ALT_NULL("transportedInformation"),
};
static const per_type t_facility_reason = H225_INDEX_CHOICE("FacilityReason", fr_comps, 4, true);

/* ConferenceList ::= SEQUENCE { conferenceID OPTIONAL, conferenceAlias AliasAddress OPTIONAL,
 *   nonStandardData OPTIONAL, ... } */
static const per_comp conflist_comps[] = {
    H225_O(h225_conference_list, conference_id, "conferenceID", h225_t_guid),
    H225_O(h225_conference_list, conference_alias, "conferenceAlias", h225_t_alias_address),
    H225_O(h225_conference_list, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
};
static const per_type t_conference_list = PER_SEQUENCE(h225_conference_list, "ConferenceList", conflist_comps, 3, true);
static const per_type t_conferences = PER_SEQUENCE_OF_UNC(t_conference_list);

/* Facility-UUIE ::= SEQUENCE { protocolIdentifier, alternativeAddress OPTIONAL,
 *   alternativeAliasAddress OPTIONAL, conferenceID OPTIONAL, reason FacilityReason, ...,
 *   callIdentifier, destExtraCallInfo, remoteExtensionAddress, tokens, cryptoTokens,
 *   conferences, h245Address, fastStart, multipleCalls, maintainConnection,
 *   fastConnectRefused, serviceControl, circuitInfo, featureSet, destinationInfo,
 *   h245SecurityMode } */
static const per_comp facility_comps[] = {
    PROTOCOL_ID,
    U_O(alternative_address, "alternativeAddress", h225_t_transport_address),
    U_O(alternative_alias_address, "alternativeAliasAddress", h225_t_alias_list),
    U_O(conference_id, "conferenceID", h225_t_guid),
    U_M(facility_reason, "reason", t_facility_reason),
    CALL_ID,
    U_O(dest_extra_call_info, "destExtraCallInfo", h225_t_alias_list),
    U_O(remote_extension_address, "remoteExtensionAddress", h225_t_alias_address),
    TOKENS, CRYPTO,
    U_O(conferences, "conferences", t_conferences),
    H245_ADDRESS, FAST_START, MULTIPLE_CALLS, MAINTAIN, FAST_CONNECT_REFUSED,
    U_X(service_control, "serviceControl"), U_X(circuit_info, "circuitInfo"), U_X(feature_set, "featureSet"),
    DEST_INFO_OPT, H245_SEC_MODE,
};
static const per_type t_facility = UUIE("Facility-UUIE", facility_comps, 5);

/* Progress-UUIE ::= SEQUENCE { protocolIdentifier, destinationInfo, h245Address OPTIONAL,
 *   callIdentifier, h245SecurityMode OPTIONAL, tokens OPTIONAL, cryptoTokens OPTIONAL,
 *   fastStart OPTIONAL, ..., multipleCalls, maintainConnection, fastConnectRefused } */
static const per_comp progress_comps[] = {
    PROTOCOL_ID, DEST_INFO, H245_ADDRESS, CALL_ID, H245_SEC_MODE, TOKENS, CRYPTO, FAST_START,
    MULTIPLE_CALLS, MAINTAIN, FAST_CONNECT_REFUSED,
};
static const per_type t_progress = UUIE("Progress-UUIE", progress_comps, 8);

/* Status-UUIE, StatusInquiry-UUIE, SetupAcknowledge-UUIE ::= SEQUENCE { protocolIdentifier,
 *   callIdentifier, tokens OPTIONAL, cryptoTokens OPTIONAL, ... }
 * Notify-UUIE ::= the same, ..., connectedAddress, presentationIndicator,
 *   screeningIndicator, destinationInfo OPTIONAL, displayName } */
static const per_comp status_comps[] = { PROTOCOL_ID, CALL_ID, TOKENS, CRYPTO };
static const per_type t_status = UUIE("Status-UUIE", status_comps, 4);
static const per_type t_status_inquiry = UUIE("StatusInquiry-UUIE", status_comps, 4);
static const per_type t_setup_ack = UUIE("SetupAcknowledge-UUIE", status_comps, 4);
static const per_comp notify_comps[] = {
    PROTOCOL_ID, CALL_ID, TOKENS, CRYPTO,
    U_O(connected_address, "connectedAddress", h225_t_alias_list), PRESENTATION, SCREENING, DEST_INFO_OPT,
    DISPLAY_NAME,
};
static const per_type t_notify = UUIE("Notify-UUIE", notify_comps, 4);

/* ---- H323-UU-PDU, H323-UserInformation ---------------------------------------------------------------- */

/* h323-message-body CHOICE { setup, callProceeding, connect, alerting, information,
 *   releaseComplete, facility, ..., progress, empty NULL, status, statusInquiry,
 *   setupAcknowledge, notify } */
static const per_comp body_comps[] = {
    H225_M(h225_message_body, uuie, "setup", t_setup),
    H225_M(h225_message_body, uuie, "callProceeding", t_proceeding),
    H225_M(h225_message_body, uuie, "connect", t_connect),
    H225_M(h225_message_body, uuie, "alerting", t_alerting),
    H225_M(h225_message_body, uuie, "information", t_information),
    H225_M(h225_message_body, uuie, "releaseComplete", t_release),
    H225_M(h225_message_body, uuie, "facility", t_facility),
    H225_M(h225_message_body, uuie, "progress", t_progress),
    PER_ALT_NULL("empty"),
    H225_M(h225_message_body, uuie, "status", t_status),
    H225_M(h225_message_body, uuie, "statusInquiry", t_status_inquiry),
    H225_M(h225_message_body, uuie, "setupAcknowledge", t_setup_ack),
    H225_M(h225_message_body, uuie, "notify", t_notify),
};
static const per_type t_body = PER_CHOICE_KEEP(h225_message_body, "h323-message-body", choice, body_comps, 7, unknown);

/* tunnelledSignallingMessage SEQUENCE { tunnelledProtocolID TunnelledProtocol,
 *   messageContent SEQUENCE OF OCTET STRING, tunnellingRequired NULL OPTIONAL,
 *   nonStandardData OPTIONAL, ... } */
static const per_comp tsm_comps[] = {
    H225_M(h225_tunnelled_signalling_message, tunnelled_protocol_id, "tunnelledProtocolID",
           h225_t_tunnelled_protocol),
    H225_M(h225_tunnelled_signalling_message, message_content, "messageContent", h225_t_octets_list),
    H225_N(h225_tunnelled_signalling_message, tunnelling_required, "tunnellingRequired"),
    H225_O(h225_tunnelled_signalling_message, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
};
static const per_type t_tsm = PER_SEQUENCE(h225_tunnelled_signalling_message, "tunnelledSignallingMessage",
                                           tsm_comps, 4, true);

/* StimulusControl ::= SEQUENCE { nonStandard OPTIONAL, isText NULL OPTIONAL,
 *   h248Message OCTET STRING OPTIONAL, ... } */
static const per_comp stim_comps[] = {
    H225_O(h225_stimulus_control, nonstandard, "nonStandard", h225_t_nonstandard_parameter),
    H225_N(h225_stimulus_control, is_text, "isText"),
    H225_O(h225_stimulus_control, h248_message, "h248Message", h225_t_octets),
};
static const per_type t_stimulus = PER_SEQUENCE(h225_stimulus_control, "StimulusControl", stim_comps, 3, true);

/* H323-UU-PDU ::= SEQUENCE { h323-message-body, nonStandardData OPTIONAL, ...,
 *   h4501SupplementaryService SEQUENCE OF OCTET STRING OPTIONAL, h245Tunnelling BOOLEAN,
 *   h245Control SEQUENCE OF OCTET STRING OPTIONAL, nonStandardControl OPTIONAL,
 *   callLinkage OPTIONAL, tunnelledSignallingMessage OPTIONAL,
 *   provisionalRespToH245Tunnelling NULL OPTIONAL, stimulusControl OPTIONAL,
 *   genericData SEQUENCE OF GenericData OPTIONAL } */
static const per_comp pdu_comps[] = {
    H225_M(h225_uu_pdu, body, "h323-message-body", t_body),
    H225_O(h225_uu_pdu, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
    H225_O(h225_uu_pdu, h4501_supplementary_service, "h4501SupplementaryService", h225_t_octets_list),
    H225_M(h225_uu_pdu, h245_tunnelling, "h245Tunnelling", per_t_boolean),
    H225_O(h225_uu_pdu, h245_control, "h245Control", h225_t_octets_list),
    H225_O(h225_uu_pdu, nonstandard_control, "nonStandardControl", h225_t_nonstandard_list),
    H225_O(h225_uu_pdu, call_linkage, "callLinkage", h225_t_call_linkage),
    H225_O(h225_uu_pdu, tunnelled_signalling_message, "tunnelledSignallingMessage", t_tsm),
    H225_N(h225_uu_pdu, provisional_resp_to_h245_tunnelling, "provisionalRespToH245Tunnelling"),
    H225_O(h225_uu_pdu, stimulus_control, "stimulusControl", t_stimulus),
    H225_X(h225_uu_pdu, generic_data, "genericData"),
};
const per_type h225_t_uu_pdu = PER_SEQUENCE_KEEP(h225_uu_pdu, "H323-UU-PDU", pdu_comps, 2, unknown);

/* H323-UserInformation ::= SEQUENCE { h323-uu-pdu H323-UU-PDU,
 *   user-data SEQUENCE { protocol-discriminator INTEGER(0..255),
 *   user-information OCTET STRING(SIZE(1..131)), ... } OPTIONAL, ... } */
static const per_type t_o131 = PER_OCTET_STRING(1, 131);
static const per_comp ud_comps[] = {
    H225_M(h225_user_data, protocol_discriminator, "protocol-discriminator", h225_t_u8),
    H225_M(h225_user_data, user_information, "user-information", t_o131),
};
static const per_type t_user_data = PER_SEQUENCE(h225_user_data, "user-data", ud_comps, 2, true);
static const per_comp ui_comps[] = {
    H225_M(h225_user_information, pdu, "h323-uu-pdu", h225_t_uu_pdu),
    H225_O(h225_user_information, user_data, "user-data", t_user_data),
};
const per_type h225_t_user_information =
    PER_SEQUENCE_KEEP(h225_user_information, "H323-UserInformation", ui_comps, 2, unknown);

/* ---- codec --------------------------------------------------------------------------------------------- */

/* The has_ flags of components mandatory in the received message type, so that a reader
 * need not know which messages make them optional. */
void h225_uu_pdu_normalize(h225_uu_pdu *pdu)
{
    h225_uuie *u = &pdu->body.uuie;
    switch (pdu->body.choice) {
    case H225_BODY_SETUP: u->has_conference_id = true; break;
    case H225_BODY_CONNECT: u->has_conference_id = u->has_destination_info = true; break;
    case H225_BODY_CALL_PROCEEDING:
    case H225_BODY_ALERTING:
    case H225_BODY_PROGRESS: u->has_destination_info = true; break;
    default: break;
    }
}

int h225_encode_uu(const h225_user_information *m, uint8_t *out, size_t cap, size_t *len,
                   per_errinfo *ei)
{
    if (!m || !out || !len) return PER_E_INVALID;
    return per_encode(&h225_t_user_information, m, out, cap, len, ei);
}

int h225_decode_uu(const uint8_t *in, size_t len, h225_user_information *m, per_arena *a,
                   per_errinfo *ei)
{
    if (!in || !m || !a) return PER_E_INVALID;
    int rc = per_decode(&h225_t_user_information, in, len, m, a, ei);
    if (rc == PER_OK) h225_uu_pdu_normalize(&m->pdu);
    return rc;
}

/* ---- builders ------------------------------------------------------------------------------------------- */

int h225_uu_init(h225_user_information *m, uint32_t body, const h225_call_ident *id)
{
    if (!m || body >= H225_BODY_COUNT || (!id && body != H225_BODY_EMPTY)) return PER_E_INVALID;
    memset(m, 0, sizeof *m);
    m->pdu.body.choice = body;
    if (body == H225_BODY_EMPTY) return PER_OK;
    h225_uuie *u = &m->pdu.body.uuie;
    u->protocol_identifier = h225_protocol_identifier(id->version);
    memcpy(u->call_identifier.guid, id->call_id, sizeof u->call_identifier.guid);
    switch (body) {
    case H225_BODY_SETUP:
        u->source_info = id->endpoint;
        u->conference_goal = H225_GOAL_CREATE;
        u->call_type = H225_CALL_TYPE_POINT_TO_POINT;
        u->has_conference_id = true;
        memcpy(u->conference_id, id->conference_id, sizeof u->conference_id);
        break;
    case H225_BODY_CONNECT:
    case H225_BODY_CALL_PROCEEDING:
    case H225_BODY_ALERTING:
    case H225_BODY_PROGRESS:
        u->has_destination_info = true;
        u->destination_info = id->endpoint;
        if (body == H225_BODY_CONNECT) {
            u->has_conference_id = true;
            memcpy(u->conference_id, id->conference_id, sizeof u->conference_id);
        }
        break;
    case H225_BODY_FACILITY:
        u->facility_reason = H225_FR_UNDEFINED_REASON;
        break;
    default:
        break;
    }
    return PER_OK;
}

const char *h225_body_name(uint32_t body)
{
    static const char *const names[H225_BODY_COUNT] = {
        "setup", "callProceeding", "connect", "alerting", "information", "releaseComplete", "facility",
        "progress", "empty", "status", "statusInquiry", "setupAcknowledge", "notify",
    };
    return body < H225_BODY_COUNT ? names[body] : "?";
}
