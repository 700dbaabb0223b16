package dev.zeroimage.libraries;

import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.testing.ExternalTools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.zeroimage.libraries.RealFixtures.build;
import static dev.zeroimage.libraries.RealFixtures.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** libraries=check against hand-made bases holding the build machine's real loader, and a fake old glibc. */
@Tag("real")
class LibraryChecksRealTest {
    private static final Path HOST_LOADER = Path.of("/lib64/ld-linux-x86-64.so.2");

    @TempDir
    Path dir;

    private BaseImage base(BlobStore store, String name, LayerContents contents) throws Exception {
        return TestBases.base(store, name, contents);
    }

    @Test
    void aBaseWithTheLoaderButNoLibcFailsNamingIt() throws Exception {
        ExternalTools.requireThat(Files.isRegularFile(HOST_LOADER), "an amd64 glibc host with " + HOST_LOADER);
        Path program = compile("gcc", dir.resolve("src"), "hello.c", "hello");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImage base = base(store, "loader-only", new LayerContents()
                .add(LayerEntry.file("/lib64/ld-linux-x86-64.so.2", HOST_LOADER.toRealPath(), 0755)));
        Path out = dir.resolve("out/app.tar");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> build(store, BuildOptions.builder(program), platform -> base, out));
        assertTrue(e.getMessage().contains("libc.so.6 (needed by /hello)"), e.getMessage());
        assertTrue(e.getMessage().contains("libraries=bundle"), e.getMessage());
        assertTrue(Files.notExists(out));
    }

    @Test
    void aBaseWhoseLibcStopsAtGlibc217FailsNamingTheVersionAndTheFile() throws Exception {
        ExternalTools.requireThat(Files.isRegularFile(HOST_LOADER), "an amd64 glibc host with " + HOST_LOADER);
        Path program = compile("gcc", dir.resolve("src"), "hello.c", "hello");
        try (InputStream map = getClass().getResourceAsStream("/libraries/fakelibc.map")) {
            Files.copy(map, dir.resolve("src/fakelibc.map"));
        }
        Path fakeLibc = compile("gcc", dir.resolve("src"), "fakelibc.c", "libc.so.6", "-shared", "-fPIC",
                "-nostdlib", "-Wl,-soname,libc.so.6", "-Wl,--version-script," + dir.resolve("src/fakelibc.map"));
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImage base = base(store, "old-glibc", new LayerContents()
                .add(LayerEntry.file("/lib64/ld-linux-x86-64.so.2", HOST_LOADER.toRealPath(), 0755))
                .add(LayerEntry.file("/lib/x86_64-linux-gnu/libc.so.6", fakeLibc, 0755)));
        Path out = dir.resolve("out/app.tar");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> build(store, BuildOptions.builder(program), platform -> base, out));
        assertTrue(e.getMessage().contains("needs GLIBC_2.34 (from /hello); the base's glibc provides up to"
                + " GLIBC_2.17: use a newer base or libraries=bundle"), e.getMessage());
        assertTrue(Files.notExists(out));
        try (Stream<Path> temp = Files.list(store.root().resolve("tmp"))) {
            assertEquals(List.of(), temp.toList(), "no layer written");
        } catch (java.nio.file.NoSuchFileException none) {
            // nothing was ever written
        }

        // ignore builds anyway (no glibc check)
        RealFixtures.Built built = build(store, BuildOptions.builder(program).libraries(LibraryMode.IGNORE),
                platform -> base, out);
        assertEquals(List.of(), built.plan().warnings(), "the loader and a libc.so.6 are there");
    }

    @Test
    void aStaticExecutableIsUnaffectedByEveryMode() throws Exception {
        Path program = compile("gcc", dir.resolve("src"), "hello.c", "hello-static", "-static");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        String digest = null;
        for (LibraryMode mode : LibraryMode.values()) {
            RealFixtures.Built built = build(store, BuildOptions.builder(program).libraries(mode)
                    .extraLibraries(List.of("libz.so.1")), platform -> BaseImage.scratch(), dir.resolve(mode + ".tar"));
            assertEquals(1, built.image().layers().size(), mode.toString());
            assertEquals(LibraryPlan.NONE, built.plan());
            String current = built.image().digest().toString();
            assertTrue(digest == null || digest.equals(current), "same image in every mode");
            digest = current;
        }
    }
}
