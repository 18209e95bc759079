package org.meternode.tools.launch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One head-end instance in a child JVM ({@code meterctl head-end ARGS}), for tests and the failover
 * run that must SIGKILL an instance ({@link ChildJvm#kill()}) the way a crashed machine goes.
 */
public final class HeadEndProcess {
    private static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private HeadEndProcess() {
    }

    /** Starts {@code meterctl head-end args}, its output lines going to {@code lines}. */
    public static ChildJvm start(List<String> args, Consumer<String> lines) throws IOException {
        List<String> all = new ArrayList<>(List.of("head-end"));
        all.addAll(args);
        return ChildJvm.start("head-end", JVM_FLAGS, "org.meternode.tools.cli.Meterctl", all, Map.of(), lines);
    }
}
