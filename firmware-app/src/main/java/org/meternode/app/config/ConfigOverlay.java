package org.meternode.app.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Settings written remotely (over LwM2M) on top of the YAML file: a small map of dotted keys kept
 * in {@code <storage>/remote-settings.yaml}. The effective config is the YAML file with these values
 * put in, loaded by the same {@link ConfigLoader}, so a remote write passes exactly the checks a
 * file edit would. Saved write-then-rename with fsync, so a power cut leaves the old or the new file.
 */
public final class ConfigOverlay {
    public static final String FILE_NAME = "remote-settings.yaml";
    private static final Pattern CHANNEL_KEY = Pattern.compile("channels\\.([a-z][a-z0-9_-]{0,31})\\.([a-z-]+)");
    /** Keys that may be written remotely. */
    public static final List<String> WRITABLE = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("sampling.interval", "uplink.reporting-interval", "uplink.awake-window"),
            org.meternode.app.channel.ChannelTypes.calibrationKeys().stream().map(k -> "channels.<id>." + k)).toList();

    // Every scalar stays the text it was written as (a hex key "0011..." must not become 11), and is
    // written back plain, so the loader sees the same scalars the file has.
    private static final LoadSettings TEXT_LOAD = LoadSettings.builder()
            .setSchema(new FailsafeSchema()).build();
    private static final DumpSettings TEXT_DUMP = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
            .setSchema(new FailsafeSchema()).build();

    private final Map<String, Object> values;

    private ConfigOverlay(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    public static ConfigOverlay empty() {
        return new ConfigOverlay(Map.of());
    }

    public Map<String, Object> values() {
        return values;
    }

    /** Reads the overlay kept in {@code storageDir}; none yet is an empty overlay. */
    public static ConfigOverlay load(Path storageDir) throws IOException {
        Path file = storageDir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return empty();
        }
        Object parsed = new Load(TEXT_LOAD).loadFromString(text);
        if (parsed == null) {
            return empty();
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IOException(file + ": expected a map of remote settings");
        }
        Map<String, Object> values = new TreeMap<>();
        map.forEach((k, v) -> values.put(String.valueOf(k), v));
        return new ConfigOverlay(values);
    }

    /** This overlay plus one more value; {@code key} must be one of {@link #WRITABLE}. */
    public ConfigOverlay with(String key, Object value) {
        if (!isWritable(key)) {
            throw new IllegalArgumentException(key + ": not remotely writable (writable: " + String.join(", ", WRITABLE) + ")");
        }
        Map<String, Object> next = new TreeMap<>(values);
        next.put(key, String.valueOf(value));
        return new ConfigOverlay(next);
    }

    public static boolean isWritable(String key) {
        Matcher m = CHANNEL_KEY.matcher(key);
        if (m.matches()) {
            return org.meternode.app.channel.ChannelTypes.calibrationKeys().contains(m.group(2));
        }
        return WRITABLE.contains(key);
    }

    /** The YAML file with this overlay put in, validated by {@link ConfigLoader}. */
    public LoadedConfig applyTo(Path configFile) throws ConfigException, IOException {
        if (values.isEmpty()) {
            return ConfigLoader.load(configFile);
        }
        return applyTo(Files.readString(configFile, StandardCharsets.UTF_8), configFile);
    }

    /**
     * Applies the settings over {@code base}, the text of {@code configFile} as it was read once (a
     * running node keeps the text it started with, so a write never picks up later edits of the file).
     */
    public LoadedConfig applyTo(String base, Path configFile) throws ConfigException {
        if (base.startsWith("\uFEFF")) {
            base = base.substring(1);
        }
        Path dir = configFile.toAbsolutePath().getParent();
        Object parsed = values.isEmpty() ? null : new Load(TEXT_LOAD).loadFromString(base);
        if (!(parsed instanceof Map<?, ?> root)) {
            // No settings, or not a mapping: the text's own validation (and its own problem) decides.
            return ConfigLoader.parse(base, configFile.getFileName().toString(), dir);
        }
        Map<String, Object> tree = deepCopy(root);
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            put(tree, e.getKey(), e.getValue(), problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        String merged = new Dump(TEXT_DUMP)
                .dumpToString(tree);
        // Named as the file itself, so the effective config keeps pointing at it (for the next write).
        return ConfigLoader.parse(merged, configFile.getFileName().toString(), dir);
    }

    /** Writes the overlay atomically: temp file, fsync, rename over the old one, fsync the directory. */
    public void save(Path storageDir) throws IOException {
        Files.createDirectories(storageDir);
        Path file = storageDir.resolve(FILE_NAME);
        Path tmp = storageDir.resolve(FILE_NAME + ".tmp");
        String text = "# Settings written remotely over LwM2M; they override meternode.yaml. Delete to forget them.\n"
                + (values.isEmpty() ? "{}\n" : new Dump(TEXT_DUMP).dumpToString(new TreeMap<>(values)));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(text));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(storageDir, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the rename is still atomic
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String key, Object value, List<ConfigProblem> problems) {
        Matcher m = CHANNEL_KEY.matcher(key);
        if (m.matches()) {
            Object list = tree.get("channels");
            if (list instanceof List<?> channels) {
                for (Object c : channels) {
                    if (c instanceof Map<?, ?> channel && m.group(1).equals(String.valueOf(channel.get("id")))) {
                        ((Map<String, Object>) channel).put(m.group(2), value);
                        return;
                    }
                }
            }
            problems.add(new ConfigProblem(FILE_NAME, 0, 0, key, "no channel with id '" + m.group(1) + "'"));
            return;
        }
        String[] parts = key.split("\\.");
        Map<String, Object> section = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = section.get(parts[i]);
            if (!(child instanceof Map<?, ?>)) {
                child = new LinkedHashMap<String, Object>();
                section.put(parts[i], child);
            }
            section = (Map<String, Object>) child;
        }
        section.put(parts[parts.length - 1], value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
        return out;
    }

    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            return deepCopy(m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v;
    }
}
