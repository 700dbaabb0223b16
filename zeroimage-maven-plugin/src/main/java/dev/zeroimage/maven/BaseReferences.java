package dev.zeroimage.maven;

import dev.zeroimage.base.BaseImageResolver;
import dev.zeroimage.base.StaticBase;
import dev.zeroimage.image.ImageReference;

/** Which base, if any, layers can be mounted from when pushing (a base pulled from a registry). */
final class BaseReferences {
    private BaseReferences() {
    }

    static ImageReference mountSource(String from) {
        if (from == null || from.isBlank() || from.trim().equals(BaseImageResolver.SCRATCH)
                || from.trim().equals(StaticBase.NAME)) {
            return null;
        }
        return ImageReference.parse(from);
    }
}
