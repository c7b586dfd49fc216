package dev.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a server's admin API over loopback, with an optional key and the csrf token for actions. */
final class AdminClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final String key;

    AdminClient(int port, String key) {
        this.port = port;
        this.key = key;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    /** A GET that must answer 200; its JSON body. */
    JsonNode read(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** An action with this server's csrf token. */
    HttpResponse<String> act(String action, String body) throws Exception {
        return post(action, body, read("session").path("csrf").asText());
    }

    HttpResponse<String> post(String action, String body, String csrf) throws Exception {
        HttpRequest.Builder request = request(action).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) {
            request.header("X-Switchboard-Csrf", csrf);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + (path.startsWith("/") ? path : AdminApi.PREFIX + path))).timeout(Duration.ofSeconds(5));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request;
    }

    /** Asserts the status and that the body is {@code {"error": ...}} starting with {@code reasonStart}. */
    static void assertError(HttpResponse<String> response, int status, String reasonStart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.size()).as(response.body()).isEqualTo(1);
        assertThat(body.path("error").asText()).startsWith(reasonStart);
    }
}
