package dev.encore.user.service;

import dev.encore.user.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class LoginThrottleTest {

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPassword() {
        TestUsers.Registered user = TestUsers.signUp();
        for (int i = 0; i < 5; i++) {
            TestUsers.loginRequest(user.email(), "wrong-password-" + i, TestUsers.randomClientAddress())
                    .then().statusCode(401);
        }
        TestUsers.loginRequest(user.email(), user.password(), TestUsers.randomClientAddress())
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", is("urn:encore:problem:too-many-attempts"))
                .header("Retry-After", s -> Integer.parseInt(s), greaterThan(0));
    }

    @Test
    void aSuccessfulLoginClearsEarlierFailures() {
        TestUsers.Registered user = TestUsers.signUp();
        String address = TestUsers.randomClientAddress();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                TestUsers.loginRequest(user.email(), "wrong-password-" + i, address).then().statusCode(401);
            }
            TestUsers.loginRequest(user.email(), user.password(), address).then().statusCode(200);
        }
    }

    @Test
    void oneAddressGets429AfterThirtyAttemptsWhateverTheAccounts() {
        String address = TestUsers.randomClientAddress();
        for (int i = 0; i < 30; i++) {
            TestUsers.loginRequest(TestUsers.uniqueEmail(), "any-password-at-all", address).then().statusCode(401);
        }
        TestUsers.Registered user = TestUsers.signUp();
        TestUsers.loginRequest(user.email(), user.password(), address)
                .then().statusCode(429)
                .header("Retry-After", s -> Integer.parseInt(s), greaterThan(0));
        TestUsers.loginRequest(user.email(), user.password(), TestUsers.randomClientAddress()).then().statusCode(200);
    }
}
