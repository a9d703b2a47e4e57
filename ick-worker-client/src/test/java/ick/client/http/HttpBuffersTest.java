package ick.client.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpBuffersTest {
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(HttpBuffers.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(HttpBuffers.PROPERTY);
        } else {
            System.setProperty(HttpBuffers.PROPERTY, before);
        }
    }

    @Test
    void enlargeSetsTheClientBufferTo256KiB() {
        System.clearProperty(HttpBuffers.PROPERTY);
        HttpBuffers.enlarge();
        assertThat(System.getProperty(HttpBuffers.PROPERTY)).isEqualTo("262144");
    }

    @Test
    void enlargeKeepsAValueGivenOnTheCommandLine() {
        System.setProperty(HttpBuffers.PROPERTY, "65536");
        HttpBuffers.enlarge();
        assertThat(System.getProperty(HttpBuffers.PROPERTY)).isEqualTo("65536");
    }
}
