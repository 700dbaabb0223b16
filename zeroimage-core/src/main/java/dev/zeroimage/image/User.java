package dev.zeroimage.image;

import dev.zeroimage.ZeroImageException;

/**
 * The user a container runs as, as the config's {@code User} holds it: {@code uid[:gid]} or
 * {@code name[:group]}. A name must be looked up in the image's {@code /etc/passwd}; a uid need not.
 *
 * @param text exactly what was configured (it goes into the config unchanged)
 */
public record User(String text) {

    public User {
        if (text == null || text.isBlank()) {
            throw new ZeroImageException("Invalid user '" + text + "': expected uid[:gid] or a user name");
        }
    }

    /** The user part, before any {@code :group}. */
    public String name() {
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(0, colon);
    }

    /** A numeric uid runs without an {@code /etc/passwd} entry. */
    public boolean isNumeric() {
        String name = name();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    @Override
    public String toString() {
        return text;
    }
}
