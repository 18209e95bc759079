package org.meternode.app.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything found wrong with a config, all at once, so one run of {@code check-config} shows the
 * user every problem. The message lists the problems one per line, ordered by position.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(join(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    /** The problems in file order; never empty. */
    public List<ConfigProblem> getProblems() {
        return problems;
    }

    private static String join(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
}
