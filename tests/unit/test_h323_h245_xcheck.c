/*
 * tests/unit/test_h323_h245_xcheck.c - the H.245 descriptions of tsp-h323/h245 against an
 * independent implementation: Erlang/OTP's asn1 compiler (Debian erlang-asn1;
 * `erlc -bper +maps`), given the subset of MULTIMEDIA-SYSTEM-CONTROL below, transcribed
 * separately from the H.245 (05/2006) module text. Random values of every described
 * type (test_h323_h245_walk.h) and the builders' messages are encoded by tspkit and
 * written as Erlang terms; Erlang must encode each term to the very same octets, and
 * decode those octets to the very same term. A wrong root count, bound, extension
 * marker, component order or alternative in either transcription shows up as a
 * difference, with the value and both encodings printed.
 *
 * The other direction too: Erlang makes random values of the subset (asn1ct:value/2) and
 * encodes them; tspkit must decode each and encode it again to the same octets.
 *
 * The subset describes what h245_schema.c describes: alternatives tspkit does not
 * describe are placeholders of type Undescribed (an ENUMERATED of two values that nothing
 * else uses) here, which tspkit never chooses and whose Erlang values are dropped; additions it does not describe are
 * left out (a type "version" both sides share), and the two opaque additions
 * (separateStack, qosCapability) are such placeholders and stay absent. Two mandatory
 * additions, CloseLogicalChannel.reason and H2250LogicalChannelAckParameters.
 * flowControlToZero, are optional in tspkit so that it knows whether an older peer sent
 * them; Erlang, too, accepts them absent.
 *
 * Skipped, saying so, when erlc/escript are not installed.
 */
#define _POSIX_C_SOURCE 200809L
#include "h245/h245.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_h323_h245_walk.h"

#define NRANDOM 3000          /* random MultimediaSystemControlMessages */
#define NOLC 300              /* random standalone OpenLogicalChannels */

