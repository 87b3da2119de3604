#!/usr/bin/env bash
# Signature-audit benchmark (issue 5): `vigil verify --all` against `git log --format=%G?`.
#
# Builds (once, cached in $WORK) a repository of $N commits: 40% signed by gpg (ed25519 and
# RSA-3072 keys, alternating), 40% signed with an SSH ed25519 key, 20% unsigned, with a
# `.vigil.toml` policy trusting those keys. Signatures come from the real gpg and ssh-keygen
# (one detached signature per payload); commit objects are written directly as loose objects,
# which is what `git commit -S` would store.
#
# Usage: bench/signing.sh [--cargo]     (env: N=4000 WORK=/tmp/vigil-bench-signing VIGIL=...)
# The second figure (a real history) runs when CARGO_GIT_DIR points at a rust-lang/cargo git
# dir: it is cloned to /tmp/cargo-clone-sign and verified with GitHub's web-flow key.
set -euo pipefail
N=${N:-4000}
WORK=${WORK:-/tmp/vigil-bench-signing}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VIGIL=${VIGIL:-${CARGO_TARGET_DIR:-$ROOT/target}/release/vigil}
export GNUPGHOME=$WORK/gnupg HOME=$WORK/home GIT_CONFIG_GLOBAL=$WORK/home/gitconfig GIT_CONFIG_NOSYSTEM=1
R=$WORK/repo

build() {
  rm -rf "$WORK"; mkdir -p "$GNUPGHOME" "$HOME"; chmod 700 "$GNUPGHOME"
  for spec in 'Alice <alice@example.com>:ed25519' 'Bob <bob@example.com>:rsa3072'; do
    gpg --batch --quiet --passphrase '' --quick-gen-key "${spec%%:*}" "${spec##*:}" sign 0 2>/dev/null
  done
  ssh-keygen -q -t ed25519 -N '' -C carol -f "$WORK/carol"
  git init -q -b main "$R"
  mkdir -p "$R/.vigil"
  gpg --armor --export alice@example.com bob@example.com > "$R/.vigil/keys.asc"
  echo "carol@example.com $(cut -d' ' -f1,2 "$WORK/carol.pub")" > "$R/.vigil/allowed_signers"
  printf '[signing]\nrequired = true\nallowed_signers = ".vigil/allowed_signers"\nopenpgp_keys = [".vigil/keys.asc"]\n' > "$R/.vigil.toml"
  git -C "$R" add -A
  local tree; tree=$(git -C "$R" write-tree)
  python3 - "$R" "$tree" "$N" "$WORK/carol" <<'PY'
import hashlib, os, subprocess, sys, zlib
repo, tree, n, sshkey = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
objdir = os.path.join(repo, ".git", "objects")
def write(body):
    data = b"commit %d\0" % len(body) + body
    oid = hashlib.sha1(data).hexdigest()
    d = os.path.join(objdir, oid[:2]); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, oid[2:]), "wb") as f:
        f.write(zlib.compress(data, 1))
    return oid
parent, t0 = None, 1_700_000_000
for i in range(n):
    slot = i % 10
    kind = "gpg-ed25519" if slot in (0, 2) else "gpg-rsa" if slot in (1, 3) else "ssh" if slot < 8 else "none"
    if i == 0:
        kind = "gpg-ed25519"
    email = {"gpg-ed25519": "alice", "gpg-rsa": "bob", "ssh": "carol", "none": "alice"}[kind] + "@example.com"
    ident = f"Bench <{email}> {t0 + i * 60} +0000".encode()
    head = b"tree " + tree.encode() + b"\n" + (b"parent " + parent.encode() + b"\n" if parent else b"")
    head += b"author " + ident + b"\ncommitter " + ident + b"\n"
    msg = f"\ncommit {i} ({kind})\n".encode()
    payload = head + msg
    if kind.startswith("gpg"):
        sig = subprocess.run(["gpg", "--batch", "--quiet", "--detach-sign", "--armor", "-u", email],
                             input=payload, capture_output=True, check=True).stdout
    elif kind == "ssh":
        sig = subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-n", "git", "-f", sshkey],
                             input=payload, capture_output=True, check=True).stdout
    else:
        sig = b""
    if sig:
        lines = sig.rstrip(b"\n").split(b"\n")
        head += b"gpgsig " + b"\n ".join(lines) + b"\n"
    parent = write(head + msg)
