/*
 * tools/h323-call/h323-call.c - a small H.323 endpoint on the command line: place, answer
 * and hang up calls, send DTMF, and print every engine event as one line. The user's
 * guide is docs/h323-call.md.
 *
 *   h323-call [--listen [IP:]PORT] [--id ALIAS] [--e164 N] [--display TEXT]
 *             [--gk ADDR | --gk-discover] [--no-faststart] [--no-tunnel]
 *             [--media IP:PORT] [--pcap FILE] [--auto-answer] [call DEST] ...
 *
 * then reads commands from stdin, one per line: call DEST, answer, alert, hangup [CAUSE],
 * dtmf DIGITS, quit (end of input quits too). Commands act on the current call: the last
 * one placed or offered that is not over.
 *
 * The socket layer's loop (tsp-h323/net/h323_net.h) runs on the main thread; stdin is
 * read on a second thread, which hands each command to the loop with the thread-safe
 * h323_net_* calls. Exit status: 0; 1 when a command could not be carried out (an
 * unresolvable host, no current call); 2 on bad usage or a socket error.
 */
#define _GNU_SOURCE 1                      /* getaddrinfo, sigaction */
#include "net/h323_net.h"
#include "net/h323_text.h"

#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

typedef struct tool {
    h323_net *net;
    h323_addr media;
    bool auto_answer;
    uint32_t flags;                        /* H323_CALL_* for calls we place */
    atomic_uint_fast32_t current;          /* the call commands act on, 0: none */
    pthread_mutex_t lock;                  /* held by the reader while it uses net */
    bool quitting;                         /* under lock: net is going away */
    int failed;                            /* a command could not be carried out */
} tool;

static h323_net *volatile signal_net;

static void on_signal(int sig)
{
    (void)sig;
    if (signal_net)
        h323_net_stop(signal_net);         /* an atomic store and an eventfd write */
}

static void usage(FILE *f)
{
    fputs("usage: h323-call [--listen [IP:]PORT] [--id ALIAS] [--e164 N] [--display TEXT]\n"
          "                 [--gk ADDR | --gk-discover] [--no-faststart] [--no-tunnel]\n"
          "                 [--media IP:PORT] [--pcap FILE] [--auto-answer] [call DEST] ...\n"
          "commands on stdin: call DEST | answer | alert | hangup [CAUSE] | dtmf DIGITS | quit\n"
          "DEST: ALIAS@HOST[:PORT], HOST[:PORT], or ALIAS (asks the gatekeeper)\n",
          f);
}

static void on_event(void *user, h323_net *net, uint32_t id, const h323_event *ev)
{
    tool *t = user;
    h323_call_info info, *ip = NULL;
    if (ev->call && ev->type != H323_EV_RELEASED) {
        h323_call_info_get(ev->call, &info);
        ip = &info;
    }
    char line[1024];
    h323_text_event(ev, id, ip, line, sizeof line);
    printf("%s\n", line);
    fflush(stdout);
    if (ev->type == H323_EV_INCOMING) {
        atomic_store(&t->current, id);
        if (t->auto_answer)
            h323_net_answer(net, id, &t->media);
    }
    if (ev->type == H323_EV_RELEASED) {
        uint_fast32_t cur = id;
        atomic_compare_exchange_strong(&t->current, &cur, 0);
    }
}

static void stop_loop(h323_net *n, void *arg)
{
    (void)arg;
    h323_net_stop(n);
}

/* Turns a parsed destination into call parameters; resolves a host name. */
static int dest_params(const h323_text_dest *d, h323_call_params *p, char *why, size_t whylen)
{
    memset(p, 0, sizeof *p);
    p->dest_alias = d->alias[0] ? d->alias : NULL;
    if (!d->host[0])
        return 0;                          /* the gatekeeper resolves the alias */
    if (h323_text_parse_addr(d->host, d->port ? d->port : H323_DEFAULT_SIGNAL_PORT, &p->dest_addr) == 0)
        return 0;
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
    int r = getaddrinfo(d->host, NULL, &hints, &res);
    if (r != 0 || !res) {
        snprintf(why, whylen, "cannot resolve %s: %s", d->host, gai_strerror(r));
        return -1;
    }
    h323_addr a = { 0 };
    if (res->ai_family == AF_INET) {
        a.family = 4;
        memcpy(a.ip, &((struct sockaddr_in *)res->ai_addr)->sin_addr, 4);
    } else if (res->ai_family == AF_INET6) {
        a.family = 6;
        memcpy(a.ip, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, 16);
    }
    freeaddrinfo(res);
    a.port = d->port ? d->port : H323_DEFAULT_SIGNAL_PORT;
    p->dest_addr = a;
    return a.family ? 0 : -1;
}

