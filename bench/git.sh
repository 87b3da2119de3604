#!/usr/bin/env bash
# Whole-process git benchmarks on a clone of rust-lang/cargo, vigil side by side with gitleaks,
# betterleaks and kingfisher (installed by ../shared/bench/peers.sh):
#   1. history audit: `vigil git --all` against the peers' full-history scans (best of RUNS,
#      wall time and peak RSS with /usr/bin/time, ratios);
#   2. pre-commit: `vigil staged` with a 3-line staged change (hyperfine, as bench/staged.sh).
# Usage: bench/git.sh [RUNS] [CARGO_GIT_DIR]   (RUNS default 3; the clone is never committed)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-3}
SRC=${2:-/work/.mirror/rust-lang+cargo/repo}
PEERS=${PEERS:-/tmp/vigil-peers}
CLONE=${CLONE:-/tmp/vigil-bench-cargo}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
command -v hyperfine >/dev/null || apt-get install -y -q hyperfine >/dev/null
bash "$ROOT/../shared/bench/peers.sh" "$PEERS" >/dev/null
(cd "$ROOT" && cargo build --release --quiet)
VIGIL="$TARGET/release/vigil"
[ -d "$CLONE" ] || git clone -q --no-local "$SRC" "$CLONE"
OUT=$(mktemp -d); trap 'rm -rf "$OUT"; git -C "$CLONE" reset -q --hard HEAD' EXIT
export KF_RULE_CACHE_DIR="$OUT/kf-cache"
cd "$CLONE"
git reset -q --hard HEAD
echo "repository: $(git rev-list --all | wc -l) commits, $(git cat-file --batch-all-objects --batch-check='%(objecttype)' | grep -c blob) blobs; $(nproc) CPUs"

declare -A CMDS=(
  [vigil]="$VIGIL git --all --no-config -f json -o $OUT/vigil.json"
  [gitleaks]="$PEERS/bin/gitleaks git --log-opts=--all --no-banner --exit-code 0 -f json -r $OUT/gitleaks.json ."
  [betterleaks]="$PEERS/bin/betterleaks git --log-opts=--all --no-banner --exit-code 0 -o $OUT/betterleaks.json ."
  [kingfisher]="$PEERS/bin/kingfisher scan . --no-validate --no-update-check --format json -o $OUT/kingfisher.json"
)
ORDER=(vigil kingfisher gitleaks betterleaks)
declare -A BEST MEM
for ((i = 1; i <= RUNS; i++)); do
  for tool in "${ORDER[@]}"; do
    /usr/bin/time -f "%e %M" -o "$OUT/time" bash -c "${CMDS[$tool]} >/dev/null 2>&1 || true"
    read -r secs kb < "$OUT/time"
    if [[ -z "${BEST[$tool]:-}" ]] || awk "BEGIN{exit !($secs < ${BEST[$tool]})}"; then BEST[$tool]=$secs; MEM[$tool]=$kb; fi
  done
done
echo
echo "history audit (best of $RUNS)"
printf '%-12s %8s %10s %12s %9s\n' tool "wall(s)" "peak MiB" "vigil/tool" findings
for tool in "${ORDER[@]}"; do
  ratio=$(awk "BEGIN{printf \"%.3f\", ${BEST[vigil]} / ${BEST[$tool]}}")
  n=$(python3 - "$OUT/$tool.json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    print("n/a"); sys.exit()
if isinstance(d, dict):
    d = d.get("findings", d.get("matches", []))
print(len(d))
PY
)
  printf '%-12s %8s %10d %12s %9s\n' "$tool" "${BEST[$tool]}" $(( ${MEM[$tool]} / 1024 )) "$ratio" "$n"
done

echo
echo "pre-commit: 3 staged lines"
f=$(git ls-files 'src/*.rs' | head -1)
printf 'fn helper() {}\nlet x = 1;\nlet api_token = "q8Lw2Nz5Rt7Vx3Kc9Bm4";\n' >> "$f"
git add -u
hyperfine -N -i --warmup 5 -r 40 --export-json "$OUT/staged.json" \
  "$VIGIL staged --no-config" \
  'git diff --cached' \
  "$PEERS/bin/betterleaks git --staged --no-banner --exit-code 0 ." \
  "$PEERS/bin/gitleaks git --staged --no-banner --exit-code 0 ." \
  "$PEERS/bin/kingfisher scan --staged --no-validate --no-update-check ." >/dev/null
python3 - "$OUT/staged.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
v = r[0]["mean"]
print(f"{'command':<62} {'mean ms':>8} {'vigil/cmd':>10}")
for x in r:
    print(f"{x['command'][-62:]:<62} {x['mean']*1000:8.1f} {v/x['mean']:10.3f}")
PY
git reset -q --hard HEAD
