# Raw timings and their summary (sourced by bench/run.sh).
# The raw file is TSV: scenario, run number, wall seconds, goal seconds ("" when the log had none).

# record SCENARIO RUN WALL_S GOAL_S
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RAW_TSV"; }

# summary COLUMN SCENARIO: "median<TAB>min<TAB>max<TAB>n" over the column's non-empty values
# (3 = wall, 4 = goal); empty output when there are none. The median of an even count is the mean of
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

# table_row LABEL SCENARIO: one Markdown row (wall median, wall min–max, runs, goal median, goal min–max).
table_row() {
    local label=$1 scenario=$2 wall goal
    wall=$(summary 3 "$scenario")
    goal=$(summary 4 "$scenario")
    [[ -n $wall ]] || { printf '| %s | – | – | 0 | – | – |\n' "$label"; return; }
    IFS=$'\t' read -r wm wmin wmax wn <<<"$wall"
    if [[ -n $goal ]]; then
        IFS=$'\t' read -r gm gmin gmax _ <<<"$goal"
        printf '| %s | %s | %s–%s | %s | %s | %s–%s |\n' "$label" "$wm" "$wmin" "$wmax" "$wn" "$gm" "$gmin" "$gmax"
    else
        printf '| %s | %s | %s–%s | %s | n/a | n/a |\n' "$label" "$wm" "$wmin" "$wmax" "$wn"
    fi
}
