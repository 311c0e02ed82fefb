/*
 * tests/unit/test_harness_msphost.c - the MSP host (harness/msphost.c) driven directly
 * with the real echo MSP (tests/msps/echomsp.c): the registry (config text and files,
 * --msp CLSID=PATH, hostile lines with their exact messages), module loading and its
 * failures, address and call objects, data both ways through the event pump with the
 * right owners, several addresses, the MSP's deliberate faults, and teardown in every
 * order. Last, the TSP paired with the echo MSP (tests/providers/msppair.c) is driven
 * through TSPI with the MSP host routing between them, as TAPISRV and TAPI 3 would.
 *
 * Modules come from TEST_MODULE_DIR (the Makefile passes build/asan): msps/echomsp.so,
 * providers/msppair.so.
 */
#include "module.h"
#include "msphost.h"
#include "../msps/echomsp.h"

#include <tspkit/mspevent.h>
#include <tspkit/thread.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#ifndef TEST_MODULE_DIR
#  define TEST_MODULE_DIR "build/asan"
#endif
#define ECHO_SO TEST_MODULE_DIR "/msps/echomsp.so"
#define PAIR_SO TEST_MODULE_DIR "/providers/msppair.so"
#define WAIT_MS 10000u                   /* bound for anything the pump should deliver */

static const GUID echo_clsid = ECHOMSP_CLSID_INIT;
static const GUID other_clsid =
    { 0x11111111, 0x2222, 0x3333, { 0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 } };

/* ---- what the pump delivered ---------------------------------------------------------- */

#define MAX_SEEN 64
typedef struct seen {
    hx_msp_addr *addr;
    void *addr_owner, *call_owner;
    MSP_EVENT type;
    BYTE *data;
    DWORD size;
} seen;

static struct {
    tspk_mutex lock;
    tspk_cond cond;
    seen ev[MAX_SEEN];
    int n;
    /* What the callback does besides recording (set by a test). */
    void (*also)(const hx_msp_event *ev);
} col;

static void on_event(void *user, const hx_msp_event *ev)
{
    seen s;
    assert_ptr_equal(user, &col);
    s.addr = ev->addr;
    s.addr_owner = ev->addr_owner;
    s.call_owner = ev->call_owner;
    s.type = ev->type;
    s.size = ev->size;
    s.data = malloc(ev->size + 1);
    memcpy(s.data, ev->data, ev->size);
    s.data[ev->size] = 0;
    printf("  event %d: type %d, addr owner %p, call owner %p, %lu bytes%s%.*s\n", col.n,
           (int)ev->type, ev->addr_owner, ev->call_owner, (unsigned long)ev->size,
           ev->type == ME_TSP_DATA ? ": " : "", ev->size > 60 ? 60 : (int)ev->size,
           ev->type == ME_TSP_DATA ? (const char *)s.data : "");
    /* First what the test adds, so that a waiter who saw the event sees its effects. */
    if (col.also) col.also(ev);
    tspk_mutex_lock(&col.lock);
    if (col.n < MAX_SEEN) col.ev[col.n++] = s;
    else free(s.data);
    tspk_cond_broadcast(&col.cond);
    tspk_mutex_unlock(&col.lock);
}

/* Waits until at least n events were seen; fails the test, saying so, after WAIT_MS. */
static void wait_events(int n)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)WAIT_MS * 1000u;
    tspk_mutex_lock(&col.lock);
    while (col.n < n) {
        uint64_t now = tspk_now_us();
        if (now >= deadline) break;
        tspk_cond_timedwait(&col.cond, &col.lock, (uint32_t)((deadline - now) / 1000u) + 1);
    }
    if (col.n < n) {
        int have = col.n;
        tspk_mutex_unlock(&col.lock);
        fail_msg("waited %u ms for %d MSP events, saw %d", WAIT_MS, n, have);
    }
    tspk_mutex_unlock(&col.lock);
}

/* Waits until an ME_TSP_DATA event carrying text was seen. */
static void wait_text(const char *text)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)WAIT_MS * 1000u;
    int i = 0, found = 0;
    tspk_mutex_lock(&col.lock);
    while (!found) {
        uint64_t now = tspk_now_us();
        for (; i < col.n && !found; i++)
            found = col.ev[i].size == strlen(text) &&
                    memcmp(col.ev[i].data, text, col.ev[i].size) == 0;
        if (found || now >= deadline) break;
        tspk_cond_timedwait(&col.cond, &col.lock, (uint32_t)((deadline - now) / 1000u) + 1);
    }
    tspk_mutex_unlock(&col.lock);
    if (!found) fail_msg("waited %u ms for \"%s\" from the MSP", WAIT_MS, text);
}

static void reset_seen(void)
{
    int i;
    tspk_mutex_lock(&col.lock);
    for (i = 0; i < col.n; i++) free(col.ev[i].data);
    col.n = 0;
    col.also = NULL;
    tspk_mutex_unlock(&col.lock);
}

static int setup(void **state)
{
    (void)state;
    memset(&col, 0, sizeof col);
    tspk_mutex_init(&col.lock);
    tspk_cond_init(&col.cond);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    reset_seen();
    tspk_cond_destroy(&col.cond);
    tspk_mutex_destroy(&col.lock);
    return 0;
}

