package dev.zeroimage.libraries;

import dev.zeroimage.elf.ElfInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a loader looks for a library after the program's own run paths: its cache
 * ({@code /etc/ld.so.cache}, with {@code /etc/ld.so.conf} and its includes standing in for a cache
 * built from them) and its built-in default directories, which differ between Debian-style multiarch
 * loaders, Fedora-style lib64 loaders and musl.
 */
final class LoaderSearch {
    enum Style { DEBIAN, FEDORA, MUSL, PLAIN }

    private static final int MAX_CONF = 1 << 20;
    private static final int MAX_CACHE = 16 << 20;
    private static final int MAX_INCLUDE_DEPTH = 8;
    private static final Pattern SEPARATORS = Pattern.compile("[\\s:,=]+");

    private final Style style;
    private final String multiarch;
    private final List<String> configured;
    private final Map<String, List<String>> cache;
    private final List<String> defaults;

    private LoaderSearch(Style style, String multiarch, List<String> configured, Map<String, List<String>> cache,
                         List<String> defaults) {
        this.style = style;
        this.multiarch = multiarch;
        this.configured = configured;
        this.cache = cache;
        this.defaults = defaults;
    }

    /** The search of the loader {@code loaderTree} holds at {@code interpreter}, in the file system {@code tree}. */
    static LoaderSearch of(FileTree loaderTree, FileTree tree, ElfInfo elf, boolean crossRoot) throws IOException {
        Style style = style(loaderTree, elf, crossRoot);
        Triplets triplets = Triplets.of(elf);
        String multiarch = triplets == null ? null : triplets.multiarch();
        List<String> defaults = switch (style) {
            case DEBIAN -> List.of("/lib/" + multiarch, "/usr/lib/" + multiarch, "/lib", "/usr/lib");
            case FEDORA -> List.of("/lib64", "/usr/lib64");
            case MUSL -> muslPath(tree, elf);
            case PLAIN -> List.of("/lib", "/usr/lib");
        };
        List<String> configured = style == Style.MUSL ? List.of() : ldSoConf(tree);
        Map<String, List<String>> cache = style == Style.MUSL ? Map.of()
                : LdSoCache.parse(tree.read("/etc/ld.so.cache", MAX_CACHE).orElse(null), elf.littleEndian());
        return new LoaderSearch(style, multiarch, configured, cache, defaults);
    }

    private static Style style(FileTree tree, ElfInfo elf, boolean crossRoot) throws IOException {
        String interpreter = elf.interpreter() == null ? "" : elf.interpreter();
        if (interpreter.contains("ld-musl")) {
            return Style.MUSL;
        }
        Triplets triplets = Triplets.of(elf);
        String real = tree.realPath(interpreter).orElse(interpreter);
        if (triplets != null && (real.contains("/" + triplets.multiarch() + "/") || crossRoot
                || tree.realPath("/lib/" + triplets.multiarch()).isPresent()
                || tree.realPath("/usr/lib/" + triplets.multiarch()).isPresent())) {
            return Style.DEBIAN;
        }
        if (elf.elfClass() == 64 && (real.contains("/lib64/") || tree.realPath("/usr/lib64").isPresent())) {
            return Style.FEDORA;
        }
        return Style.PLAIN;
    }

    /** musl reads {@code /etc/ld-musl-ARCH.path} instead of its defaults when it exists. */
    private static List<String> muslPath(FileTree tree, ElfInfo elf) throws IOException {
        String interpreter = elf.interpreter();
        String name = interpreter.substring(interpreter.lastIndexOf('/') + 1);
        String arch = name.replaceFirst("^ld-musl-", "").replaceFirst("\\.so\\.1$", "");
        Optional<byte[]> file = tree.read("/etc/ld-musl-" + arch + ".path", MAX_CONF);
        if (file.isPresent()) {
            List<String> dirs = new ArrayList<>();
            for (String dir : SEPARATORS.split(new String(file.get(), StandardCharsets.UTF_8))) {
                if (dir.startsWith("/")) {
                    dirs.add(dir);
                }
            }
            return dirs;
        }
        return List.of("/lib", "/usr/local/lib", "/usr/lib");
    }

    private static List<String> ldSoConf(FileTree tree) throws IOException {
        Set<String> dirs = new LinkedHashSet<>();
        readConf(tree, "/etc/ld.so.conf", dirs, 0);
        return List.copyOf(dirs);
    }

    private static void readConf(FileTree tree, String file, Set<String> dirs, int depth) throws IOException {
        Optional<byte[]> content = tree.read(file, MAX_CONF);
        if (content.isEmpty() || depth > MAX_INCLUDE_DEPTH) {
            return;
        }
        for (String line : new String(content.get(), StandardCharsets.UTF_8).split("\n")) {
            int hash = line.indexOf('#');
            String text = (hash < 0 ? line : line.substring(0, hash)).trim();
            if (text.isEmpty() || text.startsWith("hwcap")) {
                continue;
            }
            if (text.startsWith("include") && text.length() > 7 && Character.isWhitespace(text.charAt(7))) {
                for (String pattern : text.substring(8).trim().split("\\s+")) {
                    String absolute = pattern.startsWith("/") ? pattern : "/etc/" + pattern;
                    for (String included : glob(tree, absolute)) {
                        readConf(tree, included, dirs, depth + 1);
                    }
                }
                continue;
            }
            for (String dir : SEPARATORS.split(text)) {
                if (dir.startsWith("/")) {
                    dirs.add(dir.replaceAll("/+$", ""));
                }
            }
        }
    }

    /** A glob whose wildcards are in the last component only ({@code /etc/ld.so.conf.d/*.conf}), sorted. */
    private static List<String> glob(FileTree tree, String pattern) throws IOException {
        int slash = pattern.lastIndexOf('/');
        String dir = slash <= 0 ? "/" : pattern.substring(0, slash);
        String name = pattern.substring(slash + 1);
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            return List.of(pattern);
        }
        Pattern regex = Pattern.compile(name.replace(".", "\\.").replace("*", ".*").replace("?", "."));
        List<String> matches = new ArrayList<>();
        for (String entry : tree.list(dir)) {
            if (regex.matcher(entry).matches()) {
                matches.add(dir + "/" + entry);
            }
        }
        return matches;
    }

    Style style() {
        return style;
    }

    /** Where bundled libraries go so that this loader finds them without a cache. */
    String bundleDirectory() {
        return switch (style) {
            case DEBIAN -> "/lib/" + multiarch;
            case FEDORA -> "/lib64";
            default -> "/lib";
        };
    }

    /** Candidate paths for {@code soname} from the cache and configuration, then the defaults, in search order. */
    List<String> candidates(String soname) {
        Set<String> paths = new LinkedHashSet<>(cache.getOrDefault(soname, List.of()));
        for (String dir : configured) {
            paths.add(dir + "/" + soname);
        }
        for (String dir : defaults) {
            paths.add(dir + "/" + soname);
        }
        return List.copyOf(paths);
    }

    /** For messages: the directories searched after the run paths. */
    List<String> directories() {
        List<String> all = new ArrayList<>(configured);
        all.addAll(defaults);
        return all.stream().distinct().toList();
    }

    /** The default directories only: where the loader looks without a cache. */
    List<String> defaults() {
        return defaults;
    }
}
