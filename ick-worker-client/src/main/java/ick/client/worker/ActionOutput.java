package ick.client.worker;

/** Where an action writes what it says: the text travels to the build log in order. */
@FunctionalInterface
interface ActionOutput {
    void write(String text);

    /** Writes one line of the worker's own words, e.g. what the git action did. */
    default void line(String text) {
        write(text + "\n");
    }
}
