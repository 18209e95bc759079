package org.meternode.app.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.cli.MeternodeCommand;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.config.NodeConfig;
import org.meternode.app.security.TrustAnchor;
import org.meternode.app.update.DurableFiles;
import org.meternode.app.update.TreeSnapshot;
import picocli.CommandLine;

/**
 * Issue 19, surface 5: hostile provisioning bundles through {@code meternode import-bundle} as a user
 * runs it. Each is refused (exit 2, one "error:" line naming the property or file) or is a usable
 * bundle whose imported config loads and says what the bundle says; a refused import leaves every
 * path and byte of the whole temp tree as it was, and no import writes outside the config directory.
 */
class ProvisioningBundleFuzzTest {
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);
    private static final long SEED = 0x19_05_9B_01L;
    private static final String[] KEYS = {"meternode.bundle", "endpoint", "server.uri", "security.mode",
        "security.identity", "server.public-key", "server.name", "server.ca-certificate.1", "server.ca-certificate.2",
        "node.certificate"};
    private static final String[] VALUES = {"", " ", "\\u0000", "x\\nstorage:\\n  path: /", "meter-1\\n  key-hex: 00",
        "../../outside/etc/passwd", "/etc/passwd", "..", ".", "a/b", "m".repeat(65), "coap://h:1", "coaps://",
        "coaps://h:99999", "coaps://[::1", "coaps://h/../../x", "file:///etc/passwd", "coaps://h:1#x y",
        "x509", "rpk", "psk", "tls", "PSK", "*a", "&a x", "!!java.io.File /", "{a: b}", "[x]", "'", "\"", "a: b",
        "#x", "|", ">", "- x", "AAAA", "!!!", "MIIB", "\\uD800", "2", "1.0", "meter-1 meter-2", "\\t"};

    @TempDir
    Path root;

    /** One command line for all cases, as picocli resets options on every execute. */
    private final CommandLine cli = MeternodeCommand.commandLine();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path config;
    private Path pristine;
    private int refused;
    private int accepted;
    private int crashes;
    private int unexpected;
    private final List<String> failures = new ArrayList<>();

    @Test
    void hostile_provisioning_bundles_are_refused_with_a_reason_and_change_nothing() throws Exception {
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        pristine = Files.createDirectories(root.resolve("pristine"));
        writeStartingConfig(pristine);
        config = root.resolve("node/config");
        Files.writeString(Files.createDirectories(root.resolve("outside/etc")).resolve("passwd"), "root:x:0:0\n");
        restore();
        Path bundleFile = root.resolve("in/bundle.properties");
        Files.createDirectories(bundleFile.getParent());
        List<String> valid = List.of(psk().format(), rpk().format(), x509().format());

        Random r = new Random(SEED);
        for (int i = 0; i < TRIES; i++) {
            String base = valid.get(r.nextInt(valid.size()));
            int kind = i % 100 == 0 ? 0 : 1 + r.nextInt(9);
            byte[] bytes = hostile(kind, base, r);
            Files.write(bundleFile, bytes);
            runCase(i, kind, bundleFile);
        }

        System.out.printf("surface provisioning-bundle: %d cases, %d refused, %d accepted, %d crashes, %d unexpected"
                + " state changes%n", TRIES, refused, accepted, crashes, unexpected);
        assertThat(failures).as("first failures").isEmpty();
        assertThat(crashes).isZero();
        assertThat(unexpected).isZero();
        assertThat(accepted).as("the valid control cases import").isPositive();
    }

    private byte[] hostile(int kind, String base, Random r) {
        List<String> lines = new ArrayList<>(base.lines().toList());
        int n = lines.size();
        switch (kind) {
            case 0 -> {
                return base.getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> lines.remove(1 + r.nextInt(n - 1));
            case 2 -> lines.add(r.nextInt(n + 1), KEYS[r.nextInt(KEYS.length)] + "=" + VALUES[r.nextInt(VALUES.length)]);
            case 3 -> {
                int a = 1 + r.nextInt(n - 1);
                String line = lines.get(a);
                lines.set(a, line.substring(0, line.indexOf('=') + 1) + VALUES[r.nextInt(VALUES.length)]);
            }
            case 4 -> {
                // damaged DER: a flipped bit, a cut, or random bytes where a key or certificate goes
                int a = indexOfDer(lines);
                if (a < 0) {
                    return hostile(3, base, r);
                }
                String line = lines.get(a);
                int eq = line.indexOf('=');
                byte[] der = Base64.getDecoder().decode(line.substring(eq + 1));
                switch (r.nextInt(3)) {
                    case 0 -> der[r.nextInt(der.length)] ^= (byte) (1 << r.nextInt(8));
                    case 1 -> der = java.util.Arrays.copyOf(der, r.nextInt(der.length));
                    default -> r.nextBytes(der);
                }
                lines.set(a, line.substring(0, eq + 1) + Base64.getEncoder().encodeToString(der));
            }
            case 5 -> {
                byte[] b = base.getBytes(StandardCharsets.UTF_8);
                for (int k = 0; k <= r.nextInt(4); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 6 -> {
                byte[] b = base.getBytes(StandardCharsets.UTF_8);
                return java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 7 -> {
                byte[] g = new byte[r.nextInt(3000)];
                r.nextBytes(g);
                return g;
            }
            case 8 -> {
                int a = 1 + r.nextInt(n - 1);
                lines.set(a, lines.get(a) + "x".repeat(r.nextInt(200_000)));
            }
            default -> {
                // a second value for a key: Properties keeps the last one
                int a = 1 + r.nextInt(n - 1);
                String line = lines.get(a);
                lines.add(line.substring(0, line.indexOf('=') + 1) + VALUES[r.nextInt(VALUES.length)]);
            }
        }
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void runCase(int i, int kind, Path bundleFile) throws Exception {
        TreeSnapshot before = TreeSnapshot.of(root);
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int code;
        try {
            code = cli.execute("import-bundle", bundleFile.toString(), "--config-dir", config.toString());
        } catch (RuntimeException | Error e) {
            crashes++;
            fail(i, kind, "escaped: " + e);
            return;
        }
        List<String> errors = err.toString().lines().filter(l -> !l.startsWith("warning: ")).toList();
        if (code == 0) {
            accepted++;
            checkImported(i, kind, bundleFile, before);
            restore();
        } else if (code == MeternodeCommand.EXIT_CONFIG && !errors.isEmpty() && errors.stream().allMatch(
                l -> l.startsWith("error: ") && !l.contains("Exception") && !l.contains("\tat ") && !l.endsWith("null"))) {
            refused++;
        } else {
            crashes++;
            fail(i, kind, "exit " + code + ", stderr: " + err.toString().lines().limit(3).toList());
        }
        TreeSnapshot after = TreeSnapshot.of(root);
        if (!before.equals(after)) {
            unexpected++;
            fail(i, kind, "state changed:" + before.diff(after));
            restore();
        }
    }

    /** A bundle that was taken: only the config directory changed, and the config says what the bundle says. */
    private void checkImported(int i, int kind, Path bundleFile, TreeSnapshot before)
            throws Exception {
        TreeSnapshot after = TreeSnapshot.of(root);
        String outsideConfig = before.diffOutside(after, "node/config/");
        if (!outsideConfig.isEmpty()) {
            unexpected++;
            fail(i, kind, "import wrote outside the config directory:" + outsideConfig);
        }
        ProvisioningBundle b = ProvisioningBundle.parse(Files.readString(bundleFile));
        try {
            NodeConfig c = ConfigLoader.load(config.resolve(BundleImport.CONFIG_FILE)).config();
            boolean same = c.server().uri().equals(b.serverUri()) && c.server().security().mode().equals(b.mode())
                    && (b.pskIdentity() == null || b.pskIdentity().equals(c.server().security().identity()))
                    && c.endpoint().equals(b.endpoint());
            if (!same) {
                unexpected++;
                fail(i, kind, "imported config differs from the bundle: " + c.server());
            }
        } catch (Exception e) {
            if (!b.mode().equals("psk") && !(b.mode().equals("x509") && b.nodeCertificate() == null)) {
                unexpected++;
                fail(i, kind, "accepted, but the written config does not load: " + e.getMessage());
            }
        }
    }

    private void restore() throws Exception {
        if (Files.exists(config, LinkOption.NOFOLLOW_LINKS)) {
            DurableFiles.deleteTree(config);
        }
        Files.createDirectories(config);
        try (Stream<Path> s = Files.list(pristine)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, config.resolve(p.getFileName().toString()), LinkOption.NOFOLLOW_LINKS,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void writeStartingConfig(Path dir) throws Exception {
        Files.writeString(dir.resolve("meternode.yaml"), """
                # my node
                node:
                  endpoint: meter-1
                board: sim
                channels:
                  - { id: grid, type: pulse, input: GPIO17, pulses-per-kwh: 1000 }
                server:
                  uri: coaps://old.example:5684
                  lifetime: 1h
                  security:
                    identity: meter-1
                    key-hex: 00112233
                  queue-mode: true
                storage:
                  path: state
                """);
        Files.writeString(dir.resolve("node.key"), resource("node.key"));
        Files.setPosixFilePermissions(dir.resolve("node.key"), PosixFilePermissions.fromString("rw-------"));
        // a link out of the directory: an import must replace it, never write through it
        Files.createSymbolicLink(dir.resolve("node.crt"), Path.of("../../outside/etc/node.crt"));
    }

    /** A line holding base64 DER (a key or a certificate), or -1. */
    private static int indexOfDer(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            if (l.startsWith("server.public-key=") || l.startsWith("server.ca-certificate.")
                    || l.startsWith("node.certificate=")) {
                return i;
            }
        }
        return -1;
    }

    private void fail(int i, int kind, String what) {
        if (failures.size() < 10) {
            failures.add("case " + i + " (kind " + kind + "): " + what);
        }
    }

    private static final URI SERVER = URI.create("coaps://head-end.example:5684");

    private static ProvisioningBundle psk() {
        return new ProvisioningBundle("meter-1", SERVER, "psk", "meter-1-id", null, null, null);
    }

    private static ProvisioningBundle rpk() throws Exception {
        return new ProvisioningBundle("meter-1", SERVER, "rpk", null,
                TrustAnchor.fromPem("rpk", resource("server.pub")), null, null);
    }

    private static ProvisioningBundle x509() throws Exception {
        TrustAnchor.Authorities ca = (TrustAnchor.Authorities) TrustAnchor.fromPem("x509", resource("ca.crt"));
        TrustAnchor.Authorities node = (TrustAnchor.Authorities) TrustAnchor.fromPem("x509", resource("node.crt"));
        return new ProvisioningBundle("meter-1", SERVER, "x509", null, ca, "head-end.example",
                node.certificates().get(0));
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = ProvisioningBundleFuzzTest.class.getResourceAsStream("/security/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
