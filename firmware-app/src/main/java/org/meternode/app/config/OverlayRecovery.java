package org.meternode.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the remote settings kept in the state directory at start; a file damaged on disk (not YAML,
 * not a map, not UTF-8) is moved aside as {@code remote-settings.yaml.damaged-<time>} (kept) and the
 * node starts on its base config, with a line that names the file and what is wrong where.
 */
public final class OverlayRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayRecovery.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The overlay loaded, and what was wrong with the file if it was set aside. */
    public record Loaded(ConfigOverlay overlay, Optional<String> damage) {
    }

    private OverlayRecovery() {
    }

    /** Loads {@code storageDir}'s remote settings; a damaged file is moved aside (names timed at {@code now}). */
    public static Loaded load(Path storageDir, Instant now) throws IOException {
        Path file = storageDir.resolve(ConfigOverlay.FILE_NAME);
        try {
            return new Loaded(ConfigOverlay.load(storageDir), Optional.empty());
        } catch (IOException | RuntimeException e) {
            if (!Files.exists(file)) {
                throw e instanceof IOException io ? io : new IOException(file + ": " + e.getMessage(), e);
            }
            Path kept = keep(file, now);
            String what = message(e).replace('\n', ' ');
            String damage = file + " is damaged (" + what + "); kept as " + kept
                    + "; starting with the base config and no remote settings";
            LOG.error("remote settings: {}", damage);
            return new Loaded(ConfigOverlay.empty(), Optional.of(damage));
        }
    }

    private static Path keep(Path file, Instant now) throws IOException {
        String base = file.getFileName() + ".damaged-" + STAMP.format(now);
        Path target = file.resolveSibling(base);
        for (int i = 2; Files.exists(target); i++) {
            target = file.resolveSibling(base + "-" + i);
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
