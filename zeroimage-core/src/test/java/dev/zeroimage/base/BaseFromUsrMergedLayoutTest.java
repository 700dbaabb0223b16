package dev.zeroimage.base;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.Platform;
import dev.zeroimage.testing.ExternalTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.base.BaseFromFixtures.AMD64;
import static dev.zeroimage.base.BaseFromFixtures.assertNoOutput;
import static dev.zeroimage.base.BaseFromFixtures.assertStoreIsSound;
import static dev.zeroimage.base.BaseFromFixtures.buildAndWrite;
import static dev.zeroimage.base.BaseFromFixtures.compile;
import static dev.zeroimage.base.BaseFromFixtures.insecure;
import static dev.zeroimage.base.BaseFromFixtures.resolver;
import static dev.zeroimage.base.BaseFromFixtures.umociUnpack;
import static dev.zeroimage.base.BaseFromFixtures.writeSingleImageLayout;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dynamically linked program on a base laid out like Debian 12 or Ubuntu (usr-merged): its
 * interpreter {@code /lib64/ld-linux-x86-64.so.2} is only reachable through {@code lib64 -> usr/lib64}
 * and an absolute link into {@code /lib/x86_64-linux-gnu}. The build must accept it (and the image
 * must run), while a dangling or whited-out interpreter is still refused.
 */
@Tag("real")
class BaseFromUsrMergedLayoutTest {
    private static final String MULTIARCH = "usr/lib/x86_64-linux-gnu/";

    @TempDir
    static Path shared;

    private static Path program;
    private static byte[] loader;
    private static byte[] libc;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileDynamicProgram() throws Exception {
        Path hostLoader = Path.of("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        Path hostLibc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        ExternalTools.requireThat(Files.exists(hostLoader) && Files.exists(hostLibc),
                "an x86-64 glibc host (Debian/Ubuntu multiarch layout)");
        program = compile("gcc", shared.resolve("src"), "hello.c", "hello-dynamic", "-O2");
        loader = Files.readAllBytes(hostLoader.toRealPath());
        libc = Files.readAllBytes(hostLibc.toRealPath());
    }

    /** The usr-merge links and /etc, as debian:12 has them. */
    private static BaseFromFixtures.TarBuilder usrMerged() throws Exception {
        return new BaseFromFixtures.TarBuilder()
                .symlink("bin", "usr/bin")
                .symlink("lib", "usr/lib")
                .symlink("lib64", "usr/lib64")
                .directory("etc")
                .file("etc/passwd", BaseFromFixtures.BASE_PASSWD.getBytes(StandardCharsets.UTF_8), 0644)
                .directory("usr/lib64")
                .symlink("usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    }

    @Test
    void interpreterBehindSymlinksIsFoundAndTheImageRuns() throws Exception {
        byte[] layer = usrMerged()
                .file(MULTIARCH + "ld-linux-x86-64.so.2", loader, 0755)
                .file(MULTIARCH + "libc.so.6", libc, 0755)
                .build();
        Path base = writeSingleImageLayout(dir.resolve("layout"), AMD64, List.of(layer)).dir();
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        Path output = dir.resolve("out/app.tar");

        buildAndWrite(store, BuildOptions.builder(program).executablePath(ImagePath.of("/usr/local/bin/hello")),
                platform -> resolver.resolve(new BaseSpec.Archive(base), platform), output);

        Path bundle = umociUnpack(output, dir.resolve("umoci"));
        String out = BaseFromFixtures.runBundle(bundle, "/usr/local/bin/hello", 0, Map.of());
        assertTrue(out.contains("hello from a zeroimage base test"), out);
        assertStoreIsSound(store);
    }

    @Test
    void interpreterInALaterLayerBehindALinkOfAnEarlierOne() throws Exception {
        byte[] links = usrMerged().build();
        byte[] libraries = new BaseFromFixtures.TarBuilder()
                .file(MULTIARCH + "ld-linux-x86-64.so.2", loader, 0755)
                .file(MULTIARCH + "libc.so.6", libc, 0755)
                .build();
        Path base = writeSingleImageLayout(dir.resolve("layout"), AMD64, List.of(links, libraries)).dir();
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        Path output = dir.resolve("out/app.tar");
        buildAndWrite(store, BuildOptions.builder(program),
                platform -> resolver.resolve(new BaseSpec.Archive(base), platform), output);
        assertTrue(Files.isRegularFile(output));
    }

    @Test
    void danglingInterpreterLinkIsRefused() throws Exception {
        byte[] layer = usrMerged().file(MULTIARCH + "libc.so.6", libc, 0755).build();
        expectRefused(List.of(layer));
    }

    @Test
    void interpreterWhitedOutByALaterLayerIsRefused() throws Exception {
        byte[] layer = usrMerged()
                .file(MULTIARCH + "ld-linux-x86-64.so.2", loader, 0755)
                .file(MULTIARCH + "libc.so.6", libc, 0755)
                .build();
        byte[] deletion = new BaseFromFixtures.TarBuilder()
                .file(MULTIARCH + ".wh.ld-linux-x86-64.so.2", new byte[0], 0644)
                .build();
        expectRefused(List.of(layer, deletion));
    }

    @Test
    void interpreterUnderAnOpaqueDirectoryIsRefused() throws Exception {
        byte[] layer = usrMerged()
                .file(MULTIARCH + "ld-linux-x86-64.so.2", loader, 0755)
                .build();
        byte[] opaque = new BaseFromFixtures.TarBuilder()
                .directory(MULTIARCH)
                .file(MULTIARCH + ".wh..wh..opq", new byte[0], 0644)
                .file(MULTIARCH + "libc.so.6", libc, 0755)
                .build();
        expectRefused(List.of(layer, opaque));
    }

    private void expectRefused(List<byte[]> layers) throws Exception {
        Path base = writeSingleImageLayout(dir.resolve("layout"), AMD64, layers).dir();
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        Path output = dir.resolve("out/app.tar");
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> buildAndWrite(store,
                BuildOptions.builder(program).platform(Platform.parse("linux/amd64")),
                platform -> resolver.resolve(new BaseSpec.Archive(base), platform), output));
        assertTrue(e.getMessage().contains("interpreter /lib64/ld-linux-x86-64.so.2"), e.getMessage());
        assertNoOutput(output);
        assertStoreIsSound(store);
    }
}
