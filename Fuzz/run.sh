#!/usr/bin/env bash
# Builds the libFuzzer targets and runs them for a bounded time.
#
#   Fuzz/run.sh TARGET|all [SECONDS] [extra libFuzzer flags...]
#
# TARGET: yaml, loader, cel, rules (fuzz-yaml, ...). SECONDS per target
# (default 60). Corpora grow in Fuzz/.corpus/TARGET, seeded from Samples/,
# Tests/testdata/, Rules/ and Fuzz/seeds/; a crash is saved under
# Fuzz/.artifacts/ and the script exits 1 naming the reproducer. Replay one
# with: Fuzz/.build/release/fuzz-TARGET Fuzz/.artifacts/crash-...
set -euo pipefail
cd "$(dirname "$0")"
fuzz=$PWD
root=$(cd .. && pwd)

targets=${1:?usage: Fuzz/run.sh TARGET|all [SECONDS] [libFuzzer flags]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
[[ $targets == all ]] && targets="yaml loader cel rules"

echo "fuzz: building (release, -sanitize=fuzzer,address)"
if ! swift build -c release --scratch-path "$fuzz/.build" >"$fuzz/.build-log" 2>&1; then
    grep -E "error" "$fuzz/.build-log" | head -20
    echo "fuzz: the build failed (Fuzz/.build-log)"
    exit 1
fi
bin=$fuzz/.build/release
# Lazily initialised Swift globals are not leaks (see lsan.supp).
export LSAN_OPTIONS="suppressions=$fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# Seeds: copies of files of the repository, then whatever earlier runs found.
seed() {
    local name=$1 corpus=$fuzz/.corpus/$1
    mkdir -p "$corpus"
    case $name in
    yaml | loader)
        find "$root/Samples" "$root/Tests/testdata" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
            -size -64k -exec cp -n {} "$corpus/" \; ;;
    rules)
        find "$root/Rules/rules" "$root/Tests/testdata" -type f -path '*rule*' -name '*.yaml' -size -64k \
            -exec cp -n {} "$corpus/" \; ;;
    cel)
        cp -n "$fuzz"/seeds/cel/* "$corpus/"
        # Every `when:` of the built-in rules, one seed each.
        local i=0
        grep -h '^when: ' "$root"/Rules/rules/*.yaml | sed 's/^when: //' | while IFS= read -r line; do
            i=$((i + 1))
            printf '%s' "$line" >"$corpus/when-$i"
        done ;;
    esac
}

status=0
for name in $targets; do
    seed "$name"
    mkdir -p "$fuzz/.artifacts"
    log=$fuzz/.artifacts/fuzz-$name.log
    echo "fuzz: $name for ${seconds}s"
    set +e
    "$bin/fuzz-$name" "$fuzz/.corpus/$name" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 \
        -max_len=16384 -print_final_stats=1 -artifact_prefix="$fuzz/.artifacts/$name-" "$@" >"$log" 2>&1
    rc=$?
    set -e
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo "?")
    if ((rc != 0)); then
        status=1
        tail -n 40 "$log"
        crash=$(grep -Eo "Test unit written to [^ ]+" "$log" | sed 's/Test unit written to //' || true)
        echo "fuzz: $name FAILED after $runs executions; reproducer: ${crash:-see $log}"
    else
        echo "fuzz: $name ok: $runs executions in ${seconds}s, corpus $(ls "$fuzz/.corpus/$name" | wc -l) files"
    fi
done
exit $status
