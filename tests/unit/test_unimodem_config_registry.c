/*
 * tests/unit/test_unimodem_config_registry.c - the TSP's line list from Unimodem's registry
 * keys (tsp/registry.h), the registry given as a table in memory: every value the reader
 * takes (names, ports, command lists, Settings, Responses, Properties, DCB, the DWORDs),
 * the modem keys in order, what is ignored, each problem's message, hostile tables; and
 * the file loader umc_load_file (config.h) with real files.
 */
#define _DEFAULT_SOURCE 1
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsp/config.h"
#include "tsp/registry.h"
#include "profile/profile.h"

#define SZ(path, name, text) { path, name, UMR_SZ, text, sizeof text - 1 }
#define BIN(path, name, bytes) { path, name, UMR_BINARY, bytes, sizeof bytes }

/* MSS (ff542617(v=vs.85)): state, options, DCE rate, DTE rate. */
static const uint8_t r_ok[10] = { 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
static const uint8_t r_connect[10] = { 0x02, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
static const uint8_t r_connect_33600_ec[10] = { 0x02, 0x02, 0x40, 0x83, 0, 0, 0, 0, 0, 0 };
static const uint8_t r_nmbr[10] = { 0x95, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
static const uint8_t r_busy[10] = { 0x06, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
/* MODEMDEVCAPS from dwDialOptions on: quiet|dialtone, 255 s, 90, volumes, modes,
 * tone_dial|blind_dial|error_control, 115200, 33600. */
static const uint8_t props[32] = {
    0x80, 0x01, 0, 0,  0xff, 0, 0, 0,  90, 0, 0, 0,  7, 0, 0, 0,  15, 0, 0, 0,
    0x02, 0x03, 0, 0,  0x00, 0xc2, 0x01, 0x00,  0x40, 0x83, 0, 0,
};
/* A DCB: 28 bytes, 57600 baud, RTS handshake (fRtsControl 2 in bits 12-13), 8N1. */
static const uint8_t dcb[28] = {
    28, 0, 0, 0,  0x00, 0xe1, 0, 0,  0x15, 0x20, 0, 0,  0, 0,  0x0a, 0,  0x0a, 0,
    8, 0, 0,  0x11, 0x13, 0, 0, 0,  0, 0,
};
static const uint8_t ten[4] = { 10, 0, 0, 0 };
static const uint8_t voice[4] = { 0x01, 0, 0, 0 };

/* Two modems and the class key's own clutter, listed out of order on purpose. */
static const umr_entry two_modems[] = {
    SZ("", "Class", "Modem"),
    SZ("Properties", "Security", "x"),                    /* not a modem key */
    SZ("0001", "DriverDesc", "Standard 33600 bps Modem"),
    SZ("0001", "AttachedTo", "COM3"),
    SZ("0001\\Init", "1", "AT<cr>"),
    SZ("0000", "FriendlyName", "Office modem"),
    SZ("0000", "DriverDesc", "Conexant HCF"),
    SZ("0000", "AttachedTo", "COM1"),
    SZ("0000", UMR_PORT_VALUE, "tcp://192.0.2.10:7000"),
    SZ("0000", "Reset", "ATZ<cr>"),
    SZ("0000", "InfPath", "oem3.inf"),                    /* ignored */
    BIN("0000", "Properties", props),
    BIN("0000", "DCB", dcb),
    BIN("0000", "InactivityScale", ten),
    BIN("0000", "VoiceProfile", voice),
    SZ("0000\\Init", "2", "ATE0V1&C1&D2<cr>"),
    SZ("0000\\Init", "1", "AT&F<cr>"),
    SZ("0000\\Init", "Comment", "not a command"),         /* ignored */
    SZ("0000\\Monitor", "1", "ATS0=0<cr>"),
    SZ("0000\\Monitor", "2", "None"),
    SZ("0000\\Answer", "1", "ATA<cr>"),
    SZ("0000\\Hangup", "1", "ATH<cr>"),
    SZ("0000\\EnableCallerID", "1", "AT+VCID=1<cr>"),
    SZ("0000\\Settings", "Prefix", "AT"),
    SZ("0000\\Settings", "Terminator", "<cr>"),
    SZ("0000\\Settings", "CallSetupFailTimer", "S7=<#>"),
    SZ("0000\\Settings", "Blind_On", "X3"),
    SZ("0000\\Settings", "SpeakerMode_Dial", "M1"),
    SZ("0000\\Settings", "FlowControl_Hard", "&K3"),
    SZ("0000\\Settings", "MaxCmd", "40"),                 /* not a Settings fragment we know */
    BIN("0000\\Responses", "<cr><lf>OK<cr><lf>", r_ok),
    BIN("0000\\Responses", "OK<cr>", r_ok),                /* the same line once trimmed */
    BIN("0000\\Responses", "<cr><lf>CONNECT<cr><lf>", r_connect),
    BIN("0000\\Responses", "<cr><lf>CONNECT 33600/ARQ<cr><lf>", r_connect_33600_ec),
    BIN("0000\\Responses", "NMBR = ", r_nmbr),
    BIN("0000\\Responses", "<cr><lf>BUSY<cr><lf>", r_busy),
    BIN("0000\\Responses", "<cr><lf>", r_ok),              /* no line of its own: skipped */
    SZ("0000\\Fax", "Class", "1"),                        /* a subkey we do not read */
};

static umc_config cfg;
static char err[UMC_ERR_MAX];

static int read_table(const umr_entry *t, size_t n)
{
    umr_memory mem = { t, n };
    umr_registry reg = umr_memory_registry(&mem);
    int rc = umr_read(&reg, &cfg, err, sizeof err);
    printf("umr_read: %d, %zu lines, \"%s\"\n", rc, cfg.count, err);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    umc_free(&cfg);
    return 0;
}

static const um_response_info *find_response(const um_profile *p, const char *text, um_response_info *info)
{
    size_t i, n = um_profile_response_count(p), len;
    for (i = 0; i < n; i++)
        if (!strcmp(um_profile_response(p, i, &len, info), text)) return info;
    return NULL;
}

static void test_two_modems(void **state)
{
    const um_profile *p;
    um_response_info info;
    (void)state;
    assert_int_equal(read_table(two_modems, sizeof two_modems / sizeof two_modems[0]), 0);
    assert_string_equal(err, "");
    assert_int_equal(cfg.count, 2);

    /* 0000 first although the table lists 0001 first; our TspkitPort beats AttachedTo;
     * FriendlyName beats DriverDesc. */
    assert_string_equal(cfg.lines[0].name, "Office modem");
    assert_string_equal(cfg.lines[0].port, "tcp://192.0.2.10:7000");
    assert_string_equal(cfg.lines[1].name, "Standard 33600 bps Modem");
    assert_string_equal(cfg.lines[1].port, "serial:COM3");
    assert_non_null(p = cfg.profiles[0]);
    assert_non_null(cfg.profiles[1]);

    assert_string_equal(um_profile_name(p), "Office modem");
    assert_string_equal(um_profile_reset(p), "ATZ\r");
    assert_int_equal(um_profile_list_count(p, UM_LIST_INIT), 2);
    assert_string_equal(um_profile_list_item(p, UM_LIST_INIT, 0), "AT&F\r");
    assert_string_equal(um_profile_list_item(p, UM_LIST_INIT, 1), "ATE0V1&C1&D2\r");
    assert_int_equal(um_profile_list_count(p, UM_LIST_MONITOR), 1);     /* "None" sends nothing */
    assert_string_equal(um_profile_list_item(p, UM_LIST_ANSWER, 0), "ATA\r");
    assert_string_equal(um_profile_list_item(p, UM_LIST_HANGUP, 0), "ATH\r");
    assert_string_equal(um_profile_list_item(p, UM_LIST_CALLERID, 0), "AT+VCID=1\r");
    assert_string_equal(um_profile_setting(p, UM_SET_TERMINATOR), "\r");
    assert_string_equal(um_profile_setting(p, UM_SET_CALL_SETUP_FAIL_TIMER), "S7=<#>");
    assert_string_equal(um_profile_setting(p, UM_SET_BLIND_ON), "X3");
    assert_string_equal(um_profile_setting(p, UM_SET_SPEAKER_MODE_DIAL), "M1");
    assert_string_equal(um_profile_setting(p, UM_SET_FLOW_CONTROL_HARD), "&K3");
    assert_null(um_profile_setting(p, UM_SET_BLIND_OFF));

    printf("responses: %zu\n", um_profile_response_count(p));
    assert_int_equal(um_profile_response_count(p), 5);                /* OK once; "<cr><lf>" none */
    assert_non_null(find_response(p, "CONNECT 33600/ARQ", &info));
    assert_int_equal(info.state, UM_RS_CONNECT);
    assert_int_equal(info.options, UM_OPT_ERROR_CONTROL);
    assert_int_equal(info.dce_rate, 33600);
    assert_non_null(find_response(p, "NMBR =", &info));
    assert_int_equal(info.state, UM_RS_NMBR | UM_RS_VARIABLE);
    assert_non_null(find_response(p, "BUSY", &info));
    assert_int_equal(info.state, UM_RS_BUSY);

    assert_int_equal(um_profile_properties(p)->dial_options, UM_DIALOPTION_QUIET | UM_DIALOPTION_DIALTONE);
    assert_int_equal(um_profile_properties(p)->max_dce_rate, 33600);
    assert_int_equal(um_profile_properties(p)->modem_options,
                     UM_MDM_ERROR_CONTROL | UM_MDM_TONE_DIAL | UM_MDM_BLIND_DIAL);
    assert_int_equal(um_profile_dcb(p)->baud_rate, 57600);
    assert_int_equal(um_profile_dcb(p)->flow, UM_FLOW_HARDWARE);
    assert_int_equal(um_profile_inactivity_scale(p), 10);
    assert_int_equal(um_profile_voice(p), UM_VOICEPROFILE_VOICE);

    /* The second modem: only what it has; the V.250 defaults otherwise. */
    p = cfg.profiles[1];
    assert_int_equal(um_profile_list_count(p, UM_LIST_INIT), 1);
    assert_string_equal(um_profile_setting(p, UM_SET_PREFIX), "AT");
    assert_int_equal(um_profile_response_count(p), 0);

    /* Taking a profile hands it over once. */
    {
        um_profile *t = umc_take_profile(&cfg, 1);
        assert_non_null(t);
        assert_null(umc_take_profile(&cfg, 1));
        assert_null(umc_take_profile(&cfg, 2));
        um_profile_free(t);
    }
}

static const uint8_t dword_le[4] = { 0x80, 0, 0, 0 };

static void test_names_ports_and_dwords(void **state)
{
    static const uint32_t vp = 0x81;
    static const umr_entry t[] = {
        SZ("0000", "Model", "Model only"),
        SZ("0000", "AttachedTo", "COM4"),
        SZ("0001", "AttachedTo", "COM5"),                 /* no name at all */
        { "0001", "VoiceProfile", UMR_DWORD, &vp, 4 },    /* REG_DWORD works too */
        SZ("0002", "FriendlyName", "No port: not a line"),
        SZ("0003", "FriendlyName", "Network modem"),
        SZ("0003", UMR_PORT_VALUE, "rfc2217://nas:2001"),
        { "0003", "FriendlyName2", UMR_BINARY, dword_le, 4 },
        { "0003", "AttachedTo", UMR_BINARY, dword_le, 4 },  /* not a string: ignored */
        SZ("0010", "AttachedTo", "COM9"),
        SZ("010", "AttachedTo", "COM10"),                  /* not four digits */
        SZ("00000", "AttachedTo", "COM11"),
        SZ("abcd", "AttachedTo", "COM12"),
    };
    (void)state;
    assert_int_equal(read_table(t, sizeof t / sizeof t[0]), 0);
    assert_int_equal(cfg.count, 4);
    assert_string_equal(cfg.lines[0].name, "Model only");
    assert_string_equal(cfg.lines[0].port, "serial:COM4");
    assert_string_equal(cfg.lines[1].name, "Modem 0001");
    assert_int_equal(um_profile_voice(cfg.profiles[1]), 0x81);
    assert_string_equal(cfg.lines[2].name, "Network modem");
    assert_string_equal(cfg.lines[2].port, "rfc2217://nas:2001");
    assert_string_equal(cfg.lines[3].port, "serial:COM9");
}

/* A modem whose values do not make a profile keeps its line (lineOpen fails on it, the
 * numbering does not shift) and the message names the key and the value. */
static void expect_problem(const umr_entry *t, size_t n, const char *want)
{
    assert_int_equal(read_table(t, n), 0);
    assert_int_equal(cfg.count, 2);
    assert_null(cfg.profiles[0]);
    assert_non_null(cfg.profiles[1]);
    assert_string_equal(err, want);
    umc_free(&cfg);
}

#define OTHER SZ("0001", "AttachedTo", "COM2")
#define PORT0 SZ("0000", "AttachedTo", "COM1")

static void test_problems(void **state)
{
    static const uint8_t nine[9] = { 0 };
    static const uint8_t bad_state[10] = { 0x42, 0 };
    static const uint8_t short_props[31] = { 0 };
    static const uint8_t bad_dcb[28] = { 28, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9 };
    static const uint8_t three[3] = { 1, 2, 3 };
    (void)state;
    {
        const umr_entry t[] = { PORT0, SZ("0000\\Init", "1", "AT<cr>"), SZ("0000\\Init", "3", "ATZ<cr>"), OTHER };
        expect_problem(t, 4, "registry modem 0000: 0000\\Init\\2 is missing (the commands are numbered 1, 2, 3 ...)");
    }
    {
        const umr_entry t[] = { PORT0, SZ("0000\\Init", "9", "AT<cr>"), OTHER };
        expect_problem(t, 3, "registry modem 0000: 0000\\Init\\9: more than 8 commands");
    }
    {
        const umr_entry t[] = { PORT0, BIN("0000\\Responses", "OK", nine), OTHER };
        expect_problem(t, 3, "registry modem 0000: 0000\\Responses\\OK: not the 10 bytes of a MODEMRESPONSE");
    }
    {
        const umr_entry t[] = { PORT0, BIN("0000\\Responses", "WHAT", bad_state), OTHER };
        expect_problem(t, 3, "registry modem 0000: 0000\\Responses\\WHAT: response state that is not Unimodem's");
    }
    {
        const umr_entry t[] = { PORT0, SZ("0000\\Settings", "Prefix", "AT<bogus>"), OTHER };
        expect_problem(t, 3, "registry modem 0000: 0000\\Settings\\Prefix: unknown or malformed <...> macro (use <cr>, <lf>, <hXX>, <#>)");
    }
    {
        const umr_entry t[] = { PORT0, BIN("0000", "Properties", short_props), OTHER };
        expect_problem(t, 3, "registry modem 0000: Properties: binary value of the wrong size or with invalid fields");
    }
    {
        const umr_entry t[] = { PORT0, BIN("0000", "DCB", bad_dcb), OTHER };
        expect_problem(t, 3, "registry modem 0000: DCB: binary value of the wrong size or with invalid fields");
    }
    {
        const umr_entry t[] = { PORT0, BIN("0000", "InactivityScale", three), OTHER };
        expect_problem(t, 3, "registry modem 0000: InactivityScale is not a DWORD");
    }
}

/* Sizes at and past every limit, and tables no installer writes. */
static void test_hostile(void **state)
{
    static char big[UMR_DATA_MAX + 10], longname[UMR_NAME_MAX + 10], keys[300][8], ports[300][8];
    static umr_entry t[310];
    size_t i, n = 0;
    (void)state;
    memset(big, 'A', sizeof big - 1);
    memset(longname, 'N', sizeof longname - 1);
    t[n++] = (umr_entry){ "0000", "AttachedTo", UMR_SZ, "COM1", 4 };
    t[n++] = (umr_entry){ "0000", "FriendlyName", UMR_SZ, big, sizeof big - 1 };   /* too big: skipped */
    t[n++] = (umr_entry){ "0000", longname, UMR_SZ, "x", 1 };                      /* skipped */
    t[n++] = (umr_entry){ "0000\\Settings", "Prefix", UMR_SZ, big, sizeof big - 1 }; /* skipped */
    t[n++] = (umr_entry){ "0000\\Init", "1", UMR_SZ, "AT\0hidden", 9 };            /* ends at NUL */
    t[n++] = (umr_entry){ "0000\\Init\\Deeper\\And\\Deeper", "1", UMR_SZ, "x", 1 };
    assert_int_equal(read_table(t, n), 0);
    assert_int_equal(cfg.count, 1);
    assert_non_null(cfg.profiles[0]);
    assert_string_equal(cfg.lines[0].name, "Modem 0000");
    assert_string_equal(um_profile_list_item(cfg.profiles[0], UM_LIST_INIT, 0), "AT");
    umc_free(&cfg);

    /* A name longer than a line name may be: a problem, the line stays. */
    n = 0;
    t[n++] = (umr_entry){ "0000", "AttachedTo", UMR_SZ, "COM1", 4 };
    t[n++] = (umr_entry){ "0000", "FriendlyName", UMR_SZ, big, UMC_NAME_MAX };
    assert_int_equal(read_table(t, n), 0);
    assert_int_equal(cfg.count, 1);
    assert_null(cfg.profiles[0]);
    assert_string_equal(err, "registry modem 0000: FriendlyName longer than 95 bytes");
    umc_free(&cfg);

    /* More modems than lines: the first UMC_LINES_MAX keys. */
    for (i = 0; i < 300; i++) {
        snprintf(keys[i], sizeof keys[i], "%04zu", 299 - i);
        snprintf(ports[i], sizeof ports[i], "COM%zu", 299 - i);
        t[i] = (umr_entry){ keys[i], "AttachedTo", UMR_SZ, ports[i], strlen(ports[i]) };
    }
    assert_int_equal(read_table(t, 300), 0);
    assert_int_equal(cfg.count, UMC_LINES_MAX);
    assert_string_equal(cfg.lines[0].port, "serial:COM0");
    assert_string_equal(cfg.lines[UMC_LINES_MAX - 1].port, "serial:COM255");
    umc_free(&cfg);

    /* Nothing installed. */
    assert_int_equal(read_table(t, 0), 0);
    assert_int_equal(cfg.count, 0);
}

static int broken_subkey(void *ctx, const char *path, unsigned i, char *name, size_t cap)
{
    (void)ctx, (void)path, (void)i, (void)name, (void)cap;
    return UMR_ERROR;
}

static void test_class_key_unreadable(void **state)
{
    umr_memory mem = { two_modems, 2 };
    umr_registry reg = umr_memory_registry(&mem);
    (void)state;
    reg.subkey = broken_subkey;
    assert_int_equal(umr_read(&reg, &cfg, err, sizeof err), -1);
    printf("%s\n", err);
    assert_string_equal(err, "registry: the modem class key cannot be read");
    assert_int_equal(cfg.count, 0);
}

/* ---- umc_load_file: the file and its profiles ---- */

static char tmpdir[64];

static void write_text(const char *name, const char *text)
{
    char path[128];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    assert_non_null(f = fopen(path, "w"));
    fputs(text, f);
    fclose(f);
}

static void test_load_file(void **state)
{
    char path[128], abs_profile[160], text[512];
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/umc-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    write_text("p.ini", "[Modem]\nName = \"From the file\"\n[Init]\n1 = \"AT<cr>\"\n");
    write_text("bad.ini", "[Modem]\nBogus = 1\n");
    snprintf(abs_profile, sizeof abs_profile, "%s/p.ini", tmpdir);
    snprintf(text, sizeof text,
             "[Line]\nPort = tcp://h:1\nProfile = p.ini\n"           /* relative to the file */
             "[Line]\nPort = tcp://h:2\nProfile = %s\n"              /* absolute */
             "[Line]\nPort = tcp://h:3\nProfile = missing.ini\n"
             "[Line]\nPort = tcp://h:4\nProfile = bad.ini\n", abs_profile);
    write_text("unimodem.conf", text);
    snprintf(path, sizeof path, "%s/unimodem.conf", tmpdir);

    assert_int_equal(umc_load(path, &cfg, err, sizeof err), 0);
    printf("umc_load: %zu lines, \"%s\"\n", cfg.count, err);
    assert_int_equal(cfg.count, 4);
    assert_non_null(cfg.profiles[0]);
    assert_string_equal(um_profile_name(cfg.profiles[0]), "From the file");
    assert_non_null(cfg.profiles[1]);
    assert_null(cfg.profiles[2]);
    assert_null(cfg.profiles[3]);
    assert_non_null(strstr(err, "missing.ini: cannot read"));     /* the first problem */
    umc_free(&cfg);

    snprintf(path, sizeof path, "%s/nothing.conf", tmpdir);
    assert_int_equal(umc_load(path, &cfg, err, sizeof err), -1);
    printf("%s\n", err);
    assert_non_null(strstr(err, "nothing.conf: cannot open"));

    write_text("broken.conf", "[Line]\nPrto = x\n");
    snprintf(path, sizeof path, "%s/broken.conf", tmpdir);
    assert_int_equal(umc_load_file(path, &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "broken.conf:2: unknown key 'Prto' in [Line]"));
    assert_int_equal(cfg.count, 0);

    snprintf(text, sizeof text, "rm -rf '%s'", tmpdir);
    assert_int_equal(system(text), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_two_modems, teardown),
        cmocka_unit_test_teardown(test_names_ports_and_dwords, teardown),
        cmocka_unit_test_teardown(test_problems, teardown),
        cmocka_unit_test_teardown(test_hostile, teardown),
        cmocka_unit_test_teardown(test_class_key_unreadable, teardown),
        cmocka_unit_test_teardown(test_load_file, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
