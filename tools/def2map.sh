#!/bin/sh
# tools/def2map.sh FILE.def - turn a module-definition file's EXPORTS into a GNU ld
# version script, so a provider's Linux .so exports exactly what its Windows DLL does.
set -eu
awk '
    BEGIN { print "{"; print "  global:" }
    /^[ \t]*;/ { next }
    toupper($1) == "EXPORTS" { in_exports = 1; next }
    in_exports && NF { sub(/@.*/, "", $1); print "    " $1 ";" }
    END { print "  local: *;"; print "};" }
' "$1"
