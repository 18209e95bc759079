package org.meternode.testkit.services;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * nginx as a UDP load balancer on loopback ({@code stream} module): one listening port in front of
 * several backends, each client (source address and port) pinned to a backend by a consistent hash,
 * as a utility's head-end front would run it. A backend that answers with ICMP port-unreachable
 * (a dead instance) counts as failed and new sessions go to another. Installs {@code nginx} and
 * {@code libnginx-mod-stream} when missing; stops nginx and all its workers on close.
 */
public final class NginxUdpBalancer implements AutoCloseable {
    private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");

    private final Path dir;
    private final int port;
    private final Process process;

    private NginxUdpBalancer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts nginx on a free loopback UDP port in front of {@code backends}.
     *
     * @param idle how long a client's session stays pinned to its backend without traffic
     *             ({@code proxy_timeout}); after a backend dies, its clients move on after this
     */
    public static NginxUdpBalancer start(List<InetSocketAddress> backends, Duration idle) throws IOException {
        Path nginx = DebianPackages.ensure("nginx", "nginx", "libnginx-mod-stream");
        if (!Files.exists(MODULE)) {
            DebianPackages.ensure("nginx", List.of(), "libnginx-mod-stream");
        }
        Path dir = Files.createTempDirectory("nginx-udp-");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String servers = backends.stream()
                .map(b -> "    server " + b.getAddress().getHostAddress() + ":" + b.getPort() + " max_fails=1 fail_timeout=30s;")
                .collect(Collectors.joining("\n"));
        String conf = """
                load_module %s;
                worker_processes 1;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections 16384; }
                stream {
                  upstream headends {
                    hash $remote_addr$remote_port consistent;
                %s
                  }
                  server {
                    listen 127.0.0.1:%d udp reuseport;
                    proxy_pass headends;
                    proxy_timeout %ds;
                    proxy_next_upstream on;
                  }
                }
                """.formatted(MODULE, dir, dir, servers, port, Math.max(1, idle.toSeconds()));
        Files.writeString(dir.resolve("nginx.conf"), conf, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        NginxUdpBalancer balancer = new NginxUdpBalancer(dir, port, p);
        balancer.awaitWorker(Duration.ofSeconds(20));
        return balancer;
    }

    /** Waits until the master has a worker (the worker holds the UDP socket), or fails with nginx's own words. */
    private void awaitWorker(Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + log());
            }
            if (process.descendants().findAny().isPresent()) {
                return;
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while nginx starts", e);
            }
        }
        close();
        throw new IllegalStateException("nginx did not start a worker within " + max + ": " + log());
    }

    /** The balancer's own address, which nodes use as their server. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public int port() {
        return port;
    }

    /** nginx's error log and output, for failure messages. */
    public String log() {
        StringBuilder out = new StringBuilder();
        for (String f : List.of("error.log", "stdout.log")) {
            try {
                out.append(Files.readString(dir.resolve(f)));
            } catch (IOException ignored) {
                // not written yet
            }
        }
        return out.toString().strip();
    }

    @Override
    public void close() {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy(); // SIGTERM: the master stops its workers
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.forEach(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
