"""Hand-written negative files. «kind:literal» marks a literal negative case; {{!gen:kind}} a generated one."""

N = []


def add(path, tpl):
    N.append((path, tpl))


# ---------------------------------------------------------------- placeholders
add(".env.example", """# Copy to .env and fill in
NODE_ENV=development
DATABASE_URL=«placeholder_conn:postgres://user:password@localhost:5432/app_dev»
REDIS_URL=redis://localhost:6379/0
OPENAI_API_KEY=«placeholder:your_openai_api_key_here»
ANTHROPIC_API_KEY=«placeholder:sk-ant-...»
STRIPE_SECRET_KEY=«placeholder:sk_live_xxxxxxxxxxxxxxxxxxxxxxxx»
STRIPE_WEBHOOK_SECRET=«placeholder:whsec_...»
GITHUB_TOKEN=«placeholder:<your-github-token>»
SLACK_BOT_TOKEN=«placeholder:xoxb-your-bot-token»
AWS_ACCESS_KEY_ID=«placeholder:AKIAXXXXXXXXXXXXXXXX»
AWS_SECRET_ACCESS_KEY=«placeholder:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX»
SENDGRID_API_KEY=«placeholder:SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx»
JWT_SECRET=«placeholder:changeme»
ADMIN_PASSWORD=«placeholder:changeme»
SESSION_SECRET=«placeholder:replace-with-a-long-random-string»
SECRET_KEY=«placeholder:<generate with: openssl rand -hex 32>»
HF_TOKEN=«placeholder:hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx»
DD_API_KEY=«placeholder:<DATADOG_API_KEY>»
SENTRY_DSN=«placeholder:https://<key>@<org>.ingest.sentry.io/<project>»
""")

add("config/config.example.yaml", """database:
  host: localhost
  user: app
  password: «placeholder:CHANGE_ME»
smtp:
  username: «placeholder:your-smtp-user»
  password: «placeholder:your-smtp-password»
api:
  key: «placeholder:YOUR_API_KEY»
  secret: «placeholder:YOUR_API_SECRET»
  token: «placeholder:<TOKEN>»
github:
  token: «placeholder:ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX»
vault:
  token: «placeholder:hvs.XXXXXXXXXXXXXXXXXXXXXXXX»
slack:
  webhook: «doc_example:https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX»
""")

add("docs/configuration.md", """# Configuration

| Variable | Description | Example |
|---|---|---|
| `API_KEY` | key from the dashboard | `«placeholder:your-api-key»` |
| `DB_PASSWORD` | database password | `«placeholder:********»` |
| `GITLAB_TOKEN` | token with `api` scope | `«placeholder:glpat-xxxxxxxxxxxxxxxxxxxx»` |
| `NPM_TOKEN` | automation token | `«placeholder:npm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX»` |

Set the password in `config.yaml`:

```yaml
password: «placeholder:<your password>»
```

Tokens for GitHub look like `ghp_` followed by 36 alphanumeric characters, e.g. `«placeholder:ghp_1234567890abcdefghijklmnopqrstuvwxyz»`.
OpenAI keys start with `sk-proj-`; never commit them. A key looks like `«placeholder:sk-proj-••••••••••••••••••••••••»`.

To authenticate: `curl -H "Authorization: Bearer «placeholder:$TOKEN»" https://api.example.com`
or with basic auth: `curl -u «placeholder:username:password» https://api.example.com`.
""")

add("templates/settings.py.tmpl", """SECRET_KEY = "«template:{{ django_secret_key }}»"
DATABASES = {
    "default": {
        "PASSWORD": "«template:{{ db_password }}»",
        "USER": "«template:{{ db_user }}»",
    }
}
EMAIL_HOST_PASSWORD = «template:'%(smtp_password)s'»
""")

add("charts/api/templates/deployment.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-api
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - name: DATABASE_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: «k8s_ref:{{ .Release.Name }}-db»
                  key: «k8s_ref:password»
            - name: API_TOKEN
              value: «template:{{ .Values.apiToken | quote }}»
            - name: REDIS_PASSWORD
              value: «template:{{ required "redis password" .Values.redis.password }}»
""")

add("charts/api/templates/secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: {{ include "api.fullname" . }}
type: Opaque
data:
  password: «template:{{ .Values.password | b64enc | quote }}»
  token: «template:{{ randAlphaNum 32 | b64enc }}»
stringData:
  secret-key: «template:{{ .Values.secretKey }}»
""")

add("ci/workflows/publish.yml", """name: publish
on: [push]
jobs:
  publish:
    runs-on: ubuntu-latest
    env:
      NODE_AUTH_TOKEN: «gha_ref:${{ secrets.NPM_TOKEN }}»
      AWS_SECRET_ACCESS_KEY: «gha_ref:${{ secrets.AWS_SECRET_ACCESS_KEY }}»
    steps:
      - uses: actions/checkout@{{!gh_actions_sha:pinned_action_sha}} # v4.1.1
      - uses: actions/setup-node@{{!gh_actions_sha:pinned_action_sha}}
        with:
          registry-url: https://registry.npmjs.org
      - run: echo «gha_ref:"${{ secrets.DOCKERHUB_TOKEN }}"» | docker login -u acme --password-stdin
      - run: npm publish
        env:
          GITHUB_TOKEN: «gha_ref:${{ github.token }}»
          PASSWORD: «gha_ref:${{ secrets.PASSWORD }}»
""")

add("ci/gitlab/.gitlab-ci.yml", """deploy:
  script:
    - docker login -u «ci_ref:$CI_REGISTRY_USER» -p «ci_ref:$CI_REGISTRY_PASSWORD» $CI_REGISTRY
    - 'curl --header "PRIVATE-TOKEN: «ci_ref:$GITLAB_API_TOKEN»" https://gitlab.com/api/v4/projects'
    - export VAULT_TOKEN=«ci_ref:$(vault login -token-only -method=jwt role=ci)»
  variables:
    PASSWORD: «ci_ref:$DEPLOY_PASSWORD»
    API_KEY: «ci_ref:${API_KEY}»
""")

add("infra/main.tf", """variable "db_password" {
  type      = string
  sensitive = true
}

resource "random_password" "db" {
  length  = 32
  special = true
}

resource "aws_db_instance" "db" {
  username = "app"
  password = «tf_ref:random_password.db.result»
}

resource "aws_db_instance" "replica" {
  password = «tf_ref:var.db_password»
}

data "aws_secretsmanager_secret_version" "api" {
  secret_id = «identifier:"prod/api/token"»
}

locals {
  api_token = «tf_ref:jsondecode(data.aws_secretsmanager_secret_version.api.secret_string)["token"]»
  secret_name = «identifier:"prod/db/password"»
}

provider "aws" {
  access_key = «tf_ref:var.aws_access_key»
  secret_key = «tf_ref:var.aws_secret_key»
}
""")

