package org.meternode.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.meternode.app.config.ConfigException;
import org.meternode.app.config.ConfigKeys;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.config.ConfigProblem;
import org.meternode.app.config.Durations;
import org.meternode.app.config.LoadedConfig;
import org.meternode.app.config.NodeConfig;
import org.meternode.app.node.BoardCheck;
import org.meternode.app.node.MeterNode;
import org.meternode.hal.BoardException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code meternode} command: run a node, or check a config file. */
@Command(name = "meternode", mixinStandardHelpOptions = true, version = "meternode " + MeterNode.VERSION,
        description = "Meter node firmware: samples meters, keeps readings on disk, reports over LwM2M/DTLS.",
        subcommands = {MeternodeCommand.Run.class, MeternodeCommand.CheckConfig.class, StatusCommand.class,
                org.meternode.app.update.LaunchCommand.class, ImportBundleCommand.class})
public final class MeternodeCommand implements Callable<Integer> {
    /** Exit code for a config or usage error. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code for a failure while running. */
    public static final int EXIT_FAILURE = 1;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        org.meternode.app.manage.RecentLog.install();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return CliErrors.install(new CommandLine(new MeternodeCommand()));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_CONFIG;
    }

    static void printProblems(PrintWriter err, ConfigException e) {
        for (ConfigProblem p : e.getProblems()) {
            err.println("error: " + p);
        }
        err.flush();
    }

    /** {@code meternode run --config FILE}. */
    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the node until stopped (SIGTERM/Ctrl-C).")
    static final class Run implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The node's YAML config.")
        Path config;

        @Option(names = "--duration", paramLabel = "DURATION",
                description = "Stop after this long (wall time), e.g. 90s or 10m.")
        String duration;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            Duration stopAfter = null;
            if (duration != null) {
                try {
                    stopAfter = Durations.parse(duration);
                } catch (IllegalArgumentException e) {
                    err.println("error: --duration: " + e.getMessage());
                    err.flush();
                    return EXIT_CONFIG;
                }
            }
            NodeConfig nodeConfig;
            MeterNode node;
            try {
                LoadedConfig loaded = ConfigLoader.load(config);
                loaded.warnings().problems().forEach(w -> err.println("warning: " + w));
                err.flush();
                nodeConfig = loaded.config();
                node = MeterNode.open(nodeConfig);
            } catch (ConfigException e) {
                printProblems(err, e);
                return EXIT_CONFIG;
            } catch (BoardException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return EXIT_CONFIG;
            } catch (java.nio.file.NoSuchFileException e) {
                err.println("error: " + e.getFile() + ": no such file");
                err.flush();
                return EXIT_CONFIG;
            }
            Thread main = Thread.currentThread();
            java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
            // SIGTERM/Ctrl-C: stop sampling, send what is pending (bounded), deregister, close the outbox.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                main.interrupt();
                try {
                    // Room for the flush of pending readings, the uplink's stop and the deregistration.
                    closed.await(MeterNode.FLUSH_AT_STOP.toSeconds() + 20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // exiting anyway
                }
            }, "meternode-shutdown"));
            if (stopAfter != null) {
                Thread.ofVirtual().name("meternode-duration").start(sleepThen(stopAfter, main));
            }
            try (node) {
                node.run();
            } catch (InterruptedException e) {
                // stop requested: the node was closed by try-with-resources
            } finally {
                closed.countDown();
            }
            return node.restartRequested() ? MeterNode.EXIT_RESTART : 0;
        }

        private static Runnable sleepThen(Duration d, Thread target) {
            return () -> {
                try {
                    Thread.sleep(d);
                    target.interrupt();
                } catch (InterruptedException ignored) {
                    // the node stopped first
                }
            };
        }
    }

    /** {@code meternode check-config FILE}. */
    @Command(name = "check-config", mixinStandardHelpOptions = true,
            description = {"Validate a config file; exit 0 if it is valid, 2 with one line per problem if not.",
                    "The board profile judges board-options and each channel's input (declared, right kind, not"
                            + " taken twice) as run would, without opening hardware or the state directory."})
    static final class CheckConfig implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "FILE", description = "The YAML config to check.")
        Path file;

        @Option(names = "--print-defaults", description = "Print a documented config with every key and its default.")
        boolean printDefaults;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (printDefaults) {
                out.print(ConfigKeys.documentedDefaults());
                out.flush();
                return 0;
            }
            if (file == null) {
                err.println("error: give a config FILE (or --print-defaults)");
                err.flush();
                return EXIT_CONFIG;
            }
            try {
                LoadedConfig loaded = ConfigLoader.load(file);
                loaded.warnings().problems().forEach(w -> err.println("warning: " + w));
                NodeConfig c = loaded.config();
                // The board profile judges its options and the channels' pins, as at run (same rules, nothing opened).
                BoardCheck.check(c);
                out.printf("%s: OK — endpoint '%s', board '%s', %d channel(s), interval %s, server %s%n", file,
                        c.endpoint(), c.board(), c.channels().size(), Durations.format(c.sampling().interval()),
                        c.server().uri());
                out.flush();
                err.flush();
                return 0;
            } catch (ConfigException e) {
                printProblems(err, e);
                return EXIT_CONFIG;
            } catch (BoardException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return EXIT_CONFIG;
            } catch (java.nio.file.NoSuchFileException e) {
                err.println("error: " + file + ": no such file");
                err.flush();
                return EXIT_CONFIG;
            }
        }
    }
}
