package org.meternode.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.meternode.app.state.DamagedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the remote settings kept in the state directory at start; a file damaged on disk (not YAML,
 * not a map, not UTF-8) is moved aside as {@code remote-settings.yaml.damaged-<time>} (kept) and the
 * node starts on its base config, with a line that names the file and what is wrong where.
 */
public final class OverlayRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayRecovery.class);

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
            Path kept = DamagedFiles.moveAside(file, now);
            String what = message(e).replace('\n', ' ');
            String damage = file + " is damaged (" + what + "); kept as " + kept
                    + "; starting with the base config and no remote settings";
            LOG.error("remote settings: {}", damage);
            return new Loaded(ConfigOverlay.empty(), Optional.of(damage));
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
