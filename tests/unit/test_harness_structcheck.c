/* Unit tests for harness/structcheck.h: fills made with the SDK's writer pass for every
 * structure kind and version; each rule fires on a hand-made bad structure with its exact
 * text; a too-small buffer passes; members newer than the version are ignored; guard bytes
 * catch writes on both sides; hostile contents never make the checker read outside the
 * buffer (exact-size heap blocks, so ASan would say so). */
#include "structcheck.h"

#include <tspkit/varstruct.h>
#include <tspkit/version.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define FUNC "TSPI_test"

static const DWORD versions[] = {
    TSPK_VERSION_1_3, TSPK_VERSION_1_4, TSPK_VERSION_2_0, TSPK_VERSION_2_1,
    TSPK_VERSION_2_2, TSPK_VERSION_3_0, TSPK_VERSION_3_1,
};
#define NUM_VERSIONS (sizeof versions / sizeof versions[0])

/* DWORD-aligned scratch memory, as TAPISRV hands structures to providers. */
typedef union {
    DWORD align;
    unsigned char b[2048];
} buffer;

static void *prepare(buffer *buf, DWORD total)
{
    memset(buf->b, 0, sizeof buf->b);
    memcpy(buf->b, &total, sizeof total);
    return buf->b;
}

static void put32(void *s, size_t at, DWORD v) { memcpy((unsigned char *)s + at, &v, sizeof v); }
static DWORD get32(const void *s, size_t at)
{
    DWORD v;
    memcpy(&v, (const unsigned char *)s + at, sizeof v);
    return v;
}

/* Prints every report the collector holds and checks how many there are. */
static void expect_count(hx_checks *c, size_t n)
{
    size_t i, have = hx_checks_count(c);
    hx_report r;
    for (i = 0; hx_checks_get(c, i, &r) == 0; i++)
        print_message("  seen: %s: %s\n", hx_check_get(r.id)->name, r.detail);
    if (have != n) fail_msg("%zu reports, expected %zu", have, n);
}

static void expect_report(hx_checks *c, size_t i, hx_check_id id, const char *detail)
{
    hx_report r;
    if (hx_checks_get(c, i, &r) != 0) fail_msg("no report %zu", i);
    print_message("  seen: %s: %s\n", hx_check_get(r.id)->name, r.detail);
    if (r.id != id || strcmp(r.detail, detail) != 0)
        fail_msg("report %zu is %s \"%s\", expected %s \"%s\"", i, hx_check_get(r.id)->name,
                 r.detail, hx_check_get(id)->name, detail);
    assert_string_equal(r.func, FUNC);
}

/* The one report of a check, which must be exactly `detail`. */
static void expect_only(hx_checks *c, hx_check_id id, const char *detail)
{
    expect_count(c, 1);
    expect_report(c, 0, id, detail);
}

/* ---- correct fills, made with the SDK's writer as a provider makes them ---- */

/* The text parts the last fill() wrote: where their size member is, and how a report
 * names them ("dwCallerIDOffset", "dwForward[1].dwDestAddressOffset"). */
static struct text_part {
    size_t size_at;
    char name[64];
} texts[32];
static size_t num_texts;
static const unsigned char *fill_base;

static void record_text(const DWORD *size, const char *name, int entry)
{
    struct text_part *t = &texts[num_texts++];
    assert_true(num_texts <= sizeof texts / sizeof texts[0]);
    t->size_at = (size_t)((const unsigned char *)size - fill_base);
    if (entry >= 0) snprintf(t->name, sizeof t->name, "[%d].dw%sOffset", entry, name);
    else snprintf(t->name, sizeof t->name, "dw%sOffset", name);
}

static void wstr(tspk_varbuf *vb, DWORD *size, DWORD *off, const char *text)
{
    assert_int_equal(tspk_varbuf_add_wstr(vb, size, off, text), 0);
}

/* Binary parts hold no zero byte and have odd sizes: a checker that took them for text
 * would complain. */
static void bin(tspk_varbuf *vb, DWORD *size, DWORD *off, DWORD len)
{
    unsigned char d[64];
    assert_true(len <= sizeof d);
    memset(d, 0x5A, sizeof d);
    assert_int_equal(tspk_varbuf_add_bytes(vb, size, off, d, len, 0), 0);
}

/* "tapi/line\0comm/datamodem\0\0" in UTF-16, as ns-tapi-linedevcaps dwDeviceClasses. */
static void classes(tspk_varbuf *vb, DWORD *size, DWORD *off)
{
    record_text(size, "DeviceClasses", -1);
    static const char txt[] = "tapi/line\0comm/datamodem\0";
    WCHAR w[sizeof txt];
    size_t i;
    for (i = 0; i < sizeof txt; i++) w[i] = (WCHAR)(unsigned char)txt[i];
    assert_int_equal(tspk_varbuf_add_bytes(vb, size, off, w, (DWORD)sizeof w, 0), 0);
}

#define W(n) (wstr(&vb, &p->dw##n##Size, &p->dw##n##Offset, #n " text"), record_text(&p->dw##n##Size, #n, -1))
#define B(n, len) bin(&vb, &p->dw##n##Size, &p->dw##n##Offset, len)

/* Fills every (size, offset) pair the structure has at version v. Entries of nested arrays
 * get their strings through a fixed-part pair borrowed for a moment (the writer only takes
 * fixed-part pairs), which is refilled afterwards. */
