#!/usr/bin/env bash
# The hostile-input catalogue measured on the release build: every case of
# tests/integration/hostile*.rs is made by its test (kept with BULLETIN_HOSTILE_KEEP), then run
# again by the release binary under /usr/bin/time -v.
#
#   bench/hostile.sh [OUT_DIR]        (default: target/hostile)
#
# Prints one line a case: case, exit status (expected), seconds, peak memory (MiB), the first
# line of output.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/hostile}
rm -rf "$out" && mkdir -p "$out"
cargo build --release --locked --quiet
out=$(realpath "$out")
BULLETIN_HOSTILE_KEEP=$out cargo test --locked --quiet --test integration hostile >/dev/null
bulletin=$PWD/target/release/bulletin
printf '| case | exit (expected) | time | peak memory | message |\n| --- | --- | --: | --: | --- |\n'
for case in "$out"/*/; do
  name=$(basename "$case")
  mapfile -t lines < "$case/.case"
  expected=${lines[0]}
  args=("${lines[@]:1}")
  code=0
  (cd "$case" && /usr/bin/time -v -o time.txt "$bulletin" "${args[@]}" >stdout.txt 2>stderr.txt) || code=$?
  seconds=$(grep -oP 'Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): \K.*' "$case/time.txt")
  kib=$(grep -oP 'Maximum resident set size \(kbytes\): \K\d+' "$case/time.txt")
  first=$(grep -a -v -e '^p: 错误\[missing-report\]' -e 'empty-file' "$case/stdout.txt" "$case/stderr.txt" -h | grep -a -m1 -e '错误' -e '警告' || true)
  printf '| %s | %s (%s) | %s | %d MiB | %s |\n' "$name" "$code" "$expected" "$seconds" $((kib / 1024)) "${first:0:160}"
done
