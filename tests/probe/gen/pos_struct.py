"""Hand-written structured positive files. {{gen:label|filters#tag}} placeholders."""

S = []


def add(path, tpl):
    S.append((path, tpl))


# ------------------------------------------------------------------ AWS
add("home/dev/.aws/credentials", """[default]
aws_access_key_id = {{aws_akid:aws_access_key_id}}
aws_secret_access_key = {{aws_secret:aws_secret_access_key}}

[prod-admin]
aws_access_key_id={{aws_akid:aws_access_key_id}}
aws_secret_access_key={{aws_secret:aws_secret_access_key}}
region=us-east-1

[sso-temp]
aws_access_key_id = {{aws_asia:aws_access_key_id_asia}}
aws_secret_access_key = {{aws_secret:aws_secret_access_key}}
aws_session_token = {{aws_session:aws_session_token}}
""")

add("infra/terraform/providers.tf", """terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region     = "eu-central-1"
  access_key = "{{aws_akid:aws_access_key_id}}"
  secret_key = "{{aws_secret:aws_secret_access_key}}"
}

provider "digitalocean" {
  token = "{{dop:digitalocean_pat}}"
}

provider "cloudflare" {
  api_token = "{{cf_token:cloudflare_api_token}}"
}
""")

add("infra/terraform/prod.tfvars", """environment       = "prod"
db_instance_class = "db.r6g.large"
db_username       = "app_admin"
db_password       = "{{password:generic_password}}"
datadog_api_key   = "{{hex32:datadog_api_key}}"
datadog_app_key   = "{{hex40:datadog_app_key}}"
github_token      = "{{ghp:github_pat_classic}}"
tfe_token         = "{{tfc:terraform_cloud_token}}"
""")

add("infra/terraform/modules/rds/main.tf", """resource "aws_db_instance" "main" {
  identifier        = "orders-db"
  engine            = "postgres"
  instance_class    = var.instance_class
  username          = "orders"
  password          = "{{passphrase:generic_passphrase}}"
  allocated_storage = 50
}

resource "aws_iam_access_key" "legacy" {
  user = aws_iam_user.ci.name
}

locals {
  pagerduty_token = "{{pagerduty:pagerduty_api_key}}"
}
""")

add("scripts/s3_sync.py", """import boto3

session = boto3.Session(
    aws_access_key_id="{{aws_akid:aws_access_key_id}}",
    aws_secret_access_key="{{aws_secret:aws_secret_access_key}}",
    region_name="us-west-2",
)
s3 = session.client("s3")

for obj in s3.list_objects_v2(Bucket="acme-exports")["Contents"]:
    print(obj["Key"])
""")

add("home/dev/.s3cfg", """[default]
access_key = {{aws_akid:aws_access_key_id}}
secret_key = {{aws_secret:aws_secret_access_key}}
host_base = s3.amazonaws.com
host_bucket = %(bucket)s.s3.amazonaws.com
use_https = True
""")

add("ci/github/workflows/deploy.yml", """name: deploy
on:
  push:
    branches: [main]

env:
  AWS_ACCESS_KEY_ID: {{aws_akid:aws_access_key_id}}
  AWS_SECRET_ACCESS_KEY: {{aws_secret:aws_secret_access_key}}
  AWS_REGION: eu-west-1

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Login to Docker Hub
        run: echo "{{dckr:dockerhub_pat}}" | docker login -u acmebot --password-stdin
      - name: Publish
        env:
          NPM_TOKEN: {{npm:npm_token}}
        run: npm publish
      - name: Notify
        run: |
          curl -X POST -H 'Content-type: application/json' \\
            --data '{"text":"deployed"}' {{slack_webhook:slack_webhook}}
""")

add("ci/github/workflows/release.yaml", """name: release
on:
  release:
    types: [published]
jobs:
  pypi:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: pypa/gh-action-pypi-publish@release/v1
        with:
          user: __token__
          password: {{pypi:pypi_token}}
  crates:
    runs-on: ubuntu-latest
    steps:
      - run: cargo publish --token {{crates:crates_io_token}}
  gems:
    runs-on: ubuntu-latest
    env:
      GEM_HOST_API_KEY: "{{rubygems:rubygems_api_key}}"
    steps:
      - run: gem push pkg/*.gem
""")

add("ci/.gitlab-ci.yml", """stages: [build, test, deploy]

variables:
  DOCKER_DRIVER: overlay2
  SONAR_TOKEN: "{{sonar:sonarqube_token}}"
  GITLAB_API_TOKEN: {{glpat:gitlab_pat}}

build:
  stage: build
  script:
    - docker login -u gitlab-ci-token -p {{gldt:gitlab_deploy_token}} registry.gitlab.com
    - docker build -t registry.gitlab.com/acme/api:$CI_COMMIT_SHA .

deploy:
  stage: deploy
  script:
    - 'curl --request POST --form token={{glptt:gitlab_pipeline_trigger}} --form ref=main https://gitlab.com/api/v4/projects/4711/trigger/pipeline'
""")

add("ci/circleci/config.yml", """version: 2.1
jobs:
  build:
    docker:
      - image: cimg/node:20.11
        auth:
          username: acmebot
          password: {{dckr:dockerhub_pat}}
    environment:
      SNYK_TOKEN: {{snyk:snyk_token}}
      CIRCLE_TOKEN: {{circleci:circleci_pat}}
    steps:
      - checkout
      - run: npm ci && npm test
""")

add("ci/Jenkinsfile", """pipeline {
  agent any
  environment {
    ARTIFACTORY_API_KEY = '{{jfrog:jfrog_api_key}}'
  }
  stages {
    stage('Deploy') {
      steps {
        withEnv(["HEROKU_API_KEY={{heroku_uuid:heroku_api_key}}"]) {
          sh 'git push https://heroku:$HEROKU_API_KEY@git.heroku.com/acme-api.git HEAD:main'
        }
      }
    }
  }
}
""")

add("ci/buildkite/pipeline.yml", """steps:
  - label: ":rocket: deploy"
    command: scripts/deploy.sh
    env:
      BUILDKITE_API_TOKEN: "{{buildkite:buildkite_token}}"
      TAILSCALE_AUTHKEY: "{{tailscale:tailscale_auth_key}}"
      PULUMI_ACCESS_TOKEN: "{{pulumi:pulumi_token}}"
""")

# ------------------------------------------------------------------ GCP service account JSON
for i, name in enumerate(["deploy/gcp/service-account.json", "secrets/firebase-adminsdk.json", "config/bq-loader-sa.json"]):
    add(name, """{
  "type": "service_account",
  "project_id": "acme-prod-%d",
  "private_key_id": "{{!hex40:gcp_private_key_id}}",
  "private_key": "{{pkcs8_pem:gcp_sa_private_key|jsonesc}}",
  "client_email": "loader@acme-prod-%d.iam.gserviceaccount.com",
  "client_id": "10%d457123456789012",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token",
  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/loader%%40acme-prod-%d.iam.gserviceaccount.com",
  "universe_domain": "googleapis.com"
}
""" % (i, i, i, i))

add("web/public/index.html", """<!DOCTYPE html>
<html>
<head>
  <title>Store locator</title>
  <script src="https://maps.googleapis.com/maps/api/js?key={{gcp_api_key:gcp_api_key}}&callback=initMap" async defer></script>
</head>
<body><div id="map"></div></body>
</html>
""")

add("android/app/src/main/res/values/google_maps_api.xml", """<resources>
    <string name="google_maps_key" templateMergeStrategy="preserve" translatable="false">{{gcp_api_key:gcp_api_key}}</string>
</resources>
""")

