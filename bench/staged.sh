#!/usr/bin/env bash
# Whole-process pre-commit benchmark: `vigil staged` against the peers' staged scans on a clone of
# rust-lang/cargo with a 3-line staged change. Usage: bench/staged.sh [CARGO_GIT_DIR]
# CARGO_GIT_DIR: a rust-lang/cargo history (default: the search tool's mirror); never committed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=${1:-/work/.mirror/rust-lang+cargo/repo}
PEERS=${PEERS:-/tmp/vigil-peers}
CLONE=${CLONE:-/tmp/vigil-bench-cargo}
command -v hyperfine >/dev/null || apt-get install -y -q hyperfine >/dev/null
bash "$ROOT/../shared/bench/peers.sh" "$PEERS" >/dev/null
(cd "$ROOT" && cargo build --release --quiet)
[ -d "$CLONE" ] || git clone -q --no-local "$SRC" "$CLONE"
cd "$CLONE"
git reset -q --hard HEAD
printf 'fn helper() {}\nlet x = 1;\nlet api_token = "q8Lw2Nz5Rt7Vx3Kc9Bm4";\n' >> src/compiler/standard_lib.rs 2>/dev/null \
  || printf 'fn helper() {}\nlet x = 1;\nlet api_token = "q8Lw2Nz5Rt7Vx3Kc9Bm4";\n' >> "$(git ls-files '*.rs' | head -1)"
git add -u
export KF_RULE_CACHE_DIR=/tmp/vigil-bench-kf
hyperfine -N -i --warmup 5 -r 40 \
  "$ROOT/target/release/vigil staged --no-config" \
  'git diff --cached' \
  "$PEERS/bin/betterleaks git --staged --no-banner --exit-code 0 ." \
  "$PEERS/bin/gitleaks git --staged --no-banner --exit-code 0 ." \
  "$PEERS/bin/kingfisher scan --staged --no-validate --no-update-check ."
git reset -q --hard HEAD
