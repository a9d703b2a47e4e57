package ick.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.nio.file.ExtendedOpenOption;
import ick.protocol.BlobInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void aWholeUploadAppearsWithItsDigestAndReadsBack() throws Exception {
        FileBlobStore store = newStore();
        BlobStore.Written w = store.write("workspace/hello", 0, null, null, body("hello"));
        assertThat(w.complete()).isTrue();
        assertThat(w.replaced()).isFalse();
        assertThat(w.info().sha256()).isEqualTo(sha("hello"));
        assertThat(read(store, "workspace/hello")).isEqualTo("hello");
        assertThat(store.list()).extracting(BlobInfo::name).containsExactly("workspace/hello");
        assertThat(store.partials()).isEmpty();
    }

    @Test
    void aBrokenUploadLeavesOnlyAPartialThatAPartResumes() throws Exception {
        FileBlobStore store = newStore();
        assertThatThrownBy(() -> store.write("big", 0, 10L, sha("0123456789"), Channels.newChannel(breaking("01234"))))
                .isInstanceOf(IOException.class);
        assertThat(store.info("big")).isEmpty();
        assertThat(store.partialOffset("big")).isEqualTo(5);
        assertThatThrownBy(() -> store.write("big", 3, 10L, null, body("3456789")))
                .isInstanceOf(OffsetMismatchException.class);
        BlobStore.Written w = store.write("big", 5, 10L, sha("0123456789"), body("56789"));
        assertThat(w.complete()).isTrue();
        assertThat(read(store, "big")).isEqualTo("0123456789");
        assertThat(store.partialOffset("big")).isZero();
    }

    @Test
    void aShortPartIsHeldUntilTheRestComes() throws Exception {
        FileBlobStore store = newStore();
        assertThat(store.write("x", 0, 6L, null, body("abc")).offset()).isEqualTo(3);
        assertThat(store.info("x")).isEmpty();
        assertThat(store.write("x", 3, 6L, null, body("def")).info().size()).isEqualTo(6);
    }

    @Test
    void aDigestMismatchKeepsNothing() throws Exception {
        FileBlobStore store = newStore();
        store.write("x", 0, null, null, body("old"));
        assertThatThrownBy(() -> store.write("x", 0, null, sha("something else"), body("new")))
                .isInstanceOf(DigestMismatchException.class);
        assertThat(read(store, "x")).isEqualTo("old");
        assertThat(store.partialOffset("x")).isZero();
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void aBodyLongerThanAnnouncedIsDropped() throws Exception {
        FileBlobStore store = newStore();
        assertThatThrownBy(() -> store.write("x", 0, 2L, null, body("abc")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.partialOffset("x")).isZero();
    }

    @Test
    void sharedContentIsKeptUntilItsLastNameGoes() throws Exception {
        FileBlobStore store = newStore();
        store.write("a", 0, null, null, body("same"));
        store.write("b", 0, null, null, body("same"));
        assertThat(store.exclusiveBytes("a")).isZero();
        try (BlobStore.Opened open = store.open("a").orElseThrow()) {
            assertThat(store.delete("a")).isTrue();
            assertThat(read(store, "b")).isEqualTo("same");
            assertThat(store.delete("b")).isTrue();
            ByteBuffer buffer = ByteBuffer.allocate(4);
            open.channel().read(buffer);
            assertThat(new String(buffer.array(), StandardCharsets.UTF_8)).isEqualTo("same"); // still readable
        }
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files).isEmpty();
        }
        assertThat(store.delete("a")).isFalse();
    }

    @Test
    void overwritingReplacesAndFreesTheOldContentInTheBackground() throws Exception {
        List<Runnable> unlinks = new ArrayList<>();
        FileBlobStore store = new FileBlobStore(dir, task -> {
            if (task instanceof FileBlobStore.Unlinking) {
                unlinks.add(task); // held, to see the content set aside before it goes
            } else {
                new Thread(task).start();
            }
        });
        store.write("a", 0, null, null, body("one"));
        assertThat(store.write("a", 0, null, null, body("two")).replaced()).isTrue();
        assertThat(read(store, "a")).isEqualTo("two");
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files).hasSize(1);
        }
        assertThat(unlinks).hasSize(1);
        assertThat(contentsOf(dir.resolve("tmp"))).containsExactly("one");
        unlinks.get(0).run();
        assertThat(contentsOf(dir.resolve("tmp"))).isEmpty();

        store.write("b", 0, null, null, body("two")); // the same content again: its upload is set aside too
        assertThat(unlinks).hasSize(2);
        assertThat(contentsOf(dir.resolve("tmp"))).containsExactly("two");
        assertThat(store.delete("a")).isTrue();
        assertThat(unlinks).as("b still has it").hasSize(2);
        assertThat(store.delete("b")).isTrue();
        assertThat(unlinks).hasSize(3);
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files).isEmpty();
        }
        unlinks.forEach(Runnable::run);
        assertThat(contentsOf(dir.resolve("tmp"))).isEmpty();
    }

    private static List<String> contentsOf(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            List<String> contents = new ArrayList<>();
            for (Path file : files.toList()) {
                contents.add(Files.readString(file));
            }
            return contents;
        }
    }

    @Test
    void aBodyOfManyBuffersIsHashedBesideItsCopyAndResumes() throws Exception {
        byte[] content = new byte[21 * 1024 * 1024 + 17]; // five 4 MiB buffers and a bit
        new java.util.Random(5).nextBytes(content);
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        FileBlobStore store = newStore();
        InputStream firstPart = new ByteArrayInputStream(content, 0, 13 * 1024 * 1024);
        assertThat(store.write("big", 0, (long) content.length, hex, Channels.newChannel(firstPart)).offset())
                .isEqualTo(13 * 1024 * 1024);
        InputStream rest = new ByteArrayInputStream(content, 13 * 1024 * 1024, content.length - 13 * 1024 * 1024);
        BlobStore.Written w = store.write("big", 13 * 1024 * 1024, (long) content.length, hex,
                Channels.newChannel(rest));
        assertThat(w.info().sha256()).isEqualTo(hex);
        assertThat(Files.readAllBytes(dir.resolve("data").resolve(hex))).isEqualTo(content);
        // per upload, a thread hashes beside the copy, and one writes to the disk where O_DIRECT is allowed; the
        // resume reads the part it keeps on one more, while it hashes that part
        assertThat(backgroundTasks).isEqualTo(directIoAllowed() ? 5 : 3);

        assertThatThrownBy(() -> store.write("long", 0, 2L * 1024 * 1024, null,
                Channels.newChannel(new ByteArrayInputStream(content))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer");
        assertThat(store.partialOffset("long")).isZero();
    }

    private int backgroundTasks;

    private FileBlobStore newStore() throws IOException {
        return new FileBlobStore(dir, task -> {
            backgroundTasks++;
            new Thread(task, "test-background").start();
        });
    }

    private boolean directIoAllowed() {
        try (FileChannel probe = FileChannel.open(dir.resolve("probe"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException refused) {
            return false;
        }
    }

    private static String read(FileBlobStore store, String name) throws IOException {
        try (BlobStore.Opened open = store.open(name).orElseThrow()) {
            ByteBuffer buffer = ByteBuffer.allocate((int) open.info().size());
            while (buffer.hasRemaining() && open.channel().read(buffer) >= 0) {
                // fill
            }
            return new String(buffer.array(), StandardCharsets.UTF_8);
        }
    }

    private static ReadableByteChannel body(String text) {
        return Channels.newChannel(stream(text));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Gives {@code text}, then fails as a broken connection does. */
    private static InputStream breaking(String text) {
        return new InputStream() {
            private final InputStream in = stream(text);

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection reset");
                }
                return b;
            }
        };
    }

    private static String sha(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
