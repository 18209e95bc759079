package org.meternode.app.update;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.meternode.app.state.DamagedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <storage>/slots}: the two slot directories and the state file that says which one boots.
 * The state is replaced atomically (temp, fsync, rename, fsync dir); launcher and node change it
 * under an exclusive file lock, so a health confirmation and a rollback decision cannot cross.
 */
public final class SlotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SlotStore.class);
    /** File locks are per process; threads of one process queue here first. */
    private static final Object IN_PROCESS = new Object();

    private final Path dir;

    public SlotStore(Path slotsDir) {
        this.dir = slotsDir;
    }

    public static SlotStore in(Path storage) {
        return new SlotStore(storage.resolve("slots"));
    }

    public Path dir() {
        return dir;
    }

    public Path slotDir(String slot) {
        return dir.resolve(slot);
    }

    public Path stateFile() {
        return dir.resolve("state");
    }

    /**
     * The state; {@link SlotState#factory()} when nothing was ever installed, and also when the file
     * is damaged (cut short, garbage, not a slot state): the factory image is the one image that needs
     * no state to boot. The damaged file is kept beside it as {@code state.damaged-<time>} and logged.
     */
    public SlotState read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(stateFile());
        } catch (NoSuchFileException e) {
            return SlotState.factory();
        }
        try {
            return SlotState.decode(bytes);
        } catch (RuntimeException e) {
            Path kept = DamagedFiles.moveAside(stateFile(), Instant.now());
            String why = String.valueOf(e.getMessage()).replaceAll("[^\\x20-\\x7e]", "?");
            LOG.error("slot state {} is damaged ({}): kept as {}; booting the factory image", stateFile(),
                    why.length() > 120 ? why.substring(0, 120) + "..." : why, kept.getFileName());
            return SlotState.factory();
        }
    }

    /** Reads, changes and writes the state under the lock; returns the state written. */
    public SlotState update(UnaryOperator<SlotState> change) throws IOException {
        Files.createDirectories(dir);
        synchronized (IN_PROCESS) {
            return updateLocked(change);
        }
    }

    private SlotState updateLocked(UnaryOperator<SlotState> change) throws IOException {
        try (FileChannel lockFile = FileChannel.open(dir.resolve("state.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            SlotState before = read();
            SlotState after = change.apply(before);
            if (!after.equals(before)) {
                DurableFiles.writeAtomically(stateFile(), after.encode());
            }
            return after;
        }
    }
}
