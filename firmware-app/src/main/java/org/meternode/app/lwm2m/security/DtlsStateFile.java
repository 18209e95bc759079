package org.meternode.app.lwm2m.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.meternode.app.security.KeyFiles;

/**
 * The file keeping the node's DTLS connection state between runs (mode 0600: it holds session
 * keys). One text header line, then Scandium's serialization:
 * {@code meternode-dtls-state 1 <fingerprint> <saved epoch ms> <saved nano time> <clean|periodic>}.
 */
final class DtlsStateFile {
    private static final String MAGIC = "meternode-dtls-state";
    private static final int VERSION = 1;
    private static final long MAX_BYTES = 256 * 1024;

    /** One saved state. {@code clean} when written after the connector stopped. */
    record Saved(String fingerprint, Instant savedAt, long savedNanos, boolean clean, byte[] connections) {
        @Override
        public String toString() {
            return "Saved[" + (clean ? "clean" : "periodic") + " at " + savedAt + ", " + connections.length + " B]";
        }
    }

    private final Path file;

    DtlsStateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    void write(Saved saved) throws IOException {
        byte[] header = (MAGIC + " " + VERSION + " " + saved.fingerprint() + " " + saved.savedAt().toEpochMilli() + " "
                + saved.savedNanos() + " " + (saved.clean() ? "clean" : "periodic") + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(header, header.length + saved.connections().length);
        System.arraycopy(saved.connections(), 0, all, header.length, saved.connections().length);
        KeyFiles.writeSecret(file, all, true);
    }

    /**
     * The saved state, or empty when there is none.
     *
     * @throws IOException when the file is unreadable, damaged or readable by others
     */
    Optional<Saved> read() throws IOException {
        byte[] all;
        try {
            String problem = KeyFiles.permissionProblem(file);
            if (problem != null) {
                throw new IOException(file + " " + problem);
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
            }
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int nl = indexOf(all, (byte) '\n');
        String[] h = nl < 0 ? new String[0] : new String(all, 0, nl, StandardCharsets.US_ASCII).split(" ");
        if (h.length != 6 || !h[0].equals(MAGIC) || !h[1].equals(Integer.toString(VERSION))) {
            throw new IOException(file + " is not a meternode DTLS state file of version " + VERSION);
        }
        try {
            return Optional.of(new Saved(h[2], Instant.ofEpochMilli(Long.parseLong(h[3])), Long.parseLong(h[4]),
                    h[5].equals("clean"), Arrays.copyOfRange(all, nl + 1, all.length)));
        } catch (NumberFormatException e) {
            throw new IOException(file + " has a damaged header", e);
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < Math.min(data.length, 512); i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
