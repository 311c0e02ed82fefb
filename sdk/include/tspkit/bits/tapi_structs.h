/*
 * tspkit/bits/tapi_structs.h - TAPI's handle types and data structures, for
 * builds without the platform <tapi.h> (Linux, or TSPKIT_OWN_WIN32_DEFS).
 *
 * Every structure here has the name, tag, field names, field types and field
 * order of Windows' tapi.h, and is packed to 1 byte as tapi.h is: TAPISRV and
 * the provider exchange these structures in memory, so a single misplaced
 * byte breaks the ABI. tools/abi checks sizes and offsets against mingw-w64.
 *
 * Most structures are "variable-size" (learn.microsoft.com/windows/win32/tapi/
 * variably-sized-data-structures): dwTotalSize is what the caller allocated,
 * dwNeededSize what the whole answer needs, dwUsedSize what was filled in, and
 * each dwXxxSize/dwXxxOffset pair locates a string or array in the bytes that
 * follow the fixed part, counted from the start of the structure.
 *
 * Reference: learn.microsoft.com/windows/win32/api/tapi/ (one ns-tapi-* page
 * per structure, e.g. ns-tapi-linedevcaps).
 *
 * Do not include this file directly; include <tspkit/tapi.h>.
 */
#ifndef TSPKIT_BITS_TAPI_STRUCTS_H
#define TSPKIT_BITS_TAPI_STRUCTS_H

#include "win32_types.h"
#include "tapi_constants.h"

#pragma pack(push, 1)

/* ---- Handles and application callbacks ---------------------------------- */

/* TAPI's application-side handles are plain 32-bit numbers, not pointers,
 * even on 64-bit Windows. */
#ifndef DECLARE_OPAQUE32
#  define DECLARE_OPAQUE32(name) typedef DWORD name
#endif

DECLARE_OPAQUE32(HCALL);
DECLARE_OPAQUE32(HCALLHUB);
DECLARE_OPAQUE32(HLINE);
DECLARE_OPAQUE32(HPHONE);
DECLARE_OPAQUE32(HLINEAPP);
DECLARE_OPAQUE32(HPHONEAPP);
DECLARE_OPAQUE32(HAGENTSESSION);
DECLARE_OPAQUE32(HAGENT);
DECLARE_OPAQUE32(HPRIVATECHANNEL);

typedef HCALL *LPHCALL;
typedef HCALLHUB *LPHCALLHUB;
typedef HLINE *LPHLINE;
typedef HPHONE *LPHPHONE;
typedef HLINEAPP *LPHLINEAPP;
typedef HPHONEAPP *LPHPHONEAPP;
typedef HAGENTSESSION *LPHAGENTSESSION;
typedef HAGENT *LPHAGENT;
typedef HPRIVATECHANNEL *LPHPRIVATECHANNEL;
typedef HICON *LPHICON;

/* lineInitialize/phoneInitialize message callbacks; hDevice is an HLINE,
 * HCALL or HPHONE depending on dwMessage.
 * Reference: learn.microsoft.com/windows/win32/api/tapi/nc-tapi-linecallback */
typedef void (CALLBACK *LINECALLBACK)(DWORD hDevice, DWORD dwMessage, DWORD_PTR dwInstance,
                                      DWORD_PTR dwParam1, DWORD_PTR dwParam2, DWORD_PTR dwParam3);
typedef void (CALLBACK *PHONECALLBACK)(DWORD hDevice, DWORD dwMessage, DWORD_PTR dwInstance,
                                       DWORD_PTR dwParam1, DWORD_PTR dwParam2, DWORD_PTR dwParam3);

/* ---- Generic variable-size string (lineGetID, lineGetDevConfig, ...) ----- */

/* ns-tapi-varstring */
typedef struct varstring_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwStringFormat;                       /* STRINGFORMAT_* */
    DWORD dwStringSize, dwStringOffset;
} VARSTRING, *LPVARSTRING;

/* ---- Line devices --------------------------------------------------------- */

/* Dialing timings in milliseconds; embedded in LINEDEVCAPS, LINECALLPARAMS
 * and LINECALLINFO. ns-tapi-linedialparams */
typedef struct linedialparams_tag {
    DWORD dwDialPause;
    DWORD dwDialSpeed;
    DWORD dwDigitDuration;
    DWORD dwWaitForDialtone;
} LINEDIALPARAMS, *LPLINEDIALPARAMS;

/* One entry of LINEDEVCAPS' terminal-capabilities array. ns-tapi-linetermcaps */
typedef struct linetermcaps_tag {
    DWORD dwTermDev;
    DWORD dwTermModes;
    DWORD dwTermSharing;
} LINETERMCAPS, *LPLINETERMCAPS;

/* A provider's 128-bit extension identifier. ns-tapi-lineextensionid */
typedef struct lineextensionid_tag {
    DWORD dwExtensionID0, dwExtensionID1, dwExtensionID2, dwExtensionID3;
} LINEEXTENSIONID, *LPLINEEXTENSIONID;

