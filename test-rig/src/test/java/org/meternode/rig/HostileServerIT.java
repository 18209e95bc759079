package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpoint;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.testkit.OutputLog;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * Issue 19, surface 3: a hostile LwM2M server. A real node JVM registers over PSK DTLS with the
 * embedded head-end (a real Leshan server); the test then sends it, through the server's own CoAP
 * endpoint and DTLS session, a seeded barrage of writes with wrong types, out-of-range values, huge
 * and undecodable bodies in every content format, writes to absent instances and resources, garbage
 * write-attributes, creates and deletes the node's objects do not allow, and executes with arguments
 * where none (or other) are expected. Every one must be refused with a 4.xx and change nothing: the
 * writable resources of every object, the config, remote settings and key files on disk are compared
 * before and after; the node must go on metering and reporting, and log the refusals (object 26250).
 * More cases with {@code -Dmeternode.fuzz.tries=N}.
 */
class HostileServerIT {
    private static final String EP = "meter-hostile";
    private static final long SEED = 0x19_03L;
    private static final int TRIES = Integer.getInteger("meternode.fuzz.tries", 10_000);
    private static final int IN_FLIGHT = 16;
    /** Where to write the node's whole log, for a look at a failure: {@code -Dmeternode.hostile-server.log=FILE}. */
    private static final String NODE_LOG = System.getProperty("meternode.hostile-server.log");
    /** Bodies above this go block-wise (Californium's default block size). */
    private static final int BLOCK_BYTES = 1024;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void a_hostile_server_is_refused_and_changes_nothing() throws Exception {
        try (RigHeadEnd rig = new RigHeadEnd(dir.resolve("head-end.db"), 0)) {
            Path nodeDir = dir.resolve("node");
            SimNodeSetup.Written w = SimNodeSetup.write(nodeDir, EP, rig.headEnd.uri(), "1m", 600, 19);
            rig.headEnd.addPsk(w.psk());
            OutputLog output = new OutputLog("node output", null);
            try (NodeProcess node = NodeProcess.start(w.config(), List.of(), output::add)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.headEnd.isRegistered(EP));
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.readings(EP, "grid.energy").size() >= 3);
                Registration reg = rig.headEnd.leshan().getRegistrationService().getByEndpoint(EP);
                Map<String, String> before = state(rig, reg, nodeDir);

                CoapEndpoint coap = ((CaliforniumServerEndpoint) rig.headEnd.leshan().getEndpoint(Protocol.COAPS))
                        .getCoapEndpoint();
                HostileRequests cases = new HostileRequests(new Random(SEED), channelCount(before));
                Tally tally = new Tally();
                long started = System.nanoTime();
                List<Request> inFlight = new ArrayList<>();
                for (int i = 0; i < TRIES; i++) {
                    HostileRequests.Case c = cases.next();
                    Request request = c.request();
                    request.setDestinationContext(new AddressEndpointContext(reg.getSocketAddress()));
                    request.setUserContext(Map.of("case", "#" + i + " " + c.describe()));
                    // A block-wise body goes alone: two block-wise requests to one resource at once are
                    // one transfer to CoAP (RFC 7959 without Request-Tag), and the first gets no answer.
                    boolean blockwise = request.getPayloadSize() > BLOCK_BYTES;
                    if (blockwise && !drain(inFlight, tally)) {
                        break;
                    }
                    coap.sendRequest(request);
                    inFlight.add(request);
                    if (inFlight.size() >= IN_FLIGHT || blockwise) {
                        if (!drain(inFlight, tally) || !node.isAlive()) {
                            System.out.println("hostile-server: the node " + (node.isAlive() ? "stopped answering"
                                    : "process ended") + " after case " + i + "; crashes: " + tally.crashExamples);
                            break;
                        }
                    }
                }
                drain(inFlight, tally);
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                List<String> nodeLog = new ArrayList<>();
                output.forEach(nodeLog::add);
                if (NODE_LOG != null) {
                    Files.write(Path.of(NODE_LOG), nodeLog);
                }
                // WARN lines are allowed: a Send the barrage delayed past its timeout is kept and resent.
                List<String> troubled = nodeLog.stream()
                        .filter(l -> l.contains(" ERROR ") || l.contains("Exception") || l.startsWith("\tat ")).toList();
                nodeLog.stream().filter(l -> l.contains(" WARN ")).limit(10)
                        .forEach(l -> System.out.println("hostile-server: node warned: " + l));

                assertThat(node.isAlive()).as("node process still running").isTrue();
                System.out.println("hostile-server: " + tally.byCode + " in " + seconds + " s; first of each: "
                        + tally.examples + "; accepted: " + tally.acceptedExamples + "; crashes: " + tally.crashExamples);
                await().atMost(Duration.ofSeconds(60)).until(() -> rig.headEnd.isRegistered(EP));
                Registration now = rig.headEnd.leshan().getRegistrationService().getByEndpoint(EP);
                System.out.println("hostile-server: registration " + (now.getId().equals(reg.getId()) ? "kept" : "renewed"));
                Map<String, String> after = state(rig, now, nodeDir);
                List<String> changes = diff(before, after);
                int readingsBefore = rig.readings(EP, "grid.energy").size();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> rig.readings(EP, "grid.energy").size() >= readingsBefore + 5);
                int readingsAfter = rig.readings(EP, "grid.energy").size() - readingsBefore;
                await().atMost(Duration.ofSeconds(30)).until(() -> rig.headEnd.securityEvents(EP).stream()
                        .anyMatch(e -> e.kind().equals("request-refused")));
                long refusedEvents = rig.headEnd.securityEvents(EP).stream()
                        .filter(e -> e.kind().equals("request-refused")).count();