with open(os.path.join(repo, ".git", "refs", "heads", "main"), "w") as f:
    f.write(parent + "\n")
PY
  git -C "$R" reset -q --hard
  git -C "$R" gc -q
  # git's own verification needs the keys trusted and the allowed signers configured.
  gpg --with-colons --list-keys | awk -F: '/^fpr/{print $10":6:"}' | gpg --batch --quiet --import-ownertrust 2>/dev/null
  git -C "$R" config gpg.ssh.allowedSignersFile "$R/.vigil/allowed_signers"
  gpgconf --kill gpg-agent 2>/dev/null || true
}

secs() { local s; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; echo "$(date +%s.%N) - $s" | bc; }

if [ ! -f "$R/.git/refs/heads/main" ] && [ ! -f "$R/.git/packed-refs" ]; then
  echo "building $N-commit repository in $R (real gpg and ssh-keygen signatures)..." >&2
  start=$(date +%s); build; echo "built in $(( $(date +%s) - start )) s" >&2
fi
[ -x "$VIGIL" ] || { echo "build vigil first: cargo build --release" >&2; exit 2; }
counts=$(git -C "$R" log --format=%G? | sort | uniq -c | tr '\n' ' ')
"$VIGIL" verify --all -C "$R" -f json > "$WORK/verdicts.json" || true
summary=$(python3 -c "import json;print(json.load(open('$WORK/verdicts.json'))['summary'])")
v1=$(secs "$VIGIL" verify --all -C "$R"); v2=$(secs "$VIGIL" verify --all -C "$R"); v3=$(secs "$VIGIL" verify --all -C "$R")
g=$(secs git -C "$R" log --format=%G?)
echo "synthetic $N commits: git %G? counts: $counts"
echo "vigil summary: $summary"
printf '| %-40s | %8s |\n' "command" "seconds"
printf '| %-40s | %8.2f |\n' "git log --format=%G? ($N commits)" "$g"
printf '| %-40s | %8.3f |\n' "vigil verify --all (best of 3)" "$(printf '%s\n' "$v1" "$v2" "$v3" | sort -n | head -1)"

if [ -n "${CARGO_GIT_DIR:-}" ]; then
  C=/tmp/cargo-clone-sign
  [ -d "$C" ] || git clone -q --no-local --bare "$CARGO_GIT_DIR" "$C"
  mkdir -p "$WORK/cargo-policy"
  cp "$ROOT/../shared/keys/"*.asc "$WORK/cargo-policy/" 2>/dev/null || cp /work/shared/keys/*.asc "$WORK/cargo-policy/"
  keys=$(cd "$WORK/cargo-policy" && ls *.asc | sed 's/.*/"&"/' | paste -sd, -)
  printf '[signing]\nrequired = false\nopenpgp_keys = [%s]\n' "$keys" > "$WORK/cargo-policy/policy.toml"
  gpg --batch --quiet --import "$WORK"/cargo-policy/*.asc 2>/dev/null || true
  total=$(git -C "$C" rev-list --all | wc -l)
  "$VIGIL" verify --all -C "$C" --policy "$WORK/cargo-policy/policy.toml" -f json > "$WORK/cargo.json" || true
  csum=$(python3 -c "import json;print(json.load(open('$WORK/cargo.json'))['summary'])")
  c1=$(secs "$VIGIL" verify --all -C "$C" --policy "$WORK/cargo-policy/policy.toml")
  c2=$(secs "$VIGIL" verify --all -C "$C" --policy "$WORK/cargo-policy/policy.toml")
  gc=$(secs git -C "$C" log --all --format=%G?)
  echo "rust-lang/cargo clone ($total commits): vigil summary: $csum"
  printf '| %-40s | %8.2f |\n' "git log --all --format=%G? (cargo)" "$gc"
  printf '| %-40s | %8.3f |\n' "vigil verify --all (cargo, best of 2)" "$(printf '%s\n' "$c1" "$c2" | sort -n | head -1)"
fi
