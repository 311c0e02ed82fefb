/*
 * tests/unit/fuzz_h323_q931.c - libFuzzer target: random octets into the Q.931 decoder
 * (tsp-h323/q931/q931.h). It must never crash or read past the input, and whatever it
 * accepts must survive the codec's own round trip:
 *  - every octet string it hands back lies inside the input;
 *  - a decoded message (of a type we may send) encodes, the encoding decodes without
 *    dropped or bad IEs, and encoding that again gives the same octets (a canonical form).
 * Seeds: tests/unit/corpus/fuzz_h323_q931/ (the unit-test vectors and the messages of
 * tests/h323/q931-samples).
 *
 *   make build/fuzz/fuzz_h323_q931 &&
 *   build/fuzz/fuzz_h323_q931 -max_total_time=20 tests/unit/corpus/fuzz_h323_q931
 */
#include "q931/q931.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *lo, *hi;

/* Reads every octet of o (so ASan sees a bad pointer) and checks it lies in the input. */
static unsigned touch(q931_octets o)
{
    if (!o.len)
        return 0;
    if (o.data < lo || o.data + o.len > hi)
        abort();
    unsigned s = 0;
    for (size_t i = 0; i < o.len; i++)
        s += o.data[i];
    return s;
}

static unsigned touch_all(const q931_message *m)
{
    unsigned s = touch(m->bearer.layer1_more) + touch(m->bearer.layers23) +
                 touch(m->cause.diagnostics) + touch(m->channel_id) + touch(m->notification.more) +
                 touch(m->display) + touch(m->keypad) + touch(m->calling.digits) +
                 touch(m->called.digits) + touch(m->user_user.contents);
    if (m->num_other > Q931_MAX_OTHER || m->num_progress > Q931_MAX_PROGRESS)
        abort();
    for (size_t i = 0; i < m->num_other; i++)
        s += touch(m->other[i].contents);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    q931_message m;
    lo = data;
    hi = data + size;
    if (q931_decode(&m, data, size) != 0)
        return 0;
    volatile unsigned sink = touch_all(&m);
    (void)sink;
    if (m.type & 0x80)
        return 0;                      /* decodes (Q.931 5.8.4), but is never sent */

    /* Non-locking shifts added per kept IE at most double the size. */
    size_t cap = 2 * size + 16;
    uint8_t *a = malloc(cap), *b = malloc(cap);
    if (!a || !b)
        abort();
    int na = q931_encode(&m, a, cap);
    if (na < 0)
        abort();
    q931_message d;
    lo = a;
    hi = a + na;
    if (q931_decode(&d, a, (size_t)na) != 0 || d.bad || d.ignored || d.present != m.present ||
        d.num_other != m.num_other || d.type != m.type || d.call_ref != m.call_ref)
        abort();
    int nb = q931_encode(&d, b, cap);
    if (nb != na || memcmp(a, b, (size_t)na) != 0)
        abort();
    free(a);
    free(b);
    return 0;
}
