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
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persisted {@link ClockAnchor} ({@code sim-clock.properties} in the board's state directory),
 * written atomically (temp file, fsync, rename, fsync of the directory) so a kill -9 at any moment
 * leaves either the old or the new anchor. Its last line is a CRC-32 of the others: a changed digit
 * would otherwise move the timeline (and every simulated meter total) without a word.
 */
final class ClockAnchorFile {
    static final String NAME = "sim-clock.properties";
    private static final String CHECK = "check";
    private static final Logger LOG = LoggerFactory.getLogger(ClockAnchorFile.class);

    private final Path file;

    ClockAnchorFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    /**
     * The stored anchor, or empty when there is none.
     *
     * @throws IOException naming the file when it is unreadable or damaged: cut short, a changed
     *                     byte (caught by the {@code check} line, a CRC-32 of the lines above it), a
     *                     key missing or unparsable
     */
    Optional<ClockAnchor> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int checkAt = text.lastIndexOf("\n" + CHECK + "=");
        if (checkAt < 0) {
            throw new IOException(file + ": no '" + CHECK + "' line (damaged, or written by an older meternode)");
        }
        String body = text.substring(0, checkAt + 1);
        String check = text.substring(checkAt + 1 + CHECK.length() + 1).strip();
        if (!check.equals(crc(body))) {
            throw new IOException(file + ": damaged (its '" + CHECK + "' line does not match the lines above it)");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(body));
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
        String body = "# meternode sim board: virtual clock anchor. Delete this file to start a new timeline.\n"
                + "# virtual = anchor-virtual + (wall - anchor-wall) * speed; meters count from epoch.\n"
                + "epoch=" + anchor.epoch() + "\n"
                + "anchor-virtual=" + anchor.virtualAt() + "\n"
                + "anchor-wall=" + anchor.wallAt() + "\n"
                + "speed=" + anchor.speed() + "\n"
                + "seed=" + anchor.seed() + "\n";
        String text = body + CHECK + "=" + crc(body) + "\n";
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

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
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
