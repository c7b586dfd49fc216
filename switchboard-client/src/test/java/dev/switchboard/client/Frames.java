package dev.switchboard.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.Ref;

/** Server frames for scripted tests, built with Jackson so quoting is always right. */
final class Frames {
    private Frames() {}

    /** {@code [join_ref, ref, topic, "phx_reply", {"status": status, "response": response}]} answering a client message. */
    static String reply(Message request, String status, String responseJson) {
        return reply(Ref.valueOf(request.joinRef()), Ref.valueOf(request.ref()), request.topic(), status, responseJson);
    }

    static String reply(String joinRef, String ref, String topic, String status, String responseJson) {
        return array(joinRef, ref, topic, "phx_reply", "{\"status\":" + quote(status) + ",\"response\":" + responseJson + "}");
    }

    /** A V2 frame with a raw JSON payload. */
    static String array(String joinRef, String ref, String topic, String event, String payloadJson) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        a.add(joinRef);
        a.add(ref);
        a.add(topic);
        a.add(event);
        String head = a.toString();
        return head.substring(0, head.length() - 1) + "," + payloadJson + "]";
    }

    /** A broadcast: {@code [null, ref, topic, event, payload]} (ref null, or a position). */
    static String broadcast(String ref, String topic, String event, String payloadJson) {
        return array(null, ref, topic, event, payloadJson);
    }

    static String quote(String s) {
        return Json.MAPPER.getNodeFactory().textNode(s).toString();
    }
}
