package org.meternode.app.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, surface 5: hostile firmware bundles streamed through the real download, verifier and
 * slot installer. Every case must be refused with an {@link UpdateException} whose message says
 * what is wrong, or be a bundle that really is valid and installs exactly what it lists; a refused
 * case leaves every path and byte of the whole temp tree (slots, state, the "outside" files) as it was.
 * {@code -Dmeternode.fuzz.tries=100000} runs more cases; the seed is fixed.
 */
class FirmwareBundleFuzzTest {
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);
    private static final long SEED = 0x19_05_F1_A5L;
    private static final Pattern BARE_CLASS = Pattern.compile("([a-z]+\\.)+[A-Z]\\w*(Exception|Error)\\b.*");
    private static final String[] HOSTILE_NAMES = {"../x.jar", "/etc/x.jar", "a/../../x.jar", "..\\x.jar",
        "x\u0000.jar", "C:\\x.jar", ".jar", "..", ".", "x.jar/", "lib-0.jar -> /etc/passwd", "lib\u2215x.jar",
        "%2e%2e%2fx.jar", " x.jar", "~/.ssh/x.jar", "../../../../outside/etc/passwd", "a".repeat(200) + ".jar",
        "lib-0.jar/../../../outside/x.jar", "./lib-0.jar", "lib-0.jar\r", "LIB-0.JAR"};
    private static final String[] HOSTILE_VALUES = {"", "abc", "-1", "99999999999999999999999", "9223372036854775807",
        "-9223372036854775808", "1e9", " 1", "0x10", "\u0000", "null", "true", "[1, 2]", "{}", "1 2",
        "99999999999999999999.0.0", "0.2.0\u0000", "../../0.2.0", "1.2.3.4.5", "sim sim", "../sim", "SIM",
        "+999999999-12-31T23:59:59Z", "yesterday", "1099511627777", "f".repeat(64), "A".repeat(64)};

    @TempDir
    Path diskDir;
    /** The tree under test: on tmpfs where there is one, since each case's fsyncs would dominate on a shared disk. */
    private Path root;

    private Bundles bundles;
    private List<Path> jars;
    private SlotStore store;
    private SlotInstaller installer;
    private BundleVerifier verifier;
    private Path updateDir;
    private KeyPair foreignKey;
    private int refused;
    private int accepted;
    private int crashes;
    private int unexpected;
    private final List<String> failures = new ArrayList<>();

    @Test
    void hostile_bundles_are_refused_with_a_reason_and_change_nothing() throws Exception {
        Path shm = Path.of("/dev/shm");
        root = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "fw-fuzz") : diskDir;
        try {
            fuzz();
        } finally {
            if (!root.equals(diskDir)) {
                DurableFiles.deleteTree(root);
            }
        }
    }

    private void fuzz() throws Exception {
        bundles = new Bundles(Files.createDirectories(root.resolve("src")));
        jars = bundles.jars(3);
        store = SlotStore.in(root.resolve("storage"));
        installer = new SlotInstaller(store, new RunningImage(jars));
        installer.install(bundles.verifier("sim", "0.1.0").verify(bundles.write("base.mnfw", "0.1.5", "sim", jars)));
        store.update(SlotState::confirmed);
        Files.writeString(Files.createDirectories(root.resolve("outside/etc")).resolve("passwd"), "root:x:0:0\n");
        updateDir = Files.createDirectories(root.resolve("storage/update"));
        verifier = bundles.verifier("sim", "0.1.5");
        foreignKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] valid = Files.readAllBytes(bundles.write("valid.mnfw", "0.2.0", "sim", jars));
        byte[] other = Files.readAllBytes(bundles.write("other.mnfw", "0.3.0", "sim", jars.subList(0, 2)));
        Parts v = Parts.of(valid);
        Parts o = Parts.of(other);

        Random random = new Random(SEED);
        for (int i = 0; i < TRIES; i++) {
            // kind 0 (the valid control, a full install with its fsyncs) once in 200 keeps the run short
            int kind = i % 200 == 0 ? 0 : 1 + random.nextInt(16);
            byte[] bytes = hostile(kind, random, valid, v, o);
            runCase(i, kind, bytes, random);
        }

        System.out.printf("surface firmware-bundle: %d cases, %d refused, %d accepted, %d crashes, %d unexpected state"
                + " changes%n", TRIES, refused, accepted, crashes, unexpected);
        assertThat(failures).as("first failures").isEmpty();
        assertThat(crashes).isZero();
        assertThat(unexpected).isZero();
        assertThat(accepted).as("the valid control cases install").isPositive();
        assertThat(refused + accepted).isEqualTo(TRIES);
    }

    /** The parts of a bundle as the writer made them. */
    private record Parts(byte[] manifest, byte[] signature, byte[] payload) {
        static Parts of(byte[] file) throws UpdateException {
            BundleHeader h = BundleHeader.tryDecode(file, file.length).orElseThrow();
            return new Parts(h.manifestBytes(), h.signature(), Arrays.copyOfRange(file, h.length(), file.length));
        }
    }

    private byte[] hostile(int kind, Random r, byte[] valid, Parts v, Parts o) throws Exception {
        byte[] b = valid.clone();
        int manifestEnd = 9 + v.manifest().length;
        int payloadStart = manifestEnd + 2 + v.signature().length;
        switch (kind) {
            case 0 -> {
                return b; // control: must install
            }
            case 1 -> b[r.nextInt(4)] ^= (byte) (1 + r.nextInt(255));
            case 2 -> b[4] = (byte) (2 + r.nextInt(254));
            case 3 -> ByteBuffer.wrap(b).putInt(5, pickInt(r, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                    v.manifest().length + 1, v.manifest().length - 1, 65_537, b.length + 10, r.nextInt()));
            case 4 -> ByteBuffer.wrap(b).putShort(manifestEnd, (short) pickInt(r, 0, 0xffff, 63, 65, 513, r.nextInt()));
            case 5 -> {
                int[] cuts = {r.nextInt(5), 5 + r.nextInt(4), 9 + r.nextInt(v.manifest().length), manifestEnd + 1,
                    manifestEnd + 2 + r.nextInt(v.signature().length), payloadStart, payloadStart + 3000,
                    payloadStart + 3000 + r.nextInt(4000), payloadStart + 7000, b.length - 1, r.nextInt(b.length)};
                return Arrays.copyOf(b, cuts[r.nextInt(cuts.length)]);
            }
            case 6 -> {
                byte[] tail = new byte[1 + r.nextInt(3000)];
                r.nextBytes(tail);
                return concat(b, tail);
            }
            case 7 -> flip(b, 9 + r.nextInt(v.manifest().length), r);
            case 8 -> flip(b, manifestEnd + 2 + r.nextInt(v.signature().length), r);
            case 9 -> flip(b, payloadStart + r.nextInt(b.length - payloadStart), r);
            case 10 -> {
                return concat(BundleHeader.encode(v.manifest(), o.signature()), v.payload());
            }
            case 11 -> {
                return concat(BundleHeader.encode(o.manifest(), o.signature()), v.payload());
            }
            case 12 -> {
                return concat(BundleHeader.encode(v.manifest(), sign(v.manifest(), foreignKey)), v.payload());
            }
            case 13 -> {
                byte[] g = new byte[r.nextInt(5000)];
                r.nextBytes(g);
                if (r.nextBoolean() && g.length >= 5) {
                    System.arraycopy(new byte[] {'M', 'N', 'F', 'W', 1}, 0, g, 0, 5);
                }
                return g;
            }
            case 14 -> {
                return new byte[0];
            }
            default -> {
                byte[] manifest = hostileManifest(new String(v.manifest(), StandardCharsets.UTF_8), r);
                return concat(BundleHeader.encode(manifest, sign(manifest, bundles.key)), v.payload());
            }
        }
        return b;
    }

    /** A manifest damaged in one of many ways, then signed with the trusted key: the parser's own defences. */
    private byte[] hostileManifest(String text, Random r) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        int n = lines.size();
        switch (r.nextInt(13)) {
            case 0 -> lines.remove(r.nextInt(n));
            case 1 -> lines.add(r.nextInt(n), lines.get(r.nextInt(n)));
            case 2 -> {
                int a = r.nextInt(n);
                int c = r.nextInt(n);
                String t = lines.get(a);
                lines.set(a, lines.get(c));
                lines.set(c, t);
            }
            case 3 -> {
                int a = r.nextInt(6);
                String line = lines.get(a);
                lines.set(a, line.substring(0, line.indexOf(": ") + 2) + HOSTILE_VALUES[r.nextInt(HOSTILE_VALUES.length)]);
            }
            case 4 -> {
                int a = 6 + r.nextInt(n - 6);
                String line = lines.get(a);
                lines.set(a, line.substring(0, line.lastIndexOf(' ') + 1) + HOSTILE_NAMES[r.nextInt(HOSTILE_NAMES.length)]);
            }
            case 5 -> {
                int a = 6 + r.nextInt(n - 6);
                String[] p = lines.get(a).split(" ");
                p[2] = pick(r, "9223372036854775807", "1099511627777", "-1", "0", Long.toString(r.nextLong()),
                        Integer.toString(Integer.parseInt(p[2]) + 1), "1e3", "");
                lines.set(a, String.join(" ", p));
            }
            case 6 -> {
                int a = 6 + r.nextInt(n - 6);
                String[] p = lines.get(a).split(" ");
                p[3] = pick(r, "symlink", "link", "dir", "BUNDLE", "hardlink", "reuse", "");
                lines.set(a, String.join(" ", p));
            }
            case 7 -> {
                int a = 6 + r.nextInt(n - 6);
                String[] p = lines.get(a).split(" ");
                p[1] = pick(r, "0".repeat(64), "xyz", p[1].toUpperCase(), p[1].substring(1), p[1] + "0");
                lines.set(a, String.join(" ", p));
            }
            case 8 -> lines.add(r.nextInt(n + 1), pick(r, "symlink: lib-0.jar /etc/passwd", "unknown: 1", "", "#",
                    "file: " + "0".repeat(64) + " 10 reuse ../../../outside/x.jar"));
            case 9 -> {
                String big = lines.get(6);
                for (int k = 0; k < 50 + r.nextInt(1000); k++) {
                    lines.add(big.replace("lib-0", "lib-x" + k));
                }
            }
            case 10 -> {
                return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
            }
            case 11 -> {
                byte[] m = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                m[r.nextInt(m.length)] = (byte) (0x80 | r.nextInt(0x80));
                return m;
            }
            default -> {
                int a = r.nextInt(n);
                lines.set(a, lines.get(a) + "x".repeat(r.nextInt(70_000)));
            }
        }
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void runCase(int i, int kind, byte[] bytes, Random r) throws Exception {
        byte[] stateBefore = Files.readAllBytes(store.stateFile());
        TreeSnapshot before = TreeSnapshot.of(root);
        VerifiedBundle installed = null;
        try (PackageDownload d = new PackageDownload(updateDir.resolve("download.part"),
                updateDir.resolve("download.bundle"), verifier)) {
            for (int at = 0; at < bytes.length;) {
                int n = Math.min(bytes.length - at, 1 + r.nextInt(1500));
                d.append(bytes, at, n);
                at += n;
            }
            VerifiedBundle b = verifier.verify(d.complete());
            installer.checkReusable(b.manifest());
            installer.install(b);
            installed = b;
        } catch (UpdateException e) {
            refused++;
            if (!reasonable(e.getMessage())) {
                fail(i, kind, "refusal without a useful reason: '" + e.getMessage() + "'");
                crashes++;
            }
        } catch (Exception | Error e) {
            crashes++;
            fail(i, kind, "escaped: " + e);
        } finally {
            Files.deleteIfExists(updateDir.resolve("download.bundle"));
        }
        if (installed != null) {
            accepted++;
            if (kind != 0 && Boolean.getBoolean("meternode.fuzz.verbose")) {
                System.out.println("accepted case " + i + " (kind " + kind + "): "
                        + new String(installed.header().manifestBytes(), StandardCharsets.UTF_8).replace('\n', '|'));
            }
            checkInstalled(i, kind, installed);
            DurableFiles.deleteTree(store.slotDir(SlotState.B));
            Files.write(store.stateFile(), stateBefore);
        }
        TreeSnapshot after = TreeSnapshot.of(root);
        if (!before.equals(after)) {
            unexpected++;
            fail(i, kind, "state changed:" + before.diff(after));
        }
    }

    /** An accepted bundle must be one that is valid: slot b holds exactly the listed jars, byte for byte. */
    private void checkInstalled(int i, int kind, VerifiedBundle b) throws Exception {
        SlotState s = store.read();
        List<String> names = new ArrayList<>();
        try (var list = Files.list(store.slotDir(SlotState.B).resolve(SlotImage.LIB))) {
            list.forEach(p -> names.add(p.getFileName().toString()));
        }
        boolean ok = s.active().equals(SlotState.B) && s.trial()
                && s.trialVersion().equals(b.manifest().firmwareVersion())
                && names.size() == b.manifest().files().size();
        for (BundleManifest.FileEntry f : b.manifest().files()) {
            Path jar = store.slotDir(SlotState.B).resolve(SlotImage.LIB).resolve(f.name());
            ok &= Files.isRegularFile(jar) && BundleWriter.sha256Hex(jar).equals(f.sha256());
        }
        if (!ok) {
            unexpected++;
            fail(i, kind, "accepted but the slot is not what the manifest lists: " + names + " " + s);
        }
    }

    static boolean reasonable(String message) {
        return message != null && !message.isBlank() && !message.equals("null") && message.contains(" ")
                && !BARE_CLASS.matcher(message).matches() && !message.contains("\tat ");
    }

    private void fail(int i, int kind, String what) {
        if (failures.size() < 10) {
            failures.add("case " + i + " (kind " + kind + "): " + what);
        }
    }

    private static byte[] sign(byte[] manifest, KeyPair key) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(manifest);
        return s.sign();
    }

    private static byte[] flip(byte[] b, int at, Random r) {
        b[at] ^= (byte) (1 << r.nextInt(8));
        return b;
    }

    private static byte[] concat(byte[] a, byte[] c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(c);
        return out.toByteArray();
    }

    private static int pickInt(Random r, int... values) {
        return values[r.nextInt(values.length)];
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }
}
