/*
 * tools/modemsim/main.c - modemsim: simulated Hayes/V.250 modems on pseudo-terminals and
 * TCP ports that dial each other by number (docs/modemsim.md).
 *
 *     modemsim [options] [NUMBER[,name=NAME][,rate=BPS][,tcp=PORT][,unplugged][,cid=compact]]...
 *
 * Prints one line per modem ("modem0 number=101 pty=/dev/pts/5 ...") and then "ready",
 * and runs until SIGINT/SIGTERM, the control command `quit`, or EOF on stdin with --stdin.
 */
#define _GNU_SOURCE
#include "msim_server.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static msim_server *running;

static void on_signal(int sig)
{
    (void)sig;
    if (running) msim_server_stop(running);
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: modemsim [options] [MODEM...]\n"
            "  MODEM is NUMBER[,name=NAME][,rate=BPS][,tcp=PORT][,unplugged][,cid=compact]\n"
            "  (without MODEMs: --count modems numbered from --first)\n"
            "options:\n"
            "  -n, --count N          modems to add (default 2 when no MODEM is given)\n"
            "      --first NUMBER     number of the first of them (default 101)\n"
            "      --links DIR        make DIR/modemN symlinks to the pseudo-terminals\n"
            "      --control PATH     Unix socket for control commands\n"
            "      --stdin            control commands on stdin (replies on stdout; EOF quits)\n"
            "      --tcp-base PORT    modem i also listens on TCP PORT+i (0: any free port)\n"
            "      --no-pty           TCP only\n"
            "      --bind ADDR        TCP address (default 127.0.0.1)\n"
            "      --ring-period MS   one RING every MS (default 6000)\n"
            "      --cid-delay MS     caller ID MS after the first RING (default ring period / 2)\n"
            "      --cid-time MMDDHHMM  fixed caller ID date and time (default: now)\n"
            "      --fault MODEM:KIND[:MS]  start with a fault: noresponse, garbage, slow:MS\n"
            "  -h, --help\n");
}

