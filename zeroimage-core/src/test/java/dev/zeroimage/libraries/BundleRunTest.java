package dev.zeroimage.libraries;

import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.ExtraFile;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.base.BaseImageResolver;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.registry.RegistryOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.zeroimage.libraries.RealFixtures.build;
import static dev.zeroimage.libraries.RealFixtures.compile;
import static dev.zeroimage.libraries.RealFixtures.files;
import static dev.zeroimage.libraries.RealFixtures.runc;
import static dev.zeroimage.libraries.RealFixtures.unpack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libraries=bundle for real: a dynamically linked C++ program (libstdc++, libz, pthread_cancel, NSS,
 * dlopen) built FROM scratch and FROM static runs under runc with only what the bundle layer brings.
 */
@Tag("real")
class BundleRunTest {
    private static final String TRIPLET_DIR = "/lib/x86_64-linux-gnu/";

    @TempDir
    Path dir;

    private Path program() throws Exception {
        compile("gcc", dir.resolve("src"), "plugin.c", "libplugin.so", "-shared", "-fPIC");
        return compile("g++", dir.resolve("src"), "app.cpp", "app", "-O1", "-pthread", "-lz", "-ldl");
    }

    private BuildOptions.Builder options(Path program) {
        return BuildOptions.builder(program).libraries(LibraryMode.BUNDLE)
                .extraLibraries(List.of(program.resolveSibling("libplugin.so").toString()));
    }

    @Test
    void fromScratchTheBundledProgramRunsUnderRunc() throws Exception {
        Path program = program();
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        RealFixtures.Built built = build(store, options(program).extraFiles(List.of(
                new ExtraFile(hosts, "/etc/hosts", 0644))), platform -> BaseImage.scratch(), dir.resolve("app.tar"));

        assertEquals(new TreeSet<>(Set.of("/lib64/ld-linux-x86-64.so.2", TRIPLET_DIR + "libc.so.6",
                TRIPLET_DIR + "libgcc_s.so.1", TRIPLET_DIR + "libm.so.6", TRIPLET_DIR + "libstdc++.so.6",
                TRIPLET_DIR + "libz.so.1", "/libplugin.so")), files(built.bundleLayer()));
        assertEquals(7, built.plan().files().size());
        BundledFile libz = built.plan().files().stream().filter(f -> f.name().equals("libz.so.1")).findFirst().orElseThrow();
        assertEquals("zlib1g", libz.debianPackage(), libz.toString());
        assertTrue(libz.sha256().equals(Libraries.sha256(Path.of(libz.source()))));
        assertTrue(built.image().config().history.stream().anyMatch(h -> h.createdBy != null
                && h.createdBy.startsWith("zeroimage: COPY libraries /lib64/ld-linux-x86-64.so.2")), "history");

        String out = runc(unpack(built.tar(), dir.resolve("run")), 0);
        for (String line : List.of("exception=caught", "pthread_cancel=canceled", "getpwnam(nonroot)=none",
                "getaddrinfo(localhost)=127.0.0.1", "zlib=ok", "dlopen=/libplugin.so answer 42", "uid=0")) {
            assertTrue(out.contains(line), "no '" + line + "' in:\n" + out);
        }

        // Same inputs, same layer: rebuilt from the cache with the same digest.
        RealFixtures.Built again = build(store, options(program).extraFiles(List.of(
                new ExtraFile(hosts, "/etc/hosts", 0644))), platform -> BaseImage.scratch(), dir.resolve("again.tar"));
        assertEquals(built.image().digest(), again.image().digest());
    }

    @Test
    void fromStaticAsNonrootTheBundledProgramRunsUnderRunc() throws Exception {
        Path program = program();
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver bases = new BaseImageResolver(store, RegistryOptions.defaults(),
                Compression.DEFAULT, RealFixtures.CREATED);
        RealFixtures.Built built = build(store, options(program).user(new dev.zeroimage.image.User("nonroot")),
                platform -> bases.resolve(new dev.zeroimage.base.BaseSpec.Static(List.of(), false), platform), dir.resolve("app.tar"));
        String out = runc(unpack(built.tar(), dir.resolve("run")), 65532);
        for (String line : List.of("exception=caught", "pthread_cancel=canceled", "getpwnam(nonroot)=65532",
                "getaddrinfo(localhost)=", "zlib=ok", "dlopen=/libplugin.so answer 42", "uid=65532")) {
            assertTrue(out.contains(line), "no '" + line + "' in:\n" + out);
        }
    }
}
