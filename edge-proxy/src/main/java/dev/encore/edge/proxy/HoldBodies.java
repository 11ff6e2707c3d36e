package dev.encore.edge.proxy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.encore.common.InvalidParameterException;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * Reads the performance a hold request names, as strictly as booking-service binds it: a JSON object whose
 * {@code performanceId} is a whole number (or a string holding one) that fits in a long; duplicate keys and
 * anything after the JSON value are refused. The edge decides whether a waiting-room pass is needed from this
 * number, so any body it cannot read this way is refused (400 naming the field), never let through unchecked.
 */
final class HoldBodies {

    private static final ObjectReader READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .readerFor(JsonNode.class);

    private HoldBodies() {
    }

    /** The hold's performance id; {@link InvalidParameterException} ("body" or "performanceId") when there is none. */
    static long performanceId(Buffer body) {
        JsonNode hold;
        try (JsonParser parser = READER.createParser(body.getBytes())) {
            hold = READER.readValue(parser);
        } catch (IOException | RuntimeException e) {
            throw new InvalidParameterException("body", "must be one JSON object with unique keys");
        }
        if (hold == null || !hold.isObject()) {
            throw new InvalidParameterException("body", "must be a JSON object");
        }
        JsonNode id = hold.get("performanceId");
        if (id != null && id.isIntegralNumber() && id.canConvertToLong()) {
            return id.longValue();
        }
        if (id != null && id.isTextual()) {
            try {
                return Long.parseLong(id.textValue().strip());
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new InvalidParameterException("performanceId", "must be a whole number");
    }
}
