/*
 * tools/bench/bench_row.h - how a benchmark program reports a figure to `make bench`.
 *
 * Each figure is one line on stdout, which tools/bench/run-bench.sh gathers from every
 * bench program into one table (figure, target, ratio, PASS/MISS):
 *
 *     BENCH<TAB>name<TAB>value<TAB>unit<TAB>cmp<TAB>target<TAB>note
 *
 * cmp is ">=" (more is better) or "<=" (less is better); "-" is a figure without a
 * target. Anything else the program prints is passed through as a comment. A program
 * exits 0 when it ran (a missed target is not a failure) and non-zero when it could not.
 */
#ifndef TOOLS_BENCH_ROW_H
#define TOOLS_BENCH_ROW_H

#include <stdint.h>
#include <stdio.h>

static void bench_row(const char *name, double value, const char *unit, const char *cmp, double target,
                      const char *note)
{
    printf("BENCH\t%s\t%.6g\t%s\t%s\t%.6g\t%s\n", name, value, unit, cmp, target, note ? note : "");
    fflush(stdout);
}

/* qsort comparators for the samples the programs sort to take medians and percentiles. */
static inline int bench_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}
static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#endif
