#!/usr/bin/env bash
# Publishes what consumers of the job API import, exactly as built (nothing is rebuilt): the job
# model (api-spec), the Java client (generated-client), both with their stand-alone POMs, and the
# contract's stubs (job-api's stubs jar). To GitLab's package registry in CI (publish job), to a
# repository on disk in `mvn verify` (ConsumerExampleTest), to any Maven repository by its URL.
#
#   bin/publish_consumer_artifacts.sh URL [REPOSITORY_ID [SETTINGS]]
#
# REPOSITORY_ID names the credentials of SETTINGS (a Maven settings file) for URL.
# Exit codes: 0 published, 1 a deploy failed, 64 bad usage, 66 a file is missing (build first).
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 1 ] && [ $# -le 3 ] || { echo "usage: $0 URL [REPOSITORY_ID [SETTINGS]]" >&2; exit 64; }
url=$1
id=${2:-consumers}
settings=()
[ $# -lt 3 ] || settings=(-s "$3")

version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' api-spec/.flattened-pom.xml | head -n1)
files=(api-spec/target/api-spec-"$version".jar generated-client/target/generated-client-"$version".jar
  job-api/target/job-api-"$version"-stubs.jar api-spec/.flattened-pom.xml generated-client/.flattened-pom.xml)
for file in "${files[@]}"; do
  [ -f "$file" ] || { echo "missing: $file (build with mvn verify first)" >&2; exit 66; }
done

deploy() {
  mvn -B -q "${settings[@]}" org.apache.maven.plugins:maven-deploy-plugin:3.1.4:deploy-file \
    -Durl="$url" -DrepositoryId="$id" "$@" || exit 1
}
deploy -Dfile=api-spec/target/api-spec-"$version".jar -DpomFile=api-spec/.flattened-pom.xml
deploy -Dfile=generated-client/target/generated-client-"$version".jar -DpomFile=generated-client/.flattened-pom.xml
deploy -Dfile=job-api/target/job-api-"$version"-stubs.jar -DgroupId=dev.jobs -DartifactId=job-api \
  -Dversion="$version" -Dclassifier=stubs -Dpackaging=jar -DgeneratePom=true
echo "published dev.jobs:api-spec, dev.jobs:generated-client and dev.jobs:job-api:stubs $version to $url"
