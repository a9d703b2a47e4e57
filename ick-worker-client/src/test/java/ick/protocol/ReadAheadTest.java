package ick.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadAheadTest {
    private static final Executor THREAD = task -> new Thread(task).start();

    @TempDir
    Path dir;

    @Test
    void aRangeComesInOrderInBuffersOfAtMostTheirSize() throws IOException {
        byte[] content = random(1_000_000, 1);
        Path file = Files.write(dir.resolve("blob"), content);
        try (DirectReader in = DirectReader.open(file)) {
            assertThat(readAll(in, 0, content.length)).isEqualTo(content);
            assertThat(readAll(in, 12_345, 600_001)).isEqualTo(Arrays.copyOfRange(content, 12_345, 612_346));
        }
    }

    @Test
    void aFileShorterThanTheRangeIsAnErrorNotAShortAnswer() throws IOException {
        Path file = Files.write(dir.resolve("short"), random(10_000, 2));
        try (FileChannel in = FileChannel.open(file)) {
            assertThatThrownBy(() -> readAll(in, 0, 20_000)).isInstanceOf(IOException.class)
                    .hasMessageContaining("ended 10000 bytes early");
        }
    }

    @Test
    void closingEarlyStopsTheReading() throws Exception {
        Path file = Files.write(dir.resolve("big"), random(2_000_000, 3));
        try (FileChannel in = FileChannel.open(file)) {
            ReadAhead chunks = ReadAhead.start(in, 0, 2_000_000, 8192, THREAD);
            assertThat(chunks.next().remaining()).isEqualTo(8192);
            chunks.close();
            long before = in.position();
            Thread.sleep(1500); // longer than the reading thread's wait for a free buffer
            assertThat(in.position()).as("no more read after close").isEqualTo(before).isLessThan(2_000_000);
        }
    }

    private static byte[] readAll(SeekableByteChannel in, long first, long length)
            throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (ReadAhead chunks = ReadAhead.start(in, first, length, 64 * 1024, THREAD)) {
            for (ByteBuffer chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                assertThat(chunk.remaining()).isPositive().isLessThanOrEqualTo(64 * 1024);
                byte[] bytes = new byte[chunk.remaining()];
                chunk.get(bytes);
                all.write(bytes);
            }
        }
        return all.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
