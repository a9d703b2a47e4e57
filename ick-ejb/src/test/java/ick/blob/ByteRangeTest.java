package ick.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void rangeHeaderFormsAreUnderstood() {
        assertThat(ByteRange.ofRangeHeader("bytes=0-99", 1000)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.ofRangeHeader("bytes=500-", 1000)).contains(new ByteRange(500, 999));
        assertThat(ByteRange.ofRangeHeader("bytes=-100", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.ofRangeHeader("bytes=-5000", 1000)).contains(new ByteRange(0, 999));
        assertThat(ByteRange.ofRangeHeader("bytes=900-5000", 1000)).contains(new ByteRange(900, 999));
        assertThat(new ByteRange(900, 999).contentRange(1000)).isEqualTo("bytes 900-999/1000");
        assertThat(new ByteRange(900, 999).length()).isEqualTo(100);
    }

    @Test
    void absentMalformedOrMultipleRangesMeanTheWholeBlob() {
        assertThat(ByteRange.ofRangeHeader(null, 1000)).isEmpty();
        assertThat(ByteRange.ofRangeHeader("bytes=0-1,5-6", 1000)).isEmpty();
        assertThat(ByteRange.ofRangeHeader("items=0-1", 1000)).isEmpty();
        assertThat(ByteRange.ofRangeHeader("bytes=-", 1000)).isEmpty();
        assertThat(ByteRange.ofRangeHeader("bytes=9-1", 1000)).isEmpty();
    }

    @Test
    void aRangePastTheEndIsUnsatisfiable() {
        assertThatThrownBy(() -> ByteRange.ofRangeHeader("bytes=1000-", 1000))
                .isInstanceOf(UnsatisfiableRangeException.class);
        assertThatThrownBy(() -> ByteRange.ofRangeHeader("bytes=-0", 1000))
                .isInstanceOf(UnsatisfiableRangeException.class);
        assertThatThrownBy(() -> ByteRange.ofRangeHeader("bytes=0-", 0))
                .isInstanceOf(UnsatisfiableRangeException.class);
    }

    @Test
    void contentRangeOfAnUploadPart() {
        assertThat(ByteRange.ofContentRange("bytes 100-199/1000"))
                .contains(new ByteRange.Part(new ByteRange(100, 199), 1000));
        assertThat(ByteRange.ofContentRange(null)).isEmpty();
        assertThat(ByteRange.ofContentRange(" ")).isEmpty();
        assertThatThrownBy(() -> ByteRange.ofContentRange("bytes 100-99/1000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteRange.ofContentRange("bytes 0-1000/1000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteRange.ofContentRange("bytes */1000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteRange.ofContentRange("100-199")).isInstanceOf(IllegalArgumentException.class);
    }
}
