package org.meternode.tools.headend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.junit.jupiter.api.Test;

/** The head-end's limits one by one: token bucket, Send guard, registration query, SenML shape. */
class HeadEndLimitsTest {
    private static final Instant NOW = Instant.parse("2026-12-03T07:00:00Z");

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void a_bucket_gives_its_burst_then_refills_at_its_rate_per_key() {
        MovingClock clock = new MovingClock();
        TokenBucketLimiter limiter = new TokenBucketLimiter(new TokenBucketLimiter.Limit(2, 3), clock);

        assertThat(List.of(limiter.tryAcquire("a"), limiter.tryAcquire("a"), limiter.tryAcquire("a"),
                limiter.tryAcquire("a"))).containsExactly(true, true, true, false);
        assertThat(limiter.tryAcquire("b")).as("another node has its own bucket").isTrue();
        clock.now = NOW.plusMillis(500);
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThatThrownBy(() -> new TokenBucketLimiter.Limit(Double.NaN, 1)).hasMessageContaining("perSecond");
    }

    @Test
    void the_send_guard_refuses_out_of_window_times_non_finite_values_and_unknown_objects() {
        SendGuard guard = new SendGuard(Clock.fixed(NOW, ZoneOffset.UTC));
        LwM2mPath power = new LwM2mPath(3305, 0, 5800);

        assertThat(guard.refusal(at(NOW.minusSeconds(60), power, 12.5))).isEmpty();
        assertThat(guard.refusal(at(NOW.plus(Duration.ofDays(2)), power, 12.5))).get().asString()
                .contains("/3305/0/5800").contains("outside");
        assertThat(guard.refusal(at(Instant.parse("1999-12-31T23:59:59Z"), power, 1.0))).isPresent();
        assertThat(guard.refusal(at(NOW, power, Double.NaN))).get().asString().contains("/3305/0/5800: value NaN");
        assertThat(guard.refusal(at(NOW, new LwM2mPath(9999, 0, 1), 1.0))).get().asString()
                .contains("object 9999");
        assertThat(guard.refusal(at(NOW, new LwM2mPath(3305, 0, 5750), "x".repeat(2000)))).get().asString()
                .contains("2000 characters");
    }

    @Test
    void registration_queries_are_checked_parameter_by_parameter() {
        assertThat(RegistrationQueryGuard.refusal(true, List.of("ep=node-1", "lt=3600", "lwm2m=1.1", "b=U")))
                .isEmpty();
        assertThat(RegistrationQueryGuard.refusal(false, List.of("lt=60"))).isEmpty();
        assertThat(RegistrationQueryGuard.refusal(true, List.of("ep=node-1", "lt=abc"))).get().asString()
                .startsWith("lt=abc");
        assertThat(RegistrationQueryGuard.refusal(true, List.of("ep=node-1", "lt=99999999999"))).isPresent();
        assertThat(RegistrationQueryGuard.refusal(true, List.of("ep=node-1", "b=\u00ff"))).get().asString()
                .startsWith("b=");
        assertThat(RegistrationQueryGuard.refusal(true, List.of("lt=60"))).get().asString().contains("without ep=");
        assertThat(RegistrationQueryGuard.refusal(false, List.of("ep=other"))).isPresent();
        assertThat(RegistrationQueryGuard.refusal(true, List.of("ep=a", "ep=b"))).get().asString().contains("twice");
    }

    @Test
    void senml_cbor_of_the_wrong_shape_is_refused_naming_record_and_label() {
        byte[] textTime = HostileNodeTest.SenMl.one("/3305/0/", "5800", com.upokecenter.cbor.CBORObject.FromObject(1.0),
                HostileNodeTest.SenMl.V, com.upokecenter.cbor.CBORObject.FromObject("yesterday"));
        byte[] good = HostileNodeTest.SenMl.records(3, NOW, new java.util.Random(1));

        assertThat(SenMlShape.refusal(good)).isEmpty();
        assertThat(SenMlShape.refusal(textTime)).get().asString().isEqualTo(
                "record 0: label 6 must be a finite number, got text of 9 characters");
        assertThat(SenMlShape.refusal(new byte[] {(byte) 0x9f, (byte) 0x9f})).get().asString()
                .startsWith("body is not one well-formed CBOR item");
    }

    private static TimestampedLwM2mNodes at(Instant at, LwM2mPath path, Object value) {
        LwM2mSingleResource r = value instanceof String s ? LwM2mSingleResource.newStringResource(path.getResourceId(), s)
                : LwM2mSingleResource.newFloatResource(path.getResourceId(), (Double) value);
        return TimestampedLwM2mNodes.builder().put(at, path, r).build();
    }
}
