package org.meternode.app.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Names a place inside {@code board-options} for a board profile's error messages:
 * {@code meters.GPIO17.type} becomes {@code board-options.meters.GPIO17.type (meternode.yaml:9:7)}.
 * A path that is not in the file is placed under its nearest written parent. A record, so two
 * configs loaded from the same text are equal.
 *
 * @param source    the config file name as given
 * @param section   {@code line:column} of the board-options key, or null when it is not written
 * @param positions {@code line:column} of each written key, by dotted path ({@code pins[0]} for list items)
 */
record BoardOptionLocator(String source, String section, Map<String, String> positions)
        implements Function<String, String> {
    private static final String PREFIX = "board-options";

    BoardOptionLocator {
        positions = Map.copyOf(positions);
    }

    static BoardOptionLocator of(String source, Node sectionKey, Node options) {
        Map<String, String> positions = new HashMap<>();
        if (options != null) {
            collect(options, "", positions);
        }
        return new BoardOptionLocator(source, sectionKey == null ? null : position(sectionKey), positions);
    }

    @Override
    public String apply(String path) {
        String full = PREFIX + "." + path;
        String exact = positions.get(path);
        if (exact != null) {
            return full + " (" + source + ":" + exact + ")";
        }
        for (String parent = parent(path); !parent.isEmpty(); parent = parent(parent)) {
            String at = positions.get(parent);
            if (at != null) {
                return full + " (under " + PREFIX + "." + parent + " at " + source + ":" + at + ")";
            }
        }
        return section != null
                ? full + " (under " + PREFIX + " at " + source + ":" + section + ")"
                : full + " (not written in " + source + ")";
    }

    /** Short, so that a logged NodeConfig does not list every position. */
    @Override
    public String toString() {
        return "BoardOptionLocator[" + source + ", " + positions.size() + " keys]";
    }

    private static void collect(Node node, String path, Map<String, String> positions) {
        if (node instanceof MappingNode mapping && !node.isRecursive()) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    positions.putIfAbsent(child, position(key));
                    collect(tuple.getValueNode(), child, positions);
                }
            }
        } else if (node instanceof SequenceNode sequence && !node.isRecursive()) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                String child = path + "[" + i + "]";
                positions.putIfAbsent(child, position(items.get(i)));
                collect(items.get(i), child, positions);
            }
        }
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static String position(Node node) {
        return Problems.line(node) + ":" + Problems.column(node);
    }
}