static hx_msphost *new_host(void)
{
    hx_msphost *h = hx_msphost_new(on_event, &col);
    assert_non_null(h);
    assert_int_equal(hx_msphost_register(h, &echo_clsid, ECHO_SO), 0);
    return h;
}

static void assert_tsp_data(int i, void *addr_owner, void *call_owner, const char *text)
{
    seen *s = &col.ev[i];
    assert_int_equal(s->type, ME_TSP_DATA);
    assert_ptr_equal(s->addr_owner, addr_owner);
    assert_ptr_equal(s->call_owner, call_owner);
    assert_int_equal(s->size, strlen(text));
    assert_memory_equal(s->data, text, s->size);
}

static HRESULT deliver_text(hx_msp_addr *a, hx_msp_call *c, const char *text)
{
    return hx_msp_deliver(a, c, text, (DWORD)strlen(text));
}

/* ---- GUIDs and the registry ----------------------------------------------------------- */

static void test_guid_text(void **state)
{
    GUID g;
    char buf[40];
    (void)state;
    assert_int_equal(hx_guid_parse(ECHOMSP_CLSID_TEXT, &g), 0);
    assert_memory_equal(&g, &echo_clsid, sizeof g);
    assert_int_equal(hx_guid_parse("4c346fff-5a1e-49a9-be10-6877f7efce4a", &g), 0);
    assert_memory_equal(&g, &echo_clsid, sizeof g);
    hx_guid_format(&g, buf, sizeof buf);
    assert_string_equal(buf, ECHOMSP_CLSID_TEXT);
    /* Each one wrong in one way. */
    assert_int_equal(hx_guid_parse("{4C346FFF-5A1E-49A9-BE10-6877F7EFCE4A", &g), -1);
    assert_int_equal(hx_guid_parse("4C346FFF-5A1E-49A9-BE10-6877F7EFCE4A}", &g), -1);
    assert_int_equal(hx_guid_parse("{4C346FFF-5A1E-49A9-BE10-6877F7EFCE4}", &g), -1);
    assert_int_equal(hx_guid_parse("{4C346FFF-5A1E-49A9-BE10-6877F7EFCE4AA}", &g), -1);
    assert_int_equal(hx_guid_parse("{4C346FFF-5A1E-49A9-BE106-877F7EFCE4A}", &g), -1);
    assert_int_equal(hx_guid_parse("{4C346FFF-5A1E-49A9-BE10-6877F7EFCE4G}", &g), -1);
    assert_int_equal(hx_guid_parse("{4C346FFF-5A1E-49A9-BE10-6877F7EF\0E4A}", &g), -1);
    assert_int_equal(hx_guid_parse("", &g), -1);
    assert_int_equal(hx_guid_parse(NULL, &g), -1);
    printf("  %s parses with and without braces, in any case; 9 malformed ones do not\n", buf);
}

static void test_register_arg(void **state)
{
    hx_msphost *h = hx_msphost_new(NULL, NULL);
    char err[200], path[64];
    (void)state;
    assert_int_equal(hx_msphost_register_arg(h, ECHOMSP_CLSID_TEXT "=x/echo.so", err,
                                             sizeof err), 0);
    assert_int_equal(hx_msphost_lookup(h, &echo_clsid, path, sizeof path), 0);
    assert_string_equal(path, "x/echo.so");
    /* A later entry for the same CLSID replaces the earlier one. */
    assert_int_equal(hx_msphost_register_arg(h, "4c346fff-5a1e-49a9-be10-6877f7efce4a=y.so",
                                             err, sizeof err), 0);
    assert_int_equal(hx_msphost_lookup(h, &echo_clsid, path, sizeof path), 0);
    assert_string_equal(path, "y.so");
    assert_int_equal(hx_msphost_lookup(h, &other_clsid, path, sizeof path), -1);

    assert_int_equal(hx_msphost_register_arg(h, "echo.so", err, sizeof err), -1);
    assert_string_equal(err, "--msp: expected CLSID=PATH, got 'echo.so'");
    assert_int_equal(hx_msphost_register_arg(h, "{4C346FFF}=a.so", err, sizeof err), -1);
    assert_string_equal(err, "--msp: bad CLSID '{4C346FFF}' "
                             "(want {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX})");
    assert_int_equal(hx_msphost_register_arg(h, ECHOMSP_CLSID_TEXT "=", err, sizeof err), -1);
    assert_string_equal(err, "--msp: no module path after '='");
    assert_int_equal(hx_msphost_register_arg(h, "\x01\xff=a", err, sizeof err), -1);
    assert_string_equal(err, "--msp: bad CLSID '?\?' "
                             "(want {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX})");
    printf("  last error: %s\n", err);
    hx_msphost_free(h);
}

static int parse_cfg(hx_msphost *h, const char *text, char *err, size_t len)
{
    return hx_msphost_parse_config(h, "msp.conf", text, strlen(text), err, len);
}

