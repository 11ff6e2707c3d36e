package dev.encore.edge.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.encore.common.InvalidParameterException;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * Reads the performance a hold request names, as strictly as booking-service binds it: a JSON object whose
 * {@code performanceId} is a whole number (or a string holding one) that fits in a long; duplicate keys (at any
 * depth) and anything after the JSON value are refused. The edge decides whether a waiting-room pass is needed from
 * this number, so any body it cannot read this way is refused (400 naming the field), never let through unchecked.
 * The body is read as a token stream, without building a tree: every hold of an on-sale passes here.
 */
final class HoldBodies {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String FIELD = "performanceId";

    private HoldBodies() {
    }

    /** The hold's performance id; {@link InvalidParameterException} ("body" or "performanceId") when there is none. */
    static long performanceId(Buffer body) {
        Long id = null;
        try (JsonParser parser = JSON.createParser(body.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidParameterException("body", "must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (FIELD.equals(name)) {
                    id = wholeNumber(parser, value);
                } else {
                    // nested values are still read token by token, so their duplicate keys are refused too
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new InvalidParameterException("body", "must be one JSON object with unique keys");
            }
        } catch (IOException e) {
            throw new InvalidParameterException("body", "must be one JSON object with unique keys");
        }
        if (id == null) {
            throw new InvalidParameterException(FIELD, "must be a whole number");
        }
        return id;
    }

    // null when the value is not a whole number that fits in a long (a fraction, a huge number, another type)
    private static Long wholeNumber(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : parser.getLongValue();
        }
        if (value == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(parser.getText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        parser.skipChildren();
        return null;
    }
}
