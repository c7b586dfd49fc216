package dev.switchboard.server.admin;

import dev.switchboard.server.http.ApiKeyCheck;

/**
 * The admin API under {@code /api/admin/} and the dashboard page at {@code /dashboard}.
 *
 * @param enabled serve them (default false: a library user opts in; {@code switchboard serve} does)
 * @param adminKey the key they require as {@code Authorization: Bearer KEY}, at least
 *                 {@value ApiKeyCheck#MIN_KEY_LENGTH} visible ASCII characters; null (the default)
 *                 answers only clients on loopback addresses. It must differ from the publish
 *                 API's key: a back-end that may publish may not disconnect clients or drain nodes.
 */
public record AdminOptions(boolean enabled, String adminKey) {
    public static final AdminOptions DEFAULTS = new AdminOptions(false, null);

    public AdminOptions {
        if (adminKey != null) {
            try {
                adminKey = ApiKeyCheck.validateKey(adminKey);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("admin " + e.getMessage(), e);
            }
        }
    }

    public AdminOptions withEnabled(boolean value) {
        return new AdminOptions(value, adminKey);
    }

    public AdminOptions withAdminKey(String value) {
        return new AdminOptions(enabled, value);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "AdminOptions[enabled=" + enabled + ", adminKey=" + (adminKey == null ? "none" : "set") + "]";
    }
}
