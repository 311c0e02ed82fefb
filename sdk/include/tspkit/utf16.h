/*
 * tspkit/utf16.h - UTF-16 strings for TAPI: conversion to and from UTF-8,
 * length, comparison.
 *
 * What it does: TSPI passes every string as NUL-terminated UTF-16 (WCHAR),
 * while a provider's own code, configuration and protocols are mostly UTF-8.
 * This module converts between the two and offers the few wide-string helpers
 * a provider needs, identical on Windows (WCHAR = wchar_t) and Linux
 * (WCHAR = uint16_t, where the C library's wcs* functions do not apply).
 *
 * How invalid input is answered (Unicode 15, section 3.9, "Unicode Encoding
 * Forms"; RFC 3629 for UTF-8):
 *   - invalid UTF-8 is: a stray continuation byte, a byte C0, C1 or F5..FF,
 *     an overlong form, an encoded surrogate (ED A0..ED BF), a value above
 *     U+10FFFF, or a sequence cut short by the end of input or by a byte that
 *     is not a continuation;
 *   - invalid UTF-16 is a lone surrogate: a high one not followed by a low
 *     one, or a low one not preceded by a high one.
 *   With TSPK_UTF_STRICT the conversion fails with LINEERR_INVALPARAM and the
 *   output is only the empty string. With TSPK_UTF_REPLACE each maximal
 *   invalid subpart (the longest prefix of a well-formed sequence, or else one
 *   byte; for UTF-16 one lone unit) becomes U+FFFD, the practice the Unicode
 *   standard recommends ("U+FFFD Substitution of Maximal Subparts").
 *
 * Usage (one .c file of the program defines TSPKIT_IMPLEMENTATION first):
 *
 *     #define TSPKIT_IMPLEMENTATION
 *     #include <tspkit/utf16.h>
 *
 *     WCHAR name[64];
 *     size_t len;
 *     if (tspk_utf8_to_utf16("Modem \xC3\xA9", TSPK_NTS, name, 64, &len,
 *                            TSPK_UTF_REPLACE) == 0
 *         && tspk_wcsicmp_ascii(name, TSPK_W("MODEM \u00e9")) == 0) { ... }
 */
#ifndef TSPKIT_UTF16_H
#define TSPKIT_UTF16_H

#include <stddef.h>
#include "tapi.h"

/* A WCHAR string literal: wchar_t is WCHAR on Windows, char16_t elsewhere. */
#if defined(_WIN32)
#  define TSPK_W_(s) L##s
#else
#  define TSPK_W_(s) u##s
#endif
#define TSPK_W(s) TSPK_W_(s)

/* Source length meaning "up to the terminating NUL". */
#define TSPK_NTS ((size_t)-1)

/* How conversions treat invalid input (see above). */
#define TSPK_UTF_STRICT 0u
#define TSPK_UTF_REPLACE 1u

#define TSPK_UNICODE_REPLACEMENT 0xFFFDu

/*
 * Converts UTF-8 to NUL-terminated UTF-16. src holds src_len bytes, or is
 * NUL-terminated when src_len is TSPK_NTS (a NUL inside an explicit length is
 * converted like any character). dst holds dst_cap WCHARs, the NUL included.
 * *needed (may be NULL) receives the WCHARs the whole conversion takes, NUL
 * excluded, even when dst is too small or NULL (dst_cap 0), so callers size
 * their buffer with a first call.
 * Returns 0; LINEERR_STRUCTURETOOSMALL when dst is too small (dst then holds
 * the whole characters that fitted, NUL-terminated, never half a surrogate
 * pair); LINEERR_INVALPARAM for invalid input in strict mode;
 * LINEERR_INVALPOINTER for a NULL src, or a NULL dst with dst_cap > 0.
 */
LONG tspk_utf8_to_utf16(const char *src, size_t src_len, WCHAR *dst, size_t dst_cap,
                        size_t *needed, unsigned flags);

/* The same from UTF-16 (src_len in WCHARs) to NUL-terminated UTF-8 (dst_cap
 * and *needed in bytes). */
