/*
 * tspkit/bits/tspi_defs.h - the Telephony Service Provider Interface, for
 * builds without the platform <tspi.h> (Linux, or TSPKIT_OWN_WIN32_DEFS):
 * handles, callbacks, TSPI-only messages and constants, and the prototype of
 * every TSPI_* function a provider exports and every TUISPI_* function its
 * UI DLL exports.
 *
 * Names, types and values are those of Windows' tspi.h. Unlike tapi.h,
 * tspi.h is NOT packed to 1 byte: its own structures have natural alignment.
 * Reference: learn.microsoft.com/windows/win32/api/tspi/ (one nf-tspi-* page
 * per function) and learn.microsoft.com/windows/win32/tapi/tspi-messages.
 *
 * Do not include this file directly; include <tspkit/tspi.h>.
 */
#ifndef TSPKIT_BITS_TSPI_DEFS_H
#define TSPKIT_BITS_TSPI_DEFS_H

#include "win32_types.h"
#include "tapi_structs.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef TSPIAPI
#  define TSPIAPI WINAPI
#endif

/* ---- Handles -------------------------------------------------------------- */

/* A provider's own handles (HDRV*) and TAPISRV's (HTAPI*) are opaque
 * pointer-sized values that each side hands the other and never looks into;
 * distinct struct types make the compiler catch a mix-up. */
#ifndef DECLARE_OPAQUE
#  define DECLARE_OPAQUE(name) struct name##__ { int unused; }; typedef const struct name##__ *name
#endif

DECLARE_OPAQUE(HDRVCALL);
DECLARE_OPAQUE(HDRVLINE);
DECLARE_OPAQUE(HDRVPHONE);
DECLARE_OPAQUE(HDRVMSPLINE);
DECLARE_OPAQUE(HDRVDIALOGINSTANCE);
typedef HDRVCALL *LPHDRVCALL;
typedef HDRVLINE *LPHDRVLINE;
typedef HDRVPHONE *LPHDRVPHONE;
typedef HDRVDIALOGINSTANCE *LPHDRVDIALOGINSTANCE;
typedef HDRVMSPLINE *LPHDRVMSPLINE;

DECLARE_OPAQUE(HTAPICALL);
DECLARE_OPAQUE(HTAPILINE);
DECLARE_OPAQUE(HTAPIPHONE);
/* These two are 32-bit numbers even on 64-bit Windows. */
DECLARE_OPAQUE32(HTAPIDIALOGINSTANCE);
DECLARE_OPAQUE32(HTAPIMSPLINE);
typedef HTAPICALL *LPHTAPICALL;
typedef HTAPILINE *LPHTAPILINE;
typedef HTAPIPHONE *LPHTAPIPHONE;
typedef HTAPIDIALOGINSTANCE *LPHTAPIDIALOGINSTANCE;
typedef HTAPIMSPLINE *LPHTAPIMSPLINE;

/* Identifies the provider in TSPI_providerEnumDevices' callbacks. */
DECLARE_OPAQUE(HPROVIDER);
typedef HPROVIDER *LPHPROVIDER;

/* Asynchronous request: the function returns dwRequestID at once and later
 * reports the result through ASYNC_COMPLETION.
 * learn.microsoft.com/windows/win32/tapi/asynchronous-functions */
typedef DWORD DRV_REQUESTID;

/* ---- Callbacks into TAPISRV ----------------------------------------------- */

/* nc-tspi-async_completion: completes a DRV_REQUESTID with 0 or a LINEERR_. */
typedef void (CALLBACK *ASYNC_COMPLETION)(DRV_REQUESTID dwRequestID, LONG lResult);

/* nc-tspi-lineevent / nc-tspi-phoneevent: unsolicited LINE_* / PHONE_*
 * messages. Never call them while holding a lock: TAPISRV may call back. */
typedef void (CALLBACK *LINEEVENT)(HTAPILINE htLine, HTAPICALL htCall, DWORD dwMsg,
                                   DWORD_PTR dwParam1, DWORD_PTR dwParam2, DWORD_PTR dwParam3);
typedef void (CALLBACK *PHONEEVENT)(HTAPIPHONE htPhone, DWORD dwMsg,
                                    DWORD_PTR dwParam1, DWORD_PTR dwParam2, DWORD_PTR dwParam3);

