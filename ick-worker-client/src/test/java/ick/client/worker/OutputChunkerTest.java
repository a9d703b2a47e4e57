package ick.client.worker;

import ick.protocol.OutputChunk;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class OutputChunkerTest {
    @Test
    void largeOutputIsCutIntoChunksOfAtMost64KiBNumberedFromZero() {
        List<OutputChunk> chunks = new CopyOnWriteArrayList<>();
        String text = "x".repeat(200_000);
        try (OutputChunker chunker = new OutputChunker(chunks::add)) {
            chunker.write(text);
            assertThat(chunks).as("full chunks go at once").hasSize(3);
        }

        assertThat(chunks).extracting(OutputChunk::seq).containsExactly(0L, 1L, 2L, 3L);
        assertThat(chunks).allSatisfy(c -> assertThat(utf8(c)).isLessThanOrEqualTo(64 * 1024));
        assertThat(chunks.subList(0, 3)).allSatisfy(c -> assertThat(utf8(c)).isEqualTo(64 * 1024));
        assertThat(joined(chunks)).isEqualTo(text);
    }

    @Test
    void multiByteCharactersAreNeverSplitAndCountInBytes() {
        List<OutputChunk> chunks = new CopyOnWriteArrayList<>();
        String text = "héllo wörld 🎉 ünïcode 🚀🚀 done ".repeat(20);
        try (OutputChunker chunker = new OutputChunker(chunks::add, 10, Duration.ofHours(1))) {
            for (int i = 0; i < text.length(); i += 7) {
                chunker.write(text.substring(i, Math.min(text.length(), i + 7))); // may cut a surrogate pair
            }
        }

        assertThat(chunks).allSatisfy(c -> {
            assertThat(utf8(c)).isLessThanOrEqualTo(10);
            assertThat(Character.isLowSurrogate(c.data().charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(c.data().charAt(c.data().length() - 1))).isFalse();
        });
        assertThat(chunks).extracting(OutputChunk::seq).isSorted().doesNotHaveDuplicates();
        assertThat(joined(chunks)).isEqualTo(text);
    }

    @Test
    void smallOutputIsSentWithinASecond() throws InterruptedException {
        BlockingQueue<OutputChunk> chunks = new LinkedBlockingQueue<>();
        try (OutputChunker chunker = new OutputChunker(chunks::add)) {
            chunker.write("hello\n");
            assertThat(chunks.poll(1500, TimeUnit.MILLISECONDS)).isEqualTo(new OutputChunk(0, "hello\n"));

            chunker.write("again\n");
            assertThat(chunks.poll(1500, TimeUnit.MILLISECONDS)).isEqualTo(new OutputChunk(1, "again\n"));
            assertThat(chunks.poll(1200, TimeUnit.MILLISECONDS)).as("nothing waits: nothing is sent").isNull();
        }
    }

    @Test
    void closingFlushesWhatIsLeft() {
        List<OutputChunk> chunks = new CopyOnWriteArrayList<>();
        OutputChunker chunker = new OutputChunker(chunks::add, 1024, Duration.ofHours(1));
        chunker.write("last words");
        assertThat(chunks).isEmpty();

        chunker.close();

        assertThat(chunks).containsExactly(new OutputChunk(0, "last words"));
    }

    @Test
    void closingWithTheLastChunkGivesItBackInsteadOfSendingIt() {
        List<OutputChunk> chunks = new CopyOnWriteArrayList<>();
        OutputChunker chunker = new OutputChunker(chunks::add, 1024, Duration.ofHours(1));
        chunker.write("x".repeat(1500));
        chunker.write("tail\n");

        OutputChunk last = chunker.closeWithLast();
        chunker.write("too late\n");

        assertThat(chunks).containsExactly(new OutputChunk(0, "x".repeat(1024)));
        assertThat(last).isEqualTo(new OutputChunk(1, "x".repeat(476) + "tail\n"));
        assertThat(new OutputChunker(chunks::add, 1024, Duration.ofHours(1)).closeWithLast()).isNull();
    }

    @Test
    void surrogatePairsSplitAcrossWritesAreCountedOnceAsFourBytes() {
        List<OutputChunk> chunks = new CopyOnWriteArrayList<>();
        String rocket = "\uD83D\uDE80";
        try (OutputChunker chunker = new OutputChunker(chunks::add, 8, Duration.ofHours(1))) {
            for (int i = 0; i < 100; i++) {
                chunker.write(rocket.substring(0, 1));
                chunker.write(rocket.substring(1));
            }
        }

        assertThat(chunks).hasSize(50).allSatisfy(c -> assertThat(c.data()).isEqualTo(rocket + rocket));
    }

    private static int utf8(OutputChunk chunk) {
        return chunk.data().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String joined(List<OutputChunk> chunks) {
        return chunks.stream().map(OutputChunk::data).collect(Collectors.joining());
    }
}
