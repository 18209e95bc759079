package org.meternode.app.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Free space where the node writes, by {@code statvfs} on the path itself. Not through
 * {@code Files.getFileStore}: that looks the path up in the mount table and fails ("Mount point not
 * found") in a chroot, a bind-mounted root or an OpenWrt overlay, where the node still runs fine.
 */
public final class DiskSpace {
    private DiskSpace() {
    }

    /** Bytes this process may still write on the file system holding {@code path} (which must exist). */
    public static long usableBytes(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "cannot tell the free space of a missing path");
        }
        // File.getUsableSpace is statvfs(2): no mount table; 0 also when the call itself fails.
        return path.toFile().getUsableSpace();
    }
}
