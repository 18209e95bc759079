package org.meternode.app.uplink;

import java.time.Duration;
import java.util.List;
import org.meternode.app.outbox.StoredReading;

/** Carries batches of readings to the server (LwM2M Send in production). */
public interface ReadingTransport {
    /** True when a batch could be sent now (registered with the server). */
    boolean isReady();

    /** Sends one batch and waits for the server's answer; only a success means "stored there". */
    Outcome send(List<StoredReading> batch, Duration timeout) throws InterruptedException;

    /** The server's answer: delivered or not, and why not in words for the log. */
    record Outcome(boolean delivered, String detail) {
        public static Outcome ok() {
            return new Outcome(true, "acknowledged");
        }

        public static Outcome failed(String detail) {
            return new Outcome(false, detail);
        }
    }
}
