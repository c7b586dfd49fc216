/**
 * Security primitives with no network code: {@link dev.switchboard.security.MessageSigner}
 * (HMAC-signed, expiring, rotatable tokens), {@link dev.switchboard.security.Tokens} (the same
 * for JSON data, per salt, for {@code connect}), {@link dev.switchboard.security.TokenRefresh}
 * (replacing a live connection's credentials), {@link dev.switchboard.security.SessionReader} and
 * {@link dev.switchboard.security.CsrfCheck} (cookie sessions, only with a matching CSRF token),
 * and {@link dev.switchboard.security.OriginPolicy} (which browser origins may open a connection).
 *
 * <p>What the package promises: signatures are HMAC-SHA256 and compared in constant time; a
 * token is only ever accepted when its signature, purpose and age all check out; and every
 * refusal carries a reason a user can act on (logged by the transports, never sent to clients).
 */
package dev.switchboard.security;
