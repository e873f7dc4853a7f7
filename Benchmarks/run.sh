#!/usr/bin/env bash
# Benchmark: wmdoctor next to a bare libyaml event scan of the same synthetic exports.
#   Benchmarks/run.sh [SIZES_MB...]   (default: 10 100)
# Environment:
#   RUNS=5              runs per measurement (the figures are medians; default 5)
#   SHAPES="wide dense" export shapes (wmbench generate --shape; default both); "json" is
#                       the dense export as one line of JSON (wmbench json): every finding on one line
#   FORMATS="..."       formats of the "all formats" run (default every format)
#   ALL_RUNS=n          runs of the "all formats" measurement (default RUNS; JUnit is slow at 100 MB)
#   EACH=1              also each format of FORMATS alone (--format F --output FILE), its
#                       median time and peak against the JSON run's, the formats alternated per round
#   SCRATCH=.build      build folder
#   STATIC=1            build as the README's release binary (--static-swift-stdlib: the Swift
#                       runtime and Foundation linked in, 6 MB less resident); STATIC=0: linked
#                       to the toolchain's shared libraries, as `swift build -c release` is
#   BIN=dir             use the binaries in dir instead of building (to compare builds)
# Prints, per shape and size, the median wall time and peak memory (RSS) of
# (scan, load and json run in turn each round; "paired" is the median of each
# round's json time over its scan time, which a drift of the machine's speed
# between rounds moves less than the ratio of the medians):
#   scan   – wmbench scan: libyaml events only, its memory from glibc's malloc (the floor)
#   load   – wmbench load: wmdoctor's loader (events → positioned model), with glibc's
#            malloc too: wmbench does not link YAMLPool (the check's own load is in its phases)
#   json   – wmdoctor check --format json
#   all    – wmdoctor check writing every format of FORMATS in one run (--report FORMAT=FILE)
# then the phases of one more JSON run (WMDOCTOR_TIMINGS=1): when each ended,
# in seconds from the start, and the resident memory then. The load average
# (uptime) is printed beside every row: the machine may be shared.
# Reports go to files in a temporary folder (removed at the end), never to a device.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ $# -gt 0 ] || sizes=(10 100)
runs=${RUNS:-5}
read -r -a shapes <<<"${SHAPES:-wide dense}"
read -r -a formats <<<"${FORMATS:-json text sarif junit github gitlab markdown html}"
data=bench-data
mkdir -p "$data"
if [ -n "${BIN:-}" ]; then
    bin=$BIN
else
    scratch=(--scratch-path "${SCRATCH:-.build}")
    [ "${STATIC:-1}" = 0 ] || scratch+=(--static-swift-stdlib)
    swift build -c release "${scratch[@]}" --product wmdoctor >/dev/null
    swift build -c release "${scratch[@]}" --product wmbench >/dev/null
    bin=$(swift build -c release "${scratch[@]}" --show-bin-path)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
common=(--now 2026-11-24T00:00:00Z --fail-on never)
reports=()
for f in "${formats[@]}"; do reports+=(--report "$f=$out/all.$f"); done

# The export of a shape and size, generated (seeded) when missing.
export_file() { # shape mb → path
    local shape=$1 mb=$2
    if [ "$shape" = json ]; then
        local file="$data/json-${mb}mb.json"
        if [ ! -f "$file" ]; then
            "$bin/wmbench" generate --mb "$mb" --seed 42 --shape dense "$data/dense-${mb}mb.yaml.tmp" >/dev/null
            "$bin/wmbench" json "$data/dense-${mb}mb.yaml.tmp" "$file"
            rm -f "$data/dense-${mb}mb.yaml.tmp"
        fi
        echo "$file"
    else
        local file="$data/${shape}-${mb}mb.yaml"
        [ -f "$file" ] || "$bin/wmbench" generate --mb "$mb" --seed 42 --shape "$shape" "$file" >/dev/null
        echo "$file"
    fi
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # cmd... → "seconds kb" medians
    local times=() mems=()
    for _ in $(seq "$runs"); do
        local res tmp
        tmp=$(mktemp)
        /usr/bin/time -f "%e %M" -o "$tmp" "$@" >/dev/null 2>&1 || true
        res=$(tail -1 "$tmp")
        rm -f "$tmp"
        times+=("${res% *}"); mems+=("${res#* }")
    done
    echo "$(printf '%s\n' "${times[@]}" | median) $(printf '%s\n' "${mems[@]}" | median)"
}
load() { cut -d' ' -f1 /proc/loadavg; }
# The scan, the load and the JSON check in turn, `runs` rounds: a slow spell
# of the machine touches all three alike. Prints each one's median seconds
# and peak KB, then the median of each round's JSON time over its scan time.
measure_rounds() { # file → "st sm lt lm jt jm paired"
    local file=$1 raw
    raw=$(mktemp)
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "scan %e %M" -a -o "$raw" "$bin/wmbench" scan "$file" >/dev/null 2>&1 || true
        /usr/bin/time -f "load %e %M" -a -o "$raw" "$bin/wmbench" load "$file" >/dev/null 2>&1 || true
        /usr/bin/time -f "json %e %M" -a -o "$raw" "$bin/wmdoctor" check "$file" --format json --output "$out/check.json" "${common[@]}" >/dev/null 2>&1 || true
    done
    local row=""
    for c in scan load json; do
        row+="$(awk -v c="$c" '$1 == c {print $2}' "$raw" | median) $(awk -v c="$c" '$1 == c {print $3}' "$raw" | median) "
    done
    row+=$(awk '$1 == "scan" {s[++n] = $2} $1 == "json" {j[++m] = $2} END {for (i = 1; i <= m; i++) if (s[i] > 0) print j[i] / s[i]}' "$raw" | median)
    rm -f "$raw"
    echo "$row"
}

