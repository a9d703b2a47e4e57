package ick.web.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ick.identity.TokenRequestException;
import ick.identity.TokenRequestException.Error;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenRequestTest {
    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsAndGrantType() throws Exception {
        TokenRequest r = TokenRequest.parse("grant_type=client_credentials", basic("worker-1:s3cret-s3cret"));
        assertThat(r.clientId()).isEqualTo("worker-1");
        assertThat(r.secrets()).containsExactly("s3cret-s3cret");
        assertThat(r.scope()).isNull();
    }

    @Test
    void theScopeIsFormDecoded() throws Exception {
        TokenRequest r = TokenRequest.parse("grant_type=client_credentials&scope=uapi_work_get+uapi_workers_post",
                basic("w:secret-secret"));
        assertThat(r.scope()).isEqualTo("uapi_work_get uapi_workers_post");
    }

    @Test
    void aFormEncodedBasicSecretIsDecodedAndTheRawOneIsTriedToo() throws Exception {
        TokenRequest r = TokenRequest.parse("grant_type=client_credentials", basic("w:a%2Bb+c"));
        assertThat(r.secrets()).containsExactly("a+b c", "a%2Bb+c");
    }

    @Test
    void aRawSecretThatIsNotFormEncodingIsTakenAsItIs() throws Exception {
        TokenRequest r = TokenRequest.parse("grant_type=client_credentials", basic("w:100%:pass"));
        assertThat(r.secrets()).containsExactly("100%:pass");
    }

    @Test
    void credentialsMayComeInTheForm() throws Exception {
        TokenRequest r = TokenRequest.parse("grant_type=client_credentials&client_id=w&client_secret=a%26b", null);
        assertThat(r.clientId()).isEqualTo("w");
        assertThat(r.secrets()).containsExactly("a&b");
    }

    @Test
    void noCredentialsIsInvalidClient() {
        assertError("grant_type=client_credentials", null, Error.INVALID_CLIENT);
        assertError("grant_type=client_credentials", "Bearer abc", Error.INVALID_CLIENT);
        assertError("grant_type=client_credentials&client_id=w", null, Error.INVALID_CLIENT);
        assertError("grant_type=client_credentials", "Basic !!!", Error.INVALID_CLIENT);
        assertError("grant_type=client_credentials", basic("no colon"), Error.INVALID_CLIENT);
    }

    @Test
    void twoWaysToAuthenticateAreRefused() {
        assertError("grant_type=client_credentials&client_secret=x", basic("w:secret-secret"), Error.INVALID_REQUEST);
        assertError("grant_type=client_credentials&client_id=other", basic("w:secret-secret"), Error.INVALID_REQUEST);
    }

    @Test
    void grantTypeMustBeClientCredentials() {
        assertError("", basic("w:secret-secret"), Error.INVALID_REQUEST);
        assertError("grant_type=password&username=a&password=b", basic("w:secret-secret"), Error.UNSUPPORTED_GRANT_TYPE);
        assertError("grant_type=authorization_code", basic("w:secret-secret"), Error.UNSUPPORTED_GRANT_TYPE);
    }

    @Test
    void aRepeatedOrMalformedParameterIsInvalidRequest() {
        assertError("grant_type=client_credentials&grant_type=client_credentials", basic("w:secret-secret"), Error.INVALID_REQUEST);
        assertError("grant_type=client_credentials&scope=%zz", basic("w:secret-secret"), Error.INVALID_REQUEST);
    }

    @Test
    void theSecretNeverShowsInToString() throws Exception {
        assertThat(TokenRequest.parse("grant_type=client_credentials", basic("w:hunter2-hunter2")).toString())
                .doesNotContain("hunter2");
    }

    private static void assertError(String form, String authorization, Error error) {
        assertThatThrownBy(() -> TokenRequest.parse(form, authorization))
                .isInstanceOfSatisfying(TokenRequestException.class, e -> assertThat(e.error()).isEqualTo(error));
    }
}
