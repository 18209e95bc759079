package org.meternode.app.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integrity at boot: the launcher checks the slot it is about to start (manifest signature against
 * the installed update key, every jar's SHA-256) and refuses an altered one, with real signed bundles
 * installed by {@link SlotInstaller} into real slot directories.
 */
class LauncherIntegrityTest {
    @TempDir
    Path dir;
    Path storage;
    SlotStore store;
    Bundles bundles;
    List<Path> jars;
    Launcher launcher;

    @BeforeEach
    void setUp() throws Exception {
        storage = dir.resolve("state");
        store = SlotStore.in(storage);
        bundles = new Bundles(Files.createDirectories(dir.resolve("bundles")));
        jars = bundles.jars(2);
        trust(bundles.key);
        launcher = new Launcher(new Launcher.Options(dir.resolve("meternode.yaml"), Duration.ofMinutes(2), 2,
                List.of()), storage);
    }

    @Test
    void a_slot_installed_from_a_signed_bundle_boots_verified() throws Exception {
        installAndConfirm("0.2.0", bundles.key);
        SlotState before = store.read();

        Launcher.Image image = launcher.choose(before).orElseThrow();

        assertThat(image.slot()).isEqualTo("a");
        assertThat(image.version()).isEqualTo("0.2.0");
        assertThat(image.classPath()).contains(store.slotDir("a").resolve("lib/lib-0.jar").toString());
        assertThat(store.read()).as("nothing recorded").isEqualTo(before);
    }

    @Test
    void a_flipped_byte_in_a_slot_jar_refuses_it_and_boots_the_other_good_slot() throws Exception {
        installAndConfirm("0.2.0", bundles.key);
        installAndConfirm("0.3.0", bundles.key);
        assertThat(store.read().active()).isEqualTo("b");
        Path tampered = store.slotDir("b").resolve("lib/lib-1.jar");
        flipOneByte(tampered);

        Captured<Optional<Launcher.Image>> boot = captureLog(() -> launcher.choose(store.read()));

        assertThat(boot.value().orElseThrow().slot()).isEqualTo("a");
        assertThat(boot.log()).contains("slot b refused at boot").contains(tampered.toString())
                .contains("does not match the SHA-256").contains("booting a instead");
        SlotState after = store.read();
        assertThat(after.active()).as("slot b is given up").isEqualTo("a");
        assertThat(after.trial()).isFalse();
        assertThat(after.outcome()).isEqualTo(SlotState.Outcome.ROLLED_BACK);
        assertThat(after.outcomeVersion()).isEqualTo("0.3.0");
        assertThat(after.outcomeDetail()).contains("refused at boot").contains(tampered.toString());
        assertThat(launcher.choose(after).orElseThrow().slot()).as("the next boot too").isEqualTo("a");
    }

    @Test
    void a_flipped_byte_with_no_other_slot_boots_the_factory_image_and_the_node_reports_result_8()
            throws Exception {
        installAndConfirm("0.2.0", bundles.key);
        UpdateAgent node = agentThatInstalled("0.2.0");
        flipOneByte(store.slotDir("a").resolve("lib/lib-0.jar"));

        Launcher.Image image = launcher.choose(store.read()).orElseThrow();

        assertThat(image.slot()).isEqualTo("factory");
        SlotState after = store.read();
        assertThat(after.active()).isEqualTo("factory");
        assertThat(after.outcomeDetail()).contains("lib-0.jar");
        node.onStart(after, image.slot());
        assertThat(node.status().result()).as("object 5 Update Result").isEqualTo(UpdateResult.UPDATE_FAILED);
    }

    @Test
    void a_slot_on_trial_that_fails_its_check_is_rolled_back_naming_the_file() throws Exception {
        install("0.2.0", bundles.key);
        flipOneByte(store.slotDir("a").resolve("lib/lib-1.jar"));

        assertThat(launcher.choose(store.read())).as("rolled back; the launcher reads the state again").isEmpty();

        SlotState after = store.read();
        assertThat(after.active()).isEqualTo("factory");
        assertThat(after.outcome()).isEqualTo(SlotState.Outcome.ROLLED_BACK);
        assertThat(after.outcomeVersion()).isEqualTo("0.2.0");
        assertThat(after.outcomeDetail()).contains("lib-1.jar").contains("does not match the SHA-256");
        assertThat(launcher.choose(after).orElseThrow().slot()).isEqualTo("factory");
    }

    @Test
    void a_slot_whose_manifest_was_signed_with_another_key_is_refused() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        installAndConfirm("0.2.0", other);

        Captured<Optional<Launcher.Image>> boot = captureLog(() -> launcher.choose(store.read()));

        assertThat(boot.value().orElseThrow().slot()).isEqualTo("factory");
        assertThat(boot.log()).contains("slot a refused at boot").contains("does not verify against the trusted"
                + " update key " + PemKeys.fingerprint(bundles.key.getPublic()));
        assertThat(store.read().outcomeDetail()).contains("does not verify");
    }

    @Test
    void a_jar_replaced_together_with_its_hash_in_the_manifest_is_refused() throws Exception {
        installAndConfirm("0.2.0", bundles.key);
        Path jar = store.slotDir("a").resolve("lib/lib-0.jar");
        String oldHash = BundleWriter.sha256Hex(jar);
        flipOneByte(jar);
        Path manifest = store.slotDir("a").resolve(SlotImage.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace(oldHash, BundleWriter.sha256Hex(jar)));

        assertThat(launcher.choose(store.read()).orElseThrow().slot()).isEqualTo("factory");
        assertThat(store.read().outcomeDetail()).contains("does not verify");
    }

    @Test
    void without_an_installed_key_no_slot_boots_and_the_slot_is_kept_for_when_the_key_is_back() throws Exception {
        installAndConfirm("0.2.0", bundles.key);
        SlotState before = store.read();
        Path key = storage.resolve(NodeUpdates.TRUSTED_KEY);
        Files.delete(key);

        Captured<Optional<Launcher.Image>> boot = captureLog(() -> launcher.choose(before));

        assertThat(boot.value().orElseThrow().slot()).isEqualTo("factory");
        assertThat(boot.log()).contains("no trusted update key at " + key).contains("booting factory instead");
        assertThat(store.read()).as("a missing key is no verdict on the slot").isEqualTo(before);

        Files.writeString(key, "not a key");
        assertThat(launcher.choose(before).orElseThrow().slot()).isEqualTo("factory");
        trust(bundles.key);
        assertThat(launcher.choose(before).orElseThrow().slot()).isEqualTo("a");
    }

    @Test
    void the_slot_a_trial_was_rolled_back_from_is_no_fallback() {
        SlotState confirmed = new SlotState("b", "a", false, 0, "", SlotState.Outcome.SUCCESS, "0.3.0", "");
        assertThat(confirmed.fallbacks()).containsExactly("a", "factory");
        SlotState rolledBack = new SlotState("a", "b", false, 0, "", SlotState.Outcome.ROLLED_BACK, "0.3.0", "x");
        assertThat(rolledBack.fallbacks()).containsExactly("factory");
        assertThat(SlotState.factory().fallbacks()).isEmpty();
    }

    private void trust(KeyPair key) throws Exception {
        Path file = storage.resolve(NodeUpdates.TRUSTED_KEY);
        Files.createDirectories(file.getParent());
        Files.writeString(file, PemKeys.pem("PUBLIC KEY", key.getPublic().getEncoded()));
    }

    /** Verifies a bundle signed by {@code signer} (with that key, as a node trusting it would) and installs it on trial. */
    private void install(String version, KeyPair signer) throws Exception {
        Path bundle = bundles.write(version + ".mnfw", version, "sim", jars, signer);
        String running = store.read().active().equals(SlotState.FACTORY) ? "0.1.0"
                : SlotImage.open(store, store.read().active()).version();
        VerifiedBundle verified = new BundleVerifier(signer.getPublic(), "sim", running).verify(bundle);
        new SlotInstaller(store, new RunningImage(List.of())).install(verified);
    }

    private void installAndConfirm(String version, KeyPair signer) throws Exception {
        install(version, signer);
        store.update(SlotState::confirmed);
    }

    /** The node's object 5 after it installed {@code version} and confirmed it healthy. */
    private UpdateAgent agentThatInstalled(String version) throws Exception {
        Path status = storage.resolve("update/status");
        new UpdateStatus(UpdateAgent.State.IDLE, UpdateResult.SUCCESS, UpdateAgent.PACKAGE_NAME, version, "")
                .write(status);
        return new UpdateAgent(status.getParent(), () -> bundles.verifier("sim", version), (uri, into) -> { },
                java.util.Set.of("coaps"), new UpdateAgent.Installer() {
                    @Override
                    public void check(BundleManifest manifest) {
                    }

                    @Override
                    public void install(VerifiedBundle bundle) {
                    }
                }, () -> { }, Runnable::run);
    }

    private static void flipOneByte(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
    }

    private record Captured<T>(T value, String log) {
    }

    /** Runs {@code call} with stderr (slf4j-simple's target, looked up at each line) captured. */
    private static <T> Captured<T> captureLog(Callable<T> call) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            T value = call.call();
            return new Captured<>(value, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
            err.print(out.toString(StandardCharsets.UTF_8));
        }
    }
}
