package org.meternode.app.security;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets (private keys, PSKs, DTLS session state): written with mode 0600 from
 * the start, and refused when group or others may read them.
 */
public final class KeyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFiles() {
    }

    /**
     * What is wrong with the permissions of an existing secret file, or null when only its owner
     * can use it (or the file system has no POSIX permissions).
     */
    public static String permissionProblem(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return null;
        }
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        if (perms.stream().noneMatch(GROUP_OR_OTHERS::contains)) {
            return null;
        }
        return "is readable by group or others (mode " + PosixFilePermissions.toString(perms) + " = "
                + octal(perms) + "); a key file must be mode 0600: chmod 600 " + file;
    }

    /**
     * Writes {@code content} to {@code file} with mode 0600: a temporary file created 0600 in the
     * same directory, then an atomic rename, so no reader ever sees a partial or wider file.
     *
     * @param overwrite false to refuse replacing an existing file (keys are never silently replaced)
     */
    public static void writeSecret(Path file, byte[] content, boolean overwrite) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (!overwrite && Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to replace an existing key file");
        }
        Path tmp = ownerOnlyTempFile(dir, file.getFileName().toString());
        try {
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new empty file readable and writable only by its owner. */
    public static Path ownerOnlyTempFile(Path dir, String prefix) throws IOException {
        // The file system's views, not the store's: getFileStore needs the mount table (absent in a chroot).
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(dir, "." + prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        return Files.createTempFile(dir, "." + prefix, ".tmp");
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }
}