/* Runs one command (any thread). false: quit. */
static bool command(tool *t, const h323_text_cmd *c)
{
    uint32_t cur = (uint32_t)atomic_load(&t->current);
    char why[300] = "";
    switch (c->type) {
    case H323_TEXT_EMPTY:
        return true;
    case H323_TEXT_QUIT:
        return false;
    case H323_TEXT_CALL: {
        h323_call_params p;
        if (dest_params(&c->dest, &p, why, sizeof why) != 0)
            break;
        p.media = t->media;
        p.flags = t->flags;
        uint32_t id;
        if (h323_net_make_call(t->net, &p, NULL, &id) != 0) {
            snprintf(why, sizeof why, "out of memory");
            break;
        }
        atomic_store(&t->current, id);
        printf("calling %u\n", (unsigned)id);
        fflush(stdout);
        return true;
    }
    default:
        if (!cur) {
            snprintf(why, sizeof why, "no current call");
            break;
        }
        if (c->type == H323_TEXT_ANSWER)
            h323_net_answer(t->net, cur, &t->media);
        else if (c->type == H323_TEXT_ALERT)
            h323_net_alert(t->net, cur, &t->media);
        else if (c->type == H323_TEXT_HANGUP)
            h323_net_hangup(t->net, cur, c->cause);
        else if (c->type == H323_TEXT_DTMF)
            h323_net_send_dtmf(t->net, cur, c->digits, 100);
        return true;
    }
    printf("error %s\n", why);
    fflush(stdout);
    t->failed = 1;
    return true;
}

