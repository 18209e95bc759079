package org.meternode.app.update;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The jars this JVM runs from (its class path, with {@code Class-Path} manifest entries followed
 * one level, as a launcher jar uses them): where a delta bundle's {@code reuse} files come from.
 */
public final class RunningImage {
    private final List<Path> jars;
    private final Map<Path, String> hashes = new HashMap<>();

    public RunningImage(List<Path> jars) {
        this.jars = List.copyOf(jars);
    }

    /** The image of this process. */
    public static RunningImage current() {
        return new RunningImage(classPathJars(System.getProperty("java.class.path", "")));
    }

    public List<Path> jars() {
        return jars;
    }

    static List<Path> classPathJars(String classPath) {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (!p.toString().endsWith(".jar") || !Files.isRegularFile(p)) {
                continue;
            }
            out.add(p);
            out.addAll(manifestClassPath(p));
        }
        return new ArrayList<>(out);
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> out = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return out;
            }
            for (String item : cp.trim().split("\\s+")) {
                Path p = item.startsWith("file:") ? Path.of(new URI(item)) : jar.getParent().resolve(item);
                if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                    out.add(p.toAbsolutePath().normalize());
                }
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            // not a readable jar manifest: the entry itself still counts
        }
        return out;
    }

    /** A jar of this image with the given size and SHA-256. */
    public Optional<Path> find(long size, String sha256) throws IOException {
        for (Path jar : jars) {
            if (Files.size(jar) == size && sha256.equals(hashOf(jar))) {
                return Optional.of(jar);
            }
        }
        return Optional.empty();
    }

    private synchronized String hashOf(Path jar) throws IOException {
        String h = hashes.get(jar);
        if (h == null) {
            h = BundleWriter.sha256Hex(jar);
            hashes.put(jar, h);
        }
        return h;
    }
}
