package ick.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DirectWriterTest {
    private static final Executor THREAD = task -> new Thread(task).start();

    @TempDir
    Path dir;

    @Test
    void piecesOfAnySizeEndUpInTheFileInOrderAndPastTheCacheWhereTheFileSystemAllows() throws IOException {
        byte[] content = random(3_000_001, 1);
        Path file = dir.resolve("blob");
        boolean direct = appendInPieces(file, content, 64 * 1024);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        if (Files.getFileStore(dir).type().equals("ext4")) {
            assertThat(direct).as("O_DIRECT on ext4").isTrue();
        }
    }

    @Test
    void aResumeAppendsFromAnUnalignedEndBothByteByByteAndInPieces() throws IOException {
        byte[] content = random(2_500_000, 2);
        Path file = dir.resolve("partial");
        Files.write(file, Arrays.copyOf(content, 1_000_003)); // what the broken upload left
        byte[] rest = Arrays.copyOfRange(content, 1_000_003, content.length);
        appendInPieces(file, rest, 16 * 1024);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);

        Path small = dir.resolve("small");
        Files.write(small, new byte[] {1, 2, 3});
        try (FileChannel out = FileChannel.open(small, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             DirectWriter writer = DirectWriter.open(small, out, out.size(), 8192, THREAD)) {
            for (byte b : random(10_000, 3)) {
                writer.write(ByteBuffer.wrap(new byte[] {b}));
            }
        }
        byte[] expected = new byte[10_003];
        expected[0] = 1;
        expected[1] = 2;
        expected[2] = 3;
        System.arraycopy(random(10_000, 3), 0, expected, 3, 10_000);
        assertThat(Files.readAllBytes(small)).isEqualTo(expected);
    }

    @Test
    void closingWritesWhatIsHeldSoThatABrokenCopyKeepsAllThatArrived() throws IOException {
        byte[] content = random(1_234_567, 4);
        Path file = dir.resolve("broken");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            DirectWriter writer = DirectWriter.open(file, out, 0, 1 << 20, THREAD);
            writer.write(ByteBuffer.wrap(content));
            assertThat(Files.size(file)).as("at most a whole staging buffer written, the rest held")
                    .isLessThanOrEqualTo(1 << 20);
            writer.close();
            writer.close(); // twice is harmless
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void whereDirectIoIsRefusedEverythingGoesThroughTheCache() throws IOException {
        byte[] content = random(300_000, 5);
        Path file = dir.resolve("cached");
        Files.write(file, new byte[] {7});
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             DirectWriter writer = DirectWriter.throughTheCache(out, out.size())) {
            assertThat(writer.isDirect()).isFalse();
            for (int at = 0; at < content.length; at += 10_000) {
                writer.write(ByteBuffer.wrap(content, at, Math.min(10_000, content.length - at)));
            }
        }
        byte[] expected = new byte[content.length + 1];
        expected[0] = 7;
        System.arraycopy(content, 0, expected, 1, content.length);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    }

    @Test
    void wholeAlignedBuffersAreLentAndGivenBackOnceOnDiskAndOthersAreRefusedForACopy() throws Exception {
        Path file = dir.resolve("lent");
        byte[] content = random(3 * 65536 + 100, 6);
        List<Integer> givenBack = new CopyOnWriteArrayList<>();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             DirectWriter writer = DirectWriter.open(file, out, 0, 65536, THREAD)) {
            assumeTrue(writer.isDirect(), "O_DIRECT refused by this file system");
            ByteBuffer first = aligned(content, 0, 65536);
            assertThat(writer.writeLent(first, () -> givenBack.add(1))).isTrue();
            assertThat(writer.writeLent(ByteBuffer.allocateDirect(65536).put(content, 65536, 65536).flip()
                    .slice(1, 4096), () -> givenBack.add(-1))).as("not aligned").isFalse();
            assertThat(writer.writeLent(ByteBuffer.wrap(content, 65536, 65536), () -> givenBack.add(-1)))
                    .as("not direct").isFalse();
            assertThat(writer.writeLent(aligned(content, 65536, 1000), () -> givenBack.add(-1)))
                    .as("not whole blocks").isFalse();
            assertThat(writer.writeLent(aligned(content, 65536, 65536), () -> givenBack.add(2))).isTrue();
            assertThat(writer.stagingBuffers()).as("none made while all is lent").isZero();
            writer.write(ByteBuffer.wrap(content, 2 * 65536, 100)); // held in the staging buffer
            assertThat(writer.stagingBuffers()).isOne();
            assertThat(writer.writeLent(aligned(content, 2 * 65536 + 100, 65536), () -> givenBack.add(-1)))
                    .as("bytes held before it").isFalse();
            writer.write(ByteBuffer.wrap(content, 2 * 65536 + 100, 65536));
        }
        assertThat(givenBack).containsExactly(1, 2);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    /** A direct buffer aligned to 4 KiB holding {@code n} bytes of {@code content} from {@code at}. */
    private static ByteBuffer aligned(byte[] content, int at, int n) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(n + 2 * 4096).alignedSlice(4096).limit(n).slice();
        return buffer.put(content, at, n).flip();
    }

    /** Appends {@code content} to {@code file} in pieces of varying sizes up to {@code most}; says if it went direct. */
    private static boolean appendInPieces(Path file, byte[] content, int most) throws IOException {
        Random sizes = new Random(most);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             DirectWriter writer = DirectWriter.open(file, out, out.size(), 256 * 1024, THREAD)) {
            for (int at = 0; at < content.length; ) {
                int n = Math.min(content.length - at, 1 + sizes.nextInt(most));
                ByteBuffer piece = ByteBuffer.allocateDirect(n).put(content, at, n).flip();
                assertThat(writer.write(piece)).isEqualTo(n);
                assertThat(piece.hasRemaining()).isFalse();
                at += n;
            }
            return writer.isDirect();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
