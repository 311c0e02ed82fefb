/* harness/ladder.c - see ladder.h. */
#include <tspkit/thread.h>
#include "ladder.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct hx_msg {
    uint64_t t_us;
    unsigned char from, to;
    char *label;             /* one allocation: label, NUL, detail, NUL */
    const char *detail;      /* NULL when none was given */
} hx_msg;

struct hx_ladder {
    tspk_mutex lock;
    hx_msg *msgs;
    size_t count, cap, dropped;
};

/* Counting and writing only read, but still take the lock adds take. The ladder
 * is always heap-allocated and never const itself, so dropping const is sound. */
static tspk_mutex *lock_of(const hx_ladder *l)
{
    return (tspk_mutex *)&l->lock;
}

hx_ladder *hx_ladder_new(void)
{
    hx_ladder *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    if (tspk_mutex_init(&l->lock) != 0) {
        free(l);
        return NULL;
    }
    return l;
}

void hx_ladder_free(hx_ladder *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++)
        free(l->msgs[i].label);
    free(l->msgs);
    tspk_mutex_destroy(&l->lock);
    free(l);
}

/* Length of s cut to at most max bytes, never inside a UTF-8 sequence. */
static size_t cut_len(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    if (n == max && s[n])
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    return n;
}

int hx_ladder_add(hx_ladder *l, uint64_t t_us, hx_lane from, hx_lane to, const char *label,
                  const char *detail)
{
    if (!l || (unsigned)from >= HX_LANE_COUNT || (unsigned)to >= HX_LANE_COUNT)
        return -EINVAL;
    if (!label)
        label = "";
    size_t ln = cut_len(label, HX_LADDER_LABEL_MAX);
    size_t dn = detail ? cut_len(detail, HX_LADDER_DETAIL_MAX) : 0;
    /* Copy before taking the lock: the lock only guards the array. */
    char *text = malloc(ln + 1 + dn + 1);
    if (!text)
        return -ENOMEM;
    memcpy(text, label, ln);
    text[ln] = '\0';
    if (detail)
        memcpy(text + ln + 1, detail, dn);
    text[ln + 1 + dn] = '\0';

    int rc = 0;
    tspk_mutex_lock(&l->lock);
    if (l->count == HX_LADDER_MAX) {
        l->dropped++;
        rc = -ENOSPC;
    } else if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        if (cap > HX_LADDER_MAX)
            cap = HX_LADDER_MAX;
        hx_msg *grown = realloc(l->msgs, cap * sizeof *grown);
        if (grown) {
            l->msgs = grown;
            l->cap = cap;
        } else {
            rc = -ENOMEM;
        }
    }
    if (rc == 0) {
        hx_msg *m = &l->msgs[l->count];
        m->t_us = t_us;
        m->from = (unsigned char)from;
        m->to = (unsigned char)to;
        m->label = text;
        m->detail = detail ? text + ln + 1 : NULL;
        l->count++;
    }
    tspk_mutex_unlock(&l->lock);
    if (rc != 0)
        free(text);
    return rc;
}

size_t hx_ladder_count(const hx_ladder *l)
{
    if (!l)
        return 0;
    tspk_mutex_lock(lock_of(l));
    size_t n = l->count;
    tspk_mutex_unlock(lock_of(l));
    return n;
}

size_t hx_ladder_dropped(const hx_ladder *l)
{
    if (!l)
        return 0;
    tspk_mutex_lock(lock_of(l));
    size_t n = l->dropped;
    tspk_mutex_unlock(lock_of(l));
    return n;
}

/* ---- text: any bytes in, well-formed XML character data out ---------------------------- */

#define REPLACEMENT "\xEF\xBF\xBD"   /* U+FFFD */
#define ELLIPSIS "\xE2\x80\xA6"      /* U+2026 */

/* Length of the valid UTF-8 sequence at s that XML 1.0 allows as a character
 * (https://www.w3.org/TR/xml/#charsets), or 0. C0/C1 controls and DEL are refused
 * too: they are legal in some places but never meant to be shown. */
