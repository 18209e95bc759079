package org.meternode.app.update;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/**
 * {@code <storage>/slots}: the two slot directories and the state file that says which one boots.
 * The state is replaced atomically (temp, fsync, rename, fsync dir); launcher and node change it
 * under an exclusive file lock, so a health confirmation and a rollback decision cannot cross.
 */
public final class SlotStore {
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

    /** The state; {@link SlotState#factory()} when nothing was ever installed. */
    public SlotState read() throws IOException {
        try {
            return SlotState.decode(Files.readAllBytes(stateFile()));
        } catch (NoSuchFileException e) {
            return SlotState.factory();
        } catch (IllegalArgumentException e) {
            throw new IOException(stateFile() + ": " + e.getMessage(), e);
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
