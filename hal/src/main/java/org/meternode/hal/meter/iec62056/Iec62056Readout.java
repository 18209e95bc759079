package org.meternode.hal.meter.iec62056;

/** What one IEC 62056-21 readout delivered: the meter's identification and its data block. */
public record Iec62056Readout(Iec62056Identification identification, Iec62056DataBlock data) {
}
