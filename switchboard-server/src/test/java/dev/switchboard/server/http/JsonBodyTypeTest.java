package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which bodies the publish API reads as JSON, and 415 for the rest. */
class JsonBodyTypeTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON",
            "application/x-www-form-urlencoded", "application/merge-patch+json", "(none)"})
    void jsonAndWhatCurlSendsForDashDAreAccepted(String type) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (!type.equals("(none)")) {
            headers.set("content-type", type);
        }
        assertThatCode(() -> JsonBodyType.check(headers)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"multipart/form-data; boundary=xyz", "text/plain", "application/xml", "application/octet-stream"})
    void otherTypesAre415(String type) {
        HttpHeaders headers = new DefaultHttpHeaders().set("content-type", type);

        assertThatThrownBy(() -> JsonBodyType.check(headers)).isInstanceOfSatisfying(ApiError.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.status().code()).isEqualTo(415);
            org.assertj.core.api.Assertions.assertThat(e.reason())
                    .isEqualTo("unsupported Content-Type " + type + ": send a JSON body as application/json");
        });
    }

    @Test
    void compressedBodiesAre415() {
        HttpHeaders gzip = new DefaultHttpHeaders().set("content-encoding", "gzip");

        assertThatThrownBy(() -> JsonBodyType.check(gzip)).isInstanceOfSatisfying(ApiError.class, e ->
                org.assertj.core.api.Assertions.assertThat(e.reason())
                        .isEqualTo("Content-Encoding gzip is not supported: send the body uncompressed"));
        assertThatCode(() -> JsonBodyType.check(new DefaultHttpHeaders().set("content-encoding", "identity")))
                .doesNotThrowAnyException();
    }
}