add("infra/terraform.tfvars.example", """db_password   = «placeholder:"<set-me>"»
github_token  = «placeholder:"ghp_..."»
datadog_key   = «placeholder:""»
""")

add("cloudformation/template.yaml", """Parameters:
  DBPassword:
    Type: String
    NoEcho: true
Resources:
  DB:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: «cfn_ref:!Ref DBPassword»
      MasterUsername: «cfn_ref:'{{resolve:secretsmanager:prod/db:SecretString:username}}'»
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          API_KEY: «cfn_ref:'{{resolve:ssm-secure:/prod/api/key:1}}'»
""")

# ---------------------------------------------------------------- env lookups in code
add("app/settings.py", """import os
from pathlib import Path

SECRET_KEY = «env_ref:os.environ["DJANGO_SECRET_KEY"]»
DEBUG = os.environ.get("DEBUG") == "1"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "PASSWORD": «env_ref:os.getenv("DB_PASSWORD")»,
        "USER": os.getenv("DB_USER", "app"),
    }
}
AWS_SECRET_ACCESS_KEY = «env_ref:os.environ.get("AWS_SECRET_ACCESS_KEY", "")»
STRIPE_API_KEY = «env_ref:env("STRIPE_API_KEY")»
OPENAI_API_KEY = «env_ref:config("OPENAI_API_KEY", default=None)»
PASSWORD_HASHERS = [«identifier:"django.contrib.auth.hashers.Argon2PasswordHasher"»]
AUTH_PASSWORD_VALIDATORS = [{"NAME": «identifier:"django.contrib.auth.password_validation.MinimumLengthValidator"»}]
PASSWORD_RESET_TIMEOUT = «non_secret_value:259200»
SESSION_COOKIE_SECURE = True
""")

add("src/config.js", """require('dotenv').config();

module.exports = {
  port: process.env.PORT || 3000,
  apiKey: «env_ref:process.env.API_KEY»,
  dbPassword: «env_ref:process.env.DB_PASSWORD || ''»,
  jwtSecret: «env_ref:process.env['JWT_SECRET']»,
  stripeKey: «env_ref:process.env.STRIPE_SECRET_KEY ?? throwMissing('STRIPE_SECRET_KEY')»,
  token: «env_ref:import.meta.env.VITE_API_TOKEN»,
  password: «variable:password»,
  secret: «variable:opts.secret»,
};
""")

add("internal/config/config.go", """package config

import "os"

type Config struct {
	DBPassword string `env:"DB_PASSWORD,required"`
	APIKey     string `json:"api_key" yaml:"api_key"`
	Token      string `mapstructure:"token"`
}

func Load() Config {
	return Config{
		DBPassword: «env_ref:os.Getenv("DB_PASSWORD")»,
		APIKey:     «env_ref:os.Getenv("API_KEY")»,
		Token:      «env_ref:viper.GetString("token")»,
	}
}

const passwordEnvVar = «identifier:"DB_PASSWORD"»
const tokenHeader = «identifier:"X-Auth-Token"»
""")

add("src/main/java/com/acme/Config.java", """package com.acme;

import org.springframework.beans.factory.annotation.Value;

public class Config {
    @Value(«template:"${spring.datasource.password}"»)
    private String password;

    @Value(«template:"${stripe.api-key:}"»)
    private String stripeKey;

    private final String token = «env_ref:System.getenv("API_TOKEN")»;
    private static final String PASSWORD_PARAM = «identifier:"password"»;
    private static final String SECRET_HEADER = «identifier:"X-Webhook-Secret"»;
}
""")

add("src/Acme.Api/Startup.cs", """public class Startup
{
    public void ConfigureServices(IServiceCollection services)
    {
        var conn = «env_ref:Configuration.GetConnectionString("Default")»;
        var secret = «env_ref:Configuration["AzureAd:ClientSecret"]»;
        var key = «env_ref:Environment.GetEnvironmentVariable("API_KEY")»;
        services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters.IssuerSigningKey = «variable:signingKey»);
    }
}
""")

add("config/initializers/stripe.rb", """Stripe.api_key = «env_ref:ENV.fetch("STRIPE_SECRET_KEY")»
Rails.application.config.secret_key_base = «env_ref:Rails.application.credentials.secret_key_base»
SLACK_TOKEN = «env_ref:ENV['SLACK_TOKEN']»
PASSWORD = «env_ref:Rails.application.credentials.dig(:smtp, :password)»
""")

add("config/services.php", """<?php

return [
    'stripe' => [
        'secret' => «env_ref:env('STRIPE_SECRET')»,
        'webhook_secret' => «env_ref:env('STRIPE_WEBHOOK_SECRET')»,
    ],
    'mailgun' => [
        'secret' => «env_ref:getenv('MAILGUN_SECRET')»,
        'password' => «env_ref:$_ENV['MAIL_PASSWORD']»,
    ],
];
""")

add("src/settings.rs", """use std::env;

pub struct Settings {
    pub api_key: String,
    pub db_password: String,
}

impl Settings {
    pub fn from_env() -> Self {
        Self {
            api_key: «env_ref:env::var("API_KEY").expect("API_KEY must be set")»,
            db_password: «env_ref:std::env::var("DB_PASSWORD").unwrap_or_default()»,
        }
    }
}

const TOKEN_ENV: &str = «identifier:"GITHUB_TOKEN"»;
""")

add("app/src/main/kotlin/Keys.kt", """object Keys {
    val apiKey: String = «env_ref:BuildConfig.API_KEY»
    val password: String = «env_ref:System.getenv("DB_PASSWORD") ?: ""»
    const val TOKEN_KEY = «identifier:"auth_token"»
}
""")

add("ios/Config.swift", """enum Config {
    static let apiKey = «env_ref:Bundle.main.object(forInfoDictionaryKey: "API_KEY") as? String ?? ""»
    static let token = «env_ref:ProcessInfo.processInfo.environment["API_TOKEN"]»
    static let passwordKeychainKey = «identifier:"com.acme.password"»
}
""")

add("scripts/deploy.sh", """#!/usr/bin/env bash
set -euo pipefail
: "${API_TOKEN:?API_TOKEN must be set}"
read -r -s -p "Password: " «shell_ref:PASSWORD»
echo «shell_ref:"$DOCKER_PASSWORD"» | docker login -u "$DOCKER_USER" --password-stdin
aws configure set aws_secret_access_key «shell_ref:"$AWS_SECRET_ACCESS_KEY"»
curl -fsS -H «shell_ref:"Authorization: Bearer ${API_TOKEN}"» https://api.acme.io/deploy
export VAULT_TOKEN=«shell_ref:$(cat /run/secrets/vault-token)»
mysql -u root -p«shell_ref:"$MYSQL_ROOT_PASSWORD"» -e 'select 1'
PGPASSWORD=«shell_ref:"$(pass show db/prod)"» psql -h db -U admin
""")

