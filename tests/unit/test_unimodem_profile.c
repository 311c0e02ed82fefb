/*
 * tests/unit/test_unimodem_profile.c - modem descriptions: the text format (every
 * section, INF-style values, each error's exact text and line), the setters the registry
 * reader will use (MSS, Properties and DCB blobs), and the shipped profiles.
 *
 * The shipped profiles are read from tsp-unimodem/profiles/ relative to the current
 * folder (make test runs from the top folder), or from $TSPKIT_PROFILE_DIR.
 */
#include "profile/profile.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static char err[UM_PROFILE_ERR_MAX];

static um_profile *parse(const char *text)
{
    err[0] = '\0';
    return um_profile_parse(text, strlen(text), "t.ini", err, sizeof err);
}

static void assert_parse_error(const char *text, const char *want)
{
    um_profile *p = parse(text);
    if (p) fprintf(stderr, "parsed, but expected: %s\n", want);
    um_profile_free(p);
    assert_null(p);
    assert_string_equal(err, want);
}

static um_profile *assert_parses(const char *text)
{
    um_profile *p = parse(text);
    if (!p) fprintf(stderr, "unexpected parse error: %s\n", err);
    assert_non_null(p);
    return p;
}

/* ---- the format -------------------------------------------------------------------- */

static const char full[] =
    "; a profile with every section\r\n"
    "# hash comments too\n"
    "[Modem]\n"
    "Name = \"Test \"\"quoted\"\" modem\"   ; trailing comment\n"
    "Reset = \"ATZ<cr>\"\n"
    "InactivityScale = 0x3c\n"
    "VoiceProfile = 0x00000001\n"
    "[Init]\n"
    "1 = \"AT<cr>\"\n"
    "2 = \"AT&F<h26>C1<CR><lf>\"\n"
    "[Monitor]\n"
    "1 = \"ATS0=0<cr>\"\n"
    "2 = None\n"
    "3 = \"AT+VCID=1<cr>\"\n"
    "[Settings]\n"
    "Prefix = AT\n"
    "CallSetupFailTimer = \"S7=<#>\"\n"
    "dial_tone = \"T\"\n"
    "ErrorControl_On = \\N3\n"
    "[Properties]\n"
    "DialOptions = quiet, dialtone | 0x40\n"
    "CallSetupFailTimer = 255\n"
    "SpeakerMode = off dial\n"
    "ModemOptions = compression error_control tone_dial\n"
    "MaxDCERate = 56000\n"
    "[DCB]\n"
    "BaudRate = 57600\n"
    "ByteSize = 7\n"
    "Parity = even\n"
    "StopBits = 1.5\n"
    "FlowControl = software\n"
    "[Responses]\n"
    "\"<cr><lf>OK<cr><lf>\" = OK\n"
    "\"CONNECT 2400/ARQ\" = CONNECT ec dce=2400\n"
    "\"CONNECT 300\" = 02,00,2C,01,00,00, 00,00,00,00\n"
    "\"NMBR = \" = NMBR\n"
    "\"DATE\" = 93,00,00,00,00,00,00,00,00,00\n"
    "CARRIER 9600 = PROGRESS dce=9600 dte=115200 comp cellular\n"
    "\"X\" = ERROR variable\n";

