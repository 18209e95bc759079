package org.meternode.tools.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.meternode.hal.serial.SocatPair;

/**
 * A simulated meter that pushes a frame every period on a socat pseudo-terminal pair (DSMR P1, SML):
 * a named platform thread writes the frames the subclass makes and keeps a record of each.
 *
 * @param <S> what the test learns of one frame written (its values, whether it was good)
 */
public abstract class PushMeterSim<S> implements AutoCloseable {
    private final SocatPair pty;
    private final Duration period;
    private final List<S> sent = Collections.synchronizedList(new ArrayList<>());
    private final Thread writer;
    private volatile boolean closed;

    protected PushMeterSim(String threadName, SocatPair pty, Duration period) {
        this.pty = pty;
        this.period = period;
        this.writer = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::writeLoop);
    }

    /** Starts writing: the first frame at once, then one per period. */
    protected final void startWriting() {
        writer.start();
    }

    /** Writes frame number {@code n} (from 1) and returns its record, or null when nothing was written. */
    protected abstract S writeNext(long n, OutputStream out) throws IOException;

    protected final Duration period() {
        return period;
    }

    /** The pseudo-terminal the node opens as its serial port. */
    public String nodePort() {
        return pty.nodePort();
    }

    /** Every frame written so far, in order. */
    public List<S> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    private void writeLoop() {
        long n = 0;
        try (OutputStream out = Files.newOutputStream(pty.meterSide())) {
            while (!closed) {
                S s = writeNext(++n, out);
                out.flush();
                if (s != null) {
                    sent.add(s);
                }
                Thread.sleep(period.toMillis());
            }
        } catch (IOException e) {
            if (!closed) {
                System.err.println(writer.getName() + " stopped: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pty.close();
    }
}
