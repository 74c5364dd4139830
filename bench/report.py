"""Prints the table of docs/PERFORMANCE.md from the files bench/run.sh wrote."""
import json
import pathlib
import statistics
import sys

out = pathlib.Path(sys.argv[1])


def medians(name):
    results = json.loads((out / f"{name}.json").read_text())["results"]
    return [(r["command"], statistics.median(r["times"])) for r in results]


def short(command):
    return command.replace(str(out) + "/", "").replace(str(pathlib.Path.cwd()) + "/", "")


rows = []
for name, target in [("validate-1m", "≤ 2×"), ("generate-1m", "≤ 3×"), ("diff-1m", "≤ 3×")]:
    (ours, t_ours), (theirs, t_theirs) = medians(name)
    rows.append((name, f"{t_ours*1000:.0f} ms", f"{t_theirs*1000:.0f} ms (xsv count)", f"{t_ours/t_theirs:.1f}× xsv count", target))
for name, other, target in [("frictionless-100k", "frictionless validate", "≥ 100× faster"), ("daff-20k", "daff", "≥ 100× faster")]:
    (ours, t_ours), (theirs, t_theirs) = medians(name)
    rows.append((name, f"{t_ours*1000:.0f} ms", f"{t_theirs*1000:.0f} ms ({other})", f"{t_theirs/t_ours:.0f}× faster", target))
(_, t_xlsx), = medians("validate-xlsx-1m")
rows.append(("validate-xlsx-1m", f"{t_xlsx*1000:.0f} ms", "", "", "≤ 3 s"))
(_, t_sample), = medians("sample")
rows.append(("generate sample district", f"{t_sample*1000:.1f} ms", "", "", "< 10 ms"))

print("| work | bulletin | other | ratio | target |")
print("| --- | --: | --: | --: | --- |")
for row in rows:
    print("| " + " | ".join(row) + " |")
print()
print("| scale | median |")
print("| --- | --: |")
for command, t in medians("scale"):
    print(f"| `{short(command)}` | {t*1000:.0f} ms |")
print()
print("| peak memory (max RSS) | MiB |")
print("| --- | --: |")
for line in (out / "memory.txt").read_text().splitlines():
    name, kib = line.split()
    print(f"| {name} | {int(kib)/1024:.0f} |")