# ------------------------------------------------------------------ Azure
add("src/Api/appsettings.Production.json", """{
  "Logging": { "LogLevel": { "Default": "Warning" } },
  "ConnectionStrings": {
    "Default": "Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=orders;Persist Security Info=False;User ID=orders_app;Password={{password:mssql_password}};MultipleActiveResultSets=False;Encrypt=True;",
    "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeprodstore;AccountKey={{azure_storage_key:azure_storage_account_key}};EndpointSuffix=core.windows.net",
    "ServiceBus": "Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={{azure_sas_key:azure_servicebus_key}}"
  },
  "AzureAd": {
    "Instance": "https://login.microsoftonline.com/",
    "TenantId": "3f1c0e7a-2b5d-4c8e-9a1f-6d2e8b7c4a90",
    "ClientId": "8a7b6c5d-4e3f-2a1b-0c9d-8e7f6a5b4c3d",
    "ClientSecret": "{{azure_ad_secret:azure_ad_client_secret}}"
  }
}
""")

add("scripts/upload_blob.py", """from azure.storage.blob import BlobClient

SAS_URL = (
    "https://acmeexports.blob.core.windows.net/reports/q3.csv"
    "?sv=2022-11-02&ss=b&srt=sco&sp=rwdlaciytfx&se=2026-12-31T23:59:59Z&st=2024-01-01T00:00:00Z&spr=https&sig={{azure_sas_sig:azure_sas_token}}"
)

blob = BlobClient.from_blob_url(SAS_URL)
with open("q3.csv", "rb") as fh:
    blob.upload_blob(fh, overwrite=True)
""")

add("src/Worker/Program.cs", """using Azure.Storage.Blobs;
using Microsoft.Data.SqlClient;

var blobs = new BlobServiceClient("DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey={{azure_storage_key:azure_storage_account_key}};EndpointSuffix=core.windows.net");

using var conn = new SqlConnection("Data Source=sql01.corp.local;Initial Catalog=Billing;User Id=sa;Password={{password:mssql_password}};TrustServerCertificate=True");
conn.Open();

var cred = new ClientSecretCredential("tenant-id", "client-id", "{{azure_ad_secret:azure_ad_client_secret}}");
""")

add("deploy/azure-pipelines.yml", """trigger:
- main
pool:
  vmImage: ubuntu-latest
variables:
  AZURE_DEVOPS_EXT_PAT: {{ado_pat:azure_devops_pat}}
  ARM_CLIENT_SECRET: {{azure_ad_secret:azure_ad_client_secret}}
steps:
- script: az devops configure --defaults organization=https://dev.azure.com/acme
""")

# ------------------------------------------------------------------ docker / k8s
add("home/dev/.docker/config.json", """{
	"auths": {
		"https://index.docker.io/v1/": {
			"auth": "{{basic_auth_b64:docker_config_auth}}"
		},
		"ghcr.io": {
			"auth": "{{basic_auth_b64:docker_config_auth}}"
		},
		"acme.azurecr.io": {
			"auth": "{{basic_auth_b64:docker_config_auth}}",
			"identitytoken": "{{jwt_hs256:jwt}}"
		}
	},
	"credsStore": "",
	"currentContext": "default"
}
""")

add("deploy/k8s/regcred.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: regcred
  namespace: apps
type: kubernetes.io/dockerconfigjson
stringData:
  .dockerconfigjson: '{"auths":{"registry.acme.io":{"username":"robot$deployer","password":"{{password_urlsafe:docker_registry_password}}","auth":"{{basic_auth_b64:docker_config_auth}}"}}}'
""")

add("deploy/k8s/app-secrets.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: api-secrets
  namespace: prod
type: Opaque
data:
  DATABASE_PASSWORD: {{password:k8s_secret_data_b64|b64}}
  STRIPE_SECRET_KEY: {{stripe_sk:stripe_secret_key|b64}}
  OPENAI_API_KEY: {{openai_proj:openai_project_key|b64}}
""")

add("deploy/k8s/worker-secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: worker
type: Opaque
stringData:
  SENDGRID_API_KEY: {{sendgrid:sendgrid_api_key}}
  REDIS_URL: redis://:{{password_urlsafe:redis_password}}@redis-master.prod.svc:6379/0
  config.yaml: |
    slack:
      bot_token: {{slack_bot:slack_bot_token}}
      app_token: {{slack_app:slack_app_token}}
    github:
      app_private_key: |
        {{rsa_pem:private_key_rsa|indent8}}
""")

add("deploy/k8s/tls-secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: ingress-tls
type: kubernetes.io/tls
data:
  tls.crt: {{!kube_client_cert_b64:cert}}
  tls.key: {{kube_client_key_b64:k8s_tls_key_b64}}
""")

add("home/dev/.kube/config", """apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {{!kube_client_cert_b64:ca}}
    server: https://10.20.0.1:6443
  name: prod
contexts:
- context:
    cluster: prod
    user: admin
  name: prod
current-context: prod
kind: Config
preferences: {}
users:
- name: admin
  user:
    client-certificate-data: {{!kube_client_cert_b64:cert}}
    client-key-data: {{kube_client_key_b64:kubeconfig_client_key}}
- name: ci
  user:
    token: {{jwt_hs256:kubeconfig_token}}
""")

add("deploy/kubeconfig-staging.yaml", """apiVersion: v1
kind: Config
clusters:
- name: staging
  cluster:
    server: https://k8s-staging.acme.internal
    insecure-skip-tls-verify: true
users:
- name: deployer
  user:
    username: deployer
    password: {{passphrase:kubeconfig_password}}
- name: bot
  user:
    token: {{generic_api_key:kubeconfig_token}}
contexts:
- name: staging
  context: {cluster: staging, user: deployer}
current-context: staging
""")

add("charts/api/values-prod.yaml", """replicaCount: 3
image:
  repository: ghcr.io/acme/api
  tag: 1.14.2
env:
  - name: SENTRY_DSN
    value: {{sentry_dsn:sentry_dsn}}
  - name: NEW_RELIC_LICENSE_KEY
    value: "{{nr_license:newrelic_license_key}}"
  - name: DD_API_KEY
    value: "{{hex32:datadog_api_key}}"
postgresql:
  auth:
    username: api
    password: "{{password:generic_password}}"
    postgresPassword: {{passphrase:generic_passphrase}}
redis:
  auth:
    password: {{password_urlsafe:redis_password}}
""")

add("docker-compose.yml", """services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: {{password_urlsafe:generic_password}}
  rabbit:
    image: rabbitmq:3-management
    environment:
      RABBITMQ_DEFAULT_USER: admin
      RABBITMQ_DEFAULT_PASS: "{{passphrase:generic_passphrase}}"
  api:
    build: .
    environment:
      - DATABASE_URL=postgresql://app:{{password_urlsafe:postgres_conn}}@db:5432/app
      - AMQP_URL=amqp://admin:{{password_urlsafe:amqp_conn}}@rabbit:5672/%2F
      - STRIPE_SECRET_KEY={{stripe_sk_short:stripe_secret_key_short}}
""")

add("services/worker/Dockerfile", """FROM python:3.12-slim
WORKDIR /app
ARG PIP_EXTRA_INDEX_URL=https://__token__:{{glpat:gitlab_pat}}@gitlab.com/api/v4/projects/1234/packages/pypi/simple
ENV OPENAI_API_KEY={{openai_proj:openai_project_key}} \\
    HF_TOKEN={{hf:huggingface_token}}
COPY requirements.txt .
RUN pip install -r requirements.txt
RUN curl -fsSL -H "Authorization: token {{ghp:github_pat_classic}}" https://raw.githubusercontent.com/acme/private/main/setup.sh | sh
CMD ["python", "-m", "worker"]
""")

add("services/web/Dockerfile", """FROM node:20-alpine AS build
WORKDIR /src
RUN echo "//registry.npmjs.org/:_authToken={{npm:npm_token}}" > .npmrc && npm ci && rm .npmrc
ENV NEXT_PUBLIC_API=https://api.acme.io
ENV SENTRY_AUTH_TOKEN={{sntrys:sentry_org_token}}
RUN npm run build
""")

