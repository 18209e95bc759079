package org.meternode.app.update;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The signed part of a firmware bundle: what it is (firmware version, boards it may run on, when it
 * was made) and exactly what it contains (every jar of the slot with size and SHA-256, and the
 * SHA-256 of the payload as a whole). A text file, one {@code key: value} per line in a fixed
 * order, so the signed bytes are readable with {@code meterctl update inspect} and parse one way.
 *
 * <p>A file is either carried in the payload ({@code bundle}) or, for small delta bundles, taken
 * from the node's running image, where a jar with the same SHA-256 must exist ({@code reuse}).
 */
public record BundleManifest(int format, String firmwareVersion, List<String> boards, Instant created,
        long payloadSize, String payloadSha256, List<FileEntry> files) {
    /** The only manifest format this code reads and writes. */
    public static final int FORMAT = 1;
    /** Upper bound for the encoded manifest; a longer one is refused before it is parsed. */
    public static final int MAX_BYTES = 64 * 1024;
    /** Upper bound for one file: far above any slot, low enough that no sum of sizes can overflow. */
    public static final long MAX_FILE_BYTES = 1L << 40;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}\\.jar");
    private static final Pattern BOARD = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> KEYS = List.of("meternode-bundle", "firmware-version", "boards", "created",
            "payload-size", "payload-sha256");

    /** One jar of the slot. */
    public record FileEntry(String name, long size, String sha256, boolean reuse) {
        public FileEntry {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("file name '" + name + "' is not a plain .jar name");
            }
            if (size < 0 || size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(name + ": size " + size + " is outside 0.." + MAX_FILE_BYTES);
            }
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException(name + ": sha256 must be 64 lower-case hex digits");
            }
        }
    }

    public BundleManifest {
        if (format != FORMAT) {
            throw new IllegalArgumentException("manifest format " + format + " is not supported (only " + FORMAT + ")");
        }
        if (!Versions.isValid(firmwareVersion)) {
            throw new IllegalArgumentException("firmware-version '" + firmwareVersion
                    + "' is not a version like 1.2.3 or 1.2.3-rc1");
        }
        boards = List.copyOf(boards);
        if (boards.isEmpty()) {
            throw new IllegalArgumentException("boards: at least one target board is required");
        }
        for (String b : boards) {
            if (!BOARD.matcher(b).matches()) {
                throw new IllegalArgumentException("boards: '" + b + "' is not a board name");
            }
        }
        Objects.requireNonNull(created, "created");
        if (!SHA256.matcher(payloadSha256).matches()) {
            throw new IllegalArgumentException("payload-sha256 must be 64 lower-case hex digits");
        }
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("the bundle lists no files");
        }
        Set<String> names = new HashSet<>();
        long carried = 0;
        for (FileEntry f : files) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("file '" + f.name() + "' is listed twice");
            }
            carried += f.reuse() ? 0 : f.size();
        }
        if (carried != payloadSize) {
            throw new IllegalArgumentException("payload-size " + payloadSize + " differs from the sum of the carried"
                    + " files' sizes (" + carried + ")");
        }
    }

    /** The files whose bytes are in the payload, in payload order. */
    public List<FileEntry> carriedFiles() {
        return files.stream().filter(f -> !f.reuse()).toList();
    }

    public boolean supportsBoard(String board) {
        return boards.contains(board);
    }

    /** The exact bytes that are signed. */
    public byte[] encode() {
        StringBuilder s = new StringBuilder();
        s.append("meternode-bundle: ").append(format).append('\n');
        s.append("firmware-version: ").append(firmwareVersion).append('\n');
        s.append("boards: ").append(String.join(" ", boards)).append('\n');
        s.append("created: ").append(created).append('\n');
        s.append("payload-size: ").append(payloadSize).append('\n');
        s.append("payload-sha256: ").append(payloadSha256).append('\n');
        for (FileEntry f : files) {
            s.append("file: ").append(f.sha256()).append(' ').append(f.size()).append(' ')
                    .append(f.reuse() ? "reuse" : "bundle").append(' ').append(f.name()).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses strictly: fixed key order, no unknown or repeated keys, every line ends with LF. */
    public static BundleManifest parse(byte[] bytes) throws UpdateException {
        if (bytes.length > MAX_BYTES) {
            throw new UpdateException(UpdateResult.UNSUPPORTED_PACKAGE_TYPE, "manifest is " + bytes.length
                    + " bytes, more than " + MAX_BYTES);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.endsWith("\n") || !java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            throw bad("manifest is not UTF-8 text ending with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < KEYS.size() + 1) {
            throw bad("manifest has " + lines.length + " lines; expected " + KEYS.size() + " keys and at least one file");
        }
        String[] values = new String[KEYS.size()];
        for (int i = 0; i < KEYS.size(); i++) {
            values[i] = value(lines[i], KEYS.get(i), i + 1);
        }
        try {
            int format = Integer.parseInt(values[0]);
            if (format != FORMAT) {
                throw new UpdateException(UpdateResult.UNSUPPORTED_PACKAGE_TYPE,
                        "bundle manifest format " + format + " is not supported (this node reads format " + FORMAT + ")");
            }
            List<FileEntry> files = new ArrayList<>();
            for (int i = KEYS.size(); i < lines.length; i++) {
                String[] parts = value(lines[i], "file", i + 1).split(" ", -1);
                if (parts.length != 4 || !(parts[2].equals("bundle") || parts[2].equals("reuse"))) {
                    throw bad("manifest line " + (i + 1) + ": expected 'file: SHA256 SIZE bundle|reuse NAME'");
                }
                files.add(new FileEntry(parts[3], Long.parseLong(parts[1]), parts[0], parts[2].equals("reuse")));
            }
            return new BundleManifest(format, values[1], List.of(values[2].split(" ", -1)), Instant.parse(values[3]),
                    Long.parseLong(values[4]), values[5], files);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw bad("manifest: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw bad("manifest: " + e.getMessage());
        }
    }

    private static String value(String line, String key, int lineNo) throws UpdateException {
        String prefix = key + ": ";
        if (!line.startsWith(prefix) || line.length() == prefix.length()) {
            throw bad("manifest line " + lineNo + ": expected '" + key + ": ...', found '" + shorten(line) + "'");
        }
        return line.substring(prefix.length());
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static UpdateException bad(String message) {
        return new UpdateException(UpdateResult.INTEGRITY_CHECK_FAILURE, message);
    }

    /** Lower-case hex, as the manifest writes hashes. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
