#!/bin/sh
# tests/unimodem/ports-lane.sh BUILD [64|32] - the Windows DLL with a modem behind RFC 2217,
# under Wine: ser2net (Linux, Debian's) serves modemsim modem 101's pseudo-terminal as
# Telnet + RFC 2217, modem 102 is on a TCP port; unimodem.conf (next to the DLL, in a folder
# of its own) makes them lines 0 (rfc2217://) and 1 (tcp://), and tsp-harness.exe runs
# tests/unimodem/relay.tsps: data through lineGetID("comm/datamodem") handles, where each
# is the TSP's relay socket (loopback TCP, docs/unimodem.md 7) duplicated into the
# application, the Telnet escaping done by the rfc2217 port.
set -u
BUILD=${1:-build}
ARCH=${2:-64}
here=$(cd "$(dirname "$0")" && pwd)
run="$BUILD/win$ARCH-ports"
prefix="$PWD/$BUILD/wine-win$ARCH"
tmp=$(mktemp -d /tmp/um-ports-XXXXXX)
sim_pid=''; s2n_pid=''
cleanup() {
    [ -n "$s2n_pid" ] && kill "$s2n_pid" 2>/dev/null && wait "$s2n_pid" 2>/dev/null
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
unset TSPKIT_UNIMODEM_CONFIG

mkdir -p "$tmp/links"
"$BUILD/asan/modemsim" --links "$tmp/links" --tcp-base 0 --ring-period 1000 101,name=ALICE 102 \
    > "$tmp/sim.out" 2>&1 &
sim_pid=$!
i=0
while ! grep -q '^ready' "$tmp/sim.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "modemsim did not start:"; cat "$tmp/sim.out"; exit 1; }
    sleep 0.1
done
cat "$tmp/sim.out"
addr1=$(sed -n 's/^modem1 .*tcp=\([^ ]*\).*/\1/p' "$tmp/sim.out")

# ser2net on a free port ("local": a modem's DCD is down until it connects).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$tmp/ser2net.yaml" <<YAML
connection: &modem
  accepter: telnet(rfc2217),tcp,127.0.0.1,$port
  connector: serialdev,$tmp/links/modem0,9600n81,local
  options:
    kickolduser: true
YAML
ser2net -n -d -u -c "$tmp/ser2net.yaml" > "$tmp/ser2net.log" 2>&1 &
s2n_pid=$!
python3 - "$port" <<'PY' || { echo "ser2net did not start:"; cat "$tmp/ser2net.log"; exit 1; }
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY
echo "ser2net: rfc2217://127.0.0.1:$port -> modem 101's pty"

rm -rf "$run"; mkdir -p "$run"
cp "$BUILD/win$ARCH/unimodem.tsp" "$BUILD/win$ARCH/tsp-harness.exe" "$run/" || exit 1
cp "$here/modemsim.ini" "$run/unimodem-modemsim.ini"
printf '[Line]\nName = "modem 101 over RFC 2217"\nPort = rfc2217://127.0.0.1:%s\nProfile = unimodem-modemsim.ini\n[Line]\nPort = tcp://%s\nProfile = unimodem-modemsim.ini\n' \
    "$port" "$addr1" > "$run/unimodem.conf"
cat "$run/unimodem.conf"
(cd "$run" && WINEPREFIX="$prefix" timeout 300 wine tsp-harness.exe --provider unimodem.tsp --quiet \
    --script "$here/relay.tsps")