static const char MSC_ASN1[] =
    "MSC DEFINITIONS AUTOMATIC TAGS ::= BEGIN\n"
    "MultimediaSystemControlMessage ::= CHOICE { request RequestMessage, response ResponseMessage,\n"
    "  command CommandMessage, indication IndicationMessage, ... }\n"
    "RequestMessage ::= CHOICE {\n"
    "  nonStandard NonStandardMessage,\n"
    "  masterSlaveDetermination MasterSlaveDetermination,\n"
    "  terminalCapabilitySet TerminalCapabilitySet,\n"
    "  openLogicalChannel OpenLogicalChannel,\n"
    "  closeLogicalChannel CloseLogicalChannel,\n"
    "  requestChannelClose RequestChannelClose,\n"
    "  multiplexEntrySend Undescribed, requestMultiplexEntry Undescribed, requestMode Undescribed,\n"
    "  roundTripDelayRequest RoundTripDelayRequest,\n"
    "  maintenanceLoopRequest Undescribed,\n"
    "  ...,\n"
    "  communicationModeRequest Undescribed, conferenceRequest Undescribed, multilinkRequest Undescribed,\n"
    "  logicalChannelRateRequest Undescribed, genericRequest Undescribed }\n"
    "ResponseMessage ::= CHOICE {\n"
    "  nonStandard NonStandardMessage,\n"
    "  masterSlaveDeterminationAck MasterSlaveDeterminationAck,\n"
    "  masterSlaveDeterminationReject MasterSlaveDeterminationReject,\n"
    "  terminalCapabilitySetAck TerminalCapabilitySetAck,\n"
    "  terminalCapabilitySetReject TerminalCapabilitySetReject,\n"
    "  openLogicalChannelAck OpenLogicalChannelAck,\n"
    "  openLogicalChannelReject OpenLogicalChannelReject,\n"
    "  closeLogicalChannelAck CloseLogicalChannelAck,\n"
    "  requestChannelCloseAck RequestChannelCloseAck,\n"
    "  requestChannelCloseReject RequestChannelCloseReject,\n"
    "  multiplexEntrySendAck Undescribed, multiplexEntrySendReject Undescribed, requestMultiplexEntryAck Undescribed,\n"
    "  requestMultiplexEntryReject Undescribed, requestModeAck Undescribed, requestModeReject Undescribed,\n"
    "  roundTripDelayResponse RoundTripDelayResponse,\n"
    "  maintenanceLoopAck Undescribed, maintenanceLoopReject Undescribed,\n"
    "  ...,\n"
    "  communicationModeResponse Undescribed, conferenceResponse Undescribed, multilinkResponse Undescribed,\n"
    "  logicalChannelRateAcknowledge Undescribed, logicalChannelRateReject Undescribed, genericResponse Undescribed }\n"
    "CommandMessage ::= CHOICE {\n"
    "  nonStandard NonStandardMessage,\n"
    "  maintenanceLoopOffCommand MaintenanceLoopOffCommand,\n"
    "  sendTerminalCapabilitySet SendTerminalCapabilitySet,\n"
    "  encryptionCommand Undescribed,\n"
    "  flowControlCommand FlowControlCommand,\n"
    "  endSessionCommand EndSessionCommand,\n"
    "  miscellaneousCommand MiscellaneousCommand,\n"
    "  ...,\n"
    "  communicationModeCommand Undescribed, conferenceCommand Undescribed, h223MultiplexReconfiguration Undescribed,\n"
    "  newATMVCCommand Undescribed, mobileMultilinkReconfigurationCommand Undescribed, genericCommand Undescribed }\n"
    "IndicationMessage ::= CHOICE {\n"
    "  nonStandard NonStandardMessage,\n"
    "  functionNotUnderstood FunctionNotUnderstood,\n"
    "  masterSlaveDeterminationRelease MasterSlaveDeterminationRelease,\n"
    "  terminalCapabilitySetRelease TerminalCapabilitySetRelease,\n"
    "  openLogicalChannelConfirm OpenLogicalChannelConfirm,\n"
    "  requestChannelCloseRelease RequestChannelCloseRelease,\n"
    "  multiplexEntrySendRelease Undescribed, requestMultiplexEntryRelease Undescribed,\n"
    "  requestModeRelease RequestModeRelease,\n"
    "  miscellaneousIndication MiscellaneousIndication,\n"
    "  jitterIndication JitterIndication,\n"
    "  h223SkewIndication Undescribed, newATMVCIndication Undescribed,\n"
    "  userInput UserInputIndication,\n"
    "  ...,\n"
    "  h2250MaximumSkewIndication Undescribed, mcLocationIndication Undescribed, conferenceIndication Undescribed,\n"
    "  vendorIdentification VendorIdentification,\n"
    "  functionNotSupported FunctionNotSupported,\n"
    "  multilinkIndication Undescribed, logicalChannelRateRelease Undescribed,\n"
    "  flowControlIndication FlowControlIndication,\n"
    "  mobileMultilinkReconfigurationIndication Undescribed, genericIndication Undescribed }\n"
    "Undescribed ::= ENUMERATED { undescribed, alsoUndescribed }\n"
    "SequenceNumber ::= INTEGER (0..255)\n"
    "NonStandardMessage ::= SEQUENCE { nonStandardData NonStandardParameter, ... }\n"
    "NonStandardParameter ::= SEQUENCE { nonStandardIdentifier NonStandardIdentifier, data OCTET STRING }\n"
    "NonStandardIdentifier ::= CHOICE { object OBJECT IDENTIFIER,\n"
    "  h221NonStandard SEQUENCE { t35CountryCode INTEGER (0..255), t35Extension INTEGER (0..255),\n"
    "    manufacturerCode INTEGER (0..65535) } }\n"
    "MasterSlaveDetermination ::= SEQUENCE { terminalType INTEGER (0..255),\n"
    "  statusDeterminationNumber INTEGER (0..16777215), ... }\n"
    "MasterSlaveDeterminationAck ::= SEQUENCE { decision CHOICE { master NULL, slave NULL }, ... }\n"
    "MasterSlaveDeterminationReject ::= SEQUENCE { cause CHOICE { identicalNumbers NULL, ... }, ... }\n"
    "MasterSlaveDeterminationRelease ::= SEQUENCE { ... }\n"
    "TerminalCapabilitySet ::= SEQUENCE {\n"
    "  sequenceNumber SequenceNumber,\n"
    "  protocolIdentifier OBJECT IDENTIFIER,\n"
    "  multiplexCapability MultiplexCapability OPTIONAL,\n"
    "  capabilityTable SET SIZE (1..256) OF CapabilityTableEntry OPTIONAL,\n"
    "  capabilityDescriptors SET SIZE (1..256) OF CapabilityDescriptor OPTIONAL,\n"
    "  ... }\n"
    "CapabilityTableEntry ::= SEQUENCE { capabilityTableEntryNumber CapabilityTableEntryNumber,\n"
    "  capability Capability OPTIONAL }\n"
    "CapabilityDescriptor ::= SEQUENCE { capabilityDescriptorNumber CapabilityDescriptorNumber,\n"
    "  simultaneousCapabilities SET SIZE (1..256) OF AlternativeCapabilitySet OPTIONAL }\n"
    "AlternativeCapabilitySet ::= SEQUENCE SIZE (1..256) OF CapabilityTableEntryNumber\n"
    "CapabilityTableEntryNumber ::= INTEGER (1..65535)\n"
    "CapabilityDescriptorNumber ::= INTEGER (0..255)\n"
    "TerminalCapabilitySetAck ::= SEQUENCE { sequenceNumber SequenceNumber, ... }\n"
    "TerminalCapabilitySetReject ::= SEQUENCE { sequenceNumber SequenceNumber,\n"
    "  cause CHOICE { unspecified NULL, undefinedTableEntryUsed NULL, descriptorCapacityExceeded NULL,\n"
    "    tableEntryCapacityExceeded CHOICE { highestEntryNumberProcessed CapabilityTableEntryNumber,\n"
    "      noneProcessed NULL }, ... }, ... }\n"
    "TerminalCapabilitySetRelease ::= SEQUENCE { ... }\n"
    "Capability ::= CHOICE {\n"
    "  nonStandard NonStandardParameter,\n"
    "  receiveVideoCapability VideoCapability,\n"
    "  transmitVideoCapability VideoCapability,\n"
    "  receiveAndTransmitVideoCapability VideoCapability,\n"
    "  receiveAudioCapability AudioCapability,\n"
    "  transmitAudioCapability AudioCapability,\n"
    "  receiveAndTransmitAudioCapability AudioCapability,\n"
    "  receiveDataApplicationCapability DataApplicationCapability,\n"
    "  transmitDataApplicationCapability DataApplicationCapability,\n"
    "  receiveAndTransmitDataApplicationCapability DataApplicationCapability,\n"
    "  h233EncryptionTransmitCapability BOOLEAN,\n"
    "  h233EncryptionReceiveCapability SEQUENCE { h233IVResponseTime INTEGER (0..255), ... },\n"
    "  ...,\n"
    "  conferenceCapability Undescribed, h235SecurityCapability Undescribed,\n"
    "  maxPendingReplacementFor INTEGER (0..255),\n"
    "  receiveUserInputCapability UserInputCapability,\n"
    "  transmitUserInputCapability UserInputCapability,\n"
    "  receiveAndTransmitUserInputCapability UserInputCapability,\n"
    "  genericControlCapability Undescribed, receiveMultiplexedStreamCapability Undescribed,\n"
    "  transmitMultiplexedStreamCapability Undescribed, receiveAndTransmitMultiplexedStreamCapability Undescribed,\n"
    "  receiveRTPAudioTelephonyEventCapability AudioTelephonyEventCapability,\n"
    "  receiveRTPAudioToneCapability Undescribed, depFecCapability Undescribed, multiplePayloadStreamCapability Undescribed,\n"
    "  fecCapability Undescribed, redundancyEncodingCap Undescribed, oneOfCapabilities Undescribed }\n"
    "MultiplexCapability ::= CHOICE { nonStandard NonStandardParameter, h222Capability Undescribed,\n"
    "  h223Capability Undescribed, v76Capability Undescribed, ..., h2250Capability H2250Capability,\n"
    "  genericMultiplexCapability Undescribed }\n"
    "H2250Capability ::= SEQUENCE {\n"
    "  maximumAudioDelayJitter INTEGER (0..1023),\n"
    "  receiveMultipointCapability MultipointCapability,\n"
    "  transmitMultipointCapability MultipointCapability,\n"
    "  receiveAndTransmitMultipointCapability MultipointCapability,\n"
    "  mcCapability SEQUENCE { centralizedConferenceMC BOOLEAN, decentralizedConferenceMC BOOLEAN, ... },\n"
    "  rtcpVideoControlCapability BOOLEAN,\n"
    "  mediaPacketizationCapability MediaPacketizationCapability,\n"
    "  ... }\n"
    "MediaPacketizationCapability ::= SEQUENCE { h261aVideoPacketization BOOLEAN, ...,\n"
    "  rtpPayloadType SEQUENCE SIZE (1..256) OF RTPPayloadType OPTIONAL }\n"
    "MultipointCapability ::= SEQUENCE { multicastCapability BOOLEAN, multiUniCastConference BOOLEAN,\n"
    "  mediaDistributionCapability SEQUENCE OF MediaDistributionCapability, ... }\n"
    "MediaDistributionCapability ::= SEQUENCE { centralizedControl BOOLEAN, distributedControl BOOLEAN,\n"
    "  centralizedAudio BOOLEAN, distributedAudio BOOLEAN, centralizedVideo BOOLEAN,\n"
    "  distributedVideo BOOLEAN, centralizedData SEQUENCE OF DataApplicationCapability OPTIONAL,\n"
    "  distributedData SEQUENCE OF DataApplicationCapability OPTIONAL, ... }\n"
    "VideoCapability ::= CHOICE { nonStandard NonStandardParameter,\n"
    "  h261VideoCapability H261VideoCapability, h262VideoCapability H262VideoCapability,\n"
    "  h263VideoCapability H263VideoCapability, is11172VideoCapability IS11172VideoCapability,\n"
    "  ..., genericVideoCapability Undescribed, extendedVideoCapability Undescribed }\n"
    "H261VideoCapability ::= SEQUENCE { qcifMPI INTEGER (1..4) OPTIONAL, cifMPI INTEGER (1..4) OPTIONAL,\n"
    "  temporalSpatialTradeOffCapability BOOLEAN, maxBitRate INTEGER (1..19200),\n"
    "  stillImageTransmission BOOLEAN, ... }\n"
    "H262VideoCapability ::= SEQUENCE { profileAndLevel-SPatML BOOLEAN, profileAndLevel-MPatLL BOOLEAN,\n"
    "  profileAndLevel-MPatML BOOLEAN, profileAndLevel-MPatH-14 BOOLEAN, profileAndLevel-MPatHL BOOLEAN,\n"
    "  profileAndLevel-SNRatLL BOOLEAN, profileAndLevel-SNRatML BOOLEAN,\n"
    "  profileAndLevel-SpatialatH-14 BOOLEAN, profileAndLevel-HPatML BOOLEAN,\n"
    "  profileAndLevel-HPatH-14 BOOLEAN, profileAndLevel-HPatHL BOOLEAN,\n"
    "  videoBitRate INTEGER (0..1073741823) OPTIONAL, vbvBufferSize INTEGER (0..262143) OPTIONAL,\n"
    "  samplesPerLine INTEGER (0..16383) OPTIONAL, linesPerFrame INTEGER (0..16383) OPTIONAL,\n"
    "  framesPerSecond INTEGER (0..15) OPTIONAL, luminanceSampleRate INTEGER (0..4294967295) OPTIONAL,\n"
    "  ... }\n"
    "H263VideoCapability ::= SEQUENCE { sqcifMPI INTEGER (1..32) OPTIONAL, qcifMPI INTEGER (1..32) OPTIONAL,\n"
    "  cifMPI INTEGER (1..32) OPTIONAL, cif4MPI INTEGER (1..32) OPTIONAL, cif16MPI INTEGER (1..32) OPTIONAL,\n"
    "  maxBitRate INTEGER (1..192400), unrestrictedVector BOOLEAN, arithmeticCoding BOOLEAN,\n"
    "  advancedPrediction BOOLEAN, pbFrames BOOLEAN, temporalSpatialTradeOffCapability BOOLEAN,\n"
    "  hrd-B INTEGER (0..524287) OPTIONAL, bppMaxKb INTEGER (0..65535) OPTIONAL, ... }\n"
    "IS11172VideoCapability ::= SEQUENCE { constrainedBitstream BOOLEAN,\n"
    "  videoBitRate INTEGER (0..1073741823) OPTIONAL, vbvBufferSize INTEGER (0..262143) OPTIONAL,\n"
    "  samplesPerLine INTEGER (0..16383) OPTIONAL, linesPerFrame INTEGER (0..16383) OPTIONAL,\n"
    "  pictureRate INTEGER (0..15) OPTIONAL, luminanceSampleRate INTEGER (0..4294967295) OPTIONAL, ... }\n"
    "AudioCapability ::= CHOICE { nonStandard NonStandardParameter,\n"
    "  g711Alaw64k INTEGER (1..256), g711Alaw56k INTEGER (1..256), g711Ulaw64k INTEGER (1..256),\n"
    "  g711Ulaw56k INTEGER (1..256), g722-64k INTEGER (1..256), g722-56k INTEGER (1..256),\n"
    "  g722-48k INTEGER (1..256),\n"
    "  g7231 SEQUENCE { maxAl-sduAudioFrames INTEGER (1..256), silenceSuppression BOOLEAN },\n"
    "  g728 INTEGER (1..256), g729 INTEGER (1..256), g729AnnexA INTEGER (1..256),\n"
    "  is11172AudioCapability IS11172AudioCapability, is13818AudioCapability IS13818AudioCapability,\n"
    "  ...,\n"
    "  g729wAnnexB INTEGER (1..256), g729AnnexAwAnnexB INTEGER (1..256), g7231AnnexCCapability Undescribed,\n"
    "  gsmFullRate GSMAudioCapability, gsmHalfRate GSMAudioCapability,\n"
    "  gsmEnhancedFullRate GSMAudioCapability, genericAudioCapability Undescribed, g729Extensions Undescribed,\n"
    "  vbd Undescribed, audioTelephonyEvent Undescribed, audioTone Undescribed }\n"
    "IS11172AudioCapability ::= SEQUENCE { audioLayer1 BOOLEAN, audioLayer2 BOOLEAN, audioLayer3 BOOLEAN,\n"
    "  audioSampling32k BOOLEAN, audioSampling44k1 BOOLEAN, audioSampling48k BOOLEAN,\n"
    "  singleChannel BOOLEAN, twoChannels BOOLEAN, bitRate INTEGER (1..448), ... }\n"
    "IS13818AudioCapability ::= SEQUENCE { audioLayer1 BOOLEAN, audioLayer2 BOOLEAN, audioLayer3 BOOLEAN,\n"
    "  audioSampling16k BOOLEAN, audioSampling22k05 BOOLEAN, audioSampling24k BOOLEAN,\n"
    "  audioSampling32k BOOLEAN, audioSampling44k1 BOOLEAN, audioSampling48k BOOLEAN,\n"
    "  singleChannel BOOLEAN, twoChannels BOOLEAN, threeChannels2-1 BOOLEAN, threeChannels3-0 BOOLEAN,\n"
    "  fourChannels2-0-2-0 BOOLEAN, fourChannels2-2 BOOLEAN, fourChannels3-1 BOOLEAN,\n"
    "  fiveChannels3-0-2-0 BOOLEAN, fiveChannels3-2 BOOLEAN, lowFrequencyEnhancement BOOLEAN,\n"
    "  multilingual BOOLEAN, bitRate INTEGER (1..1130), ... }\n"
    "GSMAudioCapability ::= SEQUENCE { audioUnitSize INTEGER (1..256), comfortNoise BOOLEAN,\n"
    "  scrambled BOOLEAN, ... }\n"
    "DataApplicationCapability ::= SEQUENCE {\n"
    "  application CHOICE { nonStandard NonStandardParameter, t120 DataProtocolCapability,\n"
    "    dsm-cc DataProtocolCapability, userData DataProtocolCapability,\n"
    "    t84 SEQUENCE { t84Protocol DataProtocolCapability, t84Profile T84Profile },\n"
    "    t434 DataProtocolCapability, h224 DataProtocolCapability,\n"
    "    nlpid SEQUENCE { nlpidProtocol DataProtocolCapability, nlpidData OCTET STRING },\n"
    "    dsvdControl NULL, h222DataPartitioning DataProtocolCapability,\n"
    "    ..., t30fax DataProtocolCapability, t140 DataProtocolCapability, t38fax Undescribed,\n"
    "    genericDataCapability Undescribed },\n"
    "  maxBitRate INTEGER (0..4294967295), ... }\n"
    "DataProtocolCapability ::= CHOICE { nonStandard NonStandardParameter, v14buffered NULL,\n"
    "  v42lapm NULL, hdlcFrameTunnelling NULL, h310SeparateVCStack NULL, h310SingleVCStack NULL,\n"
    "  transparent NULL, ..., segmentationAndReassembly NULL, hdlcFrameTunnelingwSAR NULL,\n"
    "  v120 NULL, separateLANStack NULL, v76wCompression Undescribed, tcp NULL, udp NULL }\n"
    "T84Profile ::= CHOICE { t84Unrestricted NULL,\n"
    "  t84Restricted SEQUENCE { qcif BOOLEAN, cif BOOLEAN, ccir601Seq BOOLEAN, ccir601Prog BOOLEAN,\n"
    "    hdtvSeq BOOLEAN, hdtvProg BOOLEAN, g3FacsMH200x100 BOOLEAN, g3FacsMH200x200 BOOLEAN,\n"
    "    g4FacsMMR200x100 BOOLEAN, g4FacsMMR200x200 BOOLEAN, jbig200x200Seq BOOLEAN,\n"
    "    jbig200x200Prog BOOLEAN, jbig300x300Seq BOOLEAN, jbig300x300Prog BOOLEAN, digPhotoLow BOOLEAN,\n"
    "    digPhotoMedSeq BOOLEAN, digPhotoMedProg BOOLEAN, digPhotoHighSeq BOOLEAN,\n"
    "    digPhotoHighProg BOOLEAN, ... } }\n"
    "UserInputCapability ::= CHOICE { nonStandard SEQUENCE SIZE (1..16) OF NonStandardParameter,\n"
    "  basicString NULL, iA5String NULL, generalString NULL, dtmf NULL, hookflash NULL, ...,\n"
    "  extendedAlphanumeric NULL, encryptedBasicString NULL, encryptedIA5String NULL,\n"
    "  encryptedGeneralString NULL, secureDTMF NULL, genericUserInputCapability Undescribed }\n"
    "AudioTelephonyEventCapability ::= SEQUENCE { dynamicRTPPayloadType INTEGER (96..127),\n"
    "  audioTelephoneEvent GeneralString, ... }\n"
    "RTPPayloadType ::= SEQUENCE {\n"
    "  payloadDescriptor CHOICE { nonStandardIdentifier NonStandardParameter,\n"
    "    rfc-number INTEGER (1..32768, ...), oid OBJECT IDENTIFIER, ... },\n"
    "  payloadType INTEGER (0..127) OPTIONAL, ... }\n"
    "OpenLogicalChannel ::= SEQUENCE {\n"
    "  forwardLogicalChannelNumber LogicalChannelNumber,\n"
    "  forwardLogicalChannelParameters SEQUENCE {\n"
    "    portNumber INTEGER (0..65535) OPTIONAL,\n"
    "    dataType DataType,\n"
    "    multiplexParameters CHOICE { h222LogicalChannelParameters Undescribed,\n"
    "      h223LogicalChannelParameters Undescribed, v76LogicalChannelParameters Undescribed, ...,\n"
    "      h2250LogicalChannelParameters H2250LogicalChannelParameters, none NULL },\n"
    "    ...,\n"
    "    forwardLogicalChannelDependency LogicalChannelNumber OPTIONAL,\n"
    "    replacementFor LogicalChannelNumber OPTIONAL },\n"
    "  reverseLogicalChannelParameters SEQUENCE {\n"
    "    dataType DataType,\n"
    "    multiplexParameters CHOICE { h223LogicalChannelParameters Undescribed,\n"
    "      v76LogicalChannelParameters Undescribed, ...,\n"
    "      h2250LogicalChannelParameters H2250LogicalChannelParameters } OPTIONAL,\n"
    "    ...,\n"
    "    reverseLogicalChannelDependency LogicalChannelNumber OPTIONAL,\n"
    "    replacementFor LogicalChannelNumber OPTIONAL } OPTIONAL,\n"
    "  ...,\n"
    "  separateStack Undescribed OPTIONAL }\n"
    "LogicalChannelNumber ::= INTEGER (1..65535)\n"
    "DataType ::= CHOICE { nonStandard NonStandardParameter, nullData NULL,\n"
    "  videoData VideoCapability, audioData AudioCapability, data DataApplicationCapability,\n"
    "  encryptionData EncryptionMode, ..., h235Control NonStandardParameter, h235Media Undescribed,\n"
    "  multiplexedStream Undescribed, redundancyEncoding Undescribed, multiplePayloadStream Undescribed, depFec Undescribed,\n"
    "  fec Undescribed }\n"
    "EncryptionMode ::= CHOICE { nonStandard NonStandardParameter, h233Encryption NULL, ... }\n"
    "H2250LogicalChannelParameters ::= SEQUENCE {\n"
    "  nonStandard SEQUENCE OF NonStandardParameter OPTIONAL,\n"
    "  sessionID INTEGER (0..255),\n"
    "  associatedSessionID INTEGER (1..255) OPTIONAL,\n"
    "  mediaChannel TransportAddress OPTIONAL,\n"
    "  mediaGuaranteedDelivery BOOLEAN OPTIONAL,\n"
    "  mediaControlChannel TransportAddress OPTIONAL,\n"
    "  mediaControlGuaranteedDelivery BOOLEAN OPTIONAL,\n"
    "  silenceSuppression BOOLEAN OPTIONAL,\n"
    "  destination TerminalLabel OPTIONAL,\n"
    "  dynamicRTPPayloadType INTEGER (96..127) OPTIONAL,\n"
    "  mediaPacketization CHOICE { h261aVideoPacketization NULL, ...,\n"
    "    rtpPayloadType RTPPayloadType } OPTIONAL,\n"
    "  ... }\n"
    "TerminalLabel ::= SEQUENCE { mcuNumber McuNumber, terminalNumber TerminalNumber, ... }\n"
    "McuNumber ::= INTEGER (0..192)\n"
    "TerminalNumber ::= INTEGER (0..192)\n"
    "TransportAddress ::= CHOICE { unicastAddress UnicastAddress, multicastAddress MulticastAddress, ... }\n"
    "UnicastAddress ::= CHOICE {\n"
    "  iPAddress SEQUENCE { network OCTET STRING (SIZE (4)), tsapIdentifier INTEGER (0..65535), ... },\n"
    "  iPXAddress SEQUENCE { node OCTET STRING (SIZE (6)), netnum OCTET STRING (SIZE (4)),\n"
    "    tsapIdentifier OCTET STRING (SIZE (2)), ... },\n"
    "  iP6Address SEQUENCE { network OCTET STRING (SIZE (16)), tsapIdentifier INTEGER (0..65535), ... },\n"
    "  netBios OCTET STRING (SIZE (16)),\n"
    "  iPSourceRouteAddress SEQUENCE { routing CHOICE { strict NULL, loose NULL },\n"
    "    network OCTET STRING (SIZE (4)), tsapIdentifier INTEGER (0..65535),\n"
    "    route SEQUENCE OF OCTET STRING (SIZE (4)), ... },\n"
    "  ...,\n"
    "  nsap OCTET STRING (SIZE (1..20)),\n"
    "  nonStandardAddress NonStandardParameter }\n"
    "MulticastAddress ::= CHOICE {\n"
    "  iPAddress SEQUENCE { network OCTET STRING (SIZE (4)), tsapIdentifier INTEGER (0..65535), ... },\n"
    "  iP6Address SEQUENCE { network OCTET STRING (SIZE (16)), tsapIdentifier INTEGER (0..65535), ... },\n"
    "  ...,\n"
    "  nsap OCTET STRING (SIZE (1..20)),\n"
    "  nonStandardAddress NonStandardParameter }\n"
    "OpenLogicalChannelAck ::= SEQUENCE {\n"
    "  forwardLogicalChannelNumber LogicalChannelNumber,\n"
    "  reverseLogicalChannelParameters SEQUENCE {\n"
    "    reverseLogicalChannelNumber LogicalChannelNumber,\n"
    "    portNumber INTEGER (0..65535) OPTIONAL,\n"
    "    multiplexParameters CHOICE { h222LogicalChannelParameters Undescribed, ...,\n"
    "      h2250LogicalChannelParameters H2250LogicalChannelParameters } OPTIONAL,\n"
    "    ...,\n"
    "    replacementFor LogicalChannelNumber OPTIONAL } OPTIONAL,\n"
    "  ...,\n"
    "  separateStack Undescribed OPTIONAL,\n"
    "  forwardMultiplexAckParameters CHOICE {\n"
    "    h2250LogicalChannelAckParameters H2250LogicalChannelAckParameters, ... } OPTIONAL }\n"
    "H2250LogicalChannelAckParameters ::= SEQUENCE {\n"
    "  nonStandard SEQUENCE OF NonStandardParameter OPTIONAL,\n"
    "  sessionID INTEGER (1..255) OPTIONAL,\n"
    "  mediaChannel TransportAddress OPTIONAL,\n"
    "  mediaControlChannel TransportAddress OPTIONAL,\n"
    "  dynamicRTPPayloadType INTEGER (96..127) OPTIONAL,\n"
    "  ...,\n"
    "  flowControlToZero BOOLEAN,\n"
    "  portNumber INTEGER (0..65535) OPTIONAL }\n"
    "OpenLogicalChannelReject ::= SEQUENCE { forwardLogicalChannelNumber LogicalChannelNumber,\n"
    "  cause CHOICE { unspecified NULL, unsuitableReverseParameters NULL, dataTypeNotSupported NULL,\n"
    "    dataTypeNotAvailable NULL, unknownDataType NULL, dataTypeALCombinationNotSupported NULL, ...,\n"
    "    multicastChannelNotAllowed NULL, insufficientBandwidth NULL,\n"
    "    separateStackEstablishmentFailed NULL, invalidSessionID NULL, masterSlaveConflict NULL,\n"
    "    waitForCommunicationMode NULL, invalidDependentChannel NULL, replacementForRejected NULL,\n"
    "    securityDenied NULL }, ... }\n"
    "OpenLogicalChannelConfirm ::= SEQUENCE { forwardLogicalChannelNumber LogicalChannelNumber, ... }\n"
    "CloseLogicalChannel ::= SEQUENCE { forwardLogicalChannelNumber LogicalChannelNumber,\n"
    "  source CHOICE { user NULL, lcse NULL }, ...,\n"
    "  reason CHOICE { unknown NULL, reopen NULL, reservationFailure NULL, ... } }\n"
    "CloseLogicalChannelAck ::= SEQUENCE { forwardLogicalChannelNumber LogicalChannelNumber, ... }\n"
    "RequestChannelClose ::= SEQUENCE { forwardLogicalChannelNumber LogicalChannelNumber, ...,\n"
    "  qosCapability Undescribed OPTIONAL,\n"
    "  reason CHOICE { unknown NULL, normal NULL, reopen NULL, reservationFailure NULL, ... } }\n"
    "RequestChannelCloseAck ::= SEQUENCE { forwardLogicalChannelNumber LogicalChannelNumber, ... }\n"
    "RequestChannelCloseReject ::= SEQUENCE { forwardLogicalChannelNumber LogicalChannelNumber,\n"
    "  cause CHOICE { unspecified NULL, ... }, ... }\n"
    "RequestChannelCloseRelease ::= SEQUENCE { forwardLogicalChannelNumber LogicalChannelNumber, ... }\n"
    "RequestModeRelease ::= SEQUENCE { ... }\n"
    "RoundTripDelayRequest ::= SEQUENCE { sequenceNumber SequenceNumber, ... }\n"
    "RoundTripDelayResponse ::= SEQUENCE { sequenceNumber SequenceNumber, ... }\n"
    "MaintenanceLoopOffCommand ::= SEQUENCE { ... }\n"
    "SendTerminalCapabilitySet ::= CHOICE {\n"
    "  specificRequest SEQUENCE { multiplexCapability BOOLEAN,\n"
    "    capabilityTableEntryNumbers SET SIZE (1..65535) OF CapabilityTableEntryNumber OPTIONAL,\n"
    "    capabilityDescriptorNumbers SET SIZE (1..256) OF CapabilityDescriptorNumber OPTIONAL, ... },\n"
    "  genericRequest NULL, ... }\n"
    "FlowControlCommand ::= SEQUENCE {\n"
    "  scope CHOICE { logicalChannelNumber LogicalChannelNumber, resourceID INTEGER (0..65535),\n"
    "    wholeMultiplex NULL },\n"
    "  restriction CHOICE { maximumBitRate INTEGER (0..16777215), noRestriction NULL }, ... }\n"
    "EndSessionCommand ::= CHOICE { nonStandard NonStandardParameter, disconnect NULL,\n"
    "  gstnOptions CHOICE { telephonyMode NULL, v8bis NULL, v34DSVD NULL, v34DuplexFAX NULL,\n"
    "    v34H324 NULL, ... },\n"
    "  ..., isdnOptions CHOICE { telephonyMode NULL, v140 NULL, terminalOnHold NULL, ... },\n"
    "  genericInformation Undescribed }\n"
    "MiscellaneousCommand ::= SEQUENCE { logicalChannelNumber LogicalChannelNumber,\n"
    "  type CHOICE { equaliseDelay NULL, zeroDelay NULL, multipointModeCommand NULL,\n"
    "    cancelMultipointModeCommand NULL, videoFreezePicture NULL, videoFastUpdatePicture NULL,\n"
    "    videoFastUpdateGOB SEQUENCE { firstGOB INTEGER (0..17), numberOfGOBs INTEGER (1..18) },\n"
    "    videoTemporalSpatialTradeOff INTEGER (0..31), videoSendSyncEveryGOB NULL,\n"
    "    videoSendSyncEveryGOBCancel NULL, ... }, ... }\n"
    "FunctionNotUnderstood ::= CHOICE { request RequestMessage, response ResponseMessage,\n"
    "  command CommandMessage }\n"
    "MiscellaneousIndication ::= SEQUENCE { logicalChannelNumber LogicalChannelNumber,\n"
    "  type CHOICE { logicalChannelActive NULL, logicalChannelInactive NULL, multipointConference NULL,\n"
    "    cancelMultipointConference NULL, multipointZeroComm NULL, cancelMultipointZeroComm NULL,\n"
    "    multipointSecondaryStatus NULL, cancelMultipointSecondaryStatus NULL,\n"
    "    videoIndicateReadyToActivate NULL, videoTemporalSpatialTradeOff INTEGER (0..31), ... }, ... }\n"
    "JitterIndication ::= SEQUENCE {\n"
    "  scope CHOICE { logicalChannelNumber LogicalChannelNumber, resourceID INTEGER (0..65535),\n"
    "    wholeMultiplex NULL },\n"
    "  estimatedReceivedJitterMantissa INTEGER (0..3), estimatedReceivedJitterExponent INTEGER (0..7),\n"
    "  skippedFrameCount INTEGER (0..15) OPTIONAL, additionalDecoderBuffer INTEGER (0..262143) OPTIONAL,\n"
    "  ... }\n"
    "VendorIdentification ::= SEQUENCE { vendor NonStandardIdentifier,\n"
    "  productNumber OCTET STRING (SIZE (1..256)) OPTIONAL,\n"
    "  versionNumber OCTET STRING (SIZE (1..256)) OPTIONAL, ... }\n"
    "FunctionNotSupported ::= SEQUENCE {\n"
    "  cause CHOICE { syntaxError NULL, semanticError NULL, unknownFunction NULL, ... },\n"
    "  returnedFunction OCTET STRING OPTIONAL, ... }\n"
    "FlowControlIndication ::= SEQUENCE {\n"
    "  scope CHOICE { logicalChannelNumber LogicalChannelNumber, resourceID INTEGER (0..65535),\n"
    "    wholeMultiplex NULL },\n"
    "  restriction CHOICE { maximumBitRate INTEGER (0..16777215), noRestriction NULL }, ... }\n"
    "UserInputIndication ::= CHOICE {\n"
    "  nonStandard NonStandardParameter,\n"
    "  alphanumeric GeneralString,\n"
    "  ...,\n"
    "  userInputSupportIndication CHOICE { nonStandard NonStandardParameter, basicString NULL,\n"
    "    iA5String NULL, generalString NULL, ..., encryptedBasicString NULL, encryptedIA5String NULL,\n"
    "    encryptedGeneralString NULL },\n"
    "  signal SEQUENCE {\n"
    "    signalType IA5String (SIZE (1) ^ FROM (\"0123456789#*ABCD!\")),\n"
    "    duration INTEGER (1..65535) OPTIONAL,\n"
    "    rtp SEQUENCE { timestamp INTEGER (0..4294967295) OPTIONAL,\n"
    "      expirationTime INTEGER (0..4294967295) OPTIONAL,\n"
    "      logicalChannelNumber LogicalChannelNumber, ... } OPTIONAL,\n"
    "    ...,\n"
    "    rtpPayloadIndication NULL OPTIONAL },\n"
    "  signalUpdate SEQUENCE { duration INTEGER (1..65535),\n"
    "    rtp SEQUENCE { logicalChannelNumber LogicalChannelNumber, ... } OPTIONAL, ... },\n"
    "  extendedAlphanumeric SEQUENCE { alphanumeric GeneralString, rtpPayloadIndication NULL OPTIONAL,\n"
    "    ... },\n"
    "  encryptedAlphanumeric Undescribed,\n"
    "  genericInformation Undescribed }\n"
    "END\n";

