package org.meternode.app.update;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LwM2M 1.1 Firmware Update state machine (object 5), without LwM2M types:
 * <pre>
 * Idle --write Package / Package URI--> Downloading --complete and verified--> Downloaded
 * Downloading --failure (result 2..7, 9)--> Idle        Downloaded --execute Update--> Updating
 * Updating --healthy trial boot (result 1)--> Idle      Updating --rolled back (result 8)--> Idle
 * Updating --install failed (result 2, 8)--> Downloaded  Updating --package damaged (5)--> Idle
 * any state but Updating --empty Package / empty URI--> Idle (result 0)
 * Downloading, Downloaded --Cancel--> Idle (result 10)
 * </pre>
 * State, result and package name/version persist in {@code <storage>/update/status}; downloads go to
 * {@code <storage>/update/download.bundle}. Long work (pull, install) runs on the given executor.
 */
public final class UpdateAgent {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateAgent.class);
    /** PkgName reported for meternode bundles. */
    public static final String PACKAGE_NAME = "meternode";

    /** Object 5 resource 3 values. */
    public enum State {
        IDLE, DOWNLOADING, DOWNLOADED, UPDATING;

        public int code() {
            return ordinal();
        }
    }

    /** How a Write or Execute was taken: the enabler maps these to CoAP codes. */
    public enum Answer { OK, NOT_ALLOWED, BAD_REQUEST }

    /** Pulls a package from a URI into a download. */
    @FunctionalInterface
    public interface Fetcher {
        void fetch(URI uri, PackageDownload into) throws UpdateException, IOException, InterruptedException;
    }

    /** Provides the verifier; fails when no trusted key is provisioned. */
    @FunctionalInterface
    public interface VerifierSource {
        BundleVerifier get() throws UpdateException;
    }

    /** Puts a verified bundle into a slot. */
    public interface Installer {
        /** Refuses a bundle that cannot be installed here (e.g. a delta whose base jars are missing). */
        void check(BundleManifest manifest) throws UpdateException;

        void install(VerifiedBundle bundle) throws UpdateException;
    }

    private final Path dir;
    private final VerifierSource verifiers;
    private final Fetcher fetcher;
    private final Set<String> schemes;
    private final Installer installer;
    private final Runnable restart;
    private final Executor background;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /**
     * Listeners run here, in order, never under this agent's lock: the LwM2M listener takes the
     * object enabler's lock, which a server Read holds while it asks {@link #status()} for ours.
     * Calling it under our lock deadlocked the client's CoAP threads (reads and Sends unanswered).
     */
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("meternode-update-notify").factory());
    private UpdateStatus status;
    private int generation;

    /**
     * @param dir      {@code <storage>/update}
     * @param schemes  URI schemes {@code fetcher} supports (coaps; coap only on insecure test setups)
     * @param restart  called after a successful install: ends this process with the restart exit code
     */
    public UpdateAgent(Path dir, VerifierSource verifiers, Fetcher fetcher, Set<String> schemes, Installer installer,
            Runnable restart, Executor background) throws IOException {
        this.dir = dir;
        this.verifiers = verifiers;
        this.fetcher = fetcher;
        this.schemes = Set.copyOf(schemes);
        this.installer = installer;
        this.restart = restart;
        this.background = background;
        this.status = UpdateStatus.read(statusFile());
    }

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public synchronized UpdateStatus status() {
        return status;
    }

    public Set<String> schemes() {
        return schemes;
    }

    /** Write to resource 0 (push). An empty value (or a single NUL byte) resets to Idle. */
    public Answer writePackage(byte[] data) {
        int gen;
        synchronized (this) {
            if (data.length == 0 || (data.length == 1 && data[0] == 0)) {
                return reset();
            }
            if (status.state() != State.IDLE) {
                return Answer.NOT_ALLOWED;
            }
            gen = ++generation;
            set(status.with(State.DOWNLOADING, UpdateResult.INITIAL).withPackage("", "").withUri(""));
        }
        LOG.info("firmware package pushed: {} bytes", data.length);
        try (PackageDownload d = newDownload()) {
            d.append(data, 0, data.length);
            downloaded(gen, d.complete());
        } catch (UpdateException e) {
            failed(gen, e);
        } catch (IOException e) {
            failed(gen, new UpdateException(UpdateResult.NOT_ENOUGH_FLASH, "storing the package failed: " + e, e));
        }
        return Answer.OK;
    }

    /** Write to resource 1 (pull). An empty URI resets to Idle. */
    public synchronized Answer writePackageUri(String uri) {
        if (uri.isEmpty()) {
            return reset();
        }
        if (status.state() != State.IDLE) {
            return Answer.NOT_ALLOWED;
        }
        int gen = ++generation;
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            set(status.with(State.IDLE, UpdateResult.INVALID_URI).withUri(uri));
            LOG.warn("package URI refused: {}", e.getMessage());
            return Answer.OK;
        }
        if (parsed.getScheme() == null || parsed.getHost() == null) {
            set(status.with(State.IDLE, UpdateResult.INVALID_URI).withUri(uri));
            LOG.warn("package URI '{}' refused: it needs a scheme and a host", uri);
            return Answer.OK;
        }
        if (!schemes.contains(parsed.getScheme().toLowerCase())) {
            set(status.with(State.IDLE, UpdateResult.UNSUPPORTED_PROTOCOL).withUri(uri));
            LOG.warn("package URI '{}' refused: this node downloads over {} only", uri, schemes);
            return Answer.OK;
        }
        set(status.with(State.DOWNLOADING, UpdateResult.INITIAL).withPackage("", "").withUri(uri));
        LOG.info("downloading firmware package from {}", uri);
        background.execute(() -> pull(gen, parsed));
        return Answer.OK;
    }

    private void pull(int gen, URI uri) {
        long started = System.nanoTime();
        try (PackageDownload d = newDownload()) {
            fetcher.fetch(uri, d);
            if (!current(gen)) {
                return;
            }
            LOG.info("downloaded {} bytes in {} ms", d.bytes(), (System.nanoTime() - started) / 1_000_000);
            downloaded(gen, d.complete());
        } catch (UpdateException e) {
            failed(gen, e);
        } catch (IOException e) {
            failed(gen, new UpdateException(UpdateResult.CONNECTION_LOST, "download from " + uri + " failed: " + e, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (OutOfMemoryError e) {
            failed(gen, new UpdateException(UpdateResult.OUT_OF_RAM, "out of memory while downloading"));
        }
    }

    private PackageDownload newDownload() throws IOException, UpdateException {
        return new PackageDownload(dir.resolve("download.part"), downloadFile(), verifiers.get());
    }

    private void downloaded(int gen, Path file) throws UpdateException, IOException {
        VerifiedBundle b = verifiers.get().verify(file);
        installer.check(b.manifest());
        synchronized (this) {
            if (gen != generation) {
                return;
            }
            set(status.with(State.DOWNLOADED, UpdateResult.INITIAL).withPackage(PACKAGE_NAME,
                    b.manifest().firmwareVersion()));
        }
        LOG.info("firmware package {} downloaded and verified ({} jar(s), {} bytes carried)",
                b.manifest().firmwareVersion(), b.manifest().files().size(), b.manifest().payloadSize());
    }

    private void failed(int gen, UpdateException e) {
        synchronized (this) {
            if (gen != generation) {
                return;
            }
            deleteDownload();
            set(status.with(State.IDLE, e.result()));
        }
        LOG.error("firmware package refused (Update Result {}): {}", e.result().code(), e.getMessage());
    }

    /** Execute on resource 2: install the downloaded package, then restart into it. */
    public synchronized Answer update() {
        if (status.state() != State.DOWNLOADED) {
            return Answer.NOT_ALLOWED;
        }
        int gen = ++generation;
        set(status.with(State.UPDATING, UpdateResult.INITIAL));
        background.execute(() -> install(gen));
        return Answer.OK;
    }

    private void install(int gen) {
        VerifiedBundle b;
        try {
            b = verifiers.get().verify(downloadFile());
        } catch (UpdateException | IOException e) {
            UpdateException u = e instanceof UpdateException ue ? ue
                    : new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, "downloaded package unreadable: " + e);
            failed(gen, u);
            return;
        }
        try {
            installer.install(b);
        } catch (UpdateException e) {
            synchronized (this) {
                if (gen == generation) {
                    set(status.with(State.DOWNLOADED, e.result()));
                }
            }
            LOG.error("installing {} failed (Update Result {}): {}", b.manifest().firmwareVersion(), e.result().code(),
                    e.getMessage());
            return;
        }
        restart.run();
    }

    /** Execute on resource 10. */
    public synchronized Answer cancel() {
        if (status.state() != State.DOWNLOADING && status.state() != State.DOWNLOADED) {
            return Answer.NOT_ALLOWED;
        }
        generation++;
        deleteDownload();
        set(status.with(State.IDLE, UpdateResult.CANCELLED));
        return Answer.OK;
    }

    private Answer reset() {
        if (status.state() == State.UPDATING) {
            return Answer.NOT_ALLOWED;
        }
        generation++;
        deleteDownload();
        set(new UpdateStatus(State.IDLE, UpdateResult.INITIAL, "", "", ""));
        return Answer.OK;
    }

    /**
     * After start: finish what a restart interrupted. {@code mySlot} is the image this process runs.
     */
    public synchronized void onStart(SlotState slots, String mySlot) {
        switch (status.state()) {
            case DOWNLOADING -> {
                deleteDownload();
                set(status.with(State.IDLE, UpdateResult.CONNECTION_LOST));
                LOG.warn("a firmware download was interrupted by a restart (Update Result 4)");
            }
            case DOWNLOADED -> {
                if (!Files.isRegularFile(downloadFile())) {
                    set(status.with(State.IDLE, UpdateResult.INTEGRITY_CHECK_FAILURE));
                }
            }
            case UPDATING -> reconcileUpdate(slots, mySlot);
            case IDLE -> {
                if (slots.outcome() == SlotState.Outcome.ROLLED_BACK && status.result() == UpdateResult.SUCCESS
                        && slots.outcomeVersion().equals(status.pkgVersion())) {
                    // confirmed, then rolled back on a later trial boot count, or refused by the launcher's
                    // check at a later boot (altered or damaged slot): report the failure.
                    set(status.with(State.IDLE, UpdateResult.UPDATE_FAILED));
                    LOG.error("firmware {} no longer runs: {} (Update Result 8)", status.pkgVersion(),
                            slots.outcomeDetail());
                }
            }
        }
    }

    private void reconcileUpdate(SlotState slots, String mySlot) {
        if (slots.trial() && slots.active().equals(mySlot)) {
            LOG.info("running {} on trial: waiting for registration and an acknowledged Send", slots.trialVersion());
            return;
        }
        if (slots.outcome() == SlotState.Outcome.ROLLED_BACK && slots.outcomeVersion().equals(status.pkgVersion())) {
            deleteDownload();
            set(status.with(State.IDLE, UpdateResult.UPDATE_FAILED));
            LOG.error("firmware {} was rolled back: {} (Update Result 8)", status.pkgVersion(), slots.outcomeDetail());
            return;
        }
        if (slots.outcome() == SlotState.Outcome.SUCCESS && slots.outcomeVersion().equals(status.pkgVersion())
                && slots.active().equals(mySlot)) {
            trialConfirmedLocked(status.pkgVersion());
            return;
        }
        set(status.with(Files.isRegularFile(downloadFile()) ? State.DOWNLOADED : State.IDLE, UpdateResult.UPDATE_FAILED));
        LOG.error("the install of {} was interrupted before the switch (Update Result 8)", status.pkgVersion());
    }

    /** The trial boot of {@code version} registered and had a Send acknowledged. */
    public synchronized void trialConfirmed(String version) {
        trialConfirmedLocked(version);
    }

    private void trialConfirmedLocked(String version) {
        deleteDownload();
        set(new UpdateStatus(State.IDLE, UpdateResult.SUCCESS, PACKAGE_NAME, version, status.packageUri()));
        LOG.info("firmware {} confirmed healthy (Update Result 1)", version);
    }

    private boolean current(int gen) {
        synchronized (this) {
            return gen == generation;
        }
    }

    private Path statusFile() {
        return dir.resolve("status");
    }

    private Path downloadFile() {
        return dir.resolve("download.bundle");
    }

    private void deleteDownload() {
        try {
            Files.deleteIfExists(downloadFile());
            Files.deleteIfExists(dir.resolve("download.part"));
        } catch (IOException e) {
            LOG.warn("cannot delete the old download: {}", e.toString());
        }
    }

    private void set(UpdateStatus next) {
        status = next;
        try {
            next.write(statusFile());
        } catch (IOException e) {
            LOG.error("cannot persist the firmware update status: {}", e.toString());
        }
        notifier.execute(() -> listeners.forEach(Runnable::run));
    }
}
