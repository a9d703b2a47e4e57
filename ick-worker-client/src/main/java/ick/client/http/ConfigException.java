package ick.client.http;

/** The configuration lacks something the requested call needs, or names a file that cannot be used. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
