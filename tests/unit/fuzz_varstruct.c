/* libFuzzer target for sdk/include/tspkit/varstruct.h: random bytes as a
 * LINECALLPARAMS and a LINEFORWARDLIST for the readers, and as a script for
 * the writer filling a random-size buffer with guard bytes around it.
 *
 *   clang -std=c11 -g -fsanitize=fuzzer,address,undefined -Isdk/include \
 *         tests/unit/fuzz_varstruct.c -o build/fuzz_varstruct
 *   build/fuzz_varstruct -max_total_time=30
 */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/varstruct.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GUARD 0xA5
#define GUARD_LEN 64

static DWORD take_dword(const uint8_t **data, size_t *size)
{
    DWORD v = 0;
    size_t n = *size < 4 ? *size : 4;
    memcpy(&v, *data, n);
    *data += n;
    *size -= n;
    return v;
}

static const DWORD versions[] = {
    TSPK_VERSION_1_3, TSPK_VERSION_1_4, TSPK_VERSION_2_0, TSPK_VERSION_2_1,
    TSPK_VERSION_2_2, TSPK_VERSION_3_0, TSPK_VERSION_3_1,
};

/* Touches every byte a reader handed back, so ASan sees any overrun. */
static unsigned sum(const void *p, size_t n)
{
    const unsigned char *b = p;
    unsigned s = 0;
    while (n--) s += *b++;
    return s;
}

static void check_wstr(const WCHAR *w, const void *base, DWORD total)
{
    const unsigned char *at = (const unsigned char *)w, *lo = base;
    if (!w) return;
    if (at < lo || at + (tspk_wcslen(w) + 1) * sizeof(WCHAR) > lo + total) abort();
}

static void fuzz_readers(const uint8_t *data, size_t size, DWORD version)
{
    /* DWORD-aligned copy whose dwTotalSize is at most its real size. */
    DWORD *copy = calloc(size / 4 + 2, 4);
    DWORD total;
    tspk_callparams cp;
    tspk_forward entries[8];
    DWORD count = 0, i;

    if (!copy) return;
    memcpy(copy, data, size);
    total = copy[0];
    if (total > size) copy[0] = total = (DWORD)size;

    if (tspk_read_callparams((const LINECALLPARAMS *)copy, version, &cp) == 0) {
        check_wstr(cp.orig_address, copy, total);
        check_wstr(cp.displayable_address, copy, total);
        check_wstr(cp.called_party, copy, total);
        check_wstr(cp.comment, copy, total);
        check_wstr(cp.target_address, copy, total);
        check_wstr(cp.device_class, copy, total);
        check_wstr(cp.calling_party_id, copy, total);
        (void)sum(cp.user_user_info.data, cp.user_user_info.size);
        (void)sum(cp.dev_specific.data, cp.dev_specific.size);
        (void)sum(cp.call_data.data, cp.call_data.size);
        (void)sum(cp.device_config.data, cp.device_config.size);
    }
    if (tspk_read_forwardlist((const LINEFORWARDLIST *)copy, version, entries, 8, &count) == 0) {
        if (count > 8) abort();
        for (i = 0; i < count; i++) {
            check_wstr(entries[i].caller_address, copy, total);
            check_wstr(entries[i].dest_address, copy, total);
        }
    }
    free(copy);
}

/* Fills a LINEDEVCAPS of a random dwTotalSize from a script of adds, then
 * checks the invariants and the guard bytes. */
static void fuzz_writer(const uint8_t *data, size_t size, DWORD version)
{
    DWORD fixed = tspk_linedevcaps_size(version);
    DWORD total = (take_dword(&data, &size) % 700);
    unsigned char *mem = malloc((size_t)total + GUARD_LEN + 4);
    LINEDEVCAPS *caps;
    tspk_varbuf vb;
    DWORD *pairs[4][2];
    DWORD needed, used, i;

    if (!mem) return;
    memset(mem, GUARD, (size_t)total + GUARD_LEN + 4);
    memcpy(mem, &total, 4);
    caps = (LINEDEVCAPS *)mem;

    if (tspk_varbuf_begin(&vb, caps, fixed) != 0) {
        for (i = 4; i < total + GUARD_LEN + 4; i++) if (mem[i] != GUARD) abort();
        free(mem);
        return;
    }
    /* Only now are the fields known to lie inside the allocation. */
    pairs[0][0] = &caps->dwProviderInfoSize, pairs[0][1] = &caps->dwProviderInfoOffset;
    pairs[1][0] = &caps->dwSwitchInfoSize, pairs[1][1] = &caps->dwSwitchInfoOffset;
    pairs[2][0] = &caps->dwLineNameSize, pairs[2][1] = &caps->dwLineNameOffset;
    pairs[3][0] = &caps->dwDevSpecificSize, pairs[3][1] = &caps->dwDevSpecificOffset;
    while (size >= 2) {
        unsigned op = data[0] & 3, f = (data[0] >> 2) & 3;
        DWORD len = data[1] * 3u + (data[0] >> 4);
        data += 2;
        size -= 2;
        if (len > size) len = (DWORD)size;
        if (op == 0) {
            /* A NUL-terminated UTF-8 string from the next len bytes. */
            char *s = malloc((size_t)len + 1);
            if (!s) break;
            memcpy(s, data, len);
            s[len] = 0;
            tspk_varbuf_add_wstr(&vb, pairs[f][0], pairs[f][1], s);
            free(s);
        } else if (op == 1) {
            tspk_varbuf_add_bytes(&vb, pairs[f][0], pairs[f][1], data, len, 1u << (len & 3));
        } else if (op == 2) {
            void *p = tspk_varbuf_reserve(&vb, pairs[f][0], pairs[f][1], len, 0);
            if (p) memset(p, 0x3C, len);
        } else {
            tspk_varbuf_reserve(&vb, pairs[f][0], pairs[f][1], 0xFFFFFF00u + len, 0);
        }
        data += len;
        size -= len;
    }
    tspk_varbuf_end(&vb);

    memcpy(&needed, mem + 4, 4);
    memcpy(&used, mem + 8, 4);
    if (used > total || needed < used || used < fixed) abort();
    for (i = 0; i < 4; i++) {
        DWORD sz, off;
        memcpy(&sz, pairs[i][0], 4);
        memcpy(&off, pairs[i][1], 4);
        if (sz && (off < fixed || off > used || sz > used - off)) abort();
        if (!sz && off) abort();
    }
    for (i = total; i < total + GUARD_LEN + 4; i++) if (mem[i] != GUARD) abort();
    free(mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DWORD version;
    if (size < 1) return 0;
    version = versions[data[0] % (sizeof(versions) / sizeof(versions[0]))];
    fuzz_readers(data + 1, size - 1, version);
    fuzz_writer(data + 1, size - 1, version);
    return 0;
}
