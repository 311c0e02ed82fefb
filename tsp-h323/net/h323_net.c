/* tsp-h323/net/h323_net.c - the socket layer's event loop; see h323_net.h. */
#ifdef _WIN32
#  ifndef _WIN32_WINNT
#    define _WIN32_WINNT 0x0600      /* WSAPoll, SRWLOCK */
#  endif
#  include <winsock2.h>
#  include <ws2tcpip.h>
#  include <windows.h>
#else
#  define _GNU_SOURCE 1              /* accept4, gettid, MSG_NOSIGNAL */
#  include <arpa/inet.h>
#  include <fcntl.h>
#  include <netinet/in.h>
#  include <netinet/tcp.h>
#  include <pthread.h>
#  include <sys/epoll.h>
#  include <sys/eventfd.h>
#  include <sys/resource.h>
#  include <sys/socket.h>
#  include <unistd.h>
#endif

#include "net/h323_net.h"
#include "net/h323_tap.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- platform ------------------------------------------------------------------------------ */

#ifdef _WIN32
typedef SOCKET sock_t;
#  define BAD_SOCK INVALID_SOCKET
#  define SEND_FLAGS 0
static int sock_err(void) { return WSAGetLastError(); }
static bool would_block(int e) { return e == WSAEWOULDBLOCK; }
static bool in_progress(int e) { return e == WSAEWOULDBLOCK || e == WSAEINPROGRESS; }
static void sock_close(sock_t s) { closesocket(s); }
static int set_nonblock(sock_t s) { u_long on = 1; return ioctlsocket(s, FIONBIO, &on) == 0 ? 0 : -1; }
static sock_t sock_open(int family, int type) { return socket(family, type, 0); }
typedef SRWLOCK lock_t;
static void lock_init(lock_t *l) { InitializeSRWLock(l); }
static void lock_destroy(lock_t *l) { (void)l; }
static void lock(lock_t *l) { AcquireSRWLockExclusive(l); }
static void unlock(lock_t *l) { ReleaseSRWLockExclusive(l); }
static uint64_t thread_id(void) { return GetCurrentThreadId(); }
/* Windows error numbers are reported as they are (WSAE*). */
static int errno_of(int e) { return e; }
#else
typedef int sock_t;
#  define BAD_SOCK (-1)
#  define SEND_FLAGS MSG_NOSIGNAL    /* EPIPE as an error, not SIGPIPE */
static int sock_err(void) { return errno; }
static bool would_block(int e) { return e == EAGAIN || e == EWOULDBLOCK; }
static bool in_progress(int e) { return e == EINPROGRESS; }
static void sock_close(sock_t s) { close(s); }
static int set_nonblock(sock_t s) { return fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK); }
static sock_t sock_open(int family, int type) { return socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0); }
typedef pthread_mutex_t lock_t;
static void lock_init(lock_t *l) { pthread_mutex_init(l, NULL); }
static void lock_destroy(lock_t *l) { pthread_mutex_destroy(l); }
static void lock(lock_t *l) { pthread_mutex_lock(l); }
static void unlock(lock_t *l) { pthread_mutex_unlock(l); }
static uint64_t thread_id(void) { return (uint64_t)gettid(); }
static int errno_of(int e) { return e; }
#endif

uint64_t h323_net_now_ms(void)
{
#ifdef _WIN32
    return GetTickCount64();
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
#endif
}

int h323_net_raise_fd_limit(uint64_t want, uint64_t *got)
{
#ifdef _WIN32
    if (got)
        *got = want;
    return 0;
#else
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -errno;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rl.rlim_cur = (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want) ? want : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            return -errno;
    }
    if (got)
        *got = rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : rl.rlim_cur;
    return 0;
#endif
}

/* ---- addresses ---------------------------------------------------------------------------- */

static socklen_t to_sockaddr(const h323_addr *a, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (a->family == 6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(a->port);
        memcpy(&s6->sin6_addr, a->ip, 16);
        return sizeof *s6;
    }
    struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
    s4->sin_family = AF_INET;
    s4->sin_port = htons(a->port);
    memcpy(&s4->sin_addr, a->ip, 4);
    return sizeof *s4;
}

static h323_addr from_sockaddr(const struct sockaddr_storage *ss)
{
    h323_addr a = { 0 };
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
        static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF };
        if (memcmp(&s6->sin6_addr, mapped, 12) == 0) {     /* v4-mapped (RFC 4291 2.5.5.2) */
            a.family = 4;
            memcpy(a.ip, (const uint8_t *)&s6->sin6_addr + 12, 4);
        } else {
            a.family = 6;
            memcpy(a.ip, &s6->sin6_addr, 16);
        }
        a.port = ntohs(s6->sin6_port);
    } else if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
        a.family = 4;
        memcpy(a.ip, &s4->sin_addr, 4);
        a.port = ntohs(s4->sin_port);
    }
    return a;
}

static bool unspecified(const h323_addr *a)
{
    static const uint8_t zero[16];
    return a->family == 0 || memcmp(a->ip, zero, a->family == 6 ? 16 : 4) == 0;
}

static h323_addr local_of(sock_t s)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    memset(&ss, 0, sizeof ss);
    if (getsockname(s, (struct sockaddr *)&ss, &len) != 0)
        return (h323_addr){ 0 };
    return from_sockaddr(&ss);
}

/* The address the host is reached at when a socket is bound to the unspecified address:
 * the source address a datagram to a documentation address (RFC 5737, RFC 3849) would
 * use; no datagram is sent. The loopback address when there is no route. */
static void primary_address(uint8_t family, h323_addr *out)
{
    h323_addr probe = { .family = family, .port = 9 };
    if (family == 6) {
        probe.ip[0] = 0x20; probe.ip[1] = 0x01; probe.ip[2] = 0x0d; probe.ip[3] = 0xb8; probe.ip[15] = 1;
    } else {
        probe.ip[0] = 192; probe.ip[1] = 0; probe.ip[2] = 2; probe.ip[3] = 1;
    }
    uint16_t port = out->port;
    memset(out, 0, sizeof *out);
    out->family = family;
    out->port = port;
    if (family == 6)
        out->ip[15] = 1;
    else
        out->ip[0] = 127, out->ip[3] = 1;
    sock_t s = sock_open(family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM);
    if (s == BAD_SOCK)
        return;
    struct sockaddr_storage ss;
    socklen_t len = to_sockaddr(&probe, &ss);
    if (connect(s, (struct sockaddr *)&ss, len) == 0) {
        h323_addr a = local_of(s);
        if (a.family == family && !unspecified(&a))
            memcpy(out->ip, a.ip, sizeof a.ip);
    }
    sock_close(s);
}

/* ---- state -------------------------------------------------------------------------------- */

