package dev.switchboard.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.HandleResult;
import dev.switchboard.channel.JoinResult;
import dev.switchboard.protocol.Payload;
import org.junit.jupiter.api.Test;

class RoomChannelTest {
    private final RoomChannel channel = new RoomChannel();
    private final FakeChannelContext ctx = new FakeChannelContext("room:lobby");

    @Test
    void everyoneMayJoinAnyRoom() {
        JoinResult result = channel.join("room:lobby", Payload.empty(), ctx);

        assertThat(result).isInstanceOf(JoinResult.Ok.class);
        assertThat(ctx.sent).isEmpty();
    }

    @Test
    void pingRepliesOkWithThePayloadUnchanged() {
        Payload payload = Payload.parse("{\"n\":1,\"text\":\"héllo\"}");

        HandleResult result = channel.handleIn("ping", payload, ctx);

        assertThat(result).isEqualTo(new HandleResult.Reply("ok", payload));
        assertThat(ctx.sent).isEmpty();
    }

    @Test
    void pingEchoesBinaryPayloads() {
        Payload payload = Payload.binary(new byte[] {1, 2, 3});

        HandleResult result = channel.handleIn("ping", payload, ctx);

        assertThat(result).isInstanceOfSatisfying(HandleResult.Reply.class, reply -> {
            assertThat(reply.status()).isEqualTo("ok");
            assertThat(reply.response()).isSameAs(payload);
        });
    }

    @Test
    void broadcastSendsMsgWithTheSamePayloadToTheWholeTopicAndDoesNotReply() {
        Payload payload = Payload.parse("{\"user\":\"ada\",\"body\":\"hi\",\"ts\":1}");

        HandleResult result = channel.handleIn("broadcast", payload, ctx);

        assertThat(result).isSameAs(HandleResult.noReply());
        assertThat(ctx.sent).containsExactly(
                new FakeChannelContext.Sent("broadcast", "room:lobby", "msg", payload));
    }

    @Test
    void unknownEventsGetAnErrorNamingTheEvent() {
        HandleResult result = channel.handleIn("shout", Payload.empty(), ctx);

        assertThat(result).isEqualTo(
                new HandleResult.Reply("error", Payload.parse("{\"reason\":\"unknown event shout\"}")));
        assertThat(ctx.sent).isEmpty();
    }
}
