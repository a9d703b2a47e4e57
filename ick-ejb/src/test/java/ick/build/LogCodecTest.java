package ick.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogCodecTest {
    private static String restored(LogCodec.Stored stored) {
        return stored.codec().text(stored.data(), stored.utf8Bytes());
    }

    @Test
    void emptyTextIsStoredAsNoBytes() {
        LogCodec.Stored stored = LogCodec.store("");
        assertThat(stored.codec()).isEqualTo(LogCodec.NONE);
        assertThat(stored.data()).isEmpty();
        assertThat(stored.utf8Bytes()).isZero();
        assertThat(restored(stored)).isEmpty();
    }

    @Test
    void aShortLineIsStoredAsItsUtf8() {
        LogCodec.Stored stored = LogCodec.store("[ick] build started\n");
        assertThat(stored.codec()).isEqualTo(LogCodec.NONE);
        assertThat(new String(stored.data(), StandardCharsets.UTF_8)).isEqualTo("[ick] build started\n");
        assertThat(restored(stored)).isEqualTo("[ick] build started\n");
    }

    @Test
    void repetitiveOutputIsStoredCompressed() {
        String text = "ick ingest benchmark: ninety-nine characters of text per line, newline included ............\n"
                .repeat(10_000);
        LogCodec.Stored stored = LogCodec.store(text);
        assertThat(stored.codec()).isEqualTo(LogCodec.ZSTD);
        assertThat(stored.utf8Bytes()).isEqualTo(text.length());
        assertThat(stored.data().length).isLessThan(text.length() / 100);
        assertThat(restored(stored)).isEqualTo(text);
    }

    @Test
    void randomLookingOutputIsNeverStoredLarger() {
        byte[] noise = new byte[750_000];
        new Random(4).nextBytes(noise);
        String base64 = Base64.getMimeEncoder().encodeToString(noise);
        LogCodec.Stored stored = LogCodec.store(base64);
        assertThat(stored.data().length).isLessThanOrEqualTo(stored.utf8Bytes());
        assertThat(restored(stored)).isEqualTo(base64);

        String utf8Noise = new Random(5).ints(20_000, 0x20, 0x2FFF).filter(Character::isDefined)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        LogCodec.Stored wide = LogCodec.store(utf8Noise);
        assertThat(wide.data().length).isLessThanOrEqualTo(wide.utf8Bytes());
        assertThat(restored(wide)).isEqualTo(utf8Noise);
    }

    @Test
    void multiByteCharactersAtChunkEdgesReadBackWhole() {
        // a worker cuts its output between characters, not bytes: one chunk ends in é, the next starts with an
        // emoji (two UTF-16 units, four UTF-8 bytes), each compressed on its own
        String first = "h\u00e9llo w\u00e9".repeat(500);
        String second = "\uD83D\uDE00rld \u00e9\n".repeat(500);
        LogText.Piece a = new LogText.Piece(0, restored(LogCodec.store(first)));
        LogText.Piece b = new LogText.Piece(a.end(), restored(LogCodec.store(second)));
        assertThat(LogCodec.store(second).utf8Bytes()).isEqualTo(second.getBytes(StandardCharsets.UTF_8).length);
        assertThat(LogText.from(List.of(a, b), 0)).isEqualTo(first + second);
        assertThat(LogText.from(List.of(a, b), a.end() + 1)).isEqualTo(second.substring(2)); // after the emoji
        assertThat(LogText.from(List.of(a, b), a.end() - 1)).isEqualTo("\u00e9" + second);
    }

    @Test
    void aChunkThatDoesNotDecodeToItsRecordedSizeIsRefused() {
        LogCodec.Stored stored = LogCodec.store("x".repeat(1000));
        assertThatThrownBy(() -> stored.codec().text(stored.data(), 999)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> LogCodec.NONE.text(new byte[] {'a', 'b'}, 3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCodecIsNamedAsStored() {
        assertThat(LogCodec.of("zstd")).isEqualTo(LogCodec.ZSTD);
        assertThat(LogCodec.of("none")).isEqualTo(LogCodec.NONE);
        assertThatThrownBy(() -> LogCodec.of("lz4")).isInstanceOf(IllegalArgumentException.class);
    }
}
