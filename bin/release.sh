#!/usr/bin/env bash
# Releases the contract and what consumers import, as version VERSION (job-api.yaml's info.version),
# then starts NEXT (default: the next minor): the gate first (the contract against the last release),
# then api-spec/released/job-api-VERSION.yaml and CHANGELOG.md's section from the same comparison,
# a commit "Release VERSION", the tag vVERSION (pushed, its pipeline publishes the jars), and a
# commit that moves job-api.yaml and the build to NEXT-SNAPSHOT.
#
#   bin/release.sh VERSION [NEXT]
#
# Exit codes: 0 released, 1 the gate or a step failed, 64 bad usage, 65 VERSION is not the
# contract's, 73 the working tree is not clean.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 VERSION [NEXT]   (e.g. $0 1.0.0)" >&2; exit 64; }
version=$1
[[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || { echo "not a version: $version" >&2; exit 64; }
next=${2:-${BASH_REMATCH[1]}.$((BASH_REMATCH[2] + 1)).0}
[[ "$next" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "not a version: $next" >&2; exit 64; }

contract_version=$(sed -n 's/^  version: //p' api-spec/job-api.yaml | head -n1)
[ "$contract_version" = "$version" ] || {
  echo "job-api.yaml's info.version is $contract_version, not $version" >&2; exit 65; }
[ -z "$(git status --porcelain)" ] || { echo "commit or stash your changes first" >&2; exit 73; }

# The gate, and the notes from the same comparison (before this release's contract is kept).
mvn -B -q -pl api-spec verify
notes=$(mvn -B -q -pl api-spec exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.jobs.spec.ReleaseNotes -Dexec.args="api-spec $version" |
  sed 's/\x1b\[[0-9;]*m//g')  # Maven's terminal codes out

mkdir -p api-spec/released
cp api-spec/job-api.yaml "api-spec/released/job-api-$version.yaml"
{
  sed -n '1,/^## /{/^## /!p}' CHANGELOG.md
  printf '%s\n\n' "$notes"
  sed -n '/^## /,$p' CHANGELOG.md
} > CHANGELOG.md.new
mv CHANGELOG.md.new CHANGELOG.md
git add CHANGELOG.md "api-spec/released/job-api-$version.yaml"
git commit -q -m "Release $version"
git tag -a "v$version" -m "Release $version"

sed -i "s/^  version: $version\$/  version: $next/" api-spec/job-api.yaml
sed -i "s|<revision>$version-SNAPSHOT</revision>|<revision>$next-SNAPSHOT</revision>|" pom.xml
git add api-spec/job-api.yaml pom.xml
git commit -q -m "Start $next"
echo "released $version (tag v$version; push it: git push origin v$version), now at $next-SNAPSHOT"