static LONG fill(hx_struct_kind kind, DWORD v, void *s)
{
    tspk_varbuf vb;
    LONG r = tspk_varbuf_begin(&vb, s, (DWORD)hx_struct_fixed_size(kind, v));
    num_texts = 0;
    fill_base = s;
    if (r) return r;
    switch (kind) {
    case HX_ST_VARSTRING: {
        VARSTRING *p = s;
        p->dwStringFormat = STRINGFORMAT_UNICODE;
        W(String);
        break;
    }
    case HX_ST_LINEDEVCAPS: {
        LINEDEVCAPS *p = s;
        p->dwStringFormat = STRINGFORMAT_UNICODE;
        W(ProviderInfo);
        W(SwitchInfo);
        W(LineName);
        B(TerminalCaps, 12);
        W(TerminalText);
        B(DevSpecific, 5);
        if (v >= TSPK_VERSION_2_0) classes(&vb, &p->dwDeviceClassesSize, &p->dwDeviceClassesOffset);
        break;
    }
    case HX_ST_LINEADDRESSCAPS: {
        LINEADDRESSCAPS *p = s;
        W(Address);
        W(CompletionMsgText);
        if (v >= TSPK_VERSION_2_0) {
            static const char *const names[] = { "Music", "Silence" };
            unsigned char *e = tspk_varbuf_reserve(&vb, &p->dwCallTreatmentListSize,
                                                   &p->dwCallTreatmentListOffset,
                                                   2 * sizeof(LINECALLTREATMENTENTRY), 0);
            int i;
            p->dwNumCallTreatments = 2;
            for (i = 0; e && i < 2; i++) {
                LINECALLTREATMENTENTRY t;
                wstr(&vb, &p->dwDevSpecificSize, &p->dwDevSpecificOffset, names[i]);
                t.dwCallTreatmentID = (DWORD)i + 1;
                t.dwCallTreatmentNameSize = p->dwDevSpecificSize;
                t.dwCallTreatmentNameOffset = p->dwDevSpecificOffset;
                memcpy(e + i * sizeof t, &t, sizeof t);
                record_text((const DWORD *)(void *)(e + i * sizeof t +
                                                    offsetof(LINECALLTREATMENTENTRY, dwCallTreatmentNameSize)),
                            "CallTreatmentName", i);
            }
            classes(&vb, &p->dwDeviceClassesSize, &p->dwDeviceClassesOffset);
        }
        B(DevSpecific, 7);
        break;
    }
    case HX_ST_LINEDEVSTATUS: {
        LINEDEVSTATUS *p = s;
        B(TerminalModes, 8);
        B(DevSpecific, 3);
        if (v >= TSPK_VERSION_2_0) B(AppInfo, sizeof(LINEAPPINFO));
        break;
    }
    case HX_ST_LINEADDRESSSTATUS: {
        LINEADDRESSSTATUS *p = s;
        DWORD stride = tspk_lineforward_size(v);
        unsigned char *e = tspk_varbuf_reserve(&vb, &p->dwForwardSize, &p->dwForwardOffset,
                                               2 * stride, 0);
        int i;
        p->dwForwardNumEntries = 2;
        for (i = 0; e && i < 2; i++) {
            LINEFORWARD f;
            memset(&f, 0, sizeof f);
            f.dwForwardMode = LINEFORWARDMODE_UNCOND;
            if (i == 1) {
                wstr(&vb, &p->dwDevSpecificSize, &p->dwDevSpecificOffset, "+1 555 0100");
                f.dwCallerAddressSize = p->dwDevSpecificSize;
                f.dwCallerAddressOffset = p->dwDevSpecificOffset;
                record_text((const DWORD *)(void *)(e + i * stride + offsetof(LINEFORWARD, dwCallerAddressSize)),
                            "CallerAddress", i);
            }
            wstr(&vb, &p->dwDevSpecificSize, &p->dwDevSpecificOffset, "201");
            f.dwDestAddressSize = p->dwDevSpecificSize;
            f.dwDestAddressOffset = p->dwDevSpecificOffset;
            memcpy(e + i * stride, &f, stride);
            record_text((const DWORD *)(void *)(e + i * stride + offsetof(LINEFORWARD, dwDestAddressSize)),
                        "DestAddress", i);
        }
        B(TerminalModes, 4);
        B(DevSpecific, 9);
        break;
    }
    case HX_ST_LINECALLINFO: {
        LINECALLINFO *p = s;
        W(CallerID); W(CallerIDName); W(CalledID); W(CalledIDName);
        W(ConnectedID); W(ConnectedIDName); W(RedirectionID); W(RedirectionIDName);
        W(RedirectingID); W(RedirectingIDName); W(AppName); W(DisplayableAddress);
        W(CalledParty); W(Comment);
        B(Display, 11); B(UserUserInfo, 3); B(HighLevelComp, 5); B(LowLevelComp, 7);
        B(ChargingInfo, 9); B(TerminalModes, 8); B(DevSpecific, 1);
        if (v >= TSPK_VERSION_2_0) {
            B(CallData, 13);
            B(SendingFlowspec, 17);
            B(ReceivingFlowspec, 19);
        }
        break;
    }
    case HX_ST_LINECALLSTATUS: {
        LINECALLSTATUS *p = s;
        B(DevSpecific, 21);
        break;
    }
    case HX_ST_PHONECAPS: {
        PHONECAPS *p = s;
        p->dwStringFormat = STRINGFORMAT_UNICODE;
        W(ProviderInfo); W(PhoneInfo); W(PhoneName);
        B(ButtonModes, 12); B(ButtonFunctions, 12); B(LampModes, 12);
        B(SetData, 4); B(GetData, 8); B(DevSpecific, 3);
        if (v >= TSPK_VERSION_2_0) classes(&vb, &p->dwDeviceClassesSize, &p->dwDeviceClassesOffset);
        break;
    }
    case HX_ST_PHONESTATUS: {
        PHONESTATUS *p = s;
        B(Display, 40);
        B(LampModes, 12);
        W(OwnerName);
        B(DevSpecific, 5);
        break;
    }
    case HX_ST_PHONEBUTTONINFO: {
        PHONEBUTTONINFO *p = s;
        W(ButtonText);
        B(DevSpecific, 3);
        break;
    }
    default:
        fail_msg("kind %d", (int)kind);
    }
    return tspk_varbuf_end(&vb);
}

#undef W
#undef B

/* ---- names and sizes ---- */

static void test_names_and_fixed_sizes(void **state)
{
    (void)state;
    assert_string_equal(hx_struct_name(HX_ST_VARSTRING), "VARSTRING");
    assert_string_equal(hx_struct_name(HX_ST_LINEDEVCAPS), "LINEDEVCAPS");
    assert_string_equal(hx_struct_name(HX_ST_PHONEBUTTONINFO), "PHONEBUTTONINFO");
    assert_null(hx_struct_name(HX_ST_COUNT));
    assert_null(hx_struct_name((hx_struct_kind)-1));
    assert_int_equal(hx_struct_fixed_size(HX_ST_COUNT, TSPK_VERSION_2_0), 0);

    /* The SDK's sizes, one per version step. */
    assert_int_equal(hx_struct_fixed_size(HX_ST_LINEDEVCAPS, TSPK_VERSION_1_4),
                     tspk_linedevcaps_size(TSPK_VERSION_1_4));
    assert_int_equal(hx_struct_fixed_size(HX_ST_LINEDEVCAPS, TSPK_VERSION_3_1), sizeof(LINEDEVCAPS));
    assert_int_equal(hx_struct_fixed_size(HX_ST_LINECALLINFO, TSPK_VERSION_2_0),
                     tspk_linecallinfo_size(TSPK_VERSION_2_0));
    assert_int_equal(hx_struct_fixed_size(HX_ST_VARSTRING, TSPK_VERSION_1_3), sizeof(VARSTRING));
    /* PHONEBUTTONINFO.dwButtonState came with 1.4 (ns-tapi-phonebuttoninfo). */
    assert_int_equal(hx_struct_fixed_size(HX_ST_PHONEBUTTONINFO, TSPK_VERSION_1_3),
                     offsetof(PHONEBUTTONINFO, dwButtonState));
    assert_int_equal(hx_struct_fixed_size(HX_ST_PHONEBUTTONINFO, TSPK_VERSION_1_4),
                     sizeof(PHONEBUTTONINFO));
}

