package org.meternode.app.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Loads {@code meternode.yaml} into a validated {@link NodeConfig}. All problems of a file are
 * collected and thrown together as one {@link ConfigException}, each with file, line, column and
 * key path. Nothing is touched on disk besides reading the file: the key file is read by
 * {@link SecurityConfig#pskKey()} and the storage directory is created at run time.
 */
public final class ConfigLoader {
    private static final int MAX_CODE_POINTS = 1 << 20;
    /** A hand-written node config is a few kB; anything past this is not one. */
    static final int MAX_BYTES = 1 << 20;

    private ConfigLoader() {
    }

    /**
     * Reads and validates a config file; relative paths in it resolve against its directory and
     * messages name it as given.
     *
     * @throws ConfigException every problem found
     * @throws IOException     when the file cannot be read
     */
    public static LoadedConfig load(Path file) throws ConfigException, IOException {
        String sourceName = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(new ConfigProblem(sourceName, 0, 0, "", "is a directory, not a config file"));
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new ConfigException(tooLarge(sourceName, Files.size(file) + " bytes"));
        }
        byte[] bytes = Files.readAllBytes(file);
        String yaml = utf8(bytes, sourceName);
        if (yaml.startsWith("\uFEFF")) {
            yaml = yaml.substring(1);
        }
        Path absolute = file.toAbsolutePath().normalize();
        return read(yaml, sourceName, absolute.getParent(), absolute);
    }

    /**
     * Validates config text, e.g. a remote write; {@code sourceName} names it in messages and
     * relative paths resolve against {@code baseDir}.
     *
     * @throws ConfigException every problem found
     */
    public static LoadedConfig parse(String yaml, String sourceName, Path baseDir) throws ConfigException {
        return read(yaml, sourceName, baseDir, baseDir.resolve(sourceName).normalize());
    }

    private static LoadedConfig read(String yaml, String sourceName, Path baseDir, Path source)
            throws ConfigException {
        if (yaml.length() > MAX_CODE_POINTS) {
            throw new ConfigException(tooLarge(sourceName, yaml.length() + " characters"));
        }
        Problems problems = new Problems(sourceName);
        Node root = compose(yaml, sourceName);
        NodeConfig config = new NodeConfigReader(problems, baseDir, sourceName).read(root, source);
        problems.throwIfAny();
        return new LoadedConfig(config, problems.warnings());
    }

    /** The YAML node tree, or one problem at the parser's position when the text is not YAML. */
    private static Node compose(String yaml, String sourceName) throws ConfigException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(sourceName)
                .setSchema(new CoreSchema())
                .setCodePointLimit(MAX_CODE_POINTS)
                .setAllowNonScalarKeys(true) // reported with a position by the reader, not here without one
                .build();
        try {
            Optional<ConfigProblem> limit = YamlLimits.check(yaml, sourceName, settings);
            if (limit.isPresent()) {
                throw new ConfigException(limit.get());
            }
            Optional<Node> root = new Compose(settings).composeString(yaml);
            return root.orElse(null);
        } catch (MarkedYamlEngineException e) {
            throw new ConfigException(malformed(sourceName, e));
        } catch (ReaderException e) {
            throw new ConfigException(unprintable(yaml, sourceName, e));
        } catch (YamlEngineException e) {
            throw new ConfigException(new ConfigProblem(sourceName, 0, 0, "", "not valid YAML: " + e.getMessage()));
        }
    }

    /** The text of a UTF-8 file; a byte that is not UTF-8 is reported at its line and column. */
    private static String utf8(byte[] bytes, String sourceName) throws ConfigException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ConfigException(new ConfigProblem(sourceName, line, at - lineStart + 1, "",
                    String.format("is not UTF-8 text (byte 0x%02X); save the file as UTF-8", bytes[at] & 0xFF)));
        }
        return out.flip().toString();
    }

    private static ConfigProblem tooLarge(String sourceName, String size) {
        return new ConfigProblem(sourceName, 0, 0, "", "is too large for a node config (" + size + ", at most "
                + MAX_BYTES + " bytes)");
    }

    /** A character YAML does not allow (a control character, NUL), named with its line and column. */
    private static ConfigProblem unprintable(String yaml, String sourceName, ReaderException e) {
        int offset = yaml.offsetByCodePoints(0, Math.min(e.getPosition(), yaml.codePointCount(0, yaml.length())));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (yaml.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new ConfigProblem(sourceName, line, yaml.codePointCount(lineStart, offset) + 1, "",
                String.format("not valid YAML: character U+%04X is not allowed in YAML text", e.getCodePoint()));
    }

    private static ConfigProblem malformed(String sourceName, MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
        int line = mark.map(m -> m.getLine() + 1).orElse(0);
        int column = mark.map(m -> m.getColumn() + 1).orElse(0);
        StringBuilder message = new StringBuilder("not valid YAML: ").append(e.getProblem().replace(" ()", "").strip());
        if (e.getContext() != null && !e.getContext().isBlank()) {
            message.append(" (").append(e.getContext());
            e.getContextMark().ifPresent(m -> message.append(" at line ").append(m.getLine() + 1));
            message.append(')');
        }
        return new ConfigProblem(sourceName, line, column, "", message.toString());
    }
}
