package dev.switchboard.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts of the history engine. Each runs atomically inside Redis, so a topic's offset,
 * its stream and what the other nodes hear can never disagree.
 *
 * <p>Keys of a topic T under prefix P: {@code P:history:{T}:meta}, a hash with the epoch
 * ({@code e}) and the latest offset ({@code o}); {@code P:history:{T}}, a stream whose entry
 * {@code <offset>-0} holds the event ({@code e}) and the JSON payload ({@code p}). Both keys carry
 * the same hash tag and expire together, the ttl after the topic's last broadcast. A meta hash
 * whose stream is gone (lost, expired apart, deleted) cannot vouch for its offsets: the next
 * script to see it starts a new epoch.
 */
final class HistoryScripts {
    private HistoryScripts() {}

    /** The shared head of both scripts: the topic's epoch, new when there is none or its stream was lost. */
    private static final String EPOCH = """
            local epoch = redis.call('HGET', KEYS[1], 'e')
            local latest = tonumber(redis.call('HGET', KEYS[1], 'o') or '0')
            if epoch and latest > 0 and redis.call('EXISTS', KEYS[2]) == 0 then
              epoch = false
            end
            if not epoch then
              epoch = ARGV[1]
              latest = 0
              redis.call('DEL', KEYS[2])
              redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            """;

    /**
     * Assigns the next offset, appends to the stream (trimmed to the size), refreshes both keys'
     * ttl and publishes the positioned envelope (layout in {@link EnvelopeCodec}). KEYS: meta,
     * stream. ARGV: new epoch, ttl ms, size, channel, '1' for SPUBLISH, envelope head (magic to
     * origin), topic, event, payload, publish id (kept with the entry for {@link #LOCATE}).
     * Returns {offset, epoch}.
     */
    static final Script PUBLISH = new Script(EPOCH + """
            local offset = redis.call('HINCRBY', KEYS[1], 'o', 1)
            redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], offset .. '-0', 'e', ARGV[8], 'p', ARGV[9], 'i', ARGV[10])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            local envelope = ARGV[6] .. struct.pack('>i8', offset) .. string.char(#epoch) .. epoch
              .. struct.pack('>I2', #ARGV[7]) .. ARGV[7] .. struct.pack('>I2', #ARGV[8]) .. ARGV[8] .. ARGV[9]
            if ARGV[5] == '1' then
              redis.call('SPUBLISH', ARGV[4], envelope)
            else
              redis.call('PUBLISH', ARGV[4], envelope)
            end
            return {offset, epoch}
            """);

    /**
     * Reads a topic's state and, when they can be given, messages. KEYS: meta, stream. ARGV: new
     * epoch, ttl ms, since offset (-1: none, then the last {@code limit}), since epoch, limit,
     * range end offset (-1: the latest). Returns {epoch, latest, oldest kept offset, then per
     * message: offset, event, payload}, oldest first. Messages are read only when they can be
     * recovered (same epoch, the position neither in the future nor before what is kept), so the
     * work is bounded by the limit whatever the position says.
     */
    static final Script READ = new Script(EPOCH + """
            local oldest = latest + 1
            local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
            if #first > 0 then
              oldest = tonumber(string.match(first[1][1], '^(%d+)'))
            end
            local out = {epoch, latest, oldest}
            local since = tonumber(ARGV[3])
            local limit = tonumber(ARGV[5])
            local last = tonumber(ARGV[6])
            if last < 0 then
              last = latest
            end
            local entries = {}
            if limit > 0 and since < 0 then
              local reversed = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', limit)
              for i = #reversed, 1, -1 do
                entries[#entries + 1] = reversed[i]
              end
            elseif limit > 0 and ARGV[4] == epoch and since <= latest and since >= oldest - 1 and since < last then
              entries = redis.call('XRANGE', KEYS[2], (since + 1) .. '-0', last .. '-0', 'COUNT', limit)
            end
            for _, entry in ipairs(entries) do
              local fields = entry[2]
              local event, payload
              for j = 1, #fields, 2 do
                if fields[j] == 'e' then event = fields[j + 1] elseif fields[j] == 'p' then payload = fields[j + 1] end
              end
              out[#out + 1] = tonumber(string.match(entry[1], '^(%d+)'))
              out[#out + 1] = event
              out[#out + 1] = payload
            end
            return out
            """);

    /**
     * Finds the entry a publish appended, by its publish id, among the newest {@code size}
     * entries; changes nothing. KEYS: meta, stream. ARGV: publish id, size. Returns {1, offset,
     * epoch} when found; otherwise {0, 1} when the stream holds {@code size} entries (the entry may
     * have been trimmed since) and {0, 0} when it cannot have been.
     */
    static final Script LOCATE = new Script("""
            local epoch = redis.call('HGET', KEYS[1], 'e')
            if not epoch then
              return {0, 0}
            end
            local size = tonumber(ARGV[2])
            local entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', size)
            for _, entry in ipairs(entries) do
              local fields = entry[2]
              for j = 1, #fields, 2 do
                if fields[j] == 'i' and fields[j + 1] == ARGV[1] then
                  return {1, tonumber(string.match(entry[1], '^(%d+)')), epoch}
                end
              end
            end
            if #entries >= size then
              return {0, 1}
            end
            return {0, 0}
            """);

    /** A script's source and SHA-1, the name EVALSHA runs it by once Redis has it cached. */
    record Script(String source, String sha) {
        Script(String source) {
            this(source, sha1(source));
        }

        private static String sha1(String source) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
