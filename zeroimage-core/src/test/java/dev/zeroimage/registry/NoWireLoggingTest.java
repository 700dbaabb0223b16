package dev.zeroimage.registry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Registry traffic goes through the JDK's HttpClient, which logs nothing unless its own debug
 * properties are set, and blob downloads through HttpURLConnection, whose header log is held at INFO
 * ({@link BlockingDownloadTest} logs at FINEST to show it). HTTP libraries that log headers and bodies through commons-logging or
 * java.util.logging (Apache HttpClient's wire log, google-http-client's request log) must not come
 * back on the classpath: under {@code mvn -X} Maven would print every Authorization header.
 */
class NoWireLoggingTest {
    @Test
    void noLoggingHttpLibraryIsOnTheClasspath() {
        for (String name : new String[]{"org.apache.http.impl.client.HttpClientBuilder",
                "org.apache.http.impl.conn.Wire", "com.google.api.client.http.HttpTransport",
                "org.apache.commons.logging.LogFactory"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " is on the classpath");
        }
    }
}
