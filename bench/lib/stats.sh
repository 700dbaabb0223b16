# Raw timings and their summary (sourced by bench/run.sh).
# The raw file is TSV: scenario, run number, wall seconds, goal seconds ("" when the log had none),
# CPU seconds (user + system of the Maven JVM), CPU seconds that other processes used meanwhile.

# record SCENARIO RUN WALL_S GOAL_S CPU_S OTHER_CPU_S
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RAW_TSV"; }

# summary COLUMN SCENARIO: "median<TAB>min<TAB>max<TAB>n" over the column's non-empty values
# (3 = wall, 4 = goal, 5 = CPU, 6 = other processes' CPU); empty output when there are none. The median of an even count is the mean of
# the two middle values.
summary() {
    local column=$1 scenario=$2
    awk -F'\t' -v c="$column" -v s="$scenario" '$1 == s && $c != "" { print $c }' "$RAW_TSV" |
        sort -g |
        awk '{ v[NR] = $1 }
             END {
                 if (NR == 0) exit
                 m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                 printf "%.2f\t%.2f\t%.2f\t%d\n", m, v[1], v[NR], NR
             }'
}

# median_range COLUMN SCENARIO: "median | min–max" cells, "n/a | n/a" without values.
median_range() {
    local m lo hi
    IFS=$'\t' read -r m lo hi _ < <(summary "$1" "$2") || true
    if [[ -n ${m:-} ]]; then printf '%s | %s–%s' "$m" "$lo" "$hi"; else printf 'n/a | n/a'; fi
}

# table_row LABEL SCENARIO: one Markdown row: wall, CPU and goal (median, min–max) and the run count.
table_row() {
    local runs
    runs=$(awk -F'\t' -v s="$2" '$1 == s { n++ } END { print n + 0 }' "$RAW_TSV")
    printf '| %s | %s | %s | %s | %s |\n' "$1" "$(median_range 3 "$2")" "$(median_range 5 "$2")" \
        "$(median_range 4 "$2")" "$runs"
}
