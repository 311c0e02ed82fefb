#!/bin/sh
# tests/h323/tshark-lane.sh [BUILD] - the h323-tshark lane of tests/run.sh.
#
# For each sample generator (q931-samples: one call's worth of Q.931 messages encoded by
# tsp-h323/q931; h225-samples: every H.225.0 call signalling body by tsp-h323/h225 in
# Q.931 messages, and every RAS message on UDP; ras-samples: the RAS client of the engine
# against a gatekeeper emulator, from discovery to unregistration; h245-samples: one of each
# H.245 message encoded by tsp-h323/h245, on a separate H.245 channel; h245ctl-samples:
# what two H.245 control sessions of tsp-h323/engine say to each other):
# 1. the generator writes a pcap; tshark-check.sh must find nothing wrong in it, and the
#    fields tshark decodes (numbers, cause, display text, H.225.0 body, capabilities,
#    channels, addresses, ...) must equal those encoded, frame by frame.
# 2. Self-check: the same capture with two planted faults must be refused, exactly at
#    the frames that carry them; a check that cannot fail would prove nothing.
#
# Files are left in BUILD/h323/ for a look with Wireshark.
set -u
build=${1:-build}
check=tests/h323/tshark-check.sh
out=$build/h323
mkdir -p "$out" || exit 1

# samples NAME CHECK-OPTIONS...: steps 1 and 2 for generator NAME-samples.
samples() {
    name=$1; shift
    gen=$build/asan/$name-samples
    if [ ! -x "$gen" ]; then
        echo "$gen is missing (make asan builds it)"
        return 1
    fi
    "$gen" "$out/$name-samples.pcap" >"$out/$name-expected.tsv" || return 1
    fields=$("$gen" --fields) || return 1
    opts="$*"
    set --
    for f in $fields; do set -- "$@" -e "$f"; done
    # shellcheck disable=SC2086
    sh "$check" $opts "$@" "$out/$name-samples.pcap" 2>&1 >"$out/$name-decoded.tsv" || return 1
    if ! diff -u "$out/$name-expected.tsv" "$out/$name-decoded.tsv"; then
        echo "the fields tshark decoded (+) differ from those encoded (-); columns:" $fields
        return 1
    fi
    echo "$(wc -l <"$out/$name-expected.tsv" | tr -d ' ') frames with $name: all $(echo $fields | wc -w | tr -d ' ')" \
         "fields as encoded"

    "$gen" --planted "$out/$name-planted.pcap" >"$out/$name-planted.want" || return 1
    # shellcheck disable=SC2086
    sh "$check" $opts "$out/$name-planted.pcap" 2>"$out/$name-planted.log" >/dev/null
    rc=$?
    sed -n 's/^  frame \([0-9]*\).*/\1/p' "$out/$name-planted.log" >"$out/$name-planted.got"
    if [ "$rc" -ne 1 ] || ! cmp -s "$out/$name-planted.want" "$out/$name-planted.got"; then
        echo "self-check: tshark-check should fail on frames $(echo $(cat "$out/$name-planted.want")) only;" \
             "it returned $rc and reported:"
        cat "$out/$name-planted.log"
        return 1
    fi
    echo "self-check: planted faults caught at frames $(echo $(cat "$out/$name-planted.want"))"
}

samples q931 -Y q931 || exit 1
samples h225 -Y h225 || exit 1
samples ras -Y h225 || exit 1
samples h245 $("$build/asan/h245-samples" --check-args) || exit 1
samples h245ctl $("$build/asan/h245ctl-samples" --check-args) || exit 1
