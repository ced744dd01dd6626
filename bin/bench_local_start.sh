#!/usr/bin/env bash
# Times the README's run command from launch to its ready line, N times (default 3), stopping it
# after each, and prints each time and the median. The first start builds what changed; the
# others are the "second start" of a developer who changed nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]   (needs the local run's ports free)" >&2; exit 64; }
mkdir -p target
times=()
for i in $(seq 1 "$runs"); do
  log=target/bench-local-start-$i.log
  # An earlier run's log would hold a ready line before Maven truncates it.
  rm -f "$log"
  start=$(date +%s%N)
  mvn -B -Prun -pl local-run -am package -DskipTests >"$log" 2>&1 &
  run=$!
  until grep -q "jobs-backend ready" "$log"; do
    kill -0 "$run" 2>/dev/null || { cat "$log" >&2; echo "the run command ended before it was ready" >&2; exit 1; }
    sleep 0.1
  done
  elapsed_ms=$((($(date +%s%N) - start) / 1000000))
  times+=("$elapsed_ms")
  printf 'start %d: %d.%03d s to the ready line (%s)\n' "$i" $((elapsed_ms / 1000)) $((elapsed_ms % 1000)) \
    "$(grep -o 'jobs-backend ready in [0-9.]* s' "$log")"
  # Stopping Maven stops the backend it forked; wait for its ports to be free again (only its:
  # another backend on this machine, a test's, is none of this bench's business).
  backend=$(pgrep -P "$run" -f dev.jobs.localrun.LocalBackend || true)
  kill "$run"; wait "$run" 2>/dev/null || true
  while [[ -n "$backend" ]] && kill -0 "$backend" 2>/dev/null; do sleep 0.1; done
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
printf 'median: %d.%03d s\n' $((median / 1000)) $((median % 1000))
