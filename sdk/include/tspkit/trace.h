/*
 * tspkit/trace.h - levelled tracing for providers.
 *
 * What it does: a tspk_tracer holds a level, a prefix (the provider's name)
 * and a sink. tspk_trace() first compares the level (one atomic load, so
 * disabled tracing costs almost nothing), and only then formats
 *
 *     2024-05-01 12:34:56.123456 [4242] WARN  unimodem: line 3: no dial tone
 *
 * (local time, OS thread id, level, prefix, message) into a bounded buffer
 * and hands the line, without a newline, to the sink. Lines longer than
 * TSPK_TRACE_LINE_MAX - 1 bytes are cut and end in "...".
 * The default sink writes to stderr on POSIX and to OutputDebugStringA on
 * Windows, where TAPISRV has no console and TSP authors watch DbgView.
 *
 * Usage (exactly one .c file of the program defines TSPKIT_IMPLEMENTATION):
 *
 *     #define TSPKIT_IMPLEMENTATION
 *     #include <tspkit/trace.h>
 *
 *     tspk_tracer tr;
 *     tspk_tracer_init(&tr, "mytsp", TSPK_TRACE_WARN, NULL, NULL);
 *     tspk_tracer_level_from_env(&tr, "MYTSP_TRACE");   // e.g. MYTSP_TRACE=debug
 *     tspk_trace(&tr, TSPK_TRACE_INFO, "line %u opened", 3u);
 *
 * A NULL tracer is valid everywhere and traces nothing. The sink is called
 * from whichever thread traces, with no tspkit lock held.
 */
#ifndef TSPKIT_TRACE_H
#define TSPKIT_TRACE_H

#include "thread.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h> /* vsnprintf; on mingw, __MINGW_PRINTF_FORMAT */

typedef enum tspk_trace_level {
    TSPK_TRACE_OFF = 0,
    TSPK_TRACE_ERROR = 1,
    TSPK_TRACE_WARN = 2,
    TSPK_TRACE_INFO = 3,
    TSPK_TRACE_DEBUG = 4,
    TSPK_TRACE_TRACE = 5
} tspk_trace_level;

/* Bytes per formatted line including the terminating NUL. */
#define TSPK_TRACE_LINE_MAX 512
/* Longer prefixes are cut. */
#define TSPK_TRACE_PREFIX_MAX 32

typedef void (*tspk_trace_sink)(int level, const char *line, void *user);

/* Fields are private; the level may be changed while other threads trace. */
typedef struct tspk_tracer {
    atomic_int level;
    tspk_trace_sink sink;
    void *user;
    char prefix[TSPK_TRACE_PREFIX_MAX];
} tspk_tracer;

#if defined(__MINGW32__)
#  define TSPK_PRINTF_LIKE(f, a) __attribute__((format(__MINGW_PRINTF_FORMAT, f, a)))
#elif defined(__GNUC__)
#  define TSPK_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#  define TSPK_PRINTF_LIKE(f, a)
#endif

/* sink NULL selects tspk_trace_default_sink; prefix NULL means none. */
void tspk_tracer_init(tspk_tracer *t, const char *prefix, int level,
                      tspk_trace_sink sink, void *user);
void tspk_tracer_set_level(tspk_tracer *t, int level);
int tspk_tracer_level(tspk_tracer *t);
/* Nonzero if a message at this level would reach the sink. */
int tspk_trace_enabled(tspk_tracer *t, int level);

/* "off"/"none", "error", "warn"/"warning", "info", "debug", "trace" (any
 * case) or "0".."5": the level, or TSPK_EINVAL. */
int tspk_trace_parse_level(const char *s);
/* "ERROR", ..., "TRACE"; "OFF" for 0 and "?" outside the range. */
const char *tspk_trace_level_name(int level);
/* Sets the level from environment variable `name`. 0 if set, -ENOENT if the
 * variable is unset, TSPK_EINVAL if unparsable; the level is kept on error. */
int tspk_tracer_level_from_env(tspk_tracer *t, const char *name);

void tspk_trace(tspk_tracer *t, int level, const char *fmt, ...) TSPK_PRINTF_LIKE(3, 4);
void tspk_vtrace(tspk_tracer *t, int level, const char *fmt, va_list ap) TSPK_PRINTF_LIKE(3, 0);

void tspk_trace_default_sink(int level, const char *line, void *user);

#endif /* TSPKIT_TRACE_H */

/* ========================================================================= */
#if defined(TSPKIT_IMPLEMENTATION) && !defined(TSPKIT_TRACE_DONE)
#define TSPKIT_TRACE_DONE

#include <stdlib.h>
#include <string.h>

static int tspk__trace_clamp(int level)
{
    return level < TSPK_TRACE_OFF ? TSPK_TRACE_OFF
         : level > TSPK_TRACE_TRACE ? TSPK_TRACE_TRACE : level;
}

