package dev.encore.user.rest;

import dev.encore.user.domain.Role;
import dev.encore.user.domain.UserAccount;

import java.util.List;
import java.util.UUID;

public record UserResponse(UUID id, String email, String name, List<String> roles) {

    static UserResponse from(UserAccount account) {
        return new UserResponse(account.id, account.email, account.name,
                account.roles.stream().sorted().map(Role::name).toList());
    }
}
