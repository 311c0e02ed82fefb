/*
 * tsp-unimodem/at/devcfg.c - Unimodem's DEVCFG blob (devcfg.h has the layout).
 */
#include "at/devcfg.h"

#include <string.h>

/* Offsets inside the blob (devcfg.h). */
enum {
    H_SIZE = 0, H_VERSION = 4, H_OPTIONS = 8, H_WAITBONG = 10,
    CC = UM_DEVCFG_HDR_SIZE,
    CC_SIZE = 0, CC_VERSION = 4, CC_DCB = 8, CC_SUBTYPE = 36, CC_PROV_OFF = 40, CC_PROV_SIZE = 44,
    DCB_LENGTH = 0, DCB_BAUD = 4, DCB_FLAGS = 8, DCB_XONLIM = 14, DCB_XOFFLIM = 16,
    DCB_BYTESIZE = 18, DCB_PARITY = 19, DCB_STOPBITS = 20, DCB_XONCHAR = 21, DCB_XOFFCHAR = 22,
    MS_ACTUAL = 0, MS_REQUIRED = 4, MS_CSFT = 16, MS_INACT = 20, MS_VOLUME = 24, MS_SPKMODE = 28,
    MS_PREFERRED = 32, MS_NEGOTIATED = 36, MS_DCERATE = 40,
};

/* DCB's bit fields, in the order winbase.h declares them (fBinary first, bit 0). */
#define DCBF_BINARY 0x0001u
#define DCBF_PARITY 0x0002u
#define DCBF_OUTX_CTS 0x0004u
#define DCBF_DTR_ENABLE 0x0010u       /* fDtrControl = DTR_CONTROL_ENABLE (bits 4-5) */
#define DCBF_OUTX 0x0100u
#define DCBF_INX 0x0200u
#define DCBF_RTS_SHIFT 12             /* fRtsControl, bits 12-13 */
#define RTS_ENABLE 1u
#define RTS_HANDSHAKE 2u

#ifdef _WIN32
/* The layout above is Windows' own: checked here against winbase.h and mcx.h, in every
 * Windows build of the provider (x86_64 and i686). */
