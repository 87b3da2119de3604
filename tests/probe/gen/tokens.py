"""Fake credential generators. All randomness from `secrets`."""
import base64
import hashlib
import hmac
import json
import secrets
import string
import time
import uuid
import zlib

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AL = UP + LO + DG
B62 = DG + UP + LO  # GitHub / npm lexicographic base62
B64 = AL + "+/"
B64U = AL + "-_"
HEX = "0123456789abcdef"
HEXU = "0123456789ABCDEF"
B32 = UP + "234567"

WORDS = """anchor basil cobalt dapple ember fjord gravel harbor indigo juniper kestrel lantern meadow
nutmeg orchid pepper quartz raven saffron tundra umber velvet walnut xenon yarrow zephyr almond
bramble cactus drizzle falcon garnet hollow island jasper kettle lilac marble nectar oyster pebble
quiver ripple sprocket thistle upland violet willow yonder zinnia acorn blizzard canyon domino
eclipse ferret glacier hazel iceberg jigsaw kayak lagoon mango noodle otter parsnip quokka rocket
saddle tulip unicorn vortex wombat bison cricket dynamo escrow fossil goblin hammock""".split()


def r(alpha, n):
    while True:
        s = "".join(secrets.choice(alpha) for _ in range(n))
        # avoid degenerate all-letter/all-digit strings for mixed alphabets
        if n >= 12 and any(c.isdigit() for c in alpha) and any(c.isalpha() for c in alpha):
            if not (any(c.isdigit() for c in s) and any(c.isalpha() for c in s)):
                continue
        return s


def b62enc(n, pad=6):
    s = ""
    while n:
        s = B62[n % 62] + s
        n //= 62
    return s.rjust(pad, "0")


def gh_style(prefix, n=30):
    ent = r(AL, n)
    return prefix + ent + b62enc(zlib.crc32(ent.encode()))


