/*
 * tests/unimodem/registry_probe.c - what the TSP's loader (tsp-unimodem/tsp/config.h,
 * umc_load) makes of this machine's configuration: the file named on the command line if it
 * can be opened, otherwise the modems in Unimodem's registry keys (tsp/registry.h). A
 * Windows program, run under Wine by tests/unimodem/registry-lane.sh after `reg import`;
 * prints every line and its profile in a fixed form the lane compares with what it
 * imported, and exits 1 when umc_load fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile.h"
#include "tsp/config.h"

/* Control characters as the INF macros, so the dump is one line per item. */
static void put(const char *s)
{
    for (; *s; s++) {
        if (*s == '\r') fputs("<cr>", stdout);
        else if (*s == '\n') fputs("<lf>", stdout);
        else if ((unsigned char)*s < 0x20) printf("<h%02X>", (unsigned char)*s);
        else putchar(*s);
    }
}

static const um_profile *sort_for;
static size_t order[UM_PROFILE_RESPONSES_MAX];

static int by_text(const void *a, const void *b)
{
    size_t la, lb;
    um_response_info ia, ib;
    return strcmp(um_profile_response(sort_for, *(const size_t *)a, &la, &ia),
                  um_profile_response(sort_for, *(const size_t *)b, &lb, &ib));
}

static void dump_profile(const um_profile *p)
{
    size_t i, n;
    int l, s;
    printf("  name \"");
    put(um_profile_name(p));
    printf("\" reset \"");
    put(um_profile_reset(p));
    printf("\"\n");
    for (l = 0; l < UM_LIST_COUNT; l++) {
        if (!(n = um_profile_list_count(p, (um_list)l))) continue;
        printf("  %s:", um_list_name((um_list)l));
        for (i = 0; i < n; i++) {
            printf(" \"");
            put(um_profile_list_item(p, (um_list)l, i));
            printf("\"");
        }
        printf("\n");
    }
    for (s = 0; s < UM_SET_COUNT; s++) {
        const char *v = um_profile_setting(p, (um_setting)s);
        if (!v) continue;
        printf("  Settings\\%s \"", um_setting_name((um_setting)s));
        put(v);
        printf("\"\n");
    }
    /* In text order: the registry enumerates values in an order of its own. */
    n = um_profile_response_count(p);
    for (i = 0; i < n; i++) order[i] = i;
    sort_for = p;
    qsort(order, n, sizeof order[0], by_text);
    for (i = 0; i < n; i++) {
        um_response_info info;
        size_t len;
        const char *t = um_profile_response(p, order[i], &len, &info);
        printf("  Responses \"");
        put(t);
        printf("\" %s%s options %02x dce %lu\n", um_state_name(info.state),
               (info.state & UM_RS_VARIABLE) ? " variable" : "", info.options,
               (unsigned long)info.dce_rate);
    }
    {
        const um_properties *pr = um_profile_properties(p);
        const um_dcb *d = um_profile_dcb(p);
        printf("  Properties dial %#lx setup %lu options %#lx dte %lu dce %lu\n",
               (unsigned long)pr->dial_options, (unsigned long)pr->call_setup_fail_timer,
               (unsigned long)pr->modem_options, (unsigned long)pr->max_dte_rate,
               (unsigned long)pr->max_dce_rate);
        printf("  DCB %lu %u%c%u flow %u\n", (unsigned long)d->baud_rate, d->byte_size,
               "NOEMS"[d->parity % 5], d->stop_bits == 0 ? 1 : d->stop_bits == 2 ? 2 : 15, d->flow);
        printf("  VoiceProfile %#lx InactivityScale %lu\n", (unsigned long)um_profile_voice(p),
               (unsigned long)um_profile_inactivity_scale(p));
    }
}

int main(int argc, char **argv)
{
    umc_config c;
    char err[UMC_ERR_MAX];
    size_t i;
    if (umc_load(argc > 1 ? argv[1] : "", &c, err, sizeof err) != 0) {
        printf("umc_load failed: %s\n", err);
        return 1;
    }
    printf("%lu lines%s%s\n", (unsigned long)c.count, err[0] ? ", first problem: " : "", err);
    for (i = 0; i < c.count; i++) {
        printf("line %lu \"%s\" port %s\n", (unsigned long)i, c.lines[i].name, c.lines[i].port);
        if (c.profiles[i]) dump_profile(c.profiles[i]);
        else printf("  no profile\n");
    }
    umc_free(&c);
    return 0;
}