#  include <windows.h>
#  include <mcx.h>
#  include <stddef.h>
_Static_assert(sizeof(DCB) == UM_DEVCFG_DCB_SIZE, "DCB size");
_Static_assert(offsetof(DCB, BaudRate) == DCB_BAUD, "DCB.BaudRate");
_Static_assert(offsetof(DCB, XonLim) == DCB_XONLIM, "DCB.XonLim");
_Static_assert(offsetof(DCB, XoffLim) == DCB_XOFFLIM, "DCB.XoffLim");
_Static_assert(offsetof(DCB, ByteSize) == DCB_BYTESIZE, "DCB.ByteSize");
_Static_assert(offsetof(DCB, Parity) == DCB_PARITY, "DCB.Parity");
_Static_assert(offsetof(DCB, StopBits) == DCB_STOPBITS, "DCB.StopBits");
_Static_assert(offsetof(DCB, XonChar) == DCB_XONCHAR, "DCB.XonChar");
_Static_assert(offsetof(DCB, XoffChar) == DCB_XOFFCHAR, "DCB.XoffChar");
_Static_assert(offsetof(COMMCONFIG, wVersion) == CC_VERSION, "COMMCONFIG.wVersion");
_Static_assert(offsetof(COMMCONFIG, dcb) == CC_DCB, "COMMCONFIG.dcb");
_Static_assert(offsetof(COMMCONFIG, dwProviderSubType) == CC_SUBTYPE, "COMMCONFIG.dwProviderSubType");
_Static_assert(offsetof(COMMCONFIG, dwProviderOffset) == CC_PROV_OFF, "COMMCONFIG.dwProviderOffset");
_Static_assert(offsetof(COMMCONFIG, dwProviderSize) == CC_PROV_SIZE, "COMMCONFIG.dwProviderSize");
_Static_assert(offsetof(COMMCONFIG, wcProviderData) == UM_DEVCFG_CC_FIXED, "COMMCONFIG.wcProviderData");
_Static_assert(PST_MODEM == UM_DEVCFG_PST_MODEM, "PST_MODEM");
_Static_assert(sizeof(MODEMSETTINGS) == UM_DEVCFG_MS_SIZE, "MODEMSETTINGS size");
_Static_assert(offsetof(MODEMSETTINGS, dwCallSetupFailTimer) == MS_CSFT, "MODEMSETTINGS.dwCallSetupFailTimer");
_Static_assert(offsetof(MODEMSETTINGS, dwInactivityTimeout) == MS_INACT, "MODEMSETTINGS.dwInactivityTimeout");
_Static_assert(offsetof(MODEMSETTINGS, dwSpeakerVolume) == MS_VOLUME, "MODEMSETTINGS.dwSpeakerVolume");
_Static_assert(offsetof(MODEMSETTINGS, dwSpeakerMode) == MS_SPKMODE, "MODEMSETTINGS.dwSpeakerMode");
_Static_assert(offsetof(MODEMSETTINGS, dwPreferredModemOptions) == MS_PREFERRED, "MODEMSETTINGS.dwPreferredModemOptions");
_Static_assert(offsetof(MODEMSETTINGS, dwNegotiatedModemOptions) == MS_NEGOTIATED, "MODEMSETTINGS.dwNegotiatedModemOptions");
_Static_assert(offsetof(MODEMSETTINGS, dwNegotiatedDCERate) == MS_DCERATE, "MODEMSETTINGS.dwNegotiatedDCERate");
_Static_assert(offsetof(MODEMSETTINGS, abVariablePortion) == UM_DEVCFG_MS_MIN, "MODEMSETTINGS.abVariablePortion");
_Static_assert(MDM_BLIND_DIAL == UM_MDM_BLIND_DIAL && MDM_FLOWCONTROL_HARD == UM_MDM_FLOWCONTROL_HARD,
               "MDM_ options");
#endif

static uint32_t rd32(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void wr32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24); }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

/* Unimodem's options the modem's Properties allow, and timers within its limits
 * (MODEMDEVCAPS dwModemOptions, dwCallSetupFailTimer, dwInactivityTimeout). */
static void limit(um_devcfg *c, const um_profile *p)
{
    const um_properties *pr;
    if (!p) return;
    pr = um_profile_properties(p);
    if (pr->modem_options) c->modem.options &= pr->modem_options;
    if (pr->call_setup_fail_timer && c->modem.call_setup_fail_s > pr->call_setup_fail_timer)
        c->modem.call_setup_fail_s = pr->call_setup_fail_timer;
}

void um_devcfg_default(um_devcfg *c, const um_profile *p, uint32_t call_setup_fail_s)
{
    memset(c, 0, sizeof *c);
    c->wait_bong = 8;   /* Unimodem's default wait for the calling-card tone */
    c->dcb = p ? *um_profile_dcb(p) : (um_dcb){ 115200, 8, 0, 0, UM_FLOW_HARDWARE };
    c->modem.call_setup_fail_s = call_setup_fail_s ? call_setup_fail_s : 60;
    c->modem.speaker_volume = 0;
    c->modem.speaker_mode = 1;    /* MDMSPKR_DIAL */
    c->modem.options = UM_MDM_ERROR_CONTROL | UM_MDM_COMPRESSION | UM_MDM_CCITT_OVERRIDE | UM_MDM_TONE_DIAL
                     | (c->dcb.flow == UM_FLOW_HARDWARE ? UM_MDM_FLOWCONTROL_HARD
                        : c->dcb.flow == UM_FLOW_SOFTWARE ? UM_MDM_FLOWCONTROL_SOFT : 0);
    limit(c, p);
}

