package dev.zeroimage.libraries;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.elf.ElfInfo;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.LayerFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The library step of a build: checks that a dynamically linked program finds its loader and
 * libraries in the final image ({@link LibraryMode#CHECK}), plans the layer that bundles them from a
 * sysroot ({@link LibraryMode#BUNDLE}), or only warns ({@link LibraryMode#IGNORE}). Runs before any
 * layer is written, so a failure leaves nothing behind.
 */
public final class Libraries {
    /**
     * The settings of the step.
     *
     * @param extraLibraries sonames (resolved like DT_NEEDED) or paths (placed next to the executable)
     * @param sysroot        where bundled libraries come from; null for the default
     */
    public record Settings(LibraryMode mode, List<String> extraLibraries, Path sysroot) {
        public Settings {
            mode = mode == null ? LibraryMode.CHECK : mode;
            extraLibraries = extraLibraries == null ? List.of() : List.copyOf(extraLibraries);
        }
    }

    private Libraries() {
    }

    /**
     * @param executablePath where the program goes in the image
     * @param lowerLayers    our layers below the bundle (extraFiles), part of the final image
     */
    public static LibraryPlan plan(ElfInfo elf, Path executable, String executablePath, BaseImage base,
                                   LayerFiles baseFiles, List<LayerContents> lowerLayers, Settings settings)
            throws IOException {
        if (!elf.isDynamicallyLinked()) {
            return LibraryPlan.NONE;
        }
        String baseName = base.isScratch() ? "a scratch image" : "the base image " + base.name();
        ImageTree image = new ImageTree(baseFiles, baseName, lowerLayers);
        // extraFiles may carry the loader too.
        boolean baseHasLoader = image.regularFile(elf.interpreter()).isPresent();
        Path scratch = Files.createTempDirectory("zeroimage-libraries");
        try {
            LoadedObject program = new LoadedObject(executablePath, elf, executablePath, executable,
                    executable.toAbsolutePath().getParent(), LoadedObject.Kind.EXECUTABLE);
            return switch (settings.mode()) {
                case IGNORE -> ignore(elf, program, image, baseHasLoader, scratch);
                case CHECK -> check(elf, program, image, base, baseHasLoader, scratch);
                case BUNDLE -> new Bundler(elf, program, image, baseHasLoader, settings, scratch).bundle();
            };
        } finally {
            deleteTree(scratch);
        }
    }

    private static LibraryPlan ignore(ElfInfo elf, LoadedObject program, ImageTree image, boolean baseHasLoader,
                                      Path scratch) throws IOException {
        if (!baseHasLoader) {
            return new LibraryPlan(null, List.of(), null, List.of(elf.file() + " is dynamically linked and "
                    + image.describe() + " lacks its interpreter " + elf.interpreter()
                    + (elf.neededLibraries().isEmpty() ? "" : " (and it needs " + String.join(", ", elf.neededLibraries()) + ")")
                    + ": the image may not start (libraries=ignore)"));
        }
        List<MissingLibrary> missing = imageOnly(elf, program, image, scratch).missing();
        if (missing.isEmpty()) {
            return LibraryPlan.NONE;
        }
        return new LibraryPlan(null, List.of(), null, List.of(elf.file() + " needs libraries that "
                + image.describe() + " lacks: " + describe(missing) + ": the image may not start (libraries=ignore)"));
    }

    private static LibraryResolver imageOnly(ElfInfo elf, LoadedObject program, ImageTree image, Path scratch)
            throws IOException {
        LoaderSearch search = LoaderSearch.of(image, image, elf, false);
        LibraryResolver resolver = new LibraryResolver(elf, image, search, null, null, null, false, scratch);
        resolver.addRoot(program);
        resolver.resolve();
        return resolver;
    }

    private static LibraryPlan check(ElfInfo elf, LoadedObject program, ImageTree image, BaseImage base,
                                     boolean baseHasLoader, Path scratch) throws IOException {
        if (!baseHasLoader) {
            throw noLoader(elf, base);
        }
        LibraryResolver resolver = imageOnly(elf, program, image, scratch);
        List<MissingLibrary> missing = resolver.missing();
        if (!missing.isEmpty()) {
            LoaderSearch search = LoaderSearch.of(image, image, elf, false);
            throw new ZeroImageException(elf.file() + " is dynamically linked and " + image.describe()
                    + " has its interpreter " + elf.interpreter() + " but not "
                    + (missing.size() == 1 ? "the library " : "the libraries ") + describe(missing)
                    + " (searched the run paths, the image's ld.so.cache/ld.so.conf and "
                    + String.join(", ", search.defaults()) + "), so the program would fail to start."
                    + " Set libraries=bundle to copy the missing libraries from the"
                    + " build machine into the image, or use a base that has them");
        }
        GlibcVersionCheck.require(resolver.resolve(), false);
        return LibraryPlan.NONE;
    }

    /** The round-1 message, with bundling offered first. */
    static ZeroImageException noLoader(ElfInfo elf, BaseImage base) {
        String image = base.isScratch() ? "a scratch image does" : "the base image " + base.name() + " does";
        return new ZeroImageException(elf.file() + " is dynamically linked: it needs the interpreter "
                + elf.interpreter() + (elf.neededLibraries().isEmpty() ? "" : " and the libraries "
                + String.join(", ", elf.neededLibraries()))
                + ", which " + image + " not have, so the container would fail to start with"
                + " \"no such file or directory\". Fix it in one of these ways: set libraries=bundle"
                + " to copy the loader and libraries from the build machine into"
                + " the image; link statically"
                + " (gcc/clang -static, or musl-gcc -static; Go with CGO_ENABLED=0; Rust with the"
                + " x86_64-unknown-linux-musl target), build the GraalVM native image with --static"
                + " (glibc) or --static --libc=musl, use a base image that carries these libraries"
                + " (from), or set libraries=ignore (or allowDynamic) if you add"
                + " them yourself.");
    }

    private static String describe(List<MissingLibrary> missing) {
        return String.join(", ", missing.stream().map(MissingLibrary::describe).toList());
    }

    /** Plans the bundle layer. */
    private static final class Bundler {
        private final ElfInfo elf;
        private final LoadedObject program;
        private final ImageTree image;
        private final boolean baseHasLoader;
        private final Settings settings;
        private final Path scratch;
        private final LibraryInputs inputs = new LibraryInputs();

        Bundler(ElfInfo elf, LoadedObject program, ImageTree image, boolean baseHasLoader, Settings settings,
                Path scratch) {
            this.elf = elf;
            this.program = program;
            this.image = image;
            this.baseHasLoader = baseHasLoader;
            this.settings = settings;
            this.scratch = scratch;
        }

        LibraryPlan bundle() throws IOException {
            Path root = Sysroot.choose(settings.sysroot(), elf);
            inputs.look(root);
            boolean crossRoot = Sysroot.isCrossRoot(root, elf);
            HostTree sysroot = new HostTree(root, inputs);
            LoaderSearch sysrootSearch = LoaderSearch.of(sysroot, sysroot, elf, crossRoot);
            FileTree loaderTree = baseHasLoader ? image : sysroot;
            LoaderSearch imageSearch = LoaderSearch.of(loaderTree, image, elf, crossRoot && !baseHasLoader);
            LibraryResolver resolver = new LibraryResolver(elf, image, imageSearch, sysroot, sysrootSearch,
                    imageSearch.bundleDirectory(), !baseHasLoader, scratch);
            resolver.addRoot(program);

            String besideProgram = program.imageDirectory();
            inputs.look(program.source().toAbsolutePath().resolveSibling(GraalVmArtifacts.FILE_NAME));
            for (Path jdkLibrary : GraalVmArtifacts.jdkLibraries(program.source())) {
                resolver.addRoot(pathRoot(jdkLibrary, besideProgram, GraalVmArtifacts.FILE_NAME));
            }
            List<String> sonames = new ArrayList<>();
            for (String extra : settings.extraLibraries()) {
                if (extra.contains("/")) {
                    resolver.addRoot(pathRoot(Path.of(extra), besideProgram, "extraLibraries"));
                } else {
                    sonames.add(extra);
                }
            }
            for (String soname : sonames) {
                if (resolver.need(soname, program, false).isEmpty()) {
                    throw new ZeroImageException("extraLibraries names " + soname + ", which neither "
                            + image.describe() + " nor the sysroot " + root + " has (searched "
                            + String.join(", ", sysrootSearch.directories()) + "): install it, fix the name, or"
                            + " give its path");
                }
            }
            List<LoadedObject> closure = resolver.resolve();
            boolean libcBundled = closure.stream().anyMatch(o -> o.kind() == LoadedObject.Kind.BUNDLED
                    && GlibcVersionCheck.LIBC.equals(o.name()));
            if (libcBundled) {
                // glibc loads it for pthread_cancel/pthread_exit and C++ unwinding, without a DT_NEEDED.
                resolver.need("libgcc_s.so.1", program, false);
                closure = resolver.resolve();
            }
            List<MissingLibrary> missing = resolver.missing();
            if (!missing.isEmpty()) {
                throw new ZeroImageException("Cannot bundle the libraries of " + elf.file() + ": "
                        + describe(missing) + " " + (missing.size() == 1 ? "is" : "are") + " in neither "
                        + image.describe() + " nor the sysroot " + root + " (searched the run paths and "
                        + String.join(", ", sysrootSearch.directories()) + "). Install "
                        + (missing.size() == 1 ? "it" : "them") + " on the build machine, set sysroot"
                        + " to a root that has them, or add them with extraFiles");
            }
            GlibcVersionCheck.require(closure, true);
            return contents(root, sysroot, closure);
        }

        private LoadedObject pathRoot(Path file, String imageDir, String origin) throws IOException {
            inputs.look(file);
            if (!Files.isRegularFile(file)) {
                throw new ZeroImageException("The library " + file + " (from " + origin + ") is not a file: fix the"
                        + " path or remove the entry");
            }
            Path real = file.toRealPath();
            inputs.look(real);
            ElfInfo library = LibraryResolver.inspect(real, file + " (from " + origin + ")");
            if (!library.identity().equals(elf.identity())) {
                throw new ZeroImageException("The library " + file + " (from " + origin + ") is "
                        + library.identity().describe() + " but " + elf.file() + " is " + elf.identity().describe()
                        + ": the loader would skip it; build it for the program's architecture");
            }
            String name = file.getFileName().toString();
            return new LoadedObject(name, library, (imageDir.equals("/") ? "" : imageDir) + "/" + name, real,
                    file.toAbsolutePath().getParent(), LoadedObject.Kind.BUNDLED);
        }

        private LibraryPlan contents(Path root, HostTree sysroot, List<LoadedObject> closure) throws IOException {
            Map<String, Path> files = new LinkedHashMap<>();
            if (!baseHasLoader) {
                Optional<String> loader = sysroot.regularFile(elf.interpreter());
                if (loader.isEmpty()) {
                    throw new ZeroImageException("The sysroot " + root + " has no " + elf.interpreter() + ", the"
                            + " interpreter of " + elf.file() + ": set sysroot to a root"
                            + " file system for " + elf.platform() + " that has it");
                }
                files.put(LayerPaths.place(elf.interpreter(), image.base()), sysroot.hostPath(loader.get()));
            }
            for (LoadedObject object : closure) {
                if (object.kind() != LoadedObject.Kind.BUNDLED) {
                    continue;
                }
                String path = LayerPaths.place(object.imagePath(), image.base());
                Path previous = files.putIfAbsent(path, object.source());
                if (previous != null && !Files.isSameFile(previous, object.source())) {
                    throw new ZeroImageException("Two different libraries would go to " + path + " in the image: "
                            + previous + " and " + object.source() + ": remove one from extraLibraries or"
                            + " build-artifacts.json");
                }
            }
            if (files.isEmpty()) {
                return LibraryPlan.NONE;
            }
            LayerContents layer = new LayerContents();
            List<BundledFile> bundled = new ArrayList<>();
            inputs.look(root.resolve("var/lib/dpkg/status")); // also when absent: one appearing adds package names
            Optional<DpkgDatabase> dpkg = DpkgDatabase.under(root);
            boolean hostPaths = false;
            if (dpkg.isEmpty() && Sysroot.isCrossRoot(root, elf)) {
                dpkg = DpkgDatabase.under(Path.of("/"));
                hostPaths = true;
            }
            if (dpkg.isPresent()) {
                dpkg.get().watchedBy(inputs);
                Set<String> names = new LinkedHashSet<>();
                files.values().forEach(source -> names.add(source.getFileName().toString()));
                dpkg.get().index(names);
            }
            for (Map.Entry<String, Path> file : files.entrySet()) {
                boolean loader = bundled.isEmpty() && !baseHasLoader;
                layer.add(LayerEntry.file(file.getKey(), file.getValue(), loader ? 0755 : 0644));
                Optional<DpkgDatabase.Owner> owner = dpkg.isEmpty() ? Optional.empty()
                        : dpkg.get().owner(dpkgPaths(hostPaths ? Path.of("/") : root, file.getValue()));
                bundled.add(new BundledFile(file.getKey(), file.getValue().toString(), sha256(file.getValue()),
                        Files.size(file.getValue()), owner.map(DpkgDatabase.Owner::name).orElse(null),
                        owner.map(DpkgDatabase.Owner::version).orElse(null)));
            }
            return new LibraryPlan(layer, bundled, root.toString(), List.of(), inputs.paths());
        }
    }

    /** The spellings dpkg may list a file under: as found, and with or without a leading /usr (usr-merge). */
    private static List<String> dpkgPaths(Path root, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            return List.of();
        }
        String inRoot = "/" + root.relativize(absolute).toString().replace('\\', '/');
        List<String> paths = new ArrayList<>(List.of(inRoot));
        if (inRoot.startsWith("/usr/")) {
            paths.add(inRoot.substring(4));
        } else {
            paths.add("/usr" + inRoot);
        }
        return paths;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the temporary directory " + dir, e);
        }
    }
}
