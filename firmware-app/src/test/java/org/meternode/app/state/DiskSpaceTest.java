package org.meternode.app.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {
    @TempDir
    Path dir;

    @Test
    void tells_the_same_free_space_as_the_file_store() throws Exception {
        long ours = DiskSpace.usableBytes(dir);
        long store = Files.getFileStore(dir).getUsableSpace();
        assertThat(ours).isPositive();
        // Other writers on the machine move the figure a little between the two calls.
        assertThat((double) Math.abs(ours - store)).isLessThan(0.01 * store);
    }

    @Test
    void a_file_counts_as_its_file_system() throws Exception {
        Path file = Files.writeString(dir.resolve("outbox.db"), "x");
        assertThat(DiskSpace.usableBytes(file)).isPositive();
    }

    @Test
    void a_missing_path_is_an_error_naming_it_not_zero_bytes_free() {
        Path missing = dir.resolve("no-such-dir");
        assertThatThrownBy(() -> DiskSpace.usableBytes(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
    }
}
