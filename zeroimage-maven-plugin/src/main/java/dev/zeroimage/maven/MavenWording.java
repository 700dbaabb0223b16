package dev.zeroimage.maven;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.ZeroImageException;

/**
 * Core messages name settings as the README does ({@code allowDynamic}); in Maven a user also wants
 * the user property to set them with. This adds it, so the core stays free of Maven wording.
 */
final class MavenWording {
    private MavenWording() {
    }

    static String of(ZeroImageException e) {
        if (e instanceof InvalidSettingException invalid) {
            return "Invalid " + invalid.setting() + " (zeroimage." + invalid.setting() + "): " + invalid.problem();
        }
        String message = e.getMessage();
        for (String[] wording : WORDINGS) {
            message = message.replace(wording[0], wording[1]);
        }
        return message;
    }

    /** Core phrase → the same with the Maven way to set it (the messages users saw before). */
    private static final String[][] WORDINGS = {
            {"or set allowDynamic if you add them yourself",
                    "or set allowDynamic (-Dzeroimage.allowDynamic=true) if you add them yourself"},
            {"set libraries=bundle to copy the loader",
                    "set <libraries>bundle</libraries> (-Dzeroimage.libraries=bundle) to copy the loader"},
            {"Set libraries=bundle to copy the missing libraries",
                    "Set libraries=bundle (-Dzeroimage.libraries=bundle) to copy the missing libraries"},
            {"or set libraries=ignore (or allowDynamic) if you add them yourself",
                    "or set libraries=ignore (-Dzeroimage.libraries=ignore, or allowDynamic) if you add them yourself"},
            {"set sysroot to a root", "set sysroot (-Dzeroimage.sysroot=DIR) to a root"},
            {" (sysroot) is not a directory", " (sysroot, zeroimage.sysroot) is not a directory"},
            {": offline mode is on. Turn it off (", ": Maven is offline (-o). Drop -o ("},
            {") and offline mode is on: run the build once online, or turn offline mode off.",
                    ") and Maven is offline (-o): run the build once online, or drop -o."},
            {") and offline mode is on: it was never pulled (for this platform?). Run the build once online, or"
                    + " turn offline mode off.", ") and Maven is offline (-o): it was never pulled (for this"
                    + " platform?). Run the build once online, or drop -o."},
            {"log in (zeroimage login, docker login).", "log in (mvn zeroimage:login, docker login)."},
            {"and offline mode is on. Turn offline mode off to push.", "and Maven is offline (-o). Drop -o to push."},
    };
}
