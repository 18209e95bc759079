package org.meternode.app.channel;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.meternode.testkit.Recording;
import org.meternode.hal.serial.ForwardingSerialLine;
import org.meternode.hal.serial.JSerialCommLine;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;
import org.meternode.hal.serial.SocatPty;

/**
 * A fake meter on the far side of a socat pseudo-terminal pair, driven with plain file I/O, and the
 * node's side opened with jSerialComm like a real port, recording every setting applied to it.
 */
final class PtyMeter implements AutoCloseable {
    /** Answers one chunk of bytes the node sent; may write to the meter side. */
    interface Behaviour {
        void onBytes(byte[] received, OutputStream toNode) throws IOException;
    }

    private final SocatPty pty;
    private final JSerialCommLine nodeLine;
    private final Thread meter;
    final Recording<SerialSettings> settings = new Recording<>("serial settings the node applied");

    PtyMeter(SerialSettings opening, Behaviour behaviour) throws Exception {
        pty = SocatPty.start();
        nodeLine = JSerialCommLine.open(pty.nodeSide(), opening, Duration.ofMillis(50));
        InputStream in = new FileInputStream(pty.meterSide().toFile());
        OutputStream out = new FileOutputStream(pty.meterSide().toFile());
        meter = Thread.ofPlatform().name("pty-meter").daemon(true).start(() -> {
            byte[] buffer = new byte[256];
            try (in; out) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    behaviour.onBytes(java.util.Arrays.copyOf(buffer, n), out);
                }
            } catch (IOException gone) {
                // the test closed the pty
            }
        });
    }

    /** The node's end of the line, recording settings. */
    SerialLine nodeLine() {
        return new ForwardingSerialLine(nodeLine) {
            @Override
            public void configure(SerialSettings s) throws IOException {
                settings.add(s);
                super.configure(s);
            }
        };
    }

    @Override
    public void close() {
        nodeLine.close();
        pty.close();
        try {
            meter.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