static void test_config_text(void **state)
{
    hx_msphost *h = hx_msphost_new(NULL, NULL);
    char err[200], path[64];
    (void)state;
    assert_int_equal(parse_cfg(h, "\xef\xbb\xbf# MSPs for the tests\r\n"
                                  "\r\n"
                                  "   " ECHOMSP_CLSID_TEXT " = build/echo#1.so   # the echo\r\n"
                                  "\t11111111-2222-3333-4444-555555555555=/opt/my msp.so\n"
                                  "  # the end",
                               err, sizeof err), 0);
    assert_int_equal(hx_msphost_lookup(h, &echo_clsid, path, sizeof path), 0);
    assert_string_equal(path, "build/echo#1.so");
    assert_int_equal(hx_msphost_lookup(h, &other_clsid, path, sizeof path), 0);
    assert_string_equal(path, "/opt/my msp.so");
    printf("  BOM, CRLF, blanks, comments, '#' inside a path and spaces in a path: ok\n");
    hx_msphost_free(h);
}

static void test_config_hostile(void **state)
{
    static const struct { const char *text; size_t len; const char *err; } cases[] = {
        { "# one\n\n{4C346FFF-5A1E-49A9-BE10-6877F7EFCE4} = a.so\n", 0,
          "msp.conf:3: bad CLSID '{4C346FFF-5A1E-49A9-BE10-6877F7EFCE4}' "
          "(want {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX})" },
        { ECHOMSP_CLSID_TEXT " a.so\n", 0,
          "msp.conf:1: expected '{CLSID} = path', "
          "got '{4C346FFF-5A1E-49A9-BE10-6877F7EFCE4A} a...'" },
        { "\n" ECHOMSP_CLSID_TEXT " =   # nothing\n", 0,
          "msp.conf:2: no module path after '='" },
        { ECHOMSP_CLSID_TEXT " = a.so\n#\n" ECHOMSP_CLSID_TEXT " = b.so\n", 0,
          "msp.conf:3: {4C346FFF-5A1E-49A9-BE10-6877F7EFCE4A} registered twice (first on line 1)" },
        { "\n\n\n\n" ECHOMSP_CLSID_TEXT " = a\0b.so\n", 50, "msp.conf:5: NUL byte in line" },
        { "= a.so", 0, "msp.conf:1: bad CLSID '' (want {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX})" },
        { "\x1b[31m = a.so", 0,
          "msp.conf:1: bad CLSID '?[31m' (want {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX})" },
    };
    hx_msphost *h = hx_msphost_new(NULL, NULL);
    char err[300], *longline;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
        err[0] = 0;
        assert_int_equal(hx_msphost_parse_config(h, "msp.conf", cases[i].text, len, err,
                                                 sizeof err), -1);
        printf("  %s\n", err);
        assert_string_equal(err, cases[i].err);
    }
    /* Nothing of a file with an error is registered, not even its good lines. */
    assert_int_equal(hx_msphost_lookup(h, &echo_clsid, NULL, 0), -1);
    /* A line of 4097 bytes, after a good one. */
    longline = malloc(5000);
    snprintf(longline, 5000, "%s = a.so\n", ECHOMSP_CLSID_TEXT);
    memset(longline + strlen(longline), 'x', 4097);
    assert_int_equal(hx_msphost_parse_config(h, "msp.conf", longline,
                                             strlen(ECHOMSP_CLSID_TEXT " = a.so\n") + 4097,
                                             err, sizeof err), -1);
    assert_string_equal(err, "msp.conf:2: line longer than 4096 bytes");
    printf("  %s\n", err);
    free(longline);
    /* A tiny error buffer is cut, not overrun. */
    assert_int_equal(parse_cfg(h, "x", err, 9), -1);
    assert_string_equal(err, "msp.conf");
    assert_int_equal(hx_msphost_lookup(h, &echo_clsid, NULL, 0), -1);
    hx_msphost_free(h);
}

static void test_config_file(void **state)
{
    char dir[] = "/tmp/msphostXXXXXX", file[64], err[300], path[64];
    hx_msphost *h = hx_msphost_new(NULL, NULL);
    FILE *f;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/msp.conf", dir);
    f = fopen(file, "w");
    assert_non_null(f);
    fprintf(f, "# test\n%s = %s\n", ECHOMSP_CLSID_TEXT, ECHO_SO);
    fclose(f);
    assert_int_equal(hx_msphost_load_config(h, file, err, sizeof err), 0);
    assert_int_equal(hx_msphost_lookup(h, &echo_clsid, path, sizeof path), 0);
    assert_string_equal(path, ECHO_SO);
    f = fopen(file, "w");
    fprintf(f, "# test\n\n%s\n", ECHO_SO);
    fclose(f);
    assert_int_equal(hx_msphost_load_config(h, file, err, sizeof err), -1);
    printf("  %s\n", err);
    assert_non_null(strstr(err, "/msp.conf:3: expected '{CLSID} = path'"));
    remove(file);
    assert_int_equal(hx_msphost_load_config(h, file, err, sizeof err), -1);
    printf("  %s\n", err);
    assert_non_null(strstr(err, "/msp.conf: cannot open"));
    rmdir(dir);
    hx_msphost_free(h);
}

/* ---- loading ---------------------------------------------------------------------------- */

