package org.meternode.app.node;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meternode.app.channel.Channel;
import org.meternode.app.channel.ChannelTypes;
import org.meternode.app.config.ChannelConfig;
import org.meternode.app.config.ConfigException;
import org.meternode.app.config.ConfigOverlay;
import org.meternode.app.config.Durations;
import org.meternode.app.config.NodeConfig;
import org.meternode.app.manage.Health;
import org.meternode.app.manage.NodeManagement;
import org.meternode.app.manage.RecentLog;
import org.meternode.app.state.DiskSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What remote management does to a running {@link MeterNode}: health, settings written over the
 * config file (kept in the overlay, applied without a restart), activation flags, restart and
 * factory reset. Owns the node's effective config, which only a validated remote write changes.
 */
final class NodeControl implements NodeManagement {
    private static final Logger LOG = LoggerFactory.getLogger(NodeControl.class);

    private final MeterNode node;
    /** The config file's text as read at start: remote writes apply over this, never over a later edit. */
    private final String fileYaml;
    private volatile NodeConfig config;
    private volatile ConfigOverlay overlay;
    private volatile boolean restartRequested;

    NodeControl(MeterNode node, NodeConfig config, ConfigOverlay overlay, String fileYaml) {
        this.node = node;
        this.config = config;
        this.overlay = overlay;
        this.fileYaml = fileYaml;
    }

    /** The effective config: the file's, with the remote settings put in. */
    NodeConfig config() {
        return config;
    }

    /** True once management asked for a restart. */
    boolean restartRequested() {
        return restartRequested;
    }

    @Override
    public Health health() {
        long diskFree;
        try {
            diskFree = DiskSpace.usableBytes(config.storagePath());
        } catch (IOException e) {
            diskFree = -1;
        }
        var sampler = node.sampler();
        var outbox = node.outbox();
        var uplink = node.uplink();
        String lastFault = node.channels().keySet().stream().map(sampler::lastFault).filter(f -> !f.isEmpty())
                .reduce((a, b) -> b).orElse("");
        return new Health(config.endpoint(), node.updates().image().version(), node.board().name(), isActive(),
                node.client().registrationProblem(), outbox.pendingCount(), outbox.oldestPending(), outbox.lastDelivery(),
                sampler.faultCount(), lastFault, outbox.state("watchdog-resets").map(Long::parseLong).orElse(0L),
                node.restarts(), diskFree, clockState(), node.board().sleeper().clock().instant(), outbox.rejectedCount(),
                uplink.failureCount(), uplink.lastFailure(), sampler.storeProblem(), node.storageDamage());
    }

    /** "synced", "unsynced" or "stepped" (as sampling sees it), then the clock and its sync source. */
    public String clockState() {
        Clock clock = node.board().sleeper().clock();
        String which = clock.equals(Clock.systemUTC()) ? "system clock" : "board clock of '" + node.board().name() + "' ("
                + clock + ")";
        return node.sampler().clockState() + "; " + which + ", " + node.board().clockSync().describe();
    }

    @Override
    public List<String> recentLog() {
        return RecentLog.last(200);
    }

    @Override
    public String setting(String key) {
        NodeConfig c = config;
        return switch (key) {
            case "sampling.interval" -> Durations.format(c.sampling().interval());
            case "uplink.reporting-interval" -> Durations.format(c.uplink().reportingInterval());
            case "uplink.awake-window" -> Durations.format(c.uplink().awakeWindow());
            default -> channelSetting(c, key);
        };
    }

    private static String channelSetting(NodeConfig c, String key) {
        for (ChannelConfig ch : c.channels()) {
            String prefix = "channels." + ch.id() + ".";
            String value = key.startsWith(prefix) ? ChannelTypes.of(ch).setting(ch, key.substring(prefix.length())) : null;
            if (value != null) {
                return value;
            }
        }
        throw new IllegalArgumentException(key + ": no such setting");
    }

    @Override
    public synchronized Optional<String> write(String key, String value) {
        ConfigOverlay candidate;
        NodeConfig next;
        Optional<String> edited = editedSinceStart();
        if (edited.isPresent()) {
            return edited;
        }
        try {
            candidate = overlay.with(key, value);
            next = candidate.applyTo(fileYaml, config.source()).config();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        } catch (ConfigException e) {
            return Optional.of(e.getProblems().stream().map(p -> p.key() + ": " + p.message())
                    .collect(Collectors.joining("; ")));
        }
        try {
            candidate.save(config.storagePath());
        } catch (IOException e) {
            return Optional.of("cannot store the setting: " + e.getMessage());
        }
        overlay = candidate;
        apply(next);
        LOG.info("remote setting {} = {} applied and stored", key, value);
        return Optional.empty();
    }