/* ---- correct fills pass ---- */

static void test_correct_fills_pass(void **state)
{
    unsigned k, i;
    (void)state;
    for (k = 0; k < HX_ST_COUNT; k++) {
        for (i = 0; i < NUM_VERSIONS; i++) {
            hx_checks *c = hx_checks_new(NULL, NULL);
            hx_gbuf *g = hx_gbuf_new(1024);
            void *s = hx_gbuf_data(g);
            unsigned n;
            assert_non_null(c);
            assert_non_null(g);
            assert_int_equal(fill((hx_struct_kind)k, versions[i], s), 0);
            /* Everything fitted, so every part is there to be checked. */
            assert_int_equal(get32(s, 4), get32(s, 8));
            assert_true(get32(s, 8) > hx_struct_fixed_size((hx_struct_kind)k, versions[i]));
            n = hx_struct_check((hx_struct_kind)k, versions[i], s, 1024, c, FUNC);
            assert_int_equal(hx_gbuf_check(g, c, FUNC), 0);
            if (n || hx_checks_count(c))
                print_message("%s at 0x%08lx:\n", hx_struct_name((hx_struct_kind)k),
                              (unsigned long)versions[i]);
            expect_count(c, 0);
            assert_int_equal(n, 0);
            hx_gbuf_free(g);
            hx_checks_free(c);
        }
        print_message("  %s: clean at %u versions\n", hx_struct_name((hx_struct_kind)k),
                      (unsigned)NUM_VERSIONS);
    }
}

/* Every text part the fill wrote, one at a time without any NUL: exactly that part is
 * named. (Binary parts hold no NUL from the start, so together with the test above this
 * pins down which members are text.) */
static void test_each_text_part_needs_nul(void **state)
{
    static const DWORD at[] = { TSPK_VERSION_1_4, TSPK_VERSION_3_1 };
    unsigned k, i, parts = 0;
    size_t t;
    (void)state;
    for (k = 0; k < HX_ST_COUNT; k++) {
        for (i = 0; i < 2; i++) {
            buffer buf;
            hx_checks *c = hx_checks_new(NULL, NULL);
            size_t n;
            void *s = prepare(&buf, 0x600);
            assert_int_equal(fill((hx_struct_kind)k, at[i], s), 0);
            n = num_texts;
            assert_true(n > 0 || k == HX_ST_LINEDEVSTATUS || k == HX_ST_LINECALLSTATUS);
            for (t = 0; t < n; t++) {
                DWORD size, off, j;
                hx_report r;
                s = prepare(&buf, 0x600);
                assert_int_equal(fill((hx_struct_kind)k, at[i], s), 0);
                size = get32(s, texts[t].size_at);
                off = get32(s, texts[t].size_at + 4);
                for (j = 0; j < size; j++)
                    if (buf.b[off + j] == 0) buf.b[off + j] = 'x';
                hx_checks_clear(c);
                assert_int_equal(hx_struct_check((hx_struct_kind)k, at[i], s, 0x600, c, FUNC), 1);
                assert_int_equal(hx_checks_get(c, 0, &r), 0);
                if (r.id != HX_CHK_STRUCT_STRING_NUL || !strstr(r.detail, texts[t].name))
                    fail_msg("%s without NUL: got \"%s\"", texts[t].name, r.detail);
                parts++;
            }
            hx_checks_free(c);
        }
    }
    print_message("  %u text parts, each reported alone when its NUL is gone\n", parts);
}

/* TAPI's too-small buffer: the fixed part fits, the variable parts do not; the provider
 * answers with dwNeededSize > dwTotalSize and the parts that did not fit left 0/0. */
static void test_too_small_buffer_passes(void **state)
{
    unsigned k;
    (void)state;
    for (k = 0; k < HX_ST_COUNT; k++) {
        DWORD total = (DWORD)hx_struct_fixed_size((hx_struct_kind)k, TSPK_VERSION_3_1) + 8;
        hx_checks *c = hx_checks_new(NULL, NULL);
        hx_gbuf *g = hx_gbuf_new(total);
        void *s = hx_gbuf_data(g);
        assert_int_equal(fill((hx_struct_kind)k, TSPK_VERSION_3_1, s), 0);
        print_message("  %s: total 0x%lx needed 0x%lx used 0x%lx\n", hx_struct_name((hx_struct_kind)k),
                      (unsigned long)total, (unsigned long)get32(s, 4), (unsigned long)get32(s, 8));
        assert_true(get32(s, 4) > total);
        assert_int_equal(hx_struct_check((hx_struct_kind)k, TSPK_VERSION_3_1, s, total, c, FUNC), 0);
        assert_int_equal(hx_gbuf_check(g, c, FUNC), 0);
        expect_count(c, 0);
        hx_gbuf_free(g);
        hx_checks_free(c);
    }
}

/* Below the fixed part the answer is LINEERR_STRUCTURETOOSMALL with dwNeededSize set
 * (nf-tspi-tspi_linegetdevconfig): what lies after the size members is not checked. */
static void test_below_fixed_part_checks_sizes_only(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    void *s = prepare(&buf, 20);
    (void)state;
    put32(s, 4, (DWORD)sizeof(VARSTRING));       /* dwNeededSize: what it takes */
    put32(s, 16, 0xFFFFFFFFu);                   /* dwStringSize, as garbage: not a member here */
    assert_int_equal(hx_struct_check(HX_ST_VARSTRING, TSPK_VERSION_2_0, s, 20, c, FUNC), 0);
    expect_count(c, 0);

    put32(s, 8, 0x40);                           /* but the size members are still checked */
    assert_int_equal(hx_struct_check(HX_ST_VARSTRING, TSPK_VERSION_2_0, s, 20, c, FUNC), 2);
    expect_count(c, 2);
    expect_report(c, 0, HX_CHK_STRUCT_USED_GT_TOTAL, "VARSTRING.dwUsedSize 0x40 exceeds dwTotalSize 0x14");
    expect_report(c, 1, HX_CHK_STRUCT_NEEDED_LT_USED, "VARSTRING.dwNeededSize 0x18 is less than dwUsedSize 0x40");
    hx_checks_free(c);
}

/* ---- each rule, with its exact text ---- */

/* A LINEDEVCAPS at 2.0 (fixed part 0xfc) in a 0x200-byte buffer: provider info, switch info,
 * line name, device classes, all fitting. */
static LINEDEVCAPS *devcaps20(buffer *buf)
{
    LINEDEVCAPS *dc = prepare(buf, 0x200);
    assert_int_equal(fill(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc), 0);
    return dc;
}

