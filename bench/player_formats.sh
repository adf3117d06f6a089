#!/usr/bin/env bash
# The player formats: WebP and AVIF stills against JPEG at equal visual quality, and an animated GIF
# preview against the ffmpeg CLI's palettegen/paletteuse command, printed as Markdown tables.
#   1. stills at 320 px wide from a 1080p H.264 clip: JPEG at its default quality (85); WebP and AVIF at
#      the lowest quality whose SSIM against the 320 px reference frame (thumbgate's own PNG of the same
#      frame) is within 0.005 of JPEG's; bytes, and the median time of a command making ten keyframe
#      snapshots (one I-frame decode each) whose difference from JPEG's, over ten, is the encode time.
#   2. a 5 s GIF (fps 10, 320 wide) by `thumbgate animated` from the clip, from the clip's preview
#      rendition (`thumbgate rendition`, what the player decodes once it has made one), and by the ffmpeg
#      CLI, runs alternating; the rendition's making time, bytes and SSIM against the clip's frame.
# A measurement, not a test. The clip is generated with the ffmpeg CLI into a temporary folder.
#
#   THUMBGATE_BIN  the thumbgate binary (default ./build/gateway/thumbgate)
#   BENCH_RUNS     runs per timed command (default 9)
#   BENCH_START    start of the frame and of the GIF, in seconds (default 7.3)
#   BENCH_GOP      the clip's keyframe interval in frames (default 250, x264's default: one every 10 s)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${THUMBGATE_BIN:-./build/gateway/thumbgate}
runs=${BENCH_RUNS:-9}
start=${BENCH_START:-7.3}
gop=${BENCH_GOP:-250}
if [[ ! -x "$bin" ]]; then
  echo "thumbgate binary not found at '$bin' (set THUMBGATE_BIN or build the tree first)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clip="$work/h264_1080p.mp4"

ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=25:duration=20" \
  -c:v libx264 -preset veryfast -g "$gop" -bf 3 -pix_fmt yuv420p -movflags +faststart "$clip"

snap() {  # format quality out
  "$bin" snapshot "$clip" --time "$start" --width 320 --format "$1" --quality "$2" -o "$3" >/dev/null
}
ssim() {  # image reference
  # Compared as 4:2:0 (what all three formats store), so the reference's full chroma does not count against them.
  ffmpeg -nostdin -hide_banner -i "$1" -i "$2" -lavfi "[0:v]format=yuv420p[a];[1:v]format=yuv420p[b];[a][b]ssim" \
    -f null - 2>&1 | sed -n 's/.*All:\([0-9.]*\).*/\1/p' | tail -1
}
median_s() {  # CMD...
  python3 "$here/measure.py" "$runs" 600 -- "$@" | awk '{print $1}'
}

"$bin" snapshot "$clip" --time "$start" --width 320 --format png -o "$work/ref.png" >/dev/null
snap jpg 85 "$work/q.jpg"
jpeg_ssim=$(ssim "$work/q.jpg" "$work/ref.png")

# The lowest quality whose SSIM is at least JPEG's minus 0.005 (SSIM grows with quality: bisection).
match_quality() {  # format
  local lo=1 hi=100 mid s
  while ((lo < hi)); do
    mid=$(((lo + hi) / 2))
    snap "$1" "$mid" "$work/probe.$1"
    s=$(ssim "$work/probe.$1" "$work/ref.png")
    if python3 -c "import sys; sys.exit(0 if $s >= $jpeg_ssim - 0.005 else 1)"; then hi=$mid; else lo=$((mid + 1)); fi
  done
  echo "$lo"
}

declare -A quality=([jpg]=85)
quality[webp]=$(match_quality webp)
quality[avif]=$(match_quality avif)

