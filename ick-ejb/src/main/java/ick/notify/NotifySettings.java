package ick.notify;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The notification sender's settings, from MicroProfile Config (system property, e.g. from the
 * {@code standalone.sh -P ick.properties} file, then environment variable). The SMTP server itself is the
 * managed mail session's business ({@code wildfly-config/mail.cli}); only the password file is read here.
 *
 * @param retryDelays  the wait before each retry; attempts = retries + 1 ({@code ick.notify.retry-delays-seconds},
 *                     default {@code 30,120,600,3600,21600})
 * @param pollInterval how often due retries are looked for ({@code ick.notify.poll-seconds}, default 15)
 * @param claim        how long a sender may take over one attempt before another takes over
 *                     ({@code ick.notify.claim-seconds}, default 900)
 * @param uiBaseUrl    where links in notifications point ({@code ick.ui.base-url}, default {@code ick.issuer})
 * @param smtpUser     the SMTP login, or empty for none ({@code ick.smtp.user})
 * @param smtpPasswordFile the file holding the SMTP password ({@code ick.smtp.password-file})
 * @param smtpTimeout  the longest wait for the SMTP server to connect, answer or take data
 *                     ({@code ick.smtp.timeout-seconds}, default 60)
 */
public record NotifySettings(List<Duration> retryDelays, Duration pollInterval, Duration claim, String uiBaseUrl,
                             Optional<String> smtpUser, Optional<String> smtpPasswordFile, Duration smtpTimeout) {
    public static NotifySettings fromConfig() {
        Config config = ConfigProvider.getConfig();
        String delays = config.getOptionalValue("ick.notify.retry-delays-seconds", String.class)
                .orElse("30,120,600,3600,21600");
        String issuer = config.getOptionalValue("ick.issuer", String.class).orElse("http://localhost:8080");
        return new NotifySettings(parseDelays(delays),
                Duration.ofSeconds(config.getOptionalValue("ick.notify.poll-seconds", Long.class).orElse(15L)),
                Duration.ofSeconds(config.getOptionalValue("ick.notify.claim-seconds", Long.class).orElse(900L)),
                stripSlash(config.getOptionalValue("ick.ui.base-url", String.class).orElse(issuer)),
                config.getOptionalValue("ick.smtp.user", String.class).filter(s -> !s.isBlank()),
                config.getOptionalValue("ick.smtp.password-file", String.class).filter(s -> !s.isBlank()),
                Duration.ofSeconds(config.getOptionalValue("ick.smtp.timeout-seconds", Long.class).orElse(60L)));
    }

    static List<Duration> parseDelays(String spec) {
        if (spec.isBlank()) {
            return List.of();
        }
        return Arrays.stream(spec.split(",")).map(String::trim).map(Long::parseLong).map(Duration::ofSeconds).toList();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
