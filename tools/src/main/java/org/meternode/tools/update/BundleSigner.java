package org.meternode.tools.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.meternode.app.update.BundleManifest;
import org.meternode.app.update.BundleWriter;

/**
 * {@code meterctl update sign}: turns a node's jar set (directories and jar files, e.g.
 * {@code meternode-firmware-app-*.jar} and its {@code lib/}) into a signed bundle. With a base
 * (the jars the nodes run now), jars identical to a base jar are listed but not carried.
 */
public final class BundleSigner {
    private BundleSigner() {
    }

    public static BundleManifest sign(Ed25519PrivateKeyParameters key, String version, List<String> boards,
            List<Path> inputs, List<Path> base, Path out) throws IOException, GeneralSecurityException {
        List<Path> jars = jarsOf(inputs);
        Set<String> reuse = new HashSet<>();
        for (Path jar : jarsOf(base)) {
            reuse.add(BundleWriter.sha256Hex(jar));
        }
        return BundleWriter.write(out, version, boards, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                jars, reuse, manifest -> Ed25519Keys.sign(key, manifest));
    }

    /** Jar files named directly, and the jars directly inside named directories (sorted); one per file name. */
    public static List<Path> jarsOf(List<Path> inputs) throws IOException {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path in : inputs) {
            List<Path> found = new ArrayList<>();
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted()
                            .forEach(found::add);
                }
            } else if (Files.isRegularFile(in) && in.getFileName().toString().endsWith(".jar")) {
                found.add(in);
            } else {
                throw new IOException(in + " is neither a jar nor a directory of jars");
            }
            for (Path jar : found) {
                Path before = byName.putIfAbsent(jar.getFileName().toString(), jar);
                if (before != null && !before.equals(jar)) {
                    throw new IOException("two jars named " + jar.getFileName() + ": " + before + " and " + jar);
                }
            }
        }
        if (byName.isEmpty() && !inputs.isEmpty()) {
            throw new IOException("no jars found in " + inputs);
        }
        return new ArrayList<>(byName.values());
    }
}
