package org.meternode.tools.headend.postgres;

import java.sql.SQLException;
import java.util.Set;
import org.meternode.tools.headend.StoreException;
import org.meternode.tools.headend.StoreUnavailableException;

/**
 * Turns PostgreSQL's errors into the store's: no connection (SQLState class 08), the server shutting
 * down or starting (57P01, 57P02, 57P03) or full (53300) is "try later"; the rest is a failure.
 */
final class PgErrors {
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

    private PgErrors() {
    }

    static StoreException of(String where, String what, SQLException e) {
        String message = "head-end database " + where + ": " + what + ": " + e.getMessage();
        return unavailable(e) ? new StoreUnavailableException(message, e) : new StoreException(message, e);
    }

    static boolean unavailable(SQLException e) {
        String state = state(e);
        return state != null && (state.startsWith("08") || UNAVAILABLE.contains(state));
    }

    /** The SQLState, looking into a batch failure's first cause when the batch has none of its own. */
    static String state(SQLException e) {
        SQLException next = e.getNextException();
        return e.getSQLState() == null && next != null ? next.getSQLState()
                : e instanceof java.sql.BatchUpdateException && next != null ? next.getSQLState() : e.getSQLState();
    }
}
