/*
 * tsp-h323/h225/h225_ras.c - RasMessage: the H.225.0 registration, admission and status
 * protocol between endpoints and gatekeepers (H.225.0 clause 7.7 onwards, sent over UDP,
 * port 1719 by default), its descriptions, codec entry points and h225_ras_init.
 *
 * Order and constraints follow H323-MESSAGES (H.225.0 12/2009, annex H); each table is
 * commented with the ASN.1 it describes. ServiceControlIndication/Response are not
 * described (received ones are kept as bytes); every other message is.
 */
#include "h225_schema.h"

#include <string.h>

/* Components most messages share, for message struct T. */
#define SEQ(T) H225_M(T, request_seq_num, "requestSeqNum", h225_t_seq_num)
#define PID(T) H225_M(T, protocol_identifier, "protocolIdentifier", per_t_oid)
#define NSD(T) H225_O(T, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter)
#define GKID(T) H225_O(T, gatekeeper_identifier, "gatekeeperIdentifier", h225_t_identifier)
#define EPID(T) H225_M(T, endpoint_identifier, "endpointIdentifier", h225_t_identifier)
#define CALL_ID(T) H225_M(T, call_identifier, "callIdentifier", h225_t_call_identifier)
#define FEATURE_SET(T) H225_X(T, feature_set, "featureSet")
#define GENERIC_DATA(T) H225_X(T, generic_data, "genericData")
#define ASSIGNED_GK(T) H225_O(T, assigned_gatekeeper, "assignedGatekeeper", t_alternate_gk)
#define ALT_GK_INFO(T) H225_O(T, alt_gk_info, "altGKInfo", t_alt_gk_info)
#define TRANSPORT_QOS(T) H225_O(T, transport_qos, "transportQOS", t_transport_qos)
#define CONF_ID(T) H225_M(T, conference_id, "conferenceID", h225_t_guid)
#define CRV(T) H225_M(T, call_reference_value, "callReferenceValue", h225_t_u16)
#define BANDWIDTH(T) H225_M(T, bandwidth, "bandWidth", h225_t_u32)

#define RAS(T, nm, comps, nroot) PER_SEQUENCE_KEEP(T, nm, comps, nroot, unknown)

/* ---- elements only RAS uses --------------------------------------------------------------- */

/* AlternateGK ::= SEQUENCE { rasAddress TransportAddress, gatekeeperIdentifier OPTIONAL,
 *   needToRegister BOOLEAN, priority INTEGER(0..127), ... }
 * AltGKInfo ::= SEQUENCE { alternateGatekeeper SEQUENCE OF AlternateGK, altGKisPermanent
 *   BOOLEAN, ... } */
static const per_type t_priority = PER_INTEGER(uint8_t, 0, 127);
static const per_comp agk_comps[] = {
    H225_M(h225_alternate_gk, ras_address, "rasAddress", h225_t_transport_address),
    GKID(h225_alternate_gk),
    H225_M(h225_alternate_gk, need_to_register, "needToRegister", per_t_boolean),
    H225_M(h225_alternate_gk, priority, "priority", t_priority),
};
static const per_type t_alternate_gk = PER_SEQUENCE(h225_alternate_gk, "AlternateGK", agk_comps, 4, true);
static const per_type t_alternate_gk_list = PER_SEQUENCE_OF_UNC(t_alternate_gk);
static const per_comp agi_comps[] = {
    H225_M(h225_alt_gk_info, alternate_gatekeeper, "alternateGatekeeper", t_alternate_gk_list),
    H225_M(h225_alt_gk_info, alt_gk_is_permanent, "altGKisPermanent", per_t_boolean),
};
static const per_type t_alt_gk_info = PER_SEQUENCE(h225_alt_gk_info, "AltGKInfo", agi_comps, 2, true);

/* AlternateTransportAddresses ::= SEQUENCE { annexE SEQUENCE OF TransportAddress OPTIONAL,
 *   ..., sctp SEQUENCE OF TransportAddress OPTIONAL } */
static const per_comp ata_comps[] = {
    H225_O(h225_alternate_transport_addresses, annex_e, "annexE", h225_t_transport_list),
    H225_O(h225_alternate_transport_addresses, sctp, "sctp", h225_t_transport_list),
};
static const per_type t_alt_transport = PER_SEQUENCE(h225_alternate_transport_addresses,
                                                     "AlternateTransportAddresses", ata_comps, 1, true);

/* UseSpecifiedTransport ::= CHOICE { tcp, annexE, ..., sctp }
 * TransportQOS ::= CHOICE { endpointControlled, gatekeeperControlled, noControl, ...,
 *   qOSCapabilities SEQUENCE SIZE(1..256) OF QOSCapability } (an H.245 type: not decoded)
 * RehomingModel ::= CHOICE { gatekeeperBased, endpointBased } */
static const per_comp ust_comps[] = { PER_ALT_NULL("tcp"), PER_ALT_NULL("annexE"), PER_ALT_NULL("sctp") };
static const per_type t_use_specified_transport = H225_INDEX_CHOICE("UseSpecifiedTransport", ust_comps, 2, true);
static const per_comp tqos_comps[] = {
    PER_ALT_NULL("endpointControlled"), PER_ALT_NULL("gatekeeperControlled"), PER_ALT_NULL("noControl"),
    PER_ALT_UNDESCRIBED("qOSCapabilities"),
};
static const per_type t_transport_qos = H225_INDEX_CHOICE("TransportQOS", tqos_comps, 3, true);
static const per_comp rehoming_comps[] = { PER_ALT_NULL("gatekeeperBased"), PER_ALT_NULL("endpointBased") };
static const per_type t_rehoming = H225_INDEX_CHOICE("RehomingModel", rehoming_comps, 2, false);

/* UUIEsRequested ::= SEQUENCE { setup, callProceeding, connect, alerting, information,
 *   releaseComplete, facility, progress, empty BOOLEAN, ..., status, statusInquiry,
 *   setupAcknowledge, notify BOOLEAN } */
static const per_comp uuies_comps[] = {
    H225_M(h225_uuies_requested, setup, "setup", per_t_boolean),
    H225_M(h225_uuies_requested, call_proceeding, "callProceeding", per_t_boolean),
    H225_M(h225_uuies_requested, connect, "connect", per_t_boolean),
    H225_M(h225_uuies_requested, alerting, "alerting", per_t_boolean),
    H225_M(h225_uuies_requested, information, "information", per_t_boolean),
    H225_M(h225_uuies_requested, release_complete, "releaseComplete", per_t_boolean),
    H225_M(h225_uuies_requested, facility, "facility", per_t_boolean),
    H225_M(h225_uuies_requested, progress, "progress", per_t_boolean),
    H225_M(h225_uuies_requested, empty, "empty", per_t_boolean),
    H225_M(h225_uuies_requested, status, "status", per_t_boolean),
    H225_M(h225_uuies_requested, status_inquiry, "statusInquiry", per_t_boolean),
    H225_M(h225_uuies_requested, setup_acknowledge, "setupAcknowledge", per_t_boolean),
    H225_M(h225_uuies_requested, notify, "notify", per_t_boolean),
};
static const per_type t_uuies_requested = PER_SEQUENCE(h225_uuies_requested, "UUIEsRequested", uuies_comps, 9, true);

/* RasUsageInfoTypes ::= SEQUENCE { nonStandardUsageTypes SEQUENCE OF NonStandardParameter,
 *   startTime NULL OPTIONAL, endTime NULL OPTIONAL, terminationCause NULL OPTIONAL, ... } */
static const per_comp usage_comps[] = {
    H225_M(h225_ras_usage_info_types, nonstandard_usage_types, "nonStandardUsageTypes", h225_t_nonstandard_list),
    H225_N(h225_ras_usage_info_types, start_time, "startTime"),
    H225_N(h225_ras_usage_info_types, end_time, "endTime"),
    H225_N(h225_ras_usage_info_types, termination_cause, "terminationCause"),
};
static const per_type t_usage_info_types = PER_SEQUENCE(h225_ras_usage_info_types, "RasUsageInfoTypes",
                                                        usage_comps, 4, true);

/* CallCreditCapability ::= SEQUENCE { canDisplayAmountString BOOLEAN OPTIONAL,
 *   canEnforceDurationLimit BOOLEAN OPTIONAL, ... }
 * CapacityReportingCapability ::= SEQUENCE { canReportCallCapacity BOOLEAN, ... } */
static const per_comp ccc_comps[] = {
    H225_O(h225_call_credit_capability, can_display_amount_string, "canDisplayAmountString", per_t_boolean),
    H225_O(h225_call_credit_capability, can_enforce_duration_limit, "canEnforceDurationLimit", per_t_boolean),
};
static const per_type t_call_credit = PER_SEQUENCE(h225_call_credit_capability, "CallCreditCapability", ccc_comps, 2, true);
static const per_comp crc_comps[] = {
    H225_M(h225_capacity_reporting_capability, can_report_call_capacity, "canReportCallCapacity", per_t_boolean),
};
static const per_type t_capacity_reporting = PER_SEQUENCE(h225_capacity_reporting_capability,
                                                          "CapacityReportingCapability", crc_comps, 1, true);

/* ---- reject reasons (over h225_reason) ------------------------------------------------------ */

#define SECURITY_ERROR(type) H225_M(h225_reason, u.security_error, "securityError", type)

/* GatekeeperRejectReason ::= CHOICE { resourceUnavailable, terminalExcluded, invalidRevision,
 *   undefinedReason, ..., securityDenial, genericDataReason, neededFeatureNotSupported,
 *   securityError SecurityErrors } */
static const per_comp grj_reason_comps[] = {
    PER_ALT_NULL("resourceUnavailable"), PER_ALT_NULL("terminalExcluded"), PER_ALT_NULL("invalidRevision"),
    PER_ALT_NULL("undefinedReason"), PER_ALT_NULL("securityDenial"), PER_ALT_NULL("genericDataReason"),
    PER_ALT_NULL("neededFeatureNotSupported"), SECURITY_ERROR(h225_t_security_errors),
};
static const per_type t_grj_reason = PER_CHOICE(h225_reason, "GatekeeperRejectReason", choice, grj_reason_comps, 4, true);