enum conn_kind { CK_FREE, CK_LISTEN, CK_TCP };
enum conn_state {
    ST_CONNECTING,             /* connect() in progress */
    ST_OPEN,
    ST_FLUSH,                  /* the engine closed it; sending what is queued, then FIN */
    ST_LINGER,                 /* our FIN is sent; waiting for the peer's (or the deadline) */
    ST_DEAD                    /* broken while the engine owned it; the report is queued */
};

#define LINGER_MS 2000
#define WQ_MAX (4u << 20)      /* queued octets beyond which a peer that does not read is dropped */
#define IDX_BITS 22            /* connection id: generation << IDX_BITS | (index + 1) */
#define IDX_MASK ((1u << IDX_BITS) - 1)
#define READS_PER_EVENT 8      /* fairness between connections */
#define ACCEPTS_PER_EVENT 64

typedef struct conn {
    uint32_t id;               /* 0 when free */
    uint8_t kind, state;
    bool owned;                /* the engine knows it: not closed by it, not reported closed */
    bool signal_listener;      /* the call signalling listener (engine listener 0) */
    bool peer_fin;             /* the peer's FIN arrived */
    bool fin_sent;
    uint32_t events;           /* interest registered with the poller */
    uint32_t gen;
    uint32_t next_free;        /* index + 1 of the next free slot, 0: none */
    sock_t fd;
    uint8_t *wq;               /* write queue: wq[wq_head..wq_len) */
    size_t wq_head, wq_len, wq_cap;
    h323_tap_flow flow;
} conn;

typedef struct ncall {
    uint32_t id;
    bool released;
    h323_call *call;
    void *user;
} ncall;

enum cmd_type { C_CALL, C_ALERT, C_ANSWER, C_HANGUP, C_DTMF, C_REGISTER, C_UNREGISTER, C_FN };

typedef struct cmd {
    struct cmd *next;
    enum cmd_type type;
    uint32_t id;
    void *user;
    h323_call_params params;   /* C_CALL; strings point into text[] */
    h323_addr media;           /* C_ALERT, C_ANSWER */
    bool has_media;
    uint32_t cause;            /* C_HANGUP */
    uint16_t duration;         /* C_DTMF */
    void (*fn)(h323_net *n, void *arg);
    void *arg;
    char text[];               /* C_CALL strings, C_DTMF digits */
} cmd;

typedef struct report { uint32_t id; int err; } report;

#define EV_IN 1u
#define EV_OUT 2u
/* Poller tags for the sockets that are not connections. */
#define TAG_WAKE UINT64_C(0x100000000)
#define TAG_RAS UINT64_C(0x200000000)

struct h323_net {
    h323_ep *ep;
    h323_net_event_fn event;
    void *user;
    h323_addr signal_addr, ras_addr;
    sock_t ras;
    h323_tap *tap;
    uint64_t now;

    conn *conns;
    uint32_t nconns, capconns, free_head, signal_listener;

    ncall **map;               /* open addressing by id, power-of-two size, at most half full */
    size_t map_cap, map_used;

    report *reports;           /* connections that broke inside engine calls */
    size_t nreports, capreports, reports_head;
    ncall **frees;             /* calls released inside engine calls */
    size_t nfrees, capfrees;
    uint32_t *lingering;       /* FIFO of connection ids in ST_LINGER (deadlines in order) */
    uint64_t *linger_deadline;
    size_t nlinger, caplinger, linger_head;

    lock_t lock;               /* guards cmd_head/cmd_tail */
    cmd *cmd_head, *cmd_tail;
    atomic_uint_fast32_t next_call_id;
    atomic_bool stop;
    atomic_uint_fast64_t loop_tid;

    h323_net_stats st;
#ifdef _WIN32
    sock_t wake;               /* a UDP socket connected to itself */
    WSAPOLLFD *pfd;
    uint64_t *ptag;
    size_t cappfd;
    bool wsa;
#else
    int epfd, wakefd, reserve_fd;
#endif
    uint8_t rbuf[65536];
};

/* ---- the poller --------------------------------------------------------------------------- */

#ifndef _WIN32
static int poll_ctl(h323_net *n, int op, sock_t fd, uint64_t tag, uint32_t ev)
{
    struct epoll_event e = { .events = (ev & EV_IN ? EPOLLIN : 0u) | (ev & EV_OUT ? EPOLLOUT : 0u), .data.u64 = tag };
    return epoll_ctl(n->epfd, op, fd, &e) == 0 ? 0 : -errno;
}
#endif

static uint32_t wanted(const conn *c)
{
    if (c->kind == CK_LISTEN)
        return EV_IN;
    switch (c->state) {
    case ST_CONNECTING: return EV_OUT;
    case ST_OPEN: return EV_IN | (c->wq_len > c->wq_head ? EV_OUT : 0u);
    case ST_FLUSH: return (c->peer_fin ? 0u : EV_IN) | EV_OUT;
    case ST_LINGER: return EV_IN;
    default: return 0;
    }
}

static int interest(h323_net *n, conn *c)
{
    uint32_t w = wanted(c);
    if (w == c->events)
        return 0;
#ifndef _WIN32
    int r = poll_ctl(n, EPOLL_CTL_MOD, c->fd, c->id, w);
    if (r)
        return r;
#else
    (void)n;
#endif
    c->events = w;
    return 0;
}

/* ---- connections -------------------------------------------------------------------------- */

static conn *conn_get(h323_net *n, uint32_t id)
{
    uint32_t i = (id & IDX_MASK) - 1;
    if (id == 0 || i >= n->nconns || n->conns[i].id != id)
        return NULL;
    return &n->conns[i];
}

/* A slot for socket fd with the poller registered; NULL when out of memory. The conns
 * array may move: pointers into it do not survive this call. */
static conn *conn_new(h323_net *n, sock_t fd, uint8_t kind, uint8_t state)
{
    uint32_t i;
    if (n->free_head) {
        i = n->free_head - 1;
        n->free_head = n->conns[i].next_free;
    } else {
        if (n->nconns == IDX_MASK)
            return NULL;
        if (n->nconns == n->capconns) {
            uint32_t cap = n->capconns ? n->capconns * 2 : 64;
            conn *c = realloc(n->conns, cap * sizeof *c);
            if (!c)
                return NULL;
            n->conns = c;
            n->capconns = cap;
        }
        i = n->nconns++;
        n->conns[i].gen = 0;
    }
    conn *c = &n->conns[i];
    uint32_t gen = (c->gen + 1) & ((1u << (32 - IDX_BITS)) - 1);
    memset(c, 0, sizeof *c);
    c->gen = gen;
    c->id = gen << IDX_BITS | (i + 1);
    c->fd = fd;
    c->kind = kind;
    c->state = state;
    c->owned = true;
    c->events = wanted(c);
#ifndef _WIN32
    if (poll_ctl(n, EPOLL_CTL_ADD, fd, c->id, c->events) != 0) {
        c->id = 0;
        c->next_free = n->free_head;
        n->free_head = i + 1;
        return NULL;
    }
#endif
    n->st.conns_open++;
    return c;
}

