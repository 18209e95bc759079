package org.meternode.tools.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.meternode.app.config.Durations;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.ManagementRequest;
import org.meternode.tools.headend.RequestQueue;
import picocli.CommandLine.Option;

/**
 * What the management commands share: the head-end database whose request queue they write to,
 * and how long to wait for the node's answer. The head-end (running in another process, or not
 * yet) sends the request when the node is online and awake.
 */
abstract class NodeRequests {
    /** Exit code when the node refused the request (4.xx/5.xx) or it expired. */
    static final int EXIT_REFUSED = 1;
    /** Exit code when no answer came within --wait (the request stays queued). */
    static final int EXIT_PENDING = 3;

    @Option(names = "--db", defaultValue = "head-end.db", paramLabel = "FILE|URI",
            description = "The head-end's storage: its SQLite file, or its postgresql:// URI (default ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--wait",
            description = "How long to wait for the node's answer (default 60s; 15m for updates); 0s queues and returns.")
    String waitFor;

    /** The wait when --wait is not given. */
    String defaultWait() {
        return "60s";
    }

    /** Queues one request and waits for its answer; prints it; returns the exit code. */
    int submit(PrintWriter out, PrintWriter err, String endpoint, ManagementRequest.Op op, String path, String value)
            throws InterruptedException {
        Optional<ManagementRequest> answer = queueAndWait(err, endpoint, op, path, value);
        if (answer.isEmpty()) {
            return EXIT_PENDING;
        }
        ManagementRequest r = answer.get();
        if (r.state() == ManagementRequest.State.DONE) {
            if (!r.result().isEmpty()) {
                out.println(r.result());
            }
            out.flush();
            return 0;
        }
        err.println("error: " + endpoint + " " + op.name().toLowerCase() + " " + path + ": " + r.code()
                + (r.result().isEmpty() ? "" : ": " + r.result()));
        err.flush();
        return EXIT_REFUSED;
    }

    Optional<ManagementRequest> queueAndWait(PrintWriter err, String endpoint, ManagementRequest.Op op, String path,
            String value) throws InterruptedException {
        Duration wait;
        try {
            wait = Durations.parse(waitFor != null ? waitFor : defaultWait());
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--wait: " + e.getMessage());
        }
        if (!db.contains("://") && !Files.exists(Path.of(db))) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--db " + db + ": no head-end database there (start `meterctl head-end --db " + db + "` first)");
        }
        try (RequestQueue queue = HeadEndStorage.openRequests(db)) {
            long id = queue.enqueue(endpoint, op, path, value);
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                ManagementRequest r = queue.get(id).orElseThrow();
                if (r.finished()) {
                    return Optional.of(r);
                }
                if (System.nanoTime() >= deadline) {
                    err.println("request #" + id + " is queued: " + endpoint + " has not answered yet (offline or asleep);"
                            + " see `meterctl requests --db " + db + "`");
                    err.flush();
                    return Optional.empty();
                }
                Thread.sleep(200);
            }
        }
    }
}