/* RegistrationRejectReason ::= CHOICE { discoveryRequired, invalidRevision,
 *   invalidCallSignalAddress, invalidRASAddress, duplicateAlias SEQUENCE OF AliasAddress,
 *   invalidTerminalType, undefinedReason, transportNotSupported, ...,
 *   transportQOSNotSupported, resourceUnavailable, invalidAlias, securityDenial,
 *   fullRegistrationRequired, additiveRegistrationNotSupported, invalidTerminalAliases
 *   SEQUENCE { terminalAlias OPTIONAL, terminalAliasPattern OPTIONAL, supportedPrefixes
 *   OPTIONAL, ... }, genericDataReason, neededFeatureNotSupported, securityError
 *   SecurityErrors, registerWithAssignedGK } */
static const per_comp ita_comps[] = {
    H225_O(h225_invalid_terminal_aliases, terminal_alias, "terminalAlias", h225_t_alias_list),
    H225_O(h225_invalid_terminal_aliases, terminal_alias_pattern, "terminalAliasPattern", h225_t_address_pattern_list),
    H225_O(h225_invalid_terminal_aliases, supported_prefixes, "supportedPrefixes", h225_t_supported_prefix_list),
};
static const per_type t_invalid_terminal_aliases = PER_SEQUENCE(h225_invalid_terminal_aliases,
                                                                "invalidTerminalAliases", ita_comps, 3, true);
static const per_comp rrj_reason_comps[] = {
    PER_ALT_NULL("discoveryRequired"), PER_ALT_NULL("invalidRevision"), PER_ALT_NULL("invalidCallSignalAddress"),
    PER_ALT_NULL("invalidRASAddress"),
    H225_M(h225_reason, u.duplicate_alias, "duplicateAlias", h225_t_alias_list),
    PER_ALT_NULL("invalidTerminalType"), PER_ALT_NULL("undefinedReason"), PER_ALT_NULL("transportNotSupported"),
    PER_ALT_NULL("transportQOSNotSupported"), PER_ALT_NULL("resourceUnavailable"), PER_ALT_NULL("invalidAlias"),
    PER_ALT_NULL("securityDenial"), PER_ALT_NULL("fullRegistrationRequired"),
    PER_ALT_NULL("additiveRegistrationNotSupported"),
    H225_M(h225_reason, u.invalid_terminal_aliases, "invalidTerminalAliases", t_invalid_terminal_aliases),
    PER_ALT_NULL("genericDataReason"), PER_ALT_NULL("neededFeatureNotSupported"),
    SECURITY_ERROR(h225_t_security_errors), PER_ALT_NULL("registerWithAssignedGK"),
};
static const per_type t_rrj_reason = PER_CHOICE(h225_reason, "RegistrationRejectReason", choice, rrj_reason_comps, 8, true);

/* UnregRequestReason ::= CHOICE { reregistrationRequired, ttlExpired, securityDenial,
 *   undefinedReason, ..., maintenance, securityError SecurityErrors2, registerWithAssignedGK } */
static const per_comp urq_reason_comps[] = {
    PER_ALT_NULL("reregistrationRequired"), PER_ALT_NULL("ttlExpired"), PER_ALT_NULL("securityDenial"),
    PER_ALT_NULL("undefinedReason"), PER_ALT_NULL("maintenance"), SECURITY_ERROR(h225_t_security_errors2),
    PER_ALT_NULL("registerWithAssignedGK"),
};
static const per_type t_urq_reason = PER_CHOICE(h225_reason, "UnregRequestReason", choice, urq_reason_comps, 4, true);

/* UnregRejectReason ::= CHOICE { notCurrentlyRegistered, callInProgress, undefinedReason,
 *   ..., permissionDenied, securityDenial, securityError SecurityErrors2 } */
static const per_comp urj_reason_comps[] = {
    PER_ALT_NULL("notCurrentlyRegistered"), PER_ALT_NULL("callInProgress"), PER_ALT_NULL("undefinedReason"),
    PER_ALT_NULL("permissionDenied"), PER_ALT_NULL("securityDenial"), SECURITY_ERROR(h225_t_security_errors2),
};
static const per_type t_urj_reason = PER_CHOICE(h225_reason, "UnregRejectReason", choice, urj_reason_comps, 3, true);

/* AdmissionRejectReason ::= CHOICE { calledPartyNotRegistered, invalidPermission,
 *   requestDenied, undefinedReason, callerNotRegistered, routeCallToGatekeeper,
 *   invalidEndpointIdentifier, resourceUnavailable, ..., securityDenial,
 *   qosControlNotSupported, incompleteAddress, aliasesInconsistent, routeCallToSCN SEQUENCE
 *   OF PartyNumber, exceedsCallCapacity, collectDestination, collectPIN, genericDataReason,
 *   neededFeatureNotSupported, securityError SecurityErrors2, securityDHmismatch,
 *   noRouteToDestination, unallocatedNumber, registerWithAssignedGK } */
static const per_comp arj_reason_comps[] = {
    PER_ALT_NULL("calledPartyNotRegistered"), PER_ALT_NULL("invalidPermission"), PER_ALT_NULL("requestDenied"),
    PER_ALT_NULL("undefinedReason"), PER_ALT_NULL("callerNotRegistered"), PER_ALT_NULL("routeCallToGatekeeper"),
    PER_ALT_NULL("invalidEndpointIdentifier"), PER_ALT_NULL("resourceUnavailable"),
    PER_ALT_NULL("securityDenial"), PER_ALT_NULL("qosControlNotSupported"), PER_ALT_NULL("incompleteAddress"),
    PER_ALT_NULL("aliasesInconsistent"),
    H225_M(h225_reason, u.route_call_to_scn, "routeCallToSCN", h225_t_party_number_list),
    PER_ALT_NULL("exceedsCallCapacity"), PER_ALT_NULL("collectDestination"), PER_ALT_NULL("collectPIN"),
    PER_ALT_NULL("genericDataReason"), PER_ALT_NULL("neededFeatureNotSupported"),
    SECURITY_ERROR(h225_t_security_errors2), PER_ALT_NULL("securityDHmismatch"),
    PER_ALT_NULL("noRouteToDestination"), PER_ALT_NULL("unallocatedNumber"), PER_ALT_NULL("registerWithAssignedGK"),
};
static const per_type t_arj_reason = PER_CHOICE(h225_reason, "AdmissionRejectReason", choice, arj_reason_comps, 8, true);

/* BandRejectReason ::= CHOICE { notBound, invalidConferenceID, invalidPermission,
 *   insufficientResources, invalidRevision, undefinedReason, ..., securityDenial,
 *   securityError SecurityErrors2 } */
static const per_comp brj_reason_comps[] = {
    PER_ALT_NULL("notBound"), PER_ALT_NULL("invalidConferenceID"), PER_ALT_NULL("invalidPermission"),
    PER_ALT_NULL("insufficientResources"), PER_ALT_NULL("invalidRevision"), PER_ALT_NULL("undefinedReason"),
    PER_ALT_NULL("securityDenial"), SECURITY_ERROR(h225_t_security_errors2),
};
static const per_type t_brj_reason = PER_CHOICE(h225_reason, "BandRejectReason", choice, brj_reason_comps, 6, true);

/* LocationRejectReason ::= CHOICE { notRegistered, invalidPermission, requestDenied,
 *   undefinedReason, ..., securityDenial, aliasesInconsistent, routeCalltoSCN SEQUENCE OF
 *   PartyNumber, resourceUnavailable, genericDataReason, neededFeatureNotSupported,
 *   hopCountExceeded, incompleteAddress, securityError SecurityErrors2, securityDHmismatch,
 *   noRouteToDestination, unallocatedNumber } */
static const per_comp lrj_reason_comps[] = {
    PER_ALT_NULL("notRegistered"), PER_ALT_NULL("invalidPermission"), PER_ALT_NULL("requestDenied"),
    PER_ALT_NULL("undefinedReason"), PER_ALT_NULL("securityDenial"), PER_ALT_NULL("aliasesInconsistent"),
    H225_M(h225_reason, u.route_call_to_scn, "routeCalltoSCN", h225_t_party_number_list),
    PER_ALT_NULL("resourceUnavailable"), PER_ALT_NULL("genericDataReason"),
    PER_ALT_NULL("neededFeatureNotSupported"), PER_ALT_NULL("hopCountExceeded"), PER_ALT_NULL("incompleteAddress"),
    SECURITY_ERROR(h225_t_security_errors2), PER_ALT_NULL("securityDHmismatch"),
    PER_ALT_NULL("noRouteToDestination"), PER_ALT_NULL("unallocatedNumber"),
};
static const per_type t_lrj_reason = PER_CHOICE(h225_reason, "LocationRejectReason", choice, lrj_reason_comps, 4, true);

/* DisengageRejectReason ::= CHOICE { notRegistered, requestToDropOther, ..., securityDenial,
 *   securityError SecurityErrors2 }
 * InfoRequestNakReason ::= CHOICE { notRegistered, securityDenial, undefinedReason, ...,
 *   securityError SecurityErrors2 } */
static const per_comp drj_reason_comps[] = {
    PER_ALT_NULL("notRegistered"), PER_ALT_NULL("requestToDropOther"), PER_ALT_NULL("securityDenial"),
    SECURITY_ERROR(h225_t_security_errors2),
};
static const per_type t_drj_reason = PER_CHOICE(h225_reason, "DisengageRejectReason", choice, drj_reason_comps, 2, true);
static const per_comp inak_reason_comps[] = {
    PER_ALT_NULL("notRegistered"), PER_ALT_NULL("securityDenial"), PER_ALT_NULL("undefinedReason"),
    SECURITY_ERROR(h225_t_security_errors2),
};
static const per_type t_inak_reason = PER_CHOICE(h225_reason, "InfoRequestNakReason", choice, inak_reason_comps, 3, true);

/* DisengageReason ::= CHOICE { forcedDrop, normalDrop, undefinedReason, ... } */
static const per_comp dr_comps[] = {
    PER_ALT_NULL("forcedDrop"), PER_ALT_NULL("normalDrop"), PER_ALT_NULL("undefinedReason"),
};
static const per_type t_disengage_reason = H225_INDEX_CHOICE("DisengageReason", dr_comps, 3, true);