add("docker-compose.override.yml", """services:
  db:
    environment:
      POSTGRES_PASSWORD: «env_ref:${POSTGRES_PASSWORD:?err}»
      POSTGRES_USER: «env_ref:${POSTGRES_USER}»
  api:
    environment:
      DATABASE_URL: «placeholder_conn:postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/app»
      SECRET_KEY_FILE: «identifier:/run/secrets/secret_key»
    secrets:
      - secret_key
secrets:
  secret_key:
    file: ./secrets/secret_key.txt
""")

add("Dockerfile", """FROM node:20-alpine
ARG NPM_TOKEN
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
ENV API_KEY=«env_ref:${API_KEY}»
ENV PASSWORD_MIN_LENGTH=«non_secret_value:12»
FROM nginx@«docker_digest:{{!docker_digest:docker_digest}}»
""")

# ---------------------------------------------------------------- documented examples
add("docs/aws-setup.md", """# AWS setup

Configure the CLI:

```
$ aws configure
AWS Access Key ID [None]: «doc_example:AKIAIOSFODNN7EXAMPLE»
AWS Secret Access Key [None]: «doc_example:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY»
Default region name [None]: us-west-2
```

Or in `~/.aws/credentials`:

```ini
[default]
aws_access_key_id = «doc_example:AKIAIOSFODNN7EXAMPLE»
aws_secret_access_key = «doc_example:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY»
```

Temporary credentials look like `«doc_example:ASIAIOSFODNN7EXAMPLE»`.
""")

add("docs/jwt.md", """# JWT

Example token from jwt.io:

    «doc_example:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c»

The header decodes to `{"alg":"HS256","typ":"JWT"}`.
""")

add("docs/stripe.md", """Use the test key from the Stripe docs while developing:

```js
const stripe = require('stripe')(«doc_example:'sk_test_4eC39HqLyjWDarjtT1zdp7dc'»);
```

Publishable keys (`«publishable:{{!stripe_pk:stripe_publishable}}»`) are safe to ship in the browser.
""")

add("docs/github-oauth.md", """After the OAuth flow GitHub returns:

```
access_token=«doc_example:gho_16C7e42F292c6912E7710c838347Ae178B4a»&scope=repo%2Cgist&token_type=bearer
```
""")

# ---------------------------------------------------------------- hashes & lockfiles
add("web/package-lock.json", """{
  "name": "web",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "packages": {
    "node_modules/axios": {
      "version": "1.6.8",
      "resolved": "https://registry.npmjs.org/axios/-/axios-1.6.8.tgz",
      "integrity": "«lockfile_integrity:{{!sri512:sri}}»"
    },
    "node_modules/lodash": {
      "version": "4.17.21",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
      "integrity": "«lockfile_integrity:{{!sri512:sri}}»"
    },
    "node_modules/react": {
      "version": "18.2.0",
      "resolved": "https://registry.npmjs.org/react/-/react-18.2.0.tgz",
      "integrity": "«lockfile_integrity:{{!sri512:sri}}»"
    },
    "node_modules/left-pad": {
      "version": "1.3.0",
      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
      "integrity": "«lockfile_integrity:sha1-{{!sha1:sha1}}»"
    }
  }
}
""")

add("web/yarn.lock", """# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/code-frame@^7.0.0":
  version "7.24.2"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.24.2.tgz#«lockfile_integrity:{{!sha1:sha1}}»"
  integrity «lockfile_integrity:{{!sri512:sri}}»

chalk@^4.1.0:
  version "4.1.2"
  resolved "https://registry.yarnpkg.com/chalk/-/chalk-4.1.2.tgz#«lockfile_integrity:{{!sha1:sha1}}»"
  integrity «lockfile_integrity:{{!sri512:sri}}»
""")

add("go.sum", """github.com/google/uuid v1.6.0 «lockfile_integrity:{{!gosum_h1:h1}}»
github.com/google/uuid v1.6.0/go.mod «lockfile_integrity:{{!gosum_h1:h1}}»
github.com/lib/pq v1.10.9 «lockfile_integrity:{{!gosum_h1:h1}}»
github.com/lib/pq v1.10.9/go.mod «lockfile_integrity:{{!gosum_h1:h1}}»
golang.org/x/oauth2 v0.18.0 «lockfile_integrity:{{!gosum_h1:h1}}»
""")

add("Cargo.lock", """# This file is automatically @generated by Cargo.
version = 3

[[package]]
name = "aho-corasick"
version = "1.1.3"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "«lockfile_integrity:{{!sha256:sha256}}»"

[[package]]
name = "secrecy"
version = "0.8.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "«lockfile_integrity:{{!sha256:sha256}}»"

[[package]]
name = "password-hash"
version = "0.5.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "«lockfile_integrity:{{!sha256:sha256}}»"
""")

add("requirements.txt", """requests==2.31.0 \\
    --hash=sha256:«lockfile_integrity:{{!sha256:sha256}}» \\
    --hash=sha256:«lockfile_integrity:{{!sha256:sha256}}»
cryptography==42.0.5 \\
    --hash=sha256:«lockfile_integrity:{{!sha256:sha256}}»
keyring==25.0.0 \\
    --hash=sha256:«lockfile_integrity:{{!sha256:sha256}}»
""")

add("poetry.lock", """[[package]]
name = "pyjwt"
version = "2.8.0"
description = "JSON Web Token implementation in Python"
files = [
    {file = "PyJWT-2.8.0-py3-none-any.whl", hash = "sha256:«lockfile_integrity:{{!sha256:sha256}}»"},
    {file = "PyJWT-2.8.0.tar.gz", hash = "sha256:«lockfile_integrity:{{!sha256:sha256}}»"},
]
""")

add("composer.lock", """{
    "content-hash": "«lockfile_integrity:{{!md5:md5}}»",
    "packages": [
        {
            "name": "firebase/php-jwt",
            "version": "v6.10.0",
            "dist": {
                "type": "zip",
                "url": "https://api.github.com/repos/firebase/php-jwt/zipball/«git_sha:{{!sha1:sha1}}»",
                "reference": "«git_sha:{{!sha1:sha1}}»",
                "shasum": ""
            }
        }
    ]
}
""")

add("flake.lock", """{
  "nodes": {
    "nixpkgs": {
      "locked": {
        "lastModified": 1714076141,
        "narHash": "«lockfile_integrity:{{!nix_hash:nix}}»",
        "owner": "NixOS",
        "repo": "nixpkgs",
        "rev": "«git_sha:{{!sha1:sha1}}»",
        "type": "github"
      }
    }
  }
}
""")

