package dev.switchboard.bridge.websocketd;

import dev.switchboard.server.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --staticdir}: the files of a directory over plain HTTP ({@code GET}/{@code HEAD}), for the
 * page that talks to the programs. {@code /} and directories serve their {@code index.html}.
 * Nothing outside the directory is reachable: {@code ..} and encoded slashes are refused, and a
 * symbolic link must stay inside. Files are read per request (edit, reload) up to
 * {@value #MAX_FILE_BYTES} bytes.
 */
final class StaticDirectory {
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("wasm", "application/wasm"));

    private final Path root;
    private final Path realRoot;

    StaticDirectory(Path root) {
        this.root = root;
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("--staticdir " + root + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Serves the file for {@code rawPath}; false when there is none (the caller answers 404). */
    boolean serve(ChannelHandlerContext ctx, FullHttpRequest request, String rawPath) {
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            return false;
        }
        Path file = fileFor(rawPath);
        if (file == null) {
            return false;
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                HttpResponses.text(ctx, request, HttpResponseStatus.valueOf(413),
                        "413: " + rawPath + " is larger than the " + MAX_FILE_BYTES + " bytes --staticdir serves");
                return true;
            }
            FullHttpResponse response = HttpResponses.response(HttpResponseStatus.OK, type(file), Files.readAllBytes(file));
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            response.headers().set("X-Content-Type-Options", "nosniff");
            HttpResponses.send(ctx, request, response);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The regular file inside the root that a path names, or null. */
    Path fileFor(String rawPath) {
        String decoded;
        try {
            decoded = UrlPaths.decode(rawPath);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!decoded.startsWith("/") || decoded.indexOf('\0') >= 0 || decoded.contains("\\")) {
            return null;
        }
        for (String segment : decoded.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return null;
            }
        }
        Path file = root.resolve(decoded.substring(1)).normalize();
        if (Files.isDirectory(file)) {
            file = file.resolve("index.html");
        }
        try {
            if (!file.startsWith(root) || !Files.isRegularFile(file) || !file.toRealPath().startsWith(realRoot)) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return file;
    }

    private static String type(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
