package org.meternode.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.meternode.app.config.Durations;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.launch.DemoSecurity;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.launch.SimDsmrMeter;
import org.meternode.tools.launch.SimMbusMeter;
import org.meternode.tools.launch.SimWmbusMeter;
import org.meternode.hal.serial.SocatPair;
import org.meternode.tools.launch.SimNodeSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meterctl demo}: the embedded head-end plus one simulated node in a child JVM, over real
 * DTLS on loopback, with readings printed as they arrive.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a simulated meter node against the embedded head-end and show readings live.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "demo-run", description = "Working directory, wiped at start (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--duration", description = "Stop after this long (wall time), e.g. 60s; default: until Ctrl-C.")
    String duration;

    @Option(names = "--speed", defaultValue = "120", description = "Sim clock speed, virtual s per real s (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--interval", defaultValue = "5m", description = "Sampling interval in virtual time (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--endpoint", defaultValue = "meter-0042", description = "The node's endpoint name (default ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--security", defaultValue = "psk",
            description = "DTLS credentials: psk, rpk (P-256 raw public keys) or x509 (a demo CA) (default ${DEFAULT-VALUE}).")
    String security;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration stopAfter;
        String option = "--duration";
        try {
            stopAfter = duration == null ? null : Durations.parse(duration);
            option = "--interval";
            Durations.parse(interval);
        } catch (IllegalArgumentException e) {
            // a usage error naming the option ("--duration --no-such-flag" takes the flag as the value)
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        wipe(dir);
        AtomicLong firstReadingMs = new AtomicLong(-1);
        AtomicLong readings = new AtomicLong();
        Object print = new Object();
        DemoSecurity credentials;
        try {
            credentials = DemoSecurity.prepare(security, dir.resolve("node"), dir.resolve("ca"), endpoint);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        HeadEndOptions options = credentials.applyTo(HeadEndOptions.psk(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir.resolve("head-end.db"), List.of()));
        try (HeadEnd headEnd = new HeadEnd(options, line -> {
                    synchronized (print) {
                        out.println("head-end | " + line);
                        out.flush();
                    }
                })) {
            headEnd.onReading(r -> {
                readings.incrementAndGet();
                firstReadingMs.compareAndSet(-1, (System.nanoTime() - started) / 1_000_000);
            });
            headEnd.start();
            SerialMeters serial = SerialMeters.startIfPossible(out, dir.resolve("node"));
            SimNodeSetup.Written node = SimNodeSetup.write(dir.resolve("node"), endpoint, headEnd.uri(), interval,
                    speed, 42, credentials.securityYaml(), serial.channelsYaml());
            if (credentials.securityYaml() == null) {
                headEnd.addPsk(node.psk());
            }
            out.printf("demo: node config %s; DTLS %s; sim clock x%s; interval %s (virtual). Ctrl-C to stop.%n",
                    node.config(), security, speed, interval);
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            // Ctrl-C: let the main thread stop the node and close the head-end before the JVM exits.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                awaitQuietly(done, Duration.ofSeconds(20));
            }, "demo-shutdown"));
            try (NodeProcess process = NodeProcess.start(node.config(), List.of(), line -> {
                synchronized (print) {
                    out.println("node     | " + line);
                    out.flush();
                }
            })) {
                boolean stopped = stopAfter == null ? awaitExit(stop, process) : stop.await(stopAfter.toMillis(),
                        TimeUnit.MILLISECONDS) || !process.isAlive();
                long rss = process.rssKib();
                int code = process.stop(Duration.ofSeconds(15));
                out.printf("demo: stopped%s; node exit code %d, node RSS %s; %d reading(s) stored in %s;"
                                + " first reading after %s%n", stopped ? " (requested)" : "", code,
                        rss < 0 ? "n/a" : rss / 1024 + " MiB", readings.get(), headEnd.store().describe(),
                        firstReadingMs.get() < 0 ? "none" : String.format("%.1f s", firstReadingMs.get() / 1000.0));
                out.flush();
            } finally {
                serial.close();
                done.countDown();
            }
        }
        return 0;
    }

    /**
     * The demo's serial meters on socat pseudo-terminals, when socat is installed: a DSMR 5.0 P1
     * meter (two tariffs, power, gas) and a wired M-Bus heat meter (energy, volume, power).
     */
    private record SerialMeters(SimDsmrMeter p1, SimMbusMeter mbus, SimWmbusMeter water, Path keyFile)
            implements AutoCloseable {
        static SerialMeters startIfPossible(PrintWriter out, Path dir) throws IOException, InterruptedException {
            if (!SocatPair.socatAvailable()) {
                out.println("demo: socat is not installed: running without serial meters (apt-get install -y socat,"
                        + " or run ./demo as root to have it installed)");
                out.flush();
                return new SerialMeters(null, null, null, null);
            }
            SimDsmrMeter p1 = SimDsmrMeter.start(Duration.ofSeconds(1), 0);
            SimMbusMeter mbus = null;
            SimWmbusMeter water;
            try {
                mbus = SimMbusMeter.start(5, 0);
                water = SimWmbusMeter.start(Duration.ofSeconds(2));
            } catch (IOException | RuntimeException e) {
                p1.close();
                if (mbus != null) {
                    mbus.close();
                }
                throw e;
            }
            out.printf("demo: serial meters on socat pseudo-terminals: DSMR P1 meter at %s, M-Bus heat meter"
                    + " (primary address 5) at %s, wireless M-Bus water meter %s (AES mode 5) and a neighbour's meter"
                    + " heard by an iM871A stick at %s%n", p1.nodePort(), mbus.nodePort(), SimWmbusMeter.METER.id(),
                    water.nodePort());
            out.flush();
            return new SerialMeters(p1, mbus, water, SimWmbusMeter.writeKeyFile(dir));
        }

        String channelsYaml() {
            if (p1 == null) {
                return "";
            }
            return p1.channelYaml("p1") + mbus.channelYaml("heat", Integer.toString(mbus.primaryAddress()))
                    + water.channelYaml("water-radio", keyFile);
        }

        @Override
        public void close() {
            if (p1 != null) {
                p1.close();
                mbus.close();
                water.close();
            }
        }
    }

    static void awaitQuietly(CountDownLatch latch, Duration max) {
        try {
            latch.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(CountDownLatch stop, NodeProcess process) throws InterruptedException {
        while (!stop.await(500, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
