#!/bin/sh
# tests/h323/tshark-lane.sh [BUILD] - the h323-tshark lane of tests/run.sh.
#
# 1. q931-samples writes one call's worth of Q.931 messages, encoded by tsp-h323/q931 and
#    framed by TPKT, into a pcap; tshark-check.sh must find nothing wrong in it, and the
#    fields tshark decodes (numbers, cause, display text, H.225.0 body, ...) must equal
#    those encoded, frame by frame.
# 2. Self-check: the same capture with two planted faults must be refused, exactly at
#    the frames that carry them; a check that cannot fail would prove nothing.
#
# Files are left in BUILD/h323/ for a look with Wireshark.
set -u
build=${1:-build}
gen=$build/asan/q931-samples
check=tests/h323/tshark-check.sh
out=$build/h323
mkdir -p "$out" || exit 1

if [ ! -x "$gen" ]; then
    echo "$gen is missing (make asan builds it)"
    exit 1
fi

"$gen" "$out/q931-samples.pcap" >"$out/q931-expected.tsv" || exit 1
fields=$("$gen" --fields) || exit 1
set --
for f in $fields; do set -- "$@" -e "$f"; done
sh "$check" "$@" -Y q931 "$out/q931-samples.pcap" 2>&1 >"$out/q931-decoded.tsv" || exit 1
if ! diff -u "$out/q931-expected.tsv" "$out/q931-decoded.tsv"; then
    echo "the fields tshark decoded (+) differ from those encoded (-); columns:" $fields
    exit 1
fi
echo "$(wc -l <"$out/q931-expected.tsv" | tr -d ' ') frames with Q.931: all $(echo $fields | wc -w | tr -d ' ')" \
     "fields as encoded (numbers, cause, display, keypad, H.225.0 body, ...)"

"$gen" --planted "$out/q931-planted.pcap" >"$out/planted.want" || exit 1
sh "$check" "$out/q931-planted.pcap" 2>"$out/planted.log"
rc=$?
sed -n 's/^  frame \([0-9]*\).*/\1/p' "$out/planted.log" >"$out/planted.got"
if [ "$rc" -ne 1 ] || ! cmp -s "$out/planted.want" "$out/planted.got"; then
    echo "self-check: tshark-check should fail on frames $(echo $(cat "$out/planted.want")) only;" \
         "it returned $rc and reported:"
    cat "$out/planted.log"
    exit 1
fi
echo "self-check: planted faults caught at frames $(echo $(cat "$out/planted.want"))"
