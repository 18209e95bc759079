package org.meternode.app.channel.wmbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meternode.hal.meter.wmbus.WmbusKeys;

/**
 * The AES-128 keys of wireless M-Bus meters, one per line: the meter's 8-digit id and its key as
 * 32 hex digits ({@code 12345678 000102030405060708090A0B0C0D0E0F}); '#' starts a comment. The
 * file must be mode 0600 (checked by the channel's config); errors name the line, never a key.
 */
public final class WmbusKeyFile {
    private static final Pattern LINE = Pattern.compile("(\\d{8})\\s+([0-9A-Fa-f]{32})");

    private WmbusKeyFile() {
    }

    /** The keys in {@code file}; an IOException names the file and the line that is wrong. */
    public static WmbusKeys load(Path file) throws IOException {
        return WmbusKeys.of(parse(file, Files.readAllLines(file, StandardCharsets.UTF_8)));
    }

    static Map<String, byte[]> parse(Path file, List<String> lines) throws IOException {
        Map<String, byte[]> keys = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            int hash = text.indexOf('#');
            String line = (hash < 0 ? text : text.substring(0, hash)).strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IOException(file + " line " + (i + 1) + ": expected '<8-digit meter id> <32 hex digits>'"
                        + " (the AES-128 key), got " + line.length() + " characters that are not");
            }
            if (keys.put(m.group(1), HexFormat.of().parseHex(m.group(2))) != null) {
                throw new IOException(file + " line " + (i + 1) + ": meter " + m.group(1) + " has a key already");
            }
        }
        return keys;
    }
}
