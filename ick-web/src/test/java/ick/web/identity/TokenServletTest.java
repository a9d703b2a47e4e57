package ick.web.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class TokenServletTest {
    @Test
    void aBodyUpToTheLimitIsRead() throws Exception {
        byte[] body = new byte[TokenServlet.MAX_BODY];
        assertThat(TokenServlet.readAtMost(new ByteArrayInputStream(body), TokenServlet.MAX_BODY)).hasSize(TokenServlet.MAX_BODY);
    }

    @Test
    void aBodyOverTheLimitIsNot() throws Exception {
        byte[] body = new byte[TokenServlet.MAX_BODY + 1];
        assertThat(TokenServlet.readAtMost(new ByteArrayInputStream(body), TokenServlet.MAX_BODY)).isNull();
    }
}