/* CallTerminationCause ::= CHOICE { releaseCompleteReason ReleaseCompleteReason,
 *   releaseCompleteCauseIE OCTET STRING(SIZE(2..32)), ... } */
static const per_type t_cause_ie = PER_OCTET_STRING(2, 32);
static const per_comp ctc_comps[] = {
    H225_M(h225_call_termination_cause, u.release_complete_reason, "releaseCompleteReason",
           h225_t_release_complete_reason),
    H225_M(h225_call_termination_cause, u.release_complete_cause_ie, "releaseCompleteCauseIE", t_cause_ie),
};
static const per_type t_termination_cause = PER_CHOICE(h225_call_termination_cause, "CallTerminationCause", choice,
                                                       ctc_comps, 2, true);

/* ---- gatekeeper discovery -------------------------------------------------------------------- */

/* GatekeeperRequest ::= SEQUENCE { requestSeqNum, protocolIdentifier, nonStandardData
 *   OPTIONAL, rasAddress TransportAddress, endpointType, gatekeeperIdentifier OPTIONAL,
 *   callServices OPTIONAL, endpointAlias OPTIONAL, ..., alternateEndpoints, tokens,
 *   cryptoTokens, authenticationCapability, algorithmOIDs, integrity, integrityCheckValue,
 *   supportsAltGK, featureSet, genericData, supportsAssignedGK BOOLEAN, assignedGatekeeper } */
static const per_comp grq_comps[] = {
    SEQ(h225_grq), PID(h225_grq), NSD(h225_grq),
    H225_M(h225_grq, ras_address, "rasAddress", h225_t_transport_address),
    H225_M(h225_grq, endpoint_type, "endpointType", h225_t_endpoint_type),
    GKID(h225_grq),
    H225_O(h225_grq, call_services, "callServices", h225_t_qseries_options),
    H225_O(h225_grq, endpoint_alias, "endpointAlias", h225_t_alias_list),
    H225_X(h225_grq, alternate_endpoints, "alternateEndpoints"),
    H225_TOKENS(h225_grq), H225_CRYPTO(h225_grq),
    H225_X(h225_grq, authentication_capability, "authenticationCapability"),
    H225_O(h225_grq, algorithm_oids, "algorithmOIDs", h225_t_oid_list),
    H225_X(h225_grq, integrity, "integrity"),
    H225_ICV(h225_grq),
    H225_N(h225_grq, supports_alt_gk, "supportsAltGK"),
    FEATURE_SET(h225_grq), GENERIC_DATA(h225_grq),
    H225_M(h225_grq, supports_assigned_gk, "supportsAssignedGK", per_t_boolean),
    ASSIGNED_GK(h225_grq),
};
static const per_type t_grq = RAS(h225_grq, "GatekeeperRequest", grq_comps, 8);

/* GatekeeperConfirm ::= SEQUENCE { requestSeqNum, protocolIdentifier, nonStandardData
 *   OPTIONAL, gatekeeperIdentifier OPTIONAL, rasAddress, ..., alternateGatekeeper,
 *   authenticationMode, tokens, cryptoTokens, algorithmOID, integrity, integrityCheckValue,
 *   featureSet, genericData, assignedGatekeeper, rehomingModel } */
static const per_comp gcf_comps[] = {
    SEQ(h225_gcf), PID(h225_gcf), NSD(h225_gcf), GKID(h225_gcf),
    H225_M(h225_gcf, ras_address, "rasAddress", h225_t_transport_address),
    H225_O(h225_gcf, alternate_gatekeeper, "alternateGatekeeper", t_alternate_gk_list),
    H225_X(h225_gcf, authentication_mode, "authenticationMode"),
    H225_TOKENS(h225_gcf), H225_CRYPTO(h225_gcf),
    H225_O(h225_gcf, algorithm_oid, "algorithmOID", per_t_oid),
    H225_X(h225_gcf, integrity, "integrity"),
    H225_ICV(h225_gcf), FEATURE_SET(h225_gcf), GENERIC_DATA(h225_gcf), ASSIGNED_GK(h225_gcf),
    H225_O(h225_gcf, rehoming_model, "rehomingModel", t_rehoming),
};
static const per_type t_gcf = RAS(h225_gcf, "GatekeeperConfirm", gcf_comps, 5);

/* GatekeeperReject ::= SEQUENCE { requestSeqNum, protocolIdentifier, nonStandardData
 *   OPTIONAL, gatekeeperIdentifier OPTIONAL, rejectReason, ..., altGKInfo, tokens,
 *   cryptoTokens, integrityCheckValue, featureSet, genericData } */
static const per_comp grj_comps[] = {
    SEQ(h225_grj), PID(h225_grj), NSD(h225_grj), GKID(h225_grj),
    H225_M(h225_grj, reject_reason, "rejectReason", t_grj_reason),
    ALT_GK_INFO(h225_grj), H225_TOKENS(h225_grj), H225_CRYPTO(h225_grj), H225_ICV(h225_grj),
    FEATURE_SET(h225_grj), GENERIC_DATA(h225_grj),
};
static const per_type t_grj = RAS(h225_grj, "GatekeeperReject", grj_comps, 5);

/* ---- registration ------------------------------------------------------------------------------ */

/* RegistrationRequest ::= SEQUENCE { requestSeqNum, protocolIdentifier, nonStandardData
 *   OPTIONAL, discoveryComplete BOOLEAN, callSignalAddress SEQUENCE OF TransportAddress,
 *   rasAddress SEQUENCE OF TransportAddress, terminalType EndpointType, terminalAlias
 *   OPTIONAL, gatekeeperIdentifier OPTIONAL, endpointVendor VendorIdentifier, ...,
 *   alternateEndpoints, timeToLive, tokens, cryptoTokens, integrityCheckValue, keepAlive
 *   BOOLEAN, endpointIdentifier, willSupplyUUIEs BOOLEAN, maintainConnection BOOLEAN,
 *   alternateTransportAddresses, additiveRegistration, terminalAliasPattern, supportsAltGK,
 *   usageReportingCapability, multipleCalls, supportedH248Packages, callCreditCapability,
 *   capacityReportingCapability, capacity, featureSet, genericData, restart,
 *   supportsACFSequences, supportsAssignedGK BOOLEAN, assignedGatekeeper, transportQOS,
 *   language } */
static const per_comp rrq_comps[] = {
    SEQ(h225_rrq), PID(h225_rrq), NSD(h225_rrq),
    H225_M(h225_rrq, discovery_complete, "discoveryComplete", per_t_boolean),
    H225_M(h225_rrq, call_signal_address, "callSignalAddress", h225_t_transport_list),
    H225_M(h225_rrq, ras_address, "rasAddress", h225_t_transport_list),
    H225_M(h225_rrq, terminal_type, "terminalType", h225_t_endpoint_type),
    H225_O(h225_rrq, terminal_alias, "terminalAlias", h225_t_alias_list),
    GKID(h225_rrq),
    H225_M(h225_rrq, endpoint_vendor, "endpointVendor", h225_t_vendor_identifier),
    H225_X(h225_rrq, alternate_endpoints, "alternateEndpoints"),
    H225_O(h225_rrq, time_to_live, "timeToLive", h225_t_time_to_live),
    H225_TOKENS(h225_rrq), H225_CRYPTO(h225_rrq), H225_ICV(h225_rrq),
    H225_M(h225_rrq, keep_alive, "keepAlive", per_t_boolean),
    H225_O(h225_rrq, endpoint_identifier, "endpointIdentifier", h225_t_identifier),
    H225_M(h225_rrq, will_supply_uuies, "willSupplyUUIEs", per_t_boolean),
    H225_M(h225_rrq, maintain_connection, "maintainConnection", per_t_boolean),
    H225_O(h225_rrq, alternate_transport_addresses, "alternateTransportAddresses", t_alt_transport),
    H225_N(h225_rrq, additive_registration, "additiveRegistration"),
    H225_O(h225_rrq, terminal_alias_pattern, "terminalAliasPattern", h225_t_address_pattern_list),
    H225_N(h225_rrq, supports_alt_gk, "supportsAltGK"),
    H225_O(h225_rrq, usage_reporting_capability, "usageReportingCapability", t_usage_info_types),
    H225_O(h225_rrq, multiple_calls, "multipleCalls", per_t_boolean),
    H225_O(h225_rrq, supported_h248_packages, "supportedH248Packages", h225_t_octets_list),
    H225_O(h225_rrq, call_credit_capability, "callCreditCapability", t_call_credit),
    H225_O(h225_rrq, capacity_reporting_capability, "capacityReportingCapability", t_capacity_reporting),
    H225_X(h225_rrq, capacity, "capacity"),
    FEATURE_SET(h225_rrq), GENERIC_DATA(h225_rrq),
    H225_N(h225_rrq, restart, "restart"),
    H225_N(h225_rrq, supports_acf_sequences, "supportsACFSequences"),
    H225_M(h225_rrq, supports_assigned_gk, "supportsAssignedGK", per_t_boolean),
    ASSIGNED_GK(h225_rrq), TRANSPORT_QOS(h225_rrq),
    H225_O(h225_rrq, language, "language", h225_t_language_list),
};
static const per_type t_rrq = RAS(h225_rrq, "RegistrationRequest", rrq_comps, 10);

/* preGrantedARQ SEQUENCE { makeCall, useGKCallSignalAddressToMakeCall, answerCall,
 *   useGKCallSignalAddressToAnswer BOOLEAN, ..., irrFrequencyInCall INTEGER(1..65535)
 *   OPTIONAL, totalBandwidthRestriction BandWidth OPTIONAL, alternateTransportAddresses
 *   OPTIONAL, useSpecifiedTransport OPTIONAL } */