static void *stdin_reader(void *arg)
{
    tool *t = arg;
    char line[1024];
    bool more = true;
    while (more && fgets(line, sizeof line, stdin)) {
        h323_text_cmd c;
        const char *why;
        if (h323_text_parse_command(line, &c, &why) != 0) {
            printf("error %s\n", why);
            fflush(stdout);
            continue;
        }
        pthread_mutex_lock(&t->lock);
        more = !t->quitting && command(t, &c);
        pthread_mutex_unlock(&t->lock);
    }
    /* quit or end of input: release the current call, then stop the loop. */
    pthread_mutex_lock(&t->lock);
    if (!t->quitting) {
        uint32_t cur = (uint32_t)atomic_load(&t->current);
        if (cur)
            h323_net_hangup(t->net, cur, H323_CAUSE_NORMAL);
        h323_net_post(t->net, stop_loop, NULL);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

int main(int argc, char **argv)
{
    static tool t = { .lock = PTHREAD_MUTEX_INITIALIZER };
    h323_net_config cfg;
    h323_net_config_defaults(&cfg);
    const char *pcap = NULL;
    bool have_media = false;
    h323_text_cmd start[16];
    size_t nstart = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = true;
        if (strcmp(a, "--listen") == 0 && v) {
            char buf[80];
            if (strchr(v, '.') || strchr(v, '[') || strchr(v, ':'))
                snprintf(buf, sizeof buf, "%s", v);
            else
                snprintf(buf, sizeof buf, "0.0.0.0:%s", v);
            /* Port 0 (any) is not a valid text port: parse without it and set it. */
            size_t n = strlen(buf);
            bool any = n >= 2 && strcmp(buf + n - 2, ":0") == 0;
            if (any)
                buf[n - 2] = 0;
            if (h323_text_parse_addr(buf, H323_DEFAULT_SIGNAL_PORT, &cfg.listen) != 0) {
                fprintf(stderr, "h323-call: --listen wants [IP:]PORT, not %s\n", v);
                return 2;
            }
            if (any)
                cfg.listen.port = 0;
        } else if (strcmp(a, "--id") == 0 && v) {
            cfg.ep.h323_id = v;
        } else if (strcmp(a, "--e164") == 0 && v) {
            if (!*v || strspn(v, "0123456789#*,") != strlen(v)) {
                fprintf(stderr, "h323-call: --e164 wants digits (H.225.0 dialedDigits: 0-9 # * ,)\n");
                return 2;
            }
            cfg.ep.e164 = v;
        } else if (strcmp(a, "--display") == 0 && v) {
            cfg.ep.display = v;
        } else if (strcmp(a, "--gk") == 0 && v) {
            if (h323_text_parse_addr(v, H323_DEFAULT_RAS_PORT, &cfg.ep.gk_addr) != 0) {
                fprintf(stderr, "h323-call: --gk wants IP[:PORT], not %s\n", v);
                return 2;
            }
            cfg.ep.gk_mode = H323_GK_ADDRESS;
        } else if (strcmp(a, "--media") == 0 && v) {
            if (h323_text_parse_addr(v, 5000, &t.media) != 0 || (t.media.port & 1)) {
                fprintf(stderr, "h323-call: --media wants IP:PORT with an even port (RTP; RTCP is PORT+1)\n");
                return 2;
            }
            have_media = true;
        } else if (strcmp(a, "--pcap") == 0 && v) {
            pcap = v;
        } else if (strcmp(a, "call") == 0 && v) {
            if (nstart == sizeof start / sizeof start[0] ||
                h323_text_parse_dest(v, &start[nstart].dest) != 0) {
                fprintf(stderr, "h323-call: call wants ALIAS@HOST[:PORT], HOST[:PORT] or ALIAS, not %s\n", v);
                return 2;
            }
            start[nstart++].type = H323_TEXT_CALL;
        } else {
            takes = false;
            if (strcmp(a, "--gk-discover") == 0) {
                cfg.ep.gk_mode = H323_GK_DISCOVER;
            } else if (strcmp(a, "--no-faststart") == 0) {
                cfg.ep.fast_start = false;
                t.flags |= H323_CALL_NO_FAST_START;
            } else if (strcmp(a, "--no-tunnel") == 0) {
                cfg.ep.tunnelling = false;
                t.flags |= H323_CALL_NO_TUNNELLING;
            } else if (strcmp(a, "--auto-answer") == 0) {
                t.auto_answer = true;
            } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
                usage(stdout);
                return 0;
            } else {
                fprintf(stderr, "h323-call: unknown or incomplete argument %s\n", a);
                usage(stderr);
                return 2;
            }
        }
        if (takes)
            i++;
    }
    /* The socket layer fills in the addresses it binds; check the rest with stand-ins. */
    h323_config chk = cfg.ep;
    if (!chk.signal_addr.family) {
        chk.signal_addr = cfg.listen;
        chk.signal_addr.port = H323_DEFAULT_SIGNAL_PORT;
    }
    if (!chk.ras_addr.family && chk.gk_mode != H323_GK_NONE)
        chk.ras_addr = (h323_addr){ .family = 4, .ip = { 127, 0, 0, 1 }, .port = H323_DEFAULT_RAS_PORT };
    const char *why = h323_config_check(&chk);
    if (why) {
        fprintf(stderr, "h323-call: %s\n", why);
        return 2;
    }
    cfg.pcap_path = pcap;
    cfg.event = on_event;
    cfg.user = &t;
    setvbuf(stdout, NULL, _IOLBF, 0);
    h323_net_raise_fd_limit(4096, NULL);

    int r = h323_net_new(&cfg, &t.net);
    if (r != 0) {
        fprintf(stderr, "h323-call: cannot start: %s\n", r < 0 && r > -4096 && r != H323_E_INVAL ? strerror(-r)
                                                                                  : h323_strerror(r));
        return 2;
    }
    char a1[64], a2[64];
    h323_addr sig = h323_net_signal_addr(t.net);
    if (!have_media) {
        t.media = sig;
        t.media.port = 5000;
    }
    printf("listening %s media %s\n", h323_text_addr(&sig, a1, sizeof a1), h323_text_addr(&t.media, a2, sizeof a2));
    if (cfg.ep.gk_mode != H323_GK_NONE) {
        h323_addr ras = h323_net_ras_addr(t.net);
        printf("ras %s\n", h323_text_addr(&ras, a1, sizeof a1));
        h323_net_register(t.net, true);
    }
    signal_net = t.net;
    struct sigaction sa = { .sa_handler = on_signal };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    for (size_t i = 0; i < nstart; i++)
        command(&t, &start[i]);
    pthread_t reader;
    if (pthread_create(&reader, NULL, stdin_reader, &t) != 0) {
        fprintf(stderr, "h323-call: cannot start the stdin thread\n");
        h323_net_free(t.net);
        return 2;
    }
    r = h323_net_run(t.net);
    pthread_mutex_lock(&t.lock);
    t.quitting = true;
    pthread_mutex_unlock(&t.lock);
    signal_net = NULL;
    /* The reader may be blocked in fgets: it is not joined; the process ends here. */
    pthread_detach(reader);
    h323_net_stats st;
    h323_net_stats_get(t.net, &st);
    int cap = h323_net_close_capture(t.net);
    h323_net_free(t.net);
    printf("bye calls-left=%llu in=%llu out=%llu%s\n", (unsigned long long)st.calls, (unsigned long long)st.bytes_in,
           (unsigned long long)st.bytes_out, cap ? " capture-failed" : "");
    return r || cap ? 2 : t.failed;
}
