package org.meternode.app.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.meternode.app.outbox.StoredReading;
import org.meternode.app.uplink.ReadingTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firmware updates on a running node, wired together: which image runs, the object 5 state machine,
 * the slot installer, and the trial health check. The LwM2M side (object 5 enabler, the coaps
 * download) is in {@code org.meternode.app.update.lwm2m}.
 */
public final class NodeUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(NodeUpdates.class);
    /** Where the node looks for the Ed25519 public key bundles must be signed with. */
    public static final String TRUSTED_KEY = "update/trusted.pub";

    private final SlotStore store;
    private final FirmwareImage image;
    private final UpdateAgent agent;
    private final TrialHealth health;

    private NodeUpdates(SlotStore store, FirmwareImage image, UpdateAgent agent, TrialHealth health) {
        this.store = store;
        this.image = image;
        this.agent = agent;
        this.health = health;
    }

    /**
     * @param factoryVersion version of the jars this process was built as, used when no slot runs
     * @param fetcher        downloads a Package URI
     * @param schemes        URI schemes {@code fetcher} supports
     */
    public static NodeUpdates open(Path storage, String board, String factoryVersion, UpdateAgent.Fetcher fetcher,
            Set<String> schemes) throws IOException {
        return open(storage, board, factoryVersion, fetcher, schemes, NodeUpdates::exitForRestart,
                runnable -> Thread.ofPlatform().name("meternode-fw-update").daemon().start(runnable));
    }

    public static NodeUpdates open(Path storage, String board, String factoryVersion, UpdateAgent.Fetcher fetcher,
            Set<String> schemes, Runnable restart, Executor background) throws IOException {
        SlotStore store = SlotStore.in(storage);
        FirmwareImage image = FirmwareImage.current(store, factoryVersion);
        Path trustedKey = storage.resolve(TRUSTED_KEY);
        UpdateAgent.VerifierSource verifiers = () -> new BundleVerifier(trustedKey(trustedKey), board, image.version());
        SlotInstaller installer = new SlotInstaller(store, RunningImage.current());
        UpdateAgent agent = new UpdateAgent(storage.resolve("update"), verifiers, fetcher, schemes,
                new UpdateAgent.Installer() {
                    @Override
                    public void check(BundleManifest manifest) throws UpdateException {
                        installer.checkReusable(manifest);
                    }

                    @Override
                    public void install(VerifiedBundle bundle) throws UpdateException {
                        installer.install(bundle);
                    }
                }, restart, background);
        SlotState slots = store.read();
        agent.onStart(slots, image.slot());
        TrialHealth health = new TrialHealth(store, image, agent);
        LOG.info("firmware {} from the {} image{}", image.version(),
                image.slot().equals(SlotState.FACTORY) ? "factory" : "slot " + image.slot(),
                health.onTrial() ? " (trial boot: waiting for registration and an acknowledged Send)" : "");
        return new NodeUpdates(store, image, agent, health);
    }

    private static java.security.PublicKey trustedKey(Path file) throws UpdateException {
        if (!Files.isRegularFile(file)) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "no trusted update key at " + file
                    + ": provision the public key from 'meterctl update keygen' there");
        }
        try {
            return PemKeys.readPublicKey(file);
        } catch (IOException | GeneralSecurityException e) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "trusted update key " + file
                    + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Ends this process with the restart code, after the Execute response went out. */
    private static void exitForRestart() {
        if (!FirmwareImage.launched()) {
            LOG.warn("not started by 'meternode launch': exiting with code {}; start the launcher to boot the new"
                    + " slot", NodeJvm.EXIT_RESTART);
        }
        Thread.ofPlatform().name("meternode-restart").start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("restarting into the new firmware");
            System.exit(NodeJvm.EXIT_RESTART);
        });
    }

    public FirmwareImage image() {
        return image;
    }

    public UpdateAgent agent() {
        return agent;
    }

    public TrialHealth health() {
        return health;
    }

    public SlotStore slots() {
        return store;
    }

    /** The uplink's transport, noting the first acknowledged Send for the trial health check. */
    public ReadingTransport watch(ReadingTransport transport) {
        return new ReadingTransport() {
            @Override
            public boolean isReady() {
                return transport.isReady();
            }

            @Override
            public Outcome send(List<StoredReading> batch, Duration timeout) throws InterruptedException {
                Outcome outcome = transport.send(batch, timeout);
                if (outcome.delivered()) {
                    health.sendAcknowledged();
                }
                return outcome;
            }
        };
    }
}
