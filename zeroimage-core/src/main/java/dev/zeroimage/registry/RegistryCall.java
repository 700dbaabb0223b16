package dev.zeroimage.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One logical request: method, path or absolute URL, the token scopes it needs, and what it is for. */
final class RegistryCall {
    static final int MAX_SMALL_ANSWER = 1024 * 1024;

    final String method;
    final String target;
    final List<String> scopes;
    final String what;
    String accept;
    RequestBody body;
    boolean stream;
    boolean closeMeansTooLarge;
    int maxBody = MAX_SMALL_ANSWER;
    final Map<String, String> headers = new LinkedHashMap<>();

    RegistryCall(String method, String target, List<String> scopes, String what) {
        this.method = method;
        this.target = target;
        this.scopes = scopes;
        this.what = what;
    }

    RegistryCall accept(String value) {
        accept = value;
        return this;
    }

    RegistryCall body(RequestBody value) {
        body = value;
        return this;
    }

    RegistryCall header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    RegistryCall stream() {
        stream = true;
        return this;
    }

    /**
     * A large body whose connection breaks before all of it was sent counts as refused (413): proxies
     * with a body size limit answer 413 at once and close, and that answer is often lost to the reset.
     */
    RegistryCall closeMeansTooLarge() {
        closeMeansTooLarge = true;
        return this;
    }

    RegistryCall maxBody(int value) {
        maxBody = value;
        return this;
    }
}