    /**
     * A refusal when the config file no longer holds the text the node started with: applying the
     * write over the old text would silently drop the edit at the next start, over the new text it
     * would half-apply an edit the operator has not restarted for. Neither is mixed in.
     */
    private Optional<String> editedSinceStart() {
        String onDisk;
        try {
            onDisk = Files.readString(config.source());
        } catch (IOException e) {
            onDisk = null;
        }
        return fileYaml.equals(onDisk) ? Optional.empty() : Optional.of("config file " + config.source()
                + " changed since the node started" + (onDisk == null ? " (it cannot be read now)" : "")
                + "; restart to load it");
    }

    /** Puts a new effective config into effect without a restart. */
    private void apply(NodeConfig next) {
        NodeConfig previous = config;
        config = next;
        if (!previous.sampling().equals(next.sampling())) {
            node.sampler().reschedule(node.schedule(next));
        }
        node.uplink().setReportingInterval(next.uplink().reportingInterval());
        // The default spread is a share of sampling.interval, so a remote interval change moves it too.
        node.uplink().setSpread(new org.meternode.app.uplink.SendSpread(next.endpoint(), next.uplink().spread()));
        for (ChannelConfig c : next.channels()) {
            Channel ch = node.channels().get(c.id());
            if (ch != null) {
                ChannelTypes.of(c).recalibrate(ch, c);
            }
        }
    }

    @Override
    public boolean isActive() {
        return node.outbox().state("node.active").map(Boolean::parseBoolean).orElse(true);
    }

    @Override
    public void setActive(boolean active) {
        node.outbox().putState("node.active", Boolean.toString(active));
        LOG.warn("node {} remotely", active ? "activated" : "deactivated");
    }

    @Override
    public List<String> channelIds() {
        return List.copyOf(node.channels().keySet());
    }

    @Override
    public String channelType(String id) {
        return config.channels().stream().filter(c -> c.id().equals(id)).findFirst().map(ChannelConfig::type)
                .orElseThrow(() -> new IllegalArgumentException("no channel '" + id + "'"));
    }

    @Override
    public boolean isChannelActive(String id) {
        return node.outbox().state("channel." + id + ".active").map(Boolean::parseBoolean).orElse(true);
    }

    @Override
    public void setChannelActive(String id, boolean active) {
        node.outbox().putState("channel." + id + ".active", Boolean.toString(active));
        LOG.warn("channel '{}' {} remotely", id, active ? "activated" : "deactivated");
    }

    @Override
    public String calibrationKey(String id) {
        for (ChannelConfig c : config.channels()) {
            if (c.id().equals(id)) {
                String key = ChannelTypes.of(c).calibrationKey(c);
                return key == null ? null : "channels." + id + "." + key;
            }
        }
        throw new IllegalArgumentException("no channel '" + id + "'");
    }

    @Override
    public String channelFault(String id) {
        return node.sampler().lastFault(id);
    }

    @Override
    public void restart(String reason) {
        LOG.warn("restarting: {}", reason);
        restartRequested = true;
        // Let the LwM2M response leave first.
        Thread.ofVirtual().name("meternode-restart").start(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException ignored) {
                // restart now
            }
            node.sampler().stop(); // the sample under way finishes; run() then returns
        });
    }

    @Override
    public synchronized void factoryReset(boolean wipeReadings) {
        try {
            Files.deleteIfExists(config.storagePath().resolve(ConfigOverlay.FILE_NAME));
        } catch (IOException e) {
            LOG.error("factory reset: cannot delete remote settings: {}", e.getMessage());
        }
        node.outbox().clearState();
        node.outbox().putState("restarts", Long.toString(node.restarts()));
        long pending = node.outbox().pendingCount();
        if (wipeReadings) {
            node.outbox().clearReadings();
        }
        overlay = ConfigOverlay.empty();
        restart("factory reset (" + (wipeReadings ? pending + " undelivered readings wiped"
                : pending + " undelivered readings kept") + ")");
    }

    @Override
    public SendStats sendStats() {
        long[] s = node.uplink().stats();
        return new SendStats(s[0], s[1], s[2], s[3], s[4]);
    }
}