static void test_full_profile(void **state)
{
    (void)state;
    um_profile *p = assert_parses(full);
    assert_string_equal(um_profile_name(p), "Test \"quoted\" modem");
    assert_string_equal(um_profile_reset(p), "ATZ\r");
    assert_int_equal(um_profile_inactivity_scale(p), 60);
    assert_int_equal(um_profile_voice(p), UM_VOICEPROFILE_VOICE);
    assert_int_equal(um_profile_list_count(p, UM_LIST_INIT), 2);
    assert_string_equal(um_profile_list_item(p, UM_LIST_INIT, 0), "AT\r");
    assert_string_equal(um_profile_list_item(p, UM_LIST_INIT, 1), "AT&F&C1\r\n");
    /* "None" keeps its place (3 follows 2) and sends nothing. */
    assert_int_equal(um_profile_list_count(p, UM_LIST_MONITOR), 2);
    assert_string_equal(um_profile_list_item(p, UM_LIST_MONITOR, 1), "AT+VCID=1\r");
    assert_null(um_profile_list_item(p, UM_LIST_MONITOR, 2));
    assert_int_equal(um_profile_list_count(p, UM_LIST_ANSWER), 0);
    assert_string_equal(um_profile_setting(p, UM_SET_CALL_SETUP_FAIL_TIMER), "S7=<#>");
    assert_string_equal(um_profile_setting(p, UM_SET_TONE), "T");
    assert_string_equal(um_profile_setting(p, UM_SET_ERROR_CONTROL_ON), "\\N3");
    /* V.250 defaults of a new profile stay where the file says nothing. */
    assert_string_equal(um_profile_setting(p, UM_SET_TERMINATOR), "\r");
    assert_null(um_profile_setting(p, UM_SET_BLIND_ON));

    const um_properties *pr = um_profile_properties(p);
    assert_int_equal(pr->dial_options, UM_DIALOPTION_QUIET | UM_DIALOPTION_DIALTONE | UM_DIALOPTION_BILLING);
    assert_int_equal(pr->call_setup_fail_timer, 255);
    assert_int_equal(pr->speaker_mode, UM_MDMSPKRFLAG_OFF | UM_MDMSPKRFLAG_DIAL);
    assert_int_equal(pr->modem_options, UM_MDM_COMPRESSION | UM_MDM_ERROR_CONTROL | UM_MDM_TONE_DIAL);
    assert_int_equal(pr->max_dce_rate, 56000);
    const um_dcb *d = um_profile_dcb(p);
    assert_int_equal(d->baud_rate, 57600);
    assert_int_equal(d->byte_size, 7);
    assert_int_equal(d->parity, 2);
    assert_int_equal(d->stop_bits, 1);
    assert_int_equal(d->flow, UM_FLOW_SOFTWARE);

    assert_int_equal(um_profile_response_count(p), 7);
    size_t len;
    um_response_info info;
    assert_string_equal(um_profile_response(p, 0, &len, &info), "OK");
    assert_int_equal(len, 2);
    assert_int_equal(info.state, UM_RS_OK);
    um_profile_response(p, 1, NULL, &info);
    assert_int_equal(info.state, UM_RS_CONNECT);
    assert_int_equal(info.options, UM_OPT_ERROR_CONTROL);
    assert_int_equal(info.dce_rate, 2400);
    um_profile_response(p, 2, NULL, &info);
    assert_int_equal(info.dce_rate, 300);
    assert_string_equal(um_profile_response(p, 3, &len, &info), "NMBR =");
    assert_int_equal(info.state, UM_RS_NMBR);
    um_profile_response(p, 4, NULL, &info);
    assert_int_equal(info.state, UM_RS_DATE | UM_RS_VARIABLE);
    assert_string_equal(um_profile_response(p, 5, NULL, &info), "CARRIER 9600");
    assert_int_equal(info.state, UM_RS_LOOP);
    assert_int_equal(info.options, UM_OPT_COMPRESSION | UM_OPT_CELLULAR);
    assert_int_equal(info.dte_rate, 115200);
    um_profile_response(p, 6, NULL, &info);
    assert_int_equal(info.state, UM_RS_ERROR | UM_RS_VARIABLE);
    assert_null(um_profile_response(p, 7, NULL, NULL));
    um_profile_free(p);
}

static void test_empty_and_defaults(void **state)
{
    (void)state;
    um_profile *p = assert_parses("");
    assert_string_equal(um_profile_name(p), "Modem");
    assert_string_equal(um_profile_setting(p, UM_SET_PREFIX), "AT");
    assert_string_equal(um_profile_setting(p, UM_SET_DIAL_SUFFIX), ";");
    assert_int_equal(um_profile_dcb(p)->baud_rate, 115200);
    assert_int_equal(um_profile_dcb(p)->flow, UM_FLOW_HARDWARE);
    assert_int_equal(um_profile_inactivity_scale(p), 1);
    assert_int_equal(um_profile_response_count(p), 0);
    um_profile_free(p);
    /* No newline at the end, blank and comment-only lines, a reopened section. */
    p = assert_parses("[Init]\n1=\"AT<cr>\"\n\n   \t\n[Modem]\n[Init]\n2 = ATZ");
    assert_int_equal(um_profile_list_count(p, UM_LIST_INIT), 2);
    assert_string_equal(um_profile_list_item(p, UM_LIST_INIT, 1), "ATZ");
    um_profile_free(p);
}

