/*
 * tests/unit/fuzz_h323_engine.c - libFuzzer target for the H.323 call signalling engine
 * (tsp-h323/engine/h323.h): arbitrary octets as the TCP data of one connection, with two
 * engines wired back to back in memory (test_h323_engine_net.h).
 *
 * Input: octet 0 picks where the octets arrive (mod 4):
 *   0  a new connection on the call signalling listener (what a Setup would start);
 *   1  the callee's call signalling connection of an established call (tunnelled H.245);
 *   2  the caller's one;
 *   3  the callee's separate H.245 connection (the callee does not tunnel);
 * octet 1 seeds the chunk sizes; the rest is the stream. In modes 1-3 a second call
 * between the same engines must stay connected whatever happens to the first; then the
 * clock runs 200 s (every timer) and everything is released and freed (ASan: no leak).
 * Seeds: tests/unit/corpus/fuzz_h323_engine/ (the messages of real calls).
 *
 *   make build/fuzz/fuzz_h323_engine &&
 *   build/fuzz/fuzz_h323_engine -max_total_time=20 build/fuzz/c-engine tests/unit/corpus/fuzz_h323_engine
 */
#include "test_h323_engine_net.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum h323_call_state state_of(const h323_call *c)
{
    h323_call_info i;
    h323_call_info_get(c, &i);
    return i.state;
}

static h323_call *call(tn *n, uint32_t flags)
{
    h323_call_params p = { .dest_alias = "bob", .dest_addr = n->ep[1].addr, .media = n->ep[0].media,
                           .flags = flags };
    h323_call *c = NULL;
    if (h323_call_make(n->ep[0].ep, &p, NULL, n->now, &c))
        abort();
    tn_pump(n);
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int mode = data[0] % 4;
    uint32_t seed = data[1] * 2654435761u + 1;
    data += 2;
    size -= 2;

    static tn n;
    tn_init(&n);
    h323_config c1;
    tn_config(&c1, 1);
    c1.tunnelling = mode != 3;
    tn_add(&n, 0, NULL);
    tn_add(&n, 1, &c1);
    n.ep[0].quiet = n.ep[1].quiet = true;
    n.ep[1].policy = TN_ANSWER;
    h323_call *a = NULL, *b = NULL, *a_in = NULL, *b_in = NULL;
    uint32_t conn = 0;
    if (mode == 0) {
        tn_add_sink(&n, 2);
        conn = tn_sink_connect(&n, 2, 1);
        tn_pump(&n);
    } else {
        a = call(&n, H323_CALL_NO_FAST_START);
        a_in = n.ep[1].incoming;
        b = call(&n, H323_CALL_NO_FAST_START);
        b_in = n.ep[1].incoming;
        if (!a_in || !b_in || state_of(b) != H323_CS_CONNECTED)
            abort();
        /* ep0's and ep1's ends of call a's connections, in the order they were made:
         * signalling (ep0, ep1), then for mode 3 the H.245 one (ep0 connects to ep1) */
        conn = mode == 2 ? n.conn[tn_conn_of(&n, 0, 0)].peer : tn_conn_of(&n, 0, mode == 3 ? 1 : 0);
    }
    size_t off = 0;
    while (off < size && n.conn[conn].used) {
        seed = seed * 1103515245u + 12345u;
        size_t chunk = 1 + (seed >> 16) % 1500;
        if (chunk > size - off)
            chunk = size - off;
        if (mode == 2)
            tn_queue(&n, TN_ACT_DATA, conn, 0, data + off, chunk);   /* to ep0's end */
        else
            tn_inject(&n, conn, data + off, chunk);                  /* to ep1's end */
        tn_pump(&n);
        off += chunk;
    }
    if (b && (state_of(b) != H323_CS_CONNECTED || state_of(b_in) != H323_CS_CONNECTED))
        abort();   /* the other call was hurt */
    tn_advance(&n, 200000);
    h323_call *all[] = { a, a_in, b, b_in, mode == 0 ? n.ep[1].incoming : NULL };
    for (size_t i = 0; i < 5; i++)
        if (all[i] && state_of(all[i]) != H323_CS_RELEASED)
            h323_call_hangup(all[i], 16, n.now);
    tn_pump(&n);
    for (size_t i = 0; i < 5; i++)
        h323_call_free(all[i]);
    tn_free(&n);
    return 0;
}