/* Closes the socket (a FIN in the capture if ours was not sent) and frees the slot. */
static void conn_free(h323_net *n, conn *c)
{
    if (c->kind == CK_TCP && c->state != ST_CONNECTING && !c->fin_sent) {
        c->fin_sent = true;
        h323_tap_tcp_fin(n->tap, &c->flow, H323_TAP_OUT);
    }
#ifndef _WIN32
    epoll_ctl(n->epfd, EPOLL_CTL_DEL, c->fd, NULL);
#endif
    sock_close(c->fd);
    free(c->wq);
    uint32_t i = (uint32_t)(c - n->conns);
    uint32_t gen = c->gen;
    memset(c, 0, sizeof *c);
    c->gen = gen;
    c->next_free = n->free_head;
    n->free_head = i + 1;
    n->st.conns_open--;
}

static void push_report(h323_net *n, uint32_t id, int err)
{
    if (n->nreports == n->capreports) {
        if (n->reports_head) {             /* reuse the consumed front */
            memmove(n->reports, n->reports + n->reports_head, (n->nreports - n->reports_head) * sizeof *n->reports);
            n->nreports -= n->reports_head;
            n->reports_head = 0;
        }
        if (n->nreports == n->capreports) {
            size_t cap = n->capreports ? n->capreports * 2 : 16;
            report *r = realloc(n->reports, cap * sizeof *r);
            if (!r)
                return;                      /* the connection stays ST_DEAD until freed */
            n->reports = r;
            n->capreports = cap;
        }
    }
    n->reports[n->nreports++] = (report){ id, err };
}

/* The connection broke while the engine owned it, inside an engine call: the engine hears
 * of it (h323_ep_conn_closed) once that call has returned. */
static void conn_broken(h323_net *n, conn *c, int err)
{
    c->state = ST_DEAD;
    interest(n, c);
    push_report(n, c->id, err ? err : EPIPE);
}

static void linger_push(h323_net *n, uint32_t id)
{
    if (n->nlinger == n->caplinger) {
        if (n->linger_head) {
            size_t k = n->nlinger - n->linger_head;
            memmove(n->lingering, n->lingering + n->linger_head, k * sizeof *n->lingering);
            memmove(n->linger_deadline, n->linger_deadline + n->linger_head, k * sizeof *n->linger_deadline);
            n->nlinger = k;
            n->linger_head = 0;
        }
        if (n->nlinger == n->caplinger) {
            size_t cap = n->caplinger ? n->caplinger * 2 : 64;
            uint32_t *l = realloc(n->lingering, cap * sizeof *l);
            if (l)
                n->lingering = l;
            uint64_t *d = l ? realloc(n->linger_deadline, cap * sizeof *d) : NULL;
            if (!d) {
                conn *c = conn_get(n, id);
                if (c)
                    conn_free(n, c);      /* no room to wait: close now */
                return;
            }
            n->linger_deadline = d;
            n->caplinger = cap;
        }
    }
    n->lingering[n->nlinger] = id;
    n->linger_deadline[n->nlinger++] = n->now + LINGER_MS;
}

/* Our half is done: FIN, then wait for the peer's FIN (RFC 9293 3.6: reading on until the
 * peer closes keeps unread data from turning our close into a reset). */
static void begin_linger(h323_net *n, conn *c)
{
    if (c->peer_fin) {
        conn_free(n, c);
        return;
    }
#ifdef _WIN32
    shutdown(c->fd, SD_SEND);
#else
    shutdown(c->fd, SHUT_WR);
#endif
    c->fin_sent = true;
    h323_tap_tcp_fin(n->tap, &c->flow, H323_TAP_OUT);
    c->state = ST_LINGER;
    interest(n, c);
    linger_push(n, c->id);
}

/* Sends what is queued. 0, or the socket error. */
static int flush(h323_net *n, conn *c)
{
    while (c->wq_head < c->wq_len) {
        size_t k = c->wq_len - c->wq_head;
        int r = (int)send(c->fd, (const char *)c->wq + c->wq_head, (int)(k > INT32_MAX ? INT32_MAX : k), SEND_FLAGS);
        if (r < 0) {
            int e = sock_err();
            if (would_block(e))
                break;
            return errno_of(e);
        }
        h323_tap_tcp_data(n->tap, &c->flow, H323_TAP_OUT, c->wq + c->wq_head, (size_t)r);
        n->st.bytes_out += (uint64_t)r;
        c->wq_head += (size_t)r;
    }
    if (c->wq_head == c->wq_len)
        c->wq_head = c->wq_len = 0;
    return 0;
}

static bool wq_append(conn *c, const uint8_t *p, size_t len)
{
    if (c->wq_head && c->wq_len + len > c->wq_cap) {
        memmove(c->wq, c->wq + c->wq_head, c->wq_len - c->wq_head);
        c->wq_len -= c->wq_head;
        c->wq_head = 0;
    }
    if (c->wq_len + len > WQ_MAX)
        return false;
    if (c->wq_len + len > c->wq_cap) {
        size_t cap = c->wq_cap ? c->wq_cap : 1024;
        while (cap < c->wq_len + len)
            cap *= 2;
        uint8_t *q = realloc(c->wq, cap);
        if (!q)
            return false;
        c->wq = q;
        c->wq_cap = cap;
    }
    memcpy(c->wq + c->wq_len, p, len);
    c->wq_len += len;
    return true;
}

/* ---- calls -------------------------------------------------------------------------------- */

static size_t map_slot(const h323_net *n, uint32_t id)
{
    return (size_t)((id * UINT32_C(2654435761)) & (uint32_t)(n->map_cap - 1));   /* Knuth's multiplicative hash */
}

static ncall *map_get(const h323_net *n, uint32_t id)
{
    if (!n->map_cap)
        return NULL;
    for (size_t i = map_slot(n, id);; i = (i + 1) & (n->map_cap - 1)) {
        if (!n->map[i])
            return NULL;
        if (n->map[i]->id == id)
            return n->map[i];
    }
}

static int map_put(h323_net *n, ncall *r)
{
    if ((n->map_used + 1) * 2 > n->map_cap) {
        size_t cap = n->map_cap ? n->map_cap * 2 : 64;
        ncall **m = calloc(cap, sizeof *m);
        if (!m)
            return -ENOMEM;
        ncall **old = n->map;
        size_t oldcap = n->map_cap;
        n->map = m;
        n->map_cap = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i]) {
                size_t j = map_slot(n, old[i]->id);
                while (m[j])
                    j = (j + 1) & (cap - 1);
                m[j] = old[i];
            }
        free(old);
    }
    size_t j = map_slot(n, r->id);
    while (n->map[j])
        j = (j + 1) & (n->map_cap - 1);
    n->map[j] = r;
    n->map_used++;
    n->st.calls++;
    return 0;
}

