#!/usr/bin/env bash
# thumbgate against the strongest fair ffmpeg CLI reference for the same work, printed as the Markdown
# tables that README.md shows:
#   1. engine commands (whole processes, start-up included): median wall time and peak RSS per item;
#   2. the server path (bench/server_bench.py): COS GetSnapshot over loopback against the CLI run once
#      per request on the same frames, and a cached GetSnapshot against the same server's /healthz;
#   3. start-up (what bounds the keyframe CLI rows): processes that do no work.
# Expects a built tree; builds nothing but four do-nothing programs for the start-up table (with c++).
#
#   THUMBGATE_BIN       the thumbgate binary (default ./build/gateway/thumbgate)
#   BENCH_RUNS          runs per engine item and start-up process (default 9); BENCH_LONG_RUNS for the
#                       sprite items (default 3)
#   BENCH_TENMIN_SIZE   frame size of the 10-minute clip (default 1280x720, see README.md)
#   BENCH_TIMEOUT       seconds one run or request may take before the bench gives up (default 600)
#   BENCH_QUIET_WAIT    seconds to wait, at most, for a quiet machine before measuring (default 1200; 0 = don't)
#   BENCH_SERVER_ARGS   extra arguments for server_bench.py (request counts; see its --help)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${THUMBGATE_BIN:-./build/gateway/thumbgate}
runs=${BENCH_RUNS:-9}
long_runs=${BENCH_LONG_RUNS:-3}
tenmin_size=${BENCH_TENMIN_SIZE:-1280x720}
timeout_s=${BENCH_TIMEOUT:-600}
quiet_wait=${BENCH_QUIET_WAIT:-1200}
work="$here/work"
out="$work/out"

if [[ ! -x "$bin" ]]; then
  echo "thumbgate binary not found at '$bin' (set THUMBGATE_BIN or build the tree first)" >&2
  exit 2
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
for tool in ffmpeg ffprobe python3 timeout pkg-config c++ readelf; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done
mkdir -p "$work" "$out"

# make_clip NAME SIZE SECONDS GOP [X264_PARAMS]: testsrc2 at 25 fps, H.264 veryfast with 3 B-frames,
# made once.
make_clip() {
  local name=$1 size=$2 seconds=$3 gop=$4 x264_params=${5:-}
  local path="$work/$name"
  if [[ ! -s "$path" ]]; then
    echo "generating $name ($size, ${seconds}s, GOP $gop) ..." >&2
    local tmp="$work/tmp-$$-$name"
    if ! timeout 3600 ffmpeg -nostdin -hide_banner -loglevel error -y \
        -f lavfi -i "testsrc2=size=$size:rate=25:duration=$seconds" \
        -c:v libx264 -preset veryfast -bf 3 -g "$gop" ${x264_params:+-x264-params "$x264_params"} \
        -pix_fmt yuv420p -movflags +faststart "$tmp"; then
      rm -f "$tmp"
      echo "cannot generate $name" >&2
      exit 1
    fi
    mv "$tmp" "$path"
  fi
  echo "$path"
}

# The long-GOP clip has no scene-cut keyframes: a keyframe every 250 frames (10 s).
long_gop=$(make_clip h264_1080p_gop250_fixed_200s.mp4 1920x1080 200 250 scenecut=0)
tenmin=$(make_clip "h264_${tenmin_size}_gop2s_600s.mp4" "$tenmin_size" 600 50)

# The do-nothing programs of the start-up table: linked against the libraries the engine commands load
# (FFmpeg's and TurboJPEG) in pkg-config's order; against exactly thumbgate's shared libraries in
# thumbgate's order (its DT_NEEDED list, most looked-up first, see cmake/symbol_scope.cmake); and the
# latter answering Highway's start-up timer probe as thumbgate does (gateway/highway_timer_override.cpp).
printf 'int main() { return 0; }\n' >"$work/probe.cpp"
{
  printf '#include <cstdint>\n'
  printf 'namespace hwy::platform { uint64_t TimerResolution() { return 1; } }\n'
  printf 'int main() { return 0; }\n'
} >"$work/probe_hwy.cpp"
c++ -O2 -o "$work/empty" "$work/probe.cpp"
# shellcheck disable=SC2046
c++ -O2 -o "$work/probe_ffmpeg" "$work/probe.cpp" -Wl,--no-as-needed \
  $(pkg-config --libs libavformat libavcodec libavutil libswscale libturbojpeg)
