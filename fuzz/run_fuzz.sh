#!/bin/sh
# Runs one libFuzzer target for ctest.
#   run_fuzz.sh replay EXE FUZZ_DIR NAME WORK_DIR
#     executes every seed (FUZZ_DIR/corpus/NAME) and kept crash input (FUZZ_DIR/regressions/NAME) once.
#   run_fuzz.sh fuzz EXE FUZZ_DIR NAME WORK_DIR SECONDS RSS_MB
#     fuzzes for SECONDS ($THUMBGATE_FUZZ_SECONDS overrides) on WORK_DIR/corpus/NAME, a copy of the seeds
#     in the build tree that keeps what earlier runs there found; crash inputs go to WORK_DIR/artifacts/NAME.
# Nothing is ever written under FUZZ_DIR: libFuzzer adds new inputs to its first corpus folder only.
set -eu
mode=$1 exe=$2 fuzz_dir=$3 name=$4 work=$5
seeds=$fuzz_dir/corpus/$name
regressions=$fuzz_dir/regressions/$name
dict=$fuzz_dir/dict/$name.dict

case $mode in
  replay)
    # Named files are run once each, without fuzzing.
    files=$(find "$seeds" "$regressions" -type f 2>/dev/null | sort)
    if [ -z "$files" ]; then
      echo "no seeds for $name in $seeds" >&2
      exit 1
    fi
    # shellcheck disable=SC2086 # one argument per file; the names have no spaces
    exec "$exe" $files
    ;;
  fuzz)
    seconds=${THUMBGATE_FUZZ_SECONDS:-$6}
    rss_mb=$7
    corpus=$work/corpus/$name
    artifacts=$work/artifacts/$name
    mkdir -p "$corpus" "$artifacts"
    cp -R "$seeds/." "$corpus/"
    set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb="$rss_mb" -print_final_stats=1 \
      -artifact_prefix="$artifacts/"
    if [ -f "$dict" ]; then set -- "$@" -dict="$dict"; fi
    set -- "$@" "$corpus"
    if [ -d "$regressions" ]; then set -- "$@" "$regressions"; fi
    exec "$exe" "$@"
    ;;
  *)
    echo "usage: run_fuzz.sh replay|fuzz EXE FUZZ_DIR NAME WORK_DIR [SECONDS RSS_MB]" >&2
    exit 2
    ;;
esac