/* Linear-probing removal with backward shift (Knuth 6.4 algorithm R): no tombstones. */
static void map_del(h323_net *n, uint32_t id)
{
    if (!n->map_cap)
        return;
    size_t mask = n->map_cap - 1, i = map_slot(n, id);
    while (n->map[i] && n->map[i]->id != id)
        i = (i + 1) & mask;
    if (!n->map[i])
        return;
    n->map[i] = NULL;
    n->map_used--;
    n->st.calls--;
    for (size_t j = (i + 1) & mask; n->map[j]; j = (j + 1) & mask) {
        size_t home = map_slot(n, n->map[j]->id);
        /* Move j back to the hole unless its home lies cyclically in (i, j]. */
        if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
            n->map[i] = n->map[j];
            n->map[j] = NULL;
            i = j;
        }
    }
}

static ncall *call_new(h323_net *n, uint32_t id, void *user)
{
    ncall *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->id = id;
    r->user = user;
    if (map_put(n, r) != 0) {
        free(r);
        return NULL;
    }
    return r;
}

static uint32_t new_call_id(h323_net *n)
{
    uint32_t id;
    do
        id = (uint32_t)atomic_fetch_add(&n->next_call_id, 1);
    while (id == 0);
    return id;
}

static void deliver(h323_net *n, uint32_t id, const h323_event *ev)
{
    if (n->event)
        n->event(n->user, n, id, ev);
}

static void log_event(h323_net *n, ncall *r, uint32_t id, const char *what, int err)
{
    char text[160];
    snprintf(text, sizeof text, "%s: %s", what, err ? h323_strerror(err) : "no such call");
    h323_event e = { .type = H323_EV_LOG, .call = r ? r->call : NULL, .user = r ? r->user : NULL };
    e.u.log.text = text;
    deliver(n, id, &e);
}

/* ---- the engine's I/O functions ------------------------------------------------------------ */

static h323_conn io_tcp_connect(void *ctx, const h323_addr *to)
{
    h323_net *n = ctx;
    if (to->family != 4 && to->family != 6)
        return 0;
    sock_t s = sock_open(to->family == 6 ? AF_INET6 : AF_INET, SOCK_STREAM);
    if (s == BAD_SOCK || set_nonblock(s) != 0) {
        if (s != BAD_SOCK)
            sock_close(s);
        n->st.connect_errors++;
        return 0;
    }
    int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    h323_addr dest = *to;
    if (dest.port == 0)
        dest.port = H323_DEFAULT_SIGNAL_PORT;
    struct sockaddr_storage ss;
    socklen_t len = to_sockaddr(&dest, &ss);
    if (connect(s, (struct sockaddr *)&ss, len) != 0 && !in_progress(sock_err())) {
        sock_close(s);
        n->st.connect_errors++;
        return 0;
    }
    /* Connected or not, writability says when: one path for both. */
    conn *c = conn_new(n, s, CK_TCP, ST_CONNECTING);
    if (!c) {
        sock_close(s);
        return 0;
    }
    return c->id;
}

static sock_t listen_socket(const h323_addr *at, int backlog, h323_addr *bound)
{
    h323_addr a = *at;
    if (a.family != 6)
        a.family = 4;
    sock_t s = sock_open(a.family == 6 ? AF_INET6 : AF_INET, SOCK_STREAM);
    if (s == BAD_SOCK)
        return BAD_SOCK;
#ifndef _WIN32
    int one = 1;   /* restart while old connections are in TIME_WAIT (not on Windows: there it
                      would let another socket steal the port) */
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
#endif
    struct sockaddr_storage ss;
    socklen_t len = to_sockaddr(&a, &ss);
    if (set_nonblock(s) != 0 || bind(s, (struct sockaddr *)&ss, len) != 0 || listen(s, backlog) != 0) {
        int e = sock_err();
        sock_close(s);
#ifndef _WIN32
        errno = e;
#else
        WSASetLastError(e);
#endif
        return BAD_SOCK;
    }
    *bound = local_of(s);
    return s;
}

static h323_conn io_tcp_listen(void *ctx, const h323_addr *local, h323_addr *bound)
{
    h323_net *n = ctx;
    h323_addr at = local && local->family ? *local : n->signal_addr;
    at.port = 0;
    sock_t s = listen_socket(&at, 4, bound);
    if (s == BAD_SOCK)
        return 0;
    if (unspecified(bound)) {                       /* announce a reachable address */
        uint16_t port = bound->port;
        *bound = n->signal_addr;
        bound->port = port;
    }
    conn *c = conn_new(n, s, CK_LISTEN, ST_OPEN);
    if (!c) {
        sock_close(s);
        return 0;
    }
    return c->id;
}

static int io_tcp_send(void *ctx, h323_conn id, const uint8_t *p, size_t len)
{
    h323_net *n = ctx;
    conn *c = conn_get(n, id);
    if (!c || !c->owned || c->kind != CK_TCP || (c->state != ST_OPEN && c->state != ST_CONNECTING))
        return -1;
    if (c->state == ST_OPEN && c->wq_head == c->wq_len) {
        /* The common case: the socket takes it all at once, nothing is copied. */
        while (len) {
            int r = (int)send(c->fd, (const char *)p, (int)(len > INT32_MAX ? INT32_MAX : len), SEND_FLAGS);
            if (r < 0) {
                int e = sock_err();
                if (would_block(e))
                    break;
                conn_broken(n, c, errno_of(e));
                return -1;
            }
            h323_tap_tcp_data(n->tap, &c->flow, H323_TAP_OUT, p, (size_t)r);
            n->st.bytes_out += (uint64_t)r;
            p += r;
            len -= (size_t)r;
        }
    }
    if (len) {
        if (!wq_append(c, p, len)) {
            conn_broken(n, c, ENOBUFS);
            return -1;
        }
        interest(n, c);
    }
    return 0;
}

static void io_tcp_close(void *ctx, h323_conn id)
{
    h323_net *n = ctx;
    conn *c = conn_get(n, id);
    if (!c || !c->owned)
        return;
    c->owned = false;
    if (c->kind == CK_LISTEN || c->state == ST_CONNECTING) {
        conn_free(n, c);
    } else if (c->state == ST_OPEN) {
        if (c->wq_head == c->wq_len) {
            begin_linger(n, c);
        } else {
            c->state = ST_FLUSH;
            interest(n, c);
        }
    }
    /* ST_DEAD: its queued report finds it unowned and only frees it. */
}