mapfile -t tg_needed < <(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/-l:\1/p')
c++ -O2 -o "$work/probe_tg" "$work/probe.cpp" -Wl,--no-as-needed "${tg_needed[@]}"
c++ -O2 -o "$work/probe_tg_hwy" "$work/probe_hwy.cpp" -Wl,--no-as-needed \
  -Wl,--export-dynamic-symbol=_ZN3hwy8platform15TimerResolutionEv "${tg_needed[@]}"

# A quiet machine before measuring: a low load average and no compiler running (other people build here).
busy_reason() {
  local load compilers
  load=$(cut -d' ' -f1 /proc/loadavg)
  compilers=$(ps -eo comm= | grep -cxE 'cc1plus|cc1|clang|clang\+\+|clang-[0-9]+|ninja|ld|ld\.bfd|ld\.gold' || true)
  if awk -v l="$load" 'BEGIN { exit !(l >= 0.7) }'; then
    echo "load average $load"
  elif [[ $compilers -gt 0 ]]; then
    echo "$compilers compiler/linker processes running"
  fi
}
# Quiet means two checks in a row, 30 s apart, so that a pause between two builds does not count.
waited=0
quiet_checks=0
while :; do
  reason=$(busy_reason)
  if [[ -z "$reason" ]]; then
    quiet_checks=$((quiet_checks + 1))
    [[ $quiet_checks -ge 2 || $quiet_wait -le 0 ]] && break
  else
    quiet_checks=0
  fi
  [[ $waited -ge $quiet_wait ]] && break
  echo "waiting for a quiet machine (${reason:-quiet once}; $waited s of at most $quiet_wait s) ..." >&2
  sleep 30
  waited=$((waited + 30))
done
start_load=$(cut -d' ' -f1-3 /proc/loadavg)

# The machine's busy CPU time (/proc/stat: user, nice, system, irq, softirq) and steal, and the CPU time of
# this script's finished children (`times`), in seconds: their differences over the measurements show
# how much of the machine anything else used meanwhile.
tick=$(getconf CLK_TCK)
machine_cpu() { awk -v t="$tick" '/^cpu / { printf "%.1f %.1f\n", ($2 + $3 + $4 + $7 + $8) / t, $9 / t }' /proc/stat; }
# `times` has to run in this shell (a command substitution's subshell has no children of its own).
times_file="$work/times.txt"
own_cpu() {
  tail -n1 "$times_file" | awk '{
    n = 0
    for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); n += a[1] * 60 + a[2] }
    printf "%.1f", n }'
}
read -r start_busy start_steal < <(machine_cpu)
times >"$times_file"
start_own=$(own_cpu)
start_wall=$(date +%s)
start_note=${reason:+not quiet after waiting $waited s: $reason}
start_note=${start_note:-quiet}

ff=(ffmpeg -nostdin -hide_banner -loglevel error -y)
engine_rows=()
max_tg_rss=0

# key_before CLIP T: time of the last keyframe at or before T, in seconds from the start of the file (what
# `ffmpeg -ss` counts from), looked up with ffprobe before anything is timed.
key_before() {
  local start
  start=$(ffprobe -v error -show_entries format=start_time -of csv=p=0 "$1")
  ffprobe -v error -select_streams v:0 -skip_frame nokey -show_entries frame=pts_time -of csv=p=0 "$1" |
    awk -F, -v t="$2" -v s="${start:-0}" '$1 != "" && $1 - s <= t + 0 { k = $1 - s } END { printf "%.3f", k }'
}

# psnr A B: average PSNR (dB) of two pictures of the same size.
psnr() {
  ffmpeg -nostdin -hide_banner -i "$1" -i "$2" -lavfi psnr -f null - 2>&1 |
    sed -n 's/.*PSNR.* average:\([0-9.inf]*\).*/\1/p' | tail -n1
}

