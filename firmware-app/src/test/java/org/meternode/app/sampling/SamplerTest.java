package org.meternode.app.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.channel.Channel;
import org.meternode.app.channel.CtClampChannel;
import org.meternode.app.channel.PulseChannel;
import org.meternode.app.outbox.CounterState;
import org.meternode.app.outbox.Outbox;
import org.meternode.app.outbox.StoredReading;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;
import org.meternode.app.reading.Reading;
import org.meternode.app.reading.Reading.Quality;
import org.meternode.hal.PulseCount;
import org.meternode.hal.PulseCounter;
import org.meternode.hal.Sleeper;
import org.meternode.hal.bus.fake.FakeI2cBus;
import org.meternode.hal.bus.fake.VirtualSleeper;
import org.meternode.hal.chip.Ads1115;
import org.meternode.hal.chip.model.Ads1115Model;
import org.meternode.hal.sensor.CtClamp;

/** The sampling loop against a real outbox, hand-written channels and virtual time. */
class SamplerTest {
    private static final Duration QUARTER = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private Outbox outbox;
    private final VirtualSleeper sleeper = new VirtualSleeper(T0.minusSeconds(7 * 60));
    private final MeterCounter meter = new MeterCounter();
    private final List<String> heard = new ArrayList<>();
    private final List<List<Reading>> listened = new ArrayList<>();

