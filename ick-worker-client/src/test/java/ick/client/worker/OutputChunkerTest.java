package ick.client.worker;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class OutputChunkerTest {
    @Test
    void largeOutputIsCutIntoChunksOfAtMost64KiBNumberedFromZero() {
        List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
        String text = "x".repeat(200_000);
        try (OutputChunker chunker = new OutputChunker(chunks::add)) {
            chunker.write(text);
            assertThat(chunks).as("full chunks go at once").hasSize(3);
        }

        assertThat(chunks).extracting(Utf8Chunk::seq).containsExactly(0L, 1L, 2L, 3L);
        assertThat(chunks).allSatisfy(c -> assertThat(utf8(c)).isLessThanOrEqualTo(64 * 1024));
        assertThat(chunks.subList(0, 3)).allSatisfy(c -> assertThat(utf8(c)).isEqualTo(64 * 1024));
        assertThat(joined(chunks)).isEqualTo(text);
    }

    @Test
    void multiByteCharactersAreNeverSplitAndCountInBytes() {
        List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
        String text = "héllo wörld 🎉 ünïcode 🚀🚀 done ".repeat(20);
        try (OutputChunker chunker = new OutputChunker(chunks::add, 10, Duration.ofHours(1))) {
            for (int i = 0; i < text.length(); i += 7) {
                chunker.write(text.substring(i, Math.min(text.length(), i + 7))); // may cut a surrogate pair
            }
        }

        assertThat(chunks).allSatisfy(c -> {
            assertThat(utf8(c)).isLessThanOrEqualTo(10);
            assertThat(Character.isLowSurrogate(c.text().charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(c.text().charAt(c.text().length() - 1))).isFalse();
        });
        assertThat(chunks).extracting(Utf8Chunk::seq).isSorted().doesNotHaveDuplicates();
        assertThat(joined(chunks)).isEqualTo(text);
    }

    @Test
    void smallOutputIsSentWithinASecond() throws InterruptedException {
        BlockingQueue<Utf8Chunk> chunks = new LinkedBlockingQueue<>();
        try (OutputChunker chunker = new OutputChunker(chunks::add)) {
            chunker.write("hello\n");
            assertThat(chunks.poll(1500, TimeUnit.MILLISECONDS)).extracting(Utf8Chunk::seq, Utf8Chunk::text)
                    .containsExactly(0L, "hello\n");

            chunker.write("again\n");
            assertThat(chunks.poll(1500, TimeUnit.MILLISECONDS)).extracting(Utf8Chunk::seq, Utf8Chunk::text)
                    .containsExactly(1L, "again\n");
            assertThat(chunks.poll(1200, TimeUnit.MILLISECONDS)).as("nothing waits: nothing is sent").isNull();
        }
    }

    @Test
    void closingFlushesWhatIsLeft() {
        List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
        OutputChunker chunker = new OutputChunker(chunks::add, 1024, Duration.ofHours(1));
        chunker.write("last words");
        assertThat(chunks).isEmpty();

        chunker.close();

        assertThat(chunks).extracting(Utf8Chunk::seq, Utf8Chunk::text).containsExactly(tuple(0L, "last words"));
    }

    @Test
    void closingWithTheLastChunkGivesItBackInsteadOfSendingIt() {
        List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
        OutputChunker chunker = new OutputChunker(chunks::add, 1024, Duration.ofHours(1));
        chunker.write("x".repeat(1500));
        chunker.write("tail\n");

        Utf8Chunk last = chunker.closeWithLast();
        chunker.write("too late\n");

        assertThat(chunks).extracting(Utf8Chunk::seq, Utf8Chunk::text).containsExactly(tuple(0L, "x".repeat(1024)));
        assertThat(last).extracting(Utf8Chunk::seq, Utf8Chunk::text).containsExactly(1L, "x".repeat(476) + "tail\n");
        assertThat(new OutputChunker(chunks::add, 1024, Duration.ofHours(1)).closeWithLast()).isNull();
    }

    @Test
    void surrogatePairsSplitAcrossWritesAreCountedOnceAsFourBytes() {
        List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
        String rocket = "\uD83D\uDE80";
        try (OutputChunker chunker = new OutputChunker(chunks::add, 8, Duration.ofHours(1))) {
            for (int i = 0; i < 100; i++) {
                chunker.write(rocket.substring(0, 1));
                chunker.write(rocket.substring(1));
            }
        }

        assertThat(chunks).hasSize(50).allSatisfy(c -> assertThat(c.text()).isEqualTo(rocket + rocket));
    }

    @Test
    void aProcesssBytesArriveAsTheyWereWrittenWhateverTheReadsAndChunksCut() throws Exception {
        List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
        byte[] text = "ascii line\nhéllo wörld 🎉 ünïcode 🚀 中文 done\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        try (OutputChunker chunker = new OutputChunker(chunks::add, 64, Duration.ofHours(1));
             OutputStream out = chunker.bytes()) {
            for (int at = 0; at < text.length; ) {
                int n = Math.min(text.length - at, 1 + random.nextInt(9)); // cuts characters anywhere
                out.write(text, at, n);
                at += n;
            }
        }

        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.bytes().length).isBetween(1, 64);
            assertThat(c.text().getBytes(StandardCharsets.UTF_8)).as("never cut inside a character")
                    .isEqualTo(c.bytes());
        });
        assertThat(chunks).extracting(Utf8Chunk::seq).isSorted().doesNotHaveDuplicates();
        assertThat(concatenated(chunks)).isEqualTo(text);
    }

    @Test
    void malformedBytesBecomeReplacementCharactersAsAWholeDecodeWouldMakeThem() throws Exception {
        Random random = new Random(11);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8),
                "中".getBytes(StandardCharsets.UTF_8), "🚀".getBytes(StandardCharsets.UTF_8),
                {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC0}, {(byte) 0xC1}, {(byte) 0xC3}, {(byte) 0xE0},
                {(byte) 0xE0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x90},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF5}, {(byte) 0xFF}, {0}};
        for (int round = 0; round < 300; round++) {
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            for (int i = random.nextInt(40); i >= 0; i--) {
                written.writeBytes(pieces[random.nextInt(pieces.length)]);
            }
            byte[] all = written.toByteArray();
            List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
            try (OutputChunker chunker = new OutputChunker(chunks::add, 4 + random.nextInt(8), Duration.ofHours(1));
                 OutputStream out = chunker.bytes()) {
                for (int at = 0; at < all.length; ) {
                    int n = Math.min(all.length - at, 1 + random.nextInt(5));
                    out.write(all, at, n);
                    at += n;
                }
            }

            assertThat(concatenated(chunks)).as("round %d: %s", round, HexFormat.of().formatHex(all))
                    .isEqualTo(new String(all, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aCharacterCutByTheEndOfTheOutputIsOneReplacementCharacter() throws Exception {
        List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
        try (OutputChunker chunker = new OutputChunker(chunks::add, 1024, Duration.ofHours(1))) {
            try (OutputStream out = chunker.bytes()) {
                out.write(new byte[] {'o', 'k', (byte) 0xF0, (byte) 0x9F, (byte) 0x9A});
            }
            chunker.line(" and the worker's line after it");
        }

        assertThat(joined(chunks)).isEqualTo("ok\uFFFD and the worker's line after it\n");
    }

    @Test
    void theWorkersLinesGoBetweenTheProcesssBytesWithoutBreakingACharacterCutBetweenTwoReads() throws Exception {
        List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
        byte[] rocket = "🚀".getBytes(StandardCharsets.UTF_8);
        try (OutputChunker chunker = new OutputChunker(chunks::add, 1024, Duration.ofHours(1));
             OutputStream out = chunker.bytes()) {
            out.write(rocket, 0, 2);
            chunker.flush(); // the timer's flush: the half character waits
            chunker.line("ick: a line of the worker's");
            out.write(rocket, 2, 2);
        }

        assertThat(joined(chunks)).isEqualTo("ick: a line of the worker's\n🚀");
    }

    @Test
    void twoProcessesWritingAtOnceNeverJoinHalvesOfEachOthersCharacters() throws Exception {
        List<Utf8Chunk> chunks = new CopyOnWriteArrayList<>();
        try (OutputChunker chunker = new OutputChunker(chunks::add, 1024, Duration.ofHours(1))) {
            OutputStream earlier = chunker.bytes(); // e.g. a leftover of a deb action's first phase, still writing
            OutputStream later = chunker.bytes();
            later.write(new byte[] {(byte) 0xE2, (byte) 0x82});
            earlier.write(new byte[] {'a', (byte) 0xC3});
            earlier.close(); // its own cut character ends as U+FFFD; the later one's waits
            later.write(new byte[] {(byte) 0xAC, 'x', '\n'});
            later.close();
        }

        assertThat(joined(chunks)).isEqualTo("a\uFFFD\u20acx\n");
    }

    private static int utf8(Utf8Chunk chunk) {
        return chunk.bytes().length;
    }

    private static String joined(List<Utf8Chunk> chunks) {
        return chunks.stream().map(Utf8Chunk::text).collect(Collectors.joining());
    }

    private static byte[] concatenated(List<Utf8Chunk> chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(c -> all.writeBytes(c.bytes()));
        return all.toByteArray();
    }
}
