package ick.identity;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Who may ask the issuer to log a user in (the OAuth2 authorization-code grant): one public client, the web
 * UI, and the prefix its redirect URIs must have.
 *
 * @param clientId {@code ick.ui.client-id}, default {@code ick-ui}
 * @param redirectPrefix {@code ick.ui.redirect-prefix}, default {@code ${ick.issuer}/ui/}: a code is only ever
 *        sent to a URI that starts with it
 */
public record LoginSettings(String clientId, String redirectPrefix) {
    public static LoginSettings fromConfig(IdentitySettings identity) {
        Config config = ConfigProvider.getConfig();
        String issuer = identity.issuer().endsWith("/") ? identity.issuer() : identity.issuer() + "/";
        return new LoginSettings(
                config.getOptionalValue("ick.ui.client-id", String.class).orElse("ick-ui"),
                config.getOptionalValue("ick.ui.redirect-prefix", String.class).orElse(issuer + "ui/"));
    }

    public boolean allows(String clientId, String redirectUri) {
        return this.clientId.equals(clientId) && redirectUri != null && redirectUri.startsWith(redirectPrefix)
                && !redirectUri.contains("#") && !redirectUri.contains("..");
    }
}
