package org.meternode.app.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.meternode.app.channel.Channel;
import org.meternode.app.channel.ChannelTypes;
import org.meternode.app.config.ChannelConfig;
import org.meternode.app.config.ConfigException;
import org.meternode.app.config.ConfigOverlay;
import org.meternode.app.config.OverlayRecovery;
import org.meternode.app.config.Durations;
import org.meternode.app.config.NodeConfig;
import org.meternode.app.config.ServerConfig;
import org.meternode.app.lwm2m.ClientSettings;
import org.meternode.app.lwm2m.Lwm2mNodeClient;
import org.meternode.app.manage.Health;
import org.meternode.app.manage.NodeManagement;
import org.meternode.app.manage.RecentLog;
import org.meternode.app.events.SecurityEventLog;
import org.meternode.app.events.SecurityEventReporter;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.outbox.OutboxRecovery;
import org.meternode.app.events.SecurityEvents;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.security.NodeCredentials;
import org.meternode.app.reading.Reading;
import org.meternode.app.sampling.IntervalSchedule;
import org.meternode.app.sampling.Sampler;
import org.meternode.app.uplink.JitteredBackoff;
import org.meternode.app.uplink.SendSpread;
import org.meternode.app.uplink.Uplink;
import org.meternode.app.update.NodeUpdates;
import org.meternode.app.update.lwm2m.CoapsPackageFetcher;
import org.meternode.app.update.lwm2m.FirmwareUpdateObject;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.Boards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.meternode.app.state.DiskSpace;

/**
 * One running meter node: the board, its channels, the outbox, the LwM2M client, the sampling loop
 * (on the caller's thread) and the uplink (on its own thread). Built from a validated config plus
 * the remote settings overlay; remote management goes through {@link NodeManagement}.
 */
