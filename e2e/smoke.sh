#!/usr/bin/env bash
# e2e/smoke.sh — prove the whole chain by hand:
#   env.sh start → ECR CreateRepository "web" (moto) → GetAuthorizationToken → docker build
#   (FROM scratch + COPY + OCI labels) → docker login (password on stdin) → docker push to
#   123456789012.dkr.ecr.us-east-1.amazonaws.com/web:<40-hex sha> → the registry has the tag →
#   moto's DescribeImages has the tag with the same digest → a tag added through the ECR API
#   (BatchGetImage + PutImage, as ecs-flow does) is in the registry too → env.sh stop.
#
#   e2e/smoke.sh           run, then stop the environment
#   e2e/smoke.sh --keep    leave the environment running afterwards
set -euo pipefail
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KEEP=
[ "${1:-}" = --keep ] && KEEP=1

T0=$(date +%s.%N)
ts() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(ts)" 'BEGIN{printf "%.2fs", b-a}'; }
step() { printf '\n[smoke %6s] == %s\n' "$(elapsed "$T0")" "$*"; }
ok() { printf '[smoke %6s] ok: %s\n' "$(elapsed "$T0")" "$*"; }
fail() { printf '[smoke] FAIL: %s\n' "$*" >&2; exit 1; }

cleanup() {
  local rc=$?
  [ -n "${WORK:-}" ] && rm -rf "$WORK"
  if [ -z "$KEEP" ]; then
    step "stop"
    "$E2E_DIR/env.sh" stop || true
  fi
  if [ $rc = 0 ]; then printf '\n[smoke] PASSED in %s\n' "$(elapsed "$T0")"
  else printf '\n[smoke] FAILED (rc=%s) after %s — logs in %s/.state/logs\n' "$rc" "$(elapsed "$T0")" "$E2E_DIR"; fi
}
trap cleanup EXIT

step "start"
t=$(ts)
"$E2E_DIR/env.sh" start
START_TIME=$(elapsed "$t")
set -a
# shellcheck disable=SC1091
. "$E2E_DIR/.state/env"
set +a

WORK=$(mktemp -d)
SHA=$(node -e 'process.stdout.write(require("crypto").randomBytes(20).toString("hex"))')
IMAGE="$E2E_ECR_REGISTRY/web:$SHA"
RELEASE_TAG="release-${SHA:0:7}"

# ECR API calls go through the AWS SDK for Python (boto3 comes with moto), which honours
# AWS_ENDPOINT_URL_ECR like the JavaScript SDK the action uses.
ecr() { # ecr PYTHON-EXPRESSION (with `c` = boto3 ECR client) → prints JSON
  python3 -c '
import json, sys, boto3
c = boto3.client("ecr")
print(json.dumps(eval(sys.argv[1]), default=str))
' "$1"
}
jget() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=(0,eval)("(o)=>o"+process.argv[1])(JSON.parse(s));process.stdout.write(typeof v==="string"?v:JSON.stringify(v))})' "$1"; }

step "ECR CreateRepository web (moto via $AWS_ENDPOINT_URL_ECR)"
if ecr 'c.describe_repositories(repositoryNames=["web"])' >/dev/null 2>&1; then
  ok "repository web already exists"
else
  uri=$(ecr 'c.create_repository(repositoryName="web")' | jget '.repository.repositoryUri')
  ok "created $uri"
fi

