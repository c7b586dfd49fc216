/**
 * Security primitives with no network code: {@link dev.switchboard.security.MessageSigner}
 * (HMAC-signed, expiring, rotatable tokens) and {@link dev.switchboard.security.OriginPolicy}
 * (which browser origins may open a connection).
 *
 * <p>What the package promises: signatures are HMAC-SHA256 and compared in constant time; a
 * token is only ever accepted when its signature, purpose and age all check out; and every
 * refusal carries a reason a user can act on (logged by the transports, never sent to clients).
 */
package dev.switchboard.security;
