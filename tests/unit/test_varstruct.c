/* Unit tests for sdk/include/tspkit/varstruct.h: the writer's exact TAPI
 * semantics (needed/used, partial fill, guard bytes), fixed sizes by version,
 * and the readers against hostile LINECALLPARAMS / LINEFORWARDLIST. */
#define TSPKIT_IMPLEMENTATION
#include <tspkit/varstruct.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define GUARD 0xA5
#define BUFSZ 1024

/* DWORD-aligned scratch memory, as TAPISRV hands structures to providers. */
typedef union {
    DWORD align;
    unsigned char b[BUFSZ];
} buffer;

/* Fills buf with the guard pattern and declares total bytes of it. */
static void *prepare(buffer *buf, DWORD total)
{
    memset(buf->b, GUARD, sizeof(buf->b));
    memcpy(buf->b, &total, sizeof(total));
    return buf->b;
}

static void assert_guard_from(const buffer *buf, size_t from)
{
    size_t i;
    for (i = from; i < sizeof(buf->b); i++) {
        if (buf->b[i] != GUARD) fail_msg("byte %zu past dwTotalSize changed to %#x", i, buf->b[i]);
    }
}

/* The invariants every filled structure keeps, for one (size, offset) field. */
static void assert_field_ok(const void *s, DWORD size, DWORD off)
{
    DWORD total, needed, used;
    memcpy(&total, s, 4);
    memcpy(&needed, (const char *)s + 4, 4);
    memcpy(&used, (const char *)s + 8, 4);
    assert_true(used <= total);
    assert_true(needed >= used);
    if (size) {
        assert_true(off >= 12);
        assert_true(off <= used && size <= used - off);
        assert_int_equal(off % 4, 0);
    } else {
        assert_int_equal(off, 0);
    }
}

/* ---- Writer: begin ---- */

static void test_begin_errors(void **state)
{
    buffer buf;
    tspk_varbuf vb;
    VARSTRING *vs;
    (void)state;

    assert_int_equal(tspk_varbuf_begin(&vb, NULL, sizeof(VARSTRING)), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_varbuf_end(&vb), (LONG)LINEERR_INVALPOINTER);
    vs = prepare(&buf, 64);
    assert_int_equal(tspk_varbuf_begin(&vb, vs, 11), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_varbuf_begin(NULL, vs, sizeof(VARSTRING)), (LONG)LINEERR_INVALPOINTER);

    /* dwTotalSize below the fixed part: nothing written at all. */
    vs = prepare(&buf, sizeof(VARSTRING) - 1);
    assert_int_equal(tspk_varbuf_begin(&vb, vs, sizeof(VARSTRING)), (LONG)LINEERR_STRUCTURETOOSMALL);
    assert_int_equal(tspk_varbuf_end(&vb), (LONG)LINEERR_STRUCTURETOOSMALL);
    assert_guard_from(&buf, 4);
    assert_int_equal(vs->dwTotalSize, sizeof(VARSTRING) - 1);
}

static void test_begin_zeroes_fixed_part_only(void **state)
{
    buffer buf;
    tspk_varbuf vb;
    LINEDEVCAPS *caps = prepare(&buf, 400);
    DWORD fixed = tspk_linedevcaps_size(TSPK_VERSION_2_0);
    size_t i;
    (void)state;

    assert_int_equal(tspk_varbuf_begin(&vb, caps, fixed), 0);
    assert_int_equal(caps->dwTotalSize, 400);
    for (i = 4; i < fixed; i++) assert_int_equal(buf.b[i], 0);
    /* Version 2.0: PermanentLineGuid (2.2) is not part of the structure. */
    assert_int_equal(buf.b[fixed], GUARD);
    assert_int_equal(tspk_varbuf_end(&vb), 0);
    assert_int_equal(caps->dwNeededSize, fixed);
    assert_int_equal(caps->dwUsedSize, fixed);
    assert_guard_from(&buf, fixed);
}

/* ---- Writer: one string into VARSTRING at three buffer sizes ---- */

/* "abc" is 4 WCHARs with the NUL: 8 bytes at offset 24. */
static LONG fill_varstring(buffer *buf, DWORD total)
{
    tspk_varbuf vb;
    VARSTRING *vs = prepare(buf, total);
    LONG rc = tspk_varbuf_begin(&vb, vs, tspk_varstring_size(TSPK_VERSION_3_1));
    if (rc) return rc;
    vs->dwStringFormat = STRINGFORMAT_UNICODE;
    rc = tspk_varbuf_add_wstr(&vb, &vs->dwStringSize, &vs->dwStringOffset, "abc");
    if (rc) return rc;
    return tspk_varbuf_end(&vb);
}

static void test_varstring_tiny(void **state)
{
    buffer buf;
    VARSTRING *vs = (VARSTRING *)buf.b;
    (void)state;
    assert_int_equal(fill_varstring(&buf, 24), 0);
    assert_int_equal(vs->dwNeededSize, 32);
    assert_int_equal(vs->dwUsedSize, 24);
    assert_int_equal(vs->dwStringSize, 0);
    assert_int_equal(vs->dwStringOffset, 0);
    assert_int_equal(vs->dwStringFormat, STRINGFORMAT_UNICODE);
    assert_guard_from(&buf, 24);
}

