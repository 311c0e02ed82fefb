#!/bin/sh
# tests/h323/loopback-lane.sh [BUILD] - the h323-loopback lane of tests/run.sh.
#
# Real calls between two H.323 endpoints over TCP on 127.0.0.1, in three flows: fast start,
# no fast start with H.245 tunnelled, and H.245 on a separate connection; each with DTMF
# both ways and a release with cause 17 (tests/h323/loopback.c says what is done).
# 1. In one process: BUILD/asan/h323-loopback drives two engines through the socket layer
#    (each on its own thread) and checks their events; each endpoint's capture tap writes
#    a pcap of what it sent and received.
# 2. In two processes: the same calls between two BUILD/asan/h323-call, driven through
#    their stdin, their event lines checked.
# Every capture is judged by tshark (tests/h323/tshark-check.sh: nothing malformed, no
# expert info of concern; H.245 decoded on the h245Address ports the calls announced),
# and the fields tshark decodes (aliases, number, cause, DTMF digits, media addresses and
# ports, codec, fastStart) are counted against BUILD/h323-loopback/SCEN.expect.
# Files are left in BUILD/h323-loopback/ for a look with Wireshark.
set -u
trap '' PIPE          # a tool that died makes a write to its FIFO fail, not this script
build=${1:-build}
out=$build/h323-loopback
check=tests/h323/tshark-check.sh
prog=$build/asan/h323-loopback
tool=$build/asan/h323-call
rm -rf "$out" && mkdir -p "$out" || exit 1
for f in "$prog" "$tool"; do
    [ -x "$f" ] || { echo "$f is missing (make asan builds it)"; exit 1; }
done

# judge PCAP EXPECT: tshark-check on PCAP, then every expectation counted.
judge() {
    pcap=$1 expect=$2
    # Ports announced as h245Address carry H.245 (H.323 8.2.2): decode them so.
    ports=$(TSHARK_CONFIG_DIR= tshark -r "$pcap" -n --enable-heuristic q931_tcp -T fields -e h225.h245IpPort 2>/dev/null |
            tr ',' '\n' | sed '/^$/d' | sort -u)
    set --
    for p in $ports; do set -- "$@" -p "$p"; done
    fields=$(cut -f1 "$expect" | sort -u)
    for f in $fields; do set -- "$@" -e "$f"; done
    if ! sh "$check" "$@" -Y 'q931 || h225 || h245' "$pcap" >"$pcap.decoded" 2>"$pcap.check"; then
        cat "$pcap.check"
        return 1
    fi
    sed 's/^/  /' "$pcap.check"
    awk -F '\t' -v fields="$(echo $fields)" -v pcap="$pcap" '
        BEGIN { nf = split(fields, name, " ") }
        FNR == NR {                                   # the decoded rows
            for (i = 1; i <= nf; i++) {
                nv = split($i, v, ",")
                for (j = 1; j <= nv; j++) if (v[j] != "") { seen[name[i], v[j]]++; any[name[i]]++ }
            }
            next
        }
        {                                             # field value min max
            n = ($2 == "*") ? any[$1] + 0 : seen[$1, $2] + 0
            ok = n >= $3 && n <= $4
            printf "  %-22s %-10s seen %3d (want %s..%s) %s\n", $1, $2, n, $3, $4, ok ? "ok" : "WRONG"
            if (!ok) bad++
        }
        END { if (bad) { printf "%s: %d decoded field(s) not as sent\n", pcap, bad; exit 1 } }
    ' "$pcap.decoded" "$expect"
}

failed=0
echo "-- one process, two engines (tests/h323/loopback.c)"
if ! "$prog" "$out"; then
    failed=1
fi
for scen in fast tunnel separate; do
    [ -f "$out/$scen.expect" ] || continue
    for side in a b; do
        echo "-- tshark: $scen-$side.pcap"
        judge "$out/$scen-$side.pcap" "$out/$scen.expect" || failed=1
    done
done

# Self-check: expectations that the capture contradicts must be refused, each of them.
if [ -f "$out/fast-a.pcap" ]; then
    printf 'q931.cause_value\t18\t1\t1\nh245.signalType\t9\t1\t1\nh245.signalType\t1\t2\t2\n' >"$out/planted.expect"
    judge "$out/fast-a.pcap" "$out/planted.expect" >"$out/planted.log" 2>&1
    rc=$?
    wrong=$(grep -c 'WRONG$' "$out/planted.log")
    if [ "$rc" -ne 1 ] || [ "$wrong" -ne 3 ]; then
        echo "self-check: three planted expectations should all be refused; judge returned $rc and said:"
        cat "$out/planted.log"
        failed=1
    else
        echo "self-check: the three planted expectations (cause 18, digit 9, digit 1 twice) were refused"
    fi
