package dev.encore.booking.rest;

import dev.encore.testsupport.ApiDoc;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiDocumentationTest {

    @Test
    void docsApiMdListsExactlyThePublicRoutesOfThisServicesOpenApi() {
        ApiDoc.assertOpenApiMatches("booking-service");
    }
}
