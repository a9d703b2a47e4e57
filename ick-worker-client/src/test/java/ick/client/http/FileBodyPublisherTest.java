package ick.client.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;

class FileBodyPublisherTest {
    @TempDir
    Path dir;

    /** Collects what is published, asking for {@code step} buffers at a time (from inside onNext too). */
    static class Collector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> sizes = new ArrayList<>();
        final long step;
        Flow.Subscription subscription;
        boolean completed;
        Throwable error;

        Collector(long step) {
            this.step = step;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(step);
        }

        @Override
        public void onNext(ByteBuffer item) {
            sizes.add(item.remaining());
            byte[] b = new byte[item.remaining()];
            item.get(b);
            bytes.writeBytes(b);
            if (step == 1) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    private byte[] file(Path file, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Files.write(file, content);
        return content;
    }

    @Test
    void publishesTheFileFromTheOffsetInChunksAndTellsProgress() throws Exception {
        Path file = dir.resolve("f");
        byte[] content = file(file, 1000);
        List<Long> progress = new ArrayList<>();
        FileBodyPublisher publisher = new FileBodyPublisher(file, 100, 900, 256, progress::add);
        assertThat(publisher.contentLength()).isEqualTo(900);

        Collector one = new Collector(1);
        publisher.subscribe(one);
        assertThat(one.completed).isTrue();
        assertThat(one.error).isNull();
        assertThat(one.bytes.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 1000));
        assertThat(one.sizes).containsExactly(256, 256, 256, 132);
        assertThat(progress).containsExactly(256L, 512L, 768L, 900L);

        // subscribed again (a request sent again after a 401): the same bytes, all at once
        Collector all = new Collector(Long.MAX_VALUE);
        publisher.subscribe(all);
        assertThat(all.completed).isTrue();
        assertThat(all.bytes.toByteArray()).isEqualTo(one.bytes.toByteArray());
    }

    @Test
    void publishesOnlyAsMuchAsAskedFor() throws Exception {
        Path file = dir.resolve("f");
        file(file, 1000);
        Collector two = new Collector(2);
        new FileBodyPublisher(file, 0, 1000, 100, n -> { }).subscribe(two);
        assertThat(two.sizes).containsExactly(100, 100);
        assertThat(two.completed).isFalse();
        two.subscription.request(100);
        assertThat(two.bytes.size()).isEqualTo(1000);
        assertThat(two.completed).isTrue();
    }

    @Test
    void aFileThatShrankFailsTheBody() throws Exception {
        Path file = dir.resolve("f");
        file(file, 1000);
        FileBodyPublisher publisher = new FileBodyPublisher(file, 0, 1000, 256, n -> { });
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(600);
        }
        Collector c = new Collector(1);
        publisher.subscribe(c);
        assertThat(c.completed).isFalse();
        assertThat(c.error).isInstanceOf(IOException.class).hasMessageContaining("ended at byte 600");
    }

    @Test
    void aCancelledSubscriptionStopsAndANonPositiveRequestIsAnError() throws Exception {
        Path file = dir.resolve("f");
        file(file, 1000);
        Collector c = new Collector(1) {
            @Override
            public void onNext(ByteBuffer item) {
                sizes.add(item.remaining());
                subscription.cancel();
                subscription.request(1); // after cancel: nothing more
            }
        };
        new FileBodyPublisher(file, 0, 1000, 100, n -> { }).subscribe(c);
        assertThat(c.sizes).containsExactly(100);
        assertThat(c.completed).isFalse();
        assertThat(c.error).isNull();

        Collector zero = new Collector(0);
        new FileBodyPublisher(file, 0, 1000, 100, n -> { }).subscribe(zero);
        assertThat(zero.error).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyBodyCompletesAtOnce() throws Exception {
        Path file = dir.resolve("f");
        file(file, 10);
        Collector c = new Collector(1);
        new FileBodyPublisher(file, 10, 0, 100, n -> { }).subscribe(c);
        assertThat(c.completed).isTrue();
        assertThat(c.sizes).isEmpty();
    }
}