static void test_load_failures(void **state)
{
    hx_msphost *h = new_host();
    hx_msp_addr *a = (hx_msp_addr *)1;
    char why[300];
    (void)state;
    assert_int_equal(hx_msp_addr_create(h, &other_clsid, NULL, &a), REGDB_E_CLASSNOTREG);
    assert_null(a);
    hx_msphost_last_error(h, why, sizeof why);
    printf("  unknown CLSID: %s\n", why);
    assert_string_equal(why, "no MSP registered for {11111111-2222-3333-4444-555555555555}");

    hx_msphost_register(h, &other_clsid, PAIR_SO);
    assert_int_equal(hx_msp_addr_create(h, &other_clsid, NULL, &a), CO_E_ERRORINDLL);
    hx_msphost_last_error(h, why, sizeof why);
    printf("  a TSP as MSP: %s\n", why);
    assert_string_equal(why, PAIR_SO ": exports no DllGetClassObject, so it is no COM "
                             "in-process server");

    hx_msphost_register(h, &other_clsid, TEST_MODULE_DIR "/msps/no-such.so");
    assert_int_equal(hx_msp_addr_create(h, &other_clsid, NULL, &a), CO_E_DLLNOTFOUND);
    hx_msphost_last_error(h, why, sizeof why);
    printf("  no file: %s\n", why);
    assert_non_null(strstr(why, "no-such.so: cannot load ("));

    /* The echo MSP's module asked for a class it does not serve. */
    hx_msphost_register(h, &other_clsid, ECHO_SO);
    assert_int_equal(hx_msp_addr_create(h, &other_clsid, NULL, &a), CLASS_E_CLASSNOTAVAILABLE);
    hx_msphost_last_error(h, why, sizeof why);
    printf("  wrong class: %s\n", why);
    assert_string_equal(why, ECHO_SO ": DllGetClassObject({11111111-2222-3333-4444-555555555555}) "
                             "failed: 0x80040111 CLASS_E_CLASSNOTAVAILABLE");
    assert_int_equal(hx_msp_addr_create(h, NULL, NULL, &a), E_POINTER);
    assert_int_equal(hx_msphost_faults(h, NULL, 0), 0);
    hx_msphost_free(h);
}

/* ---- round trips ------------------------------------------------------------------------ */

static int owner_a, owner_b, owner_c, call1, call2;

static void test_round_trip(void **state)
{
    hx_msphost *h = new_host();
    hx_msp_addr *a;
    hx_msp_call *c;
    (void)state;
    reset_seen();
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_a, &a), S_OK);
    assert_ptr_equal(hx_msp_addr_owner(a), &owner_a);
    assert_int_equal(hx_msp_call_create(a, &call1, TAPIMEDIATYPE_AUDIO, &c), S_OK);
    assert_ptr_equal(hx_msp_call_owner(c), &call1);
    assert_int_equal(deliver_text(a, c, "hello"), S_OK);
    wait_events(1);
    assert_tsp_data(0, &owner_a, &call1, "echo:hello");
    assert_ptr_equal(col.ev[0].addr, a);
    /* Address-level data comes back about no call. */
    assert_int_equal(deliver_text(a, NULL, "line"), S_OK);
    wait_events(2);
    assert_tsp_data(1, &owner_a, NULL, "echo:line");
    /* Nothing at all is data too. */
    assert_int_equal(hx_msp_deliver(a, c, NULL, 0), S_OK);
    wait_events(3);
    assert_tsp_data(2, &owner_a, &call1, "echo:");
    hx_msp_call_destroy(c);
    hx_msp_addr_destroy(a);
    assert_int_equal(hx_msphost_faults(h, NULL, 0), 0);
    hx_msphost_free(h);
}

/* 5000 bytes do not fit the pump's first buffer: GetEvent says TAPI_E_NOTENOUGHMEMORY and
 * the size, and the pump asks again with a bigger one. */
static void test_big_event(void **state)
{
    hx_msphost *h = new_host();
    hx_msp_addr *a;
    hx_msp_call *c;
    char *big = malloc(5006);
    int i;
    (void)state;
    reset_seen();
    memcpy(big, "echo:", 5);
    for (i = 0; i < 5000; i++) big[5 + i] = (char)('a' + i % 26);
    big[5005] = 0;
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_a, &a), S_OK);
    assert_int_equal(hx_msp_call_create(a, &call1, TAPIMEDIATYPE_AUDIO, &c), S_OK);
    assert_int_equal(deliver_text(a, c, big + 5), S_OK);
    assert_int_equal(deliver_text(a, c, "small"), S_OK);
    wait_events(2);
    assert_tsp_data(0, &owner_a, &call1, big);
    assert_tsp_data(1, &owner_a, &call1, "echo:small");
    free(big);
    hx_msphost_free(h);   /* destroys the call and the address */
}

/* The MSP sends data about a call from inside CreateMSPCall: before TAPI has even
 * started the call at the TSP (seed 000). The host already knows the call's owner. */
static atomic_int create_returned;
static int early_seen_before_create_returned;

static void note_early(const hx_msp_event *ev)
{
    if (ev->call_owner == &call2)
        early_seen_before_create_returned = !atomic_load(&create_returned);
}

