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
        return e.getMessage().replace("or set allowDynamic if you add them yourself",
                "or set allowDynamic (-Dzeroimage.allowDynamic=true) if you add them yourself");
    }
}