def b64u_noPad(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def b64(b):
    return base64.b64encode(b).decode()


# ---------------------------------------------------------------- tokens

def aws_akid():
    return "AKIA" + r(B32, 16)


def aws_asia():
    return "ASIA" + r(B32, 16)


def aws_secret():
    return r(B64, 40)


def aws_session():
    return "IQoJb3JpZ2luX2VjE" + r(B64, 12) + "//////////wEaCXVzLWVhc3QtMSJH" + r(B64, 340)


def gcp_api_key():
    return "AIzaSy" + r(B64U, 33)


def azure_storage_key():
    return b64(secrets.token_bytes(64))


def azure_sas_sig():
    from urllib.parse import quote
    return quote(b64(secrets.token_bytes(32)), safe="")


def azure_ad_secret():
    a = AL + "_~.-"
    return r(a, 3) + secrets.choice("78") + "Q~" + r(a, 34)


def ghp():
    return gh_style("ghp_")


def gho():
    return gh_style("gho_")


def ghu():
    return gh_style("ghu_")


def ghs():
    return gh_style("ghs_")


def ghr():
    return gh_style("ghr_")


def github_pat():
    return "github_pat_11" + r(UP + DG, 20) + "_" + r(AL, 59)


def glpat():
    return "glpat-" + r(AL + "-_", 20)


def gldt():
    return "gldt-" + r(AL + "-_", 20)


def glrt():
    return "glrt-" + r(AL + "-_", 20)


def glrr():
    return "GR1348941" + r(AL + "-_", 20)


def glptt():
    return "glptt-" + r(HEX, 40)


def gloas():
    return "gloas-" + r(HEX, 64)


def glft():
    return "glft-" + r(AL + "-_", 20)


def glagent():
    return "glagent-" + r(AL + "-_", 50)


def slack_bot():
    return "xoxb-%s-%s-%s" % (r(DG, 12), r(DG, 13), r(AL, 24))


def slack_user():
    return "xoxp-%s-%s-%s-%s" % (r(DG, 12), r(DG, 12), r(DG, 13), r(HEX, 32))


def slack_app():
    return "xapp-1-A%s-%s-%s" % (r(UP + DG, 10), r(DG, 13), r(HEX, 64))


def slack_refresh():
    return "xoxe-1-" + r(AL, 140)


def slack_webhook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (r(UP + DG, 10), r(UP + DG, 10), r(AL, 24))


def stripe_sk():
    return "sk_live_51" + r(AL, 97)


def stripe_sk_short():
    return "sk_live_" + r(AL, 24)


def stripe_rk():
    return "rk_live_51" + r(AL, 97)


def stripe_whsec():
    return "whsec_" + r(AL, 32)


def twilio_sk():
    return "SK" + r(HEX, 32)


def twilio_ac():
    return "AC" + r(HEX, 32)


def hex32():
    return r(HEX, 32)


def hex40():
    return r(HEX, 40)


def sendgrid():
    return "SG." + r(AL + "-_", 22) + "." + r(AL + "-_", 43)


def mailgun():
    return "key-" + r(HEX, 32)


def mailgun_new():
    return r(HEX, 32) + "-" + r(HEX, 8) + "-" + r(HEX, 8)


def mailchimp():
    return r(HEX, 32) + "-us" + str(secrets.randbelow(20) + 1)


def openai_proj():
    return "sk-proj-" + r(AL + "-_", 74) + "T3BlbkFJ" + r(AL + "-_", 74)


def openai_svc():
    return "sk-svcacct-" + r(AL + "-_", 74) + "T3BlbkFJ" + r(AL + "-_", 74)


def openai_legacy():
    return "sk-" + r(AL, 20) + "T3BlbkFJ" + r(AL, 20)


def anthropic():
    return "sk-ant-api03-" + r(AL + "-_", 93) + "AA"


def anthropic_admin():
    return "sk-ant-admin01-" + r(AL + "-_", 93) + "AA"


def hf():
    return "hf_" + r(UP + LO, 34)


def groq():
    return "gsk_" + r(AL, 52)


def npm():
    return gh_style("npm_")


def npm_legacy_uuid():
    return str(uuid.uuid4())


def pypi():
    cav = json.dumps({"version": 1, "permissions": {"projects": ["acme-" + secrets.choice(WORDS)]}}, separators=(",", ":")).encode()
    raw = (b"\x02\x01\x08pypi.org\x02\x24" + str(uuid.uuid4()).encode() + b"\x00\x02" + bytes([len(cav)]) + cav +
           b"\x00\x00\x06\x20" + secrets.token_bytes(32))
    return "pypi-" + b64u_noPad(raw)


def rubygems():
    return "rubygems_" + r(HEX, 48)


def nuget():
    return "oy2" + r(LO + DG, 43)


def crates():
    return "cio" + r(AL, 32)


def dckr():
    return "dckr_pat_" + r(AL + "-_", 27)


def shpat():
    return "shpat_" + r(HEX, 32)


def shpss():
    return "shpss_" + r(HEX, 32)


def shpca():
    return "shpca_" + r(HEX, 32)


def atlassian():
    body = r(AL + "-_", 170)
    return "ATATT3xFfGF0" + body + "=" + r(HEXU, 8)


def bitbucket_app():
    return "ATBB" + r(AL, 32)


def nrak():
    return "NRAK-" + r(UP + DG, 27)


def nr_license():
    return r(HEX, 36) + "NRAL"


def glsa():
    body = r(AL, 32)
    return "glsa_" + body + "_" + "%08x" % zlib.crc32(("glsa_" + body).encode())


def glc():
    payload = {"o": str(secrets.randbelow(10**6)), "n": "stack-%d-access-%s" % (secrets.randbelow(10**6), secrets.choice(WORDS)),
               "k": r(AL, 24), "m": {"r": "prod-us-east-0"}}
    return "glc_" + b64(json.dumps(payload, separators=(",", ":")).encode())


def sntrys():
    # mirrors sentry/utils/security/orgauthtoken_token.py: compact JSON with float iat, std-base64 secret without padding
    payload = {"iat": time.time() - secrets.randbelow(10**7), "url": "https://sentry.io",
               "region_url": "https://us.sentry.io", "org": "acme-" + secrets.choice(WORDS)}
    return "sntrys_" + b64(json.dumps(payload, separators=(",", ":")).encode()) + "_" + b64(secrets.token_bytes(32)).rstrip("=")


def sntryu():
    return "sntryu_" + r(HEX, 64)


def sentry_dsn():
    return "https://%s@o%d.ingest.sentry.io/%d" % (r(HEX, 32), 100000 + secrets.randbelow(900000), 4000000 + secrets.randbelow(999999))


def pagerduty():
    return r(AL + "+_-", 20)


def hvs():
    return "hvs." + r(AL, 24)


def hvs_long():
    return "hvs.CAESI" + r(AL + "-_", 82) + "Gh4KHGh2cy4" + r(AL, 22)


def hvb():
    return "hvb.AAAAAQ" + r(AL + "-_", 128)


def tfc():
    return r(AL, 14) + ".atlasv1." + r(AL, 67)


def doppler():
    return "dp.pt." + r(AL, 43)


def doppler_st():
    return "dp.st.prd." + r(AL, 43)


def op_token():
    payload = {"signInAddress": "acme-%s.1password.com" % secrets.choice(WORDS), "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000, "salt": r(B64U, 22)},
               "email": "%s@%s.1passwordserviceaccounts.com" % (r(LO + DG, 13), r(LO, 8)), "srpX": r(HEX, 64),
               "muk": {"alg": "A256GCM", "ext": True, "k": r(B64U, 43), "key_ops": ["encrypt", "decrypt"], "kty": "oct", "kid": "mp"},
               "secretKey": "A3-%s-%s-%s-%s-%s-%s" % (r(UP + DG, 6), r(UP + DG, 6), r(UP + DG, 5), r(UP + DG, 5), r(UP + DG, 5), r(UP + DG, 5)),
               "throttleSecret": {"seed": r(HEX, 64), "deviceUuid": r(LO + DG, 26)}, "deviceUuid": r(LO + DG, 26)}
    return "ops_" + b64u_noPad(json.dumps(payload, separators=(",", ":")).encode())


def okta():
    return "00" + r(AL + "-_", 40)


def auth0_secret():
    return r(AL + "-_", 64)


def linear():
    return "lin_api_" + r(AL, 40)


def notion_legacy():
    return "secret_" + r(AL, 43)


def notion_ntn():
    return "ntn_" + r(DG, 11) + r(AL, 35)


def figma():
    return "figd_" + r(AL + "-_", 40)


def mapbox():
    user = secrets.choice(WORDS) + secrets.choice(WORDS)
    pl = json.dumps({"u": user, "a": "cl" + r(LO + DG, 23)}, separators=(",", ":")).encode()
    return "sk." + b64u_noPad(pl) + "." + r(AL + "-_", 22)


def postman():
    return "PMAK-" + r(HEX, 24) + "-" + r(HEX, 34)


def airtable():
    return "pat" + r(AL, 14) + "." + r(HEX, 64)


def contentful():
    return "CFPAT-" + r(AL + "-_", 43)


def dop():
    return "dop_v1_" + r(HEX, 64)


def doo():
    return "doo_v1_" + r(HEX, 64)


def cf_token():
    return r(AL + "-_", 40)


def cf_global():
    return r(HEX, 37)


def heroku_uuid():
    return str(uuid.uuid4())


def heroku_new():
    return "HRKU-AA" + r(AL + "-_", 58)


def fly():
    return "FlyV1 fm2_" + b64(secrets.token_bytes(60)) + "," + "fm2_" + b64(secrets.token_bytes(180))


def fly_fo1():
    return "fo1_" + r(AL + "-_", 43)


def vercel():
    return r(AL, 24)


def netlify():
    return "nfp_" + r(AL, 36)


def sbp():
    return "sbp_" + r(HEX, 40)


def sb_secret():
    # public example (Supabase CLI local default) has the shape sb_secret_<22>_<8>
    return "sb_secret_" + r(AL + "-", 22) + "_" + r(AL + "-", 8)


def pscale_tkn():
    return "pscale_tkn_" + r(AL + "-_", 43)


def pscale_pw():
    return "pscale_pw_" + r(AL + "-_", 43)


def tailscale():
    return "tskey-auth-k" + r(AL, 16) + "CNTRL-" + r(AL, 33)


def tailscale_api():
    return "tskey-api-k" + r(AL, 16) + "CNTRL-" + r(AL, 33)


def pulumi():
    return "pul-" + r(HEX, 40)


def databricks():
    return "dapi" + r(HEX, 32)


def square_access():
    return "EAAA" + r(AL + "-_", 60)


def square_secret():
    return "sq0csp-" + r(AL + "-_", 43)


def braintree():
    return "access_token$production$" + r(LO + DG, 16) + "$" + r(HEX, 32)


def adyen():
    return "AQE" + r(AL, 5) + "K" + r(AL + "/+", 80) + "==-" + b64(secrets.token_bytes(32)) + "-" + r(AL + ";,.%}{=", 16)


def rzp_live():
    return "rzp_live_" + r(AL, 14)


def rzp_secret():
    return r(AL, 24)


def discord_bot():
    uid = str(10**17 + secrets.randbelow(9 * 10**17))
    return b64u_noPad(uid.encode()) + "." + "G" + r(AL + "-_", 5) + "." + r(AL + "-_", 38)


def discord_webhook():
    return "https://discord.com/api/webhooks/%d/%s" % (10**18 + secrets.randbelow(10**18), r(AL + "-_", 68))


def telegram():
    return "%d:AA%s" % (10**9 + secrets.randbelow(7 * 10**9), r(AL + "-_", 33))


def gocspx():
    return "GOCSPX-" + r(AL + "-_", 28)


def google_refresh():
    return "1//0" + r(AL + "-_", 99)


def sonar():
    return "squ_" + r(HEX, 40)


def buildkite():
    return "bkua_" + r(HEX, 40)


def pplx():
    return "pplx-" + r(AL, 48)


def openrouter():
    return "sk-or-v1-" + r(HEX, 64)


def replicate():
    return "r8_" + r(AL, 37)


def langsmith():
    return "lsv2_pt_" + r(HEX, 32) + "_" + r(HEX, 10)


def hubspot():
    return "pat-na1-" + str(uuid.uuid4())


def facebook():
    return "EAAB" + r(AL, 180)


def twitter_bearer():
    return "AAAAAAAAAAAAAAAAAAAAA" + r(AL, 31) + "%3D" + r(AL, 50)


def alibaba():
    return "LTAI5t" + r(AL, 18)


def dynatrace():
    return "dt0c01." + r(UP + DG, 24) + "." + r(UP + DG, 64)


def pinecone():
    return "pcsk_" + r(AL, 6) + "_" + r(AL, 63)


def xai():
    return "xai-" + r(AL, 80)


def ado_pat():
    return r("abcdefghijklmnopqrstuvwxyz234567", 52)


def fcm():
    return "AAAA" + r(AL + "-_", 7) + ":APA91b" + r(AL + "-_", 134)


def circleci():
    return "CCIPAT_" + r(AL, 22) + "_" + r(HEX, 40)


def snyk():
    return str(uuid.uuid4())


def jfrog():
    return "AKCp8" + r(AL, 68)


def algolia_admin():
    return r(HEX, 32)


def resend():
    return "re_" + r(AL, 8) + "_" + r(AL, 24)


def launchdarkly():
    return "api-" + str(uuid.uuid4())


def sumo():
    return r(AL, 64)


def lob():
    return "live_" + r(HEX, 35)


def plaid_secret():
    return r(HEX, 30)


def elevenlabs():
    return "sk_" + r(HEX, 48)


def deepseek():
    return "sk-" + r(HEX, 32)


# ----------------------------------------------------------- passwords etc

def password():
    # first char alphanumeric so the value is a valid plain scalar when written unquoted in YAML
    a = AL + "!@#%^&*_-+="
    return secrets.choice(AL) + r(a, secrets.choice([14, 16, 20, 24]) - 1)


def password_urlsafe():
    return r(AL + "_-.~", secrets.choice([16, 20, 24]))


def passphrase():
    words = [secrets.choice(WORDS) for _ in range(secrets.choice([3, 4]))]
    sep = secrets.choice(["-", "_", ".", ""])
    if sep == "":
        words = [w.capitalize() for w in words]
    return sep.join(words) + sep + str(secrets.randbelow(900) + 100) + secrets.choice(["!", "#", "", "?"])


def human_password():
    return secrets.choice(WORDS).capitalize() + secrets.choice(["!", "@", "#", "$"]) + str(secrets.randbelow(9000) + 1000) + secrets.choice(WORDS)


def generic_api_key():
    return r(AL, secrets.choice([32, 40, 48]))


def generic_hex_secret():
    return r(HEX, 64)


def generic_b64_secret():
    return b64(secrets.token_bytes(secrets.choice([24, 32, 48])))


def django_key():
    return r(LO + DG + "!@#$%^&*(-_=+)", 50)


def django_insecure():
    return "django-insecure-" + r(LO + DG + "!@#$%^&*(-_=+)", 50)


def laravel():
    return "base64:" + b64(secrets.token_bytes(32))


def rails_skb():
    return r(HEX, 128)


def flask_secret():
    return secrets.token_hex(24)


def jwt_hs256(payload=None):
    h = {"alg": "HS256", "typ": "JWT"}
    now = int(time.time())
    if payload is None:
        payload = {"sub": str(uuid.uuid4()), "name": secrets.choice(WORDS).capitalize() + " " + secrets.choice(WORDS).capitalize(),
                   "role": secrets.choice(["admin", "service", "ops"]), "iat": now - 86400, "exp": now + 86400 * 365 * 3}
    seg = b64u_noPad(json.dumps(h, separators=(",", ":")).encode()) + "." + b64u_noPad(json.dumps(payload, separators=(",", ":")).encode())
    sig = hmac.new(secrets.token_bytes(32), seg.encode(), hashlib.sha256).digest()
    return seg + "." + b64u_noPad(sig)


def supabase_service_jwt():
    now = int(time.time())
    return jwt_hs256({"iss": "supabase", "ref": r(LO, 20), "role": "service_role", "iat": now - 10**6, "exp": now + 10**8})


def basic_auth_b64(user=None, pw=None):
    user = user or secrets.choice(["deploy", "ci-bot", "admin", "svc_" + secrets.choice(WORDS)])
    pw = pw or password_urlsafe()
    return b64(("%s:%s" % (user, pw)).encode())


# ------------------------------------------------------------ age / bech32
_CH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values):
    G = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= G[i] if ((b >> i) & 1) else 0
    return chk


