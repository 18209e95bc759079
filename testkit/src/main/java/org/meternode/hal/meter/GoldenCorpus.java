package org.meternode.hal.meter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The golden-frame corpus under {@code testkit/src/main/resources/telegrams}: {@code <maker>-<model>-<case>.txt}
 * holds an ASCII telegram whose lines the meter ends with CR LF (the file uses plain LF); {@code .hex}
 * holds binary frames as hex digits, whitespace free. In both, leading lines starting with '#' name
 * the device and where the bytes come from; in .hex files '#' lines may also appear between frames.
 * In .txt files the IEC 62056-21 control characters are written {@code <STX>}, {@code <ETX>},
 * {@code <SOH>} and {@code <ACK>}, and a line ending in {@code <END>} gets no CR LF (a BCC ends the data).
 */
public final class GoldenCorpus {
    private GoldenCorpus() {
    }

    /** The bytes on the wire for one corpus file. */
    public static byte[] bytes(String name) {
        String text = text(name);
        if (name.endsWith(".hex")) {
            StringBuilder hex = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.startsWith("#")) {
                    hex.append(line.replaceAll("\\s", ""));
                }
            }
            return HexFormat.of().parseHex(hex);
        }
        StringBuilder wire = new StringBuilder();
        boolean header = true;
        for (String line : text.split("\n", -1)) {
            if (header && line.startsWith("#")) {
                continue;
            }
            header = false;
            String bytes = line.replace("<STX>", "\u0002").replace("<ETX>", "\u0003").replace("<SOH>", "\u0001")
                    .replace("<ACK>", "\u0006");
            wire.append(bytes.endsWith("<END>") ? bytes.substring(0, bytes.length() - 5) : bytes + "\r\n");
        }
        // split() leaves one empty string after the file's final LF
        return wire.substring(0, wire.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The hex frames of a .hex file, one per non-comment line (multi-telegram readouts). */
    public static List<byte[]> frames(String name) {
        return text(name).lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> HexFormat.of().parseHex(line.replaceAll("\\s", "")))
                .toList();
    }

    /** All corpus file names ending with the suffix, sorted (from a directory or from the testkit jar). */
    public static List<String> names(String suffix) {
        URL url = GoldenCorpus.class.getResource("/telegrams");
        if (url == null) {
            throw new IllegalStateException("the golden corpus telegrams/ is not on the class path");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return list(jar.provider().getPath(uri), suffix);
                }
            }
            return list(Path.of(uri), suffix);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString().replace("/", "")).filter(n -> n.endsWith(suffix))
                    .sorted().toList();
        }
    }

    private static String text(String name) {
        try (InputStream in = GoldenCorpus.class.getResourceAsStream("/telegrams/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file telegrams/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