static void test_early_data(void **state)
{
    hx_msphost *h = new_host();
    hx_msp_addr *a;
    hx_msp_call *c;
    (void)state;
    reset_seen();
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_a, &a), S_OK);
    assert_int_equal(deliver_text(a, NULL, "early"), S_OK);
    wait_events(1);
    assert_tsp_data(0, &owner_a, NULL, "echo:early");
    atomic_store(&create_returned, 0);
    col.also = note_early;
    assert_int_equal(hx_msp_call_create(a, &call2, TAPIMEDIATYPE_AUDIO, &c), S_OK);
    atomic_store(&create_returned, 1);
    wait_events(2);
    assert_tsp_data(1, &owner_a, &call2, ECHOMSP_EARLY_DATA);
    assert_true(early_seen_before_create_returned);
    printf("  \"%s\" reached the callback, with its call's owner, before "
           "hx_msp_call_create returned\n", ECHOMSP_EARLY_DATA);
    hx_msp_call_destroy(c);
    hx_msp_addr_destroy(a);
    hx_msphost_free(h);
}

static void test_typed_events(void **state)
{
    hx_msphost *h = new_host();
    hx_msp_addr *a;
    hx_msp_call *c;
    const MSP_EVENT_INFO *info;
    (void)state;
    reset_seen();
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_a, &a), S_OK);
    assert_int_equal(hx_msp_call_create(a, &call1, TAPIMEDIATYPE_AUDIO, &c), S_OK);
    assert_int_equal(deliver_text(a, NULL, "address-event"), S_OK);
    assert_int_equal(deliver_text(a, c, "call-event"), S_OK);
    wait_events(4);
    assert_int_equal(col.ev[0].type, ME_ADDRESS_EVENT);
    assert_null(col.ev[0].call_owner);
    assert_int_equal(col.ev[0].size, sizeof(MSP_EVENT_INFO));
    info = (const MSP_EVENT_INFO *)(const void *)col.ev[0].data;
    assert_int_equal(info->MSP_ADDRESS_EVENT_INFO.Type, ADDRESS_TERMINAL_AVAILABLE);
    assert_tsp_data(1, &owner_a, NULL, "echo:address-event");
    assert_int_equal(col.ev[2].type, ME_CALL_EVENT);
    assert_ptr_equal(col.ev[2].call_owner, &call1);
    info = (const MSP_EVENT_INFO *)(const void *)col.ev[2].data;
    assert_int_equal(info->MSP_CALL_EVENT_INFO.Type, CALL_STREAM_ACTIVE);
    assert_int_equal(info->MSP_CALL_EVENT_INFO.Cause, CALL_CAUSE_LOCAL_REQUEST);
    assert_tsp_data(3, &owner_a, &call1, "echo:call-event");
    hx_msphost_free(h);
}

/* Events the MSP gets wrong are counted and dropped; the next good one still comes. */
static void test_msp_faults(void **state)
{
    hx_msphost *h = new_host();
    hx_msp_addr *a;
    hx_msp_call *c;
    char why[300];
    (void)state;
    reset_seen();
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_a, &a), S_OK);
    assert_int_equal(hx_msp_call_create(a, &call1, TAPIMEDIATYPE_AUDIO, &c), S_OK);
    assert_int_equal(deliver_text(a, c, "bad-handle"), S_OK);
    assert_int_equal(deliver_text(a, c, "one"), S_OK);
    wait_events(1);
    assert_tsp_data(0, &owner_a, &call1, "echo:one");
    assert_int_equal(hx_msphost_faults(h, why, sizeof why), 1);
    printf("  fault: %s\n", why);
    assert_non_null(strstr(why, "ME_TSP_DATA names MSP_HANDLE "));
    assert_non_null(strstr(why, ", which is no call of this address"));
    assert_int_equal(deliver_text(a, c, "bad-size"), S_OK);
    assert_int_equal(deliver_text(a, c, "two"), S_OK);
    wait_events(2);
    assert_tsp_data(1, &owner_a, &call1, "echo:two");
    assert_int_equal(hx_msphost_faults(h, why, sizeof why), 2);
    printf("  fault: %s\n", why);
    {   /* "echo:bad-size" is 13 bytes; the echo MSP claims 64 more */
        size_t n = offsetof(MSP_EVENT_INFO, MSP_TSP_DATA.pBuffer) + 13;
        char want[120];
        if (n < sizeof(MSP_EVENT_INFO)) n = sizeof(MSP_EVENT_INFO);
        snprintf(want, sizeof want, "ME_TSP_DATA: MSP_EVENT_INFO.dwSize is %zu but GetEvent "
                 "returned %zu bytes", n + 64, n);
        assert_string_equal(why, want);
    }
    assert_int_equal(col.n, 2);
    hx_msphost_free(h);
}

static void test_bad_arguments(void **state)
{
    hx_msphost *h = new_host();
    hx_msp_addr *a, *b;
    hx_msp_call *c, *c2 = (hx_msp_call *)1;
    (void)state;
    reset_seen();
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_a, &a), S_OK);
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_b, &b), S_OK);
    assert_int_equal(hx_msp_call_create(a, NULL, TAPIMEDIATYPE_AUDIO, &c2), E_POINTER);
    assert_null(c2);
    assert_int_equal(hx_msp_call_create(a, &call1, TAPIMEDIATYPE_AUDIO, &c), S_OK);
    assert_int_equal(hx_msp_call_create(a, &call1, TAPIMEDIATYPE_AUDIO, &c2), E_INVALIDARG);
    /* The MSP's own answer (nf-msp-itmspaddress-createmspcall). */
    assert_int_equal(hx_msp_call_create(a, &call2, 0x40000000, &c2), TAPI_E_INVALIDMEDIATYPE);
    assert_int_equal(hx_msp_deliver(b, c, "x", 1), E_INVALIDARG);
    assert_int_equal(hx_msp_deliver(a, c, NULL, 1), E_POINTER);
    assert_int_equal(hx_msp_deliver(NULL, NULL, "x", 1), E_POINTER);
    hx_msp_call_destroy(NULL);
    hx_msp_addr_destroy(NULL);
    printf("  %s %s %s\n", hx_msp_hresult_name(E_INVALIDARG), hx_msp_hresult_name(E_POINTER),
           hx_msp_hresult_name(TAPI_E_INVALIDMEDIATYPE));
    assert_int_equal(col.n, 0);
    assert_int_equal(hx_msphost_faults(h, NULL, 0), 0);
    hx_msphost_free(h);
}