static int io_udp_send(void *ctx, const h323_addr *to, const uint8_t *p, size_t len)
{
    h323_net *n = ctx;
    if (n->ras == BAD_SOCK || (to->family != 4 && to->family != 6))
        return -1;
    struct sockaddr_storage ss;
    socklen_t sl = to_sockaddr(to, &ss);
    if (sendto(n->ras, (const char *)p, (int)len, 0, (struct sockaddr *)&ss, sl) < 0)
        return -1;
    h323_tap_udp(n->tap, &n->ras_addr, to, H323_TAP_OUT, p, len);
    n->st.datagrams_out++;
    return 0;
}

static void io_event(void *ctx, const h323_event *ev)
{
    h323_net *n = ctx;
    ncall *r = NULL;
    if (ev->call) {
        r = h323_call_user(ev->call);
        if (!r && (r = call_new(n, new_call_id(n), NULL)) != NULL)   /* an incoming call */
            h323_call_set_user(ev->call, r);
        if (r && !r->call)
            r->call = ev->call;
    }
    h323_event e = *ev;
    e.user = r ? r->user : NULL;
    deliver(n, r ? r->id : 0, &e);
    if (ev->type == H323_EV_RELEASED && r && !r->released) {
        r->released = true;
        if (n->nfrees == n->capfrees) {
            size_t cap = n->capfrees ? n->capfrees * 2 : 16;
            ncall **f = realloc(n->frees, cap * sizeof *f);
            if (!f)
                return;                         /* freed with the endpoint */
            n->frees = f;
            n->capfrees = cap;
        }
        n->frees[n->nfrees++] = r;
    }
}

static void call_free(h323_net *n, ncall *r)
{
    if (r->call)
        h323_call_free(r->call);
    map_del(n, r->id);
    free(r);
}

/* Runs what engine calls left to do once they returned: broken connections are reported,
 * released calls freed. Either may lead to more. */
static void settle(h323_net *n)
{
    for (;;) {
        if (n->reports_head < n->nreports) {
            report rp = n->reports[n->reports_head++];
            if (n->reports_head == n->nreports)
                n->reports_head = n->nreports = 0;
            conn *c = conn_get(n, rp.id);
            if (!c)
                continue;
            bool owned = c->owned;
            conn_free(n, c);
            if (owned)
                h323_ep_conn_closed(n->ep, rp.id, rp.err, n->now);
        } else if (n->nfrees) {
            call_free(n, n->frees[--n->nfrees]);
        } else {
            return;
        }
    }
}

/* The connection ended (EOF or error) outside engine calls. */
static void conn_ended(h323_net *n, conn *c, int err)
{
    uint32_t id = c->id;
    bool owned = c->owned;
    if (c->state == ST_FLUSH && !err && c->wq_head < c->wq_len) {
        flush(n, c);                            /* the peer may still read what we owe it */
    }
    conn_free(n, c);
    if (owned) {
        h323_ep_conn_closed(n->ep, id, err, n->now);
        settle(n);
    }
}

/* ---- socket events ------------------------------------------------------------------------ */

#ifndef _WIN32
/* Out of descriptors: accept with the reserved one and close at once, so the listener does
 * not report the same pending connection forever (level-triggered poller). */
static void shed_connection(h323_net *n, sock_t listener)
{
    if (n->reserve_fd < 0)
        return;
    close(n->reserve_fd);
    int s = accept(listener, NULL, NULL);
    if (s >= 0)
        close(s);
    n->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
}
#endif

static void on_accept(h323_net *n, uint32_t lid)
{
    for (int k = 0; k < ACCEPTS_PER_EVENT; k++) {
        conn *l = conn_get(n, lid);
        if (!l || l->kind != CK_LISTEN)
            return;
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        memset(&ss, 0, sizeof ss);
#ifdef _WIN32
        sock_t s = accept(l->fd, (struct sockaddr *)&ss, &len);
        if (s != BAD_SOCK && set_nonblock(s) != 0) {
            sock_close(s);
            continue;
        }
#else
        sock_t s = accept4(l->fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
#endif
        if (s == BAD_SOCK) {
            int e = sock_err();
            if (would_block(e))
                return;
            n->st.accept_errors++;
#ifndef _WIN32
            if (e == EMFILE || e == ENFILE) {
                shed_connection(n, l->fd);
                return;
            }
            if (e == ECONNABORTED || e == EINTR)
                continue;
#endif
            return;
        }
        bool signal = l->signal_listener;
        int one = 1;
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
        h323_addr peer = from_sockaddr(&ss), local = local_of(s);
        conn *c = conn_new(n, s, CK_TCP, ST_OPEN);
        if (!c) {
            sock_close(s);
            n->st.accept_errors++;
            continue;
        }
        h323_tap_tcp_open(n->tap, &c->flow, &local, &peer, false);
        n->st.accepted++;
        h323_ep_conn_accepted(n->ep, signal ? 0 : lid, c->id, &peer, n->now);
        settle(n);
    }
}

static void on_connect(h323_net *n, conn *c)
{
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, (char *)&err, &len) != 0)
        err = sock_err();
    uint32_t id = c->id;
    if (err) {
        n->st.connect_errors++;
        conn_ended(n, c, errno_of(err));     /* still ST_CONNECTING: no FIN in the capture */
        return;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    memset(&ss, 0, sizeof ss);
    getpeername(c->fd, (struct sockaddr *)&ss, &sl);
    h323_addr local = local_of(c->fd), peer = from_sockaddr(&ss);
    h323_tap_tcp_open(n->tap, &c->flow, &local, &peer, true);
    c->state = ST_OPEN;
    n->st.connected++;
    interest(n, c);
    if (c->owned) {
        h323_ep_conn_connected(n->ep, id, n->now);
        settle(n);
    }
}

static void on_readable(h323_net *n, uint32_t id)
{
    for (int k = 0; k < READS_PER_EVENT; k++) {
        conn *c = conn_get(n, id);
        if (!c || c->state == ST_DEAD || c->peer_fin)
            return;
        int r = (int)recv(c->fd, (char *)n->rbuf, (int)sizeof n->rbuf, 0);
        if (r > 0) {
            n->st.bytes_in += (uint64_t)r;
            h323_tap_tcp_data(n->tap, &c->flow, H323_TAP_IN, n->rbuf, (size_t)r);
            if (c->owned) {
                h323_ep_conn_data(n->ep, id, n->rbuf, (size_t)r, n->now);
                settle(n);
            }
            if ((size_t)r < sizeof n->rbuf)
                return;                          /* drained */
            continue;
        }
        int e = r == 0 ? 0 : sock_err();
        if (r < 0 && would_block(e))
            return;
        if (r == 0) {
            c->peer_fin = true;
            h323_tap_tcp_fin(n->tap, &c->flow, H323_TAP_IN);
            if (c->state == ST_FLUSH) {         /* finish sending, then close */
                interest(n, c);
                return;
            }
        }
        conn_ended(n, c, errno_of(e));
        return;
    }
}

