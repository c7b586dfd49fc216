package dev.switchboard.server.http;

/**
 * The HTTP publish API, {@code POST /api/broadcast[/{topic}]} (see {@link BroadcastApi}).
 *
 * @param enabled serve it (default false: a library user opts in)
 * @param apiKey  the key it requires as {@code Authorization: Bearer KEY}, at least
 *                {@value ApiKeyCheck#MIN_KEY_LENGTH} visible ASCII characters; null (the default)
 *                answers only clients on loopback addresses, so a server on 0.0.0.0 never exposes
 *                an open publish API
 */
public record PublishApiOptions(boolean enabled, String apiKey) {
    public static final PublishApiOptions DEFAULTS = new PublishApiOptions(false, null);

    public PublishApiOptions {
        if (apiKey != null) {
            apiKey = ApiKeyCheck.validateKey(apiKey);
        }
    }

    public PublishApiOptions withEnabled(boolean value) {
        return new PublishApiOptions(value, apiKey);
    }

    public PublishApiOptions withApiKey(String value) {
        return new PublishApiOptions(enabled, value);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "PublishApiOptions[enabled=" + enabled + ", apiKey=" + (apiKey == null ? "none" : "set") + "]";
    }
}
