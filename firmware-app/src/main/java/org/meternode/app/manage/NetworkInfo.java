package org.meternode.app.manage;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the OS says about the node's network: the default-route interface and gateway
 * (/proc/net/route), its addresses, and Wi-Fi signal where /proc/net/wireless has it. Parsers are
 * pure; {@link #read(Path)} does the I/O.
 */
public record NetworkInfo(String interfaceName, int bearer, List<String> ipAddresses, List<String> routers,
        Optional<Integer> signalDbm, Optional<Integer> linkQuality) {
    /** LwM2M object 4 Network Bearer values. */
    public static final int BEARER_LTE_FDD = 6;
    public static final int BEARER_WLAN = 21;
    public static final int BEARER_ETHERNET = 41;

    /** Reads {@code procRoot}/net/route and /net/wireless (procRoot is /proc on a real node). */
    public static NetworkInfo read(Path procRoot) {
        Optional<String[]> route = defaultRoute(readLines(procRoot.resolve("net/route")));
        String iface = route.map(r -> r[0]).orElse("lo");
        List<String> routers = route.map(r -> List.of(hexToIpv4(r[2]))).orElse(List.of());
        Optional<int[]> wireless = wireless(readLines(procRoot.resolve("net/wireless")), iface);
        return new NetworkInfo(iface, bearerOf(iface), addressesOf(iface), routers,
                wireless.map(w -> w[1]), wireless.map(w -> w[0]));
    }

    /** The default route's fields (Iface, Destination, Gateway, ...), if any. */
    static Optional<String[]> defaultRoute(List<String> routeLines) {
        return routeLines.stream().skip(1).map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length > 2 && f[1].equals("00000000")).findFirst();
    }

    /** Link quality and signal level (dBm) of {@code iface} from /proc/net/wireless. */
    static Optional<int[]> wireless(List<String> lines, String iface) {
        for (String l : lines) {
            String t = l.trim();
            if (t.startsWith(iface + ":")) {
                String[] f = t.substring(iface.length() + 1).trim().split("\\s+");
                if (f.length >= 3) {
                    return Optional.of(new int[] {(int) Double.parseDouble(f[1].replace(".", "")),
                            (int) Double.parseDouble(f[2].replace(".", ""))});
                }
            }
        }
        return Optional.empty();
    }

    static int bearerOf(String iface) {
        if (iface.startsWith("wl")) {
            return BEARER_WLAN;
        }
        if (iface.startsWith("wwan") || iface.startsWith("ppp") || iface.startsWith("usb")) {
            return BEARER_LTE_FDD;
        }
        return BEARER_ETHERNET;
    }

    /** /proc/net/route writes IPv4 addresses as little-endian hex. */
    static String hexToIpv4(String hex) {
        long v = Long.parseLong(hex, 16);
        return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
    }

    private static List<String> addressesOf(String iface) {
        List<String> out = new ArrayList<>();
        try {
            NetworkInterface ni = NetworkInterface.getByName(iface);
            if (ni != null) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    out.add(a instanceof Inet4Address ? a.getHostAddress() : a.getHostAddress().replaceAll("%.*", ""));
                }
            }
        } catch (SocketException e) {
            return out;
        }
        return out;
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }
}
