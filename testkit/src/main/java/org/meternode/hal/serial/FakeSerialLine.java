package org.meternode.hal.serial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An in-memory {@link SerialLine} for reader unit tests: bytes queued with {@link #receive} arrive on
 * {@link #input()} (a read waits at most the read timeout, then throws InterruptedIOException, as the
 * contract says); every write is logged and may be answered by a scripted meter.
 */
public final class FakeSerialLine implements SerialLine {
    private final BlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();
    private final Duration readTimeout;
    private final List<SerialSettings> settings = new ArrayList<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private volatile Function<byte[], byte[]> meter = request -> new byte[0];
    private byte[] pending = new byte[0];
    private int pendingOffset;
    private boolean closed;

    public FakeSerialLine(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** Queues bytes as if the meter had sent them. */
    public void receive(byte[] bytes) {
        incoming.add(bytes.clone());
    }

    /** Answers each write (one call per write) with the returned bytes. */
    public void answerWith(Function<byte[], byte[]> meterBehaviour) {
        this.meter = meterBehaviour;
    }

    public List<SerialSettings> settingsApplied() {
        return List.copyOf(settings);
    }

    public synchronized byte[] written() {
        return written.toByteArray();
    }

    @Override
    public InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int available() {
                int queued = incoming.stream().mapToInt(b -> b.length).sum();
                return pending.length - pendingOffset + queued;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = 0;
                while (skipped < n && available() > 0) {
                    skipped += read(new byte[(int) Math.min(n - skipped, 4096)]);
                }
                return skipped;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                if (pendingOffset == pending.length) {
                    byte[] next;
                    try {
                        next = incoming.poll(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted");
                    }
                    if (next == null) {
                        throw new InterruptedIOException("read timed out after " + readTimeout);
                    }
                    pending = next;
                    pendingOffset = 0;
                }
                int n = Math.min(length, pending.length - pendingOffset);
                System.arraycopy(pending, pendingOffset, buffer, offset, n);
                pendingOffset += n;
                return n;
            }
        };
    }

    @Override
    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                byte[] request = Arrays.copyOfRange(bytes, offset, offset + length);
                synchronized (FakeSerialLine.this) {
                    if (closed) {
                        throw new IOException("line closed");
                    }
                    written.write(request);
                }
                byte[] answer = meter.apply(request);
                if (answer != null && answer.length > 0) {
                    receive(answer);
                }
            }
        };
    }

    @Override
    public void configure(SerialSettings s) {
        settings.add(s);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
