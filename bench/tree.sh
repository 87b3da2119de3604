#!/usr/bin/env bash
# Whole-process tree-scan benchmark: vigil against gitleaks, betterleaks and kingfisher on the
# real-source corpus (../shared/bench/tree-corpus.sh), side by side in one run.
# Usage: bench/tree.sh [RUNS]   (default 3; prints wall seconds, peak RSS and ratios)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
CORPUS=${CORPUS:-/tmp/vigil-corpus/tree}
PEERS=${PEERS:-/tmp/vigil-peers}
RUNS=${1:-3}
bash "$SHARED/bench/tree-corpus.sh" "$CORPUS" >/dev/null
bash "$SHARED/bench/peers.sh" "$PEERS" >/dev/null
(cd "$ROOT" && cargo build --release --quiet)
VIGIL="$ROOT/target/release/vigil"
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
export KF_RULE_CACHE_DIR="$OUT/kf-cache"

declare -A CMDS=(
  [vigil]="$VIGIL scan $CORPUS --no-config -f json -o $OUT/vigil.json"
  [gitleaks]="$PEERS/bin/gitleaks dir $CORPUS --no-banner --exit-code 0 -f json -r $OUT/gitleaks.json"
  [betterleaks]="$PEERS/bin/betterleaks fs $CORPUS --no-banner --exit-code 0 -o $OUT/betterleaks.json"
  [kingfisher]="$PEERS/bin/kingfisher scan $CORPUS --no-validate --no-update-check --git-history none --format json -o $OUT/kingfisher.json"
)
ORDER=(vigil kingfisher betterleaks gitleaks)
declare -A BEST MEM
cat "$CORPUS"/*/Cargo.toml >/dev/null 2>&1 || true   # warm the page cache
for ((i = 1; i <= RUNS; i++)); do
  for tool in "${ORDER[@]}"; do
    /usr/bin/time -f "%e %M" -o "$OUT/time" bash -c "${CMDS[$tool]} >/dev/null 2>&1 || true"
    read -r secs kb < "$OUT/time"
    if [[ -z "${BEST[$tool]:-}" ]] || awk "BEGIN{exit !($secs < ${BEST[$tool]})}"; then BEST[$tool]=$secs; fi
    MEM[$tool]=$kb
  done
done
printf '%-12s %8s %10s %14s\n' tool "wall(s)" "peak MiB" "vigil/tool"
for tool in "${ORDER[@]}"; do
  ratio=$(awk "BEGIN{printf \"%.3f\", ${BEST[vigil]} / ${BEST[$tool]}}")
  printf '%-12s %8s %10d %14s\n' "$tool" "${BEST[$tool]}" $(( ${MEM[$tool]} / 1024 )) "$ratio"
done
for t in vigil gitleaks betterleaks kingfisher; do printf "%s findings: " $t; python3 - "$OUT/$t.json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("n/a"); sys.exit()
if isinstance(d, dict):
    d = d.get("findings", d.get("matches", []))
print(len(d))
PY
done