static const per_type t_1_65535 = PER_INTEGER(uint16_t, 1, 65535);
static const per_comp pga_comps[] = {
    H225_M(h225_pre_granted_arq, make_call, "makeCall", per_t_boolean),
    H225_M(h225_pre_granted_arq, use_gk_call_signal_address_to_make_call, "useGKCallSignalAddressToMakeCall",
           per_t_boolean),
    H225_M(h225_pre_granted_arq, answer_call, "answerCall", per_t_boolean),
    H225_M(h225_pre_granted_arq, use_gk_call_signal_address_to_answer, "useGKCallSignalAddressToAnswer",
           per_t_boolean),
    H225_O(h225_pre_granted_arq, irr_frequency_in_call, "irrFrequencyInCall", t_1_65535),
    H225_O(h225_pre_granted_arq, total_bandwidth_restriction, "totalBandwidthRestriction", h225_t_u32),
    H225_O(h225_pre_granted_arq, alternate_transport_addresses, "alternateTransportAddresses", t_alt_transport),
    H225_O(h225_pre_granted_arq, use_specified_transport, "useSpecifiedTransport", t_use_specified_transport),
};
static const per_type t_pre_granted_arq = PER_SEQUENCE(h225_pre_granted_arq, "preGrantedARQ", pga_comps, 4, true);

/* RegistrationConfirm ::= SEQUENCE { requestSeqNum, protocolIdentifier, nonStandardData
 *   OPTIONAL, callSignalAddress SEQUENCE OF TransportAddress, terminalAlias OPTIONAL,
 *   gatekeeperIdentifier OPTIONAL, endpointIdentifier, ..., alternateGatekeeper, timeToLive,
 *   tokens, cryptoTokens, integrityCheckValue, willRespondToIRR BOOLEAN, preGrantedARQ,
 *   maintainConnection BOOLEAN, serviceControl, supportsAdditiveRegistration,
 *   terminalAliasPattern, supportedPrefixes, usageSpec, featureServerAlias,
 *   capacityReportingSpec, featureSet, genericData, assignedGatekeeper, rehomingModel,
 *   transportQOS } */
static const per_comp rcf_comps[] = {
    SEQ(h225_rcf), PID(h225_rcf), NSD(h225_rcf),
    H225_M(h225_rcf, call_signal_address, "callSignalAddress", h225_t_transport_list),
    H225_O(h225_rcf, terminal_alias, "terminalAlias", h225_t_alias_list),
    GKID(h225_rcf), EPID(h225_rcf),
    H225_O(h225_rcf, alternate_gatekeeper, "alternateGatekeeper", t_alternate_gk_list),
    H225_O(h225_rcf, time_to_live, "timeToLive", h225_t_time_to_live),
    H225_TOKENS(h225_rcf), H225_CRYPTO(h225_rcf), H225_ICV(h225_rcf),
    H225_M(h225_rcf, will_respond_to_irr, "willRespondToIRR", per_t_boolean),
    H225_O(h225_rcf, pre_granted_arq, "preGrantedARQ", t_pre_granted_arq),
    H225_M(h225_rcf, maintain_connection, "maintainConnection", per_t_boolean),
    H225_X(h225_rcf, service_control, "serviceControl"),
    H225_N(h225_rcf, supports_additive_registration, "supportsAdditiveRegistration"),
    H225_O(h225_rcf, terminal_alias_pattern, "terminalAliasPattern", h225_t_address_pattern_list),
    H225_O(h225_rcf, supported_prefixes, "supportedPrefixes", h225_t_supported_prefix_list),
    H225_X(h225_rcf, usage_spec, "usageSpec"),
    H225_O(h225_rcf, feature_server_alias, "featureServerAlias", h225_t_alias_address),
    H225_X(h225_rcf, capacity_reporting_spec, "capacityReportingSpec"),
    FEATURE_SET(h225_rcf), GENERIC_DATA(h225_rcf), ASSIGNED_GK(h225_rcf),
    H225_O(h225_rcf, rehoming_model, "rehomingModel", t_rehoming),
    TRANSPORT_QOS(h225_rcf),
};
static const per_type t_rcf = RAS(h225_rcf, "RegistrationConfirm", rcf_comps, 7);

/* RegistrationReject ::= SEQUENCE { requestSeqNum, protocolIdentifier, nonStandardData
 *   OPTIONAL, rejectReason, gatekeeperIdentifier OPTIONAL, ..., altGKInfo, tokens,
 *   cryptoTokens, integrityCheckValue, featureSet, genericData, assignedGatekeeper } */
static const per_comp rrj_comps[] = {
    SEQ(h225_rrj), PID(h225_rrj), NSD(h225_rrj),
    H225_M(h225_rrj, reject_reason, "rejectReason", t_rrj_reason),
    GKID(h225_rrj),
    ALT_GK_INFO(h225_rrj), H225_TOKENS(h225_rrj), H225_CRYPTO(h225_rrj), H225_ICV(h225_rrj),
    FEATURE_SET(h225_rrj), GENERIC_DATA(h225_rrj), ASSIGNED_GK(h225_rrj),
};
static const per_type t_rrj = RAS(h225_rrj, "RegistrationReject", rrj_comps, 5);

/* UnregistrationRequest ::= SEQUENCE { requestSeqNum, callSignalAddress SEQUENCE OF
 *   TransportAddress, endpointAlias OPTIONAL, nonStandardData OPTIONAL, endpointIdentifier
 *   OPTIONAL, ..., alternateEndpoints, gatekeeperIdentifier, tokens, cryptoTokens,
 *   integrityCheckValue, reason, endpointAliasPattern, supportedPrefixes,
 *   alternateGatekeeper, genericData, assignedGatekeeper } */
static const per_comp urq_comps[] = {
    SEQ(h225_urq),
    H225_M(h225_urq, call_signal_address, "callSignalAddress", h225_t_transport_list),
    H225_O(h225_urq, endpoint_alias, "endpointAlias", h225_t_alias_list),
    NSD(h225_urq),
    H225_O(h225_urq, endpoint_identifier, "endpointIdentifier", h225_t_identifier),
    H225_X(h225_urq, alternate_endpoints, "alternateEndpoints"),
    GKID(h225_urq), H225_TOKENS(h225_urq), H225_CRYPTO(h225_urq), H225_ICV(h225_urq),
    H225_O(h225_urq, reason, "reason", t_urq_reason),
    H225_O(h225_urq, endpoint_alias_pattern, "endpointAliasPattern", h225_t_address_pattern_list),
    H225_O(h225_urq, supported_prefixes, "supportedPrefixes", h225_t_supported_prefix_list),
    H225_O(h225_urq, alternate_gatekeeper, "alternateGatekeeper", t_alternate_gk_list),
    GENERIC_DATA(h225_urq), ASSIGNED_GK(h225_urq),
};
static const per_type t_urq = RAS(h225_urq, "UnregistrationRequest", urq_comps, 5);

/* UnregistrationConfirm ::= SEQUENCE { requestSeqNum, nonStandardData OPTIONAL, ...,
 *   tokens, cryptoTokens, integrityCheckValue, genericData, assignedGatekeeper } */
static const per_comp ucf_comps[] = {
    SEQ(h225_ucf), NSD(h225_ucf),
    H225_TOKENS(h225_ucf), H225_CRYPTO(h225_ucf), H225_ICV(h225_ucf), GENERIC_DATA(h225_ucf), ASSIGNED_GK(h225_ucf),
};
static const per_type t_ucf = RAS(h225_ucf, "UnregistrationConfirm", ucf_comps, 2);

/* ---- the reject messages (over h225_reject) ------------------------------------------------- */

#define REJECT_REASON(type) H225_M(h225_reject, reject_reason, "rejectReason", type)
#define REJECT_TAIL H225_TOKENS(h225_reject), H225_CRYPTO(h225_reject)

/* UnregistrationReject ::= SEQUENCE { requestSeqNum, rejectReason UnregRejectReason,
 *   nonStandardData OPTIONAL, ..., altGKInfo, tokens, cryptoTokens, integrityCheckValue,
 *   genericData }; DisengageReject the same with DisengageRejectReason. */
static const per_comp urj_comps[] = {
    SEQ(h225_reject), REJECT_REASON(t_urj_reason), NSD(h225_reject),
    ALT_GK_INFO(h225_reject), REJECT_TAIL, H225_ICV(h225_reject), GENERIC_DATA(h225_reject),
};
static const per_type t_urj = RAS(h225_reject, "UnregistrationReject", urj_comps, 3);
static const per_comp drj_comps[] = {
    SEQ(h225_reject), REJECT_REASON(t_drj_reason), NSD(h225_reject),
    ALT_GK_INFO(h225_reject), REJECT_TAIL, H225_ICV(h225_reject), GENERIC_DATA(h225_reject),
};
static const per_type t_drj = RAS(h225_reject, "DisengageReject", drj_comps, 3);

/* AdmissionReject ::= SEQUENCE { requestSeqNum, rejectReason, nonStandardData OPTIONAL,
 *   ..., altGKInfo, tokens, cryptoTokens, callSignalAddress SEQUENCE OF TransportAddress,
 *   integrityCheckValue, serviceControl, featureSet, genericData, assignedGatekeeper } */
static const per_comp arj_comps[] = {
    SEQ(h225_reject), REJECT_REASON(t_arj_reason), NSD(h225_reject),
    ALT_GK_INFO(h225_reject), REJECT_TAIL,
    H225_O(h225_reject, call_signal_address, "callSignalAddress", h225_t_transport_list),
    H225_ICV(h225_reject), H225_X(h225_reject, service_control, "serviceControl"), FEATURE_SET(h225_reject),
    GENERIC_DATA(h225_reject), ASSIGNED_GK(h225_reject),
};
static const per_type t_arj = RAS(h225_reject, "AdmissionReject", arj_comps, 3);

/* BandwidthReject ::= SEQUENCE { requestSeqNum, rejectReason, allowedBandWidth BandWidth,
 *   nonStandardData OPTIONAL, ..., altGKInfo, tokens, cryptoTokens, integrityCheckValue,
 *   genericData } */
static const per_comp brj_comps[] = {
    SEQ(h225_reject), REJECT_REASON(t_brj_reason),
    H225_M(h225_reject, allowed_bandwidth, "allowedBandWidth", h225_t_u32), NSD(h225_reject),
    ALT_GK_INFO(h225_reject), REJECT_TAIL, H225_ICV(h225_reject), GENERIC_DATA(h225_reject),
};
static const per_type t_brj = RAS(h225_reject, "BandwidthReject", brj_comps, 4);

