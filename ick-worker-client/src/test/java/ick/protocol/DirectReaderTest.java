package ick.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectReaderTest {
    @TempDir
    Path dir;

    @Test
    void alignedBuffersAreFilledStraightFromTheDiskToTheLastPartialBlock() throws IOException {
        byte[] content = random(1_000_003, 1);
        Path file = dir.resolve("blob");
        Files.write(file, content);
        try (DirectReader reader = DirectReader.open(file)) {
            if (Files.getFileStore(dir).type().equals("ext4")) {
                assertThat(reader.isDirect()).as("O_DIRECT on ext4").isTrue();
            }
            assertThat(readAll(reader, DirectReader.buffer(64 * 1024))).isEqualTo(content);
            assertThat(reader.read(DirectReader.buffer(4096))).isEqualTo(-1);
        }
    }

    @Test
    void anyPositionAndAnyBufferReadTheRightBytes() throws IOException {
        byte[] content = random(300_001, 2);
        Path file = dir.resolve("blob");
        Files.write(file, content);
        try (DirectReader reader = DirectReader.open(file)) {
            for (long first : new long[] {0, 1, 4095, 4096, 123_457, 299_999}) {
                reader.position(first);
                byte[] expected = Arrays.copyOfRange(content, (int) first, content.length);
                assertThat(readAll(reader, ByteBuffer.allocate(10_007))).as("heap, from %d", first)
                        .isEqualTo(expected);
                reader.position(first);
                assertThat(readAll(reader, DirectReader.buffer(8192))).as("aligned, from %d", first)
                        .isEqualTo(expected);
            }
            assertThat(reader.size()).isEqualTo(content.length);
        }
    }

    @Test
    void aStreamOfSmallReadsCrossesTheStagingWindowsAndMayGoBack() throws IOException {
        byte[] content = random(3_500_001, 3); // more than three 1 MiB windows
        Path file = dir.resolve("blob");
        Files.write(file, content);
        try (DirectReader reader = DirectReader.open(file)) {
            assertThat(Channels.newInputStream(reader).readAllBytes()).isEqualTo(content);
            for (long back : new long[] {1_048_575, 3, 2_500_000}) { // back into windows read before, unaligned
                reader.position(back);
                ByteBuffer two = ByteBuffer.allocate(2);
                while (two.hasRemaining() && reader.read(two) > 0) {
                    // fill
                }
                assertThat(two.array()).as("from %d", back)
                        .containsExactly(content[(int) back], content[(int) back + 1]);
            }
        }
    }

    @Test
    void aMissingFileIsSaidToBeMissing() {
        assertThatThrownBy(() -> DirectReader.open(dir.resolve("none"))).isInstanceOf(NoSuchFileException.class);
    }

    private static byte[] readAll(DirectReader reader, ByteBuffer buffer) throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) (reader.size() - reader.position()));
        while (true) {
            buffer.clear().limit(Math.min(buffer.capacity(), all.remaining() + 1)); // +1: room to see the end
            if (reader.read(buffer) < 0) {
                return all.array();
            }
            all.put(buffer.flip());
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
