package dev.encore.edge.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.encore.common.InvalidParameterException;
import dev.encore.common.StrictJson;
import io.vertx.core.buffer.Buffer;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;

/**
 * Reads the performance a hold request names, as strictly as booking-service binds it: a JSON object whose
 * {@code performanceId} is a positive whole number (or a string holding one) that fits in a long; duplicate keys (at
 * any depth) and anything after the JSON value are refused. The edge decides whether a waiting-room pass is needed from
 * this number, so any body it cannot read this way is refused (400 naming the field), never let through unchecked.
 * The body is read as a token stream, without building a tree: every hold of an on-sale passes here.
 */
final class HoldBodies {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String FIELD = "performanceId";
    private static final String BODY = "body";
    private static final String NOT_JSON = "is not valid JSON";
    private static final String WRONG_TYPE = "has the wrong type";

    private HoldBodies() {
    }

    /**
     * Refuses a declared {@code Content-Type} that booking-service would not read as JSON: JAX-RS matches its
     * {@code @Consumes(application/json)} against any compatible type ({@code application/json} with any parameters,
     * {@code application/*}, {@code * /*}); an absent one is left to booking-service, which reads the body as JSON.
     *
     * @throws UnsupportedMediaTypeException for any other type, so the edge answers 415 as booking-service does
     */
    static void requireJson(String contentType) {
        if (contentType == null) {
            return;
        }
        boolean json;
        try {
            json = MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        } catch (IllegalArgumentException e) {
            json = false;
        }
        if (!json) {
            throw new UnsupportedMediaTypeException(contentType);
        }
    }

    /**
     * The hold's performance id; {@link InvalidParameterException} naming "body" or "performanceId" when there is
     * none, with the message booking-service gives for the same body (encore-common's mappings and the request's
     * {@code @NotNull @Positive Long}), so that a client reads the same answer whichever of the two refused it.
     */
    static long performanceId(Buffer body) {
        Long id = null;
        try (JsonParser parser = JSON.createParser(body.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidParameterException(BODY, "must be a JSON object");
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
                throw new InvalidParameterException(BODY, NOT_JSON);
            }
        } catch (IOException e) {
            throw new InvalidParameterException(BODY, NOT_JSON);
        }
        if (id == null) {
            throw new InvalidParameterException(FIELD, "must not be null");
        }
        if (id <= 0) {
            throw new InvalidParameterException(FIELD, "must be greater than 0");
        }
        return id;
    }

    // a whole number that fits in a long, or a string holding one; anything else is refused as booking-service would
    // (Jackson reads a JSON number too large for a long as out of range, a string it cannot parse as the wrong type)
    private static Long wholeNumber(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        boolean number = value == JsonToken.VALUE_NUMBER_INT;
        if (!number && value != JsonToken.VALUE_STRING) {
            throw new InvalidParameterException(FIELD, WRONG_TYPE);
        }
        try {
            return Long.parseLong(number ? parser.getText() : parser.getText().strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(FIELD, number ? StrictJson.OUT_OF_RANGE : WRONG_TYPE);
        }
    }
}
