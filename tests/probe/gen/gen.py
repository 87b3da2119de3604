import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
import tokens as T  # noqa
from catalog import CATALOG
from langs import STYLES, SVCS, camel, pascal
from neg_struct import N
from pos_struct import S
from render import Corpus

ROOT = os.environ.get("ACC_ROOT", "/tmp/acc-probe")
R = random.Random(424242)

for d in ("pos", "neg"):
    shutil.rmtree(os.path.join(ROOT, d), ignore_errors=True)

pos = Corpus(ROOT)
neg = Corpus(ROOT)

# ------------------------------------------------------------ structured positives
for path, tpl in S:
    pos.render("pos/" + path, tpl)

# ------------------------------------------------------------ module positives: every catalog kind x3
slots = []
for label, (gen, names) in CATALOG.items():
    for i in range(2):
        slots.append((label, gen, names[i % len(names)]))
R.shuffle(slots)
langs = list(STYLES.keys())
i = 0
fileno = 0
while i < len(slots):
    k = R.choice([2, 3, 3, 4, 4, 5])
    chunk = slots[i:i + k]
    i += k
    lang = langs[fileno % len(langs)]
    ext, header, line_fn, footer = R.choice(STYLES[lang])
    svc = SVCS[fileno % len(SVCS)]
    d = {"svc": svc, "Svc": svc.capitalize()}
    used = set()
    lines = []
    for label, gen, name in chunk:
        nm = name
        while nm in used:
            nm = nm + "_2"
        used.add(nm)
        lines.append(line_fn(nm, "{{%s:%s}}" % (gen, label)).replace("%(svc)s", svc))
    body = header % d + "\n".join(lines) + "\n" + footer % d
    dirs = {"py": "src/%s" % svc, "js": "src/%s" % svc, "mjs": "src/%s" % svc, "ts": "src/%s" % svc, "go": "internal/%s" % svc,
            "java": "src/main/java/com/acme/%s" % svc, "cs": "src/Acme.%s" % svc.capitalize(), "rb": "lib/%s" % svc,
            "php": "app/%s" % svc, "rs": "crates/%s/src" % svc, "kt": "android/%s" % svc, "swift": "ios/%s" % svc.capitalize(),
            "env": "services/%s" % svc, "yaml": "config/%s" % svc, "yml": "config/%s" % svc, "json": "config/%s" % svc,
            "toml": "config/%s" % svc, "properties": "config/%s" % svc, "ini": "config/%s" % svc, "cfg": "config/%s" % svc,
            "config": "deploy/%s" % svc, "xml": "config/%s" % svc, "sh": "scripts/%s" % svc}
    fname = {"env": ".env.%s" % R.choice(["production", "staging", "local", "prod"]), "config": "Web.config"}.get(ext, "%s_settings_%d.%s" % (svc, fileno, ext))
    if ext == "java":
        fname = "%sConstants%d.java" % (svc.capitalize(), fileno)
    pos.render("pos/%s/m%03d/%s" % (dirs[ext], fileno, fname), body)
    fileno += 1

