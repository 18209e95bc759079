package org.meternode.tools.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.PskEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meterctl head-end}: run the embedded LwM2M head-end until stopped. */
@Command(name = "head-end", mixinStandardHelpOptions = true,
        description = "Run the embedded LwM2M server (DTLS) that stores readings in SQLite and prints them live.")
final class HeadEndCommand implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "5684", description = "UDP port for coaps (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--db", defaultValue = "head-end.db", description = "SQLite file for readings (default ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--psk", paramLabel = "EP:IDENTITY:HEXKEY", description = "A node to accept (repeatable).")
    List<String> psks = new ArrayList<>();

    @Option(names = "--psk-file", paramLabel = "FILE", description = "File with one EP:IDENTITY:HEXKEY per line.")
    Path pskFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<PskEntry> entries = new ArrayList<>();
        try {
            for (String p : psks) {
                entries.add(PskEntry.parse(p));
            }
            if (pskFile != null) {
                int n = 0;
                for (String line : Files.readAllLines(pskFile)) {
                    n++;
                    if (!line.isBlank() && !line.startsWith("#")) {
                        try {
                            entries.add(PskEntry.parse(line.trim()));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(pskFile + ":" + n + ": " + e.getMessage(), e);
                        }
                    }
                }
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        PrintWriter out = spec.commandLine().getOut();
        try (HeadEnd headEnd = new HeadEnd(new InetSocketAddress(InetAddress.getByName(bind), port), db, entries,
                false, line -> {
                    out.println(line);
                    out.flush();
                })) {
            org.meternode.tools.update.QueuedUpdates.install(headEnd);
            headEnd.start();
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                DemoCommand.awaitQuietly(done, java.time.Duration.ofSeconds(10));
            }, "head-end-shutdown"));
            try {
                stop.await();
            } finally {
                headEnd.close();
                done.countDown();
            }
        }
        return 0;
    }
}
