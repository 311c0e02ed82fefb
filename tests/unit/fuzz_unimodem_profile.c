/*
 * tests/unit/fuzz_unimodem_profile.c - libFuzzer target: random bytes into the profile
 * parser. It must never crash, read out of bounds or leak; it gives a profile or an error
 * naming the file and a line. A profile it accepts must be usable: every getter, the
 * result-code parser on lines made from its own responses, and an AT engine opening the
 * line with it (the Settings line built from arbitrary fragments).
 */
#include "at/engine.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t written;

static void on_write(void *user, const uint8_t *d, size_t n)
{
    (void)user;
    (void)d;
    written += n;
}

static void on_event(void *user, const um_at_event *ev)
{
    (void)user;
    if (ev->type == UM_AT_EV_OP_DONE && ev->status > UM_AT_CANCELLED) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[UM_PROFILE_ERR_MAX];
    um_profile *p = um_profile_parse((const char *)data, size, "f.ini", err, sizeof err);
    if (!p) {
        if (strncmp(err, "f.ini:", 6) != 0) abort();
        return 0;
    }
    (void)strlen(um_profile_name(p));
    (void)strlen(um_profile_reset(p));
    for (int l = 0; l < UM_LIST_COUNT; l++)
        for (size_t i = 0; i < um_profile_list_count(p, (um_list)l); i++)
            if (strlen(um_profile_list_item(p, (um_list)l, i)) > UM_PROFILE_STR_MAX) abort();
    for (int s = 0; s < UM_SET_COUNT; s++) {
        const char *v = um_profile_setting(p, (um_setting)s);
        if (v && strlen(v) > UM_PROFILE_STR_MAX) abort();
    }
    for (size_t i = 0; i < um_profile_response_count(p); i++) {
        size_t len;
        um_response_info info;
        const char *t = um_profile_response(p, i, &len, &info);
        if (!t || len == 0 || len > UM_PROFILE_RESPONSE_MAX || strlen(t) != len) abort();
        /* Its own text must match an entry of the table (itself or a longer prefix). */
        um_result r = um_response_match(p, t, len);
        if (r.source != UM_SRC_TABLE) abort();
        if (r.value && (r.value < t || r.value + r.value_len > t + len)) abort();
        char line[UM_PROFILE_RESPONSE_MAX + 8];
        memcpy(line, t, len);
        memcpy(line + len, " 9600", 5);
        (void)um_response_match(p, line, len + 5);
    }
    um_at *at = um_at_init(NULL, &(um_at_config){ .profile = p, .write = on_write, .event = on_event });
    if (!at) abort();
    int id = um_at_open(at, 1, NULL, UM_AT_OPEN_MONITOR | UM_AT_OPEN_CALLERID);
    if (id <= 0 && id != UM_AT_E_TOOLONG) abort();
    for (int i = 0; i < 40; i++) um_at_feed(at, 2 + (uint64_t)i, (const uint8_t *)"\r\nOK\r\n", 6);
    um_at_dial(at, 100, "5551212", 0);
    um_at_free(at);
    um_profile_free(p);
    return 0;
}
