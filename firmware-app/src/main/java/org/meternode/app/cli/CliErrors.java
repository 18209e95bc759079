package org.meternode.app.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How {@code meternode} and {@code meterctl} answer a bad command line or a failure: one line
 * {@code error: ...} plus a usage hint ({@code Try 'meternode run --help' for more information.}),
 * exit 2 for usage errors and 1 for a failure, never a stack trace unless the global {@code --debug}
 * flag is given. Both CLIs install it through {@link #install}, so they answer alike.
 */
public final class CliErrors {
    /** Exit code of a usage error (bad flag or value), as for a bad config. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a failure while running a command. */
    public static final int EXIT_FAILURE = 1;
    static final String DEBUG = "--debug";

    private CliErrors() {
    }

    /** Adds the inherited {@code --debug} flag and the two handlers to {@code cl}; returns it. */
    public static CommandLine install(CommandLine cl) {
        cl.getCommandSpec().addOption(OptionSpec.builder(DEBUG).scopeType(CommandLine.ScopeType.INHERIT)
                .type(boolean.class).description("Show the stack trace of a failure.").build());
        cl.setParameterExceptionHandler(CliErrors::usageError);
        cl.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command, parsed));
        return cl;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + oneLine(e.getMessage()));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        if (debug(args)) {
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_USAGE;
    }

    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? "failed (" + e.getClass().getSimpleName() + ")" : oneLine(e.getMessage());
        err.println("error: " + message);
        if (parsed != null && debug(parsed.originalArgs().toArray(String[]::new))) {
            e.printStackTrace(err);
        } else {
            err.println("Run '" + command.getCommandSpec().qualifiedName() + "' again with --debug for the stack trace.");
        }
        err.flush();
        return e instanceof java.nio.file.NoSuchFileException || e instanceof java.nio.file.AccessDeniedException
                || e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
    }

    private static boolean debug(String[] args) {
        for (String a : args) {
            if (DEBUG.equals(a)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String text) {
        // picocli quotes the converter's exception: "(java.nio.file.InvalidPathException: Nul character ...)".
        String line = text.replaceAll("\\((?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ", "(")
                .replaceAll("[\\r\\n]+", " ").replaceAll("\\p{Cntrl}", "?").strip();
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
