package dev.encore.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON value (or map key) that reads fine but is refused: a string with a {@link ForbiddenCharacters forbidden
 * character}, a date-time outside {@link TimestampRange}. A {@link MismatchedInputException}, so Jackson records
 * the value's JSON path ({@code getPath()}) as it unwinds, and Quarkus REST hands it to the exception mappers
 * unwrapped. {@link #getOriginalMessage()} is what the 400 says about the field; it never echoes the value.
 */
public class RefusedValueException extends MismatchedInputException {

    RefusedValueException(JsonParser parser, String message, Class<?> targetType) {
        super(parser, message, targetType);
    }
}