/* LocationReject ::= SEQUENCE { requestSeqNum, rejectReason, nonStandardData OPTIONAL, ...,
 *   altGKInfo, tokens, cryptoTokens, integrityCheckValue, featureSet, genericData,
 *   serviceControl } */
static const per_comp lrj_comps[] = {
    SEQ(h225_reject), REJECT_REASON(t_lrj_reason), NSD(h225_reject),
    ALT_GK_INFO(h225_reject), REJECT_TAIL, H225_ICV(h225_reject), FEATURE_SET(h225_reject),
    GENERIC_DATA(h225_reject), H225_X(h225_reject, service_control, "serviceControl"),
};
static const per_type t_lrj = RAS(h225_reject, "LocationReject", lrj_comps, 3);

/* InfoRequestNak ::= SEQUENCE { requestSeqNum, nonStandardData OPTIONAL, nakReason,
 *   altGKInfo OPTIONAL, tokens OPTIONAL, cryptoTokens OPTIONAL, integrityCheckValue
 *   OPTIONAL, ... } */
static const per_comp inak_comps[] = {
    SEQ(h225_reject), NSD(h225_reject), H225_M(h225_reject, reject_reason, "nakReason", t_inak_reason),
    ALT_GK_INFO(h225_reject), REJECT_TAIL, H225_ICV(h225_reject),
};
static const per_type t_inak = RAS(h225_reject, "InfoRequestNak", inak_comps, 7);

/* ---- admission ------------------------------------------------------------------------------------- */

/* AdmissionRequest ::= SEQUENCE { requestSeqNum, callType, callModel OPTIONAL,
 *   endpointIdentifier, destinationInfo OPTIONAL, destCallSignalAddress OPTIONAL,
 *   destExtraCallInfo OPTIONAL, srcInfo SEQUENCE OF AliasAddress, srcCallSignalAddress
 *   OPTIONAL, bandWidth, callReferenceValue, nonStandardData OPTIONAL, callServices
 *   OPTIONAL, conferenceID, activeMC BOOLEAN, answerCall BOOLEAN, ..., canMapAlias BOOLEAN,
 *   callIdentifier, srcAlternatives, destAlternatives, gatekeeperIdentifier, tokens,
 *   cryptoTokens, integrityCheckValue, transportQOS, willSupplyUUIEs BOOLEAN, callLinkage,
 *   gatewayDataRate, capacity, circuitInfo, desiredProtocols, desiredTunnelledProtocol,
 *   featureSet, genericData, canMapSrcAlias BOOLEAN } */
static const per_comp arq_comps[] = {
    SEQ(h225_arq),
    H225_M(h225_arq, call_type, "callType", h225_t_call_type),
    H225_O(h225_arq, call_model, "callModel", h225_t_call_model),
    EPID(h225_arq),
    H225_O(h225_arq, destination_info, "destinationInfo", h225_t_alias_list),
    H225_O(h225_arq, dest_call_signal_address, "destCallSignalAddress", h225_t_transport_address),
    H225_O(h225_arq, dest_extra_call_info, "destExtraCallInfo", h225_t_alias_list),
    H225_M(h225_arq, src_info, "srcInfo", h225_t_alias_list),
    H225_O(h225_arq, src_call_signal_address, "srcCallSignalAddress", h225_t_transport_address),
    BANDWIDTH(h225_arq), CRV(h225_arq), NSD(h225_arq),
    H225_O(h225_arq, call_services, "callServices", h225_t_qseries_options),
    CONF_ID(h225_arq),
    H225_M(h225_arq, active_mc, "activeMC", per_t_boolean),
    H225_M(h225_arq, answer_call, "answerCall", per_t_boolean),
    H225_M(h225_arq, can_map_alias, "canMapAlias", per_t_boolean),
    CALL_ID(h225_arq),
    H225_X(h225_arq, src_alternatives, "srcAlternatives"),
    H225_X(h225_arq, dest_alternatives, "destAlternatives"),
    GKID(h225_arq), H225_TOKENS(h225_arq), H225_CRYPTO(h225_arq), H225_ICV(h225_arq), TRANSPORT_QOS(h225_arq),
    H225_M(h225_arq, will_supply_uuies, "willSupplyUUIEs", per_t_boolean),
    H225_O(h225_arq, call_linkage, "callLinkage", h225_t_call_linkage),
    H225_O(h225_arq, gateway_data_rate, "gatewayDataRate", h225_t_data_rate),
    H225_X(h225_arq, capacity, "capacity"),
    H225_X(h225_arq, circuit_info, "circuitInfo"),
    H225_O(h225_arq, desired_protocols, "desiredProtocols", h225_t_protocols_list),
    H225_O(h225_arq, desired_tunnelled_protocol, "desiredTunnelledProtocol", h225_t_tunnelled_protocol),
    FEATURE_SET(h225_arq), GENERIC_DATA(h225_arq),
    H225_M(h225_arq, can_map_src_alias, "canMapSrcAlias", per_t_boolean),
};
static const per_type t_arq = RAS(h225_arq, "AdmissionRequest", arq_comps, 16);

/* AdmissionConfirm ::= SEQUENCE { requestSeqNum, bandWidth, callModel,
 *   destCallSignalAddress, irrFrequency INTEGER(1..65535) OPTIONAL, nonStandardData OPTIONAL,
 *   ..., destinationInfo, destExtraCallInfo, destinationType, remoteExtensionAddress,
 *   alternateEndpoints, tokens, cryptoTokens, integrityCheckValue, transportQOS,
 *   willRespondToIRR BOOLEAN, uuiesRequested UUIEsRequested, language,
 *   alternateTransportAddresses, useSpecifiedTransport, circuitInfo, usageSpec,
 *   supportedProtocols, serviceControl, multipleCalls, featureSet, genericData,
 *   modifiedSrcInfo, assignedGatekeeper } */
static const per_comp acf_comps[] = {
    SEQ(h225_acf), BANDWIDTH(h225_acf),
    H225_M(h225_acf, call_model, "callModel", h225_t_call_model),
    H225_M(h225_acf, dest_call_signal_address, "destCallSignalAddress", h225_t_transport_address),
    H225_O(h225_acf, irr_frequency, "irrFrequency", t_1_65535),
    NSD(h225_acf),
    H225_O(h225_acf, destination_info, "destinationInfo", h225_t_alias_list),
    H225_O(h225_acf, dest_extra_call_info, "destExtraCallInfo", h225_t_alias_list),
    H225_O(h225_acf, destination_type, "destinationType", h225_t_endpoint_type),
    H225_O(h225_acf, remote_extension_address, "remoteExtensionAddress", h225_t_alias_list),
    H225_X(h225_acf, alternate_endpoints, "alternateEndpoints"),
    H225_TOKENS(h225_acf), H225_CRYPTO(h225_acf), H225_ICV(h225_acf), TRANSPORT_QOS(h225_acf),
    H225_M(h225_acf, will_respond_to_irr, "willRespondToIRR", per_t_boolean),
    H225_M(h225_acf, uuies_requested, "uuiesRequested", t_uuies_requested),
    H225_O(h225_acf, language, "language", h225_t_language_list),
    H225_O(h225_acf, alternate_transport_addresses, "alternateTransportAddresses", t_alt_transport),
    H225_O(h225_acf, use_specified_transport, "useSpecifiedTransport", t_use_specified_transport),
    H225_X(h225_acf, circuit_info, "circuitInfo"),
    H225_X(h225_acf, usage_spec, "usageSpec"),
    H225_O(h225_acf, supported_protocols, "supportedProtocols", h225_t_protocols_list),
    H225_X(h225_acf, service_control, "serviceControl"),
    H225_O(h225_acf, multiple_calls, "multipleCalls", per_t_boolean),
    FEATURE_SET(h225_acf), GENERIC_DATA(h225_acf),
    H225_O(h225_acf, modified_src_info, "modifiedSrcInfo", h225_t_alias_list),
    ASSIGNED_GK(h225_acf),
};
static const per_type t_acf = RAS(h225_acf, "AdmissionConfirm", acf_comps, 6);
static const per_type t_acf_sequence = PER_SEQUENCE_OF_UNC(t_acf);

/* ---- bandwidth ------------------------------------------------------------------------------------- */

/* BandwidthRequest ::= SEQUENCE { requestSeqNum, endpointIdentifier, conferenceID,
 *   callReferenceValue, callType OPTIONAL, bandWidth, nonStandardData OPTIONAL, ...,
 *   callIdentifier, gatekeeperIdentifier, tokens, cryptoTokens, integrityCheckValue,
 *   answeredCall BOOLEAN, callLinkage, capacity, usageInformation, bandwidthDetails,
 *   genericData, transportQOS } */
static const per_comp brq_comps[] = {
    SEQ(h225_brq), EPID(h225_brq), CONF_ID(h225_brq), CRV(h225_brq),
    H225_O(h225_brq, call_type, "callType", h225_t_call_type),
    BANDWIDTH(h225_brq), NSD(h225_brq),
    CALL_ID(h225_brq), GKID(h225_brq), H225_TOKENS(h225_brq), H225_CRYPTO(h225_brq), H225_ICV(h225_brq),
    H225_M(h225_brq, answered_call, "answeredCall", per_t_boolean),
    H225_O(h225_brq, call_linkage, "callLinkage", h225_t_call_linkage),
    H225_X(h225_brq, capacity, "capacity"),
    H225_X(h225_brq, usage_information, "usageInformation"),
    H225_X(h225_brq, bandwidth_details, "bandwidthDetails"),
    GENERIC_DATA(h225_brq), TRANSPORT_QOS(h225_brq),
};
static const per_type t_brq = RAS(h225_brq, "BandwidthRequest", brq_comps, 7);

/* BandwidthConfirm ::= SEQUENCE { requestSeqNum, bandWidth, nonStandardData OPTIONAL, ...,
 *   tokens, cryptoTokens, integrityCheckValue, capacity, genericData, transportQOS } */