                System.out.println("hostile-server: " + refusedEvents + " request-refused events reached the head-end");
                changes.forEach(ch -> System.out.println("hostile-server: changed " + ch));
                troubled.stream().limit(20).forEach(l -> System.out.println("hostile-server: node said: " + l));
                System.out.println("surface hostile-server: " + TRIES + " cases, " + tally.refused + " refused (4.xx), "
                        + tally.accepted + " accepted, " + tally.crashes + " crashes, " + changes.size()
                        + " unexpected state changes");
                System.out.println("readings after barrage: " + readingsAfter);

                assertThat(tally.crashes.get()).as("5.xx or no answer: %s", tally.crashExamples).isZero();
                assertThat(tally.accepted.get()).as("accepted: %s", tally.acceptedExamples).isZero();
                assertThat(changes).isEmpty();
                assertThat(troubled).as("errors and stack traces in the node's log").isEmpty();
                assertThat(readingsAfter).isPositive();
                assertThat(refusedEvents).as("refusals are coalesced, not one event each").isLessThan(TRIES / 10);
                node.stop(Duration.ofSeconds(20));
            }
        }
    }

    /**
     * Waits for every answer of the batch; an answer later than {@link #ANSWER_WITHIN} counts as a
     * crash (a node that stopped answering). Returns false when none of the batch was answered.
     */
    private static boolean drain(List<Request> inFlight, Tally tally) throws InterruptedException {
        int answered = 0;
        for (Request r : inFlight) {
            Response response = r.waitForResponse(ANSWER_WITHIN.toMillis());
            String what = r.getUserContext().get("case");
            if (response != null) {
                answered++;
            } else {
                what += " [token " + r.getTokenString() + ", MID " + r.getMID() + ", body " + (r.getPayloadSize() > 64
                        ? r.getPayloadSize() + " B" : java.util.HexFormat.of().formatHex(r.getPayload())) + "]";
            }
            tally.count(what, response);
        }
        boolean any = answered > 0 || inFlight.isEmpty();
        inFlight.clear();
        return any;
    }

    /** Answers counted by class; the first few of each kept for the failure message. */
    private static final class Tally {
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger crashes = new AtomicInteger();
        final Map<String, Integer> byCode = new TreeMap<>();
        final Map<String, String> examples = new TreeMap<>();
        final List<String> crashExamples = new ArrayList<>();
        final List<String> acceptedExamples = new ArrayList<>();

        void count(String what, Response response) {
            String code = response == null ? "no answer" : response.getCode().text;
            byCode.merge(code, 1, Integer::sum);
            examples.putIfAbsent(code, what + " -> " + (response == null ? "" : response.getPayloadString()));
            if (response != null && response.getCode().codeClass == CoAP.CodeClass.ERROR_RESPONSE.value) {
                refused.incrementAndGet();
                if (isCrashText(response.getPayloadString())) {
                    crashes.incrementAndGet();
                    keep(crashExamples, what + " -> " + response.getPayloadString());
                }
            } else if (response != null && response.getCode().codeClass == CoAP.CodeClass.SUCCESS_RESPONSE.value) {
                accepted.incrementAndGet();
                keep(acceptedExamples, what + " -> " + code);
            } else {
                crashes.incrementAndGet();
                keep(crashExamples, what + " -> " + code + " " + (response == null ? "" : response.getPayloadString()));
            }
        }

        /** A refusal whose words are a stack trace, a bare exception class name or "null". */
        static boolean isCrashText(String text) {
            String t = text == null ? "" : text.strip();
            return t.equals("null") || t.contains("\tat ") || t.matches("([a-z]\\w*\\.)+[A-Z]\\w*(Exception|Error)(: null)?");
        }

        private static void keep(List<String> list, String s) {
            if (list.size() < 10) {
                list.add(s);
            }
        }
    }

    private static int channelCount(Map<String, String> state) {
        return (int) state.keySet().stream().filter(k -> k.matches("/32501/\\d+/0")).count();
    }

    /**
     * What a hostile request must not change: every writable (and identifying) resource of the
     * objects the server may touch, their instance lists, and the node's files that hold settings
     * and keys (the outbox and event log grow while the node runs, and are checked by the readings).
     */
    private static Map<String, String> state(RigHeadEnd rig, Registration reg, Path nodeDir) throws Exception {
        Map<String, String> s = new LinkedHashMap<>();
        // Object 32500 whole carries the recent log (more than a head-end takes in one body): its settings one by one.
        for (String path : List.of("/1", "/3", "/5", "/32501", "/32500/0/0", "/32500/0/1", "/32500/0/2", "/32500/0/3")) {
            ReadResponse r = rig.headEnd.leshan().send(reg, new ReadRequest(ContentFormat.SENML_JSON, path), 10_000);
            assertThat(r).as("read %s", path).isNotNull();
            if (!r.isSuccess()) {
                s.put(path, r.getCode().toString());
                continue;
            }
            flatten(path, r.getContent(), s);
        }
        s.keySet().removeIf(HostileServerIT::volatileResource);
        for (Path f : List.of(nodeDir.resolve("meternode.yaml"), nodeDir.resolve("psk.key"),
                nodeDir.resolve("state/remote-settings.yaml"))) {
            s.put(f.getFileName().toString(), Files.exists(f)
                    ? java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(f))) : "absent");
        }
        try (Stream<Path> files = Files.list(nodeDir.resolve("state"))) {
            s.put("state/", String.join(",", files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith("-wal") && !n.endsWith("-shm") && !n.endsWith("-journal")).sorted().toList()));
        }
        return s;
    }

    /** Values that move by themselves: free memory, the clock, health counters, the recent log. */
    private static boolean volatileResource(String path) {
        return path.matches("/3/0/(10|11|13)(/.*)?") || path.matches("/32500/0/([4-9]|1\\d|2\\d)(/.*)?")
                || path.matches("/32501/\\d+/4") || path.matches("/5/0/.*") && !path.matches("/5/0/(1|3|5|6|7)");
    }

    private static void flatten(String prefix, LwM2mNode node, Map<String, String> out) {
        String text = String.valueOf(node);
        // Leshan's toString of an object lists instances and resources with their values: parse it coarsely
        // by resource through the typed API instead.
        if (node instanceof org.eclipse.leshan.core.node.LwM2mObject o) {
            out.put(prefix + "/instances", String.valueOf(o.getInstances().keySet()));
            o.getInstances().forEach((id, inst) -> flatten(prefix + "/" + id, inst, out));
        } else if (node instanceof org.eclipse.leshan.core.node.LwM2mObjectInstance inst) {
            inst.getResources().forEach((id, res) -> out.put(prefix + "/" + id, res.isMultiInstances()
                    ? String.valueOf(new TreeMap<>(res.getInstances())) : valueText(res.getValue())));
        } else if (node instanceof org.eclipse.leshan.core.node.LwM2mSingleResource res) {
            out.put(prefix, valueText(res.getValue()));
        } else {
            out.put(prefix, text);
        }
    }

    private static String valueText(Object v) {
        return v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(v);
    }

    private static List<String> diff(Map<String, String> before, Map<String, String> after) {
        List<String> changes = new ArrayList<>();
        Map<String, String> all = new TreeMap<>(before);
        after.forEach(all::putIfAbsent);
        for (String k : all.keySet()) {
            if (!java.util.Objects.equals(before.get(k), after.get(k))) {
                changes.add(k + ": " + before.get(k) + " -> " + after.get(k));
            }
        }
        return changes;
    }
}
