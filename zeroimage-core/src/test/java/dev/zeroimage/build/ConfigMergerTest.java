package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.Platform;
import dev.zeroimage.image.Port;
import dev.zeroimage.image.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our config on top of a base, merged the way Docker merges FROM + COPY + ENTRYPOINT. */
class ConfigMergerTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final ImagePath APP = ImagePath.of("/app");

    @TempDir
    Path dir;

    private BuildOptions.Builder options() {
        return BuildOptions.builder(TestExecutables.staticAmd64(dir.resolve("app"))).creationTime(InMemoryBases.CREATED);
    }

    private BaseImage base() throws Exception {
        return InMemoryBases.withPasswd(dir.resolve("base-store"), "amd64");
    }

    @Test
    void baseEnvIsKeptAndOverriddenPerKeyInOrder() throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/app/bin");
        environment.put("EMPTY", null);
        environment.put("MODE", "prod");

        ImageConfig config = new ConfigMerger(options().environment(environment).build(), base())
                .merge(AMD64, APP, List.of());

        assertEquals(List.of("PATH=/app/bin", "LANG=C.UTF-8", "EMPTY=", "MODE=prod"), config.config.env);
    }

    @Test
    void scratchGetsTheDefaultPathAndNoCmd() {
        ImageConfig config = new ConfigMerger(options().build(), BaseImage.scratch()).merge(AMD64, APP, List.of());

        assertEquals(List.of("PATH=" + ImageConfig.DEFAULT_PATH), config.config.env);
        assertEquals(List.of("/app"), config.config.entrypoint);
        assertNull(config.config.cmd);
        assertNull(config.config.user);
        assertEquals("linux", config.os);
        assertEquals("amd64", config.architecture);
        assertEquals(InMemoryBases.CREATED.toString(), config.created);
    }

    @Test
    void theEntrypointDropsTheBaseCmdUnlessArgsAreGiven() throws Exception {
        assertNull(new ConfigMerger(options().build(), base()).merge(AMD64, APP, List.of()).config.cmd);
        assertEquals(List.of("--port", "8080"), new ConfigMerger(options().args(List.of("--port", "8080")).build(),
                base()).merge(AMD64, APP, List.of()).config.cmd);
    }

    @Test
    void labelsPortsAndVolumesAreMergedWithTheBasesAndSorted() throws Exception {
        ImageConfig config = new ConfigMerger(options()
                .labels(Map.of("team", "platform", "base", "overridden"))
                .ports(List.of(Port.parse("8080"), Port.parse("53/UDP")))
                .volumes(List.of(" /data ", "/cache"))
                .workingDirectory("/work")
                .user(new User("65532:65532"))
                .build(), base()).merge(AMD64, APP, List.of());

        assertEquals(Map.of("base", "overridden", "team", "platform"), config.config.labels);
        assertEquals(List.of("53/udp", "8080/tcp"), List.copyOf(config.config.exposedPorts.keySet()));
        assertEquals(List.of("/cache", "/data"), List.copyOf(config.config.volumes.keySet()));
        assertEquals("/work", config.config.workingDir);
        assertEquals("65532:65532", config.config.user);
    }

    @Test
    void historyKeepsTheBasesLinesAndEndsWithTheEntrypoint() throws Exception {
        BaseImage base = base();
        ImageConfig config = new ConfigMerger(options().build(), base).merge(AMD64, APP, List.of());

        assertEquals(2, config.history.size());
        assertEquals("base: ADD passwd", config.history.get(0).createdBy);
        assertEquals("zeroimage: ENTRYPOINT [\"/app\"]", config.history.get(1).createdBy);
        assertEquals(Boolean.TRUE, config.history.get(1).emptyLayer);
        assertEquals(List.of(base.layers().get(0).diffId()), config.rootfs.diffIds);
    }

    @Test
    void theBaseConfigIsNotChanged() throws Exception {
        BaseImage base = base();
        new ConfigMerger(options().user(new User("nonroot")).build(), base).merge(AMD64, APP, List.of());

        assertNull(base.config().config.user);
        assertEquals(List.of("sh"), base.config().config.cmd);
        assertEquals(1, base.config().history.size());
    }

    @Test
    void badEnvironmentNamesAndVolumesFailWhenTheOptionsAreMade() {
        ZeroImageException name = assertThrows(ZeroImageException.class,
                () -> options().environment(Map.of("A=B", "x")).build());
        assertTrue(name.getMessage().contains("Invalid environment variable name 'A=B'"), name.getMessage());
        ZeroImageException volume = assertThrows(ZeroImageException.class,
                () -> options().volumes(List.of("data")).build());
        assertTrue(volume.getMessage().contains("Invalid volume 'data' in volumes"), volume.getMessage());
    }
}
