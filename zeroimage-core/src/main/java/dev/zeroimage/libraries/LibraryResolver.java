package dev.zeroimage.libraries;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.elf.ElfIdentity;
import dev.zeroimage.elf.ElfInfo;
import dev.zeroimage.elf.ElfInspector;
import dev.zeroimage.elf.NotAnExecutableException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Replays the loader's search for every {@code DT_NEEDED} library of a program, transitively, the
 * way pypa's lddtree does: by reading ELF files, never by running {@code ldd} (which cannot work for
 * another architecture). Search order per object: {@code DT_RPATH} (of the object, then of the
 * program) when the object has no {@code DT_RUNPATH}, then {@code DT_RUNPATH}, then the loader's
 * cache, configuration and default directories. A candidate of another ELF class or machine is
 * skipped, as the loader skips it. Each library is looked for in the image first; with a sysroot,
 * what the image lacks is taken from the sysroot and planned for the bundle layer.
 */
final class LibraryResolver {
    private static final Pattern ORIGIN = Pattern.compile("\\$(ORIGIN|\\{ORIGIN})");
    /** glibc's own libraries: they must come from the same build as the loader. */
    private static final Pattern GLIBC_PART = Pattern.compile("(libc|libm|libmvec|libpthread|libdl|librt|libresolv"
            + "|libutil|libanl|libBrokenLocale|libnsl|libcrypt|libc_malloc_debug|libthread_db|libnss_[a-z0-9_]+)\\.so\\.[0-9.]+");

    private final ElfInfo program;
    private final ImageTree image;
    private final LoaderSearch imageSearch;
    private final HostTree sysroot;
    private final LoaderSearch sysrootSearch;
    private final String bundleDirectory;
    private final boolean loaderBundled;
    private final Path scratch;

    private final Map<String, LoadedObject> bySoname = new LinkedHashMap<>();
    private final Map<String, List<String>> missing = new LinkedHashMap<>();
    private final List<LoadedObject> objects = new ArrayList<>();
    private final Deque<LoadedObject> queue = new ArrayDeque<>();

    /**
     * @param sysroot       null to search the image only (check mode)
     * @param loaderBundled true when the loader comes from the sysroot, so glibc's own libraries must too
     */
    LibraryResolver(ElfInfo program, ImageTree image, LoaderSearch imageSearch, HostTree sysroot,
                    LoaderSearch sysrootSearch, String bundleDirectory, boolean loaderBundled, Path scratch) {
        this.program = program;
        this.image = image;
        this.imageSearch = imageSearch;
        this.sysroot = sysroot;
        this.sysrootSearch = sysrootSearch;
        this.bundleDirectory = bundleDirectory;
        this.loaderBundled = loaderBundled;
        this.scratch = scratch;
    }

    /** Adds an object whose needs are to be resolved (the program, a plugin, a JDK library). */
    void addRoot(LoadedObject object) {
        objects.add(object);
        queue.add(object);
    }

    /** Resolves everything queued; returns the objects of the closure in the order they were found. */
    List<LoadedObject> resolve() throws IOException {
        while (!queue.isEmpty()) {
            LoadedObject object = queue.poll();
            for (String needed : object.elf().neededLibraries()) {
                need(needed, object, true);
            }
        }
        return List.copyOf(objects);
    }

    /**
     * Resolves one soname as if {@code from} needed it; {@code required} false: a library that is
     * found nowhere is left out silently (libgcc_s.so.1 where the sysroot has none).
     */
    Optional<LoadedObject> need(String soname, LoadedObject from, boolean required) throws IOException {
        if (isLoader(soname)) {
            return Optional.empty();
        }
        LoadedObject known = bySoname.get(soname);
        if (known != null) {
            return Optional.of(known);
        }
        if (missing.containsKey(soname)) {
            missing.get(soname).add(from.name());
            return Optional.empty();
        }
        LoadedObject found = null;
        if (!(loaderBundled && GLIBC_PART.matcher(soname).matches())) {
            found = findInImage(soname, from);
        }
        if (found == null && sysroot != null) {
            found = findInSysroot(soname, from);
        }
        if (found == null) {
            if (required) {
                missing.computeIfAbsent(soname, s -> new ArrayList<>()).add(from.name());
            }
            return Optional.empty();
        }
        bySoname.put(soname, found);
        objects.add(found);
        queue.add(found);
        return Optional.of(found);
    }

