package org.meternode.hal.meter.mbus;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;

/**
 * The master side of a wired M-Bus (EN 13757-2) on a {@link SerialLine}, usually behind a level
 * converter: link reset, readout by primary or secondary address with multi-telegram responses (FCB
 * toggled while the meter says more records follow), and a primary address scan. Replies are framed
 * by their length fields and decoded with {@link MbusFrame#decode}; a missing or damaged reply is
 * retried with the same FCB, and both are counted.
 */
public final class MbusMaster {
    /** Default reply timeout: EN 13757-2 allows 330 bit times + 50 ms (187 ms at 2400 baud); adapters add latency. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMillis(500);
    /** A readout stops after this many telegrams even if the meter keeps announcing more. */
    public static final int MAX_TELEGRAMS = 32;
    /** Highest primary address a meter may have (251..252 reserved, 253 secondary, 254/255 broadcast). */
    public static final int MAX_PRIMARY_ADDRESS = 250;

    private final SerialLine line;
    private final SerialSettings settings;
    private final Duration responseTimeout;
    private final int attempts;
    private final Clock clock;
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong rejectedFrames = new AtomicLong();

    /**
     * The reply timeout for a bus at {@code baud}: EN 13757-2's 330 bit times + 50 ms, plus 200 ms
     * for level converters and USB adapters, and never below {@link #DEFAULT_RESPONSE_TIMEOUT}. At
     * 300 baud a meter may take 1.15 s to start its answer, so a fixed 500 ms would miss slow meters.
     */
    public static Duration responseTimeoutFor(int baud) {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud " + baud + " is not positive");
        }
        Duration spec = Duration.ofMillis(330_000L / baud + 50 + 200);
        return spec.compareTo(DEFAULT_RESPONSE_TIMEOUT) > 0 ? spec : DEFAULT_RESPONSE_TIMEOUT;
    }

    /** A master at 2400 8E1, 500 ms reply timeout, two attempts per request. */
    public MbusMaster(SerialLine line, Clock clock) throws IOException {
        this(line, SerialSettings.MBUS, DEFAULT_RESPONSE_TIMEOUT, 2, clock);
    }

    public MbusMaster(SerialLine line, SerialSettings settings, Duration responseTimeout, int attempts, Clock clock)
            throws IOException {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts " + attempts + " is below 1");
        }
        this.line = line;
        this.settings = settings;
        this.responseTimeout = responseTimeout;
        this.attempts = attempts;
        this.clock = clock;
        line.configure(settings);
    }

    /** SND_NKE: resets the meter's link layer; true if it acknowledged with E5h. */
    public boolean sendNke(int address) throws IOException {
        return acknowledged(MbusFrame.sndNke(address), attempts);
    }

    /** Selects the meter with this secondary address; true if it acknowledged. It then answers on address FDh. */
    public boolean select(MbusSecondaryAddress address) throws IOException {
        return acknowledged(MbusFrame.selectSecondary(address), attempts);
    }

    /**
     * Reads a meter by primary address: SND_NKE, then REQ_UD2 with FCB set, then with FCB toggled for
     * each further telegram the meter announces.
     *
     * @throws InterruptedIOException if the meter did not answer within the reply timeout, on every attempt
     * @throws DecodingException if its last reply was damaged or not an RSP_UD with variable data
     */
    public MbusReadout read(int address) throws IOException, DecodingException {
        sendNke(address);
        List<MbusVariableData> telegrams = new ArrayList<>();
        boolean fcb = true;
        for (int n = 0; n < MAX_TELEGRAMS; n++) {
            MbusVariableData telegram = requestData(address, fcb);
            telegrams.add(telegram);
            if (!telegram.moreRecordsFollow()) {
                break;
            }
            fcb = !fcb;
        }
        return new MbusReadout(address, telegrams);
    }

    /** Selects a meter by secondary address and reads it on address FDh. */
    public MbusReadout readSecondary(MbusSecondaryAddress address) throws IOException, DecodingException {
        if (!select(address)) {
            throw new InterruptedIOException("M-Bus meter " + address + " did not acknowledge its selection");
        }
        return read(MbusFrame.SECONDARY_ADDRESS);
    }

    /**
     * Selects a meter by its 8-digit identification number alone (manufacturer, version and medium
     * as wildcards) and reads it on address FDh.
     */
    public MbusReadout readSecondary(String identification) throws IOException, DecodingException {
        if (!acknowledged(MbusFrame.selectSecondary(identification), attempts)) {
            throw new InterruptedIOException("M-Bus meter with secondary id " + identification
                    + " did not acknowledge its selection");
        }
        return read(MbusFrame.SECONDARY_ADDRESS);
    }

    /** Primary addresses 0..250 that acknowledge SND_NKE; a garbled reply (collision) counts as present. */
    public List<Integer> scan() throws IOException {
        return scan(0, MAX_PRIMARY_ADDRESS);
    }

    public List<Integer> scan(int first, int last) throws IOException {
        List<Integer> present = new ArrayList<>();
        for (int address = first; address <= last; address++) {
            try {
                transact(MbusFrame.sndNke(address), 1);
                present.add(address);
            } catch (InterruptedIOException silent) {
                // nobody there
            } catch (DecodingException garbled) {
                present.add(address);
            }
        }
        return present;
    }

    /** Requests that got no reply within the timeout. */
    public long timeouts() {
        return timeouts.get();
    }

    /** Replies dropped because they did not decode (checksum, length, stop byte, unexpected frame). */
    public long rejectedFrames() {
        return rejectedFrames.get();
    }

    private MbusVariableData requestData(int address, boolean fcb) throws IOException, DecodingException {
        MbusFrame reply = transact(MbusFrame.reqUd2(address, fcb), attempts);
        if (reply instanceof MbusFrame.RspUd response) {
            return response.data();
        }
        rejectedFrames.incrementAndGet();
        throw new DecodingException("M-Bus address " + address + " answered REQ_UD2 with " + reply, 0);
    }

    private boolean acknowledged(MbusFrame request, int tries) throws IOException {
        try {
            return transact(request, tries) instanceof MbusFrame.Ack;
        } catch (InterruptedIOException | DecodingException noAck) {
            return false;
        }
    }

    /** Sends and waits for one decoded reply, retrying on silence or damage; rethrows the last failure. */
    private MbusFrame transact(MbusFrame request, int tries) throws IOException, DecodingException {
        byte[] bytes = request.encode();
        Exception last = null;
        for (int attempt = 0; attempt < tries; attempt++) {
            discardStaleInput();
            OutputStream out = line.output();
            out.write(bytes);
            out.flush();
            try {
                MbusFrame reply = MbusFrame.decode(receiveFrame());
                checkAddress(request, reply);
                return reply;
            } catch (InterruptedIOException e) {
                timeouts.incrementAndGet();
                last = e;
            } catch (DecodingException e) {
                rejectedFrames.incrementAndGet();
                last = e;
            }
        }
        if (last instanceof DecodingException e) {
            throw e;
        }
        throw (InterruptedIOException) last;
    }

    private static void checkAddress(MbusFrame request, MbusFrame reply) throws DecodingException {
        if (request instanceof MbusFrame.ShortFrame asked && reply instanceof MbusFrame.RspUd answer
                && asked.address() <= MAX_PRIMARY_ADDRESS && answer.address() != asked.address()) {
            throw new DecodingException("reply from address " + answer.address() + " to a request for address "
                    + asked.address(), 5);
        }
    }

    /** Reads one frame, using its start byte and length field to know where it ends. */
    private byte[] receiveFrame() throws IOException, DecodingException {
        InputStream in = line.input();
        byte[] first = new byte[1];
        readFully(in, first, 0, 1, clock.instant().plus(responseTimeout));
        int start = first[0] & 0xFF;
        return switch (start) {
            case MbusFrame.SINGLE_CHARACTER -> first;
            case MbusFrame.SHORT_START -> rest(in, first, 5);
            case MbusFrame.LONG_START -> {
                byte[] header = rest(in, first, 4);
                yield rest(in, header, (header[1] & 0xFF) + 6);
            }
            default -> throw new DecodingException(String.format("reply starts with %02Xh", start), 0);
        };
    }

    private byte[] rest(InputStream in, byte[] head, int total) throws IOException {
        byte[] frame = Arrays.copyOf(head, total);
        readFully(in, frame, head.length, total - head.length, clock.instant().plus(transmission(total)));
        return frame;
    }

    /** Time for the bytes on the wire (11 bits each with parity) plus the reply timeout as slack. */
    private Duration transmission(int bytes) {
        return Duration.ofMillis(bytes * 11_000L / settings.baud()).plus(responseTimeout);
    }

    private void readFully(InputStream in, byte[] buffer, int offset, int length, Instant deadline)
            throws IOException {
        int done = 0;
        while (done < length) {
            if (!clock.instant().isBefore(deadline)) {
                throw new InterruptedIOException("M-Bus reply incomplete: " + (offset + done) + " bytes received");
            }
            int n;
            try {
                n = in.read(buffer, offset + done, length - done);
            } catch (InterruptedIOException quiet) {
                continue;
            }
            if (n < 0) {
                throw new EOFException(line + " reached end of stream");
            }
            done += n;
        }
    }

    private void discardStaleInput() throws IOException {
        InputStream in = line.input();
        int available;
        while ((available = in.available()) > 0) {
            in.skipNBytes(available);
        }
    }
}