/* nc-tspi-tuispidllcallback: the UI DLL's channel to its provider (arrives
 * at TSPI_providerGenericDialogData). dwObjectType is TUISPIDLL_OBJECT_*. */
typedef LONG (CALLBACK *TUISPIDLLCALLBACK)(DWORD_PTR dwObjectID, DWORD dwObjectType,
                                           LPVOID lpParams, DWORD dwSize);

#define TUISPIDLL_OBJECT_LINEID 1
#define TUISPIDLL_OBJECT_PHONEID 2
#define TUISPIDLL_OBJECT_PROVIDERID 3
#define TUISPIDLL_OBJECT_DIALOGINSTANCE 4

/* ---- Provider-initiated dialogs -------------------------------------------- */

/* dwParam1 of LINE_CREATEDIALOGINSTANCE.
 * ns-tspi-tuispicreatedialoginstanceparams */
typedef struct tuispicreatedialoginstanceparams_tag {
    DRV_REQUESTID dwRequestID;
    HDRVDIALOGINSTANCE hdDlgInst;
    HTAPIDIALOGINSTANCE htDlgInst;
    LPCWSTR lpszUIDLLName;
    LPVOID lpParams;
    DWORD dwSize;
} TUISPICREATEDIALOGINSTANCEPARAMS, *LPTUISPICREATEDIALOGINSTANCEPARAMS;

/* ---- TSPI-only messages (sent through LINEEVENT) ---------------------------- */

/* Numbered after all TAPI messages. learn.microsoft.com/windows/win32/tapi/tspi-messages */
#define TSPI_MESSAGE_BASE 500
#define LINE_NEWCALL ((LONG)TSPI_MESSAGE_BASE + 0)
#define LINE_CALLDEVSPECIFIC ((LONG)TSPI_MESSAGE_BASE + 1)
#define LINE_CALLDEVSPECIFICFEATURE ((LONG)TSPI_MESSAGE_BASE + 2)
#define LINE_CREATEDIALOGINSTANCE ((LONG)TSPI_MESSAGE_BASE + 3)
#define LINE_SENDDIALOGINSTANCEDATA ((LONG)TSPI_MESSAGE_BASE + 4)
#define LINE_SENDMSPDATA ((LONG)TSPI_MESSAGE_BASE + 5)
#define LINE_QOSINFO ((LONG)TSPI_MESSAGE_BASE + 6)

/* *lpdwTSPIOptions of TSPI_providerInit: TAPISRV serializes calls into us. */
#define LINETSPIOPTION_NONREENTRANT 0x00000001

/* Kinds of object a provider-private datum refers to (tspi.h gives only
 * the values). */
#define PRIVATEOBJECT_NONE 0x00000001
#define PRIVATEOBJECT_CALLID 0x00000002
#define PRIVATEOBJECT_LINE 0x00000003
#define PRIVATEOBJECT_CALL 0x00000004
#define PRIVATEOBJECT_PHONE 0x00000005
#define PRIVATEOBJECT_ADDRESS 0x00000006

/* ---- Quality of service (LINE_QOSINFO, LINECALLQOSINFO) -------------------- */

#define LINEQOSREQUESTTYPE_SERVICELEVEL 0x00000001

#define LINEQOSSERVICELEVEL_NEEDED 0x00000001
#define LINEQOSSERVICELEVEL_IFAVAILABLE 0x00000002
#define LINEQOSSERVICELEVEL_BESTEFFORT 0x00000003

/* dwParam2 of LINE_QOSINFO: why QOS was lost. */
#define LINEEQOSINFO_NOQOS 0x00000001
#define LINEEQOSINFO_ADMISSIONFAILURE 0x00000002
#define LINEEQOSINFO_POLICYFAILURE 0x00000003
#define LINEEQOSINFO_GENERICERROR 0x00000004

/* dwKey of LINECALLQOSINFO: the multi-character constant 'LQSK' as MSVC,
 * gcc and clang all evaluate it, spelled in hex so that using it does not
 * trip -Wmultichar. */
#define LINEQOSSTRUCT_KEY ((DWORD)0x4C51534B)

