package dev.encore.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** Signs up and logs in fresh users through the public API. */
public final class TestUsers {

    public static final String PASSWORD = "correct-horse-battery";

    private TestUsers() {
    }

    public record Tokens(String accessToken, String refreshToken) {
    }

    public record Registered(String id, String email, String password) {
    }

    public static String uniqueEmail() {
        return "fan-" + UUID.randomUUID() + "@example.org";
    }

    public static Registered signUp() {
        String email = uniqueEmail();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "name", "Test Fan"))
                .post("/api/users").then().statusCode(201).extract().path("id");
        return new Registered(id, email, PASSWORD);
    }

    public static Tokens login(String email, String password) {
        Response response = loginRequest(email, password, randomClientAddress());
        response.then().statusCode(200);
        return new Tokens(response.path("accessToken"), response.path("refreshToken"));
    }

    public static Tokens login(Registered user) {
        return login(user.email(), user.password());
    }

    public static Response loginRequest(String email, String password, String clientAddress) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", clientAddress)
                .body(Map.of("email", email, "password", password)).post("/api/auth/login");
    }

    /** Each login from its own address, so that tests do not spend one another's per-address budget. */
    public static String randomClientAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    public static JsonNode header(String jwt) {
        return decodePart(jwt, 0);
    }

    public static JsonNode claims(String jwt) {
        return decodePart(jwt, 1);
    }

    private static JsonNode decodePart(String jwt, int index) {
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
