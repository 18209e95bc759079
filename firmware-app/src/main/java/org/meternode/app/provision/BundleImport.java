package org.meternode.app.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meternode.app.config.ConfigException;
import org.meternode.app.security.Pem;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Applies a {@link ProvisioningBundle} to a node's config directory: writes the server trust
 * anchor (and the node certificate) as files, and writes the {@code server:} section of
 * {@code meternode.yaml} for the bundle's mode, keeping the rest of the file and the server keys
 * the bundle does not set (lifetime, queue-mode, ...). The node's own secret (node.key or psk.key)
 * is made on the node ({@code meterctl keys init} / {@code psk new}) and only referred to.
 */
public final class BundleImport {
    /** The config file in the config directory. */
    public static final String CONFIG_FILE = "meternode.yaml";
    /**
     * The endpoint of the packaged, not yet provisioned config (/etc/meternode/meternode.yaml in the
     * .deb): a bundle for any endpoint may replace it; any other endpoint must match the bundle's.
     */
    public static final String UNPROVISIONED = "unprovisioned";

    /** What the import did; {@code notes} tell the user what is still missing. */
    public record Result(Path config, List<Path> written, List<String> notes) {
    }

    private BundleImport() {
    }

    /** Checks the written config (e.g. loads it); a failure undoes the import. */
    @FunctionalInterface
    public interface Check {
        void check(Result result) throws ConfigException, IOException;
    }

    public static Result apply(ProvisioningBundle bundle, Path dir) throws IOException {
        try {
            return apply(bundle, dir, r -> { });
        } catch (ConfigException e) {
            throw new IllegalStateException("a check that accepts everything refused", e);
        }
    }

    /**
     * Imports, then runs {@code check}; when it throws, every file the import wrote is put back as it
     * was (bytes, or the link, or absent), so a refused import leaves the directory unchanged.
     */
    public static Result apply(ProvisioningBundle bundle, Path dir, Check check) throws IOException, ConfigException {
        Files.createDirectories(dir);
        List<Previous> before = new ArrayList<>();
        for (String name : List.of(CONFIG_FILE, "server.pub", "ca.crt", "node.crt")) {
            before.add(Previous.of(dir.resolve(name)));
        }
        Result result;
        try {
            result = write(bundle, dir);
            check.check(result);
        } catch (ConfigException | IOException | RuntimeException e) {
            for (Previous p : before) {
                p.restore();
            }
            throw e;
        }
        return result;
    }

    /** A file as it was before the import: its bytes, the target of a link, or nothing. */
    private record Previous(Path file, byte[] bytes, Path link, java.util.Set<java.nio.file.attribute.PosixFilePermission> mode) {
        static Previous of(Path file) throws IOException {
            if (Files.isSymbolicLink(file)) {
                return new Previous(file, null, Files.readSymbolicLink(file), null);
            }
            if (Files.isRegularFile(file)) {
                return new Previous(file, Files.readAllBytes(file), null, Files.getPosixFilePermissions(file));
            }
            return new Previous(file, null, null, null);
        }

