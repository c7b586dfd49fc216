/**
 * Plain HTTP: responses, the Origin guard, static files, the body size limit, health and
 * metrics, and the HTTP publish API. The transports build on these; the router that chooses
 * between them lives one level up.
 *
 * <p>The publish API is split by responsibility: {@link dev.switchboard.server.http.BroadcastApi}
 * handles the request, {@link dev.switchboard.server.http.ApiKeyCheck} decides who may publish,
 * {@link dev.switchboard.server.http.JsonBodyType} which bodies are read,
 * {@link dev.switchboard.server.http.PublishBody} turns a body into validated
 * {@link dev.switchboard.server.http.Publication}s or an {@link dev.switchboard.server.http.ApiError}.
 * A request is published whole or not at all, and every refusal is {@code {"error": reason}}.
 */
package dev.switchboard.server.http;