step "ECR GetAuthorizationToken"
auth=$(ecr 'c.get_authorization_token()')
token=$(printf '%s' "$auth" | jget '.authorizationData[0].authorizationToken')
endpoint=$(printf '%s' "$auth" | jget '.authorizationData[0].proxyEndpoint')
user_pass=$(printf '%s' "$token" | base64 -d)
PASSWORD=${user_pass#AWS:}
[ "$PASSWORD" = "$E2E_ECR_PASSWORD" ] || fail "unexpected password from moto: $PASSWORD"
ok "proxyEndpoint $endpoint, user AWS, password $PASSWORD"

step "docker build (FROM scratch + COPY + OCI labels) → $IMAGE"
mkdir -p "$WORK/ctx"
echo "hello from ecs-flow e2e smoke $SHA" >"$WORK/ctx/hello.txt"
cat >"$WORK/ctx/Dockerfile" <<'EOF'
FROM scratch
ARG REVISION=unknown
COPY hello.txt /hello.txt
LABEL org.opencontainers.image.title="web" \
      org.opencontainers.image.source="https://example.invalid/ecs-flow" \
      org.opencontainers.image.revision="${REVISION}"
EOF
t=$(ts)
docker build --build-arg "REVISION=$SHA" -t "$IMAGE" "$WORK/ctx" >"$WORK/build.log" 2>&1 ||
  { cat "$WORK/build.log"; fail "docker build"; }
sed 's/^/    /' "$WORK/build.log"
rev=$(docker image inspect -f '{{index .Config.Labels "org.opencontainers.image.revision"}}' "$IMAGE")
[ "$rev" = "$SHA" ] || fail "label revision=$rev"
ok "built in $(elapsed "$t") (builder: ${E2E_DOCKER_BUILDER:-?}, DOCKER_BUILDKIT=${DOCKER_BUILDKIT:-unset}); label revision=$rev"

step "docker login $endpoint (password via stdin)"
printf '%s' "$PASSWORD" | docker login --username AWS --password-stdin "$endpoint" >"$WORK/login.log" 2>&1 ||
  { cat "$WORK/login.log"; fail "docker login"; }
grep -i 'login succeeded' "$WORK/login.log" | sed 's/^/    /' 
if printf 'wrong' | docker login --username AWS --password-stdin "$E2E_ECR_REGISTRY" >/dev/null 2>&1; then
  [ "$E2E_BRIDGE_AUTH" = none ] || fail "login with a wrong password succeeded"
else
  ok "a wrong password is refused"
  printf '%s' "$PASSWORD" | docker login --username AWS --password-stdin "$E2E_ECR_REGISTRY" >/dev/null 2>&1 || fail "re-login"
fi

step "docker push $IMAGE"
t=$(ts)
docker push "$IMAGE" >"$WORK/push.log" 2>&1 || { cat "$WORK/push.log"; fail "docker push"; }
sed 's/^/    /' "$WORK/push.log"
PUSH_DIGEST=$(sed -n 's/.*digest: \(sha256:[0-9a-f]\{64\}\).*/\1/p' "$WORK/push.log" | tail -1)
[ -n "$PUSH_DIGEST" ] || fail "no digest in the push output"
ok "pushed in $(elapsed "$t"), digest $PUSH_DIGEST"

step "registry API (direct, $E2E_REGISTRY_URL) has the tag"
tags=$(curl -sf "$E2E_REGISTRY_URL/v2/web/tags/list")
echo "    $tags"
printf '%s' "$tags" | grep -q "\"$SHA\"" || fail "tag $SHA not in the registry"
ACCEPT='application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.index.v1+json'
hdrs=$(curl -sfI -H "Accept: $ACCEPT" "$E2E_REGISTRY_URL/v2/web/manifests/$SHA")
REG_DIGEST=$(printf '%s' "$hdrs" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
REG_TYPE=$(printf '%s' "$hdrs" | tr -d '\r' | sed -n 's/^[Cc]ontent-[Tt]ype: //p')
[ "$REG_DIGEST" = "$PUSH_DIGEST" ] || fail "registry digest $REG_DIGEST != push digest $PUSH_DIGEST"
ok "registry digest $REG_DIGEST, media type $REG_TYPE"
# the same through the bridge, as docker sees it (needs the ECR credentials)
code=$(curl -s -o /dev/null -w '%{http_code}' "$E2E_BRIDGE_URL/v2/web/tags/list")
code_auth=$(curl -s -o /dev/null -w '%{http_code}' -u "AWS:$PASSWORD" "$E2E_BRIDGE_URL/v2/web/tags/list")
ok "through the bridge: $code without credentials, $code_auth with them"

step "moto DescribeImages (the ECR API view)"
desc=$(ecr "c.describe_images(repositoryName='web', imageIds=[{'imageTag': '$SHA'}])")
MOTO_DIGEST=$(printf '%s' "$desc" | jget '.imageDetails[0].imageDigest')
MOTO_TAGS=$(printf '%s' "$desc" | jget '.imageDetails[0].imageTags')
MOTO_TYPE=$(printf '%s' "$desc" | jget '.imageDetails[0].imageManifestMediaType')
echo "    digest $MOTO_DIGEST tags $MOTO_TAGS mediaType $MOTO_TYPE"
[ "$MOTO_DIGEST" = "$PUSH_DIGEST" ] || fail "moto digest $MOTO_DIGEST != push digest $PUSH_DIGEST"
ok "moto has web:$SHA with the pushed digest"

step "add a tag through the ECR API (BatchGetImage + PutImage, as ecs-flow does) → $RELEASE_TAG"
bgi=$(ecr "c.batch_get_image(repositoryName='web', imageIds=[{'imageTag': '$SHA'}], acceptedMediaTypes=['application/vnd.docker.distribution.manifest.v2+json','application/vnd.oci.image.manifest.v1+json'])")
printf '%s' "$bgi" | jget '.images[0].imageManifest' >"$WORK/manifest.json"
BGI_TYPE=$(printf '%s' "$bgi" | jget '.images[0].imageManifestMediaType')
got=$(node -e 'process.stdout.write("sha256:"+require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))' "$WORK/manifest.json")
[ "$got" = "$PUSH_DIGEST" ] || fail "BatchGetImage returned different manifest bytes ($got)"
ok "BatchGetImage returns the exact manifest bytes (sha256 matches), mediaType $BGI_TYPE"
put=$(python3 -c '
import json, sys, boto3
c = boto3.client("ecr")
m = open(sys.argv[1]).read()
r = c.put_image(repositoryName="web", imageManifest=m, imageManifestMediaType=sys.argv[3], imageTag=sys.argv[2])
print(json.dumps(r["image"]["imageId"]))
' "$WORK/manifest.json" "$RELEASE_TAG" "$BGI_TYPE")
echo "    PutImage → $put"
tags2=$(ecr "c.describe_images(repositoryName='web', imageIds=[{'imageDigest': '$PUSH_DIGEST'}])" | jget '.imageDetails[0].imageTags')
echo "    moto tags for $PUSH_DIGEST: $tags2"
printf '%s' "$tags2" | grep -q "\"$RELEASE_TAG\"" || fail "moto lacks $RELEASE_TAG"
if [ "$AWS_ENDPOINT_URL_ECR" = "$E2E_ECR_API_URL" ]; then
  rd=$(curl -sfI -H "Accept: $ACCEPT" "$E2E_REGISTRY_URL/v2/web/manifests/$RELEASE_TAG" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
  [ "$rd" = "$PUSH_DIGEST" ] || fail "registry lacks $RELEASE_TAG (got '$rd')"
  ok "the registry serves web:$RELEASE_TAG with the same digest (mirrored by the bridge)"
fi

step "bridge events"
curl -s "$E2E_BRIDGE_URL/__ecr-bridge/events" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const e of JSON.parse(s).slice(-2))console.log("    "+JSON.stringify(e))})'

step "summary"
cat <<EOF
    env.sh start           $START_TIME
    image                  $IMAGE
    docker push digest     $PUSH_DIGEST
    registry digest        $REG_DIGEST ($REG_TYPE)
    moto DescribeImages    $MOTO_DIGEST ($MOTO_TYPE) tags $tags2
    builder                ${E2E_DOCKER_BUILDER:-?}
EOF