/* ns-tspi-lineqosservicelevel */
typedef struct LINEQOSSERVICELEVEL_tag {
    DWORD dwMediaMode;
    DWORD dwQOSServiceLevel;                    /* LINEQOSSERVICELEVEL_* */
} LINEQOSSERVICELEVEL, *LPLINEQOSSERVICELEVEL;

/* ns-tspi-linecallqosinfo: dwQOSRequestType selects the union member. */
typedef struct LINECALLQOSINFO_tag {
    DWORD dwKey;                                /* LINEQOSSTRUCT_KEY */
    DWORD dwTotalSize;
    DWORD dwQOSRequestType;
    union {
        struct {
            DWORD dwNumServiceLevelEntries;
            LINEQOSSERVICELEVEL LineQOSServiceLevel[1];
        } SetQOSServiceLevel;
    };
} LINECALLQOSINFO, *LPLINECALLQOSINFO;

/* ---- Protocol identifiers (LINEDEVCAPS.ProtocolGuid) ----------------------- */

/* Storage lives in Windows' uuid library; tspkit does not define it. */
EXTERN_C const CLSID TAPIPROTOCOL_PSTN;
EXTERN_C const CLSID TAPIPROTOCOL_H323;
EXTERN_C const CLSID TAPIPROTOCOL_Multicast;

/* ---- TSPI: provider lifetime, installation and devices --------------------- */

LONG TSPIAPI TSPI_providerInit(DWORD dwTSPIVersion, DWORD dwPermanentProviderID,
                               DWORD dwLineDeviceIDBase, DWORD dwPhoneDeviceIDBase,
                               DWORD_PTR dwNumLines, DWORD_PTR dwNumPhones,
                               ASYNC_COMPLETION lpfnCompletionProc, LPDWORD lpdwTSPIOptions);
LONG TSPIAPI TSPI_providerShutdown(DWORD dwTSPIVersion, DWORD dwPermanentProviderID);
LONG TSPIAPI TSPI_providerEnumDevices(DWORD dwPermanentProviderID, LPDWORD lpdwNumLines,
                                      LPDWORD lpdwNumPhones, HPROVIDER hProvider,
                                      LINEEVENT lpfnLineCreateProc, PHONEEVENT lpfnPhoneCreateProc);
LONG TSPIAPI TSPI_providerCreateLineDevice(DWORD_PTR dwTempID, DWORD dwDeviceID);
LONG TSPIAPI TSPI_providerCreatePhoneDevice(DWORD_PTR dwTempID, DWORD dwDeviceID);
LONG TSPIAPI TSPI_providerInstall(HWND hwndOwner, DWORD dwPermanentProviderID);
LONG TSPIAPI TSPI_providerRemove(HWND hwndOwner, DWORD dwPermanentProviderID);
LONG TSPIAPI TSPI_providerConfig(HWND hwndOwner, DWORD dwPermanentProviderID);
LONG TSPIAPI TSPI_providerUIIdentify(LPWSTR lpszUIDLLName);
LONG TSPIAPI TSPI_providerGenericDialogData(DWORD_PTR dwObjectID, DWORD dwObjectType,
                                            LPVOID lpParams, DWORD dwSize);
LONG TSPIAPI TSPI_providerFreeDialogInstance(HDRVDIALOGINSTANCE hdDlgInst);

/* ---- TSPI: line devices and addresses -------------------------------------- */

LONG TSPIAPI TSPI_lineNegotiateTSPIVersion(DWORD dwDeviceID, DWORD dwLowVersion,
                                           DWORD dwHighVersion, LPDWORD lpdwTSPIVersion);
LONG TSPIAPI TSPI_lineNegotiateExtVersion(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                          DWORD dwLowVersion, DWORD dwHighVersion,
                                          LPDWORD lpdwExtVersion);
LONG TSPIAPI TSPI_lineSelectExtVersion(HDRVLINE hdLine, DWORD dwExtVersion);
LONG TSPIAPI TSPI_lineGetExtensionID(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                     LPLINEEXTENSIONID lpExtensionID);
LONG TSPIAPI TSPI_lineGetDevCaps(DWORD dwDeviceID, DWORD dwTSPIVersion, DWORD dwExtVersion,
                                 LPLINEDEVCAPS lpLineDevCaps);
LONG TSPIAPI TSPI_lineGetAddressCaps(DWORD dwDeviceID, DWORD dwAddressID, DWORD dwTSPIVersion,
                                     DWORD dwExtVersion, LPLINEADDRESSCAPS lpAddressCaps);
