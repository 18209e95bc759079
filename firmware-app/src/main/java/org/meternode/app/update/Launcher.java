package org.meternode.app.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.meternode.app.cli.Logging;
import org.meternode.app.config.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The bootloader of a meter node ({@code meternode launch --config FILE}): it is never replaced by
 * an update. It reads {@code <storage>/slots/state}, starts the node ({@code meternode run}) in a
 * child JVM from the active slot's jars (or from its own jars, the factory image, while no slot is
 * installed), starts it again when it exits with {@value NodeJvm#EXIT_RESTART}, and supervises a
 * trial boot: if the new image does not confirm health (registered and one Send acknowledged)
 * within the health timeout, or exits before that, it switches back to the previous image.
 *
 * <p>Before each start it checks the slot it is about to boot against the installed update key
 * ({@code <storage>/update/trusted.pub}): the slot's manifest signature and every jar's SHA-256. A
 * slot that fails is refused: a trial is rolled back, an active slot is given up for the previous
 * slot or the factory image and the refusal is written to the slot state, which the node reports
 * (object 5, Update Result 8) like a rollback.
 */
public final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** Launcher settings; {@code maxTrialBoots} boots may be spent on a trial before it is rolled back. */
    public record Options(Path config, Duration healthTimeout, int maxTrialBoots, List<String> jvmFlags) {
        public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(2);
        public static final int DEFAULT_TRIAL_BOOTS = 2;
    }

    private final Options options;
    private final SlotStore store;
    /** The Ed25519 public key bundles are signed with; slots are checked against it at every boot. */
    private final Path trustedKey;
    /** AppCDS archives of the images, one per slot ({@link NodeJvm#archiveFlags}). */
    private final Path archives;
    private volatile Process child;
    private volatile boolean stopping;

    public Launcher(Options options, Path storage) {
        this.options = options;
        this.store = SlotStore.in(storage);
        this.trustedKey = storage.resolve(NodeUpdates.TRUSTED_KEY);
        this.archives = storage.resolve("jvm");
    }

    public static void main(String[] args) {
        Logging.configure();
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: meternode launch --config FILE [--health-timeout 2m] [--trial-boots 2]"
                    + " [--jvm-flag FLAG]...");
            System.exit(2);
            return;
        }
        System.exit(launch(options));
    }

    /** Runs until the node stops for good; returns the exit code for the launcher's own process. */
    public static int launch(Options options) {
        Path storage;
        try {
            storage = storagePath(options.config());
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot read storage.path from {}: {}", options.config(), e.getMessage());
            return 2;
        }
        Launcher launcher = new Launcher(options, storage);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "launcher-shutdown"));
        try {
            return launcher.run();
        } catch (IOException e) {
            LOG.error("launcher failed: {}", e.toString());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static Options parse(String[] args) {
        Path config = null;
        Duration health = Options.DEFAULT_HEALTH_TIMEOUT;
        int boots = Options.DEFAULT_TRIAL_BOOTS;
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + ": needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "-c", "--config" -> config = Path.of(v);
                case "--health-timeout" -> health = Durations.parse(v);
                case "--trial-boots" -> boots = Integer.parseInt(v);
                case "--jvm-flag" -> flags.add(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("--config FILE is required");
        }
        if (boots < 1) {
            throw new IllegalArgumentException("--trial-boots must be at least 1");
        }
        return new Options(config, health, boots, flags);
    }

    /**
     * {@code storage.path} of the node config, read leniently: the launcher must keep working with a
     * config written for a newer firmware, whose keys an older strict reader would refuse.
     */
    static Path storagePath(Path config) throws IOException {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(config));
        if (root instanceof Map<?, ?> m && m.get("storage") instanceof Map<?, ?> s && s.get("path") != null) {
            Path dir = config.toAbsolutePath().getParent();
            return dir.resolve(String.valueOf(s.get("path"))).normalize();
        }
        throw new IOException("no storage.path in " + config);
    }

    int run() throws IOException, InterruptedException {
        while (!stopping) {
            SlotState state = store.read();
            if (state.trial() && state.trialBoots() >= options.maxTrialBoots()) {
                rollback("it did not confirm health in " + state.trialBoots() + " trial boot(s)");
                continue;
            }
            Optional<Image> chosen = choose(state);
            if (chosen.isEmpty()) {
                continue;
            }
            Image image = chosen.get();
            if (state.trial()) {
                state = store.update(SlotState::startingTrialBoot);
            }
            Process p = start(image);
            if (state.trial()) {
                LOG.info("trial boot {} of {} of slot {} ({}): it must register and have a Send acknowledged"
                        + " within {}", state.trialBoots(), options.maxTrialBoots(), image.slot(), image.version(),
                        Durations.format(options.healthTimeout()));
                String failure = superviseTrial(p);
                if (failure != null) {
                    stopChild(p);
                    if (!stopping) {
                        rollback(failure);
                    }
                    continue;
                }
            }
            int code = p.waitFor();
            if (stopping) {
                return 0;
            }
            if (code == NodeJvm.EXIT_RESTART) {
                LOG.info("node asked for a restart");
                continue;
            }
            LOG.info("node exited with code {}", code);
            return code;
        }
        return 0;
    }

    /** Null once the trial image confirmed health; otherwise why it failed. */
    private String superviseTrial(Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + options.healthTimeout().toNanos();
        while (true) {
            if (!store.read().trial()) {
                LOG.info("slot {} confirmed healthy", store.read().active());
                return null;
            }
            if (p.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                if (!store.read().trial()) {
                    return null;
                }
                int code = p.exitValue();
                if (code == NodeJvm.EXIT_RESTART || stopping) {
                    return stopping ? "launcher stopped" : null;
                }
                return "it exited with code " + code + " before confirming health";
            }
            if (System.nanoTime() - deadline > 0) {
                return "it did not confirm health within " + Durations.format(options.healthTimeout());
            }
        }
    }

    private void rollback(String reason) throws IOException {
        SlotState before = store.read();
        SlotState after = store.update(s -> s.trial() ? s.rolledBack(reason) : s);
        if (!after.trial() && after.outcome() == SlotState.Outcome.ROLLED_BACK && before.trial()) {
            LOG.error("rolling back: slot {} ({}) failed: {}; booting {} again", before.active(),
                    before.trialVersion(), reason, after.active());
        }
    }

    /**
     * The checked image to start for {@code state}; empty when the active slot was on trial and failed
     * its check, so it was rolled back (the caller reads the state again).
     */
    Optional<Image> choose(SlotState state) throws IOException {
        try {
            return Optional.of(image(state.active()));
        } catch (IOException e) {
            if (state.trial()) {
                rollback(e.getMessage());
                return Optional.empty();
            }
            return Optional.of(fallback(state, e));
        }
    }

    private Image fallback(SlotState state, IOException why) throws IOException {
        for (String slot : state.fallbacks()) {
            try {
                Image image = image(slot);
                LOG.error("slot {} refused at boot: {}; booting {} instead", state.active(), why.getMessage(), slot);
                if (!(why instanceof NoTrustedKey)) {
                    recordRefusal(state, slot, why.getMessage());
                }
                return image;
            } catch (IOException e) {
                LOG.error("slot {} cannot boot either: {}", slot, e.getMessage());
            }
        }
        throw new IllegalStateException("no bootable image");
    }

    /**
     * Gives up the active slot for good: it was damaged or altered after its install, and booting it
     * again would not make it whole. The slot state carries the refusal to the node, as it does a
     * rollback. Without a key nothing is recorded: the slot may be fine once the key is back.
     */
    private void recordRefusal(SlotState seen, String bootSlot, String reason) throws IOException {
        String version;
        try {
            version = SlotImage.open(store, seen.active()).version(); // unverified, only to name it
        } catch (IOException e) {
            version = "";
        }
        String refusedVersion = version;
        store.update(s -> s.equals(seen) ? s.refused(bootSlot, refusedVersion, "refused at boot: " + reason) : s);
    }

    /** A started image: which slot, its version, its class path. */
    record Image(String slot, String version, String classPath) {
    }

    private Image image(String slot) throws IOException {
        if (slot.equals(SlotState.FACTORY)) {
            // The factory image (the package's jars in /usr/share/meternode/lib, or a checkout's) carries
            // no signature: it is the last resort, and its integrity is the package manager's job.
            return new Image(slot, "factory", System.getProperty("java.class.path"));
        }
        SlotImage image = SlotImage.verified(store, slot, trustedKey());
        return new Image(slot, image.version(), image.jars().stream().map(Path::toString)
                .collect(Collectors.joining(java.io.File.pathSeparator)));
    }

    /** The installed update key, read at each boot (it may be provisioned while the factory image runs). */
    private PublicKey trustedKey() throws NoTrustedKey {
        if (!Files.isRegularFile(trustedKey)) {
            throw new NoTrustedKey("no trusted update key at " + trustedKey + ", so no slot can be verified"
                    + " (provision the public key from 'meterctl update keygen' there)");
        }
        try {
            return PemKeys.readPublicKey(trustedKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new NoTrustedKey("trusted update key " + trustedKey + " is unreadable (" + e.getMessage()
                    + "), so no slot can be verified");
        }
    }

    /** Slots cannot be checked: no update key is installed, or it is unreadable. */
    private static final class NoTrustedKey extends IOException {
        NoTrustedKey(String message) {
            super(message);
        }
    }

    private Process start(Image image) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(NodeJvm.javaExecutable());
        cmd.addAll(NodeJvm.FLAGS);
        if (NodeJvm.archivable(image.classPath(), archives)) {
            cmd.addAll(NodeJvm.archiveFlags(archives, image.slot()));
        } else {
            LOG.info("no class-data archive for the {} image (class path not only jars, or under {} MiB free in {})",
                    image.slot(), NodeJvm.ARCHIVE_MIN_FREE_BYTES >> 20, archives);
        }
        cmd.addAll(options.jvmFlags());
        cmd.add("-D" + NodeJvm.SLOT_PROPERTY + "=" + image.slot());
        cmd.add("-cp");
        cmd.add(image.classPath());
        cmd.add(NodeJvm.MAIN_CLASS);
        cmd.add("run");
        cmd.add("--config");
        cmd.add(options.config().toString());
        LOG.info("starting node from {} image{}", image.slot(),
                image.slot().equals(SlotState.FACTORY) ? "" : " (" + image.version() + ")");
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putAll(NodeJvm.ENVIRONMENT);
        Process p = pb.start();
        child = p;
        return p;
    }

    /**
     * How long a stopping node may take before it is killed: it sends what is pending for at most
     * 10 s, deregisters, and its JVM then writes the class-data archive (the first stop of an image).
     * On the arm64 JVM under qemu that took more than 15 s, so the archive was never written; the
     * unit's TimeoutStopSec=40 (procd's term_timeout 40) leaves the launcher 10 s beyond this.
     */
    static final Duration CHILD_STOP = Duration.ofSeconds(30);

    private void stopChild(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(CHILD_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** SIGTERM: stop the node cleanly, then ourselves. */
    void stop() {
        stopping = true;
        Process p = child;
        if (p != null) {
            try {
                stopChild(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
