package org.meternode.rig;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.meternode.testkit.Recording;
import org.meternode.testkit.OutputLog;
import org.meternode.tools.headend.HeadEnd;
import org.meternode.tools.headend.HeadEndOptions;
import org.meternode.tools.headend.PskEntry;
import org.meternode.tools.headend.ReceivedReading;

/** The embedded head-end on a loopback port, recording lines and readings in arrival order. */
final class RigHeadEnd implements AutoCloseable {
    final HeadEnd headEnd;
    final OutputLog lines = new OutputLog("head-end output", null);
    final Recording<ReceivedReading> arrivals = new Recording<>("readings arriving at the head-end");

    RigHeadEnd(Path db, int port, PskEntry... psks) {
        this(HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), db, List.of(psks)));
    }

    RigHeadEnd(HeadEndOptions options) {
        this(options, org.meternode.tools.headend.HeadEndStorage.open(options.db()));
    }

    /** A head-end on {@code storage} (a PostgreSQL shared with other instances, say). */
    RigHeadEnd(HeadEndOptions options, org.meternode.tools.headend.HeadEndStorage storage) {
        headEnd = new HeadEnd(options, storage, lines::add);
        headEnd.onReading(arrivals::add);
        headEnd.start();
    }

    /** Loopback, port 0 (or {@code port}), PSK nodes only; add identity and nodes with the withers. */
    static HeadEndOptions options(Path db, int port) {
        return HeadEndOptions.psk(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), db, List.of());
    }

    int port() {
        return headEnd.uri().getPort();
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    List<ReceivedReading> readings(String endpoint, String stream) {
        return headEnd.store().readings(endpoint, stream);
    }

    @Override
    public void close() {
        headEnd.close();
    }
}
