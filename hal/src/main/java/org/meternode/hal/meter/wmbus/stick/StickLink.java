package org.meternode.hal.meter.wmbus.stick;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.meternode.hal.meter.ChecksumException;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.serial.SerialLine;

/**
 * The byte stream from a stick cut into messages by a {@link StickFraming}. Resynchronisation is one
 * rule: bytes before a start byte are garbage; a message that fails any check (unknown header,
 * checksum, truncation) loses only its start byte, and the scan restarts at the next byte, so a good
 * message that began inside a damaged one is still found. A message counts as truncated only after
 * the line was silent (a read timed out) for {@code silence} with the message incomplete; a node
 * that was slow to read never truncates a message whose bytes wait in the port's buffer.
 */
final class StickLink<M> {
    private final SerialLine line;
    private final StickFraming<M> framing;
    private final WmbusStickStats stats;
    private final Clock clock;
    private final Duration silence;
    private final byte[] chunk = new byte[512];
    private byte[] buffer = new byte[1024];
    private int size;
    private Instant lastByteAt;
    /** Turns a message into a radio frame, or counts and drops it. */
    private final java.util.function.Function<M, Optional<RadioFrame>> router;
    /** Radio frames that came while a command waited for its answer: {@link #receive} hands them out first. */
    private final java.util.Deque<RadioFrame> early = new java.util.ArrayDeque<>();

    StickLink(SerialLine line, StickFraming<M> framing, java.util.function.Function<M, Optional<RadioFrame>> router,
              WmbusStickStats stats, Clock clock, Duration silence) {
        this.line = line;
        this.framing = framing;
        this.router = router;
        this.stats = stats;
        this.clock = clock;
        this.silence = silence;
        this.lastByteAt = clock.instant();
    }

    /**
     * The first message {@code isAnswer} accepts within {@code timeout}; radio frames arriving before
     * it are kept for {@link #receive}, other messages routed (counted, dropped).
     *
     * @throws IOException naming the stick ({@code who}) and {@code command} when no answer came in time
     */
    M answer(java.util.function.Predicate<M> isAnswer, Duration timeout, String who, String command)
            throws IOException {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Optional<M> message = next(deadline);
            if (message.isEmpty()) {
                throw new IOException(who + ": no answer to " + command + " within " + timeout.toMillis() + " ms");
            }
            if (isAnswer.test(message.get())) {
                return message.get();
            }
            router.apply(message.get()).ifPresent(early::add);
        }
    }

    /** The next radio frame (kept ones first), or empty after {@code timeout}. */
    Optional<RadioFrame> receive(Duration timeout) throws IOException {
        if (!early.isEmpty()) {
            return Optional.of(early.poll());
        }
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Optional<M> message = next(deadline);
            if (message.isEmpty()) {
                return Optional.empty();
            }
            Optional<RadioFrame> frame = router.apply(message.get());
            if (frame.isPresent()) {
                return frame;
            }
        }
    }

    /** The next message that decodes, or empty at {@code deadline}. */
    Optional<M> next(Instant deadline) throws IOException {
        InputStream in = line.input();
        while (true) {
            Optional<M> message = scan();
            if (message.isPresent()) {
                return message;
            }
            if (!clock.instant().isBefore(deadline)) {
                return Optional.empty();
            }
            int n;
            try {
                n = in.read(chunk);
            } catch (InterruptedIOException quiet) {
                dropIfTruncated();
                continue;
            }
            if (n < 0) {
                throw new EOFException(line + " reached end of stream");
            }
            if (n > 0) {
                append(n);
                lastByteAt = clock.instant();
            }
        }
    }

    /** Sends one command in a single write (one USB transfer; fakes answer per write). */
    void write(byte[] command) throws IOException {
        OutputStream out = line.output();
        out.write(command);
        out.flush();
    }

    private Optional<M> scan() {
        while (size > 0) {
            int start = indexOfStart();
            if (start < 0) {
                stats.garbage(size);
                size = 0;
                return Optional.empty();
            }
            if (start > 0) {
                stats.garbage(start);
                consume(start);
            }
            int length;
            try {
                length = framing.frameLength(buffer, size);
            } catch (DecodingException e) {
                reject(e);
                continue;
            }
            if (length == 0 || size < length) {
                return Optional.empty();
            }
            try {
                M message = framing.decode(Arrays.copyOf(buffer, length));
                consume(length);
                return Optional.of(message);
            } catch (DecodingException e) {
                reject(e);
            }
        }
        return Optional.empty();
    }

    private void reject(DecodingException e) {
        if (e instanceof ChecksumException) {
            stats.badChecksum(e.getMessage());
        } else if (e instanceof UnknownMessageException) {
            stats.unknownMessage(e.getMessage());
        } else {
            stats.malformed(e.getMessage());
        }
        dropStartByte();
    }

    private void dropIfTruncated() {
        Duration quiet = Duration.between(lastByteAt, clock.instant());
        if (size == 0 || quiet.compareTo(silence) < 0) {
            return;
        }
        int expected;
        try {
            expected = framing.frameLength(buffer, size);
        } catch (DecodingException e) {
            expected = 0; // scan() would have dropped it already; cannot happen
        }
        stats.truncated("truncated, " + size + (expected > 0 ? " of " + expected : "") + " bytes, then "
                + quiet.toMillis() + " ms of silence");
        dropStartByte();
    }

    private void dropStartByte() {
        stats.garbage(1);
        consume(1);
    }

    private int indexOfStart() {
        byte start = (byte) framing.startByte();
        for (int i = 0; i < size; i++) {
            if (buffer[i] == start) {
                return i;
            }
        }
        return -1;
    }

    private void append(int n) {
        if (size + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + n));
        }
        System.arraycopy(chunk, 0, buffer, size, n);
        size += n;
    }

    private void consume(int n) {
        System.arraycopy(buffer, n, buffer, 0, size - n);
        size -= n;
    }
}