# same_picture TG REF: the PSNR of thumbgate's picture against the reference's; stops the bench when the
# two are not the same picture (below 35 dB), since then the times compare different work.
same_picture() {
  local db
  db=$(psnr "$1" "$2")
  if [[ -z "$db" ]] || { [[ "$db" != inf ]] && awk -v d="$db" 'BEGIN { exit !(d < 35) }'; }; then
    echo "thumbgate's $1 and the reference's $2 are not the same picture (PSNR '${db:-none}' dB)" >&2
    exit 1
  fi
  if [[ "$db" == inf ]]; then echo inf; else awk -v d="$db" 'BEGIN { printf "%.1f", d }'; fi
}

ratio_of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v r="$1" -v g="$2" 'BEGIN { print (r <= g ? "met" : "**missed**") }'; }
track_rss() { max_tg_rss=$(awk -v a="$max_tg_rss" -v b="$1" 'BEGIN { print (b > a ? b : a) }'); }

# measure N CMD... --vs CMD...: one "<median s> <peak RSS MiB>" line per command (see measure.py).
measure() {
  local n=$1
  shift
  python3 "$here/measure.py" "$n" "$timeout_s" -- "$@" || { echo "a command failed" >&2; exit 1; }
}

# snapshot_row LABEL CLIP T MODE GOAL: thumbgate's snapshot against the CLI writing the same frame.
snapshot_row() {
  local label=$1 clip=$2 t=$3 mode=$4 goal=$5 seek ref_text
  if [[ $mode == keyframe ]]; then
    seek=$(key_before "$clip" "$t")
    ref_text="\`ffmpeg -ss $seek -i IN -frames:v 1 OUT.jpg\` ($seek: the keyframe, looked up before)"
  else
    seek=$t
    ref_text="\`ffmpeg -ss $t -i IN -frames:v 1 OUT.jpg\`"
  fi
  local ref_jpg="$out/ref-$mode-$t.jpg" tg_jpg="$out/tg-$mode-$t.jpg"
  echo "measuring: $label ($runs runs each, alternating) ..." >&2
  local results cli_s cli_rss tg_s tg_rss
  results=$(measure "$runs" "${ff[@]}" -ss "$seek" -i "$clip" -frames:v 1 -update 1 "$ref_jpg" \
    --vs "$bin" snapshot "$clip" --time "$t" --mode "$mode" -o "$tg_jpg")
  { read -r cli_s cli_rss; read -r tg_s tg_rss; } <<<"$results"
  local db ratio
  db=$(same_picture "$tg_jpg" "$ref_jpg")
  ratio=$(ratio_of "$tg_s" "$cli_s")
  track_rss "$tg_rss"
  engine_rows+=("| $label | $ref_text | $cli_s | $tg_s | $ratio | ≤ $goal ($(verdict "$ratio" "$goal")) | $db |"\
" $cli_rss / $tg_rss |")
}

key1=$(key_before "$long_gop" 125)
key2=$(key_before "$tenmin" 301)
snapshot_row "exact frame, 1080p GOP 250, T=125 (keyframe at $key1)" "$long_gop" 125 exact 0.5
snapshot_row "keyframe snapshot, 1080p GOP 250, T=125" "$long_gop" 125 keyframe 0.25
snapshot_row "exact frame, ${tenmin_size} GOP ≤ 2 s, T=301 (keyframe at $key2)" "$tenmin" 301 exact 0.5
snapshot_row "keyframe snapshot, ${tenmin_size} GOP ≤ 2 s, T=301" "$tenmin" 301 keyframe 0.25

