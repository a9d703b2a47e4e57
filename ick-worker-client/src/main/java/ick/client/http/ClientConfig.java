package ick.client.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import ick.client.yaml.InputFileException;
import ick.client.yaml.StrictYaml;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach the controller and prove who we are. In YAML:
 * <pre>
 * controller: https://ick.example.org      # the API is at {controller}/api/v1
 * token-url: https://ick.example.org/token # optional; default {controller}/token
 * client-id: admin
 * secret-file: ~/.config/icktool/secret    # the secret is the file's content, trimmed
 * ca-file: /etc/ick/ca.pem                 # optional; PEM certificates trusted besides the system's
 * </pre>
 * Relative paths are taken from the configuration file's directory; a leading {@code ~/} is the home directory.
 */
public record ClientConfig(
        @JsonProperty("controller") URI controller,
        @JsonProperty("token-url") URI tokenUrl,
        @JsonProperty("client-id") String clientId,
        @JsonProperty("secret-file") Path secretFile,
        @JsonProperty("ca-file") Path caFile) {

    private static final StrictYaml YAML = new StrictYaml(Map.of(ClientConfig.class, "in the configuration"));

    /** Reads a configuration file; file paths in it are resolved against the file's directory. */
    public static ClientConfig load(Path file) throws InputFileException {
        return YAML.read(file, ClientConfig.class).resolvedAgainst(file.toAbsolutePath().getParent());
    }

    /** A configuration with no credentials, for the public calls (e.g. {@code GET /api/v1/version}). */
    public static ClientConfig anonymous(URI controller) {
        return new ClientConfig(controller, null, null, null, null);
    }

    public ClientConfig withController(URI newController) {
        return new ClientConfig(newController, tokenUrl, clientId, secretFile, caFile);
    }

    /** {@code {controller}/api/v1}, without a trailing slash. */
    public URI apiUrl() {
        return URI.create(base() + "/api/v1");
    }

    /** The token endpoint: {@code token-url}, or {@code {controller}/token}. */
    public URI tokenEndpoint() {
        return tokenUrl != null ? tokenUrl : URI.create(base() + "/token");
    }

    /** Checks what every call needs. */
    public void requireController() {
        if (controller == null) {
            throw new ConfigException(
                    "no controller URL: set \"controller\" in the configuration or give --controller");
        }
        String scheme = controller.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || controller.getHost() == null) {
            throw new ConfigException("controller URL " + controller + " is not an http:// or https:// URL");
        }
    }

    /** Checks what an authenticated call needs. */
    public void requireCredentials() {
        requireController();
        if (clientId == null || clientId.isBlank()) {
            throw new ConfigException("no client id: set \"client-id\" in the configuration");
        }
        if (secretFile == null) {
            throw new ConfigException("no secret: set \"secret-file\" in the configuration");
        }
    }

    ClientConfig resolvedAgainst(Path dir) {
        return new ClientConfig(controller, tokenUrl, clientId, resolve(dir, secretFile), resolve(dir, caFile));
    }

    /** Expands {@code ~/} and makes a relative path relative to {@code dir}. */
    public static Path resolve(Path dir, Path path) {
        if (path == null) {
            return null;
        }
        String text = path.toString();
        if (text.equals("~") || text.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(text.substring(Math.min(2, text.length())));
        }
        return dir == null ? path : dir.resolve(path);
    }

    private String base() {
        requireController();
        String text = controller.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
