package org.meternode.app.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every path under a directory with its bytes (directories as "dir", links as their target): compared, not trusted. */
public record TreeSnapshot(Map<String, String> entries) {
    public static TreeSnapshot of(Path root) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(key, "link:" + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(key, "dir");
                } else {
                    m.put(key, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeSnapshot(m);
    }

    /** Paths added, removed or changed, for a failure message. */
    public String diff(TreeSnapshot after) {
        return diffOutside(after, null);
    }

    /** Like {@link #diff} but ignoring paths that start with {@code allowed} (null: none ignored). */
    public String diffOutside(TreeSnapshot after, String allowed) {
        StringBuilder s = new StringBuilder();
        for (String k : entries.keySet()) {
            if (allowed != null && k.startsWith(allowed)) {
                continue;
            }
            if (!after.entries.containsKey(k)) {
                s.append(" -").append(k);
            } else if (!entries.get(k).equals(after.entries.get(k))) {
                s.append(" ~").append(k);
            }
        }
        for (String k : after.entries.keySet()) {
            if (allowed != null && k.startsWith(allowed)) {
                continue;
            }
            if (!entries.containsKey(k)) {
                s.append(" +").append(k);
            }
        }
        return s.toString();
    }
}