# ------------------------------------------------------------------ dotfiles
add("home/dev/.netrc", """machine api.heroku.com
  login ops@acme.io
  password {{heroku_uuid:heroku_api_key}}
machine git.heroku.com
  login ops@acme.io
  password {{heroku_uuid:heroku_api_key}}
machine github.com login acme-bot password {{ghp:github_pat_classic}}
machine ftp.partner.example login acme password {{password:netrc_password}}
""")

add("home/ci/.netrc", """machine urs.earthdata.nasa.gov login jdoe password {{human_password:netrc_password}}
""")

add("home/dev/.git-credentials", """https://acme-bot:{{ghp:github_pat_classic}}@github.com
https://oauth2:{{glpat:gitlab_pat}}@gitlab.com
https://jdoe:{{bitbucket_app:bitbucket_app_password}}@bitbucket.org
""")

add("home/ci/.git-credentials", """https://x-access-token:{{ghs:github_app_installation}}@github.com
""")

add("home/dev/.npmrc", """registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={{npm:npm_token}}
@acme:registry=https://npm.pkg.github.com
//npm.pkg.github.com/:_authToken={{ghp:github_pat_classic}}
""")

add("frontend/.npmrc", """@acme:registry=https://acme.jfrog.io/artifactory/api/npm/npm-local/
//acme.jfrog.io/artifactory/api/npm/npm-local/:_auth={{basic_auth_b64:npmrc_basic_auth}}
//acme.jfrog.io/artifactory/api/npm/npm-local/:always-auth=true
//registry.npmjs.org/:_authToken={{npm_legacy_uuid:npm_legacy_token}}
""")

add("home/dev/.pypirc", """[distutils]
index-servers =
    pypi
    testpypi
    private

[pypi]
username = __token__
password = {{pypi:pypi_token}}

[testpypi]
repository = https://test.pypi.org/legacy/
username = __token__
password = {{pypi:pypi_token}}

[private]
repository = https://pypi.acme.internal/
username = deploy
password = {{password:pypirc_password}}
""")

add("home/dev/.gem/credentials", """---
:rubygems_api_key: {{rubygems:rubygems_api_key}}
""")

add("home/dev/.cargo/credentials.toml", """[registry]
token = "{{crates:crates_io_token}}"
""")

add("src/NuGet.Config", """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="acme" value="https://pkgs.dev.azure.com/acme/_packaging/feed/nuget/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <acme>
      <add key="Username" value="build" />
      <add key="ClearTextPassword" value="{{ado_pat:azure_devops_pat}}" />
    </acme>
  </packageSourceCredentials>
  <apikeys>
    <add key="https://www.nuget.org/api/v2/package" value="{{nuget:nuget_api_key}}" />
  </apikeys>
</configuration>
""")

add("home/dev/.m2/settings.xml", """<settings>
  <servers>
    <server>
      <id>acme-releases</id>
      <username>deployer</username>
      <password>{{password:maven_password}}</password>
    </server>
    <server>
      <id>ossrh</id>
      <username>acme</username>
      <password>{{passphrase:maven_password}}</password>
    </server>
    <server>
      <id>artifactory</id>
      <username>ci</username>
      <password>{{jfrog:jfrog_api_key}}</password>
    </server>
  </servers>
</settings>
""")

add("home/dev/.pgpass", """db.prod.acme.internal:5432:orders:orders_app:{{password:pgpass_password}}
*:5432:*:postgres:{{passphrase:pgpass_password}}
""")

add("home/dev/.my.cnf", """[client]
user=root
password="{{password:mysql_password}}"
host=127.0.0.1
""")

add("ops/redis/redis.conf", """bind 0.0.0.0
port 6379
requirepass {{password_urlsafe:redis_password}}
masterauth {{password_urlsafe:redis_password}}
appendonly yes
""")

add("ops/systemd/ingest.service", """[Unit]
Description=Ingest worker
After=network.target

[Service]
Environment=KAFKA_SASL_PASSWORD={{password:generic_password}}
Environment="DATADOG_API_KEY={{hex32:datadog_api_key}}"
ExecStart=/opt/ingest/bin/ingest --config /etc/ingest.toml
Restart=always

[Install]
WantedBy=multi-user.target
""")

add("ops/nginx/conf.d/upstream-api.conf", """server {
    listen 443 ssl;
    server_name partner-proxy.acme.io;
    location / {
        proxy_pass https://api.partner.example;
        proxy_set_header Authorization "Bearer {{generic_api_key:generic_token}}";
        proxy_set_header X-Api-Key {{generic_api_key:generic_api_key}};
    }
}
""")

# ------------------------------------------------------------------ PEM keys
add("home/dev/.ssh/id_rsa", "{{openssh_rsa_pem:private_key_openssh}}")
add("home/dev/.ssh/id_ed25519", "{{openssh_pem:private_key_openssh}}")
add("deploy/certs/server.key", "{{rsa_pem:private_key_rsa}}")
add("deploy/certs/ec-signing.pem", "{{ec_pem:private_key_ec}}")
add("deploy/certs/pkcs8.key", "{{pkcs8_pem:private_key_pkcs8}}")
add("deploy/certs/legacy-encrypted.key", "{{enc_rsa_legacy_pem:private_key_encrypted_legacy}}")
add("deploy/certs/client-encrypted.p8", "{{enc_pkcs8_pem:private_key_encrypted_pkcs8}}")
add("deploy/certs/combined.pem", """Bag Attributes
    friendlyName: api.acme.io
{{!cert_pem:cert}}{{ec_pkcs8_pem:private_key_pkcs8}}""")
add("keys/release-signing.asc", "{{pgp_priv:private_key_pgp}}")
add("keys/deploy.ppk", "{{putty_ppk:private_key_putty}}")
add("home/dev/.config/sops/age/keys.txt", """# created: 2024-03-11T10:22:31+01:00
# public key: {{!age_pub:age_pub}}
{{age_key:age_secret_key}}
""")
add("ops/ansible/group_vars/all/ssh.yml", """---
deploy_user: deploy
deploy_ssh_private_key: |
  {{openssh_pem:private_key_openssh|indent2}}
deploy_become_pass: {{passphrase:generic_passphrase}}
""")
add("src/auth/github_app.py", '''import jwt
import time

APP_ID = 271828
PRIVATE_KEY = """{{rsa_pem:private_key_rsa|rstrip}}"""


def app_jwt():
    now = int(time.time())
    return jwt.encode({"iat": now, "exp": now + 540, "iss": APP_ID}, PRIVATE_KEY, algorithm="RS256")
''')
add("internal/signer/key.go", """package signer

// signingKey is the ES256 key used for webhook signatures.
var signingKey = []byte(`{{ec_pem:private_key_ec|rstrip}}`)
""")
add("src/main/java/com/acme/jwt/Keys.java", """package com.acme.jwt;

public final class Keys {
    static final String PRIVATE_KEY = "{{pkcs8_pem:private_key_pkcs8|jsonesc}}";
}
""")
add(".env.production", """NODE_ENV=production
FIREBASE_PROJECT_ID=acme-web
FIREBASE_CLIENT_EMAIL=firebase-adminsdk-x1y2z@acme-web.iam.gserviceaccount.com
FIREBASE_PRIVATE_KEY="{{pkcs8_pem:private_key_pkcs8|jsonesc}}"
GITHUB_APP_PRIVATE_KEY="{{rsa_pem:private_key_rsa|jsonesc}}"
NEXTAUTH_SECRET={{generic_b64_secret:generic_secret_b64}}
""")
add("config/vault-response.log", """2024-04-02T08:11:09.221Z INFO vault: fetched secret path=pki/issue/internal
2024-04-02T08:11:09.223Z DEBUG vault: response body={"request_id":"5b8e2c1a-7d40-4f6b-9a3e-2c1d0e9f8a7b","data":{"certificate":"-----BEGIN CERTIFICATE-----\\nMIIB...\\n-----END CERTIFICATE-----","private_key":"{{ec_pem:private_key_ec|jsonesc}}","private_key_type":"ec"}}
""")