add("dist/SHA256SUMS", """«hash:{{!sha256:sha256}}»  acme-cli_1.4.0_linux_amd64.tar.gz
«hash:{{!sha256:sha256}}»  acme-cli_1.4.0_darwin_arm64.tar.gz
«hash:{{!sha256:sha256}}»  acme-cli_1.4.0_windows_amd64.zip
""")

add("dist/checksums.md5", """«hash:{{!md5:md5}}» *release-notes.pdf
«hash:{{!md5:md5}}» *installer.msi
""")

add("web/public/index.html", """<!doctype html>
<html>
<head>
  <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/css/bootstrap.min.css" integrity="«sri:{{!sri384:sri}}»" crossorigin="anonymous">
  <script src="https://code.jquery.com/jquery-3.7.1.min.js" integrity="«sri:{{!sri256:sri}}»" crossorigin="anonymous"></script>
  <script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js" integrity="«sri:{{!sri384:sri}}»" crossorigin="anonymous"></script>
  <meta http-equiv="Content-Security-Policy" content="script-src 'nonce-«csp_nonce:{{!csp_nonce:nonce}}»' 'strict-dynamic'">
  <script src="/static/js/main.«webpack_hash:{{!webpack_chunk:chunk}}».js"></script>
  <link rel="icon" href="«base64_image:{{!png_data_uri:png}}»">
  <input type="password" name="password" placeholder="«i18n:Password»" autocomplete="current-password">
</head>
</html>
""")

add("CHANGELOG.md", """# Changelog

## 2.3.0
- fix token refresh race («git_sha:{{!sha1:sha1}}»)
- rotate signing keys automatically (#412, «git_sha:{{!sha1:sha1}}»)
- `password` field is now optional for SSO users («git_sha:{{!sha1:sha1}}»)

## 2.2.1
- Revert "store api_key in keychain" (reverts commit «git_sha:{{!sha1:sha1}}»)
""")

add(".git-blame-ignore-revs", """# black formatting
«git_sha:{{!sha1:sha1}}»
# prettier
«git_sha:{{!sha1:sha1}}»
«git_sha:{{!sha1:sha1}}»
""")

add("deploy/kustomization.yaml", """images:
  - name: ghcr.io/acme/api
    digest: «docker_digest:{{!docker_digest:docker_digest}}»
  - name: ghcr.io/acme/worker
    newTag: 1.14.2@«docker_digest:{{!docker_digest:docker_digest}}»
""")

add("lfs/model.bin", """version https://git-lfs.github.com/spec/v1
oid sha256:«hash:{{!sha256:sha256}}»
size 438012928
""")

# ---------------------------------------------------------------- password hashes in fixtures
add("tests/fixtures/users.json", """[
  {"model": "auth.user", "pk": 1, "fields": {"username": "admin", "password": "«password_hash:{{!pbkdf2_django:pbkdf2}}»", "is_superuser": true}},
  {"model": "auth.user", "pk": 2, "fields": {"username": "alice", "password": "«password_hash:{{!pbkdf2_django:pbkdf2}}»"}},
  {"model": "auth.user", "pk": 3, "fields": {"username": "bob", "password": "«password_hash:{{!argon2_hash:argon2}}»"}}
]
""")

add("db/seeds/users.sql", """INSERT INTO users (id, email, password_hash, api_key_id, created_at) VALUES
  (1, 'admin@example.com', '«password_hash:{{!bcrypt_hash:bcrypt}}»', '«uuid:{{!uuid4:uuid}}»', now()),
  (2, 'alice@example.com', '«password_hash:{{!bcrypt_hash:bcrypt}}»', '«uuid:{{!uuid4:uuid}}»', now()),
  (3, 'bob@example.com', '«password_hash:{{!argon2_hash:argon2}}»', '«uuid:{{!uuid4:uuid}}»', now());
""")

add("spec/fixtures/users.yml", """admin:
  email: admin@example.com
  encrypted_password: «password_hash:{{!bcrypt_hash:bcrypt}}»
  confirmation_token: ~
  reset_password_token: «non_secret_value:null»
alice:
  email: alice@example.com
  encrypted_password: "«password_hash:{{!bcrypt_hash:bcrypt}}»"
""")

add("ops/nginx/.htpasswd", """admin:«password_hash:{{!apr1:apr1}}»
metrics:«password_hash:{{!bcrypt_hash:bcrypt}}»
""")

add("ops/cloud-init/user-data.yaml", """#cloud-config
users:
  - name: ops
    passwd: «password_hash:{{!sha512crypt:sha512crypt}}»
    ssh_authorized_keys:
      - «public_key:{{!ssh_ed_pub:ssh_pub}}»
chpasswd:
  expire: false
""")

# ---------------------------------------------------------------- public keys / certs
add("home/dev/.ssh/authorized_keys", """«public_key:{{!ssh_rsa_pub:ssh_pub}}»
«public_key:{{!ssh_ed_pub:ssh_pub}}»
""")

add("home/dev/.ssh/id_ed25519.pub", "«public_key:{{!ssh_ed_pub:ssh_pub}}»\n")

add("certs/ca.crt", "«certificate:{{!cert_rsa_pem:cert}}»")
add("certs/chain.pem", "«certificate:{{!cert_pem:cert}}»«certificate:{{!cert_pem:cert}}»")
add("keys/jwt-public.pem", "«public_key:{{!pub_pem:pubkey}}»")
add("keys/rsa-public-pkcs1.pem", "«public_key:{{!rsa_pub_pkcs1_pem:pubkey}}»")
add("keys/release-signing.pub.asc", "«public_key:{{!pgp_pub:pgp_pub}}»")
add("config/sops/.sops.yaml", """creation_rules:
  - path_regex: secrets/.*\\.yaml$
    age: «public_key:{{!age_pub:age_pub}}»
    kms: «identifier:arn:aws:kms:eu-west-1:111122223333:key/{{!uuid4:uuid}}»
""")

add("config/jwks.json", """{
  "keys": [
    {
      "kty": "RSA",
      "use": "sig",
      "kid": "«identifier:{{!sha1:kid}}»",
      "alg": "RS256",
      "e": "AQAB",
      "n": "«public_key:{{!jwks_n:jwks_n}}»"
    }
  ]
}
""")

add("deploy/k8s/ingress-tls-cm.yaml", """apiVersion: v1
kind: ConfigMap
metadata:
  name: trusted-ca
data:
  ca.crt: |
    «certificate:{{!cert_pem:cert|indent4}}»
  client.crt: «certificate:{{!kube_client_cert_b64:cert_b64}}»
""")

add("home/dev/.ssh/known_hosts", """github.com «public_key:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl»
gitlab.com «public_key:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAfuCHKVTjquxvt6CM6tdG4SLp1Btn/nOeHHE5UOzRdf»
""")

