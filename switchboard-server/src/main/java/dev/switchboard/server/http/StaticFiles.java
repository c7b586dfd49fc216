package dev.switchboard.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves files from a classpath directory (for example the demo chat page). {@code /} maps to
 * {@code index.html}. Files are read once and cached with an ETag; clients revalidate
 * ({@code no-cache}) so a rebuilt page shows up on reload.
 */
public final class StaticFiles {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private final String root;
    private final ClassLoader loader;
    private final Map<String, Optional<Resource>> cache = new ConcurrentHashMap<>();

    private record Resource(byte[] bytes, String type, String etag) {}

    /** @param root classpath directory, e.g. {@code "web"} */
    public StaticFiles(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.loader = StaticFiles.class.getClassLoader();
    }

    /** Serves the request if a file matches; returns false when there is none (caller answers 404). */
    public boolean serve(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            return false;
        }
        String name = normalize(path);
        if (name == null) {
            return false;
        }
        Optional<Resource> resource = cache.computeIfAbsent(name, this::load);
        if (resource.isEmpty()) {
            return false;
        }
        Resource r = resource.get();
        FullHttpResponse response;
        if (r.etag.equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            response = HttpResponses.response(HttpResponseStatus.NOT_MODIFIED, null, new byte[0]);
        } else {
            response = HttpResponses.response(HttpResponseStatus.OK, r.type, r.bytes);
        }
        response.headers().set(HttpHeaderNames.ETAG, r.etag);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        response.headers().set("X-Content-Type-Options", "nosniff");
        HttpResponses.send(ctx, request, response);
        return true;
    }

    /** The resource name for a URL path, or null for anything that tries to leave the root. */
    private String normalize(String path) {
        String decoded;
        try {
            decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (decoded.endsWith("/")) {
            decoded += "index.html";
        }
        StringBuilder name = new StringBuilder(root);
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") || segment.contains("\\") || segment.indexOf('\0') >= 0) {
                return null;
            }
            name.append('/').append(segment);
        }
        return name.toString();
    }

    private Optional<Resource> load(String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0 && loader.getResource(name + "/") != null) {
                return Optional.empty(); // a directory
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            String type = TYPES.getOrDefault(ext, "application/octet-stream");
            return Optional.of(new Resource(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + HexFormat.of().formatHex(digest, 0, 12) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
