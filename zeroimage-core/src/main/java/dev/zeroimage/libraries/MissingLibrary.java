package dev.zeroimage.libraries;

import java.util.List;

/** A library of the closure found nowhere, with the objects that need it. */
record MissingLibrary(String soname, List<String> neededBy) {
    String describe() {
        return soname + " (needed by " + String.join(", ", neededBy) + ")";
    }
}
