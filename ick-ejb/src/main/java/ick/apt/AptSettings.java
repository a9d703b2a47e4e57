package ick.apt;

import ick.identity.IdentitySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The APT repository's settings, from MicroProfile Config (system property, then environment variable such as
 * {@code ICK_APT_DIR}), documented in docs/operations.md.
 *
 * @param dir            the repository's directory ({@code ick.apt.dir}, default {@code ${ick.data-dir}/apt});
 *                       {@code wildfly-config/apt.cli} serves its {@code public/} at {@code /apt/}, so the two
 *                       must agree: set it by system property or environment variable
 * @param suites         the suites, reprepro's {@code Codename}s ({@code ick.apt.suites}, default {@code ci,release})
 * @param architectures  the architectures of the indices ({@code ick.apt.architectures}, default
 *                       {@code amd64 source}); {@code all} may be listed but reprepro puts Architecture: all
 *                       packages into every binary architecture's index anyway, so it is dropped
 * @param signingKey     an armored secret key the operator provides instead of the key ick makes
 *                       ({@code ick.apt.signing-key}, a file path; no passphrase)
 * @param uploaders      the armored public keys whose signatures on a {@code .changes} are accepted
 *                       ({@code ick.apt.uploaders}: a file, or a directory whose {@code *.asc} files are read;
 *                       default {@code DIR/uploaders}); read at each upload, so keys can change at run time
 * @param maxUploadBytes the largest upload body ({@code ick.apt.max-upload-bytes}, default 2 GiB)
 * @param timeout        how long one reprepro or gpg run may take ({@code ick.apt.timeout-seconds}, default 300)
 */
public record AptSettings(Path dir, List<String> suites, List<String> architectures, Optional<Path> signingKey,
                          Path uploaders, long maxUploadBytes, Duration timeout) {
    public static final String DIR = "ick.apt.dir";
    public static final String SUITES = "ick.apt.suites";
    public static final String ARCHITECTURES = "ick.apt.architectures";
    public static final String SIGNING_KEY = "ick.apt.signing-key";
    public static final String UPLOADERS = "ick.apt.uploaders";
    public static final String MAX_UPLOAD_BYTES = "ick.apt.max-upload-bytes";
    public static final String TIMEOUT = "ick.apt.timeout-seconds";
    /** The one component of every suite. */
    public static final String COMPONENT = "main";
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    public AptSettings {
        suites = List.copyOf(suites);
        architectures = architectures.stream().filter(a -> !a.equals("all")).distinct().toList();
        for (String name : concat(suites, architectures)) {
            if (!WORD.matcher(name).matches()) {
                throw new IllegalArgumentException("ick.apt: invalid suite or architecture name \"" + name
                        + "\" (lower-case letters, digits, '.' and '-')");
            }
        }
        if (suites.isEmpty() || architectures.isEmpty()) {
            throw new IllegalArgumentException("ick.apt: at least one suite and one architecture are needed");
        }
        if (maxUploadBytes <= 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ick.apt: max-upload-bytes and timeout-seconds must be positive");
        }
    }

    public static AptSettings fromConfig() {
        Config c = ConfigProvider.getConfig();
        Path dir = c.getOptionalValue(DIR, String.class).filter(s -> !s.isBlank()).map(Path::of)
                .orElseGet(() -> IdentitySettings.fromConfig().dataDir().resolve("apt"));
        return new AptSettings(dir,
                words(c.getOptionalValue(SUITES, String.class).orElse("ci,release")),
                words(c.getOptionalValue(ARCHITECTURES, String.class).orElse("amd64 source")),
                c.getOptionalValue(SIGNING_KEY, String.class).filter(s -> !s.isBlank()).map(Path::of),
                c.getOptionalValue(UPLOADERS, String.class).filter(s -> !s.isBlank()).map(Path::of)
                        .orElse(dir.resolve("uploaders")),
                c.getOptionalValue(MAX_UPLOAD_BYTES, Long.class).orElse(2L * 1024 * 1024 * 1024),
                Duration.ofSeconds(c.getOptionalValue(TIMEOUT, Long.class).orElse(300L)));
    }

    /** What HTTP serves at {@code /apt/}: reprepro's {@code dists/} and {@code pool/}, and the public key. */
    public Path publicDir() {
        return dir.resolve("public");
    }

    /** Comma- or space-separated words, without duplicates, in their order. */
    static List<String> words(String list) {
        List<String> words = new ArrayList<>();
        for (String word : list.trim().split("[,\\s]+")) {
            if (!word.isEmpty() && !words.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