        void restore() throws IOException {
            if (link == null && bytes == null) {
                Files.deleteIfExists(file);
                return;
            }
            Path tmp = file.resolveSibling("." + file.getFileName() + ".restore");
            Files.deleteIfExists(tmp);
            if (link != null) {
                Files.createSymbolicLink(tmp, link);
            } else {
                Files.write(tmp, bytes);
                Files.setPosixFilePermissions(tmp, mode);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Result write(ProvisioningBundle bundle, Path dir) throws IOException {
        Path config = dir.resolve(CONFIG_FILE);
        String existing = Files.exists(config) ? Files.readString(config) : null;
        if (existing != null) {
            String endpoint = endpointOf(existing);
            if (endpoint != null && !endpoint.equals(bundle.endpoint()) && !endpoint.equals(UNPROVISIONED)) {
                throw new IOException(config + ": node.endpoint is '" + endpoint + "' but the bundle is for '"
                        + bundle.endpoint() + "'; not changed");
            }
        }
        // decided before anything is written: a refused import leaves the directory as it was
        String text = existing == null ? skeleton(bundle)
                : replaceServerSection(withEndpoint(existing, bundle.endpoint()), bundle);
        List<Path> written = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        switch (bundle.mode()) {
            case "psk" -> requireSecret(dir, "psk.key", "meterctl psk new --endpoint " + bundle.endpoint()
                    + " --out " + dir, notes);
            case "rpk" -> {
                written.add(writePublic(dir.resolve("server.pub"), bundle.serverTrust().pem()));
                requireSecret(dir, "node.key", "meterctl keys init --dir " + dir + " --endpoint " + bundle.endpoint(),
                        notes);
            }
            default -> {
                written.add(writePublic(dir.resolve("ca.crt"), bundle.serverTrust().pem()));
                if (bundle.nodeCertificate() != null) {
                    written.add(writePublic(dir.resolve("node.crt"), certificatePem(bundle)));
                } else if (!Files.exists(dir.resolve("node.crt"))) {
                    notes.add("node.crt is missing: have node.csr signed (meterctl ca sign) and put the certificate"
                            + " in " + dir.resolve("node.crt"));
                }
                requireSecret(dir, "node.key", "meterctl keys init --dir " + dir + " --endpoint " + bundle.endpoint(),
                        notes);
            }
        }
        Path tmp = Files.createTempFile(dir, ".meternode", ".yaml");
        Files.writeString(tmp, text);
        Files.move(tmp, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        written.add(config);
        if (existing == null) {
            notes.add(config + " holds only node and server: add board, channels and storage"
                    + " (meternode check-config --print-defaults shows them)");
        }
        return new Result(config, written, notes);
    }

    /** The {@code server:} section for the bundle, two-space indented, without trailing newline. */
    static List<String> serverSection(ProvisioningBundle b) {
        List<String> lines = new ArrayList<>(List.of("server:", "  uri: " + b.serverUri(), "  security:",
                "    mode: " + b.mode()));
        switch (b.mode()) {
            case "psk" -> lines.addAll(List.of("    identity: " + quoted(b.pskIdentity()), "    key-file: psk.key"));
            case "rpk" -> lines.addAll(List.of("    private-key-file: node.key",
                    "    server-public-key-file: server.pub"));
            default -> lines.addAll(List.of("    private-key-file: node.key", "    certificate-file: node.crt",
                    "    ca-file: ca.crt", "    server-name: " + b.serverName()));
        }
        return lines;
    }

    /** A YAML double-quoted scalar, so an identity like {@code *x} or {@code "a"} stays the text it is. */
    static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Replaces the block-style top-level {@code server:} section (or appends one), keeping its
     * children other than uri and security.
     */
    static String replaceServerSection(String yaml, ProvisioningBundle b) throws IOException {
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("server:\\s*(#.*)?")) {
                start = i;
                break;
            }
            if (lines.get(i).matches("server:.*\\S.*")) {
                throw new IOException("the server section is written on one line (flow style); write it as a block"
                        + " (key: value lines) and import again");
            }
        }
        List<String> section = serverSection(b);
        if (start < 0) {
            lines.addAll(section);
            return String.join("\n", lines) + "\n";
        }
        int end = start + 1;
        while (end < lines.size() && (lines.get(end).isBlank() || lines.get(end).startsWith(" ")
                || lines.get(end).startsWith("#"))) {
            end++;
        }
        List<String> kept = new ArrayList<>();
        boolean keeping = false;
        for (String line : lines.subList(start + 1, end)) {
            if (line.matches("  [A-Za-z-]+:.*")) {
                String key = line.trim().substring(0, line.trim().indexOf(':'));
                keeping = !key.equals("uri") && !key.equals("security");
            }
            if (keeping) {
                kept.add(line);
            }
        }
        List<String> out = new ArrayList<>(lines.subList(0, start));
        out.addAll(section);
        out.addAll(kept);
        out.addAll(lines.subList(end, lines.size()));
        return String.join("\n", out) + "\n";
    }

    private static String skeleton(ProvisioningBundle b) {
        return "# meternode config written by import-bundle; add board, channels and storage.\n"
                + "node:\n  endpoint: " + b.endpoint() + "\n" + String.join("\n", serverSection(b)) + "\n";
    }

    /** The config with a placeholder {@link #UNPROVISIONED} endpoint line set to {@code endpoint}. */
    static String withEndpoint(String yaml, String endpoint) {
        return yaml.replaceFirst("(?m)^([ \\t]+endpoint:[ \\t]*)" + UNPROVISIONED + "([ \\t]*(#.*)?)$",
                "$1" + java.util.regex.Matcher.quoteReplacement(endpoint) + "$2");
    }

    private static String endpointOf(String yaml) {
        try {
            Object root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
            if (root instanceof Map<?, ?> map && map.get("node") instanceof Map<?, ?> node
                    && node.get("endpoint") != null) {
                return String.valueOf(node.get("endpoint"));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private static Path writePublic(Path file, String pem) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".import", ".pem");
        Files.writeString(tmp, pem);
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static void requireSecret(Path dir, String name, String howTo, List<String> notes) {
        if (!Files.exists(dir.resolve(name))) {
            notes.add(dir.resolve(name) + " is missing: make it on this node with: " + howTo);
        }
    }

    private static String certificatePem(ProvisioningBundle b) {
        try {
            return Pem.encode(Pem.CERTIFICATE, b.nodeCertificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