# ------------------------------------------------------------------ notebooks (built in gen.py)

# ------------------------------------------------------------------ shell
add("scripts/bootstrap-dev.sh", """#!/usr/bin/env bash
set -euo pipefail

mkdir -p ~/.config/acme
cat > ~/.config/acme/credentials <<EOF
[default]
api_key = {{generic_api_key:generic_api_key}}
linear_token = {{linear:linear_api_key}}
EOF

cat <<'YAML' > ~/.config/gh/hosts.yml
github.com:
    oauth_token: {{gho:github_oauth}}
    user: jdoe
    git_protocol: https
YAML

export VAULT_ADDR=https://vault.acme.internal:8200
export VAULT_TOKEN={{hvs:vault_service_token}}
vault kv get secret/app
""")

add("scripts/rotate.sh", """#!/bin/sh
# called from cron on bastion-01
DO_TOKEN="{{dop:digitalocean_pat}}"
curl -s -X GET -H "Content-Type: application/json" -H "Authorization: Bearer $DO_TOKEN" "https://api.digitalocean.com/v2/droplets"

curl -u admin:{{password_urlsafe:curl_basic_password}} https://jenkins.acme.internal/api/json

curl https://api.mailgun.net/v3/mg.acme.io/messages \\
  -u 'api:{{mailgun:mailgun_api_key}}' \\
  -F from='Ops <ops@acme.io>' -F to=oncall@acme.io -F subject=rotated -F text=ok

curl -H "X-Auth-Email: ops@acme.io" -H "X-Auth-Key: {{cf_global:cloudflare_global_key}}" https://api.cloudflare.com/client/v4/zones
""")

add("scripts/k8s-login.sh", """#!/bin/bash
kubectl config set-credentials ci --token={{jwt_hs256:jwt}}
helm repo add acme https://charts.acme.io --username ci --password '{{password:helm_repo_password}}'
docker login -u acmebot -p {{dckr:dockerhub_pat}}
mysql -h db.acme.internal -u root -p'{{password_urlsafe:mysql_password}}' -e 'show databases'
PGPASSWORD={{password_urlsafe:pg_password}} psql -h db.acme.internal -U admin orders
sshpass -p '{{human_password:sshpass_password}}' ssh admin@10.0.0.12 uptime
""")

add("docs/api/quickstart.md", """# Quickstart

Create a token in the dashboard and export it:

```bash
export ACME_API_KEY=<your key>
```

Example request (this is the token our staging bot uses, do not rotate without telling #ops):

```bash
curl https://api.openai.com/v1/chat/completions \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer {{openai_proj:openai_project_key}}" \\
  -d '{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "ping"}]}'
```

Anthropic:

```bash
curl https://api.anthropic.com/v1/messages \\
     --header "x-api-key: {{anthropic:anthropic_api_key}}" \\
     --header "anthropic-version: 2023-06-01"
```

Notion: `curl -H 'Authorization: Bearer {{notion_ntn:notion_token}}' -H 'Notion-Version: 2022-06-28' https://api.notion.com/v1/users`
""")

add("docs/runbooks/oncall.md", """# On-call runbook

## PagerDuty

Use the API key `{{pagerduty:pagerduty_api_key}}` (read-only) with the CLI:

    pd incident list --token {{pagerduty:pagerduty_api_key}}

## Grafana

Service account token for dashboards export: {{glsa:grafana_service_account_token}}

## Datadog

| key | value |
|-----|-------|
| API key | {{hex32:datadog_api_key}} |
| App key | {{hex40:datadog_app_key}} |

## Okta

```
curl -H "Authorization: SSWS {{okta:okta_api_token}}" https://acme.okta.com/api/v1/users?limit=25
```
""")

add("db/migrations/0042_seed_integrations.sql", """-- seed integration credentials for staging
INSERT INTO integrations (provider, account, token, created_at) VALUES
  ('github', 'acme', '{{ghp:github_pat_classic}}', now()),
  ('slack', 'T024BE7LD', '{{slack_bot:slack_bot_token}}', now()),
  ('stripe', 'acct_1', '{{stripe_rk:stripe_restricted_key}}', now()),
  ('shopify', 'acme-store', '{{shpat:shopify_access_token}}', now());

ALTER USER reporting WITH PASSWORD '{{password_urlsafe:sql_password}}';
CREATE USER 'etl'@'%' IDENTIFIED BY '{{passphrase:sql_password}}';
""")

add("db/init/01-users.sql", """CREATE LOGIN app_reader WITH PASSWORD = '{{password:sql_password}}', CHECK_POLICY = OFF;
CREATE USER app_reader FOR LOGIN app_reader;
GO
""")

add("db/mongo-init.js", """db = db.getSiblingDB('orders');
db.createUser({
  user: 'orders_app',
  pwd: '{{password_urlsafe:mongo_password}}',
  roles: [{ role: 'readWrite', db: 'orders' }],
});
""")

add("logs/api-2024-05-01.log", """2024-05-01T12:00:00.001Z INFO  starting api version=1.14.2
2024-05-01T12:00:00.512Z DEBUG connecting to postgres://orders_app:{{password_urlsafe:postgres_conn}}@db.prod.acme.internal:5432/orders?sslmode=require
2024-05-01T12:00:01.002Z DEBUG outgoing request POST https://slack.com/api/chat.postMessage headers={'Authorization': 'Bearer {{slack_bot:slack_bot_token}}', 'Content-Type': 'application/json'}
2024-05-01T12:00:01.118Z WARN  retrying telegram send url=https://api.telegram.org/bot{{telegram:telegram_bot_token}}/sendMessage attempt=2
2024-05-01T12:00:02.744Z ERROR stripe error: Invalid request (key={{stripe_sk:stripe_secret_key}})
2024-05-01T12:00:03.000Z INFO  healthy
""")

add("logs/ci-build-8812.log", """[2024-04-19 09:12:01] $ env | sort
[2024-04-19 09:12:01] AWS_ACCESS_KEY_ID={{aws_akid:aws_access_key_id}}
[2024-04-19 09:12:01] AWS_SECRET_ACCESS_KEY={{aws_secret:aws_secret_access_key}}
[2024-04-19 09:12:01] CI=true
[2024-04-19 09:12:01] GITHUB_TOKEN={{ghs:github_app_installation}}
[2024-04-19 09:12:01] HOME=/home/runner
[2024-04-19 09:12:01] NPM_CONFIG_USERCONFIG=/home/runner/.npmrc
[2024-04-19 09:12:01] VAULT_TOKEN={{hvs_long:vault_service_token_long}}
""")

add("logs/proxy-access.log", """10.1.4.22 - - [02/May/2024:10:01:22 +0000] "GET /v1/reports?api_key={{generic_api_key:generic_api_key}}&format=csv HTTP/1.1" 200 5321 "-" "python-requests/2.31.0"
10.1.4.22 - - [02/May/2024:10:01:23 +0000] "GET /hooks/ingest?token={{generic_api_key:generic_token}} HTTP/1.1" 204 0 "-" "curl/8.4.0"
10.1.4.30 - - [02/May/2024:10:02:01 +0000] "GET https://admin:{{password_urlsafe:url_password}}@internal-grafana.acme.io/api/health HTTP/1.1" 200 81 "-" "Go-http-client/1.1"
""")

