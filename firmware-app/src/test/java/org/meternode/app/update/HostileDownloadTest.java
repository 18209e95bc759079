package org.meternode.app.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.reading.Reading;
import org.meternode.app.update.lwm2m.CoapsPackageFetcher;

/**
 * Issue 19, surface 3 (package part): a real Californium server on loopback serves hostile
 * block-wise transfers to the node's {@link CoapsPackageFetcher} through the real {@link UpdateAgent}.
 * Each ends Idle with an object 5 Update Result that says why, the running slot and slot state are
 * byte-identical, no download file is left; and a package bigger than the free space minus the
 * outbox reserve is refused before the file system fills, whether announced up front or not.
 */
class HostileDownloadTest {
    private static final int ROUNDS = Integer.getInteger("meternode.fuzz.download.rounds", 4);
    private static final int BLOCK = 1024;

    @TempDir
    Path diskDir;
    private Path root;
    private CoapServer server;
    private ExecutorService background;
    private final Map<String, byte[]> served = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Runnable atBlock100 = () -> { };

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.destroy();
        }
        if (background != null) {
            background.shutdownNow();
        }
        if (root != null && !root.equals(diskDir)) {
            DurableFiles.deleteTree(root);
        }
    }

    @Test
    void hostile_transfers_and_oversized_packages_fail_the_update_and_change_nothing() throws Exception {
        Path shm = Path.of("/dev/shm");
        // tmpfs with little other traffic: the free-space bounds below are measured against it to the KiB
        root = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "dl-fuzz") : diskDir;
        Bundles bundles = new Bundles(Files.createDirectories(root.resolve("src")));
        List<Path> jars = bundles.jars(3);
        Path storage = root.resolve("storage");
        SlotStore store = SlotStore.in(storage);
        SlotInstaller installer = new SlotInstaller(store, new RunningImage(jars));
        installer.install(bundles.verifier("sim", "0.1.0").verify(bundles.write("base.mnfw", "0.1.5", "sim", jars)));
        store.update(SlotState::confirmed);
        byte[] valid = Files.readAllBytes(bundles.write("valid.mnfw", "0.2.0", "sim", jars));
        int port = startServer();
        BundleVerifier verifier = bundles.verifier("sim", "0.1.5");
        AtomicBoolean restarted = new AtomicBoolean();
        background = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("test-update").factory());
        UpdateAgent agent = new UpdateAgent(storage.resolve("update"), () -> verifier,
                new CoapsPackageFetcher(null, null, true), Set.of("coap"), new UpdateAgent.Installer() {
                    @Override
                    public void check(BundleManifest manifest) throws UpdateException {
                        installer.checkReusable(manifest);
                    }

                    @Override
                    public void install(VerifiedBundle bundle) throws UpdateException {
                        installer.install(bundle);
                    }
                }, () -> restarted.set(true), background);

        int cases = 0;
        int refused = 0;
        int accepted = 0;
        int crashes = 0;
        int unexpected = 0;
        List<String> failures = new ArrayList<>();
        Random random = new Random(0x19_03_D0_01L);
        String[] modes = {"garbage", "truncated", "skip", "repeat", "short", "badpayload", "garbage-tail"};
        for (int round = 0; round < ROUNDS; round++) {
            for (String mode : modes) {
                served.put(mode, hostile(mode, valid, random));
                TreeSnapshot slots = TreeSnapshot.of(store.dir());
                UpdateStatus s = pull(agent, "coap://127.0.0.1:" + port + "/" + mode);
                cases++;
                boolean named = s.result() == UpdateResult.INTEGRITY_CHECK_FAILURE
                        || s.result() == UpdateResult.UNSUPPORTED_PACKAGE_TYPE;
                if (s.state() == UpdateAgent.State.IDLE && named) {
                    refused++;
                } else {
                    crashes++;
                    failures.add(mode + ": ended " + s.state() + " with Update Result " + s.result());
                }
                boolean leftovers = Files.exists(storage.resolve("update/download.part"))
                        || Files.exists(storage.resolve("update/download.bundle"));
                if (!slots.equals(TreeSnapshot.of(store.dir())) || leftovers || restarted.get()) {
                    unexpected++;
                    failures.add(mode + ": slots changed or a download was left:" + slots.diff(TreeSnapshot.of(store.dir())));
                }
            }
        }
        // the control: the same server path serving the real bundle downloads and verifies
        served.put("valid", valid);
        UpdateStatus ok = pull(agent, "coap://127.0.0.1:" + port + "/valid");
        cases++;
        if (ok.state() == UpdateAgent.State.DOWNLOADED && ok.pkgVersion().equals("0.2.0")) {
            accepted++;
        } else {
            failures.add("the valid bundle ended " + ok.state() + " with Update Result " + ok.result());
        }
        agent.writePackageUri("");

        // the same broken sequences straight into a download: the fetcher names the sequence error itself
        for (String mode : List.of("skip", "repeat", "short")) {
            cases++;
            UpdateException e = fetchExpectingRefusal(new CoapsPackageFetcher(null, null, true), port, mode,
                    storage.resolve("update/download.part"), storage.resolve("update/download.bundle"), verifier, 0);
            if (e != null && e.result() == UpdateResult.INTEGRITY_CHECK_FAILURE
                    && e.getMessage().contains("out of sequence")) {
                refused++;
            } else {
                crashes++;
                failures.add(mode + " direct: " + (e == null ? "not refused" : e.getMessage()));
            }
        }

        int[] disk = diskBounds(bundles, verifier, port, storage, failures);
        cases += disk[0];
        refused += disk[1];
        unexpected += disk[2];

        System.out.printf("surface firmware-download: %d cases, %d refused, %d accepted, %d crashes, %d unexpected"
                + " state changes%n", cases, refused, accepted, crashes, unexpected);
        assertThat(failures).isEmpty();
        assertThat(crashes).isZero();
        assertThat(unexpected).isZero();
        assertThat(accepted).isEqualTo(1);
    }

    /** The two free-space cases: returns {cases, refused, unexpected}. */
    private int[] diskBounds(Bundles bundles, BundleVerifier verifier, int port, Path storage, List<String> failures)
            throws Exception {
        long bound = 4L * 1024 * 1024;
        Path updateDir = storage.resolve("update");
        Path part = updateDir.resolve("download.part");
        Path done = updateDir.resolve("download.bundle");
        CoapsPackageFetcher fetcher = new CoapsPackageFetcher(null, null, true);
        int refused = 0;
        int unexpected = 0;

        // 1. announced up front: 3 MiB of payload plus its slot cannot fit in a 4 MiB bound
        served.put("huge", Files.readAllBytes(bundles.write("huge.mnfw", "0.4.0", "sim",
                List.of(randomJar(bundles.dir.resolve("huge.jar"), 3 * 1024 * 1024)))));
        long reserve = Files.getFileStore(updateDir).getUsableSpace() - bound;
        UpdateException e1 = fetchExpectingRefusal(fetcher, port, "huge", part, done, verifier, reserve);
        if (e1 != null && e1.result() == UpdateResult.NOT_ENOUGH_FLASH && e1.getMessage().contains("kept for the outbox")
                && !Files.exists(part)) {
            refused++;
        } else {
            failures.add("announced oversize: " + (e1 == null ? "not refused" : e1.result() + " " + e1.getMessage()));
        }

        // 2. fits when announced, but the outbox grows meanwhile: the bytes that keep coming stop at the bound
        served.put("grows", Files.readAllBytes(bundles.write("grows.mnfw", "0.5.0", "sim",
                List.of(randomJar(bundles.dir.resolve("grows.jar"), 1536 * 1024)))));
        Path outboxFile = storage.resolve("outbox.db");
        Path filler = storage.resolve("outbox-growth.bin");
        atBlock100 = () -> {
            try {
                Files.write(filler, new byte[3686 * 1024]);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        reserve = Files.getFileStore(updateDir).getUsableSpace() - bound;
        UpdateException e2 = fetchExpectingRefusal(fetcher, port, "grows", part, done, verifier, reserve);
        atBlock100 = () -> { };
        long usableAfter = Files.getFileStore(updateDir).getUsableSpace();
        if (e2 != null && e2.result() == UpdateResult.NOT_ENOUGH_FLASH && e2.getMessage().contains("download stopped")
                && !Files.exists(part) && usableAfter > reserve) {
            refused++;
        } else {
            failures.add("growing: " + (e2 == null ? "not refused" : e2.result() + " " + e2.getMessage())
                    + ", usable after " + usableAfter + " vs reserve " + reserve);
        }
        try (Outbox outbox = Outbox.open(outboxFile)) {
            Instant end = Instant.parse("2026-12-03T07:00:00Z");
            outbox.appendInterval(end, List.of(new Reading("grid.energy", end, 1234, -3, "kWh",
                    Reading.Quality.GOOD)), Map.of());
            if (outbox.pending(10).size() != 1) {
                unexpected++;
                failures.add("the outbox did not store its reading after the refused download");
            }
        }
        return new int[] {2, refused, unexpected};
    }

    private static UpdateException fetchExpectingRefusal(CoapsPackageFetcher fetcher, int port, String path, Path part,
            Path done, BundleVerifier verifier, long reserve) throws Exception {
        try (PackageDownload d = new PackageDownload(part, done, verifier, reserve)) {
            fetcher.fetch(URI.create("coap://127.0.0.1:" + port + "/" + path), d);
            return null;
        } catch (UpdateException e) {
            return e;
        }
    }

    private static Path randomJar(Path file, int size) throws IOException {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return Files.write(file, b);
    }

    private static UpdateStatus pull(UpdateAgent agent, String uri) {
        assertThat(agent.writePackageUri(uri)).isEqualTo(UpdateAgent.Answer.OK);
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.status().state() != UpdateAgent.State.DOWNLOADING);
        UpdateStatus s = agent.status();
        if (s.state() == UpdateAgent.State.IDLE) {
            agent.writePackageUri(""); // back to Idle / result 0 for the next case
            return s;
        }
        return s;
    }

    private static byte[] hostile(String mode, byte[] valid, Random r) {
        return switch (mode) {
            case "garbage" -> {
                byte[] g = new byte[1 + r.nextInt(20_000)];
                r.nextBytes(g);
                yield g;
            }
            case "badpayload", "skip", "repeat", "short" -> {
                byte[] b = valid.clone();
                b[b.length - 1 - r.nextInt(2000)] ^= (byte) (1 + r.nextInt(255));
                yield mode.equals("badpayload") ? b : valid;
            }
            case "garbage-tail" -> {
                byte[] tail = new byte[1 + r.nextInt(5000)];
                r.nextBytes(tail);
                byte[] b = Arrays.copyOf(valid, valid.length + tail.length);
                System.arraycopy(tail, 0, b, valid.length, tail.length);
                yield b;
            }
            default -> Arrays.copyOf(valid, 1 + r.nextInt(valid.length - 1)); // truncated
        };
    }

    private int startServer() {
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        server = new CoapServer(c);
        CoapEndpoint ep = new CoapEndpoint.Builder().setConfiguration(c)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        server.addEndpoint(ep);
        for (String name : List.of("garbage", "truncated", "skip", "repeat", "short", "badpayload", "garbage-tail",
                "valid", "huge", "grows")) {
            server.add(new BlockResource(name));
        }
        server.start();
        return ep.getAddress().getPort();
    }

    /** Serves {@code served.get(name)} block by block, damaging the sequence as the name says. */
    private final class BlockResource extends CoapResource {
        BlockResource(String name) {
            super(name);
        }

        @Override
        public void handleGET(CoapExchange ex) {
            byte[] body = served.get(getName());
            BlockOption asked = ex.getRequestOptions().getBlock2();
            int szx = asked == null ? BlockOption.size2Szx(BLOCK) : asked.getSzx();
            int num = asked == null ? 0 : asked.getNum();
            int size = BlockOption.szx2Size(szx);
            if (num == 100) {
                atBlock100.run();
            }
            int sent = switch (getName()) {
                case "skip" -> num == 3 ? num + 1 : num;
                case "repeat" -> num >= 2 ? 0 : num;
                default -> num;
            };
            int from = Math.min(body.length, sent * size);
            int to = Math.min(body.length, from + size);
            boolean more = to < body.length;
            if (getName().equals("short") && num == 2 && more) {
                to = from + size / 2;
            }
            Response r = new Response(CoAP.ResponseCode.CONTENT);
            r.setPayload(Arrays.copyOfRange(body, from, to));
            r.getOptions().setBlock2(szx, more, sent);
            ex.respond(r);
        }
    }
}
