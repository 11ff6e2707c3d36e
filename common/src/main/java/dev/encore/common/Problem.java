package dev.encore.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem details, the body of every encore 4xx and 5xx ({@link #MEDIA_TYPE}). {@code type} is
 * {@code urn:encore:problem:<slug>}; {@code errors} (an extension member, present on 400s about the request) names
 * each refused field as {@code {field, message}}, where field is a JSON path ({@code sections[0].rows}), a query
 * parameter, a header name or {@code body} / {@code path}. A service adds its own extension members (RFC 9457
 * section 3.2) with {@link #with}; they are written beside the standard members.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// answered by the exception mappers inside a Response: a native image must see it (and FieldError, nested)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:encore:problem:";

    /** One refused field and what is wrong with it ({@code message} reads after the field's name). */
    public record FieldError(String field, String message) {
    }

    /** A problem of type {@code urn:encore:problem:<slug>}. */
    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, Map.of());
    }

    /** 400 {@code urn:encore:problem:validation} naming every refused field. */
    public static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem(TYPE_PREFIX + "validation", "Invalid request", 400, detail, errors, Map.of());
    }

    /** 400 {@code urn:encore:problem:validation} naming one field: detail "{@code <field> <message>}". */
    public static Problem invalid(String field, String message) {
        return invalid(field + " " + message, List.of(new FieldError(field, message)));
    }

    /** This problem with one more extension member. */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, errors, Map.copyOf(more));
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }
}
