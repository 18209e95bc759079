package org.meternode.tools.update;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.meternode.app.update.BundleHeader;
import org.meternode.app.update.BundleManifest;
import org.meternode.app.update.UpdateException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meterctl update}: signing keys and signed firmware bundles. */
@Command(name = "update", mixinStandardHelpOptions = true, description = "Firmware update keys and bundles.",
        subcommands = {UpdateCommand.Keygen.class, UpdateCommand.Sign.class, UpdateCommand.Inspect.class,
                org.meternode.tools.cli.UpdateDelivery.Push.class, org.meternode.tools.cli.UpdateDelivery.Pull.class})
public final class UpdateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code meterctl update keygen --out DIR}. */
    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Create an Ed25519 signing key pair: DIR/update-signing.key (0600) and DIR/update-signing.pub"
                    + " (install the .pub on nodes as <storage>/update/trusted.pub).")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                Ed25519Keys.Written w = Ed25519Keys.generate(out);
                spec.commandLine().getOut().printf("private key %s (keep it off the nodes)%npublic key  %s%n",
                        w.privateKey(), w.publicKey());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (java.io.IOException e) {
                return fail(spec, e.getMessage());
            }
        }
    }

    /** {@code meterctl update sign --key KEY --version V --board B --out FILE JARS...}. */
    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Build a signed bundle from a node's jars (the firmware-app jar and its lib/ directory).")
    static final class Sign implements Callable<Integer> {
        @Option(names = "--key", required = true, paramLabel = "ED25519_PRIVATE_KEY.pem")
        Path key;

        @Option(names = "--version", required = true, paramLabel = "V", description = "Firmware version, e.g. 0.2.0.")
        String version;

        @Option(names = "--board", required = true, split = ",", paramLabel = "B",
                description = "Target board(s): pi, linux, sim (comma-separated or repeated).")
        List<String> boards;

        @Option(names = "--base", split = ",", paramLabel = "JARS",
                description = "Jars the nodes run now: identical jars are listed but not carried (a delta bundle).")
        List<Path> base = new ArrayList<>();

        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @Parameters(arity = "1..*", paramLabel = "JAR_OR_DIR")
        List<Path> inputs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                BundleManifest m = BundleSigner.sign(Ed25519Keys.readPrivate(key), version, boards, inputs, base, out);
                spec.commandLine().getOut().printf("%s: firmware %s for %s, %d jar(s) (%d carried, %d reused), %d bytes%n",
                        out, m.firmwareVersion(), String.join(",", m.boards()), m.files().size(),
                        m.carriedFiles().size(), m.files().size() - m.carriedFiles().size(), Files.size(out));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (Exception e) {
                return fail(spec, e.getMessage());
            }
        }
    }

    /** {@code meterctl update inspect FILE}: print the manifest (does not verify the signature). */
    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Print a bundle's manifest.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                byte[] start;
                try (var in = Files.newInputStream(file)) {
                    start = in.readNBytes(BundleHeader.maxLength());
                }
                Optional<BundleHeader> h = BundleHeader.tryDecode(start, start.length);
                if (h.isEmpty()) {
                    return fail(spec, file + ": truncated inside the header");
                }
                BundleManifest.parse(h.get().manifestBytes());
                PrintWriter out = spec.commandLine().getOut();
                out.print(new String(h.get().manifestBytes(), java.nio.charset.StandardCharsets.UTF_8));
                out.printf("signature: %d bytes; file: %d bytes%n", h.get().signature().length, Files.size(file));
                out.flush();
                return 0;
            } catch (UpdateException | java.io.IOException e) {
                return fail(spec, e.getMessage());
            }
        }
    }

    static int fail(CommandLine.Model.CommandSpec spec, String message) {
        spec.commandLine().getErr().println("error: " + message);
        spec.commandLine().getErr().flush();
        return 2;
    }
}