void um_devcfg_encode(const um_devcfg *c, uint8_t out[UM_DEVCFG_SIZE])
{
    uint8_t *cc = out + CC, *dcb = cc + CC_DCB, *ms = cc + UM_DEVCFG_CC_FIXED;
    uint32_t flags = DCBF_BINARY | DCBF_DTR_ENABLE;
    memset(out, 0, UM_DEVCFG_SIZE);
    wr32(out + H_SIZE, UM_DEVCFG_SIZE);
    wr32(out + H_VERSION, UM_DEVCFG_VERSION);
    wr16(out + H_OPTIONS, c->options);
    wr16(out + H_WAITBONG, c->wait_bong);

    wr32(cc + CC_SIZE, UM_DEVCFG_CC_SIZE);
    wr16(cc + CC_VERSION, 1);
    if (c->dcb.parity) flags |= DCBF_PARITY;
    if (c->dcb.flow == UM_FLOW_HARDWARE) flags |= DCBF_OUTX_CTS | RTS_HANDSHAKE << DCBF_RTS_SHIFT;
    else flags |= RTS_ENABLE << DCBF_RTS_SHIFT;
    if (c->dcb.flow == UM_FLOW_SOFTWARE) flags |= DCBF_OUTX | DCBF_INX;
    wr32(dcb + DCB_LENGTH, UM_DEVCFG_DCB_SIZE);
    wr32(dcb + DCB_BAUD, c->dcb.baud_rate);
    wr32(dcb + DCB_FLAGS, flags);
    wr16(dcb + DCB_XONLIM, 80);
    wr16(dcb + DCB_XOFFLIM, 200);
    dcb[DCB_BYTESIZE] = c->dcb.byte_size;
    dcb[DCB_PARITY] = c->dcb.parity;
    dcb[DCB_STOPBITS] = c->dcb.stop_bits;
    dcb[DCB_XONCHAR] = 0x11;   /* DC1, DC3: the usual XON/XOFF */
    dcb[DCB_XOFFCHAR] = 0x13;
    wr32(cc + CC_SUBTYPE, UM_DEVCFG_PST_MODEM);
    wr32(cc + CC_PROV_OFF, UM_DEVCFG_CC_FIXED);
    wr32(cc + CC_PROV_SIZE, UM_DEVCFG_MS_SIZE);

    wr32(ms + MS_ACTUAL, UM_DEVCFG_MS_SIZE);
    wr32(ms + MS_REQUIRED, UM_DEVCFG_MS_SIZE);
    wr32(ms + MS_CSFT, c->modem.call_setup_fail_s);
    wr32(ms + MS_INACT, c->modem.inactivity_s);
    wr32(ms + MS_VOLUME, c->modem.speaker_volume);
    wr32(ms + MS_SPKMODE, c->modem.speaker_mode);
    wr32(ms + MS_PREFERRED, c->modem.options);
    wr32(ms + MS_NEGOTIATED, c->negotiated_options);
    wr32(ms + MS_DCERATE, c->negotiated_dce_rate);
}

/* What lineSetDevConfig accepts: at least a header and a COMMCONFIG whose MODEMSETTINGS
 * reaches dwNegotiatedDCERate; dwSize within the bytes given (more bytes than dwSize are
 * ignored, as Unimodem reads dwSize's worth); the version Unimodem writes; a COMMCONFIG that
 * fits in dwSize, with a DCB of DCB's size and PST_MODEM provider data inside the COMMCONFIG
 * past its fixed part; values in their ranges (DCB ByteSize 5-8, Parity NOPARITY..SPACEPARITY,
 * StopBits ONESTOPBIT..TWOSTOPBITS, a rate of 1..4000000; MDMVOL_LOW..HIGH,
 * MDMSPKR_OFF..CALLSETUP; fwOptions only the four flags). */
