package org.meternode.tools.headend;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The head-end's connection to the Redis that holds shared registrations and credentials, and
 * whether that Redis answers: an outage is logged once when it starts and once when it ends,
 * and while it lasts Redis is tried again at most once per {@link #RETRY} instead of per request.
 */
final class RedisLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    /** While Redis is down, how often a request may try it again. */
    static final Duration RETRY = Duration.ofSeconds(1);
    private static final int TIMEOUT_MILLIS = 1000;

    private final JedisPool pool;
    private final String where;
    private final Clock clock;
    private final List<Runnable> onRecovery = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile Instant nextTry = Instant.MIN;

    private RedisLink(JedisPool pool, String where, Clock clock) {
        this.pool = pool;
        this.where = where;
        this.clock = clock;
    }

    /**
     * Connects to {@code uri} and checks it answers PING.
     *
     * @throws IllegalArgumentException when {@code uri} is not a redis:// or rediss:// URI with a host
     * @throws IllegalStateException    when Redis there does not answer
     */
    static RedisLink open(URI uri, Clock clock) {
        String where = shown(uri);
        boolean redisScheme = JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri);
        if (!redisScheme || !JedisURIHelper.isValid(uri) || uri.getPort() == 0) {
            throw new IllegalArgumentException("--redis " + where
                    + ": not a Redis URI (expected redis://HOST[:PORT][/DB] or rediss://...)");
        }
        JedisPool pool;
        try {
            GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
            config.setMaxTotal(16);
            config.setJmxEnabled(false);
            pool = new JedisPool(config, uri, TIMEOUT_MILLIS, TIMEOUT_MILLIS);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--redis " + where + ": " + e.getMessage(), e);
        }
        RedisLink link = new RedisLink(pool, where, clock);
        try (Jedis j = pool.getResource()) {
            j.ping();
        } catch (RuntimeException e) {
            pool.close();
            throw new IllegalStateException("--redis " + where + ": Redis does not answer (" + e.getMessage() + ")", e);
        }
        return link;
    }

    /** The URI without user and password, for messages. */
    static String shown(URI uri) {
        if (uri.getUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getPath() == null ? "" : uri.getPath());
    }

    JedisPool pool() {
        return pool;
    }

    /** Where Redis is, without credentials. */
    String where() {
        return where;
    }

    /** Runs after an outage ended, in the thread that found Redis answering again. */
    void onRecovery(Runnable action) {
        onRecovery.add(action);
    }

    boolean isDown() {
        return down;
    }

    /**
     * {@code redis} when Redis answers, otherwise {@code fallback}. Redis is not tried while an
     * outage is known and the next retry is not due.
     */
    <T> T call(String what, Supplier<T> redis, Supplier<T> fallback) {
        if (down && clock.instant().isBefore(nextTry)) {
            return fallback.get();
        }
        try {
            T result = redis.get();
            answered();
            return result;
        } catch (JedisDataException e) {
            throw e; // Redis answered, with an error: not an outage
        } catch (JedisException e) {
            failed(what, e);
            return fallback.get();
        }
    }

    /** {@link #call} without a fallback: throws {@link Unavailable} naming {@code what} when Redis is down. */
    <T> T require(String what, Supplier<T> redis) {
        return call(what, redis, () -> {
            throw new Unavailable("Redis at " + where + " does not answer: cannot " + what);
        });
    }

    /** True when Redis answers PING now (tried even during an outage). */
    boolean answers() {
        nextTry = Instant.MIN;
        return call("answer PING", () -> {
            try (Jedis j = pool.getResource()) {
                j.ping();
                return true;
            }
        }, () -> false);
    }

    private void answered() {
        if (down) {
            synchronized (this) {
                if (!down) {
                    return;
                }
                down = false;
            }
            LOG.warn("Redis at {} answers again: registrations and credentials are shared again", where);
            onRecovery.forEach(Runnable::run);
        }
    }

    private void failed(String what, JedisException e) {
        nextTry = clock.instant().plus(RETRY);
        synchronized (this) {
            if (down) {
                return;
            }
            down = true;
        }
        LOG.error("Redis at {} does not answer ({} failed: {}): new registrations are refused with 5.03; nodes"
                + " this instance knows keep being served from its own copy until Redis is back", where, what,
                e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage());
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Redis is needed for this and does not answer. */
    static final class Unavailable extends IllegalStateException {
        Unavailable(String message) {
            super(message);
        }
    }
}
