package org.meternode.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.cli.MeternodeCommand;
import picocli.CommandLine;

/**
 * Seeded argument vectors for {@code meternode} and {@code meterctl} through picocli as
 * {@code main} runs them: exit 0, 1 or 2, a usage error is one {@code error:} line plus a
 * {@code Try '... --help'} hint, and no stack trace unless {@code --debug}. No case can start a
 * node or a server: {@code run} only gets configs it must refuse, and every {@code meterctl}
 * vector carries an unknown flag. {@code -Dmeternode.fuzz.tries=N} runs more.
 */
class CliFuzzTest {
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);
    private static final String[] MANGLED = {"--bogus", "-x", "--config=", "--duration", "-5s", "0s", "1x",
            "99999999999999999999d", "", " ", "\u0000", "--debug", "-", "--port", "-1", "65536", "abc", "--help",
            "--version", "-h", "-V", "--print-defaults", "=", "--=", "---", "\t", "x".repeat(3_000), "ü", "--config"};
    private static final String[] METERCTL = {"head-end", "demo", "decode", "mbus", "update", "keys", "ca", "psk",
            "bundle", "read", "write", "exec", "status", "logs", "set", "activate", "deactivate", "reboot", "requests", "fleet",
            "nonsense", ""};

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void every_argument_vector_gets_a_designed_exit_code_and_no_stack_trace() throws Exception {
        Path valid = dir.resolve("valid.yaml");
        Files.writeString(valid, VALID);
        Path openKey = dir.resolve("psk.hex");
        Files.writeString(openKey, "00112233");
        Files.setPosixFilePermissions(openKey, PosixFilePermissions.fromString("rw-r--r--"));
        Path openKeyConfig = dir.resolve("open-key.yaml");
        Files.writeString(openKeyConfig, VALID.replace("key-hex: 00112233", "key-file: " + openKey));
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "node: [\n");
        // Configs run must refuse: it never gets the valid one.
        String[] refusedConfigs = {openKeyConfig.toString(), broken.toString(), dir.toString(),
                dir.resolve("missing.yaml").toString()};
        String[] anyFile = {valid.toString(), openKeyConfig.toString(), broken.toString(), dir.toString(),
                dir.resolve("missing.yaml").toString()};
        Random random = new Random(19_003L);
        int zero = 0;
        int refused = 0;
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            boolean meternode = random.nextBoolean();
            List<String> argv = meternode ? meternodeArgs(random, refusedConfigs, anyFile) : meterctlArgs(random);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = meternode ? MeternodeCommand.commandLine() : Meterctl.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(argv.toArray(String[]::new));
            String why = judge(code, err.toString(), argv, meternode);
            if (why != null) {
                crashes.add(i + ": " + (meternode ? "meternode " : "meterctl ") + shown(argv) + ": " + why + "\n" + err);
            }
            if (code == 0) {
                zero++;
            } else {
                refused++;
            }
        }
        System.out.println("surface cli: " + TRIES + " cases, " + refused + " refused, " + zero + " accepted, "
                + crashes.size() + " crashes");
        assertThat(crashes).isEmpty();
        assertThat(zero).isPositive();
        assertThat(refused).isGreaterThan(TRIES / 2);
    }

    private static String judge(int code, String err, List<String> argv, boolean meternode) {
        if (code < 0 || code > 2) {
            return "exit " + code;
        }
        boolean debug = argv.contains("--debug");
        if (!debug && (err.contains("Exception") || err.contains("\tat "))) {
            return "stack trace without --debug";
        }
        List<String> lines = err.lines().toList();
        boolean usage = lines.stream().anyMatch(l -> l.startsWith("Try '"));
        if (usage && !debug && (lines.size() != 2 || !lines.get(0).startsWith("error: ")
                || !lines.get(1).matches("Try '(meternode|meterctl)( [a-z-]+)* --help' for more information\\."))) {
            return "usage error is not one line plus a hint";
        }
        if (!meternode && !usage && code != 0) {
            return "meterctl with an unknown flag was not a usage error";
        }
        if (code == 2 && !lines.isEmpty() && !usage && !lines.get(0).startsWith("error: ")
                && !lines.get(0).startsWith("warning: ") && !lines.get(0).startsWith("Usage:")) {
            return "refusal does not start with error:";
        }
        return null;
    }

    private static List<String> meternodeArgs(Random random, String[] refusedConfigs, String[] anyFile) {
        List<String> argv = new ArrayList<>();
        switch (random.nextInt(5)) {
            case 0 -> {
                argv.add("run");
                argv.add(random.nextBoolean() ? "--config" : "-c");
                argv.add(refusedConfigs[random.nextInt(refusedConfigs.length)]);
            }
            case 1 -> argv.add("run"); // no --config, or only mangled words after it
            case 2 -> {
                argv.add("check-config");
                argv.add(anyFile[random.nextInt(anyFile.length)]);
            }
            case 3 -> argv.add(random.nextBoolean() ? "check-config" : "import-bundle");
            default -> {
                // the root alone: help, version, or mangled words
            }
        }
        int extra = random.nextInt(3);
        for (int k = 0; k < extra; k++) {
            String word = MANGLED[random.nextInt(MANGLED.length)];
            if (argv.size() == 1 && argv.get(0).equals("run") && word.matches("--?c(onfig)?")) {
                word = "--bogus"; // run without a refusable config must not get one of its own
            }
            argv.add(random.nextInt(argv.size() + 1), word);
        }
        if (!argv.isEmpty() && argv.get(0).equals("run") && argv.stream().noneMatch(CliFuzzTest::unsafeFree)) {
            argv.add("--bogus");
        }
        return argv;
    }

    /** A run vector that cannot start a node: it names a config run refuses, or asks for help. */
    private static boolean unsafeFree(String word) {
        return word.endsWith(".yaml") && !word.endsWith("valid.yaml") || word.equals("--help") || word.equals("-h")
                || word.equals("--version") || word.equals("-V") || word.equals("--bogus") || word.equals("-x");
    }

    private static List<String> meterctlArgs(Random random) {
        List<String> argv = new ArrayList<>();
        String sub = METERCTL[random.nextInt(METERCTL.length)];
        if (!sub.isEmpty()) {
            argv.add(sub);
        }
        int extra = random.nextInt(4);
        for (int k = 0; k < extra; k++) {
            argv.add(MANGLED[random.nextInt(MANGLED.length)]);
        }
        // An unknown flag somewhere after the subcommand: nothing here may run for real.
        argv.add(argv.isEmpty() ? 0 : 1 + random.nextInt(argv.size()), "--no-such-flag-" + random.nextInt(100));
        argv.removeIf(w -> w.equals("--help") || w.equals("-h") || w.equals("--version") || w.equals("-V"));
        return argv;
    }

    private static String shown(List<String> argv) {
        return argv.stream().map(a -> a.length() > 40 ? a.substring(0, 37) + "..." : a).toList().toString();
    }

    private static final String VALID = """
            node:
              endpoint: meter-1
            board: sim
            sampling:
              interval: 15m
            channels:
              - id: grid
                type: pulse
                input: GPIO17
                pulses-per-kwh: 1000
            server:
              uri: coaps://127.0.0.1:5684
              security:
                identity: meter-1
                key-hex: 00112233
            storage:
              path: state
            """;
}
