package dev.encore.booking.security;

import dev.encore.booking.config.TicketConfig;
import dev.encore.booking.domain.InvalidTicketCodeException;
import dev.encore.booking.domain.SeatId;
import dev.encore.booking.domain.Ticket;
import dev.encore.common.KeyDirectory;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Ticket codes: a compact JWS (RFC 7515) signed ES256 (RFC 7518 section 3.4) with the ticket key, header
 * {@code {alg: "ES256", kid, typ: "ticket+jwt"}} (explicit typing, RFC 8725 section 3.11), claims
 * {@code {iss: "urn:encore:tickets", iat, bid: <booking id>, pid: <performance id>, seat: <seat id>}}. Anyone can
 * verify one offline with the JWK Set at {@code GET /api/tickets/jwks.json}; only the check-in decides whether it
 * still admits (a code says nothing about cancellation). The signature is randomised, so each issue of a ticket is a
 * different string, every one valid. ECDSA signatures are malleable (with (r, s) the pair (r, n - s) verifies too),
 * so a code can have a twin encore never issued; it names the same ticket and admits nothing more.
 */
@Startup
@ApplicationScoped
public class TicketCodes {

    /** The {@code iss} of every ticket code. */
    public static final String ISSUER = "urn:encore:tickets";
    /** The JWS {@code typ} header of every ticket code. */
    public static final String TYPE = "ticket+jwt";

    private static final Pattern CANONICAL = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}");

    private final TicketConfig config;
    private KeyDirectory.Keys keys;
    private JwtConsumer verifier;

    TicketCodes(TicketConfig config) {
        this.config = config;
    }

    @PostConstruct
    void load() {
        keys = KeyDirectory.load(config.keyDirectory(), KeyDirectory.Algorithm.ES256, config.generateMissingKeys(),
                "encore.tickets.key-directory, ENCORE_TICKET_KEY_DIR; see booking-service/README.md");
        verifier = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.publicKeys().getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, KeyDirectory.Algorithm.ES256.jws())
                .setExpectedType(true, TYPE)
                .setExpectedIssuer(ISSUER)
                .setRequireIssuedAt()
                .build();
    }

    /** The ticket's code, signed now. */
    public String sign(Ticket ticket) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setIssuedAtToNow();
        claims.setStringClaim("bid", ticket.bookingId().toString());
        claims.setClaim("pid", ticket.performanceId());
        claims.setStringClaim("seat", ticket.seatId());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.signingKey());
        jws.setKeyIdHeaderValue(keys.signingKeyId());
        jws.setAlgorithmHeaderValue(KeyDirectory.Algorithm.ES256.jws());
        jws.setHeader("typ", TYPE);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign a ticket code", e);
        }
    }

    /**
     * The ticket a code stands for.
     *
     * @throws InvalidTicketCodeException when the code is not a ticket code signed by one of the published keys, or its
     *                                    claims are not a ticket's
     */
    public Ticket verify(String code) {
        // the one spelling encore issues: three unpadded base64url parts, a 64-byte (86-character) ES256 signature
        if (!CANONICAL.matcher(code).matches()) {
            throw new InvalidTicketCodeException("is not a ticket code signed by encore");
        }
        try {
            JwtClaims claims = verifier.processToClaims(code);
            String booking = claims.getStringClaimValue("bid");
            String seat = claims.getStringClaimValue("seat");
            Object performance = claims.getClaimValue("pid");
            if (booking == null || !SeatId.isWellFormed(seat) || !(performance instanceof Long performanceId)) {
                throw new InvalidTicketCodeException("has claims that are not a ticket's");
            }
            return new Ticket(UUID.fromString(booking), performanceId, seat);
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException e) {
            // jose4j's messages repeat the whole code: the caller has it already
            throw new InvalidTicketCodeException("is not a ticket code signed by encore");
        }
    }

    /** The JWK Set that verifies ticket codes, public parts only. */
    public String publicJwks() {
        return keys.publicJwks();
    }
}