    /** The program's interpreter also answers to its own name (libc.so.6 needs ld-linux-x86-64.so.2). */
    private boolean isLoader(String soname) {
        String interpreter = program.interpreter();
        return interpreter != null && interpreter.substring(interpreter.lastIndexOf('/') + 1).equals(soname);
    }

    List<MissingLibrary> missing() {
        List<MissingLibrary> result = new ArrayList<>();
        missing.forEach((soname, neededBy) -> result.add(new MissingLibrary(soname, List.copyOf(neededBy))));
        return result;
    }

    /** The run-path directories of {@code from}, in the loader's order, {@code $ORIGIN} unexpanded. */
    private List<String> runPaths(LoadedObject from) {
        List<String> dirs = new ArrayList<>();
        if (from.elf().runpath().isEmpty()) {
            dirs.addAll(from.elf().rpath());
            if (from.kind() != LoadedObject.Kind.EXECUTABLE) {
                dirs.addAll(program.rpath());
            }
        }
        dirs.addAll(from.elf().runpath());
        return dirs;
    }

    private static String expand(String dir, String origin) {
        return ORIGIN.matcher(dir).replaceAll(java.util.regex.Matcher.quoteReplacement(origin));
    }

    private LoadedObject findInImage(String soname, LoadedObject from) throws IOException {
        List<String> candidates = new ArrayList<>();
        for (String dir : runPaths(from)) {
            String expanded = expand(dir, from.imageDirectory());
            if (expanded.startsWith("/")) {
                candidates.add(LayerPaths.normalizeLoosely(expanded + "/" + soname));
            }
        }
        candidates.addAll(imageSearch.candidates(soname));
        for (String candidate : candidates) {
            Optional<String> file = image.regularFile(candidate);
            if (file.isEmpty() || !compatible(image.read(file.get(), ElfIdentity.HEAD_SIZE).orElse(new byte[0]))) {
                continue;
            }
            Path local = image.localFile(file.get(), scratch);
            ElfInfo elf = inspect(local, candidate + " in " + image.describe());
            return new LoadedObject(soname, elf, candidate, null, null, LoadedObject.Kind.IN_IMAGE);
        }
        return null;
    }

    private LoadedObject findInSysroot(String soname, LoadedObject from) throws IOException {
        for (String dir : runPaths(from)) {
            if (ORIGIN.matcher(dir).find()) {
                if (from.originDir() == null) {
                    continue;
                }
                // Relative to the object on the build machine; kept at the same place relative to it in the image.
                Path hostDir = Path.of(expand(dir, from.originDir().toString())).normalize();
                Path candidate = hostDir.resolve(soname);
                sysroot.watch(candidate);
                if (Files.isRegularFile(candidate) && compatible(head(candidate))) {
                    sysroot.watch(candidate.toRealPath());
                    String imageDir = LayerPaths.normalizeLoosely(expand(dir, from.imageDirectory()));
                    return bundled(soname, candidate.toRealPath(), hostDir, imageDir + "/" + soname);
                }
            } else if (dir.startsWith("/")) {
                Optional<String> file = sysroot.regularFile(dir + "/" + soname);
                if (file.isPresent() && compatible(head(sysroot.hostPath(file.get())))) {
                    return bundled(soname, sysroot.hostPath(file.get()), sysroot.hostPath(dir), dir + "/" + soname);
                }
            }
        }
        for (String candidate : sysrootSearch.candidates(soname)) {
            Optional<String> file = sysroot.regularFile(candidate);
            if (file.isPresent() && compatible(head(sysroot.hostPath(file.get())))) {
                Path found = sysroot.hostPath(candidate);
                return bundled(soname, sysroot.hostPath(file.get()), found.getParent(), bundleDirectory + "/" + soname);
            }
        }
        return null;
    }

    private LoadedObject bundled(String soname, Path source, Path originDir, String imagePath) {
        ElfInfo elf = inspect(source, source.toString());
        return new LoadedObject(soname, elf, imagePath, source, originDir, LoadedObject.Kind.BUNDLED);
    }

    private boolean compatible(byte[] head) {
        ElfIdentity identity = ElfIdentity.of(head);
        return identity != null && identity.equals(program.identity());
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(ElfIdentity.HEAD_SIZE);
        }
    }

    static ElfInfo inspect(Path file, String what) {
        try {
            return ElfInspector.inspectLibrary(file);
        } catch (NotAnExecutableException e) {
            throw new ZeroImageException("Cannot use the library " + what + ": " + e.getMessage());
        }
    }
}
