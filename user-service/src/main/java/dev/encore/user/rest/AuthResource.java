package dev.encore.user.rest;

import dev.encore.user.service.AuthService;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.UUID;

@Path("/api/auth")
@Tag(name = "authentication")
public class AuthResource {

    private final AuthService auth;
    private final JsonWebToken caller;

    AuthResource(AuthService auth, JsonWebToken caller) {
        this.auth = auth;
        this.caller = caller;
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public TokenResponse login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        // behind the edge this is the X-Forwarded-For client, which Quarkus takes only from trusted proxies
        String clientAddress = http.remoteAddress().hostAddress();
        return TokenResponse.from(auth.login(request.email(), request.password(), clientAddress));
    }

    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    public TokenResponse refresh(@Valid @NotNull RefreshRequest request) {
        return TokenResponse.from(auth.refresh(request.refreshToken()));
    }

    @POST
    @Path("/logout")
    @Authenticated
    public void logout() {
        String sessionId = caller.getClaim("sid");
        auth.logout(UUID.fromString(caller.getSubject()), caller.getTokenID(), UUID.fromString(sessionId), Instant.ofEpochSecond(caller.getExpirationTime()));
    }
}
