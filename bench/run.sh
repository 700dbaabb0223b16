#!/usr/bin/env bash
# zeroimage benchmark: one command that builds the plugin if needed, generates the inputs, times
# zeroimage against Jib, measures a push to a local registry and the build's memory, and prints a
# Markdown table (also written to bench/results/latest.md).
#
# Usage:   bench/run.sh                 full run: 5 alternating runs per scenario (about 2.5 min on 2 cores
#                                       once the inputs exist; the first run adds about 20 s to make them)
#          RUNS=3 bench/run.sh          another number of runs per scenario
#          QUICK=1 bench/run.sh         smoke run: 1 run per scenario, no 500 MiB input
#
# Needs: JDK 17 + Maven 3.8 (with zeroimage's and jib-maven-plugin 3.5.2's dependencies resolvable once
# online), gcc with static glibc (libc6-dev), binutils, file, curl, unzip, docker-registry, and GNU time
# for CPU times and max RSS: /usr/bin/time is not always installed (apt-get install -y time).
# M2_REPO=DIR if Maven's local repository is not ~/.m2/repository.
# Everything generated goes to bench/work/ (gitignored, about 1.5 GiB: inputs, a private copy of the
# local repository, caches, logs); the report goes to bench/results/latest.md.
#
# Method, in short:
# - Inputs: static executables whose .rodata is a sorted concatenation of this machine's ELF files
#   (lib/inputs.sh), so they compress like real native code. Same machine, same bytes.
# - Timings: scenarios alternate round-robin (r1: A B C ..., r2: A B C ...) so that drift on the machine
#   (thermal, other load) hits every scenario alike; the median and min-max of the runs are reported.
# - Wall time is that of the whole `mvn -o` invocation (JVM start, Maven model, the goal). The goal's own
#   time comes from zeroimage's log line "Built image ... in N ms"; Jib prints none. Maven runs without
#   -q because -q would hide that line; -B keeps the log free of colour codes.
# - Also recorded per run: the Maven JVM's CPU time (user + system, GNU time) and the CPU time that other
#   processes used meanwhile (from /proc/stat): on a shared machine the latter says how far to trust wall times.
# - zeroimage is installed into ~/.m2 when missing or older than its sources, then ~/.m2/repository is
#   copied into bench/work/ and every measured run uses that copy: another build installing zeroimage
#   meanwhile can neither break a run nor change the code being measured.
# - Maven runs offline (-o) after one online warm-up, so the network is never timed. Pushes run online
#   with -nsu because zeroimage refuses to contact any registry when Maven is offline.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
WORK=$BENCH_DIR/work
INPUTS=$WORK/inputs
LOGS=$WORK/logs
RAW_TSV=$WORK/timings.tsv
RESULTS_DIR=$BENCH_DIR/results

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then RUNS=${RUNS:-1}; else RUNS=${RUNS:-5}; fi
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer, got '$RUNS'" >&2; exit 1; }

ZI_VERSION=0.1.0-SNAPSHOT
ZI_GOAL=dev.zeroimage:zeroimage-maven-plugin:$ZI_VERSION:build
JIB_GOAL=com.google.cloud.tools:jib-maven-plugin:3.5.2:buildTar
M2_REPO=${M2_REPO:-$HOME/.m2/repository}
# The zeroimage jars, relative to a local repository.
ZI_PLUGIN_JAR=dev/zeroimage/zeroimage-maven-plugin/$ZI_VERSION/zeroimage-maven-plugin-$ZI_VERSION.jar
ZI_CORE_JAR=dev/zeroimage/zeroimage-core/$ZI_VERSION/zeroimage-core-$ZI_VERSION.jar
# The measured runs use a private copy of the local repository (see snapshot_local_repo).
BENCH_REPO=$WORK/m2-repository

# Batch mode (no colours, no transfer progress), the private repository; -o is added per call.
MVN=(mvn -B -ntp "-Dmaven.repo.local=$BENCH_REPO")
# Jib: never phone home for update checks, plain console output.
JIB_FLAGS=(-Djib.disableUpdateChecks=true -Djib.console=plain)

# shellcheck source=lib/common.sh
source "$BENCH_DIR/lib/common.sh"
# shellcheck source=lib/stats.sh
source "$BENCH_DIR/lib/stats.sh"
# shellcheck source=lib/inputs.sh
source "$BENCH_DIR/lib/inputs.sh"
# shellcheck source=lib/registry.sh
source "$BENCH_DIR/lib/registry.sh"

