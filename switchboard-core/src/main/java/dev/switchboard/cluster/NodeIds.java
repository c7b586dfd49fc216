package dev.switchboard.cluster;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Node ids: short, printable, safe in Redis channel names, topics, tokens and logs. */
public final class NodeIds {
    /** 1–64 characters from {@code [A-Za-z0-9._:-]}. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private NodeIds() {}

    /** @throws IllegalArgumentException when {@code nodeId} is null or does not match {@link #PATTERN} */
    public static String require(String nodeId) {
        if (nodeId == null || !PATTERN.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node id must be 1-64 characters of [A-Za-z0-9._:-]: " + nodeId);
        }
        return nodeId;
    }

    /** A random id (12 URL-safe characters), for nodes not given a name. */
    public static String random() {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
