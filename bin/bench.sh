#!/usr/bin/env bash
# Runs every benchmark (mvn -T1 -Pbench verify -DskipTests; Maven options pass through, e.g.
# -Dbench.rows=N) and prints their figures as one table, with the target of each where the issue
# tracker set one. About 20 minutes on 2 cores; the figures are also in target/bench-figures.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

figures=target/bench-figures.tsv
mkdir -p target
rm -f "$figures"
# One module at a time (.mvn/maven.config builds them in parallel): integration-tests' benches and
# local-run's would otherwise measure each other.
mvn -B -T1 -Pbench verify -DskipTests "$@"
echo
echo "figures ($(nproc) cores, $(java -version 2>&1 | head -1)):"
{ printf 'figure\tvalue\ttarget\n'; cat "$figures"; } | column -t -s $'\t'