NOTES=()  # extra lines for the report's notes (warnings that change how to read the numbers)

# ---------------------------------------------------------------------------------------------------
# Setup

cleanup() {
    # The registry is the only background process; Maven always runs in the foreground.
    stop_registry
    rm -rf "$WORK"/tmp.* 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# plugin_jar_digest: short sha256 of the plugin and core jars in the private repository (what was measured).
plugin_jar_digest() {
    local jar
    for jar in "$ZI_PLUGIN_JAR" "$ZI_CORE_JAR"; do
        if [[ -f $BENCH_REPO/$jar ]]; then printf '%s ' "$(sha256sum "$BENCH_REPO/$jar" | cut -c1-12)"; else printf 'missing '; fi
    done
}

# plugin_is_stale: a jar is missing, or a main source or pom is newer than the older of the two jars.
plugin_is_stale() {
    local plugin=$M2_REPO/$ZI_PLUGIN_JAR core=$M2_REPO/$ZI_CORE_JAR
    [[ -f $plugin && -f $core ]] || return 0
    local oldest=$plugin
    [[ $core -ot $oldest ]] && oldest=$core
    [[ -n $(find "$ROOT/pom.xml" "$ROOT"/zeroimage-*/pom.xml "$ROOT"/zeroimage-*/src/main \
        -type f -newer "$oldest" -print -quit 2>/dev/null) ]]
}

# ensure_plugin: install zeroimage into ~/.m2 when needed: offline first, online if a dependency is missing.
ensure_plugin() {
    if ! plugin_is_stale; then
        log "zeroimage $ZI_VERSION in ~/.m2 is up to date"
        return
    fi
    log "building zeroimage (missing in ~/.m2 or sources are newer)"
    local build_log=$LOGS/plugin-install.log
    if (cd "$ROOT" && mvn -q -o install -DskipTests -Dinvoker.skip=true) >"$build_log" 2>&1; then
        return
    fi
    log "offline install failed, retrying online"
    if (cd "$ROOT" && mvn -q install -DskipTests -Dinvoker.skip=true) >>"$build_log" 2>&1; then
        return
    fi
    # The sources may be mid-edit by someone else: measuring the installed jar beats measuring nothing.
    [[ -f $M2_REPO/$ZI_PLUGIN_JAR ]] || { tail -30 "$build_log" >&2; die "could not build zeroimage (log: $build_log)"; }
    warn "could not rebuild zeroimage (log: $build_log); measuring the jar already in ~/.m2"
    NOTES+=("**The plugin could not be rebuilt from the current sources; the jar already in ~/.m2 was measured.**")
}

# zeroimage_jars_intact: the private copies are complete zips, identical to ~/.m2's right now.
zeroimage_jars_intact() {
    local jar
    for jar in "$ZI_PLUGIN_JAR" "$ZI_CORE_JAR"; do
        [[ -f $BENCH_REPO/$jar ]] && unzip -tqq "$BENCH_REPO/$jar" >/dev/null 2>&1 &&
            cmp -s "$M2_REPO/$jar" "$BENCH_REPO/$jar" || return 1
    done
}

# snapshot_local_repo: copy ~/.m2/repository (about 1 s) for the measured runs. On a shared machine
# another build may install zeroimage into ~/.m2 mid-run: a jar replaced under a starting Maven
# fails with NoClassDefFoundError, and later runs would measure other code. A real copy, not hard
# links: Maven rewrites some files in place, and ~/.m2 must never be touched through the copy.
snapshot_local_repo() {
    local attempt
    for attempt in 1 2 3 4 5; do
        rm -rf "$BENCH_REPO"
        cp -a "$M2_REPO" "$BENCH_REPO"
        if zeroimage_jars_intact; then
            log "private local repository: $BENCH_REPO (zeroimage jars: $(plugin_jar_digest | sed 's/ $//'))"
            return
        fi
        log "a zeroimage jar changed while it was copied (attempt $attempt), copying again"
        sleep 3
    done
    die "could not take a consistent copy of the zeroimage jars in $M2_REPO"
}

# ---------------------------------------------------------------------------------------------------
# Running Maven

# goal_seconds LOG: the goal's own time from "Built image ... in 280 ms, ..." (or "built in 1.2 s"),
# empty when the log has no such line.
goal_seconds() {
    { grep -E 'Built image|built in' "$1" || true; } | head -1 |
        sed -nE 's/.* in ([0-9]+(\.[0-9]+)?) ?(ms|s)([ ,.].*)?$/\1 \3/p' |
        awk '{ printf "%.3f\n", ($2 == "ms") ? $1 / 1000 : $1 }'
}

# busy_cpu_s: CPU seconds all processes have used since boot (/proc/stat: everything but idle and iowait).
busy_cpu_s() {
    awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat
}

# timed_mvn LOG PROJECT ARGS...: runs Maven in bench/projects/PROJECT; sets WALL_NS, CPU_S (user + system
# time, from GNU time: less sensitive than wall time to other processes competing for the CPUs) and
# OTHER_CPU_S (CPU seconds that the rest of the machine used meanwhile: the noise indicator).
# Stops the bench with the log's tail on failure.
timed_mvn() {
    local log_file=$1 project=$2 start busy
    shift 2
    busy=$(busy_cpu_s)
    start=$(now_ns)
    if ! (cd "$BENCH_DIR/projects/$project" &&
        /usr/bin/time -f '%U %S' -o "$log_file.cpu" "${MVN[@]}" "$@") >"$log_file" 2>&1; then
        tail -40 "$log_file" >&2
        die "mvn $* failed in projects/$project (log: $log_file)"
    fi
    WALL_NS=$(($(now_ns) - start))
    CPU_S=$(awk 'END { printf "%.3f", $1 + $2 }' "$log_file.cpu")
    OTHER_CPU_S=$(awk -v b0="$busy" -v b1="$(busy_cpu_s)" -v own="$CPU_S" \
        'BEGIN { o = b1 - b0 - own; printf "%.2f", o < 0 ? 0 : o }')
}

# zi_args EXE CACHE BUILD_DIR COMPRESSION: the properties of one zeroimage build.
zi_args() {
    printf '%s\n' "-Dzeroimage.executable=$1" "-Dzeroimage.cacheDirectory=$2" "-Dbench.buildDir=$3" \
        "-Dzeroimage.outputFile=$3/image.tar" "-Dzeroimage.compression=$4"
}

# run_zi SCENARIO RUN EXE CACHE BUILD_DIR COMPRESSION: one timed, offline zeroimage build.
run_zi() {
    local scenario=$1 run=$2 log_file=$LOGS/$1-r$2.log args
    mapfile -t args < <(zi_args "$3" "$4" "$5" "$6")
    timed_mvn "$log_file" zeroimage -o "${args[@]}" "$ZI_GOAL"
    record "$scenario" "$run" "$(ns_to_s "$WALL_NS")" "$(goal_seconds "$log_file")" "$CPU_S" "$OTHER_CPU_S"
}

# run_jib SCENARIO RUN INPUT_DIR CACHE BUILD_DIR: one timed, offline Jib buildTar.
run_jib() {
    local scenario=$1 run=$2 log_file=$LOGS/$1-r$2.log
    # Jib reads target/classes of a jar project even with a custom entrypoint: give it an empty one.
    mkdir -p "$5/classes"
    timed_mvn "$log_file" jib -o "${JIB_FLAGS[@]}" "-Dbench.jibInput=$3" "-Dbench.buildDir=$5" \
        "-Djib.applicationCache=$4/application" "-Djib.baseImageCache=$4/base" "$JIB_GOAL"
    record "$scenario" "$run" "$(ns_to_s "$WALL_NS")" "" "$CPU_S" "$OTHER_CPU_S"
}

# warm_up: one online run per project (resolves plugins and dependencies, refreshes snapshot metadata)
# and one offline run of each, so that the timed runs neither download nor start from cold JIT/disk.
warm_up() {
    local dir=$WORK/warmup jib_in args
    rm -rf "$dir"
    jib_in=$(jib_input_dir "$INPUTS/app-small" small)
    mapfile -t args < <(zi_args "$INPUTS/app-small" "$dir/zi-cache" "$dir/zi" gzip)
    log "warm-up: online run of each project"
    if ! (cd "$BENCH_DIR/projects/zeroimage" && "${MVN[@]}" "${args[@]}" "$ZI_GOAL") >"$LOGS/warmup-zi.log" 2>&1; then
        warn "online warm-up of zeroimage failed (no network?), trying offline"
    fi
    mkdir -p "$dir/jib/classes"
    if ! (cd "$BENCH_DIR/projects/jib" && "${MVN[@]}" "${JIB_FLAGS[@]}" "-Dbench.jibInput=$jib_in" \
        "-Dbench.buildDir=$dir/jib" "-Djib.applicationCache=$dir/jib-cache/application" \
        "-Djib.baseImageCache=$dir/jib-cache/base" "$JIB_GOAL") >"$LOGS/warmup-jib.log" 2>&1; then
        warn "online warm-up of Jib failed (no network?), trying offline"
    fi
    log "warm-up: offline run of each project"
    run_zi warmup-zi 1 "$INPUTS/app-small" "$dir/zi-cache2" "$dir/zi" zstd
    run_jib warmup-jib 1 "$jib_in" "$dir/jib-cache2" "$dir/jib"
    rm -rf "$dir"
}

# ---------------------------------------------------------------------------------------------------
# The timed scenarios

# Scenario ids and their labels in the report, in the order of a round.
SCENARIOS=(zi-cold zi-warm zi-onebyte jib-cold jib-warm zi-zstd-cold zi-zstd-warm)
declare -A LABEL=(
    [zi-cold]="zeroimage gzip, cold (empty cache)"
    [zi-warm]="zeroimage gzip, warm (same input, second build)"
    [zi-onebyte]="zeroimage gzip, after a one-byte change (warm cache)"
    [jib-cold]="Jib buildTar, cold (empty caches)"
    [jib-warm]="Jib buildTar, warm (same input, second build)"
    [zi-zstd-cold]="zeroimage zstd, cold (empty cache)"
    [zi-zstd-warm]="zeroimage zstd, warm (same input, second build)"
)

# one_round N: every scenario once. Cold runs get a fresh cache and build directory; the warm run
# after it reuses both (a developer's second build). The one-byte change reuses the warm cache but
# writes its tar elsewhere, so that the size report shows the original image.
one_round() {
    local r=$1 c=$WORK/caches/r$1 b=$WORK/build jib_100
    rm -rf "$c" "$b"
    jib_100=$INPUTS/jib-100m
    log "round $r/$RUNS"
    run_zi zi-cold "$r" "$INPUTS/app-100m" "$c/zi-gzip" "$b/zi-gzip" gzip
    run_zi zi-warm "$r" "$INPUTS/app-100m" "$c/zi-gzip" "$b/zi-gzip" gzip
    run_zi zi-onebyte "$r" "$INPUTS/app-100m-flip" "$c/zi-gzip" "$b/zi-gzip-onebyte" gzip
    run_jib jib-cold "$r" "$jib_100" "$c/jib" "$b/jib"
    run_jib jib-warm "$r" "$jib_100" "$c/jib" "$b/jib"
    run_zi zi-zstd-cold "$r" "$INPUTS/app-100m" "$c/zi-zstd" "$b/zi-zstd" zstd
    run_zi zi-zstd-warm "$r" "$INPUTS/app-100m" "$c/zi-zstd" "$b/zi-zstd" zstd
    log "round $r: $(for s in "${SCENARIOS[@]}"; do awk -F'\t' -v s="$s" -v r="$r" \
        '$1 == s && $2 == r { printf "%s %ss  ", s, $3 }' "$RAW_TSV"; done)"
    # The last round's outputs stay for the size comparison; its caches go (hundreds of MiB).
    rm -rf "$c"
}

# ---------------------------------------------------------------------------------------------------
# Push to a local registry

PUSH_LINES=()

# push_build LABEL EXE CACHE: a build that also pushes (online, see header); sets WALL_NS and PUSH_LOG.
push_build() {
    local label=$1 args
    PUSH_LOG=$LOGS/push-$label.log
    mapfile -t args < <(zi_args "$2" "$3" "$WORK/build/push-$label" gzip)
    timed_mvn "$PUSH_LOG" zeroimage -nsu "${args[@]}" -Dzeroimage.push=true \
        "-Dzeroimage.image=127.0.0.1:$REGISTRY_PORT/bench/app:1" \
        "-Dzeroimage.insecureRegistries=127.0.0.1:$REGISTRY_PORT" "$ZI_GOAL"
}

# pushed_line LOG: zeroimage's "Pushed ...: N blob(s) uploaded, M already there, K mounted" summary.
pushed_line() {
    { grep -oE '[0-9]+ blob\(s\) uploaded, [0-9]+ already there, [0-9]+ mounted' "$1" || true; } | tail -1
}

# push_row LABEL REQUESTS_FILE TAR: one Markdown row from the access log and the pushed image's tar.
push_row() {
    local label=$1 requests=$2 tar=$3 s wall goal
    s=$(summarize_push "$requests" "$tar")
    # "key=value ..." into an associative array.
    local -A v=()
    local kv
    for kv in $s; do v[${kv%%=*}]=${kv#*=}; done
    wall=$(ns_to_s "$WALL_NS")
    goal=$(goal_seconds "$PUSH_LOG")
    printf '| %s | %s | %s | %s | %s / %s / %s / %s / %s | %s (%s) | %s | %s |\n' "$label" "$wall" "${goal:-n/a}" \
        "${v[requests]}" "${v[HEAD]}" "${v[GET]}" "${v[PUT]}" "${v[POST]}" "${v[PATCH]}" \
        "${v[blob_uploads]}" "$(human "${v[blob_upload_bytes]}")" "${v[response_bytes]}" \
        "$(pushed_line "$PUSH_LOG")"
}

push_bench() {
    local cache=$WORK/caches/push mark
    rm -rf "$cache"
    start_registry "$WORK/registry"
    log "push 1/3: first push of app-100m (fills the registry)"
    push_build first "$INPUTS/app-100m" "$cache"
    mark=$(registry_mark)
    log "push 2/3: same image again (nothing should be uploaded)"
    push_build unchanged "$INPUTS/app-100m" "$cache"
    registry_requests_since "$mark" >"$LOGS/push-unchanged.requests"
    PUSH_LINES+=("$(push_row "unchanged image (2nd push)" "$LOGS/push-unchanged.requests" \
        "$WORK/build/push-unchanged/image.tar")")
    mark=$(registry_mark)
    log "push 3/3: after the one-byte change"
    push_build onebyte "$INPUTS/app-100m-flip" "$cache"
    registry_requests_since "$mark" >"$LOGS/push-onebyte.requests"
    PUSH_LINES+=("$(push_row "after the one-byte change" "$LOGS/push-onebyte.requests" \
        "$WORK/build/push-onebyte/image.tar")")
    stop_registry
    rm -rf "$cache" "$WORK/registry/data"
}

# ---------------------------------------------------------------------------------------------------
# Memory

MEMORY_LINES=()

# gc_summary GC_LOG: "peak after committed gcs" in MiB from -Xlog:gc lines such as
# "GC(3) Pause Young (Allocation Failure) 17M->3M(61M) 2.1ms" (units K, M or G).
# peak: the largest occupancy seen when a collection started (the heap's high-water mark).
# after: the largest occupancy a collection left behind. Collections that freed nothing are skipped:
# SerialGC answers a "GCLocker Initiated GC" it cannot run with an empty young pause (60M->60M), which
# says nothing about what is live.
gc_summary() {
    awk '
        function mib(s,   n, u) { n = s + 0; u = substr(s, length(s)); return u == "K" ? n / 1024 : u == "G" ? n * 1024 : n }
        match($0, /[0-9]+[KMG]->[0-9]+[KMG]\([0-9]+[KMG]\)/) {
            t = substr($0, RSTART, RLENGTH); split(t, a, /->|\(|\)/)
            b = mib(a[1]); f = mib(a[2]); c = mib(a[3]); n++
            if (b > maxb) maxb = b
            if (f < b && f > maxf) maxf = f
            if (c > maxc) maxc = c
        }
        END { printf "%.1f %.1f %.1f %d\n", maxb, maxf, maxc, n }' "$1"
}

# memory_run LABEL EXE COMPRESSION: a cold build under -Xmx64m and SerialGC, with GNU time for max RSS.
memory_run() {
    local label=$1 exe=$2 compression=$3 dir=$WORK/memory/$1 args rss status=ok start
    rm -rf "$dir"
    mkdir -p "$dir"
    mapfile -t args < <(zi_args "$exe" "$dir/cache" "$dir/build" "$compression")
    start=$(now_ns)
    # MAVEN_OPTS limits the whole Maven JVM (Maven itself + the plugin), as a CI runner would.
    if ! (cd "$BENCH_DIR/projects/zeroimage" &&
        MAVEN_OPTS="-Xmx64m -XX:+UseSerialGC -Xlog:gc:file=$dir/gc.log" \
            /usr/bin/time -v -o "$dir/time.txt" "${MVN[@]}" -o "${args[@]}" "$ZI_GOAL") >"$LOGS/memory-$label.log" 2>&1; then
        status="**FAILED** (log: work/logs/memory-$label.log)"
        warn "memory run $label failed"
    fi
    local wall
    wall=$(ns_to_s $(($(now_ns) - start)))
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$dir/time.txt" 2>/dev/null || true)
    read -r peak live committed gcs < <(gc_summary "$dir/gc.log" 2>/dev/null || echo "0 0 0 0")
    MEMORY_LINES+=("| $label | $(human "$(file_size "$exe")") | $compression | $status | $wall | ${rss:-?} | $peak | $live | $committed | $gcs |")
    rm -rf "$dir/cache" "$dir/build"
}

memory_bench() {
    memory_run 100m-gzip "$INPUTS/app-100m" gzip
    if [[ $QUICK == 1 ]]; then
        NOTES+=("QUICK=1: the 500 MiB memory runs were skipped.")
        return
    fi
    memory_run 500m-gzip "$INPUTS/app-500m" gzip
    memory_run 500m-zstd "$INPUTS/app-500m" zstd
}

# ---------------------------------------------------------------------------------------------------
# Report

# layer_size TAR: bytes of the largest blob (the executable's layer) in an image tar (OCI or Docker).
layer_size() {
    tar -tvf "$1" | awk '$NF ~ /(blobs\/sha256\/[0-9a-f]+|\.tar\.gz|\.tar\.zst)$/ && $3 > m { m = $3 } END { print m + 0 }'
}

# contention_note: how much CPU other processes used during the timed runs, with a warning when it
# was enough to distort wall times (then CPU times are the fairer comparison).
contention_note() {
    awk -F'\t' -v cpus="$(nproc)" '
        $1 !~ /^warmup/ && $6 != "" { other += $6; wall += $3; if ($6 > max) max = $6 }
        END {
            if (wall == 0) { print "n/a"; exit }
            share = other / (wall * cpus)
            printf "%.1f CPU s in %.1f s of timed runs (%.0f%% of the machine; worst run %.1f s)", other, wall, 100 * share, max
            if (share > 0.05) printf ": **other processes were busy, wall times are noisy; compare CPU times**"
        }' "$RAW_TSV"
}

size_cell() { if [[ -f $1 ]]; then echo "$(human "$(file_size "$1")") ($(file_size "$1") B)"; else echo "n/a"; fi; }

write_report() {
    local out=$1 cpu mem zi_gz zi_zst jib
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    zi_gz=$WORK/build/zi-gzip/image.tar
    zi_zst=$WORK/build/zi-zstd/image.tar
    jib=$WORK/build/jib/jib-image.tar
    {
        echo "# zeroimage benchmark"
        echo
        echo "Input: \`app-100m\`, a static x86-64 executable of $(human "$(file_size "$INPUTS/app-100m")") made of real ELF code and data (bench/lib/inputs.sh)."
        echo "Times in seconds; $RUNS alternating run(s) per scenario. *Wall* is the whole \`mvn -o\` invocation (JVM start-up"
        echo "included); *CPU* its user + system time; *goal* the time zeroimage reports for its build (\"Built image … in N ms\"),"
        echo "n/a where the log has none (Jib prints none)."
        echo
        echo "| scenario | wall median | wall min–max | CPU median | CPU min–max | goal median | goal min–max | runs |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|"
        local s
        for s in "${SCENARIOS[@]}"; do table_row "${LABEL[$s]}" "$s"; done
        echo
        echo "## Push to a local registry (docker-registry on 127.0.0.1, plain HTTP)"
        echo
        echo "Requests counted from the registry's access log for that push only. Blob upload bytes: sizes of the blobs"
        echo "committed by \`PUT …/blobs/uploads/…?digest=\` (the access log only records response sizes). *Build goal* is the
build's own time, printed before the push starts: wall minus it ≈ Maven start-up plus the push. Pushes run online (\`-nsu\`):
zeroimage refuses to reach any registry under \`-o\`."
        echo
        echo "| push | wall (s) | build goal (s) | requests | HEAD / GET / PUT / POST / PATCH | blob uploads (bytes) | response bytes | zeroimage says |"
        echo "|---|---:|---:|---:|---|---|---:|---|"
        printf '%s\n' "${PUSH_LINES[@]}"
        echo
        echo "## Memory (cold build, \`MAVEN_OPTS=\"-Xmx64m -XX:+UseSerialGC\"\`)"
        echo
        echo "Max RSS of the Maven JVM from \`/usr/bin/time -v\`. Heap (Maven and the plugin together) from \`-Xlog:gc\`: *peak*"
        echo "is the largest occupancy when a collection started (the high-water mark), *after GC* the largest occupancy a"
        echo "collection left behind (an upper bound of the live data; collections that freed nothing are ignored)."
        echo
        echo "| build | executable | compression | result | wall (s) | max RSS (MiB) | heap peak (MiB) | heap after GC, max (MiB) | heap committed (MiB) | GCs |"
        echo "|---|---:|---|---|---:|---:|---:|---:|---:|---:|"
        printf '%s\n' "${MEMORY_LINES[@]}"
        echo
        echo "## Sizes (last round)"
        echo
        echo "| image | tar | executable's layer (compressed) |"
        echo "|---|---:|---:|"
        echo "| zeroimage gzip | $(size_cell "$zi_gz") | $(human "$(layer_size "$zi_gz")") |"
        echo "| zeroimage zstd | $(size_cell "$zi_zst") | $(human "$(layer_size "$zi_zst")") |"
        echo "| Jib (gzip) | $(size_cell "$jib") | $(human "$(layer_size "$jib")") |"
        echo
        echo "## Notes"
        echo
        echo "- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); total bench time $(ns_to_s $(($(now_ns) - BENCH_START_NS))) s."
        echo "- Machine: $(nproc) CPU(s), $cpu, $mem RAM, $(uname -sr)."
        echo "- JDK: $(java -version 2>&1 | head -1); Maven: $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')."
        echo "- zeroimage $ZI_VERSION (sha256 of the plugin and core jars: $(plugin_jar_digest | sed 's/ $//; s/ /, /'), from a private copy of ~/.m2 taken at the start), jib-maven-plugin 3.5.2; gcc: $(gcc --version | head -1)."
        echo "- CPU used by other processes during the timed runs: $(contention_note)."
        echo "- MAVEN_OPTS for the timed runs: \`${MAVEN_OPTS:-(none)}\`."
        echo "- Inputs: app-100m $(file_size "$INPUTS/app-100m") B; gzip -6 of it: $(gzip -6 -c "$INPUTS/app-100m" | wc -c) B (compressibility reference);" \
            "one-byte input differs at one payload byte;$([[ -f $INPUTS/app-500m ]] && echo " app-500m $(file_size "$INPUTS/app-500m") B;")" \
            "payload pool: $(wc -l <"$INPUTS/payload-sources.txt") ELF files (work/inputs/payload-sources.txt)."
        local note
        for note in "${NOTES[@]}"; do echo "- $note"; done
        echo
        echo "<details><summary>Raw timings (scenario, run, wall s, goal s, CPU s, other processes' CPU s)</summary>"
        echo
        echo '```'
        grep -v '^warmup' "$RAW_TSV" || true
        echo '```'
        echo "</details>"
    } >"$out"
}

# ---------------------------------------------------------------------------------------------------

main() {
    BENCH_START_NS=$(now_ns)
    require_cmd mvn java gcc nm readelf file curl unzip cmp docker-registry tar awk sed
    [[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is missing: apt-get install -y time"
    mkdir -p "$WORK" "$LOGS" "$RESULTS_DIR"
    rm -f "$LOGS"/*.log "$LOGS"/*.requests* "$RAW_TSV"
    : >"$RAW_TSV"

    ensure_plugin
    snapshot_local_repo
    prepare_inputs
    jib_input_dir "$INPUTS/app-100m" 100m >/dev/null
    warm_up

    local r
    for r in $(seq 1 "$RUNS"); do one_round "$r"; done
    push_bench
    memory_bench

    [[ $QUICK == 1 ]] && NOTES+=("QUICK=1 smoke run: $RUNS run(s) per scenario; not for comparisons.")

    local report=$WORK/report.md
    write_report "$report"
    cp -f "$report" "$RESULTS_DIR/latest.md"
    cat "$report"
    log "done in $(ns_to_s $(($(now_ns) - BENCH_START_NS))) s; report: bench/results/latest.md, logs: bench/work/logs/"
}

main "$@"