LONG TSPIAPI TSPI_lineGetIcon(DWORD dwDeviceID, LPCWSTR lpszDeviceClass, LPHICON lphIcon);
LONG TSPIAPI TSPI_lineGetID(HDRVLINE hdLine, DWORD dwAddressID, HDRVCALL hdCall, DWORD dwSelect,
                            LPVARSTRING lpDeviceID, LPCWSTR lpszDeviceClass,
                            HANDLE hTargetProcess);
LONG TSPIAPI TSPI_lineGetDevConfig(DWORD dwDeviceID, LPVARSTRING lpDeviceConfig,
                                   LPCWSTR lpszDeviceClass);
LONG TSPIAPI TSPI_lineSetDevConfig(DWORD dwDeviceID, LPVOID const lpDeviceConfig, DWORD dwSize,
                                   LPCWSTR lpszDeviceClass);
LONG TSPIAPI TSPI_lineOpen(DWORD dwDeviceID, HTAPILINE htLine, LPHDRVLINE lphdLine,
                           DWORD dwTSPIVersion, LINEEVENT lpfnEventProc);
LONG TSPIAPI TSPI_lineClose(HDRVLINE hdLine);
LONG TSPIAPI TSPI_lineGetLineDevStatus(HDRVLINE hdLine, LPLINEDEVSTATUS lpLineDevStatus);
LONG TSPIAPI TSPI_lineSetLineDevStatus(DRV_REQUESTID dwRequestID, HDRVLINE hdLine,
                                       DWORD dwStatusToChange, DWORD fStatus);
LONG TSPIAPI TSPI_lineGetNumAddressIDs(HDRVLINE hdLine, LPDWORD lpdwNumAddressIDs);
LONG TSPIAPI TSPI_lineGetAddressID(HDRVLINE hdLine, LPDWORD lpdwAddressID, DWORD dwAddressMode,
                                   LPCWSTR lpsAddress, DWORD dwSize);
LONG TSPIAPI TSPI_lineGetAddressStatus(HDRVLINE hdLine, DWORD dwAddressID,
                                       LPLINEADDRESSSTATUS lpAddressStatus);
LONG TSPIAPI TSPI_lineSetStatusMessages(HDRVLINE hdLine, DWORD dwLineStates,
                                        DWORD dwAddressStates);
LONG TSPIAPI TSPI_lineSetDefaultMediaDetection(HDRVLINE hdLine, DWORD dwMediaModes);
LONG TSPIAPI TSPI_lineConditionalMediaDetection(HDRVLINE hdLine, DWORD dwMediaModes,
                                                LPLINECALLPARAMS const lpCallParams);
LONG TSPIAPI TSPI_lineSetCurrentLocation(DWORD dwLocation);
LONG TSPIAPI TSPI_lineSetTerminal(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, DWORD dwAddressID,
                                  HDRVCALL hdCall, DWORD dwSelect, DWORD dwTerminalModes,
                                  DWORD dwTerminalID, DWORD bEnable);
LONG TSPIAPI TSPI_lineForward(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, DWORD bAllAddresses,
                              DWORD dwAddressID, LPLINEFORWARDLIST const lpForwardList,
                              DWORD dwNumRingsNoAnswer, HTAPICALL htConsultCall,
                              LPHDRVCALL lphdConsultCall, LPLINECALLPARAMS const lpCallParams);
LONG TSPIAPI TSPI_lineDevSpecific(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, DWORD dwAddressID,
                                  HDRVCALL hdCall, LPVOID lpParams, DWORD dwSize);
LONG TSPIAPI TSPI_lineDevSpecificFeature(DRV_REQUESTID dwRequestID, HDRVLINE hdLine,
                                         DWORD dwFeature, LPVOID lpParams, DWORD dwSize);
LONG TSPIAPI TSPI_lineGetCallHubTracking(HDRVLINE hdLine,
                                         LPLINECALLHUBTRACKINGINFO lpTrackingInfo);
LONG TSPIAPI TSPI_lineSetCallHubTracking(HDRVLINE hdLine,
                                         LPLINECALLHUBTRACKINGINFO lpTrackingInfo);

/* ---- TSPI: making, answering and ending calls ------------------------------- */