/* ns-tapi-linedevcaps (TSPI_lineGetDevCaps fills it) */
typedef struct linedevcaps_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwProviderInfoSize, dwProviderInfoOffset;
    DWORD dwSwitchInfoSize, dwSwitchInfoOffset;
    DWORD dwPermanentLineID;
    DWORD dwLineNameSize, dwLineNameOffset;
    DWORD dwStringFormat;
    DWORD dwAddressModes;
    DWORD dwNumAddresses;
    DWORD dwBearerModes;
    DWORD dwMaxRate;
    DWORD dwMediaModes;
    DWORD dwGenerateToneModes;
    DWORD dwGenerateToneMaxNumFreq;
    DWORD dwGenerateDigitModes;
    DWORD dwMonitorToneMaxNumFreq;
    DWORD dwMonitorToneMaxNumEntries;
    DWORD dwMonitorDigitModes;
    DWORD dwGatherDigitsMinTimeout, dwGatherDigitsMaxTimeout;
    DWORD dwMedCtlDigitMaxListSize;
    DWORD dwMedCtlMediaMaxListSize;
    DWORD dwMedCtlToneMaxListSize;
    DWORD dwMedCtlCallStateMaxListSize;
    DWORD dwDevCapFlags;
    DWORD dwMaxNumActiveCalls;
    DWORD dwAnswerMode;
    DWORD dwRingModes;
    DWORD dwLineStates;
    /* Largest user-user information each operation accepts. */
    DWORD dwUUIAcceptSize;
    DWORD dwUUIAnswerSize;
    DWORD dwUUIMakeCallSize;
    DWORD dwUUIDropSize;
    DWORD dwUUISendUserUserInfoSize;
    DWORD dwUUICallInfoSize;
    LINEDIALPARAMS MinDialParams, MaxDialParams, DefaultDialParams;
    DWORD dwNumTerminals;
    DWORD dwTerminalCapsSize, dwTerminalCapsOffset;
    DWORD dwTerminalTextEntrySize;
    DWORD dwTerminalTextSize, dwTerminalTextOffset;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
    DWORD dwLineFeatures;                       /* TAPI 1.4 */
    DWORD dwSettableDevStatus;                  /* TAPI 2.0 */
    DWORD dwDeviceClassesSize, dwDeviceClassesOffset;
    GUID PermanentLineGuid;                     /* TAPI 2.2 */
    DWORD dwAddressTypes;                       /* TAPI 3.0 */
    GUID ProtocolGuid;
    DWORD dwAvailableTracking;
} LINEDEVCAPS, *LPLINEDEVCAPS;

/* ns-tapi-linedevstatus (TSPI_lineGetLineDevStatus fills it) */
typedef struct linedevstatus_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumOpens;
    DWORD dwOpenMediaModes;
    DWORD dwNumActiveCalls;
    DWORD dwNumOnHoldCalls;
    DWORD dwNumOnHoldPendCalls;
    DWORD dwLineFeatures;
    DWORD dwNumCallCompletions;
    DWORD dwRingMode;
    DWORD dwSignalLevel;
    DWORD dwBatteryLevel;
    DWORD dwRoamMode;
    DWORD dwDevStatusFlags;
    DWORD dwTerminalModesSize, dwTerminalModesOffset;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
    DWORD dwAvailableMediaModes;                /* TAPI 2.0 */
    DWORD dwAppInfoSize, dwAppInfoOffset;       /* array of LINEAPPINFO */
} LINEDEVSTATUS, *LPLINEDEVSTATUS;

/* One application that has the line open (LINEDEVSTATUS' dwAppInfo array).
 * ns-tapi-lineappinfo */
typedef struct lineappinfo_tag {
    DWORD dwMachineNameSize, dwMachineNameOffset;
    DWORD dwUserNameSize, dwUserNameOffset;
    DWORD dwModuleFilenameSize, dwModuleFilenameOffset;
    DWORD dwFriendlyNameSize, dwFriendlyNameOffset;
    DWORD dwMediaModes;
    DWORD dwAddressID;
} LINEAPPINFO, *LPLINEAPPINFO;

/* ---- Addresses ------------------------------------------------------------ */

/* ns-tapi-lineaddresscaps (TSPI_lineGetAddressCaps fills it) */
typedef struct lineaddresscaps_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwLineDeviceID;
    DWORD dwAddressSize, dwAddressOffset;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
    DWORD dwAddressSharing;
    DWORD dwAddressStates;
    DWORD dwCallInfoStates;
    DWORD dwCallerIDFlags;
    DWORD dwCalledIDFlags;
    DWORD dwConnectedIDFlags;
    DWORD dwRedirectionIDFlags;
    DWORD dwRedirectingIDFlags;
    DWORD dwCallStates;
    DWORD dwDialToneModes;
    DWORD dwBusyModes;
    DWORD dwSpecialInfo;
    DWORD dwDisconnectModes;
    DWORD dwMaxNumActiveCalls;
    DWORD dwMaxNumOnHoldCalls;
    DWORD dwMaxNumOnHoldPendingCalls;
    DWORD dwMaxNumConference;
    DWORD dwMaxNumTransConf;
    DWORD dwAddrCapFlags;
    DWORD dwCallFeatures;
    DWORD dwRemoveFromConfCaps;
    DWORD dwRemoveFromConfState;
    DWORD dwTransferModes;
    DWORD dwParkModes;
    DWORD dwForwardModes;
    DWORD dwMaxForwardEntries;
    DWORD dwMaxSpecificEntries;
    DWORD dwMinFwdNumRings, dwMaxFwdNumRings;
    DWORD dwMaxCallCompletions;
    DWORD dwCallCompletionConds;
    DWORD dwCallCompletionModes;
    DWORD dwNumCompletionMessages;
    DWORD dwCompletionMsgTextEntrySize;
    DWORD dwCompletionMsgTextSize, dwCompletionMsgTextOffset;
    DWORD dwAddressFeatures;                    /* TAPI 1.4 */
    DWORD dwPredictiveAutoTransferStates;       /* TAPI 2.0 */
    DWORD dwNumCallTreatments;
    DWORD dwCallTreatmentListSize, dwCallTreatmentListOffset;
    DWORD dwDeviceClassesSize, dwDeviceClassesOffset;
    DWORD dwMaxCallDataSize;
    DWORD dwCallFeatures2;
    DWORD dwMaxNoAnswerTimeout;
    DWORD dwConnectedModes;
    DWORD dwOfferingModes;
    DWORD dwAvailableMediaModes;
} LINEADDRESSCAPS, *LPLINEADDRESSCAPS;