public final class MeterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeterNode.class);
    public static final String VERSION = "0.1.0";
    /** At a clean stop, how long the node may spend sending what is pending (then it stays in the outbox). */
    public static final Duration FLUSH_AT_STOP = Duration.ofSeconds(10);
    /** Process exit code meaning "start me again" (reboot, factory reset, update). */
    public static final int EXIT_RESTART = 75;
    /** Security events of one kind stored per minute at most; more are counted as suppressed. */
    public static final int EVENTS_PER_MINUTE = 5;
    /** Where retry pauses are drawn from: unpredictable, so that nodes built alike do not retry alike. */
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Board board;
    private final Outbox outbox;
    private final Map<String, Channel> channels;
    private final Lwm2mNodeClient client;
    private final Uplink uplink;
    private final Sampler sampler;
    private final Thread uplinkThread;
    private final long restarts;
    private final NodeControl control;
    private final NodeUpdates updates;
    private final SecurityEventLog events;
    private final SecurityEventReporter eventReporter;
    private final BoardSupervision supervision;
    /** Damaged state files found at start (moved aside, kept), for health; empty if none. */
    private final String storageDamage;

    private MeterNode(NodeConfig config, ConfigOverlay overlay, String fileYaml, Board board, Outbox outbox,
            List<Channel> channels, NodeCredentials credentials, NodeUpdates updates, SecurityEventLog events,
            String storageDamage) throws BoardException {
        this.storageDamage = storageDamage;
        this.updates = updates;
        this.control = new NodeControl(this, config, overlay, fileYaml);
        this.board = board;
        this.outbox = outbox;
        this.channels = new LinkedHashMap<>();
        channels.forEach(c -> this.channels.put(c.id(), c));
        this.restarts = outbox.state("restarts").map(Long::parseLong).orElse(0L) + 1;
        outbox.putState("restarts", Long.toString(restarts));
        this.events = events;
        SecurityEventReporter[] reporterRef = new SecurityEventReporter[1];
        Map<String, List<ReadingStream>> streams = new LinkedHashMap<>();
        channels.forEach(c -> streams.put(c.id(), c.streams()));
        Uplink[] uplinkRef = new Uplink[1];
        this.client = new Lwm2mNodeClient(clientSettings(config, credentials, updates.image().version()), streams, control,
                board.sleeper().clock(), () -> {
                    if (uplinkRef[0] != null) {
                        uplinkRef[0].transportReady();
                    }
                    if (reporterRef[0] != null) {
                        reporterRef[0].wake();
                    }
                }, List.of(FirmwareUpdateObject.of(updates)), events,
                new JitteredBackoff(config.uplink().retryMin(), config.uplink().retryMax(), RANDOM));
        this.eventReporter = new SecurityEventReporter(events, client, config.uplink().sendTimeout());
        reporterRef[0] = eventReporter;
        events.onRecorded(eventReporter::wake);
        this.uplink = new Uplink(outbox, updates.watch(client), config.uplink().batchSize(), config.uplink().sendTimeout(),
                config.uplink().retryMin(), config.uplink().retryMax(), events, board.sleeper(),
                new SendSpread(config.endpoint(), config.uplink().spread()), RANDOM);
        uplink.setReportingInterval(config.uplink().reportingInterval());
        uplinkRef[0] = uplink;
        this.sampler = new Sampler(channels, outbox, board.sleeper(), schedule(config), this::intervalStored);
        sampler.activation(control::isActive, control::isChannelActive);
        sampler.clockSync(board.clockSync(), events);
        this.supervision = BoardSupervision.open(board, events, () -> sampler.onSchedule(BoardSupervision.LATE_GRACE),
                () -> uplink.isLive(BoardSupervision.LATE_GRACE));
        this.uplinkThread = Thread.ofPlatform().name("meternode-uplink").daemon().unstarted(uplink);
    }

    /** A schedule for {@code c}: aligned, or counting on from the last stored interval. */
    IntervalSchedule schedule(NodeConfig c) {
        return c.sampling().align()
                ? IntervalSchedule.aligned(c.sampling().interval())
                : new IntervalSchedule(c.sampling().interval(),
                        outbox.lastIntervalEnd().orElse(board.sleeper().clock().instant()));
    }

    /**
     * Opens the board, the outbox and the channels, with the remote settings kept in the state
     * directory applied; fails with a message naming what is wrong.
     */
    public static MeterNode open(NodeConfig fileConfig) throws BoardException, ConfigException, IOException {
        Path storage = fileConfig.storagePath();
        Files.createDirectories(storage);
        OverlayRecovery.Loaded loaded = OverlayRecovery.load(storage, Clock.systemUTC().instant());
        ConfigOverlay overlay = loaded.overlay();
        String fileYaml = startText(fileConfig.source());
        NodeConfig config = fileConfig;
        if (!overlay.values().isEmpty()) {
            try {
                config = overlay.applyTo(fileYaml, fileConfig.source()).config();
                LOG.info("remote settings applied over {}: {}", fileConfig.source(), overlay.values());
            } catch (ConfigException e) {
                LOG.error("remote settings in {} no longer fit {} and are ignored: {}", storage,
                        fileConfig.source(), e.getMessage());
                overlay = ConfigOverlay.empty();
            }
        }
        NodeCredentials credentials = config.server().security() == null ? null
                : config.server().security().credentials();
        NodeUpdates updates = updates(config, credentials);
        Board board = Boards.open(config.board(), boardOptions(config));
        List<Channel> channels = List.of();
        Outbox outbox = null;
        SecurityEventLog events = null;
        String damage = "";
        try {
            channels = openChannels(config, board);
            OutboxRecovery.Opened opened = OutboxRecovery.open(storage.resolve("outbox.db"), board.sleeper().clock());
            outbox = opened.outbox();
            events = SecurityEventLog.open(storage.resolve("outbox.db"), board.sleeper().clock(), EVENTS_PER_MINUTE);
            List<String> damaged = new ArrayList<>(loaded.damage().stream().toList());
            opened.damage().forEach(d -> damaged.add(d.describe()));
            damage = String.join(" | ", damaged);
            for (String d : damaged) {
                events.record(SecurityEvents.STATE_DAMAGED, d);
            }
            if (credentials != null) {
                events.noteCredentials(credentials.fingerprint(), credentials.toString());
            }
            return new MeterNode(config, overlay, fileYaml, board, outbox, channels, credentials, updates, events,
                    damage);
        } catch (BoardException | IOException | RuntimeException e) {
            // What was opened is closed, last opened first, so a failed start holds no SQLite connection.
            closeAfterFailedStart(e, events, outbox);
            channels.forEach(Channel::close);
            board.close();
            throw e;
        }
    }

    /** The board-options as the profile sees them, for {@code run} and {@code check-config} alike. */
    public static BoardOptions boardOptions(NodeConfig config) {
        return new BoardOptions(config.boardOptions(), config.storagePath().resolve("board"),
                config.boardOptionLocator());
    }

    /** The config file's text, read once: the base of every remote write until the next start. */
    private static String startText(Path source) throws IOException {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new IOException("config file " + source + ": cannot read it at start: " + e.getMessage(), e);
        }
    }

    private static void closeAfterFailedStart(Exception failure, AutoCloseable... opened) {
        for (AutoCloseable c : opened) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static List<Channel> openChannels(NodeConfig config, Board board) throws BoardException, IOException {
        List<Channel> channels = new ArrayList<>();
        try {
            for (ChannelConfig c : config.channels()) {
                channels.add(openChannel(c, config, board));
            }
        } catch (BoardException | IOException | RuntimeException e) {
            channels.forEach(Channel::close);
            throw e;
        }
        return channels;
    }

    /** Each channel opened by its type (which also lists, for check-config, what it asks of the board). */
    private static Channel openChannel(ChannelConfig c, NodeConfig config, Board board)
            throws BoardException, IOException {
        return ChannelTypes.of(c).open(c, board);
    }

    /** Firmware pulls go over coaps with the node's PSK; with RPK/X.509 only push is possible for now. */
    private static NodeUpdates updates(NodeConfig config, NodeCredentials credentials) throws IOException {
        ServerConfig s = config.server();
        NodeCredentials.Psk psk = credentials instanceof NodeCredentials.Psk p ? p : null;
        CoapsPackageFetcher fetcher = new CoapsPackageFetcher(psk == null ? null : psk.identity(),
                psk == null ? null : psk.key(), s.insecure());
        return NodeUpdates.open(config.storagePath(), config.board(), VERSION, fetcher, fetcher.schemes());
    }

    private static ClientSettings clientSettings(NodeConfig config, NodeCredentials credentials,
            String firmwareVersion) {
        ServerConfig s = config.server();
        return new ClientSettings(config.endpoint(), s.uri(), s.shortServerId(), s.lifetime(), credentials,
                s.queueMode(), "meternode-" + config.board(), firmwareVersion, config.storagePath(), s.bootstrap());
    }

    /**
     * Starts the LwM2M client and the uplink, then samples until the thread is interrupted (or a
     * restart is requested: then {@link #restartRequested()} is true).
     */
    public void run() throws InterruptedException {
        start();
        sampler.run();
    }

    /** Starts the LwM2M client and the uplink thread (the sampling loop is {@link #run()}'s). */
    public void start() {
        LOG.info("meternode {} '{}' on board '{}': {} channel(s) ({}), every {}{}, outbox {} ({} pending), start #{}",
                updates.image().version(), config().endpoint(), board.name(), config().channels().size(),
                String.join(", ", channels.keySet()), Durations.format(config().sampling().interval()),
                config().sampling().align() ? " aligned" : "", outbox.file(), outbox.pendingCount(), restarts);
        if (!control.isActive()) {
            LOG.warn("node is deactivated (remotely): not metering until activated");
        }
        client.start();
        uplinkThread.start();
        eventReporter.start();
        supervision.start();
        supervision.ready("sampling " + channels.size() + " channel(s) every " + Durations.format(config().sampling().interval())
                + ", reporting to " + config().server().uri());
    }

    private void intervalStored(Instant end, List<Reading> readings) {
        client.publish(readings);
        uplink.intervalStored(end);
        supervision.showDelivering(() -> delivering(end));
        if (readings.isEmpty()) {
            return;
        }
        LOG.info("interval {}: {} | outbox {} pending", end, readings.stream()
                .map(r -> r.channel() + "=" + r.value().toPlainString() + " " + r.unit()
                        + (r.quality() == Reading.Quality.GOOD ? "" : " (" + r.quality().name().toLowerCase() + ")"))
                .collect(Collectors.joining(", ")), outbox.pendingCount());
    }

    /** Uplink live, registered, and nothing undelivered older than two reporting (or sampling) intervals. */
    private boolean delivering(Instant now) {
        Duration interval = config().uplink().reportingInterval();
        Duration lag = (interval.isZero() ? config().sampling().interval() : interval).multipliedBy(2);
        return uplink.isLive(BoardSupervision.LATE_GRACE) && client.isReady()
                && outbox.oldestPending().map(t -> !t.isBefore(now.minus(lag))).orElse(true);
    }

    public NodeConfig config() {
        return control.config();
    }

    public Board board() {
        return board;
    }

    public Outbox outbox() {
        return outbox;
    }

    public Sampler sampler() {
        return sampler;
    }

    public Lwm2mNodeClient client() {
        return client;
    }

    /** The security event log (in the outbox's SQLite file). */
    public SecurityEventLog events() {
        return events;
    }

    public Uplink uplink() {
        return uplink;
    }

    public NodeUpdates updates() {
        return updates;
    }

    /** True when the node stopped because management asked for a restart (exit with {@link #EXIT_RESTART}). */
    public boolean restartRequested() {
        return control.restartRequested();
    }

    /** Remote management of this node (settings, activation, restart, health). */
    public NodeManagement management() {
        return control;
    }

    /** "synced", "unsynced" or "stepped" (as sampling sees it), then the clock and its sync source. */
    public String clockState() {
        return control.clockState();
    }

    Map<String, Channel> channels() {
        return channels;
    }

    long restarts() {
        return restarts;
    }

    String storageDamage() {
        return storageDamage;
    }

    /** Sampling has ended: send what is pending while registered, for at most {@link #FLUSH_AT_STOP}. */
    private void flushOutbox() {
        long pending = outbox.pendingCount();
        if (pending == 0 || !client.isReady() || !uplinkThread.isAlive()) {
            return;
        }
        LOG.info("stopping: sending {} pending reading(s) first (at most {} s)", pending, FLUSH_AT_STOP.toSeconds());
        try {
            if (!uplink.flush(FLUSH_AT_STOP)) {
                LOG.info("stopping: {} reading(s) still pending stay in the outbox for the next start",
                        outbox.pendingCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        supervision.stopping();
        flushOutbox();
        uplinkThread.interrupt();
        try {
            uplinkThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        supervision.close();
        eventReporter.close();
        client.close();
        events.close();
        channels.values().forEach(Channel::close);
        board.close();
        long pending = outbox.pendingCount();
        outbox.close();
        LOG.info("meternode '{}' stopped; {} undelivered reading(s) kept in {}", config().endpoint(), pending,
                outbox.file());
    }
}
