# Reproducible benchmark inputs (sourced by bench/run.sh).
#
# An executable of N MiB is app.c + payload.S linked with gcc -static, where payload.bin is the
# concatenation of real ELF files from this machine, truncated so that the executable is about N MiB.
# Real code and data (not zeros, not random bytes) compress like a native image does, which is what
# makes gzip/zstd timings and layer sizes meaningful. The file list is sorted (LC_ALL=C) and
# deduplicated by real path, so the same machine always produces the same bytes; a stamp file
# records the recipe and the executable is only rebuilt when the recipe changes.

# Source groups, in this order: the JVM first (the closest thing to a native image's code), then
# shared libraries, then programs. Within a group, C-locale sorted.
PAYLOAD_GLOBS=(
    '/usr/lib/jvm/*/lib/server/libjvm.so'
    '/usr/lib/x86_64-linux-gnu/*.so*'
    '/usr/bin/*'
)

# payload_sources: prints the ELF files to concatenate, one per line, first occurrence of each real path.
payload_sources() {
    local glob path real
    local -A seen=()
    for glob in "${PAYLOAD_GLOBS[@]}"; do
        # compgen -G expands the glob without failing when it matches nothing.
        while IFS= read -r path; do
            real=$(realpath -e -- "$path" 2>/dev/null) || continue
            [[ -f $real && -r $real && -z ${seen[$real]:-} ]] || continue
            seen[$real]=1
            # Only ELF files: scripts and data in /usr/bin would not look like machine code.
            [[ $(head -c4 -- "$real" 2>/dev/null | tr -d '\0') == $'\x7fELF' ]] || continue
            printf '%s\n' "$real"
        done < <(compgen -G "$glob" | LC_ALL=C sort)
    done
}

# recipe_stamp SIZE_MIB SOURCES_FILE: a digest of everything that determines the executable's bytes.
recipe_stamp() {
    local size_mib=$1 sources=$2
    {
        echo "size_mib=$size_mib"
        gcc --version | head -1
        sha256sum "$BENCH_DIR/inputs/app.c" "$BENCH_DIR/inputs/payload.S" | cut -d' ' -f1
        # Sizes and mtimes: a package upgrade that changes a source file changes the stamp.
        tr '\n' '\0' <"$sources" | xargs -0 stat -c '%n %s %Y'
    } | sha256sum | cut -d' ' -f1
}

# make_payload BYTES SOURCES_FILE OUT
make_payload() {
    local bytes=$1 sources=$2 out=$3
    # head closes the pipe early, so cat/xargs die of SIGPIPE: expected, hence the "|| true" (pipefail).
    { tr '\n' '\0' <"$sources" | xargs -0 cat -- 2>/dev/null || true; } | head -c "$bytes" >"$out"
    [[ $(file_size "$out") -eq $bytes ]] ||
        die "only $(file_size "$out") bytes of ELF files found for a $bytes-byte payload: add PAYLOAD_GLOBS"
}

# build_executable NAME SIZE_MIB SOURCES_FILE: $INPUTS/NAME, a static x86-64 executable of about SIZE_MIB MiB.
build_executable() {
    local name=$1 size_mib=$2 sources=$3
    local exe=$INPUTS/$name stamp_file=$INPUTS/$name.stamp stamp dir
    stamp=$(recipe_stamp "$size_mib" "$sources")
    if [[ -x $exe && -f $stamp_file && $(<"$stamp_file") == "$stamp" ]]; then
        log "input $name is up to date ($(human "$(file_size "$exe")"))"
        return
    fi
    log "generating input $name (~$size_mib MiB)"
    dir=$(mktemp -d "$WORK/tmp.payload.XXXXXX")
    # The C program and libc take under 1 MiB; the payload fills the rest.
    make_payload $(((size_mib - 1) * 1048576)) "$sources" "$dir/payload.bin"
    gcc -static -O2 -o "$exe.tmp" "$BENCH_DIR/inputs/app.c" "$BENCH_DIR/inputs/payload.S" -Wa,-I"$dir"
    rm -rf "$dir"
    check_executable "$exe.tmp"
    mv -f "$exe.tmp" "$exe"
    echo "$stamp" >"$stamp_file"
    log "input $name: $(human "$(file_size "$exe")"), prints: $("$exe")"
}

