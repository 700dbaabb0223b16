package dev.zeroimage.registry;

import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stops the selector thread of a JDK {@link HttpClient} once its owner is done with it (issue 16).
 *
 * <p>Why: that thread waits in {@code epoll_wait}, a native call, and at exit the JVM waits up to 300 ms
 * for threads in native code to come back. Every Maven or CLI run that talked to a registry paid those
 * 300 ms after "BUILD SUCCESS". JDK 21+ has {@code HttpClient.shutdownNow()}; on JDK 17–20 the client's
 * selector thread ends when it is interrupted (its loop runs while the thread is not interrupted), and
 * it is found by the name the JDK gives it, {@code HttpClient-<id>-SelectorManager}, the id being the one
 * the client's {@code toString()} ends with. If either is not found, nothing happens: the run only keeps
 * the 300 ms.
 */
final class HttpClientShutdown {
    private static final Pattern CLIENT_ID = Pattern.compile("\\((\\d+)\\)$");
    private static final Method SHUTDOWN_NOW = shutdownNow();

    private HttpClientShutdown() {
    }

    static void stop(HttpClient client) {
        if (SHUTDOWN_NOW != null) {
            try {
                SHUTDOWN_NOW.invoke(client);
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through to the JDK 17 way
            }
        }
        Matcher id = CLIENT_ID.matcher(String.valueOf(client));
        if (!id.find()) {
            return;
        }
        String name = "HttpClient-" + id.group(1) + "-SelectorManager";
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (name.equals(thread.getName())) {
                thread.interrupt();
            }
        }
    }

    private static Method shutdownNow() {
        try {
            return HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException e) {
            return null; // JDK 17-20
        }
    }
}