LONG TSPIAPI TSPI_lineMakeCall(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, HTAPICALL htCall,
                               LPHDRVCALL lphdCall, LPCWSTR lpszDestAddress,
                               DWORD dwCountryCode, LPLINECALLPARAMS const lpCallParams);
LONG TSPIAPI TSPI_lineDial(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, LPCWSTR lpszDestAddress,
                           DWORD dwCountryCode);
LONG TSPIAPI TSPI_lineAccept(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                             LPCSTR lpsUserUserInfo, DWORD dwSize);
LONG TSPIAPI TSPI_lineAnswer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                             LPCSTR lpsUserUserInfo, DWORD dwSize);
LONG TSPIAPI TSPI_lineDrop(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                           LPCSTR lpsUserUserInfo, DWORD dwSize);
LONG TSPIAPI TSPI_lineDropOnClose(HDRVCALL hdCall);
LONG TSPIAPI TSPI_lineDropNoOwner(HDRVCALL hdCall);
LONG TSPIAPI TSPI_lineCloseCall(HDRVCALL hdCall);
LONG TSPIAPI TSPI_lineSecureCall(DRV_REQUESTID dwRequestID, HDRVCALL hdCall);
LONG TSPIAPI TSPI_lineSendUserUserInfo(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                       LPCSTR lpsUserUserInfo, DWORD dwSize);
LONG TSPIAPI TSPI_lineReleaseUserUserInfo(DRV_REQUESTID dwRequestID, HDRVCALL hdCall);

/* ---- TSPI: hold, transfer, conference, park, pickup, completion ------------- */

LONG TSPIAPI TSPI_lineHold(DRV_REQUESTID dwRequestID, HDRVCALL hdCall);
LONG TSPIAPI TSPI_lineUnhold(DRV_REQUESTID dwRequestID, HDRVCALL hdCall);
LONG TSPIAPI TSPI_lineSwapHold(DRV_REQUESTID dwRequestID, HDRVCALL hdActiveCall,
                               HDRVCALL hdHeldCall);
LONG TSPIAPI TSPI_lineRedirect(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                               LPCWSTR lpszDestAddress, DWORD dwCountryCode);
LONG TSPIAPI TSPI_lineBlindTransfer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                    LPCWSTR lpszDestAddress, DWORD dwCountryCode);
LONG TSPIAPI TSPI_lineSetupTransfer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                    HTAPICALL htConsultCall, LPHDRVCALL lphdConsultCall,
                                    LPLINECALLPARAMS const lpCallParams);
LONG TSPIAPI TSPI_lineCompleteTransfer(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                       HDRVCALL hdConsultCall, HTAPICALL htConfCall,
                                       LPHDRVCALL lphdConfCall, DWORD dwTransferMode);
LONG TSPIAPI TSPI_lineSetupConference(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                      HDRVLINE hdLine, HTAPICALL htConfCall,
                                      LPHDRVCALL lphdConfCall, HTAPICALL htConsultCall,
                                      LPHDRVCALL lphdConsultCall, DWORD dwNumParties,
                                      LPLINECALLPARAMS const lpCallParams);
LONG TSPIAPI TSPI_linePrepareAddToConference(DRV_REQUESTID dwRequestID, HDRVCALL hdConfCall,
                                             HTAPICALL htConsultCall,
                                             LPHDRVCALL lphdConsultCall,
                                             LPLINECALLPARAMS const lpCallParams);
LONG TSPIAPI TSPI_lineAddToConference(DRV_REQUESTID dwRequestID, HDRVCALL hdConfCall,
                                      HDRVCALL hdConsultCall);
LONG TSPIAPI TSPI_lineRemoveFromConference(DRV_REQUESTID dwRequestID, HDRVCALL hdCall);
LONG TSPIAPI TSPI_linePark(DRV_REQUESTID dwRequestID, HDRVCALL hdCall, DWORD dwParkMode,
                           LPCWSTR lpszDirAddress, LPVARSTRING lpNonDirAddress);
LONG TSPIAPI TSPI_lineUnpark(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, DWORD dwAddressID,
                             HTAPICALL htCall, LPHDRVCALL lphdCall, LPCWSTR lpszDestAddress);