    @BeforeEach
    void open() {
        outbox = Outbox.open(dir.resolve("outbox.db"));
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    @Test
    void one_interval_is_stored_with_its_counters_and_end() {
        Sampler sampler = sampler(pulse(), current("ct", 4.2));
        meter.total = 1234;

        List<Reading> stored = sampler.sampleInterval(T0);

        assertThat(stored).extracting(Reading::channel, r -> r.value().toPlainString(), Reading::quality)
                .containsExactly(
                        tuple("grid.energy", "1.234", Quality.GOOD),
                        tuple("ct.current", "4.2", Quality.GOOD));
        assertThat(outbox.pending(100)).extracting(StoredReading::reading).containsExactlyElementsOf(stored);
        assertThat(outbox.counterStates()).containsOnlyKeys("grid");
        assertThat(outbox.counterStates().get("grid").total()).isEqualTo(1234);
        assertThat(outbox.lastIntervalEnd()).contains(T0);
    }

    @Test
    void the_second_interval_reports_mean_power_from_the_stored_counter() {
        Sampler sampler = sampler(pulse());
        sleeper.sleepUntil(T0);
        meter.total = 1000;
        sampler.sampleInterval(T0);
        sleeper.sleepUntil(T0.plus(QUARTER));
        meter.total = 1250;

        List<Reading> second = sampler.sampleInterval(T0.plus(QUARTER));

        assertThat(second).extracting(r -> r.channel() + "=" + r.value().toPlainString())
                .containsExactly("grid.energy=1.25", "grid.power=1000");
    }

    @Test
    void a_failing_channel_reports_a_fault_and_the_others_still_report() {
        Sampler sampler = sampler(current("ct", 4.2), failing("broken", Quantity.ENERGY, new IOException("no answer")),
                current("ct2", 1.5));

        List<Reading> stored = sampler.sampleInterval(T0);

        assertThat(stored).extracting(Reading::channel, Reading::quality).containsExactly(
                tuple("ct.current", Quality.GOOD),
                tuple("broken.energy", Quality.FAULT),
                tuple("ct2.current", Quality.GOOD));
        Reading fault = stored.get(1);
        assertThat(fault.unit()).isEqualTo("kWh");
        assertThat(fault.at()).isEqualTo(T0);
        assertThat(outbox.pending(100)).extracting(StoredReading::reading).containsExactlyElementsOf(stored);
    }

    @Test
    void a_channel_failing_with_a_runtime_exception_is_a_fault_too() {
        Sampler sampler = sampler(failing("ct", Quantity.CURRENT, new IllegalStateException("ADC busy")));

        assertThat(sampler.sampleInterval(T0)).singleElement()
                .isEqualTo(new Reading("ct.current", T0, 0, 0, "A", Quality.FAULT));
    }

    @Test
    void a_failed_pulse_read_keeps_the_last_good_counter_state() {
        Sampler sampler = sampler(pulse());
        meter.total = 1000;
        sampler.sampleInterval(T0);
        CounterState good = outbox.counterStates().get("grid");
        meter.failure = new IOException("counter device gone");

        List<Reading> stored = sampler.sampleInterval(T0.plus(QUARTER));

        assertThat(stored).extracting(Reading::channel, Reading::quality)
                .containsExactly(tuple("grid.energy", Quality.FAULT), tuple("grid.power", Quality.FAULT));
        assertThat(outbox.counterStates()).containsEntry("grid", good);
        assertThat(outbox.lastIntervalEnd()).contains(T0.plus(QUARTER));
    }

    @Test
    void the_listener_hears_exactly_what_was_stored_after_it_was_stored() {
        Sampler sampler = new Sampler(List.of(pulse(), current("ct", 2)), outbox, sleeper,
                IntervalSchedule.aligned(QUARTER), (end, readings) -> {
                    heard.add(end + " pending=" + outbox.pendingCount());
                    listened.add(readings);
                });
        meter.total = 10;

        List<Reading> stored = sampler.sampleInterval(T0);

        assertThat(heard).containsExactly(T0 + " pending=2");
        assertThat(listened).containsExactly(stored);
        assertThat(outbox.pending(100)).extracting(StoredReading::reading).containsExactlyElementsOf(listened.get(0));
    }

    @Test
    void counters_survive_a_restart() {
        meter.total = 5000;
        sampler(pulse()).sampleInterval(T0);
        outbox.close();
        outbox = Outbox.open(dir.resolve("outbox.db"));
        meter.total = 12; // the board's counter started again from zero
        sleeper.sleepUntil(T0.plus(QUARTER));

        List<Reading> stored = sampler(pulse()).sampleInterval(T0.plus(QUARTER));

        assertThat(stored.get(0).value()).isEqualByComparingTo("5.012");
        assertThat(outbox.counterStates().get("grid")).isEqualTo(new CounterState(12, 5000, T0.plus(QUARTER),
                CounterState.Scale.from(new BigDecimal("1000"))));
    }

    @Test
    void missed_interval_ends_are_back_filled_in_the_same_interval() {
        Sampler sampler = sampler(pulse(), current("ct", 3));
        sleeper.sleepUntil(T0);
        meter.total = 1000;
        sampler.sampleInterval(T0);
        Instant end = T0.plus(Duration.ofHours(1));
        sleeper.sleepUntil(end);
        meter.total = 2000;

        List<Reading> stored = sampler.sampleInterval(end);

        assertThat(stored).filteredOn(r -> r.channel().equals("grid.energy"))
                .extracting(r -> r.at().toString().substring(11, 16) + " " + r.value().toPlainString() + " "
                        + r.quality())
                .containsExactly("10:15 1.25 INTERPOLATED", "10:30 1.5 INTERPOLATED", "10:45 1.75 INTERPOLATED",
                        "11:00 2 GOOD");
        // A clamp cannot know the current it did not measure: only the end.
        assertThat(stored).filteredOn(r -> r.channel().equals("ct.current")).extracting(Reading::at)
                .containsExactly(end);
        assertThat(outbox.pendingCount()).isEqualTo(2 + stored.size());
    }

    @Test
    void next_interval_end_comes_from_the_clock_and_the_outbox() {
        Sampler sampler = sampler(current("ct", 1));
        assertThat(sampler.nextIntervalEnd()).isEqualTo(T0); // clock at 09:53

        sampler.sampleInterval(T0);
        sleeper.sleepUntil(T0.plusSeconds(20)); // woke a little late: 10:00 is stored already
        assertThat(sampler.nextIntervalEnd()).isEqualTo(T0.plus(QUARTER));
    }

    @Test
    void on_schedule_while_asleep_until_the_next_end_and_not_once_that_end_is_long_past() throws Exception {
        // A sleeper that blocks until interrupted, on a clock the test sets: the loop "hangs" asleep.
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(T0);
        java.util.concurrent.CountDownLatch asleep = new java.util.concurrent.CountDownLatch(1);
        Sleeper hanging = new Sleeper() {
            @Override
            public java.time.Clock clock() {
                return new java.time.Clock() {
                    @Override
                    public java.time.ZoneId getZone() {
                        return java.time.ZoneOffset.UTC;
                    }

                    @Override
                    public java.time.Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return now.get();
                    }
                };
            }

            @Override
            public void sleepUntil(Instant deadline) throws InterruptedException {
                asleep.countDown();
                Thread.sleep(Long.MAX_VALUE);
            }
        };
        Sampler sampler = new Sampler(List.of(pulse()), outbox, hanging, IntervalSchedule.aligned(QUARTER), (e, r) -> { });
        Duration grace = Duration.ofMinutes(2);
        assertThat(sampler.onSchedule(grace)).as("loop not started").isFalse();

        Thread loop = Thread.ofPlatform().name("sampler-under-test").start(() -> {
            try {
                sampler.run();
            } catch (InterruptedException e) {
                // stopped by the test
            }
        });
        try {
            assertThat(asleep.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(sampler.onSchedule(grace)).as("asleep until its next end").isTrue();
            now.set(sampler.nextIntervalEnd().plus(Duration.ofMinutes(1)));
            assertThat(sampler.onSchedule(grace)).as("a minute late, inside the grace").isTrue();
            now.set(now.get().plus(Duration.ofMinutes(2)));
            assertThat(sampler.onSchedule(grace)).as("three minutes late").isFalse();
        } finally {
            loop.interrupt();
            loop.join(5_000);
        }
    }

    @Test
    void run_sleeps_to_each_boundary_and_samples_it_until_interrupted() {
        List<Instant> ends = new ArrayList<>();
        Sampler sampler = new Sampler(List.of(pulse()), outbox, sleeper, IntervalSchedule.aligned(QUARTER),
                (end, readings) -> {
                    ends.add(end);
                    meter.total += 250;
                    if (ends.size() == 4) {
                        Thread.currentThread().interrupt();
                    }
                });

        assertThatThrownBy(sampler::run).isInstanceOf(InterruptedException.class);
        Thread.interrupted();

        assertThat(ends).containsExactly(T0, T0.plus(QUARTER), T0.plus(QUARTER.multipliedBy(2)),
                T0.plus(QUARTER.multipliedBy(3)));
        assertThat(sleeper.now()).isEqualTo(T0.plus(QUARTER.multipliedBy(3)));
        assertThat(outbox.pending(100)).filteredOn(s -> s.reading().channel().equals("grid.power"))
                .extracting(s -> s.reading().value().toPlainString()).containsExactly("1000", "1000", "1000");
    }

    @Test
    void a_reschedule_during_a_ct_clamp_sample_lets_the_sample_finish_with_no_fault() throws Exception {
        CountDownLatch converting = new CountDownLatch(1);
        CountDownLatch rescheduled = new CountDownLatch(1);
        Channel clamp = adsClamp("mains", converting, rescheduled);
        List<List<Reading>> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sampler sampler = new Sampler(List.of(clamp), outbox, sleeper, IntervalSchedule.aligned(QUARTER),
                (end, readings) -> {
                    stored.add(readings);
                    Thread.currentThread().interrupt(); // shutdown after one interval
                });
        Thread loop = Thread.ofPlatform().name("sampler-under-test").start(() -> {
            try {
                sampler.run();
            } catch (InterruptedException e) {
                // stopped after one interval
            }
        });
        assertThat(converting.await(5, TimeUnit.SECONDS)).as("sample under way").isTrue();

        sampler.reschedule(IntervalSchedule.aligned(Duration.ofMinutes(5)));
        rescheduled.countDown();
        loop.join(5_000);

        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).extracting(Reading::channel, Reading::quality)
                .containsExactly(tuple("mains.current", Quality.GOOD));
        assertThat(sampler.faultCount()).isZero();
        assertThat(sampler.lastFault("mains")).isEmpty();
    }

