package org.meternode.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.meternode.app.config.ConfigException;
import org.meternode.app.config.ConfigLoader;
import org.meternode.app.provision.BundleImport;
import org.meternode.app.provision.ProvisioningBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meternode import-bundle FILE --config-dir DIR}. */
@Command(name = "import-bundle", mixinStandardHelpOptions = true,
        description = "Write the server section of meternode.yaml and the server trust files from a provisioning"
                + " bundle (made by meterctl bundle create).")
final class ImportBundleCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The bundle (a properties file).")
    Path bundle;

    @Option(names = "--config-dir", required = true, paramLabel = "DIR",
            description = "The node's config directory (holds meternode.yaml and the key files).")
    Path configDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ProvisioningBundle b = ProvisioningBundle.parse(Files.readString(bundle));
            // the written config must load, or the import is undone
            BundleImport.Result result = BundleImport.apply(b, configDir, r -> {
                if (r.notes().isEmpty()) {
                    ConfigLoader.load(r.config());
                }
            });
            out.printf("imported bundle for '%s' (%s, server %s)%n", b.endpoint(), b.mode(), b.serverUri());
            result.written().forEach(p -> out.println("  wrote " + p));
            result.notes().forEach(n -> out.println("  todo: " + n));
            out.flush();
            if (result.notes().isEmpty()) {
                ConfigLoader.load(result.config()).warnings().problems().forEach(w -> err.println("warning: " + w));
                out.println(result.config() + ": OK");
            }
            out.flush();
            err.flush();
            return 0;
        } catch (CharacterCodingException e) {
            err.println("error: " + bundle + ": not UTF-8 text (a provisioning bundle is a properties file)");
        } catch (NoSuchFileException e) {
            err.println("error: " + e.getFile() + ": no such file");
        } catch (ProvisioningBundle.BundleException e) {
            err.println("error: " + bundle + ": " + e.getMessage());
        } catch (ConfigException e) {
            MeternodeCommand.printProblems(err, e);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
        }
        err.flush();
        return MeternodeCommand.EXIT_CONFIG;
    }
}