/* ns-tapi-lineaddressstatus */
typedef struct lineaddressstatus_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumInUse;
    DWORD dwNumActiveCalls;
    DWORD dwNumOnHoldCalls;
    DWORD dwNumOnHoldPendCalls;
    DWORD dwAddressFeatures;
    DWORD dwNumRingsNoAnswer;
    DWORD dwForwardNumEntries;
    DWORD dwForwardSize, dwForwardOffset;       /* array of LINEFORWARD */
    DWORD dwTerminalModesSize, dwTerminalModesOffset;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
} LINEADDRESSSTATUS, *LPLINEADDRESSSTATUS;

/* One entry of LINEADDRESSCAPS' call-treatment list.
 * ns-tapi-linecalltreatmententry */
typedef struct linecalltreatmententry_tag {
    DWORD dwCallTreatmentID;
    DWORD dwCallTreatmentNameSize, dwCallTreatmentNameOffset;
} LINECALLTREATMENTENTRY, *LPLINECALLTREATMENTENTRY;

/* One forwarding instruction. ns-tapi-lineforward */
typedef struct lineforward_tag {
    DWORD dwForwardMode;
    DWORD dwCallerAddressSize, dwCallerAddressOffset;
    DWORD dwDestCountryCode;
    DWORD dwDestAddressSize, dwDestAddressOffset;
    DWORD dwCallerAddressType;                  /* TAPI 3.1 */
    DWORD dwDestAddressType;
} LINEFORWARD, *LPLINEFORWARD;

/* lineForward's argument: dwNumEntries LINEFORWARDs follow in place; the
 * [1] is the pre-C99 idiom Windows uses, so sizeof counts one entry.
 * ns-tapi-lineforwardlist */
typedef struct lineforwardlist_tag {
    DWORD dwTotalSize;
    DWORD dwNumEntries;
    LINEFORWARD ForwardList[1];
} LINEFORWARDLIST, *LPLINEFORWARDLIST;

/* ---- Calls ---------------------------------------------------------------- */

/* ns-tapi-linecallparams (lineMakeCall and friends) */
typedef struct linecallparams_tag {
    DWORD dwTotalSize;
    DWORD dwBearerMode;
    DWORD dwMinRate, dwMaxRate;
    DWORD dwMediaMode;
    DWORD dwCallParamFlags;
    DWORD dwAddressMode;
    DWORD dwAddressID;
    LINEDIALPARAMS DialParams;
    DWORD dwOrigAddressSize, dwOrigAddressOffset;
    DWORD dwDisplayableAddressSize, dwDisplayableAddressOffset;
    DWORD dwCalledPartySize, dwCalledPartyOffset;
    DWORD dwCommentSize, dwCommentOffset;
    DWORD dwUserUserInfoSize, dwUserUserInfoOffset;
    DWORD dwHighLevelCompSize, dwHighLevelCompOffset;
    DWORD dwLowLevelCompSize, dwLowLevelCompOffset;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
    DWORD dwPredictiveAutoTransferStates;       /* TAPI 2.0 */
    DWORD dwTargetAddressSize, dwTargetAddressOffset;
    DWORD dwSendingFlowspecSize, dwSendingFlowspecOffset;
    DWORD dwReceivingFlowspecSize, dwReceivingFlowspecOffset;
    DWORD dwDeviceClassSize, dwDeviceClassOffset;
    DWORD dwDeviceConfigSize, dwDeviceConfigOffset;
    DWORD dwCallDataSize, dwCallDataOffset;
    DWORD dwNoAnswerTimeout;
    DWORD dwCallingPartyIDSize, dwCallingPartyIDOffset;
    DWORD dwAddressType;                        /* TAPI 3.0 */
} LINECALLPARAMS, *LPLINECALLPARAMS;

