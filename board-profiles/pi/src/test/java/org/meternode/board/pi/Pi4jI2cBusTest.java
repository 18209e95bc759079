package org.meternode.board.pi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.read;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.write;

import com.pi4j.exception.Pi4JException;
import com.pi4j.io.i2c.I2C;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.hal.bus.I2cNackException;

/** The adapter against hal chip models behind a Pi4J provider (Pi4J's own MockI2C only echoes bytes). */
class Pi4jI2cBusTest {
    @TempDir
    Path stateDir;

    private ChipBoard chips;
    private Pi4jI2cBus bus;

    @BeforeEach
    void open() throws Exception {
        chips = new ChipBoard(stateDir);
        bus = new Pi4jI2cBus(chips.pi4j.context(), FakeBusI2CProvider.ID, 1);
    }

    @AfterEach
    void close() {
        chips.close();
    }

    @Test
    void a_register_round_trips_through_pi4j() throws IOException {
        bus.writeRegister16(0x48, 0x02, 0x1234); // Lo_thresh
        assertThat(bus.readRegister16(0x48, 0x02)).isEqualTo(0x1234);
        assertThat(chips.i2c.log()).containsExactly(write(0x48, 0x02, 0x12, 0x34), write(0x48, 0x02),
                read(0x48, 0x12, 0x34));
        assertThat(chips.i2cProvider().combinedMessages()).as("write-then-read as one message").isEqualTo(1);
    }

    @Test
    void plain_reads_and_writes_are_single_messages() throws IOException {
        bus.write(0x48, (byte) 0x03);
        byte[] hiThresh = bus.read(0x48, 2);
        assertThat(hiThresh).containsExactly(0x7F, 0xFF);
        assertThat(chips.i2cProvider().combinedMessages()).isZero();
    }

    @Test
    void an_address_without_a_chip_is_a_nack_naming_bus_and_address() {
        assertThatThrownBy(() -> bus.readRegister16(0x4A, 0x01))
                .isInstanceOf(I2cNackException.class)
                .hasMessage("i2c-1: no ACK from address 0x4A (chip absent, unpowered or on another address)")
                .satisfies(e -> assertThat(((I2cNackException) e).address()).isEqualTo(0x4A));
        assertThatThrownBy(() -> bus.write(0x4A, (byte) 0x01)).isInstanceOf(I2cNackException.class);
    }

    @Test
    void other_pi4j_failures_are_io_exceptions_naming_bus_and_address() {
        Pi4jI2cBus broken = new Pi4jI2cBus(chips.pi4j.context(), "no-such-provider", 1);
        assertThatThrownBy(() -> broken.readRegister16(0x48, 0x01))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(I2cNackException.class)
                .hasMessageStartingWith("i2c-1: I/O with 0x48 failed: ");
    }

    @Test
    void nacks_are_recognised_by_errno_text_anywhere_in_the_causes() {
        assertThat(Pi4jI2cBus.isNack(new Pi4JException("x", new IOException("Remote I/O error")))).isTrue();
        assertThat(Pi4jI2cBus.isNack(new Pi4JException("x", new IOException("No such device or address")))).isTrue();
        assertThat(Pi4jI2cBus.isNack(new Pi4JException("x", new IOException("Permission denied")))).isFalse();
        assertThat(Pi4jI2cBus.isNack(new Pi4JException("Remote I/O error"))).as("only IOExceptions carry errno").isFalse();
    }

    @Test
    void a_transaction_holds_pi4j_s_lock_for_the_device() throws Exception {
        AtomicReference<I2C> device = new AtomicReference<>();
        String fromOtherThread = bus.transaction(0x48, b -> {
            b.readRegister16(0x48, 0x01); // reentrant: our own calls inside the transaction do not block
            device.set(chips.pi4j.context().registry().get("meternode-i2c-1-0x48", I2C.class));
            // Pi4J gives up on its bus lock after 1 s: another thread cannot get in while we hold it.
            return CompletableFuture.supplyAsync(() -> tryExecute(device.get())).join();
        });
        assertThat(fromOtherThread).isEqualTo("Failed to get I2C lock on bus 1 after 1,000 MILLISECONDS");
        assertThat(CompletableFuture.supplyAsync(() -> tryExecute(device.get())).join())
                .as("released afterwards").isEqualTo("got the lock");
    }

    private static String tryExecute(I2C device) {
        try {
            return device.execute(() -> "got the lock");
        } catch (Pi4JException e) {
            return GpiodLinuxFsContextFactory.rootMessage(e); // Pi4J wraps its own lock timeout
        }
    }

    @Test
    void what_the_work_throws_comes_out_unchanged() {
        IOException io = new IOException("chip said no");
        assertThatThrownBy(() -> bus.transaction(0x48, b -> {
            throw io;
        })).isSameAs(io);
        IllegalStateException runtime = new IllegalStateException("bug");
        assertThatThrownBy(() -> bus.transaction(0x48, b -> {
            throw runtime;
        })).isSameAs(runtime);
    }

    @Test
    void a_transaction_returns_what_the_work_returns() throws IOException {
        int config = bus.transaction(0x48, b -> b.readRegister16(0x48, 0x01));
        assertThat(config).isEqualTo(0x8583);
        assertThat(chips.i2c.transactions()).as("FakeI2cBus sees plain messages: the lock is Pi4J's").isEmpty();
    }
}
