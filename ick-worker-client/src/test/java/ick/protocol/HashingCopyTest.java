package ick.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashingCopyTest {
    @TempDir
    Path dir;

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Executor threadPerTask = task -> {
        Thread t = new Thread(task, "test-hash");
        threads.add(t);
        t.start();
    };

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Gives at most {@code most} bytes per read and says nothing is available, like a slow socket. */
    private static InputStream trickling(byte[] bytes, int most) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, most));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    private long copy(HashingCopy copy, InputStream in, Path file, MessageDigest sha, HashingCopy.Progress progress)
            throws Exception {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            return copy.copy(in, out, sha, progress);
        }
    }

    @Test
    void aBodyOfManyBuffersIsCopiedWholeAndItsDigestIsTheDigestOfAll() throws Exception {
        byte[] content = random(3_000_000);
        MessageDigest sha = HashingCopy.sha256();
        List<Long> progress = new CopyOnWriteArrayList<>();
        long n = copy(new HashingCopy(threadPerTask, 64 * 1024), trickling(content, 10_000), dir.resolve("f"), sha,
                progress::add);

        assertThat(n).isEqualTo(3_000_000);
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(content);
        assertThat(sha.digest()).isEqualTo(HashingCopy.sha256().digest(content));
        assertThat(progress).isSorted().last().isEqualTo(3_000_000L);
        assertThat(threads).hasSize(1);
    }

    @Test
    void readsWhatIsAvailableIntoOneBufferBeforeHandingItOn() throws Exception {
        byte[] content = random(1_000_000);
        List<Long> progress = new CopyOnWriteArrayList<>();
        // ByteArrayInputStream gives 10 000 bytes per read here and says the rest is available
        InputStream in = new FilterInputStream(new ByteArrayInputStream(content)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 10_000));
            }
        };
        copy(new HashingCopy(threadPerTask, 100_000), in, dir.resolve("f"), HashingCopy.sha256(), progress::add);
        assertThat(progress).startsWith(100_000L, 200_000L).hasSize(10);
        List<Long> slow = new CopyOnWriteArrayList<>(); // nothing available: a quarter buffer at least
        copy(new HashingCopy(threadPerTask, 100_000), trickling(content, 10_000), dir.resolve("g"), HashingCopy.sha256(),
                slow::add);
        assertThat(slow).startsWith(30_000L, 60_000L).last().isEqualTo(1_000_000L);
    }

    @Test
    void aBodyThatFitsOneBufferIsHashedWithoutASecondThread() throws Exception {
        byte[] content = random(50_000);
        MessageDigest sha = HashingCopy.sha256();
        Executor none = task -> {
            throw new AssertionError("no thread expected");
        };
        assertThat(copy(new HashingCopy(none, 64 * 1024), trickling(content, 7_000), dir.resolve("f"), sha, b -> { }))
                .isEqualTo(50_000);
        assertThat(sha.digest()).isEqualTo(HashingCopy.sha256().digest(content));

        MessageDigest empty = HashingCopy.sha256();
        assertThat(copy(new HashingCopy(none, 64 * 1024), new ByteArrayInputStream(new byte[0]), dir.resolve("e"),
                empty, b -> { })).isZero();
        assertThat(empty.digest()).isEqualTo(HashingCopy.sha256().digest());
        assertThat(dir.resolve("e")).isEmptyFile();
    }

    @Test
    void aBrokenBodyFailsTheCopyAndTheHashingThreadEnds() throws Exception {
        byte[] content = random(1_000_000);
        InputStream breaking = new FilterInputStream(trickling(content, 30_000)) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 500_000) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, len);
                read += n;
                return n;
            }
        };
        assertThatThrownBy(() -> copy(new HashingCopy(threadPerTask, 64 * 1024), breaking, dir.resolve("f"),
                HashingCopy.sha256(), b -> { })).isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThat(threads).hasSize(1);
        threads.get(0).join(TimeUnit.SECONDS.toMillis(5));
        assertThat(threads.get(0).isAlive()).isFalse();
        assertThat(Files.size(dir.resolve("f"))).as("all that came before the break").isEqualTo(510_000L);
    }

    @Test
    void aFailedHashingFailsTheCopyInsteadOfLeavingItWaiting() throws Exception {
        MessageDigest failing = new MessageDigest("failing") {
            private long seen;

            @Override
            protected void engineUpdate(byte input) {
                throw new UnsupportedOperationException();
            }

            @Override
            protected void engineUpdate(byte[] input, int offset, int len) {
                seen += len;
                if (seen > 200_000) {
                    throw new IllegalStateException("digest broke");
                }
            }

            @Override
            protected byte[] engineDigest() {
                return new byte[0];
            }

            @Override
            protected void engineReset() {
                seen = 0;
            }
        };
        assertThatThrownBy(() -> copy(new HashingCopy(threadPerTask, 64 * 1024),
                trickling(random(3_000_000), 64 * 1024), dir.resolve("f"), failing, b -> { }))
                .isInstanceOf(IllegalStateException.class).hasRootCauseMessage("digest broke");
    }

    @Test
    void progressMayStopTheCopy() throws Exception {
        byte[] content = random(1_000_000);
        assertThatThrownBy(() -> copy(new HashingCopy(threadPerTask, 64 * 1024), trickling(content, 64 * 1024),
                dir.resolve("f"), HashingCopy.sha256(), copied -> {
                    if (copied > 300_000) {
                        throw new InterruptedException("stopped");
                    }
                })).isInstanceOf(InterruptedException.class);
        threads.get(0).join(TimeUnit.SECONDS.toMillis(5));
        assertThat(threads.get(0).isAlive()).isFalse();
    }

    @Test
    void aChannelIsCopiedWholeThroughDirectBuffersAndHashedBesideTheCopy() throws Exception {
        byte[] content = random(3_000_000);
        MessageDigest sha = HashingCopy.sha256();
        List<Long> progress = new CopyOnWriteArrayList<>();
        long n;
        try (FileChannel out = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            n = new HashingCopy(threadPerTask, 64 * 1024).copy(tricklingChannel(content, 10_000, 0), out, sha,
                    progress::add);
        }
        assertThat(n).isEqualTo(3_000_000);
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(content);
        assertThat(sha.digest()).isEqualTo(HashingCopy.sha256().digest(content));
        // a quarter buffer at least per piece: 16 384 bytes come in 2 reads of 10 000
        assertThat(progress).startsWith(20_000L, 40_000L).last().isEqualTo(3_000_000L);
        assertThat(threads).hasSize(1);
    }

    @Test
    void directBuffersAreReusedByTheNextCopies() throws Exception {
        HashingCopy copy = new HashingCopy(threadPerTask, 64 * 1024);
        for (int i = 0; i < 3; i++) {
            try (FileChannel out = FileChannel.open(dir.resolve("f" + i), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                copy.copy(tricklingChannel(random(1_000_000), 64 * 1024, 0), out, HashingCopy.sha256(), b -> { });
            }
            assertThat(copy.spareDirectBuffers()).as("after copy %d", i).isEqualTo(HashingCopy.BUFFERS);
        }
    }

    @Test
    void intoADirectWriterWholeBuffersAreLentToTheDiskAndAllComeBack() throws Exception {
        lentToADirectWriter(new HashingCopy(threadPerTask, 64 * 1024), HashingCopy.BUFFERS);
        lentToADirectWriter(new HashingCopy(threadPerTask, 256 * 1024, 3), 3);
    }

    private void lentToADirectWriter(HashingCopy copy, int buffers) throws Exception {
        for (int i = 0; i < 2; i++) {
            byte[] content = random(3_000_001 + i);
            Path file = dir.resolve("d" + buffers + "-" + i);
            MessageDigest sha = HashingCopy.sha256();
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 DirectWriter writer = DirectWriter.open(file, out, 0, 64 * 1024, threadPerTask)) {
                assumeTrue(writer.isDirect(), "O_DIRECT refused by this file system");
                assertThat(copy.copy(tricklingChannel(content, 10_000, 0), writer, sha, b -> { }))
                        .isEqualTo(content.length);
            }
            assertThat(Files.readAllBytes(file)).isEqualTo(content);
            assertThat(sha.digest()).isEqualTo(HashingCopy.sha256().digest(content));
            assertThat(copy.spareDirectBuffers()).as("after copy %d", i).isEqualTo(buffers);
        }
    }

    @Test
    void intoADirectWriterABrokenChannelKeepsWhatCameBeforeTheBreak() throws Exception {
        byte[] content = random(1_000_000);
        Path file = dir.resolve("f");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             DirectWriter writer = DirectWriter.open(file, out, 0, 64 * 1024, threadPerTask)) {
            assertThatThrownBy(() -> new HashingCopy(threadPerTask, 64 * 1024).copy(
                    tricklingChannel(content, 30_000, 510_000), writer, HashingCopy.sha256(), b -> { }))
                    .isInstanceOf(IOException.class).hasMessage("connection reset");
        }
        // whole buffers are read, so the break comes after the read that passed 510 000 bytes
        byte[] kept = Files.readAllBytes(file);
        assertThat(kept.length).as("all that came before the break").isEqualTo(518_752);
        assertThat(kept).isEqualTo(Arrays.copyOf(content, kept.length));
    }

    @Test
    void aChannelThatBreaksKeepsWhatCameBeforeTheBreak() throws Exception {
        byte[] content = random(1_000_000);
        try (FileChannel out = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> new HashingCopy(threadPerTask, 64 * 1024).copy(
                    tricklingChannel(content, 30_000, 510_000), out, HashingCopy.sha256(), b -> { }))
                    .isInstanceOf(IOException.class).hasMessage("connection reset");
        }
        threads.get(0).join(TimeUnit.SECONDS.toMillis(5));
        assertThat(threads.get(0).isAlive()).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("f"))).as("all that came before the break")
                .isEqualTo(Arrays.copyOf(content, 510_000));
    }

    /** Gives at most {@code most} bytes per read; fails with "connection reset" after {@code breakAt} (if > 0). */
    private static ReadableByteChannel tricklingChannel(byte[] bytes, int most, int breakAt) {
        return new ReadableByteChannel() {
            private int read;

            @Override
            public int read(ByteBuffer into) throws IOException {
                if (breakAt > 0 && read >= breakAt) {
                    throw new IOException("connection reset");
                }
                if (read == bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(most, into.remaining()), bytes.length - read);
                into.put(bytes, read, n);
                read += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
