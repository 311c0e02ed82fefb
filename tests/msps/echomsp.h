/*
 * tests/msps/echomsp.h - what the echo MSP (echomsp.c) and the TSP paired with it
 * (tests/providers/msppair.c) share: the MSP's CLSID and the format of the opaque
 * buffers they exchange. A TSP/MSP pair shares nothing else; TAPISRV and TAPI 3 relay
 * the buffers without reading them (seed 000: TAPI service provider overview).
 *
 * The protocol
 *   TSP -> MSP: any bytes (LINE_SENDMSPDATA, arriving as ITMSPAddress::ReceiveTSPData).
 *   MSP -> TSP: for every buffer, one ME_TSP_DATA event "echo:" + the bytes, about the
 *               same call (or about no call, when the buffer came for the address).
 *   A buffer that is exactly one of these words also does what it says:
 *     "early"          the next CreateMSPCall on this address sends "early:hello" about
 *                      the new call before it returns, that is before the TSP has heard
 *                      of the call (the case seed 000 says must fail); it returns once
 *                      TAPI fetched that event with GetEvent (or after 5 s)
 *     "address-event"  also posts ME_ADDRESS_EVENT / ADDRESS_TERMINAL_AVAILABLE
 *     "call-event"     also posts ME_CALL_EVENT / CALL_STREAM_ACTIVE about the call
 *     "bad-handle"     the echo names an MSP_HANDLE that is no call TAPI created
 *     "bad-size"       the echo's MSP_EVENT_INFO.dwSize claims 64 bytes more than it has
 */
#ifndef TESTS_MSPS_ECHOMSP_H
#define TESTS_MSPS_ECHOMSP_H

/* {4C346FFF-5A1E-49A9-BE10-6877F7EFCE4A} */
#define ECHOMSP_CLSID_INIT \
    { 0x4c346fff, 0x5a1e, 0x49a9, { 0xbe, 0x10, 0x68, 0x77, 0xf7, 0xef, 0xce, 0x4a } }
#define ECHOMSP_CLSID_TEXT "{4C346FFF-5A1E-49A9-BE10-6877F7EFCE4A}"

#define ECHOMSP_REPLY_PREFIX "echo:"
#define ECHOMSP_EARLY_DATA "early:hello"

#endif
