package dev.encore.user;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

/** The packaged jar, started as it ships, serves the whole account life cycle. */
@QuarkusIntegrationTest
class PackagedServiceIT {

    @Test
    void signUpLoginMeRefreshLogout() {
        TestUsers.Registered user = TestUsers.signUp();
        TestUsers.Tokens tokens = TestUsers.login(user);
        given().auth().oauth2(tokens.accessToken()).get("/api/users/me").then().statusCode(200).body("email", is(user.email()));
        given().contentType("application/json").body("{\"refreshToken\":\"" + tokens.refreshToken() + "\"}")
                .post("/api/auth/refresh").then().statusCode(200);
        given().auth().oauth2(tokens.accessToken()).post("/api/auth/logout").then().statusCode(204);
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }
}
