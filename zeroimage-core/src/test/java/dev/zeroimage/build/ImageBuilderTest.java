package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.base.BaseResolver;
import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Port;
import dev.zeroimage.image.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.build.InMemoryBases.blobCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build's order of work and its result, on synthetic executables and in-memory bases (no tools). */
class ImageBuilderTest {
    @TempDir
    Path dir;

    private final List<BaseSpec> resolved = new ArrayList<>();

    private BaseResolver bases(BaseImage base) {
        return (spec, platform) -> {
            resolved.add(spec);
            return base;
        };
    }

    private Path cache() {
        return dir.resolve("cache");
    }

    private Image build(BuildOptions options, BaseImage base) throws Exception {
        return new ImageBuilder(new BlobStore(cache()), bases(base)).build(options);
    }

    @Test
    void anInvalidPortFailsBeforeTheBaseIsResolvedOrAnyBlobIsWritten() throws Exception {
        Path program = TestExecutables.staticAmd64(dir.resolve("app"));

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> build(BuildOptions.builder(program)
                .ports(List.of(Port.parse("8080"), Port.parse("80800"))).build(), BaseImage.scratch()));

        assertTrue(e.getMessage().startsWith("Invalid port '80800' in ports"), e.getMessage());
        assertTrue(resolved.isEmpty(), "the base was resolved for a build with a bad setting");
        assertEquals(0, blobCount(cache()));
    }

    @Test
    void aUserNameOnScratchFailsAfterTheBaseButBeforeAnyLayerIsWritten() throws Exception {
        Path program = TestExecutables.staticAmd64(dir.resolve("app"));

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> build(BuildOptions.builder(program)
                .user(new User("nonroot")).build(), BaseImage.scratch()));

        assertTrue(e.getMessage().contains("no /etc/passwd"), e.getMessage());
        assertEquals(List.of(BaseSpec.SCRATCH), resolved);
        assertEquals(0, blobCount(cache()));
    }

    @Test
    void aUserMissingFromTheBasesPasswdFailsBeforeAnyLayerIsWritten() throws Exception {
        Path program = TestExecutables.staticAmd64(dir.resolve("app"));
        BaseImage base = InMemoryBases.withPasswd(dir.resolve("base-store"), "amd64");

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> build(BuildOptions.builder(program)
                .user(new User("app:app")).build(), base));

        assertTrue(e.getMessage().contains("user 'app:app' is not in the image's /etc/passwd"), e.getMessage());
        assertEquals(0, blobCount(cache()));
    }

    @Test
    void aDynamicExecutableOnScratchFailsBeforeAnyBlobAndNamesWhatIsMissing() throws Exception {
        Path program = TestExecutables.dynamicAmd64(dir.resolve("app"), "/lib64/ld-linux-x86-64.so.2", "libc.so.6");

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> build(BuildOptions.builder(program).build(), BaseImage.scratch()));

        assertTrue(e.getMessage().contains("/lib64/ld-linux-x86-64.so.2"), e.getMessage());
        assertTrue(e.getMessage().contains("or set libraries=ignore (or allowDynamic) if you add them yourself"), e.getMessage());
        assertFalse(e.getMessage().contains("-Dzeroimage"), "core speaks Maven: " + e.getMessage());
        assertEquals(0, blobCount(cache()));
    }

    @Test
    void aBaseForAnotherPlatformFailsBeforeAnyBlob() throws Exception {
        Path program = TestExecutables.staticAmd64(dir.resolve("app"));
        BaseImage base = InMemoryBases.withPasswd(dir.resolve("base-store"), "arm64");

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> build(BuildOptions.builder(program).build(), base));

        assertTrue(e.getMessage().contains("is for linux/arm64"), e.getMessage());
        assertEquals(0, blobCount(cache()));
    }

    @Test
    void layersAndHistoryArePairedAndDiffIdsFollowTheLayers() throws Exception {
        Path program = TestExecutables.staticAmd64(dir.resolve("app"));
        Path conf = Files.writeString(dir.resolve("app.conf"), "port=8080\n");
        BaseImage base = InMemoryBases.withPasswd(dir.resolve("base-store"), "amd64");

        Image image = build(BuildOptions.builder(program)
                .executablePath(ImagePath.of("//usr/local/bin//app/"))
                .user(new User("nonroot"))
                .ports(List.of(Port.parse("2000-2002/udp")))
                .extraFiles(List.of(new ExtraFile(conf, "/etc/app.conf", 0644)))
                .creationTime(InMemoryBases.CREATED)
                .build(), base);

        ImageConfig config = image.config();
        assertEquals(3, image.layers().size());
        assertEquals(base.layers().get(0).descriptor().digest(), image.layers().get(0).descriptor().digest());
        assertEquals(image.layers().stream().map(Layer::diffId).toList(), config.rootfs.diffIds);
        List<String> createdBy = config.history.stream().map(history -> history.createdBy).toList();
        assertEquals(List.of("base: ADD passwd", "zeroimage: COPY extraFiles", "zeroimage: COPY executable /usr/local/bin/app",
                "zeroimage: ENTRYPOINT [\"/usr/local/bin/app\"]"), createdBy);
        long layerLines = config.history.stream().filter(history -> !Boolean.TRUE.equals(history.emptyLayer)).count();
        assertEquals(image.layers().size(), layerLines, "one non-empty history line per layer");
        assertEquals(List.of("/usr/local/bin/app"), config.config.entrypoint);
        assertEquals(List.of("2000/udp", "2001/udp", "2002/udp"), List.copyOf(config.config.exposedPorts.keySet()));
        assertEquals("65532:65532", config.config.user, "nonroot written as uid:gid");
        assertNull(image.manifest().annotations().get("org.opencontainers.image.base.name"),
                "a base that did not come from a registry is not named");
        assertEquals(2, blobCount(cache()), "our two layers, and nothing of the base");
    }

    @Test
    void theSameInputsGiveTheSameDigestInAnotherCache() throws Exception {
        Path program = TestExecutables.staticAmd64(dir.resolve("app"));
        BuildOptions options = BuildOptions.builder(program).environment(Map.of("MODE", "prod"))
                .creationTime(InMemoryBases.CREATED).build();

        Image first = new ImageBuilder(new BlobStore(dir.resolve("one")), bases(BaseImage.scratch())).build(options);
        Image second = new ImageBuilder(new BlobStore(dir.resolve("two")), bases(BaseImage.scratch())).build(options);

        assertEquals(first.digest(), second.digest());
        assertArrayEquals(first.configJson(), second.configJson());
    }

    @Test
    void anImageCannotBeChangedAfterItsDigestIsComputed() throws Exception {
        Path program = TestExecutables.staticAmd64(dir.resolve("app"));
        Image image = build(BuildOptions.builder(program).build(), BaseImage.scratch());
        byte[] json = image.configJson();

        image.config().config.user = "intruder";
        image.configJson()[0] = 'X';
        image.manifestJson()[0] = 'X';

        assertNull(image.config().config.user);
        assertArrayEquals(json, image.configJson());
        assertEquals('{', image.manifestJson()[0]);
        assertNotEquals('X', image.configJson()[0]);
    }
}
