package dev.zeroimage.registry;

import dev.zeroimage.util.WarmUp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;

/**
 * Loads the JDK's HTTP client and TLS classes on a background thread while a build that will push is
 * still busy building (issue 16): about a thousand classes, which otherwise delay the first request
 * by the better part of a second. Nothing is sent and nothing is kept; any failure is left to the real
 * client to report.
 */
public final class TransportWarmUp {
    private TransportWarmUp() {
    }

    public static void start() {
        WarmUp.start("zeroimage-transport-warm-up", TransportWarmUp::warmUp);
    }

    private static void warmUp() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        // Producing a client hello loads most of the handshake code.
        engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
        HttpClient.newBuilder().sslContext(context).build();
    }
}
