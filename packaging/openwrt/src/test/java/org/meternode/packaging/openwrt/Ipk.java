package org.meternode.packaging.openwrt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads an .ipk as opkg does: a gzip'd tar whose members are gzip'd tars and debian-binary. */
final class Ipk {
    /** One tar member: path as stored, mode bits, owner ids, type and contents. */
    record Entry(String name, int mode, int uid, int gid, char type, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private Ipk() {
    }

    /** The members of a gzip'd tar, in archive order (GNU long names resolved). */
    static List<Entry> readTarGz(byte[] targz) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(targz))) {
            String longName = null;
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || isZero(header)) {
                    return entries;
                }
                long size = octal(header, 124, 12);
                byte[] content = in.readNBytes(Math.toIntExact(size));
                in.skipNBytes((512 - size % 512) % 512);
                char type = (char) header[156];
                if (type == 'L') {
                    longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                String name = longName != null ? longName : text(header, 0, 100);
                longName = null;
                entries.add(new Entry(name, (int) octal(header, 100, 8), (int) octal(header, 108, 8),
                        (int) octal(header, 116, 8), type == 0 ? '0' : type, content));
            }
        }
    }

    /** Members by name. */
    static Map<String, Entry> byName(List<Entry> entries) {
        Map<String, Entry> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.name(), e));
        return map;
    }

    /** The fields of a control file (continuation lines joined to their field). */
    static Map<String, String> controlFields(String control) {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : control.split("\n")) {
            if (line.startsWith(" ") && last != null) {
                fields.merge(last, "\n" + line.substring(1), String::concat);
            } else if (line.contains(":")) {
                last = line.substring(0, line.indexOf(':'));
                fields.put(last, line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return fields;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = text(header, offset, length).strip();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }
}
