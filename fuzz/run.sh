#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 180) one after another and prints a table of
# executions, time and crashes. Needs a nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`). Crashing inputs land in fuzz/artifacts/<target>/.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")"
SECS=${1:-180}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  mapfile -t TARGETS < <(cargo +nightly fuzz list)
fi
cargo +nightly fuzz build -O >/dev/null 2>&1 || { echo "fuzz build failed" >&2; exit 2; }
printf '| target | executions | time | crashes |\n| --- | --- | --- | --- |\n'
for t in "${TARGETS[@]}"; do
  log=$(mktemp)
  cargo +nightly fuzz run -O "$t" -- -max_total_time="$SECS" -rss_limit_mb=4096 -timeout=20 >"$log" 2>&1 < /dev/null
  rc=$?
  runs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $2}')
  crashes=$(ls "artifacts/$t" 2>/dev/null | wc -l)
  printf '| `%s` | %s | %s s | %s%s |\n' "$t" "${runs:-?}" "$SECS" "$crashes" "$([ $rc -ne 0 ] && echo " (exit $rc)")"
  [ $rc -ne 0 ] && tail -30 "$log" >&2
  rm -f "$log"
done
