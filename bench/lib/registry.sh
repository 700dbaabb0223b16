# A throwaway docker-registry (CNCF distribution) on 127.0.0.1 for the push measurements
# (sourced by bench/run.sh). Plain HTTP: zeroimage is told so through zeroimage.insecureRegistries.

REGISTRY_PID=""
REGISTRY_PORT=""

# port_is_free PORT: nobody accepts connections on it (bash's /dev/tcp, no extra tools).
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# write_registry_config DIR PORT
write_registry_config() {
    local dir=$1 port=$2
    # Not the packaged /etc/docker/registry/config.yml: own storage, loopback only, access log on
    # (the request counts come from it), no upload purging while we measure.
    cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: "$dir/data"
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: "127.0.0.1:$port"
  secret: zeroimage-bench-secret
YAML
}

# start_registry DIR: starts it, sets REGISTRY_PORT/REGISTRY_PID and REGISTRY_LOG; retries on a port race.
start_registry() {
    local dir=$1 attempt port i
    rm -rf "$dir"
    mkdir -p "$dir/data"
    REGISTRY_LOG=$dir/registry.log
    for attempt in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        port_is_free "$port" || continue
        write_registry_config "$dir" "$port"
        # REGISTRY_* variables would override the configuration file.
        env $(env | awk -F= '/^REGISTRY_/ { printf "-u %s ", $1 }') \
            docker-registry serve "$dir/config.yml" >"$REGISTRY_LOG" 2>&1 </dev/null &
        REGISTRY_PID=$!
        for i in $(seq 1 100); do
            if curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null; then
                REGISTRY_PORT=$port
                log "docker-registry listening on 127.0.0.1:$port (pid $REGISTRY_PID)"
                return
            fi
            kill -0 "$REGISTRY_PID" 2>/dev/null || break
            sleep 0.1
        done
        stop_registry
    done
    die "docker-registry did not start; see $REGISTRY_LOG"
}

# stop_registry: TERM, then KILL after 5 s; only the process this script started.
stop_registry() {
    [[ -n $REGISTRY_PID ]] || return 0
    if kill -0 "$REGISTRY_PID" 2>/dev/null; then
        kill -TERM "$REGISTRY_PID" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do
            kill -0 "$REGISTRY_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$REGISTRY_PID" 2>/dev/null || true
    fi
    wait "$REGISTRY_PID" 2>/dev/null || true
    REGISTRY_PID=""
}

# registry_mark: the access log's current line count, to isolate the requests of what follows.
registry_mark() { wc -l <"$REGISTRY_LOG"; }

# registry_requests_since MARK: the access-log lines written after MARK, as "METHOD PATH STATUS BYTES".
# Access lines look like: 127.0.0.1 - - [date] "METHOD /path HTTP/1.1" STATUS BYTES "referer" "UA"
registry_requests_since() {
    # The registry writes the access line after the response: give the last one a moment.
    sleep 0.3
    tail -n +"$(($1 + 1))" "$REGISTRY_LOG" |
        sed -nE 's/^[^ ]+ [^ ]+ [^ ]+ \[[^]]*\] "([A-Z]+) ([^ ]+) HTTP\/[0-9.]+" ([0-9]{3}) ([0-9]+|-).*/\1 \2 \3 \4/p'
}

# blob_sizes TAR: "sha256:HEX SIZE" for every blob in an OCI image-layout tar.
blob_sizes() {
    tar -tvf "$1" | awk '$NF ~ /^(\.\/)?blobs\/sha256\/[0-9a-f]+$/ { n = split($NF, p, "/"); print "sha256:" p[n], $3 }'
}

# summarize_push REQUESTS_FILE TAR: one line of counts, plus uploaded blob bytes taken from the tar
# (the access log only has response sizes; a blob upload's request body is the blob itself).
summarize_push() {
    local requests=$1 tar=$2
    blob_sizes "$tar" >"$requests.blobs"
    awk -v blobs="$requests.blobs" '
        BEGIN { while ((getline line < blobs) > 0) { split(line, f, " "); size[f[1]] = f[2] } }
        {
            method = $1; path = $2; n[method]++; total++
            if ($4 != "-") resp += $4
            # Blob uploads: POST opens a session, PATCH/PUT carry the bytes, PUT ?digest= commits.
            if ((method == "PUT" || method == "PATCH") && path ~ /\/blobs\/uploads\//) {
                if (method == "PUT" && match(path, /digest=sha256(:|%3A)[0-9a-f]+/)) {
                    d = substr(path, RSTART + 7, RLENGTH - 7); sub(/%3A/, ":", d)
                    uploads++; upbytes += size[d]
                }
            }
            if (method == "PUT" && path ~ /\/manifests\//) manifests++
        }
        END {
            printf "requests=%d HEAD=%d GET=%d PUT=%d POST=%d PATCH=%d response_bytes=%d blob_uploads=%d blob_upload_bytes=%d manifest_puts=%d\n",
                total, n["HEAD"], n["GET"], n["PUT"], n["POST"], n["PATCH"], resp, uploads, upbytes, manifests
        }' "$requests"
}
