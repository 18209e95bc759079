package org.meternode.hal.serial;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link SocatPair} for tests: skipped (with a reason) only when socat is not installed. The
 * meter side is driven with plain file I/O by the test; the node side is opened with
 * {@link JSerialCommLine}.
 */
public final class SocatPty implements AutoCloseable {
    private final SocatPair pair;

    private SocatPty(SocatPair pair) {
        this.pair = pair;
    }

    public static SocatPty start() throws IOException, InterruptedException {
        assumeTrue(SocatPair.socatAvailable(),
                "socat is not installed (apt-get install -y socat): pseudo-terminal tests skipped");
        return new SocatPty(SocatPair.start("meternode-pty"));
    }

    /** Path the simulated meter writes to and reads from. */
    public Path meterSide() {
        return pair.meterSide();
    }

    /** Path the node opens as its serial port. */
    public String nodeSide() {
        return pair.nodePort();
    }

    @Override
    public void close() {
        pair.close();
    }
}
