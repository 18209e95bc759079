package org.meternode.app.update;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confirms a trial boot: once this image is registered and the server acknowledged a Send, the
 * slot state's trial flag is cleared (under the state lock, so a launcher that already decided to
 * roll back wins) and object 5 reports success.
 */
public final class TrialHealth {
    private static final Logger LOG = LoggerFactory.getLogger(TrialHealth.class);

    private final SlotStore store;
    private final FirmwareImage image;
    private final UpdateAgent agent;
    private final AtomicBoolean pending = new AtomicBoolean();

    public TrialHealth(SlotStore store, FirmwareImage image, UpdateAgent agent) throws IOException {
        this.store = store;
        this.image = image;
        this.agent = agent;
        SlotState s = store.read();
        pending.set(s.trial() && s.active().equals(image.slot()));
    }

    /** True while this process runs a trial image that has not confirmed health yet. */
    public boolean onTrial() {
        return pending.get();
    }

    /** The server acknowledged a Send (which it only takes from a registered client). */
    public synchronized void sendAcknowledged() {
        if (!pending.get()) {
            return;
        }
        try {
            SlotState after = store.update(s -> s.trial() && s.active().equals(image.slot()) ? s.confirmed() : s);
            pending.set(false);
            if (after.outcome() == SlotState.Outcome.SUCCESS && after.active().equals(image.slot())) {
                agent.trialConfirmed(image.version());
            } else {
                LOG.error("trial of {} ended before health was confirmed (the launcher rolled back)", image.version());
            }
        } catch (IOException e) {
            LOG.error("cannot confirm the trial boot in the slot state: {}", e.toString());
        }
    }
}