void tspk_tracer_init(tspk_tracer *t, const char *prefix, int level,
                      tspk_trace_sink sink, void *user)
{
    atomic_init(&t->level, tspk__trace_clamp(level));
    t->sink = sink ? sink : tspk_trace_default_sink;
    t->user = user;
    snprintf(t->prefix, sizeof t->prefix, "%s", prefix ? prefix : "");
}

void tspk_tracer_set_level(tspk_tracer *t, int level)
{
    atomic_store_explicit(&t->level, tspk__trace_clamp(level), memory_order_relaxed);
}

int tspk_tracer_level(tspk_tracer *t)
{
    return t ? atomic_load_explicit(&t->level, memory_order_relaxed) : TSPK_TRACE_OFF;
}

int tspk_trace_enabled(tspk_tracer *t, int level)
{
    return level > TSPK_TRACE_OFF && level <= tspk_tracer_level(t);
}

static const char *const tspk__trace_names[] = {
    "OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"
};

const char *tspk_trace_level_name(int level)
{
    return level >= TSPK_TRACE_OFF && level <= TSPK_TRACE_TRACE ? tspk__trace_names[level] : "?";
}

/* ASCII-only, locale-independent comparison. */
static int tspk__trace_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

int tspk_trace_parse_level(const char *s)
{
    int level;
    if (!s)
        return TSPK_EINVAL;
    if (s[0] >= '0' && s[0] <= '5' && s[1] == '\0')
        return s[0] - '0';
    for (level = TSPK_TRACE_OFF; level <= TSPK_TRACE_TRACE; level++)
        if (tspk__trace_ieq(s, tspk__trace_names[level]))
            return level;
    if (tspk__trace_ieq(s, "none"))
        return TSPK_TRACE_OFF;
    if (tspk__trace_ieq(s, "warning"))
        return TSPK_TRACE_WARN;
    return TSPK_EINVAL;
}

int tspk_tracer_level_from_env(tspk_tracer *t, const char *name)
{
    const char *value = name ? getenv(name) : NULL;
    int level;
    if (!value)
        return -ENOENT;
    level = tspk_trace_parse_level(value);
    if (level < 0)
        return level;
    tspk_tracer_set_level(t, level);
    return 0;
}

/* Writes "YYYY-MM-DD hh:mm:ss.ffffff" (local time) into buf. */
static void tspk__trace_timestamp(char *buf, size_t size)
{
#ifdef _WIN32
    SYSTEMTIME st;
    GetLocalTime(&st);
    if (snprintf(buf, size, "%04u-%02u-%02u %02u:%02u:%02u.%03u000",
                 st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute, st.wSecond,
                 st.wMilliseconds) < 0)
        buf[0] = '\0';
#else
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    if (snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d.%06ld",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                 tm.tm_sec, (long)(ts.tv_nsec / 1000)) < 0)
        buf[0] = '\0';
#endif
}

void tspk_vtrace(tspk_tracer *t, int level, const char *fmt, va_list ap)
{
    char line[TSPK_TRACE_LINE_MAX];
    char stamp[32];
    int head, body;
    if (!tspk_trace_enabled(t, level))
        return;
    tspk__trace_timestamp(stamp, sizeof stamp);
    head = snprintf(line, sizeof line, "%s [%llu] %-5s %s%s", stamp,
                    (unsigned long long)tspk_thread_self_id(), tspk_trace_level_name(level),
                    t->prefix, t->prefix[0] ? ": " : "");
    if (head < 0)
        return;
    body = vsnprintf(line + head, sizeof line - (size_t)head, fmt, ap);
    /* Some C runtimes return -1 on truncation instead of the full length. */
    if (body < 0 || (size_t)body >= sizeof line - (size_t)head) {
        line[sizeof line - 1] = '\0';
        memcpy(line + sizeof line - 4, "...", 3);
    }
    t->sink(level, line, t->user);
}

void tspk_trace(tspk_tracer *t, int level, const char *fmt, ...)
{
    va_list ap;
    if (!tspk_trace_enabled(t, level))
        return;
    va_start(ap, fmt);
    tspk_vtrace(t, level, fmt, ap);
    va_end(ap);
}

void tspk_trace_default_sink(int level, const char *line, void *user)
{
    (void)level;
    (void)user;
#ifdef _WIN32
    {
        char buf[TSPK_TRACE_LINE_MAX + 1];
        size_t n = strlen(line);
        if (n > TSPK_TRACE_LINE_MAX - 1)
            n = TSPK_TRACE_LINE_MAX - 1;
        memcpy(buf, line, n);
        memcpy(buf + n, "\n", 2);
        OutputDebugStringA(buf);
    }
#else
    /* One call, so that lines from different threads do not interleave. */
    fprintf(stderr, "%s\n", line);
#endif
}

#endif /* TSPKIT_IMPLEMENTATION */