static size_t xml_char_len(const unsigned char *s)
{
    uint32_t c;
    size_t n;
    if (s[0] < 0x80)
        return (s[0] >= 0x20 && s[0] != 0x7F) ? 1 : 0;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        c = s[0] & 0x1Fu;
        n = 2;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        c = s[0] & 0x0Fu;
        n = 3;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        c = s[0] & 0x07u;
        n = 4;
    } else {
        return 0;   /* continuation byte, overlong 2-byte lead, or beyond U+10FFFF */
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;   /* also stops at the terminating NUL */
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    static const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min_for_len[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ||
        c == 0xFFFE || c == 0xFFFF || (c >= 0x80 && c <= 0x9F))
        return 0;
    return n;
}

/* Writes s as escaped character data, at most max_chars characters (0: all) and an
 * ellipsis when cut. In a tooltip (multiline) line feeds and tabs are kept; on an
 * arrow every whitespace control becomes a space. */
static void put_text(FILE *f, const char *s, size_t max_chars, int multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t shown = 0;
    while (*p) {
        if (max_chars && shown == max_chars) {
            fputs(ELLIPSIS, f);
            return;
        }
        shown++;
        switch (*p) {
        case '&': fputs("&amp;", f); p++; continue;
        case '<': fputs("&lt;", f); p++; continue;
        case '>': fputs("&gt;", f); p++; continue;
        case '"': fputs("&quot;", f); p++; continue;
        case '\'': fputs("&apos;", f); p++; continue;
        case '\n': case '\t': case '\r':
            fputc(multiline && *p != '\r' ? *p : ' ', f);
            p++;
            continue;
        default:
            break;
        }
        size_t n = xml_char_len(p);
        if (n) {
            fwrite(p, 1, n, f);
            p += n;
        } else {
            fputs(REPLACEMENT, f);
            p++;
        }
    }
}

/* ---- the picture ------------------------------------------------------------------------ */

/* Geometry in SVG user units (pixels). */
enum {
    TIME_COL = 100,            /* left margin holding the timestamps */
    LANE_GAP = 250,            /* distance between lifelines */
    BOX_W = 150, BOX_H = 30,   /* lane name boxes */
    BOX_TOP = 44,
    FIRST_ROW = BOX_TOP + BOX_H + 36,
    ROW_H = 28,
    HEAD_LEN = 9, HEAD_HALF = 4,
    LOOP_W = 30, LOOP_H = 16,
    WIDTH = TIME_COL + HX_LANE_COUNT * LANE_GAP + 20
};

static const char *const lane_name[HX_LANE_COUNT] = {"Application", "TAPISRV", "TSP", "MSP"};
/* Arrows take the colour of the party that sent them, so a column of replies or
 * events from one party is easy to follow. */
static const char *const lane_colour[HX_LANE_COUNT] = {"#1f5fa8", "#333333", "#b3541e", "#2e7d32"};

static int lane_x(unsigned lane)
{
    return TIME_COL + LANE_GAP / 2 + (int)lane * LANE_GAP;
}

static void put_lane_boxes(FILE *f, int y)
{
    for (unsigned i = 0; i < HX_LANE_COUNT; i++)
        fprintf(f,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"#f3f3f3\" "
                "stroke=\"%s\" stroke-width=\"1.5\"/>"
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>\n",
                lane_x(i) - BOX_W / 2, y, BOX_W, BOX_H, lane_colour[i], lane_x(i), y + 20,
                lane_name[i]);
}

