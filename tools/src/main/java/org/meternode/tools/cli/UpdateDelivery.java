package org.meternode.tools.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.meternode.tools.headend.ManagementRequest.Op;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code meterctl update push|pull ENDPOINT FILE}: queue a firmware update at the running head-end. */
public final class UpdateDelivery {
    private UpdateDelivery() {
    }

    abstract static class Delivery extends NodeRequests implements Callable<Integer> {
        private final Op op;
        @Parameters(index = "0", paramLabel = "ENDPOINT") String endpoint;
        @Parameters(index = "1", paramLabel = "BUNDLE", description = "A bundle made by `meterctl update sign`.")
        Path bundle;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        Delivery(Op op) {
            this.op = op;
        }

        @Override
        String defaultWait() {
            return "15m";
        }

        @Override
        public Integer call() throws Exception {
            return submit(spec.commandLine().getOut(), spec.commandLine().getErr(), endpoint, op, "/5/0",
                    bundle.toAbsolutePath().toString());
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = "Update a node by block-wise Write of the bundle to /5/0/0 (small/delta bundles, <= 2 MiB).")
    public static final class Push extends Delivery {
        public Push() {
            super(Op.UPDATE_PUSH);
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Update a node by Package URI: the head-end serves the bundle over coaps and the node fetches it.")
    public static final class Pull extends Delivery {
        public Pull() {
            super(Op.UPDATE_PULL);
        }
    }
}
