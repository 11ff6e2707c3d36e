package dev.encore.user.rest;

import dev.encore.user.domain.Role;
import dev.encore.user.service.AccountService;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/users")
@Tag(name = "accounts")
public class UserResource {

    private final AccountService accounts;
    private final JsonWebToken caller;

    UserResource(AccountService accounts, JsonWebToken caller) {
        this.accounts = accounts;
        this.caller = caller;
    }

    @POST
    public Response signUp(@Valid @NotNull SignUpRequest request, UriInfo uri) {
        UserResponse created = UserResponse.from(accounts.signUp(request.email(), request.password(), request.name()));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("/me")
    @Authenticated
    public UserResponse me() {
        return accounts.find(callerId()).map(UserResponse::from).orElseThrow(NotFoundException::new);
    }

    /** Yourself, or anyone for an administrator; another user's account answers 404 so ids reveal nothing. */
    @GET
    @Path("/{id}")
    @Authenticated
    public UserResponse byId(@PathParam("id") UUID id) {
        if (!id.equals(callerId()) && !caller.getGroups().contains(Role.ADMIN.name())) {
            throw new NotFoundException();
        }
        return accounts.find(id).map(UserResponse::from).orElseThrow(NotFoundException::new);
    }

    private UUID callerId() {
        return UUID.fromString(caller.getSubject());
    }
}