/* check IN OUT: for each line {Type, Term, Bytes} of IN, Erlang's encoding of Term must
 * be Bytes and its decoding of Bytes must be Term; writes SAME, or what differs.
 * gen N OUT: N random values of each type, placeholder components (OPTIONAL) taken out
 * and values with a placeholder alternative dropped, encoded; writes "Type hex" lines. */
static const char ESCRIPT[] =
    "-mode(compile).\n"
    "has_placeholder(undescribed) -> true;\n"
    "has_placeholder(alsoUndescribed) -> true;\n"
    "has_placeholder(T) when is_tuple(T) -> has_placeholder(tuple_to_list(T));\n"
    "has_placeholder(M) when is_map(M) -> has_placeholder(maps:values(M));\n"
    "has_placeholder(L) when is_list(L) -> lists:any(fun has_placeholder/1, L);\n"
    "has_placeholder(_) -> false.\n"
    "strip(M) when is_map(M) ->\n"
    "    maps:map(fun(_, V) -> strip(V) end, maps:filter(fun(_, V) -> not has_placeholder(V) orelse\n"
    "        not (V =:= undescribed orelse V =:= alsoUndescribed) end, M));\n"
    "strip(T) when is_tuple(T) -> list_to_tuple([strip(X) || X <- tuple_to_list(T)]);\n"
    "strip(L) when is_list(L) -> [strip(X) || X <- L];\n"
    "strip(X) -> X.\n"
    "gen(Type, N, F) ->\n"
    "    Vs = [V || {ok, V0} <- [asn1ct:value('MSC', Type) || _ <- lists:seq(1, N)],\n"
    "               V <- [strip(V0)], not has_placeholder(V)],\n"
    "    lists:foreach(fun(V) -> {ok, B} = 'MSC':encode(Type, V),\n"
    "        io:format(F, \"~s ~s~n\", [Type, [io_lib:format(\"~2.16.0B\", [X]) || <<X>> <= B]]) end, Vs).\n"
    "main([\"gen\", N, Out]) ->\n"
    "    {ok, F} = file:open(Out, [write]),\n"
    "    gen('MultimediaSystemControlMessage', list_to_integer(N), F),\n"
    "    gen('OpenLogicalChannel', list_to_integer(N) div 4, F),\n"
    "    file:close(F);\n"
    "main([\"check\", In, Out]) ->\n"
    "    {ok, Terms} = file:consult(In),\n"
    "    {ok, F} = file:open(Out, [write]),\n"
    "    lists:foreach(fun({Type, V, B}) ->\n"
    "        E = (catch 'MSC':encode(Type, V)),\n"
    "        D = (catch 'MSC':decode(Type, B)),\n"
    "        case {E, D} of\n"
    "            {{ok, B}, {ok, V}} -> io:format(F, \"SAME~n\", []);\n"
    "            {{ok, B}, _} -> io:format(F, \"DECODE ~P~n\", [D, 40]);\n"
    "            {{ok, Other}, _} -> io:format(F, \"ENCODE ~s~n\",\n"
    "                [[io_lib:format(\"~2.16.0B \", [X]) || <<X>> <= Other]]);\n"
    "            _ -> io:format(F, \"ENCODE ~P~n\", [E, 40])\n"
    "        end\n"
    "    end, Terms),\n"
    "    file:close(F).\n";

