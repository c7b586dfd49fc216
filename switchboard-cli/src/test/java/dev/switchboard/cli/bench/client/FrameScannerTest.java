package dev.switchboard.cli.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameScannerTest {
    private final FrameScanner scanner = new FrameScanner();

    private boolean scan(String frame) {
        return scanner.scan(frame.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBroadcastGivesItsEventAndThePayloadNumbers() {
        assertThat(scan("[null,null,\"room:bench\",\"msg\",{\"r\":1,\"s\":42,\"t\":-123456789,\"p\":\"xxxx\"}]")).isTrue();

        assertThat(scanner.event()).isEqualTo(FrameScanner.MSG);
        assertThat(scanner.joinRef()).isEqualTo(-1);
        assertThat(scanner.ref()).isEqualTo(-1);
        assertThat(scanner.topic()).isEqualTo("room:bench");
        assertThat(scanner.number(Frames.ROUND)).isEqualTo(1);
        assertThat(scanner.number(Frames.SEQ)).isEqualTo(42);
        assertThat(scanner.number(Frames.TIME)).isEqualTo(-123456789);
    }

    @Test
    void aReplyGivesItsRefsStatusAndTheEchoedPayload() {
        assertThat(scan("[\"3\",\"17\",\"room:x\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"r\":1,\"s\":7,\"t\":99}}]")).isTrue();

        assertThat(scanner.event()).isEqualTo(FrameScanner.REPLY);
        assertThat(scanner.joinRef()).isEqualTo(3);
        assertThat(scanner.ref()).isEqualTo(17);
        assertThat(scanner.statusOk()).isTrue();
        assertThat(scanner.number(Frames.SEQ)).isEqualTo(7);
    }

    @Test
    void anErrorReplyIsNotOk() {
        scan("[\"3\",\"4\",\"room:x\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"nope\"}}]");

        assertThat(scanner.statusOk()).isFalse();
        assertThat(scanner.payload()).isEqualTo("{\"status\":\"error\",\"response\":{\"reason\":\"nope\"}}");
    }

    @Test
    void theKeyStatusIsNotMistakenForTheSequenceKey() {
        scan("[\"1\",\"2\",\"room:x\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");

        assertThat(scanner.number(Frames.SEQ)).isEqualTo(FrameScanner.ABSENT);
    }

    @Test
    void heartbeatRepliesHaveNoNumericRef() {
        scan("[null,\"hb\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");

        assertThat(scanner.ref()).isEqualTo(-1);
        assertThat(scanner.topic()).isEqualTo("phoenix");
    }

    @Test
    void closeAndErrorEventsAreRecognised() {
        scan("[\"3\",\"3\",\"room:x\",\"phx_close\",{}]");
        assertThat(scanner.event()).isEqualTo(FrameScanner.CLOSE);
        scan("[\"3\",\"3\",\"room:x\",\"phx_error\",{\"reason\":\"channel_crash\"}]");
        assertThat(scanner.event()).isEqualTo(FrameScanner.ERROR);
        scan("[\"3\",\"3\",\"room:x\",\"typing\",{}]");
        assertThat(scanner.event()).isEqualTo(FrameScanner.OTHER);
    }

    @Test
    void presenceEventsAreRecognisedAndTheJoinsOfADiffCounted() {
        scan("[\"3\",null,\"room:x\",\"presence_state\",{}]");
        assertThat(scanner.event()).isEqualTo(FrameScanner.PRESENCE_STATE);
        String diff = "[null,null,\"room:x\",\"presence_diff\",{\"joins\":{\"a\":{\"metas\":[{\"phx_ref\":\"1\"},{\"phx_ref\":\"2\"}]},"
                + "\"b\":{\"metas\":[{\"phx_ref_prev\":\"0\",\"phx_ref\":\"3\"}]}},\"leaves\":{\"c\":{\"metas\":[{\"phx_ref\":\"4\"}]}}}]";
        scan(diff);
        assertThat(scanner.event()).isEqualTo(FrameScanner.PRESENCE_DIFF);
        assertThat(scanner.countBefore(FrameScanner.key("phx_ref"), FrameScanner.key("leaves"))).isEqualTo(3);
        assertThat(scanner.length()).isEqualTo(diff.length());
    }

    @Test
    void escapedQuotesAndWhitespaceDoNotConfuseIt() {
        assertThat(scan(" [ \"1\" , \"2\" , \"room:a\\\"b\" , \"msg\" , {\"s\": 5} ] ")).isTrue();

        assertThat(scanner.topic()).isEqualTo("room:a\\\"b");
        assertThat(scanner.event()).isEqualTo(FrameScanner.MSG);
        assertThat(scanner.number(Frames.SEQ)).isEqualTo(5);
    }

    @Test
    void framesThatAreNotV2ArraysAreRejected() {
        assertThat(scan("{\"topic\":\"room:x\"}")).isFalse();
        assertThat(scan("[\"1\",\"2\",\"room:x\"]")).isFalse();
        assertThat(scan("[\"1\",\"2\",\"room:x\",\"msg\"")).isFalse();
        assertThat(scan("")).isFalse();
    }

    @Test
    void benchNumbersAreReadInOnePassOrFoundByKeyWhenReordered() {
        scan("[\"1\",\"9\",\"room:x\",\"phx_reply\",{\"status\":\"ok\",\"response\":" + Frames.payload(1, 77, -5, 100) + "}]");
        scanner.readBenchNumbers();
        assertThat(new long[] {scanner.round(), scanner.seq(), scanner.time()}).containsExactly(1, 77, -5);

        scan("[null,null,\"room:x\",\"msg\",{\"p\":\"xx\",\"t\":3,\"s\":2,\"r\":0}]");
        scanner.readBenchNumbers();
        assertThat(new long[] {scanner.round(), scanner.seq(), scanner.time()}).containsExactly(0, 2, 3);

        scan("[null,null,\"room:x\",\"msg\",{\"other\":1}]");
        scanner.readBenchNumbers();
        assertThat(scanner.seq()).isEqualTo(FrameScanner.ABSENT);
    }

    @Test
    void aLargerFrameAfterASmallOneIsReadWhole() {
        scan("[null,null,\"room:x\",\"msg\",{\"s\":1}]");
        String big = Frames.text(null, null, "room:x", "msg", Frames.payload(1, 9, 5, 4000)).toString();

        assertThat(scan(big)).isTrue();
        assertThat(scanner.number(Frames.SEQ)).isEqualTo(9);
        assertThat(scanner.payload()).hasSize(4000);
    }
}
