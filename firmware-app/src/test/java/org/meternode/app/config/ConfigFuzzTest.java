package org.meternode.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.cli.MeternodeCommand;
import org.meternode.app.node.BoardCheck;
import org.meternode.hal.BoardException;
import picocli.CommandLine;

/**
 * Hostile config files through the path {@code check-config} takes ({@link ConfigLoader#load}, then the
 * board profile's check of the options and the channels' inputs), and a
 * sample of them through {@code meternode check-config} itself: every input is accepted (exit 0) or
 * refused (exit 2) with messages that name the file, a line and a key; nothing escapes. Seeded, so a
 * failure repeats; {@code -Dmeternode.fuzz.tries=N} runs more cases.
 */
class ConfigFuzzTest {
    private static final long SEED = 19_001L;
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);
    /** One case in this many also goes through picocli. */
    private static final int CLI_SAMPLE = 10;

    @TempDir
    Path dir;

    @Test
    void every_mutated_config_is_accepted_or_refused_with_file_line_and_key() throws Exception {
        List<String> bases = List.of(
                ConfigTexts.RUNNABLE,
                ConfigTexts.filledDefaults(ConfigKeys.documentedDefaults(), "state"),
                ConfigTexts.RUNNABLE.replace("board-options:\n", "board-options:\n  speed: 60\n  seed: 7\n"));
        ConfigMutator mutator = new ConfigMutator(new Random(SEED));
        int refused = 0;
        int accepted = 0;
        int cliRuns = 0;
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            byte[] input = mutator.mutate(bases.get(i % bases.size()));
            Path file = dir.resolve("case-" + (i % 50) + ".yaml");
            Files.write(file, input);
            Outcome outcome = load(file, crashes, i);
            if (outcome == Outcome.REFUSED) {
                refused++;
            } else if (outcome == Outcome.ACCEPTED) {
                accepted++;
            }
            if (i % CLI_SAMPLE == 0 && outcome != Outcome.CRASHED) {
                cliRuns++;
                checkCli(file, outcome, crashes, i, input);
            }
        }
        assertThat(dir.resolve("state")).as("check-config creates nothing").doesNotExist();
        System.out.println("surface config: " + TRIES + " cases, " + refused + " refused, " + accepted
                + " accepted, " + crashes.size() + " crashes (" + cliRuns + " also through meternode check-config)");
        assertThat(crashes).isEmpty();
        assertThat(refused).as("the mutations reach the refusals").isGreaterThan(TRIES / 2);
        assertThat(accepted).as("some mutations stay valid").isPositive();
    }

    private enum Outcome { ACCEPTED, REFUSED, CRASHED }

    private static Outcome load(Path file, List<String> crashes, int i) {
        try {
            LoadedConfig loaded = ConfigLoader.load(file);
            NodeConfig c = loaded.config();
            if (c == null || c.server() == null || c.sampling() == null || c.channels().isEmpty()) {
                crashes.add(i + ": accepted with parts missing: " + c);
                return Outcome.CRASHED;
            }
            for (ConfigProblem w : loaded.warnings().problems()) {
                checkProblem(file, w, crashes, i);
            }
            BoardCheck.check(c); // as check-config does: the options, then the channels' inputs
            return Outcome.ACCEPTED;
        } catch (BoardException e) {
            String m = e.getMessage();
            if (m == null || !readable(m) || !(m.contains(file.toString()) || m.startsWith("board '"))) {
                crashes.add(i + ": board refusal without file and key: " + m);
            }
            return Outcome.REFUSED;
        } catch (ConfigException e) {
            for (ConfigProblem p : e.getProblems()) {
                checkProblem(file, p, crashes, i);
            }
            return Outcome.REFUSED;
        } catch (Throwable t) {
            crashes.add(i + ": " + t + " at " + java.util.Arrays.stream(t.getStackTrace())
                    .filter(f -> f.getClassName().startsWith("org.meternode")).findFirst().orElse(null)
                    + " for " + excerpt(file));
            return Outcome.CRASHED;
        }
    }

    /** A message names the file, a line (or says the file as a whole is empty) and reads as text. */
    private static void checkProblem(Path file, ConfigProblem p, List<String> crashes, int i) {
        String why = null;
        if (!p.source().equals(file.toString())) {
            why = "names " + p.source() + ", not the file";
        } else if (p.line() <= 0 && !p.message().startsWith("the file is empty")
                && !p.message().startsWith("is too large")) {
            why = "has no line";
        } else if (!readable(p.message())) {
            why = "is not a message";
        }
        if (why != null) {
            crashes.add(i + ": problem " + why + ": " + p + " for " + excerpt(file));
        }
    }

    static boolean readable(String message) {
        String m = message.strip();
        return !m.isEmpty() && !m.equals("null") && !m.contains("Exception") && !m.contains("\tat ")
                && !m.contains(": null") && !m.matches("[a-z]+(\\.[a-zA-Z$_]+)+") && !m.contains("Error:");
    }

    private void checkCli(Path file, Outcome expected, List<String> crashes, int i, byte[] input) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = MeternodeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("check-config", file.toString());
        int want = expected == Outcome.ACCEPTED ? 0 : MeternodeCommand.EXIT_CONFIG;
        if (code != want) {
            crashes.add(i + ": check-config exit " + code + " (want " + want + "): " + err);
            return;
        }
        for (String line : err.toString().lines().toList()) {
            // Config problems start with the file; board profiles name it after the key (board-options.x (file:l:c)).
            boolean ok = (line.startsWith("error: ") || line.startsWith("warning: ")) && line.length() < 1_000
                    && (line.contains(file.toString()) || line.startsWith("error: board '"))
                    && readable(line.substring(line.indexOf(' ') + 1));
            if (!ok) {
                crashes.add(i + ": check-config wrote " + line);
            }
        }
        if (code == 0 && !out.toString().startsWith(file + ": OK")) {
            crashes.add(i + ": check-config said " + out);
        }
    }

    private static String excerpt(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.length() > 300 ? text.substring(0, 300) + "..." : text;
        } catch (Exception e) {
            return file.toString();
        }
    }

    /** Seeded mutations of a valid config: what a typo, a bad copy, a bad disk or an attacker gives. */
    static final class ConfigMutator {
        private static final String[] SPECIALS = {"*a", "&a x", "&a", "!!binary AAAA", "!!binary", "!!str", "!!int x",
                "!!map", "!!seq", "!!float 1", "!custom x", "!<tag:x> y", "? x", "?", "[", "]", "{", "}", "[]", "{}",
                "~", "null", "Null", "true", "no", "yes", "1e400", "-1e400", "99999999999999999999999999", "-1", "-0",
                "0", ".nan", ".inf", "-.inf", "0x10", "0o17", "1_000", "'", "\"", "\"\\u0000\"", "\u0000",
                "\u0001\u0002", "\t", "x\ty", "- a", "- ", "|", ">", "|-\n    x", "@x", "`x`", "%YAML 1.2", "---",
                "...", "#", "&a [*a]", "&b {k: *b}", "<<: *a", "1m", "0s", "-15m", "15", "15x", "1.5m", "P1D",
                "2147483648", "-2147483649", "9223372036854775808", "65536", "coap://x", "coaps://", "coaps://[::1",
                "http://x", ":", "::", "a: b: c", "\"unterminated", "'it''s'", "\\", "/", "..", "../../etc/passwd",
                "/dev/null", "\u202e", "\uFEFF", "\u00e9", "\uD83D\uDE00"};
        private static final String[] SECTIONS = {"node", "board", "board-options", "sampling", "channels", "server",
                "security", "storage", "uplink", "endpoint", "uri", "interval", "path", "identity", "key-hex", "type",
                "input", "id"};

        private final Random random;

        ConfigMutator(Random random) {
            this.random = random;
        }

        byte[] mutate(String base) {
            List<String> lines = new ArrayList<>(base.lines().toList());
            int rounds = 1 + random.nextInt(3);
            for (int r = 0; r < rounds && !lines.isEmpty(); r++) {
                mutateLines(lines);
            }
            byte[] bytes = (String.join("\n", lines) + (random.nextInt(4) == 0 ? "" : "\n"))
                    .getBytes(StandardCharsets.UTF_8);
            return random.nextInt(25) == 0 ? corruptBytes(bytes) : bytes;
        }

        private void mutateLines(List<String> lines) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(14)) {
                case 0 -> lines.subList(at, lines.size()).clear(); // truncated file
                case 1 -> lines.set(at, line.substring(0, random.nextInt(line.length() + 1))); // truncated line
                case 2 -> lines.remove(at);
                case 3 -> lines.add(at, line); // duplicated key
                case 4 -> lines.set(at, misspell(line));
                case 5, 6, 7 -> lines.set(at, withValue(line, SPECIALS[random.nextInt(SPECIALS.length)]));
                case 8 -> lines.set(at, withValue(line, deepNesting()));
                case 9 -> lines.set(at, withValue(line, "x".repeat(1 + random.nextInt(random.nextInt(10) == 0 ? 200_000 : 2_000))));
                case 10 -> lines.set(at, line.replaceFirst("^( *)", "$1" + (random.nextBoolean() ? "\t" : " ")));
                case 11 -> lines.add(at, indentOf(line) + SECTIONS[random.nextInt(SECTIONS.length)] + ": "
                        + SPECIALS[random.nextInt(SPECIALS.length)]);
                case 12 -> lines.set(at, withValue(line, hugeNumber()));
                default -> lines.set(at, insertControl(line));
            }
        }

        private String misspell(String line) {
            int colon = line.indexOf(':');
            int start = line.length() - line.stripLeading().length();
            if (colon <= start + 1) {
                return line;
            }
            int cut = start + random.nextInt(colon - start);
            return random.nextBoolean()
                    ? line.substring(0, cut) + line.substring(cut + 1) // servr
                    : line.substring(0, cut) + (char) ('a' + random.nextInt(26)) + line.substring(cut); // serveer
        }

        private static String withValue(String line, String value) {
            int colon = line.indexOf(": ");
            if (colon >= 0) {
                return line.substring(0, colon + 2) + value;
            }
            return line.endsWith(":") ? line + " " + value : indentOf(line) + value;
        }

        private String deepNesting() {
            int depth = 1 + random.nextInt(5_000);
            boolean flow = random.nextBoolean();
            return flow ? "[".repeat(depth) + "]".repeat(depth) : "{a: ".repeat(depth) + "1" + "}".repeat(depth);
        }

        private String hugeNumber() {
            StringBuilder n = new StringBuilder(random.nextBoolean() ? "-" : "");
            int digits = 1 + random.nextInt(400);
            for (int i = 0; i < digits; i++) {
                n.append((char) ('0' + random.nextInt(10)));
            }
            return random.nextBoolean() ? n.toString() : n + "." + n.toString().replace("-", "") + "e" + random.nextInt(999);
        }

        private String insertControl(String line) {
            int at = random.nextInt(line.length() + 1);
            char c = (char) random.nextInt(32);
            return line.substring(0, at) + c + line.substring(at);
        }

        private byte[] corruptBytes(byte[] bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            out.write(bytes, 0, at);
            byte[][] bad = {{(byte) 0xC3}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {0}, {(byte) 0x80}};
            byte[] b = bad[random.nextInt(bad.length)];
            out.write(b, 0, b.length);
            out.write(bytes, at, bytes.length - at);
            return out.toByteArray();
        }

        private static String indentOf(String line) {
            return line.substring(0, line.length() - line.stripLeading().length());
        }
    }
}
