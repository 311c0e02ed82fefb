#!/bin/sh
# tests/unimodem/registry-lane.sh BUILD [64|32] - the Windows build of the Unimodem TSP
# configured from the registry (docs/unimodem.md section 2), under Wine:
#  1. two modemsim modems on TCP ports;
#  2. `wine reg import` of tests/unimodem/modems.reg.in (the ports filled in): two modem
#     keys under Unimodem's class key, with our TspkitPort value;
#  3. registry_probe.exe: what umc_load makes of it when there is no configuration file
#     (compared line by line with tests/unimodem/registry.expected), and that a file wins
#     when there is one;
#  4. tsp-harness.exe drives unimodem.tsp, from a folder without unimodem.conf, through
#     tests/unimodem/registry.tsps (a call between the two registry lines, data through the
#     comm/datamodem handles).
# The Wine prefix is the other Wine lanes' (BUILD/wine-winNN); the two keys are removed again.
set -u
BUILD=${1:-build}
ARCH=${2:-64}
here=$(cd "$(dirname "$0")" && pwd)
run="$BUILD/win$ARCH-registry"
prefix="$PWD/$BUILD/wine-win$ARCH"
key='HKLM\SYSTEM\CurrentControlSet\Control\Class\{4D36E96D-E325-11CE-BFC1-08002BE10318}'
tmp=$(mktemp -d /tmp/um-reg-XXXXXX)
sim_pid=''
wine_in() { (cd "$run" && WINEPREFIX="$prefix" timeout 300 wine "$@"); }
forget_keys() {
    wine_in reg delete "$key\\0000" /f > /dev/null 2>&1
    wine_in reg delete "$key\\0001" /f > /dev/null 2>&1
}
cleanup() {
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    [ -d "$run" ] && forget_keys
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
unset TSPKIT_UNIMODEM_CONFIG

"$BUILD/asan/modemsim" --no-pty --tcp-base 0 --ring-period 1000 101,name=ALICE 102 > "$tmp/sim.out" 2>&1 &
sim_pid=$!
i=0
while ! grep -q '^ready' "$tmp/sim.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "modemsim did not start:"; cat "$tmp/sim.out"; exit 1; }
    sleep 0.1
done
cat "$tmp/sim.out"
addr0=$(sed -n 's/^modem0 .*tcp=\([^ ]*\).*/\1/p' "$tmp/sim.out")
addr1=$(sed -n 's/^modem1 .*tcp=\([^ ]*\).*/\1/p' "$tmp/sim.out")

# A folder of its own: the TSP reads unimodem.conf next to the DLL when there is one.
rm -rf "$run"; mkdir -p "$run"
cp "$BUILD/win$ARCH/unimodem.tsp" "$BUILD/win$ARCH/tsp-harness.exe" \
   "$BUILD/win$ARCH/tests/unimodem_registry_probe.exe" "$run/" || exit 1
sed -e "s/@ADDR0@/$addr0/" -e "s/@ADDR1@/$addr1/" "$here/modems.reg.in" > "$run/modems.reg"
forget_keys
echo "== reg import"
wine_in reg import modems.reg || exit 1

echo "== registry_probe.exe (no configuration file: the registry)"
wine_in unimodem_registry_probe.exe nothing-here.conf | tr -d '\r' > "$tmp/probe.out"
cat "$tmp/probe.out"
sed -e "s/@ADDR0@/$addr0/" -e "s/@ADDR1@/$addr1/" "$here/registry.expected" > "$tmp/expected"
diff -u "$tmp/expected" "$tmp/probe.out" || { echo "the registry was not read as imported"; exit 1; }

echo "== registry_probe.exe (a configuration file wins)"
cp "$here/modemsim.ini" "$run/probe.ini"
printf '[Line]\nName = "from the file"\nPort = tcp://%s\nProfile = probe.ini\n' "$addr0" > "$run/probe.conf"
wine_in unimodem_registry_probe.exe probe.conf | tr -d '\r' > "$tmp/file.out"
head -2 "$tmp/file.out"
grep -q '^1 lines$' "$tmp/file.out" && grep -q '^line 0 "from the file"' "$tmp/file.out" \
    || { echo "the file did not win over the registry"; exit 1; }

echo "== tsp-harness.exe: unimodem.tsp with its lines from the registry"
wine_in tsp-harness.exe --provider unimodem.tsp --quiet --script "$here/registry.tsps"
