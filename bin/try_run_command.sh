#!/usr/bin/env bash
# The README's run command, taken from README.md and run exactly as a newcomer types it: waits
# for its ready line, ingests a sample file and lists it through the job API, stops it with
# Ctrl-C (SIGINT), then checks that it said so in one line, exited 130, printed no stack trace and
# left nothing running. Needs the run's ports free (8080, 9090, 9324, 4567) and the AWS CLI.
# Exit codes: 0 as the README says, 1 it did something else, 64 bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -eq 0 ] || { echo "usage: $0   (no arguments)" >&2; exit 64; }
fail() { echo "try_run_command: $*" >&2; [ -f "$log" ] && { echo "--- its output:" >&2; cat "$log" >&2; }; exit 1; }

run_command=$(awk '/^# Run the backend locally/ { getline; print; exit }' README.md)
[[ "$run_command" == mvn\ * ]] || { echo "no run command under '# Run the backend locally' in README.md" >&2; exit 1; }
mkdir -p target
log=target/try-run-command.log
echo "\$ $run_command"

# Job control: the command gets a process group of its own, which takes SIGINT as a terminal's
# Ctrl-C would deliver it (a background job of a script would ignore it). SIGINT is also restored
# for it, in case this script was itself started ignoring it (a job started in the background):
# a JVM started so keeps ignoring it, and would not stop.
set -m
env --default-signal=INT bash -c "$run_command" >"$log" 2>&1 &
run=$!
set +m
trap 'kill -KILL -- -"$run" 2>/dev/null || true' EXIT

for _ in $(seq 1 600); do
  grep -q "jobs-backend ready" "$log" && break
  kill -0 "$run" 2>/dev/null || fail "ended before its ready line"
  sleep 0.5
done
grep -q "jobs-backend ready" "$log" || fail "no ready line in 300 s"
grep "jobs-backend ready" "$log"

# The README's own examples.
AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_ENDPOINT_URL_S3=http://localhost:9090 \
  bin/send_s3_event.sh data/job_offers/lyon_job_offers.csv >/dev/null
summary="ingested job_offers/lyon_job_offers.csv: 252 rows, 252 stored, none rejected"
for _ in $(seq 1 120); do
  grep -q "$summary" "$log" && break
  sleep 0.5
done
grep -q "$summary" "$log" || fail "no line '$summary' within 60 s"
listed=$(curl -sf 'localhost:8080/dev/v1/jobs?city=Lyon&limit=100' | grep -o '"city":"Lyon"' | wc -l)
[ "$listed" -eq 100 ] || fail "listed $listed Lyon jobs on the first page, not 100"
echo "ingested and listed: $summary"

stop_requested=$(date +%s%N)
kill -INT -- -"$run"
status=0
wait "$run" || status=$?
trap - EXIT
[ "$status" -eq 130 ] || fail "exit code $status after Ctrl-C, not 130"
# Maven exits as the backend winds down: give the backend's last line a moment.
# What the terminal shows: Maven's colour codes are invisible there.
shown() { sed 's/\x1b\[[0-9;]*m//g' "$log"; }
for _ in $(seq 1 100); do
  shown | grep -q "^jobs-backend stopped" && break
  sleep 0.1
done
stop_ms=$((($(date +%s%N) - stop_requested) / 1000000))
after_ready=$(shown | sed -n '/jobs-backend ready/,$p' | tail -n +2)
grep -q "^jobs-backend stopped" <<<"$after_ready" || fail "no 'jobs-backend stopped' line after Ctrl-C"
if grep -Eq 'Exception|^\s+at ' <<<"$after_ready"; then fail "a stack trace after the ready line"; fi
# The JVM's other shutdown hooks (the emulators' own) may end a moment after the stop line.
processes='dev.jobs.localrun.LocalBackend|dev.jobs.locallambda.runtime.Sandbox|dynalite'
for _ in $(seq 1 50); do
  pgrep -f "$processes" >/dev/null || break
  sleep 0.1
done
if pgrep -f "$processes" >/dev/null; then
  pgrep -af "$processes" >&2
  fail "processes left running 5 s after Ctrl-C"
fi
echo "stopped by Ctrl-C in ${stop_ms} ms: exit code 130, '$(grep '^jobs-backend stopped' <<<"$after_ready")', nothing left running"