printf '%-5s %-6s %10s | %6s %7s | %6s %7s | %6s %7s %6s %6s %6s | %6s %7s %6s | %s\n' \
    shape size bytes scan_s scan_MB load_s load_MB json_s json_MB ratio paired mem/in all_s all_MB ratio load1
for shape in "${shapes[@]}"; do
    for mb in "${sizes[@]}"; do
        file=$(export_file "$shape" "$mb")
        bytes=$(stat -c %s "$file")
        l0=$(load)
        read -r st sm lt lm jt jm pr < <(measure_rounds "$file")
        read -r at am < <(runs=${ALL_RUNS:-$runs} measure "$bin/wmdoctor" check "$file" --format json --output "$out/all.main.json" "${reports[@]}" "${common[@]}")
        l1=$(load)
        awk -v sh="$shape" -v mb="$mb" -v b="$bytes" -v st="$st" -v sm="$sm" -v lt="$lt" -v lm="$lm" \
            -v jt="$jt" -v jm="$jm" -v pr="${pr:-0}" -v at="$at" -v am="$am" -v l="$l0-$l1" 'BEGIN {
            printf "%-5s %-6s %10d | %6.2f %7.1f | %6.2f %7.1f | %6.2f %7.1f %5.1fx %5.2fx %5.2fx | %6.2f %7.1f %5.1fx | %s\n",
                sh, mb "MB", b, st, sm/1024, lt, lm/1024, jt, jm/1024, (st>0?jt/st:0), pr, jm*1024/b, at, am/1024, (st>0?at/st:0), l }'
    done
done
if [ -n "${EACH:-}" ]; then
    echo
    printf '%-5s %-6s %-9s %7s %8s %6s %6s | %s\n' shape size format time_s peak_MB time/j mem/j load1
    for shape in "${shapes[@]}"; do
        for mb in "${sizes[@]}"; do
            file=$(export_file "$shape" "$mb")
            l0=$(load)
            raw=$(mktemp)
            # Rounds outside, formats inside: a slow spell of the machine touches every format alike.
            for _ in $(seq "$runs"); do
                for f in "${formats[@]}"; do
                    /usr/bin/time -f "$f %e %M" -a -o "$raw" "$bin/wmdoctor" check "$file" --format "$f" --output "$out/each.$f" "${common[@]}" >/dev/null 2>&1 || true
                done
            done
            l1=$(load)
            for f in "${formats[@]}"; do
                t=$(awk -v f="$f" '$1 == f {print $2}' "$raw" | median)
                m=$(awk -v f="$f" '$1 == f {print $3}' "$raw" | median)
                jt=$(awk '$1 == "json" {print $2}' "$raw" | median)
                jm=$(awk '$1 == "json" {print $3}' "$raw" | median)
                awk -v sh="$shape" -v mb="$mb" -v f="$f" -v t="$t" -v m="$m" -v jt="${jt:-0}" -v jm="${jm:-0}" -v l="$l0-$l1" 'BEGIN {
                    printf "%-5s %-6s %-9s %7.2f %8.1f %5.2fx %5.2fx | %s\n", sh, mb "MB", f, t, m/1024, (jt>0?t/jt:0), (jm>0?m/jm:0), l }'
            done
            rm -f "$raw"
        done
    done
fi
echo
for shape in "${shapes[@]}"; do
    for mb in "${sizes[@]}"; do
        echo "phases of check --format json, ${shape} ${mb} MB (load $(load)):"
        WMDOCTOR_TIMINGS=1 "$bin/wmdoctor" check "$(export_file "$shape" "$mb")" --format json --output "$out/check.json" "${common[@]}" 2>&1 >/dev/null \
            | sed -n 's/^wmdoctor timing: /  /p'
    done
done