# ------------------------------------------------------------------ connection strings in code
add("src/db/connect.py", """import psycopg2
import pymysql
import redis
from pymongo import MongoClient

pg = psycopg2.connect(host="db.acme.internal", dbname="orders", user="orders_app", password="{{password:py_kwarg_password}}")
my = pymysql.connect(host="mysql.acme.internal", user="report", passwd="{{password_urlsafe:py_kwarg_password}}", db="reports")
cache = redis.Redis.from_url("rediss://default:{{password_urlsafe:redis_conn}}@cache.acme.io:6380/0")
mongo = MongoClient("mongodb+srv://analytics:{{password_urlsafe:mongodb_conn}}@cluster0.ab1cd.mongodb.net/?retryWrites=true&w=majority")
""")

add("internal/store/db.go", """package store

import (
	"database/sql"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/lib/pq"
)

func Open() (*sql.DB, error) {
	return sql.Open("postgres", "postgres://billing:{{password_urlsafe:postgres_conn}}@10.0.3.14:5432/billing?sslmode=disable")
}

func OpenLegacy() (*sql.DB, error) {
	return sql.Open("mysql", "legacy:{{password_urlsafe:mysql_conn}}@tcp(mysql-legacy:3306)/shop?parseTime=true")
}
""")

add("src/main/resources/application.properties", """spring.application.name=orders
spring.datasource.url=jdbc:postgresql://db.acme.internal:5432/orders
spring.datasource.username=orders
spring.datasource.password={{password:spring_password}}
spring.rabbitmq.addresses=amqps://orders:{{password_urlsafe:amqp_conn}}@b-1234.mq.eu-west-1.amazonaws.com:5671
spring.mail.password={{human_password:smtp_password}}
jwt.secret={{generic_hex_secret:generic_secret_hex}}
""")

add("src/main/resources/application-prod.yml", """spring:
  datasource:
    url: jdbc:mysql://mysql.acme.internal:3306/shop?user=shop&password={{password_urlsafe:jdbc_conn}}&useSSL=true
  data:
    mongodb:
      uri: mongodb://shop:{{password_urlsafe:mongodb_conn}}@mongo-0.mongo:27017,mongo-1.mongo:27017/shop?replicaSet=rs0
  security:
    oauth2:
      client:
        registration:
          google:
            client-id: 1234567890-abc123def456.apps.googleusercontent.com
            client-secret: {{gocspx:google_oauth_client_secret}}
""")

add("src/main/java/com/acme/legacy/Db.java", """package com.acme.legacy;

import java.sql.Connection;
import java.sql.DriverManager;

public class Db {
    public static Connection open() throws Exception {
        return DriverManager.getConnection(
            "jdbc:sqlserver://sql01.corp.local:1433;databaseName=Legacy;user=legacy_app;password={{password_urlsafe:jdbc_conn}};encrypt=false");
    }

    public static Connection openOracle() throws Exception {
        return DriverManager.getConnection("jdbc:oracle:thin:@ora01:1521/ERP", "erp_ro", "{{password:jdbc_password_arg}}");
    }
}
""")

add("app/Database/connection.php", """<?php
$dsn = 'mysql:host=127.0.0.1;dbname=shop;charset=utf8mb4';
$pdo = new PDO($dsn, 'shop', '{{password:php_pdo_password}}', [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);

$redis = new Redis();
$redis->connect('cache.internal', 6379);
$redis->auth('{{password_urlsafe:redis_password}}');
""")

add("src/db.rs", """use sqlx::postgres::PgPoolOptions;

pub async fn pool() -> sqlx::Result<sqlx::PgPool> {
    PgPoolOptions::new()
        .max_connections(8)
        .connect("postgres://ledger:{{password_urlsafe:postgres_conn}}@ledger-db.internal/ledger")
        .await
}
""")

add("web.config", """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="Default" connectionString="Data Source=SQL01;Initial Catalog=Intranet;User ID=intranet;Password={{password:mssql_password|xml}};" providerName="System.Data.SqlClient" />
    <add name="Reporting" connectionString="Server=tcp:rpt.database.windows.net;Database=rpt;Uid=rpt_reader;Pwd={{password_urlsafe:mssql_password}};Encrypt=yes" />
  </connectionStrings>
  <appSettings>
    <add key="SmtpPassword" value="{{human_password:smtp_password}}" />
    <add key="SendGridApiKey" value="{{sendgrid:sendgrid_api_key}}" />
  </appSettings>
</configuration>
""")

add("config/database.yml", """default: &default
  adapter: postgresql
  encoding: unicode
  pool: 5

production:
  <<: *default
  url: postgres://rails:{{password_urlsafe:postgres_conn}}@pg.acme.internal/app_production
  password: {{password:rails_db_password}}
""")

add("config/secrets.yml", """production:
  secret_key_base: {{rails_skb:rails_secret_key_base}}
  stripe_secret_key: {{stripe_sk:stripe_secret_key}}
  mapbox_token: {{mapbox:mapbox_secret_token}}
""")

add("myproject/settings/production.py", """from .base import *  # noqa

DEBUG = False
SECRET_KEY = '{{django_key:django_secret_key}}'
ALLOWED_HOSTS = ["acme.io"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "acme",
        "USER": "acme",
        "PASSWORD": "{{password:django_db_password}}",
        "HOST": "db.acme.internal",
    }
}

EMAIL_HOST_PASSWORD = "{{sendgrid:sendgrid_api_key}}"
AWS_S3_SECRET_ACCESS_KEY = "{{aws_secret:aws_secret_access_key}}"
""")

add("myproject/settings/dev.py", """# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = "{{django_insecure:django_insecure_secret_key}}"
DEBUG = True
""")

add("laravel/.env", """APP_NAME=Shop
APP_ENV=production
APP_KEY={{laravel:laravel_app_key}}
APP_DEBUG=false
APP_URL=https://shop.acme.io

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=shop
DB_USERNAME=shop
DB_PASSWORD={{password:generic_password}}

MAIL_MAILER=smtp
MAIL_HOST=smtp.mailgun.org
MAIL_USERNAME=postmaster@mg.acme.io
MAIL_PASSWORD={{human_password:generic_human_password}}
MAILGUN_SECRET={{mailgun_new:mailgun_api_key_new}}

PUSHER_APP_SECRET={{hex32:pusher_secret}}
RAZORPAY_KEY={{rzp_live:razorpay_key_id}}
RAZORPAY_SECRET={{rzp_secret:razorpay_key_secret}}
""")

add("wordpress/wp-config.php", """<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp' );
define( 'DB_PASSWORD', '{{password:wp_db_password}}' );
define( 'DB_HOST', 'localhost' );

define( 'AUTH_KEY',         '{{wp_salt:wordpress_salt}}' );
define( 'SECURE_AUTH_KEY',  '{{wp_salt:wordpress_salt}}' );
define( 'NONCE_SALT',       '{{wp_salt:wordpress_salt}}' );
""")

add("flask_app/config.py", """class ProdConfig:
    SECRET_KEY = "{{flask_secret:flask_secret_key}}"
    SQLALCHEMY_DATABASE_URI = "mysql+pymysql://flask:{{password_urlsafe:mysql_conn}}@mysql/flask"
    CELERY_BROKER_URL = "amqp://celery:{{password_urlsafe:amqp_conn}}@rabbitmq:5672//"
""")

# ------------------------------------------------------------------ SaaS tokens in idiomatic code
add("bots/discord/bot.py", """import discord

intents = discord.Intents.default()
client = discord.Client(intents=intents)

@client.event
async def on_ready():
    print(f"logged in as {client.user}")

client.run("{{discord_bot:discord_bot_token}}")
""")

