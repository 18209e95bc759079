package org.meternode.tools.headend.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.tools.headend.ReadingStore;
import org.meternode.tools.headend.ReadingStoreContract;

/** The SQLite reading store against the contract, in a file under a directory it creates. */
class SqliteReadingStoreTest extends ReadingStoreContract {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("db/headend.db");
    }

    @Override
    protected ReadingStore openEmpty() {
        return SqliteReadingStore.open(file());
    }

    @Override
    protected ReadingStore reopen() {
        return SqliteReadingStore.open(file());
    }

    @Test
    void it_says_which_file_it_stores_in() {
        assertThat(store.describe()).isEqualTo(file().toString());
    }
}