int um_devcfg_decode(const uint8_t *blob, size_t len, const um_profile *p, um_devcfg *out)
{
    const uint8_t *cc, *dcb, *ms;
    uint32_t size, cc_size, prov_off, prov_size, flags;
    um_devcfg c;
    if (!blob || len < UM_DEVCFG_HDR_SIZE + UM_DEVCFG_CC_FIXED + UM_DEVCFG_MS_MIN) return UM_DEVCFG_E_SIZE;
    size = rd32(blob + H_SIZE);
    if (size > len || size < UM_DEVCFG_HDR_SIZE + UM_DEVCFG_CC_FIXED + UM_DEVCFG_MS_MIN) return UM_DEVCFG_E_SIZE;
    if (rd32(blob + H_VERSION) != UM_DEVCFG_VERSION) return UM_DEVCFG_E_VERSION;
    cc = blob + CC;
    dcb = cc + CC_DCB;
    cc_size = rd32(cc + CC_SIZE);
    prov_off = rd32(cc + CC_PROV_OFF);
    prov_size = rd32(cc + CC_PROV_SIZE);
    if (cc_size > size - UM_DEVCFG_HDR_SIZE || rd32(dcb + DCB_LENGTH) != UM_DEVCFG_DCB_SIZE ||
        prov_off < UM_DEVCFG_CC_FIXED || prov_size < UM_DEVCFG_MS_MIN || prov_off > cc_size ||
        prov_size > cc_size - prov_off)
        return UM_DEVCFG_E_COMMCONFIG;
    if (rd32(cc + CC_SUBTYPE) != UM_DEVCFG_PST_MODEM) return UM_DEVCFG_E_SUBTYPE;
    ms = cc + prov_off;

    memset(&c, 0, sizeof c);
    c.options = rd16(blob + H_OPTIONS);
    c.wait_bong = rd16(blob + H_WAITBONG);
    c.dcb.baud_rate = rd32(dcb + DCB_BAUD);
    c.dcb.byte_size = dcb[DCB_BYTESIZE];
    c.dcb.parity = dcb[DCB_PARITY];
    c.dcb.stop_bits = dcb[DCB_STOPBITS];
    flags = rd32(dcb + DCB_FLAGS);
    /* RTS/CTS when CTS holds output or RTS is the handshake line; XON/XOFF when either
     * direction uses it (the same reading as the profile's DCB value). */
    if ((flags & DCBF_OUTX_CTS) || ((flags >> DCBF_RTS_SHIFT) & 3u) == RTS_HANDSHAKE) c.dcb.flow = UM_FLOW_HARDWARE;
    else if (flags & (DCBF_OUTX | DCBF_INX)) c.dcb.flow = UM_FLOW_SOFTWARE;
    else c.dcb.flow = UM_FLOW_NONE;
    c.modem.call_setup_fail_s = rd32(ms + MS_CSFT);
    c.modem.inactivity_s = rd32(ms + MS_INACT);
    c.modem.speaker_volume = rd32(ms + MS_VOLUME);
    c.modem.speaker_mode = rd32(ms + MS_SPKMODE);
    c.modem.options = rd32(ms + MS_PREFERRED);
    c.negotiated_options = rd32(ms + MS_NEGOTIATED);
    c.negotiated_dce_rate = rd32(ms + MS_DCERATE);
    if ((c.options & ~UM_DEVCFG_OPTIONS_ALL) || !c.dcb.baud_rate || c.dcb.baud_rate > UM_DEVCFG_BAUD_MAX ||
        c.dcb.byte_size < 5 || c.dcb.byte_size > 8 || c.dcb.parity > 4 || c.dcb.stop_bits > 2 ||
        c.modem.speaker_volume > 2 || c.modem.speaker_mode > 3)
        return UM_DEVCFG_E_VALUE;
    limit(&c, p);
    *out = c;
    return 0;
}

const char *um_devcfg_strerror(int err)
{
    switch (err) {
    case 0: return "no error";
    case UM_DEVCFG_E_SIZE: return "the blob is shorter than a DEVCFG, or its dwSize does not fit";
    case UM_DEVCFG_E_VERSION: return "dwVersion is not 0x00010003";
    case UM_DEVCFG_E_COMMCONFIG: return "the COMMCONFIG's size, DCB or provider data is out of place";
    case UM_DEVCFG_E_SUBTYPE: return "dwProviderSubType is not PST_MODEM";
    case UM_DEVCFG_E_VALUE: return "a field is out of its range";
    default: return "unknown error";
    }
}
