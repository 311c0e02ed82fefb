/* libFuzzer target for the RAS client (tsp-h323/engine/ras.h): datagrams into a client in
 * each state of its life.
 *
 * Input: one octet choosing the state the client is brought to first (with the gatekeeper
 * emulator of tests/h323/gk.h):
 *   0 discovering (GRQ seq 1 outstanding)     1 registering (RRQ seq 1 outstanding)
 *   2 registered with an admitted call (RRQ 1, ARQ 2 answered; keep-alive due at 51 s)
 *   3 registered, keep-alive RRQ seq 3 and ARQ seq 4 outstanding
 *   4 unregistering (URQ seq 3 outstanding)
 * then records { u8 flags, u16 length (big-endian), octets }: each is one datagram from the
 * gatekeeper (flags bit 0: from another host instead), then the clock moves on by
 * (flags >> 1) x 250 ms and the client's timers run.
 *
 * Must hold: nothing crashes or leaks; every datagram the client sends decodes; events
 * are well-formed. Seeds (tests/unit/corpus/fuzz_h323_ras/) are the emulator's answers and
 * requests, numbered for each state. */
#include "engine/ras.h"
#include "gk.h"
#include "h225/h225.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct fz {
    h323_ras *ras;
    gk *g;
    uint64_t now;
    uint8_t scratch[32 * 1024];
    uint8_t pending[8][GK_MAX_DATAGRAM];   /* sent by the client, not yet given to the emulator */
    size_t pending_len[8], npending;
    bool deliver;
} fz;

static const h323_addr EP_RAS = { 4, { 192, 0, 2, 1 }, 1719 };
static const h323_addr STRANGER = { 4, { 198, 51, 100, 7 }, 1719 };
static const uint8_t CALL_ID[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const uint8_t CONF_ID[16] = { 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };

static int on_send(void *ctx, const h323_addr *to, const uint8_t *p, size_t n)
{
    fz *f = ctx;
    (void)to;
    static uint8_t mem[64 * 1024];
    per_arena a;
    h225_ras_message m;
    per_arena_init(&a, mem, sizeof mem);
    if (h225_decode_ras(p, n, &m, &a, NULL) != 0) abort();   /* the client sent something malformed */
    if (f->deliver && f->npending < 8 && n <= GK_MAX_DATAGRAM) {
        memcpy(f->pending[f->npending], p, n);
        f->pending_len[f->npending++] = n;
    }
    return 0;
}

static void on_event(void *ctx, const h323_ras_event *e)
{
    (void)ctx;
    switch (e->type) {
    case H323_RAS_EV_REGISTERED: case H323_RAS_EV_REG_FAILED: case H323_RAS_EV_UNREGISTERED:
        if (!e->u.reg.gatekeeper_id || !e->u.reg.endpoint_id) abort();
        if (strlen(e->u.reg.gatekeeper_id) > 3 * 128 || strlen(e->u.reg.endpoint_id) > 3 * 128) abort();
        break;
    case H323_RAS_EV_LOG:
        if (!e->u.text) abort();
        break;
    default:
        break;
    }
}

/* Gives the client's datagrams to the emulator and its answers back, until quiet. */
static void pump(fz *f)
{
    for (int rounds = 0; rounds < 16 && f->npending; rounds++) {
        uint8_t d[GK_MAX_DATAGRAM];
        size_t n = f->pending_len[0];
        memcpy(d, f->pending[0], n);
        memmove(f->pending[0], f->pending[1], (f->npending - 1) * sizeof f->pending[0]);
        memmove(f->pending_len, f->pending_len + 1, (f->npending - 1) * sizeof f->pending_len[0]);
        f->npending--;
        gk_out out;
        gk_input(f->g, &EP_RAS, d, n, f->now, &out);
        for (size_t i = 0; i < out.n; i++) h323_ras_input(f->ras, &gk_cfg(f->g)->ras_addr, out.d[i].data, out.d[i].len, f->now);
    }
}

static void bring_to(fz *f, unsigned state)
{
    uint32_t token;
    f->deliver = state >= 2;
    h323_ras_start(f->ras, f->now);
    pump(f);
    if (state < 2) return;
    h323_ras_admit(f->ras, 0x1234, CALL_ID, CONF_ID, false, "5551234", NULL, 1280, f->now, &token);
    pump(f);
    f->deliver = false;
    if (state == 3) {
        f->now = 51000;
        h323_ras_tick(f->ras, f->now);
        h323_ras_admit(f->ras, 0x1235, CONF_ID, CALL_ID, true, NULL, &EP_RAS, 640, f->now, &token);
    } else if (state == 4) {
        h323_ras_stop(f->ras, f->now);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    fz *f = calloc(1, sizeof *f);
    if (!f) return 0;
    gk_config gc = gk_config_default();
    gc.ttl_s = 60;
    gc.routes[0] = (gk_route){ "5551234", { 4, { 192, 0, 2, 20 }, 1720 } };
    gc.nroutes = 1;
    f->g = gk_new(&gc);
    unsigned state = data[0] % 5;
    h323_ras_config c = {
        .mode = state == 0 ? H323_GK_DISCOVER : H323_GK_ADDRESS, .gk_addr = gc.ras_addr, .ras_addr = EP_RAS,
        .signal_addr = { 4, { 192, 0, 2, 1 }, 1720 }, .h323_id = "alice", .e164 = "1001", .ttl_s = 60,
        .timeout_ms = 3000, .retries = 2, .scratch = f->scratch, .scratch_size = sizeof f->scratch,
    };
    h323_ras_ops ops = { on_send, on_event };
    f->ras = h323_ras_new(&c, &ops, f);
    if (!f->g || !f->ras) abort();
    bring_to(f, state);

    size_t at = 1;
    while (at + 3 <= size) {
        uint8_t flags = data[at];
        size_t n = (size_t)data[at + 1] << 8 | data[at + 2];
        at += 3;
        if (n > size - at) n = size - at;
        uint8_t *copy = malloc(n ? n : 1);   /* exact size: reads past the end are seen */
        if (n) memcpy(copy, data + at, n);
        h323_ras_input(f->ras, flags & 1 ? &STRANGER : &gk_cfg(f->g)->ras_addr, copy, n, f->now);
        free(copy);
        at += n;
        f->now += (uint64_t)(flags >> 1) * 250;
        h323_ras_tick(f->ras, f->now);
        (void)h323_ras_registered(f->ras);
        if (h323_ras_next_deadline(f->ras) < f->now) abort();   /* tick ran everything due */
    }
    h323_ras_free(f->ras);
    gk_free(f->g);
    free(f);
    return 0;
}