static void test_total_changed(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = devcaps20(&buf);
    char text[HX_REPORT_TEXT_MAX];
    hx_report r;
    (void)state;
    dc->dwTotalSize = 0x10;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_TOTAL_CHANGED, "LINEDEVCAPS.dwTotalSize changed from 0x200 to 0x10");
    assert_int_equal(hx_checks_get(c, 0, &r), 0);
    hx_report_format(&r, text, sizeof text);
    assert_string_equal(text,
        "CONFORMANCE STRUCT_TOTAL_CHANGED in TSPI_test: LINEDEVCAPS.dwTotalSize changed from 0x200 to 0x10\n"
        "  rule: dwTotalSize is set by TAPI and left unchanged by the provider\n"
        "  see: https://learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures");
    hx_checks_free(c);
}

static void test_used_gt_total(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = devcaps20(&buf);
    char text[HX_REPORT_TEXT_MAX];
    hx_report r;
    (void)state;
    dc->dwUsedSize = dc->dwNeededSize = 0x300;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_USED_GT_TOTAL, "LINEDEVCAPS.dwUsedSize 0x300 exceeds dwTotalSize 0x200");
    assert_int_equal(hx_checks_get(c, 0, &r), 0);
    hx_report_format(&r, text, sizeof text);
    assert_string_equal(text,
        "CONFORMANCE STRUCT_USED_GT_TOTAL in TSPI_test: LINEDEVCAPS.dwUsedSize 0x300 exceeds dwTotalSize 0x200\n"
        "  rule: dwUsedSize never exceeds dwTotalSize\n"
        "  see: https://learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures");

    /* A part past the buffer is then held to dwTotalSize: a second, different problem. */
    hx_checks_clear(c);
    dc->dwDevSpecificOffset = 0x1fc;
    dc->dwDevSpecificSize = 8;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 2);
    expect_count(c, 2);
    expect_report(c, 1, HX_CHK_STRUCT_FIELD_OUTSIDE,
                  "LINEDEVCAPS.dwDevSpecificOffset 0x1fc + dwDevSpecificSize 0x8 ends at 0x204, past dwTotalSize 0x200");
    hx_checks_free(c);
}

static void test_needed_lt_used(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = devcaps20(&buf);
    char text[HX_REPORT_TEXT_MAX];
    hx_report r;
    DWORD used = dc->dwUsedSize;
    (void)state;
    dc->dwNeededSize = used - 4;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    assert_int_equal(used, 0x1c8);
    expect_only(c, HX_CHK_STRUCT_NEEDED_LT_USED, "LINEDEVCAPS.dwNeededSize 0x1c4 is less than dwUsedSize 0x1c8");
    assert_int_equal(hx_checks_get(c, 0, &r), 0);
    hx_report_format(&r, text, sizeof text);
    assert_string_equal(text,
        "CONFORMANCE STRUCT_NEEDED_LT_USED in TSPI_test: LINEDEVCAPS.dwNeededSize 0x1c4 is less than dwUsedSize 0x1c8\n"
        "  rule: dwNeededSize is at least dwUsedSize\n"
        "  see: https://learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures");
    hx_checks_free(c);
}

static void test_used_below_fixed_part(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = devcaps20(&buf);
    (void)state;
    /* The parts themselves are fine within the buffer: one problem, reported once. */
    dc->dwUsedSize = 0x20;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_FIELD_OUTSIDE, "LINEDEVCAPS.dwUsedSize 0x20 is less than the fixed part 0xfc (TSPI 2.0)");
    hx_checks_free(c);
}

static void test_field_inside_fixed_part(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = devcaps20(&buf);
    char text[HX_REPORT_TEXT_MAX];
    hx_report r;
    (void)state;
    dc->dwLineNameOffset = 0x20;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    assert_int_equal(dc->dwLineNameSize, 0x1c);
    expect_only(c, HX_CHK_STRUCT_FIELD_OUTSIDE,
                "LINEDEVCAPS.dwLineNameOffset 0x20 + dwLineNameSize 0x1c starts inside the fixed part, which ends at 0xfc (TSPI 2.0)");
    assert_int_equal(hx_checks_get(c, 0, &r), 0);
    hx_report_format(&r, text, sizeof text);
    assert_string_equal(text,
        "CONFORMANCE STRUCT_FIELD_OUTSIDE in TSPI_test: LINEDEVCAPS.dwLineNameOffset 0x20 + dwLineNameSize 0x1c "
        "starts inside the fixed part, which ends at 0xfc (TSPI 2.0)\n"
        "  rule: every variable part (offset, size) lies after the fixed part and inside dwUsedSize\n"
        "  see: https://learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures");
    hx_checks_free(c);
}

static void test_field_past_used(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = prepare(&buf, 0x200);
    (void)state;
    /* Hand-made: the fixed part, then a 16-byte name, but dwUsedSize stops 4 bytes short. */
    dc->dwNeededSize = dc->dwUsedSize = 0x108;
    dc->dwStringFormat = STRINGFORMAT_UNICODE;
    dc->dwLineNameOffset = 0xfc;
    dc->dwLineNameSize = 0x10;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_FIELD_OUTSIDE,
                "LINEDEVCAPS.dwLineNameOffset 0xfc + dwLineNameSize 0x10 ends at 0x10c, past dwUsedSize 0x108");

    /* One byte more and it fits (the name is all zero: NUL-terminated). */
    hx_checks_clear(c);
    dc->dwNeededSize = dc->dwUsedSize = 0x10c;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 0);
    expect_count(c, 0);
    hx_checks_free(c);
}

static void test_field_sum_wraps(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = devcaps20(&buf);
    (void)state;
    /* 0xfffffff0 + 0x20 is 0x10 in 32 bits, which would look inside the structure. */
    dc->dwDevSpecificOffset = 0xFFFFFFF0u;
    dc->dwDevSpecificSize = 0x20;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_FIELD_OUTSIDE,
                "LINEDEVCAPS.dwDevSpecificOffset 0xfffffff0 + dwDevSpecificSize 0x20 ends at 0x100000010, past dwUsedSize 0x1c8");

    hx_checks_clear(c);
    dc->dwDevSpecificOffset = 0xFFFFFFFFu;
    dc->dwDevSpecificSize = 0xFFFFFFFFu;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_FIELD_OUTSIDE,
                "LINEDEVCAPS.dwDevSpecificOffset 0xffffffff + dwDevSpecificSize 0xffffffff ends at 0x1fffffffe, past dwUsedSize 0x1c8");
    hx_checks_free(c);
}

