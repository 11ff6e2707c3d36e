package dev.encore.user.domain;

public enum Role {
    USER,
    ADMIN
}
