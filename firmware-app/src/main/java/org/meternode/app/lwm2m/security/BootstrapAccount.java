package org.meternode.app.lwm2m.security;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import org.meternode.app.security.KeyFiles;

/**
 * The management server account a bootstrap server gave the node (PSK only: a bootstrap server
 * never learns the node's private key, so it can only hand out a PSK), kept in
 * {@code storage/bootstrap-account.properties} (mode 0600) so the next start registers directly.
 */
public record BootstrapAccount(URI serverUri, int shortServerId, long lifetimeSeconds, String pskIdentity,
        byte[] pskKey) {
    /** The file in the storage directory. */
    public static final String FILE = "bootstrap-account.properties";

    public BootstrapAccount {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(pskIdentity, "pskIdentity");
        pskKey = pskKey.clone();
    }

    @Override
    public byte[] pskKey() {
        return pskKey.clone();
    }

    /** The saved account, or null when there is none or it is unusable (then the node bootstraps). */
    public static BootstrapAccount load(Path storageDir) throws IOException {
        Path file = storageDir.resolve(FILE);
        String text;
        try {
            String problem = KeyFiles.permissionProblem(file);
            if (problem != null) {
                throw new IOException(file + " " + problem);
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        try {
            return new BootstrapAccount(URI.create(p.getProperty("server.uri")),
                    Integer.parseInt(p.getProperty("short-server-id")), Long.parseLong(p.getProperty("lifetime")),
                    p.getProperty("psk.identity"), HexFormat.of().parseHex(p.getProperty("psk.key")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged (" + e.getClass().getSimpleName() + ")");
        }
    }

    public void save(Path storageDir) throws IOException {
        String text = "# management server account from the bootstrap server (secret: mode 0600)\n"
                + "server.uri=" + serverUri + "\nshort-server-id=" + shortServerId + "\nlifetime=" + lifetimeSeconds
                + "\npsk.identity=" + pskIdentity + "\npsk.key=" + HexFormat.of().formatHex(pskKey) + "\n";
        KeyFiles.writeSecret(storageDir.resolve(FILE), text.getBytes(StandardCharsets.UTF_8), true);
    }

    public static void delete(Path storageDir) throws IOException {
        Files.deleteIfExists(storageDir.resolve(FILE));
    }

    @Override
    public String toString() {
        return "BootstrapAccount[" + serverUri + ", ssid " + shortServerId + ", identity " + pskIdentity
                + ", key=(hidden)]";
    }
}
