#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/) and runs each for SECONDS seconds (default 30) on its
# committed seed corpus. Fails on any crash (a Swift trap, an ASan report), a time-out of one input
# (more than 10 s) or an input that needs more than 2 GiB. New interesting inputs go to a temporary
# folder; crash inputs are kept in .build-fuzz/crashes/ to be added to Fuzz/crashes/<target>/
# (which the test suite replays) once fixed.
#   scripts/fuzz.sh [SECONDS] [TARGET ...]     TARGET: FuzzSafetensors FuzzSpec FuzzCSV
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzSafetensors FuzzSpec FuzzCSV)
scratch="$PWD/.build-fuzz"
swift build --package-path Fuzz --scratch-path "$scratch" -c debug \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld 2>&1 \
  | grep -v "Cannot export local symbol" | tail -n 3
mkdir -p "$scratch/crashes"
declare -A corpus=([FuzzSafetensors]=safetensors [FuzzSpec]=spec [FuzzCSV]=csv)
# The targets run side by side, one per core (each is single-threaded), so every target still gets
# SECONDS of a whole core while the wall time is that of ceil(targets / cores) runs.
cores=$(nproc 2>/dev/null || echo 1)
fuzz_one() {
  local t="$1" work log seeds runs
  work="$(mktemp -d)"
  log="$scratch/$t.log"
  seeds=("Fuzz/corpus/${corpus[$t]}")
  [ -d "Fuzz/crashes/$t" ] && seeds+=("Fuzz/crashes/$t")
  # Leak checking is off: the Swift runtime keeps metadata caches for the life of the process.
  if ASAN_OPTIONS=detect_leaks=0 "$scratch/debug/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -malloc_limit_mb=2048 -artifact_prefix="$scratch/crashes/$t-" -print_final_stats=1 "$work" "${seeds[@]}" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $t: ${seconds} s, $runs inputs, no crash" >"$log.result"
  else
    { echo "fuzz $t: FAILED (see $log; inputs in $scratch/crashes/)"
      grep -E "ERROR|Fatal error|SUMMARY|Test unit written" "$log" | head -n 8 || true; } >"$log.result"
    rm -rf "$work"
    return 1
  fi
  rm -rf "$work"
}
pids=()
for t in "${targets[@]}"; do
  rm -f "$scratch/$t.log.result"
  while [ "$(jobs -rp | wc -l)" -ge "$cores" ]; do wait -n || true; done
  fuzz_one "$t" &
  pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=1
  cat "$scratch/${targets[$i]}.log.result"
done
exit $status
