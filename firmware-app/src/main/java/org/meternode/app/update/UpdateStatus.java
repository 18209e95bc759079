package org.meternode.app.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Object 5's persistent part ({@code <storage>/update/status}): it survives the restart of an update. */
public record UpdateStatus(UpdateAgent.State state, UpdateResult result, String pkgName, String pkgVersion,
        String packageUri) {
    public static final UpdateStatus INITIAL = new UpdateStatus(UpdateAgent.State.IDLE, UpdateResult.INITIAL, "", "",
            "");

    public UpdateStatus with(UpdateAgent.State s, UpdateResult r) {
        return new UpdateStatus(s, r, pkgName, pkgVersion, packageUri);
    }

    public UpdateStatus withPackage(String name, String version) {
        return new UpdateStatus(state, result, name, version, packageUri);
    }

    public UpdateStatus withUri(String uri) {
        return new UpdateStatus(state, result, pkgName, pkgVersion, uri);
    }

    static UpdateStatus read(Path file) throws IOException {
        try {
            Map<String, String> m = new HashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int c = line.indexOf(':');
                if (c > 0) {
                    m.put(line.substring(0, c), line.substring(c + 1).trim());
                }
            }
            return new UpdateStatus(UpdateAgent.State.valueOf(m.getOrDefault("state", "IDLE")),
                    UpdateResult.ofCode(Integer.parseInt(m.getOrDefault("result", "0"))), m.getOrDefault("pkg-name", ""),
                    m.getOrDefault("pkg-version", ""), m.getOrDefault("package-uri", ""));
        } catch (NoSuchFileException e) {
            return INITIAL;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    void write(Path file) throws IOException {
        String text = "state: " + state.name() + "\nresult: " + result.code() + "\npkg-name: " + pkgName
                + "\npkg-version: " + pkgVersion + "\npackage-uri: " + packageUri + "\n";
        Files.createDirectories(file.getParent());
        DurableFiles.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