# Sprites: 60 tiles of 142x80 every 10 s over the 10-minute clip. References: the fps/tile filter chain
# most guides give (decodes every frame), and Jellyfin's trickplay pipeline (keyframes only, one JPEG
# per tile; the stitching is not counted). All four commands alternate in one measurement.
rm -rf "$out/jellyfin"
mkdir -p "$out/jellyfin"
echo "measuring: sprites ($long_runs runs each, alternating) ..." >&2
results=$(measure "$long_runs" \
  "${ff[@]}" -i "$tenmin" -vf "fps=1/10,scale=142:80,tile=10x6" -frames:v 1 -update 1 "$out/ref-sprite.jpg" \
  --vs "$bin" sprite "$tenmin" --interval 10 --count 60 --columns 10 --rows 6 --cell 142x80 --mode keyframe \
  -o "$out/tg-sprite-key-{n}.jpg" --vtt "$out/tg-sprite-key.vtt" \
  --vs "$bin" sprite "$tenmin" --interval 10 --count 60 --columns 10 --rows 6 --cell 142x80 --mode exact \
  -o "$out/tg-sprite-exact-{n}.jpg" --vtt "$out/tg-sprite-exact.vtt" \
  --vs "${ff[@]}" -skip_frame nokey -i "$tenmin" -an -sn -vf "fps=1/10,scale=142:-2" -f image2 \
  "$out/jellyfin/%04d.jpg")
{ read -r tile_s tile_rss; read -r tgk_s tgk_rss; read -r tge_s tge_rss; read -r jf_s jf_rss; } <<<"$results"
jf_tiles=$(find "$out/jellyfin" -name '*.jpg' | wc -l)
tile_text='`ffmpeg -i IN -vf fps=1/10,scale=142:80,tile=10x6 -frames:v 1 OUT.jpg`'
jf_text="\`ffmpeg -skip_frame nokey -i IN -vf fps=1/10,scale=142:-2 %04d.jpg\`"
jf_text+=" (Jellyfin trickplay, $jf_tiles JPEGs, not stitched)"
sprite_tg_text='sprite IN --interval 10 --count 60 --columns 10 --rows 6 --cell 142x80'
for mode in keyframe exact; do
  if [[ $mode == keyframe ]]; then s=$tgk_s; r=$tgk_rss; g=0.05; else s=$tge_s; r=$tge_rss; g=0.2; fi
  track_rss "$r"
  ratio=$(ratio_of "$s" "$tile_s")
  engine_rows+=("| sprite, 60 tiles every 10 s, $mode tiles, 10 min (\`$sprite_tg_text --mode $mode\`) |"\
" $tile_text | $tile_s | $s | $ratio | ≤ $g ($(verdict "$ratio" "$g")) | — | $tile_rss / $r |")
done
ratio=$(ratio_of "$tgk_s" "$jf_s")
engine_rows+=("| sprite, 60 tiles every 10 s, keyframe tiles, 10 min | $jf_text | $jf_s | $tgk_s | $ratio | none set |"\
" — | $jf_rss / $tgk_rss |")

# The server path.
echo "measuring: the server path ..." >&2
# shellcheck disable=SC2086
server_out=$(python3 "$here/server_bench.py" --thumbgate "$bin" --clip "$long_gop" --clip-label "1080p GOP 250" \
  --work "$work" --timeout "$timeout_s" ${BENCH_SERVER_ARGS:-}) || { echo "the server bench failed" >&2; exit 1; }
server_rows=$(grep '^|' <<<"$server_out")
server_rss=$(sed -n 's/^SERVER_PEAK_RSS_MIB //p' <<<"$server_out")

# Start-up: processes that do nothing, alternating like the rest.
echo "measuring: start-up ($runs runs each, alternating) ..." >&2
startup_cmds=("$work/empty" "$work/probe_ffmpeg" "$work/probe_tg" "$work/probe_tg_hwy" "$bin --version"
  "ffmpeg -version")
startup_text=('an empty C++ program'
  "a do-nothing program linked against libavformat, libavcodec, libavutil, libswscale, libturbojpeg"\
" (pkg-config's order)"
  "a do-nothing program loading thumbgate's shared libraries in thumbgate's order"
  "the same, answering Highway's start-up timer probe as thumbgate does"
  '`thumbgate --version`' '`ffmpeg -version`')
# shellcheck disable=SC2086
results=$(measure "$runs" ${startup_cmds[0]} --vs ${startup_cmds[1]} --vs ${startup_cmds[2]} --vs ${startup_cmds[3]} \
  --vs ${startup_cmds[4]} --vs ${startup_cmds[5]})
