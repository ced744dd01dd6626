#!/usr/bin/env bash
# The contract tests in remote mode against the local stack: starts the README's run command
# (fresh data under target/), waits for its gateway, runs bin/contract_test.sh against it, stops it.
source "$(dirname "$0")/lib/aws.sh"

[ $# -eq 0 ] || { echo "usage: $0   (no arguments; needs the gateway's port 8080 free)" >&2; exit 64; }
cd "$ROOT"
mkdir -p target
# Stopping Maven stops the backend it forked (the backend exits with its parent).
mvn -B -Prun -pl local-run -am package -DskipTests \
  -Dfresh=true -Ddata=target/contract-local-data >target/local-backend.log 2>&1 &
backend=$!
trap 'kill "$backend" 2>/dev/null || true' EXIT

health=http://localhost:8080/dev/v1/health
for _ in $(seq 1 300); do
  curl -sf "$health" >/dev/null && break
  kill -0 "$backend" 2>/dev/null || break
  sleep 1
done
curl -sf "$health" >/dev/null || { cat target/local-backend.log >&2; echo "the local run did not start" >&2; exit 1; }

# Remote mode signs writes with the SDK's default credentials: here the local run's.
AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_SESSION_TOKEN= AWS_PROFILE= \
  bin/contract_test.sh http://localhost:8080/dev
