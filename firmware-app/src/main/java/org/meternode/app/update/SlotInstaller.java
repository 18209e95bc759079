package org.meternode.app.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a verified bundle: writes the inactive slot completely into {@code <slot>.new} (every
 * jar fsynced and re-hashed, then the manifest and the directories), puts it in place by rename,
 * and only then switches the state file atomically to boot it on trial. A power cut at any point
 * leaves the state pointing at the image that ran before, or at the complete new one.
 */
public final class SlotInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(SlotInstaller.class);

    private final SlotStore store;
    private final RunningImage running;

    public SlotInstaller(SlotStore store, RunningImage running) {
        this.store = store;
        this.running = running;
    }

    /** Writes the inactive slot, then switches to it on trial; returns the slot now active. */
    public String install(VerifiedBundle bundle) throws UpdateException {
        SlotState state;
        try {
            state = store.read();
        } catch (IOException e) {
            throw new UpdateException(UpdateResult.UPDATE_FAILED, "cannot read the slot state: " + e.getMessage(), e);
        }
        if (state.trial()) {
            throw new UpdateException(UpdateResult.UPDATE_FAILED, "slot '" + state.active() + "' ("
                    + state.trialVersion() + ") is still on trial; install again after it is confirmed");
        }
        String slot = state.inactiveSlot();
        String version = bundle.manifest().firmwareVersion();
        LOG.info("installing {} into slot {}", version, slot);
        writeSlot(bundle, slot);
        try {
            store.update(s -> s.switchTo(slot, version));
        } catch (IOException e) {
            throw new UpdateException(UpdateResult.UPDATE_FAILED, "cannot switch to slot " + slot + ": " + e.getMessage(), e);
        }
        LOG.info("switched to slot {} ({}) on trial; restart needed", slot, version);
        return slot;
    }

    /** Refuses a delta bundle whose {@code reuse} jars this node's running image does not have. */
    public void checkReusable(BundleManifest manifest) throws UpdateException {
        for (BundleManifest.FileEntry f : manifest.files()) {
            try {
                if (f.reuse() && running.find(f.size(), f.sha256()).isEmpty()) {
                    throw new UpdateException(UpdateResult.UNSUPPORTED_PACKAGE_TYPE, "delta bundle "
                            + manifest.firmwareVersion() + " needs " + f.name() + " (" + f.sha256().substring(0, 12)
                            + "...) from the running image, which does not have it; send a full bundle");
                }
            } catch (java.io.IOException e) {
                throw new UpdateException(UpdateResult.UPDATE_FAILED, "cannot read the running image: " + e, e);
            }
        }
    }

    /** Step one: the complete slot directory, durable, under its final name. */
    public void writeSlot(VerifiedBundle bundle, String slot) throws UpdateException {
        Path target = store.slotDir(slot);
        Path fresh = target.resolveSibling(slot + ".new");
        Path old = target.resolveSibling(slot + ".old");
        try {
            DurableFiles.deleteTree(fresh);
            DurableFiles.deleteTree(old);
            Path lib = Files.createDirectories(fresh.resolve(SlotImage.LIB));
            long offset = bundle.payloadOffset();
            for (BundleManifest.FileEntry f : bundle.manifest().files()) {
                Path dest = lib.resolve(f.name());
                if (f.reuse()) {
                    Path source = running.find(f.size(), f.sha256()).orElseThrow(() -> new UpdateException(
                            UpdateResult.UNSUPPORTED_PACKAGE_TYPE, "delta bundle needs " + f.name()
                                    + " from the running image, which does not have it"));
                    copy(source, 0, f, dest);
                } else {
                    copy(bundle.file(), offset, f, dest);
                    offset += f.size();
                }
            }
            DurableFiles.syncDirectory(lib);
            DurableFiles.writeAtomically(fresh.resolve(SlotImage.MANIFEST), bundle.header().manifestBytes());
            DurableFiles.writeAtomically(fresh.resolve(SlotImage.SIGNATURE), bundle.header().signature());
            if (Files.exists(target)) {
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(store.dir());
            DurableFiles.deleteTree(old);
        } catch (IOException e) {
            boolean full = e.getMessage() != null && e.getMessage().contains("No space left");
            throw new UpdateException(full ? UpdateResult.NOT_ENOUGH_FLASH : UpdateResult.UPDATE_FAILED,
                    "writing slot " + slot + " failed: " + e, e);
        }
    }

    private static void copy(Path source, long offset, BundleManifest.FileEntry f, Path dest)
            throws IOException, UpdateException {
        MessageDigest d = BundleVerifier.sha256();
        byte[] buffer = new byte[64 * 1024];
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.position(offset);
            InputStream is = Channels.newInputStream(in);
            OutputStream os = Channels.newOutputStream(out);
            long left = f.size();
            while (left > 0) {
                int n = is.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, source + " ends inside " + f.name());
                }
                d.update(buffer, 0, n);
                os.write(buffer, 0, n);
                left -= n;
            }
            os.flush();
            out.force(true);
        }
        if (!BundleManifest.hex(d.digest()).equals(f.sha256())) {
            throw new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, f.name()
                    + " changed on disk since it was verified");
        }
    }
}
