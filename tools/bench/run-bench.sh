#!/bin/sh
# tools/bench/run-bench.sh - `make bench`: runs every benchmark program given and prints
# one table: each figure next to its target, the ratio (>= 1 is as good as the target or
# better, whichever way the target points) and PASS or MISS.
#
#   sh tools/bench/run-bench.sh PROGRAM...
#
# Programs run without arguments and report figures as bench_row.h lines
# (BENCH<TAB>name<TAB>value<TAB>unit<TAB>cmp<TAB>target<TAB>note); h323_per_bench's own
# output is read as it is. A missed target never fails; the exit status is 1 when a
# program could not run (exit status other than 0, or 2 meaning "ran, missed"), or
# reported nothing. docs/bench.md explains the rows.
set -u

rows=$(mktemp) || exit 1
log=$(mktemp) || exit 1
trap 'rm -f "$rows" "$log"' EXIT INT TERM

model=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine: $(nproc) CPUs, ${model:-unknown CPU}, $(uname -sr)"
echo "timed figures are medians of repetitions (bench_harness: 5; h323_per_bench: 5); unimodem_bench: percentiles of 256 AT commands, calls over 20 s"
echo

failed=0
for prog in "$@"; do
    name=$(basename "$prog")
    "$prog" > "$log" 2>&1
    rc=$?
    case "$name" in
    h323_per_bench)
        # "  encode + decode   NNN ns   (target <= 2000 ns) ..."
        awk -v OFS='\t' '/encode \+ decode/ { for (i = 1; i <= NF; i++) if ($i == "ns") { v = $(i - 1); break }
                         print "BENCH", "H.323 PER fast-start Setup encode+decode", v, "ns", "<=", 2000,
                               "H323-UserInformation, 4 fastStart" }' "$log" > "$log.rows"
        ;;
    *)
        grep '^BENCH	' "$log" > "$log.rows"
        ;;
    esac
    if { [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; } || [ ! -s "$log.rows" ]; then
        echo "$name could not run (exit status $rc):"
        grep -v '^BENCH	' "$log" | sed 's/^/    /'
        failed=1
    fi
    cat "$log.rows" >> "$rows"
    rm -f "$log.rows"
done

awk -F '\t' '
function show(v, u) {
    if (u == "/s" && v >= 1e6) return sprintf("%.2f M/s", v / 1e6)
    if (u == "/s" && v >= 1e3) return sprintf("%.1f k/s", v / 1e3)
    if (v >= 100) return sprintf("%.0f %s", v, u)
    return sprintf("%.2f %s", v, u)
}
BEGIN { printf "%-40s %13s %15s %7s  %-5s %s\n", "figure", "measured", "target", "ratio", "", "how"
        printf "%-40s %13s %15s %7s  %-5s %s\n", "------", "--------", "------", "-----", "", "---" }
{
    v = $3 + 0; t = $6 + 0
    if ($5 == ">=" || $5 == "<=") {
        ratio = ($5 == ">=") ? (t ? v / t : 0) : (v ? t / v : 999)
        printf "%-40s %13s %15s %6.2fx  %-5s %s\n", $2, show(v, $4), $5 " " show(t, $4), ratio,
               (ratio >= 1 ? "PASS" : "MISS"), $7
    } else
        printf "%-40s %13s %15s %7s  %-5s %s\n", $2, show(v, $4), "-", "", "", $7
}' "$rows"
exit $failed