# check_executable PATH: a static x86-64 ELF that runs and prints its banner.
check_executable() {
    local exe=$1 out
    file -b "$exe" | grep -q 'ELF 64-bit.*x86-64.*statically linked' ||
        die "$exe is not a static x86-64 ELF: $(file -b "$exe")"
    out=$("$exe") || die "$exe does not run"
    [[ $out == bench-app:* ]] || die "$exe printed '$out'"
}

# payload_offset EXE: file offset of bench_payload_start, from its address and the LOAD segment
# that contains it (works for static and static-pie executables alike).
payload_offset() {
    local exe=$1 vma type off va pa fsz rest
    vma=$(nm "$exe" | awk '$3 == "bench_payload_start" { print $1 }')
    [[ -n $vma ]] || die "no bench_payload_start symbol in $exe"
    vma=$((16#$vma))
    # Bash arithmetic, not awk: readelf prints 0x-prefixed hex and mawk has no strtonum.
    while read -r type off va pa fsz rest; do
        [[ $type == LOAD ]] || continue
        if ((vma >= va && vma < va + fsz)); then
            echo $((vma - va + off))
            return
        fi
    done < <(readelf -lW "$exe")
    die "bench_payload_start of $exe is in no LOAD segment"
}

# payload_size EXE
payload_size() {
    local start end
    start=$(nm "$1" | awk '$3 == "bench_payload_start" { print $1 }')
    end=$(nm "$1" | awk '$3 == "bench_payload_end" { print $1 }')
    echo $((16#$end - 16#$start))
}

# flip_one_byte SRC DST: DST = SRC with one bit of the byte in the middle of the payload inverted,
# i.e. a one-byte change in the program's data that keeps it a valid, runnable ELF.
flip_one_byte() {
    local src=$1 dst=$2 offset size pos byte
    # Separate assignments, so that a failure inside the command substitutions stops the script.
    offset=$(payload_offset "$src")
    size=$(payload_size "$src")
    pos=$((offset + size / 2))
    cp -f "$src" "$dst.tmp"
    byte=$(od -An -tu1 -j "$pos" -N1 "$src" | tr -d ' ')
    printf "\\x$(printf %02x $((byte ^ 1)))" | dd of="$dst.tmp" bs=1 seek="$pos" conv=notrunc status=none
    [[ $(cmp -l "$src" "$dst.tmp" | wc -l) -eq 1 ]] || die "flipping byte $pos of $src did not change exactly one byte"
    check_executable "$dst.tmp"
    [[ $("$src") != $("$dst.tmp") ]] || die "the flipped byte at $pos is not inside the payload"
    mv -f "$dst.tmp" "$dst"
    log "input $(basename "$dst"): byte $pos changed ($(printf '0x%02x -> 0x%02x' "$byte" $((byte ^ 1)))), prints: $("$dst")"
}

# jib_input_dir EXE NAME: a directory holding only EXE as "app" (Jib copies whole directories).
jib_input_dir() {
    local exe=$1 dir=$INPUTS/jib-$2
    mkdir -p "$dir"
    # A hard link: no copy, and the same inode (so the same bytes) as what zeroimage reads.
    ln -f "$exe" "$dir/app"
    echo "$dir"
}

# prepare_inputs: app-small (2 MiB, for warm-ups), app-100m, app-100m-flip and, unless QUICK, app-500m.
prepare_inputs() {
    local sources=$INPUTS/payload-sources.txt
    mkdir -p "$INPUTS"
    payload_sources >"$sources.tmp"
    mv -f "$sources.tmp" "$sources"
    log "payload pool: $(wc -l <"$sources") ELF files, $(human "$(tr '\n' '\0' <"$sources" | du -cb --files0-from=- | tail -1 | cut -f1)")"
    build_executable app-small 2 "$sources"
    build_executable app-100m 100 "$sources"
    if [[ ! -f $INPUTS/app-100m-flip || $INPUTS/app-100m-flip -ot $INPUTS/app-100m ]]; then
        flip_one_byte "$INPUTS/app-100m" "$INPUTS/app-100m-flip"
    fi
    if [[ $QUICK != 1 ]]; then
        build_executable app-500m 500 "$sources"
    fi
}
