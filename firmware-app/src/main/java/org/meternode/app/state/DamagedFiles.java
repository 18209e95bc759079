package org.meternode.app.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a state file found damaged is kept: beside it, as {@code <name>.damaged-<yyyyMMddTHHmmssZ>}
 * (then {@code -2}, {@code -3}, ... when that name is taken). Damaged state is moved aside, never
 * deleted, so what it still holds can be read later. One naming for the outbox, its WAL, the remote
 * settings and the slot state.
 */
public final class DamagedFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private DamagedFiles() {
    }

    /** A free name beside {@code file} for keeping it as damaged at {@code now}. */
    public static Path asideName(Path file, Instant now) {
        String base = file.getFileName() + ".damaged-" + STAMP.format(now);
        Path target = file.resolveSibling(base);
        for (int i = 2; Files.exists(target); i++) {
            target = file.resolveSibling(base + "-" + i);
        }
        return target;
    }

    /** Moves {@code file} to {@link #asideName}; returns where it is now. */
    public static Path moveAside(Path file, Instant now) throws IOException {
        Path target = asideName(file, now);
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
