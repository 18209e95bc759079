package org.meternode.tools.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.meternode.app.security.KeyFiles;
import org.meternode.tools.headend.PskEntry;

/**
 * A fleet's credentials: one {@code ENDPOINT:IDENTITY:HEXKEY} line per node (the format of the
 * head-end's {@code --psk-file}), endpoints {@code <prefix>00001} on, fresh random 128-bit keys.
 */
public final class PskFile {
    private PskFile() {
    }

    /** {@code nodes} new entries named {@code prefix} + a zero-padded number from 1; identity = endpoint. */
    public static List<PskEntry> generate(int nodes, String prefix) {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes " + nodes + ": must be at least 1");
        }
        if (prefix.isEmpty() || prefix.contains(":") || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("--prefix '" + prefix + "': must be non-empty, without ':' or spaces");
        }
        SecureRandom random = new SecureRandom();
        int digits = Math.max(5, String.valueOf(nodes).length());
        List<PskEntry> out = new ArrayList<>(nodes);
        for (int i = 1; i <= nodes; i++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            String endpoint = prefix + String.format("%0" + digits + "d", i);
            out.add(new PskEntry(endpoint, endpoint, key));
        }
        return out;
    }

    /** Writes {@code entries} to {@code file}, mode 0600; refuses to replace an existing file. */
    public static void write(Path file, List<PskEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder("# meterctl fleet psks: ENDPOINT:IDENTITY:HEXKEY, one node a line\n");
        for (PskEntry e : entries) {
            text.append(e.endpoint()).append(':').append(e.identity()).append(':')
                    .append(HexFormat.of().formatHex(e.key())).append('\n');
        }
        KeyFiles.writeSecret(file, text.toString().getBytes(StandardCharsets.US_ASCII), false);
    }

    /** The entries of {@code file}, one a line ({@code #} comments and blank lines skipped); errors name file and line. */
    public static List<PskEntry> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + ": not UTF-8 text");
        }
        List<PskEntry> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (!line.isEmpty() && !line.startsWith("#")) {
                try {
                    out.add(PskEntry.parse(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + (n + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    /** The first {@code nodes} entries of {@code all} whose endpoint starts with {@code prefix}. */
    public static List<PskEntry> select(List<PskEntry> all, String prefix, int nodes, Path file) {
        List<PskEntry> chosen = all.stream().filter(e -> e.endpoint().startsWith(prefix)).limit(nodes).toList();
        if (chosen.size() < nodes) {
            throw new IllegalArgumentException("--psk-file " + file + ": " + chosen.size() + " entr"
                    + (chosen.size() == 1 ? "y" : "ies") + " with endpoint prefix '" + prefix + "', --nodes asks for "
                    + nodes + " (make one with: meterctl fleet psks --nodes " + nodes + " --prefix " + prefix
                    + " --out FILE)");
        }
        return chosen;
    }
}