# ---------------------------------------------------------------- encrypted
add("ops/ansible/group_vars/prod/vault.yml", "«encrypted:{{!ansible_vault_block:ansible_vault}}»\n")

add("ops/ansible/group_vars/prod/main.yml", """db_user: app
db_password: !vault |
          «encrypted:{{!ansible_vault_block:ansible_vault|indent10}}»
api_token: "«template:{{ vault_api_token }}»"
""")

add("secrets/prod.enc.yaml", """database:
    password: «encrypted:{{!sops_enc:sops}}»
    user: «encrypted:{{!sops_enc:sops}}»
stripe_secret_key: «encrypted:{{!sops_enc:sops}}»
sops:
    kms: []
    age:
        - recipient: «public_key:{{!age_pub:age_pub}}»
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            «encrypted:{{!generic_b64_secret:age_body}}»
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2024-04-22T09:12:44Z"
    mac: «encrypted:{{!sops_enc:sops}}»
    version: 3.8.1
""")

add("deploy/k8s/sealed-db.yaml", """apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: db
  namespace: prod
spec:
  encryptedData:
    password: «encrypted:{{!sealed:sealed}}»
    api-token: «encrypted:{{!sealed:sealed}}»
""")

add("src/main/resources/application-enc.properties", """spring.datasource.password=«encrypted:{{!jasypt:jasypt}}»
mail.password=«encrypted:{{!jasypt:jasypt}}»
""")

add("infra/lambda-env.json", """{
  "Variables": {
    "DB_PASSWORD_ENCRYPTED": "«encrypted:{{!kms_blob:kms}}»",
    "KMS_KEY_ARN": "«identifier:{{!aws_arn:arn}}»"
  }
}
""")

# ---------------------------------------------------------------- translations
add("locales/en.json", """{
  "login": {
    "title": "Sign in",
    "email": "Email address",
    "password": "«i18n:Password»",
    "password_placeholder": "«i18n:Enter your password»",
    "forgot_password": "«i18n:Forgot your password?»",
    "token_expired": "«i18n:Your session token has expired. Please sign in again.»",
    "api_key_label": "«i18n:API key»",
    "secret": "«i18n:Secret»",
    "new_password": "«i18n:New password»",
    "confirm_password": "«i18n:Confirm password»",
    "password_too_short": "«i18n:Password must be at least %{count} characters»"
  }
}
""")

add("locales/fr.json", """{
  "password": "«i18n:Mot de passe»",
  "password_confirmation": "«i18n:Confirmation du mot de passe»",
  "api_token": "«i18n:Jeton d'API»",
  "secret_key": "«i18n:Clé secrète»"
}
""")

add("config/locales/de.yml", """de:
  devise:
    passwords:
      password: «i18n:Passwort»
      send_instructions: «i18n:"Sie erhalten in wenigen Minuten eine E-Mail mit Anweisungen zum Zurücksetzen Ihres Passworts."»
  activerecord:
    attributes:
      user:
        password: «i18n:Passwort»
        api_token: «i18n:API-Token»
""")

add("locale/es/LC_MESSAGES/django.po", """msgid "Password"
msgstr "«i18n:Contraseña»"

msgid "Enter your password"
msgstr "«i18n:Introduce tu contraseña»"

msgid "Secret key"
msgstr "«i18n:Clave secreta»"
""")

add("android/app/src/main/res/values/strings.xml", """<resources>
    <string name="app_name">Acme</string>
    <string name="password">«i18n:Password»</string>
    <string name="prompt_password">«i18n:Password (min. 8 characters)»</string>
    <string name="api_key_hint">«i18n:Paste your API key»</string>
    <string name="google_maps_key_name">«identifier:google_maps_key»</string>
</resources>
""")

add("ios/Acme/en.lproj/Localizable.strings", """"password" = "«i18n:Password»";
"password.reset" = "«i18n:Reset password»";
"token.invalid" = "«i18n:Invalid token»";
""")

# ---------------------------------------------------------------- code that merely handles secrets
add("src/auth/forms.py", """from django import forms


class LoginForm(forms.Form):
    username = forms.CharField(max_length=150)
    password = «variable:forms.CharField(widget=forms.PasswordInput)»

    def clean_password(self):
        password = «variable:self.cleaned_data["password"]»
        if len(password) < 12:
            raise forms.ValidationError(«i18n:"Password too short"»)
        return password


def login(request):
    user = authenticate(request, username=request.POST["username"], password=«variable:request.POST["password"]»)
    token = «variable:Token.objects.get_or_create(user=user)[0].key»
    secret = «variable:pyotp.random_base32()»
    api_key = «variable:secrets.token_urlsafe(32)»
    return token
""")

add("src/auth/session.ts", """export async function login(username: string, password: string) {
  const res = await fetch("/api/login", {
    method: "POST",
    body: JSON.stringify({ username, password: «variable:password» }),
  });
  const { token } = await res.json();
  localStorage.setItem(«identifier:"access_token"», token);
  const apiKey = «variable:await keychain.get("api_key")»;
  const secret = «variable:crypto.randomUUID()»;
  return { token, apiKey, secret };
}

export const PASSWORD_MIN_LENGTH = «non_secret_value:12»;
export const TOKEN_STORAGE_KEY = «identifier:"acme.auth.token"»;
export const AUTH_HEADER = «identifier:"Authorization"»;
""")

add("src/auth/handler.go", """package auth

func (h *Handler) Login(w http.ResponseWriter, r *http.Request) {
	password := «variable:r.FormValue("password")»
	token := «variable:r.Header.Get("X-Api-Token")»
	if err := bcrypt.CompareHashAndPassword(user.PasswordHash, []byte(password)); err != nil {
		http.Error(w, «i18n:"invalid password"», http.StatusUnauthorized)
	}
	secret := «variable:make([]byte, 32)»
	_ = token
	_ = secret
}
""")

add("src/main/java/com/acme/auth/UserService.java", """package com.acme.auth;

public class UserService {
    public boolean verify(String username, String password) {
        String hash = repo.findPasswordHash(username);
        return encoder.matches(password, hash);
    }

    public void reset(User user, String newPassword) {
        user.setPassword(«variable:encoder.encode(newPassword)»);
        user.setResetToken(«non_secret_value:null»);
    }
}
""")

add("app/models/user.rb", """class User < ApplicationRecord
  has_secure_password
  has_secure_token :api_token
  validates :password, length: { minimum: 12 }, allow_nil: true

  def regenerate_secret!
    update!(otp_secret: «variable:ROTP::Base32.random»)
  end
end
""")

add("db/schema.sql", """CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  api_token CHAR(64),
  secret_key BYTEA
);

-- login query
SELECT id FROM users WHERE email = $1 AND password_hash = «variable:crypt($2, password_hash)»;
UPDATE users SET password_hash = «variable:crypt($1, gen_salt('bf'))» WHERE id = $2;
""")

