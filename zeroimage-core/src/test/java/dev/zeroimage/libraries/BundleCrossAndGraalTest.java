package dev.zeroimage.libraries;

import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.testing.ExternalTools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The arm64 build of the bundle test program (default sysroot /usr/aarch64-linux-gnu; without zlib,
 * which Debian does not ship cross-built) run under qemu, and a simulated GraalVM layout whose
 * build-artifacts.json lists a JDK library the program dlopens from its own directory.
 */
@Tag("real")
class BundleCrossAndGraalTest {
    @TempDir
    Path dir;

    @Test
    void arm64ProgramBundledFromTheCrossRootRunsUnderQemu() throws Exception {
        ExternalTools.requireThat(Files.isDirectory(Path.of("/usr/aarch64-linux-gnu/lib")),
                "the arm64 cross sysroot /usr/aarch64-linux-gnu (libc6-arm64-cross, g++-aarch64-linux-gnu)");
        ExternalTools.require("qemu-aarch64-static");
        compile("aarch64-linux-gnu-gcc", dir.resolve("src"), "plugin.c", "libplugin.so", "-shared", "-fPIC");
        Path program = compile("aarch64-linux-gnu-g++", dir.resolve("src"), "app.cpp", "app", "-O1", "-DNO_ZLIB",
                "-pthread", "-ldl");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        RealFixtures.Built built = build(store, BuildOptions.builder(program).libraries(LibraryMode.BUNDLE)
                        .extraLibraries(List.of(program.resolveSibling("libplugin.so").toString())),
                platform -> BaseImage.scratch(), dir.resolve("app.tar"));
        assertEquals("/usr/aarch64-linux-gnu", built.plan().sysroot());
        String dir64 = "/lib/aarch64-linux-gnu/";
        assertEquals(new TreeSet<>(Set.of("/lib/ld-linux-aarch64.so.1", dir64 + "libc.so.6", dir64 + "libgcc_s.so.1",
                dir64 + "libm.so.6", dir64 + "libstdc++.so.6", "/libplugin.so")), files(built.bundleLayer()));
        assertTrue(built.plan().files().stream().anyMatch(f -> "libc6-arm64-cross".equals(f.debianPackage())),
                built.plan().files().toString());

        Path rootfs = unpack(built.tar(), dir.resolve("run")).resolve("rootfs");
        ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(120),
                List.of("qemu-aarch64-static", "-L", rootfs.toString(), rootfs.resolve("app").toString()));
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        for (String line : List.of("exception=caught", "pthread_cancel=canceled", "getpwnam(nonroot)=",
                "getaddrinfo(localhost)=", "zlib=not linked", "answer 42")) {
            assertTrue(out.contains(line), "no '" + line + "' in:\n" + out);
        }
    }

    @Test
    void graalVmJdkLibrariesGoNextToTheExecutableWithTheirClosures() throws Exception {
        Path build = dir.resolve("native");
        compile("gcc", build, "jdkfake.c", "libjdkfake.so", "-shared", "-fPIC", "-lz");
        Path program = compile("gcc", build, "graal.c", "graal", "-O1", "-ldl");
        Files.writeString(build.resolve("build-artifacts.json"),
                "{\"executables\": [\"graal\"], \"jdk_libraries\": [\"libjdkfake.so\"]}\n");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        RealFixtures.Built built = build(store, BuildOptions.builder(program).executablePath(dev.zeroimage.image.ImagePath.of("/app/graal"))
                .libraries(LibraryMode.BUNDLE), platform -> BaseImage.scratch(), dir.resolve("app.tar"));
        String multiarch = "/lib/x86_64-linux-gnu/";
        assertEquals(new TreeSet<>(Set.of("/lib64/ld-linux-x86-64.so.2", multiarch + "libc.so.6",
                multiarch + "libgcc_s.so.1", multiarch + "libz.so.1", "/app/libjdkfake.so")),
                files(built.bundleLayer()));
        String out = runc(unpack(built.tar(), dir.resolve("run")), 0);
        assertTrue(out.contains("jdk library=/app/libjdkfake.so zlib 1."), out);
    }
}
