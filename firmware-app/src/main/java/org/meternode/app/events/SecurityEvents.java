package org.meternode.app.events;

/**
 * Where security-relevant happenings go: failed handshakes and registrations, credential changes,
 * config writes, update attempts, tamper edges. Implementations store and report them; callers
 * only describe them, never with a secret in {@code detail}.
 */
@FunctionalInterface
public interface SecurityEvents {
    /** A DTLS handshake failed (either side refused, or it timed out). */
    String HANDSHAKE_FAILED = "handshake-failed";
    /** The server refused or did not answer a registration. */
    String REGISTRATION_FAILED = "registration-failed";
    /** Bootstrapping failed (refused, timed out, or an inconsistent configuration). */
    String BOOTSTRAP_FAILED = "bootstrap-failed";
    /** A key, certificate or trust anchor of the node changed. */
    String CREDENTIAL_CHANGED = "credential-changed";
    /** The node's configuration was written (hook for remote config). */
    String CONFIG_WRITTEN = "config-written";
    /** A firmware update was attempted (hook for the update enabler). */
    String UPDATE_ATTEMPT = "update-attempt";
    /** A tamper input changed state (hook for tamper inputs). */
    String TAMPER = "tamper";

    /** The clock is not synchronised: sampling holds (pulses are still counted). */
    String CLOCK_UNSYNCHRONISED = "clock-unsynchronised";
    /** The clock became synchronised: sampling resumes. */
    String CLOCK_SYNCHRONISED = "clock-synchronised";
    /** The clock was stepped forward or back while the node ran. */
    String CLOCK_STEPPED = "clock-stepped";

    /** Readings the server will never take (stream gone, refused again and again) were set aside. */
    String READINGS_REJECTED = "readings-rejected";

    /** A state file (outbox, its WAL, ...) was found damaged at start and moved aside; the detail names it. */
    String STATE_DAMAGED = "state-damaged";

    /** A server's request was refused (4.xx) by the LwM2M guard; the detail names the operation and path. */
    String REQUEST_REFUSED = "request-refused";

    /** Ignores everything; for tests and tools that keep no log. */
    SecurityEvents NONE = (kind, detail) -> { };

    void record(String kind, String detail);
}
