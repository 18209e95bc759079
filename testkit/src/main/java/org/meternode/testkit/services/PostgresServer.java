package org.meternode.testkit.services;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.meternode.testkit.OutputLog;

/**
 * A private PostgreSQL cluster for one test class: initdb in a temp dir, postgres on a free port of
 * 127.0.0.1 (its unix socket in the temp dir), run as the {@code postgres} (or {@code nobody}) user
 * when the test runs as root, since PostgreSQL refuses root. {@link #stop()} and {@link #start()}
 * make an outage on the same port and data; {@link #close()} kills it and removes the directory.
 */
public final class PostgresServer implements AutoCloseable {
    /** The role the tests connect as (a password is required over TCP). */
    public static final String USER = "meternode";
    private static final String READY = "database system is ready to accept connections";
    private static final String EXITED = "<postgres exited>";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path bin;
    private final Path dir;
    private final List<String> runAs;
    private final int port;
    private final String password;
    private Process process;
    private OutputLog log;

    private PostgresServer(Path bin, Path dir, List<String> runAs, int port, String password) {
        this.bin = bin;
        this.dir = dir;
        this.runAs = runAs;
        this.port = port;
        this.password = password;
    }

    /** Makes a new cluster (installing the {@code postgresql} package when it is missing) and starts it. */
    public static PostgresServer launch() {
        Path initdb = DebianPackages.ensure("initdb", versionDirs(), "postgresql");
        try {
            Path bin = initdb.toRealPath().getParent();
            Path dir = Files.createTempDirectory("meternode-pg-");
            Files.createDirectories(dir.resolve("socket"));
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            Files.writeString(dir.resolve("pwfile"), password + "\n");
            List<String> runAs = runAs(dir);
            PostgresServer pg = new PostgresServer(bin, dir, runAs, freePort(), password);
            pg.initdb();
            pg.start();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL test server: cannot prepare its directory: " + e.getMessage(), e);
        }
    }

    /** Starts postgres (again) on the same port and data directory; returns once it accepts connections. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = command(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", Integer.toString(port), "-k", dir.resolve("socket").toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200");
        log = new OutputLog("postgres on port " + port, null);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd + ": " + e.getMessage(), e);
        }
        OutputLog lines = log;
        Process p = process;
        Thread.ofPlatform().daemon().name("postgres-" + port + "-output").start(() -> pump(p, lines));
        String first = lines.awaitLine(l -> l.contains(READY) || l.equals(EXITED), START_TIMEOUT);
        if (first.equals(EXITED)) {
            throw new IllegalStateException("postgres on port " + port + " exited while starting: "
                    + String.join("\n", lines.snapshot()));
        }
    }

    /** Stops postgres the way an operator does (fast shutdown: clients are disconnected); data stays. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        signal("-INT");
        waitFor(process, "stop");
    }

    /** The libpq URI of database {@code db}, with user and password. */
    public String uri(String db) {
        return "postgresql://127.0.0.1:" + port + "/" + db + "?user=" + USER + "&password=" + password;
    }

    /** The URI of the cluster's default database {@code postgres}. */
    public String uri() {
        return uri("postgres");
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** Creates an empty database and returns its URI. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name '" + name + "': use lower-case letters, digits and _");
        }
        psql("postgres", "CREATE DATABASE " + name);
        return uri(name);
    }

    /** Runs SQL through psql on the unix socket and returns its unaligned, tuples-only output. */
    public String psql(String db, String sql) {
        return run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", dir.resolve("socket").toString(), "-p", Integer.toString(port), "-U", USER, "-d", db,
                "-c", sql), "psql " + sql);
    }

    /** What postgres printed since it was last started. */
    public List<String> log() {
        return log.snapshot();
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            signal("-QUIT");
            waitFor(process, "close");
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the PostgreSQL test directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private void initdb() {
        run(command(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--pwfile=" + dir.resolve("pwfile"), "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--no-locale", "--no-sync"), "initdb");
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(runAs);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** As root: the postgres user (or nobody) owns the directory and runs the server; otherwise ourselves. */
    private static List<String> runAs(Path dir) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        String user = run(List.of("id", "-u", "postgres"), null).isBlank() ? "nobody" : "postgres";
        String uid = run(List.of("id", "-u", user), "id -u " + user).strip();
        String gid = run(List.of("id", "-g", user), "id -g " + user).strip();
        run(List.of("chown", "-R", uid + ":" + gid, dir.toString()), "chown " + dir);
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
    }

    private void signal(String signal) {
        run(List.of("kill", signal, Long.toString(process.pid())), "kill " + signal + " postgres");
    }

    private static void waitFor(Process p, String what) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("postgres did not " + what + " within 30 s; killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for postgres to " + what, e);
        }
    }

    private static void pump(Process p, OutputLog lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("output read failed: " + e.getMessage());
        } finally {
            lines.add(EXITED);
        }
    }

    /** Runs a command to its end; its output, or an exception naming {@code what} (null: "" on failure). */
    private static String run(List<String> cmd, String what) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + ": still running after 60 s");
            }
            if (p.exitValue() != 0) {
                if (what == null) {
                    return "";
                }
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(cmd.get(0) + ": interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** /usr/lib/postgresql/N/bin, newest first: Debian's place, not on the PATH. */
    private static List<Path> versionDirs() {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
                versions.forEach(v -> dirs.add(v.resolve("bin")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        dirs.sort(Comparator.comparing((Path p) -> p.getParent().getFileName().toString(),
                Comparator.comparingInt(PostgresServer::versionNumber)).reversed());
        return dirs;
    }

    private static int versionNumber(String name) {
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }
}
