#!/usr/bin/env bash
# The benchmark harness: every comparison of docs/PERFORMANCE.md, side by side in one run.
#
#   bench/run.sh [OUT_DIR]        (default: target/bench)
#
# Needs: hyperfine (apt-get install hyperfine), xsv (cargo install xsv), frictionless and daff
# (pip install frictionless daff), /usr/bin/time. Timings are medians of several runs in one
# session; compare the ratios, not the seconds — the machines are shared and noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/bench}
mkdir -p "$out"
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example synth
bulletin=$PWD/target/release/bulletin
synth=$PWD/target/release/examples/synth
for tool in hyperfine xsv frictionless daff; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 2; }
done

# Data: 1M rows (5,000 units x 200 tasks), 300k, 100k, and 20k for daff.
for size in "5000 200 1m" "3000 100 300k" "1000 100 100k" "200 100 20k"; do
  set -- $size
  [[ -f $out/$3/plan.yaml ]] || "$synth" --units "$1" --tasks "$2" --out "$out/$3"
done
# The same 1M rows as one .xlsx (shared strings, date cells), as Excel saves them.
[[ -f $out/1mx/plan.yaml ]] || "$synth" --units 5000 --tasks 200 --xlsx --out "$out/1mx"

# frictionless: the same rules as a table schema (required fields, the status enum, a date,
# the (单位, 任务) primary key).
cat > "$out/schema.json" <<'JSON'
{"fields": [
  {"name": "单位", "type": "string", "constraints": {"required": true}},
  {"name": "任务", "type": "integer", "constraints": {"required": true}},
  {"name": "状态", "type": "string", "constraints": {"required": true, "enum": ["已完成", "推进中", "未开始"]}},
  {"name": "完成日期", "type": "date"},
  {"name": "说明", "type": "string"}],
 "primaryKey": ["单位", "任务"]}
JSON

run() { # name, runs, commands... (run without a shell: -N)
  local name=$1 runs=$2; shift 2
  hyperfine --style basic --warmup 1 --runs "$runs" -N --export-json "$out/$name.json" "$@" >/dev/null
}
run_sh() { # the same through a shell, for a command line with &&
  local name=$1 runs=$2; shift 2
  hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$out/$name.json" "$@" >/dev/null
}
p() { echo "$out/$1/periods/$2"; }
run validate-1m 10 "$bulletin validate $(p 1m 2022-05) --plan $out/1m/plan.yaml" "xsv count $(p 1m 2022-05)/all.csv"
run generate-1m 5 "$bulletin generate $(p 1m 2022-05) --plan $out/1m/plan.yaml --format json -o $out/g.json" "xsv count $(p 1m 2022-05)/all.csv"
run_sh diff-1m 5 "$bulletin diff $(p 1m 2022-05) $(p 1m 2022-06) --plan $out/1m/plan.yaml --format json -o $out/d.json" "xsv count $(p 1m 2022-05)/all.csv && xsv count $(p 1m 2022-06)/all.csv"
run scale 5 \
  "$bulletin validate $(p 100k 2022-05) --plan $out/100k/plan.yaml" \
  "$bulletin validate $(p 300k 2022-05) --plan $out/300k/plan.yaml" \
  "$bulletin validate $(p 1m 2022-05) --plan $out/1m/plan.yaml" \
  "$bulletin generate $(p 100k 2022-05) --plan $out/100k/plan.yaml --format json -o $out/g100k.json" \
  "$bulletin generate $(p 300k 2022-05) --plan $out/300k/plan.yaml --format json -o $out/g300k.json"
run frictionless-100k 3 "$bulletin validate $(p 100k 2022-05) --plan $out/100k/plan.yaml" \
  "frictionless validate --schema $out/schema.json $(p 100k 2022-05)/all.csv"
run daff-20k 3 "$bulletin diff $(p 20k 2022-05) $(p 20k 2022-06) --plan $out/20k/plan.yaml --format json -o $out/d20k.json" \
  "daff --id 单位 --id 任务 --output $out/daff.csv $(p 20k 2022-05)/all.csv $(p 20k 2022-06)/all.csv"
run validate-xlsx-1m 3 "$bulletin validate $(p 1mx 2022-05) --plan $out/1mx/plan.yaml"
run sample 20 "$bulletin generate data/periods/2021-05 --as-of 2021-05-24 -o $out/sample.md"

# Peak memory (maximum resident set size).
mem() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
{
  echo "validate-1m $(mem "$bulletin" validate "$(p 1m 2022-05)" --plan "$out/1m/plan.yaml")"
  echo "generate-1m $(mem "$bulletin" generate "$(p 1m 2022-05)" --plan "$out/1m/plan.yaml" --format json -o "$out/g.json")"
  echo "diff-1m $(mem "$bulletin" diff "$(p 1m 2022-05)" "$(p 1m 2022-06)" --plan "$out/1m/plan.yaml" --format json -o "$out/d.json")"
  echo "validate-xlsx-1m $(mem "$bulletin" validate "$(p 1mx 2022-05)" --plan "$out/1mx/plan.yaml")"
  echo "xsv-count-1m $(mem xsv count "$(p 1m 2022-05)/all.csv")"
} > "$out/memory.txt"

python3 bench/report.py "$out"
