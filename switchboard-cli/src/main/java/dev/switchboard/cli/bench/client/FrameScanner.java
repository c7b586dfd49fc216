package dev.switchboard.cli.bench.client;

import dev.switchboard.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the bench needs from a V2 JSON frame ({@code [join_ref, ref, topic, event, payload]})
 * without parsing JSON: the refs (as numbers, the bench only sends numeric refs), the topic,
 * the event, and numeric fields of the payload found by key. One scanner per connection,
 * reused for every frame; nothing is allocated per frame once its buffer has grown.
 *
 * <p>The payload is not validated; {@link #number(byte[])} finds the first {@code "key":} in it.
 * That is enough for the payloads the bench itself sends ({@code {"r":..,"s":..,"t":..,"p":"xx"}})
 * echoed back as a broadcast or inside a reply's {@code response}.
 */
public final class FrameScanner {

    /** Event codes, to switch on without comparing strings. */
    public static final int OTHER = 0, MSG = 1, REPLY = 2, CLOSE = 3, ERROR = 4, PRESENCE_STATE = 5, PRESENCE_DIFF = 6;

    /** Returned by {@link #number} when the key is absent or not followed by a number. */
    public static final long ABSENT = Long.MIN_VALUE;

    private static final byte[] E_MSG = ascii(Frames.MSG);
    private static final byte[] E_REPLY = ascii(Protocol.REPLY);
    private static final byte[] E_CLOSE = ascii(Protocol.CLOSE);
    private static final byte[] E_ERROR = ascii(Protocol.ERROR);
    private static final byte[] E_PRESENCE_STATE = ascii(dev.switchboard.presence.Presence.STATE_EVENT);
    private static final byte[] E_PRESENCE_DIFF = ascii(dev.switchboard.presence.Presence.DIFF_EVENT);
    private static final byte[] STATUS_OK = ascii("\"status\":\"" + Protocol.STATUS_OK + "\"");
    private static final byte[] SEQ_AFTER = ascii(",\"s\":"), TIME_AFTER = ascii(",\"t\":");

    private byte[] buf = new byte[256];
    private int len;
    private long joinRef;
    private long ref;
    private int refStart, refEnd;
    private int topicStart;
    private int topicLen;
    private int event;
    private int payloadStart;
    private long round = ABSENT, seq = ABSENT, time = ABSENT;

    /** Copies the readable bytes of {@code frame} (not consumed) and scans them; false if it is no V2 array. */
    public boolean scan(ByteBuf frame) {
        int n = frame.readableBytes();
        if (n > buf.length) {
            buf = new byte[Math.max(n, buf.length * 2)];
        }
        frame.getBytes(frame.readerIndex(), buf, 0, n);
        return scanBuffer(n);
    }

    /** Scans {@code bytes} (used by tests and for frames already in an array). */
    public boolean scan(byte[] bytes) {
        if (bytes.length > buf.length) {
            buf = new byte[bytes.length];
        }
        System.arraycopy(bytes, 0, buf, 0, bytes.length);
        return scanBuffer(bytes.length);
    }

    private boolean scanBuffer(int n) {
        len = n;
        joinRef = ref = -1;
        refStart = refEnd = 0;
        topicStart = topicLen = 0;
        event = OTHER;
        payloadStart = -1;
        int i = skipSpace(0);
        if (i >= n || buf[i] != '[') return false;
        // join_ref
        i = skipSpace(i + 1);
        int end = element(i);
        if (end < 0) return false;
        joinRef = refValue(i, end);
        // ref
        i = nextElement(end);
        if (i < 0 || (end = element(i)) < 0) return false;
        ref = refValue(i, end);
        refStart = i;
        refEnd = end;
        // topic
        i = nextElement(end);
        if (i < 0 || (end = element(i)) < 0 || buf[i] != '"') return false;
        topicStart = i + 1;
        topicLen = end - i - 2;
        // event
        i = nextElement(end);
        if (i < 0 || (end = element(i)) < 0 || buf[i] != '"') return false;
        event = eventCode(i + 1, end - i - 2);
        // payload: whatever follows
        i = nextElement(end);
        if (i < 0) return false;
        payloadStart = i;
        return true;
    }

    /** End (exclusive) of a {@code null} or string element starting at {@code i}, or -1. */
    private int element(int i) {
        if (i >= len) return -1;
        if (buf[i] == 'n') return i + 4 <= len ? i + 4 : -1;
        if (buf[i] != '"') return -1;
        for (int j = i + 1; j < len; j++) {
            byte b = buf[j];
            if (b == '\\') j++;
            else if (b == '"') return j + 1;
        }
        return -1;
    }

    /** Start of the element after the comma following {@code end}, or -1. */
    private int nextElement(int end) {
        int i = skipSpace(end);
        if (i >= len || buf[i] != ',') return -1;
        return skipSpace(i + 1);
    }

    private int skipSpace(int i) {
        while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) i++;
        return i;
    }

    /** A string ref made of digits as a number; null or anything else is -1. */
    private long refValue(int start, int end) {
        if (buf[start] != '"' || end - start < 3 || end - start > 20) return -1;
        long v = 0;
        for (int j = start + 1; j < end - 1; j++) {
            int d = buf[j] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    private int eventCode(int start, int n) {
        if (equals(start, n, E_MSG)) return MSG;
        if (equals(start, n, E_REPLY)) return REPLY;
        if (equals(start, n, E_CLOSE)) return CLOSE;
        if (equals(start, n, E_ERROR)) return ERROR;
        if (equals(start, n, E_PRESENCE_STATE)) return PRESENCE_STATE;
        if (equals(start, n, E_PRESENCE_DIFF)) return PRESENCE_DIFF;
        return OTHER;
    }

    private boolean equals(int start, int n, byte[] word) {
        if (n != word.length) return false;
        for (int k = 0; k < n; k++) {
            if (buf[start + k] != word[k]) return false;
        }
        return true;
    }

    private int indexOf(byte[] needle, int from) {
        outer:
        for (int i = from; i <= len - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (buf[i + k] != needle[k]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** The number after the first {@code key} (given with its quotes and colon, e.g. {@code "s":}) in the payload. */
    public long number(byte[] key) {
        if (payloadStart < 0) return ABSENT;
        int at = indexOf(key, payloadStart);
        if (at < 0) return ABSENT;
        int i = skipSpace(at + key.length);
        boolean negative = i < len && buf[i] == '-';
        if (negative) i++;
        if (i >= len || buf[i] < '0' || buf[i] > '9') return ABSENT;
        long v = 0;
        while (i < len && buf[i] >= '0' && buf[i] <= '9') {
            v = v * 10 + (buf[i++] - '0');
        }
        return negative ? -v : v;
    }

    /**
     * Reads the bench payload's round, sequence and time ({@code "r":R,"s":S,"t":T}, in that order,
     * as {@link Frames#payload} writes them) in one pass; falls back to {@link #number} per key when
     * the server reordered them. Afterwards {@link #round()}, {@link #seq()}, {@link #time()}.
     */
    public void readBenchNumbers() {
        round = seq = time = ABSENT;
        if (payloadStart < 0) return;
        int at = indexOf(Frames.ROUND, payloadStart);
        if (at >= 0) {
            int i = at + Frames.ROUND.length;
            i = parseNumber(i, 0);
            if (i > 0 && follows(i, SEQ_AFTER)) {
                i = parseNumber(i + SEQ_AFTER.length, 1);
                if (i > 0 && follows(i, TIME_AFTER) && parseNumber(i + TIME_AFTER.length, 2) > 0) return;
            }
        }
        round = number(Frames.ROUND);
        seq = number(Frames.SEQ);
        time = number(Frames.TIME);
    }

    public long round() {
        return round;
    }

    public long seq() {
        return seq;
    }

    public long time() {
        return time;
    }

    private boolean follows(int i, byte[] word) {
        if (i + word.length > len) return false;
        for (int k = 0; k < word.length; k++) {
            if (buf[i + k] != word[k]) return false;
        }
        return true;
    }

    /** Parses an integer at {@code i} into slot 0/1/2 (round/seq/time); returns the index after it, or -1. */
    private int parseNumber(int i, int slot) {
        boolean negative = i < len && buf[i] == '-';
        if (negative) i++;
        int start = i;
        long v = 0;
        while (i < len && buf[i] >= '0' && buf[i] <= '9') {
            v = v * 10 + (buf[i++] - '0');
        }
        if (i == start) return -1;
        if (negative) v = -v;
        if (slot == 0) round = v;
        else if (slot == 1) seq = v;
        else time = v;
        return i;
    }

    /** Size of the scanned frame in bytes. */
    public int length() {
        return len;
    }

    /**
     * How often {@code needle} occurs in the payload before the first {@code stop} (or its end):
     * e.g. the metas ({@code "phx_ref":}) in a presence diff's joins, which come before {@code "leaves":}.
     */
    public int countBefore(byte[] needle, byte[] stop) {
        if (payloadStart < 0) return 0;
        int end = indexOf(stop, payloadStart);
        int limit = end < 0 ? len : end;
        int n = 0;
        for (int i = indexOf(needle, payloadStart); i >= 0 && i < limit; i = indexOf(needle, i + needle.length)) {
            n++;
        }
        return n;
    }

    /** For a {@code phx_reply}: whether its payload says {@code "status":"ok"}. */
    public boolean statusOk() {
        return payloadStart >= 0 && indexOf(STATUS_OK, payloadStart) >= 0;
    }

    public int event() {
        return event;
    }

    /** The join_ref as a number, -1 when null or not numeric. */
    public long joinRef() {
        return joinRef;
    }

    /** The ref as a number, -1 when null or not numeric. */
    /** The ref slot's string (a position, for a client that asked for them: RECOVERY.md §4), or null. */
    public String refText() {
        if (refEnd - refStart < 2 || buf[refStart] != '"') return null;
        return new String(buf, refStart + 1, refEnd - refStart - 2, java.nio.charset.StandardCharsets.UTF_8);
    }

    public long ref() {
        return ref;
    }

    public String topic() {
        return new String(buf, topicStart, topicLen, StandardCharsets.UTF_8);
    }

    /** The payload's JSON text (allocates: for errors and tests, not for the hot path). */
    public String payload() {
        if (payloadStart < 0) return "";
        int end = len - 1;
        while (end > payloadStart && buf[end] != ']') end--;
        return new String(buf, payloadStart, end - payloadStart, StandardCharsets.UTF_8);
    }

    /** A JSON key as the scanner searches it: quoted, with its colon. */
    public static byte[] key(String name) {
        return ascii("\"" + name + "\":");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