LONG tspk_utf16_to_utf8(const WCHAR *src, size_t src_len, char *dst, size_t dst_cap,
                        size_t *needed, unsigned flags);

/* Length in WCHARs up to the NUL; the bounded form reads at most max units
 * and returns max when there is no NUL among them. */
size_t tspk_wcslen(const WCHAR *s);
size_t tspk_wcsnlen(const WCHAR *s, size_t max);

/* Ordering by code unit value: <0, 0, >0 like strcmp. */
int tspk_wcscmp(const WCHAR *a, const WCHAR *b);

/* As tspk_wcscmp, but folding A-Z to a-z only: TAPI device class names
 * ("comm/datamodem", "wave/in") are ASCII and compared without case
 * (learn.microsoft.com/windows/win32/tapi/device-classes). */
int tspk_wcsicmp_ascii(const WCHAR *a, const WCHAR *b);

/* A malloc'd UTF-8 copy of NUL-terminated s (lone surrogates become U+FFFD);
 * NULL when s is NULL or memory runs out. Release with free(). */
char *tspk_wcsdup_utf8(const WCHAR *s);

/* ---------------------------------------------------------------------- */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_UTF16_DONE)
#define TSPKIT_UTF16_DONE

#include <stdlib.h>
#include <string.h>

/* Decodes one code point from UTF-8 at s[0..n), n >= 1. Returns the bytes
 * consumed; *cp is the code point, or -1 for an invalid maximal subpart. */
static size_t tspk__utf8_decode(const unsigned char *s, size_t n, long *cp)
{
    unsigned char b = s[0];
    size_t want, i;
    unsigned char lo = 0x80, hi = 0xBF;   /* allowed range of the 2nd byte */
    unsigned long v;

    if (b < 0x80) { *cp = b; return 1; }
    if (b >= 0xC2 && b <= 0xDF) { want = 2; v = b & 0x1Fu; }
    else if (b >= 0xE0 && b <= 0xEF) {
        want = 3; v = b & 0x0Fu;
        if (b == 0xE0) lo = 0xA0;         /* no overlong 3-byte forms */
        if (b == 0xED) hi = 0x9F;         /* no surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        want = 4; v = b & 0x07u;
        if (b == 0xF0) lo = 0x90;         /* no overlong 4-byte forms */
        if (b == 0xF4) hi = 0x8F;         /* nothing above U+10FFFF */
    } else { *cp = -1; return 1; }        /* 80..C1, F5..FF */

    for (i = 1; i < want; i++) {
        unsigned char c;
        if (i >= n) { *cp = -1; return i; }
        c = s[i];
        if (i == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) { *cp = -1; return i; }
        v = (v << 6) | (c & 0x3Fu);
    }
    *cp = (long)v;
    return want;
}

/* Decodes one code point from UTF-16 at s[0..n), n >= 1; as above. */
static size_t tspk__utf16_decode(const WCHAR *s, size_t n, long *cp)
{
    unsigned long u = s[0];

    if (u < 0xD800 || u > 0xDFFF) { *cp = (long)u; return 1; }
    if (u <= 0xDBFF && n >= 2 && s[1] >= 0xDC00 && s[1] <= 0xDFFF) {
        *cp = (long)(0x10000 + ((u - 0xD800) << 10) + (s[1] - 0xDC00u));
        return 2;
    }
    *cp = -1;
    return 1;
}

