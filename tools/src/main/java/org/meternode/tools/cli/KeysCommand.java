package org.meternode.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.meternode.tools.provision.NodeKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meterctl keys init}: the node's key pair, made on the node. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Node keys.",
        subcommands = KeysCommand.Init.class)
final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Make the node's ECDSA P-256 key pair here (node.key, mode 0600, never printed), its public"
                    + " key (node.pub) and a CSR with CN = endpoint (node.csr) for the CA.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where to write the files.")
        Path dir;

        @Option(names = "--endpoint", required = true, paramLabel = "EP", description = "The node's endpoint name.")
        String endpoint;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                NodeKeys.Written w = NodeKeys.init(dir, endpoint);
                out.println("wrote " + w.keyFile() + " (private key, mode 0600)");
                out.println("wrote " + w.publicKeyFile());
                out.println("wrote " + w.csrFile() + " (CN=" + endpoint + "): have it signed with meterctl ca sign");
                out.println("head-end RPK entry (meterctl head-end --rpk / --rpk-file):");
                out.println(w.rpkLine());
                out.flush();
                return 0;
            } catch (Exception e) {
                return Meterctl.fail(spec, e);
            }
        }
    }
}
