package org.meternode.app.manage;

import java.util.List;

/**
 * What remote management may do to a running node. Implemented by the node; called by the LwM2M
 * objects (which know nothing of sampling or storage).
 */
public interface NodeManagement {
    Health health();

    /** The last lines the node logged, oldest first. */
    List<String> recentLog();

    /** Current effective value of a remotely writable setting (see ConfigOverlay.WRITABLE), as text. */
    String setting(String key);

    /**
     * Validates and applies a remote setting; persisted before it takes effect.
     *
     * @return empty on success, else why it was refused (naming the key)
     */
    java.util.Optional<String> write(String key, String value);

    boolean isActive();

    void setActive(boolean active);

    List<String> channelIds();

    /** "pulse" or "ct-clamp". */
    String channelType(String id);

    boolean isChannelActive(String id);

    void setChannelActive(String id, boolean active);

    /**
     * The remotely writable key that calibrates a channel: {@code channels.<id>.calibration} for a CT
     * clamp, {@code .pulses-per-kwh} or {@code .litres-per-pulse} for a pulse channel; null for a dsmr
     * channel, which has nothing to calibrate.
     */
    String calibrationKey(String id);

    /** The last sensor fault of a channel, empty if none. */
    String channelFault(String id);

    /** Restart the node process after the current request has been answered. */
    void restart(String reason);

    /** Forget remote settings and flags, optionally the undelivered readings too, then restart. */
    void factoryReset(boolean wipeReadings);

    /** Send path round-trip statistics. */
    SendStats sendStats();

    /** Counts and round-trip times of Sends since start. */
    record SendStats(long ok, long failed, long lastRttMillis, long meanRttMillis, long maxRttMillis) {
    }
}
