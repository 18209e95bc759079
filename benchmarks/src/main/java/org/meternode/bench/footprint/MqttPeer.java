package org.meternode.bench.footprint;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The MQTT peer of the footprint benchmark: the bytes one meter "wake" puts on the wire when it
 * reports its readings the way a Tasmota-style MQTT device does, measured with a real broker
 * ({@code mosquitto}) and a real client ({@code mosquitto_pub}).
 *
 * <p>One wake is a fresh connection: TCP handshake, TLS 1.3 handshake, MQTT 3.1.1 CONNECT/CONNACK,
 * one PUBLISH of a JSON payload at QoS 1, its PUBACK, DISCONNECT and the TCP teardown. This is a fair
 * peer for meternode's LwM2M Send over CoAP/DTLS: the transport security is current (TLS 1.3, EC P-256
 * keys as a modern deployment has), QoS 1 is acknowledged delivery like a CoAP confirmable message, and
 * a sleeping node cannot keep a TCP session open between wakes, so it must pay for a new connection
 * each time.
 *
 * <p>What is counted is every IP packet of the wakes in both directions (IPv4 header + TCP header +
 * payload, so TCP ACKs, TLS records and MQTT packets alike). Broker and client run in a network
 * namespace made for the run, so its loopback carries nothing else and its counters are exact.
 */
public final class MqttPeer {
    private static final int PORT = 8883;
    private static final String CLIENT_ID = "meter-0001";
    private static final long LISTEN_TIMEOUT_MS = 10_000;
    private static final long SETTLE_TIMEOUT_MS = 5_000;
    private static final long PUBLISH_TIMEOUT_S = 30;

    /**
     * Bytes the namespace's {@code lo} byte counter adds per packet on top of the IP packet. Observed on
     * Linux 6.18 in a fresh namespace: one ICMP echo of 56 data bytes (an 84-byte IP packet each way)
     * moved lo's TX counter by 168 bytes and 2 packets (and a 56-byte UDP datagram to a closed port, 84 +
     * its 112-byte ICMP port-unreachable, by 196 bytes and 2 packets), i.e. exactly the IP packets: the
     * loopback driver counts {@code skb->len} after {@code eth_type_trans} has pulled the 14-byte Ethernet
     * header, so there is nothing to subtract.
     */
    static final int LO_LINK_HEADER_BYTES = 0;

    private MqttPeer() {
    }

    /** bytes at the IP layer (IPv4 header + TCP header + payload, both directions) over `wakes` wakes, and packets. */
    public record Result(int wakes, long ipBytes, long packets, String tlsVersion) {
        public double bytesPerWake() {
            return (double) ipBytes / wakes;
        }
    }

