package org.meternode.rig.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A loopback UDP relay between one client and one server that counts what crosses it: datagrams
 * and bytes per direction, and DTLS records by content type. The client talks to
 * {@link #port()}; the relay forwards to the server from its own socket. Can drop traffic to
 * simulate an outage. Counts UDP payload bytes; add 28 per datagram for IPv4 + UDP headers.
 */
public final class UdpRelay implements AutoCloseable {
    /** DTLS content types counted: change_cipher_spec, alert, handshake, application_data, tls12_cid. */
    public static final int[] CONTENT_TYPES = {20, 21, 22, 23, 25};

    private final DatagramSocket front;
    private final DatagramSocket back;
    private volatile InetSocketAddress server;
    private final AtomicBoolean dropping = new AtomicBoolean();
    private final AtomicLongArray upstream = new AtomicLongArray(HANDSHAKE_BYTES + 1);
    private final AtomicLongArray downstream = new AtomicLongArray(HANDSHAKE_BYTES + 1);
    private volatile InetSocketAddress client;
    private final Thread up;
    private final Thread down;

    public UdpRelay(InetSocketAddress server) throws SocketException {
        this.server = server;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.up = Thread.ofPlatform().name("relay-up").daemon().start(this::pumpUp);
        this.down = Thread.ofPlatform().name("relay-down").daemon().start(this::pumpDown);
    }

    public int port() {
        return front.getLocalPort();
    }

    /**
     * From now on, sends the client's datagrams to {@code next} (from the same relay port), as a load
     * balancer does when it moves a client to another backend; answers from either are relayed back.
     */
    public void retarget(InetSocketAddress next) {
        server = next;
    }

    /** While true, datagrams in both directions are dropped (and not counted). */
    public void setDropping(boolean drop) {
        dropping.set(drop);
    }

    private void pumpUp() {
        byte[] buf = new byte[65536];
        while (!front.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                front.receive(p);
                client = (InetSocketAddress) p.getSocketAddress();
                if (!dropping.get()) {
                    count(upstream, buf, p.getLength());
                    back.send(new DatagramPacket(buf, p.getLength(), server));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pumpDown() {
        byte[] buf = new byte[65536];
        while (!back.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                back.receive(p);
                InetSocketAddress to = client;
                if (to != null && !dropping.get()) {
                    count(downstream, buf, p.getLength());
                    front.send(new DatagramPacket(buf, p.getLength(), to));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Counts the datagram, each DTLS record in it (13-byte header, or longer with a CID), and the
     * handshake messages of unencrypted (epoch 0) handshake records by message type.
     */
    private static void count(AtomicLongArray counters, byte[] buf, int length) {
        counters.incrementAndGet(0);
        counters.addAndGet(1, length);
        int offset = 0;
        while (offset + 13 <= length) {
            int type = buf[offset] & 0xff;
            counters.incrementAndGet(2 + type);
            if (offset == 0 && (type == 22 || type == 20)) {
                // a handshake flight (its first record is a handshake or ChangeCipherSpec record)
                counters.addAndGet(HANDSHAKE_BYTES, length + 28);
            }
            if (type == 25) {
                // tls12_cid record: CID length is not on the wire; stop counting records in this datagram.
                return;
            }
            int epoch = ((buf[offset + 3] & 0xff) << 8) | (buf[offset + 4] & 0xff);
            int recordLength = ((buf[offset + 11] & 0xff) << 8) | (buf[offset + 12] & 0xff);
            if (type == 22 && epoch == 0) {
                countHandshakeMessages(counters, buf, offset + 13, Math.min(length, offset + 13 + recordLength));
            }
            offset += 13 + recordLength;
        }
    }

    /** Handshake messages in one plaintext record: 12-byte header (type, length, seq, offset, fragment length). */
    private static void countHandshakeMessages(AtomicLongArray counters, byte[] buf, int from, int to) {
        int at = from;
        while (at + 12 <= to) {
            counters.incrementAndGet(2 + 256 + (buf[at] & 0xff));
            int fragmentLength = ((buf[at + 9] & 0xff) << 16) | ((buf[at + 10] & 0xff) << 8) | (buf[at + 11] & 0xff);
            at += 12 + fragmentLength;
        }
    }

    public Counts upstream() {
        return snapshot(upstream);
    }

    public Counts downstream() {
        return snapshot(downstream);
    }

    /** Index of the counter of IPv4 bytes (payload + 28) of datagrams that carry a handshake flight. */
    private static final int HANDSHAKE_BYTES = 2 + 256 + 256;

    private static Counts snapshot(AtomicLongArray a) {
        long[] types = new long[256];
        long[] messages = new long[256];
        for (int i = 0; i < 256; i++) {
            types[i] = a.get(2 + i);
            messages[i] = a.get(2 + 256 + i);
        }
        return new Counts(a.get(0), a.get(1), types, messages, a.get(HANDSHAKE_BYTES));
    }

    /** DTLS handshake message type ClientHello. */
    public static final int CLIENT_HELLO = 1;
    /** DTLS handshake message type ServerHello. */
    public static final int SERVER_HELLO = 2;
    /**
     * DTLS handshake message type ClientKeyExchange: sent once per full handshake and never in an
     * abbreviated (resumption) one, so counting it upstream counts full handshakes.
     */
    public static final int CLIENT_KEY_EXCHANGE = 16;

    /** Counters of one direction. */
    public record Counts(long datagrams, long bytes, long[] recordsByType, long[] handshakeMessagesByType,
            long handshakeIpBytes) {
        public long records(int contentType) {
            return recordsByType[contentType];
        }

        /** Plaintext (epoch 0) handshake messages of {@code messageType} seen. */
        public long handshakeMessages(int messageType) {
            return handshakeMessagesByType[messageType];
        }

        public Counts minus(Counts earlier) {
            long[] t = new long[256];
            long[] m = new long[256];
            for (int i = 0; i < 256; i++) {
                t[i] = recordsByType[i] - earlier.recordsByType[i];
                m[i] = handshakeMessagesByType[i] - earlier.handshakeMessagesByType[i];
            }
            return new Counts(datagrams - earlier.datagrams, bytes - earlier.bytes, t, m,
                    handshakeIpBytes - earlier.handshakeIpBytes);
        }

        /** Bytes as IPv4 would carry them: payload plus 20 (IP) + 8 (UDP) per datagram. */
        public long ipBytes() {
            return bytes + 28 * datagrams;
        }
    }

    @Override
    public void close() {
        front.close();
        back.close();
        up.interrupt();
        down.interrupt();
    }
}
