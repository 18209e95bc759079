package org.meternode.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.security.KeyFiles;
import org.meternode.hal.serial.SerialSettings;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One channel's YAML section (or one item of its {@code readings:} list) as a channel type reads
 * it: values through its {@link ConfigKey}s, problems placed at the key they are about, and the
 * readings, serial settings and max-age that serial types share. A type reports through this and
 * returns null; the loader then refuses the file with every problem found.
 */
public final class ChannelSection {
    private final YamlSection section;
    private final Problems problems;
    private final Path baseDir;
    private final String id;
    private final String type;

    ChannelSection(YamlSection section, Problems problems, Path baseDir, String id, String type) {
        this.section = section;
        this.problems = problems;
        this.baseDir = baseDir;
        this.id = id;
        this.type = type;
    }

    /** The channel id; null when it was missing or invalid (already reported). */
    public String id() {
        return id;
    }

    /** The channel type being read. */
    public String type() {
        return type;
    }

    /** The checked value, its default when absent, or null when invalid or a required key is missing (reported). */
    public <T> T get(ConfigKey<T> key) {
        return section.get(key);
    }

    /** Whether the key is written with a value. */
    public boolean has(ConfigKey<?> key) {
        return section.has(key);
    }

    /** The written value, empty when not written, null after a problem. */
    public <T> Optional<T> optional(ConfigKey<T> key) {
        T value = section.get(key);
        if (value == null) {
            return section.has(key) ? null : Optional.empty();
        }
        return section.has(key) ? Optional.of(value) : Optional.empty();
    }

    /** Reports a problem at the key (its value when written, else the section). */
    public void error(ConfigKey<?> key, String message) {
        problems.error(section.position(key), section.keyPath(key), message);
    }

    /** Reports a problem about the section as a whole. */
    public void error(String message) {
        problems.error(section.anchor(), section.path(), message);
    }

    /** The line the key is written on (the section's line when absent), for "the later of two" choices. */
    public int line(ConfigKey<?> key) {
        return Problems.line(section.position(key));
    }

    /** The section's path, e.g. {@code channels[2]}. */
    public String path() {
        return section.path();
    }

    /** The default settings with baud and framing overridden where written; null after a problem. */
    public SerialSettings serial(SerialSettings defaults) {
        Integer baud = get(SerialKeys.BAUD);
        String framing = get(SerialKeys.FRAMING);
        if ((baud == null && has(SerialKeys.BAUD)) || (framing == null && has(SerialKeys.FRAMING))) {
            return null;
        }
        SerialSettings settings = baud == null ? defaults : defaults.withBaud(baud);
        if (framing != null) {
            SerialSettings.Parity parity = switch (framing.charAt(1)) {
                case 'E' -> SerialSettings.Parity.EVEN;
                case 'O' -> SerialSettings.Parity.ODD;
                default -> SerialSettings.Parity.NONE;
            };
            settings = new SerialSettings(settings.baud(), framing.charAt(0) - '0', parity, framing.charAt(2) - '0');
        }
        return settings;
    }

    /** A push meter's written max-age, empty when not written (measured), null after a problem. */
    public Optional<Duration> maxAge() {
        return optional(SerialKeys.MAX_AGE);
    }

    /**
     * A key file that must be readable by its owner only: reported when it exists with wider
     * permissions (it may be created after check-config). Returns the path, or null after a problem.
     */
    public Path secretFile(ConfigKey<Path> key) {
        Path file = get(key);
        if (file == null || !Files.exists(file)) {
            return file;
        }
        try {
            String problem = KeyFiles.permissionProblem(file);
            if (problem != null) {
                error(key, file + " " + problem);
                return null;
            }
        } catch (IOException e) {
            error(key, "cannot read the permissions of " + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        return file;
    }

    /**
     * The channel's readings list: each item's quantity and optional name checked and made a stream
     * (unique within the channel), then {@code item} reads what selects the value (obis:, record:).
     * {@code example} shows one item in messages. Null when anything was reported.
     */
    public <R extends MeterReading> List<R> readings(String example, BiFunction<ChannelSection, ReadingStream, R> item) {
        Node listNode = section.valueNode(SerialKeys.READINGS);
        if (listNode == null) {
            section.get(SerialKeys.READINGS);
            return null;
        }
        String listPath = section.keyPath(SerialKeys.READINGS);
        if (!(listNode instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
            problems.error(listNode, listPath, "expected a list of " + example + ", got " + ValueType.kind(listNode));
            return null;
        }
        List<R> readings = new ArrayList<>();
        Map<String, String> namesSeen = new HashMap<>();
        boolean bad = false;
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            String path = listPath + "[" + i + "]";
            if (!(items.get(i) instanceof MappingNode itemNode)) {
                problems.error(items.get(i), path, "expected a map like " + example + ", got "
                        + ValueType.kind(items.get(i)));
                bad = true;
                continue;
            }
            YamlSection reading = YamlSection.of(path, itemNode, itemNode, problems, baseDir);
            ChannelSection readingSection = new ChannelSection(reading, problems, baseDir, id, type);
            String quantityName = reading.get(SerialKeys.READING_QUANTITY);
            String name = reading.get(SerialKeys.READING_NAME);
            reading.rejectUnknown(ConfigKeys.childrenOf("channels[].readings[]").stream().filter(k -> k.appliesTo(type))
                    .toList(), key -> NodeConfigReader.otherChannelType(key, type, "channels[].readings[]"));
            if (quantityName == null || (name == null && reading.has(SerialKeys.READING_NAME))) {
                item.apply(readingSection, ReadingStream.of(Quantity.ENERGY)); // report its own problems too
                bad = true;
                continue;
            }
            Quantity quantity = Quantity.bySuffix(quantityName);
            ConfigKey<String> nameKey = name == null ? SerialKeys.READING_QUANTITY : SerialKeys.READING_NAME;
            Node nameNode = reading.valueNode(nameKey);
            if (name != null && !quantity.nameable()) {
                problems.error(nameNode, reading.keyPath(nameKey), "a " + quantityName + " reading cannot be named: "
                        + "it shares its report object with other quantities, so the head-end tells it apart by its quantity name");
                bad = true;
                continue;
            }
            String stream = name == null ? quantity.suffix() : name;
            R made = item.apply(readingSection, new ReadingStream(stream, quantity));
            if (made == null) {
                bad = true;
                continue;
            }
            String earlier = namesSeen.putIfAbsent(stream, path + " at line " + Problems.line(nameNode));
            if (earlier != null) {
                problems.error(nameNode, reading.keyPath(nameKey), "duplicate stream " + ValueType.quote(id + "." + stream)
                        + " (also " + earlier + "): give each reading of the same quantity its own name:, e.g."
                        + " import-t1 and import-t2");
                bad = true;
                continue;
            }
            readings.add(made);
        }
        return bad ? null : readings;
    }
}
