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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    void closingEarlyEndsTheReadingThreadThatWaitsForABuffer() throws Exception {
        Path file = Files.write(dir.resolve("big"), random(2_000_000, 3));
        List<Thread> started = new ArrayList<>();
        Executor recorded = task -> {
            Thread thread = new Thread(task, "read-ahead");
            started.add(thread);
            thread.start();
        };
        try (FileChannel in = FileChannel.open(file)) {
            ReadAhead chunks = ReadAhead.start(in, 0, 2_000_000, 8192, recorded);
            assertThat(chunks.next().remaining()).isEqualTo(8192);
            Thread reading = started.get(0);
            for (int i = 0; i < 500 && reading.getState() != Thread.State.TIMED_WAITING; i++) {
                Thread.sleep(10); // until it has filled all its buffers and waits for one to come back
            }
            long read = in.position();
            assertThat(read).as("read ahead, then waiting for a free buffer").isLessThan(2_000_000);
            chunks.close(); // the consumer goes away (a client that hung up) without taking the rest
            reading.join(5000);
            assertThat(reading.isAlive()).as("the reading thread ended").isFalse();
            assertThat(in.position()).as("nothing more read").isEqualTo(read);
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
