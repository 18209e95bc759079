package org.meternode.hal.meter.wmbus;

/** How the link-layer CRCs of a received frame are laid out (EN 13757-4 frame formats). */
public enum LinkCrc {
    /** No CRCs: the receiver (a USB stick, rtl-wmbus) checked and removed them; L counts the bytes after it. */
    NONE,
    /** Frame format A: a CRC after the first 10 bytes (L..A) and after every 16 bytes after that; L excludes CRCs. */
    FORMAT_A,
    /** Frame format B: a CRC after the first 126 bytes and one at the end (one only when short); L includes them. */
    FORMAT_B,
    /** Tell from the L-field and the CRCs which of the three the frame is. */
    DETECT
}
