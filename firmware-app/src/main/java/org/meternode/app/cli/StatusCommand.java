package org.meternode.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.meternode.app.config.ConfigException;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.config.ConfigOverlay;
import org.meternode.app.config.NodeConfig;
import org.meternode.app.outbox.Outbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.meternode.app.state.DiskSpace;

/**
 * {@code meternode status --config FILE}: the node's health from its state directory, readable
 * while the node runs (SQLite WAL readers do not block it) or when it is stopped.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the node's health from its state directory (works whether the node runs or not).")
final class StatusCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The node's YAML config.")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NodeConfig c;
        try {
            c = ConfigLoader.load(config).config();
        } catch (ConfigException e) {
            MeternodeCommand.printProblems(err, e);
            return MeternodeCommand.EXIT_CONFIG;
        }
        Path db = c.storagePath().resolve("outbox.db");
        if (!Files.exists(db)) {
            err.println("error: " + db + ": no outbox yet (the node has never run with this storage.path)");
            err.flush();
            return MeternodeCommand.EXIT_FAILURE;
        }
        try (Outbox outbox = Outbox.open(db)) {
            row(out, "endpoint", c.endpoint());
            row(out, "board", c.board());
            row(out, "active", outbox.state("node.active").orElse("true"));
            row(out, "outbox depth", Long.toString(outbox.pendingCount()));
            row(out, "oldest undelivered", outbox.oldestPending().map(Object::toString).orElse("none"));
            row(out, "rejected readings", Long.toString(outbox.rejectedCount()));
            row(out, "last successful send", outbox.lastDelivery().map(Object::toString).orElse("never"));
            row(out, "last interval end", outbox.lastIntervalEnd().map(Object::toString).orElse("none"));
            row(out, "restarts", outbox.state("restarts").orElse("0"));
            row(out, "remote settings", ConfigOverlay.load(c.storagePath()).values().toString());
            row(out, "disk free", DiskSpace.usableBytes(c.storagePath()) / (1024 * 1024) + " MiB");
            for (var ch : c.channels()) {
                row(out, "channel " + ch.id(), outbox.state("channel." + ch.id() + ".active").orElse("true")
                        .equals("true") ? "active" : "deactivated");
            }
        }
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf("%-21s %s%n", key + ":", value);
    }
}