add("src/redact.py", """import re

SECRET_PATTERNS = [
    re.compile(r"«regex:ghp_[A-Za-z0-9]{36}»"),
    re.compile(r"«regex:AKIA[0-9A-Z]{16}»"),
    re.compile(r"«regex:xox[baprs]-[0-9a-zA-Z-]{10,48}»"),
    re.compile(r"«regex:sk-[A-Za-z0-9]{48}»"),
]
PASSWORD_FIELDS = {«identifier:"password"», «identifier:"passwd"», «identifier:"secret"», «identifier:"token"», «identifier:"api_key"»}


def redact(line: str) -> str:
    for p in SECRET_PATTERNS:
        line = p.sub("[REDACTED]", line)
    return line
""")

# ---------------------------------------------------------------- tests
add("tests/test_auth.py", """import pytest


def test_wrong_password_rejected(client):
    resp = client.post("/login", data={"username": "alice", "password": «test_value:"wrong-password"»})
    assert resp.status_code == 401


def test_token_required(client):
    resp = client.get("/api/me", headers={"Authorization": «test_value:"Bearer invalid"»})
    assert resp.status_code == 401


def test_redact():
    assert redact("password=hunter2") == «test_value:"password=[REDACTED]"»
    assert redact("token: «placeholder:abc»") == "token: [REDACTED]"


@pytest.fixture
def api_key():
    return «test_value:"test-api-key"»


FAKE_TOKEN = «test_value:"fake-token"»
DUMMY_SECRET = «test_value:"dummy"»
MOCK_PASSWORD = «test_value:"password"»
""")

add("src/__tests__/client.test.ts", """import { Client } from "../client";

describe("Client", () => {
  it("sends the token", async () => {
    const client = new Client({ token: «test_value:"test-token"» });
    expect(client.headers().Authorization).toBe(«test_value:"Bearer test-token"»);
  });

  it("rejects empty api key", () => {
    expect(() => new Client({ apiKey: «test_value:""» })).toThrow(«i18n:"apiKey is required"»);
  });

  it("masks secrets", () => {
    expect(mask("sk_live_abcdefgh")).toEqual(«test_value:"sk_live_****"»);
  });
});
""")

add("internal/auth/auth_test.go", """package auth

func TestLogin(t *testing.T) {
	cases := []struct {
		name     string
		password string
		wantErr  bool
	}{
		{"empty", «test_value:""», true},
		{"wrong", «test_value:"not-the-password"», true},
		{"ok", «test_value:"correct-password"», false},
	}
	_ = cases
	token := «test_value:"test"»
	_ = token
}
""")

add("src/test/java/com/acme/AuthTest.java", """class AuthTest {
    private static final String PASSWORD = «test_value:"secret"»;
    private static final String TOKEN = «test_value:"token"»;

    @Test
    void rejectsBadPassword() {
        assertFalse(service.verify("alice", «test_value:"bad"»));
    }
}
""")

# ---------------------------------------------------------------- wrong checksum / wrong length look-alikes
add("tests/fixtures/token_formats.txt", """# strings that look like tokens but fail format validation (checksum / length)
ghp_badcrc_1 = «bad_checksum:{{!ghp_badcrc:ghp_badcrc}}»
ghp_badcrc_2 = «bad_checksum:{{!ghp_badcrc:ghp_badcrc}}»
ghp_badcrc_3 = «bad_checksum:{{!ghp_badcrc:ghp_badcrc}}»
gho_badcrc = «bad_checksum:{{!gho_badcrc:gho_badcrc}}»
npm_badcrc = «bad_checksum:{{!npm_badcrc:npm_badcrc}}»
ghp_short = «wrong_length:{{!ghp_short:ghp_short}}»
ghp_long = «wrong_length:{{!ghp_long:ghp_long}}»
akid_short = «wrong_length:{{!akid_short:akid_short}}»
aiza_short = «wrong_length:{{!aiza_short:aiza_short}}»
""")

add("src/validators/token_check.py", """# Sample values used by the format validator docs. None of them pass checksum validation.
SAMPLES = {
    "github": "«bad_checksum:{{!ghp_badcrc:ghp_badcrc}}»",
    "github_oauth": "«bad_checksum:{{!gho_badcrc:gho_badcrc}}»",
    "npm": "«bad_checksum:{{!npm_badcrc:npm_badcrc}}»",
    "github_short": "«wrong_length:{{!ghp_short:ghp_short}}»",
    "aws_short": "«wrong_length:{{!akid_short:akid_short}}»",
}
""")

add("docs/token-lookalikes.md", """Some strings in our fixtures deliberately resemble tokens:

- `«bad_checksum:{{!ghp_badcrc:ghp_badcrc}}»` (checksum does not verify)
- `«bad_checksum:{{!npm_badcrc:npm_badcrc}}»`
- `«wrong_length:{{!ghp_long:ghp_long}}»` (one character too long)
- `«wrong_length:xoxb-1234-abcd»` (truncated)
- `«wrong_length:sk-ant-api03-abc123»` (truncated)
- `«wrong_length:hf_abcdefghij»`
- `«wrong_length:dop_v1_abc123»`
""")

# ---------------------------------------------------------------- UUIDs / identifiers
add("deploy/k8s/deployment-live.yaml", """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
  uid: «uuid:{{!uuid4:uuid}}»
  resourceVersion: "48213377"
  annotations:
    deployment.kubernetes.io/revision: "41"
    kubectl.kubernetes.io/last-applied-configuration-hash: «hash:{{!sha256:sha256}}»
spec:
  template:
    metadata:
      annotations:
        checksum/config: «hash:{{!sha256:sha256}}»
        checksum/secret: «hash:{{!sha256:sha256}}»
""")

add("src/Acme.sln", """Microsoft Visual Studio Solution File, Format Version 12.00
Project("{«uuid:{{!uuid_upper:guid}}»}") = "Acme.Api", "src\\Acme.Api\\Acme.Api.csproj", "{«uuid:{{!uuid_upper:guid}}»}"
EndProject
Project("{«uuid:{{!uuid_upper:guid}}»}") = "Acme.Tests", "tests\\Acme.Tests\\Acme.Tests.csproj", "{«uuid:{{!uuid_upper:guid}}»}"
EndProject
""")

add("config/azure-ad.json", """{
  "tenantId": "«uuid:{{!uuid4:uuid}}»",
  "clientId": "«uuid:{{!uuid4:uuid}}»",
  "subscriptionId": "«uuid:{{!uuid4:uuid}}»",
  "objectId": "«uuid:{{!uuid4:uuid}}»",
  "authority": "https://login.microsoftonline.com/common"
}
""")

