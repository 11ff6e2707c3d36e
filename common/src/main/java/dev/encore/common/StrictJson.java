package dev.encore.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.temporal.TemporalAccessor;
import java.util.Map;

/**
 * Every service's JSON reading, made strict once (Quarkus' ObjectMapper, which Quarkus REST reads request bodies
 * and REST clients read answers with):
 * <ul>
 * <li>a string must be a JSON string (not a number or boolean coerced to one); no JSON string, whatever it is
 * read as, and no map key may carry a {@link ForbiddenCharacters forbidden character};</li>
 * <li>a date-time must lie within {@link TimestampRange}, a number within its field's type;</li>
 * <li>no lossy or guessed conversion: a fraction where a whole number is expected ({@code 1.5} would be read as 1),
 * a number where a boolean, a date-time (no offset) or an enum is expected, fail as a wrong type. A number written
 * as a JSON string ({@code "42"}, {@code "true"} for a boolean) is still read as that value: nothing is lost;</li>
 * <li>a key given twice in one object fails ({@code STRICT_DUPLICATE_DETECTION}, a parse error), and so does
 * anything after the JSON value ({@code FAIL_ON_TRAILING_TOKENS}).</li>
 * </ul>
 * Refused values fail with {@link RefusedValueException} (or Jackson's own {@code MismatchedInputException} for a
 * wrong type), naming the JSON path; the services' ProblemMappers answer 400.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** What the 400 says about a number too large or small for its field. */
    public static final String OUT_OF_RANGE = "is out of range";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("encore-strict-json")
                .addDeserializer(String.class, new CheckedStrings())
                .addKeyDeserializer(String.class, new CheckedKeys())
                .setDeserializerModifier(new CheckedScalars()));
    }

    // not a StringDeserializer subclass: Jackson must see a custom one, so that String lists and arrays use it too
    private static final class CheckedStrings extends StdScalarDeserializer<String> {

        CheckedStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            return checked(parser.getText(), parser);
        }
    }

    private static final class CheckedKeys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            return checked(key, context.getParser());
        }
    }

    private static String checked(String text, JsonParser parser) throws RefusedValueException {
        if (ForbiddenCharacters.in(text)) {
            throw new RefusedValueException(parser, ForbiddenCharacters.MESSAGE, String.class);
        }
        return text;
    }

    // every scalar read (numbers, booleans, dates, UUIDs...) sees its JSON string first: "\u0001" must not pass as
    // a blank, i.e. absent, date or boolean; beans and containers read their members through these
    private static final class CheckedScalars extends BeanDeserializerModifier {

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                      JsonDeserializer<?> deserializer) {
            return deserializer instanceof BeanDeserializerBase || deserializer instanceof CheckedStrings
                    ? deserializer : new CheckedScalar(deserializer);
        }
    }

    private static final class CheckedScalar extends DelegatingDeserializer {

        private static final Map<Class<?>, Double> INTEGRAL_BOUNDS = Map.of(
                Long.class, (double) Long.MAX_VALUE, long.class, (double) Long.MAX_VALUE,
                Integer.class, (double) Integer.MAX_VALUE, int.class, (double) Integer.MAX_VALUE,
                Short.class, (double) Short.MAX_VALUE, short.class, (double) Short.MAX_VALUE);

        CheckedScalar(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new CheckedScalar(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                checked(parser.getText(), parser);
            }
            // a fraction for a whole number is a wrong type (Jackson's refusal), unless no whole number of the type is
            // that large: then, like 2147483648 for an int, it is out of range
            if (parser.hasToken(JsonToken.VALUE_NUMBER_FLOAT) && INTEGRAL_BOUNDS.containsKey(handledType())
                    && !(Math.abs(parser.getDoubleValue()) <= INTEGRAL_BOUNDS.get(handledType()))) {
                throw new RefusedValueException(parser, OUT_OF_RANGE, handledType());
            }
            // Jackson reads a number as epoch seconds in UTC: a date-time the client never wrote, without its offset
            if (parser.currentToken() != null && parser.currentToken().isNumeric()
                    && TemporalAccessor.class.isAssignableFrom(handledType())) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            Object value;
            try {
                value = super.deserialize(parser, context);
            } catch (InputCoercionException e) {
                // 2147483648 for an int, 1e400 for a long: a parse error without a path, unless made a refusal
                throw new RefusedValueException(parser, OUT_OF_RANGE, handledType());
            }
            if (value instanceof TemporalAccessor time && !TimestampRange.contains(time)) {
                throw new RefusedValueException(parser, TimestampRange.MESSAGE, value.getClass());
            }
            return value;
        }
    }
}
