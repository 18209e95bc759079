package org.meternode.app.config;

import java.nio.file.Path;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What a value type needs while reading one key: the dotted path to name in messages, where to
 * report, and the directory relative paths resolve against.
 */
record KeyContext(String key, Problems problems, Path baseDir) {
    /** Reports a problem at {@code node} and returns null, so readers can {@code return ctx.fail(...)}. */
    <T> T fail(Node node, String message) {
        problems.error(node, key, message);
        return null;
    }

    KeyContext child(String name) {
        return new KeyContext(key + "." + name, problems, baseDir);
    }
}