static void on_writable(h323_net *n, uint32_t id)
{
    conn *c = conn_get(n, id);
    if (!c || (c->state != ST_OPEN && c->state != ST_FLUSH))
        return;
    int e = flush(n, c);
    if (e) {
        conn_ended(n, c, e);
        return;
    }
    if (c->state == ST_FLUSH && c->wq_head == c->wq_len)
        begin_linger(n, c);
    else
        interest(n, c);
}

static void on_ras(h323_net *n)
{
    for (int k = 0; k < READS_PER_EVENT; k++) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        int r = (int)recvfrom(n->ras, (char *)n->rbuf, (int)sizeof n->rbuf, 0, (struct sockaddr *)&ss, &len);
        if (r < 0)
            return;                              /* would block, or an ICMP error: nothing to read */
        h323_addr from = from_sockaddr(&ss);
        h323_tap_udp(n->tap, &n->ras_addr, &from, H323_TAP_IN, n->rbuf, (size_t)r);
        n->st.datagrams_in++;
        h323_ep_udp_data(n->ep, &from, n->rbuf, (size_t)r, n->now);
        settle(n);
    }
}

static void on_conn_event(h323_net *n, uint32_t id, bool in, bool out, bool err)
{
    conn *c = conn_get(n, id);
    if (!c)
        return;
    if (c->kind == CK_LISTEN) {
        on_accept(n, id);
        return;
    }
    if (c->state == ST_CONNECTING) {
        if (out || err)
            on_connect(n, c);
        return;
    }
    if (in || err)
        on_readable(n, id);
    if (out)
        on_writable(n, id);
}

/* ---- commands ----------------------------------------------------------------------------- */

static cmd *cmd_alloc(enum cmd_type t, uint32_t id, size_t text)
{
    cmd *c = calloc(1, sizeof *c + text);
    if (c) {
        c->type = t;
        c->id = id;
    }
    return c;
}

static void wake(h323_net *n)
{
#ifdef _WIN32
    char b = 1;
    send(n->wake, &b, 1, 0);
#else
    uint64_t one = 1;
    ssize_t r = write(n->wakefd, &one, sizeof one);
    (void)r;                                    /* EAGAIN: the counter is already non-zero */
#endif
}

static int post(h323_net *n, cmd *c)
{
    if (!c)
        return -ENOMEM;
    lock(&n->lock);
    bool was_empty = !n->cmd_head;
    if (n->cmd_tail)
        n->cmd_tail->next = c;
    else
        n->cmd_head = c;
    n->cmd_tail = c;
    unlock(&n->lock);
    /* The loop drains the queue before it sleeps: it needs no wake-up for its own posts. */
    if (was_empty && atomic_load(&n->loop_tid) != thread_id())
        wake(n);
    return 0;
}

static char *copy_str(char **dst, const char *s)
{
    if (!s)
        return NULL;
    size_t k = strlen(s) + 1;
    char *r = memcpy(*dst, s, k);
    *dst += k;
    return r;
}

int h323_net_make_call(h323_net *n, const h323_call_params *p, void *user, uint32_t *id)
{
    if (!n || !p)
        return H323_E_INVAL;
    size_t text = (p->dest_alias ? strlen(p->dest_alias) + 1 : 0) +
                  (p->calling_number ? strlen(p->calling_number) + 1 : 0) + (p->display ? strlen(p->display) + 1 : 0);
    uint32_t cid = new_call_id(n);
    cmd *c = cmd_alloc(C_CALL, cid, text);
    if (!c)
        return -ENOMEM;
    c->user = user;
    c->params = *p;
    char *t = c->text;
    c->params.dest_alias = copy_str(&t, p->dest_alias);
    c->params.calling_number = copy_str(&t, p->calling_number);
    c->params.display = copy_str(&t, p->display);
    if (id)
        *id = cid;
    return post(n, c);
}

static int post_media(h323_net *n, enum cmd_type t, uint32_t id, const h323_addr *media)
{
    cmd *c = cmd_alloc(t, id, 0);
    if (c && media) {
        c->media = *media;
        c->has_media = true;
    }
    return post(n, c);
}

int h323_net_alert(h323_net *n, uint32_t id, const h323_addr *media) { return post_media(n, C_ALERT, id, media); }
int h323_net_answer(h323_net *n, uint32_t id, const h323_addr *media) { return post_media(n, C_ANSWER, id, media); }

int h323_net_hangup(h323_net *n, uint32_t id, uint32_t cause)
{
    cmd *c = cmd_alloc(C_HANGUP, id, 0);
    if (c)
        c->cause = cause;
    return post(n, c);
}

int h323_net_send_dtmf(h323_net *n, uint32_t id, const char *digits, uint16_t duration_ms)
{
    if (!digits || !*digits || strlen(digits) > 64)
        return H323_E_INVAL;
    cmd *c = cmd_alloc(C_DTMF, id, strlen(digits) + 1);
    if (c) {
        memcpy(c->text, digits, strlen(digits) + 1);
        c->duration = duration_ms;
    }
    return post(n, c);
}

int h323_net_register(h323_net *n, bool on)
{
    return post(n, cmd_alloc(on ? C_REGISTER : C_UNREGISTER, 0, 0));
}

int h323_net_post(h323_net *n, void (*fn)(h323_net *n, void *arg), void *arg)
{
    if (!fn)
        return H323_E_INVAL;
    cmd *c = cmd_alloc(C_FN, 0, 0);
    if (c) {
        c->fn = fn;
        c->arg = arg;
    }
    return post(n, c);
}

static void run_call(h323_net *n, cmd *c)
{
    ncall *r = call_new(n, c->id, c->user);
    int err = H323_E_NOMEM;
    if (r) {
        h323_call *call = NULL;
        err = h323_call_make(n->ep, &c->params, r, n->now, &call);
        if (err == 0) {
            if (!r->call)
                r->call = call;
            return;
        }
        if (r->released)                       /* the engine already said RELEASED */
            return;
    }
    h323_event e = { .type = H323_EV_RELEASED, .user = c->user };
    e.u.released.cause = err == H323_E_LIMIT ? H323_CAUSE_NO_CIRCUIT : H323_CAUSE_TEMPORARY_FAILURE;
    e.u.released.reason = UINT32_MAX;
    e.u.released.local = true;
    e.u.released.text = h323_strerror(err);
    deliver(n, c->id, &e);
    if (r) {
        map_del(n, r->id);
        free(r);
    }
}