# ------------------------------------------------------------ notebooks
def nb(cells):
    return json.dumps({"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                                                    "language_info": {"name": "python", "version": "3.11.7"}},
                       "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def code(src, outputs=None, n=1):
    lines = src.split("\n")
    return {"cell_type": "code", "execution_count": n, "id": T.r(T.LO + T.DG, 8), "metadata": {},
            "outputs": outputs or [], "source": [l + "\n" for l in lines[:-1]] + [lines[-1]]}


def md(src):
    lines = src.split("\n")
    return {"cell_type": "markdown", "id": T.r(T.LO + T.DG, 8), "metadata": {}, "source": [l + "\n" for l in lines[:-1]] + [lines[-1]]}


def stream(text):
    lines = text.split("\n")
    return {"name": "stdout", "output_type": "stream", "text": [l + "\n" for l in lines[:-1]] + [lines[-1]]}


def result(text, n):
    return {"data": {"text/plain": [text]}, "execution_count": n, "metadata": {}, "output_type": "execute_result"}


pos.render("pos/notebooks/llm_eval.ipynb", nb([
    md("# LLM eval\nQuick comparison of providers."),
    code('import os\nos.environ["OPENAI_API_KEY"] = "{{openai_proj:openai_project_key}}"\nos.environ["ANTHROPIC_API_KEY"] = "{{anthropic:anthropic_api_key}}"', n=1),
    code('from huggingface_hub import login\nlogin(token="{{hf:huggingface_token}}")', [stream("Token is valid (permission: write).\nLogin successful")], n=2),
    code("client.api_key", [result("'{{groq:groq_api_key}}'", 3)], n=3),
]))

pos.render("pos/notebooks/warehouse_etl.ipynb", nb([
    code('import snowflake.connector\nconn = snowflake.connector.connect(\n    user="ETL_USER",\n    password="{{password:generic_password}}",\n    account="acme-xy12345",\n)', n=1),
    code("!env | grep -i token", [stream("DATABRICKS_TOKEN={{databricks:databricks_token}}\nHF_HUB_OFFLINE=0\nGITHUB_TOKEN={{ghp:github_pat_classic}}")], n=2),
    code('engine = create_engine("postgresql://etl:{{password_urlsafe:postgres_conn}}@warehouse.acme.internal:5432/dwh")', n=3),
]))

pos.render("pos/notebooks/gcs_upload.ipynb", nb([
    code('from google.oauth2 import service_account\ninfo = {\n    "type": "service_account",\n    "project_id": "acme-ml",\n    "private_key": "{{pkcs8_pem:gcp_sa_private_key|pyesc|jsonesc}}",\n    "client_email": "ml@acme-ml.iam.gserviceaccount.com",\n}\ncreds = service_account.Credentials.from_service_account_info(info)', n=1),
    code('AWS_KEY = "{{aws_akid:aws_access_key_id}}"\nAWS_SECRET = "{{aws_secret:aws_secret_access_key}}"', n=2),
    code("print(s3_url)", [stream("https://acme-ml.s3.amazonaws.com/models/v3.bin?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={{aws_akid:aws_access_key_id}}%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=" + T.sha256())], n=3),
]))

neg.render("neg/notebooks/analysis.ipynb", nb([
    md("# Analysis\nSet `OPENAI_API_KEY` in your environment before running."),
    code('import os, getpass\napi_key = «env_ref:os.environ["OPENAI_API_KEY"]»\npassword = «variable:getpass.getpass("DB password: ")»', n=1),
    code('df["user_id"].head()', [result("0    «uuid:{{!uuid4:uuid}}»\\n1    «uuid:{{!uuid4:uuid}}»", 2)], n=2),
    code("hashlib.sha256(b'data').hexdigest()", [result("'«hash:{{!sha256:sha256}}»'", 3)], n=3),
    code("model_id = «identifier:'sentence-transformers/all-MiniLM-L6-v2'»\ntoken = «env_ref:os.getenv('HF_TOKEN')»", n=4),
    code("img", [{"data": {"image/png": "«base64_image:{{!generic_b64_secret:png_b64}}»", "text/plain": ["<Figure size 640x480 with 1 Axes>"]}, "metadata": {}, "output_type": "display_data"}], n=5),
]))

neg.render("neg/notebooks/explore_auth_logs.ipynb", nb([
    code("logs[logs.event == 'password_reset'].shape", [result("(«non_secret_value:1342», 7)", 1)], n=1),
    code("print(commit)", [stream("«git_sha:{{!sha1:sha1}}»")], n=2),
    code("secret_name = «identifier:'projects/acme/secrets/db-password/versions/latest'»", n=3),
]))

# ------------------------------------------------------------ structured negatives
for path, tpl in N:
    neg.render("neg/" + path, tpl)

# ------------------------------------------------------------ module negatives: placeholders & non-secret hex in many languages
PLACEHOLDERS = ["your_api_key_here", "<TOKEN>", "<YOUR_API_KEY>", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "changeme", "CHANGEME",
                "REPLACE_ME", "replace-me", "TODO", "dummy", "example", "********", "[REDACTED]", "<redacted>", "secret", "password",
                "${SECRET}", "${API_KEY}", "$API_TOKEN", "{{ .Values.password }}", "{{ secret }}", "%(password)s", "{password}",
                "your-secret-key", "PUT_YOUR_KEY_HERE", "insert-token-here", "none", "null", "test", "foo", "fake-api-key",
                "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx", "pk_test_TYooMQauvdEDq54NiTphI7jx", "xoxb-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX",
                "ghp_****************************************", "AKIA****************", "<your-openai-key>", "sk-proj-XXXXXXXX",
                "$(cat /run/secrets/token)", "@@DB_PASSWORD@@", "__API_KEY__", "#{ENV['API_KEY']}", "<%= ENV['SECRET'] %>",
                "{{API_TOKEN}}", "ENV[API_KEY]", "set-me", "0000000000000000000000000000000000000000", "1234567890abcdef"]
SECRET_NAMES = ["API_KEY", "SECRET_KEY", "DB_PASSWORD", "ACCESS_TOKEN", "CLIENT_SECRET", "GITHUB_TOKEN", "STRIPE_SECRET_KEY",
                "AWS_SECRET_ACCESS_KEY", "SLACK_TOKEN", "PASSWORD", "AUTH_TOKEN", "OPENAI_API_KEY", "JWT_SECRET", "SMTP_PASSWORD"]
NONSECRET = [("sha1", ["COMMIT_SHA", "GIT_REVISION", "BUILD_COMMIT", "CACHE_KEY"]), ("sha256", ["CHECKSUM", "ARTIFACT_SHA256", "CONTENT_HASH", "IMAGE_DIGEST"]),
             ("md5", ["ETAG", "FILE_MD5", "TRACE_ID"]), ("uuid4", ["REQUEST_ID", "TENANT_ID", "PROJECT_ID", "INSTALLATION_ID", "CORRELATION_ID"]),
             ("ulid", ["BUILD_ID", "EVENT_ID"]), ("object_id", ["DOCUMENT_ID", "ORG_ID"]), ("webpack_chunk", ["ASSET_HASH", "BUNDLE_VERSION"]),
             ("sha512", ["RELEASE_SHA512"]), ("sri384", ["SCRIPT_INTEGRITY"])]
neg_langs = [l for l in STYLES.keys()]
for j in range(40):
    lang = neg_langs[j % len(neg_langs)]
    ext, header, line_fn, footer = R.choice(STYLES[lang])
    svc = SVCS[(j * 7) % len(SVCS)]
    d = {"svc": svc, "Svc": svc.capitalize()}
    lines = []
    used = set()
    for _ in range(R.choice([4, 5, 6])):
        if j % 2 == 0:
            nm = R.choice(SECRET_NAMES)
            val = "«placeholder:%s»" % R.choice(PLACEHOLDERS)
        else:
            gen, names = R.choice(NONSECRET)
            nm = R.choice(names)
            val = "«nonsecret_%s:{{!%s:%s}}»" % (gen, gen, gen)
        while nm in used:
            nm += "_2"
        used.add(nm)
        lines.append(line_fn(nm, val).replace("%(svc)s", svc))
    body = header % d + "\n".join(lines) + "\n" + footer % d
    neg.render("neg/modules/%s/n%03d/%s_%s.%s" % (lang, j, "example" if j % 2 == 0 else "build_info", svc, ext), body)

# ------------------------------------------------------------ write truth
with open(os.path.join(ROOT, "truth.jsonl"), "w") as fh:
    for rec in pos.truth:
        fh.write(json.dumps(rec) + "\n")
with open(os.path.join(ROOT, "neg_truth.jsonl"), "w") as fh:
    for rec in neg.negs:
        fh.write(json.dumps(rec) + "\n")
with open(os.path.join(ROOT, "pos_nonsecret.jsonl"), "w") as fh:
    for rec in pos.negs:
        fh.write(json.dumps(rec) + "\n")
with open(os.path.join(ROOT, "neg_count"), "w") as fh:
    fh.write("%d\n" % len(neg.negs))

if neg.truth:
    print("WARNING: positive placeholders in neg files:", neg.truth[:3])
kinds = {}
for rec in pos.truth:
    kinds[rec["kind"]] = kinds.get(rec["kind"], 0) + 1
print("pos files", pos.files, "positives", len(pos.truth), "kinds", len(kinds))
print("neg files", neg.files, "negative cases", len(neg.negs))
