package dev.zeroimage.source;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.ImageIndex;
import dev.zeroimage.image.Platform;

import java.util.List;
import java.util.stream.Collectors;

/** Picks one platform's manifest out of an index, as {@code docker pull --platform} does. */
final class PlatformSelector {
    private PlatformSelector() {
    }

    static Descriptor select(ImageIndex index, Platform wanted, String baseName) {
        List<Descriptor> manifests = index.manifests();
        if (wanted == null) {
            if (manifests.size() == 1) {
                return manifests.get(0);
            }
            throw new ZeroImageException("The base image " + baseName + " has several platforms ("
                    + available(manifests) + "): set platform to choose one");
        }
        for (Descriptor manifest : manifests) {
            if (manifest.platform() != null && wanted.matches(manifest.platform())) {
                return manifest;
            }
        }
        // A single entry without platform (an OCI layout from skopeo) is checked later against its config.
        if (manifests.size() == 1 && manifests.get(0).platform() == null) {
            return manifests.get(0);
        }
        throw new ZeroImageException("The base image " + baseName + " has no image for " + wanted
                + ". It has: " + available(manifests) + ". Choose one of these platforms or another base image.");
    }

    private static String available(List<Descriptor> manifests) {
        String list = manifests.stream()
                .map(manifest -> manifest.platform() == null ? "(unspecified)" : manifest.platform().toString())
                .distinct().collect(Collectors.joining(", "));
        return list.isEmpty() ? "no images at all" : list;
    }
}
