package org.meternode.tools.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndIdentity;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.RpkEntry;
import org.meternode.tools.headend.PskEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meterctl head-end}: run the embedded LwM2M head-end until stopped. */
@Command(name = "head-end", mixinStandardHelpOptions = true,
        description = "Run the embedded LwM2M server (DTLS: PSK, RPK and X.509 nodes, CCM_8 suites only) that stores"
                + " readings in SQLite and prints them live.")
final class HeadEndCommand implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "5684", description = "UDP port for coaps (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--db", defaultValue = "head-end.db", paramLabel = "FILE|URI",
            description = "Where readings, requests and security events go: a SQLite file, or"
                    + " postgresql://HOST:PORT/DB?user=U&password=P (default ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--psk", paramLabel = "EP:IDENTITY:HEXKEY", description = "A node to accept (repeatable).")
    List<String> psks = new ArrayList<>();

    @Option(names = "--psk-file", paramLabel = "FILE", description = "File with one EP:IDENTITY:HEXKEY per line.")
    Path pskFile;

    @Option(names = "--key", paramLabel = "FILE",
            description = "The head-end's own ECDSA P-256 key (PKCS#8 PEM, mode 0600): needed for RPK and X.509 nodes.")
    Path keyFile;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "The head-end's certificate chain for --key (PEM, leaf first): present X.509 to nodes.")
    Path certFile;

    @Option(names = "--rpk", paramLabel = "EP:BASE64KEY", description = "A node to accept by raw public key (repeatable).")
    List<String> rpks = new ArrayList<>();

    @Option(names = "--rpk-file", paramLabel = "FILE", description = "File with one EP:BASE64KEY per line.")
    Path rpkFile;

    @Option(names = "--node-ca", paramLabel = "FILE",
            description = "Accept any node whose certificate this CA signed, registering as its CN (PEM).")
    Path nodeCa;

    @Option(names = "--bootstrap-port", paramLabel = "PORT",
            description = "Also run an LwM2M bootstrap server on this UDP port: the listed node credentials then"
                    + " authenticate nodes to it, and it gives each a PSK account for this head-end.")
    Integer bootstrapPort;

    @Option(names = "--dtls-state", paramLabel = "FILE",
            description = "Keep DTLS sessions across clean restarts in FILE (mode 0600), so nodes need no new handshake.")
    Path dtlsState;

    @Option(names = "--cluster-node", paramLabel = "ID",
            description = "Run as instance ID (0..255) of a cluster behind a UDP load balancer: ID goes into every"
                    + " DTLS Connection ID, so a record that reaches another instance is forwarded here.")
    Integer clusterNode;

    @Option(names = "--cluster-peers", paramLabel = "ID=HOST:PORT,...",
            description = "Every instance's cluster address (this one's included, the same list everywhere):"
                    + " where each takes records forwarded by the others. Keep these ports on a private network.")
    String clusterPeers;

    @Option(names = "--redis", paramLabel = "URI",
            description = "Share registrations and the listed node credentials with other head-ends through the Redis"
                    + " at URI (redis://HOST:PORT[/DB]); without it both stay in this process.")
    String redis;

    @Option(names = "--quiet", description = "No line per reading (a fleet's instance stores thousands per second).")
    boolean quiet;

    @Option(names = "--stats-every", paramLabel = "DURATION",
            description = "Print a stats line this often: readings stored, DTLS handshakes (e.g. 10s).")
    String statsEvery;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private org.meternode.tools.headend.ClusterMembership cluster() {
        if (clusterNode == null && clusterPeers == null) {
            return null;
        }
        if (clusterNode == null || clusterPeers == null) {
            throw new IllegalArgumentException("--cluster-node and --cluster-peers go together");
        }
        return org.meternode.tools.headend.ClusterMembership.parse(clusterNode, clusterPeers);
    }

    /** The --redis value as a URI; the error names it. */
    static java.net.URI redisUri(String value) {
        try {
            return new java.net.URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--redis " + value + ": not a URI (" + e.getReason() + ")", e);
        }
    }

    /** Parses each non-blank, non-# line of {@code file}; errors name file and line. */
    static <T> List<T> lines(Path file, java.util.function.Function<String, T> parse) throws java.io.IOException {
        List<T> out = new ArrayList<>();
        if (file == null) {
            return out;
        }
        List<String> text;
        try {
            text = Files.readAllLines(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.io.IOException(file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new java.io.IOException(file + ": cannot be read (permission denied)");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new java.io.IOException(file + ": not UTF-8 text");
        }
        int n = 0;
        for (String line : text) {
            n++;
            if (!line.isBlank() && !line.startsWith("#")) {
                try {
                    out.add(parse.apply(line.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        HeadEndOptions options;
        try {
            List<PskEntry> entries = new ArrayList<>();
            for (String p : psks) {
                entries.add(PskEntry.parse(p));
            }
            if (pskFile != null && Files.exists(pskFile)) {
                String problem = org.meternode.app.security.KeyFiles.permissionProblem(pskFile);
                if (problem != null) {
                    throw new IllegalArgumentException("--psk-file " + pskFile + " " + problem);
                }
            }
            entries.addAll(lines(pskFile, PskEntry::parse));
            List<RpkEntry> rpkEntries = new ArrayList<>();
            for (String r : rpks) {
                rpkEntries.add(RpkEntry.parse(r));
            }
            rpkEntries.addAll(lines(rpkFile, RpkEntry::parse));
            if (certFile != null && keyFile == null) {
                throw new IllegalArgumentException("--cert needs --key");
            }
            options = HeadEndOptions.psk(new InetSocketAddress(InetAddress.getByName(bind), port),
                            db.contains("://") ? Path.of("head-end.db") : Path.of(db), entries)
                    .withIdentity(keyFile == null ? null : HeadEndIdentity.load(keyFile, certFile))
                    .withRpks(rpkEntries)
                    .withNodeCas(nodeCa == null ? List.of() : HeadEndIdentity.certificates(nodeCa))
                    .withDtlsState(dtlsState)
                    .withBootstrap(bootstrapPort == null ? null
                            : new InetSocketAddress(InetAddress.getByName(bind), bootstrapPort))
                    .withCluster(cluster());
            if (redis != null) {
                options = options.withRedis(redisUri(redis));
            }
        } catch (IllegalArgumentException | java.io.IOException | java.security.GeneralSecurityException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        // checked before anything is opened: a typo must not cost a database connection and a Redis link
        java.time.Duration statsPeriod;
        try {
            statsPeriod = statsEvery == null ? null : org.meternode.app.config.Durations.parse(statsEvery);
        } catch (IllegalArgumentException e) {
            err.println("error: --stats-every: " + e.getMessage());
            err.flush();
            return 2;
        }
        org.meternode.tools.headend.HeadEndStorage storage;
        try {
            storage = org.meternode.tools.headend.HeadEndStorage.open(db);
        } catch (IllegalArgumentException | org.meternode.tools.headend.StoreException e) {
            err.println("error: --db: " + e.getMessage());
            err.flush();
            return 2;
        }
        HeadEnd started;
        try {
            started = new HeadEnd(options, storage, line -> {
                out.println(line);
                out.flush();
            });
        } catch (IllegalArgumentException | IllegalStateException e) {
            // e.g. a --redis URI that is not one, or a Redis that does not answer: the message names it
            storage.close();
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        try (HeadEnd headEnd = started) {
            org.meternode.tools.update.QueuedUpdates.install(headEnd);
            headEnd.printReadings(!quiet);
            java.util.concurrent.atomic.AtomicLong stored = new java.util.concurrent.atomic.AtomicLong();
            headEnd.onReading(r -> stored.incrementAndGet());
            headEnd.start();
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                DemoCommand.awaitQuietly(done, java.time.Duration.ofSeconds(10));
            }, "head-end-shutdown"));
            try {
                while (statsPeriod != null && !stop.await(statsPeriod.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    out.println(String.format("stats: %d readings stored, %d full handshakes, %d resumptions,"
                            + " %d handshake failures", stored.get(), headEnd.handshakes().fullHandshakes(),
                            headEnd.handshakes().resumptions(), headEnd.handshakes().failures()));
                    out.flush();
                }
                stop.await();
            } finally {
                headEnd.close();
                done.countDown();
            }
        }
        return 0;
    }
}
