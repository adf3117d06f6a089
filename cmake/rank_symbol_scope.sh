#!/bin/sh
# Prints the shared objects PROGRAM's symbol lookups end in, most lookups first, one path per line,
# leaving out the dynamic loader, the vDSO and PROGRAM itself; only those receiving at least
# MIN_PERMILLE per mille of all lookups (default 1). Runs PROGRAM once under LD_DEBUG=bindings.
#   rank_symbol_scope.sh PROGRAM WORK_DIR [MIN_PERMILLE]
set -eu
program=$1
work=$2
min_permille=${3:-1}
mkdir -p "$work"
rm -f "$work"/bindings.*
LD_DEBUG=bindings LD_DEBUG_OUTPUT="$work/bindings" "$program" >/dev/null 2>&1 || true
# Lines look like: "  123: binding file A [0] to B [0]: normal symbol `name' [VERSION]".
sed -n 's/.*binding file .* to \([^ ]*\) \[[0-9]*\]: .*/\1/p' "$work"/bindings.* |
  sort | uniq -c | sort -rn |
  awk -v min="$min_permille" -v self="$program" '
    { count[NR] = $1; name[NR] = $2; total += $1 }
    END {
      for (i = 1; i <= NR; i++) {
        if (count[i] * 1000 < min * total) break
        if (name[i] == self || name[i] ~ /ld-linux|linux-vdso/) continue
        print name[i]
      }
    }'
rm -f "$work"/bindings.*
