package dev.switchboard.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one shared Jackson configuration. */
public final class Json {
    private Json() {}

    /**
     * Thread-safe mapper used for every payload. Nesting is capped well below Jackson's default
     * so a hostile frame cannot make the parser recurse deeply.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(256)
                            .build())
                    .build())
            .build();

    /** The underlying factory, for streaming parsers and generators. */
    public static JsonFactory factory() {
        return MAPPER.getFactory();
    }
}