add("config/oauth-public.json", """{
  "web": {
    "client_id": "«identifier:851234567890-5gq1lr1ee4v1s2n3j4k5l6m7n8o9p0q1.apps.googleusercontent.com»",
    "project_id": "acme-web",
    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
    "token_uri": "«identifier:https://oauth2.googleapis.com/token»",
    "redirect_uris": ["https://acme.io/oauth/callback"]
  }
}
""")

add("logs/app-2024-05-02.log", """2024-05-02T10:00:00Z INFO request_id=«uuid:{{!uuid4:uuid}}» method=POST path=/login status=200 user=alice
2024-05-02T10:00:01Z INFO request_id=«uuid:{{!uuid4:uuid}}» method=GET path=/api/orders status=200 trace_id=«hash:{{!md5:trace}}»
2024-05-02T10:00:02Z WARN auth failed user=bob reason="«i18n:invalid password»" token=«redacted:[REDACTED]»
2024-05-02T10:00:03Z DEBUG outgoing headers={'Authorization': «redacted:'Bearer ****'», 'X-Request-Id': '«ulid:{{!ulid:ulid}}»'}
2024-05-02T10:00:04Z INFO api_key=«redacted:sk_live_...a1b2» rotated by=ops
2024-05-02T10:00:05Z INFO mongo _id=«object_id:{{!object_id:oid}}» etag="«hash:{{!md5:etag}}»"
2024-05-02T10:00:06Z INFO password=«redacted:<hidden>» reset requested for user 42
2024-05-02T10:00:07Z INFO stripe customer=«stripe_object_id:{{!stripe_obj:stripe_obj}}» payment=«stripe_object_id:{{!stripe_obj:stripe_obj}}»
2024-05-02T10:00:08Z INFO assumed role «identifier:{{!aws_arn:arn}}»
2024-05-02T10:00:09Z INFO commit=«git_sha:{{!sha1:sha1}}» build=1234 image=ghcr.io/acme/api@«docker_digest:{{!docker_digest:docker_digest}}»
""")

add("src/styles/app.css", """.logo {
  background-image: url("«base64_image:{{!png_data_uri:png}}»");
}
@font-face {
  font-family: "Inter";
  src: url(«base64_image:{{!woff_data_uri:woff}}») format("woff2");
}
.AbstractPasswordResetConfirmationDialogContainerWrapper { display: flex; }
""")

add("web/dist/main.js.map", """{"version":3,"sources":["webpack://app/./src/index.ts"],"names":["password","token","apiKey"],"mappings":"«sourcemap:{{!vlq_mappings:vlq}}»","file":"main.«webpack_hash:{{!webpack_chunk:chunk}}».js"}
""")

add("src/constants.ts", """export const TOKEN_REFRESH_INTERVAL_MS_FOR_BACKGROUND_SYNC_WORKER = «non_secret_value:30_000»;
export const BASE64_ALPHABET = «alphabet:"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"»;
export const PASSWORD_RESET_CONFIRMATION_ROUTE_IDENTIFIER = «identifier:"passwordResetConfirmationRouteIdentifier"»;
export const SECRET_MANAGER_PATH = «identifier:"projects/acme-prod/secrets/stripe-api-key/versions/latest"»;
export const API_KEY_HEADER = «identifier:"x-api-key"»;
export const MAPBOX_PUBLIC_TOKEN = «publishable:"{{!mapbox_pk:mapbox_pk}}"»;
export const STRIPE_PUBLISHABLE_KEY = «publishable:"{{!stripe_pk:stripe_pk}}"»;
""")

add("src/main/java/com/acme/security/AbstractSingletonPasswordEncoderFactoryBeanProvider.java", """package com.acme.security;

public abstract class AbstractSingletonPasswordEncoderFactoryBeanProvider {
    public static final String DEFAULT_TOKEN_ENHANCER_CHAIN_BEAN_NAME = «identifier:"defaultTokenEnhancerChainConfigurationBeanName"»;
    public static final String PASSWORD_ENCODER_BEAN = «identifier:"delegatingPasswordEncoderSingletonFactoryBean"»;
}
""")

add("proto/auth.proto", """syntax = "proto3";
message LoginRequest {
  string username = 1;
  string password = 2;
}
message TokenResponse {
  string access_token = 1;
  string refresh_token = 2;
  string token_type = 3; // «non_secret_value:"Bearer"»
}
""")

# ---------------------------------------------------------------- key/value with non-secret values
add("config/features.yaml", """auth:
  password: «non_secret_value:true»
  password_min_length: «non_secret_value:12»
  password_require_symbol: «non_secret_value:false»
  token_ttl: «non_secret_value:3600»
  token_type: «non_secret_value:Bearer»
  api_key_header: «identifier:X-API-Key»
  secret_rotation_days: «non_secret_value:90»
  secret: «non_secret_value:false»
oauth:
  grant_type: «non_secret_value:password»
  token_endpoint: «identifier:https://auth.acme.io/oauth/token»
  client_secret_post: «non_secret_value:true»
""")

add("config/app.properties", """security.password.min-length=«non_secret_value:12»
security.token.expiry=«non_secret_value:PT1H»
security.api-key.header=«identifier:X-Api-Key»
spring.datasource.password=«env_ref:${DB_PASSWORD}»
spring.mail.password=«env_ref:${MAIL_PASSWORD:}»
jwt.secret=«env_ref:${JWT_SECRET}»
keystore.password=«placeholder:changeit»
""")

add("config/client.ini", """[auth]
password = «placeholder:%(DB_PASSWORD)s»
token_file = «identifier:/etc/acme/token»
secret_id = «uuid:{{!uuid4:uuid}}»
password_command = «shell_ref:pass show acme/db»
""")

add("config/ldap.toml", """[ldap]
bind_dn = "cn=readonly,dc=acme,dc=io"
bind_password = «env_ref:"${LDAP_PASSWORD}"»
password_attribute = «identifier:"userPassword"»
""")

add("home/dev/.npmrc.ci", """//registry.npmjs.org/:_authToken=«env_ref:${NPM_TOKEN}»
//npm.pkg.github.com/:_authToken=«env_ref:${GITHUB_TOKEN}»
""")

add("home/dev/.pypirc.example", """[pypi]
username = __token__
password = «placeholder:<your PyPI API token>»
""")

add("home/dev/.docker/config.json", """{
  "auths": {
    "https://index.docker.io/v1/": {},
    "123456789012.dkr.ecr.us-east-1.amazonaws.com": {}
  },
  "credsStore": «identifier:"desktop"»,
  "credHelpers": {
    "gcr.io": «identifier:"gcloud"»,
    "public.ecr.aws": «identifier:"ecr-login"»
  }
}
""")