add("bots/alerts/notify.py", """import requests

DISCORD_HOOK = "{{discord_webhook:discord_webhook}}"
SLACK_HOOK = "{{slack_webhook:slack_webhook}}"


def notify(msg):
    requests.post(DISCORD_HOOK, json={"content": msg}, timeout=5)
    requests.post(SLACK_HOOK, json={"text": msg}, timeout=5)
""")

add("bots/telegram/main.go", """package main

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func main() {
	bot, err := tgbotapi.NewBotAPI("{{telegram:telegram_bot_token}}")
	if err != nil {
		panic(err)
	}
	bot.Debug = true
}
""")

add("src/payments/stripe.js", """const Stripe = require('stripe');
const stripe = Stripe('{{stripe_sk:stripe_secret_key}}');
const endpointSecret = "{{stripe_whsec:stripe_webhook_secret}}";

app.post('/webhook', express.raw({ type: 'application/json' }), (req, res) => {
  const sig = req.headers['stripe-signature'];
  const event = stripe.webhooks.constructEvent(req.body, sig, endpointSecret);
  res.json({ received: true });
});
""")

add("src/payments/braintree.rb", """gateway = Braintree::Gateway.new(
  access_token: "{{braintree:braintree_access_token}}",
)
""")

add("src/payments/square.ts", """import { Client, Environment } from "square";

export const square = new Client({
  accessToken: "{{square_access:square_access_token}}",
  environment: Environment.Production,
});
const APP_SECRET = "{{square_secret:square_app_secret}}";
""")

add("src/payments/AdyenConfig.kt", """package com.acme.payments

import com.adyen.Client
import com.adyen.enums.Environment

val adyen = Client("{{adyen:adyen_api_key}}", Environment.LIVE, "1797a841fbb37ca7-AdyenDemo")
""")

add("src/notify/twilio_sms.py", """from twilio.rest import Client

account_sid = "{{!twilio_ac:twilio_sid}}"
auth_token = "{{hex32:twilio_auth_token}}"
client = Client(account_sid, auth_token)

api_key = "{{twilio_sk:twilio_api_key}}"
api_secret = "{{generic_api_key:twilio_api_secret}}"
""")

add("src/notify/mail.ts", """import sgMail from "@sendgrid/mail";
import mailchimp from "@mailchimp/mailchimp_marketing";
import { Resend } from "resend";

sgMail.setApiKey("{{sendgrid:sendgrid_api_key}}");
mailchimp.setConfig({ apiKey: "{{mailchimp:mailchimp_api_key}}", server: "us21" });
const resend = new Resend("{{resend:resend_api_key}}");
""")

add("src/ai/clients.py", """from openai import OpenAI
from anthropic import Anthropic
from groq import Groq

openai_client = OpenAI(api_key="{{openai_proj:openai_project_key}}")
claude = Anthropic(api_key="{{anthropic:anthropic_api_key}}")
groq = Groq(api_key="{{groq:groq_api_key}}")
pplx = OpenAI(api_key="{{pplx:perplexity_api_key}}", base_url="https://api.perplexity.ai")
router = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="{{openrouter:openrouter_api_key}}")
xai = OpenAI(api_key="{{xai:xai_api_key}}", base_url="https://api.x.ai/v1")
""")

add("src/ai/embeddings.ts", """import OpenAI from "openai";
import { Pinecone } from "@pinecone-database/pinecone";

const openai = new OpenAI({ apiKey: "{{openai_svc:openai_svcacct_key}}" });
const pc = new Pinecone({ apiKey: "{{pinecone:pinecone_api_key}}" });
process.env.LANGCHAIN_API_KEY = "{{langsmith:langsmith_key}}";
process.env.REPLICATE_API_TOKEN = "{{replicate:replicate_token}}";
""")

add("src/ai/hub.rs", """use hf_hub::api::sync::ApiBuilder;

fn api() -> hf_hub::api::sync::Api {
    ApiBuilder::new()
        .with_token(Some("{{hf:huggingface_token}}".to_string()))
        .build()
        .unwrap()
}
""")

add("src/integrations/github.go", """package integrations

import (
	"context"

	"github.com/google/go-github/v60/github"
)

func Client(ctx context.Context) *github.Client {
	return github.NewClient(nil).WithAuthToken("{{github_pat:github_fine_grained_pat}}")
}
""")

add("src/integrations/GitLabClient.java", """package com.acme.integrations;

import org.gitlab4j.api.GitLabApi;

public class GitLabClient {
    private final GitLabApi api = new GitLabApi("https://gitlab.com", "{{glpat:gitlab_pat}}");
}
""")

add("src/integrations/jira.py", """from atlassian import Jira

jira = Jira(
    url="https://acme.atlassian.net",
    username="ops@acme.io",
    password="{{atlassian:atlassian_api_token}}",
    cloud=True,
)
""")

add("src/integrations/Shopify.swift", """import Foundation

struct ShopifyClient {
    let shop = "acme-store.myshopify.com"
    let accessToken = "{{shpat:shopify_access_token}}"

    func request(_ path: String) -> URLRequest {
        var req = URLRequest(url: URL(string: "https://\\(shop)/admin/api/2024-01/\\(path)")!)
        req.setValue(accessToken, forHTTPHeaderField: "X-Shopify-Access-Token")
        return req
    }
}
""")

add("app/src/main/java/com/acme/app/ApiClient.kt", """package com.acme.app

import okhttp3.OkHttpClient
import okhttp3.Request

class ApiClient(private val http: OkHttpClient) {
    fun me(): Request = Request.Builder()
        .url("https://api.linear.app/graphql")
        .header("Authorization", "{{linear:linear_api_key}}")
        .build()

    fun figma(): Request = Request.Builder()
        .url("https://api.figma.com/v1/me")
        .header("X-Figma-Token", "{{figma:figma_pat}}")
        .build()
}
""")

add("ios/Acme/Network/APIClient.swift", """import Foundation

final class APIClient {
    private let session = URLSession.shared

    func fetchProfile() async throws -> Data {
        var request = URLRequest(url: URL(string: "https://api.acme.io/v2/me")!)
        request.setValue("Bearer {{jwt_hs256:jwt}}", forHTTPHeaderField: "Authorization")
        let (data, _) = try await session.data(for: request)
        return data
    }
}
""")

add("tools/airtable_sync.rb", """require 'net/http'

uri = URI('https://api.airtable.com/v0/appXXXX/Inventory')
req = Net::HTTP::Get.new(uri)
req['Authorization'] = 'Bearer {{airtable:airtable_pat}}'
""")

add("tools/contentful-export.js", """const contentfulExport = require('contentful-export');

contentfulExport({
  spaceId: 'a1b2c3d4e5f6',
  managementToken: '{{contentful:contentful_pat}}',
  contentFile: 'export.json',
});
""")

add("tools/postman/collection.json", """{
  "info": { "name": "Acme API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
  "auth": {
    "type": "bearer",
    "bearer": [ { "key": "token", "value": "{{generic_api_key:generic_token}}", "type": "string" } ]
  },
  "variable": [
    { "key": "postman_api_key", "value": "{{postman:postman_api_key}}" },
    { "key": "baseUrl", "value": "https://api.acme.io" }
  ],
  "item": []
}
""")

add("tools/http/requests.http", """### get orders
GET https://api.acme.io/v1/orders
Authorization: Basic {{basic_auth_b64:basic_auth_header}}

### vercel deployments
GET https://api.vercel.com/v6/deployments
Authorization: Bearer {{vercel:vercel_token}}

### hubspot
GET https://api.hubapi.com/crm/v3/objects/contacts
Authorization: Bearer {{hubspot:hubspot_pat}}
""")

add("tools/social/post.php", """<?php
$fb = new \\Facebook\\Facebook(['app_id' => '1234567890', 'app_secret' => '{{hex32:facebook_app_secret}}']);
$pageToken = '{{facebook:facebook_access_token}}';
$twitterBearer = '{{twitter_bearer:twitter_bearer_token}}';
""")