static const per_comp bcf_comps[] = {
    SEQ(h225_bcf), BANDWIDTH(h225_bcf), NSD(h225_bcf),
    H225_TOKENS(h225_bcf), H225_CRYPTO(h225_bcf), H225_ICV(h225_bcf), H225_X(h225_bcf, capacity, "capacity"),
    GENERIC_DATA(h225_bcf), TRANSPORT_QOS(h225_bcf),
};
static const per_type t_bcf = RAS(h225_bcf, "BandwidthConfirm", bcf_comps, 3);

/* ---- location ----------------------------------------------------------------------------------------- */

/* LocationRequest ::= SEQUENCE { requestSeqNum, endpointIdentifier OPTIONAL,
 *   destinationInfo SEQUENCE OF AliasAddress, nonStandardData OPTIONAL, replyAddress
 *   TransportAddress, ..., sourceInfo, canMapAlias BOOLEAN, gatekeeperIdentifier, tokens,
 *   cryptoTokens, integrityCheckValue, desiredProtocols, desiredTunnelledProtocol,
 *   featureSet, genericData, hopCount INTEGER(1..255), circuitInfo, callIdentifier,
 *   bandWidth, sourceEndpointInfo, canMapSrcAlias BOOLEAN, language } */
static const per_type t_hop255 = PER_INTEGER(uint8_t, 1, 255);
static const per_comp lrq_comps[] = {
    SEQ(h225_lrq),
    H225_O(h225_lrq, endpoint_identifier, "endpointIdentifier", h225_t_identifier),
    H225_M(h225_lrq, destination_info, "destinationInfo", h225_t_alias_list),
    NSD(h225_lrq),
    H225_M(h225_lrq, reply_address, "replyAddress", h225_t_transport_address),
    H225_O(h225_lrq, source_info, "sourceInfo", h225_t_alias_list),
    H225_M(h225_lrq, can_map_alias, "canMapAlias", per_t_boolean),
    GKID(h225_lrq), H225_TOKENS(h225_lrq), H225_CRYPTO(h225_lrq), H225_ICV(h225_lrq),
    H225_O(h225_lrq, desired_protocols, "desiredProtocols", h225_t_protocols_list),
    H225_O(h225_lrq, desired_tunnelled_protocol, "desiredTunnelledProtocol", h225_t_tunnelled_protocol),
    FEATURE_SET(h225_lrq), GENERIC_DATA(h225_lrq),
    H225_O(h225_lrq, hop_count, "hopCount", t_hop255),
    H225_X(h225_lrq, circuit_info, "circuitInfo"),
    H225_O(h225_lrq, call_identifier, "callIdentifier", h225_t_call_identifier),
    H225_O(h225_lrq, bandwidth, "bandWidth", h225_t_u32),
    H225_O(h225_lrq, source_endpoint_info, "sourceEndpointInfo", h225_t_alias_list),
    H225_M(h225_lrq, can_map_src_alias, "canMapSrcAlias", per_t_boolean),
    H225_O(h225_lrq, language, "language", h225_t_language_list),
};
static const per_type t_lrq = RAS(h225_lrq, "LocationRequest", lrq_comps, 5);

/* LocationConfirm ::= SEQUENCE { requestSeqNum, callSignalAddress TransportAddress,
 *   rasAddress TransportAddress, nonStandardData OPTIONAL, ..., destinationInfo,
 *   destExtraCallInfo, destinationType, remoteExtensionAddress, alternateEndpoints, tokens,
 *   cryptoTokens, integrityCheckValue, alternateTransportAddresses, supportedProtocols,
 *   multipleCalls, featureSet, genericData, circuitInfo, serviceControl, modifiedSrcInfo,
 *   bandWidth } */
static const per_comp lcf_comps[] = {
    SEQ(h225_lcf),
    H225_M(h225_lcf, call_signal_address, "callSignalAddress", h225_t_transport_address),
    H225_M(h225_lcf, ras_address, "rasAddress", h225_t_transport_address),
    NSD(h225_lcf),
    H225_O(h225_lcf, destination_info, "destinationInfo", h225_t_alias_list),
    H225_O(h225_lcf, dest_extra_call_info, "destExtraCallInfo", h225_t_alias_list),
    H225_O(h225_lcf, destination_type, "destinationType", h225_t_endpoint_type),
    H225_O(h225_lcf, remote_extension_address, "remoteExtensionAddress", h225_t_alias_list),
    H225_X(h225_lcf, alternate_endpoints, "alternateEndpoints"),
    H225_TOKENS(h225_lcf), H225_CRYPTO(h225_lcf), H225_ICV(h225_lcf),
    H225_O(h225_lcf, alternate_transport_addresses, "alternateTransportAddresses", t_alt_transport),
    H225_O(h225_lcf, supported_protocols, "supportedProtocols", h225_t_protocols_list),
    H225_O(h225_lcf, multiple_calls, "multipleCalls", per_t_boolean),
    FEATURE_SET(h225_lcf), GENERIC_DATA(h225_lcf),
    H225_X(h225_lcf, circuit_info, "circuitInfo"),
    H225_X(h225_lcf, service_control, "serviceControl"),
    H225_O(h225_lcf, modified_src_info, "modifiedSrcInfo", h225_t_alias_list),
    H225_O(h225_lcf, bandwidth, "bandWidth", h225_t_u32),
};
static const per_type t_lcf = RAS(h225_lcf, "LocationConfirm", lcf_comps, 4);

/* ---- disengage ------------------------------------------------------------------------------------------ */

/* DisengageRequest ::= SEQUENCE { requestSeqNum, endpointIdentifier, conferenceID,
 *   callReferenceValue, disengageReason, nonStandardData OPTIONAL, ..., callIdentifier,
 *   gatekeeperIdentifier, tokens, cryptoTokens, integrityCheckValue, answeredCall BOOLEAN,
 *   callLinkage, capacity, circuitInfo, usageInformation, terminationCause, serviceControl,
 *   genericData } */
static const per_comp drq_comps[] = {
    SEQ(h225_drq), EPID(h225_drq), CONF_ID(h225_drq), CRV(h225_drq),
    H225_M(h225_drq, disengage_reason, "disengageReason", t_disengage_reason),
    NSD(h225_drq),
    CALL_ID(h225_drq), GKID(h225_drq), H225_TOKENS(h225_drq), H225_CRYPTO(h225_drq), H225_ICV(h225_drq),
    H225_M(h225_drq, answered_call, "answeredCall", per_t_boolean),
    H225_O(h225_drq, call_linkage, "callLinkage", h225_t_call_linkage),
    H225_X(h225_drq, capacity, "capacity"),
    H225_X(h225_drq, circuit_info, "circuitInfo"),
    H225_X(h225_drq, usage_information, "usageInformation"),
    H225_O(h225_drq, termination_cause, "terminationCause", t_termination_cause),
    H225_X(h225_drq, service_control, "serviceControl"),
    GENERIC_DATA(h225_drq),
};
static const per_type t_drq = RAS(h225_drq, "DisengageRequest", drq_comps, 6);

/* DisengageConfirm ::= SEQUENCE { requestSeqNum, nonStandardData OPTIONAL, ..., tokens,
 *   cryptoTokens, integrityCheckValue, capacity, circuitInfo, usageInformation, genericData,
 *   assignedGatekeeper } */
static const per_comp dcf_comps[] = {
    SEQ(h225_dcf), NSD(h225_dcf),
    H225_TOKENS(h225_dcf), H225_CRYPTO(h225_dcf), H225_ICV(h225_dcf),
    H225_X(h225_dcf, capacity, "capacity"), H225_X(h225_dcf, circuit_info, "circuitInfo"),
    H225_X(h225_dcf, usage_information, "usageInformation"), GENERIC_DATA(h225_dcf), ASSIGNED_GK(h225_dcf),
};
static const per_type t_dcf = RAS(h225_dcf, "DisengageConfirm", dcf_comps, 2);

/* ---- status: InfoRequest, InfoRequestResponse ------------------------------------------------------------ */

/* InfoRequest ::= SEQUENCE { requestSeqNum, callReferenceValue, nonStandardData OPTIONAL,
 *   replyAddress OPTIONAL, ..., callIdentifier, tokens, cryptoTokens, integrityCheckValue,
 *   uuiesRequested, callLinkage, usageInfoRequested, segmentedResponseSupported,
 *   nextSegmentRequested INTEGER(0..65535), capacityInfoRequested, genericData,
 *   assignedGatekeeper } */
static const per_comp irq_comps[] = {
    SEQ(h225_irq), CRV(h225_irq), NSD(h225_irq),
    H225_O(h225_irq, reply_address, "replyAddress", h225_t_transport_address),
    CALL_ID(h225_irq), H225_TOKENS(h225_irq), H225_CRYPTO(h225_irq), H225_ICV(h225_irq),
    H225_O(h225_irq, uuies_requested, "uuiesRequested", t_uuies_requested),
    H225_O(h225_irq, call_linkage, "callLinkage", h225_t_call_linkage),
    H225_O(h225_irq, usage_info_requested, "usageInfoRequested", t_usage_info_types),
    H225_N(h225_irq, segmented_response_supported, "segmentedResponseSupported"),
    H225_O(h225_irq, next_segment_requested, "nextSegmentRequested", h225_t_u16),
    H225_N(h225_irq, capacity_info_requested, "capacityInfoRequested"),
    GENERIC_DATA(h225_irq), ASSIGNED_GK(h225_irq),
};
static const per_type t_irq = RAS(h225_irq, "InfoRequest", irq_comps, 4);

/* TransportChannelInfo ::= SEQUENCE { sendAddress OPTIONAL, recvAddress OPTIONAL, ... } */
static const per_comp tci_comps[] = {
    H225_O(h225_transport_channel_info, send_address, "sendAddress", h225_t_transport_address),
    H225_O(h225_transport_channel_info, recv_address, "recvAddress", h225_t_transport_address),
};
static const per_type t_tci = PER_SEQUENCE(h225_transport_channel_info, "TransportChannelInfo", tci_comps, 2, true);
static const per_type t_tci_list = PER_SEQUENCE_OF_UNC(t_tci);

