package org.meternode.bench.footprint;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.node.MeterNode;
import org.meternode.app.update.NodeJvm;
import org.meternode.bench.Bench;
import org.meternode.board.sim.SimBoard;
import org.meternode.board.sim.TruthRecord;
import org.meternode.rig.net.UdpRelay;
import org.meternode.rig.net.UdpRelay.Counts;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.headend.ReceivedReading;
import org.meternode.tools.launch.SimDsmrMeter;
import org.meternode.tools.launch.SimMbusMeter;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * {@code ./bench footprint}: one run that starts the embedded head-end, meter nodes as users start
 * them ({@code bin/meternode run}: the production class path and small-board JVM profile, plus the
 * launcher's AppCDS archive flags), and a mosquitto broker; it measures every target of the
 * footprint issue beside its peer: resident memory, wakeups and CPU between samples, bytes per
 * 15-min wake (a counting UDP relay between node and head-end), start times, and pulses lost at
 * 20 Hz. Prints the table and writes docs/benchmarks.md with plots.
 */
public final class Footprint {
    /** Virtual seconds per real second: a 15-min interval passes in 30 s. */
    static final double SPEED = 30;
    static final Duration INTERVAL = Duration.ofMinutes(15);
    /** Wakes measured after the first: one simulated hour. */
    static final int WAKES = 4;
    static final int WAKES_PER_DAY = 96;
    static final double RSS_PULSE_GOAL_MIB = 48;
    static final double RSS_DEMO_GOAL_MIB = 64;
    static final double WAKEUPS_GOAL = 1.0;
    static final double CPU_GOAL_PERCENT = 0.05;
    static final double BYTES_GOAL = 230;
    static final double MQTT_RATIO_GOAL = 15;
    static final double REGISTERED_GOAL_S = 1.0;
    static final double FIRST_SEND_GOAL_S = 1.5;
    /** After a wake's Send, its tail (ACK, exchange bookkeeping) is left this long before idle counts. */
    static final Duration TAIL = Duration.ofSeconds(4);
    /**
     * Appended to docs/benchmarks.md: the levers weighed for the targets, with the figures measured on
     * this machine kind (pulse-only node, RSS after 30 s idle, bin/meternode at x60) when they were chosen.
     */
    static final String TRIED = """

            ## What was tried

            RSS of the pulse-only node, idle and registered, per JVM profile (one node each, measured by hand
            with the same config on this machine kind; the table above is the run's own figure):

            | profile | RSS | registered after | idle wakeups |
            |---|---:|---:|---:|
            | before: Serial GC, C1 only, -Xmx24m, 16 MiB code cache | 84-86 MiB | 1.6 s | 8.6 /s |
            | + no perf data, compact object headers, MALLOC_ARENA_MAX=2 | 83 MiB | 1.7 s | 8.0 /s |
            | + VM periodic work once a minute (monitor deflation, service thread), Californium cleanup once a minute | 84 MiB | 1.6 s | 1.3 /s |
            | + interpreter only (-Xint) | 71 MiB | 6.7 s | - |
            | + no class-data sharing (-Xshare:off) | 77-81 MiB | 2.7 s | - |
            | + AppCDS archive (dynamic, AutoCreateSharedArchive), mapped unrelocated | 78-84 MiB | 1.2-1.4 s | - |
            | + glibc heap trimmed every 5 s (TrimNativeHeapInterval) | 78 MiB | 1.4 s | +0.5 /s |
            | an empty main at the same flags / with -Xshare:off | 37 / 29 MiB | - | 5.4 / - |

            Kept: everything but -Xint (six times slower to register), -Xshare:off (slower start, little
            saved) and heap trimming (it wakes twice a second). Where the memory is (NMT, AppCDS on): Java
            heap 10.6 MiB committed, class metadata 4.6 MiB plus the mapped archives (the JDK's 14.6 MiB and
            ours 20 MiB, mostly clean file pages), code cache 6.4 MiB, symbols 4.4 MiB, thread stacks 2.2 MiB;
            outside NMT, libjvm.so's text (11 MiB) and a 17 MiB malloc arena. About 4,900 classes load: the
            largest groups are Jackson (360, Leshan's SenML codecs), Californium (352), Leshan (317), the
            JDK's XML parser (153, for Leshan's object-model DDF files) and picocli (172). The RSS goal needs
            fewer of those at run time (object models without XML, no Jackson), not more JVM flags.

            Bytes: a wake of 4 readings was 211 B up and 69 B down. Leshan's SenML-CBOR encoder repeats the
            full path and a tag-4 base time in every record and writes most values as float64, and
            Californium's tokens are 8 bytes (sent twice). The node now writes compact SenML-CBOR
            (`CompactSenMlCbor`: one base time, one base name for the shared prefix, each value in its
            shortest exact form; payload 131 B to 89 B) and 2-byte tokens. Not taken: Leshan's decoder
            refuses CBOR integers for Float resources and tag-4 fractions a double holds exactly, so those
            stay floats; the head-end's 6-byte Connection ID costs 7 B in every uplink record and is kept
            (NAT rebinding, and the cluster's node id).
            Idle wakeups left: the C1 compiler thread's 5 s queue poll, Scandium's fixed 5 s handshake
            cleaner on the DTLS timer and the VM's periodic task thread (about 0.2 /s each).
            """;
    private static final Pattern REGISTERED = Pattern.compile("^node (\\S+) registered");

    private final Path repo;
    private final Path work;
    private final Map<String, Long> registeredAt = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<Series> rss = new ArrayList<>();
    private final List<Series> bytes = new ArrayList<>();
    private final Map<String, Double> wakeups = new LinkedHashMap<>();

    private Footprint(Path repo, Path work) {
        this.repo = repo;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        if (!Files.isExecutable(repo.resolve("bin/meternode"))) {
            throw new IllegalArgumentException(repo + " is not a meternode checkout (no bin/meternode)");
        }
        Path work = Files.createTempDirectory("meternode-footprint-");
        progress("working in %s", work);
        new Footprint(repo, work).run(args.length > 1 ? args[1] : "unknown commit");
    }

    private void run(String commit) throws Exception {
        if (System.getProperty("footprint.only", "").equals("pulses")) {
            // A quick look at the two pulse checks alone (about a minute); writes no report.
            pulses20Hz();
            kernelCounterRestart();
            System.out.println(FootprintReport.table(targets));
            return;
        }
        PskEntry pulse = psk("fp-pulse");
        PskEntry demo = psk("fp-demo");
        HeadEndOptions options = HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                work.resolve("head-end.db"), List.of(pulse, demo));
        double oursPerWake;
        String wakeJson;
        try (HeadEnd headEnd = new HeadEnd(options, this::headEndLine)) {
            headEnd.onReading(this::arrived);
            headEnd.start();
            try (UdpRelay relay = new UdpRelay(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    headEnd.uri().getPort()))) {
                PulseRun run = pulseNode(pulse, URI.create("coaps://127.0.0.1:" + relay.port()), relay);
                oursPerWake = run.bytesPerWake();
                wakeJson = run.wakeJson(headEnd);
            }
            demoNode(demo, headEnd.uri());
        }
        MqttPeer.Result mqtt = MqttPeer.measure(WAKES, "meters/fp-pulse/sensor", wakeJson, work.resolve("mqtt"));
        List<double[]> mqttPoints = new ArrayList<>();
        for (int i = 1; i <= WAKES; i++) {
            mqttPoints.add(new double[] {i, mqtt.bytesPerWake()});
        }
        bytes.add(new Series("MQTT 3.1.1 over " + mqtt.tlsVersion() + " (mosquitto), average", mqttPoints));
        double ratio = mqtt.bytesPerWake() / oursPerWake;
        targets.add(target("bytes vs MQTT", "%.0f B/wake", oursPerWake, "%.0f B/wake (JSON, fresh TLS connection)",
                mqtt.bytesPerWake(), String.format(Locale.ROOT, "1/%.1f", ratio), "<= 1/15", ratio >= MQTT_RATIO_GOAL,
                "the same 4 readings as one JSON message, QoS 1, mosquitto_pub against mosquitto in its own network"
                        + " namespace, counted on its loopback; " + mqtt.packets() + " packets in " + WAKES + " wakes"));
        pulses20Hz();
        kernelCounterRestart();

        System.out.println(FootprintReport.table(targets));
        String machine = machine();
        System.out.println(machine);
        FootprintReport.write(repo, new Measurements(machine, commit, targets, rss, wakeups, bytes,
                "./bench footprint"));
        Files.writeString(repo.resolve("docs/benchmarks.md"), TRIED, java.nio.file.StandardOpenOption.APPEND);
        System.out.println("footprint: wrote " + repo.resolve("docs/benchmarks.md") + " and its plots in docs/img");
    }

    // ---------------------------------------------------------------- pulse-only node

    /** Bytes of the daily handshake and of each measured wake. */
    private record PulseRun(long handshakeBytes, List<Long> wakeBytes) {
        double bytesPerWake() {
            return Footprint.bytesPerWake(wakeBytes, handshakeBytes);
        }

        /** The last interval's four readings as one JSON object, as a Tasmota-style node would publish them. */
        String wakeJson(HeadEnd headEnd) {
            StringBuilder json = new StringBuilder("{");
            String time = null;
            for (String stream : List.of("grid.energy", "grid.power", "water.volume", "water.flow")) {
                List<ReceivedReading> r = headEnd.store().readings("fp-pulse", stream);
                ReceivedReading last = r.get(r.size() - 1);
                time = last.at().toString();
                json.append('"').append(stream.replace('.', '_')).append('_').append(last.unit()).append("\":")
                        .append(plain(last.value())).append(',');
            }
            return json.append("\"time\":\"").append(time).append("\"}").toString();
        }
    }

    private PulseRun pulseNode(PskEntry psk, URI server, UdpRelay relay) throws Exception {
        Path dir = work.resolve("pulse");
        Files.createDirectories(dir);
        Path config = dir.resolve("meternode.yaml");
        Files.writeString(config, """
                node: { endpoint: %s }
                board: sim
                board-options:
                  speed: %s
                  seed: 7
                  meters:
                    GPIO17: { type: s0-electricity, pulses-per-kwh: 1000 }
                    GPIO27: { type: water-reed, litres-per-pulse: 1 }
                sampling: { interval: 15m, align: true }
                channels:
                  - { id: grid, type: pulse, input: GPIO17, pulses-per-kwh: 1000 }
                  - { id: water, type: pulse, input: GPIO27, litres-per-pulse: 1 }
                server:
                  uri: %s
                  security: { mode: psk, identity: %s, key-hex: %s }
                storage: { path: state }
                """.formatted(psk.endpoint(), (long) SPEED, server, psk.identity(), HexFormat.of().formatHex(psk.key())));
        Path archives = dir.resolve("jvm");
        Files.createDirectories(archives);
        List<String> archive = NodeJvm.archiveFlags(archives, "factory");

        // First start: no archive yet (the JVM writes it when the node stops), no DTLS session.
        progress("pulse-only node: first start (no class-data archive yet, full DTLS handshake)");
        Counts up0 = relay.upstream();
        Counts down0 = relay.downstream();
        Start cold;
        long firstConnection;
        long handshake;
        try (Node node = Node.start(repo, config, archive, dir.resolve("node-1.log"))) {
            cold = awaitStart(node, psk.endpoint());
            firstConnection = relay.upstream().minus(up0).ipBytes() + relay.downstream().minus(down0).ipBytes();
            handshake = relay.upstream().minus(up0).handshakeIpBytes() + relay.downstream().minus(down0).handshakeIpBytes();
            long handshakes = relay.upstream().minus(up0).handshakeMessages(UdpRelay.CLIENT_KEY_EXCHANGE);
            progress("  registered after %.2f s; first connection %d B, of which the handshake %d B (%d full); first"
                    + " Send at the first interval end, %.1f s after start", cold.registeredS, firstConnection, handshake,
                    handshakes, cold.firstSendS);
            sleepUntil(System.nanoTime() + TAIL.toNanos()); // let the Send's ACK pass before stopping
            node.stop();
        }
        if (!Files.isRegularFile(archives.resolve("node-factory.jsa"))) {
            throw new IllegalStateException("the node JVM wrote no class-data archive in " + archives);
        }

        // Second start: a clean restart (the archive, the saved DTLS session): the start-up figure.
        progress("pulse-only node: second start (the archive, the saved DTLS session)");
        Start warm;
        registeredAt.remove(psk.endpoint());
        arrivals.remove(psk.endpoint());
        try (Node node = Node.start(repo, config, archive, dir.resolve("node-2.log"))) {
            await(() -> registeredAt.containsKey(psk.endpoint()), Duration.ofSeconds(60),
                    psk.endpoint() + " registering (node log: " + node.log + ")");
            double registered = (registeredAt.get(psk.endpoint()) - node.startedNanos) / 1e9;
            // The next interval's readings are taken while the head-end is unreachable, so they are in the
            // outbox at the next start: a node coming back after an outage sends them at once.
            sleepUntil(System.nanoTime() + TAIL.toNanos());
            relay.setDropping(true);
            long samples = sampleLines(node.log);
            await(() -> sampleLines(node.log) > samples, INTERVAL.dividedBy((long) SPEED).multipliedBy(2),
                    "the next sample in " + node.log);
            node.stop();
            relay.setDropping(false);
            warm = new Start(registered, Double.NaN);
            progress("  registered after %.2f s", registered);
        }

        progress("pulse-only node: third start (readings pending from the outage), then %d wakes of %s at x%.0f",
                WAKES + 1, INTERVAL, SPEED);
        ProcessProbe probe;
        List<Long> wakeBytes = new ArrayList<>();
        List<double[]> bytePoints = new ArrayList<>();
        Map<String, long[]> idle = new LinkedHashMap<>();
        double idleSeconds = 0;
        Start back;
        List<double[]> rssPoints = new CopyOnWriteArrayList<>();
        // What the second node did while the relay dropped (its Sends, its deregistration) is not the third's.
        registeredAt.remove(psk.endpoint());
        arrivals.remove(psk.endpoint());
        try (Node node = Node.start(repo, config, archive, dir.resolve("node-3.log"))) {
            probe = new ProcessProbe(node.pid());
            long t0 = System.nanoTime();
            Thread sampler = rssSampler(probe, t0, rssPoints);
            back = awaitStart(node, psk.endpoint());
            progress("  registered after %.2f s, first Send (the pending readings) after %.2f s", back.registeredS,
                    back.firstSendS);
            Duration period = Duration.ofMillis((long) (INTERVAL.toMillis() / SPEED));
            long lastTotal = -1;
            int seen = arrivals(psk.endpoint()).size();
            for (int wake = 0; wake <= WAKES; wake++) {
                int before = seen;
                await(() -> arrivals(psk.endpoint()).size() > before, period.multipliedBy(3),
                        "readings of wake " + wake + " at the head-end (node log: " + node.log + ")");
                long arrivedAt = System.nanoTime();
                sleepUntil(arrivedAt + TAIL.toNanos());
                seen = arrivals(psk.endpoint()).size();
                long total = relay.upstream().ipBytes() + relay.downstream().ipBytes();
                if (lastTotal >= 0) {
                    wakeBytes.add(total - lastTotal);
                    bytePoints.add(new double[] {wakeBytes.size(), total - lastTotal});
                    progress("  wake %d: %d B (up and down, IP layer)", wake, total - lastTotal);
                }
                lastTotal = total;
                if (wake == WAKES) {
                    break;
                }
                // Idle: from the end of this wake's tail to shortly before the next sample.
                var a = probe.threads();
                long from = System.nanoTime();
                sleepUntil(arrivedAt + period.toNanos() - TAIL.toNanos() / 2);
                var b = probe.threads();
                idleSeconds += (System.nanoTime() - from) / 1e9;
                ProcessProbe.delta(a, b).forEach((name, d) -> {
                    long[] sum = idle.computeIfAbsent(name, n -> new long[2]);
                    sum[0] += d[0];
                    sum[1] += d[1];
                });
            }
            sampler.interrupt();
            sampler.join();
            node.stop();
        }
        rss.add(new Series("pulse-only node (2 pulse channels)", rssPoints));
        bytes.add(0, new Series("meternode (LwM2M Send over CoAP/DTLS)", bytePoints));

        double totalWakeups = 0;
        double cpuTicks = 0;
        List<Map.Entry<String, long[]>> byWakeups = new ArrayList<>(idle.entrySet());
        byWakeups.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
        for (Map.Entry<String, long[]> e : byWakeups) {
            double perSecond = e.getValue()[0] / idleSeconds;
            totalWakeups += perSecond;
            cpuTicks += e.getValue()[1];
            if (e.getValue()[0] > 0) {
                wakeups.put(e.getKey(), perSecond);
            }
        }
        double cpuPercent = 100.0 * cpuTicks / ProcessProbe.TICKS_PER_SECOND / idleSeconds;
        double idleRss = rssPoints.stream().mapToDouble(p -> p[1]).max().orElse(Double.NaN);
        double settledRss = rssPoints.get(rssPoints.size() - 1)[1];

        double emptyMain = emptyMainRssMiB();
        targets.add(target("RSS pulse-only node", "%.1f MiB", settledRss, "%.1f MiB (empty main, JVM defaults)",
                emptyMain, ratio(settledRss, emptyMain), "<= 48 MiB", settledRss <= RSS_PULSE_GOAL_MIB,
                String.format(Locale.ROOT, "idle and registered, at the end of the simulated hour; peak %.1f MiB."
                        + " Peers measured earlier on this machine kind: Leshan client at JVM defaults 112 MB", idleRss)));
        targets.add(target("wakeups between samples", "%.2f /s", totalWakeups, "-", Double.NaN, "-", "<= 1 /s",
                totalWakeups <= WAKEUPS_GOAL, String.format(Locale.ROOT,
                        "all threads of the node JVM, over %.0f s of idle windows (%s after each Send to shortly"
                                + " before the next sample)", idleSeconds, TAIL)));
        targets.add(target("CPU between samples", "%.3f %% of a core", cpuPercent, "-", Double.NaN, "-", "<= 0.05 %",
                cpuPercent <= CPU_GOAL_PERCENT, String.format(Locale.ROOT, "utime+stime of the node JVM's threads over"
                        + " the same windows; /proc counts 10 ms ticks, so the resolution is %.3f %%",
                        100.0 / ProcessProbe.TICKS_PER_SECOND / idleSeconds)));
        double handshakeShare = (double) handshake / WAKES_PER_DAY;
        double perWake = bytesPerWake(wakeBytes, handshake);
        targets.add(target("bytes per 15-min wake", "%.0f B", perWake, "-", Double.NaN, "-", "<= 230 B",
                perWake <= BYTES_GOAL, String.format(Locale.ROOT, "4 streams (energy, power, volume, flow), up and"
                        + " down at the IP layer, %s per wake over %d wakes; plus the DTLS PSK handshake (%d B) once a"
                        + " day: %.1f B a wake. The first connection with its Register was %d B; the MQTT row is the"
                        + " peer", wakeBytes, wakeBytes.size(), handshake,
                        handshakeShare, firstConnection)));
        targets.add(target("start to registered", "%.2f s", warm.registeredS, "%.2f s without the archive",
                cold.registeredS, ratio(warm.registeredS, cold.registeredS), "<= 1.0 s",
                warm.registeredS <= REGISTERED_GOAL_S, "JVM start to the head-end's registration, with the AppCDS archive"
                        + " the first start wrote and its saved DTLS session (the first start: full handshake, no archive)"));
        targets.add(target("start to first Send", "%.2f s", back.firstSendS, "-", Double.NaN, "-", "<= 1.5 s",
                back.firstSendS <= FIRST_SEND_GOAL_S, "JVM start to the first reading stored at the head-end, with"
                        + " the archive and readings pending from an outage (its DTLS session was given up: a full"
                        + " handshake; registered after " + String.format(Locale.ROOT, "%.2f s", back.registeredS) + ")"));
        return new PulseRun(handshake, wakeBytes);
    }

    /** Sample lines ("MeterNode - interval ...") the node has logged so far. */
    private static long sampleLines(Path log) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("MeterNode - interval ")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static double bytesPerWake(List<Long> wakeBytes, long dailyHandshake) {
        return wakeBytes.stream().mapToLong(Long::longValue).average().orElseThrow()
                + (double) dailyHandshake / WAKES_PER_DAY;
    }

    private record Start(double registeredS, double firstSendS) {
    }

    private Start awaitStart(Node node, String endpoint) throws InterruptedException {
        await(() -> registeredAt.containsKey(endpoint), Duration.ofSeconds(60),
                endpoint + " registering (node log: " + node.log + ")");
        await(() -> !arrivals(endpoint).isEmpty(), Duration.ofSeconds(60),
                endpoint + "'s first Send (node log: " + node.log + ")");
        Start s = new Start((registeredAt.get(endpoint) - node.startedNanos) / 1e9,
                (arrivals(endpoint).get(0) - node.startedNanos) / 1e9);
        registeredAt.remove(endpoint);
        arrivals.remove(endpoint);
        return s;
    }

    // ---------------------------------------------------------------- demo node

    private void demoNode(PskEntry psk, URI server) throws Exception {
        if (!SimDsmrMeter.socatAvailable()) {
            throw new IllegalStateException("socat is needed for the demo node's serial meters: apt-get install -y socat");
        }
        progress("6-channel demo node (DSMR P1 and M-Bus on socat pseudo-terminals): %s at x%.0f",
                INTERVAL.multipliedBy(WAKES), SPEED);
        try (SimDsmrMeter p1 = SimDsmrMeter.start(Duration.ofSeconds(1), 0);
                SimMbusMeter mbus = SimMbusMeter.start(5, 0)) {
            SimNodeSetup.Written written = SimNodeSetup.write(work.resolve("demo"), psk.endpoint(), server, "15m",
                    SPEED, 42, "mode: psk\nidentity: " + psk.identity() + "\nkey-hex: "
                            + HexFormat.of().formatHex(psk.key()),
                    p1.channelYaml("p1") + mbus.channelYaml("heat", Integer.toString(mbus.primaryAddress())));
            List<double[]> points = new CopyOnWriteArrayList<>();
            try (Node node = Node.start(repo, written.config(), List.of(), work.resolve("demo/node.log"))) {
                ProcessProbe probe = new ProcessProbe(node.pid());
                Thread sampler = rssSampler(probe, node.startedNanos, points);
                awaitStart(node, psk.endpoint());
                long end = System.nanoTime() + (long) (INTERVAL.multipliedBy(WAKES).toNanos() / SPEED);
                sleepUntil(end);
                sampler.interrupt();
                sampler.join();
                node.stop();
            }
            rss.add(new Series("6-channel demo node", points));
            double settled = points.get(points.size() - 1)[1];
            double emptyMain = emptyMainRssMiB();
            targets.add(target("RSS demo node", "%.1f MiB", settled, "%.1f MiB (empty main, JVM defaults)",
                    emptyMain, ratio(settled, emptyMain), "<= 64 MiB", settled <= RSS_DEMO_GOAL_MIB,
                    "the demo's sim board (2 pulse meters, CT clamp with voltage, INA219) plus DSMR P1 and M-Bus"
                            + " meters, after one simulated hour"));
        }
    }

    // ---------------------------------------------------------------- pulses at 20 Hz

    /**
     * In one JVM, so that the sim board's truth journal is at hand: an S0 meter at a constant 72 kW
     * (20 pulses/s at 1000 pulses/kWh) for one simulated hour; every pulse the board counted must
     * reach the head-end as energy.
     */
    private void pulses20Hz() throws Exception {
        progress("pulses at 20 Hz for one simulated hour (in-process node, x600)");
        Path dir = work.resolve("pulses");
        Files.createDirectories(dir);
        PskEntry psk = psk("fp-20hz");
        try (HeadEnd headEnd = quietHeadEnd(dir, psk)) {
            Path config = dir.resolve("meternode.yaml");
            Files.writeString(config, """
                    node: { endpoint: %s }
                    board: sim
                    board-options:
                      speed: 600
                      seed: 3
                      meters:
                        GPIO17: { type: s0-electricity, pulses-per-kwh: 1000, base-watts: 72000, peak-watts: 72000, noise: 0 }
                    sampling: { interval: 15m, align: true }
                    channels:
                      - { id: grid, type: pulse, input: GPIO17, pulses-per-kwh: 1000 }
                    server:
                      uri: %s
                      security: { mode: psk, identity: %s, key-hex: %s }
                    storage: { path: %s }
                    """.formatted(psk.endpoint(), headEnd.uri(), psk.identity(), HexFormat.of().formatHex(psk.key()),
                    dir.resolve("state")));
            MeterNode node = MeterNode.open(ConfigLoader.load(config).config());
            SimBoard board = (SimBoard) node.board();
            runUntil(node, () -> headEnd.store().readings(psk.endpoint(), "grid.energy").size() >= 5,
                    "five grid.energy readings at the head-end");
            List<ReceivedReading> energy = headEnd.store().readings(psk.endpoint(), "grid.energy");
            List<TruthRecord> reads = board.journal().stream()
                    .filter(r -> r.channel().equals("grid") && r.kind().equals(TruthRecord.PULSES)).toList();
            // Pulses counted by the board between the first and the fifth stored reading (one hour),
            // against the energy the head-end stored for the same hour.
            ReceivedReading first = energy.get(0);
            ReceivedReading fifth = energy.get(4);
            double truthPulses = pulsesAt(reads, fifth) - pulsesAt(reads, first);
            double storedPulses = Math.round((fifth.value() - first.value()) * 1000);
            long lost = Math.round(truthPulses - storedPulses);
            targets.add(target("pulses lost at 20 Hz", "%.0f", (double) lost, "%.0f pulses counted", truthPulses,
                    "-", "0", lost == 0, "one simulated hour at 72 kW, 1000 pulses/kWh: the board's count against"
                            + " the energy the head-end stored (" + first.at() + " to " + fifth.at() + ")"));
        }
    }

    /**
     * The linux profile's kernel-counter path across a node restart, in one JVM: the benchmark plays
     * the kernel, counting pulses at 20 Hz into {@code bus/counter/devices/counter0/count0/count} of a
     * sysfs tree, also while the node is stopped. Every pulse must reach the head-end as energy.
     */
    private void kernelCounterRestart() throws Exception {
        progress("kernel counter (linux profile, sysfs tree written at 20 Hz) across a node restart");
        Path dir = work.resolve("kernel-counter");
        Path count = dir.resolve("sys/bus/counter/devices/counter0/count0/count");
        Files.createDirectories(count.getParent());
        Files.writeString(count.resolveSibling("enable"), "1\n");
        AtomicLong pulses = new AtomicLong();
        writeCount(count, 0);
        PskEntry psk = psk("fp-kernel");
        try (HeadEnd headEnd = quietHeadEnd(dir, psk)) {
            Path config = dir.resolve("meternode.yaml");
            Files.writeString(config, """
                    node: { endpoint: %s }
                    board: linux
                    board-options:
                      sysfs-root: %s
                      pins:
                        S0: { kind: counter, device: counter0 }
                    sampling: { interval: 2s, align: true }
                    channels:
                      - { id: grid, type: pulse, input: S0, pulses-per-kwh: 1000 }
                    server:
                      uri: %s
                      security: { mode: psk, identity: %s, key-hex: %s }
                    storage: { path: %s }
                    """.formatted(psk.endpoint(), dir.resolve("sys"), headEnd.uri(), psk.identity(),
                    HexFormat.of().formatHex(psk.key()), dir.resolve("state")));
            AtomicBoolean run = new AtomicBoolean(true);
            Thread kernel = Thread.ofPlatform().daemon().name("fake-kernel-counter").unstarted(() -> {
                try {
                    for (long next = System.nanoTime(); run.get(); next += 50_000_000L) {
                        writeCount(count, pulses.incrementAndGet());
                        sleepUntil(next + 50_000_000L);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("fake kernel counter stopped: " + e, e);
                }
            });
            java.util.function.IntSupplier stored = () -> headEnd.store().readings(psk.endpoint(), "grid.energy").size();
            runNodeUntil(config, () -> stored.getAsInt() >= 1, "the first grid.energy reading");
            double e0 = headEnd.store().readings(psk.endpoint(), "grid.energy").get(0).value();
            kernel.start();
            int before = stored.getAsInt();
            runNodeUntil(config, () -> stored.getAsInt() >= before + 2, "two readings while counting");
            // Stopped: the kernel goes on counting for a few seconds before the node starts again.
            long atStop = pulses.get();
            await(() -> pulses.get() >= atStop + 60, Duration.ofSeconds(30), "pulses counted while the node is down");
            int restart = stored.getAsInt();
            long whileDown = pulses.get() - atStop;
            AtomicLong total = new AtomicLong(-1);
            runNodeUntil(config, () -> {
                if (total.get() < 0 && stored.getAsInt() >= restart + 2) {
                    run.set(false);
                    total.set(pulses.get());
                }
                return total.get() >= 0 && stored.getAsInt() >= restart + 5;
            }, "readings after the restart and after the count stopped");
            kernel.join();
            List<ReceivedReading> energy = headEnd.store().readings(psk.endpoint(), "grid.energy");
            double last = energy.get(energy.size() - 1).value();
            long storedPulses = Math.round((last - e0) * 1000);
            long lost = total.get() - storedPulses;
            targets.add(target("pulses lost, kernel counter across a restart", "%.0f", (double) lost,
                    "%.0f pulses counted", (double) total.get(), "-", "0", lost == 0,
                    "linux profile's counter path on a sysfs tree written at 20 Hz, node stopped and started again"
                            + " while counting (" + whileDown + " pulses while it was down)"));
        }
    }

    /** A started head-end on a loopback port that accepts {@code psk}, its database in {@code dir}, silent. */
    private static HeadEnd quietHeadEnd(Path dir, PskEntry psk) {
        HeadEnd headEnd = new HeadEnd(HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.resolve("head-end.db"), List.of(psk)), line -> { });
        headEnd.start();
        return headEnd;
    }

    /** Writes the count as the kernel shows it: the whole number at once (a rename, never a half-written file). */
    private static void writeCount(Path count, long value) throws IOException {
        Path tmp = count.resolveSibling("count.tmp");
        Files.writeString(tmp, value + "\n");
        Files.move(tmp, count, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Opens the node of {@code config} in this JVM, runs it until {@code done}, then stops it. */
    private static void runNodeUntil(Path config, BooleanSupplier done, String what) throws Exception {
        runUntil(MeterNode.open(ConfigLoader.load(config).config()), done, what);
    }

    /** Runs {@code node} in this JVM until {@code done}, then stops it. */
    private static void runUntil(MeterNode node, BooleanSupplier done, String what) throws Exception {
        Thread loop = Thread.ofPlatform().name("node-in-process").start(() -> {
            try (node) {
                node.run();
            } catch (InterruptedException stopped) {
                // end of this run
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        try {
            await(done, Duration.ofMinutes(2), what);
        } finally {
            loop.interrupt();
            loop.join(30_000);
        }
    }

    /** The board's count at the read nearest the reading's interval end (the read comes just after it). */
    private static double pulsesAt(List<TruthRecord> reads, ReceivedReading reading) {
        return reads.stream().min(java.util.Comparator.comparing(
                        (TruthRecord r) -> Duration.between(reading.at(), r.at()).abs()))
                .orElseThrow(() -> new IllegalStateException("no counter read in the sim's journal")).value();
    }

    // ---------------------------------------------------------------- helpers

    private Double emptyMain;

    /** RSS of a JVM that only sleeps, at JVM defaults, on the node's JDK: the floor any JVM node starts from. */
    private double emptyMainRssMiB() throws IOException, InterruptedException {
        if (emptyMain == null) {
            Process p = new ProcessBuilder(NodeJvm.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                    IdleMain.class.getName()).redirectErrorStream(true).start();
            try {
                if (p.getInputStream().read() < 0) {
                    throw new IllegalStateException("the empty-main peer ended at once");
                }
                ProcessProbe probe = new ProcessProbe(p.pid());
                long last = -1;
                long kib = probe.rssKib();
                // settled: the same RSS twice, 200 ms apart
                for (int i = 0; i < 50 && kib != last; i++) {
                    Thread.sleep(200);
                    last = kib;
                    kib = probe.rssKib();
                }
                emptyMain = kib / 1024.0;
            } finally {
                p.destroyForcibly().waitFor();
            }
        }
        return emptyMain;
    }

    /** A node JVM started as the A/B launcher starts it. */
    private static final class Node implements AutoCloseable {
        final Process process;
        final long startedNanos;
        final Path log;

        private Node(Process process, long startedNanos, Path log) {
            this.process = process;
            this.startedNanos = startedNanos;
            this.log = log;
        }

        /**
         * The launcher's command line ({@code Launcher.start}): the node's JDK, {@link NodeJvm#FLAGS},
         * {@code jvmFlags}, the production class path (firmware-app's jar and runtime, the sim profile).
         */
        static Node start(Path repo, Path config, List<String> jvmFlags, Path log) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(NodeJvm.javaExecutable()));
            cmd.addAll(NodeJvm.FLAGS);
            cmd.addAll(jvmFlags);
            cmd.addAll(List.of("-cp", classPath(repo), NodeJvm.MAIN_CLASS, "run", "--config", config.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(config.getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(NodeJvm.ENVIRONMENT);
            long t0 = System.nanoTime();
            return new Node(pb.start(), t0, log);
        }

        private static String classPath(Path repo) throws IOException {
            Path app = repo.resolve("firmware-app/target");
            Path sim = repo.resolve("board-profiles/sim/target");
            List<String> cp = new ArrayList<>();
            try (var jars = Files.list(app)) {
                jars.filter(j -> j.getFileName().toString().matches("meternode-firmware-app-[^-]+(-SNAPSHOT)?\\.jar"))
                        .forEach(j -> cp.add(j.toString()));
            }
            try (var jars = Files.list(sim)) {
                jars.filter(j -> j.getFileName().toString().matches("meternode-board-sim-[^-]+(-SNAPSHOT)?\\.jar"))
                        .forEach(j -> cp.add(j.toString()));
            }
            if (cp.size() != 2) {
                throw new IllegalStateException("firmware-app or the sim profile is not built in " + repo + ": " + cp);
            }
            cp.add(app.resolve("lib/*").toString());
            return String.join(java.io.File.pathSeparator, cp);
        }

        long pid() {
            return process.pid();
        }

        /** SIGTERM, as systemd stops it: the node deregisters and the JVM writes its archive. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the node did not stop within 60 s of SIGTERM (log: " + log + ")");
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static Thread rssSampler(ProcessProbe probe, long t0, List<double[]> points) {
        return Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
            try {
                for (long next = System.nanoTime(); ; next += 1_000_000_000L) {
                    long kib = probe.rssKib();
                    if (kib < 0) {
                        return;
                    }
                    double simMinutes = (System.nanoTime() - t0) / 1e9 * SPEED / 60;
                    points.add(new double[] {simMinutes, kib / 1024.0});
                    sleepUntil(next + 1_000_000_000L);
                }
            } catch (InterruptedException done) {
                // sampling ends with the run
            }
        });
    }

    private void headEndLine(String line) {
        Matcher m = REGISTERED.matcher(line);
        if (m.find()) {
            registeredAt.putIfAbsent(m.group(1), System.nanoTime());
        }
    }

    private void arrived(ReceivedReading r) {
        arrivals.computeIfAbsent(r.endpoint(), e -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
    }

    private List<Long> arrivals(String endpoint) {
        return arrivals.getOrDefault(endpoint, List.of());
    }

    private static void await(BooleanSupplier condition, Duration max, String what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + max + " waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static PskEntry psk(String endpoint) {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return new PskEntry(endpoint, endpoint, key);
    }

    private static Target target(String name, String oursFormat, double ours, String peerFormat,
            double peer, String ratio, String goal, boolean met, String note) {
        String peerText = Double.isNaN(peer) ? peerFormat : String.format(Locale.ROOT, peerFormat, peer);
        return new Target(name, String.format(Locale.ROOT, oursFormat, ours), peerText, ratio, goal,
                met, note);
    }

    private static String ratio(double ours, double other) {
        return String.format(Locale.ROOT, "%.2fx", ours / other);
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String machine() {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + Bench.cpuModel() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + "; node JDK " + System.getProperty("java.version");
    }

    static void progress(String format, Object... args) {
        System.err.println("footprint: " + String.format(Locale.ROOT, format, args));
    }
}