static void run_cmd(h323_net *n, cmd *c)
{
    n->st.commands++;
    if (c->type == C_CALL) {
        run_call(n, c);
        return;
    }
    if (c->type == C_FN) {
        c->fn(n, c->arg);
        return;
    }
    if (c->type == C_REGISTER || c->type == C_UNREGISTER) {
        int err = c->type == C_REGISTER ? h323_ep_register(n->ep, n->now) : h323_ep_unregister(n->ep, n->now);
        if (err)
            log_event(n, NULL, 0, c->type == C_REGISTER ? "register" : "unregister", err);
        return;
    }
    ncall *r = map_get(n, c->id);
    static const char *const names[] = { [C_ALERT] = "alert", [C_ANSWER] = "answer", [C_HANGUP] = "hangup",
                                         [C_DTMF] = "dtmf" };
    if (!r || r->released || !r->call) {
        log_event(n, r, c->id, names[c->type], 0);
        return;
    }
    int err = 0;
    switch (c->type) {
    case C_ALERT: err = h323_call_alert(r->call, c->has_media ? &c->media : NULL, n->now); break;
    case C_ANSWER: err = h323_call_answer(r->call, c->has_media ? &c->media : NULL, n->now); break;
    case C_HANGUP: err = h323_call_hangup(r->call, c->cause, n->now); break;
    case C_DTMF:
        for (const char *d = c->text; *d && !err && !r->released; d++)
            err = h323_call_send_dtmf(r->call, *d, c->duration, n->now);
        break;
    default: break;
    }
    if (err)
        log_event(n, r, c->id, names[c->type], err);
}

/* Runs every command posted before this call (not those the commands post). */
static bool run_commands(h323_net *n)
{
    lock(&n->lock);
    cmd *c = n->cmd_head;
    n->cmd_head = n->cmd_tail = NULL;
    unlock(&n->lock);
    bool any = c != NULL;
    while (c) {
        cmd *next = c->next;
        run_cmd(n, c);
        settle(n);
        free(c);
        c = next;
    }
    return any;
}

/* ---- the loop ----------------------------------------------------------------------------- */

static void run_timers(h323_net *n)
{
    while (n->linger_head < n->nlinger && n->linger_deadline[n->linger_head] <= n->now) {
        conn *c = conn_get(n, n->lingering[n->linger_head++]);
        if (c && c->state == ST_LINGER)
            conn_free(n, c);
    }
    if (n->linger_head == n->nlinger)
        n->linger_head = n->nlinger = 0;
    if (h323_ep_next_deadline(n->ep) <= n->now) {
        h323_ep_tick(n->ep, n->now);
        settle(n);
    }
}

static uint64_t next_deadline(const h323_net *n)
{
    uint64_t d = h323_ep_next_deadline(n->ep);
    if (n->linger_head < n->nlinger && n->linger_deadline[n->linger_head] < d)
        d = n->linger_deadline[n->linger_head];
    return d;
}

#define MAX_EVENTS 256

int h323_net_run_once(h323_net *n, uint32_t max_wait_ms)
{
    atomic_store(&n->loop_tid, thread_id());
    n->st.rounds++;
    n->now = h323_net_now_ms();
    run_commands(n);
    run_timers(n);

    uint64_t wait = max_wait_ms;
    uint64_t d = next_deadline(n);
    if (d <= n->now)
        wait = 0;
    else if (d - n->now < wait)
        wait = d - n->now;
    lock(&n->lock);
    if (n->cmd_head || atomic_load(&n->stop))
        wait = 0;
    unlock(&n->lock);

#ifdef _WIN32
    size_t need = 2 + n->nconns;
    if (need > n->cappfd) {
        WSAPOLLFD *p = realloc(n->pfd, need * sizeof *p);
        if (p)
            n->pfd = p;
        uint64_t *t = p ? realloc(n->ptag, need * sizeof *t) : NULL;
        if (!t)
            return -ENOMEM;
        n->ptag = t;
        n->cappfd = need;
    }
    size_t np = 0;
    n->pfd[np] = (WSAPOLLFD){ .fd = n->wake, .events = POLLRDNORM };
    n->ptag[np++] = TAG_WAKE;
    if (n->ras != BAD_SOCK) {
        n->pfd[np] = (WSAPOLLFD){ .fd = n->ras, .events = POLLRDNORM };
        n->ptag[np++] = TAG_RAS;
    }
    for (uint32_t i = 0; i < n->nconns; i++) {
        conn *c = &n->conns[i];
        if (!c->id || !c->events)
            continue;
        n->pfd[np] = (WSAPOLLFD){ .fd = c->fd,
                                  .events = (SHORT)((c->events & EV_IN ? POLLRDNORM : 0) | (c->events & EV_OUT ? POLLWRNORM : 0)) };
        n->ptag[np++] = c->id;
    }
    int k = WSAPoll(n->pfd, (ULONG)np, (INT)wait);
    if (k < 0)
        return -WSAGetLastError();
    n->now = h323_net_now_ms();
    for (size_t i = 0; i < np && k > 0; i++) {
        SHORT re = n->pfd[i].revents;
        if (!re)
            continue;
        k--;
        uint64_t tag = n->ptag[i];
        if (tag == TAG_WAKE) {
            char b[64];
            while (recv(n->wake, b, sizeof b, 0) > 0)
                ;
        } else if (tag == TAG_RAS) {
            on_ras(n);
        } else {
            on_conn_event(n, (uint32_t)tag, (re & (POLLRDNORM | POLLHUP)) != 0, (re & POLLWRNORM) != 0,
                          (re & (POLLERR | POLLNVAL)) != 0);
        }
    }
#else
    struct epoll_event ev[MAX_EVENTS];
    int k = epoll_wait(n->epfd, ev, MAX_EVENTS, (int)wait);
    if (k < 0)
        return errno == EINTR ? 0 : -errno;
    n->now = h323_net_now_ms();
    for (int i = 0; i < k; i++) {
        uint64_t tag = ev[i].data.u64;
        if (tag == TAG_WAKE) {
            uint64_t v;
            ssize_t r = read(n->wakefd, &v, sizeof v);
            (void)r;
        } else if (tag == TAG_RAS) {
            on_ras(n);
        } else {
            uint32_t e = ev[i].events;
            on_conn_event(n, (uint32_t)tag, (e & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) != 0, (e & EPOLLOUT) != 0,
                          (e & EPOLLERR) != 0);
        }
    }
#endif
    run_commands(n);
    run_timers(n);
    return 0;
}

int h323_net_run(h323_net *n)
{
    while (!atomic_load(&n->stop)) {
        int r = h323_net_run_once(n, 60000);
        if (r)
            return r;
    }
    atomic_store(&n->stop, false);
    return 0;
}

void h323_net_stop(h323_net *n)
{
    atomic_store(&n->stop, true);
    if (atomic_load(&n->loop_tid) != thread_id())
        wake(n);
}

/* ---- setup -------------------------------------------------------------------------------- */

void h323_net_config_defaults(h323_net_config *c)
{
    memset(c, 0, sizeof *c);
    h323_config_defaults(&c->ep);
    c->listen.family = 4;
    c->listen.port = H323_DEFAULT_SIGNAL_PORT;
}

