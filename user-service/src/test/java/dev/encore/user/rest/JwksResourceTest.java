package dev.encore.user.rest;

import dev.encore.user.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class JwksResourceTest {

    @Test
    void publishesThePublicKeyThatSignsTokensUnderItsKid() {
        String kid = TestUsers.header(TestUsers.login(TestUsers.signUp()).accessToken()).get("kid").asText();
        given().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("max-age"))
                .body("keys.kid", hasItem(kid))
                .body("keys.find { it.kid == '" + kid + "' }.kty", is("RSA"))
                .body("keys.find { it.kid == '" + kid + "' }.alg", is("RS256"))
                .body("keys.find { it.kid == '" + kid + "' }.n", not(nullValue()));
    }

    @Test
    void neverPublishesPrivateKeyParts() {
        given().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .body("keys.d", not(hasItem(not(nullValue()))))
                .body("keys.p", not(hasItem(not(nullValue()))));
    }
}
