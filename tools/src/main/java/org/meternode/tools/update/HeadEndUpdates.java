package org.meternode.tools.update;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Predicate;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.endpoint.LwM2mServerEndpointsProvider;
import org.eclipse.leshan.server.registration.Registration;
import org.meternode.tools.headend.HeadEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firmware updates from the head-end, in process: push a bundle into /5/0/0 (block-wise Write) or
 * serve it at {@code coaps://head-end/fw/<token>} and write that into /5/0/1 (the node pulls it),
 * then Execute /5/0/2 and follow /5/0/3 and /5/0/5 by Read until the node reports success or a
 * failure. Until the head-end has a request queue, a node must be registered (awake) for this.
 */
public final class HeadEndUpdates implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadEndUpdates.class);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final long REQUEST_TIMEOUT_MS = 120_000;

    private final HeadEnd headEnd;
    private final FirmwareFiles files = new FirmwareFiles();

    public HeadEndUpdates(HeadEnd headEnd) {
        this.headEnd = headEnd;
        coapServer(headEnd.leshan()).add(files);
    }

    private static org.eclipse.californium.core.CoapServer coapServer(LeshanServer server) {
        for (LwM2mServerEndpointsProvider p : server.getEndpointsProvider()) {
            if (p instanceof CaliforniumServerEndpointsProvider cf) {
                return cf.getCoapServer();
            }
        }
        throw new IllegalStateException("the head-end has no Californium endpoint to serve firmware from");
    }

    /** Serves {@code bundle} at an unguessable coaps URI on the head-end's endpoint. */
    public URI serve(Path bundle) {
        byte[] t = new byte[12];
        new SecureRandom().nextBytes(t);
        String token = HexFormat.of().formatHex(t);
        files.serve(token, bundle);
        URI base = headEnd.uri();
        return URI.create(base.getScheme() + "://" + base.getHost() + ":" + base.getPort() + "/" + FirmwareFiles.NAME
                + "/" + token);
    }

    /** Bytes of a served bundle the nodes have fetched so far (a download's progress as the head-end sees it). */
    public long servedBytes(URI served) {
        String path = served.getPath();
        return files.servedBytes(path.substring(path.lastIndexOf('/') + 1));
    }

    public void withdraw(URI served) {
        String path = served.getPath();
        files.withdraw(path.substring(path.lastIndexOf('/') + 1));
    }

    /** Full push update: write, wait for Downloaded, execute, wait for the outcome. */
    public UpdateProgress push(String endpoint, Path bundle, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        writePackage(endpoint, Files.readAllBytes(bundle));
        return finish(endpoint, deadline);
    }

    /** Full pull update: serve, write the URI, wait for Downloaded, execute, wait for the outcome. */
    public UpdateProgress pull(String endpoint, Path bundle, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = serve(bundle);
        try {
            writePackageUri(endpoint, uri.toString());
            return finish(endpoint, deadline);
        } finally {
            withdraw(uri);
        }
    }

    private UpdateProgress finish(String endpoint, long deadline) throws IOException, InterruptedException {
        UpdateProgress p = await(endpoint, left(deadline), s -> s.state() != 1);
        if (!p.downloaded()) {
            return p;
        }
        executeUpdate(endpoint);
        return awaitOutcome(endpoint, left(deadline));
    }

    /** Waits until the node is idle again with a final result (after Update): 1 success, 8 failed, ... */
    public UpdateProgress awaitOutcome(String endpoint, Duration timeout) throws IOException, InterruptedException {
        return await(endpoint, timeout, s -> s.idle() || (s.downloaded() && s.result() != 0));
    }

    public void writePackage(String endpoint, byte[] bundle) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        WriteResponse r = send(endpoint, new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, bundle));
        LOG.info("{}: pushed {} bytes in {} ms: {}", endpoint, bundle.length, (System.nanoTime() - t0) / 1_000_000,
                r.getCode());
        check(endpoint, "write /5/0/0", r);
    }

    public void writePackageUri(String endpoint, String uri) throws IOException, InterruptedException {
        check(endpoint, "write /5/0/1", send(endpoint, new WriteRequest(5, 0, 1, uri)));
    }

    public void executeUpdate(String endpoint) throws IOException, InterruptedException {
        ExecuteResponse r = send(endpoint, new ExecuteRequest(5, 0, 2));
        check(endpoint, "execute /5/0/2", r);
    }

    /** Reads /5/0 and /3/0/3 once. */
    public UpdateProgress read(String endpoint) throws IOException, InterruptedException {
        ReadResponse r = send(endpoint, new ReadRequest(5, 0));
        check(endpoint, "read /5/0", r);
        LwM2mObjectInstance fw = (LwM2mObjectInstance) r.getContent();
        ReadResponse dev = send(endpoint, new ReadRequest(3, 0, 3));
        String firmware = dev.isSuccess() && dev.getContent() instanceof LwM2mSingleResource res
                ? String.valueOf(res.getValue()) : "";
        return new UpdateProgress((int) number(fw.getResource(3)), (int) number(fw.getResource(5)),
                text(fw.getResource(7)), firmware);
    }

    /** Polls until {@code done} holds; node restarts (no registration, timeouts) are waited out. */
    public UpdateProgress await(String endpoint, Duration timeout, Predicate<UpdateProgress> done)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        UpdateProgress last = null;
        String lastProblem = "";
        while (System.nanoTime() - deadline < 0) {
            try {
                last = read(endpoint);
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                lastProblem = e.getMessage();
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IOException(endpoint + ": no final update state within " + timeout + " (last " + last
                + (lastProblem.isEmpty() ? "" : ", " + lastProblem) + ")");
    }

    private <T extends LwM2mResponse> T send(String endpoint, org.eclipse.leshan.core.request.DownlinkRequest<T> request)
            throws IOException, InterruptedException {
        Registration reg = headEnd.leshan().getRegistrationService().getByEndpoint(endpoint);
        if (reg == null) {
            throw new IOException(endpoint + " is not registered");
        }
        T response;
        try {
            response = headEnd.leshan().send(reg, request, REQUEST_TIMEOUT_MS);
        } catch (RuntimeException e) {
            throw new IOException(endpoint + ": " + request + ": " + e.getMessage(), e);
        }
        if (response == null) {
            throw new IOException(endpoint + ": no answer to " + request);
        }
        return response;
    }

    private static void check(String endpoint, String what, LwM2mResponse r) throws IOException {
        if (!r.isSuccess()) {
            throw new IOException(endpoint + ": " + what + " answered " + r.getCode()
                    + (r.getErrorMessage() == null ? "" : " (" + r.getErrorMessage() + ")"));
        }
    }

    private static long number(LwM2mResource r) {
        return r == null ? -1 : ((Number) r.getValue()).longValue();
    }

    private static String text(LwM2mResource r) {
        return r == null ? "" : String.valueOf(r.getValue());
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    @Override
    public void close() {
        coapServer(headEnd.leshan()).remove(files);
    }
}