static char g_dir[64];
static uint8_t g_pool_mem[1 << 21];

static int have_tool(const char *name)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

static void path_in(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", g_dir, name);
}

static void write_file(const char *name, const char *text)
{
    char p[128];
    path_in(p, sizeof p, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* ---- C values as Erlang terms (asn1 with +maps), by walking the descriptions ---------- */

/* CHOICE alternatives seen, to report how much of the description was covered. */
typedef struct coverage {
    const per_type *t[256];
    uint64_t seen[256][8];      /* bit i: alternative i was chosen */
    size_t n;
} coverage;

static void cover(coverage *c, const per_type *t, uint32_t alt)
{
    size_t i = 0;
    while (i < c->n && c->t[i] != t) i++;
    if (i == c->n) {
        assert_true(c->n < 256);
        c->t[c->n++] = t;
    }
    if (alt < 512) c->seen[i][alt / 64] |= (uint64_t)1 << (alt % 64);
}

static void erl_value(FILE *f, const per_type *t, const void *v, coverage *c);

static void erl_bytes(FILE *f, const uint8_t *p, size_t n)
{
    fputs("<<", f);
    for (size_t i = 0; i < n; i++) fprintf(f, "%s%u", i ? "," : "", p[i]);
    fputs(">>", f);
}

static void erl_value(FILE *f, const per_type *t, const void *v, coverage *c)
{
    switch (t->kind) {
    case PER_K_BOOLEAN:
        fputs(*(const bool *)v ? "true" : "false", f);
        return;
    case PER_K_NULL:
        fputs("'NULL'", f);
        return;
    case PER_K_INTEGER:
        fprintf(f, "%lld", (long long)walk_load_int(t, v));
        return;
    case PER_K_OCTET_STRING:
        if (t->flags & PER_INLINE) erl_bytes(f, v, (size_t)t->ub);
        else erl_bytes(f, ((const per_octets *)v)->data, ((const per_octets *)v)->len);
        return;
    case PER_K_KMSTRING:
    case PER_K_OCTETCHARS: {
        const per_string *s = v;
        fputc('[', f);
        for (uint32_t i = 0; i < s->len; i++) fprintf(f, "%s%u", i ? "," : "", (unsigned char)s->chars[i]);
        fputc(']', f);
        return;
    }
    case PER_K_OID: {
        const per_oid *o = v;
        fputc('{', f);
        for (uint32_t i = 0; i < o->count; i++) fprintf(f, "%s%lu", i ? "," : "", (unsigned long)o->arcs[i]);
        fputc('}', f);
        return;
    }
    case PER_K_SEQUENCE: {
        fputs("#{", f);
        bool first = true;
        for (uint32_t i = 0; i < t->ncomps; i++) {
            const per_comp *k = &t->comps[i];
            if (!walk_present(k, v)) continue;
            assert_true(k->type->kind != PER_K_OPEN);
            fprintf(f, "%s'%s' => ", first ? "" : ", ", k->name);
            erl_value(f, k->type, walk_comp_value(k, v), c);
            first = false;
        }
        fputc('}', f);
        return;
    }
    case PER_K_SEQUENCE_OF: {
        const per_seq_of *so = v;
        fputc('[', f);
        for (uint32_t i = 0; i < so->count; i++) {
            if (i) fputc(',', f);
            erl_value(f, t->item, (const uint8_t *)so->items + i * t->item->csize, c);
        }
        fputc(']', f);
        return;
    }
    case PER_K_CHOICE: {
        uint32_t tag;
        memcpy(&tag, (const uint8_t *)v + t->tag_off, sizeof tag);
        assert_true(tag < t->ncomps && t->comps[tag].type);
        cover(c, t, tag);
        const per_comp *k = &t->comps[tag];
        fprintf(f, "{'%s', ", k->name);
        erl_value(f, k->type, walk_comp_value(k, v), c);
        fputc('}', f);
        return;
    }
    default:
        fail_msg("no Erlang term for kind %u (%s)", t->kind, t->name);
    }
}

/* Counts the described alternatives of every CHOICE reachable from t. */
static size_t count_alternatives(const per_type *t, const per_type **seen, size_t *nseen)
{
    for (size_t i = 0; i < *nseen; i++)
        if (seen[i] == t) return 0;
    assert_true(*nseen < 256);
    seen[(*nseen)++] = t;
    size_t n = 0;
    if (t->kind == PER_K_SEQUENCE_OF) return count_alternatives(t->item, seen, nseen);
    if (t->kind != PER_K_SEQUENCE && t->kind != PER_K_CHOICE) return 0;
    for (uint32_t i = 0; i < t->ncomps; i++) {
        if (!t->comps[i].type) continue;
        if (t->kind == PER_K_CHOICE) n++;
        n += count_alternatives(t->comps[i].type, seen, nseen);
    }
    return n;
}

/* ---- the cross-check ------------------------------------------------------------------ */

typedef struct item {
    const per_type *t;
    char *hex;                 /* our encoding */
} item;

static void hex_of(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) sprintf(out + 3 * i, "%02X ", p[i]);
    out[3 * n] = '\0';
}

/* Writes {Type, Term, Bytes} for the value v of t and remembers our encoding. */
static void add(FILE *f, item *it, const per_type *t, const void *v, coverage *c)
{
    static uint8_t out[1 << 16];
    size_t len;
    per_errinfo ei;
    int rc = per_encode(t, v, out, sizeof out, &len, &ei);
    if (rc) {
        char msg[256];
        per_errinfo_format(&ei, rc, msg, sizeof msg);
        fail_msg("encoding %s: %s", t->name, msg);
    }
    fprintf(f, "{'%s', ", t->name);
    erl_value(f, t, v, c);
    fputs(", ", f);
    erl_bytes(f, out, len);
    fputs("}.\n", f);
    it->t = t;
    it->hex = malloc(3 * len + 1);
    assert_non_null(it->hex);
    hex_of(out, len, it->hex);
}

static size_t add_builders(FILE *f, item *items, coverage *c)
{
    static h245_msg m[16];
    static h245_tcs_store st;
    static const uint8_t ip[4] = { 192, 0, 2, 9 };
    h245_transport_addr rtp = h245_addr_ip4(ip, 30000), rtcp = h245_addr_ip4(ip, 30001);
    h245_audio_cap ulaw = h245_audio(H245_AUDIO_G711_ULAW64K, 20), alaw = h245_audio(H245_AUDIO_G711_ALAW64K, 20);
    const h245_capability caps[] = {
        h245_cap_audio(H245_CAP_RX_AUDIO, &ulaw), h245_cap_audio(H245_CAP_RX_AUDIO, &alaw),
        h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_BASIC_STRING),
        h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_DTMF),
        h245_cap_user_input(H245_CAP_RX_USER_INPUT, H245_UIC_HOOKFLASH),
    };
    h245_olc olc;
    size_t n = 0;
    h245_msg_msd(&m[n++], H245_TERMINAL_TYPE_TERMINAL, 8123456);
    assert_int_equal(h245_msg_tcs(&m[n++], &st, 1, 60, caps, 5), 0);
    h245_olc_audio_tx(&olc, 1, &ulaw, 1, &rtcp, false);
    h245_msg_olc(&m[n++], &olc);
    h245_olc_audio_rx(&olc, 2, &alaw, 1, &rtp, &rtcp);
    h245_msg_olc(&m[n++], &olc);
    h245_msg_olc_ack(&m[n++], 1, 1, &rtp, &rtcp);
    h245_msg_clc(&m[n++], 1, H245_CLC_SOURCE_LCSE, H245_CLC_REASON_REOPEN);
    h245_msg_rcc(&m[n++], 1, H245_RCC_REASON_NORMAL);
    assert_int_equal(h245_msg_uii_signal(&m[n++], '#', 120), 0);
    h245_msg_uii_alphanumeric(&m[n++], "0123#", 5);
    h245_msg_end_session(&m[n++]);
    h245_msg_function_not_supported(&m[n++], H245_FNS_UNKNOWN_FUNCTION, (const uint8_t *)"\x09\x00\x03", 3);
    for (size_t i = 0; i < n; i++) add(f, &items[i], &h245_t_message, &m[i], c);
    return n;
}

