# Shared helpers for bench/run.sh (sourced, not executed).

# Progress goes to stderr so that it never mixes with data written to stdout by a function.
log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
warn() { printf '[bench %(%H:%M:%S)T] WARNING: %s\n' -1 "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

# Nanoseconds since the epoch (GNU date): wall-clock timing without forking /usr/bin/time.
now_ns() { date +%s%N; }

# ns_to_s NS: seconds with 3 decimals.
ns_to_s() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }

# file_size PATH: bytes.
file_size() { stat -c %s "$1"; }

# human BYTES: MiB with one decimal, the unit used throughout the report.
human() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

require_cmd() {
    local cmd
    for cmd in "$@"; do
        command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is needed but not installed (see bench/run.sh header)"
    done
}
