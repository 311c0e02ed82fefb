/*
 * tsp-unimodem/at/devcfg.h - Unimodem's device configuration blob, the "DEVCFG" that
 * lineGetDevConfig returns and lineSetDevConfig takes for the device classes "comm" and
 * "comm/datamodem" (learn.microsoft.com/windows/win32/api/tspi/nf-tspi-tspi_linegetdevconfig,
 * .../tapi/comm-datamodem): encoded and decoded byte by byte, the same on every OS.
 *
 * What it is: a header (Unimodem's UMDEVCFGHDR: dwSize, dwVersion 0x00010003, fwOptions,
 * wWaitBong) followed by a COMMCONFIG (learn.microsoft.com/windows/win32/api/winbase/
 * ns-winbase-commconfig) whose DCB carries the port's rate, byte size, parity, stop bits and
 * flow control (.../ns-winbase-dcb) and whose provider data, dwProviderSubType PST_MODEM, is a
 * MODEMSETTINGS (.../api/mcx/ns-mcx-modemsettings): call setup and inactivity timers, speaker
 * volume and mode, preferred and negotiated MDM_* options, the negotiated DCE rate.
 *
 *     offset  size  field
 *          0     4  dwSize            the whole blob: UM_DEVCFG_SIZE when we write it
 *          4     4  dwVersion         UM_DEVCFG_VERSION
 *          8     2  fwOptions         UM_DEVCFG_TERMINAL_PRE | _POST | _MANUAL_DIAL | _LAUNCH_LIGHTS
 *         10     2  wWaitBong         seconds to wait for a calling-card tone ('$')
 *         12        COMMCONFIG:  +0 dwSize (96), +4 wVersion (1), +6 wReserved,
 *                                +8 DCB (28 bytes), +36 dwProviderSubType (PST_MODEM = 6),
 *                                +40 dwProviderOffset (48), +44 dwProviderSize (48)
 *         60        MODEMSETTINGS: +0 dwActualSize, +4 dwRequiredSize, +8 dwDevSpecificOffset,
 *                                +12 dwDevSpecificSize, +16 dwCallSetupFailTimer,
 *                                +20 dwInactivityTimeout, +24 dwSpeakerVolume, +28 dwSpeakerMode,
 *                                +32 dwPreferredModemOptions, +36 dwNegotiatedModemOptions,
 *                                +40 dwNegotiatedDCERate (48 bytes with its padding)
 *        108        end
 *
 * All little-endian, Windows' natural alignment (winbase.h and mcx.h pack nothing); the
 * Windows build checks every offset against the real COMMCONFIG, DCB and MODEMSETTINGS
 * with static assertions (devcfg.c).
 *
 * How it works: pure functions, no I/O, no allocation. um_devcfg_decode() accepts what an
 * application hands lineSetDevConfig only when every size, offset and value is one Unimodem
 * could have written (the rules are at the function), so a hostile blob is refused, never
 * read out of bounds; options the modem's Properties do not list are dropped as Unimodem
 * drops them.
 */
#ifndef TSP_UNIMODEM_AT_DEVCFG_H
#define TSP_UNIMODEM_AT_DEVCFG_H

#include <stddef.h>
#include <stdint.h>
#include "at/engine.h"
#include "profile/profile.h"

#define UM_DEVCFG_VERSION 0x00010003u      /* UMDEVCFG_VERSION */
#define UM_DEVCFG_TERMINAL_PRE 0x0001u     /* a terminal window before dialling */
#define UM_DEVCFG_TERMINAL_POST 0x0002u    /* ... after connecting */
#define UM_DEVCFG_MANUAL_DIAL 0x0004u      /* the user dials on the handset */
#define UM_DEVCFG_LAUNCH_LIGHTS 0x0008u    /* the modem-lights tray icon */
#define UM_DEVCFG_OPTIONS_ALL 0x000Fu

#define UM_DEVCFG_HDR_SIZE 12              /* UMDEVCFGHDR */
#define UM_DEVCFG_DCB_SIZE 28              /* DCB */
#define UM_DEVCFG_CC_FIXED 48              /* COMMCONFIG up to wcProviderData */
#define UM_DEVCFG_MS_SIZE 48               /* sizeof(MODEMSETTINGS) */
#define UM_DEVCFG_MS_MIN 44                /* MODEMSETTINGS up to dwNegotiatedDCERate */
#define UM_DEVCFG_CC_SIZE (UM_DEVCFG_CC_FIXED + UM_DEVCFG_MS_SIZE)
#define UM_DEVCFG_SIZE (UM_DEVCFG_HDR_SIZE + UM_DEVCFG_CC_SIZE)   /* 108 */
#define UM_DEVCFG_PST_MODEM 6u             /* PST_MODEM */
#define UM_DEVCFG_BAUD_MAX 4000000u        /* what the port backends accept */

typedef struct {
    uint16_t options;              /* UM_DEVCFG_* (fwOptions) */
    uint16_t wait_bong;            /* wWaitBong, seconds */
    um_dcb dcb;                    /* the port: rate, byte size, parity, stop bits, flow */
    um_at_settings modem;          /* MODEMSETTINGS: timers, speaker, preferred options */
    uint32_t negotiated_options;   /* of the call connected when it was read (read only) */
    uint32_t negotiated_dce_rate;
} um_devcfg;

/* Errors of um_devcfg_decode (negative); TSPI_lineSetDevConfig answers LINEERR_INVALPARAM. */
enum {
    UM_DEVCFG_E_SIZE = -1,         /* shorter than a DEVCFG, or dwSize larger than the blob */
    UM_DEVCFG_E_VERSION = -2,      /* dwVersion is not UM_DEVCFG_VERSION */
    UM_DEVCFG_E_COMMCONFIG = -3,   /* COMMCONFIG dwSize, DCBlength or provider data out of place */
    UM_DEVCFG_E_SUBTYPE = -4,      /* dwProviderSubType is not PST_MODEM */
    UM_DEVCFG_E_VALUE = -5,        /* a field out of its range (ByteSize 9, dwSpeakerMode 7 ...) */
};

/* The configuration a line starts with: the profile's DCB, Unimodem's defaults for the
 * modem settings (limited to what its Properties allow), call_setup_fail_s when not 0. */
void um_devcfg_default(um_devcfg *c, const um_profile *p, uint32_t call_setup_fail_s);

/* Writes the UM_DEVCFG_SIZE bytes of c into out. */
void um_devcfg_encode(const um_devcfg *c, uint8_t out[UM_DEVCFG_SIZE]);

/* Reads a blob of len bytes into *c: 0, or an UM_DEVCFG_E_* error with *c unchanged.
 * p, when not NULL, limits the options and timers to what the modem supports. */
int um_devcfg_decode(const uint8_t *blob, size_t len, const um_profile *p, um_devcfg *c);

const char *um_devcfg_strerror(int err);

#endif
