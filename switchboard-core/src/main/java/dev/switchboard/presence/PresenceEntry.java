package dev.switchboard.presence;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One tracked presence: who ({@code key}) is on which topic, on which node, with which meta.
 *
 * @param node  the node that owns the entry; only that node ever changes it
 * @param ref   the entry's {@code phx_ref}, also present inside {@code meta}
 * @param meta  the meta as sent to clients ({@code phx_ref} and, after an update,
 *              {@code phx_ref_prev} included). Never mutated once the entry exists: the same node
 *              is shared by every state and diff that contains the entry.
 */
record PresenceEntry(String node, String topic, String key, String ref, ObjectNode meta) {}