add("deploy/k8s/secret-template.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: example
type: Opaque
data:
  # echo -n 'changeme' | base64
  password: «placeholder_b64:Y2hhbmdlbWU=»
  username: «non_secret_value:YWRtaW4=»
stringData:
  api-key: «placeholder:REPLACE_ME»
""")

add("docs/connection-strings.md", """## Connecting

- PostgreSQL: `«placeholder_conn:postgresql://<user>:<password>@<host>:5432/<db>»`
- MongoDB Atlas: `«placeholder_conn:mongodb+srv://<username>:<password>@cluster0.example.mongodb.net/»`
- SQL Server: `«placeholder_conn:Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;»`
- MySQL: `«placeholder_conn:mysql://root:${MYSQL_ROOT_PASSWORD}@localhost:3306/app»`
- Redis (no auth locally): `«no_secret_conn:redis://localhost:6379/0»`
- AMQP: `«placeholder_conn:amqp://guest:guest@localhost:5672/»`
- Local dev DB from docker-compose: `«local_default_creds:postgres://postgres:postgres@localhost:5432/test»`
- JDBC: `«placeholder_conn:jdbc:postgresql://localhost:5432/app?user=app&password=${DB_PASSWORD}»`
""")

add("tests/conftest.py", """import pytest

TEST_DB_URL = «local_default_creds:"postgresql://test:test@localhost:5432/test_db"»
REDIS_URL = «no_secret_conn:"redis://localhost:6379/15"»


@pytest.fixture
def settings(settings):
    settings.SECRET_KEY = «test_value:"test-secret-key-not-for-production"»
    settings.PASSWORD_HASHERS = [«identifier:"django.contrib.auth.hashers.MD5PasswordHasher"»]
    return settings
""")

# ---------------------------------------------------------------- notebook built in gen.py

# ---------------------------------------------------------------- harder negatives (keyword + non-secret value)
add("hard/k8s/references.yaml", """apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      volumes:
        - name: tls
          secret:
            secretName: «identifier:api-tls-cert»
      containers:
        - name: api
          envFrom:
            - secretRef:
                name: «identifier:api-credentials»
---
postgresql:
  auth:
    existingSecret: «identifier:postgres-credentials»
    secretKeys:
      adminPasswordKey: «identifier:postgres-password»
      userPasswordKey: «identifier:password»
redis:
  auth:
    existingSecret: «identifier:redis-auth»
    existingSecretPasswordKey: «identifier:redis-password»
serviceAccount:
  automountServiceAccountToken: «non_secret_value:false»
""")

add("hard/ml/train.py", """from transformers import AutoTokenizer

tokenizer = «identifier:AutoTokenizer.from_pretrained("bert-base-uncased")»
max_tokens = «non_secret_value:4096»
tokens = «variable:tokenizer(text, truncation=True)["input_ids"]»
token_count = «variable:len(tokens)»
special_tokens = «identifier:{"pad_token": "[PAD]", "eos_token": "</s>"}»
secret_sauce_weight = «non_secret_value:0.73»
key_fn = «variable:lambda row: row["id"]»
password_strength_model = «identifier:"zxcvbn-v4.4.2"»
""")

add("hard/wireguard/peer-public.conf", """[Peer]
PublicKey = «public_key:{{!generic_b64_secret:wg_pub}}»
AllowedIPs = 10.8.0.0/24
Endpoint = vpn.acme.io:51820
PersistentKeepalive = 25
""")

add("hard/webpush/vapid.json", """{
  "subject": "mailto:ops@acme.io",
  "publicKey": "«public_key:B{{!jwks_n:vapid_pub}}»"
}
""")

add("hard/api/ids.env", """API_KEY_ID=«uuid:{{!uuid4:uuid}}»
ACCESS_KEY_ID_LABEL=«identifier:primary»
CLIENT_ID=«identifier:{{!hex32:client_id}}»
KEY_ID=«identifier:{{!sha1:kid}}»
SECRET_VERSION=«non_secret_value:7»
SECRET_ARN=«identifier:arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-AbCdEf»
TOKEN_HASH_ALGORITHM=«identifier:sha256»
PASSWORD_HASH_ITERATIONS=«non_secret_value:600000»
""")

add("hard/db/token_audit.sql", """CREATE TABLE api_tokens (
  id UUID PRIMARY KEY,
  token_hash CHAR(64) NOT NULL,
  token_prefix VARCHAR(12) NOT NULL
);
INSERT INTO api_tokens (id, token_hash, token_prefix) VALUES
  ('«uuid:{{!uuid4:uuid}}»', '«hash:{{!sha256:sha256}}»', '«identifier:acme_live_»'),
  ('«uuid:{{!uuid4:uuid}}»', '«hash:{{!sha256:sha256}}»', '«identifier:acme_test_»');
""")

add("hard/web/templates/login.html", """<form method="post" action="/login">
  <input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}">
  <label for="password">«i18n:Password»</label>
  <input id="password" type="password" name="password" minlength="12" required>
  <a href="/password/reset/">«i18n:Forgot password?»</a>
</form>
""")

add("hard/shell/defaults.sh", """#!/bin/sh
DB_PASSWORD=«env_ref:"${DB_PASSWORD:-}"»
API_TOKEN=«env_ref:"${API_TOKEN:?API_TOKEN is required}"»
SECRET_KEY=«env_ref:"$(openssl rand -hex 32)"»
ADMIN_PASSWORD=«env_ref:"$(pwgen -s 24 1)"»
GITHUB_TOKEN=«env_ref:$(gh auth token)»
""")

add("hard/tests/jwt_fixtures.py", """# unsigned / alg=none tokens used to test rejection
UNSIGNED_JWT = «test_value:"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ0ZXN0LXVzZXIiLCJyb2xlIjoiYWRtaW4ifQ."»
EXPIRED_JWT_HEADER = «test_value:"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"»
""")

add("hard/docs/rotate-keys.md", """# Rotating keys

1. Run `vault write -f transit/keys/api/rotate`.
2. Update the `api_key` field in the `acme-secrets` secret: `kubectl edit secret acme-secrets`.
3. The old key (`key_version: «non_secret_value:3»`) stays readable for 24h.

The password policy requires `min_length: «non_secret_value:14»` and `password_history: «non_secret_value:5»`.
Tokens are prefixed with `acme_live_` or `acme_test_`; e.g. `acme_live_«placeholder:<32 random chars>»`.
""")

add("hard/config/oidc.yaml", """oidc:
  issuer: https://accounts.google.com
  client_id: «identifier:851234567890-5gq1lr1ee4v1s2n3j4k5l6m7n8o9p0q1.apps.googleusercontent.com»
  client_secret: «env_ref:${OIDC_CLIENT_SECRET}»
  token_endpoint_auth_method: «non_secret_value:client_secret_basic»
  scopes: [openid, email]
  jwks_uri: «identifier:https://www.googleapis.com/oauth2/v3/certs»
  password_grant: «non_secret_value:disabled»
""")