/* NUMBER[,key=value|flag]... */
static int parse_modem(const char *spec, msim_modem_cfg *m, int *tcp)
{
    char buf[256], *save = NULL, *tok;
    if (strlen(spec) >= sizeof buf) return -1;
    strcpy(buf, spec);
    memset(m, 0, sizeof *m);
    *tcp = -1;
    tok = strtok_r(buf, ",", &save);
    if (!tok || strlen(tok) >= sizeof m->number) return -1;
    strcpy(m->number, tok);
    while ((tok = strtok_r(NULL, ",", &save))) {
        char *eq = strchr(tok, '=');
        char *end;
        if (eq) *eq++ = '\0';
        if (!strcmp(tok, "name") && eq && strlen(eq) < sizeof m->name) {
            strcpy(m->name, eq);
        } else if (!strcmp(tok, "rate") && eq) {
            long v = strtol(eq, &end, 10);
            if (*end || v < 300 || v > 1000000) return -1;
            m->rate = (unsigned)v;
        } else if (!strcmp(tok, "tcp") && eq) {
            long v = strtol(eq, &end, 10);
            if (*end || v < 0 || v > 65535) return -1;
            *tcp = (int)v;
        } else if (!strcmp(tok, "unplugged") && !eq) {
            m->unplugged = true;
        } else if (!strcmp(tok, "cid") && eq && !strcmp(eq, "compact")) {
            m->cid_compact = true;
        } else {
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"count", required_argument, NULL, 'n'},   {"first", required_argument, NULL, 'f'},
        {"links", required_argument, NULL, 'l'},   {"control", required_argument, NULL, 'c'},
        {"stdin", no_argument, NULL, 's'},         {"tcp-base", required_argument, NULL, 't'},
        {"no-pty", no_argument, NULL, 'P'},        {"bind", required_argument, NULL, 'b'},
        {"ring-period", required_argument, NULL, 'r'}, {"cid-delay", required_argument, NULL, 'd'},
        {"cid-time", required_argument, NULL, 'T'}, {"fault", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    static msim_modem_cfg modems[MSIM_MAX_MODEMS];
    static int tcp[MSIM_MAX_MODEMS];
    char *faults[32];
    int nfaults = 0, n = 0, count = -1, tcp_base = -1, c, i, rc;
    long first = 101;
    msim_server_cfg cfg;
    char err[512], line[1024];
    msim_server *s;
    struct sigaction sa;

    memset(&cfg, 0, sizeof cfg);
    while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': count = atoi(optarg); break;
        case 'f': first = atol(optarg); break;
        case 'l': cfg.links_dir = optarg; break;
        case 'c': cfg.control_path = optarg; break;
        case 's': cfg.control_stdin = true; break;
        case 't': tcp_base = atoi(optarg); break;
        case 'P': cfg.no_pty = true; break;
        case 'b': cfg.bind_addr = optarg; break;
        case 'r': cfg.ring_period_ms = (unsigned)atoi(optarg); break;
        case 'd': cfg.cid_delay_ms = (unsigned)atoi(optarg); break;
        case 'T': cfg.cid_time = optarg; break;
        case 'F':
            if (nfaults == 32) {
                fprintf(stderr, "modemsim: too many --fault\n");
                return 2;
            }
            faults[nfaults++] = optarg;
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    for (i = optind; i < argc; i++) {
        if (n == MSIM_MAX_MODEMS || parse_modem(argv[i], &modems[n], &tcp[n]) < 0) {
            fprintf(stderr, "modemsim: bad modem \"%s\"\n", argv[i]);
            return 2;
        }
        n++;
    }
    if (count < 0) count = n ? 0 : 2;
    if (count > MSIM_MAX_MODEMS - n || first < 0) {
        fprintf(stderr, "modemsim: at most %d modems\n", MSIM_MAX_MODEMS);
        return 2;
    }
    for (i = 0; i < count; i++, n++) {
        memset(&modems[n], 0, sizeof modems[n]);
        snprintf(modems[n].number, sizeof modems[n].number, "%ld", first + i);
        tcp[n] = -1;
    }
    for (i = 0; i < n && tcp_base >= 0; i++)
        if (tcp[i] < 0) tcp[i] = tcp_base ? tcp_base + i : 0;
    cfg.n_modems = n;
    cfg.modems = modems;
    cfg.tcp_ports = tcp;
    s = msim_server_new(&cfg, err, sizeof err);
    if (!s) {
        fprintf(stderr, "modemsim: %s\n", err);
        return 1;
    }
    /* --fault MODEM:KIND[:MS] is the control command "fault MODEM KIND [MS]". */
    for (i = 0; i < nfaults; i++) {
        char reply[256];
        int k;
        if (strlen(faults[i]) > 200) {
            fprintf(stderr, "modemsim: bad --fault %s\n", faults[i]);
            msim_server_free(s);
            return 2;
        }
        snprintf(line, sizeof line, "fault %s", faults[i]);
        for (k = 6; line[k]; k++)
            if (line[k] == ':') line[k] = ' ';
        if (msim_server_control(s, line, reply, sizeof reply) < 0) {
            fprintf(stderr, "modemsim: --fault %s: %s", faults[i], reply);
            msim_server_free(s);
            return 2;
        }
    }
    for (i = 0; i < n; i++) {
        msim_server_describe(s, i, line, sizeof line);
        printf("modem%d number=%s%s\n", i, modems[i].number, line);
    }
    printf("ready\n");
    fflush(stdout);

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    running = s;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    rc = msim_server_run(s);
    running = NULL;
    msim_server_free(s);
    if (rc < 0) {
        fprintf(stderr, "modemsim: %s\n", strerror(-rc));
        return 1;
    }
    return 0;
}
