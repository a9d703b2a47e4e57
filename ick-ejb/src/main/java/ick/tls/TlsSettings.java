package ick.tls;

import ick.identity.IdentitySettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The TLS settings, from MicroProfile Config (system property, then environment variable such as
 * {@code ICK_TLS_DOMAINS}), documented in docs/operations.md. ACME is off while {@code ick.tls.domains} is
 * empty.
 *
 * @param domains the names of the certificate ({@code ick.tls.domains}, comma-separated; the first is its subject)
 * @param contact the account's contact e-mail ({@code ick.tls.contact}), optional
 * @param acmeDirectory the CA's directory ({@code ick.tls.acme-directory}): {@code acme://letsencrypt.org}
 *        (default), {@code acme://letsencrypt.org/staging}, or any RFC 8555 directory URL
 * @param agreeTerms whether the operator accepts the CA's terms of service ({@code ick.tls.agree-terms})
 * @param renewBefore renew when less than this is left ({@code ick.tls.renew-before-days}, default 30)
 * @param checkInterval how often to check ({@code ick.tls.check-interval-seconds}, default 3600)
 * @param retryMin the first wait after a failure, doubled with each further one
 *        ({@code ick.tls.retry-min-seconds}, default 900)
 * @param retryMax the longest wait after failures ({@code ick.tls.retry-max-seconds}, default 86400)
 * @param dir where keys and key store live ({@code ${ick.data-dir}/tls})
 * @param keyStorePassword the PKCS12 key store's password ({@code ick.tls.keystore-password}, as in tls.cli)
 * @param acmeTrustPem a PEM file of CA certificates to trust for the ACME server's own HTTPS, instead of
 *        the system's ({@code ick.tls.acme-trust-pem}; for tests and private CAs only)
 * @param redirectHttp whether plain HTTP is redirected to HTTPS once a certificate is served
 *        ({@code ick.tls.redirect-http}, default true)
 * @param httpsPort the port redirects point to ({@code ick.tls.https-port}, default the server's https socket)
 * @param managementPort the server's loopback management port ({@code ick.tls.management-port})
 */
public record TlsSettings(List<String> domains, Optional<String> contact, URI acmeDirectory, boolean agreeTerms,
                          Duration renewBefore, Duration checkInterval, Duration retryMin, Duration retryMax,
                          Path dir, String keyStorePassword, Optional<Path> acmeTrustPem, boolean redirectHttp,
                          int httpsPort, int managementPort) {
    public static final String LETS_ENCRYPT = "acme://letsencrypt.org";
    static final String PREFIX = "ick.tls.";

    public TlsSettings {
        domains = List.copyOf(domains);
        if (renewBefore.isNegative() || checkInterval.isNegative() || checkInterval.isZero()
                || retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("ick.tls: durations must be positive and retry-max >= retry-min");
        }
    }

    /** Whether ick obtains certificates at all: only when a domain is configured. */
    public boolean enabled() {
        return !domains.isEmpty();
    }

    Path keyStoreFile() {
        return dir.resolve("keystore.p12");
    }

    public static TlsSettings fromConfig() {
        Config c = ConfigProvider.getConfig();
        int offset = Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return new TlsSettings(
                domains(c.getOptionalValue(PREFIX + "domains", String.class).orElse("")),
                c.getOptionalValue(PREFIX + "contact", String.class).filter(s -> !s.isBlank()),
                URI.create(c.getOptionalValue(PREFIX + "acme-directory", String.class).orElse(LETS_ENCRYPT)),
                c.getOptionalValue(PREFIX + "agree-terms", Boolean.class).orElse(false),
                Duration.ofDays(c.getOptionalValue(PREFIX + "renew-before-days", Long.class).orElse(30L)),
                Duration.ofSeconds(c.getOptionalValue(PREFIX + "check-interval-seconds", Long.class).orElse(3600L)),
                Duration.ofSeconds(c.getOptionalValue(PREFIX + "retry-min-seconds", Long.class).orElse(900L)),
                Duration.ofSeconds(c.getOptionalValue(PREFIX + "retry-max-seconds", Long.class).orElse(86400L)),
                IdentitySettings.fromConfig().dataDir().resolve("tls"),
                c.getOptionalValue(PREFIX + "keystore-password", String.class).orElse("ick-tls"),
                c.getOptionalValue(PREFIX + "acme-trust-pem", String.class).filter(s -> !s.isBlank()).map(Path::of),
                c.getOptionalValue(PREFIX + "redirect-http", Boolean.class).orElse(true),
                c.getOptionalValue(PREFIX + "https-port", Integer.class)
                        .orElse(Integer.getInteger("jboss.https.port", 8443) + offset),
                c.getOptionalValue(PREFIX + "management-port", Integer.class)
                        .orElse(Integer.getInteger("jboss.management.http.port", 9990) + offset));
    }

    /** Comma- or space-separated names, lower-cased, without duplicates, in their order. */
    static List<String> domains(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split("[,\\s]+")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (!n.isEmpty() && !names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }
}