static void test_unicode_string_without_nul(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = devcaps20(&buf);
    unsigned char *name = (unsigned char *)dc + dc->dwLineNameOffset;
    char text[HX_REPORT_TEXT_MAX];
    hx_report r;
    (void)state;
    /* "LineName text" + NUL: 0x1c bytes; the NUL becomes '!'. */
    assert_int_equal(dc->dwLineNameSize, 0x1c);
    name[0x1a] = '!';
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_STRING_NUL,
                "LINEDEVCAPS.dwLineNameOffset 0x140 + dwLineNameSize 0x1c: no NUL among its 14 UTF-16 units");
    assert_int_equal(hx_checks_get(c, 0, &r), 0);
    hx_report_format(&r, text, sizeof text);
    assert_string_equal(text,
        "CONFORMANCE STRUCT_STRING_NUL in TSPI_test: LINEDEVCAPS.dwLineNameOffset 0x140 + dwLineNameSize 0x1c: "
        "no NUL among its 14 UTF-16 units\n"
        "  rule: string members are NUL-terminated and their size counts the NUL\n"
        "  see: https://learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures");

    /* A zero byte is not a NUL character: "!" then 0x00 in the high byte of a unit. */
    hx_checks_clear(c);
    name[0x1a] = 0;
    name[0x1b] = '!';
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_count(c, 1);

    /* An odd size cannot be UTF-16. */
    hx_checks_clear(c);
    name[0x1b] = 0;
    dc->dwLineNameSize = 0x1b;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_STRING_NUL,
                "LINEDEVCAPS.dwLineNameOffset 0x140 + dwLineNameSize 0x1b: odd size for a Unicode string");
    hx_checks_free(c);
}

/* LINEDEVCAPS text follows its dwStringFormat; device classes are always Unicode. */
static void test_string_format_governs_text(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = devcaps20(&buf);
    unsigned char *name = (unsigned char *)dc + dc->dwLineNameOffset;
    unsigned char *classes = (unsigned char *)dc + dc->dwDeviceClassesOffset;
    (void)state;

    /* ASCII "Line 1" + NUL: 7 bytes, odd, fine in ASCII. */
    memcpy(name, "Line 1", 7);
    dc->dwLineNameSize = 7;
    dc->dwStringFormat = STRINGFORMAT_ASCII;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 0);
    /* Seen as Unicode (the provider says so) the same bytes are wrong. */
    dc->dwStringFormat = STRINGFORMAT_UNICODE;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    /* A value outside the four is taken as TSPI's Unicode. */
    dc->dwStringFormat = 0;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_count(c, 2);

    /* ASCII without its NUL. */
    hx_checks_clear(c);
    dc->dwStringFormat = STRINGFORMAT_DBCS;
    dc->dwLineNameSize = 6;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_STRING_NUL,
                "LINEDEVCAPS.dwLineNameOffset 0x140 + dwLineNameSize 0x6: no NUL among its 6 bytes (STRINGFORMAT_DBCS)");

    /* STRINGFORMAT_BINARY: no text rule. */
    hx_checks_clear(c);
    dc->dwStringFormat = STRINGFORMAT_BINARY;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 0);

    /* Device classes stay Unicode whatever dwStringFormat says: drop the final NUL pair... */
    dc->dwDeviceClassesSize -= 4;
    memset(classes + dc->dwDeviceClassesSize - 2, 'x', 2);
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 0);
    /* ...a NUL is still inside (between the names); remove that one too. */
    memset(classes + 18, 'x', 2);
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_STRING_NUL,
                "LINEDEVCAPS.dwDeviceClassesOffset 0x194 + dwDeviceClassesSize 0x30: no NUL among its 24 UTF-16 units");
    hx_checks_free(c);
}