/* ns-tapi-linecallinfo (TSPI_lineGetCallInfo fills it) */
typedef struct linecallinfo_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    HLINE hLine;
    DWORD dwLineDeviceID;
    DWORD dwAddressID;
    DWORD dwBearerMode;
    DWORD dwRate;
    DWORD dwMediaMode;
    DWORD dwAppSpecific;
    DWORD dwCallID;
    DWORD dwRelatedCallID;
    DWORD dwCallParamFlags;
    DWORD dwCallStates;
    DWORD dwMonitorDigitModes;
    DWORD dwMonitorMediaModes;
    LINEDIALPARAMS DialParams;
    DWORD dwOrigin;
    DWORD dwReason;
    DWORD dwCompletionID;
    DWORD dwNumOwners;
    DWORD dwNumMonitors;
    DWORD dwCountryCode;
    DWORD dwTrunk;
    /* Party identification: flags, number, then name, for each party. */
    DWORD dwCallerIDFlags;
    DWORD dwCallerIDSize, dwCallerIDOffset;
    DWORD dwCallerIDNameSize, dwCallerIDNameOffset;
    DWORD dwCalledIDFlags;
    DWORD dwCalledIDSize, dwCalledIDOffset;
    DWORD dwCalledIDNameSize, dwCalledIDNameOffset;
    DWORD dwConnectedIDFlags;
    DWORD dwConnectedIDSize, dwConnectedIDOffset;
    DWORD dwConnectedIDNameSize, dwConnectedIDNameOffset;
    DWORD dwRedirectionIDFlags;
    DWORD dwRedirectionIDSize, dwRedirectionIDOffset;
    DWORD dwRedirectionIDNameSize, dwRedirectionIDNameOffset;
    DWORD dwRedirectingIDFlags;
    DWORD dwRedirectingIDSize, dwRedirectingIDOffset;
    DWORD dwRedirectingIDNameSize, dwRedirectingIDNameOffset;
    DWORD dwAppNameSize, dwAppNameOffset;
    DWORD dwDisplayableAddressSize, dwDisplayableAddressOffset;
    DWORD dwCalledPartySize, dwCalledPartyOffset;
    DWORD dwCommentSize, dwCommentOffset;
    DWORD dwDisplaySize, dwDisplayOffset;
    DWORD dwUserUserInfoSize, dwUserUserInfoOffset;
    DWORD dwHighLevelCompSize, dwHighLevelCompOffset;
    DWORD dwLowLevelCompSize, dwLowLevelCompOffset;
    DWORD dwChargingInfoSize, dwChargingInfoOffset;
    DWORD dwTerminalModesSize, dwTerminalModesOffset;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
    DWORD dwCallTreatment;                      /* TAPI 2.0 */
    DWORD dwCallDataSize, dwCallDataOffset;
    DWORD dwSendingFlowspecSize, dwSendingFlowspecOffset;
    DWORD dwReceivingFlowspecSize, dwReceivingFlowspecOffset;
    DWORD dwCallerIDAddressType;                /* TAPI 3.0 */
    DWORD dwCalledIDAddressType;
    DWORD dwConnectedIDAddressType;
    DWORD dwRedirectionIDAddressType;
    DWORD dwRedirectingIDAddressType;
} LINECALLINFO, *LPLINECALLINFO;

/* ns-tapi-linecallstatus (TSPI_lineGetCallStatus fills it) */
typedef struct linecallstatus_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwCallState;
    DWORD dwCallStateMode;
    DWORD dwCallPrivilege;
    DWORD dwCallFeatures;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
    DWORD dwCallFeatures2;                      /* TAPI 2.0 */
    SYSTEMTIME tStateEntryTime;
} LINECALLSTATUS, *LPLINECALLSTATUS;

/* lineGetNewCalls' answer: dwCallsNumEntries HCALLs. ns-tapi-linecalllist */
typedef struct linecalllist_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwCallsNumEntries;
    DWORD dwCallsSize, dwCallsOffset;
} LINECALLLIST, *LPLINECALLLIST;

/* ns-tapi-linecallhubtrackinginfo */
typedef struct linecallhubtrackinginfo_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwAvailableTracking;
    DWORD dwCurrentTracking;
} LINECALLHUBTRACKINGINFO, *LPLINECALLHUBTRACKINGINFO;

/* ---- Tones and media control ---------------------------------------------- */

/* One tone of a custom lineGenerateTone cadence. ns-tapi-linegeneratetone */
typedef struct linegeneratetone_tag {
    DWORD dwFrequency;
    DWORD dwCadenceOn, dwCadenceOff;
    DWORD dwVolume;
} LINEGENERATETONE, *LPLINEGENERATETONE;

/* One tone lineMonitorTones listens for. ns-tapi-linemonitortone */
typedef struct linemonitortone_tag {
    DWORD dwAppSpecific;
    DWORD dwDuration;
    DWORD dwFrequency1, dwFrequency2, dwFrequency3;
} LINEMONITORTONE, *LPLINEMONITORTONE;

/* lineSetMediaControl's four trigger lists. ns-tapi-linemediacontrol* */
typedef struct linemediacontrolcallstate_tag {
    DWORD dwCallStates;
    DWORD dwMediaControl;
} LINEMEDIACONTROLCALLSTATE, *LPLINEMEDIACONTROLCALLSTATE;

typedef struct linemediacontroldigit_tag {
    DWORD dwDigit;
    DWORD dwDigitModes;
    DWORD dwMediaControl;
} LINEMEDIACONTROLDIGIT, *LPLINEMEDIACONTROLDIGIT;

typedef struct linemediacontrolmedia_tag {
    DWORD dwMediaModes;
    DWORD dwDuration;
    DWORD dwMediaControl;
} LINEMEDIACONTROLMEDIA, *LPLINEMEDIACONTROLMEDIA;

typedef struct linemediacontroltone_tag {
    DWORD dwAppSpecific;
    DWORD dwDuration;
    DWORD dwFrequency1, dwFrequency2, dwFrequency3;
    DWORD dwMediaControl;
} LINEMEDIACONTROLTONE, *LPLINEMEDIACONTROLTONE;

/* ---- Application initialization and messages ------------------------------ */

/* lineInitializeEx/phoneInitializeEx: how messages reach the application
 * (hidden window, event handle or completion port).
 * ns-tapi-lineinitializeexparams, ns-tapi-phoneinitializeexparams */
