package org.meternode.app.channel.wmbus;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.meternode.hal.Board;
import org.meternode.hal.meter.wmbus.stick.RadioFrame;
import org.meternode.hal.meter.wmbus.stick.WmbusMode;
import org.meternode.hal.meter.wmbus.stick.WmbusStick;
import org.meternode.hal.meter.wmbus.stick.WmbusSticks;
import org.meternode.hal.serial.SerialLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wM-Bus stick, shared by every wmbus channel on its port: one stick hears every meter in
 * range, so the channels (one per meter) subscribe to its frames instead of each opening the port.
 * One named thread reads the stick and hands each frame to every subscriber; the last one to
 * leave closes the stick and its port.
 */
final class StickReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(StickReceiver.class);
    /** Reads wait at most this long, so a closed receiver's thread ends soon. */
    static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    private static final Map<String, StickReceiver> OPEN = new HashMap<>();

    private final String port;
    private final String kind;
    private final WmbusMode mode;
    private final WmbusStick stick;
    private final List<Consumer<RadioFrame>> subscribers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    private StickReceiver(String port, String kind, WmbusMode mode, WmbusStick stick) {
        this.port = port;
        this.kind = kind;
        this.mode = mode;
        this.stick = stick;
        this.thread = Thread.ofPlatform().name("wmbus-" + port.substring(port.lastIndexOf('/') + 1)).daemon(true)
                .unstarted(this::readLoop);
    }

    /**
     * Subscribes {@code onFrame} to the stick on {@code port}, opening and configuring it first when no
     * channel has it open yet. A second channel must ask for the same stick kind and radio mode.
     */
    static synchronized Subscription subscribe(String channel, String port, String kind, WmbusMode mode, Board board,
            Consumer<RadioFrame> onFrame) throws IOException {
        StickReceiver receiver = OPEN.get(port);
        if (receiver == null) {
            receiver = open(channel, port, kind, mode, board);
            OPEN.put(port, receiver);
            receiver.thread.start();
        } else if (!receiver.kind.equals(kind) || receiver.mode != mode) {
            throw new IOException("channel '" + channel + "': " + port + " is open already as a " + receiver.kind
                    + " stick in mode " + receiver.mode + "; one stick receives in one mode, so give every wmbus channel"
                    + " on it the same stick: and radio-mode:");
        }
        receiver.subscribers.add(onFrame);
        return new Subscription(receiver, onFrame);
    }

    private static StickReceiver open(String channel, String port, String kind, WmbusMode mode, Board board)
            throws IOException {
        SerialLine line = board.serialLine(channel, port, WmbusSticks.serialSettings(kind), READ_TIMEOUT);
        try {
            WmbusStick stick = WmbusSticks.open(kind, line, Clock.systemUTC());
            stick.configure(mode);
            LOG.info("wM-Bus stick {} receiving in mode {}", stick.describe(), mode);
            return new StickReceiver(port, kind, mode, stick);
        } catch (IOException | RuntimeException e) {
            line.close();
            throw e;
        }
    }

    /** The port, for messages. */
    String port() {
        return port;
    }

    private void readLoop() {
        boolean reportedDown = false;
        while (!closed) {
            try {
                var frame = stick.receive(Duration.ofSeconds(1));
                if (frame.isPresent()) {
                    subscribers.forEach(s -> s.accept(frame.get()));
                    reportedDown = false;
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!reportedDown) {
                    LOG.error("wM-Bus stick on {}: reading failed: {}", port, e.getMessage());
                    reportedDown = true;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static synchronized void leave(StickReceiver receiver, Consumer<RadioFrame> onFrame) {
        receiver.subscribers.remove(onFrame);
        if (!receiver.subscribers.isEmpty()) {
            return;
        }
        OPEN.remove(receiver.port);
        receiver.closed = true;
        receiver.stick.close(); // and its serial line
        receiver.thread.interrupt();
        try {
            receiver.thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A channel's place among the stick's subscribers; closing it leaves (the last one closes the stick). */
    record Subscription(StickReceiver receiver, Consumer<RadioFrame> onFrame) implements AutoCloseable {
        @Override
        public void close() {
            leave(receiver, onFrame);
        }
    }
}
