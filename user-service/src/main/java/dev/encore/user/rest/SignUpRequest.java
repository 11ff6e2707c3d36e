package dev.encore.user.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record SignUpRequest(
        @NotBlank @Email @Size(max = 254) String email,
        @NotNull @Size(min = 10, max = 128, message = "must be between 10 and 128 characters") String password,
        @NotBlank @Size(max = 100) String name) {

    // surrounding spaces are a copy-paste accident, not part of the address
    public SignUpRequest {
        email = email == null ? null : email.strip();
    }
}
