package dev.switchboard.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;

/**
 * Which request bodies the publish API reads as JSON: {@code application/json} (and
 * {@code application/*+json}), no {@code Content-Type} at all, and
 * {@code application/x-www-form-urlencoded}, because that is what {@code curl -d '{...}'} sends
 * and the body is JSON all the same. Anything else (a multipart upload, {@code text/plain}) and any
 * {@code Content-Encoding} but {@code identity} get 415, so a client learns its mistake instead of
 * reading a confusing JSON syntax error.
 */
public final class JsonBodyType {
    private JsonBodyType() {}

    public static void check(HttpHeaders headers) throws ApiError {
        String encoding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            throw new ApiError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding " + encoding.strip() + " is not supported: send the body uncompressed");
        }
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null || type.isBlank() || isJson(mediaType(type))) {
            return;
        }
        throw new ApiError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported Content-Type " + type.strip() + ": send a JSON body as application/json");
    }

    /** The type/subtype without parameters, lower case. */
    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json")
                || mediaType.equals("application/x-www-form-urlencoded")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }
}
