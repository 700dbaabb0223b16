package dev.zeroimage.build;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Digest;
import dev.zeroimage.util.FileIdentity;
import dev.zeroimage.util.WatchedPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The unchanged build as a few {@code stat} calls: a record keyed by the build's settings and the
 * file-system identity (path, size, times, inode; see {@link FileIdentity}) of every file it reads,
 * holding the identities of the files it wrote and its summary line. When the key matches and every
 * output is still the file the last build left, the outputs are what this build would write, byte
 * for byte: nothing is read, hashed, compressed or even parsed. Anything else is a miss and the
 * build runs as usual (its layer cache and archive record still spare the work they can).
 *
 * <p>The front end decides what goes into the key and which outputs to watch; it must leave out
 * builds whose result depends on things without a file identity (a registry tag). What is only known
 * once the build ran (the paths a sysroot search looked at, see {@link WatchedPath}) is remembered
 * with the outputs and looked at again on a replay.
 * The running code's own jar is part of the key, so a new plugin version never replays an old result.
 */
public final class UnchangedBuild {
    private static final String HEADER = "zeroimage-unchanged-build 1";
    /** Stands for the build's duration in a remembered summary line. */
    public static final String MILLIS = "{ms}";
    private static final String WATCHED = "watched ";
    /** A line the build logged before its summary, printed again by a replay. */
    private static final String NOTE = "note ";

    private final BlobStore store;
    private final Path record;
    private final List<Path> outputs;

    private UnchangedBuild(BlobStore store, Path record, List<Path> outputs) {
        this.store = store;
        this.record = record;
        this.outputs = outputs;
    }

    /**
     * @param settings everything that decides the outputs' bytes, as text (e.g. the options' record form)
     * @param inputs   files and directories the build reads (a missing one counts as "absent")
     * @param outputs  regular files the build writes, all of them checked on a hit
     */
    public static UnchangedBuild of(BlobStore store, String settings, List<Path> inputs, List<Path> outputs)
            throws IOException {
        StringBuilder key = new StringBuilder(HEADER).append('\n').append(settings).append('\n');
        Path code = codeOf(UnchangedBuild.class);
        key.append("code ").append(code == null ? "unknown" : identity(code)).append('\n');
        for (Path input : inputs) {
            appendTree(key, input.toAbsolutePath().normalize());
        }
        List<Path> absolute = outputs.stream().map(path -> path.toAbsolutePath().normalize()).toList();
        for (Path output : absolute) {
            key.append("output ").append(output).append('\n');
        }
        String hex = Digest.sha256(key.toString().getBytes(StandardCharsets.UTF_8)).hex();
        return new UnchangedBuild(store, store.layout().buildRecord(hex), absolute);
    }

    /** The remembered summary line (with {@link #MILLIS} for the time) when nothing changed; else empty. */
    public Optional<String> remembered() {
        return rememberedLines().map(lines -> lines.get(lines.size() - 1));
    }