/* LINE_SENDMSPDATA with dwParam1 0 goes to every MSP instance: three addresses, each
 * answering for itself. */
static void test_several_addresses(void **state)
{
    hx_msphost *h = new_host();
    void *owners[3] = { &owner_a, &owner_b, &owner_c };
    hx_msp_addr *a[3];
    int i, j, got[3] = { 0, 0, 0 };
    (void)state;
    reset_seen();
    for (i = 0; i < 3; i++)
        assert_int_equal(hx_msp_addr_create(h, &echo_clsid, owners[i], &a[i]), S_OK);
    for (i = 0; i < 3; i++) assert_int_equal(deliver_text(a[i], NULL, "all"), S_OK);
    wait_events(3);
    for (i = 0; i < 3; i++) {
        for (j = 0; j < 3 && col.ev[i].addr_owner != owners[j]; j++)
            ;
        assert_true(j < 3);
        assert_ptr_equal(col.ev[i].addr, a[j]);
        assert_tsp_data(i, owners[j], NULL, "echo:all");
        got[j]++;
    }
    assert_int_equal(got[0] + got[1] * 10 + got[2] * 100, 111);
    hx_msp_addr_destroy(a[1]);
    assert_int_equal(deliver_text(a[2], NULL, "still"), S_OK);
    wait_events(4);
    assert_tsp_data(3, &owner_c, NULL, "echo:still");
    hx_msphost_free(h);
}

/* ---- teardown ---------------------------------------------------------------------------- */

static hx_msp_call *victim_call;
static hx_msp_addr *victim_addr;

static void destroy_call_from_callback(const hx_msp_event *ev)
{
    if (ev->call_owner == &call1 && victim_call) {
        hx_msp_call_destroy(victim_call);
        victim_call = NULL;
    }
}

static void destroy_addr_from_callback(const hx_msp_event *ev)
{
    if (ev->addr == victim_addr) {
        hx_msp_addr_destroy(victim_addr);
        victim_addr = NULL;
    }
}

static void test_teardown_orders(void **state)
{
    hx_msphost *h = new_host();
    hx_msp_addr *a, *b;
    hx_msp_call *c1, *c2;
    (void)state;
    reset_seen();
    /* An address destroyed with calls still alive: the host ends them first. */
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_a, &a), S_OK);
    assert_int_equal(hx_msp_call_create(a, &call1, TAPIMEDIATYPE_AUDIO, &c1), S_OK);
    assert_int_equal(hx_msp_call_create(a, &call2, TAPIMEDIATYPE_VIDEO, &c2), S_OK);
    hx_msp_addr_destroy(a);

    /* A call destroyed from the callback of its own event. */
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_a, &a), S_OK);
    assert_int_equal(hx_msp_call_create(a, &call1, TAPIMEDIATYPE_AUDIO, &c1), S_OK);
    victim_call = c1;
    col.also = destroy_call_from_callback;
    assert_int_equal(deliver_text(a, c1, "bye"), S_OK);
    wait_events(1);
    assert_tsp_data(0, &owner_a, &call1, "echo:bye");
    /* The owner is free again once its call is gone. */
    col.also = NULL;
    assert_int_equal(hx_msp_deliver(a, NULL, "x", 1), S_OK);
    wait_events(2);
    assert_null(victim_call);
    assert_int_equal(hx_msp_call_create(a, &call1, TAPIMEDIATYPE_AUDIO, &c1), S_OK);

    /* An address destroyed from its own callback; another one lives on. */
    assert_int_equal(hx_msp_addr_create(h, &echo_clsid, &owner_b, &b), S_OK);
    victim_addr = b;
    col.also = destroy_addr_from_callback;
    assert_int_equal(deliver_text(b, NULL, "last words"), S_OK);
    wait_events(3);
    assert_tsp_data(2, &owner_b, NULL, "echo:last words");
    col.also = NULL;
    assert_int_equal(deliver_text(a, c1, "alive"), S_OK);
    wait_events(4);
    assert_tsp_data(3, &owner_a, &call1, "echo:alive");
    assert_null(victim_addr);
    /* Calls ended right after data was sent for them: the echo may come back after
     * ShutdownMSPCall, which is no fault of the MSP. */
    {
        int i;
        hx_msp_call *t;
        for (i = 0; i < 50; i++) {
            assert_int_equal(hx_msp_call_create(a, &call2, TAPIMEDIATYPE_AUDIO, &t), S_OK);
            assert_int_equal(deliver_text(a, t, "brief"), S_OK);
            hx_msp_call_destroy(t);
        }
        assert_int_equal(deliver_text(a, NULL, "sync"), S_OK);
        wait_text("echo:sync");
        assert_int_equal(hx_msphost_faults(h, NULL, 0), 0);
    }
    /* The host goes with an address and a call left over. */
    hx_msphost_free(h);
    printf("  addresses with live calls, a call and an address destroyed from their own "
           "callbacks, a host freed with objects left: no leak, no use after free\n");
}