LONG TSPIAPI TSPI_linePickup(DRV_REQUESTID dwRequestID, HDRVLINE hdLine, DWORD dwAddressID,
                             HTAPICALL htCall, LPHDRVCALL lphdCall, LPCWSTR lpszDestAddress,
                             LPCWSTR lpszGroupID);
LONG TSPIAPI TSPI_lineCompleteCall(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                   LPDWORD lpdwCompletionID, DWORD dwCompletionMode,
                                   DWORD dwMessageID);
LONG TSPIAPI TSPI_lineUncompleteCall(DRV_REQUESTID dwRequestID, HDRVLINE hdLine,
                                     DWORD dwCompletionID);

/* ---- TSPI: call information and parameters ---------------------------------- */

LONG TSPIAPI TSPI_lineGetCallInfo(HDRVCALL hdCall, LPLINECALLINFO lpCallInfo);
LONG TSPIAPI TSPI_lineGetCallStatus(HDRVCALL hdCall, LPLINECALLSTATUS lpCallStatus);
LONG TSPIAPI TSPI_lineGetCallAddressID(HDRVCALL hdCall, LPDWORD lpdwAddressID);
LONG TSPIAPI TSPI_lineGetCallIDs(HDRVCALL hdCall, LPDWORD lpdwAddressID, LPDWORD lpdwCallID,
                                 LPDWORD lpdwRelatedCallID);
LONG TSPIAPI TSPI_lineSetAppSpecific(HDRVCALL hdCall, DWORD dwAppSpecific);
LONG TSPIAPI TSPI_lineSetCallData(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                  LPVOID lpCallData, DWORD dwSize);
LONG TSPIAPI TSPI_lineSetCallParams(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                    DWORD dwBearerMode, DWORD dwMinRate, DWORD dwMaxRate,
                                    LPLINEDIALPARAMS const lpDialParams);
LONG TSPIAPI TSPI_lineSetCallQualityOfService(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                              LPVOID lpSendingFlowspec,
                                              DWORD dwSendingFlowspecSize,
                                              LPVOID lpReceivingFlowspec,
                                              DWORD dwReceivingFlowspecSize);
LONG TSPIAPI TSPI_lineSetCallTreatment(DRV_REQUESTID dwRequestID, HDRVCALL hdCall,
                                       DWORD dwTreatment);

/* ---- TSPI: media modes, digits and tones ------------------------------------ */

LONG TSPIAPI TSPI_lineSetMediaMode(HDRVCALL hdCall, DWORD dwMediaMode);
LONG TSPIAPI TSPI_lineMonitorMedia(HDRVCALL hdCall, DWORD dwMediaModes);
LONG TSPIAPI TSPI_lineMonitorDigits(HDRVCALL hdCall, DWORD dwDigitModes);
LONG TSPIAPI TSPI_lineMonitorTones(HDRVCALL hdCall, DWORD dwToneListID,
                                   LPLINEMONITORTONE const lpToneList, DWORD dwNumEntries);
LONG TSPIAPI TSPI_lineGatherDigits(HDRVCALL hdCall, DWORD dwEndToEndID, DWORD dwDigitModes,
                                   LPWSTR lpsDigits, DWORD dwNumDigits,
                                   LPCWSTR lpszTerminationDigits, DWORD dwFirstDigitTimeout,
                                   DWORD dwInterDigitTimeout);
LONG TSPIAPI TSPI_lineGenerateDigits(HDRVCALL hdCall, DWORD dwEndToEndID, DWORD dwDigitMode,
                                     LPCWSTR lpszDigits, DWORD dwDuration);
LONG TSPIAPI TSPI_lineGenerateTone(HDRVCALL hdCall, DWORD dwEndToEndID, DWORD dwToneMode,
                                   DWORD dwDuration, DWORD dwNumTones,
                                   LPLINEGENERATETONE const lpTones);
LONG TSPIAPI TSPI_lineSetMediaControl(HDRVLINE hdLine, DWORD dwAddressID, HDRVCALL hdCall,
                                      DWORD dwSelect,
                                      LPLINEMEDIACONTROLDIGIT const lpDigitList,
                                      DWORD dwDigitNumEntries,
                                      LPLINEMEDIACONTROLMEDIA const lpMediaList,
                                      DWORD dwMediaNumEntries,
                                      LPLINEMEDIACONTROLTONE const lpToneList,
                                      DWORD dwToneNumEntries,
                                      LPLINEMEDIACONTROLCALLSTATE const lpCallStateList,
                                      DWORD dwCallStateNumEntries);