    /**
     * What a replay prints, in order: the lines the build logged before its summary (remembered with
     * {@link #remember(String, List, List)}, such as "Bundled 5 libraries …"), then the summary line;
     * empty when something changed.
     */
    public Optional<List<String>> rememberedLines() {
        Optional<String> text = store.readRecord(record);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] lines = text.get().split("\n", -1);
        if (lines.length < 2 || !HEADER.equals(lines[0]) || !lines[1].startsWith("summary ")) {
            return Optional.empty();
        }
        List<String> printed = new ArrayList<>();
        int checked = 0;
        for (int i = 2; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            if (lines[i].startsWith(NOTE)) {
                printed.add(lines[i].substring(NOTE.length()));
                continue;
            }
            if (lines[i].startsWith(WATCHED)) {
                Optional<WatchedPath> watched = watched(lines[i]);
                if (watched.isEmpty() || !watched.get().unchanged()) {
                    return Optional.empty();
                }
                continue;
            }
            int tab = lines[i].lastIndexOf('\t');
            if (tab < 0) {
                return Optional.empty();
            }
            Path output = Path.of(lines[i].substring(0, tab));
            try {
                if (!outputs.contains(output) || !Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)
                        || !FileIdentity.of(output).hex().equals(lines[i].substring(tab + 1))) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            checked++;
        }
        if (checked != outputs.size()) {
            return Optional.empty();
        }
        printed.add(lines[1].substring("summary ".length()));
        return Optional.of(printed);
    }

    /** After a successful build: its outputs as they are now, and its summary line ({@link #MILLIS} for the time). */
    public void remember(String summary) throws IOException {
        remember(summary, List.of());
    }

    /** As {@link #remember(String, List)}, with the lines the build logged before its summary, for the replay to print. */
    public void remember(String summary, List<String> logged, List<WatchedPath> watched) throws IOException {
        StringBuilder notes = new StringBuilder();
        for (String line : logged) {
            notes.append(NOTE).append(line.replace('\n', ' ')).append('\n');
        }
        write(summary, notes.toString(), watched);
    }

    /**
     * As {@link #remember(String)}, with the paths the build looked at beyond the key's inputs, each as it
     * was before the build read it; a replay needs every one of them unchanged.
     */
    public void remember(String summary, List<WatchedPath> watched) throws IOException {
        write(summary, "", watched);
    }

    private void write(String summary, String notes, List<WatchedPath> watched) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append("summary ").append(summary.replace('\n', ' ')).append('\n').append(notes);
        for (Path output : outputs) {
            if (!Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
                return; // nothing to stand for next time: no record
            }
            text.append(output).append('\t').append(FileIdentity.of(output).hex()).append('\n');
        }
        for (WatchedPath path : watched) {
            if (path.path().toString().indexOf('\n') >= 0) {
                return; // cannot be written down: no record
            }
            text.append(WATCHED).append(path.listing() ? 'L' : 'P').append(' ').append(path.state()).append(' ')
                    .append(path.path()).append('\n');
        }
        store.writeRecord(record, text.toString());
    }

    /** "watched P|L STATE PATH"; empty when the line is not one (a damaged record). */
    private static Optional<WatchedPath> watched(String line) {
        // Parsed by hand: no regular expression to compile on the path that should cost a few stat calls.
        String rest = line.substring(WATCHED.length());
        if (rest.length() < 2 + 64 + 2 || rest.charAt(1) != ' ' || rest.charAt(66) != ' ' || rest.charAt(67) != '/') {
            return Optional.empty();
        }
        char kind = rest.charAt(0);
        String state = rest.substring(2, 66);
        for (int i = 0; i < state.length(); i++) {
            char c = state.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return Optional.empty();
            }
        }
        if (kind != 'P' && kind != 'L') {
            return Optional.empty();
        }
        try {
            return Optional.of(new WatchedPath(Path.of(rest.substring(67)), kind == 'L', state));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A settings value as text for the key: records by their components, recursively, lists and maps by
     * their elements, anything else by {@code toString}. Not the records' own {@code toString}: each
     * record class bootstraps it at first use (spinning hidden classes), which cost more than the whole
     * rest of an unchanged build.
     */
    public static String describe(Object value) {
        StringBuilder out = new StringBuilder();
        describe(value, out, 0);
        return out.toString();
    }

    private static void describe(Object value, StringBuilder out, int depth) {
        if (value == null || depth > 8) {
            out.append("null");
        } else if (value instanceof java.util.Collection<?> collection) {
            out.append('[');
            for (Object element : collection) {
                describe(element, out, depth + 1);
                out.append(',');
            }
            out.append(']');
        } else if (value instanceof java.util.Map<?, ?> map) {
            out.append('{');
            for (java.util.Map.Entry<?, ?> entry : map.entrySet()) {
                describe(entry.getKey(), out, depth + 1);
                out.append('=');
                describe(entry.getValue(), out, depth + 1);
                out.append(',');
            }
            out.append('}');
        } else if (value.getClass().isRecord()) {
            out.append(value.getClass().getName()).append('(');
            for (java.lang.reflect.RecordComponent component : value.getClass().getRecordComponents()) {
                out.append(component.getName()).append('=');
                try {
                    describe(component.getAccessor().invoke(value), out, depth + 1);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot read " + component + " of " + value.getClass(), e);
                }
                out.append(';');
            }
            out.append(')');
        } else {
            out.append(value.getClass().getName()).append(':').append(value);
        }
    }

    /**
     * Every {@link Path} in a settings value: record components, recursively, and the elements of its
     * lists, sets and maps; components named in {@code skipped} are left out. Reflective on purpose: a
     * setting added later (another executable, another file) is watched without anyone remembering to.
     */
    public static List<Path> pathsIn(Object value, java.util.Set<String> skipped) {
        List<Path> paths = new ArrayList<>();
        collect(value, skipped, paths, 0);
        return paths;
    }

    private static void collect(Object value, java.util.Set<String> skipped, List<Path> paths, int depth) {
        if (value == null || depth > 8) {
            return;
        }
        if (value instanceof Path path) {
            paths.add(path);
        } else if (value instanceof java.util.Collection<?> collection) {
            collection.forEach(element -> collect(element, skipped, paths, depth + 1));
        } else if (value instanceof java.util.Map<?, ?> map) {
            map.forEach((k, v) -> {
                collect(k, skipped, paths, depth + 1);
                collect(v, skipped, paths, depth + 1);
            });
        } else if (value.getClass().isRecord()) {
            for (java.lang.reflect.RecordComponent component : value.getClass().getRecordComponents()) {
                if (skipped.contains(component.getName())) {
                    continue;
                }
                try {
                    collect(component.getAccessor().invoke(value), skipped, paths, depth + 1);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot read " + component + " of " + value.getClass(), e);
                }
            }
        }
    }

    /** A file's identity; a directory's entries, sorted, each with its identity (the tree's own times catch additions). */
    private static void appendTree(StringBuilder key, Path input) throws IOException {
        if (!Files.exists(input, LinkOption.NOFOLLOW_LINKS)) {
            key.append("absent ").append(input).append('\n');
            return;
        }
        if (!Files.isDirectory(input)) {
            key.append("file ").append(input).append(' ').append(identity(input)).append('\n');
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(input)) {
            walk.forEach(entries::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        entries.sort(null);
        for (Path entry : entries) {
            key.append("tree ").append(entry).append(' ')
                    .append(Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                            ? Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toString()
                            : identity(entry))
                    .append('\n');
        }
    }

    private static String identity(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            return "link " + Files.readSymbolicLink(file) + " " + (Files.exists(file) ? FileIdentity.of(file).hex() : "dangling");
        }
        return FileIdentity.of(file).hex();
    }

    /** The jar (or class directory) a class runs from, for a front end to add its own to the inputs; null if unknown. */
    public static Path codeOf(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
