# Sourced by bin/deploy_*.sh: builds a module's Lambda package, then deploys it to a function.
source "$(dirname "${BASH_SOURCE[0]}")/aws.sh"

# build MODULE: the module's package and what it needs, with Maven; SKIP_BUILD=true when it is
# already built (as by `mvn verify`).
build() {
  if [ "${SKIP_BUILD:-false}" != true ]; then
    (cd "$ROOT" && mvn -B -q -pl "$1" -am package -DskipTests)
  fi
}

# deploy FUNCTION ZIP [ALIAS]: new code, and waits until Lambda has it. With ALIAS: publishes a
# version (SnapStart snapshots it) and moves the alias to it once it is active.
deploy() {
  local function=$1 zip=$2 alias=${3:-}
  [ -f "$zip" ] || { echo "no package at $zip" >&2; exit 66; }
  # Straight from the file: Lambda takes up to 50 MB this way, and the packages are smaller.
  aws lambda update-function-code --function-name "$function" --zip-file "fileb://$zip" \
    --query CodeSha256 --output text >/dev/null
  aws lambda wait function-updated --function-name "$function"
  echo "$function: code updated from $(basename "$zip")"
  if [ -n "$alias" ]; then
    local version
    version=$(aws lambda publish-version --function-name "$function" --query Version --output text)
    aws lambda wait published-version-active --function-name "$function" --qualifier "$version"
    aws lambda update-alias --function-name "$function" --name "$alias" \
      --function-version "$version" >/dev/null
    echo "$function: version $version published, alias $alias moved to it"
  fi
}

usage() {
  echo "usage: $0   (builds and deploys; no arguments)" >&2
  echo "environment: FUNCTION_NAME (the Terraform name), AWS_REGION, SKIP_BUILD=true (package already built)," >&2
  echo "             AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_LAMBDA (another Lambda API, such as a local stack's)" >&2
  exit 64
}