echo "Stills: 320 px wide from a 1920x1080 H.264 clip (GOP $gop) at ${start} s, median of $runs whole commands"
echo
echo "| format | quality | SSIM vs reference | bytes | bytes vs JPEG | 10 keyframe snapshots | encode time vs JPEG, per image |"
echo "|---|---|---|---|---|---|---|"
key_times=()
for i in 0 1 2 3 4 5 6 7 8 9; do key_times+=(--time "$start"); done
jpeg_time=""
jpeg_bytes=""
for f in jpg webp avif; do
  q=${quality[$f]}
  snap "$f" "$q" "$work/out.$f"
  bytes=$(stat -c %s "$work/out.$f")
  s=$(ssim "$work/out.$f" "$work/ref.png")
  # Ten keyframe snapshots in one command: one I-frame decode each, so the encoder's share shows.
  t=$(median_s "$bin" snapshot "$clip" "${key_times[@]}" --mode keyframe --width 320 --format "$f" --quality "$q" \
        -o "$work/t-{n}.$f")
  if [[ -z "$jpeg_time" ]]; then jpeg_time=$t; jpeg_bytes=$bytes; fi
  python3 - "$f" "$q" "$s" "$bytes" "$jpeg_bytes" "$t" "$jpeg_time" <<'PY'
import sys
f, q, s, b, jb, t, jt = sys.argv[1:]
print(f"| {f} | {q} | {float(s):.4f} | {int(b)} | {int(b)/int(jb):.2f} | {float(t)*1000:.0f} ms | "
      f"{(float(t)-float(jt))*100:+.1f} ms |")
PY
done

echo
end=$(python3 -c "print($start + 5)")
# The preview rendition the player makes in the background after a media's first animated preview: one
# thread, as the server makes it.
rendition="$work/rendition.mp4"
build_s=$(python3 "$here/measure.py" 1 600 -- "$bin" rendition "$clip" --threads 1 -o "$rendition" | awk '{print $1}')
"$bin" snapshot "$rendition" --time "$start" --width 320 --format png -o "$work/from_rendition.png" >/dev/null
rendition_ssim=$(ssim "$work/from_rendition.png" "$work/ref.png")
read -r ours copy cli < <(python3 "$here/measure.py" "$runs" 600 \
  -- "$bin" animated "$clip" --start "$start" --end "$end" --fps 10 --width 320 -o "$work/ours.gif" \
  --vs "$bin" animated "$rendition" --start "$start" --end "$end" --fps 10 --width 320 -o "$work/copy.gif" \
  --vs ffmpeg -nostdin -y -loglevel error -ss "$start" -t 5 -i "$clip" \
       -vf "fps=10,scale=320:-1,split[a][b];[a]palettegen[p];[b][p]paletteuse" "$work/cli.gif" | awk '{print $1}' | xargs)
echo "Animated: 5 s from ${start} s of the same clip (GOP $gop), fps 10, 320 wide, median of $runs alternating runs"
echo
echo "| command | time | bytes | ratio to the CLI |"
echo "|---|---|---|---|"
python3 - "$ours" "$copy" "$cli" "$(stat -c %s "$work/ours.gif")" "$(stat -c %s "$work/copy.gif")" \
  "$(stat -c %s "$work/cli.gif")" <<'PY'
import sys
ours, copy, cli, ob, pb, cb = map(float, sys.argv[1:])
print(f"| thumbgate animated, from the media | {ours*1000:.0f} ms | {int(ob)} | {ours/cli:.2f} |")
print(f"| thumbgate animated, from its preview rendition | {copy*1000:.0f} ms | {int(pb)} | {copy/cli:.2f} |")
print(f"| ffmpeg -vf fps,scale,palettegen/paletteuse | {cli*1000:.0f} ms | {int(cb)} | 1.00 |")
PY
echo
python3 - "$build_s" "$(stat -c %s "$rendition")" "$(stat -c %s "$clip")" "$rendition_ssim" "$start" <<'PY'
import sys
build, rb, mb, s, start = sys.argv[1:]
print(f"Preview rendition (`thumbgate rendition --threads 1`, made once per media): {float(build):.1f} s, "
      f"{int(rb)} bytes ({int(rb)/int(mb):.2f} of the media's); its frame at {start} s, 320 wide, has SSIM "
      f"{float(s):.4f} against the media's.")
PY
echo
# The same preview served by the running gateway, from the media and from its preview rendition.
python3 "$here/player_animated.py" "$bin" "$clip" "$start" "$runs"
