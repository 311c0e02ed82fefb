#!/bin/sh
# tests/unimodem/lane.sh BUILD [native|wine ARCH] - the Unimodem-style TSP end to end
# against modemsim (docs/modemsim.md).
#   native   build/asan/tests/test_unimodem_tsp (every behaviour; it starts its own
#            simulator on ptys), then tsp-harness runs the scripts (call.tsps, faults.tsps,
#            data.tsps, dial.tsps, handed.tsps) against the .so with the modems on TCP ports (tcp:// backend).
#   wine     the Windows harness runs the scripts against BUILD/win64/unimodem.tsp under
#            Wine, the modems on TCP ports; the configuration is unimodem.conf next to
#            the DLL (where the TSP looks on Windows).
# Modems: 101 (line 0, caller ID name ALICE, CallSetupFailTimer 3 s), 102 (line 1), 103
# (line 2, no phone line), 104 (line 3).
set -u
BUILD=${1:-build}
MODE=${2:-native}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/um-lane-XXXXXX)
sim_pid=''
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

start_sim() {   # four modems on TCP; prints their host:port lines
    "$BUILD/asan/modemsim" --no-pty --tcp-base 0 --ring-period 1000 101,name=ALICE 102 103,unplugged 104 \
        > "$tmp/sim.out" 2>&1 &
    sim_pid=$!
    i=0
    while ! grep -q '^ready' "$tmp/sim.out" 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 100 ] && { echo "modemsim did not start:"; cat "$tmp/sim.out"; return 1; }
        sleep 0.1
    done
    cat "$tmp/sim.out"
}

write_config() {   # write_config FILE PROFILE
    {
        for m in 0 1 2 3; do
            addr=$(sed -n "s/^modem$m .*tcp=\([^ ]*\).*/\1/p" "$tmp/sim.out")
            printf '[Line]\nPort = tcp://%s\nProfile = %s\n' "$addr" "$2"
            if [ $m = 0 ]; then printf 'CallSetupFailTimer = 3\n'; fi
        done
    } > "$1"
}

case $MODE in
native)
    "$BUILD/asan/tests/test_unimodem_tsp" || exit 1
    start_sim || exit 1
    write_config "$tmp/unimodem.conf" "$here/modemsim.ini"
    for s in call faults data dial handed; do
        echo "== $s.tsps"
        TSPKIT_UNIMODEM_CONFIG="$tmp/unimodem.conf" "$BUILD/asan/tsp-harness" \
            --provider "$BUILD/asan/unimodem.so" --quiet --script "$here/$s.tsps" || exit 1
    done
    ;;
wine)
    dir="$BUILD/win${3:-64}"
    start_sim || exit 1
    cp "$here/modemsim.ini" "$dir/unimodem-modemsim.ini"
    write_config "$dir/unimodem.conf" unimodem-modemsim.ini
    for s in call faults data dial handed; do
        echo "== $s.tsps"
        (cd "$dir" && WINEPREFIX="$PWD/../wine-$(basename "$dir")" timeout 300 wine tsp-harness.exe \
            --provider unimodem.tsp --quiet --script "$here/$s.tsps") || exit 1
    done
    ;;
*)
    echo "usage: $0 BUILD [native|wine ARCH]"; exit 2 ;;
esac
