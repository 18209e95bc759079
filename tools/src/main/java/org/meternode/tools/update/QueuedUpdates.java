package org.meternode.tools.update;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.ManagementRequest;
import org.meternode.tools.headend.UpdateRunner;

/** Runs firmware updates queued by {@code meterctl update push|pull} inside the head-end process. */
public final class QueuedUpdates implements UpdateRunner {
    /** Longest a whole update may take: download, install, restart, health check. */
    static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final HeadEndUpdates updates;

    private QueuedUpdates(HeadEndUpdates updates) {
        this.updates = updates;
    }

    /** Makes {@code headEnd} carry out queued update requests. */
    public static HeadEndUpdates install(HeadEnd headEnd) {
        HeadEndUpdates updates = new HeadEndUpdates(headEnd);
        headEnd.runUpdatesWith(new QueuedUpdates(updates));
        return updates;
    }

    @Override
    public Outcome run(String endpoint, ManagementRequest.Op op, Path bundle) throws Exception {
        if (!Files.isRegularFile(bundle)) {
            return new Outcome(false, bundle + ": no such bundle file on the head-end host");
        }
        UpdateProgress p = op == ManagementRequest.Op.UPDATE_PUSH ? updates.push(endpoint, bundle, TIMEOUT)
                : updates.pull(endpoint, bundle, TIMEOUT);
        boolean ok = p.result() == 1;
        return new Outcome(ok, "update result " + p.result() + (ok ? " (success)" : "")
                + ", running firmware " + p.firmwareVersion() + (p.pkgVersion() == null || p.pkgVersion().isEmpty()
                        ? "" : ", package " + p.pkgVersion()));
    }
}
