package org.meternode.app.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meternode.app.update.UpdateAgent.Answer;
import org.meternode.app.update.UpdateAgent.State;

/** The object 5 state machine, with the pull, the install and the background thread faked. */
class UpdateAgentTest {
    @TempDir
    Path dir;
    Bundles bundles;
    Path good;
    final AtomicInteger installs = new AtomicInteger();
    final AtomicInteger restarts = new AtomicInteger();
    UpdateException installFailure;
    byte[] served;
    UpdateAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        bundles = new Bundles(Files.createDirectories(dir.resolve("bundles")));
        good = bundles.write("ok.mnfw", "0.2.0", "sim", bundles.jars(2));
        agent = newAgent();
    }

    UpdateAgent newAgent() throws Exception {
        return new UpdateAgent(dir.resolve("update"), () -> bundles.verifier("sim", "0.1.0"), (uri, into) ->
                into.append(served, 0, served.length), Set.of("coaps"), new UpdateAgent.Installer() {
                    @Override
                    public void check(BundleManifest manifest) {
                    }

                    @Override
                    public void install(VerifiedBundle bundle) throws UpdateException {
                        if (installFailure != null) {
                            throw installFailure;
                        }
                        installs.incrementAndGet();
                    }
                }, restarts::incrementAndGet, Runnable::run);
    }

    @Test
    void push_verify_update_install_restart() throws Exception {
        assertState(State.IDLE, UpdateResult.INITIAL);
        assertThat(agent.update()).as("Update only when Downloaded").isEqualTo(Answer.NOT_ALLOWED);
        assertThat(agent.writePackage(Files.readAllBytes(good))).isEqualTo(Answer.OK);
        assertState(State.DOWNLOADED, UpdateResult.INITIAL);
        assertThat(agent.status().pkgVersion()).isEqualTo("0.2.0");
        assertThat(agent.writePackage(Files.readAllBytes(good))).as("no second package").isEqualTo(Answer.NOT_ALLOWED);
        assertThat(agent.update()).isEqualTo(Answer.OK);
        assertState(State.UPDATING, UpdateResult.INITIAL);
        assertThat(installs).hasValue(1);
        assertThat(restarts).hasValue(1);
        assertThat(agent.writePackageUri("")).as("no reset while updating").isEqualTo(Answer.NOT_ALLOWED);

        // after the restart, on trial in slot a, then confirmed
        UpdateAgent after = newAgent();
        after.onStart(new SlotState("a", "factory", true, 1, "0.2.0", SlotState.Outcome.NONE, "", ""), "a");
        assertThat(after.status().state()).isEqualTo(State.UPDATING);
        after.trialConfirmed("0.2.0");
        assertThat(after.status().state()).isEqualTo(State.IDLE);
        assertThat(after.status().result()).isEqualTo(UpdateResult.SUCCESS);
    }

    @Test
    void rollback_is_reported_as_update_failed() throws Exception {
        agent.writePackage(Files.readAllBytes(good));
        agent.update();
        UpdateAgent after = newAgent();
        after.onStart(new SlotState("factory", "a", false, 0, "", SlotState.Outcome.ROLLED_BACK, "0.2.0",
                "it exited with code 1"), "factory");
        assertThat(after.status().state()).isEqualTo(State.IDLE);
        assertThat(after.status().result()).isEqualTo(UpdateResult.UPDATE_FAILED);
    }

    @Test
    void pull_refusals_map_to_result_codes_and_return_to_idle() throws Exception {
        assertThat(agent.writePackageUri("coaps://[bad")).isEqualTo(Answer.OK);
        assertState(State.IDLE, UpdateResult.INVALID_URI);
        agent.writePackageUri("http://head-end/fw/x");
        assertState(State.IDLE, UpdateResult.UNSUPPORTED_PROTOCOL);
        served = Files.readAllBytes(bundles.write("pi.mnfw", "0.2.0", "pi", bundles.jars(1)));
        agent.writePackageUri("coaps://head-end/fw/x");
        assertState(State.IDLE, UpdateResult.UNSUPPORTED_PACKAGE_TYPE);
        byte[] ok = Files.readAllBytes(good);
        served = java.util.Arrays.copyOf(ok, ok.length / 2);
        agent.writePackageUri("coaps://head-end/fw/x");
        assertState(State.IDLE, UpdateResult.INTEGRITY_CHECK_FAILURE);
        served = ok;
        agent.writePackageUri("coaps://head-end/fw/x");
        assertState(State.DOWNLOADED, UpdateResult.INITIAL);
    }

    @Test
    void a_listener_that_takes_the_enabler_lock_cannot_deadlock_a_reader_holding_it() throws Exception {
        // The LwM2M object enabler's lock: a server Read holds it and asks status(); the change
        // listener needs it to notify. Before listeners ran outside the agent's lock, this hung.
        Object enablerLock = new Object();
        java.util.concurrent.CountDownLatch readerHoldsLock = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch notified = new java.util.concurrent.CountDownLatch(1);
        agent.onChange(() -> {
            synchronized (enablerLock) {
                notified.countDown();
            }
        });
        Thread reader = Thread.ofPlatform().name("server-read").start(() -> {
            synchronized (enablerLock) {
                readerHoldsLock.countDown();
                try {
                    Thread.sleep(200); // the change happens meanwhile, on another thread
                } catch (InterruptedException e) {
                    return;
                }
                agent.status();
            }
        });
        readerHoldsLock.await();
        Thread writer = Thread.ofPlatform().name("package-write").start(() -> agent.writePackageUri(""));

        writer.join(5_000);
        reader.join(5_000);
        assertThat(writer.isAlive() || reader.isAlive()).as("deadlocked").isFalse();
        assertThat(notified.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("listener ran").isTrue();
    }

    @Test
    void empty_package_or_uri_resets_and_cancel_reports_10() throws Exception {
        agent.writePackage(Files.readAllBytes(good));
        assertThat(agent.writePackage(new byte[] {0})).isEqualTo(Answer.OK);
        assertState(State.IDLE, UpdateResult.INITIAL);
        assertThat(dir.resolve("update/download.bundle")).doesNotExist();
        agent.writePackage(Files.readAllBytes(good));
        assertThat(agent.writePackageUri("")).isEqualTo(Answer.OK);
        assertState(State.IDLE, UpdateResult.INITIAL);
        assertThat(agent.cancel()).isEqualTo(Answer.NOT_ALLOWED);
        agent.writePackage(Files.readAllBytes(good));
        assertThat(agent.cancel()).isEqualTo(Answer.OK);
        assertState(State.IDLE, UpdateResult.CANCELLED);
    }

    @Test
    void a_failed_install_keeps_the_package_and_interrupted_steps_are_resolved_at_start() throws Exception {
        agent.writePackage(Files.readAllBytes(good));
        installFailure = new UpdateException(UpdateResult.NOT_ENOUGH_FLASH, "disk full");
        agent.update();
        assertState(State.DOWNLOADED, UpdateResult.NOT_ENOUGH_FLASH);
        assertThat(restarts).hasValue(0);

        // state persisted: a restart in Downloaded stays Downloaded
        UpdateAgent again = newAgent();
        again.onStart(SlotState.factory(), "factory");
        assertThat(again.status().state()).isEqualTo(State.DOWNLOADED);
        // Updating but no switch happened (cut during the slot write): failed, package kept
        installFailure = null;
        again.update();
        UpdateAgent cut = newAgent();
        cut.onStart(SlotState.factory(), "factory");
        assertThat(cut.status().state()).isEqualTo(State.DOWNLOADED);
        assertThat(cut.status().result()).isEqualTo(UpdateResult.UPDATE_FAILED);
    }

    private void assertState(State state, UpdateResult result) {
        assertThat(List.of(agent.status().state(), agent.status().result())).isEqualTo(List.of(state, result));
    }
}