static void test_varstring_rules(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    VARSTRING *vs = prepare(&buf, 0x40);
    (void)state;
    vs->dwNeededSize = vs->dwUsedSize = 0x20;
    vs->dwStringFormat = STRINGFORMAT_UNICODE;
    /* ns-tapi-varstring remarks: "no string" may be offset != 0 with size 0, or size 1 over
     * a zero byte. */
    vs->dwStringOffset = 0x18;
    assert_int_equal(hx_struct_check(HX_ST_VARSTRING, TSPK_VERSION_3_1, vs, 0x40, c, FUNC), 0);
    vs->dwStringSize = 1;
    assert_int_equal(hx_struct_check(HX_ST_VARSTRING, TSPK_VERSION_3_1, vs, 0x40, c, FUNC), 0);
    buf.b[0x18] = 'A';
    assert_int_equal(hx_struct_check(HX_ST_VARSTRING, TSPK_VERSION_3_1, vs, 0x40, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_STRING_NUL,
                "VARSTRING.dwStringOffset 0x18 + dwStringSize 0x1: odd size for a Unicode string");
    /* lineGetDevConfig's blob is STRINGFORMAT_BINARY: anything goes. */
    hx_checks_clear(c);
    vs->dwStringFormat = STRINGFORMAT_BINARY;
    vs->dwStringSize = 8;
    memset(buf.b + 0x18, 0xEE, 8);
    assert_int_equal(hx_struct_check(HX_ST_VARSTRING, TSPK_VERSION_3_1, vs, 0x40, c, FUNC), 0);
    vs->dwStringFormat = STRINGFORMAT_ASCII;
    assert_int_equal(hx_struct_check(HX_ST_VARSTRING, TSPK_VERSION_3_1, vs, 0x40, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_STRING_NUL,
                "VARSTRING.dwStringOffset 0x18 + dwStringSize 0x8: no NUL among its 8 bytes (STRINGFORMAT_ASCII)");
    hx_checks_free(c);
}

/* PHONEBUTTONINFO text is in PHONECAPS' dwStringFormat: hx_struct_check_ex takes it. */
static void test_device_string_format(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    PHONEBUTTONINFO *bi = prepare(&buf, 0x80);
    (void)state;
    bi->dwNeededSize = bi->dwUsedSize = 0x30;
    bi->dwButtonTextOffset = 0x28;
    bi->dwButtonTextSize = 5;
    memcpy(buf.b + 0x28, "Hold", 5);
    assert_int_equal(hx_struct_check_ex(HX_ST_PHONEBUTTONINFO, TSPK_VERSION_2_0, bi, 0x80,
                                        STRINGFORMAT_ASCII, c, FUNC), 0);
    assert_int_equal(hx_struct_check_ex(HX_ST_PHONEBUTTONINFO, TSPK_VERSION_2_0, bi, 0x80,
                                        STRINGFORMAT_BINARY, c, FUNC), 0);
    expect_count(c, 0);
    /* Not knowing the phone's format, TSPI's Unicode is assumed. */
    assert_int_equal(hx_struct_check(HX_ST_PHONEBUTTONINFO, TSPK_VERSION_2_0, bi, 0x80, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_STRING_NUL,
                "PHONEBUTTONINFO.dwButtonTextOffset 0x28 + dwButtonTextSize 0x5: odd size for a Unicode string");
    hx_checks_free(c);
}

/* Arrays of structures inside a part: LINEFORWARD entries in LINEADDRESSSTATUS, whose
 * addresses count from the start of LINEADDRESSSTATUS. */
static void test_nested_entries(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEADDRESSSTATUS *as = prepare(&buf, 0x200);
    DWORD stride = tspk_lineforward_size(TSPK_VERSION_3_1);
    unsigned char *e;
    LINEFORWARD f;
    (void)state;
    assert_int_equal(fill(HX_ST_LINEADDRESSSTATUS, TSPK_VERSION_3_1, as), 0);
    e = buf.b + as->dwForwardOffset;
    print_message("  forward list at 0x%lx, %lu bytes, entries of 0x%lx\n",
                  (unsigned long)as->dwForwardOffset, (unsigned long)as->dwForwardSize,
                  (unsigned long)stride);

    /* Entry 1's destination without its NUL. */
    memcpy(&f, e + stride, sizeof f);
    buf.b[f.dwDestAddressOffset + f.dwDestAddressSize - 2] = '9';
    assert_int_equal(hx_struct_check(HX_ST_LINEADDRESSSTATUS, TSPK_VERSION_3_1, as, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_STRING_NUL,
                "LINEADDRESSSTATUS.dwForward[1].dwDestAddressOffset 0xa0 + dwDestAddressSize 0x8: "
                "no NUL among its 4 UTF-16 units");
    buf.b[f.dwDestAddressOffset + f.dwDestAddressSize - 2] = 0;

    /* Entry 0's caller address pointing past dwUsedSize. */
    hx_checks_clear(c);
    memcpy(&f, e, sizeof f);
    f.dwCallerAddressOffset = as->dwUsedSize;
    f.dwCallerAddressSize = 2;
    memcpy(e, &f, sizeof f);
    assert_int_equal(hx_struct_check(HX_ST_LINEADDRESSSTATUS, TSPK_VERSION_3_1, as, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_FIELD_OUTSIDE,
                "LINEADDRESSSTATUS.dwForward[0].dwCallerAddressOffset 0xb5 + dwCallerAddressSize 0x2 "
                "ends at 0xb7, past dwUsedSize 0xb5");
    f.dwCallerAddressOffset = f.dwCallerAddressSize = 0;
    memcpy(e, &f, sizeof f);

    /* More entries than the part holds: the ones that fit are still checked. */
    hx_checks_clear(c);
    as->dwForwardNumEntries = 0xFFFFFFFFu;
    assert_int_equal(hx_struct_check(HX_ST_LINEADDRESSSTATUS, TSPK_VERSION_3_1, as, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_FIELD_OUTSIDE,
                "LINEADDRESSSTATUS.dwForwardNumEntries 4294967295 entries of 0x20 bytes need 0x1fffffffe0, "
                "more than dwForwardSize 0x40");

    /* Below 3.1 an entry is 0x18 bytes: the same bytes read as 3.0 entries are misplaced. */
    hx_checks_clear(c);
    as->dwForwardNumEntries = 2;
    assert_true(hx_struct_check(HX_ST_LINEADDRESSSTATUS, TSPK_VERSION_3_0, as, 0x200, c, FUNC) > 0);
    expect_count(c, hx_checks_count(c));
    hx_checks_free(c);
}

/* LINECALLTREATMENTENTRY names in LINEADDRESSCAPS (2.0). */
static void test_call_treatment_names(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEADDRESSCAPS *ac = prepare(&buf, 0x300);
    LINECALLTREATMENTENTRY t;
    (void)state;
    assert_int_equal(fill(HX_ST_LINEADDRESSCAPS, TSPK_VERSION_2_0, ac), 0);
    memcpy(&t, buf.b + ac->dwCallTreatmentListOffset, sizeof t);
    t.dwCallTreatmentNameOffset = 0x10;
    memcpy(buf.b + ac->dwCallTreatmentListOffset, &t, sizeof t);
    assert_int_equal(hx_struct_check(HX_ST_LINEADDRESSCAPS, TSPK_VERSION_2_0, ac, 0x300, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_FIELD_OUTSIDE,
                "LINEADDRESSCAPS.dwCallTreatmentList[0].dwCallTreatmentNameOffset 0x10 + "
                "dwCallTreatmentNameSize 0xc starts inside the fixed part, which ends at 0xe4 (TSPI 2.0)");
    hx_checks_free(c);
}

/* Several problems: each reported once. */
static void test_each_problem_once(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINECALLINFO *ci = prepare(&buf, 0x400);
    (void)state;
    assert_int_equal(fill(HX_ST_LINECALLINFO, TSPK_VERSION_3_1, ci), 0);
    ci->dwTotalSize = 0;
    ci->dwNeededSize = 0;
    ci->dwCallerIDNameSize = 0x1001;
    buf.b[ci->dwCommentOffset + ci->dwCommentSize - 2] = 'x';
    ci->dwDisplayOffset = 4;
    assert_int_equal(hx_struct_check(HX_ST_LINECALLINFO, TSPK_VERSION_3_1, ci, 0x400, c, FUNC), 5);
    expect_count(c, 5);
    assert_int_equal(hx_checks_count_id(c, HX_CHK_STRUCT_TOTAL_CHANGED), 1);
    assert_int_equal(hx_checks_count_id(c, HX_CHK_STRUCT_NEEDED_LT_USED), 1);
    assert_int_equal(hx_checks_count_id(c, HX_CHK_STRUCT_FIELD_OUTSIDE), 2);
    assert_int_equal(hx_checks_count_id(c, HX_CHK_STRUCT_STRING_NUL), 1);
    hx_checks_free(c);
}

/* ---- version gating ---- */

static void test_members_newer_than_version_ignored(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    buffer buf;
    LINEDEVCAPS *dc = prepare(&buf, 0x200);
    (void)state;
    /* At 1.4 the fixed part ends at 0xf0; dwDeviceClasses (2.0) at 0xf4/0xf8 is variable
     * data there, here garbage. */
    dc->dwNeededSize = dc->dwUsedSize = 0x100;
    dc->dwStringFormat = STRINGFORMAT_UNICODE;
    dc->dwDeviceClassesSize = 0x40;
    dc->dwDeviceClassesOffset = 0x1000;
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_1_4, dc, 0x200, c, FUNC), 0);
    expect_count(c, 0);
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 1);
    expect_only(c, HX_CHK_STRUCT_FIELD_OUTSIDE,
                "LINEDEVCAPS.dwDeviceClassesOffset 0x1000 + dwDeviceClassesSize 0x40 ends at 0x1040, past dwUsedSize 0x100");

    /* A 1.4 fill whose strings start at 0xf0 is clean at 1.4 and wrong at 2.0, where the
     * fixed part is longer. */
    hx_checks_clear(c);
    dc = prepare(&buf, 0x200);
    assert_int_equal(fill(HX_ST_LINEDEVCAPS, TSPK_VERSION_1_4, dc), 0);
    assert_int_equal(dc->dwProviderInfoOffset, 0xf0);
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_1_4, dc, 0x200, c, FUNC), 0);
    /* ...and the name's characters at 0xf4/0xf8 read as a dwDeviceClasses pair. */
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, c, FUNC), 2);
    expect_count(c, 2);
    expect_report(c, 0, HX_CHK_STRUCT_FIELD_OUTSIDE,
                  "LINEDEVCAPS.dwProviderInfoOffset 0xf0 + dwProviderInfoSize 0x24 starts inside the fixed part, "
                  "which ends at 0xfc (TSPI 2.0)");
    expect_report(c, 1, HX_CHK_STRUCT_FIELD_OUTSIDE,
                  "LINEDEVCAPS.dwDeviceClassesOffset 0x640069 + dwDeviceClassesSize 0x76006f ends at 0xda00d8, "
                  "past dwUsedSize 0x185");

    /* LINECALLINFO dwCallData (2.0) at 1.4. */
    hx_checks_clear(c);
    {
        LINECALLINFO *ci = prepare(&buf, 0x200);
        DWORD fixed = tspk_linecallinfo_size(TSPK_VERSION_1_4);
        ci->dwNeededSize = ci->dwUsedSize = fixed;
        put32(ci, offsetof(LINECALLINFO, dwCallDataSize), 0xFFFFFFFFu);
        put32(ci, offsetof(LINECALLINFO, dwCallDataOffset), 0xFFFFFFFFu);
        assert_int_equal(hx_struct_check(HX_ST_LINECALLINFO, TSPK_VERSION_1_4, ci, 0x200, c, FUNC), 0);
        assert_int_equal(hx_struct_check(HX_ST_LINECALLINFO, TSPK_VERSION_2_0, ci, 0x200, c, FUNC), 2);
        expect_count(c, 2);
    }
    hx_checks_free(c);
}

