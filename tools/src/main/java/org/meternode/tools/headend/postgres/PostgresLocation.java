package org.meternode.tools.headend.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * A {@code postgresql://HOST[:PORT]/DB[?user=U&password=P&pool=N&...]} location (libpq's URI form),
 * as the JDBC URL, driver properties and pool size it means. {@link #describe()} never shows the password.
 *
 * @param pool how many connections the head-end keeps to the database (default {@value #DEFAULT_POOL})
 */
record PostgresLocation(String host, int port, String database, Properties properties, int pool) {
    static final int DEFAULT_POOL = 8;
    static final int MAX_POOL = 100;
    /** libpq's parameter names where the JDBC driver spells them differently. */
    private static final Map<String, String> LIBPQ_NAMES = Map.of(
            "connect_timeout", "connectTimeout",
            "application_name", "ApplicationName",
            "target_session_attrs", "targetServerType");

    static boolean accepts(String location) {
        return location.startsWith("postgresql://") || location.startsWith("postgres://");
    }

    static PostgresLocation parse(String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw bad(location, "not a URI: " + e.getReason() + " at character " + e.getIndex());
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw bad(location, "no host (postgresql://HOST[:PORT]/DB)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isEmpty() || database.contains("/")) {
            throw bad(location, "name one database after the host (postgresql://HOST[:PORT]/DB)");
        }
        Properties props = defaults();
        userInfo(uri.getRawUserInfo(), props);
        int pool = DEFAULT_POOL;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw bad(location, "parameter '" + decode(pair) + "' has no value (name=value)");
                }
                String name = decode(pair.substring(0, eq));
                String value = decode(pair.substring(eq + 1));
                if (name.equals("pool")) {
                    pool = poolSize(location, value);
                } else {
                    props.setProperty(LIBPQ_NAMES.getOrDefault(name, name), value);
                }
            }
        }
        return new PostgresLocation(host, uri.getPort() < 0 ? 5432 : uri.getPort(), database, props, pool);
    }

    /** Timeouts that turn a dead or unreachable server into an error within seconds, never a hang. */
    private static Properties defaults() {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "10");
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "meternode head-end");
        return p;
    }

    private static void userInfo(String raw, Properties props) {
        if (raw == null) {
            return;
        }
        int colon = raw.indexOf(':');
        props.setProperty("user", decode(colon < 0 ? raw : raw.substring(0, colon)));
        if (colon >= 0) {
            props.setProperty("password", decode(raw.substring(colon + 1)));
        }
    }

    private static int poolSize(String location, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_POOL) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(location, "pool=" + value + ": give a number of connections from 1 to " + MAX_POOL);
    }

    String jdbcUrl() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** postgresql://HOST:PORT/DB, for logs and messages: no user, no password, no parameters. */
    String describe() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "postgresql://" + h + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return describe() + " (pool " + pool + ")";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The message names the location without its password. */
    private static IllegalArgumentException bad(String location, String what) {
        return new IllegalArgumentException("head-end storage '" + withoutPassword(location) + "': " + what);
    }

    static String withoutPassword(String location) {
        return location.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("(://[^/@:]*:)[^/@]*@", "$1***@");
    }
}