static void test_varstring_exact(void **state)
{
    static const WCHAR abc[] = { 'a', 'b', 'c', 0 };
    buffer buf;
    VARSTRING *vs = (VARSTRING *)buf.b;
    (void)state;
    assert_int_equal(fill_varstring(&buf, 32), 0);
    assert_int_equal(vs->dwNeededSize, 32);
    assert_int_equal(vs->dwUsedSize, 32);
    assert_int_equal(vs->dwStringSize, 8);
    assert_int_equal(vs->dwStringOffset, 24);
    assert_memory_equal(buf.b + 24, abc, 8);
    assert_field_ok(vs, vs->dwStringSize, vs->dwStringOffset);
    assert_guard_from(&buf, 32);
}

static void test_varstring_one_byte_short(void **state)
{
    buffer buf;
    VARSTRING *vs = (VARSTRING *)buf.b;
    (void)state;
    assert_int_equal(fill_varstring(&buf, 31), 0);
    assert_int_equal(vs->dwNeededSize, 32);
    assert_int_equal(vs->dwUsedSize, 24);
    assert_int_equal(vs->dwStringSize, 0);
    assert_int_equal(vs->dwStringOffset, 0);
    assert_guard_from(&buf, 31);
}

/* ---- Writer: several fields ---- */

/* LINEDEVCAPS 3.0 (292 bytes fixed): a 22-byte provider string that may not
 * fit, then a 4-byte line name, then 1 byte of device-specific data. */
static void fill_devcaps(buffer *buf, DWORD total)
{
    tspk_varbuf vb;
    LINEDEVCAPS *caps = prepare(buf, total);
    static const unsigned char dev = 0x7E;

    assert_int_equal(tspk_varbuf_begin(&vb, caps, tspk_linedevcaps_size(TSPK_VERSION_3_0)), 0);
    assert_int_equal(tspk_varbuf_add_wstr(&vb, &caps->dwProviderInfoSize,
                                          &caps->dwProviderInfoOffset, "0123456789"), 0);
    assert_int_equal(tspk_varbuf_add_wstr(&vb, &caps->dwLineNameSize, &caps->dwLineNameOffset,
                                          "L"), 0);
    assert_int_equal(tspk_varbuf_add_bytes(&vb, &caps->dwDevSpecificSize,
                                           &caps->dwDevSpecificOffset, &dev, 1, 0), 0);
    assert_int_equal(tspk_varbuf_end(&vb), 0);
    assert_field_ok(caps, caps->dwProviderInfoSize, caps->dwProviderInfoOffset);
    assert_field_ok(caps, caps->dwLineNameSize, caps->dwLineNameOffset);
    assert_field_ok(caps, caps->dwDevSpecificSize, caps->dwDevSpecificOffset);
    assert_guard_from(buf, total);
}

static void test_later_smaller_field_still_fits(void **state)
{
    buffer buf;
    LINEDEVCAPS *caps = (LINEDEVCAPS *)buf.b;
    (void)state;

    /* Room for 10 bytes: the provider string (22) is dropped, the name (4)
     * and the byte go in. needed: 292+22=314, name at 316..320, byte 320..321. */
    fill_devcaps(&buf, 292 + 10);
    assert_int_equal(caps->dwProviderInfoSize, 0);
    assert_int_equal(caps->dwProviderInfoOffset, 0);
    assert_int_equal(caps->dwLineNameSize, 4);
    assert_int_equal(caps->dwLineNameOffset, 292);
    assert_int_equal(buf.b[292], 'L');
    assert_int_equal(caps->dwDevSpecificSize, 1);
    assert_int_equal(caps->dwDevSpecificOffset, 296);
    assert_int_equal(buf.b[296], 0x7E);
    assert_int_equal(caps->dwUsedSize, 297);
    assert_int_equal(caps->dwNeededSize, 321);

    /* Reallocated with dwNeededSize: everything fits, exactly. */
    fill_devcaps(&buf, 321);
    assert_int_equal(caps->dwProviderInfoSize, 22);
    assert_int_equal(caps->dwProviderInfoOffset, 292);
    assert_int_equal(caps->dwLineNameOffset, 316);
    assert_int_equal(caps->dwDevSpecificOffset, 320);
    assert_int_equal(caps->dwUsedSize, 321);
    assert_int_equal(caps->dwNeededSize, 321);
    /* The padding between the string and the name is zeroed. */
    assert_int_equal(buf.b[314], 0);
    assert_int_equal(buf.b[315], 0);

    /* One byte short of that: the last byte is dropped, nothing else. */
    fill_devcaps(&buf, 320);
    assert_int_equal(caps->dwProviderInfoSize, 22);
    assert_int_equal(caps->dwLineNameSize, 4);
    assert_int_equal(caps->dwDevSpecificSize, 0);
    assert_int_equal(caps->dwUsedSize, 320);
    assert_int_equal(caps->dwNeededSize, 321);
}

