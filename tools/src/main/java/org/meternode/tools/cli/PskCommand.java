package org.meternode.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.meternode.tools.provision.PskCredentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meterctl psk new}: a fresh pre-shared key. */
@Command(name = "psk", mixinStandardHelpOptions = true, description = "Pre-shared keys.",
        subcommands = PskCommand.New.class)
final class PskCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "A random 128-bit PSK. With --out: writes DIR/psk.key (node) and DIR/head-end.psk (the"
                    + " head-end's EP:IDENTITY:HEXKEY line), both mode 0600, and prints no key. Without --out: prints"
                    + " the EP:IDENTITY:HEXKEY line.")
    static final class New implements Callable<Integer> {
        @Option(names = "--endpoint", required = true, paramLabel = "EP", description = "The node's endpoint name.")
        String endpoint;

        @Option(names = "--identity", paramLabel = "ID", description = "PSK identity (default: the endpoint).")
        String identity;

        @Option(names = "--out", paramLabel = "DIR", description = "Write the key files here instead of printing.")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                PskCredentials psk = PskCredentials.generate(endpoint, identity == null ? endpoint : identity);
                PrintWriter w = spec.commandLine().getOut();
                if (out == null) {
                    w.println(psk.headEndLine());
                } else {
                    psk.write(out);
                    w.println("wrote " + out.resolve(PskCredentials.KEY_FILE) + " (node) and "
                            + out.resolve(PskCredentials.HEAD_END_FILE) + " (head-end --psk-file), mode 0600; identity "
                            + psk.identity());
                }
                w.flush();
                return 0;
            } catch (Exception e) {
                return Meterctl.fail(spec, e);
            }
        }
    }
}