startup_rows=()
i=0
while read -r s _; do
  # shellcheck disable=SC2086
  objects=$(LD_TRACE_LOADED_OBJECTS=1 ${startup_cmds[$i]} 2>/dev/null | grep -c '/' || true)
  # shellcheck disable=SC2086
  lookups=$(LD_DEBUG=statistics ${startup_cmds[$i]} 2>&1 >/dev/null |
    sed -n 's/^[[:space:]]*[0-9]*:[[:space:]]*number of relocations:[[:space:]]*\([0-9]*\)$/\1/p' | head -n1)
  ms=$(awk -v s="$s" 'BEGIN { printf "%.0f", s * 1000 }')
  startup_rows+=("| ${startup_text[$i]} | $ms | $objects | ${lookups:-?} |")
  i=$((i + 1))
done <<<"$results"

end_load=$(cut -d' ' -f1-3 /proc/loadavg)
read -r end_busy end_steal < <(machine_cpu)
times >"$times_file"
end_own=$(own_cpu)
wall=$(($(date +%s) - start_wall))
cpu_note=$(awk -v b0="$start_busy" -v b1="$end_busy" -v s0="$start_steal" -v s1="$end_steal" \
  -v o0="$start_own" -v o1="$end_own" -v w="$wall" -v n="$(nproc)" 'BEGIN {
    busy = b1 - b0; own = o1 - o0; other = busy - own; if (other < 0) other = 0
    printf "CPU while measuring (%d s on %d CPUs): %.0f core-seconds busy, %.0f of them the bench'"'"'s own", w, n, busy, own
    printf " processes, so about %.0f anything else'"'"'s; hypervisor steal %.0f core-seconds.", other, s1 - s0 }')
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
echo
echo "Machine: $(nproc) CPUs ($cpu), $mem, $os, $(ffmpeg -version | head -n1 | cut -d' ' -f1-3); $(date -u '+%Y-%m-%d %H:%M UTC')."
echo "Load average (1, 5, 15 min) before measuring: $start_load ($start_note); after: $end_load."
echo "$cpu_note"
echo
echo "Engine commands: whole processes (start-up included), median wall time of $runs runs each (sprites: $long_runs),"
echo "alternating thumbgate and its reference; peak RSS from wait4. Ratio = thumbgate / reference; IN is the clip"
echo "named in the first column; thumbgate runs \`thumbgate snapshot IN --time T --mode exact|keyframe -o OUT.jpg\`."
echo
echo "| work | reference command | reference (s) | thumbgate (s) | ratio | goal | same picture (PSNR dB) |"\
" peak RSS MiB (reference / thumbgate) |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${engine_rows[@]}"
echo
rss_verdict=$(awk -v m="$max_tg_rss" 'BEGIN { print (m <= 150 ? "met" : "**missed**") }')
echo "thumbgate peak RSS on every engine item: ≤ $max_tg_rss MiB (goal ≤ 150 MiB: $rss_verdict)."
echo
echo "Server path: \`thumbgate serve\` on 127.0.0.1 with one private local COS bucket over the 1080p clip (result"
echo "cache on; every uncached request has its own \`time\`, so its own cache key, and every response is checked"
echo "for \`x-thumbgate-cache: miss\` or \`hit\`); signed COS GetSnapshot requests over keep-alive connections"
echo "from bench/server_bench.py on the same machine. Ratio = thumbgate's time / the reference's (for"
echo "throughput: the reference's images/s / thumbgate's), so below 1 is faster; one run of each load."
echo
echo "| work | reference | reference figure | thumbgate figure | ratio | same picture (PSNR dB) |"
echo "|---|---|---|---|---|---|"
echo "$server_rows"
echo
echo "Server peak RSS over the whole server bench: $server_rss MiB."
echo
echo "Start-up: processes that do no work, median wall time of $runs runs each, alternating; shared objects"
echo "loaded and symbol relocations as the dynamic loader reports them (LD_TRACE_LOADED_OBJECTS, LD_DEBUG=statistics)."
echo
echo "| process | wall (ms) | shared objects | symbol relocations |"
echo "|---|---|---|---|"
printf '%s\n' "${startup_rows[@]}"
