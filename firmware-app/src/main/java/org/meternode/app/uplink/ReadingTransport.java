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

    /**
     * The server's answer: delivered, failed for now (retry with back-off), refused by the server, or
     * rejected by the node itself; and why in words for the log.
     *
     * @param rejected the sequence numbers of the readings that can never be sent (REJECTED only)
     */
    record Outcome(Kind kind, String detail, List<Long> rejected) {
        public enum Kind {
            /** Acknowledged: stored at the server. */
            DELIVERED,
            /** Transient: no connection, timeout, 5.xx; retried with back-off, nothing set aside. */
            FAILED,
            /**
             * The server answered 4.xx: maybe a stale registration, maybe a reading it will never take.
             * Retried a few times; if the same batch keeps being refused, the bad reading is isolated.
             */
            REFUSED,
            /** These readings can never be sent (their stream no longer exists): set them aside. */
            REJECTED
        }

        public Outcome {
            rejected = List.copyOf(rejected);
        }

        public boolean delivered() {
            return kind == Kind.DELIVERED;
        }

        public static Outcome ok() {
            return new Outcome(Kind.DELIVERED, "acknowledged", List.of());
        }

        public static Outcome failed(String detail) {
            return new Outcome(Kind.FAILED, detail, List.of());
        }

        public static Outcome refused(String detail) {
            return new Outcome(Kind.REFUSED, detail, List.of());
        }

        public static Outcome rejected(String detail, List<Long> seqs) {
            return new Outcome(Kind.REJECTED, detail, seqs);
        }
    }
}
