#!/usr/bin/env bash
# Benchmark: wmdoctor next to a bare libyaml event scan of the same synthetic exports.
#   Benchmarks/run.sh [SIZES_MB...]     (default: 1 10 100; runs: RUNS=3; build folder: SCRATCH=.build)
# Prints, per size, the median wall time and peak memory (RSS) of:
#   scan   – wmbench scan: libyaml events only (the floor)
#   load   – wmbench load: wmdoctor's loader (events → positioned model)
#   check  – wmdoctor check --format json (everything, report to /dev/null)
# then, for each size, the phases of one more check run (WMDOCTOR_TIMINGS=1):
# when each ended, in seconds from the start, and the resident memory then.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1 10 100}")
[ $# -gt 0 ] || sizes=(1 10 100)
runs=${RUNS:-3}
data=bench-data
mkdir -p "$data"
scratch=(--scratch-path "${SCRATCH:-.build}")
swift build -c release "${scratch[@]}" --product wmdoctor >/dev/null
swift build -c release "${scratch[@]}" --product wmbench >/dev/null
bin=$(swift build -c release "${scratch[@]}" --show-bin-path)

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # label cmd... → "seconds kb" medians
    shift
    local times=() mems=()
    for _ in $(seq "$runs"); do
        local out tmp
        tmp=$(mktemp)
        /usr/bin/time -f "%e %M" -o "$tmp" "$@" >/dev/null 2>&1 || true
        out=$(tail -1 "$tmp")
        rm -f "$tmp"
        times+=("${out% *}"); mems+=("${out#* }")
    done
    echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${mems[@]}" | median)"
}

printf '%-6s %10s | %9s %9s | %9s %9s %6s | %9s %9s %6s %6s\n' size bytes scan_s scan_MB load_s load_MB ratio check_s check_MB ratio mem/in
for mb in "${sizes[@]}"; do
    file="$data/${mb}mb.yaml"
    [ -f "$file" ] || "$bin/wmbench" generate --mb "$mb" --seed 42 "$file" >/dev/null
    bytes=$(stat -c %s "$file")
    read -r st sm < <(measure scan "$bin/wmbench" scan "$file")
    read -r lt lm < <(measure load "$bin/wmbench" load "$file")
    read -r ct cm < <(measure check "$bin/wmdoctor" check "$file" --format json --output /dev/null --now 2026-11-24T00:00:00Z --fail-on never)
    awk -v mb="$mb" -v b="$bytes" -v st="$st" -v sm="$sm" -v lt="$lt" -v lm="$lm" -v ct="$ct" -v cm="$cm" 'BEGIN {
        printf "%-6s %10d | %9.2f %9.1f | %9.2f %9.1f %5.1fx | %9.2f %9.1f %5.1fx %5.2fx\n",
            mb "MB", b, st, sm/1024, lt, lm/1024, (st>0?lt/st:0), ct, cm/1024, (st>0?ct/st:0), cm*1024/b }'
done
echo
for mb in "${sizes[@]}"; do
    echo "phases of check, ${mb} MB:"
    WMDOCTOR_TIMINGS=1 "$bin/wmdoctor" check "$data/${mb}mb.yaml" --format json --output /dev/null --now 2026-11-24T00:00:00Z --fail-on never 2>&1 >/dev/null \
        | sed -n 's/^wmdoctor timing: /  /p'
done
