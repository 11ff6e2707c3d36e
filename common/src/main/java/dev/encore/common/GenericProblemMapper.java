package dev.encore.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The problem+json answers every encore service gives for failures that are not its domain's: bean validation and
 * JSON binding (400 {@code validation}, naming each field), a malformed body (400), {@link InvalidParameterException}
 * (400), no or a bad token (401 {@code unauthenticated} with {@code WWW-Authenticate: Bearer}), a role that does not
 * allow the call (403 {@code forbidden}), JAX-RS' own refusals such as 404, 405 and 415 (their reason phrase as the
 * slug), and anything unexpected (500 {@code internal}, logged). A service maps only its domain exceptions, in its
 * own {@code rest/ProblemMapper}; RESTEasy picks the mapper of the nearest exception type, so those win over
 * {@link #unexpected}.
 */
public class GenericProblemMapper {

    private static final Logger LOG = Logger.getLogger(GenericProblemMapper.class);
    // every request during an outage fails the same way: a line per request would bury everything else
    private static final WarningThrottle DATABASE_WARNINGS = new WarningThrottle(LOG, Duration.ofSeconds(10));

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(err -> err.field() + " " + err.message()).collect(Collectors.joining("; "));
        return ProblemResponses.respond(Problem.invalid(detail, errors));
    }

    @ServerExceptionMapper
    public Response unreadableField(MismatchedInputException e) {
        String message = switch (e) {
            case UnrecognizedPropertyException unknown -> "is not a known field";
            case RefusedValueException refused -> refused.getOriginalMessage();
            default -> "has the wrong type";
        };
        return ProblemResponses.respond(Problem.invalid(fieldPath(e), message));
    }

    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return ProblemResponses.respond(Problem.invalid(e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return ProblemResponses.respond(Problem.invalid("The body is not valid JSON",
                List.of(new Problem.FieldError("body", "is not valid JSON"))));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return ProblemResponses.unauthorized(Problem.of("unauthenticated", "Authentication required", 401,
                "A valid bearer access token is required"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemResponses.respond(Problem.of("forbidden", "Forbidden", 403, "Your role does not allow this"));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        // the JSON reader wraps some parse failures; answer them like the unwrapped ones
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return unreadableField(mismatch);
        }
        if (e.getCause() instanceof JsonProcessingException parse) {
            return malformed(parse);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Response.fromResponse(e.getResponse())
                .entity(Problem.of(status.getReasonPhrase().toLowerCase().replace(' ', '-'), status.getReasonPhrase(),
                        status.getStatusCode(), status.getStatusCode() == 404 ? "No such resource" : e.getMessage()))
                .type(Problem.MEDIA_TYPE).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (databaseUnreachable(e)) {
            // a database that is down or out of connections is a dependency's outage, not a defect: say when to retry
            DATABASE_WARNINGS.warnf("Database unavailable, requests answered 503: %s", e);
            return ProblemResponses.respondWithMillis(Problem.of("dependency-unavailable", "Temporarily unavailable", 503,
                    "The database is unavailable; retry shortly"), Duration.ofSeconds(1));
        }
        LOG.error("Unhandled error", e);
        return ProblemResponses.respond(Problem.of("internal", "Internal error", 500, "The request failed; it has been logged"));
    }

    // a connection PostgreSQL refused or lost (SQLSTATE class 08, PostgreSQL docs Appendix A), or none to be had from
    // the pool in time (Agroal's acquisition timeout), wherever it sits in the chain JPA or the pool wrapped it in
    static boolean databaseUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (sql.getSQLState() != null && sql.getSQLState().startsWith("08")
                    || sql.getMessage() != null && sql.getMessage().contains("acquisition timeout"))) {
                return true;
            }
        }
        return false;
    }

    // "create.request.sections[0].rows" -> "sections[0].rows", "confirm.idempotencyKey" -> "Idempotency-Key": the
    // Java method and parameter mean nothing to a client; the JSON path, the header or the query parameter do
    private static String fieldName(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String method = null;
        List<Class<?>> parameterTypes = List.of();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.isInIterable() && !names.isEmpty()) {
                Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                names.set(names.size() - 1, names.get(names.size() - 1) + "[" + position + "]");
            }
            if (node.getKind() == ElementKind.METHOD) {
                method = node.getName();
                parameterTypes = node.as(Path.MethodNode.class).getParameterTypes();
            } else if (node.getKind() == ElementKind.PARAMETER) {
                parameter = requestName(violation.getRootBeanClass(), method, parameterTypes,
                        node.as(Path.ParameterNode.class).getParameterIndex()).orElse("body");
            } else if (node.getKind() == ElementKind.PROPERTY) {
                names.add(node.getName());
            }
        }
        if (names.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return String.join(".", names);
    }

    // the name a client sent the parameter under (@HeaderParam, @QueryParam, ...); empty for the body, which has none
    private static Optional<String> requestName(Class<?> resource, String method, List<Class<?>> types, int index) {
        // Quarkus may validate through a generated subclass whose overriding method lacks the annotations
        for (Class<?> type = resource; type != null && method != null; type = type.getSuperclass()) {
            try {
                Method declared = type.getDeclaredMethod(method, types.toArray(Class<?>[]::new));
                for (Annotation annotation : declared.getParameterAnnotations()[index]) {
                    Optional<String> name = switch (annotation) {
                        case HeaderParam header -> Optional.of(header.value());
                        case QueryParam query -> Optional.of(query.value());
                        case PathParam path -> Optional.of(path.value());
                        case FormParam form -> Optional.of(form.value());
                        case CookieParam cookie -> Optional.of(cookie.value());
                        default -> Optional.empty();
                    };
                    if (name.isPresent()) {
                        return name;
                    }
                }
            } catch (NoSuchMethodException e) {
                // declared higher up
            }
        }
        return Optional.empty();
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