/* ---- guard bytes ---- */

static void test_gbuf_intact(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    hx_gbuf *g = hx_gbuf_new(100);
    unsigned char *d = hx_gbuf_data(g);
    size_t i;
    (void)state;
    assert_non_null(g);
    assert_int_equal(hx_gbuf_size(g), 100);
    assert_int_equal(get32(d, 0), 100);
    for (i = 4; i < 100; i++) assert_int_equal(d[i], 0);
    assert_int_equal(d[-1], HX_GBUF_FILL);
    assert_int_equal(d[-HX_GBUF_GUARD], HX_GBUF_FILL);
    assert_int_equal(d[100 + HX_GBUF_GUARD - 1], HX_GBUF_FILL);
    assert_int_equal((uintptr_t)d % sizeof(DWORD), 0);
    memset(d, 0x77, 100);                    /* the whole buffer is the provider's */
    assert_int_equal(hx_gbuf_check(g, c, FUNC), 0);
    expect_count(c, 0);
    hx_gbuf_free(g);

    /* Under 4 bytes there is no dwTotalSize to set; 0 bytes is a buffer too. */
    g = hx_gbuf_new(3);
    d = hx_gbuf_data(g);
    assert_int_equal(d[0] | d[1] | d[2], 0);
    assert_int_equal(d[3], HX_GBUF_FILL);
    hx_gbuf_free(g);
    g = hx_gbuf_new(0);
    assert_non_null(g);
    assert_int_equal(hx_gbuf_check(g, c, FUNC), 0);
    hx_gbuf_free(g);

    assert_null(hx_gbuf_new(SIZE_MAX - 10));
    assert_null(hx_gbuf_data(NULL));
    assert_int_equal(hx_gbuf_size(NULL), 0);
    assert_int_equal(hx_gbuf_check(NULL, c, FUNC), 0);
    hx_gbuf_free(NULL);
    hx_checks_free(c);
}

static void test_gbuf_overwrite_after(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    hx_gbuf *g = hx_gbuf_new(100);
    unsigned char *d = hx_gbuf_data(g);
    char text[HX_REPORT_TEXT_MAX];
    hx_report r;
    (void)state;
    d[100] = 0;                              /* one past dwTotalSize */
    d[105] = 0xFC;
    assert_int_equal(hx_gbuf_check(g, c, FUNC), 2);
    expect_only(c, HX_CHK_GUARD_OVERWRITE,
                "100-byte buffer: bytes changed outside it from offset 100 to 105 (2 of the 128 guard bytes)");
    assert_int_equal(hx_checks_get(c, 0, &r), 0);
    hx_report_format(&r, text, sizeof text);
    assert_string_equal(text,
        "CONFORMANCE GUARD_OVERWRITE in TSPI_test: 100-byte buffer: bytes changed outside it from offset 100 to 105 "
        "(2 of the 128 guard bytes)\n"
        "  rule: the provider writes no byte outside the dwTotalSize bytes TAPI handed it\n"
        "  see: https://learn.microsoft.com/windows/win32/tapi/variably-sized-data-structures");
    /* The guards were restored: the next call of the provider starts clean. */
    assert_int_equal(d[100], HX_GBUF_FILL);
    assert_int_equal(hx_gbuf_check(g, c, FUNC), 0);
    expect_count(c, 1);

    /* The last guard byte. */
    hx_checks_clear(c);
    d[100 + HX_GBUF_GUARD - 1] = 1;
    assert_int_equal(hx_gbuf_check(g, c, FUNC), 1);
    expect_only(c, HX_CHK_GUARD_OVERWRITE,
                "100-byte buffer: bytes changed outside it from offset 163 to 163 (1 of the 128 guard bytes)");
    hx_gbuf_free(g);
    hx_checks_free(c);
}

static void test_gbuf_overwrite_before(void **state)
{
    hx_checks *c = hx_checks_new(NULL, NULL);
    hx_gbuf *g = hx_gbuf_new(32);
    unsigned char *d = hx_gbuf_data(g);
    (void)state;
    d[-HX_GBUF_GUARD] = 0;
    d[-1] = 0;
    assert_int_equal(hx_gbuf_check(g, c, FUNC), 2);
    expect_only(c, HX_CHK_GUARD_OVERWRITE,
                "32-byte buffer: bytes changed outside it from offset -64 to -1 (2 of the 128 guard bytes)");
    assert_int_equal(d[-1], HX_GBUF_FILL);

    /* Both sides: first before, last after. */
    hx_checks_clear(c);
    memset(d - 4, 0, 4 + 32 + 4);
    assert_int_equal(hx_gbuf_check(g, c, FUNC), 8);
    expect_only(c, HX_CHK_GUARD_OVERWRITE,
                "32-byte buffer: bytes changed outside it from offset -4 to 35 (8 of the 128 guard bytes)");
    hx_gbuf_free(g);
    hx_checks_free(c);
}

/* ---- hostile contents: exact-size heap blocks, so any read outside is ASan's ---- */