static void test_alignment_and_reserve(void **state)
{
    buffer buf;
    tspk_varbuf vb;
    LINECALLINFO *ci = prepare(&buf, 600);
    DWORD fixed = tspk_linecallinfo_size(TSPK_VERSION_3_0);
    unsigned char *p;
    (void)state;

    assert_int_equal(fixed % 8, 0);
    assert_int_equal(tspk_varbuf_begin(&vb, ci, fixed), 0);
    assert_int_equal(tspk_varbuf_add_bytes(&vb, &ci->dwUserUserInfoSize, &ci->dwUserUserInfoOffset,
                                           "xyz", 3, 1), 0);
    assert_int_equal(ci->dwUserUserInfoOffset, fixed);
    p = tspk_varbuf_reserve(&vb, &ci->dwDevSpecificSize, &ci->dwDevSpecificOffset, 16, 8);
    assert_non_null(p);
    assert_int_equal(ci->dwDevSpecificOffset, fixed + 8);
    assert_ptr_equal(p, buf.b + fixed + 8);
    memset(p, 0x11, 16);
    /* Zero-length reservation: empty field, no pointer, not an error. */
    assert_null(tspk_varbuf_reserve(&vb, &ci->dwCallDataSize, &ci->dwCallDataOffset, 0, 0));
    assert_int_equal(ci->dwCallDataSize, 0);
    assert_int_equal(tspk_varbuf_end(&vb), 0);
    assert_int_equal(ci->dwUsedSize, fixed + 24);
    assert_int_equal(ci->dwNeededSize, fixed + 24);
    /* Padding after "xyz" is zero, not the caller's old bytes. */
    assert_memory_equal(buf.b + fixed + 3, "\0\0\0\0\0", 5);
}

static void test_strings(void **state)
{
    static const WCHAR wide[] = { 'c', 'o', 'm', 'm', 0 };
    static const WCHAR fffd_x[] = { 0xFFFD, 'x', 0 };
    buffer buf;
    tspk_varbuf vb;
    LINEDEVCAPS *caps = prepare(&buf, 400);
    (void)state;

    assert_int_equal(tspk_varbuf_begin(&vb, caps, tspk_linedevcaps_size(TSPK_VERSION_2_0)), 0);
    assert_int_equal(tspk_varbuf_add_wstr(&vb, &caps->dwProviderInfoSize,
                                          &caps->dwProviderInfoOffset, NULL), 0);
    assert_int_equal(caps->dwProviderInfoSize, 0);
    assert_int_equal(tspk_varbuf_add_wstr(&vb, &caps->dwSwitchInfoSize,
                                          &caps->dwSwitchInfoOffset, ""), 0);
    assert_int_equal(caps->dwSwitchInfoSize, 2);
    assert_int_equal(tspk_varbuf_add_wstr16(&vb, &caps->dwLineNameSize, &caps->dwLineNameOffset,
                                            wide), 0);
    assert_int_equal(caps->dwLineNameSize, 10);
    assert_memory_equal(buf.b + caps->dwLineNameOffset, wide, 10);
    assert_int_equal(tspk_varbuf_add_wstr(&vb, &caps->dwTerminalTextSize,
                                          &caps->dwTerminalTextOffset, "\xC0x"), 0);
    assert_int_equal(caps->dwTerminalTextSize, 6);
    assert_memory_equal(buf.b + caps->dwTerminalTextOffset, fffd_x, 6);
    assert_int_equal(tspk_varbuf_add_wstr16(&vb, &caps->dwDevSpecificSize,
                                            &caps->dwDevSpecificOffset, NULL), 0);
    assert_int_equal(caps->dwDevSpecificSize, 0);
    assert_int_equal(tspk_varbuf_end(&vb), 0);
    /* 252 + 2, pad to 256 + 10, pad to 268 + 6. */
    assert_int_equal(caps->dwUsedSize, 274);
    assert_int_equal(caps->dwNeededSize, 274);
}

