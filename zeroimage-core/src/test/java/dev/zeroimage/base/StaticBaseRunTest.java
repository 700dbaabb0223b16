package dev.zeroimage.base;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.User;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.zeroimage.base.BaseFromFixtures.assertNoOutput;
import static dev.zeroimage.base.BaseFromFixtures.assertStoreIsSound;
import static dev.zeroimage.base.BaseFromFixtures.buildAndWrite;
import static dev.zeroimage.base.BaseFromFixtures.compile;
import static dev.zeroimage.base.BaseFromFixtures.insecure;
import static dev.zeroimage.base.BaseFromFixtures.resolver;
import static dev.zeroimage.base.BaseFromFixtures.skopeoConfig;
import static dev.zeroimage.base.BaseFromFixtures.skopeoManifest;
import static dev.zeroimage.base.BaseFromFixtures.strings;
import static dev.zeroimage.base.BaseFromFixtures.umociUnpack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in {@code static} base, run for real: a static C program built FROM static as user
 * nonroot is started with runc (chroot when runc cannot create containers in this sandbox) and must
 * find its user, a writable /tmp, the CA bundle and the time zones.
 */
@Tag("real")
class StaticBaseRunTest {
    @TempDir
    Path dir;

    @Test
    void staticProgramRunsAsNonrootWithUsersTmpCertificatesAndTimeZones() throws Exception {
        Path program = compile("musl-gcc", dir.resolve("src"), "static-run.c", "static-run", "-static", "-O2");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        Path output = dir.resolve("out/app.tar");
        buildAndWrite(store, BuildOptions.builder(program).user(new User("nonroot"))
                        .environment(Map.of("TZ", "Europe/Berlin")).creationTime(BaseFromFixtures.CREATED),
                platform -> resolver.resolve(BaseSpec.of("static", null, List.of(), false), platform), output);

        JsonNode config = skopeoConfig(output);
        assertEquals("65532:65532", config.path("config").path("User").asText());
        List<String> env = strings(config.path("config").get("Env"));
        assertTrue(env.contains("TZ=Europe/Berlin"), env.toString());
        assertTrue(env.contains("SSL_CERT_FILE=" + StaticBase.CA_BUNDLE_PATH), env.toString());
        assertTrue(config.path("config").path("Labels").has("dev.zeroimage.static.tzdata"), config.toString());
        JsonNode manifest = skopeoManifest(output);
        assertFalse(manifest.path("annotations").has("org.opencontainers.image.base.digest"),
                "the generated static base has no registry digest to record: " + manifest);

        Path bundle = umociUnpack(output, dir.resolve("umoci"));
        String out = BaseFromFixtures.runBundle(bundle, "/static-run", StaticBase.NONROOT_UID,
                Map.of("TZ", "Europe/Berlin"));

        assertTrue(out.contains("uid=65532 name=nonroot home=/home/nonroot"), out);
        assertTrue(out.contains("tmp=ok"), out);
        Matcher certs = Pattern.compile("certs=(\\d+)").matcher(out);
        assertTrue(certs.find(), out);
        assertTrue(Integer.parseInt(certs.group(1)) > 100, "too few CA certificates: " + out);
        assertTrue(out.contains("TZ=Europe/Berlin time=2023-11-14 23:13:20 CET"), out);
    }

    @Test
    void arm64ProgramBuildsOnTheStaticBaseForArm64() throws Exception {
        Path program = compile("aarch64-linux-gnu-gcc", dir.resolve("src"), "hello.c", "hello", "-static");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        Path output = dir.resolve("out/app.tar");
        buildAndWrite(store, BuildOptions.builder(program).user(new User("nonroot")),
                platform -> resolver.resolve(BaseSpec.of("static", null, List.of(), false), platform), output);
        JsonNode config = skopeoConfig(output);
        assertEquals("arm64", config.path("architecture").asText());
        assertEquals("v8", config.path("variant").asText());
        Path rootfs = umociUnpack(output, dir.resolve("umoci")).resolve("rootfs");
        assertTrue(Files.isRegularFile(rootfs.resolve("usr/share/zoneinfo/Europe/Berlin")));
        assertTrue(Files.readString(rootfs.resolve("etc/passwd")).contains("nonroot:x:65532:65532:"));
    }

    @Test
    void namedUserFromScratchFailsAtBuildTime() throws Exception {
        Path program = compile("gcc", dir.resolve("src"), "hello.c", "hello", "-static");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        Path output = dir.resolve("out/app.tar");
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> buildAndWrite(store,
                BuildOptions.builder(program).user(new User("nonroot")),
                platform -> resolver.resolve(BaseSpec.of("scratch", null, List.of(), false), platform), output));
        assertTrue(e.getMessage().contains("/etc/passwd"), e.getMessage());
        assertTrue(e.getMessage().contains("nonroot"), e.getMessage());
        assertNoOutput(output);
        assertStoreIsSound(store);
    }

    @Test
    void dynamicProgramFromStaticFailsNamingTheInterpreter() throws Exception {
        Path program = compile("gcc", dir.resolve("src"), "hello.c", "hello-dynamic", "-no-pie");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        Path output = dir.resolve("out/app.tar");
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> buildAndWrite(store,
                BuildOptions.builder(program),
                platform -> resolver.resolve(BaseSpec.of("static", null, List.of(), false), platform), output));
        assertTrue(e.getMessage().contains("interpreter"), e.getMessage());
        assertTrue(e.getMessage().contains("ld-linux"), e.getMessage());
        assertTrue(e.getMessage().contains("static"), e.getMessage());
        assertNoOutput(output);
        assertStoreIsSound(store);
    }
}
