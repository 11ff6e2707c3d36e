package dev.encore.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProblemTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aProblemWithoutErrorsWritesOnlyTheStandardMembers() throws Exception {
        assertEquals("{\"type\":\"urn:encore:problem:hold-expired\",\"title\":\"Hold expired or lost\",\"status\":409,"
                        + "\"detail\":\"gone\"}",
                mapper.writeValueAsString(Problem.of("hold-expired", "Hold expired or lost", 409, "gone")));
    }

    @Test
    void aRefusedFieldIsNamedInErrors() throws Exception {
        assertEquals("{\"type\":\"urn:encore:problem:validation\",\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"page must be at least 0\",\"errors\":[{\"field\":\"page\",\"message\":\"must be at least 0\"}]}",
                mapper.writeValueAsString(Problem.invalid("page", "must be at least 0")));
    }

    @Test
    void extensionMembersAreWrittenBesideTheStandardOnesByJacksonAndVertx() throws Exception {
        Problem problem = Problem.of("seats-unavailable", "Seats unavailable", 409, "taken")
                .with("unavailableSeatIds", List.of("A-1-1", "A-1-2"));
        String expected = "{\"type\":\"urn:encore:problem:seats-unavailable\",\"title\":\"Seats unavailable\",\"status\":409,"
                + "\"detail\":\"taken\",\"unavailableSeatIds\":[\"A-1-1\",\"A-1-2\"]}";
        assertEquals(expected, mapper.writeValueAsString(problem));
        assertEquals(expected, Json.encode(problem));
    }
}