    @Test
    void a_stop_during_a_ct_clamp_sample_stores_that_sample_good_and_then_run_returns() throws Exception {
        // What MeterNode.restart does (it interrupted the loop before: the interval was stored as FAULT).
        CountDownLatch converting = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Sampler sampler = new Sampler(List.of(adsClamp("mains", converting, stopped)), outbox, sleeper,
                IntervalSchedule.aligned(QUARTER), (end, readings) -> listened.add(readings));
        java.util.concurrent.CompletableFuture<Void> loop = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().name("sampler-under-test").start(() -> {
            try {
                sampler.run();
                loop.complete(null);
            } catch (Throwable e) {
                loop.completeExceptionally(e);
            }
        });
        assertThat(converting.await(5, TimeUnit.SECONDS)).as("sample under way").isTrue();

        sampler.stop();
        stopped.countDown();
        loop.get(5, TimeUnit.SECONDS);

        assertThat(listened).hasSize(1);
        assertThat(listened.get(0)).extracting(Reading::at, Reading::quality).containsExactly(tuple(T0, Quality.GOOD));
        assertThat(outbox.lastIntervalEnd()).contains(T0);
        assertThat(sampler.faultCount()).isZero();
    }

    @Test
    void a_failing_outbox_is_not_hidden_and_the_listener_is_not_told() {
        Sampler sampler = new Sampler(List.of(current("ct", 1)), outbox, sleeper, IntervalSchedule.aligned(QUARTER),
                (end, readings) -> heard.add(end.toString()));
        outbox.close();

        assertThatThrownBy(() -> sampler.sampleInterval(T0)).hasMessageContaining("outbox");
        assertThat(heard).isEmpty();
        outbox = Outbox.open(dir.resolve("outbox.db"));
    }

