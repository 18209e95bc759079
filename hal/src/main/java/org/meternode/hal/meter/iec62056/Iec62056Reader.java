package org.meternode.hal.meter.iec62056;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.meternode.hal.Sleeper;
import org.meternode.hal.meter.DecodingException;
import org.meternode.hal.serial.SerialLine;
import org.meternode.hal.serial.SerialSettings;

/**
 * Reads an IEC 62056-21 meter on a {@link SerialLine} (optical probe or RS-485): mode C readout
 * (request at 300 7E1, identification, option select acknowledgement, data block at the offered
 * rate), modes A and B, and meters that push their data unasked (with or without an identification). Waiting between messages goes
 * through the {@link Sleeper}, so tests and the sim board control time.
 */
public final class Iec62056Reader {
    /** Larger than any real readout; a stream that grows past it without an end is abandoned. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024;
    private static final int MAX_IDENTIFICATION_BYTES = 64;
    private static final int ACK = 0x06;

    private final SerialLine line;
    private final Sleeper sleeper;
    private final SerialSettings startSettings;
    private long garbageBytes;

    /** A reader that opens at 300 7E1, as modes A to C require. */
    public Iec62056Reader(SerialLine line, Sleeper sleeper) {
        this(line, SerialSettings.IEC_62056_21_START, sleeper);
    }

    /** A reader that opens with other settings, e.g. 9600 7E1 for a push meter or a fixed-rate probe. */
    public Iec62056Reader(SerialLine line, SerialSettings startSettings, Sleeper sleeper) {
        this.line = line;
        this.sleeper = sleeper;
        this.startSettings = startSettings;
    }

    /**
     * Requests a readout ({@code /?!} or {@code /?address!}), reads the identification, acknowledges
     * with option select "data readout" at the offered rate (mode C), switches, and reads the data block.
     *
     * @throws InterruptedIOException when the meter is silent or stops before the end within {@code timeout}
     */
    public Iec62056Readout readModeC(String deviceAddress, Duration timeout) throws IOException, DecodingException {
        Instant deadline = sleeper.clock().instant().plus(timeout);
        line.configure(startSettings);
        send(("/?" + deviceAddress + "!\r\n").getBytes(StandardCharsets.US_ASCII));
        Iec62056Identification identification = Iec62056Identification.decode(readIdentification(deadline));
        OptionalInt modeC = identification.modeCBaud();
        if (modeC.isPresent()) {
            byte[] ack = {ACK, '0', (byte) identification.baudCharacter(), '0', '\r', '\n'};
            send(ack);
            // the meter switches once the acknowledgement is out; our UART may still be sending it
            pause(transmission(ack.length, startSettings.baud()));
            line.configure(startSettings.withBaud(modeC.getAsInt()));
        } else if (identification.modeBBaud().isPresent()) {
            line.configure(startSettings.withBaud(identification.modeBBaud().getAsInt()));
        }
        return new Iec62056Readout(identification, Iec62056DataBlock.decode(readDataBlock(deadline)));
    }

    /**
     * Reads what a push meter sends by itself: skips to the first '/', ACK or STX, then reads the
     * identification and data block, an option select and the data message, or the data message alone
     * (a line where only the data message arrives, or a probe that echoes an acknowledgement).
     */
    public Iec62056Readout readPushed(Duration timeout) throws IOException, DecodingException {
        Instant deadline = sleeper.clock().instant().plus(timeout);
        line.configure(startSettings);
        InputStream in = line.input();
        int b;
        while ((b = readByte(in, deadline)) != '/' && b != ACK && b != Iec62056DataBlock.STX) {
            garbageBytes++;
        }
        ByteArrayOutputStream capture = new ByteArrayOutputStream();
        if (b == Iec62056DataBlock.STX) {
            capture.writeBytes(readDataBlock(b, deadline));
        } else {
            capture.writeBytes(b == '/' ? readLine(b, deadline, "identification", MAX_IDENTIFICATION_BYTES)
                    : readLine(b, deadline, "option select", Iec62056OptionSelect.LENGTH));
            capture.writeBytes(readDataBlock(deadline));
        }
        return Iec62056Readout.decode(capture.toByteArray());
    }

    /** Bytes skipped before a message start: an identification's '/', or for a push meter also ACK or STX. */
    public long garbageBytes() {
        return garbageBytes;
    }

    private void send(byte[] bytes) throws IOException {
        OutputStream out = line.output();
        out.write(bytes);
        out.flush();
    }

    private byte[] readIdentification(Instant deadline) throws IOException, DecodingException {
        InputStream in = line.input();
        int b;
        while ((b = readByte(in, deadline)) != '/') {
            garbageBytes++;
        }
        return readLine(b, deadline, "identification", MAX_IDENTIFICATION_BYTES);
    }

    /** Reads a message that started with {@code first} through its LF. */
    private byte[] readLine(int first, Instant deadline, String what, int max) throws IOException, DecodingException {
        InputStream in = line.input();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int b = first;
        message.write(b);
        while (b != '\n') {
            if (message.size() >= max) {
                throw new DecodingException(what + " longer than " + max + " bytes", message.size());
            }
            b = readByte(in, deadline);
            message.write(b);
        }
        return message.toByteArray();
    }

    /** Reads up to "!" CR LF, plus ETX and BCC when the block started with STX; skips an empty line first. */
    private byte[] readDataBlock(Instant deadline) throws IOException, DecodingException {
        InputStream in = line.input();
        int b = readByte(in, deadline);
        if (b == '\r' && readByte(in, deadline) == '\n') {
            b = readByte(in, deadline); // push meters put a blank line between identification and data
        }
        return readDataBlock(b, deadline);
    }

    /** Reads the data block whose first byte, {@code first}, has been read already. */
    private byte[] readDataBlock(int first, Instant deadline) throws IOException, DecodingException {
        InputStream in = line.input();
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        int b = first;
        boolean framed = b == Iec62056DataBlock.STX;
        block.write(b);
        boolean lineStart = framed; // after STX a line starts; without STX the byte read was the first of a line
        boolean ended = !framed && b == '!';
        while (!ended) {
            b = readByte(in, deadline);
            block.write(b);
            if (block.size() > MAX_MESSAGE_BYTES) {
                throw new DecodingException("data block longer than " + MAX_MESSAGE_BYTES + " bytes", block.size());
            }
            ended = b == '!' && lineStart;
            lineStart = b == '\n';
        }
        int tail = framed ? 4 : 2; // CR LF, then ETX BCC
        for (int i = 0; i < tail; i++) {
            block.write(readByte(in, deadline));
        }
        return block.toByteArray();
    }

    private int readByte(InputStream in, Instant deadline) throws IOException {
        while (true) {
            if (!sleeper.clock().instant().isBefore(deadline)) {
                throw new InterruptedIOException("IEC 62056-21 meter on " + line + " did not finish within the timeout");
            }
            try {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException(line + " reached end of stream");
                }
                return b;
            } catch (InterruptedIOException quiet) {
                // read timeout of the line: check the deadline and wait again
            }
        }
    }

    private void pause(Duration duration) throws InterruptedIOException {
        try {
            sleeper.sleepUntil(sleeper.clock().instant().plus(duration));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the meter to switch its rate");
        }
    }

    /** Time for {@code bytes} characters of 10 bits (7E1: start, 7 data, parity, stop) plus 20 ms margin. */
    private static Duration transmission(int bytes, int baud) {
        return Duration.ofMillis(bytes * 10_000L / baud + 20);
    }
}