static void put_msg(FILE *f, const hx_msg *m, uint64_t t0, int y)
{
    const char *colour = lane_colour[m->from];
    int dashed = strncmp(m->label, "= ", 2) == 0;
    uint64_t dt = m->t_us - t0;

    fputs("<g><title>", f);
    put_text(f, m->label, 0, 1);
    if (m->detail && m->detail[0]) {
        fputc('\n', f);
        put_text(f, m->detail, 0, 1);
    }
    fputs("</title>", f);
    fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"t\">%" PRIu64 ".%03u</text>",
            TIME_COL - 12, y + 4, dt / 1000, (unsigned)(dt % 1000));

    int x1 = lane_x(m->from), x2 = lane_x(m->to);
    const char *dash = dashed ? " stroke-dasharray=\"6 4\"" : "";
    if (x1 == x2) {
        /* A loop out to the right and back, the head pointing at the lifeline. */
        fprintf(f,
                "<path d=\"M%d %d h%d v%d h%d\" fill=\"none\" stroke=\"%s\"%s/>"
                "<path d=\"M%d %d l%d %d v%d z\" fill=\"%s\"/>"
                "<text x=\"%d\" y=\"%d\" class=\"l\">",
                x1, y - LOOP_H / 2, LOOP_W, LOOP_H, -(LOOP_W - HEAD_LEN), colour, dash,
                x1, y + LOOP_H / 2, HEAD_LEN, -HEAD_HALF, 2 * HEAD_HALF, colour,
                x1 + LOOP_W + 6, y + 4);
    } else {
        int dir = x2 > x1 ? 1 : -1;
        /* The shaft stops where the head begins, so dashes never show through the tip. */
        fprintf(f,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>"
                "<path d=\"M%d %d l%d %d v%d z\" fill=\"%s\"/>"
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"l\">",
                x1, y, x2 - dir * HEAD_LEN, y, colour, dash,
                x2, y, -dir * HEAD_LEN, -HEAD_HALF, 2 * HEAD_HALF, colour,
                (x1 + x2) / 2, y - 5);
    }
    put_text(f, m->label, HX_LADDER_LABEL_SHOWN, 0);
    fputs("</text></g>\n", f);
}

/* Bottom-up merge sort by time into tmp and back. Stable (equal times keep the order
 * of adding, which is the order of the snapshot): libc's qsort does not promise that. */
static void sort_by_time(hx_msg *a, hx_msg *tmp, size_t n)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[j].t_us < a[i].t_us ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, n * sizeof *a);
    }
}

int hx_ladder_write_svg(const hx_ladder *l, FILE *out, const char *title)
{
    if (!l || !out)
        return -EINVAL;
    if (!title)
        title = "tspkit message ladder";

    /* Snapshot the records (their text is never freed before the ladder is), so
     * providers' threads can go on adding while the file is written. */
    tspk_mutex_lock(lock_of(l));
    size_t n = l->count, dropped = l->dropped;
    hx_msg *msgs = malloc((n ? n : 1) * 2 * sizeof *msgs);
    if (msgs && n)
        memcpy(msgs, l->msgs, n * sizeof *msgs);
    tspk_mutex_unlock(lock_of(l));
    if (!msgs)
        return -ENOMEM;
    sort_by_time(msgs, msgs + n, n);

    int last_row = FIRST_ROW + (n ? (int)(n - 1) : 0) * ROW_H;
    int bottom_box = last_row + 24;
    int height = bottom_box + BOX_H + (dropped ? 40 : 16);

    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
            "<style>.l{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
            ".t{font-family:monospace;font-size:11px;fill:#555}</style>\n"
            "<title>",
            WIDTH, height, WIDTH, height);
    put_text(out, title, 0, 0);
    fprintf(out, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n"
                 "<text x=\"%d\" y=\"26\" font-size=\"16\" font-weight=\"bold\">",
            WIDTH, height, 12);
    put_text(out, title, 0, 0);
    fprintf(out, "</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"t\">ms</text>\n",
            TIME_COL - 12, BOX_TOP + 20);

    for (unsigned i = 0; i < HX_LANE_COUNT; i++)
        fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#aaa\" "
                     "stroke-dasharray=\"2 3\"/>\n",
                lane_x(i), BOX_TOP + BOX_H, lane_x(i), bottom_box);
    put_lane_boxes(out, BOX_TOP);

    if (n == 0)
        fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#777\">"
                     "(no messages)</text>\n",
                WIDTH / 2, FIRST_ROW + 4);
    for (size_t i = 0; i < n; i++)
        put_msg(out, &msgs[i], msgs[0].t_us, FIRST_ROW + (int)i * ROW_H);

    put_lane_boxes(out, bottom_box);
    if (dropped)
        fprintf(out, "<text x=\"12\" y=\"%d\" fill=\"#b00\">%zu further messages were not "
                     "recorded (limit %d)</text>\n",
                bottom_box + BOX_H + 24, dropped, HX_LADDER_MAX);
    fputs("</svg>\n", out);
    free(msgs);
    if (fflush(out) != 0 || ferror(out))
        return -EIO;
    return 0;
}