/* Writes the module and the escript and compiles the module; skips without Erlang. */
static int setup(void **state)
{
    (void)state;
    if (!have_tool("erlc") || !have_tool("escript")) return 0;
    snprintf(g_dir, sizeof g_dir, "/tmp/tspkit-h245-XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    write_file("MSC.asn", MSC_ASN1);
    char esc[4096];
    snprintf(esc, sizeof esc, "#!/usr/bin/env escript\n%%%%! -pa %s\n%s", g_dir, ESCRIPT);
    write_file("check.escript", esc);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cd %s && erlc -bper +maps +noobj MSC.asn >log 2>&1 && erlc MSC.erl >>log 2>&1", g_dir);
    if (system(cmd) != 0) {
        snprintf(cmd, sizeof cmd, "cat %s/log", g_dir);
        (void)system(cmd);
        print_message("erlc could not compile the MULTIMEDIA-SYSTEM-CONTROL subset\n");
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (g_dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
        (void)system(cmd);
    }
    return 0;
}

static void need_erlang(void)
{
    if (!g_dir[0]) {
        print_message("SKIPPED: erlc/escript not installed (Debian: apt-get install erlang-asn1)\n");
        skip();
    }
}

static void run_escript(const char *args)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cd %s && escript check.escript %s >>log 2>&1", g_dir, args);
    if (system(cmd) != 0) {
        snprintf(cmd, sizeof cmd, "tail -20 %s/log", g_dir);
        (void)system(cmd);
        fail_msg("escript %s failed", args);
    }
}

/* tspkit's values and encodings: Erlang encodes the terms alike and decodes the octets
 * to the same terms. */
static void test_tspkit_values_in_erlang(void **state)
{
    (void)state;
    need_erlang();
    static item items[NRANDOM + NOLC + 32];
    static _Alignas(max_align_t) uint8_t value[8192];
    static coverage cov;
    size_t n = 0;
    char p[128];
    path_in(p, sizeof p, "terms");
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    n += add_builders(f, items, &cov);
    per_arena pool;
    walk w = { &pool, 0xFEEDFACECAFEBEEFULL, true };
    for (int i = 0; i < NRANDOM + NOLC; i++) {
        const per_type *t = i < NRANDOM ? &h245_t_message : &h245_t_olc;
        per_arena_init(&pool, g_pool_mem, sizeof g_pool_mem);
        walk_random(&w, t, value);
        add(f, &items[n++], t, value, &cov);
    }
    fclose(f);
    run_escript("check terms erl");

    path_in(p, sizeof p, "erl");
    f = fopen(p, "r");
    assert_non_null(f);
    static char line[1 << 16];
    size_t got = 0, same = 0;
    while (fgets(line, sizeof line, f) && got < n) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strcmp(line, "SAME") == 0) {
            same++;
        } else if (same + 5 > got) {          /* print the first few differences */
            print_message("value %zu (%s) differs:\n  tspkit %s\n  erlang %s\n", got, items[got].t->name,
                          items[got].hex, line);
        }
        got++;
    }
    fclose(f);

    const per_type *seen[256];
    size_t nseen = 0, described = count_alternatives(&h245_t_message, seen, &nseen), covered = 0;
    for (size_t i = 0; i < cov.n; i++)
        for (int k = 0; k < 8; k++) covered += (size_t)__builtin_popcountll(cov.seen[i][k]);
    print_message("Erlang/OTP asn1 (erlc -bper) and tspkit: %zu of %zu H.245 values of tspkit encode to the "
                  "same octets and decode to the same values (%zu builder messages, %d random messages, %d "
                  "random OpenLogicalChannels); %zu of the %zu described CHOICE alternatives chosen\n",
                  same, n, n - NRANDOM - NOLC, NRANDOM, NOLC, covered, described);
    assert_int_equal(got, n);
    assert_int_equal(same, n);
    assert_true(covered * 10 >= described * 9);
    for (size_t i = 0; i < n; i++) free(items[i].hex);
}

