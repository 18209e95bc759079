package org.meternode.app.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.meternode.app.channel.Channel;
import org.meternode.app.channel.CtClampChannel;
import org.meternode.app.channel.PulseChannel;
import org.meternode.app.config.ChannelConfig;
import org.meternode.app.config.ConfigException;
import org.meternode.app.config.CtClampChannelConfig;
import org.meternode.app.config.NodeConfig;
import org.meternode.app.config.PulseChannelConfig;
import org.meternode.app.config.ServerConfig;
import org.meternode.app.lwm2m.ClientSettings;
import org.meternode.app.lwm2m.Lwm2mNodeClient;
import org.meternode.app.events.SecurityEventLog;
import org.meternode.app.events.SecurityEventReporter;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.reading.Quantity;
import org.meternode.app.security.NodeCredentials;
import org.meternode.app.reading.Reading;
import org.meternode.app.sampling.IntervalSchedule;
import org.meternode.app.sampling.Sampler;
import org.meternode.app.uplink.Uplink;
import org.meternode.hal.Board;
import org.meternode.hal.BoardException;
import org.meternode.hal.BoardOptions;
import org.meternode.hal.Boards;
import org.meternode.hal.PulseInput;
import org.meternode.hal.sensor.CtClamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running meter node: the board, its channels, the outbox, the LwM2M client, the sampling loop
 * (on the caller's thread) and the uplink (on its own thread). Built from a validated config.
 */
public final class MeterNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeterNode.class);
    public static final String VERSION = "0.1.0";
    /** Security events of one kind stored per minute at most; more are counted as suppressed. */
    public static final int EVENTS_PER_MINUTE = 5;

    private final NodeConfig config;
    private final Board board;
    private final Outbox outbox;
    private final Lwm2mNodeClient client;
    private final Uplink uplink;
    private final Sampler sampler;
    private final Thread uplinkThread;
    private final SecurityEventLog events;
    private final SecurityEventReporter eventReporter;

    private MeterNode(NodeConfig config, Board board, Outbox outbox, List<Channel> channels,
            NodeCredentials credentials, SecurityEventLog events) {
        this.config = config;
        this.board = board;
        this.outbox = outbox;
        this.events = events;
        SecurityEventReporter[] reporterRef = new SecurityEventReporter[1];
        Map<String, List<Quantity>> streams = new LinkedHashMap<>();
        channels.forEach(c -> streams.put(c.id(), c.quantities()));
        Uplink[] uplinkRef = new Uplink[1];
        this.client = new Lwm2mNodeClient(clientSettings(config, credentials), streams, () -> {
            if (uplinkRef[0] != null) {
                uplinkRef[0].transportReady();
            }
            if (reporterRef[0] != null) {
                reporterRef[0].wake();
            }
        }, events);
        this.eventReporter = new SecurityEventReporter(events, client, config.uplink().sendTimeout());
        reporterRef[0] = eventReporter;
        events.onRecorded(eventReporter::wake);
        this.uplink = new Uplink(outbox, client, config.uplink().batchSize(), config.uplink().sendTimeout(),
                config.uplink().retryMin(), config.uplink().retryMax());
        uplinkRef[0] = uplink;
        IntervalSchedule schedule = config.sampling().align()
                ? IntervalSchedule.aligned(config.sampling().interval())
                : new IntervalSchedule(config.sampling().interval(),
                        outbox.lastIntervalEnd().orElse(board.sleeper().clock().instant()));
        this.sampler = new Sampler(channels, outbox, board.sleeper(), schedule, this::intervalStored);
        this.uplinkThread = Thread.ofPlatform().name("meternode-uplink").daemon().unstarted(uplink);
    }

    /** Opens the board, the outbox and the channels; fails with a message naming what is wrong. */
    public static MeterNode open(NodeConfig config) throws BoardException, ConfigException, IOException {
        Path storage = config.storagePath();
        Files.createDirectories(storage);
        NodeCredentials credentials = config.server().security() == null ? null
                : config.server().security().credentials();
        Board board = Boards.open(config.board(), new BoardOptions(config.boardOptions(),
                storage.resolve("board"), config.boardOptionLocator()));
        try {
            List<Channel> channels = openChannels(config, board);
            Outbox outbox = Outbox.open(storage.resolve("outbox.db"));
            SecurityEventLog events = SecurityEventLog.open(storage.resolve("outbox.db"), Clock.systemUTC(),
                    EVENTS_PER_MINUTE);
            if (credentials != null) {
                events.noteCredentials(credentials.fingerprint(), credentials.toString());
            }
            return new MeterNode(config, board, outbox, channels, credentials, events);
        } catch (BoardException | RuntimeException e) {
            board.close();
            throw e;
        }
    }

    private static List<Channel> openChannels(NodeConfig config, Board board) throws BoardException {
        List<Channel> channels = new ArrayList<>();
        for (ChannelConfig c : config.channels()) {
            channels.add(switch (c) {
                case PulseChannelConfig p -> {
                    var counter = board.pulseCounter(new PulseInput(p.id(), p.input(), p.debounce()));
                    yield p.medium() == PulseChannelConfig.Medium.ELECTRICITY
                            ? PulseChannel.electricity(p.id(), counter, p.pulsesPerKwh())
                            : PulseChannel.water(p.id(), counter, p.litresPerPulse());
                }
                case CtClampChannelConfig ct -> new CtClampChannel(ct.id(), new CtClamp(
                        board.analogChannel(ct.id(), ct.input()), ct.primaryAmps() / ct.secondaryAmps(),
                        ct.burdenOhm(), ct.mainsHz(), ct.cycles(), ct.calibration()));
            });
        }
        return channels;
    }

    private static ClientSettings clientSettings(NodeConfig config, NodeCredentials credentials) {
        ServerConfig s = config.server();
        return new ClientSettings(config.endpoint(), s.uri(), s.shortServerId(), s.lifetime(), credentials,
                s.queueMode(), "meternode-" + config.board(), VERSION, config.storagePath(), s.bootstrap());
    }

    /** Starts the LwM2M client and the uplink, then samples until the thread is interrupted. */
    public void run() throws InterruptedException {
        start();
        sampler.run();
    }

    /** Starts the LwM2M client and the uplink thread (the sampling loop is {@link #run()}'s). */
    public void start() {
        LOG.info("meternode {} '{}' on board '{}': {} channel(s) ({}), every {}{}, outbox {} ({} pending)",
                VERSION, config.endpoint(), board.name(), config.channels().size(),
                config.channels().stream().map(ChannelConfig::id).collect(Collectors.joining(", ")),
                config.sampling().interval(), config.sampling().align() ? " aligned" : "", outbox.file(),
                outbox.pendingCount());
        client.start();
        uplinkThread.start();
        eventReporter.start();
    }

    private void intervalStored(Instant end, List<Reading> readings) {
        client.publish(readings);
        uplink.wake();
        LOG.info("interval {}: {} | outbox {} pending", end, readings.stream()
                .map(r -> r.channel() + "=" + r.value().toPlainString() + " " + r.unit()
                        + (r.quality() == Reading.Quality.GOOD ? "" : " (" + r.quality().name().toLowerCase() + ")"))
                .collect(Collectors.joining(", ")), outbox.pendingCount());
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

    @Override
    public void close() {
        uplinkThread.interrupt();
        try {
            uplinkThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventReporter.close();
        client.close();
        events.close();
        board.close();
        long pending = outbox.pendingCount();
        outbox.close();
        LOG.info("meternode '{}' stopped; {} undelivered reading(s) kept in {}", config.endpoint(), pending,
                outbox.file());
    }
}
