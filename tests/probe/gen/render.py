import base64
import json
import os
import re
from urllib.parse import quote

import tokens as T
import keys as K

PH = re.compile(r"\{\{(!?)([a-z_0-9]+)(?::([a-z_0-9]+))?((?:\|[a-z0-9]+)*)(?:#(\w+))?\}\}|«([a-z_0-9]+):(.*?)»", re.S)


def gen_value(name):
    if hasattr(T, name):
        return getattr(T, name)()
    if hasattr(K, name):
        return getattr(K, name)()
    raise KeyError(name)


def apply_filters(v, filters):
    for f in filters:
        if not f:
            continue
        if f == "jsonesc":
            v = json.dumps(v)[1:-1]
        elif f == "b64":
            v = base64.b64encode(v.encode()).decode()
        elif f.startswith("indent"):
            n = int(f[6:])
            v = v.rstrip("\n").replace("\n", "\n" + " " * n)
        elif f == "urlq":
            v = quote(v, safe="")
        elif f == "xml":
            v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        elif f == "rstrip":
            v = v.rstrip("\n")
        elif f == "pyesc":
            v = v.replace("\\", "\\\\").replace("\n", "\\n")
        else:
            raise KeyError(f)
    return v


class Corpus:
    def __init__(self, root):
        self.root = root
        self.truth = []
        self.negs = []
        self.files = 0

    def render(self, relpath, template, expect=None):
        """expect: 'pos' or 'neg' (sanity check of placeholder types)."""
        out = []
        pos = 0
        tags = {}
        recs = []
        for m in PH.finditer(template):
            out.append(template[pos:m.start()])
            pos = m.end()
            cur = "".join(out)
            line = cur.count("\n") + 1
            if m.group(6):  # literal negative (may contain generated placeholders, not separately recorded)
                val = PH.sub(lambda mm: apply_filters(gen_value(mm.group(2)), (mm.group(4) or "").split("|")[1:]), m.group(7))
                recs.append(("neg", {"file": relpath, "line": line, "kind": m.group(6), "value": val}))
                out.append(val)
                continue
            neg, gen, label, filt, tag = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
            if tag and tag in tags:
                raw = tags[tag]
            else:
                raw = gen_value(gen)
                if tag:
                    tags[tag] = raw
            filters = filt.split("|")[1:] if filt else []
            val = apply_filters(raw, filters)
            if neg:
                recs.append(("neg", {"file": relpath, "line": line, "kind": label or gen, "value": val}))
            else:
                rec = {"file": relpath, "line": line, "kind": label or gen, "secret": val}
                nl = val.rstrip("\n").count("\n")
                if nl:
                    rec["end_line"] = line + nl
                if "b64" in filters:
                    rec["decoded"] = raw
                recs.append(("pos", rec))
            out.append(val)
        out.append(template[pos:])
        text = "".join(out)
        full = os.path.join(self.root, relpath)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as fh:
            fh.write(text)
        self.files += 1
        for t, rec in recs:
            if expect and t != expect:
                raise ValueError("%s placeholder in %s file %s" % (t, expect, relpath))
            (self.truth if t == "pos" else self.negs).append(rec)
        return text