LONG tspk_utf8_to_utf16(const char *src, size_t src_len, WCHAR *dst, size_t dst_cap,
                        size_t *needed, unsigned flags)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t n, i = 0, total = 0, put = 0;
    int full = 0;

    if (needed) *needed = 0;
    if (!src || (!dst && dst_cap)) return (LONG)LINEERR_INVALPOINTER;
    n = src_len == TSPK_NTS ? strlen(src) : src_len;
    while (i < n) {
        long cp;
        size_t units;
        i += tspk__utf8_decode(s + i, n - i, &cp);
        if (cp < 0) {
            if (!(flags & TSPK_UTF_REPLACE)) {
                if (dst_cap) dst[0] = 0;
                return (LONG)LINEERR_INVALPARAM;
            }
            cp = TSPK_UNICODE_REPLACEMENT;
        }
        units = cp >= 0x10000 ? 2 : 1;
        total += units;
        /* Stop writing at the first character that does not fit, so the
         * output is a prefix of the text, never a text with holes. */
        if (full || put + units >= dst_cap) { full = 1; continue; }
        if (units == 2) {
            dst[put++] = (WCHAR)(0xD800 + ((unsigned long)(cp - 0x10000) >> 10));
            dst[put++] = (WCHAR)(0xDC00 + ((unsigned long)(cp - 0x10000) & 0x3FFu));
        } else {
            dst[put++] = (WCHAR)cp;
        }
    }
    if (dst_cap) dst[put] = 0;
    if (needed) *needed = total;
    return full ? (LONG)LINEERR_STRUCTURETOOSMALL : 0;
}

LONG tspk_utf16_to_utf8(const WCHAR *src, size_t src_len, char *dst, size_t dst_cap,
                        size_t *needed, unsigned flags)
{
    size_t n, i = 0, total = 0, put = 0;
    int full = 0;

    if (needed) *needed = 0;
    if (!src || (!dst && dst_cap)) return (LONG)LINEERR_INVALPOINTER;
    n = src_len == TSPK_NTS ? tspk_wcslen(src) : src_len;
    while (i < n) {
        long cp;
        size_t bytes;
        unsigned long v;
        i += tspk__utf16_decode(src + i, n - i, &cp);
        if (cp < 0) {
            if (!(flags & TSPK_UTF_REPLACE)) {
                if (dst_cap) dst[0] = 0;
                return (LONG)LINEERR_INVALPARAM;
            }
            cp = TSPK_UNICODE_REPLACEMENT;
        }
        v = (unsigned long)cp;
        bytes = v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
        total += bytes;
        if (full || put + bytes >= dst_cap) { full = 1; continue; }
        switch (bytes) {
        case 1:
            dst[put++] = (char)v;
            break;
        case 2:
            dst[put++] = (char)(0xC0 | (v >> 6));
            dst[put++] = (char)(0x80 | (v & 0x3F));
            break;
        case 3:
            dst[put++] = (char)(0xE0 | (v >> 12));
            dst[put++] = (char)(0x80 | ((v >> 6) & 0x3F));
            dst[put++] = (char)(0x80 | (v & 0x3F));
            break;
        default:
            dst[put++] = (char)(0xF0 | (v >> 18));
            dst[put++] = (char)(0x80 | ((v >> 12) & 0x3F));
            dst[put++] = (char)(0x80 | ((v >> 6) & 0x3F));
            dst[put++] = (char)(0x80 | (v & 0x3F));
            break;
        }
    }
    if (dst_cap) dst[put] = 0;
    if (needed) *needed = total;
    return full ? (LONG)LINEERR_STRUCTURETOOSMALL : 0;
}

size_t tspk_wcslen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

size_t tspk_wcsnlen(const WCHAR *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n]) n++;
    return n;
}

int tspk_wcscmp(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) { a++; b++; }
    return (int)*a - (int)*b;
}

int tspk_wcsicmp_ascii(const WCHAR *a, const WCHAR *b)
{
    for (;; a++, b++) {
        int ca = *a, cb = *b;
        if (ca >= 'A' && ca <= 'Z') ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z') cb += 'a' - 'A';
        if (ca != cb || !ca) return ca - cb;
    }
}

char *tspk_wcsdup_utf8(const WCHAR *s)
{
    size_t need;
    char *out;

    if (!s) return NULL;
    tspk_utf16_to_utf8(s, TSPK_NTS, NULL, 0, &need, TSPK_UTF_REPLACE);
    out = (char *)malloc(need + 1);
    if (out) tspk_utf16_to_utf8(s, TSPK_NTS, out, need + 1, NULL, TSPK_UTF_REPLACE);
    return out;
}

#endif /* TSPKIT_IMPLEMENTATION */
#endif /* TSPKIT_UTF16_H */