add("infra/pulumi/Pulumi.prod.yaml", """config:
  aws:region: us-east-1
  acme:dbPassword: {{password:pulumi_config_password}}
  acme:datadogApiKey: {{hex32:datadog_api_key}}
  cloudflare:apiToken: {{cf_token:cloudflare_api_token}}
""")

add("infra/fly/deploy.sh", """#!/usr/bin/env bash
export FLY_API_TOKEN="{{fly:flyio_token}}"
flyctl deploy --remote-only
""")

add("infra/netlify/netlify-deploy.yml", """name: netlify
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: npx netlify-cli deploy --prod --auth {{netlify:netlify_pat}} --site 7f3c2a10-1b2c-4d5e-8f90-a1b2c3d4e5f6
      - run: npx supabase db push
        env:
          SUPABASE_ACCESS_TOKEN: {{sbp:supabase_pat}}
          SUPABASE_DB_PASSWORD: {{password_urlsafe:generic_password}}
""")

add("src/lib/supabase.ts", """import { createClient } from "@supabase/supabase-js";

export const supabaseAdmin = createClient(
  "https://xyzcompany.supabase.co",
  "{{supabase_service_jwt:supabase_service_role_jwt}}",
);
""")

add("infra/planetscale/.env.local", """DATABASE_URL='mysql://a1b2c3d4e5f6:{{pscale_pw:planetscale_password}}@aws.connect.psdb.cloud/shop?ssl={"rejectUnauthorized":true}'
PLANETSCALE_SERVICE_TOKEN_ID=k3m9z7q2w1x8
PLANETSCALE_SERVICE_TOKEN={{pscale_tkn:planetscale_token}}
""")

add("infra/databricks/.databrickscfg", """[DEFAULT]
host  = https://adb-1234567890123456.7.azuredatabricks.net
token = {{databricks:databricks_token}}

[staging]
host  = https://adb-6543210987654321.3.azuredatabricks.net
token = {{databricks:databricks_token}}
""")

add("infra/vault/agent.hcl", """vault {
  address = "https://vault.acme.internal:8200"
}
auto_auth {
  method "token_file" {
    config = { token_file_path = "/etc/vault/token" }
  }
}
# bootstrap token for first run
# token = "{{hvb:vault_batch_token}}"
""")

add("infra/terraform/.terraformrc", """credentials "app.terraform.io" {
  token = "{{tfc:terraform_cloud_token}}"
}
""")

add("infra/doppler/doppler.yaml", """setup:
  project: api
  config: prd
token: {{doppler:doppler_token}}
""")

add("infra/1password/connect.env", """OP_SERVICE_ACCOUNT_TOKEN={{op_token:onepassword_sa_token}}
""")

add("src/auth/auth0.js", """const { ManagementClient } = require('auth0');

const management = new ManagementClient({
  domain: 'acme.eu.auth0.com',
  clientId: 'Xk2J8vQm3Zp9Lr4Tn7Wb5Yc1Hd6Fg0Sa',
  clientSecret: '{{auth0_secret:auth0_client_secret}}',
});
""")

add("src/observability/newrelic.js", """'use strict'
exports.config = {
  app_name: ['acme-api'],
  license_key: '{{nr_license:newrelic_license_key}}',
  logging: { level: 'info' },
}
""")

add("src/observability/grafana.py", """import requests

GRAFANA_URL = "https://acme.grafana.net"
HEADERS = {"Authorization": "Bearer {{glc:grafana_cloud_token}}"}
NR_KEY = "{{nrak:newrelic_user_key}}"
DT = {"Authorization": "Api-Token {{dynatrace:dynatrace_token}}"}
""")

add("sentry.properties", """defaults.url=https://sentry.io/
defaults.org=acme
defaults.project=android
auth.token={{sntryu:sentry_user_token}}
""")

add("src/maps/mapbox.js", """import mapboxgl from 'mapbox-gl';
mapboxgl.accessToken = '{{mapbox:mapbox_secret_token}}';
""")

add("src/cloud/alibaba.py", """import oss2

auth = oss2.Auth('{{alibaba:alibaba_access_key_id}}', '{{alibaba_secret:alibaba_access_key_secret}}')
bucket = oss2.Bucket(auth, 'https://oss-cn-hangzhou.aliyuncs.com', 'acme-assets')
""")

add("src/push/fcm.py", """import requests

FCM_URL = "https://fcm.googleapis.com/fcm/send"
headers = {"Authorization": "key={{fcm:firebase_fcm_server_key}}", "Content-Type": "application/json"}
""")

add("src/tailnet/join.go", """package tailnet

import "tailscale.com/tsnet"

func Server() *tsnet.Server {
	return &tsnet.Server{
		Hostname: "ingest",
		AuthKey:  "{{tailscale:tailscale_auth_key}}",
	}
}
""")

add("src/flags/launchdarkly.cs", """using LaunchDarkly.Sdk.Server;

namespace Acme.Flags
{
    public static class Flags
    {
        public static LdClient Client = new LdClient(Configuration.Default("sdk-{{snyk:launchdarkly_sdk_key}}"));
        private const string ApiToken = "{{launchdarkly:launchdarkly_api_key}}";
    }
}
""")

add("src/search/algolia.js", """import algoliasearch from 'algoliasearch';
// admin key - server side only!
const client = algoliasearch('LATENCY01', '{{algolia_admin:algolia_admin_key}}');
""")

add("src/voice/tts.py", """from elevenlabs.client import ElevenLabs

client = ElevenLabs(api_key="{{elevenlabs:elevenlabs_api_key}}")
deepseek_key = "{{deepseek:deepseek_api_key}}"
""")

add("src/oauth/google.go", """package oauth

import "golang.org/x/oauth2"

var conf = &oauth2.Config{
	ClientID:     "851234567890-5gq1lr1ee4v1s2n3j4k5l6m7n8o9p0q1.apps.googleusercontent.com",
	ClientSecret: "{{gocspx:google_oauth_client_secret}}",
	Endpoint:     oauth2.Endpoint{TokenURL: "https://oauth2.googleapis.com/token"},
}

var tok = &oauth2.Token{RefreshToken: "{{google_refresh:google_oauth_refresh_token}}"}
""")

add("src/slack/app.py", """from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

app = App(token="{{slack_bot:slack_bot_token}}", signing_secret="{{hex32:slack_signing_secret}}")

if __name__ == "__main__":
    SocketModeHandler(app, "{{slack_app:slack_app_token}}").start()
""")

add("src/slack/legacy_user.rb", """client = Slack::Web::Client.new(token: '{{slack_user:slack_user_token}}')
client.chat_postMessage(channel: '#general', text: 'Hello World', as_user: true)
""")

add("src/vcs/bitbucket.py", """import requests

auth = ("acme-ci", "{{bitbucket_app:bitbucket_app_password}}")
r = requests.get("https://api.bitbucket.org/2.0/repositories/acme", auth=auth)
""")

add("src/registry/publish.ts", """import { execSync } from "child_process";

execSync(`dotnet nuget push out/*.nupkg --api-key {{nuget:nuget_api_key}} --source https://api.nuget.org/v3/index.json`);
execSync("docker login -u acme -p {{dckr:dockerhub_pat}}");
""")

add("config/gitlab-runner/config.toml", """concurrent = 4

[[runners]]
  name = "docker-runner-01"
  url = "https://gitlab.com/"
  token = "{{glrt:gitlab_runner_token}}"
  executor = "docker"
  [runners.docker]
    image = "alpine:3.19"
""")

add("scripts/register-runner.sh", """gitlab-runner register --non-interactive \\
  --url https://gitlab.acme.io/ \\
  --registration-token {{glrr:gitlab_runner_registration}} \\
  --executor docker
""")