typedef struct lineinitializeexparams_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwOptions;                            /* LINEINITIALIZEEXOPTION_* */
    union {
        HANDLE hEvent;
        HANDLE hCompletionPort;
    } Handles;
    DWORD dwCompletionKey;
} LINEINITIALIZEEXPARAMS, *LPLINEINITIALIZEEXPARAMS;

typedef struct phoneinitializeexparams_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwOptions;                            /* PHONEINITIALIZEEXOPTION_* */
    union {
        HANDLE hEvent;
        HANDLE hCompletionPort;
    } Handles;
    DWORD dwCompletionKey;
} PHONEINITIALIZEEXPARAMS, *LPPHONEINITIALIZEEXPARAMS;

/* What lineGetMessage/phoneGetMessage return: the callback's arguments.
 * ns-tapi-linemessage, ns-tapi-phonemessage */
typedef struct linemessage_tag {
    DWORD hDevice;
    DWORD dwMessageID;
    DWORD_PTR dwCallbackInstance;
    DWORD_PTR dwParam1, dwParam2, dwParam3;
} LINEMESSAGE, *LPLINEMESSAGE;

typedef struct phonemessage_tag {
    DWORD hDevice;
    DWORD dwMessageID;
    DWORD_PTR dwCallbackInstance;
    DWORD_PTR dwParam1, dwParam2, dwParam3;
} PHONEMESSAGE, *LPPHONEMESSAGE;

/* ---- Assisted telephony requests (lineGetRequest) ------------------------- */

/* ns-tapi-linereqmakecall */
typedef struct linereqmakecall_tag {
    char szDestAddress[TAPIMAXDESTADDRESSSIZE];
    char szAppName[TAPIMAXAPPNAMESIZE];
    char szCalledParty[TAPIMAXCALLEDPARTYSIZE];
    char szComment[TAPIMAXCOMMENTSIZE];
} LINEREQMAKECALL, *LPLINEREQMAKECALL;

typedef struct linereqmakecallW_tag {
    WCHAR szDestAddress[TAPIMAXDESTADDRESSSIZE];
    WCHAR szAppName[TAPIMAXAPPNAMESIZE];
    WCHAR szCalledParty[TAPIMAXCALLEDPARTYSIZE];
    WCHAR szComment[TAPIMAXCOMMENTSIZE];
} LINEREQMAKECALLW, *LPLINEREQMAKECALLW;

/* ns-tapi-linereqmediacall (obsolete since TAPI 2.0, kept for the ABI) */
typedef struct linereqmediacall_tag {
    HWND hWnd;
    WPARAM wRequestID;
    char szDeviceClass[TAPIMAXDEVICECLASSSIZE];
    unsigned char ucDeviceID[TAPIMAXDEVICEIDSIZE];
    DWORD dwSize;
    DWORD dwSecure;
    char szDestAddress[TAPIMAXDESTADDRESSSIZE];
    char szAppName[TAPIMAXAPPNAMESIZE];
    char szCalledParty[TAPIMAXCALLEDPARTYSIZE];
    char szComment[TAPIMAXCOMMENTSIZE];
} LINEREQMEDIACALL, *LPLINEREQMEDIACALL;

typedef struct linereqmediacallW_tag {
    HWND hWnd;
    WPARAM wRequestID;
    WCHAR szDeviceClass[TAPIMAXDEVICECLASSSIZE];
    unsigned char ucDeviceID[TAPIMAXDEVICEIDSIZE];
    DWORD dwSize;
    DWORD dwSecure;
    WCHAR szDestAddress[TAPIMAXDESTADDRESSSIZE];
    WCHAR szAppName[TAPIMAXAPPNAMESIZE];
    WCHAR szCalledParty[TAPIMAXCALLEDPARTYSIZE];
    WCHAR szComment[TAPIMAXCOMMENTSIZE];
} LINEREQMEDIACALLW, *LPLINEREQMEDIACALLW;

/* As in tapi.h, only the unsuffixed name switches with UNICODE. */
#ifdef UNICODE
#  define LINEREQMAKECALL LINEREQMAKECALLW
#  define LINEREQMEDIACALL LINEREQMEDIACALLW
#endif

/* ---- Address translation: locations, calling cards, countries ------------- */

/* ns-tapi-linetranslatecaps: a LINELOCATIONENTRY and a LINECARDENTRY array. */
typedef struct linetranslatecaps_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumLocations;
    DWORD dwLocationListSize, dwLocationListOffset;
    DWORD dwCurrentLocationID;
    DWORD dwNumCards;
    DWORD dwCardListSize, dwCardListOffset;
    DWORD dwCurrentPreferredCardID;
} LINETRANSLATECAPS, *LPLINETRANSLATECAPS;

/* ns-tapi-linelocationentry */
typedef struct linelocationentry_tag {
    DWORD dwPermanentLocationID;
    DWORD dwLocationNameSize, dwLocationNameOffset;
    DWORD dwCountryCode;
    DWORD dwCityCodeSize, dwCityCodeOffset;
    DWORD dwPreferredCardID;
    DWORD dwLocalAccessCodeSize, dwLocalAccessCodeOffset;
    DWORD dwLongDistanceAccessCodeSize, dwLongDistanceAccessCodeOffset;
    DWORD dwTollPrefixListSize, dwTollPrefixListOffset;
    DWORD dwCountryID;
    DWORD dwOptions;
    DWORD dwCancelCallWaitingSize, dwCancelCallWaitingOffset;
} LINELOCATIONENTRY, *LPLINELOCATIONENTRY;