/* ---- TSPI: TAPI 3 media service providers ----------------------------------- */

LONG TSPIAPI TSPI_lineMSPIdentify(DWORD dwDeviceID, GUID *pCLSID);
LONG TSPIAPI TSPI_lineCreateMSPInstance(HDRVLINE hdLine, DWORD dwAddressID,
                                        HTAPIMSPLINE htMSPLine, LPHDRVMSPLINE lphdMSPLine);
LONG TSPIAPI TSPI_lineCloseMSPInstance(HDRVMSPLINE hdMSPLine);
LONG TSPIAPI TSPI_lineReceiveMSPData(HDRVLINE hdLine, HDRVCALL hdCall, HDRVMSPLINE hdMSPLine,
                                     LPVOID pBuffer, DWORD dwSize);

/* ---- TSPI: phone devices ----------------------------------------------------- */

LONG TSPIAPI TSPI_phoneNegotiateTSPIVersion(DWORD dwDeviceID, DWORD dwLowVersion,
                                            DWORD dwHighVersion, LPDWORD lpdwTSPIVersion);
LONG TSPIAPI TSPI_phoneNegotiateExtVersion(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                           DWORD dwLowVersion, DWORD dwHighVersion,
                                           LPDWORD lpdwExtVersion);
LONG TSPIAPI TSPI_phoneSelectExtVersion(HDRVPHONE hdPhone, DWORD dwExtVersion);
LONG TSPIAPI TSPI_phoneGetExtensionID(DWORD dwDeviceID, DWORD dwTSPIVersion,
                                      LPPHONEEXTENSIONID lpExtensionID);
LONG TSPIAPI TSPI_phoneGetDevCaps(DWORD dwDeviceID, DWORD dwTSPIVersion, DWORD dwExtVersion,
                                  LPPHONECAPS lpPhoneCaps);
LONG TSPIAPI TSPI_phoneGetIcon(DWORD dwDeviceID, LPCWSTR lpszDeviceClass, LPHICON lphIcon);
LONG TSPIAPI TSPI_phoneGetID(HDRVPHONE hdPhone, LPVARSTRING lpDeviceID,
                             LPCWSTR lpszDeviceClass, HANDLE hTargetProcess);
LONG TSPIAPI TSPI_phoneOpen(DWORD dwDeviceID, HTAPIPHONE htPhone, LPHDRVPHONE lphdPhone,
                            DWORD dwTSPIVersion, PHONEEVENT lpfnEventProc);
LONG TSPIAPI TSPI_phoneClose(HDRVPHONE hdPhone);
LONG TSPIAPI TSPI_phoneGetStatus(HDRVPHONE hdPhone, LPPHONESTATUS lpPhoneStatus);
LONG TSPIAPI TSPI_phoneSetStatusMessages(HDRVPHONE hdPhone, DWORD dwPhoneStates,
                                         DWORD dwButtonModes, DWORD dwButtonStates);
LONG TSPIAPI TSPI_phoneDevSpecific(DRV_REQUESTID dwRequestID, HDRVPHONE hdPhone,
                                   LPVOID lpParams, DWORD dwSize);
LONG TSPIAPI TSPI_phoneGetButtonInfo(HDRVPHONE hdPhone, DWORD dwButtonLampID,
                                     LPPHONEBUTTONINFO lpButtonInfo);
LONG TSPIAPI TSPI_phoneSetButtonInfo(DRV_REQUESTID dwRequestID, HDRVPHONE hdPhone,
                                     DWORD dwButtonLampID, LPPHONEBUTTONINFO const lpButtonInfo);
LONG TSPIAPI TSPI_phoneGetLamp(HDRVPHONE hdPhone, DWORD dwButtonLampID, LPDWORD lpdwLampMode);
LONG TSPIAPI TSPI_phoneSetLamp(DRV_REQUESTID dwRequestID, HDRVPHONE hdPhone,
                               DWORD dwButtonLampID, DWORD dwLampMode);
