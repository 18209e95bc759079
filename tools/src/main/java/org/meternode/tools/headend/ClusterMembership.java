package org.meternode.tools.headend;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * This head-end's place in a cluster of identical instances behind a UDP load balancer: its node id
 * (the first byte of every DTLS Connection ID it issues) and the cluster-internal address of every
 * instance. A record whose CID names another instance (after NAT rebinding, or when the balancer
 * moves a node) is forwarded to that instance's cluster address, and its answers come back through
 * this one (Scandium's {@code DtlsClusterConnector}).
 *
 * <p>The cluster port takes forwarded records without authentication: bind it to a private network
 * (or loopback) that nodes cannot reach. The records themselves stay protected by their DTLS keys.
 *
 * @param nodeId   0..255, unique in the cluster
 * @param internal where this instance listens for records forwarded by its peers
 * @param peers    every other instance's node id and cluster address
 */
public record ClusterMembership(int nodeId, InetSocketAddress internal, Map<Integer, InetSocketAddress> peers) {
    public ClusterMembership {
        Objects.requireNonNull(internal, "internal");
        if (nodeId < 0 || nodeId > 255) {
            throw new IllegalArgumentException("cluster node id " + nodeId + " is outside 0..255 (it is one byte of the CID)");
        }
        peers = Map.copyOf(peers);
        if (peers.containsKey(nodeId)) {
            throw new IllegalArgumentException("cluster node id " + nodeId + " is this instance's own; list only the others"
                    + " in the peers");
        }
        for (Map.Entry<Integer, InetSocketAddress> p : peers.entrySet()) {
            if (p.getKey() < 0 || p.getKey() > 255) {
                throw new IllegalArgumentException("cluster peer id " + p.getKey() + " is outside 0..255");
            }
        }
    }

    /**
     * Parses {@code --cluster-peers}: {@code ID=HOST:PORT,...}, e.g. {@code 2=10.0.0.2:5784,3=10.0.0.3:5784}.
     * This instance's own entry may be listed too (the same list on every instance); it is taken as
     * its internal address.
     */
    public static ClusterMembership parse(int nodeId, String peerList) {
        Map<Integer, InetSocketAddress> all = new LinkedHashMap<>();
        if (peerList == null || peerList.isBlank()) {
            throw new IllegalArgumentException("--cluster-peers: empty; give ID=HOST:PORT for every instance");
        }
        for (String item : peerList.split(",")) {
            String entry = item.strip();
            int eq = entry.indexOf('=');
            int colon = entry.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("--cluster-peers: '" + entry + "' is not ID=HOST:PORT");
            }
            int id;
            int port;
            try {
                id = Integer.parseInt(entry.substring(0, eq));
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--cluster-peers: '" + entry + "': id and port must be numbers", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--cluster-peers: '" + entry + "': port " + port + " is outside 1..65535");
            }
            String host = entry.substring(eq + 1, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (all.put(id, new InetSocketAddress(host, port)) != null) {
                throw new IllegalArgumentException("--cluster-peers: node id " + id + " is listed twice");
            }
        }
        InetSocketAddress own = all.remove(nodeId);
        if (own == null) {
            throw new IllegalArgumentException("--cluster-peers: this instance's node id " + nodeId + " is not listed;"
                    + " its entry says where it takes forwarded records");
        }
        return new ClusterMembership(nodeId, own, all);
    }

    /** The cluster address of the instance with {@code id}; null when there is none (the record is dropped). */
    InetSocketAddress addressOf(int id) {
        return id == nodeId ? internal : peers.get(id);
    }
}
