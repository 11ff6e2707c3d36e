package dev.encore.user.rest;

import dev.encore.user.domain.Role;
import dev.encore.user.service.AccountService;
import dev.encore.common.InvalidParameterException;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;
import java.util.UUID;

@Path("/api/users")
@Tag(name = "accounts")
public class UserResource {

    // the roles an administrator grants and withdraws here; ADMIN accounts are made at deployment (AdminAccountSeeder)
    private static final Set<String> ASSIGNABLE = Set.of(Role.SCANNER.name());

    private final AccountService accounts;
    private final JsonWebToken caller;

    UserResource(AccountService accounts, JsonWebToken caller) {
        this.accounts = accounts;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
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

    /** ADMIN: grants a role (only SCANNER); 200 the account; granting it again changes nothing. */
    @PUT
    @Path("/{id}/roles/{role}")
    @RolesAllowed("ADMIN")
    public UserResponse grant(@PathParam("id") UUID id, @PathParam("role") String role) {
        return setRole(id, role, true);
    }

    /** ADMIN: withdraws a role (only SCANNER); 200 the account; withdrawing one it does not have changes nothing. */
    @DELETE
    @Path("/{id}/roles/{role}")
    @RolesAllowed("ADMIN")
    public UserResponse withdraw(@PathParam("id") UUID id, @PathParam("role") String role) {
        return setRole(id, role, false);
    }

    private UserResponse setRole(UUID id, String role, boolean granted) {
        if (!ASSIGNABLE.contains(role)) {
            throw new InvalidParameterException("role", "must be one of " + ASSIGNABLE);
        }
        return accounts.setRole(id, Role.valueOf(role), granted).map(UserResponse::from).orElseThrow(NotFoundException::new);
    }

    private UUID callerId() {
        return UUID.fromString(caller.getSubject());
    }
}
