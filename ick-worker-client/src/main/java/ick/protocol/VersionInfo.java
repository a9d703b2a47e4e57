package ick.protocol;

/**
 * {@code GET /api/v1/version}, readable without a token.
 *
 * @param version  the controller's version
 * @param apiUrl   the base URL of the API
 * @param tokenUrl where clients get tokens (ick's own issuer unless an external one is configured)
 */
public record VersionInfo(String name, String version, String apiUrl, String tokenUrl) {
}