/* ns-tapi-linecardentry */
typedef struct linecardentry_tag {
    DWORD dwPermanentCardID;
    DWORD dwCardNameSize, dwCardNameOffset;
    DWORD dwCardNumberDigits;
    DWORD dwSameAreaRuleSize, dwSameAreaRuleOffset;
    DWORD dwLongDistanceRuleSize, dwLongDistanceRuleOffset;
    DWORD dwInternationalRuleSize, dwInternationalRuleOffset;
    DWORD dwOptions;
} LINECARDENTRY, *LPLINECARDENTRY;

/* ns-tapi-linetranslateoutput (lineTranslateAddress) */
typedef struct linetranslateoutput_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwDialableStringSize, dwDialableStringOffset;
    DWORD dwDisplayableStringSize, dwDisplayableStringOffset;
    DWORD dwCurrentCountry;
    DWORD dwDestCountry;
    DWORD dwTranslateResults;
} LINETRANSLATEOUTPUT, *LPLINETRANSLATEOUTPUT;

/* ns-tapi-linecountrylist: dwNumCountries LINECOUNTRYENTRYs. */
typedef struct linecountrylist_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumCountries;
    DWORD dwCountryListSize, dwCountryListOffset;
} LINECOUNTRYLIST, *LPLINECOUNTRYLIST;

/* ns-tapi-linecountryentry; offsets count from the LINECOUNTRYLIST. */
typedef struct linecountryentry_tag {
    DWORD dwCountryID;
    DWORD dwCountryCode;
    DWORD dwNextCountryID;
    DWORD dwCountryNameSize, dwCountryNameOffset;
    DWORD dwSameAreaRuleSize, dwSameAreaRuleOffset;
    DWORD dwLongDistanceRuleSize, dwLongDistanceRuleOffset;
    DWORD dwInternationalRuleSize, dwInternationalRuleOffset;
} LINECOUNTRYENTRY, *LPLINECOUNTRYENTRY;

/* ---- Installed providers (lineGetProviderList) ---------------------------- */

/* ns-tapi-lineproviderlist: dwNumProviders LINEPROVIDERENTRYs. */
typedef struct lineproviderlist_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumProviders;
    DWORD dwProviderListSize, dwProviderListOffset;
} LINEPROVIDERLIST, *LPLINEPROVIDERLIST;

/* ns-tapi-lineproviderentry */
typedef struct lineproviderentry_tag {
    DWORD dwPermanentProviderID;
    DWORD dwProviderFilenameSize, dwProviderFilenameOffset;
} LINEPROVIDERENTRY, *LPLINEPROVIDERENTRY;

/* ---- Call centers: agents, agent sessions, queues, proxy requests --------- */

/* ns-tapi-lineagentcaps */
typedef struct lineagentcaps_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwAgentHandlerInfoSize, dwAgentHandlerInfoOffset;
    DWORD dwCapsVersion;
    DWORD dwFeatures;
    DWORD dwStates;
    DWORD dwNextStates;
    DWORD dwMaxNumGroupEntries;
    DWORD dwAgentStatusMessages;
    DWORD dwNumAgentExtensionIDs;
    DWORD dwAgentExtensionIDListSize, dwAgentExtensionIDListOffset;
    GUID ProxyGUID;                             /* TAPI 2.2 */
} LINEAGENTCAPS, *LPLINEAGENTCAPS;

/* ns-tapi-lineagentstatus */
typedef struct lineagentstatus_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumEntries;
    DWORD dwGroupListSize, dwGroupListOffset;   /* LINEAGENTGROUPENTRYs */
    DWORD dwState;
    DWORD dwNextState;
    DWORD dwActivityID;
    DWORD dwActivitySize, dwActivityOffset;
    DWORD dwAgentFeatures;
    DWORD dwValidStates;
    DWORD dwValidNextStates;
} LINEAGENTSTATUS, *LPLINEAGENTSTATUS;

/* ns-tapi-lineagentactivitylist / ns-tapi-lineagentactivityentry */
typedef struct lineagentactivitylist_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumEntries;
    DWORD dwListSize, dwListOffset;
} LINEAGENTACTIVITYLIST, *LPLINEAGENTACTIVITYLIST;

typedef struct lineagentactivityentry_tag {
    DWORD dwID;
    DWORD dwNameSize, dwNameOffset;
} LINEAGENTACTIVITYENTRY, *LPLINEAGENTACTIVITYENTRY;

/* ns-tapi-lineagentgrouplist / ns-tapi-lineagentgroupentry */
typedef struct lineagentgrouplist_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumEntries;
    DWORD dwListSize, dwListOffset;
} LINEAGENTGROUPLIST, *LPLINEAGENTGROUPLIST;

typedef struct lineagentgroupentry_tag {
    struct {                                    /* a GUID, as four DWORDs */
        DWORD dwGroupID1, dwGroupID2, dwGroupID3, dwGroupID4;
    } GroupID;
    DWORD dwNameSize, dwNameOffset;
} LINEAGENTGROUPENTRY, *LPLINEAGENTGROUPENTRY;

/* TAPI 2.2 agent objects. ns-tapi-lineagentlist / ns-tapi-lineagententry */
typedef struct lineagentlist_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumEntries;
    DWORD dwListSize, dwListOffset;
} LINEAGENTLIST, *LPLINEAGENTLIST;