static int setup_wake(h323_net *n)
{
#ifdef _WIN32
    h323_addr lo = { .family = 4, .ip = { 127, 0, 0, 1 } };
    n->wake = sock_open(AF_INET, SOCK_DGRAM);
    if (n->wake == BAD_SOCK)
        return -WSAGetLastError();
    struct sockaddr_storage ss;
    socklen_t len = to_sockaddr(&lo, &ss);
    if (bind(n->wake, (struct sockaddr *)&ss, len) != 0)
        return -WSAGetLastError();
    lo = local_of(n->wake);
    len = to_sockaddr(&lo, &ss);
    if (connect(n->wake, (struct sockaddr *)&ss, len) != 0 || set_nonblock(n->wake) != 0)
        return -WSAGetLastError();
    return 0;
#else
    n->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (n->epfd < 0)
        return -errno;
    n->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (n->wakefd < 0)
        return -errno;
    n->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    return poll_ctl(n, EPOLL_CTL_ADD, n->wakefd, TAG_WAKE, EV_IN);
#endif
}

static int setup_ras(h323_net *n, const h323_net_config *c, h323_config *ep)
{
    h323_addr at = c->ras_bind;
    if (at.family != 6)
        at.family = 4;
    n->ras = sock_open(at.family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM);
    if (n->ras == BAD_SOCK || set_nonblock(n->ras) != 0)
        return -sock_err();
    struct sockaddr_storage ss;
    socklen_t len = to_sockaddr(&at, &ss);
    if (bind(n->ras, (struct sockaddr *)&ss, len) != 0)
        return -sock_err();
    n->ras_addr = local_of(n->ras);
    if (unspecified(&n->ras_addr))
        primary_address(n->ras_addr.family, &n->ras_addr);
    if (ep->ras_addr.family == 0)
        ep->ras_addr = n->ras_addr;
#ifndef _WIN32
    return poll_ctl(n, EPOLL_CTL_ADD, n->ras, TAG_RAS, EV_IN);
#else
    return 0;
#endif
}

int h323_net_new(const h323_net_config *c, h323_net **out)
{
    *out = NULL;
    h323_net *n = calloc(1, sizeof *n);
    if (!n)
        return -ENOMEM;
    n->event = c->event;
    n->user = c->user;
    n->ras = BAD_SOCK;
    atomic_init(&n->next_call_id, 1);
    atomic_init(&n->stop, false);
    atomic_init(&n->loop_tid, 0);
    lock_init(&n->lock);
#ifdef _WIN32
    n->wake = BAD_SOCK;
    WSADATA wd;
    if (WSAStartup(MAKEWORD(2, 2), &wd) != 0) {
        free(n);
        return -EIO;
    }
    n->wsa = true;
#else
    n->epfd = n->wakefd = n->reserve_fd = -1;
#endif
    h323_config ep = c->ep;
    int err = setup_wake(n);
    n->now = h323_net_now_ms();
    if (!err && !c->no_listen) {
        h323_addr bound;
        sock_t s = listen_socket(&c->listen, SOMAXCONN, &bound);
        if (s == BAD_SOCK) {
            err = -sock_err();
        } else {
            conn *l = conn_new(n, s, CK_LISTEN, ST_OPEN);
            if (!l) {
                sock_close(s);
                err = -ENOMEM;
            } else {
                l->signal_listener = true;
                n->signal_listener = l->id;
                n->signal_addr = bound;
            }
        }
    } else if (!err) {
        n->signal_addr = c->listen;
        if (n->signal_addr.family != 6)
            n->signal_addr.family = 4;
    }
    if (!err && unspecified(&n->signal_addr))
        primary_address(n->signal_addr.family, &n->signal_addr);
    if (!err && ep.signal_addr.family == 0)
        ep.signal_addr = n->signal_addr;
    if (!err && ep.gk_mode != H323_GK_NONE)
        err = setup_ras(n, c, &ep);
    if (!err && c->pcap_path)
        err = h323_tap_open(c->pcap_path, &n->tap);
    if (!err) {
        static const h323_io io = { .tcp_connect = io_tcp_connect, .tcp_listen = io_tcp_listen,
                                    .tcp_send = io_tcp_send, .tcp_close = io_tcp_close,
                                    .udp_send = io_udp_send, .event = io_event };
        n->ep = h323_ep_new(&ep, &io, n);
        if (!n->ep)
            err = H323_E_INVAL;
    }
    if (err) {
        h323_net_free(n);
        return err;
    }
    *out = n;
    return 0;
}

int h323_net_close_capture(h323_net *n)
{
    int r = h323_tap_close(n->tap);
    n->tap = NULL;
    return r;
}

void h323_net_free(h323_net *n)
{
    if (!n)
        return;
    /* Calls first (the engine may still send on their connections), then the endpoint,
     * which closes the connections it knows; then whatever sockets are left. */
    for (size_t i = 0; i < n->map_cap; i++)
        if (n->map && n->map[i]) {
            if (n->map[i]->call)
                h323_call_free(n->map[i]->call);
            n->map[i]->call = NULL;
        }
    if (n->ep)
        h323_ep_free(n->ep);
    for (size_t i = 0; i < n->map_cap; i++)
        free(n->map ? n->map[i] : NULL);
    free(n->map);
    for (uint32_t i = 0; i < n->nconns; i++)
        if (n->conns[i].id)
            conn_free(n, &n->conns[i]);
    free(n->conns);
    free(n->reports);
    free(n->frees);
    free(n->lingering);
    free(n->linger_deadline);
    for (cmd *c = n->cmd_head; c;) {
        cmd *next = c->next;
        free(c);
        c = next;
    }
    h323_tap_close(n->tap);
    if (n->ras != BAD_SOCK)
        sock_close(n->ras);
#ifdef _WIN32
    if (n->wake != BAD_SOCK)
        sock_close(n->wake);
    free(n->pfd);
    free(n->ptag);
    if (n->wsa)
        WSACleanup();
#else
    if (n->wakefd >= 0)
        close(n->wakefd);
    if (n->epfd >= 0)
        close(n->epfd);
    if (n->reserve_fd >= 0)
        close(n->reserve_fd);
#endif
    lock_destroy(&n->lock);
    free(n);
}

/* ---- accessors ---------------------------------------------------------------------------- */

h323_addr h323_net_signal_addr(const h323_net *n) { return n->signal_addr; }
h323_addr h323_net_ras_addr(const h323_net *n) { return n->ras_addr; }
h323_ep *h323_net_ep(h323_net *n) { return n->ep; }

h323_call *h323_net_call(h323_net *n, uint32_t id)
{
    ncall *r = map_get(n, id);
    return r && !r->released ? r->call : NULL;
}

void h323_net_set_user(h323_net *n, uint32_t id, void *user)
{
    ncall *r = map_get(n, id);
    if (r)
        r->user = user;
}

void h323_net_stats_get(const h323_net *n, h323_net_stats *st)
{
    *st = n->st;
}
