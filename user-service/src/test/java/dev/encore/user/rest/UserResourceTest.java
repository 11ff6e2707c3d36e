package dev.encore.user.rest;

import dev.encore.user.TestUsers;
import dev.encore.user.repository.UserAccountRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class UserResourceTest {

    @Inject
    UserAccountRepository users;

    @Test
    void signUpAnswers201WithNormalisedEmailAndUserRole() {
        String email = TestUsers.uniqueEmail();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "  " + email.toUpperCase() + " ", "password", TestUsers.PASSWORD, "name", "Ada"))
                .post("/api/users")
                .then().statusCode(201)
                .header("Location", containsString("/api/users/"))
                .body("id", notNullValue())
                .body("email", is(email))
                .body("name", is("Ada"))
                .body("roles", contains("USER"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("password")));
    }

    @Test
    void passwordIsStoredAsBcryptHashNeverAsGiven() {
        TestUsers.Registered user = TestUsers.signUp();
        String hash = QuarkusTransaction.requiringNew().call(() -> users.findByEmail(user.email()).orElseThrow().passwordHash);
        assertTrue(hash.startsWith("$2"), "bcrypt hash expected, got " + hash.substring(0, 4));
        assertNotEquals(user.password(), hash);
    }

    @Test
    void sameEmailInAnotherCaseOrWithSpacesGets409() {
        TestUsers.Registered user = TestUsers.signUp();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", " " + user.email().toUpperCase(), "password", "another-password-1", "name", "Twin"))
                .post("/api/users")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:encore:problem:email-taken"))
                .body("status", is(409));
    }

    @Test
    void shortPasswordGets400NamingPasswordAndStoresNothing() {
        String email = TestUsers.uniqueEmail();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "123456789", "name", "Shorty"))
                .post("/api/users")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", is("Invalid request"))
                .body("errors.field", contains("password"));
        assertStoredNothingFor(email);
    }

    @Test
    void malformedEmailAndBlankNameGet400NamingBothFields() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "password", TestUsers.PASSWORD, "name", " "))
                .post("/api/users")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("email", "name"));
    }

    @Test
    void unknownFieldGets400NamingItAndStoresNothing() {
        String email = TestUsers.uniqueEmail();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", TestUsers.PASSWORD, "name", "Eve", "roles", "ADMIN"))
                .post("/api/users")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("roles"));
        assertStoredNothingFor(email);
    }

    @Test
    void wrongTypeGets400NamingTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"email\": \"" + TestUsers.uniqueEmail() + "\", \"password\": [1, 2], \"name\": \"Arr\"}")
                .post("/api/users")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("password"));
    }

    @Test
    void malformedJsonGets400() {
        given().contentType(ContentType.JSON).body("{\"email\": ")
                .post("/api/users")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("body"));
    }

    @Test
    void missingBodyGets400() {
        given().contentType(ContentType.JSON)
                .post("/api/users")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("body"));
    }

    @Test
    void bodyOver64KiBGets400AndStoresNothing() {
        String email = TestUsers.uniqueEmail();
        String name = "x".repeat(70 * 1024);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", TestUsers.PASSWORD, "name", name))
                .post("/api/users")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("body"));
        assertStoredNothingFor(email);
    }

    @Test
    void meReturnsTheCallersAccount() {
        TestUsers.Registered user = TestUsers.signUp();
        TestUsers.Tokens tokens = TestUsers.login(user);
        given().auth().oauth2(tokens.accessToken())
                .get("/api/users/me")
                .then().statusCode(200)
                .body("id", is(user.id()))
                .body("email", is(user.email()))
                .body("roles", contains("USER"));
    }

    @Test
    void meWithoutTokenGets401ProblemWithBearerChallenge() {
        given().get("/api/users/me")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void anotherUsersAccountIs404ForAUser() {
        TestUsers.Registered owner = TestUsers.signUp();
        TestUsers.Registered stranger = TestUsers.signUp();
        String strangerToken = TestUsers.login(stranger).accessToken();
        given().auth().oauth2(strangerToken)
                .get("/api/users/" + owner.id())
                .then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(strangerToken)
                .get("/api/users/" + stranger.id())
                .then().statusCode(200)
                .body("email", equalTo(stranger.email()));
    }

    @Test
    void administratorMayReadAnyAccount() {
        TestUsers.Registered owner = TestUsers.signUp();
        String adminToken = TestUsers.login("admin@encore.local", "encore-admin-test").accessToken();
        given().auth().oauth2(adminToken)
                .get("/api/users/" + owner.id())
                .then().statusCode(200)
                .body("email", is(owner.email()));
        given().auth().oauth2(adminToken)
                .get("/api/users/" + UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void administratorAccountIsSeededWithBothRoles() {
        String adminToken = TestUsers.login("admin@encore.local", "encore-admin-test").accessToken();
        given().auth().oauth2(adminToken)
                .get("/api/users/me")
                .then().statusCode(200)
                .body("roles", hasItem("ADMIN"))
                .body("roles", hasItem("USER"));
        long admins = QuarkusTransaction.requiringNew().call(() -> users.count("email", "admin@encore.local"));
        assertEquals(1, admins);
    }

    @Test
    void anAdministratorGrantsAndWithdrawsScannerAndTheNextTokenCarriesIt() {
        TestUsers.Registered doorStaff = TestUsers.signUp();
        String adminToken = TestUsers.login("admin@encore.local", "encore-admin-test").accessToken();

        given().auth().oauth2(adminToken).put("/api/users/" + doorStaff.id() + "/roles/SCANNER")
                .then().statusCode(200).body("roles", contains("USER", "SCANNER"));
        given().auth().oauth2(adminToken).put("/api/users/" + doorStaff.id() + "/roles/SCANNER")
                .then().statusCode(200).body("roles", contains("USER", "SCANNER"));
        assertTrue(TestUsers.claims(TestUsers.login(doorStaff).accessToken()).get("groups").toString().contains("SCANNER"));

        given().auth().oauth2(adminToken).delete("/api/users/" + doorStaff.id() + "/roles/SCANNER")
                .then().statusCode(200).body("roles", contains("USER"));
        assertTrue(!TestUsers.claims(TestUsers.login(doorStaff).accessToken()).get("groups").toString().contains("SCANNER"));
    }

    @Test
    void onlyAnAdministratorGrantsAndOnlyTheScannerRole() {
        TestUsers.Registered someone = TestUsers.signUp();
        String userToken = TestUsers.login(someone).accessToken();
        String adminToken = TestUsers.login("admin@encore.local", "encore-admin-test").accessToken();

        given().auth().oauth2(userToken).put("/api/users/" + someone.id() + "/roles/SCANNER")
                .then().statusCode(403).contentType("application/problem+json");
        given().put("/api/users/" + someone.id() + "/roles/SCANNER").then().statusCode(401);
        for (String role : new String[] {"ADMIN", "USER", "scanner", "ROOT"}) {
            given().auth().oauth2(adminToken).put("/api/users/" + someone.id() + "/roles/" + role)
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("role"));
        }
        given().auth().oauth2(adminToken).put("/api/users/" + UUID.randomUUID() + "/roles/SCANNER").then().statusCode(404);
        given().auth().oauth2(adminToken).put("/api/users/not-a-uuid/roles/SCANNER").then().statusCode(404);
        given().auth().oauth2(adminToken).get("/api/users/" + someone.id()).then().body("roles", contains("USER"));
    }

    private void assertStoredNothingFor(String email) {
        long stored = QuarkusTransaction.requiringNew().call(() -> users.count("email", email.toLowerCase()));
        assertEquals(0, stored, "a refused request must store nothing");
    }
}