LONG TSPIAPI TSPI_phoneGetData(HDRVPHONE hdPhone, DWORD dwDataID, LPVOID lpData, DWORD dwSize);
LONG TSPIAPI TSPI_phoneSetData(DRV_REQUESTID dwRequestID, HDRVPHONE hdPhone, DWORD dwDataID,
                               LPVOID const lpData, DWORD dwSize);
LONG TSPIAPI TSPI_phoneGetDisplay(HDRVPHONE hdPhone, LPVARSTRING lpDisplay);
LONG TSPIAPI TSPI_phoneSetDisplay(DRV_REQUESTID dwRequestID, HDRVPHONE hdPhone, DWORD dwRow,
                                  DWORD dwColumn, LPCWSTR lpsDisplay, DWORD dwSize);
LONG TSPIAPI TSPI_phoneGetHookSwitch(HDRVPHONE hdPhone, LPDWORD lpdwHookSwitchDevs);
LONG TSPIAPI TSPI_phoneSetHookSwitch(DRV_REQUESTID dwRequestID, HDRVPHONE hdPhone,
                                     DWORD dwHookSwitchDevs, DWORD dwHookSwitchMode);
LONG TSPIAPI TSPI_phoneGetRing(HDRVPHONE hdPhone, LPDWORD lpdwRingMode, LPDWORD lpdwVolume);
LONG TSPIAPI TSPI_phoneSetRing(DRV_REQUESTID dwRequestID, HDRVPHONE hdPhone, DWORD dwRingMode,
                               DWORD dwVolume);
LONG TSPIAPI TSPI_phoneGetVolume(HDRVPHONE hdPhone, DWORD dwHookSwitchDev, LPDWORD lpdwVolume);
LONG TSPIAPI TSPI_phoneSetVolume(DRV_REQUESTID dwRequestID, HDRVPHONE hdPhone,
                                 DWORD dwHookSwitchDev, DWORD dwVolume);
LONG TSPIAPI TSPI_phoneGetGain(HDRVPHONE hdPhone, DWORD dwHookSwitchDev, LPDWORD lpdwGain);
LONG TSPIAPI TSPI_phoneSetGain(DRV_REQUESTID dwRequestID, HDRVPHONE hdPhone,
                               DWORD dwHookSwitchDev, DWORD dwGain);

/* ---- TUISPI: exported by the provider's UI DLL, run in the application ------ */

LONG TSPIAPI TUISPI_lineConfigDialog(TUISPIDLLCALLBACK lpfnUIDLLCallback, DWORD dwDeviceID,
                                     HWND hwndOwner, LPCWSTR lpszDeviceClass);
LONG TSPIAPI TUISPI_lineConfigDialogEdit(TUISPIDLLCALLBACK lpfnUIDLLCallback, DWORD dwDeviceID,
                                         HWND hwndOwner, LPCWSTR lpszDeviceClass,
                                         LPVOID const lpDeviceConfigIn, DWORD dwSize,
                                         LPVARSTRING lpDeviceConfigOut);
LONG TSPIAPI TUISPI_phoneConfigDialog(TUISPIDLLCALLBACK lpfnUIDLLCallback, DWORD dwDeviceID,
                                      HWND hwndOwner, LPCWSTR lpszDeviceClass);
LONG TSPIAPI TUISPI_providerConfig(TUISPIDLLCALLBACK lpfnUIDLLCallback, HWND hwndOwner,
                                   DWORD dwPermanentProviderID);
LONG TSPIAPI TUISPI_providerInstall(TUISPIDLLCALLBACK lpfnUIDLLCallback, HWND hwndOwner,
                                    DWORD dwPermanentProviderID);
LONG TSPIAPI TUISPI_providerRemove(TUISPIDLLCALLBACK lpfnUIDLLCallback, HWND hwndOwner,
                                   DWORD dwPermanentProviderID);
LONG TSPIAPI TUISPI_providerGenericDialog(TUISPIDLLCALLBACK lpfnUIDLLCallback,
                                          HTAPIDIALOGINSTANCE htDlgInst, LPVOID lpParams,
                                          DWORD dwSize, HANDLE hEvent);
LONG TSPIAPI TUISPI_providerGenericDialogData(HTAPIDIALOGINSTANCE htDlgInst, LPVOID lpParams,
                                              DWORD dwSize);

#ifdef __cplusplus
}
#endif

#endif /* TSPKIT_BITS_TSPI_DEFS_H */
