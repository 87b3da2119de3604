"""Real (throw-away) key material for private-key positives and public-key negatives."""
import base64
import datetime
import os
import secrets
import struct
import subprocess
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

_rsa_cache = []


def _rsa(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def rsa_pem():  # PKCS#1
    return _rsa().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()


def rsa_pem_1024():
    return _rsa(1024).private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                    serialization.NoEncryption()).decode()


def pkcs8_pem():
    return _rsa().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()


def ec_pem():
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                                                 serialization.NoEncryption()).decode()


def ec_pkcs8_pem():
    return ec.generate_private_key(ec.SECP384R1()).private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                                 serialization.NoEncryption()).decode()


def enc_pkcs8_pem():
    return _rsa().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.BestAvailableEncryption(secrets.token_bytes(12))).decode()


def enc_rsa_legacy_pem():
    # openssl legacy "Proc-Type: 4,ENCRYPTED" form
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "k.pem")
        with open(p, "w") as fh:
            fh.write(rsa_pem())
        out = subprocess.run(["openssl", "rsa", "-in", p, "-traditional", "-aes256", "-passout", "pass:" + secrets.token_hex(8)],
                             capture_output=True, text=True, check=True).stdout
    return out


def openssh_pem():
    return ed25519.Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                                              serialization.NoEncryption()).decode()


def openssh_rsa_pem():
    return _rsa().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                serialization.NoEncryption()).decode()


def _sshstr(b):
    return struct.pack(">I", len(b)) + b


def putty_ppk():
    k = ed25519.Ed25519PrivateKey.generate()
    pub = k.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    priv = k.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    pubblob = base64.b64encode(_sshstr(b"ssh-ed25519") + _sshstr(pub)).decode()
    privblob = base64.b64encode(_sshstr(priv)).decode()
    lines = [pubblob[i:i + 64] for i in range(0, len(pubblob), 64)]
    plines = [privblob[i:i + 64] for i in range(0, len(privblob), 64)]
    return ("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-2024%04d\nPublic-Lines: %d\n%s\nPrivate-Lines: %d\n%s\nPrivate-MAC: %s\n"
            % (secrets.randbelow(1231), len(lines), "\n".join(lines), len(plines), "\n".join(plines), secrets.token_hex(32)))


_pgp_cache = {}


def _gpg(kind):
    d = tempfile.mkdtemp()
    uid = "Release Bot %s <release-%s@example.org>" % (secrets.token_hex(2), secrets.token_hex(3))
    subprocess.run(["gpg", "--homedir", d, "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                    "--quick-gen-key", uid, "ed25519", "sign", "never"], capture_output=True, check=True)
    sec = subprocess.run(["gpg", "--homedir", d, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--armor",
                          "--export-secret-keys"], capture_output=True, text=True, check=True).stdout
    pub = subprocess.run(["gpg", "--homedir", d, "--armor", "--export"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["rm", "-rf", d])
    return sec, pub


def pgp_priv():
    return _gpg("sec")[0]


def pgp_pub():
    return _gpg("pub")[1]


def _cert_for(key):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "svc-%s.internal.example" % secrets.token_hex(3))])
    now = datetime.datetime.now(datetime.timezone.utc)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=365))
            .sign(key, hashes.SHA256()))


def cert_pem():
    k = ec.generate_private_key(ec.SECP256R1())
    return _cert_for(k).public_bytes(serialization.Encoding.PEM).decode()


def cert_rsa_pem():
    k = _rsa()
    return _cert_for(k).public_bytes(serialization.Encoding.PEM).decode()


def pub_pem():
    return _rsa().public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def rsa_pub_pkcs1_pem():
    return _rsa().public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1).decode()


def ssh_rsa_pub():
    return _rsa().public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode() + " deploy@ci-runner-%s" % secrets.token_hex(2)


def ssh_ed_pub():
    return ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode() + " dev@laptop"


def kube_client_cert_b64():
    return base64.b64encode(cert_pem().encode()).decode()


def kube_client_key_b64():
    return base64.b64encode(ec_pem().encode()).decode()
