package dev.encore.user.rest;

import dev.encore.testsupport.HostileInput;
import dev.encore.testsupport.InjectServer;
import dev.encore.testsupport.PostgresServer;
import dev.encore.user.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.UUID;
import java.util.stream.Stream;

/** The hostile-input corpus (test-support's HostileInput) thrown at every public endpoint of user-service. */
@QuarkusTest
class HostileInputTest {

    @InjectServer
    PostgresServer postgres;

    @TestFactory
    Stream<DynamicTest> everyEndpointRefusesHostileInputWithA4xxAndStoresNothing() {
        TestUsers.Registered user = TestUsers.signUp();
        return HostileInput.probe(() -> postgres.rowCounts("encore_user"),
                HostileInput.post("/api/users")
                        .body("{\"email\":{{email}},\"password\":{{password}},\"name\":{{name}}}")
                        // a new email each time, or "email taken" would answer before the name is read
                        .slot("email", () -> "\"" + TestUsers.uniqueEmail() + "\"")
                        .slot("password", "\"" + TestUsers.PASSWORD + "\"")
                        .slot("name", "\"Ada\""),
                HostileInput.post("/api/auth/login")
                        .body("{\"email\":{{email}},\"password\":{{password}}}")
                        .slot("email", "\"" + TestUsers.uniqueEmail() + "\"")
                        .slot("password", "\"" + TestUsers.PASSWORD + "\""),
                HostileInput.post("/api/auth/refresh")
                        .body("{\"refreshToken\":{{refreshToken}}}")
                        .slot("refreshToken", "\"not-a-refresh-token\""),
                HostileInput.post("/api/auth/logout").bearer(() -> TestUsers.login(user).accessToken()),
                HostileInput.get("/api/users/me").bearer(() -> TestUsers.login(user).accessToken()),
                HostileInput.get("/api/users/{{id}}").slot("id", user.id()).bearer(() -> TestUsers.login(user).accessToken()),
                // an account that does not exist: a probe must not change a real one's roles
                HostileInput.put("/api/users/{{id}}/roles/{{role}}").slot("id", UUID.randomUUID()).slot("role", "SCANNER")
                        .bearer(() -> TestUsers.login("admin@encore.local", "encore-admin-test").accessToken()),
                HostileInput.delete("/api/users/{{id}}/roles/{{role}}").slot("id", UUID.randomUUID()).slot("role", "SCANNER")
                        .bearer(() -> TestUsers.login("admin@encore.local", "encore-admin-test").accessToken()),
                HostileInput.get("/.well-known/jwks.json"));
    }
}
