package dev.encore.user.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {

    // surrounding spaces are a copy-paste accident, not part of the address
    public LoginRequest {
        email = email == null ? null : email.strip();
    }
}
