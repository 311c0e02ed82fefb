#!/bin/sh
# tests/h323/tshark-check.sh - lets tshark (Wireshark's dissectors, an implementation
# independent of ours) judge a capture of H.323 traffic, and prints decoded fields.
#
# Usage: tests/h323/tshark-check.sh [-p PORT]... [-u PORT]... [-e FIELD]... [-Y FILTER] FILE.pcap
#
#   -p PORT    decode TCP port PORT as H.245 (a separate H.245 channel), repeatable
#   -u PORT    decode UDP port PORT as H.225.0 RAS (1719 is decoded anyway), repeatable
#   -e FIELD   print FIELD for every packet that matches FILTER: one line per packet,
#              fields tab-separated, several occurrences joined by ',' (tshark -T fields)
#   -Y FILTER  which packets get a line (default: q931 || h225 || h245)
#
# H.225.0 call signalling is found on TCP port 1720 and, by the q931_tcp heuristic, on
# any other TCP port. TCP/TPKT/Q.931/H.225.0/H.245 reassembly is on, and IPv4, TCP and
# UDP checksums are verified.
#
# A packet is a problem when tshark marks it malformed (_ws.malformed) or attaches expert
# info of group Malformed, Undecoded, Protocol, Checksum or Reassemble, or of severity
# warning or error in any group (for example TCP "previous segment not captured").
# Problems are listed on stderr, one line per packet: frame, protocols, expert messages.
#
# Exit status: 0 no problem; 1 problems; 2 usage error or tshark failed; 77 tshark is
# not installed (the automake "skipped" code).
set -u
prog=tshark-check
TSHARK=${TSHARK:-tshark}

usage() {
    sed -n 's/^# \{0,1\}//; 5,12p' "$0"
}

h245_ports=''
ras_ports=''
fields=''
rows='q931 || h225 || h245'
while getopts 'p:u:e:Y:h' opt; do
    case $opt in
        p|u)
            case $OPTARG in
                ''|*[!0-9]*) echo "$prog: -$opt wants a port number, not '$OPTARG'" >&2; exit 2 ;;
            esac
            if [ "$opt" = p ]; then h245_ports="$h245_ports $OPTARG"; else ras_ports="$ras_ports $OPTARG"; fi ;;
        e)
            case $OPTARG in
                ''|*[!A-Za-z0-9_.-]*) echo "$prog: -e wants a field name, not '$OPTARG'" >&2; exit 2 ;;
            esac
            fields="$fields $OPTARG" ;;
        Y) rows=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -ne 1 ]; then
    usage >&2
    exit 2
fi
pcap=$1
if ! command -v "$TSHARK" >/dev/null 2>&1; then
    echo "$prog: skipped: $TSHARK is not installed (tools/install-deps.sh installs it)" >&2
    exit 77
fi
if [ ! -r "$pcap" ]; then
    echo "$prog: cannot read $pcap" >&2
    exit 2
fi

# A private configuration directory: the user's Wireshark preferences must not change
# what we check.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tshark-check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
export WIRESHARK_CONFIG_DIR="$tmp/config"
mkdir -p "$WIRESHARK_CONFIG_DIR"

set -- -r "$pcap" -n \
    -o tcp.desegment_tcp_streams:TRUE -o tpkt.desegment:TRUE \
    -o q931.desegment_h323_messages:TRUE -o q931.reassembly:TRUE \
    -o h225.reassembly:TRUE -o h245.reassembly:TRUE \
    -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
    --enable-heuristic q931_tcp
for p in $h245_ports; do set -- "$@" -d "tcp.port==$p,h245"; done
for p in $ras_ports; do set -- "$@" -d "udp.port==$p,h225"; done

run() {   # run OUT ARGS...: tshark with the common arguments; its stderr kept aside
    out=$1; shift
    if ! "$TSHARK" "$@" >"$out" 2>"$tmp/err"; then
        echo "$prog: $TSHARK failed on $pcap:" >&2
        grep -v 'Running as user' "$tmp/err" >&2
        exit 2
    fi
}

run "$tmp/all" "$@" -T fields -e frame.number
packets=$(wc -l <"$tmp/all" | tr -d ' ')
if [ "$packets" -eq 0 ]; then
    echo "$prog: $pcap has no packets" >&2
    exit 2
fi

problem='_ws.malformed || _ws.expert.group == "Malformed" || _ws.expert.group == "Undecoded"
    || _ws.expert.group == "Protocol" || _ws.expert.group == "Checksum"
    || _ws.expert.group == "Reassemble" || _ws.expert.severity >= 0x00600000'
run "$tmp/bad" "$@" -Y "$problem" -T fields -E separator=/t -E occurrence=a -E aggregator=' | ' \
    -e frame.number -e frame.protocols -e _ws.expert.message -e _ws.malformed
nbad=$(wc -l <"$tmp/bad" | tr -d ' ')

if [ -n "$fields" ]; then
    for f in $fields; do set -- "$@" -e "$f"; done
    run "$tmp/rows" "$@" -Y "$rows" -T fields -E separator=/t -E occurrence=a -E aggregator=,
    cat "$tmp/rows"
fi

version=$("$TSHARK" --version 2>/dev/null | sed -n '1s/^TShark (Wireshark) \([^ ]*\).*/\1/p')
if [ "$nbad" -ne 0 ]; then
    echo "$prog: $pcap: $nbad of $packets packets with problems (tshark $version):" >&2
    sed 's/^/  frame /' "$tmp/bad" >&2
    exit 1
fi
echo "$prog: $pcap: $packets packets, none malformed, no expert info of concern (tshark $version)" >&2
exit 0