/* RTPSession ::= SEQUENCE { rtpAddress, rtcpAddress TransportChannelInfo, cname
 *   PrintableString, ssrc INTEGER(1..4294967295), sessionId INTEGER(1..255),
 *   associatedSessionIds SEQUENCE OF INTEGER(1..255), ..., multicast NULL OPTIONAL,
 *   bandwidth BandWidth OPTIONAL } */
static const per_type t_printable = PER_KMSTRING_("PrintableString", 0, 0, 0, PER_ALPHABET_PRINTABLE);
static const per_type t_session_id = PER_INTEGER(uint8_t, 1, 255);
static const per_type t_session_ids = PER_SEQUENCE_OF_UNC(t_session_id);
static const per_comp rtp_comps[] = {
    H225_M(h225_rtp_session, rtp_address, "rtpAddress", t_tci),
    H225_M(h225_rtp_session, rtcp_address, "rtcpAddress", t_tci),
    H225_M(h225_rtp_session, cname, "cname", t_printable),
    H225_M(h225_rtp_session, ssrc, "ssrc", h225_t_time_to_live),
    H225_M(h225_rtp_session, session_id, "sessionId", t_session_id),
    H225_M(h225_rtp_session, associated_session_ids, "associatedSessionIds", t_session_ids),
    H225_N(h225_rtp_session, multicast, "multicast"),
    H225_O(h225_rtp_session, bandwidth, "bandwidth", h225_t_u32),
};
static const per_type t_rtp_session = PER_SEQUENCE(h225_rtp_session, "RTPSession", rtp_comps, 6, true);
static const per_type t_rtp_sessions = PER_SEQUENCE_OF_UNC(t_rtp_session);

/* perCallInfo SEQUENCE OF SEQUENCE { nonStandardData OPTIONAL, callReferenceValue,
 *   conferenceID, originator BOOLEAN OPTIONAL, audio SEQUENCE OF RTPSession OPTIONAL, video
 *   OPTIONAL, data SEQUENCE OF TransportChannelInfo OPTIONAL, h245 TransportChannelInfo,
 *   callSignalling TransportChannelInfo, callType, bandWidth, callModel, ...,
 *   callIdentifier, tokens, cryptoTokens, substituteConfIDs SEQUENCE OF
 *   ConferenceIdentifier, pdu SEQUENCE OF SEQUENCE { h323pdu H323-UU-PDU, sent BOOLEAN }
 *   OPTIONAL, callLinkage, usageInformation, circuitInfo } */
static const per_comp irr_pdu_comps[] = {
    H225_M(h225_irr_pdu, h323pdu, "h323pdu", h225_t_uu_pdu),
    H225_M(h225_irr_pdu, sent, "sent", per_t_boolean),
};
static const per_type t_irr_pdu = PER_SEQUENCE(h225_irr_pdu, "pdu", irr_pdu_comps, 2, false);
static const per_type t_irr_pdus = PER_SEQUENCE_OF_UNC(t_irr_pdu);
static const per_type t_guid_list = PER_SEQUENCE_OF_UNC(h225_t_guid);
static const per_comp pci_comps[] = {
    NSD(h225_per_call_info), CRV(h225_per_call_info), CONF_ID(h225_per_call_info),
    H225_O(h225_per_call_info, originator, "originator", per_t_boolean),
    H225_O(h225_per_call_info, audio, "audio", t_rtp_sessions),
    H225_O(h225_per_call_info, video, "video", t_rtp_sessions),
    H225_O(h225_per_call_info, data, "data", t_tci_list),
    H225_M(h225_per_call_info, h245, "h245", t_tci),
    H225_M(h225_per_call_info, call_signalling, "callSignalling", t_tci),
    H225_M(h225_per_call_info, call_type, "callType", h225_t_call_type),
    BANDWIDTH(h225_per_call_info),
    H225_M(h225_per_call_info, call_model, "callModel", h225_t_call_model),
    CALL_ID(h225_per_call_info), H225_TOKENS(h225_per_call_info), H225_CRYPTO(h225_per_call_info),
    H225_M(h225_per_call_info, substitute_conf_ids, "substituteConfIDs", t_guid_list),
    H225_O(h225_per_call_info, pdu, "pdu", t_irr_pdus),
    H225_O(h225_per_call_info, call_linkage, "callLinkage", h225_t_call_linkage),
    H225_X(h225_per_call_info, usage_information, "usageInformation"),
    H225_X(h225_per_call_info, circuit_info, "circuitInfo"),
};
static const per_type t_per_call_info = PER_SEQUENCE(h225_per_call_info, "perCallInfo", pci_comps, 12, true);
static const per_type t_per_call_infos = PER_SEQUENCE_OF_UNC(t_per_call_info);

/* InfoRequestResponseStatus ::= CHOICE { complete, incomplete, segment INTEGER(0..65535),
 *   invalidCall, ... } */
static const per_comp irrs_comps[] = {
    PER_ALT_NULL("complete"), PER_ALT_NULL("incomplete"),
    H225_M(h225_irr_status, u.segment, "segment", h225_t_u16), PER_ALT_NULL("invalidCall"),
};
static const per_type t_irr_status = PER_CHOICE(h225_irr_status, "InfoRequestResponseStatus", choice, irrs_comps, 4, true);

/* InfoRequestResponse ::= SEQUENCE { nonStandardData OPTIONAL, requestSeqNum, endpointType,
 *   endpointIdentifier, rasAddress TransportAddress, callSignalAddress SEQUENCE OF
 *   TransportAddress, endpointAlias OPTIONAL, perCallInfo OPTIONAL, ..., tokens,
 *   cryptoTokens, integrityCheckValue, needResponse BOOLEAN, capacity, irrStatus,
 *   unsolicited BOOLEAN, genericData } */
static const per_comp irr_comps[] = {
    NSD(h225_irr), SEQ(h225_irr),
    H225_M(h225_irr, endpoint_type, "endpointType", h225_t_endpoint_type),
    EPID(h225_irr),
    H225_M(h225_irr, ras_address, "rasAddress", h225_t_transport_address),
    H225_M(h225_irr, call_signal_address, "callSignalAddress", h225_t_transport_list),
    H225_O(h225_irr, endpoint_alias, "endpointAlias", h225_t_alias_list),
    H225_O(h225_irr, per_call_info, "perCallInfo", t_per_call_infos),
    H225_TOKENS(h225_irr), H225_CRYPTO(h225_irr), H225_ICV(h225_irr),
    H225_M(h225_irr, need_response, "needResponse", per_t_boolean),
    H225_X(h225_irr, capacity, "capacity"),
    H225_O(h225_irr, irr_status, "irrStatus", t_irr_status),
    H225_M(h225_irr, unsolicited, "unsolicited", per_t_boolean),
    GENERIC_DATA(h225_irr),
};
static const per_type t_irr = RAS(h225_irr, "InfoRequestResponse", irr_comps, 8);

/* ---- the small ones (over h225_ras_misc) ---------------------------------------------------------------- */

/* NonStandardMessage ::= SEQUENCE { requestSeqNum, nonStandardData, ..., tokens,
 *   cryptoTokens, integrityCheckValue, featureSet, genericData } */
static const per_comp nsm_comps[] = {
    SEQ(h225_ras_misc), H225_M(h225_ras_misc, nonstandard_data, "nonStandardData", h225_t_nonstandard_parameter),
    H225_TOKENS(h225_ras_misc), H225_CRYPTO(h225_ras_misc), H225_ICV(h225_ras_misc),
    FEATURE_SET(h225_ras_misc), GENERIC_DATA(h225_ras_misc),
};
static const per_type t_nsm = RAS(h225_ras_misc, "NonStandardMessage", nsm_comps, 2);

/* UnknownMessageResponse ::= SEQUENCE { requestSeqNum, ..., tokens, cryptoTokens,
 *   integrityCheckValue, messageNotUnderstood OCTET STRING } */
static const per_comp xrs_comps[] = {
    SEQ(h225_ras_misc), H225_TOKENS(h225_ras_misc), H225_CRYPTO(h225_ras_misc), H225_ICV(h225_ras_misc),
    H225_M(h225_ras_misc, message_not_understood, "messageNotUnderstood", h225_t_octets),
};
static const per_type t_xrs = RAS(h225_ras_misc, "UnknownMessageResponse", xrs_comps, 1);

/* RequestInProgress ::= SEQUENCE { requestSeqNum, nonStandardData OPTIONAL, tokens OPTIONAL,
 *   cryptoTokens OPTIONAL, integrityCheckValue OPTIONAL, delay INTEGER(1..65535), ... } */
static const per_comp rip_comps[] = {
    SEQ(h225_ras_misc), NSD(h225_ras_misc), H225_TOKENS(h225_ras_misc), H225_CRYPTO(h225_ras_misc),
    H225_ICV(h225_ras_misc), H225_M(h225_ras_misc, delay, "delay", t_1_65535),
};
static const per_type t_rip = RAS(h225_ras_misc, "RequestInProgress", rip_comps, 6);

/* ResourcesAvailableIndicate ::= SEQUENCE { requestSeqNum, protocolIdentifier,
 *   nonStandardData OPTIONAL, endpointIdentifier, protocols SEQUENCE OF SupportedProtocols,
 *   almostOutOfResources BOOLEAN, tokens OPTIONAL, cryptoTokens OPTIONAL,
 *   integrityCheckValue OPTIONAL, ..., capacity, genericData } */
static const per_comp rai_comps[] = {
    SEQ(h225_ras_misc), PID(h225_ras_misc), NSD(h225_ras_misc), EPID(h225_ras_misc),
    H225_M(h225_ras_misc, protocols, "protocols", h225_t_protocols_list),
    H225_M(h225_ras_misc, almost_out_of_resources, "almostOutOfResources", per_t_boolean),
    H225_TOKENS(h225_ras_misc), H225_CRYPTO(h225_ras_misc), H225_ICV(h225_ras_misc),
    H225_X(h225_ras_misc, capacity, "capacity"), GENERIC_DATA(h225_ras_misc),
};
static const per_type t_rai = RAS(h225_ras_misc, "ResourcesAvailableIndicate", rai_comps, 9);