/* ---- the TSP/MSP pair, routed as TAPISRV and TAPI 3 would ------------------------------ */

/* What this test keeps per call: the TSP's handle and the MSP's call object. */
typedef struct pair_call {
    HDRVCALL hd;
    hx_msp_call *msp;
} pair_call;

static struct {
    const hx_tspi *t;
    HDRVLINE hd_line;
    HDRVMSPLINE hd_msp_line;
    hx_msp_addr *addr;
    pair_call calls[2];
    /* Written on the pump's and the provider's threads. */
    atomic_long last_receive;     /* TSPI_lineReceiveMSPData's answer */
    atomic_int to_unknown;        /* MSP data for a call the TSP does not know */
    atomic_int sendmspdata, devspecific;
} pr;

static pair_call *pair_call_by_ht(HTAPICALL ht)
{
    return ht ? (pair_call *)(void *)ht : NULL;
}

/* LINEEVENT: LINE_SENDMSPDATA goes to the MSP of the line (dwParam1 0: all of them;
 * this line has one), with the MSP call object when it names a call. */
static void CALLBACK pair_line_event(HTAPILINE htLine, HTAPICALL htCall, DWORD dwMsg,
                                     DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    (void)htLine;
    if (dwMsg == LINE_SENDMSPDATA) {
        pair_call *pc = pair_call_by_ht(htCall);
        assert_int_equal(p1, 0);
        pr.sendmspdata++;
        assert_int_equal(hx_msp_deliver(pr.addr, pc ? pc->msp : NULL, (const void *)p2,
                                        (DWORD)p3), S_OK);
    } else if (dwMsg == LINE_DEVSPECIFIC) {
        pr.devspecific++;
    }
}

static void CALLBACK pair_completion(DRV_REQUESTID id, LONG result)
{
    (void)id;
    assert_int_equal(result, 0);
}

/* MSP_TSP_DATA -> TSPI_lineReceiveMSPData, with the TSP's handle for the call. A call
 * the TSP has no handle for yet is the seed's failing case. */
static void pair_route(const hx_msp_event *ev)
{
    pair_call *pc = (pair_call *)ev->call_owner;
    if (ev->type != ME_TSP_DATA) return;
    if (pc && !pc->hd) {
        pr.to_unknown++;
        return;
    }
    pr.last_receive = pr.t->TSPI_lineReceiveMSPData(pr.hd_line, pc ? pc->hd : 0,
                                                    pr.hd_msp_line, (void *)ev->data, ev->size);
}

/* lineDevSpecific "recv": what the TSP got from the MSP. */
static LONG pair_recv(char *buf, DWORD size)
{
    static DRV_REQUESTID id = 100;
    memset(buf, 0, size);
    memcpy(buf, "recv", 4);
    id++;
    return pr.t->TSPI_lineDevSpecific(id, pr.hd_line, 0, 0, buf, size) == (LONG)id ? 0 : -1;
}

static void wait_devspecific(int n)
{
    uint64_t deadline = tspk_now_us() + (uint64_t)WAIT_MS * 1000u;
    while (pr.devspecific < n && tspk_now_us() < deadline) tspk_sleep_ms(1);
    if (pr.devspecific < n) fail_msg("waited %u ms for %d LINE_DEVSPECIFIC", WAIT_MS, n);
}

