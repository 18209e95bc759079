package org.meternode.app.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Things in a valid config the user should know about (e.g. plain {@code coap://} with
 * {@code insecure: true}); the caller logs them at start and {@code check-config} prints them.
 *
 * @param problems the warnings in file order, same shape as errors
 */
public record ConfigWarnings(List<ConfigProblem> problems) {
    public ConfigWarnings {
        problems = List.copyOf(problems);
    }

    public static ConfigWarnings none() {
        return new ConfigWarnings(List.of());
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** One warning per line, like {@link ConfigException#getMessage()}. */
    @Override
    public String toString() {
        return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    }
}
