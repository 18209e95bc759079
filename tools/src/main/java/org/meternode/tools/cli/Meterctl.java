package org.meternode.tools.cli;

import org.meternode.app.cli.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code meterctl}: the operator's and field engineer's tool. */
@Command(name = "meterctl", mixinStandardHelpOptions = true, version = "meterctl 0.1.0",
        description = "meternode head-end and tools.",
        subcommands = {HeadEndCommand.class, DemoCommand.class, DecodeCommand.class, MbusCommand.class, WmbusCommand.class, org.meternode.tools.update.UpdateCommand.class,
                KeysCommand.class, CaCommand.class, PskCommand.class, BundleCommand.class, FleetCommand.class,
                ManageCommands.Read.class, ManageCommands.Write.class, ManageCommands.Exec.class,
                ManageCommands.Status.class, ManageCommands.Logs.class, ManageCommands.Set.class,
                ManageCommands.Activate.class, ManageCommands.Deactivate.class, ManageCommands.Reboot.class,
                ManageCommands.Requests.class})
public final class Meterctl implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return org.meternode.app.cli.CliErrors.install(new CommandLine(new Meterctl()));
    }

    /** Prints "error: message" (no stack trace, no secret) and returns exit code 2. */
    static int fail(CommandLine.Model.CommandSpec spec, Exception e) {
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        err.flush();
        return 2;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
