package org.meternode.hal.meter.dsmr;

import java.time.Duration;
import java.time.OffsetDateTime;

/** One entry of the power failure event log (1-0:99.97.0): when the failure ended and how long it lasted. */
public record DsmrPowerFailure(OffsetDateTime end, Duration duration) {
}
