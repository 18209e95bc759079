package org.meternode.app.lwm2m.security;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.californium.elements.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps DTLS connections across restarts, so that a restart or wake needs no handshake. State saved
 * under other credentials or another trust anchor is discarded.
 *
 * <p>{@link #forClient client} (the node): saved on every clean stop and, while running, after a
 * successful exchange at most once per {@code minInterval}; restored with the write sequence
 * numbers advanced by {@link PersistentDtlsConnector#SEQUENCE_SKIP} and saved again at once, so no
 * record sequence number (the CCM nonce) is ever used twice, even after a power cut. When the
 * server has forgotten the session the first request goes unanswered and Leshan's reconnect
 * (resumption, falling back to a full handshake) takes over.
 *
 * <p>{@link #forServer server} (the head-end, many connections): saved only on a clean stop,
 * restored exactly and the file deleted, so a crash later means fresh handshakes, never reuse.
 */
public final class DtlsSessionKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSessionKeeper.class);

    private final DtlsStateFile file;
    private volatile Supplier<String> fingerprint;
    private final Clock clock;
    private final Duration minInterval;
    private volatile PersistentDtlsConnector connector;
    private Instant lastSave = Instant.MIN;
    private volatile int restored;
    private final boolean client;

    private DtlsSessionKeeper(Path stateFile, Supplier<String> fingerprint, Clock clock, Duration minInterval,
            boolean client) {
        this.file = new DtlsStateFile(stateFile);
        this.fingerprint = fingerprint;
        this.clock = clock;
        this.minInterval = minInterval;
        this.client = client;
    }

    /**
     * @param stateFile   where the state lives (created 0600)
     * @param fingerprint digest of the credentials and trust anchor the state must match
     * @param minInterval least time between two saves while running
     */
    public static DtlsSessionKeeper forClient(Path stateFile, Supplier<String> fingerprint, Clock clock,
            Duration minInterval) {
        return new DtlsSessionKeeper(stateFile, fingerprint, clock, minInterval, true);
    }

    /** @param fingerprint digest of the server identity the saved sessions were made with */
    public static DtlsSessionKeeper forServer(Path stateFile, Supplier<String> fingerprint, Clock clock) {
        return new DtlsSessionKeeper(stateFile, fingerprint, clock, null, false);
    }

    public Path stateFile() {
        return file.path();
    }

    /**
     * How many connections the state file at {@code stateFile} holds (0 when there is none): a node
     * only ever has its one server connection; strangers' handshakes must leave no trace here.
     */
    public static int savedConnections(Path stateFile) throws IOException {
        Optional<DtlsStateFile.Saved> saved = new DtlsStateFile(stateFile).read();
        if (saved.isEmpty()) {
            return 0;
        }
        org.eclipse.californium.elements.util.DataStreamReader reader =
                new org.eclipse.californium.elements.util.DataStreamReader(
                        new java.io.ByteArrayInputStream(saved.get().connections()));
        int n = 0;
        while (org.eclipse.californium.scandium.dtls.Connection.fromReader(reader, 0) != null) {
            n++;
        }
        return n;
    }

    /** Connections restored at the last attach (0 or 1 for a node). */
    public int restoredConnections() {
        return restored;
    }

    /**
     * Takes {@code c} as the node's connector: loads the saved state into it (before it starts) and
     * saves the advanced sequence numbers at once, so a crash later cannot make the node reuse one.
     */
    public synchronized void attach(PersistentDtlsConnector c) {
        attach(c, fingerprint);
    }

    /** {@link #attach(PersistentDtlsConnector)} with the fingerprint of the server {@code c} talks to. */
    public synchronized void attach(PersistentDtlsConnector c, Supplier<String> serverFingerprint) {
        fingerprint = serverFingerprint;
        connector = c;
        restored = 0;
        Optional<DtlsStateFile.Saved> saved;
        try {
            saved = file.read();
        } catch (IOException e) {
            LOG.warn("saved DTLS state not used: {}", e.getMessage());
            discard();
            return;
        }
        if (saved.isEmpty()) {
            LOG.info("no saved DTLS session ({}): {}", file.path(),
                    client ? "the first exchange needs a full handshake" : "nodes will handshake afresh");
            return;
        }
        DtlsStateFile.Saved s = saved.get();
        if (!s.fingerprint().equals(fingerprint.get())) {
            LOG.info("saved DTLS session was made with other credentials or another server trust anchor: not used");
            discard();
            return;
        }
        Duration age = Duration.between(s.savedAt(), clock.instant());
        long elapsedNanos = Math.max(0, age.toNanos());
        long shift = ClockUtil.nanoRealtime() - elapsedNanos - s.savedNanos();
        try {
            restored = c.restore(s.connections(), shift, client ? PersistentDtlsConnector.SEQUENCE_SKIP : 0);
        } catch (IOException | RuntimeException e) {
            LOG.warn("saved DTLS state {} is damaged, not used: {}", file.path(), e.getMessage());
            discard();
            return;
        }
        LOG.info("restored {} DTLS session(s) saved {} s ago ({}): no handshake needed unless the peer forgot it",
                restored, age.toSeconds(), s.clean() ? "clean shutdown" : "periodic save");
        if (client) {
            save(false);
        } else {
            discard();
        }
    }

    /** A request was answered: save now if the last save is older than the minimum interval. */
    public void exchangeSucceeded() {
        if (!client) {
            return;
        }
        synchronized (this) {
            if (Duration.between(lastSave, clock.instant()).compareTo(minInterval) < 0) {
                return;
            }
        }
        save(false);
    }

    /** The connector stopped: its state is final, save it exactly. */
    public void stopped(PersistentDtlsConnector c) {
        if (c == connector) {
            save(true);
        }
    }

    private synchronized void save(boolean clean) {
        PersistentDtlsConnector c = connector;
        if (c == null) {
            return;
        }
        try {
            byte[] snapshot = c.snapshot();
            file.write(new DtlsStateFile.Saved(fingerprint.get(), clock.instant(), ClockUtil.nanoRealtime(), clean,
                    snapshot));
            lastSave = clock.instant();
            LOG.debug("saved DTLS state ({} connection(s), {} B, {})", c.establishedConnections(), snapshot.length,
                    clean ? "clean" : "periodic");
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not save DTLS state to {}: {}", file.path(), e.getMessage());
        }
    }

    private void discard() {
        try {
            file.delete();
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file.path(), e.getMessage());
        }
    }
}