static unsigned char *exact(size_t n, int fill_byte)
{
    unsigned char *p = malloc(n ? n : 1);
    assert_non_null(p);
    memset(p, fill_byte, n ? n : 1);
    return p;
}

static void test_hostile_all_ones(void **state)
{
    unsigned k, i;
    (void)state;
    for (k = 0; k < HX_ST_COUNT; k++) {
        for (i = 0; i < NUM_VERSIONS; i++) {
            size_t n = hx_struct_fixed_size((hx_struct_kind)k, versions[i]);
            unsigned char *p = exact(n, 0xFF);
            hx_checks *c = hx_checks_new(NULL, NULL);
            unsigned seen = hx_struct_check((hx_struct_kind)k, versions[i], p, n, c, FUNC);
            /* dwTotalSize changed, dwUsedSize > total, every pair out: nothing read beyond. */
            assert_int_equal(seen, hx_checks_count(c));
            assert_true(seen >= 3);
            assert_int_equal(hx_checks_count_id(c, HX_CHK_STRUCT_TOTAL_CHANGED), 1);
            assert_int_equal(hx_checks_count_id(c, HX_CHK_STRUCT_USED_GT_TOTAL), 1);
            if (i == NUM_VERSIONS - 1)
                print_message("  %s all 0xFF, %lu bytes: %u reports\n", hx_struct_name((hx_struct_kind)k),
                              (unsigned long)n, seen);
            hx_checks_free(c);
            free(p);
        }
    }
}

static void test_hostile_small_totals(void **state)
{
    size_t t;
    unsigned k;
    (void)state;
    for (k = 0; k < HX_ST_COUNT; k++) {
        for (t = 0; t < 12; t++) {
            unsigned char *p = exact(t, 0xFF);
            hx_checks *c = hx_checks_new(NULL, NULL);
            unsigned seen = hx_struct_check((hx_struct_kind)k, TSPK_VERSION_3_1, p, t, c, FUNC);
            assert_int_equal(seen, t >= 4 ? 1 : 0);
            hx_checks_free(c);
            free(p);
        }
    }
    /* No buffer, no kind, no collector. */
    assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_3_1, NULL, 100, NULL, FUNC), 0);
    assert_int_equal(hx_struct_check(HX_ST_COUNT, TSPK_VERSION_3_1, "x", 1, NULL, FUNC), 0);
    {
        buffer buf;
        LINEDEVCAPS *dc = devcaps20(&buf);
        dc->dwLineNameSize = 0xFFFFFFFFu;
        assert_int_equal(hx_struct_check(HX_ST_LINEDEVCAPS, TSPK_VERSION_2_0, dc, 0x200, NULL, FUNC), 1);
    }
}

static void test_hostile_huge_used(void **state)
{
    unsigned k;
    (void)state;
    for (k = 0; k < HX_ST_COUNT; k++) {
        size_t n = hx_struct_fixed_size((hx_struct_kind)k, TSPK_VERSION_3_1) + 16;
        unsigned char *p = exact(n, 0);
        hx_checks *c = hx_checks_new(NULL, NULL);
        unsigned seen;
        size_t at;
        put32(p, 0, (DWORD)n);
        put32(p, 4, 0xFFFFFFFFu);
        put32(p, 8, 0xFFFFFFFFu);
        /* Every DWORD pair after the header: offset just inside, size reaching past the end. */
        for (at = 12; at + 8 <= n - 16; at += 8) {
            put32(p, at, 0xFFFFFFF0u);
            put32(p, at + 4, (DWORD)n - 2);
        }
        seen = hx_struct_check((hx_struct_kind)k, TSPK_VERSION_3_1, p, n, c, FUNC);
        assert_int_equal(seen, hx_checks_count(c));
        assert_int_equal(hx_checks_count_id(c, HX_CHK_STRUCT_USED_GT_TOTAL), 1);
        hx_checks_free(c);
        free(p);
    }
}

/* Pseudo-random structures (fixed seed): no crash, no read outside, counts agree. */
static void test_hostile_random(void **state)
{
    uint32_t x = 12345u;
    unsigned iter, reports = 0;
    (void)state;
    for (iter = 0; iter < 20000; iter++) {
        hx_struct_kind kind;
        DWORD v;
        size_t n, i;
        unsigned char *p;
        hx_checks *c;
        unsigned seen;
#define NEXT() (x = x * 1664525u + 1013904223u, x >> 8)
        kind = (hx_struct_kind)(NEXT() % HX_ST_COUNT);
        v = versions[NEXT() % NUM_VERSIONS];
        n = NEXT() % 0x200;
        p = exact(n, 0);
        for (i = 0; i < n; i++) p[i] = (unsigned char)NEXT();
        /* Small numbers for offsets and sizes, so that parts land inside often. */
        for (i = 0; i + 4 <= n; i += 4)
            if (NEXT() % 2) put32(p, i, (DWORD)(NEXT() % (n + 8)));
        if (n >= 4 && NEXT() % 2) put32(p, 0, (DWORD)n);
        c = hx_checks_new(NULL, NULL);
        seen = hx_struct_check_ex(kind, v, p, n, NEXT() % 5, c, FUNC);
        assert_int_equal(seen, hx_checks_count(c));
        reports += seen;
        hx_checks_free(c);
        free(p);
#undef NEXT
    }
    print_message("  20000 random structures: %u reports\n", reports);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_fixed_sizes),
        cmocka_unit_test(test_correct_fills_pass),
        cmocka_unit_test(test_each_text_part_needs_nul),
        cmocka_unit_test(test_too_small_buffer_passes),
        cmocka_unit_test(test_below_fixed_part_checks_sizes_only),
        cmocka_unit_test(test_total_changed),
        cmocka_unit_test(test_used_gt_total),
        cmocka_unit_test(test_needed_lt_used),
        cmocka_unit_test(test_used_below_fixed_part),
        cmocka_unit_test(test_field_inside_fixed_part),
        cmocka_unit_test(test_field_past_used),
        cmocka_unit_test(test_field_sum_wraps),
        cmocka_unit_test(test_unicode_string_without_nul),
        cmocka_unit_test(test_string_format_governs_text),
        cmocka_unit_test(test_varstring_rules),
        cmocka_unit_test(test_device_string_format),
        cmocka_unit_test(test_nested_entries),
        cmocka_unit_test(test_call_treatment_names),
        cmocka_unit_test(test_each_problem_once),
        cmocka_unit_test(test_members_newer_than_version_ignored),
        cmocka_unit_test(test_gbuf_intact),
        cmocka_unit_test(test_gbuf_overwrite_after),
        cmocka_unit_test(test_gbuf_overwrite_before),
        cmocka_unit_test(test_hostile_all_ones),
        cmocka_unit_test(test_hostile_small_totals),
        cmocka_unit_test(test_hostile_huge_used),
        cmocka_unit_test(test_hostile_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
