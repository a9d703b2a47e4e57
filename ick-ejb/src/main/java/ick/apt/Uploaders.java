package ick.apt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The uploader keyring: the armored public keys ({@code ick.apt.uploaders}: a file, or a directory of
 * {@code *.asc} files) whose signature a {@code .changes} must carry, typically the trusted worker's. It is read
 * at each upload, so adding or removing a key needs no restart. The signature is checked with gpgv against
 * these keys only (no GnuPG home, no web of trust), and what gpgv verified, the signed text without anything
 * around it, is what the repository goes on with.
 */
final class Uploaders {
    private static final Logger LOG = Logger.getLogger(Uploaders.class.getName());

    private final Path keys;
    private final Command command;

    Uploaders(Path keys, Command command) {
        this.keys = keys;
        this.command = command;
    }

    /** A verified .changes: its signed text and the fingerprint of the key that signed it. */
    record Verified(String text, String signer) {
    }

    /**
     * Verifies the signature of {@code changes}, using {@code work} (a private directory) for the keyring.
     *
     * @throws UploadForbiddenException if it is not signed by an uploader key, or there is none
     */
    Verified verify(Path changes, Path work) throws IOException {
        Command gpg = command.withGnupgHome(work); // an empty home: no default keyring, no trust settings
        Path keyring = work.resolve("uploaders.kbx");
        int count = keyring(keyring, gpg);
        if (count == 0) {
            throw new UploadForbiddenException("no uploader keys are configured (" + AptSettings.UPLOADERS + ": "
                    + keys + "), so no upload is accepted");
        }
        Path signed = work.resolve("signed-text");
        Command.Result result = gpg.run(work, List.of("gpgv", "--status-fd", "1", "--keyring",
                keyring.toString(), "--output", signed.toString(), changes.toString()));
        List<String> status = result.lines().stream().filter(l -> l.startsWith("[GNUPG:] ")).toList();
        String signer = status.stream().filter(l -> l.startsWith("[GNUPG:] VALIDSIG "))
                .map(l -> l.split(" ")[2]).findFirst().orElse(null);
        // a good signature by a key that is valid now: not expired, not revoked (gpgv may still exit 0 for those)
        boolean good = status.stream().anyMatch(l -> l.startsWith("[GNUPG:] GOODSIG ")) && status.stream()
                .noneMatch(l -> l.matches("\\[GNUPG:] (EXPSIG|EXPKEYSIG|REVKEYSIG|BADSIG|ERRSIG) .*"));
        if (!result.ok() || !good || signer == null || !Files.exists(signed)) {
            LOG.info(() -> "APT: refused " + changes.getFileName() + ": " + String.join("; ", result.lines().stream()
                    .filter(l -> l.startsWith("gpgv:")).toList()));
            throw new UploadForbiddenException(changes.getFileName() + " is not signed by an uploader key ("
                    + AptSettings.UPLOADERS + "): " + reason(result.lines()));
        }
        return new Verified(Files.readString(signed, StandardCharsets.UTF_8), signer);
    }

    /** gpgv's own words for why it refused, e.g. "Can't check signature: No public key". */
    private static String reason(List<String> lines) {
        List<String> said = lines.stream().filter(l -> l.startsWith("gpgv:") && !l.contains("Signature made")
                && !l.contains("using ")).map(l -> l.substring(5).strip()).toList();
        return said.isEmpty() ? "the signature does not verify" : String.join("; ", said);
    }

    /** Imports the uploader keys into a keyring of its own in {@code work}; returns how many keys it holds. */
    private int keyring(Path keyring, Command gpg) throws IOException {
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(keys)) {
            try (Stream<Path> list = Files.list(keys)) {
                list.filter(f -> f.getFileName().toString().endsWith(".asc") && Files.isRegularFile(f))
                        .sorted().forEach(f -> files.add(f.toString()));
            }
        } else if (Files.isRegularFile(keys)) {
            files.add(keys.toString());
        }
        if (files.isEmpty()) {
            return 0;
        }
        // --no-autostart: public keys need no gpg-agent, and none is left behind
        List<String> base = List.of("gpg", "--batch", "--no-autostart", "--no-default-keyring", "--keyring",
                keyring.toString());
        List<String> importing = new ArrayList<>(base);
        importing.add("--import");
        importing.addAll(files);
        Command.Result imported = gpg.run(keyring.getParent(), importing);
        if (!imported.ok()) {
            LOG.warning(() -> "APT: some uploader keys in " + keys + " could not be read: "
                    + String.join("; ", imported.lines()));
        }
        List<String> listing = new ArrayList<>(base);
        listing.addAll(List.of("--with-colons", "--list-keys"));
        Command.Result listed = gpg.run(keyring.getParent(), listing);
        return listed.ok() ? RepositoryKey.fingerprints(listed.output(), "pub").size() : 0;
    }
}
