package org.meternode.tools.headend.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one pooled connection. */
@FunctionalInterface
interface SqlWork<T> {
    T on(Connection db) throws SQLException;
}
