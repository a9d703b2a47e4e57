package ick.blob;

/** The uploaded content does not have the digest the client said it has (400); nothing was kept. */
public class DigestMismatchException extends RuntimeException {
    public DigestMismatchException(String name, String expected, String actual) {
        super("the content of " + name + " has SHA-256 " + actual + ", not " + expected
                + " as the Digest header says; nothing was kept");
    }
}
