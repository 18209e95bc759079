package org.meternode.tools.headend.sqlite;

import java.nio.file.Path;
import java.sql.SQLException;
import org.meternode.tools.headend.StoreException;
import org.meternode.tools.headend.StoreUnavailableException;
import org.sqlite.SQLiteErrorCode;

/** Turns SQLite's errors into the store's: a file still locked after the busy timeout is "try later", the rest is a failure. */
final class SqliteErrors {
    private SqliteErrors() {
    }

    static StoreException of(Path file, String what, SQLException e) {
        String message = "head-end database " + file + ": " + what + ": " + e.getMessage();
        int code = e.getErrorCode() & 0xff; // the primary result code, without the extended bits
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new StoreUnavailableException(message, e);
        }
        return new StoreException(message, e);
    }
}