    /**
     * Installs mosquitto + mosquitto-clients with apt-get when missing (prints a line saying so), starts
     * a broker, runs `wakes` publishes of `json` to topic `topic`, stops the broker, cleans up. The files
     * it writes in {@code workDir} (keys, certificates, broker config and log) are removed on success and
     * left for inspection on failure; the network namespace is removed either way.
     */
    public static Result measure(int wakes, String topic, String json, Path workDir) throws Exception {
        if (wakes < 1) {
            throw new IllegalArgumentException("wakes must be >= 1, was " + wakes);
        }
        Files.createDirectories(workDir);
        ensureTools(workDir);
        Tls tls = Tls.generate(workDir);
        Path log = workDir.resolve("mosquitto.log");
        Path conf = workDir.resolve("mosquitto.conf");
        Files.writeString(conf, """
                listener %d 127.0.0.1
                cafile %s
                certfile %s
                keyfile %s
                tls_version tlsv1.3
                allow_anonymous true
                persistence false
                log_dest file %s
                # started as root: stay root so the broker can read the key in workDir
                user root
                """.formatted(PORT, tls.ca(), tls.cert(), tls.key(), log));

        String ns = "mnbench-mqtt-" + ProcessHandle.current().pid();
        deleteNamespaceIfPresent(ns);
        Process broker = null;
        try {
            run(workDir, "ip", "netns", "add", ns);
            run(workDir, "ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            // `ip netns exec` execs mosquitto in place, so this process is the broker and SIGTERM reaches it.
            broker = new ProcessBuilder("ip", "netns", "exec", ns, "mosquitto", "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("mosquitto.out").toFile())
                    .start();
            awaitListening(ns, broker, log, workDir);
            String tlsVersion = probeTlsVersion(ns, tls, workDir);
            awaitSettled(ns, workDir);

            long[] before = loTx(ns, workDir);
            for (int i = 0; i < wakes; i++) {
                publish(ns, tls, topic, json, workDir);
                awaitSettled(ns, workDir);
            }
            long[] after = loTx(ns, workDir);

            long packets = after[1] - before[1];
            long ipBytes = after[0] - before[0] - (long) LO_LINK_HEADER_BYTES * packets;
            stop(broker);
            broker = null;
            deleteRecursively(tls.dir());
            for (Path p : List.of(conf, log, workDir.resolve("mosquitto.out"), workDir.resolve("cmd.out"))) {
                Files.deleteIfExists(p);
            }
            return new Result(wakes, ipBytes, packets, tlsVersion);
        } finally {
            if (broker != null) {
                stop(broker);
            }
            deleteNamespaceIfPresent(ns);
        }
    }

    /** Smoke run: ten wakes of one meter's four readings, printed. */
    public static void main(String[] args) throws Exception {
        String json = "{\"time\":\"2026-12-03T14:30:00Z\",\"energy_kwh\":1234.567,\"power_w\":812.4,"
                + "\"volume_l\":45678,\"flow_lpm\":3.2}";
        Path dir = Files.createTempDirectory("mnbench-mqtt");
        try {
            Result r = measure(10, "meters/meter-0001/sensor", json, dir);
            System.out.printf("MQTT 3.1.1 over %s, QoS 1, fresh connection per wake, %d-byte JSON%n",
                    r.tlsVersion(), json.getBytes(StandardCharsets.UTF_8).length);
            System.out.printf("wakes=%d ipBytes=%d packets=%d bytesPerWake=%.1f packetsPerWake=%.1f%n",
                    r.wakes(), r.ipBytes(), r.packets(), r.bytesPerWake(), (double) r.packets() / r.wakes());
        } finally {
            deleteRecursively(dir);
        }
    }

    // ---- tools -------------------------------------------------------------------------------------

    private static void ensureTools(Path workDir) throws IOException, InterruptedException {
        if (!onPath("openssl") || !onPath("ip") || !onPath("ss")) {
            throw new IllegalStateException("footprint: needs openssl, ip and ss on PATH "
                    + "(Debian packages openssl and iproute2)");
        }
        if (onPath("mosquitto") && onPath("mosquitto_pub")) {
            return;
        }
        String what = "apt-get install -y --no-install-recommends mosquitto mosquitto-clients";
        if (!run(workDir, "id", "-u").strip().equals("0")) {
            throw new IllegalStateException("footprint: mosquitto and mosquitto_pub are not on PATH and this is not "
                    + "root; install them first: " + what);
        }
        System.err.println("footprint: mosquitto or mosquitto_pub missing; installing: apt-get update && " + what);
        run(workDir, "apt-get", "update");
        run(workDir, "apt-get", "install", "-y", "--no-install-recommends", "mosquitto", "mosquitto-clients");
        if (!onPath("mosquitto") || !onPath("mosquitto_pub")) {
            throw new IllegalStateException("footprint: installed mosquitto and mosquitto-clients but mosquitto or "
                    + "mosquitto_pub is still not on PATH (" + System.getenv("PATH") + ")");
        }
        System.err.println("footprint: installed mosquitto and mosquitto-clients");
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return Stream.of(path.split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** A throw-away CA and a server certificate for 127.0.0.1, EC P-256. */
    private record Tls(Path dir, Path ca, Path cert, Path key) {
        static Tls generate(Path workDir) throws IOException, InterruptedException {
            Path dir = Files.createDirectories(workDir.resolve("tls"));
            Tls t = new Tls(dir, dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"));
            Path caKey = dir.resolve("ca.key");
            Path csr = dir.resolve("server.csr");
            Path ext = dir.resolve("server.ext");
            Files.writeString(ext, """
                    basicConstraints = critical, CA:FALSE
                    keyUsage = critical, digitalSignature
                    extendedKeyUsage = serverAuth
                    subjectAltName = IP:127.0.0.1
                    """);
            run(workDir, "openssl", "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", caKey.toString(), "-out", t.ca().toString(), "-days", "2",
                    "-subj", "/CN=meternode footprint bench CA");
            run(workDir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", t.key().toString(), "-out", csr.toString(), "-subj", "/CN=127.0.0.1");
            run(workDir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", t.ca().toString(),
                    "-CAkey", caKey.toString(), "-CAcreateserial", "-days", "2", "-sha256",
                    "-extfile", ext.toString(), "-out", t.cert().toString());
            return t;
        }
    }

    // ---- broker and client -------------------------------------------------------------------------

    private static void awaitListening(String ns, Process broker, Path log, Path workDir) throws Exception {
        boolean up = poll(LISTEN_TIMEOUT_MS, () -> {
            if (!broker.isAlive()) {
                return true;
            }
            return ss(ns, workDir, "-ltn").lines().anyMatch(l -> l.contains("127.0.0.1:" + PORT + " "));
        });
        if (!up || !broker.isAlive()) {
            String why = broker.isAlive() ? "not listening on 127.0.0.1:" + PORT + " after " + LISTEN_TIMEOUT_MS + " ms"
                    : "exited with " + broker.exitValue();
            throw new IllegalStateException("footprint: mosquitto " + why + "; its log ends:\n"
                    + tail(log) + tail(workDir.resolve("mosquitto.out")));
        }
    }

    /** The protocol the broker's listener negotiates, from one openssl handshake made before counting starts. */
    private static String probeTlsVersion(String ns, Tls tls, Path workDir) throws IOException, InterruptedException {
        String out = run(workDir, "ip", "netns", "exec", ns, "openssl", "s_client", "-brief",
                "-connect", "127.0.0.1:" + PORT, "-CAfile", tls.ca().toString(), "-verify_return_error");
        String version = field(out, "Protocol version:");
        System.err.println("footprint: broker listener speaks " + version + " (" + field(out, "Ciphersuite:") + ")");
        return version;
    }

    private static String field(String out, String name) {
        return out.lines().filter(l -> l.startsWith(name)).map(l -> l.substring(name.length()).strip())
                .findFirst().orElseThrow(() -> new IllegalStateException("footprint: no '" + name
                        + "' in openssl s_client output:\n" + out));
    }

    private static void publish(String ns, Tls tls, String topic, String json, Path workDir)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "mosquitto_pub", "--cafile", tls.ca().toString(),
                "-h", "127.0.0.1", "-p", String.valueOf(PORT), "--tls-version", "tlsv1.3",
                "-V", "mqttv311", "-q", "1", "-i", CLIENT_ID, "-t", topic, "-m", json)
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(PUBLISH_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("footprint: mosquitto_pub did not finish in " + PUBLISH_TIMEOUT_S + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("footprint: mosquitto_pub exited with " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * Waits until every connection to the broker has finished its teardown (no TCP socket of the namespace is
     * in a state other than LISTEN or TIME-WAIT), so the last ACK of a wake is counted with it.
     */
    private static void awaitSettled(String ns, Path workDir) throws Exception {
        boolean settled = poll(SETTLE_TIMEOUT_MS, () -> ss(ns, workDir, "-tan").lines().skip(1)
                .allMatch(l -> l.startsWith("LISTEN") || l.startsWith("TIME-WAIT")));
        if (!settled) {
            throw new IllegalStateException("footprint: connections did not close within " + SETTLE_TIMEOUT_MS
                    + " ms:\n" + ss(ns, workDir, "-tan"));
        }
    }

    private static void stop(Process broker) throws InterruptedException {
        broker.destroy(); // SIGTERM
        if (!broker.waitFor(10, TimeUnit.SECONDS)) {
            broker.destroyForcibly();
            broker.waitFor();
        }
    }

    // ---- namespace ---------------------------------------------------------------------------------

    /** TX bytes and packets of the namespace's lo; on loopback each packet is counted once in TX and once in RX. */
    private static long[] loTx(String ns, Path workDir) throws IOException, InterruptedException {
        String dev = run(workDir, "ip", "netns", "exec", ns, "cat", "/proc/net/dev");
        String lo = dev.lines().map(String::strip).filter(l -> l.startsWith("lo:")).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "footprint: no lo in /proc/net/dev of " + ns + ":\n" + dev));
        String[] f = lo.substring(3).strip().split("\\s+");
        // receive: bytes packets errs drop fifo frame compressed multicast | transmit: bytes packets ...
        return new long[] {Long.parseLong(f[8]), Long.parseLong(f[9])};
    }

    private static void deleteNamespaceIfPresent(String ns) throws IOException, InterruptedException {
        Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        if (out.lines().anyMatch(l -> l.split("\\s+")[0].equals(ns))) {
            Process del = new ProcessBuilder("ip", "netns", "del", ns).inheritIO().start();
            if (del.waitFor() != 0) {
                System.err.println("footprint: could not delete network namespace " + ns);
            }
        }
    }

    // ---- processes and files -----------------------------------------------------------------------

    private static String ss(String ns, Path workDir, String options) {
        try {
            return run(workDir, "ip", "netns", "exec", ns, "ss", options);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command to its end, stdin closed; returns its stdout+stderr, or throws with them on failure. */
    private static String run(Path workDir, String... command) throws IOException, InterruptedException {
        Path out = workDir.resolve("cmd.out");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("footprint: timed out: " + String.join(" ", command));
        }
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("footprint: `" + String.join(" ", command) + "` exited with "
                    + p.exitValue() + ":\n" + text.strip());
        }
        return text;
    }

    private static boolean poll(long timeoutMs, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }
}
