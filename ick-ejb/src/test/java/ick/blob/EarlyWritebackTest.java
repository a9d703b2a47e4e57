package ick.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static ick.blob.EarlyWriteback.EVERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EarlyWritebackTest {
    @TempDir
    Path dir;

    @Test
    void aFlushStartsEveryStretchOfBytesButNeverWhileOneIsRunning() throws IOException {
        List<Runnable> started = new ArrayList<>();
        try (FileChannel file = open()) {
            EarlyWriteback writeback = new EarlyWriteback(file, started::add);
            writeback.copied(EVERY - 1);
            assertThat(started).isEmpty();
            writeback.copied(EVERY);
            assertThat(started).hasSize(1);
            writeback.copied(3 * EVERY); // the first is still running
            assertThat(started).hasSize(1);
            started.get(0).run();
            writeback.copied(3 * EVERY);
            assertThat(started).hasSize(2);
            writeback.copied(3 * EVERY + EVERY - 1); // counted from where the last one started
            assertThat(started).hasSize(2);
            started.get(1).run();
            writeback.awaitFlush();
        }
    }

    @Test
    void aFailedFlushFailsTheUpload() throws IOException {
        FileChannel file = open();
        file.close(); // its force() now throws, as a disk error would
        EarlyWriteback writeback = new EarlyWriteback(file, Runnable::run);
        writeback.copied(EVERY);
        assertThatThrownBy(writeback::awaitFlush).isInstanceOf(IOException.class)
                .hasMessageStartingWith("writing the upload to disk failed");
        writeback.awaitFlushQuietly(); // when the copy failed too, its own failure is the one reported
    }

    @Test
    void theNextFlushReportsTheFailureOfTheOneBefore() throws IOException {
        FileChannel file = open();
        file.close();
        EarlyWriteback writeback = new EarlyWriteback(file, Runnable::run);
        writeback.copied(EVERY);
        assertThatThrownBy(() -> writeback.copied(2 * EVERY)).isInstanceOf(IOException.class);
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(dir.resolve("upload"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
}
