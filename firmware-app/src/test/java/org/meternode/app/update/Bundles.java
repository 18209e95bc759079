package org.meternode.app.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Test bundles: small fake jars signed with a JDK Ed25519 key. */
final class Bundles {
    final KeyPair key;
    final Path dir;

    Bundles(Path dir) throws Exception {
        this.dir = dir;
        this.key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    List<Path> jars(int count) throws Exception {
        List<Path> jars = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path jar = dir.resolve("lib-" + i + ".jar");
            byte[] content = new byte[3000 + 1000 * i];
            new java.util.Random(i).nextBytes(content);
            Files.write(jar, content);
            jars.add(jar);
        }
        return jars;
    }

    Path write(String name, String version, String board, List<Path> jars) throws Exception {
        return write(name, version, board, jars, key);
    }

    Path write(String name, String version, String board, List<Path> jars, KeyPair signer) throws Exception {
        Path out = dir.resolve(name);
        BundleWriter.write(out, version, List.of(board), Instant.parse("2026-11-27T10:00:00Z"), jars, Set.of(), m -> {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(signer.getPrivate());
            s.update(m);
            return s.sign();
        });
        return out;
    }

    BundleVerifier verifier(String board, String running) {
        return new BundleVerifier(key.getPublic(), board, running);
    }
}
