package org.meternode.tools.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meternode.app.config.Durations;
import org.meternode.tools.headend.ManagementRequest;
import org.meternode.tools.headend.ManagementRequest.Op;
import org.meternode.tools.headend.RequestQueue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The operator's commands: each queues LwM2M requests at the head-end and waits for the node's answer. */
final class ManageCommands {
    private ManageCommands() {
    }

    /** Node settings writable through object 32500, by config key. */
    static final Map<String, Integer> NODE_SETTINGS = Map.of("sampling.interval", 0, "uplink.reporting-interval", 1,
            "uplink.awake-window", 2);

    @Command(name = "read", mixinStandardHelpOptions = true, description = "Read a path, e.g. /3/0 or /32500/0/4.")
    static final class Read extends NodeRequests implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENDPOINT") String endpoint;
        @Parameters(index = "1", paramLabel = "PATH") String path;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return submit(spec.commandLine().getOut(), spec.commandLine().getErr(), endpoint, Op.READ, path, "");
        }
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = "Write one resource, e.g. /32500/0/0 300 (the value is converted to the resource's type).")
    static final class Write extends NodeRequests implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENDPOINT") String endpoint;
        @Parameters(index = "1", paramLabel = "PATH") String path;
        @Parameters(index = "2", paramLabel = "VALUE") String value;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return submit(spec.commandLine().getOut(), spec.commandLine().getErr(), endpoint, Op.WRITE, path, value);
        }
    }

    @Command(name = "exec", mixinStandardHelpOptions = true, description = "Execute a resource, e.g. /3/0/4 (reboot).")
    static final class Exec extends NodeRequests implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENDPOINT") String endpoint;
        @Parameters(index = "1", paramLabel = "PATH") String path;
        @Parameters(index = "2", arity = "0..1", paramLabel = "ARGS", description = "LwM2M arguments, e.g. 0='wipe'")
        String args;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return submit(spec.commandLine().getOut(), spec.commandLine().getErr(), endpoint, Op.EXECUTE, path,
                    args == null ? "" : args);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "A node's health summary (object 32500).")
    static final class Status extends NodeRequests implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENDPOINT") String endpoint;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return submit(spec.commandLine().getOut(), spec.commandLine().getErr(), endpoint, Op.READ, "/32500/0/12", "");
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "The last lines a node logged.")
    static final class Logs extends NodeRequests implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENDPOINT") String endpoint;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return submit(spec.commandLine().getOut(), spec.commandLine().getErr(), endpoint, Op.READ, "/32500/0/13", "");
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = {
        "Change a setting on a node, validated there like its config file:",
        "  sampling.interval | uplink.reporting-interval | uplink.awake-window  DURATION (e.g. 5m)",
        "  channels.<id>.calibration | channels.<id>.pulses-per-kwh | channels.<id>.litres-per-pulse  NUMBER"})
    static final class Set extends NodeRequests implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENDPOINT") String endpoint;
        @Parameters(index = "1", paramLabel = "KEY") String key;
        @Parameters(index = "2", paramLabel = "VALUE") String value;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Integer resource = NODE_SETTINGS.get(key);
            if (resource != null) {
                Duration d;
                try {
                    d = Durations.parse(value);
                } catch (IllegalArgumentException e) {
                    err.println("error: " + key + ": " + e.getMessage());
                    err.flush();
                    return 2;
                }
                return submit(out, err, endpoint, Op.WRITE, "/32500/0/" + resource, Long.toString(d.toSeconds()));
            }
            if (key.startsWith("channels.") && key.split("\\.").length == 3) {
                Optional<Integer> instance = channelInstance(out, err, this, endpoint, key.split("\\.")[1]);
                return instance.isEmpty() ? EXIT_REFUSED
                        : submit(out, err, endpoint, Op.WRITE, "/32501/" + instance.get() + "/3", value);
            }
            err.println("error: " + key + ": not a remote setting (see meterctl set --help)");
            err.flush();
            return 2;
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Activate a node, or one of its channels.")
    static final class Activate extends Activation {
        Activate() {
            super(true);
        }
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = "Deactivate a node (stops metering and reporting, stays manageable) or one channel.")
    static final class Deactivate extends Activation {
        Deactivate() {
            super(false);
        }
    }

    abstract static class Activation extends NodeRequests implements Callable<Integer> {
        private final boolean active;
        @Parameters(index = "0", paramLabel = "ENDPOINT") String endpoint;
        @Parameters(index = "1", arity = "0..1", paramLabel = "CHANNEL") String channel;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        Activation(boolean active) {
            this.active = active;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (channel == null) {
                return submit(out, err, endpoint, Op.WRITE, "/32500/0/3", Boolean.toString(active));
            }
            Optional<Integer> instance = channelInstance(out, err, this, endpoint, channel);
            return instance.isEmpty() ? EXIT_REFUSED
                    : submit(out, err, endpoint, Op.WRITE, "/32501/" + instance.get() + "/2", Boolean.toString(active));
        }
    }

    @Command(name = "reboot", mixinStandardHelpOptions = true, description = "Restart a node's meternode process.")
    static final class Reboot extends NodeRequests implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ENDPOINT") String endpoint;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return submit(spec.commandLine().getOut(), spec.commandLine().getErr(), endpoint, Op.EXECUTE, "/3/0/4", "");
        }
    }

    @Command(name = "requests", mixinStandardHelpOptions = true, description = "List recent management requests.")
    static final class Requests implements Callable<Integer> {
        @CommandLine.Option(names = "--db", defaultValue = "head-end.db", paramLabel = "FILE|URI",
                description = "The head-end's storage: its SQLite file, or its postgresql:// URI (default ${DEFAULT-VALUE}).")
        String db;
        @Parameters(index = "0", arity = "0..1", paramLabel = "ENDPOINT") String endpoint;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (RequestQueue q = org.meternode.tools.headend.HeadEndStorage.openRequests(db)) {
                for (ManagementRequest r : q.recent(endpoint, 50)) {
                    out.printf("#%-5d %-8s %-14s %-7s %-14s %-20s %s%n", r.id(), r.state(), r.endpoint(), r.op(),
                            r.path(), r.code(), r.result().lines().findFirst().orElse(""));
                }
            }
            out.flush();
            return 0;
        }
    }

    /** The 32501 instance of channel {@code id}, read from the node. */
    static Optional<Integer> channelInstance(PrintWriter out, PrintWriter err, NodeRequests via, String endpoint,
            String id) throws InterruptedException {
        Optional<ManagementRequest> r = via.queueAndWait(err, endpoint, Op.READ, "/32501", "");
        if (r.isEmpty() || r.get().state() != ManagementRequest.State.DONE) {
            r.ifPresent(x -> err.println("error: cannot list the channels of " + endpoint + ": " + x.code() + " " + x.result()));
            err.flush();
            return Optional.empty();
        }
        // "instance N" headers followed by "0: <channel id>" lines
        List<String> lines = r.get().result().lines().map(String::trim).toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("instance ") && lines.get(i + 1).equals("0: " + id)) {
                return Optional.of(Integer.parseInt(lines.get(i).substring("instance ".length())));
            }
        }
        err.println("error: " + endpoint + " has no channel '" + id + "'");
        err.flush();
        return Optional.empty();
    }
}
