package org.meternode.app.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping of the config (the root, a section, a channel) read key by key through
 * {@link ConfigKey}s. Problems name the key by its real path ({@code channels[1].debounce}); a
 * missing key is reported where its mapping starts.
 */
final class YamlSection {
    private final String path;
    private final Node anchor;
    private final Map<String, NodeTuple> entries;
    private final boolean present;
    private final Problems problems;
    private final Path baseDir;

    private YamlSection(String path, Node anchor, Map<String, NodeTuple> entries, boolean present,
                        Problems problems, Path baseDir) {
        this.path = path;
        this.anchor = anchor;
        this.entries = entries;
        this.present = present;
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /**
     * Reads the mapping {@code node} found at {@code path}; {@code anchor} is where problems about
     * missing keys point. Duplicate and non-word keys are reported here.
     */
    static YamlSection of(String path, Node anchor, MappingNode node, Problems problems, Path baseDir) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || Tag.NULL.equals(key.getTag())) {
                problems.error(keyNode, path, "keys must be plain words, got " + ValueType.kind(keyNode));
                continue;
            }
            NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
            if (first != null) {
                problems.error(keyNode, join(path, key.getValue()),
                        "duplicate key (first at line " + Problems.line(first.getKeyNode()) + ")");
            }
        }
        return new YamlSection(path, anchor, entries, true, problems, baseDir);
    }

    /** A section that is not in the file: every key takes its default. */
    static YamlSection absent(String path, Node anchor, Problems problems, Path baseDir) {
        return new YamlSection(path, anchor, Map.of(), false, problems, baseDir);
    }

    String path() {
        return path;
    }

    Node anchor() {
        return anchor;
    }

    boolean isPresent() {
        return present;
    }

    /** Whether the key is written with a value (not empty, not null). */
    boolean has(ConfigKey<?> key) {
        return valueNode(key) != null;
    }

    /** The key's value node, or null when absent or written without a value. */
    Node valueNode(ConfigKey<?> key) {
        NodeTuple tuple = entries.get(key.name());
        return tuple == null || isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
    }

    /** The value node when there is one, else the key node, else this section's anchor. */
    Node position(ConfigKey<?> key) {
        NodeTuple tuple = entries.get(key.name());
        if (tuple == null) {
            return anchor;
        }
        return isNull(tuple.getValueNode()) ? tuple.getKeyNode() : tuple.getValueNode();
    }

    String keyPath(ConfigKey<?> key) {
        return join(path, key.name());
    }

    /**
     * The checked value, the default when the key is absent, or null when it is invalid or a
     * required key is missing (both reported).
     */
    <T> T get(ConfigKey<T> key) {
        NodeTuple tuple = entries.get(key.name());
        if (tuple == null || isNull(tuple.getValueNode())) {
            if (key.isRequired() && present) {
                reportMissing(key, tuple);
            }
            return key.defaultValue().orElse(null);
        }
        return key.type().read(tuple.getValueNode(), new KeyContext(keyPath(key), problems, baseDir));
    }

    /**
     * The sub-mapping {@code key}; when it is not written at all and {@code required}, that is
     * reported once here rather than once per key inside it.
     */
    YamlSection section(ConfigKey<Void> key, boolean required) {
        String childPath = keyPath(key);
        NodeTuple tuple = entries.get(key.name());
        if (tuple == null) {
            if (required && present) {
                problems.error(anchor, childPath, "required section is missing");
            }
            return absent(childPath, anchor, problems, baseDir);
        }
        if (isNull(tuple.getValueNode())) {
            // Written but empty: report its required keys one by one, at the section's key.
            return new YamlSection(childPath, tuple.getKeyNode(), Map.of(), true, problems, baseDir);
        }
        if (!(tuple.getValueNode() instanceof MappingNode mapping)) {
            problems.error(tuple.getValueNode(), childPath,
                    "expected a map of " + names(ConfigKeys.childrenOf(key.path())) + ", got "
                            + ValueType.kind(tuple.getValueNode()));
            return new YamlSection(childPath, tuple.getKeyNode(), Map.of(), false, problems, baseDir);
        }
        return of(childPath, tuple.getKeyNode(), mapping, problems, baseDir);
    }

    /** Reports every key not among {@code known}, with the most useful hint available. */
    void rejectUnknown(Collection<ConfigKey<?>> known, KeyHint elsewhere) {
        List<String> names = known.stream().map(ConfigKey::name).toList();
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            String name = entry.getKey();
            if (names.contains(name)) {
                continue;
            }
            String hint = Hints.closest(name, names).map(n -> "; did you mean '" + n + "'?")
                    .or(() -> elsewhere.hint(name))
                    .orElse("; known keys here: " + String.join(", ", names));
            problems.error(entry.getValue().getKeyNode(), join(path, name), "unknown key" + hint);
        }
    }

    /** A hint for a key that belongs somewhere else, e.g. "; it belongs under sampling". */
    @FunctionalInterface
    interface KeyHint {
        java.util.Optional<String> hint(String name);
    }

    private void reportMissing(ConfigKey<?> key, NodeTuple tuple) {
        String example = key.example() == null ? "" : " (e.g. " + key.name() + ": " + key.example() + ")";
        if (tuple == null) {
            problems.error(anchor, keyPath(key), "required key is missing" + example);
        } else {
            problems.error(tuple.getKeyNode(), keyPath(key), "needs a value" + example);
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static String names(List<ConfigKey<?>> keys) {
        return keys.stream().map(ConfigKey::name).collect(Collectors.joining(", "));
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
