#!/usr/bin/env bash
# thumbgate's engine against the ffmpeg CLI doing the same work: median whole-process wall time and peak
# RSS per work item, printed as a Markdown table. Expects a built tree; builds nothing.
#
#   THUMBGATE_BIN   the thumbgate binary (default ./build/gateway/thumbgate)
#   BENCH_RUNS      runs per short item (default 5); BENCH_LONG_RUNS for the sprite items (default 3)
#   BENCH_TENMIN_SIZE  frame size of the 10-minute clip (default 1280x720, see README.md)
#   BENCH_TIMEOUT   seconds one run may take before the bench gives up (default 600)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${THUMBGATE_BIN:-./build/gateway/thumbgate}
runs=${BENCH_RUNS:-5}
long_runs=${BENCH_LONG_RUNS:-3}
tenmin_size=${BENCH_TENMIN_SIZE:-1280x720}
timeout_s=${BENCH_TIMEOUT:-600}
work="$here/work"
out="$work/out"

if [[ ! -x "$bin" ]]; then
  echo "thumbgate binary not found at '$bin' (set THUMBGATE_BIN or build the tree first)" >&2
  exit 2
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
for tool in ffmpeg ffprobe python3 timeout; do
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

# The long-GOP clip has no scene-cut keyframes: a keyframe every 250 frames (10 s), as the goal says.
long_gop=$(make_clip h264_1080p_gop250_fixed_200s.mp4 1920x1080 200 250 scenecut=0)
tenmin=$(make_clip "h264_${tenmin_size}_gop2s_600s.mp4" "$tenmin_size" 600 50)

rows=()
max_tg_rss=0

# key_before CLIP T: pts of the last keyframe at or before T (x264 adds scene-cut keyframes, so the GOP
# length is a maximum and the distance to the keyframe is measured, not assumed).
key_before() {
  ffprobe -v error -select_streams v:0 -skip_frame nokey -show_entries frame=pts_time -of csv=p=0 "$1" |
    awk -F, -v t="$2" '$1 != "" && $1 + 0 <= t + 0 { k = $1 } END { printf "%.2f", k }'
}

# measure_row WORK GOAL RUNS: times the commands in the arrays `cli` and `tg`, appends a table row.
measure_row() {
  local name=$1 goal=$2 n=$3 results
  echo "measuring: $name ($n runs each, alternating) ..." >&2
  results=$(python3 "$here/measure.py" "$n" "$timeout_s" -- "${cli[@]}" --vs "${tg[@]}") ||
    { echo "a command failed on: $name" >&2; exit 1; }
  local cli_s cli_rss tg_s tg_rss
  { read -r cli_s cli_rss; read -r tg_s tg_rss; } <<<"$results"
  local ratio verdict
  ratio=$(awk -v a="$tg_s" -v b="$cli_s" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
  verdict=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r <= g ? "met" : "missed") }')
  max_tg_rss=$(awk -v a="$max_tg_rss" -v b="$tg_rss" 'BEGIN { print (b > a ? b : a) }')
  rows+=("| $name | $cli_s | $tg_s | $ratio | <= $goal ($verdict) | $cli_rss | $tg_rss |")
}

ff=(ffmpeg -nostdin -hide_banner -loglevel error -y)

# Mid-GOP times: 125 s in the GOP-250 clip (keyframes every 10 s), 301 s in the GOP-2 s clip.
key1=$(key_before "$long_gop" 125)
key2=$(key_before "$tenmin" 301)

cli=("${ff[@]}" -ss 125 -i "$long_gop" -frames:v 1 -update 1 "$out/cli-exact.jpg")
tg=("$bin" snapshot "$long_gop" --time 125 -o "$out/tg-exact.jpg")
measure_row "exact frame, 1080p GOP 250, T=125 (keyframe at $key1)" 0.6 "$runs"

cli=("${ff[@]}" -noaccurate_seek -ss 125 -i "$long_gop" -frames:v 1 -update 1 "$out/cli-key.jpg")
tg=("$bin" snapshot "$long_gop" --time 125 --mode keyframe -o "$out/tg-key.jpg")
measure_row "keyframe, 1080p GOP 250, T=125" 0.25 "$runs"

cli=("${ff[@]}" -ss 301 -i "$tenmin" -frames:v 1 -update 1 "$out/cli-exact2.jpg")
tg=("$bin" snapshot "$tenmin" --time 301 -o "$out/tg-exact2.jpg")
measure_row "exact frame, ${tenmin_size} GOP 2 s, T=301 (keyframe at $key2)" 0.6 "$runs"

cli=("${ff[@]}" -noaccurate_seek -ss 301 -i "$tenmin" -frames:v 1 -update 1 "$out/cli-key2.jpg")
tg=("$bin" snapshot "$tenmin" --time 301 --mode keyframe -o "$out/tg-key2.jpg")
measure_row "keyframe, ${tenmin_size} GOP 2 s, T=301" 0.25 "$runs"

sprite_cli=("${ff[@]}" -i "$tenmin" -vf "fps=1/10,scale=142:80,tile=10x6" -frames:v 1 -update 1 "$out/cli-sprite.jpg")
cli=("${sprite_cli[@]}")
tg=("$bin" sprite "$tenmin" --interval 10 --count 60 --columns 10 --rows 6 --cell 142x80 --mode keyframe
    -o "$out/sprite-key-{n}.jpg" --vtt "$out/sprite-key.vtt")
measure_row "sprite 60 tiles every 10 s, keyframe tiles, 10 min" 0.05 "$long_runs"

cli=("${sprite_cli[@]}")
tg=("$bin" sprite "$tenmin" --interval 10 --count 60 --columns 10 --rows 6 --cell 142x80 --mode exact
    -o "$out/sprite-exact-{n}.jpg" --vtt "$out/sprite-exact.vtt")
measure_row "sprite 60 tiles every 10 s, exact tiles, 10 min" 0.2 "$long_runs"

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
echo
echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; $(date -u '+%Y-%m-%d %H:%M UTC'); $(ffmpeg -version | head -n1 | cut -d' ' -f1-3)"
echo "Runs: median of $runs (sprites: $long_runs); wall time and peak RSS of the whole process."
echo
echo "| work | CLI (s) | thumbgate (s) | ratio | goal | CLI RSS MiB | thumbgate RSS MiB |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
rss_verdict=$(awk -v m="$max_tg_rss" 'BEGIN { print (m <= 150 ? "met" : "missed") }')
echo "thumbgate peak RSS: $max_tg_rss MiB (goal <= 150 MiB: $rss_verdict)"