typedef struct lineagententry_tag {
    HAGENT hAgent;
    DWORD dwNameSize, dwNameOffset;
    DWORD dwIDSize, dwIDOffset;
    DWORD dwPINSize, dwPINOffset;
} LINEAGENTENTRY, *LPLINEAGENTENTRY;

/* ns-tapi-lineagentinfo */
typedef struct lineagentinfo_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwAgentState;
    DWORD dwNextAgentState;
    DWORD dwMeasurementPeriod;
    CURRENCY cyOverallCallRate;
    DWORD dwNumberOfACDCalls;
    DWORD dwNumberOfIncomingCalls;
    DWORD dwNumberOfOutgoingCalls;
    DWORD dwTotalACDTalkTime;
    DWORD dwTotalACDCallTime;
    DWORD dwTotalACDWrapUpTime;
} LINEAGENTINFO, *LPLINEAGENTINFO;

/* ns-tapi-lineagentsessionlist / ns-tapi-lineagentsessionentry (the tag
 * really is lineagentsession_tag) */
typedef struct lineagentsessionlist_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumEntries;
    DWORD dwListSize, dwListOffset;
} LINEAGENTSESSIONLIST, *LPLINEAGENTSESSIONLIST;

typedef struct lineagentsession_tag {
    HAGENTSESSION hAgentSession;
    HAGENT hAgent;
    GUID GroupID;
    DWORD dwWorkingAddressID;
} LINEAGENTSESSIONENTRY, *LPLINEAGENTSESSIONENTRY;

/* ns-tapi-lineagentsessioninfo */
typedef struct lineagentsessioninfo_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwAgentSessionState;
    DWORD dwNextAgentSessionState;
    DATE dateSessionStartTime;
    DWORD dwSessionDuration;
    DWORD dwNumberOfCalls;
    DWORD dwTotalTalkTime, dwAverageTalkTime;
    DWORD dwTotalCallTime, dwAverageCallTime;
    DWORD dwTotalWrapUpTime, dwAverageWrapUpTime;
    CURRENCY cyACDCallRate;
    DWORD dwLongestTimeToAnswer, dwAverageTimeToAnswer;
} LINEAGENTSESSIONINFO, *LPLINEAGENTSESSIONINFO;

/* ns-tapi-linequeuelist / ns-tapi-linequeueentry / ns-tapi-linequeueinfo */
typedef struct linequeuelist_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumEntries;
    DWORD dwListSize, dwListOffset;
} LINEQUEUELIST, *LPLINEQUEUELIST;

typedef struct linequeueentry_tag {
    DWORD dwQueueID;
    DWORD dwNameSize, dwNameOffset;
} LINEQUEUEENTRY, *LPLINEQUEUEENTRY;

typedef struct linequeueinfo_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwMeasurementPeriod;
    DWORD dwTotalCallsQueued;
    DWORD dwCurrentCallsQueued;
    DWORD dwTotalCallsAbandoned;
    DWORD dwTotalCallsFlowedIn, dwTotalCallsFlowedOut;
    DWORD dwLongestEverWaitTime;
    DWORD dwCurrentLongestWaitTime;
    DWORD dwAverageWaitTime;
    DWORD dwFinalDisposition;
} LINEQUEUEINFO, *LPLINEQUEUEINFO;

/* ns-tapi-lineproxyrequestlist: the LINEPROXYREQUEST_* types a proxy handles. */
typedef struct lineproxyrequestlist_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwNumEntries;
    DWORD dwListSize, dwListOffset;
} LINEPROXYREQUESTLIST, *LPLINEPROXYREQUESTLIST;

/* A call-center request forwarded to the proxy application. dwRequestType
 * (LINEPROXYREQUEST_*) selects the member of the nameless union, whose
 * members are therefore reached directly: req->GetAgentCaps.AgentCaps.
 * ns-tapi-lineproxyrequest */