static void test_pair_round_trip(void **state)
{
    char err[200], buf[64];
    hx_module *m = hx_module_load(PAIR_SO, err, sizeof err);
    hx_msphost *h = new_host();
    DWORD v = 0, nl = 0, np = 0, opts = 0;
    GUID clsid;
    LINEDEVCAPS *caps = calloc(1, 4096);
    HDRVLINE hd = 0;
    DRV_REQUESTID id;
    (void)state;
    assert_non_null(m);
    reset_seen();
    memset(&pr, 0, sizeof pr);
    pr.t = hx_module_tspi(m);
    col.also = pair_route;
    assert_int_equal(pr.t->TSPI_lineNegotiateTSPIVersion(INITIALIZE_NEGOTIATION, 0x00020000,
                                                         0x00030001, &v), 0);
    assert_int_equal(v, 0x00030000);
    assert_int_equal(pr.t->TSPI_providerEnumDevices(7, &nl, &np, (HPROVIDER)1, NULL, NULL), 0);
    assert_int_equal(pr.t->TSPI_providerInit(v, 7, 0, 0, nl, np, pair_completion, &opts), 0);
    assert_int_equal(pr.t->TSPI_lineNegotiateTSPIVersion(0, 0x00030000, 0x00030000, &v), 0);
    caps->dwTotalSize = 4096;
    assert_int_equal(pr.t->TSPI_lineGetDevCaps(0, v, 0, caps), 0);
    /* TAPI 3 asks TSPI_lineMSPIdentify only with this flag (tspi_linemspidentify). */
    assert_true(caps->dwDevCapFlags & LINEDEVCAPFLAGS_MSP);
    assert_int_equal(pr.t->TSPI_lineMSPIdentify(0, &clsid), 0);
    assert_memory_equal(&clsid, &echo_clsid, sizeof clsid);
    assert_int_equal(pr.t->TSPI_lineOpen(0, (HTAPILINE)&pr, &hd, v, pair_line_event), 0);
    pr.hd_line = hd;
    assert_int_equal(pr.t->TSPI_lineCreateMSPInstance(hd, 0, (HTAPIMSPLINE)0x4d5350,
                                                      &pr.hd_msp_line), 0);
    assert_int_equal(hx_msp_addr_create(h, &clsid, &pr, &pr.addr), S_OK);

    /* Outgoing call: TAPI 3 creates the MSP call first, then TSPI_lineMakeCall. The TSP
     * tells the MSP "connected", the MSP echoes, the TSP keeps it. */
    assert_int_equal(hx_msp_call_create(pr.addr, &pr.calls[0], TAPIMEDIATYPE_AUDIO,
                                        &pr.calls[0].msp), S_OK);
    id = 1;
    assert_int_equal(pr.t->TSPI_lineMakeCall(id, hd, (HTAPICALL)&pr.calls[0], &pr.calls[0].hd,
                                             u"100", 0, NULL), (LONG)id);
    wait_devspecific(1);
    assert_int_equal(pr.last_receive, 0);
    assert_int_equal(pair_recv(buf, sizeof buf), 0);
    printf("  TSP -> MSP -> TSP: \"%s\"\n", buf);
    assert_string_equal(buf, "echo:connected");

    /* The TSP sends on request (lineDevSpecific "send:..."), about no call. */
    memset(buf, 0, sizeof buf);
    strcpy(buf, "send:status?");
    assert_int_equal(pr.t->TSPI_lineDevSpecific(2, hd, 0, 0, buf, sizeof buf), 2);
    wait_devspecific(2);
    assert_int_equal(pair_recv(buf, sizeof buf), 0);
    assert_string_equal(buf, "echo:status?");

    /* The seed's failure: the MSP speaks about a call before the TSP knows it. */
    strcpy(buf, "send:early");
    assert_int_equal(pr.t->TSPI_lineDevSpecific(3, hd, 0, 0, buf, sizeof buf), 3);
    wait_devspecific(3);
    assert_int_equal(pair_recv(buf, sizeof buf), 0);
    assert_string_equal(buf, "echo:early");
    assert_int_equal(hx_msp_call_create(pr.addr, &pr.calls[1], TAPIMEDIATYPE_AUDIO,
                                        &pr.calls[1].msp), S_OK);
    wait_events(4);
    assert_tsp_data(3, &pr, &pr.calls[1], ECHOMSP_EARLY_DATA);
    assert_int_equal(pr.to_unknown, 1);
    /* Had TAPISRV passed it with a handle the TSP never gave out, it refuses. */
    assert_int_equal(pr.t->TSPI_lineReceiveMSPData(hd, (HDRVCALL)(uintptr_t)0x7777,
                                                   pr.hd_msp_line, buf, 4),
                     (LONG)LINEERR_INVALCALLHANDLE);
    printf("  early data about a call the TSP does not know: not delivered; with a made-up "
           "hdCall the TSP answers LINEERR_INVALCALLHANDLE\n");

    /* Drop: the TSP says "idle", which comes back too. */
    assert_int_equal(pr.t->TSPI_lineDrop(4, pr.calls[0].hd, NULL, 0), 4);
    wait_devspecific(4);
    assert_int_equal(pair_recv(buf, sizeof buf), 0);
    assert_string_equal(buf, "echo:idle");
    assert_int_equal(pair_recv(buf, sizeof buf), -1);   /* nothing more kept */
    assert_int_equal(pr.sendmspdata, 4);

    col.also = NULL;
    hx_msp_call_destroy(pr.calls[0].msp);
    hx_msp_call_destroy(pr.calls[1].msp);
    hx_msp_addr_destroy(pr.addr);
    assert_int_equal(pr.t->TSPI_lineCloseCall(pr.calls[0].hd), 0);
    assert_int_equal(pr.t->TSPI_lineCloseMSPInstance(pr.hd_msp_line), 0);
    assert_int_equal(pr.t->TSPI_lineClose(hd), 0);
    assert_int_equal(pr.t->TSPI_providerShutdown(v, 7), 0);
    assert_int_equal(hx_msphost_faults(h, NULL, 0), 0);
    hx_msphost_free(h);
    hx_module_unload(m);
    free(caps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guid_text),
        cmocka_unit_test(test_register_arg),
        cmocka_unit_test(test_config_text),
        cmocka_unit_test(test_config_hostile),
        cmocka_unit_test(test_config_file),
        cmocka_unit_test(test_load_failures),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_big_event),
        cmocka_unit_test(test_early_data),
        cmocka_unit_test(test_typed_events),
        cmocka_unit_test(test_msp_faults),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_several_addresses),
        cmocka_unit_test(test_teardown_orders),
        cmocka_unit_test(test_pair_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
