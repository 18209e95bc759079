package org.meternode.tools.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.meternode.app.config.Durations;
import org.meternode.tools.fleet.Fleet;
import org.meternode.tools.fleet.FleetPlan;
import org.meternode.tools.fleet.FleetResult;
import org.meternode.tools.fleet.PskFile;
import org.meternode.tools.fleet.StoreCheck;
import org.meternode.tools.headend.PskEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meterctl fleet}: many simulated nodes in one JVM against a real head-end, and their credentials. */
@Command(name = "fleet", mixinStandardHelpOptions = true, subcommands = FleetCommand.Psks.class,
        description = "Simulate N LwM2M nodes in this JVM: each registers over DTLS (PSK) and sends its readings"
                + " (SenML-CBOR, as a meternode node) after every interval; prints progress, then expected vs stored"
                + " readings. Exit code 1 when readings were lost.")
final class FleetCommand implements Callable<Integer> {
    @Option(names = "--nodes", paramLabel = "N", description = "How many nodes to simulate.")
    Integer nodes;

    @Option(names = "--server", paramLabel = "coaps://HOST:PORT", description = "The head-end.")
    String server;

    @Option(names = "--psk-file", paramLabel = "FILE",
            description = "EP:IDENTITY:HEXKEY lines (the head-end's --psk-file; see: meterctl fleet psks).")
    Path pskFile;

    @Option(names = "--interval", paramLabel = "D", converter = DurationArg.class,
            description = "Reporting interval, e.g. 10s or 15m (real time).")
    Duration interval;

    @Option(names = "--duration", paramLabel = "D", converter = DurationArg.class,
            description = "How long to report; each interval ending within it is reported once per node.")
    Duration duration;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the readings (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--prefix", defaultValue = "fleet-", paramLabel = "P",
            description = "Use the psk-file's endpoints starting with this (default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--streams", defaultValue = "2", paramLabel = "S",
            description = "Readings per node and interval: energy, power, voltage, current, ... (default ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--db", paramLabel = "FILE|URI",
            description = "The head-end's --db (SQLite file or postgresql:// URI): at the end, count expected vs"
                    + " stored readings in it.")
    String db;

    @Option(names = "--spread", paramLabel = "D", converter = DurationArg.class,
            description = "Send window after each interval end; each node sends at its own offset in it"
                    + " (default: the node's, 10 % of the interval).")
    Duration spread;

    @Option(names = "--backoff", paramLabel = "BASE:CAP", description = "Retry delays after a failure, full jitter"
            + " (default: the node's uplink.retry-min:retry-max, 2s:5m).")
    String backoff;

    @Option(names = "--timeout", paramLabel = "D", converter = DurationArg.class, defaultValue = "10s",
            description = "Longest wait for one answer, handshake included (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--speed", paramLabel = "F", defaultValue = "1",
            description = "Run F times fast: interval, duration, spread, backoff, timeout and the DTLS and CoAP"
                    + " retransmission timers all divided by F; readings are stamped in wall-clock time (default ${DEFAULT-VALUE}).")
    int speed;

    @Option(names = "--report-every", paramLabel = "D", converter = DurationArg.class, defaultValue = "5s",
            description = "Progress line period (default ${DEFAULT-VALUE}).")
    Duration reportEvery;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FleetPlan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Meterctl.fail(spec, e);
        }
        try (Fleet fleet = new Fleet(plan, Clock.systemUTC(), reportEvery, line -> {
            out.println(line);
            out.flush();
        })) {
            FleetResult result = fleet.run();
            if (db == null) {
                long lost = result.expectedReadings() - result.acknowledgedReadings();
                out.printf("readings: expected %d, acknowledged %d, not acknowledged %d (give --db to count the store)%n",
                        result.expectedReadings(), result.acknowledgedReadings(), lost);
                out.flush();
                return lost == 0 ? 0 : 1;
            }
            StoreCheck.Completeness c = StoreCheck.check(db, fleet);
            out.printf("readings: expected %d, stored %d, lost %d, wrong value %d, duplicated (resends absorbed) %d,"
                    + " other readings of these nodes %d%n", c.expected(), c.stored(), c.lost(), c.wrong(),
                    c.duplicated(), c.extra());
            out.flush();
            return c.complete() ? 0 : 1;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Meterctl.fail(spec, e);
        }
    }

    private FleetPlan plan() throws java.io.IOException {
        require(nodes, "--nodes N");
        require(server, "--server coaps://HOST:PORT");
        require(pskFile, "--psk-file FILE");
        require(interval, "--interval D");
        require(duration, "--duration D");
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes " + nodes + ": must be at least 1");
        }
        URI uri;
        try {
            uri = new URI(server);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--server " + server + ": not a URI (" + e.getReason() + ")");
        }
        if (Files.exists(pskFile)) {
            String problem = org.meternode.app.security.KeyFiles.permissionProblem(pskFile);
            if (problem != null) {
                throw new IllegalArgumentException("--psk-file " + pskFile + " " + problem);
            }
        }
        List<PskEntry> entries = PskFile.select(PskFile.read(pskFile), prefix, nodes, pskFile);
        FleetPlan plan = FleetPlan.of(entries, uri, interval, duration, streams, seed).withTimeout(timeout)
                .withSpeed(speed);
        if (spread != null) {
            plan = plan.withWindow(spread);
        }
        if (backoff != null) {
            String[] parts = backoff.split(":", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--backoff " + backoff + ": write BASE:CAP, e.g. 1s:60s");
            }
            plan = plan.withBackoff(duration("--backoff base", parts[0]), duration("--backoff cap", parts[1]));
        }
        if (reportEvery.isNegative() || reportEvery.isZero()) {
            throw new IllegalArgumentException("--report-every " + reportEvery + ": must be positive");
        }
        return plan;
    }

    private static Duration duration(String what, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + text + "': " + e.getMessage());
        }
    }

    private static void require(Object value, String option) {
        if (value == null) {
            throw new IllegalArgumentException("missing option " + option + " (see meterctl fleet --help)");
        }
    }

    /** Picocli converter for {@code 10s}, {@code 15m}, ...: the config's duration syntax. */
    static final class DurationArg implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }

    /** {@code meterctl fleet psks}: fresh credentials for a fleet, in the head-end's --psk-file format. */
    @Command(name = "psks", mixinStandardHelpOptions = true,
            description = "Write N fresh PSK entries (EP:IDENTITY:HEXKEY, random 128-bit keys) to FILE, mode 0600,"
                    + " for both meterctl head-end --psk-file and meterctl fleet --psk-file. Prints no key.")
    static final class Psks implements Callable<Integer> {
        @Option(names = "--nodes", required = true, paramLabel = "N", description = "How many nodes.")
        int nodes;

        @Option(names = "--prefix", defaultValue = "fleet-", paramLabel = "P",
                description = "Endpoint names: P00001, P00002, ... (default ${DEFAULT-VALUE}).")
        String prefix;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (must not exist).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                List<PskEntry> entries = PskFile.generate(nodes, prefix);
                PskFile.write(out, entries);
                PrintWriter w = spec.commandLine().getOut();
                w.println("wrote " + entries.size() + " PSK entries (" + entries.get(0).endpoint() + " .. "
                        + entries.get(entries.size() - 1).endpoint() + ") to " + out + ", mode 0600");
                w.flush();
                return 0;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return Meterctl.fail(spec, new IllegalArgumentException("--out " + out
                        + ": already exists; refusing to replace a key file"));
            } catch (Exception e) {
                return Meterctl.fail(spec, e);
            }
        }
    }
}