/* ResourcesAvailableConfirm ::= SEQUENCE { requestSeqNum, protocolIdentifier,
 *   nonStandardData OPTIONAL, tokens, cryptoTokens, integrityCheckValue OPTIONAL, ...,
 *   genericData }
 * InfoRequestAck ::= SEQUENCE { requestSeqNum, nonStandardData OPTIONAL, tokens,
 *   cryptoTokens, integrityCheckValue OPTIONAL, ... } */
static const per_comp rac_comps[] = {
    SEQ(h225_ras_misc), PID(h225_ras_misc), NSD(h225_ras_misc),
    H225_TOKENS(h225_ras_misc), H225_CRYPTO(h225_ras_misc), H225_ICV(h225_ras_misc), GENERIC_DATA(h225_ras_misc),
};
static const per_type t_rac = RAS(h225_ras_misc, "ResourcesAvailableConfirm", rac_comps, 6);
static const per_comp iack_comps[] = {
    SEQ(h225_ras_misc), NSD(h225_ras_misc), H225_TOKENS(h225_ras_misc), H225_CRYPTO(h225_ras_misc),
    H225_ICV(h225_ras_misc),
};
static const per_type t_iack = RAS(h225_ras_misc, "InfoRequestAck", iack_comps, 5);

/* ---- RasMessage ---------------------------------------------------------------------------------------- */

/* RasMessage ::= CHOICE { gatekeeperRequest .. unknownMessageResponse (25), ...,
 *   requestInProgress, resourcesAvailableIndicate, resourcesAvailableConfirm,
 *   infoRequestAck, infoRequestNak, serviceControlIndication, serviceControlResponse,
 *   admissionConfirmSequence SEQUENCE OF AdmissionConfirm } */
#define RAS_ALT(f, nm, type) H225_M(h225_ras_message, u.f, nm, type)
static const per_comp ras_comps[] = {
    RAS_ALT(grq, "gatekeeperRequest", t_grq),
    RAS_ALT(gcf, "gatekeeperConfirm", t_gcf),
    RAS_ALT(grj, "gatekeeperReject", t_grj),
    RAS_ALT(rrq, "registrationRequest", t_rrq),
    RAS_ALT(rcf, "registrationConfirm", t_rcf),
    RAS_ALT(rrj, "registrationReject", t_rrj),
    RAS_ALT(urq, "unregistrationRequest", t_urq),
    RAS_ALT(ucf, "unregistrationConfirm", t_ucf),
    RAS_ALT(reject, "unregistrationReject", t_urj),
    RAS_ALT(arq, "admissionRequest", t_arq),
    RAS_ALT(acf, "admissionConfirm", t_acf),
    RAS_ALT(reject, "admissionReject", t_arj),
    RAS_ALT(brq, "bandwidthRequest", t_brq),
    RAS_ALT(bcf, "bandwidthConfirm", t_bcf),
    RAS_ALT(reject, "bandwidthReject", t_brj),
    RAS_ALT(drq, "disengageRequest", t_drq),
    RAS_ALT(dcf, "disengageConfirm", t_dcf),
    RAS_ALT(reject, "disengageReject", t_drj),
    RAS_ALT(lrq, "locationRequest", t_lrq),
    RAS_ALT(lcf, "locationConfirm", t_lcf),
    RAS_ALT(reject, "locationReject", t_lrj),
    RAS_ALT(irq, "infoRequest", t_irq),
    RAS_ALT(irr, "infoRequestResponse", t_irr),
    RAS_ALT(misc, "nonStandardMessage", t_nsm),
    RAS_ALT(misc, "unknownMessageResponse", t_xrs),
    RAS_ALT(misc, "requestInProgress", t_rip),
    RAS_ALT(misc, "resourcesAvailableIndicate", t_rai),
    RAS_ALT(misc, "resourcesAvailableConfirm", t_rac),
    RAS_ALT(misc, "infoRequestAck", t_iack),
    RAS_ALT(reject, "infoRequestNak", t_inak),
    PER_ALT_UNDESCRIBED("serviceControlIndication"),
    PER_ALT_UNDESCRIBED("serviceControlResponse"),
    RAS_ALT(acf_sequence, "admissionConfirmSequence", t_acf_sequence),
};
const per_type h225_t_ras_message = PER_CHOICE_KEEP(h225_ras_message, "RasMessage", choice, ras_comps, 25, unknown);

/* ---- codec and builders ------------------------------------------------------------------------------------ */

int h225_encode_ras(const h225_ras_message *m, uint8_t *out, size_t cap, size_t *len,
                    per_errinfo *ei)
{
    if (!m || !out || !len) return PER_E_INVALID;
    return per_encode(&h225_t_ras_message, m, out, cap, len, ei);
}

int h225_decode_ras(const uint8_t *in, size_t len, h225_ras_message *m, per_arena *a,
                    per_errinfo *ei)
{
    if (!in || !m || !a) return PER_E_INVALID;
    int rc = per_decode(&h225_t_ras_message, in, len, m, a, ei);
    if (rc) return rc;
    /* The has_ flags of components mandatory here but OPTIONAL in the struct's other
     * messages, and the H323-UU-PDUs an IRR reports. */
    if (m->choice == H225_RAS_NONSTANDARD_MESSAGE) m->u.misc.has_nonstandard_data = true;
    if (m->choice == H225_RAS_IRR && m->u.irr.has_per_call_info)
        for (uint32_t i = 0; i < m->u.irr.per_call_info.count; i++) {
            h225_per_call_info *c = &m->u.irr.per_call_info.items[i];
            for (uint32_t j = 0; c->has_pdu && j < c->pdu.count; j++) h225_uu_pdu_normalize(&c->pdu.items[j].h323pdu);
        }
    return PER_OK;
}

/* Where message `type` keeps its requestSeqNum / protocolIdentifier in h225_ras_message
 * (0: it has none). */
#define AT(f) offsetof(h225_ras_message, u.f)
static size_t seq_offset(uint32_t type)
{
    switch (type) {
    case H225_RAS_GRQ: return AT(grq.request_seq_num);
    case H225_RAS_GCF: return AT(gcf.request_seq_num);
    case H225_RAS_GRJ: return AT(grj.request_seq_num);
    case H225_RAS_RRQ: return AT(rrq.request_seq_num);
    case H225_RAS_RCF: return AT(rcf.request_seq_num);
    case H225_RAS_RRJ: return AT(rrj.request_seq_num);
    case H225_RAS_URQ: return AT(urq.request_seq_num);
    case H225_RAS_UCF: return AT(ucf.request_seq_num);
    case H225_RAS_ARQ: return AT(arq.request_seq_num);
    case H225_RAS_ACF: return AT(acf.request_seq_num);
    case H225_RAS_BRQ: return AT(brq.request_seq_num);
    case H225_RAS_BCF: return AT(bcf.request_seq_num);
    case H225_RAS_DRQ: return AT(drq.request_seq_num);
    case H225_RAS_DCF: return AT(dcf.request_seq_num);
    case H225_RAS_LRQ: return AT(lrq.request_seq_num);
    case H225_RAS_LCF: return AT(lcf.request_seq_num);
    case H225_RAS_IRQ: return AT(irq.request_seq_num);
    case H225_RAS_IRR: return AT(irr.request_seq_num);
    case H225_RAS_URJ: case H225_RAS_ARJ: case H225_RAS_BRJ: case H225_RAS_DRJ: case H225_RAS_LRJ:
    case H225_RAS_INAK:
        return AT(reject.request_seq_num);
    case H225_RAS_NONSTANDARD_MESSAGE: case H225_RAS_UNKNOWN_MESSAGE_RESPONSE: case H225_RAS_RIP:
    case H225_RAS_RAI: case H225_RAS_RAC: case H225_RAS_IACK:
        return AT(misc.request_seq_num);
    default: return 0;
    }
}

static size_t protocol_id_offset(uint32_t type)
{
    switch (type) {
    case H225_RAS_GRQ: return AT(grq.protocol_identifier);
    case H225_RAS_GCF: return AT(gcf.protocol_identifier);
    case H225_RAS_GRJ: return AT(grj.protocol_identifier);
    case H225_RAS_RRQ: return AT(rrq.protocol_identifier);
    case H225_RAS_RCF: return AT(rcf.protocol_identifier);
    case H225_RAS_RRJ: return AT(rrj.protocol_identifier);
    case H225_RAS_RAI: case H225_RAS_RAC: return AT(misc.protocol_identifier);
    default: return 0;
    }
}
#undef AT

int h225_ras_init(h225_ras_message *m, uint32_t type, uint16_t seq, unsigned version)
{
    size_t at = seq_offset(type), pid = protocol_id_offset(type);
    if (!m || !at) return PER_E_INVALID;
    memset(m, 0, sizeof *m);
    m->choice = type;
    uint16_t s = seq;
    memcpy((uint8_t *)m + at, &s, sizeof s);
    if (pid) {
        per_oid oid = h225_protocol_identifier(version);
        memcpy((uint8_t *)m + pid, &oid, sizeof oid);
    }
    return PER_OK;
}

uint16_t h225_ras_seq_num(const h225_ras_message *m)
{
    if (!m) return 0;
    if (m->choice == H225_RAS_ACF_SEQUENCE)
        return m->u.acf_sequence.count && m->u.acf_sequence.items ? m->u.acf_sequence.items[0].request_seq_num : 0;
    size_t at = seq_offset(m->choice);
    uint16_t s = 0;
    if (at) memcpy(&s, (const uint8_t *)m + at, sizeof s);
    return s;
}

const char *h225_ras_name(uint32_t type)
{
    static const char *const names[H225_RAS_COUNT] = {
        "GRQ", "GCF", "GRJ", "RRQ", "RCF", "RRJ", "URQ", "UCF", "URJ", "ARQ", "ACF", "ARJ",
        "BRQ", "BCF", "BRJ", "DRQ", "DCF", "DRJ", "LRQ", "LCF", "LRJ", "IRQ", "IRR",
        "NonStandardMessage", "XRS", "RIP", "RAI", "RAC", "IACK", "INAK", "SCI", "SCR", "ACF sequence",
    };
    return type < H225_RAS_COUNT ? names[type] : "?";
}