    /**
     * A CT clamp on a real ADS1115 driver and chip model. Its first conversion wait blocks until the
     * test lets it go, and like every real sleeper it ends with InterruptedException when interrupted.
     */
    private Channel adsClamp(String id, CountDownLatch converting, CountDownLatch release) {
        Sleeper chipTime = new Sleeper() {
            @Override
            public java.time.Clock clock() {
                return sleeper.clock();
            }

            @Override
            public void sleepUntil(Instant deadline) throws InterruptedException {
                converting.countDown();
                release.await();
                sleeper.sleepUntil(deadline);
            }
        };
        FakeI2cBus bus = new FakeI2cBus();
        bus.attach(0x48, new Ads1115Model(sleeper.clock())).setInput(0, t -> 1.65 + 0.1 * Math.signum(
                Math.sin(2 * Math.PI * 50 * (t.getNano() / 1e9 + 0.0025))));
        Ads1115 adc = new Ads1115(bus, 0x48, Ads1115.Gain.FSR_4V096, Ads1115.DataRate.SPS_860, chipTime);
        return new CtClampChannel(id, new CtClamp(adc.channel(Ads1115.Input.AIN0, Ads1115.Mode.SINGLE_SHOT),
                2000, 22, 50, 1, 1.0));
    }

    private Sampler sampler(Channel... channels) {
        return new Sampler(List.of(channels), outbox, sleeper, IntervalSchedule.aligned(QUARTER), (e, r) -> { });
    }

    private PulseChannel pulse() {
        return PulseChannel.electricity("grid", meter, new BigDecimal("1000"));
    }

    private static Channel current(String id, double amps) {
        return new FakeChannel(id, Quantity.CURRENT, end -> List.of(Reading.of(Quantity.CURRENT.stream(id), end,
                BigDecimal.valueOf(amps), "A", Quality.GOOD)), null);
    }

    private static Channel failing(String id, Quantity quantity, Exception failure) {
        return new FakeChannel(id, quantity, end -> List.of(), failure);
    }

    /** A pulse counter read at the virtual clock's time, with a total the test sets. */
    private final class MeterCounter implements PulseCounter {
        long total;
        IOException failure;

        @Override
        public PulseCount read() throws IOException {
            if (failure != null) {
                throw failure;
            }
            return new PulseCount(total, sleeper.now());
        }
    }

    /** A channel with fixed readings, or one that always fails. */
    private record FakeChannel(String id, Quantity quantity, java.util.function.Function<Instant, List<Reading>> values,
            Exception failure) implements Channel {
        @Override
        public List<ReadingStream> streams() {
            return List.of(ReadingStream.of(quantity));
        }

        @Override
        public Sample sample(Instant intervalEnd, List<Instant> missed, Optional<CounterState> previous)
                throws IOException {
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            return new Sample(values.apply(intervalEnd), Optional.empty());
        }
    }
}
