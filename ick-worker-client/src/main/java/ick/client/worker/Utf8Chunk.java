package ick.client.worker;

import ick.protocol.OutputChunk;

import java.nio.charset.StandardCharsets;

/**
 * A piece of an action's output on its way to the controller, kept as the UTF-8 bytes that go on the wire: the
 * worker's form of {@link OutputChunk}. An action's output is mostly bytes from a process, sent as plain text; held
 * as a {@code String} it was decoded, counted, cut, joined and encoded again, several passes over every byte that
 * made log ingest CPU-bound on the worker (docs/benchmarks.md).
 *
 * @param seq   numbered from 0 for each action
 * @param bytes well-formed UTF-8, never cut inside a character
 */
record Utf8Chunk(long seq, byte[] bytes) {
    static Utf8Chunk of(long seq, String text) {
        return new Utf8Chunk(seq, text.getBytes(StandardCharsets.UTF_8));
    }

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The protocol's form, for a JSON body (the result's output, or an older controller's output calls). */
    OutputChunk toOutputChunk() {
        return new OutputChunk(seq, text());
    }
}
