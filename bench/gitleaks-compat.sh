#!/bin/sh
# Compare vigil and the real gitleaks on the same tree with the same gitleaks configuration.
#
#   bench/gitleaks-compat.sh CONFIG [TREE] [OUTDIR]
#
# CONFIG: a gitleaks v8 configuration, e.g. gitleaks' own config/gitleaks.toml (not shipped
#         with vigil: third-party configurations are not committed).
# TREE:   the directory to scan (default: the benchmark corpus, /tmp/vigil-corpus/tree).
# OUTDIR: where the two JSON reports and the differences go (default: a temp dir).
#
# Environment: GITLEAKS (default /tmp/vigil-peers/bin/gitleaks, installed by
# shared/bench/peers.sh), VIGIL (default target/release/vigil), GITLEAKS_ARGS (extra
# arguments for gitleaks, e.g. "--max-decode-depth 0" to compare without its decoding).
#
# Both tools scan every file (vigil with --no-ignore, since `gitleaks dir` does not read
# .gitignore) with no size limit. Findings are compared as (path, line, rule) sets; the
# script prints the counts, each side's extras by rule, and writes the full lists to OUTDIR.
set -eu

config=${1:?usage: bench/gitleaks-compat.sh CONFIG [TREE] [OUTDIR]}
tree=${2:-/tmp/vigil-corpus/tree}
out=${3:-$(mktemp -d)}
gitleaks=${GITLEAKS:-/tmp/vigil-peers/bin/gitleaks}
here=$(cd "$(dirname "$0")/.." && pwd)
vigil=${VIGIL:-$here/target/release/vigil}
mkdir -p "$out"

# Relative paths on both sides: run from inside the tree.
cd "$tree"
start=$(date +%s.%N)
# shellcheck disable=SC2086
"$gitleaks" dir . --config "$config" --report-format json --report-path "$out/gitleaks.json" \
    --no-banner --exit-code 0 --log-level error ${GITLEAKS_ARGS:-}
mid=$(date +%s.%N)
"$vigil" scan . --config "$config" --format json --output "$out/vigil.json" \
    --no-ignore --max-file-size 1G --no-ignore-file >/dev/null 2>"$out/vigil.stderr" || [ $? -eq 1 ]
end=$(date +%s.%N)

python3 - "$out" "$mid" "$start" "$end" <<'PY'
import collections, json, sys
out, mid, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
def norm(p):
    return p[2:] if p.startswith("./") else p
gl = {(norm(f["File"]), f["StartLine"], f["RuleID"]) for f in json.load(open(f"{out}/gitleaks.json"))}
vg = {(norm(f["path"]), f["line"], f["rule"]) for f in json.load(open(f"{out}/vigil.json"))["findings"]}
only_gl, only_vg, both = sorted(gl - vg), sorted(vg - gl), gl & vg
def by_rule(s):
    return collections.Counter(r for _, _, r in s).most_common()
with open(f"{out}/only-gitleaks.tsv", "w") as fh:
    fh.writelines(f"{p}\t{l}\t{r}\n" for p, l, r in only_gl)
with open(f"{out}/only-vigil.tsv", "w") as fh:
    fh.writelines(f"{p}\t{l}\t{r}\n" for p, l, r in only_vg)
print(f"gitleaks: {len(gl)} findings in {mid - start:.1f} s; vigil: {len(vg)} findings in {end - mid:.1f} s")
print(f"common: {len(both)}; only gitleaks: {len(only_gl)}; only vigil: {len(only_vg)}")
if gl:
    print(f"vigil/gitleaks count ratio: {len(vg) / len(gl):.3f}; "
          f"symmetric difference / gitleaks: {(len(only_gl) + len(only_vg)) / len(gl):.3%}")
print("only gitleaks, by rule:", by_rule(only_gl)[:15])
print("only vigil, by rule:", by_rule(only_vg)[:15])
print(f"details: {out}/only-gitleaks.tsv, {out}/only-vigil.tsv")
PY
