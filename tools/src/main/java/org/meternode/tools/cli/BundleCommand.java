package org.meternode.tools.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;
import org.meternode.app.provision.ProvisioningBundle;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.Pem;
import org.meternode.app.security.TrustAnchor;
import org.meternode.tools.headend.HeadEndIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meterctl bundle create}: what a node needs to reach this head-end, no secrets. */
@Command(name = "bundle", mixinStandardHelpOptions = true, description = "Provisioning bundles.",
        subcommands = BundleCommand.Create.class)
final class BundleCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Write a provisioning bundle for one node (meternode import-bundle reads it).")
    static final class Create implements Callable<Integer> {
        @Option(names = "--endpoint", required = true, paramLabel = "EP")
        String endpoint;

        @Option(names = "--server", required = true, paramLabel = "URI", description = "coaps://host:port")
        URI server;

        @Option(names = "--mode", required = true, description = "psk, rpk or x509")
        String mode;

        @Option(names = "--identity", paramLabel = "ID", description = "(psk) the PSK identity (default: endpoint).")
        String identity;

        @Option(names = "--server-key", paramLabel = "FILE", description = "(rpk) the head-end's public key, PEM.")
        Path serverKey;

        @Option(names = "--server-ca", paramLabel = "FILE", description = "(x509) CA certificate(s), PEM.")
        Path serverCa;

        @Option(names = "--server-name", paramLabel = "NAME", description = "(x509) the head-end certificate's name.")
        String serverName;

        @Option(names = "--node-cert", paramLabel = "FILE", description = "(x509) the node's signed certificate.")
        Path nodeCert;

        @Option(names = "--out", required = true, paramLabel = "FILE")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                ProvisioningBundle b = switch (mode) {
                    case "psk" -> new ProvisioningBundle(endpoint, server, mode, identity == null ? endpoint : identity,
                            null, null, null);
                    case "rpk" -> new ProvisioningBundle(endpoint, server, mode, null, new TrustAnchor.Key(
                            EcKeys.publicKey(one(Pem.all(Files.readString(need(serverKey, "--server-key")),
                                    Pem.PUBLIC_KEY)))), null, null);
                    case "x509" -> new ProvisioningBundle(endpoint, server, mode, null,
                            new TrustAnchor.Authorities(HeadEndIdentity.certificates(need(serverCa, "--server-ca"))),
                            need(serverName, "--server-name"),
                            nodeCert == null ? null : firstOf(HeadEndIdentity.certificates(nodeCert)));
                    default -> throw new IllegalArgumentException("--mode must be psk, rpk or x509");
                };
                Files.writeString(out, b.format());
                PrintWriter w = spec.commandLine().getOut();
                w.println("wrote " + out + " (" + mode + " bundle for " + endpoint + "; public material only)");
                w.flush();
                return 0;
            } catch (Exception e) {
                return Meterctl.fail(spec, e);
            }
        }

        private static <T> T need(T value, String option) {
            if (value == null) {
                throw new IllegalArgumentException(option + " is required for this mode");
            }
            return value;
        }

        private static byte[] one(List<byte[]> blocks) throws GeneralSecurityException {
            if (blocks.size() != 1) {
                throw new GeneralSecurityException("expected one PEM 'PUBLIC KEY' block");
            }
            return blocks.get(0);
        }

        private static X509Certificate firstOf(List<X509Certificate> certs) throws GeneralSecurityException {
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("--node-cert holds no certificate");
            }
            return certs.get(0);
        }
    }
}
