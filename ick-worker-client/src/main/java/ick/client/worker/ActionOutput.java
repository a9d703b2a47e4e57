package ick.client.worker;

import org.apache.commons.io.output.WriterOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Where an action writes what it says: the text travels to the build log in order. */
@FunctionalInterface
interface ActionOutput {
    void write(String text);

    /** Writes one line of the worker's own words, e.g. what the git action did. */
    default void line(String text) {
        write(text + "\n");
    }

    /**
     * A stream for a process's output as it comes: UTF-8 bytes, a character possibly cut between two writes,
     * malformed bytes shown as U+FFFD. Close it when the output ends. This one decodes into {@link #write}; the
     * worker's own ({@link OutputChunker}) keeps the bytes as they are.
     */
    default OutputStream bytes() {
        Writer text = new Writer() {
            @Override
            public void write(char[] chars, int off, int len) {
                ActionOutput.this.write(new String(chars, off, len));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try {
            return WriterOutputStream.builder().setWriter(text)
                    .setCharsetDecoder(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE))
                    .setWriteImmediately(true).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
