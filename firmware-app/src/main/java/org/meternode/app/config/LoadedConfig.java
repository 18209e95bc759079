package org.meternode.app.config;

import java.util.Objects;

/**
 * A config that passed validation, with the warnings found on the way; returned as a pair so a
 * caller cannot run the node without seeing them.
 *
 * @param config   the validated configuration
 * @param warnings things to log at start; may be empty
 */
public record LoadedConfig(NodeConfig config, ConfigWarnings warnings) {
    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(warnings, "warnings");
    }
}