add(".gitmodules", """[submodule "vendor/private-lib"]
	path = vendor/private-lib
	url = https://gitlab-ci-token:{{glpat:gitlab_pat}}@gitlab.acme.io/platform/private-lib.git
[submodule "vendor/theme"]
	path = vendor/theme
	url = https://{{ghp:github_pat_classic}}@github.com/acme/theme.git
""")

add("config/oauth-apps.yaml", """gitlab:
  application_id: 9f8e7d6c5b4a39281706f5e4d3c2b1a0
  secret: {{gloas:gitlab_oauth_app_secret}}
  feed_token: {{glft:gitlab_feed_token}}
  agent_token: {{glagent:gitlab_agent_token}}
shopify:
  api_key: 2f4e6a8c0b1d3f5a7c9e1b3d5f7a9c0e
  api_secret: {{shpss:shopify_shared_secret}}
  custom_app_token: {{shpca:shopify_custom_app_token}}
github:
  refresh_token: {{ghr:github_refresh}}
  user_token: {{ghu:github_user_to_server}}
""")

# YAML block and folded scalars
add("deploy/helm/secrets-values.yaml", """secrets:
  anthropicKey: >
    {{anthropic_admin:anthropic_admin_key}}
  slackRefresh: >-
    {{slack_refresh:slack_refresh_token}}
  vaultToken: |
    {{hvs:vault_service_token}}
  jwtSigningKey: |
    {{ec_pem:private_key_ec|indent4}}
""")

add("ops/ansible/roles/app/vars/main.yml", """---
app_db_password: "{{password:generic_password}}"
app_admin_password: {{passphrase:generic_passphrase}}
app_secret_key: "{{generic_hex_secret:generic_secret_hex}}"
grafana_admin_password: {{human_password:generic_human_password}}
""")

add("serverless.yml", """service: orders-api
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    STRIPE_WEBHOOK_SECRET: {{stripe_whsec:stripe_webhook_secret}}
    DOPPLER_TOKEN: {{doppler_st:doppler_service_token}}
    HEROKU_API_KEY: {{heroku_new:heroku_api_key_new}}
""")

add("cloudformation/db.yaml", """AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      MasterUsername: admin
      MasterUserPassword: '{{password:cfn_password}}'
      DBInstanceClass: db.t3.micro
""")

add("config/settings.toml", """[database]
url = "postgresql://svc:{{password_urlsafe:postgres_conn}}@db:5432/svc"

[smtp]
host = "smtp.office365.com"
user = "noreply@acme.io"
password = "{{human_password:generic_human_password}}"

[tailscale]
api_key = "{{tailscale_api:tailscale_api_key}}"

[digitalocean]
oauth_token = "{{doo:digitalocean_oauth}}"
""")

add("config/app.ini", """[server]
http_port = 3000

[database]
type = postgres
host = 127.0.0.1:5432
user = gitea
passwd = {{password:generic_password}}

[security]
SECRET_KEY = {{generic_api_key:generic_api_key}}
INTERNAL_TOKEN = {{jwt_hs256:jwt}}

[mailer]
PASSWD = `{{passphrase:generic_passphrase}}`
""")

add("src/test/resources/it-env.properties", """# integration-test environment (points at real staging)
staging.api.user=it-runner
staging.api.password={{password:generic_password}}
staging.cloudflare.token={{cf_token:cloudflare_api_token}}
""")

add("tests/e2e/test_checkout.py", """import requests

STAGING_KEY = "{{stripe_sk_short:stripe_secret_key_short}}"


def test_checkout_flow():
    r = requests.post("https://staging.acme.io/api/checkout", headers={"Authorization": f"Bearer {STAGING_KEY}"})
    assert r.status_code == 200
""")

add("README.md", """# acme-api

## Local setup

1. copy `.env.example` to `.env`
2. ask in #platform for credentials, or use the shared staging ones:

```
DATABASE_URL=postgres://staging:{{password_urlsafe:postgres_conn}}@staging-db.acme.io:5432/api
REDIS_URL=redis://default:{{password_urlsafe:redis_conn}}@staging-cache.acme.io:6379
```

The mailchimp key for the newsletter job is `{{mailchimp:mailchimp_api_key}}`.
""")

add("CHANGELOG-internal.txt", """v1.14.1
- rotated compromised key; new one is {{stripe_rk:stripe_restricted_key}}
- bumped deps
v1.14.0
- switched webhook to {{slack_webhook:slack_webhook}}
""")

add("src/app/auth.ts", """const headers = {
  Authorization: `Bearer {{sntrys:sentry_org_token}}`,
  "X-Api-Key": "{{generic_api_key:generic_api_key}}",
};
""")

add("src/cache/redis_client.rs", """fn client() -> redis::Client {
    redis::Client::open("redis://:{{password_urlsafe:redis_conn}}@10.0.0.5:6379/").unwrap()
}
""")

add("scripts/amqp_consumer.py", """import pika

params = pika.URLParameters("amqps://consumer:{{password_urlsafe:amqp_conn}}@b-8c1f.mq.us-east-1.amazonaws.com:5671/%2F")
conn = pika.BlockingConnection(params)
""")

add("config/ftp-sync.json", """{
  "remote": "ftp://uploader:{{password_urlsafe:url_password}}@ftp.partner.example/incoming",
  "mirror": "https://mirror:{{password_urlsafe:url_password}}@mirror.acme.io/artifacts/",
  "schedule": "0 3 * * *"
}
""")

add("src/jwt/tokens.json", """{
  "service_tokens": {
    "billing": "{{jwt_hs256:jwt}}",
    "reports": "{{jwt_hs256:jwt}}"
  }
}
""")

add("config/secrets.json", """{
  "dev": {
    "userSecretsId": "b8f3c2d1-9a7e-4f6b-8c5d-3e2f1a0b9c8d",
    "Jwt:Key": "{{generic_b64_secret:generic_secret_b64}}",
    "Smtp:Password": "{{password:generic_password}}",
    "OpenAI:ApiKey": "{{openai_legacy:openai_legacy_key}}"
  }
}
""")

add("ops/wireguard/wg0.conf", """[Interface]
Address = 10.8.0.1/24
ListenPort = 51820
PrivateKey = {{azure_sas_key:wireguard_private_key}}

[Peer]
PublicKey = {{!azure_sas_key:wg_public_key}}
AllowedIPs = 10.8.0.2/32
""")

# ---------------------------------------------------------------- password character edge cases (all valid syntax)
add("services/legacy/.env", """# legacy service
DB_PASSWORD={{pw_with_hash:password_unquoted_hash}}
SMTP_PASSWORD={{pw_with_hash:password_unquoted_hash}}
""")
add("config/legacy/app.yaml", """legacy:
  password: {{pw_with_hash:password_unquoted_hash}}
  quoted_password: "{{pw_with_amp_hash:password_amp_hash}}"
""")
add("src/legacy/settings.py", """DB_PASSWORD = "{{pw_lead_at:password_leading_symbol}}"
SMTP_PASSWORD = '{{pw_lead_pct:password_leading_symbol}}'
LDAP_PASSWORD = '{{pw_lead_dollar:password_leading_symbol}}'
REDIS_PASSWORD = "{{pw_with_amp:generic_password}}"
""")
add("src/Legacy/Web.config", """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="Legacy" connectionString="Data Source=SQL02;Initial Catalog=Legacy;User ID=legacy;Password={{pw_with_amp:password_xml_escaped|xml}};" />
  </connectionStrings>
  <appSettings>
    <add key="SmtpPassword" value="{{pw_with_amp:password_xml_escaped|xml}}" />
  </appSettings>
</configuration>
""")
add("db/legacy/grants.sql", """ALTER USER legacy_app WITH PASSWORD '{{pw_trailing_dot:sql_password}}';
""")