static void test_misuse_is_sticky(void **state)
{
    buffer buf;
    tspk_varbuf vb;
    VARSTRING *vs = prepare(&buf, 200);
    DWORD outside = 0;
    (void)state;

    assert_int_equal(tspk_varbuf_begin(&vb, vs, sizeof(VARSTRING)), 0);
    /* A field pointer that is not in the fixed part. */
    assert_int_equal(tspk_varbuf_add_bytes(&vb, &outside, &vs->dwStringOffset, "a", 1, 0),
                     (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_varbuf_add_bytes(&vb, &vs->dwStringSize, &vs->dwStringOffset, "a", 1, 0),
                     (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_varbuf_end(&vb), (LONG)LINEERR_INVALPOINTER);

    vs = prepare(&buf, 200);
    assert_int_equal(tspk_varbuf_begin(&vb, vs, sizeof(VARSTRING)), 0);
    /* dwNeededSize is not a variable field. */
    assert_int_equal(tspk_varbuf_add_bytes(&vb, &vs->dwNeededSize, &vs->dwStringOffset, "a", 1, 0),
                     (LONG)LINEERR_INVALPOINTER);

    vs = prepare(&buf, 200);
    assert_int_equal(tspk_varbuf_begin(&vb, vs, sizeof(VARSTRING)), 0);
    assert_int_equal(tspk_varbuf_add_bytes(&vb, &vs->dwStringSize, &vs->dwStringOffset, "a", 1, 3),
                     (LONG)LINEERR_INVALPARAM);
    assert_int_equal(tspk_varbuf_end(&vb), (LONG)LINEERR_INVALPARAM);

    vs = prepare(&buf, 200);
    assert_int_equal(tspk_varbuf_begin(&vb, vs, sizeof(VARSTRING)), 0);
    assert_int_equal(tspk_varbuf_add_bytes(&vb, &vs->dwStringSize, &vs->dwStringOffset, NULL, 1, 0),
                     (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_varbuf_add_bytes(NULL, &vs->dwStringSize, &vs->dwStringOffset, "a", 1, 0),
                     (LONG)LINEERR_INVALPOINTER);
    assert_guard_from(&buf, 200);
}

static void test_huge_sizes(void **state)
{
    buffer buf;
    tspk_varbuf vb;
    LINEDEVCAPS *caps = prepare(&buf, 400);
    DWORD fixed = tspk_linedevcaps_size(TSPK_VERSION_3_0);
    (void)state;

    /* Too big to fit, but needed is still representable. */
    assert_int_equal(tspk_varbuf_begin(&vb, caps, fixed), 0);
    assert_null(tspk_varbuf_reserve(&vb, &caps->dwDevSpecificSize, &caps->dwDevSpecificOffset,
                                    0xFFFFF000u, 0));
    assert_int_equal(tspk_varbuf_end(&vb), 0);
    assert_int_equal(caps->dwNeededSize, fixed + 0xFFFFF000u);
    assert_int_equal(caps->dwUsedSize, fixed);
    assert_int_equal(caps->dwDevSpecificSize, 0);

    /* needed would wrap: LINEERR_NOMEM, needed saturates, nothing written. */
    caps = prepare(&buf, 400);
    assert_int_equal(tspk_varbuf_begin(&vb, caps, fixed), 0);
    assert_null(tspk_varbuf_reserve(&vb, &caps->dwDevSpecificSize, &caps->dwDevSpecificOffset,
                                    0xFFFFFFF0u, 0));
    assert_int_equal(tspk_varbuf_end(&vb), (LONG)LINEERR_NOMEM);
    assert_int_equal(caps->dwNeededSize, 0xFFFFFFFFu);
    assert_int_equal(caps->dwUsedSize, fixed);
    assert_guard_from(&buf, 400);
}

/* ---- Fixed sizes ---- */

static void test_fixed_sizes(void **state)
{
    (void)state;
    /* LINEDEVCAPS: 1.4 dwLineFeatures, 2.0 +3 DWORDs, 2.2 GUID, 3.0 +24 bytes. */
    assert_int_equal(tspk_linedevcaps_size(TSPK_VERSION_1_3), 236);
    assert_int_equal(tspk_linedevcaps_size(TSPK_VERSION_1_4), 240);
    assert_int_equal(tspk_linedevcaps_size(TSPK_VERSION_2_0), 252);
    assert_int_equal(tspk_linedevcaps_size(TSPK_VERSION_2_1), 252);
    assert_int_equal(tspk_linedevcaps_size(TSPK_VERSION_2_2), 268);
    assert_int_equal(tspk_linedevcaps_size(TSPK_VERSION_3_0), 292);
    assert_int_equal(tspk_linedevcaps_size(TSPK_VERSION_3_1), sizeof(LINEDEVCAPS));
    assert_int_equal(tspk_lineaddresscaps_size(TSPK_VERSION_1_3), 176);
    assert_int_equal(tspk_lineaddresscaps_size(TSPK_VERSION_1_4), 180);
    assert_int_equal(tspk_lineaddresscaps_size(TSPK_VERSION_2_0), 228);
    assert_int_equal(tspk_lineaddresscaps_size(TSPK_VERSION_3_1), sizeof(LINEADDRESSCAPS));
    assert_int_equal(tspk_linecallinfo_size(TSPK_VERSION_1_4), 296);
    assert_int_equal(tspk_linecallinfo_size(TSPK_VERSION_2_2), 324);
    assert_int_equal(tspk_linecallinfo_size(TSPK_VERSION_3_0), 344);
    assert_int_equal(tspk_linecallinfo_size(TSPK_VERSION_3_1), sizeof(LINECALLINFO));
    assert_int_equal(tspk_linecallstatus_size(TSPK_VERSION_1_4), 36);
    assert_int_equal(tspk_linecallstatus_size(TSPK_VERSION_2_0), 56);
    assert_int_equal(tspk_linedevstatus_size(TSPK_VERSION_1_4), 76);
    assert_int_equal(tspk_linedevstatus_size(TSPK_VERSION_2_0), 88);
    assert_int_equal(tspk_lineaddressstatus_size(TSPK_VERSION_1_3), 64);
    assert_int_equal(tspk_lineaddressstatus_size(TSPK_VERSION_3_1), 64);
    assert_int_equal(tspk_linecallparams_size(TSPK_VERSION_1_4), 112);
    assert_int_equal(tspk_linecallparams_size(TSPK_VERSION_2_2), 176);
    assert_int_equal(tspk_linecallparams_size(TSPK_VERSION_3_0), 180);
    assert_int_equal(tspk_lineforward_size(TSPK_VERSION_3_0), 24);
    assert_int_equal(tspk_lineforward_size(TSPK_VERSION_3_1), 32);
    assert_int_equal(tspk_phonecaps_size(TSPK_VERSION_1_4), 144);
    assert_int_equal(tspk_phonecaps_size(TSPK_VERSION_2_0), 180);
    assert_int_equal(tspk_phonecaps_size(TSPK_VERSION_2_2), 196);
    assert_int_equal(tspk_phonestatus_size(TSPK_VERSION_1_4), 100);
    assert_int_equal(tspk_phonestatus_size(TSPK_VERSION_2_0), 104);
    /* PHONEBUTTONINFO: 1.4 added dwButtonState; mingw-w64's sizeof is 40 (tests/abi). */
    assert_int_equal(tspk_phonebuttoninfo_size(TSPK_VERSION_1_3), 36);
    assert_int_equal(tspk_phonebuttoninfo_size(TSPK_VERSION_1_4), 40);
    assert_int_equal(tspk_phonebuttoninfo_size(TSPK_VERSION_3_1), sizeof(PHONEBUTTONINFO));
    assert_int_equal(tspk_phonebuttoninfo_size(TSPK_VERSION_1_3), offsetof(PHONEBUTTONINFO, dwButtonState));
    assert_int_equal(tspk_varstring_size(TSPK_VERSION_1_3), 24);
}

/* ---- Readers: generic ---- */

static void test_var_field(void **state)
{
    static const DWORD s[8] = { 32, 0, 0, 0, 0, 0, 0, 0 };
    const void *p;
    const WCHAR *w;
    (void)state;
    assert_int_equal(tspk_var_field(s, 32, 12, 12, 20, &p), 1);
    assert_ptr_equal(p, (const char *)s + 12);
    assert_int_equal(tspk_var_field(s, 32, 12, 11, 4, &p), 0);   /* into the fixed part */
    assert_null(p);
    assert_int_equal(tspk_var_field(s, 32, 12, 12, 21, &p), 0);  /* one byte past the end */
    assert_int_equal(tspk_var_field(s, 32, 12, 33, 1, &p), 0);
    assert_int_equal(tspk_var_field(s, 32, 12, 0xFFFFFFF0u, 0x20, &p), 0);  /* wraps */
    assert_int_equal(tspk_var_field(s, 32, 12, 16, 0xFFFFFFFFu, &p), 0);
    assert_int_equal(tspk_var_field(s, 32, 12, 0xFFFFFFFFu, 0, &p), 1);     /* size 0: offset ignored */
    assert_null(p);
    assert_int_equal(tspk_var_wstr(s, 32, 12, 12, 4, &w), 1);    /* zeros are an empty string */
    assert_int_equal(tspk_var_wstr(s, 32, 12, 12, 3, &w), 0);
    assert_int_equal(tspk_var_wstr(s, 32, 12, 13, 2, &w), 0);
}

/* ---- Readers: LINECALLPARAMS ---- */

/* Places a string or bytes at off in buf and points the pair at it. */
static void put(buffer *buf, DWORD *size_field, DWORD *off_field, DWORD off, const void *data,
                DWORD size)
{
    memcpy(buf->b + off, data, size);
    *size_field = size;
    *off_field = off;
}

static const WCHAR w_orig[] = { '1', '0', '1', 0 };
static const WCHAR w_class[] = { 'c', 'o', 'm', 'm', 0 };

static LINECALLPARAMS *good_callparams(buffer *buf)
{
    LINECALLPARAMS *p;
    memset(buf->b, 0, sizeof(buf->b));
    p = (LINECALLPARAMS *)buf->b;
    p->dwTotalSize = 300;
    p->dwBearerMode = LINEBEARERMODE_VOICE;
    p->dwMediaMode = LINEMEDIAMODE_INTERACTIVEVOICE;
    p->dwAddressID = 2;
    p->DialParams.dwDialPause = 7;
    put(buf, &p->dwOrigAddressSize, &p->dwOrigAddressOffset, 180, w_orig, sizeof(w_orig));
    put(buf, &p->dwUserUserInfoSize, &p->dwUserUserInfoOffset, 188, "uui", 3);
    put(buf, &p->dwDeviceClassSize, &p->dwDeviceClassOffset, 192, w_class, sizeof(w_class));
    put(buf, &p->dwCallDataSize, &p->dwCallDataOffset, 290, "0123456789", 10);  /* up to the end */
    p->dwNoAnswerTimeout = 30;
    p->dwAddressType = LINEADDRESSTYPE_PHONENUMBER;
    return p;
}

static void test_callparams_good(void **state)
{
    buffer buf;
    tspk_callparams cp;
    LINECALLPARAMS *p = good_callparams(&buf);
    (void)state;

    assert_int_equal(tspk_read_callparams(p, TSPK_VERSION_3_0, &cp), 0);
    assert_int_equal(cp.bearer_mode, LINEBEARERMODE_VOICE);
    assert_int_equal(cp.address_id, 2);
    assert_int_equal(cp.dial_params.dwDialPause, 7);
    assert_ptr_equal(cp.orig_address, buf.b + 180);
    assert_int_equal(tspk_wcscmp(cp.orig_address, w_orig), 0);
    assert_null(cp.called_party);
    assert_ptr_equal(cp.user_user_info.data, buf.b + 188);
    assert_int_equal(cp.user_user_info.size, 3);
    assert_null(cp.dev_specific.data);
    assert_int_equal(cp.dev_specific.size, 0);
    assert_int_equal(tspk_wcscmp(cp.device_class, w_class), 0);
    assert_int_equal(cp.call_data.size, 10);
    assert_int_equal(cp.no_answer_timeout, 30);
    assert_int_equal(cp.address_type, LINEADDRESSTYPE_PHONENUMBER);

    /* At 1.4 the 2.0 members are not part of the structure: not read. */
    p->dwTargetAddressOffset = 0xFFFFFFF0u;
    p->dwTargetAddressSize = 0x20;
    assert_int_equal(tspk_read_callparams(p, TSPK_VERSION_1_4, &cp), 0);
    assert_null(cp.device_class);
    assert_int_equal(cp.no_answer_timeout, 0);
    assert_int_equal(cp.address_type, 0);
    assert_non_null(cp.orig_address);
    /* At 2.0 they are, and the bad one is caught. */
    assert_int_equal(tspk_read_callparams(p, TSPK_VERSION_2_0, &cp), (LONG)LINEERR_INVALCALLPARAMS);

    /* NULL: defaults. */
    memset(&cp, 0x5A, sizeof(cp));
    assert_int_equal(tspk_read_callparams(NULL, TSPK_VERSION_3_0, &cp), 0);
    assert_int_equal(cp.bearer_mode, 0);
    assert_null(cp.orig_address);
    assert_int_equal(tspk_read_callparams(p, TSPK_VERSION_3_0, NULL), (LONG)LINEERR_INVALPOINTER);
}

static void test_callparams_too_small(void **state)
{
    static const struct { DWORD version, fixed; } v[] = {
        { TSPK_VERSION_1_3, 112 }, { TSPK_VERSION_1_4, 112 }, { TSPK_VERSION_2_0, 176 },
        { TSPK_VERSION_2_2, 176 }, { TSPK_VERSION_3_0, 180 }, { TSPK_VERSION_3_1, 180 },
    };
    buffer buf;
    tspk_callparams cp;
    LINECALLPARAMS *p = (LINECALLPARAMS *)buf.b;
    size_t i;
    (void)state;

    /* No variable fields: only dwTotalSize against the version's fixed size decides. */
    memset(buf.b, 0, sizeof(buf.b));
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        p->dwTotalSize = v[i].fixed;
        assert_int_equal(tspk_read_callparams(p, v[i].version, &cp), 0);
        p->dwTotalSize = v[i].fixed - 1;
        assert_int_equal(tspk_read_callparams(p, v[i].version, &cp), (LONG)LINEERR_INVALCALLPARAMS);
    }
    p->dwTotalSize = 0;
    assert_int_equal(tspk_read_callparams(p, TSPK_VERSION_1_3, &cp), (LONG)LINEERR_INVALCALLPARAMS);
}

static void test_callparams_hostile_fields(void **state)
{
    buffer buf;
    tspk_callparams cp;
    LINECALLPARAMS *p;
    (void)state;

#define EXPECT_BAD(stmt)                                                                  \
    do {                                                                                  \
        p = good_callparams(&buf);                                                        \
        stmt;                                                                             \
        assert_int_equal(tspk_read_callparams(p, TSPK_VERSION_3_0, &cp),                  \
                         (LONG)LINEERR_INVALCALLPARAMS);                                  \
    } while (0)

    /* Offsets past the end. */
    EXPECT_BAD(p->dwCommentOffset = 300; p->dwCommentSize = 2);
    EXPECT_BAD(p->dwCallDataSize = 11);
    EXPECT_BAD(p->dwDevSpecificOffset = 0x80000000u; p->dwDevSpecificSize = 4);
    /* Sizes that wrap. */
    EXPECT_BAD(p->dwHighLevelCompOffset = 0xFFFFFFF0u; p->dwHighLevelCompSize = 0x20);
    EXPECT_BAD(p->dwUserUserInfoSize = 0xFFFFFFFFu);
    /* Into the fixed part. */
    EXPECT_BAD(p->dwLowLevelCompOffset = 4; p->dwLowLevelCompSize = 4);
    EXPECT_BAD(p->dwCalledPartyOffset = 178; p->dwCalledPartySize = 4);
    /* Strings: odd size, odd offset, no NUL. */
    EXPECT_BAD(p->dwOrigAddressSize = 7);
    EXPECT_BAD(p->dwDeviceClassOffset = 193; p->dwDeviceClassSize = 8);
    EXPECT_BAD(p->dwDeviceClassSize = 8);  /* "comm" without its NUL */
    EXPECT_BAD(put(&buf, &p->dwCallingPartyIDSize, &p->dwCallingPartyIDOffset, 220, "a\0b\0", 4));
    EXPECT_BAD(p->dwTargetAddressOffset = 290; p->dwTargetAddressSize = 12);
#undef EXPECT_BAD

    /* A size 0 makes any offset acceptable. */
    p = good_callparams(&buf);
    p->dwCommentOffset = 0xFFFFFFFFu;
    assert_int_equal(tspk_read_callparams(p, TSPK_VERSION_3_0, &cp), 0);
    assert_null(cp.comment);
}

/* ---- Readers: LINEDIALPARAMS ---- */

static void test_dialparams(void **state)
{
    static const LINEDIALPARAMS min = { 10, 20, 30, 40 }, max = { 100, 200, 300, 400 },
                                def = { 50, 60, 70, 80 };
    LINEDIALPARAMS in = { 0, 5, 999, 123 }, out;
    (void)state;
    assert_int_equal(tspk_read_dialparams(&in, &min, &max, &def, &out), 0);
    assert_int_equal(out.dwDialPause, 50);        /* 0: default */
    assert_int_equal(out.dwDialSpeed, 20);        /* below min */
    assert_int_equal(out.dwDigitDuration, 300);   /* above max */
    assert_int_equal(out.dwWaitForDialtone, 123); /* in range */
    assert_int_equal(tspk_read_dialparams(NULL, &min, &max, &def, &out), 0);
    assert_int_equal(out.dwDigitDuration, 70);
    assert_int_equal(tspk_read_dialparams(&in, NULL, &max, &def, &out), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_read_dialparams(&in, &min, &max, &def, NULL), (LONG)LINEERR_INVALPOINTER);
}

/* ---- Readers: LINEFORWARDLIST ---- */

static const WCHAR w_dest[] = { '5', '5', '5', 0 };
static const WCHAR w_caller[] = { '7', 0 };

/* Two entries with the given stride; strings after the entries. */
static LINEFORWARDLIST *good_forwardlist(buffer *buf, DWORD stride)
{
    LINEFORWARDLIST *l;
    LINEFORWARD f;
    DWORD strings = 8 + 2 * stride;

    memset(buf->b, 0, sizeof(buf->b));
    l = (LINEFORWARDLIST *)buf->b;
    l->dwTotalSize = strings + 16;
    l->dwNumEntries = 2;
    memset(&f, 0, sizeof(f));
    f.dwForwardMode = LINEFORWARDMODE_UNCOND;
    f.dwDestCountryCode = 1;
    f.dwDestAddressSize = sizeof(w_dest);
    f.dwDestAddressOffset = strings;
    f.dwCallerAddressType = 0x11;
    f.dwDestAddressType = 0x22;
    memcpy(buf->b + 8, &f, stride);
    memset(&f, 0, sizeof(f));
    f.dwForwardMode = LINEFORWARDMODE_BUSYSPECIFIC;
    f.dwCallerAddressSize = sizeof(w_caller);
    f.dwCallerAddressOffset = strings + 8;
    memcpy(buf->b + 8 + stride, &f, stride);
    memcpy(buf->b + strings, w_dest, sizeof(w_dest));
    memcpy(buf->b + strings + 8, w_caller, sizeof(w_caller));
    return l;
}

static void test_forwardlist_good(void **state)
{
    buffer buf;
    tspk_forward e[4];
    DWORD n = 99;
    LINEFORWARDLIST *l = good_forwardlist(&buf, 24);
    (void)state;

    assert_int_equal(tspk_read_forwardlist(l, TSPK_VERSION_2_2, e, 4, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(e[0].forward_mode, LINEFORWARDMODE_UNCOND);
    assert_int_equal(e[0].dest_country_code, 1);
    assert_int_equal(tspk_wcscmp(e[0].dest_address, w_dest), 0);
    assert_null(e[0].caller_address);
    assert_int_equal(e[0].caller_address_type, 0);   /* not in a 2.2 entry */
    assert_int_equal(e[1].forward_mode, LINEFORWARDMODE_BUSYSPECIFIC);
    assert_int_equal(tspk_wcscmp(e[1].caller_address, w_caller), 0);
    assert_null(e[1].dest_address);                  /* do-not-disturb */

    l = good_forwardlist(&buf, 32);
    assert_int_equal(tspk_read_forwardlist(l, TSPK_VERSION_3_1, e, 2, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(e[0].caller_address_type, 0x11);
    assert_int_equal(e[0].dest_address_type, 0x22);
    assert_int_equal(tspk_wcscmp(e[0].dest_address, w_dest), 0);
    /* Read with the wrong (2.x) stride the same bytes are garbage: caught. */
    assert_int_equal(tspk_read_forwardlist(l, TSPK_VERSION_3_0, e, 2, &n), (LONG)LINEERR_INVALPARAM);

    /* NULL and zero entries cancel forwarding. */
    n = 99;
    assert_int_equal(tspk_read_forwardlist(NULL, TSPK_VERSION_3_1, e, 4, &n), 0);
    assert_int_equal(n, 0);
    l->dwNumEntries = 0;
    l->dwTotalSize = 8;
    n = 99;
    assert_int_equal(tspk_read_forwardlist(l, TSPK_VERSION_3_1, NULL, 0, &n), 0);
    assert_int_equal(n, 0);
}

static void test_forwardlist_hostile(void **state)
{
    buffer buf;
    tspk_forward e[4];
    DWORD n;
    LINEFORWARDLIST *l;
    LINEFORWARD *f0;
    (void)state;

#define EXPECT_FWD(rc, stmt)                                                              \
    do {                                                                                  \
        l = good_forwardlist(&buf, 32);                                                   \
        f0 = &l->ForwardList[0];                                                          \
        (void)f0;                                                                         \
        stmt;                                                                             \
        n = 99;                                                                           \
        assert_int_equal(tspk_read_forwardlist(l, TSPK_VERSION_3_1, e, 4, &n), (LONG)(rc)); \
        assert_int_equal(n, 0);                                                           \
    } while (0)

    EXPECT_FWD(LINEERR_STRUCTURETOOSMALL, l->dwTotalSize = 7);
    EXPECT_FWD(LINEERR_STRUCTURETOOSMALL, l->dwTotalSize = 0);
    /* Entries that overflow the multiplication, or just do not fit. */
    EXPECT_FWD(LINEERR_INVALPARAM, l->dwNumEntries = 0x08000000u);  /* * 32 == 2^32 */
    EXPECT_FWD(LINEERR_INVALPARAM, l->dwNumEntries = 0xFFFFFFFFu);
    EXPECT_FWD(LINEERR_INVALPARAM, l->dwTotalSize = 8 + 2 * 32 - 1; l->dwNumEntries = 2);
    /* Addresses: past the end, wrapping, overlapping the entries, malformed. */
    EXPECT_FWD(LINEERR_INVALPARAM, f0->dwDestAddressOffset = l->dwTotalSize);
    EXPECT_FWD(LINEERR_INVALPARAM, f0->dwDestAddressOffset = 0xFFFFFFF0u; f0->dwDestAddressSize = 0x20);
    EXPECT_FWD(LINEERR_INVALPARAM, f0->dwDestAddressOffset = 8 + 32);
    EXPECT_FWD(LINEERR_INVALPARAM, f0->dwDestAddressSize = 7);
    EXPECT_FWD(LINEERR_INVALPARAM, f0->dwDestAddressSize = 6);  /* "555" without NUL */
    EXPECT_FWD(LINEERR_INVALPARAM, f0->dwCallerAddressOffset = 1; f0->dwCallerAddressSize = 2);
#undef EXPECT_FWD

    /* More entries than the caller can take. */
    l = good_forwardlist(&buf, 32);
    n = 99;
    assert_int_equal(tspk_read_forwardlist(l, TSPK_VERSION_3_1, e, 1, &n), (LONG)LINEERR_INVALPARAM);
    assert_int_equal(n, 0);
    assert_int_equal(tspk_read_forwardlist(l, TSPK_VERSION_3_1, e, 4, NULL), (LONG)LINEERR_INVALPOINTER);
    assert_int_equal(tspk_read_forwardlist(l, TSPK_VERSION_3_1, NULL, 4, &n), (LONG)LINEERR_INVALPOINTER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_begin_errors),
        cmocka_unit_test(test_begin_zeroes_fixed_part_only),
        cmocka_unit_test(test_varstring_tiny),
        cmocka_unit_test(test_varstring_exact),
        cmocka_unit_test(test_varstring_one_byte_short),
        cmocka_unit_test(test_later_smaller_field_still_fits),
        cmocka_unit_test(test_alignment_and_reserve),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_misuse_is_sticky),
        cmocka_unit_test(test_huge_sizes),
        cmocka_unit_test(test_fixed_sizes),
        cmocka_unit_test(test_var_field),
        cmocka_unit_test(test_callparams_good),
        cmocka_unit_test(test_callparams_too_small),
        cmocka_unit_test(test_callparams_hostile_fields),
        cmocka_unit_test(test_dialparams),
        cmocka_unit_test(test_forwardlist_good),
        cmocka_unit_test(test_forwardlist_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
