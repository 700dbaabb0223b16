package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JibStyleConfigurationTest {
    private static final JibStyleConfiguration.ImageConfig NOTHING_SET =
            new JibStyleConfiguration.ImageConfig(null, null, null, null, null, null, null, null, "oci");

    private static Auth auth(String user) {
        Auth auth = new Auth();
        auth.setUsername(user);
        auth.setPasswordEnvironment("PW");
        return auth;
    }

    @Test
    void toImageTagsAndAuthBecomeTheTarget() {
        To to = new To();
        to.setImage(" ghcr.io/acme/app:1 ");
        to.setTags(List.of("latest", "1"));
        Auth credentials = auth("ci");
        to.setAuth(credentials);

        JibStyleConfiguration.Target target = JibStyleConfiguration.target("app:1.0", false, null, null, to);

        assertEquals("ghcr.io/acme/app:1", target.image());
        assertEquals(List.of("latest", "1"), target.tags());
        assertSame(credentials, target.auth());
    }

    @Test
    void withoutToOurValuesStay() {
        Auth credentials = auth("ci");
        JibStyleConfiguration.Target target = JibStyleConfiguration.target("ghcr.io/a/b:1", true, List.of("x"),
                credentials, null);
        assertEquals(new JibStyleConfiguration.Target("ghcr.io/a/b:1", List.of("x"), credentials), target);
        // an empty <to/> changes nothing either, and the image's default is kept
        assertEquals("app:1.0", JibStyleConfiguration.target("app:1.0", false, null, null, new To()).image());
    }

    @Test
    void imageSetBothWaysIsAnErrorNamingBoth() {
        To to = new To();
        to.setImage("ghcr.io/acme/app:1");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> JibStyleConfiguration.target("ghcr.io/acme/other:1", true, null, null, to));
        assertEquals("`image` and `<to><image>` both set: keep one", e.getMessage());
    }

    @Test
    void authWithToAuthIsAnErrorWhereAuthUsedToWinSilently() {
        To to = new To();
        to.setAuth(auth("jib"));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> JibStyleConfiguration.target("app:1", false, null, auth("ours"), to));
        assertEquals("`auth` and `<to><auth>` both set: keep one", e.getMessage());
    }

    @Test
    void tagsBothWaysIsAnError() {
        To to = new To();
        to.setTags(List.of("latest"));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> JibStyleConfiguration.target("app:1", false, List.of("1"), null, to));
        assertEquals("`tags` and `<to><tags>` both set: keep one", e.getMessage());
        // an empty list on our side is nothing set
        assertEquals(List.of("latest"), JibStyleConfiguration.target("app:1", false, List.of(), null, to).tags());
    }

    @Test
    void fromAsAPlainValueOrWithImageAndAuth() {
        From plain = new From();
        plain.set("static");
        assertEquals(new JibStyleConfiguration.Base("static", null), JibStyleConfiguration.base(plain, null, false));

        From jib = new From();
        jib.setImage("registry.example.com/base:1");
        Auth credentials = auth("puller");
        jib.setAuth(credentials);
        JibStyleConfiguration.Base base = JibStyleConfiguration.base(jib, null, false);
        assertEquals("registry.example.com/base:1", base.image());
        assertSame(credentials, base.auth());

        assertNull(JibStyleConfiguration.base(null, null, false).image());
    }

    @Test
    void fromAuthWithFromAuthElementIsAnError() {
        From from = new From();
        from.setAuth(auth("jib"));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> JibStyleConfiguration.base(from, auth("ours"), false));
        assertEquals("`fromAuth` and `<from><auth>` both set: keep one", e.getMessage());
    }

    @Test
    void aFromPropertyBesideTheJibFormIsAnError() {
        From from = new From();
        from.set("scratch"); // what Maven 3 hands over when -Dzeroimage.from=scratch meets <from><image>
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> JibStyleConfiguration.base(from, null, true));
        assertEquals("`zeroimage.from` (a property) and `<from><image>` both set: keep one", e.getMessage());
    }

    @Test
    void containerValuesBecomeOurs() {
        Container container = new Container();
        container.setArgs(List.of("--port", "8080"));
        container.setEnvironment(Map.of("A", "1"));
        container.setLabels(Map.of("team", "x"));
        container.setPorts(List.of("8080", "1000-1002/udp"));
        container.setUser("65532:65532");
        container.setWorkingDirectory("/work");
        container.setVolumes(List.of("/data"));
        container.setCreationTime("2024-01-01T00:00:00Z");
        container.setFormat("Docker");

        JibStyleConfiguration.ImageConfig config = JibStyleConfiguration.container(NOTHING_SET, false, container);

        assertEquals(new JibStyleConfiguration.ImageConfig(List.of("--port", "8080"), Map.of("A", "1"),
                Map.of("team", "x"), List.of("8080", "1000-1002/udp"), "65532:65532", "/work", List.of("/data"),
                String.valueOf(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond()), "docker"), config);
    }

    @Test
    void eachContainerValueSetBothWaysIsAnErrorNamingBoth() {
        record Case(String ours, JibStyleConfiguration.ImageConfig config, Container container) {
        }
        Container args = new Container();
        args.setArgs(List.of("a"));
        Container user = new Container();
        user.setUser("1");
        Container env = new Container();
        env.setEnvironment(Map.of("A", "1"));
        Container created = new Container();
        created.setCreationTime("EPOCH");
        Container workdir = new Container();
        workdir.setWorkingDirectory("/w");
        List<Case> cases = List.of(
                new Case("args", new JibStyleConfiguration.ImageConfig(List.of("b"), null, null, null, null, null,
                        null, null, "oci"), args),
                new Case("user", new JibStyleConfiguration.ImageConfig(null, null, null, null, "2", null, null, null,
                        "oci"), user),
                new Case("environment", new JibStyleConfiguration.ImageConfig(null, Map.of("B", "2"), null, null,
                        null, null, null, null, "oci"), env),
                new Case("creationTime", new JibStyleConfiguration.ImageConfig(null, null, null, null, null, null,
                        null, "now", "oci"), created),
                new Case("workingDirectory", new JibStyleConfiguration.ImageConfig(null, null, null, null, null,
                        "/x", null, null, "oci"), workdir));
        for (Case c : cases) {
            ZeroImageException e = assertThrows(ZeroImageException.class,
                    () -> JibStyleConfiguration.container(c.config(), false, c.container()));
            assertEquals("`" + c.ours() + "` and `<container><" + c.ours() + ">` both set: keep one", e.getMessage());
        }
    }

    @Test
    void formatHasADefaultSoOnlyAFormatTheUserSetConflicts() {
        Container container = new Container();
        container.setFormat("OCI");
        assertEquals("oci", JibStyleConfiguration.container(NOTHING_SET, false, container).format());
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> JibStyleConfiguration.container(NOTHING_SET, true, container));
        assertEquals("`format` and `<container><format>` both set: keep one", e.getMessage());
    }

    @Test
    void jibCreationTimes() {
        assertEquals("0", JibStyleConfiguration.creationTime("EPOCH"));
        assertEquals("now", JibStyleConfiguration.creationTime("USE_CURRENT_TIMESTAMP"));
        assertEquals("1704067200", JibStyleConfiguration.creationTime("2024-01-01T00:00:00Z"));
        assertEquals("1704063600", JibStyleConfiguration.creationTime("2024-01-01T00:00:00+01:00"));
        assertEquals("1704063600", JibStyleConfiguration.creationTime("2024-01-01T00:00:00+0100"));
        assertEquals("1704067200", JibStyleConfiguration.creationTime("2024-01-01T00:00:00.750Z"));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> JibStyleConfiguration.creationTime("yesterday"));
        assertTrue(e.getMessage().startsWith("Invalid <container><creationTime> 'yesterday': use EPOCH,"
                + " USE_CURRENT_TIMESTAMP or an ISO-8601 time"), e.getMessage());
    }

    @Test
    void anUnknownFormatNamesTheJibSpelling() {
        Container container = new Container();
        container.setFormat("v2s1");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> JibStyleConfiguration.container(NOTHING_SET, false, container));
        assertEquals("Invalid <container><format> 'v2s1': use Docker or OCI", e.getMessage());
    }

    @Test
    void jibJvmSettingsAreRefusedWithTheReason() {
        Container container = new Container();
        container.setMainClass("com.example.Main");
        container.setJvmFlags(List.of("-Xmx1g"));
        container.setEntrypoint(List.of("INHERIT"));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> JibStyleConfiguration.container(NOTHING_SET, false, container));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(3, lines.size(), e.getMessage());
        assertTrue(lines.get(0).startsWith("<container><entrypoint> is a Jib setting with no meaning here: the"
                + " executable is the entrypoint: use executablePath"), lines.get(0));
        assertTrue(lines.get(1).startsWith("<container><jvmFlags> is a Jib setting with no meaning here: there is"
                + " no JVM in the image"), lines.get(1));
        assertTrue(lines.get(2).startsWith("<container><mainClass> is a Jib setting with no meaning here: there"
                + " is no JVM in the image: the native executable is the entrypoint"), lines.get(2));
    }

    @Test
    void everyRefusedJibSettingHasAReason() {
        Container container = new Container();
        container.setAppRoot("/app");
        container.setExtraClasspath(List.of("/x"));
        container.setExpandClasspathDependencies("true");
        container.setFilesModificationTime("EPOCH_PLUS_SECOND");
        container.setUseCurrentTimestamp("true");
        From from = new From();
        from.setPlatforms(null);
        from.setCredHelper("ecr-login");
        To to = new To();
        to.setCredHelper("ecr-login");
        List<String> messages = List.of(
                assertThrows(ZeroImageException.class,
                        () -> JibStyleConfiguration.container(NOTHING_SET, false, container)).getMessage(),
                assertThrows(ZeroImageException.class, () -> JibStyleConfiguration.base(from, null, false)).getMessage(),
                assertThrows(ZeroImageException.class,
                        () -> JibStyleConfiguration.target("a:1", false, null, null, to)).getMessage());
        String all = String.join("\n", messages);
        assertEquals(8, all.lines().count(), all);
        all.lines().forEach(line -> {
            assertTrue(line.matches("<(container|from|to)><[a-zA-Z]+> is a Jib setting with no meaning here: .+\\."),
                    line);
            assertTrue(!line.contains("null"), line);
        });
    }
}
