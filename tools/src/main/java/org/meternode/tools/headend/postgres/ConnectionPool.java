package org.meternode.tools.headend.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.meternode.tools.headend.StoreException;
import org.meternode.tools.headend.StoreUnavailableException;

/**
 * A fixed number of connections to one database, opened when first needed and shared by the three
 * stores. A connection that failed as unreachable is closed together with the idle ones (they went
 * with the same server); the next call opens a fresh one, at most one connect attempt per call, so
 * a down server sees no reconnect storm.
 */
final class ConnectionPool implements AutoCloseable {
    /** How long a call waits for a free connection before it is "try later". */
    private static final long BORROW_TIMEOUT_SECONDS = 10;

    private final PostgresLocation location;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger users = new AtomicInteger(1);
    private volatile boolean closed;

    ConnectionPool(PostgresLocation location) {
        this.location = location;
        this.permits = new Semaphore(location.pool(), true);
    }

    String describe() {
        return location.describe();
    }

    /** Another store uses this pool; it closes when the last one closes it. */
    ConnectionPool share() {
        users.incrementAndGet();
        return this;
    }

    /** Runs {@code work} on a connection in autocommit mode; {@code what} names the operation in errors. */
    <T> T call(String what, SqlWork<T> work) {
        Connection db = borrow(what);
        boolean reuse = false;
        boolean serverGone = false;
        try {
            T out = work.on(db);
            reuse = true;
            return out;
        } catch (SQLException e) {
            serverGone = PgErrors.unavailable(e);
            reuse = !serverGone && !isClosed(db);
            throw PgErrors.of(describe(), what, e);
        } finally {
            release(db, reuse, serverGone);
        }
    }

    /** Runs {@code work} in one transaction, committed before this returns, rolled back on any failure. */
    <T> T transaction(String what, SqlWork<T> work) {
        return call(what, db -> {
            db.setAutoCommit(false);
            T out;
            try {
                out = work.on(db);
                db.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    db.rollback();
                    db.setAutoCommit(true);
                } catch (SQLException r) {
                    e.addSuppressed(r); // a lost connection cannot roll back; the server does when it notices
                }
                throw e;
            }
            db.setAutoCommit(true);
            return out;
        });
    }

    private static boolean isClosed(Connection db) {
        try {
            return db.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private Connection borrow(String what) {
        if (closed) {
            throw new StoreException("head-end database " + describe() + ": " + what + ": the store is closed", null);
        }
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new StoreUnavailableException("head-end database " + describe() + ": " + what + ": all "
                        + location.pool() + " connections busy for " + BORROW_TIMEOUT_SECONDS + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("head-end database " + describe() + ": " + what
                    + ": interrupted waiting for a connection", e);
        }
        Connection db = idle.pollFirst();
        if (db != null) {
            return db;
        }
        try {
            return DriverManager.getConnection(location.jdbcUrl(), location.properties());
        } catch (SQLException e) {
            permits.release();
            throw PgErrors.of(describe(), what + " (connecting)", e);
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Back to the idle ones, or closed; when the server went away, the idle ones are closed too. */
    private void release(Connection db, boolean reuse, boolean serverGone) {
        try {
            if (!reuse || closed) {
                quietlyClose(db);
                if (serverGone) {
                    for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
                        quietlyClose(c);
                    }
                }
            } else {
                idle.offerFirst(db);
            }
        } finally {
            permits.release();
        }
    }

    private static void quietlyClose(Connection db) {
        try {
            db.close();
        } catch (SQLException ignored) {
            // a broken connection may fail to close; it is dropped either way
        }
    }

    @Override
    public void close() {
        if (users.decrementAndGet() > 0) {
            return;
        }
        closed = true;
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            quietlyClose(c);
        }
    }
}
