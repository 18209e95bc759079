package org.meternode.app.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects errors and warnings of one load, each placed at a YAML node (1-based line and column). */
final class Problems {
    private static final Comparator<ConfigProblem> FILE_ORDER =
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column);

    private final String source;
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void error(Node at, String key, String message) {
        errors.add(problem(at, key, message));
    }

    void warn(Node at, String key, String message) {
        warnings.add(problem(at, key, message));
    }

    int errorCount() {
        return errors.size();
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    static int column(Node node) {
        return node == null ? 0 : node.getStartMark().map(Mark::getColumn).map(c -> c + 1).orElse(0);
    }

    void throwIfAny() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(sorted(errors));
        }
    }

    ConfigWarnings warnings() {
        return new ConfigWarnings(sorted(warnings));
    }

    private ConfigProblem problem(Node at, String key, String message) {
        return new ConfigProblem(source, line(at), column(at), key, message);
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
        return problems.stream().sorted(FILE_ORDER).toList();
    }
}
