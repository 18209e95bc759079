package org.meternode.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The whole validated configuration of a node, as loaded by {@link ConfigLoader}.
 *
 * @param endpoint           LwM2M endpoint name
 * @param board              board profile name, looked up with ServiceLoader
 * @param boardOptions       the {@code board-options} section as plain values: {@code Map<String,Object>},
 *                           {@code List<Object>}, {@code String}, {@code Long} (or {@code BigInteger}),
 *                           {@code Double}, {@code Boolean}; all immutable
 * @param boardOptionLocator turns a dotted path inside board-options ({@code meters.GPIO17.type}) into
 *                           text naming it and its place in the file, for the board's error messages
 * @param sampling           when to read
 * @param channels           what to read, in file order
 * @param server             where to report
 * @param uplink             how to report
 * @param storagePath        state directory (absolute when loaded from a file)
 * @param source             the config file
 * @param positions          where the channels' inputs are written, for problems the board finds in them
 */
public record NodeConfig(String endpoint, String board, Map<String, Object> boardOptions,
                         Function<String, String> boardOptionLocator, SamplingConfig sampling,
                         List<ChannelConfig> channels, ServerConfig server, UplinkConfig uplink,
                         Path storagePath, Path source, KeyPositions positions) {
    public NodeConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(board, "board");
        boardOptions = Map.copyOf(boardOptions);
        Objects.requireNonNull(boardOptionLocator, "boardOptionLocator");
        Objects.requireNonNull(sampling, "sampling");
        channels = List.copyOf(channels);
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(storagePath, "storagePath");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(positions, "positions");
    }
}
