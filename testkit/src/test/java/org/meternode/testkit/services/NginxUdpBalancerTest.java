package org.meternode.testkit.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The real nginx stream module in front of two loopback UDP backends that answer with their name:
 * clients spread over both and stay pinned; once one backend is gone, every client is answered by
 * the other (after the idle timeout for the clients it had).
 */
class NginxUdpBalancerTest {
    @Test
    void clients_spread_stay_pinned_and_move_off_a_dead_backend() throws Exception {
        try (Backend a = new Backend("a"); Backend b = new Backend("b");
                NginxUdpBalancer lb = NginxUdpBalancer.start(List.of(a.address(), b.address()), Duration.ofSeconds(1))) {
            List<DatagramSocket> clients = new ArrayList<>();
            try {
                Set<String> seen = new HashSet<>();
                List<String> first = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                    c.setSoTimeout(2_000);
                    clients.add(c);
                    String who = ask(c, lb.address());
                    assertThat(who).as("answer to client %d; nginx: %s", i, lb.log()).isIn("a", "b");
                    first.add(who);
                    seen.add(who);
                }
                assertThat(seen).as("24 clients spread over both backends").containsExactlyInAnyOrder("a", "b");
                for (int i = 0; i < clients.size(); i++) {
                    assertThat(ask(clients.get(i), lb.address())).as("client %d stays pinned", i).isEqualTo(first.get(i));
                }

                a.close();

                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                for (int i = 0; i < clients.size(); i++) {
                    String who = null;
                    while (!"b".equals(who) && System.nanoTime() < deadline) {
                        who = ask(clients.get(i), lb.address()); // null while still pinned to the dead one
                    }
                    assertThat(who).as("client %d after backend a died; nginx: %s", i, lb.log()).isEqualTo("b");
                }
            } finally {
                clients.forEach(DatagramSocket::close);
            }
        }
    }

    private static String ask(DatagramSocket client, InetSocketAddress to) throws IOException {
        byte[] hi = "hi".getBytes(StandardCharsets.US_ASCII);
        client.send(new DatagramPacket(hi, hi.length, to));
        byte[] buf = new byte[64];
        DatagramPacket answer = new DatagramPacket(buf, buf.length);
        try {
            client.receive(answer);
        } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
            return null;
        }
        return new String(buf, 0, answer.getLength(), StandardCharsets.US_ASCII);
    }

    /** A UDP server on loopback that answers every datagram with its name. */
    private static final class Backend implements AutoCloseable {
        private final DatagramSocket socket;

        Backend(String name) throws IOException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            byte[] reply = name.getBytes(StandardCharsets.US_ASCII);
            Thread.ofPlatform().daemon().name("backend-" + name).start(() -> {
                byte[] buf = new byte[64];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
