package dev.zeroimage.libraries;

import dev.zeroimage.ZeroImageException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * "version `GLIBC_2.34' not found" at build time: the versions the program and its libraries need
 * from {@code libc.so.6} ({@code .gnu.version_r}) against those the image's own libc.so.6 defines
 * ({@code .gnu.version_d}). musl defines none and is skipped.
 */
final class GlibcVersionCheck {
    static final String LIBC = "libc.so.6";

    private GlibcVersionCheck() {
    }

    /** Orders GLIBC_2.9 before GLIBC_2.17 before GLIBC_2.34; other names after, by name. */
    static final Comparator<String> VERSION_ORDER = Comparator.comparing(GlibcVersionCheck::numbers,
            GlibcVersionCheck::compareNumbers).thenComparing(Comparator.naturalOrder());

    /** Fails when the base supplies libc.so.6 and it lacks a version a member of {@code closure} needs. */
    static void require(List<LoadedObject> closure, boolean bundleMode) {
        Optional<LoadedObject> libc = closure.stream()
                .filter(o -> o.kind() == LoadedObject.Kind.IN_IMAGE && LIBC.equals(o.name())).findFirst();
        if (libc.isEmpty() || libc.get().elf().versionDefinitions().isEmpty()) {
            return;
        }
        Set<String> defined = Set.copyOf(libc.get().elf().versionDefinitions());
        TreeMap<String, Set<String>> missing = new TreeMap<>(VERSION_ORDER);
        Set<String> needers = new LinkedHashSet<>();
        for (LoadedObject object : closure) {
            if (object == libc.get()) {
                continue;
            }
            for (String version : object.elf().versionsNeededFrom(LIBC)) {
                if (!defined.contains(version)) {
                    missing.computeIfAbsent(version, v -> new LinkedHashSet<>()).add(object.name());
                    needers.add(object.name());
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String newest = defined.stream().filter(v -> v.startsWith("GLIBC_2")).max(VERSION_ORDER).orElse("none");
        throw new ZeroImageException("The base's libc.so.6 (" + libc.get().imagePath() + ") is too old for "
                + closure.get(0).name() + ": it needs " + missing.lastKey() + " (from " + and(new ArrayList<>(needers))
                + "); the base's glibc provides up to " + newest + ": "
                + (bundleMode ? "use a newer base, or from=scratch or from=static with libraries=bundle so the"
                + " build machine's glibc is bundled" : "use a newer base or libraries=bundle"));
    }

    static String and(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static List<Integer> numbers(String version) {
        List<Integer> numbers = new ArrayList<>();
        int underscore = version.indexOf('_');
        if (underscore < 0) {
            return numbers;
        }
        for (String part : version.substring(underscore + 1).split("\\.")) {
            try {
                numbers.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return numbers;
    }

    private static int compareNumbers(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int x = i < a.size() ? a.get(i) : -1;
            int y = i < b.size() ? b.get(i) : -1;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }
}