def _hrp_expand(h):
    return [ord(x) >> 5 for x in h] + [0] + [ord(x) & 31 for x in h]


def _convertbits(data, frombits, tobits):
    acc = 0
    bits = 0
    ret = []
    maxv = (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            ret.append((acc >> bits) & maxv)
    if bits:
        ret.append((acc << (tobits - bits)) & maxv)
    return ret


def bech32(hrp, data):
    d = _convertbits(data, 8, 5)
    values = _hrp_expand(hrp) + d
    pm = _polymod(values + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CH[x] for x in d + chk)


def age_key():
    return bech32("age-secret-key-", secrets.token_bytes(32)).upper()


def age_pub():
    return bech32("age", secrets.token_bytes(32))


def alibaba_secret():
    return r(AL, 30)


# ------------------------------------------------------------- negatives
def _bad_crc(prefix):
    while True:
        ent = r(AL, 30)
        good = b62enc(zlib.crc32(ent.encode()))
        bad = r(AL, 6)
        if bad != good:
            return prefix + ent + bad


def ghp_badcrc():
    return _bad_crc("ghp_")


def gho_badcrc():
    return _bad_crc("gho_")


def npm_badcrc():
    return _bad_crc("npm_")


def ghp_short():
    return "ghp_" + r(AL, 35)


def ghp_long():
    return "ghp_" + r(AL, 37)


def akid_short():
    return "AKIA" + r(B32, 15)


def aiza_short():
    return "AIzaSy" + r(B64U, 30)


def sha1():
    return hashlib.sha1(secrets.token_bytes(16)).hexdigest()


def sha256():
    return hashlib.sha256(secrets.token_bytes(16)).hexdigest()


def sha512():
    return hashlib.sha512(secrets.token_bytes(16)).hexdigest()


def md5():
    return hashlib.md5(secrets.token_bytes(16)).hexdigest()


def uuid4():
    return str(uuid.uuid4())


def uuid_upper():
    return str(uuid.uuid4()).upper()


def sri384():
    return "sha384-" + b64(hashlib.sha384(secrets.token_bytes(16)).digest())


def sri512():
    return "sha512-" + b64(hashlib.sha512(secrets.token_bytes(16)).digest())


def sri256():
    return "sha256-" + b64(hashlib.sha256(secrets.token_bytes(16)).digest())


def gosum_h1():
    return "h1:" + b64(hashlib.sha256(secrets.token_bytes(16)).digest())


def nix_hash():
    return "sha256-" + b64(hashlib.sha256(secrets.token_bytes(16)).digest())


BCRYPT_ALPHA = "./" + UP + LO + DG


def bcrypt_hash():
    return "$2b$12$" + r(BCRYPT_ALPHA, 22) + r(BCRYPT_ALPHA, 31)


def argon2_hash():
    return "$argon2id$v=19$m=65536,t=3,p=4$" + b64(secrets.token_bytes(16)).rstrip("=") + "$" + b64(secrets.token_bytes(32)).rstrip("=")


def pbkdf2_django():
    return "pbkdf2_sha256$600000$" + r(AL, 22) + "$" + b64(secrets.token_bytes(32))


def sha512crypt():
    return "$6$" + r(BCRYPT_ALPHA, 16) + "$" + r(BCRYPT_ALPHA, 86)


def apr1():
    return "$apr1$" + r(BCRYPT_ALPHA, 8) + "$" + r(BCRYPT_ALPHA, 22)


def docker_digest():
    return "sha256:" + sha256()


def ansible_vault_block():
    body = secrets.token_hex(5 * 40)
    lines = [body[i:i + 80] for i in range(0, len(body), 80)]
    return "$ANSIBLE_VAULT;1.1;AES256\n" + "\n".join(lines)


def sops_enc():
    return "ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]" % (b64(secrets.token_bytes(24)), b64(secrets.token_bytes(32)), b64(secrets.token_bytes(16)))


def sealed():
    return "AgB" + b64(secrets.token_bytes(520))[3:]


def kms_blob():
    return "AQICAHh" + b64(secrets.token_bytes(180))[7:]


def jasypt():
    return "ENC(" + b64(secrets.token_bytes(32)) + ")"


def png_data_uri():
    raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + secrets.token_bytes(300)
    return "data:image/png;base64," + b64(raw)


def woff_data_uri():
    return "data:font/woff2;base64," + b64(b"wOF2" + secrets.token_bytes(600))


def jwks_n():
    return b64u_noPad(secrets.token_bytes(256))


def stripe_pk():
    return "pk_live_51" + r(AL, 97)


def mapbox_pk():
    user = secrets.choice(WORDS)
    pl = json.dumps({"u": user, "a": "cl" + r(LO + DG, 23)}, separators=(",", ":")).encode()
    return "pk." + b64u_noPad(pl) + "." + r(AL + "-_", 22)


def stripe_obj():
    return secrets.choice(["cus_", "pi_", "price_", "prod_", "sub_", "in_", "ch_"]) + r(AL, 14 if secrets.randbelow(2) else 24)


def webpack_chunk():
    return r(HEX, 8)


def vlq_mappings():
    return ";".join(",".join(r(AL + "+/", secrets.choice([4, 5, 6, 8])) for _ in range(6)) for _ in range(25))


def aws_arn():
    return "arn:aws:iam::%012d:role/%s-deployer" % (secrets.randbelow(10**12), secrets.choice(WORDS))


def gh_actions_sha():
    return sha1()


def csp_nonce():
    return b64(secrets.token_bytes(16))


def ulid():
    return r("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 26)


def object_id():
    return r(HEX, 24)


def azure_sas_key():
    return b64(secrets.token_bytes(32))


WP_CHARS = AL + "!@#$%^&*()-_ []{}<>~`+=,.;:/?|"


def wp_salt():
    return r(WP_CHARS, 64)


def _pw_base(n=16):
    return r(AL, n)


def pw_with_hash():
    s = _pw_base(15)
    i = 3 + secrets.randbelow(9)
    return s[:i] + "#" + s[i:]


def pw_lead_at():
    return "@" + _pw_base(15)


def pw_lead_pct():
    return "%" + _pw_base(15)


def pw_lead_dollar():
    return "$" + _pw_base(15) + "!"


def pw_with_amp():
    s = _pw_base(15)
    return s[:6] + "&" + s[6:]


def pw_with_amp_hash():
    s = _pw_base(14)
    return s[:5] + "&#" + s[5:]


def pw_trailing_dot():
    return _pw_base(15) + "."
