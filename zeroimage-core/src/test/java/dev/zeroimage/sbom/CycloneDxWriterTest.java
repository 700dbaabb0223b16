package dev.zeroimage.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.PackageURL;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Platform;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CycloneDxWriterTest {
    private static final Digest IMAGE = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));
    private static final Digest BASE = Digest.sha256("base".getBytes(StandardCharsets.UTF_8));
    private static final Digest EXE = Digest.sha256("exe".getBytes(StandardCharsets.UTF_8));
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path temp;

    static SbomInput.Subject subject(Digest digest) {
        return new SbomInput.Subject(ImageReference.parse("127.0.0.1:5000/team/hello:1.0"), digest,
                Platform.parse("linux/amd64"), CREATED);
    }

    static SbomInput staticBaseInput() {
        return new SbomInput(subject(IMAGE), SbomInput.Base.staticBase(),
                new SbomInput.FileItem("/app/hello", EXE), List.of(),
                List.of(new SbomInput.FileItem("/etc/app/config.yml", Digest.sha256(new byte[]{1}))),
                List.of(new SbomInput.MavenDependency("com.example", "lib", "1.2.3", null, "jar", "compile",
                                Map.of("SHA-256", Digest.sha256(new byte[]{2}).hex(), "SHA-1", "00".repeat(20))),
                        new SbomInput.MavenDependency("com.example", "native", "2.0", "linux-x86_64", "jar", "runtime",
                                Map.of())),
                null, "1.0.0");
    }

    @Test
    void staticBaseImageValidatesAndListsWhatIsInside() throws Exception {
        byte[] json = CycloneDxWriter.toJson(staticBaseInput());
        assertValid(json);
        JsonNode bom = Json.mapper().readTree(json);

        assertEquals("1.6", bom.path("specVersion").asText());
        assertEquals("2026-01-01T00:00:00Z", bom.path("metadata").path("timestamp").asText());
        assertEquals(CycloneDxWriter.serialNumber(IMAGE), bom.path("serialNumber").asText());

        JsonNode image = bom.path("metadata").path("component");
        assertEquals("container", image.path("type").asText());
        assertEquals("pkg:oci/hello@" + IMAGE + "?repository_url=127.0.0.1:5000/team/hello&tag=1.0",
                image.path("purl").asText());
        PackageURL purl = new PackageURL(image.path("purl").asText());
        assertEquals(IMAGE.toString(), purl.getVersion(), "the purl's version is the manifest digest");
        assertEquals("127.0.0.1:5000/team/hello", purl.getQualifiers().get("repository_url"));
        assertEquals("1.0", purl.getQualifiers().get("tag"));

        Map<String, JsonNode> byPurl = byPurl(bom);
        JsonNode ca = byPurl.keySet().stream().filter(p -> p.startsWith("pkg:deb/debian/ca-certificates@"))
                .findFirst().map(byPurl::get).orElseThrow();
        assertEquals("20250419~deb12u2", ca.path("version").asText());
        assertTrue(byPurl.keySet().stream().anyMatch(p -> p.startsWith("pkg:deb/debian/tzdata@2026f-0%2Bdeb12u1?arch=all")),
                byPurl.keySet().toString());

        JsonNode executable = component(bom, "file:/app/hello");
        assertEquals("application", executable.path("type").asText());
        assertEquals(EXE.hex(), executable.path("hashes").get(0).path("content").asText());
        assertEquals("SHA-256", executable.path("hashes").get(0).path("alg").asText());
        assertEquals("file", component(bom, "file:/etc/app/config.yml").path("type").asText());

        JsonNode lib = byPurl.get("pkg:maven/com.example/lib@1.2.3");
        assertEquals("required", lib.path("scope").asText());
        assertEquals(2, lib.path("hashes").size());
        assertTrue(byPurl.containsKey("pkg:maven/com.example/native@2.0?classifier=linux-x86_64"));

        // The executable depends on the Maven artifacts, the image on the executable.
        List<String> executableDeps = new ArrayList<>();
        JsonNode imageDeps = null;
        for (JsonNode dependency : bom.path("dependencies")) {
            if (dependency.path("ref").asText().equals("file:/app/hello")) {
                dependency.path("dependsOn").forEach(d -> executableDeps.add(d.asText()));
            }
            if (dependency.path("ref").asText().equals(image.path("bom-ref").asText())) {
                imageDeps = dependency.path("dependsOn");
            }
        }
        assertEquals(List.of("pkg:maven/com.example/lib@1.2.3", "pkg:maven/com.example/native@2.0?classifier=linux-x86_64"),
                executableDeps);
        assertTrue(imageDeps.toString().contains("file:/app/hello"), String.valueOf(imageDeps));
    }

    @Test
    void sameInputSameBytesAndInputOrderDoesNotMatter() {
        SbomInput input = staticBaseInput();
        List<SbomInput.MavenDependency> reversed = new ArrayList<>(input.dependencies());
        java.util.Collections.reverse(reversed);
        SbomInput shuffled = new SbomInput(input.image(), input.base(), input.executable(), input.libraries(),
                input.extraFiles(), reversed, null, input.toolVersion());
        assertArrayEquals(CycloneDxWriter.toJson(input), CycloneDxWriter.toJson(shuffled));

        SbomInput other = new SbomInput(subject(EXE), input.base(), input.executable(), input.libraries(),
                input.extraFiles(), input.dependencies(), null, input.toolVersion());
        assertNotEquals(CycloneDxWriter.serialNumber(IMAGE), CycloneDxWriter.serialNumber(EXE));
        assertFalse(java.util.Arrays.equals(CycloneDxWriter.toJson(input), CycloneDxWriter.toJson(other)));
    }

    @Test
    void registryBaseAndBundledLibraries() throws Exception {
        SbomInput input = new SbomInput(subject(IMAGE),
                SbomInput.Base.image("docker.io/library/debian:12-slim", BASE),
                new SbomInput.FileItem("/app/hello", EXE),
                List.of(new SbomInput.BundledLibrary("/usr/lib/x86_64-linux-gnu/libstdc++.so.6", Digest.sha256(new byte[]{3}),
                                new SbomInput.DebianPackage("libstdc++6", "12.2.0-14+deb12u1", "amd64")),
                        new SbomInput.BundledLibrary("/lib/libcustom.so", Digest.sha256(new byte[]{4}), null)),
                List.of(), List.of(), null, null);
        byte[] json = CycloneDxWriter.toJson(input);
        assertValid(json);
        JsonNode bom = Json.mapper().readTree(json);
        Map<String, JsonNode> byPurl = byPurl(bom);

        JsonNode base = byPurl.get("pkg:oci/debian@" + BASE + "?repository_url=docker.io/library/debian&tag=12-slim");
        assertEquals("container", base.path("type").asText(), byPurl.keySet().toString());
        assertEquals(BASE.hex(), base.path("hashes").get(0).path("content").asText());

        JsonNode stdcxx = component(bom, "file:/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
        assertEquals("pkg:deb/debian/libstdc%2B%2B6@12.2.0-14%2Bdeb12u1?arch=amd64", stdcxx.path("purl").asText());
        assertEquals("libstdc++6", new PackageURL(stdcxx.path("purl").asText()).getName());
        assertEquals("12.2.0-14+deb12u1", stdcxx.path("version").asText());
        JsonNode custom = component(bom, "file:/lib/libcustom.so");
        assertEquals("libcustom.so", custom.path("name").asText());
        assertTrue(custom.path("purl").isMissingNode());
    }

    @Test
    void bundledFilesFromImageJsonBecomeLibraries() throws Exception {
        Digest libz = Digest.sha256(new byte[]{5});
        SbomInput.BundledLibrary known = SbomInput.BundledLibrary.of(new dev.zeroimage.libraries.BundledFile(
                "/lib/x86_64-linux-gnu/libz.so.1", "/build/machine/sysroot/libz.so.1.2.13", libz.toString(), 10,
                "zlib1g", "1:1.2.13.dfsg-1"));
        SbomInput.BundledLibrary unknown = SbomInput.BundledLibrary.of(new dev.zeroimage.libraries.BundledFile(
                "/app/libextra.so", "/tmp/x/libextra.so", libz.toString(), 10, null, null));
        SbomInput base = staticBaseInput();
        byte[] json = CycloneDxWriter.toJson(new SbomInput(base.image(), base.base(), base.executable(),
                List.of(known, unknown), List.of(), List.of(), null, null));
        assertValid(json);
        JsonNode bom = Json.mapper().readTree(json);
        JsonNode zlib = component(bom, "file:/lib/x86_64-linux-gnu/libz.so.1");
        assertEquals("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1", zlib.path("purl").asText());
        assertEquals(libz.hex(), zlib.path("hashes").get(0).path("content").asText());
        assertEquals("libextra.so", component(bom, "file:/app/libextra.so").path("name").asText());
        assertFalse(new String(json, StandardCharsets.UTF_8).contains("/build/machine"),
                "the source path depends on the build machine");
    }

    @Test
    void nativeImageComponentsAreMergedOnceEach() throws Exception {
        Path graal = temp.resolve("hello.sbom.json");
        Files.writeString(graal, """
                {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
                 "components":[
                  {"type":"library","group":"com.example","name":"lib","version":"1.2.3",
                   "purl":"pkg:maven/com.example/lib@1.2.3","bom-ref":"x"},
                  {"type":"library","group":"org.graalvm.sdk","name":"nativeimage","version":"24.0.1",
                   "purl":"pkg:maven/org.graalvm.sdk/nativeimage@24.0.1",
                   "hashes":[{"alg":"SHA-256","content":"%s"},{"alg":"WEIRD","content":"zz"}],
                   "components":[{"type":"framework","name":"inner"}]}
                 ]}
                """.formatted("AB".repeat(32)));
        SbomInput base = staticBaseInput();
        SbomInput input = new SbomInput(base.image(), base.base(), base.executable(), base.libraries(),
                base.extraFiles(), base.dependencies(), graal, base.toolVersion());
        byte[] json = CycloneDxWriter.toJson(input);
        assertValid(json);
        JsonNode bom = Json.mapper().readTree(json);
        long libs = 0;
        for (JsonNode component : bom.path("components")) {
            if ("pkg:maven/com.example/lib@1.2.3".equals(component.path("purl").asText())) {
                libs++;
            }
        }
        assertEquals(1, libs, "a dependency GraalVM also lists appears once");
        JsonNode sdk = byPurl(bom).get("pkg:maven/org.graalvm.sdk/nativeimage@24.0.1");
        assertEquals("ab".repeat(32), sdk.path("hashes").get(0).path("content").asText());
        assertEquals(1, sdk.path("hashes").size());
        assertEquals("framework", component(bom, "native-image:inner").path("type").asText());
    }

    @Test
    void brokenNativeImageSbomIsNamed() throws Exception {
        Path graal = temp.resolve("hello.sbom.json");
        Files.writeString(graal, "{not json");
        SbomInput base = staticBaseInput();
        SbomInput input = new SbomInput(base.image(), base.base(), base.executable(), List.of(), List.of(),
                List.of(), graal, null);
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> CycloneDxWriter.toJson(input));
        assertTrue(e.getMessage().contains(graal.toString()), e.getMessage());
        assertEquals(graal, NativeImageSbom.besideExecutable(temp.resolve("hello")));
    }

    @Test
    void writesAtomically() throws Exception {
        Path target = temp.resolve("out/sbom.cdx.json");
        CycloneDxWriter.write(staticBaseInput(), target);
        assertArrayEquals(CycloneDxWriter.toJson(staticBaseInput()), Files.readAllBytes(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void hashesComeInAlgorithmOrderWhateverTheMapGiven() {
        Map<String, String> hashes = new java.util.LinkedHashMap<>();
        for (String algorithm : List.of("SHA-512", "SHA-1", "SHA-384", "SHA-256", "MD5")) {
            hashes.put(algorithm, "00");
        }
        SbomInput.MavenDependency dependency = new SbomInput.MavenDependency("g", "a", "1", null, "jar", "compile", hashes);
        // Not Map.copyOf's order, which changes from one JVM run to the next.
        assertEquals(List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"), List.copyOf(dependency.hashes().keySet()));
    }

    @Test
    void fileHashesStreamSha1AndSha256() throws Exception {
        Path file = temp.resolve("f.jar");
        Files.write(file, "abc".getBytes(StandardCharsets.UTF_8));
        Map<String, String> hashes = FileHashes.of(file);
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", hashes.get("SHA-1"));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hashes.get("SHA-256"));
    }

    static void assertValid(byte[] json) throws Exception {
        List<ParseException> problems = new JsonParser().validate(json, Version.VERSION_16);
        assertTrue(problems.isEmpty(), problems + "\n" + new String(json, StandardCharsets.UTF_8));
    }

    private static JsonNode component(JsonNode bom, String ref) {
        for (JsonNode component : bom.path("components")) {
            if (ref.equals(component.path("bom-ref").asText())) {
                return component;
            }
        }
        throw new AssertionError("no component " + ref + " in " + bom.toPrettyString());
    }

    private static Map<String, JsonNode> byPurl(JsonNode bom) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (JsonNode component : bom.path("components")) {
            if (component.has("purl")) {
                out.put(component.path("purl").asText(), component);
            }
        }
        return out;
    }
}
