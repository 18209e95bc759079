package org.meternode.app.lwm2m.security;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every DTLS handshake in one line (full, resumed, or failed and why) and counts them. A
 * failure also goes to the security event sink. Handshake messages from Scandium and from our
 * verifier name keys only by a short digest, never by content.
 */
public final class HandshakeLog implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeLog.class);

    private final String peerName;
    private final BiConsumer<String, String> events;
    private final AtomicLong full = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastFailure;

    /**
     * @param peerName what to call the other side in log lines ("server", "node")
     * @param events   (kind, detail) of security events; kind is {@code handshake-failed}
     */
    public HandshakeLog(String peerName, BiConsumer<String, String> events) {
        this.peerName = peerName;
        this.events = events;
    }

    public long fullHandshakes() {
        return full.get();
    }

    public long resumptions() {
        return resumed.get();
    }

    public long failures() {
        return failed.get();
    }

    /** Why the last handshake failed, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public void handshakeStarted(Handshaker handshaker) {
        // logged when it ends
    }

    @Override
    public void contextEstablished(Handshaker handshaker, DTLSContext context) {
        // logged when it completes
    }

    @Override
    public void handshakeCompleted(Handshaker handshaker) {
        lastFailure = null;
        String suite = handshaker.getSession() == null ? "?" : String.valueOf(handshaker.getSession().getCipherSuite());
        if (handshaker.isFullHandshake()) {
            full.incrementAndGet();
            LOG.info("DTLS full handshake with {} {} done ({})", peerName, handshaker.getPeerAddress(), suite);
        } else {
            resumed.incrementAndGet();
            LOG.info("DTLS session with {} {} resumed (abbreviated handshake, {})", peerName,
                    handshaker.getPeerAddress(), suite);
        }
    }

    @Override
    public void handshakeFailed(Handshaker handshaker, Throwable error) {
        failed.incrementAndGet();
        String why = error == null ? "unknown cause" : String.valueOf(error.getMessage());
        lastFailure = why;
        LOG.error("DTLS handshake with {} {} failed: {}", peerName, handshaker.getPeerAddress(), why);
        events.accept("handshake-failed", peerName + " " + handshaker.getPeerAddress() + ": " + why);
    }

    @Override
    public void handshakeFlightRetransmitted(Handshaker handshaker, int flight) {
        LOG.debug("DTLS handshake with {} {}: flight {} retransmitted", peerName, handshaker.getPeerAddress(), flight);
    }
}
