#!/usr/bin/env bash
# The blind accuracy probe (tests/probe/README.md): generates a fresh corpus with new random
# values, scans it with the release build and prints recall and false alarms.
# Usage: bench/probe.sh [DIR]   (default: a new temp dir, removed afterwards)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-$(mktemp -d)}
[ $# -ge 1 ] || trap 'rm -rf "$DIR"' EXIT
python3 -c 'import cryptography' 2>/dev/null || pip install -q cryptography
(cd "$ROOT" && cargo build --release --locked --quiet)
VIGIL=${CARGO_TARGET_DIR:-$ROOT/target}/release/vigil
ACC_ROOT="$DIR" python3 "$ROOT/tests/probe/gen/gen.py" >/dev/null
# --show-secrets: the matcher compares the secrets themselves; the report stays in $DIR.
"$VIGIL" scan "$DIR/pos" "$DIR/neg" --no-config --no-ignore -f json -o "$DIR/out.json" --show-secrets || [ $? -eq 1 ]
ACC_ROOT="$DIR" python3 "$ROOT/tests/probe/eval.py" "$DIR/out.json" "${PROBE_FLAGS:---summary}"
