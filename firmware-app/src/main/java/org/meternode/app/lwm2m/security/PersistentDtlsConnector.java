package org.meternode.app.lwm2m.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.elements.util.DatagramWriter;
import org.eclipse.californium.elements.util.SerializationUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.ResumptionSupportingConnectionStore;

/**
 * A Scandium connector whose established connections can be written out while it runs (Scandium's
 * own {@code save} needs it stopped and empties it) and read back before it starts.
 *
 * <p>Restored connections continue at a write sequence number {@value #SEQUENCE_SKIP} beyond the
 * saved one: a snapshot taken before the last records were sent must never make the node reuse a
 * record sequence number, which is the AEAD nonce (CCM_8) and the server's replay-window key.
 */
public final class PersistentDtlsConnector extends DTLSConnector {
    /** Sequence numbers skipped after a restore; far more records than a node sends between two saves. */
    public static final long SEQUENCE_SKIP = 1L << 20;

    private final ResumptionSupportingConnectionStore store;
    private final Runnable onStop;

    private PersistentDtlsConnector(DtlsConnectorConfig config, ResumptionSupportingConnectionStore store,
            Runnable onStop) {
        super(config, store);
        this.store = store;
        this.onStop = onStop;
    }

    /** @param onStop run after each stop, when the connections can be saved exactly */
    public static PersistentDtlsConnector create(DtlsConnectorConfig config, Runnable onStop) {
        return new PersistentDtlsConnector(config, createConnectionStore(config), onStop);
    }

    /**
     * Loads connections written by {@link #snapshot()}; call before {@code start()}.
     *
     * @param nanoShift    added to the saved nano timestamps to place them on this JVM's clock
     * @param sequenceSkip write sequence numbers to skip ({@link #SEQUENCE_SKIP} when the snapshot
     *                     may be older than the last record sent, 0 for an exact one used once)
     * @return how many connections were restored
     */
    public int restore(byte[] snapshot, long nanoShift, long sequenceSkip) throws IOException {
        int count = load(new ByteArrayInputStream(snapshot), nanoShift);
        for (Connection c : store) {
            if (c.hasEstablishedDtlsContext()) {
                DTLSContext context = c.getEstablishedDtlsContext();
                for (long i = 0; i < sequenceSkip; i++) {
                    context.getNextSequenceNumber();
                }
            }
        }
        return count;
    }

    /** How many connections with an established session this connector holds. */
    public int establishedConnections() {
        int n = 0;
        for (Connection c : store) {
            if (c.hasEstablishedDtlsContext()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The established connections in Scandium's serialization (secret: holds session keys). Each
     * connection is written on its own serial executor while the connector runs, so the state is
     * never torn by a record being sent at the same time.
     */
    public byte[] snapshot() throws IOException {
        List<Connection> connections = new ArrayList<>();
        store.forEach(connections::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Connection c : connections) {
            byte[] one = writeOne(c);
            if (one != null) {
                out.write(one);
            }
        }
        SerializationUtil.writeNoItem(out);
        return out.toByteArray();
    }

    private static byte[] writeOne(Connection c) throws IOException {
        if (c.isExecuting()) {
            CompletableFuture<byte[]> result = new CompletableFuture<>();
            try {
                c.getExecutor().execute(() -> result.complete(serialize(c)));
                return result.get(2, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                // executor shut down meanwhile: the connector stopped, nothing runs on it any more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while saving DTLS state", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("could not save a DTLS connection: " + e, e);
            }
        }
        return serialize(c);
    }

    private static byte[] serialize(Connection c) {
        DatagramWriter writer = new DatagramWriter(512);
        return c.writeTo(writer) ? writer.toByteArray() : null;
    }

    /** Stops, then hands the exact state to {@code onStop}; only when it was running (destroy stops again). */
    @Override
    public void stop() {
        boolean wasRunning = isRunning();
        super.stop();
        if (wasRunning) {
            onStop.run();
        }
    }
}