static void test_errors(void **state)
{
    (void)state;
    static const struct { const char *text, *err; } cases[] = {
        { "Name = x\n", "t.ini:1: entry outside a section (start with [Modem])" },
        { "\n[Nope]\n", "t.ini:2: unknown section [Nope]" },
        { "[Modem\n", "t.ini:1: missing ']'" },
        { "[Modem] x\n", "t.ini:1: text after ']'" },
        { "[Modem]\nName\n", "t.ini:2: missing '=' after the key" },
        { "[Modem]\n = x\n", "t.ini:2: missing key before '='" },
        { "[Modem]\nName = \"abc\n", "t.ini:2: missing closing quote" },
        { "[Modem]\nName = \"abc\" def\n", "t.ini:2: text after the closing quote" },
        { "[Modem]\n\"Name\" x\n", "t.ini:2: missing '=' after the key" },
        { "[Modem]\nColour = red\n", "t.ini:2: unknown key 'Colour' in [Modem]" },
        { "[Modem]\nName = a\nname = b\n", "t.ini:3: duplicate key 'name' in [Modem]" },
        { "[Modem]\nInactivityScale = ten\n", "t.ini:2: InactivityScale: 'ten' is not a number from 0 to 4294967295" },
        { "[Modem]\nVoiceProfile = 4294967296\n", "t.ini:2: VoiceProfile: '4294967296' is not a number from 0 to 4294967295" },
        { "[Modem]\nProperties = 01,02\n", "t.ini:2: Properties: expected 32 bytes, got 2" },
        { "[Modem]\nDCB = 1C,00,ZZ\n", "t.ini:2: DCB: 'ZZ' is not a hex byte" },
        { "[Modem]\nReset = \"AT<xx>\"\n", "t.ini:2: Reset: unknown or malformed <...> macro (use <cr>, <lf>, <hXX>, <#>)" },
        { "[Modem]\nReset = \"AT<cr\"\n", "t.ini:2: Reset: unknown or malformed <...> macro (use <cr>, <lf>, <hXX>, <#>)" },
        { "[Modem]\nReset = \"<h00>\"\n", "t.ini:2: Reset: unknown or malformed <...> macro (use <cr>, <lf>, <hXX>, <#>)" },
        { "[Init]\n0 = AT\n", "t.ini:2: [Init]: '0' is not an entry number from 1 to 8" },
        { "[Init]\n9 = AT\n", "t.ini:2: [Init]: '9' is not an entry number from 1 to 8" },
        { "[Hangup]\n1 = ATH\n3 = ATZ\n", "t.ini:3: [Hangup]: entry 3 where 2 was expected (entries are numbered 1, 2, 3 ...)" },
        { "[Answer]\n1 = A\n1 = B\n", "t.ini:3: [Answer]: entry 1 where 2 was expected (entries are numbered 1, 2, 3 ...)" },
        { "[Settings]\nPrefix = AT\nPrefix = AT\n", "t.ini:3: duplicate key 'Prefix' in [Settings]" },
        { "[Settings]\nSpeed = 1\n", "t.ini:2: unknown key 'Speed' in [Settings]" },
        { "[Properties]\nDialOptions = quiet loud\n", "t.ini:2: DialOptions: unknown flag 'loud'" },
        { "[Properties]\nMaxDCERate = fast\n", "t.ini:2: MaxDCERate: 'fast' is not a number from 0 to 4294967295" },
        { "[Properties]\nWidth = 1\n", "t.ini:2: unknown key 'Width' in [Properties]" },
        { "[DCB]\nBaudRate = 0\n", "t.ini:2: BaudRate: must not be 0" },
        { "[DCB]\nByteSize = 9\n", "t.ini:2: ByteSize: '9' is not 5, 6, 7 or 8" },
        { "[DCB]\nParity = maybe\n", "t.ini:2: Parity: 'maybe' is not none, odd, even, mark or space" },
        { "[DCB]\nStopBits = 3\n", "t.ini:2: StopBits: '3' is not 1, 1.5 or 2" },
        { "[DCB]\nFlowControl = psychic\n", "t.ini:2: FlowControl: 'psychic' is not none, hardware or software" },
        { "[DCB]\nBaud = 1\n", "t.ini:2: unknown key 'Baud' in [DCB]" },
        { "[Responses]\nOK =\n", "t.ini:2: response 'OK': missing its state" },
        { "[Responses]\nOK = FINE\n", "t.ini:2: unknown response state 'FINE'" },
        { "[Responses]\nOK = OK loud\n", "t.ini:2: unknown response option 'loud' (ec, comp, cellular, variable, dce=N, dte=N)" },
        { "[Responses]\nOK = OK dce=x\n", "t.ini:2: rate: 'x' is not a number from 0 to 4294967295" },
        { "[Responses]\nOK = 00,00\n", "t.ini:2: response (state, options, DCE rate, DTE rate): expected 10 bytes, got 2" },
        { "[Responses]\nOK = 00,00,00,00,00,00,00,00,00,00,00\n", "t.ini:2: response (state, options, DCE rate, DTE rate): expected 10 bytes, got 11" },
        { "[Responses]\nOK = 2F,00,00,00,00,00,00,00,00,00\n", "t.ini:2: response 'OK': state 0x2F is not one of Unimodem's" },
        { "[Responses]\nOK = OK\n\"<cr><lf>OK<cr><lf>\" = ERROR\n", "t.ini:3: response '<cr><lf>OK<cr><lf>': duplicate response" },
        { "[Responses]\n\"<cr><lf>\" = OK\n", "t.ini:2: response '<cr><lf>': empty response text" },
        { "[Responses]\n\"A<cr>B\" = OK\n", "t.ini:2: response 'A<cr>B': response text with a line break inside" },
        { "[Responses]\n\"0123456789012345678901234567890123456789012345678901234567890123456789012345678901\" = OK\n",
          "t.ini:2: response '0123456789012345678901234567890123456789...': longer than 80 bytes" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fprintf(stderr, "case %zu: %s\n", i, cases[i].err);
        assert_parse_error(cases[i].text, cases[i].err);
    }
}

static void test_hostile_input(void **state)
{
    (void)state;
    /* A NUL byte, a line at the limit and one past it, binary junk, a huge file. */
    static const char nul[] = "[Modem]\nName = a\0b\n";
    assert_null(um_profile_parse(nul, sizeof nul - 1, "n.ini", err, sizeof err));
    assert_string_equal(err, "n.ini:2: NUL byte in the line");

    char *big = malloc(4 * UM_PROFILE_LINE_MAX);
    assert_non_null(big);
    memset(big, ';', UM_PROFILE_LINE_MAX);
    um_profile *p = um_profile_parse(big, UM_PROFILE_LINE_MAX, "b.ini", err, sizeof err);
    assert_non_null(p);
    um_profile_free(p);
    memset(big, ';', UM_PROFILE_LINE_MAX + 1);
    assert_null(um_profile_parse(big, UM_PROFILE_LINE_MAX + 1, "b.ini", err, sizeof err));
    assert_string_equal(err, "b.ini:1: line longer than 1024 bytes");
    free(big);

    /* A string one byte too long once expanded. */
    char line[400];
    snprintf(line, sizeof line, "[Modem]\nReset = \"%0*d\"\n", UM_PROFILE_STR_MAX + 1, 0);
    assert_parse_error(line, "t.ini:2: Reset: longer than 128 bytes");
    snprintf(line, sizeof line, "[Modem]\nReset = \"%0*d\"\n", UM_PROFILE_STR_MAX, 0);
    um_profile_free(assert_parses(line));

    static const unsigned char junk[] = { 0xFF, 0xFE, '[', 0x80, ']', '\n', 0x01, '=', 0x02 };
    assert_null(um_profile_parse((const char *)junk, sizeof junk, "j.ini", err, sizeof err));
    assert_string_equal(err, "j.ini:1: missing '=' after the key");
    static const unsigned char junk2[] = { '[', 0x80, 0x1B, ']', '\n' };
    assert_null(um_profile_parse((const char *)junk2, sizeof junk2, "j.ini", err, sizeof err));
    assert_string_equal(err, "j.ini:1: unknown section [??]");

    /* 3000 responses: the table stops at its limit with a line-numbered error. */
    size_t cap = 3000 * 32;
    char *many = malloc(cap);
    assert_non_null(many);
    size_t n = (size_t)snprintf(many, cap, "[Responses]\n");
    for (int i = 0; i < 3000; i++) n += (size_t)snprintf(many + n, cap - n, "R%d = OK\n", i);
    assert_null(um_profile_parse(many, n, "m.ini", err, sizeof err));
    assert_string_equal(err, "m.ini:2050: response 'R2048': too many responses");
    free(many);

    /* An error message never overruns a small buffer. */
    char tiny[8];
    assert_null(um_profile_parse("[x]", 3, "long-file-name.ini", tiny, sizeof tiny));
    assert_string_equal(tiny, "long-fi");
}

/* ---- the setters the registry reader uses ------------------------------------------ */

static void test_registry_setters(void **state)
{
    (void)state;
    um_profile *p = um_profile_new();
    assert_non_null(p);
    /* HKR, Responses, "<cr><lf>CONNECT 300<cr><lf>", 1, 02, 00, 2C,01,00,00, 00,00,00,00 */
    static const uint8_t mss[10] = { 0x02, 0x00, 0x2C, 0x01, 0, 0, 0x00, 0xC2, 0x01, 0x00 };
    assert_int_equal(um_profile_add_response_mss(p, "<cr><lf>CONNECT 300<cr><lf>", 27, mss), 0);
    um_response_info info;
    size_t len;
    assert_string_equal(um_profile_response(p, 0, &len, &info), "CONNECT 300");
    assert_int_equal(info.dce_rate, 300);
    assert_int_equal(info.dte_rate, 115200);
    assert_int_equal(um_profile_add_response_mss(p, "CONNECT 300", 11, mss), UM_PROFILE_E_DUPLICATE);

    /* HKR,, Properties, 1, 80,01,00,00, ... (as in a vendor INF) */
    static const uint8_t props[32] = { 0x80, 0x01, 0, 0, 0xFF, 0, 0, 0, 0x30, 0, 0, 0, 7, 0, 0, 0,
                                       0x0F, 0, 0, 0, 0xFF, 0x03, 0, 0, 0x00, 0xC2, 0x01, 0x00,
                                       0xC0, 0xDA, 0, 0 };
    assert_int_equal(um_profile_set_properties_blob(p, props, 31), UM_PROFILE_E_BLOB);
    assert_int_equal(um_profile_set_properties_blob(p, props, 32), 0);
    const um_properties *pr = um_profile_properties(p);
    assert_int_equal(pr->dial_options, UM_DIALOPTION_QUIET | UM_DIALOPTION_DIALTONE);
    assert_int_equal(pr->call_setup_fail_timer, 255);
    assert_int_equal(pr->modem_options, 0x3FF);
    assert_int_equal(pr->max_dte_rate, 115200);
    assert_int_equal(pr->max_dce_rate, 56000);

    /* HKR,, DCB, 1, 1C,00,00,00, 00,C2,01,00, 15,20,00,00, 00,00, 0a,00, 0a,00, 08, 00, 00,
     * 11, 13, 00, 00, 00: 115200 8N1, fOutxCtsFlow and RTS handshake. */
    uint8_t dcb[28] = { 0x1C, 0, 0, 0, 0x00, 0xC2, 0x01, 0x00, 0x15, 0x20, 0, 0, 0, 0, 0x0A, 0,
                        0x0A, 0, 8, 0, 0, 0x11, 0x13, 0, 0, 0, 0, 0 };
    assert_int_equal(um_profile_set_dcb_blob(p, dcb, 28), 0);
    assert_int_equal(um_profile_dcb(p)->baud_rate, 115200);
    assert_int_equal(um_profile_dcb(p)->flow, UM_FLOW_HARDWARE);
    dcb[8] = 0x01;
    dcb[9] = 0x03;   /* fOutX | fInX */
    assert_int_equal(um_profile_set_dcb_blob(p, dcb, 28), 0);
    assert_int_equal(um_profile_dcb(p)->flow, UM_FLOW_SOFTWARE);
    dcb[18] = 9;
    assert_int_equal(um_profile_set_dcb_blob(p, dcb, 28), UM_PROFILE_E_BLOB);

    /* Settings and lists by their registry names. */
    int s = um_setting_from_name("flowcontrol_hard", 16);
    assert_int_equal(s, UM_SET_FLOW_CONTROL_HARD);
    assert_int_equal(um_setting_from_name("CallSetupFailTimeout", 20), UM_SET_CALL_SETUP_FAIL_TIMER);
    assert_int_equal(um_setting_from_name("Nope", 4), -1);
    assert_string_equal(um_setting_name(UM_SET_SPEAKER_MODE_SETUP), "SpeakerMode_Setup");
    assert_int_equal(um_profile_set_setting(p, (um_setting)s, "&K3", 3), 0);
    assert_string_equal(um_profile_setting(p, UM_SET_FLOW_CONTROL_HARD), "&K3");
    assert_int_equal(um_list_from_name("voicedialnumbersetup", 20), UM_LIST_VOICE_DIAL_SETUP);
    assert_string_equal(um_list_name(UM_LIST_CALLERID), "EnableCallerID");
    assert_int_equal(um_profile_set_list(p, UM_LIST_INIT, 2, "AT", 2), UM_PROFILE_E_INDEX);
    assert_int_equal(um_profile_set_list(p, UM_LIST_INIT, 1, "None", 4), 0);
    for (unsigned i = 2; i <= UM_PROFILE_LIST_MAX; i++)
        assert_int_equal(um_profile_set_list(p, UM_LIST_INIT, i, "AT<cr>", 6), 0);
    assert_int_equal(um_profile_set_list(p, UM_LIST_INIT, UM_PROFILE_LIST_MAX + 1, "AT", 2), UM_PROFILE_E_INDEX);
    assert_int_equal(um_profile_list_count(p, UM_LIST_INIT), UM_PROFILE_LIST_MAX - 1);
    assert_string_equal(um_state_name(UM_RS_NMBR | UM_RS_VARIABLE), "NMBR");
    assert_null(um_state_name(0x2F));
    um_profile_free(p);
}

/* ---- the shipped profiles ---------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    char *buf = malloc(1 << 17);
    *len = buf ? fread(buf, 1, 1 << 17, f) : 0;
    fclose(f);
    return buf;
}

static void test_shipped_profiles(void **state)
{
    (void)state;
    static const struct { const char *file, *name; bool voice; unsigned min_settings; } shipped[] = {
        { "generic.ini", "Generic V.250 modem", false, 17 },
        { "conexant-hcf.ini", "Conexant HCF V.92 modem", true, 25 },
        { "usr-5637.ini", "U.S. Robotics 56K USB Modem", true, 25 },
        { "agere-lucent.ini", "Agere Systems V.92 modem", true, 24 },
        { "multitech-zba.ini", "Multi-Tech MultiModemZBA", false, 22 },
    };
    const char *dir = getenv("TSPKIT_PROFILE_DIR") ? getenv("TSPKIT_PROFILE_DIR") : "tsp-unimodem/profiles";
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
        char path[512];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, shipped[i].file);
        char *text = read_file(path, &len);
        assert_non_null(text);
        um_profile *p = um_profile_parse(text, len, shipped[i].file, err, sizeof err);
        if (!p) fprintf(stderr, "%s\n", err);
        assert_non_null(p);
        unsigned settings = 0;
        for (int s = 0; s < UM_SET_COUNT; s++) settings += um_profile_setting(p, (um_setting)s) != NULL;
        fprintf(stderr, "%s: '%s', %zu init, %u settings, %zu responses\n", shipped[i].file,
                um_profile_name(p), um_profile_list_count(p, UM_LIST_INIT), settings,
                um_profile_response_count(p));
        assert_string_equal(um_profile_name(p), shipped[i].name);
        assert_true(um_profile_list_count(p, UM_LIST_INIT) >= 1);
        assert_true(um_profile_list_count(p, UM_LIST_MONITOR) >= 1);
        assert_true(settings >= shipped[i].min_settings);
        assert_int_equal(!!(um_profile_voice(p) & UM_VOICEPROFILE_VOICE), shipped[i].voice);
        if (shipped[i].voice) assert_true(um_profile_list_count(p, UM_LIST_VOICE_ANSWER) >= 1);
        assert_true(um_profile_properties(p)->dial_options & UM_DIALOPTION_DIALTONE);
        um_profile_free(p);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_profile),
        cmocka_unit_test(test_empty_and_defaults),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_hostile_input),
        cmocka_unit_test(test_registry_setters),
        cmocka_unit_test(test_shipped_profiles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
