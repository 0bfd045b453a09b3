#!/usr/bin/env bash
# Syscalls and thread wake-ups per call, per process, for one call-path scenario: a lead for
# where a hop spends its time (see bench/README.md). Linux only; needs `perf` with tracepoints
# (run as root) and a Release build of the benchmark (dotnet build -c Release bench/CallPath).
#
# Usage: bench/callpath_syscalls.sh [KEY] [WINDOW_SECONDS]
#   KEY     a scenario key from the call-path table: 1, 2, 3, 4, 5, 5m, 6, 6m, 2e, 4e, 5e, 5me (default 5)
#   WINDOW  how long perf counts, inside a 10 s throughput phase (default 4, at most 8)
#
# It runs the benchmark for that one scenario (one sequential call, then 10 s with 1×64 in flight,
# then 10 s with 8×16), counts with `perf stat` in the middle of the 1×64 phase, and divides by the calls made
# in the window (the phase's calls/s times the window: an estimate). perf's own cost slows the
# calls a little; compare scenarios with each other, not with the benchmark's table.
set -euo pipefail
key=${1:-5}
window=${2:-4}
(( window >= 1 && window <= 8 )) || { echo "WINDOW must be 1..8 seconds" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
dll=$root/bench/CallPath/bin/Release/net10.0/SimpleRpc.Bench.CallPath.dll
[[ -f $dll ]] || { echo "$dll not found: run 'dotnet build -c Release bench/CallPath' first" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf not found" >&2; exit 2; }

work=$(mktemp -d)
bench=
cleanup() {
  # Only the benchmark this script started; on SIGTERM it kills its own server and stub.
  if [[ -n $bench ]] && kill -0 "$bench" 2>/dev/null; then kill -TERM "$bench" 2>/dev/null || true; wait "$bench" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
: > "$work/out.txt"
dotnet "$dll" --only "$key" --seconds 10 --latency-calls 1 > "$work/out.txt" 2>&1 &
bench=$!
for _ in $(seq 1 1200); do grep -q '^Measuring' "$work/out.txt" && break; kill -0 "$bench" 2>/dev/null || break; sleep 0.1; done
grep -q '^Measuring' "$work/out.txt" || { cat "$work/out.txt"; echo "the benchmark did not get to measuring" >&2; exit 1; }
sleep 1.5   # the short re-warm (0.5 s) and the one sequential call

events=syscalls:sys_enter_sendto,syscalls:sys_enter_sendmsg,syscalls:sys_enter_recvfrom,syscalls:sys_enter_recvmsg,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,context-switches
declare -A pids=([bench]=$bench)
server=$(grep -oP 'server pid \K[0-9]+' "$work/out.txt" || true)
stub=$(grep -oP 'stub pid \K[0-9]+' "$work/out.txt" || true)
[[ -n $server ]] && pids[server]=$server
[[ -n $stub ]] && pids[stub]=$stub
counters=()
for name in "${!pids[@]}"; do
  perf stat -x, -e "$events" -p "${pids[$name]}" -o "$work/$name.csv" -- sleep "$window" 2>/dev/null &
  counters+=($!)
done
wait "${counters[@]}" || true
wait "$bench" || true
bench=

line=$(grep -E "^  $key " "$work/out.txt" | tail -1)
echo "$line"
rate=$(grep -oP '; \K[0-9,]+(?= calls/s)' <<<"$line" | tr -d ,)
[[ -n $rate ]] || { cat "$work/out.txt"; exit 1; }
calls=$(( rate * window ))
echo "about $calls calls in the ${window} s window; per call:"
printf '%-8s %8s %8s %8s %8s %8s %8s %8s\n' process sendto sendmsg recvfrom recvmsg epoll_w futex ctx-sw
for name in bench stub server; do
  [[ -f $work/$name.csv ]] || continue
  awk -F, -v name="$name" -v calls="$calls" '
    /^#/ || NF < 3 { next }
    { n[$3] = $1 }
    END {
      printf "%-8s", name
      split("syscalls:sys_enter_sendto syscalls:sys_enter_sendmsg syscalls:sys_enter_recvfrom syscalls:sys_enter_recvmsg syscalls:sys_enter_epoll_wait syscalls:sys_enter_futex context-switches", order, " ")
      for (i = 1; i <= 7; i++) printf " %8.2f", n[order[i]] / calls
      printf "\n"
    }' "$work/$name.csv"
done
