package org.meternode.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.rig.net.UdpRelay;
import org.meternode.testkit.OutputLog;
import org.meternode.testkit.services.PostgresServer;
import org.meternode.testkit.services.RedisServer;
import org.meternode.tools.headend.ClusterMembership;
import org.meternode.tools.headend.HeadEndStorage;
import org.meternode.tools.headend.ManagementRequest;
import org.meternode.tools.launch.NodeProcess;
import org.meternode.tools.launch.SimNodeSetup;

/**
 * Two head-end instances in a DTLS cluster (Scandium's DtlsClusterConnector, the instance's node id
 * in each Connection ID). A real node registers with instance 1 through a relay; then the relay
 * sends the node's datagrams to instance 2, as a load balancer does after NAT rebinding or a
 * rebalance. Instance 2 forwards the node's CID records to instance 1, which still holds the DTLS
 * session, and the answers go back out through instance 2: the node's readings keep arriving with
 * no new handshake anywhere. Both instances share Redis (registrations) and PostgreSQL (readings and
 * the request queue): a request queued through instance 2 is sent by instance 1, the one the node's
 * uplinks reach and the only one that sees it awake.
 */
class ClusterForwardIT {
    private static final String EP = "meter-cluster";

    @TempDir
    Path dir;

    @Test
    void a_record_that_reaches_the_wrong_instance_is_forwarded_to_the_one_holding_its_session() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        int c1 = RigHeadEnd.freeUdpPort();
        int c2 = RigHeadEnd.freeUdpPort();
        String peers = "1=127.0.0.1:" + c1 + ",2=127.0.0.1:" + c2;
        try (RedisServer redis = RedisServer.start("cluster"); PostgresServer pg = PostgresServer.launch();
                RigHeadEnd one = new RigHeadEnd(RigHeadEnd.options(dir.resolve("one.db"), 0).withRedis(redis.uri())
                        .withCluster(ClusterMembership.parse(1, peers)), HeadEndStorage.open(pg.uri()));
                RigHeadEnd two = new RigHeadEnd(RigHeadEnd.options(dir.resolve("two.db"), 0).withRedis(redis.uri())
                        .withCluster(ClusterMembership.parse(2, peers)), HeadEndStorage.open(pg.uri()));
                UdpRelay balancer = new UdpRelay(new InetSocketAddress(lo, one.port()))) {
            SimNodeSetup.Written w = SimNodeSetup.write(dir.resolve("node"), EP,
                    URI.create("coaps://127.0.0.1:" + balancer.port()), "1m", 600, 5);
            one.headEnd.addPsk(w.psk());
            two.headEnd.addPsk(w.psk());
            OutputLog output = new OutputLog("node output", null);
            try (NodeProcess node = NodeProcess.start(w.config(), List.of(), output::add)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> one.headEnd.isRegistered(EP));
                await().atMost(Duration.ofSeconds(60)).until(() -> one.headEnd.store().count(EP) >= 4);
                long handshakesOne = one.headEnd.handshakes().fullHandshakes();
                assertThat(handshakesOne).as("the node's handshake with instance 1").isEqualTo(1);

                balancer.retarget(new InetSocketAddress(lo, two.port()));
                long before = one.headEnd.store().count(EP);
                await().atMost(Duration.ofSeconds(60)).until(() -> one.headEnd.store().count(EP) >= before + 6);

                assertThat(two.arrivals.size()).as("readings instance 2 stored itself").isZero();
                assertThat(two.headEnd.isRegistered(EP)).as("instance 2 knows the registration (Redis)").isTrue();

                long id = two.headEnd.requests().enqueue(EP, ManagementRequest.Op.READ, "/3/0/0", "");
                two.headEnd.dispatchNow();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> one.headEnd.requests().get(id).orElseThrow().finished());
                ManagementRequest answered = one.headEnd.requests().get(id).orElseThrow();
                assertThat(answered.state()).as("the request queued through instance 2: " + answered)
                        .isEqualTo(ManagementRequest.State.DONE);
                assertThat(pg.psql("postgres", "SELECT claimed_by FROM requests WHERE id = " + id).strip())
                        .as("the instance that sent it").isEqualTo("cluster-node-1");
                assertThat(one.headEnd.handshakes().fullHandshakes()).as("no new handshake at instance 1")
                        .isEqualTo(handshakesOne);
                assertThat(two.headEnd.handshakes().fullHandshakes()).as("no handshake at instance 2").isZero();
                assertThat(one.headEnd.store().conflicts(EP)).isZero();
                System.out.printf("cluster: %d readings at instance 1 before the move, %d after it (through"
                        + " instance 2's forwarding); handshakes: instance 1 %d, instance 2 %d%n", before,
                        one.headEnd.store().count(EP) - before, one.headEnd.handshakes().fullHandshakes(),
                        two.headEnd.handshakes().fullHandshakes());
                node.stop(Duration.ofSeconds(20));
            }
        }
    }
}
