package ick.identity;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The token issuer's settings, from MicroProfile Config (system property, then environment variable such as
 * {@code ICK_ISSUER}, then {@code microprofile-config.properties}).
 *
 * <p>The defaults repeat those of the web module's {@code microprofile-config.properties}, because this EJB
 * module cannot see a file that lives in the WAR: issuer and verifier must agree, so change these settings
 * by system property or environment variable, never in one file only.
 *
 * @param issuer the {@code iss} of every token ({@code ick.issuer})
 * @param audience the {@code aud} of every token ({@code ick.audience})
 * @param tokenLifetime how long a token is valid ({@code ick.token.lifetime-seconds}, default 3600)
 * @param dataDir where the signing key and the JWKS are kept ({@code ick.data-dir})
 */
public record IdentitySettings(String issuer, String audience, Duration tokenLifetime, Path dataDir) {
    public static final String ISSUER = "ick.issuer";
    public static final String AUDIENCE = "ick.audience";
    public static final String TOKEN_LIFETIME = "ick.token.lifetime-seconds";
    public static final String DATA_DIR = "ick.data-dir";

    public IdentitySettings {
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException(TOKEN_LIFETIME + " must be positive");
        }
    }

    public static IdentitySettings fromConfig() {
        Config config = ConfigProvider.getConfig();
        return new IdentitySettings(
                config.getOptionalValue(ISSUER, String.class).orElse("http://localhost:8080"),
                config.getOptionalValue(AUDIENCE, String.class).orElse("ick"),
                Duration.ofSeconds(config.getOptionalValue(TOKEN_LIFETIME, Long.class).orElse(3600L)),
                Path.of(config.getOptionalValue(DATA_DIR, String.class)
                        .orElseGet(() -> System.getProperty("jboss.server.data.dir", ".") + "/ick")));
    }
}
