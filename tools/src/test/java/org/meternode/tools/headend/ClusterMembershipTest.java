package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** --cluster-node and --cluster-peers: the same list on every instance, each finds its own entry; bad lists are named. */
class ClusterMembershipTest {
    @Test
    void the_own_entry_is_the_internal_address_and_the_rest_are_peers() {
        ClusterMembership m = ClusterMembership.parse(2, "1=10.0.0.1:5784, 2=10.0.0.2:5784,3=[::1]:5785");

        assertThat(m.nodeId()).isEqualTo(2);
        assertThat(m.internal()).isEqualTo(new InetSocketAddress("10.0.0.2", 5784));
        assertThat(m.peers()).containsOnlyKeys(1, 3);
        assertThat(m.addressOf(3)).isEqualTo(new InetSocketAddress("::1", 5785));
        assertThat(m.addressOf(2)).isEqualTo(m.internal());
        assertThat(m.addressOf(9)).as("an id nobody has: the record is dropped").isNull();
    }

    @Test
    void bad_lists_are_refused_naming_the_entry() {
        assertThatThrownBy(() -> ClusterMembership.parse(1, "1=10.0.0.1")).hasMessageContaining("'1=10.0.0.1' is not ID=HOST:PORT");
        assertThatThrownBy(() -> ClusterMembership.parse(1, "1=a:1,x=b:2")).hasMessageContaining("'x=b:2': id and port must be numbers");
        assertThatThrownBy(() -> ClusterMembership.parse(1, "1=a:1,1=b:2")).hasMessageContaining("node id 1 is listed twice");
        assertThatThrownBy(() -> ClusterMembership.parse(4, "1=a:1,2=b:2")).hasMessageContaining("node id 4 is not listed");
        assertThatThrownBy(() -> ClusterMembership.parse(1, "1=a:70000")).hasMessageContaining("port 70000 is outside");
        assertThatThrownBy(() -> ClusterMembership.parse(300, "300=a:1")).hasMessageContaining("outside 0..255");
        assertThatThrownBy(() -> ClusterMembership.parse(1, " ")).hasMessageContaining("--cluster-peers: empty");
    }
}
