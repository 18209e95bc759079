package org.meternode.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.meternode.app.security.Pem;
import org.meternode.tools.provision.CertificateAuthority;
import org.meternode.tools.provision.Csr;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meterctl ca init|sign}: a small certificate authority for nodes and head-ends. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "A small certificate authority.",
        subcommands = {CaCommand.Init.class, CaCommand.Sign.class})
final class CaCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a CA: ca.key (ECDSA P-256, mode 0600) and a self-signed ca.crt.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "CADIR", description = "The CA's directory.")
        Path dir;

        @Option(names = "--name", defaultValue = "meternode CA", description = "The CA's CN (default ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--days", defaultValue = "3650", description = "Validity in days (default ${DEFAULT-VALUE}).")
        int days;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                CertificateAuthority ca = CertificateAuthority.create(dir, name, Duration.ofDays(days));
                PrintWriter out = spec.commandLine().getOut();
                out.println("wrote " + dir.resolve(CertificateAuthority.KEY_FILE) + " (mode 0600) and "
                        + dir.resolve(CertificateAuthority.CERT_FILE) + " (" + ca.certificate().getSubjectX500Principal()
                        + ", until " + ca.certificate().getNotAfter().toInstant() + ")");
                out.flush();
                return 0;
            } catch (Exception e) {
                return Meterctl.fail(spec, e);
            }
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Issue a certificate for a CSR: a node certificate (CN = endpoint), or with --server-name a"
                    + " server certificate (the names as subjectAltName).")
    static final class Sign implements Callable<Integer> {
        @Option(names = "--ca", required = true, paramLabel = "CADIR", description = "The CA's directory.")
        Path caDir;

        @Parameters(paramLabel = "CSR", description = "The request (PEM).")
        Path csrFile;

        @Option(names = "--days", defaultValue = "825", description = "Validity in days (default ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--server-name", paramLabel = "NAME",
                description = "DNS name or IP of a server (repeatable); makes a server certificate.")
        List<String> serverNames = new ArrayList<>();

        @Option(names = "--out", paramLabel = "FILE", description = "Certificate file (default: the CSR's name with .crt).")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                CertificateAuthority ca = CertificateAuthority.load(caDir);
                Csr csr = Csr.fromPem(Files.readString(csrFile));
                X509Certificate cert = ca.sign(csr, Duration.ofDays(days), serverNames);
                Path target = out != null ? out
                        : csrFile.resolveSibling(csrFile.getFileName().toString().replaceFirst("\\.csr$", "") + ".crt");
                Files.writeString(target, Pem.encode(Pem.CERTIFICATE, cert.getEncoded()));
                PrintWriter w = spec.commandLine().getOut();
                w.println("wrote " + target + ": " + (serverNames.isEmpty() ? "node" : "server") + " certificate "
                        + cert.getSubjectX500Principal() + (serverNames.isEmpty() ? "" : " for " + serverNames)
                        + ", until " + cert.getNotAfter().toInstant());
                w.flush();
                return 0;
            } catch (Exception e) {
                return Meterctl.fail(spec, e);
            }
        }
    }
}
