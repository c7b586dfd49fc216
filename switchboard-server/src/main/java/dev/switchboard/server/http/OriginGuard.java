package dev.switchboard.server.http;

import dev.switchboard.security.OriginCheck;
import dev.switchboard.security.OriginPolicy;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the server's {@link OriginPolicy} to transport requests (WebSocket upgrades and every
 * long-poll request, spec §7.1) and logs each refusal at INFO with the origin and the reason, so
 * an operator who forgot to allow their own front-end sees why its connections fail.
 */
public final class OriginGuard {
    private static final Logger log = LoggerFactory.getLogger(OriginGuard.class);

    private final OriginPolicy policy;

    public OriginGuard(OriginPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public OriginPolicy policy() {
        return policy;
    }

    /** True when the request may proceed; otherwise logs why not. */
    public boolean allows(HttpHeaders headers, String path) {
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        OriginCheck check = policy.check(origin, headers.get(HttpHeaderNames.HOST));
        if (!check.allowed()) {
            log.info("Refused origin {} on {}: {}", origin, path, check.reason());
        }
        return check.allowed();
    }
}
