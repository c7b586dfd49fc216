package dev.switchboard.socket;

import static dev.switchboard.testkit.Wire.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Serializers;
import dev.switchboard.testkit.QueueShard;
import dev.switchboard.testkit.TestConnection;
import dev.switchboard.testkit.TestEndpoints;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A vsn=1.0.0 session: the same rules, written as V1 objects without join_ref (spec §2.2). */
class SessionV1Test {
    private final ChannelEvents events = new ChannelEvents();
    private final QueueShard shard = new QueueShard();
    private final Endpoint endpoint = TestEndpoints.direct();
    private TestConnection client;

    @BeforeEach
    void connect() {
        client = TestConnection.open(endpoint, TestSocket.definition(events), shard, Serializers.v1(),
                (ConnectResult.Accepted) ConnectResult.accept());
    }

    @Test
    void heartbeat() {
        client.send(q("{'topic':'phoenix','event':'heartbeat','payload':{},'ref':'1'}"));

        assertThat(client.texts()).containsExactly(
                q("{'topic':'phoenix','event':'phx_reply','payload':{'status':'ok','response':{}},'ref':'1'}"));
    }

    @Test
    void joinEventPushAndBroadcastAreV1ObjectsWithoutJoinRef() {
        client.send(q("{'topic':'push:a','event':'phx_join','payload':{},'ref':'1'}"));
        client.send(q("{'topic':'room:b','event':'phx_join','payload':{},'ref':'2','join_ref':'2'}"));
        client.send(q("{'topic':'room:b','event':'ping','payload':{'x':1},'ref':'3'}"));
        endpoint.broadcast("room:b", "news", Map.of("n", 1));
        client.runShard();

        assertThat(client.texts()).containsExactly(
                q("{'topic':'push:a','event':'phx_reply','payload':{'status':'ok','response':{'joined':true}},'ref':'1'}"),
                q("{'topic':'push:a','event':'welcome','payload':{'hello':'push:a'},'ref':null}"),
                q("{'topic':'room:b','event':'phx_reply','payload':{'status':'ok','response':{}},'ref':'2'}"),
                q("{'topic':'room:b','event':'phx_reply','payload':{'status':'ok','response':{'x':1}},'ref':'3'}"),
                q("{'topic':'room:b','event':'news','payload':{'n':1},'ref':null}"));
    }

    @Test
    void unmatchedTopic() {
        client.send(q("{'topic':'room:z','event':'ping','payload':{},'ref':'4'}"));

        assertThat(client.texts()).containsExactly(q("{'topic':'room:z','event':'phx_reply',"
                + "'payload':{'status':'error','response':{'reason':'unmatched topic'}},'ref':'4'}"));
    }

    @Test
    void crashAndLeave() {
        client.send(q("{'topic':'crash:a','event':'phx_join','payload':{},'ref':'1','join_ref':'1'}"));
        client.send(q("{'topic':'crash:a','event':'boom','payload':{},'ref':'2'}"));
        client.send(q("{'topic':'room:b','event':'phx_join','payload':{},'ref':'3','join_ref':'3'}"));
        client.send(q("{'topic':'room:b','event':'phx_leave','payload':{},'ref':'4'}"));

        assertThat(client.texts()).containsExactly(
                q("{'topic':'crash:a','event':'phx_reply','payload':{'status':'ok','response':{}},'ref':'1'}"),
                q("{'topic':'crash:a','event':'phx_error','payload':{'reason':'channel_crash'},'ref':'1'}"),
                q("{'topic':'room:b','event':'phx_reply','payload':{'status':'ok','response':{}},'ref':'3'}"),
                q("{'topic':'room:b','event':'phx_reply','payload':{'status':'ok','response':{}},'ref':'4'}"),
                q("{'topic':'room:b','event':'phx_close','payload':{},'ref':'3'}"));
    }

    @Test
    void aV2ArrayIsUndecodableForAV1Session() {
        client.send(q("[null,'1','phoenix','heartbeat',{}]"));

        assertThat(client.transport().closeReason().code()).isEqualTo(1011);
        assertThat(client.transport().closeReason().reason()).contains("JSON object");
        assertThat(client.texts()).isEmpty();
    }
}
