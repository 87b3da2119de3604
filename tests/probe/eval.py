#!/usr/bin/env python3
"""Match vigil JSON findings against truth.jsonl / neg_truth.jsonl."""
import base64
import collections
import difflib
import json
import os
import re
import sys

ROOT = os.environ.get("ACC_ROOT", "/tmp/acc-probe")
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "out.json")
report = json.load(open(out))
findings = report["findings"]


def rel(p):
    p = os.path.normpath(p)
    if p.startswith(ROOT + "/"):
        p = p[len(ROOT) + 1:]
    return p


def norm(s):
    s = s.replace("\\\\n", "").replace("\\n", "")
    return re.sub(r"[\s\"'`+]", "", s)


def secret_match(fs, ts):
    a, b = norm(fs), norm(ts)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= min(20, len(a), len(b))


truth = [json.loads(l) for l in open(os.path.join(ROOT, "truth.jsonl"))]
negs = [json.loads(l) for l in open(os.path.join(ROOT, "neg_truth.jsonl"))]
pos_nonsecret = [json.loads(l) for l in open(os.path.join(ROOT, "pos_nonsecret.jsonl"))]

by_file = collections.defaultdict(list)
for f in findings:
    f["_rel"] = rel(f["path"])
    by_file[f["_rel"]].append(f)


def lines_of(path):
    try:
        return open(os.path.join(ROOT, path), errors="replace").read().split("\n")
    except Exception:
        return []


def overlaps(f, lo, hi):
    fl = f["line"]
    fe = f.get("end_line") or fl
    return fl <= hi and fe >= lo


hit = collections.Counter()
tot = collections.Counter()
missed = []
matched_ids = set()
for t in truth:
    lo = t["line"] - 1
    hi = t.get("end_line", t["line"]) + 1
    ok = False
    alts = [t["secret"]] + ([t["decoded"]] if "decoded" in t else [])
    if re.fullmatch(r"[A-Za-z0-9+/]{16,}={0,2}", t["secret"]):
        try:
            dec = base64.b64decode(t["secret"]).decode()
            if dec.isprintable() or "\n" in dec:
                alts.append(dec)
        except Exception:
            pass
    for f in by_file.get(t["file"], []):
        if overlaps(f, lo, hi) and any(secret_match(f.get("secret") or "", a) for a in alts):
            ok = True
            matched_ids.add(id(f))
            t.setdefault("rules", []).append(f["rule"])
    tot[t["kind"]] += 1
    if ok:
        hit[t["kind"]] += 1
    else:
        missed.append(t)

n = len(truth)
h = sum(hit.values())
print("=== RECALL: %d/%d = %.1f%%" % (h, n, 100.0 * h / n))

# false alarms in neg/
neg_f = [f for f in findings if f["_rel"].startswith("neg/")]
neg_by_loc = collections.defaultdict(list)
for c in negs:
    neg_by_loc[(c["file"], c["line"])].append(c)
neg_hit_cases = set()
fa_rows = []
for f in neg_f:
    cases = []
    for dl in (0, -1, 1):
        for c in neg_by_loc.get((f["_rel"], f["line"] + dl), []):
            if secret_match(f.get("secret") or "", c["value"]) or dl == 0:
                cases.append(c)
    for c in cases:
        neg_hit_cases.add((c["file"], c["line"], c["value"]))
    fa_rows.append((f, cases))
print("=== FALSE ALARMS in neg/: %d findings, %d of %d recorded negative cases hit, %d neg files" %
      (len(neg_f), len(neg_hit_cases), len(negs), len({f['_rel'] for f in neg_f})))

extra = [f for f in findings if f["_rel"].startswith("pos/") and id(f) not in matched_ids]
other = [f for f in findings if not (f["_rel"].startswith("pos/") or f["_rel"].startswith("neg/"))]
print("=== unmatched findings in pos/: %d   findings outside pos/neg: %d" % (len(extra), len(other)))

with open(os.path.join(ROOT, "missed.jsonl"), "w") as fh:
    for t in missed:
        fh.write(json.dumps(t) + "\n")
if "--summary" in sys.argv:
    sys.exit(0)

print("\n=== per kind recall (misses first)")
for k in sorted(tot, key=lambda k: (hit[k] / tot[k], k)):
    print("  %-36s %2d/%2d" % (k, hit[k], tot[k]))

print("\n=== MISSED positives")
for t in sorted(missed, key=lambda t: (t["kind"], t["file"])):
    L = lines_of(t["file"])
    text = L[t["line"] - 1] if t["line"] - 1 < len(L) else ""
    near = [(f["rule"], f["line"]) for f in by_file.get(t["file"], []) if abs(f["line"] - t["line"]) <= 1]
    print("- [%s] %s:%d  %s%s" % (t["kind"], t["file"], t["line"], text.strip()[:200], ("   (nearby findings: %s)" % near) if near else ""))

print("\n=== FALSE ALARMS (neg/)")
for f, cases in sorted(fa_rows, key=lambda x: (x[0]["rule"], x[0]["_rel"], x[0]["line"])):
    L = lines_of(f["_rel"])
    text = L[f["line"] - 1] if f["line"] - 1 < len(L) else ""
    ck = ",".join(sorted({c["kind"] for c in cases})) or "UNRECORDED"
    print("- %s  %s:%d  case=%s  secret=%r\n      %s" % (f["rule"], f["_rel"], f["line"], ck, (f.get("secret") or "")[:80], text.strip()[:200]))

print("\n=== UNMATCHED findings in pos/")
ns_loc = {(c["file"], c["line"]): c for c in pos_nonsecret}
for f in sorted(extra, key=lambda f: (f["_rel"], f["line"])):
    L = lines_of(f["_rel"])
    text = L[f["line"] - 1] if f["line"] - 1 < len(L) else ""
    note = ""
    if (f["_rel"], f["line"]) in ns_loc:
        note = "  [recorded NON-secret: %s]" % ns_loc[(f["_rel"], f["line"])]["kind"]
    print("- %s  %s:%d%s  secret=%r\n      %s" % (f["rule"], f["_rel"], f["line"], note, (f.get("secret") or "")[:80], text.strip()[:200]))

if "--other" in sys.argv:
    print("\n=== findings outside pos/neg")
    for f in other:
        print("-", f["rule"], f["_rel"], f["line"])
