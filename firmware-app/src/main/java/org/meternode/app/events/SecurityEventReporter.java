package org.meternode.app.events;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends stored security events to the server whenever there are some and the node is registered;
 * waits, without polling, for a new event or a (re)registration. One virtual thread.
 */
public final class SecurityEventReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityEventReporter.class);
    private static final int BATCH = 16;

    /** How events reach the server (the LwM2M client). */
    public interface Transport {
        boolean isReady();

        /** True when the server acknowledged the events. */
        boolean sendEvents(List<SecurityEvent> events, Duration timeout) throws InterruptedException;
    }

    private final SecurityEventLog log;
    private final Transport transport;
    private final Duration timeout;
    private final Semaphore wake = new Semaphore(0);
    private Thread thread;

    public SecurityEventReporter(SecurityEventLog log, Transport transport, Duration timeout) {
        this.log = log;
        this.transport = transport;
        this.timeout = timeout;
    }

    public synchronized void start() {
        thread = Thread.ofVirtual().name("meternode-security-events").start(this::run);
    }

    /** Something to send may be there (an event was stored, or the node registered). */
    public void wake() {
        wake.release();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                wake.acquire();
                wake.drainPermits();
                drain();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() throws InterruptedException {
        while (transport.isReady()) {
            List<SecurityEvent> batch = log.unreported(BATCH);
            if (batch.isEmpty()) {
                return;
            }
            if (!transport.sendEvents(batch, timeout)) {
                LOG.debug("{} security event(s) not acknowledged; kept for the next chance", batch.size());
                return;
            }
            log.markReported(batch.get(batch.size() - 1).seq());
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
