package org.meternode.hal.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.read;
import static org.meternode.hal.bus.fake.FakeI2cBus.Entry.write;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.chip.model.I2cChipModel;

/** The I2cBus defaults and the fake bus they are tested on. */
class FakeI2cBusTest {

    /** 256 byte registers with an auto-incrementing pointer, like an EEPROM or RTC. */
    private static final class ByteRegisters implements I2cChipModel {
        final byte[] mem = new byte[256];
        int pointer;

        @Override
        public void onWrite(byte[] bytes) {
            if (bytes.length == 0) {
                return;
            }
            pointer = bytes[0] & 0xFF;
            for (int i = 1; i < bytes.length; i++) {
                mem[pointer++ & 0xFF] = bytes[i];
            }
        }

        @Override
        public byte[] onRead(int length) {
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) {
                out[i] = mem[pointer++ & 0xFF];
            }
            return out;
        }
    }

    private final FakeI2cBus bus = new FakeI2cBus("i2c-1");
    private final ByteRegisters chip = bus.attach(0x50, new ByteRegisters());

    @Test
    void register16_is_big_endian_on_the_wire() throws IOException {
        bus.writeRegister16(0x50, 0x10, 0xABCD);
        assertThat(bus.readRegister16(0x50, 0x10)).isEqualTo(0xABCD);
        assertThat(bus.log()).containsExactly(
                write(0x50, 0x10, 0xAB, 0xCD),
                write(0x50, 0x10), read(0x50, 0xAB, 0xCD));
    }

    @Test
    void register16_reads_unsigned_and_casts_to_twos_complement() throws IOException {
        bus.writeRegister16(0x50, 0x00, 0xF060);
        assertThat(bus.readRegister16(0x50, 0x00)).isEqualTo(0xF060);
        assertThat((short) bus.readRegister16(0x50, 0x00)).isEqualTo((short) -4000);
    }

    @Test
    void register8_block_and_plain_reads_and_writes() throws IOException {
        bus.writeRegister8(0x50, 0x20, 0x7F);
        bus.write(0x50, new byte[] {0x21, 0x01, 0x02});
        assertThat(bus.readRegister8(0x50, 0x20)).isEqualTo(0x7F);
        byte[] block = new byte[3];
        bus.readRegisters(0x50, 0x20, block);
        assertThat(block).containsExactly(0x7F, 0x01, 0x02);
        bus.write(0x50, (byte) 0x21);
        assertThat(bus.read(0x50, 2)).containsExactly(0x01, 0x02);
        assertThat(bus.log().get(bus.log().size() - 1)).isEqualTo(read(0x50, 0x01, 0x02));
    }

    @Test
    void an_absent_address_is_a_nack_naming_bus_and_address() {
        assertThatThrownBy(() -> bus.readRegister16(0x48, 0))
                .isInstanceOf(I2cNackException.class)
                .hasMessageContaining("i2c-1")
                .hasMessageContaining("0x48")
                .satisfies(e -> assertThat(((I2cNackException) e).address()).isEqualTo(0x48));
        assertThat(bus.log()).isEmpty();
    }

    @Test
    void a_detached_chip_stops_answering() throws IOException {
        bus.readRegister8(0x50, 0);
        bus.detach(0x50);
        assertThatThrownBy(() -> bus.readRegister8(0x50, 0)).isInstanceOf(I2cNackException.class);
    }

    @Test
    void transaction_groups_its_messages_and_returns_the_work_result() throws IOException {
        chip.mem[0] = 0x12;
        bus.readRegister8(0x50, 0x00);
        int value = bus.transaction(0x50, b -> {
            b.writeRegister8(0x50, 0x01, 0x34);
            return b.transaction(0x50, inner -> inner.readRegister8(0x50, 0x01)); // nested: same transaction
        });

        assertThat(value).isEqualTo(0x34);
        assertThat(bus.log()).hasSize(5);
        assertThat(bus.transactions()).containsExactly(java.util.List.of(
                write(0x50, 0x01, 0x34), write(0x50, 0x01), read(0x50, 0x34)));
    }

    @Test
    void transaction_keeps_other_threads_off_the_bus_until_it_ends() throws Exception {
        var inside = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = Thread.ofVirtual().name("holder").start(() -> {
            try {
                bus.transaction(0x50, b -> {
                    b.writeRegister8(0x50, 0x00, 0x01);
                    inside.countDown();
                    awaitQuietly(release);
                    b.writeRegister8(0x50, 0x00, 0x02);
                    return null;
                });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        inside.await();
        Thread other = Thread.ofVirtual().name("other").start(() -> {
            try {
                bus.writeRegister8(0x50, 0x00, 0x03);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        other.join(java.time.Duration.ofMillis(50));
        assertThat(other.isAlive()).as("blocked while the transaction holds the bus").isTrue();
        release.countDown();
        holder.join();
        other.join();
        assertThat(bus.log()).containsExactly(
                write(0x50, 0x00, 0x01), write(0x50, 0x00, 0x02), write(0x50, 0x00, 0x03));
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void rejects_addresses_beyond_7_bits() {
        assertThatThrownBy(() -> bus.write(0x80, (byte) 0x00)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x80");
    }
}
