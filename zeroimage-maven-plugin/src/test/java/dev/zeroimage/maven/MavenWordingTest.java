package dev.zeroimage.maven;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.base.BaseSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Core messages name settings; the plugin adds the user property, giving the text Maven users always saw. */
class MavenWordingTest {

    @Test
    void anInvalidSettingNamesItsUserProperty() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> BaseSpec.of("UPPER/Case:tag", null, List.of(), false));

        assertEquals("Invalid from: " + e.problem(), e.getMessage());
        assertEquals("Invalid from (zeroimage.from): " + e.problem(), MavenWording.of(e));
        assertEquals(true, e.problem().endsWith(". Use scratch, static, or an image reference such as alpine:3.20"));
    }

    @Test
    void allowDynamicGetsItsCommandLineFlag() {
        String core = "x is dynamically linked: ... (from), or set allowDynamic if you add them yourself.";

        assertEquals("x is dynamically linked: ... (from), or set allowDynamic (-Dzeroimage.allowDynamic=true) if you"
                + " add them yourself.", MavenWording.of(new ZeroImageException(core)));
    }

    @Test
    void libraryMessagesGetTheirPropertiesAsBefore() {
        String core = "Fix it in one of these ways: set libraries=bundle to copy the loader and libraries from the"
                + " build machine into the image; ... (from), or set libraries=ignore (or allowDynamic) if you add"
                + " them yourself. Set libraries=bundle to copy the missing libraries from the build machine."
                + " The sysroot /x (sysroot) is not a directory: set sysroot to a root file system for linux/arm64";

        assertEquals("Fix it in one of these ways: set <libraries>bundle</libraries> (-Dzeroimage.libraries=bundle)"
                + " to copy the loader and libraries from the build machine into the image; ... (from), or set"
                + " libraries=ignore (-Dzeroimage.libraries=ignore, or allowDynamic) if you add them yourself."
                + " Set libraries=bundle (-Dzeroimage.libraries=bundle) to copy the missing libraries from the build"
                + " machine. The sysroot /x (sysroot, zeroimage.sysroot) is not a directory: set sysroot"
                + " (-Dzeroimage.sysroot=DIR) to a root file system for linux/arm64",
                MavenWording.of(new ZeroImageException(core)));
    }

    @Test
    void otherMessagesAreKept() {
        assertEquals("Invalid port 'http' in ports: x", MavenWording.of(new ZeroImageException("Invalid port 'http' in ports: x")));
    }

    @Test
    void offlineAndLoginHintsSpeakMavenAsBefore() {
        assertEquals("Cannot reach registry r for the manifest: Maven is offline (-o). Drop -o (a base image that"
                + " was pulled once is then cached).", MavenWording.of(new ZeroImageException("Cannot reach registry r"
                + " for the manifest: offline mode is on. Turn it off (a base image that was pulled once is then"
                + " cached).")));
        assertEquals("The base image b is not in the cache (/c) and Maven is offline (-o): run the build once online,"
                + " or drop -o.", MavenWording.of(new ZeroImageException("The base image b is not in the cache (/c)"
                + " and offline mode is on: run the build once online, or turn offline mode off.")));
        assertEquals("Check the username and password, or log in (mvn zeroimage:login, docker login).",
                MavenWording.of(new ZeroImageException("Check the username and password, or log in (zeroimage"
                        + " login, docker login).")));
    }

    @Test
    void anOfflinePushSaysToDropMinusO() {
        assertEquals("Cannot push to registry r (the blob x): pushing needs the network, and Maven is offline (-o)."
                + " Drop -o to push.", MavenWording.of(new ZeroImageException("Cannot push to registry r (the blob x):"
                + " pushing needs the network, and offline mode is on. Turn offline mode off to push.")));
    }
}