typedef struct lineproxyrequest_tag {
    DWORD dwSize;
    DWORD dwClientMachineNameSize, dwClientMachineNameOffset;
    DWORD dwClientUserNameSize, dwClientUserNameOffset;
    DWORD dwClientAppAPIVersion;
    DWORD dwRequestType;
    union {
        /* TAPI 2.0 requests, addressed by agent address */
        struct {
            DWORD dwAddressID;
            LINEAGENTGROUPLIST GroupList;
        } SetAgentGroup;
        struct {
            DWORD dwAddressID;
            DWORD dwAgentState, dwNextAgentState;
        } SetAgentState;
        struct {
            DWORD dwAddressID;
            DWORD dwActivityID;
        } SetAgentActivity;
        struct {
            DWORD dwAddressID;
            LINEAGENTCAPS AgentCaps;
        } GetAgentCaps;
        struct {
            DWORD dwAddressID;
            LINEAGENTSTATUS AgentStatus;
        } GetAgentStatus;
        struct {
            DWORD dwAddressID;
            DWORD dwAgentExtensionIDIndex;
            DWORD dwSize;
            BYTE Params[1];
        } AgentSpecific;
        struct {
            DWORD dwAddressID;
            LINEAGENTACTIVITYLIST ActivityList;
        } GetAgentActivityList;
        struct {
            DWORD dwAddressID;
            LINEAGENTGROUPLIST GroupList;
        } GetAgentGroupList;
        /* TAPI 2.2 requests, addressed by agent object */
        struct {
            HAGENT hAgent;
            DWORD dwAgentIDSize, dwAgentIDOffset;
            DWORD dwAgentPINSize, dwAgentPINOffset;
        } CreateAgent;
        struct {
            HAGENT hAgent;
            DWORD dwAgentState, dwNextAgentState;
        } SetAgentStateEx;
        struct {
            HAGENT hAgent;
            DWORD dwMeasurementPeriod;
        } SetAgentMeasurementPeriod;
        struct {
            HAGENT hAgent;
            LINEAGENTINFO AgentInfo;
        } GetAgentInfo;
        struct {
            HAGENTSESSION hAgentSession;
            DWORD dwAgentPINSize, dwAgentPINOffset;
            HAGENT hAgent;
            GUID GroupID;
            DWORD dwWorkingAddressID;
        } CreateAgentSession;
        struct {
            HAGENT hAgent;
            LINEAGENTSESSIONLIST SessionList;
        } GetAgentSessionList;
        struct {
            HAGENTSESSION hAgentSession;
            LINEAGENTSESSIONINFO SessionInfo;
        } GetAgentSessionInfo;
        struct {
            HAGENTSESSION hAgentSession;
            DWORD dwAgentSessionState, dwNextAgentSessionState;
        } SetAgentSessionState;
        struct {
            GUID GroupID;
            LINEQUEUELIST QueueList;
        } GetQueueList;
        struct {
            DWORD dwQueueID;
            DWORD dwMeasurementPeriod;
        } SetQueueMeasurementPeriod;
        struct {
            DWORD dwQueueID;
            LINEQUEUEINFO QueueInfo;
        } GetQueueInfo;
        struct {
            LINEAGENTGROUPLIST GroupList;
        } GetGroupList;
    };
} LINEPROXYREQUEST, *LPLINEPROXYREQUEST;

/* ---- Phone devices -------------------------------------------------------- */

/* ns-tapi-phonecaps (TSPI_phoneGetDevCaps fills it) */
typedef struct phonecaps_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwProviderInfoSize, dwProviderInfoOffset;
    DWORD dwPhoneInfoSize, dwPhoneInfoOffset;
    DWORD dwPermanentPhoneID;
    DWORD dwPhoneNameSize, dwPhoneNameOffset;
    DWORD dwStringFormat;
    DWORD dwPhoneStates;
    DWORD dwHookSwitchDevs;
    DWORD dwHandsetHookSwitchModes;
    DWORD dwSpeakerHookSwitchModes;
    DWORD dwHeadsetHookSwitchModes;
    DWORD dwVolumeFlags;
    DWORD dwGainFlags;
    DWORD dwDisplayNumRows, dwDisplayNumColumns;
    DWORD dwNumRingModes;
    DWORD dwNumButtonLamps;
    DWORD dwButtonModesSize, dwButtonModesOffset;
    DWORD dwButtonFunctionsSize, dwButtonFunctionsOffset;
    DWORD dwLampModesSize, dwLampModesOffset;
    DWORD dwNumSetData;
    DWORD dwSetDataSize, dwSetDataOffset;
    DWORD dwNumGetData;
    DWORD dwGetDataSize, dwGetDataOffset;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
    DWORD dwDeviceClassesSize, dwDeviceClassesOffset;   /* TAPI 2.0 */
    DWORD dwPhoneFeatures;
    DWORD dwSettableHandsetHookSwitchModes;
    DWORD dwSettableSpeakerHookSwitchModes;
    DWORD dwSettableHeadsetHookSwitchModes;
    DWORD dwMonitoredHandsetHookSwitchModes;
    DWORD dwMonitoredSpeakerHookSwitchModes;
    DWORD dwMonitoredHeadsetHookSwitchModes;
    GUID PermanentPhoneGuid;                    /* TAPI 2.2 */
} PHONECAPS, *LPPHONECAPS;

/* ns-tapi-phonestatus (TSPI_phoneGetStatus fills it) */
typedef struct phonestatus_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwStatusFlags;
    DWORD dwNumOwners;
    DWORD dwNumMonitors;
    DWORD dwRingMode, dwRingVolume;
    DWORD dwHandsetHookSwitchMode, dwHandsetVolume, dwHandsetGain;
    DWORD dwSpeakerHookSwitchMode, dwSpeakerVolume, dwSpeakerGain;
    DWORD dwHeadsetHookSwitchMode, dwHeadsetVolume, dwHeadsetGain;
    DWORD dwDisplaySize, dwDisplayOffset;
    DWORD dwLampModesSize, dwLampModesOffset;
    DWORD dwOwnerNameSize, dwOwnerNameOffset;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
    DWORD dwPhoneFeatures;                      /* TAPI 2.0 */
} PHONESTATUS, *LPPHONESTATUS;

/* ns-tapi-phonebuttoninfo */
typedef struct phonebuttoninfo_tag {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize;
    DWORD dwButtonMode;
    DWORD dwButtonFunction;
    DWORD dwButtonTextSize, dwButtonTextOffset;
    DWORD dwDevSpecificSize, dwDevSpecificOffset;
    DWORD dwButtonState;                        /* TAPI 1.4 */
} PHONEBUTTONINFO, *LPPHONEBUTTONINFO;

/* ns-tapi-phoneextensionid */
typedef struct phoneextensionid_tag {
    DWORD dwExtensionID0, dwExtensionID1, dwExtensionID2, dwExtensionID3;
} PHONEEXTENSIONID, *LPPHONEEXTENSIONID;

#pragma pack(pop)

#endif /* TSPKIT_BITS_TAPI_STRUCTS_H */
