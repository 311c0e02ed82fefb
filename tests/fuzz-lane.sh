#!/bin/sh
# tests/fuzz-lane.sh - the bounded fuzz run of `make test`: every libFuzzer target
# (tests/unit/fuzz_*.c, built by `make test` with clang) runs for a fixed time, two at a time.
# The H.323 decoders get FUZZ_TEST_SECONDS_H323 (30 s each, issue 5), the others
# FUZZ_TEST_SECONDS (10 s). New inputs go to $BUILD/fuzz/lane-NAME, never into the checked-in
# seed corpus tests/unit/corpus/NAME; a crash leaves its input as $BUILD/fuzz/crash-NAME-*
# and the end of the fuzzer's log is printed.
#
#   sh tests/fuzz-lane.sh [NAME...]     (default: every target)
set -u
BUILD=${BUILD:-build}
SECS=${FUZZ_TEST_SECONDS:-10}
SECS_H323=${FUZZ_TEST_SECONDS_H323:-30}
JOBS=${FUZZ_TEST_JOBS:-2}

if [ $# -eq 0 ]; then
    set -- $(for f in tests/unit/fuzz_*.c; do basename "$f" .c; done)
fi

missing=''
for f in "$@"; do [ -x "$BUILD/fuzz/$f" ] || missing="$missing $f"; done
if [ -n "$missing" ]; then
    echo "fuzz targets not built:$missing (make test builds them with clang)"
    exit 1
fi

run_one() {   # run_one NAME: one target, its verdict on one line
    name=$1
    case $name in fuzz_h323_*) t=$SECS_H323 ;; *) t=$SECS ;; esac
    work="$BUILD/fuzz/lane-$name"; log="$BUILD/fuzz/lane-$name.log"
    rm -rf "$work"; mkdir -p "$work"
    seeds=''; [ -d "tests/unit/corpus/$name" ] && seeds="tests/unit/corpus/$name"
    # -rss_limit_mb: a decoder that allocates by a hostile length fails here, not the machine.
    if "$BUILD/fuzz/$name" -max_total_time="$t" -rss_limit_mb=1024 -print_final_stats=1 \
           -artifact_prefix="$BUILD/fuzz/crash-$name-" $work $seeds > "$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
        echo "ok   $name: ${t} s, ${runs:-?} inputs, ${cov:-cov: ?}"
    else
        echo "FAIL $name (log $log):"
        grep -v '^#[0-9]' "$log" | tail -n 30
        return 1
    fi
}

# Two at a time (the machine has 2 cores); each job's verdict is printed when it ends.
status=0
running=0
pids=''
results="$BUILD/fuzz/lane-results"
rm -rf "$results"; mkdir -p "$results"
for name in "$@"; do
    (run_one "$name" > "$results/$name" 2>&1; echo $? > "$results/$name.rc") &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then wait; running=0; fi
done
wait
for name in "$@"; do
    cat "$results/$name"
    [ "$(cat "$results/$name.rc" 2>/dev/null)" = 0 ] || status=1
done
echo "$# fuzz targets, $(grep -l '^FAIL' "$results"/* 2>/dev/null | wc -l) failed"
exit $status
