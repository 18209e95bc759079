package org.meternode.board.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One kernel attribute file read and written as text. Every failure is an {@link IOException} whose
 * message names the path and what happened. Files are never created: a missing attribute means a
 * missing driver, not something to make up.
 */
record SysfsAttribute(Path path) {

    boolean exists() {
        return Files.exists(path);
    }

    /** The content without the trailing newline sysfs adds. */
    String read() throws IOException {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw failure("reading", e);
        }
    }

    long readLong() throws IOException {
        String text = read();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(path + ": expected a whole number, read \"" + text + "\"");
        }
    }

    /** An unsigned 64-bit value (the counter subsystem prints u64) as the bits of a long. */
    long readUnsignedLong() throws IOException {
        String text = read();
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(path + ": expected an unsigned whole number, read \"" + text + "\"");
        }
    }

    /** A decimal as IIO prints it ({@code 0.125000000}, {@code -3}, {@code 1.000000}). */
    double readDouble() throws IOException {
        String text = read();
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException(path + ": expected a decimal number, read \"" + text + "\"");
    }

    /** Replaces the content, as {@code echo text > path} does. */
    void write(String text) throws IOException {
        try {
            Files.writeString(path, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw failure("writing \"" + text.strip() + "\" to", e);
        }
    }

    /**
     * Writes at the end, as {@code echo text >> path} does. sysfs hands every write to the driver
     * whatever the offset, so on the kernel this is a plain write; on a regular file it keeps every
     * value written, in order.
     */
    void append(String text) throws IOException {
        try {
            Files.writeString(path, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw failure("writing \"" + text.strip() + "\" to", e);
        }
    }

    private IOException failure(String doing, IOException e) {
        String why = switch (e) {
            case NoSuchFileException n -> "it does not exist";
            case AccessDeniedException a -> "permission denied";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return new IOException(doing + " " + path + " failed: " + why, e);
    }
}
