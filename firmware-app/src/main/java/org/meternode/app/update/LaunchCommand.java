package org.meternode.app.update;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.meternode.app.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meternode launch --config FILE}: run the node under the A/B {@link Launcher}. */
@Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Run the node from its active A/B slot (or the factory image), restart it after an update,"
                + " and roll back an update that does not become healthy. Before each start the slot's signed"
                + " manifest and jar hashes are checked against <storage>/update/trusted.pub; a slot that fails is"
                + " refused and the previous slot or the factory image runs.")
public final class LaunchCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The node's YAML config.")
    Path config;

    @Option(names = "--health-timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "How long a trial boot may take to register and have a Send acknowledged (default ${DEFAULT-VALUE}).")
    String healthTimeout;

    @Option(names = "--trial-boots", paramLabel = "N", defaultValue = "2",
            description = "Boots a new image may use to confirm health before it is rolled back (default ${DEFAULT-VALUE}).")
    int trialBoots;

    @Option(names = "--jvm-flag", paramLabel = "FLAG", description = "Extra JVM flag for the node (repeatable).")
    List<String> jvmFlags = new ArrayList<>();

    @Override
    public Integer call() {
        if (trialBoots < 1) {
            System.err.println("error: --trial-boots must be at least 1");
            return 2;
        }
        return Launcher.launch(new Launcher.Options(config, Durations.parse(healthTimeout), trialBoots, jvmFlags));
    }
}