/* Erlang's random values (asn1ct:value/2) and encodings: tspkit decodes each and encodes
 * it again to the same octets. */
static void test_erlang_values_in_tspkit(void **state)
{
    (void)state;
    need_erlang();
    char args[64];
    snprintf(args, sizeof args, "gen %d gen.out", NRANDOM);
    run_escript(args);
    char p[128];
    path_in(p, sizeof p, "gen.out");
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    static char line[1 << 17];
    static uint8_t in[1 << 16], out[1 << 16];
    static _Alignas(max_align_t) uint8_t value[8192];
    size_t n = 0, same = 0, msgs = 0, total = 0;
    while (fgets(line, sizeof line, f)) {
        char *hex = strchr(line, ' ');
        assert_non_null(hex);
        *hex++ = '\0';
        hex[strcspn(hex, "\r\n")] = '\0';
        const per_type *t = strcmp(line, "OpenLogicalChannel") == 0 ? &h245_t_olc : &h245_t_message;
        msgs += t == &h245_t_message;
        size_t len = 0;
        for (; hex[2 * len] && hex[2 * len + 1] && len < sizeof in; len++) {
            unsigned v;
            assert_int_equal(sscanf(hex + 2 * len, "%2x", &v), 1);
            in[len] = (uint8_t)v;
        }
        per_arena a;
        per_errinfo ei;
        size_t len2 = 0;
        per_arena_init(&a, g_pool_mem, sizeof g_pool_mem);
        int rc = per_decode(t, in, len, value, &a, &ei);
        if (!rc) rc = per_encode(t, value, out, sizeof out, &len2, &ei);
        if (!rc && len2 == len && memcmp(in, out, len) == 0) {
            same++;
        } else if (same + 5 > n) {
            char msg[256];
            per_errinfo_format(&ei, rc, msg, sizeof msg);
            print_message("Erlang's %s %s: %s\n", line, hex, rc ? msg : "encodes differently");
        }
        n++;
        total += len;
    }
    fclose(f);
    print_message("Erlang/OTP asn1 and tspkit: %zu of %zu random values made and encoded by Erlang "
                  "(%zu messages, %zu OpenLogicalChannels, %zu octets on average) decoded by tspkit and "
                  "encoded again to the same octets\n", same, n, msgs, n - msgs, n ? total / n : 0);
    assert_true(n >= NRANDOM / 4);
    assert_int_equal(same, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tspkit_values_in_erlang),
        cmocka_unit_test(test_erlang_values_in_tspkit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