fi

# wait_line FILE REGEX: until a line of FILE matches (at most 20 s); prints it.
wait_line() {
    i=0
    while [ $i -lt 200 ]; do
        if line=$(grep -m 1 -E "$2" "$1"); then
            echo "    $(basename "$1" .out): $line"
            return 0
        fi
        sleep 0.1
        i=$((i + 1))
    done
    echo "no line matching '$2' in $1 within 20 s; it has:"
    sed 's/^/    /' "$1"
    return 1
}

# tool_call SCEN FLAGS...: the same call between two h323-call processes.
tool_call() {
    scen=$1; shift
    # With a separate H.245 channel bob may see alice's endSessionCommand before her
    # ReleaseComplete and clear normally (16; tests/h323/loopback.c says more).
    bob_cause=17
    [ "$scen" = separate ] && bob_cause='(17|16)'

    d=$out/tool-$scen
    mkdir -p "$d" && mkfifo "$d/a.in" "$d/b.in" || return 1
    "$tool" --listen 127.0.0.1:0 --id bob --e164 2002 --media 127.0.0.1:6000 --auto-answer \
        --pcap "$d/b.pcap" "$@" <"$d/b.in" >"$d/b.out" 2>&1 &
    pid_b=$!
    exec 7>"$d/b.in"
    "$tool" --listen 127.0.0.1:0 --id alice --e164 1001 --media 127.0.0.1:5000 \
        --pcap "$d/a.pcap" "$@" <"$d/a.in" >"$d/a.out" 2>&1 &
    pid_a=$!
    exec 8>"$d/a.in"
    ok=0
    wait_line "$d/b.out" '^listening ' >/dev/null && wait_line "$d/a.out" '^listening ' >/dev/null || ok=1
    port=$(sed -n 's/^listening [0-9.]*:\([0-9]*\) .*/\1/p' "$d/b.out")
    if [ $ok -eq 0 ]; then
        echo "call bob@127.0.0.1:$port" >&8
        wait_line "$d/a.out" '^connected ' && wait_line "$d/b.out" '^incoming .*from="alice" number="1001"' &&
        wait_line "$d/a.out" '^h245-ready ' && wait_line "$d/b.out" '^h245-ready ' || ok=1
    fi
    if [ $ok -eq 0 ]; then
        echo "dtmf 123" >&8
        wait_line "$d/b.out" '^dtmf [0-9]+ 3 ' || ok=1
    fi
    if [ $ok -eq 0 ]; then
        echo "dtmf #" >&7
        wait_line "$d/a.out" '^dtmf [0-9]+ # ' && echo "hangup 17" >&8 &&
        wait_line "$d/a.out" '^released [0-9]+ cause=17 local=yes' &&
        wait_line "$d/b.out" "^released [0-9]+ cause=$bob_cause local=no" || ok=1
    fi
    echo quit >&8
    echo quit >&7
    exec 7>&- 8>&-
    for pid in $pid_a $pid_b; do
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
        if kill -0 "$pid" 2>/dev/null; then
            echo "h323-call (pid $pid) did not quit within 10 s"
            kill "$pid"
            ok=1
        fi
        wait "$pid" || { echo "h323-call (pid $pid) exited with status $?"; ok=1; }
    done
    [ "$(grep -c '^dtmf [0-9]* [123] ' "$d/b.out")" -eq 3 ] || { echo "bob did not get exactly 1, 2, 3"; ok=1; }
    if [ $ok -ne 0 ]; then
        echo "alice's lines:"; sed 's/^/    /' "$d/a.out"
        echo "bob's lines:"; sed 's/^/    /' "$d/b.out"
        return 1
    fi
    for side in a b; do
        echo "-- tshark: tool-$scen/$side.pcap"
        judge "$d/$side.pcap" "$out/$scen.expect" || return 1
    done
}

echo "-- two processes (h323-call)"
for scen in fast tunnel separate; do
    [ -f "$out/$scen.expect" ] || continue
    case $scen in
        fast) flags='' ;;
        tunnel) flags='--no-faststart' ;;
        separate) flags='--no-faststart --no-tunnel' ;;
    esac
    echo "-- h323-call $scen $flags"
    # shellcheck disable=SC2086
    tool_call "$scen" $flags || failed=1
done
exit $failed
