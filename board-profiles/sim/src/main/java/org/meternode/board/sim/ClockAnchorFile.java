package org.meternode.board.sim;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persisted {@link ClockAnchor} ({@code sim-clock.properties} in the board's state directory),
 * written atomically (temp file, fsync, rename, fsync of the directory) so a kill -9 at any moment
 * leaves either the old or the new anchor.
 */
final class ClockAnchorFile {
    static final String NAME = "sim-clock.properties";
    private static final Logger LOG = LoggerFactory.getLogger(ClockAnchorFile.class);

    private final Path file;

    ClockAnchorFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    Optional<ClockAnchor> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            return Optional.of(new ClockAnchor(
                    Instant.parse(required(p, "epoch")),
                    Instant.parse(required(p, "anchor-virtual")),
                    Instant.parse(required(p, "anchor-wall")),
                    Double.parseDouble(required(p, "speed")),
                    Long.parseLong(required(p, "seed"))));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    void write(ClockAnchor anchor) throws IOException {
        String text = "# meternode sim board: virtual clock anchor. Delete this file to start a new timeline.\n"
                + "# virtual = anchor-virtual + (wall - anchor-wall) * speed; meters count from epoch.\n"
                + "epoch=" + anchor.epoch() + "\n"
                + "anchor-virtual=" + anchor.virtualAt() + "\n"
                + "anchor-wall=" + anchor.wallAt() + "\n"
                + "speed=" + anchor.speed() + "\n"
                + "seed=" + anchor.seed() + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(NAME + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /** Makes the rename durable; some platforms cannot open a directory, which only weakens durability. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {} on this platform: {}", dir, e.toString());
        }
    }

    private String required(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IOException(file + ": key '" + key + "' is missing");
        }
        return value.trim();
    }
}
