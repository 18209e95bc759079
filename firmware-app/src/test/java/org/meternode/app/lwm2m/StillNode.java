package org.meternode.app.lwm2m;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meternode.app.manage.Health;
import org.meternode.app.manage.NodeManagement;

/** A NodeManagement that answers with fixed values and refuses changes, for client tests. */
final class StillNode implements NodeManagement {
    @Override
    public Health health() {
        return new Health("meter-test", "0.1.0", "test", true, "registered", 0, Optional.empty(), Optional.empty(), 0,
                "", 0, 1, 1 << 30, "test clock", Instant.EPOCH, 0, 0, "", "", "");
    }

    @Override
    public List<String> recentLog() {
        return List.of();
    }

    @Override
    public String setting(String key) {
        return "15m";
    }

    @Override
    public Optional<String> write(String key, String value) {
        return Optional.of(key + ": read-only in this test");
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public void setActive(boolean active) {
    }

    @Override
    public List<String> channelIds() {
        return List.of();
    }

    @Override
    public String channelType(String id) {
        return "pulse";
    }

    @Override
    public boolean isChannelActive(String id) {
        return true;
    }

    @Override
    public void setChannelActive(String id, boolean active) {
    }

    @Override
    public String calibrationKey(String id) {
        return "channels." + id + ".pulses-per-kwh";
    }

    @Override
    public String channelFault(String id) {
        return "";
    }

    @Override
    public void restart(String reason) {
    }

    @Override
    public void factoryReset(boolean wipeReadings) {
    }

    @Override
    public SendStats sendStats() {
        return new SendStats(0, 0, 0, 0, 0);
    }
}
