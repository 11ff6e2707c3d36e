package dev.encore.testsupport;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;

/**
 * Throws one corpus of hostile input at a service's endpoints, one JUnit dynamic test per request. Each
 * {@code {{slot}}} of an endpoint's path or JSON body template, each of its query parameters and headers, gets in
 * turn: text with a forbidden character (NUL, other C0 controls, DEL, unpaired surrogates), numbers out of every
 * range (2147483648, 9223372036854775808, 1e400, ...), values of the wrong JSON type and a 1 MB string; each body
 * also gets a duplicate key, trailing garbage after the JSON value, and non-JSON. Every answer must hold:
 * <ul>
 * <li>no 5xx;</li>
 * <li>a 4xx is RFC 9457 {@code application/problem+json} with type, title, status and detail;</li>
 * <li>a forbidden character (and any text where a body slot expects another type) is a 400 whose
 * {@code errors[].field} names the slot: its JSON path, query parameter or header name;</li>
 * <li>a 1 MB string, a duplicate key, trailing garbage or a non-JSON body is refused where the endpoint reads a
 * body, and a body sent as another media type (text/plain, a form, XML) is answered 415;</li>
 * <li>a refused request stores nothing: the row census before and after it is the same;</li>
 * <li>afterwards, no series in {@code /q/metrics} is named after a hostile path.</li>
 * </ul>
 * What the HTTP layer refuses before any service code runs (control characters other than tab in a header value,
 * which Netty's decoder refuses; a bad %-escape in the path or query; a character RFC 3986 does not allow in a path,
 * such as braces or a pipe) must be its bare 400.
 * Refused means 400, 401, 403, 405, 413, 415, 422 or 429. A 402, 404 or 409 is a final answer to a request that
 * was read (booking-service records it under the Idempotency-Key), so it may store.
 */
public final class HostileInput {

    private static final String MEGABYTE = "a".repeat(1 << 20);

    /** JSON literals put in one body slot; {@code forbidden}: text no field may carry. */
    private static final List<Sample> JSON_VALUES = List.of(
            Sample.forbidden("NUL", "\"a\\u0000b\""),
            Sample.forbidden("U+0001", "\"\\u0001\""),
            Sample.forbidden("ESC", "\"\\u001b[2J\""),
            Sample.forbidden("line feed", "\"a\\nb\""),
            Sample.forbidden("tab", "\"a\\tb\""),
            Sample.forbidden("DEL", "\"a\\u007fb\""),
            Sample.forbidden("lone high surrogate", "\"\\ud800\""),
            Sample.forbidden("lone low surrogate", "\"x\\udc00\""),
            Sample.forbidden("high surrogate at the end", "\"end\\ud83c\""),
            Sample.refused("1 MB string", "\"" + MEGABYTE + "\""),
            Sample.answered("-1", "-1"),
            Sample.answered("2147483648", "2147483648"),
            Sample.answered("-2147483649", "-2147483649"),
            Sample.answered("9223372036854775808", "9223372036854775808"),
            Sample.answered("-9223372036854775809", "-9223372036854775809"),
            Sample.answered("1e400", "1e400"),
            Sample.answered("-1e400", "-1e400"),
            Sample.answered("1.5", "1.5"),
            Sample.answered("true", "true"),
            Sample.answered("array", "[]"),
            Sample.answered("object", "{}"),
            Sample.answered("empty string", "\"\""),
            Sample.answered("year 999999999", "\"+999999999-12-31T23:59:59Z\""),
            Sample.answered("year -999999999", "\"-999999999-01-01T00:00:00Z\""),
            Sample.answered("number in a string", "\"2147483648\""));

    /** Query parameter values, percent-encoded as sent. */
    private static final List<Sample> QUERY_VALUES = List.of(
            Sample.forbidden("NUL", "a%00b"),
            Sample.forbidden("U+0001", "%01"),
            Sample.forbidden("ESC", "%1B"),
            Sample.forbidden("line feed", "%0A"),
            Sample.forbidden("DEL", "%7F"),
            Sample.forbidden("tab", "%09"),
            Sample.answered("-1", "-1"),
            Sample.answered("2147483647", "2147483647"),
            Sample.answered("2147483648", "2147483648"),
            Sample.answered("-2147483649", "-2147483649"),
            Sample.answered("9223372036854775808", "9223372036854775808"),
            Sample.answered("1e400", "1e400"),
            Sample.answered("NaN", "NaN"),
            Sample.answered("letters", "abc"),
            Sample.answered("empty", ""),
            Sample.answered("year 999999999", "%2B999999999-12-31T23:59:59Z"),
            Sample.answered("year -999999999", "-999999999-01-01T00:00:00Z"),
            Sample.answered("invalid UTF-8", "%C3%28"),
            Sample.answered("UTF-8 of a surrogate", "%ED%A0%80"),
            Sample.codec("bare percent", "%"),
            Sample.codec("bad escape", "%zz"),
            Sample.answered("1000 characters", "x".repeat(1000)));

    /** Path segment values, percent-encoded as sent. */
    private static final List<Sample> PATH_VALUES = List.of(
            Sample.answered("0", "0"),
            Sample.answered("-1", "-1"),
            Sample.answered("2147483648", "2147483648"),
            Sample.answered("9223372036854775808", "9223372036854775808"),
            Sample.answered("1e400", "1e400"),
            Sample.answered("letters", "abc"),
            Sample.answered("NUL", "%00"),
            Sample.codec("bad escape", "%zz"),
            Sample.codec("braces", "{q}"),
            Sample.codec("pipe", "a|b"),
            Sample.answered("1000 characters", "x".repeat(1000)));

    /** Header values, sent byte for byte (RestAssured would turn control characters into '?'). */
    private static final List<Sample> HEADER_VALUES = List.of(
            Sample.codec("NUL", "a\u0000b"),
            Sample.codec("U+0001", "\u0001"),
            Sample.codec("ESC", "\u001b[2J"),
            Sample.codec("DEL", "a\u007fb"),
            Sample.forbidden("tab", "a\tb"),
            Sample.answered("4000 characters", "x".repeat(4000)));

    private static final int ANSWER_TIMEOUT_MILLIS = 20_000;
    private static final RestAssuredConfig NO_HANGING = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", ANSWER_TIMEOUT_MILLIS)
            .setParam("http.socket.timeout", ANSWER_TIMEOUT_MILLIS));
    // a header every service receives: edge-proxy reads it, the others must at least not mind it
    private static final String PROBED_HEADER = "X-Request-Id";
    private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 405, 413, 415, 422, 429);
    private static final Pattern SLOT = Pattern.compile("\\{\\{([^}]+)}}");
    private static final Pattern URI_LABEL = Pattern.compile("\\buri=\"([^\"]*)\"");
    private static final Pattern FIRST_FIELD = Pattern.compile("^\\{(\"[^\"]+\":(\"[^\"]*\"|[-0-9.]+))");

    private HostileInput() {
    }

    public static Endpoint get(String path) {
        return new Endpoint("GET", path);
    }

    public static Endpoint post(String path) {
        return new Endpoint("POST", path);
    }

    public static Endpoint put(String path) {
        return new Endpoint("PUT", path);
    }

    public static Endpoint delete(String path) {
        return new Endpoint("DELETE", path);
    }

    /**
     * One dynamic test per hostile request to each endpoint; {@code rows} takes the census of the service's
     * database(s) (e.g. {@link PostgresServer#rowCounts}) before and after each.
     */
    public static Stream<DynamicTest> probe(Supplier<?> rows, Endpoint... endpoints) {
        return Stream.concat(Stream.of(endpoints).flatMap(Endpoint::probes)
                        .map(probe -> DynamicTest.dynamicTest(probe.toString(), () -> probe.check(rows))),
                Stream.of(DynamicTest.dynamicTest("no metric series is named after a hostile path",
                        HostileInput::assertNoHostileUriLabel)));
    }

    /**
     * Once the probes ran: no {@code uri} label of {@code http_server_requests} in {@code /q/metrics} carries what
     * a probe put in a path (a %-escape, a made-up word, a long number) or an id (no route template has a digit). A
     * request the HTTP layer refuses before any route matched (for its path, or for a header) would otherwise be
     * counted under its raw path: one new series per hostile request, sent without a token, until Micrometer's cap
     * on uri tags is reached and real routes stop being counted.
     */
    private static void assertNoHostileUriLabel() {
        String metrics = given().config(NO_HANGING).get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> marks = Stream.of(PATH_VALUES, QUERY_VALUES).flatMap(List::stream).map(Sample::value)
                .filter(value -> value.length() >= 3).toList();
        Matcher uri = URI_LABEL.matcher(metrics);
        while (uri.find()) {
            String label = uri.group(1);
            if (label.contains("%") || label.chars().anyMatch(Character::isDigit) || marks.stream().anyMatch(label::contains)) {
                throw new AssertionError("a series is named after a hostile path: uri=\"" + label + "\"");
            }
        }
    }

    private enum Expect { FIELD_NAMED, REFUSED, CODEC_REFUSED, UNSUPPORTED_MEDIA_TYPE, ANSWERED }

    private record Sample(String label, String value, Expect expect) {

        static Sample forbidden(String label, String value) {
            return new Sample(label, value, Expect.FIELD_NAMED);
        }

        static Sample refused(String label, String value) {
            return new Sample(label, value, Expect.REFUSED);
        }

        // what the HTTP layer (Netty's decoder, Vert.x' router) refuses with its own bare 400, before any service code
        static Sample codec(String label, String value) {
            return new Sample(label, value, Expect.CODEC_REFUSED);
        }

        static Sample answered(String label, String value) {
            return new Sample(label, value, Expect.ANSWERED);
        }
    }

    /**
     * A route and what a valid request to it looks like: {@code {{slot}}}s in its path and JSON body template, each
     * with a valid value; the JSON path of a body slot is its name. Bearer tokens are taken per request, so that
     * per-user rate limits do not turn probes into 429s.
     */
    public static final class Endpoint {

        private final String method;
        private final String path;
        private final Map<String, Supplier<String>> slots = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> queryParameters = new ArrayList<>();
        private Supplier<String> bearer;
        private String body;

        private Endpoint(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** The valid value of a {@code {{name}}} slot: a path segment, or a JSON literal in the body. */
        public Endpoint slot(String name, Object validValue) {
            return slot(name, () -> validValue);
        }

        /** A slot whose valid value is new for each request, e.g. an email that must not be taken yet. */
        public Endpoint slot(String name, Supplier<?> validValues) {
            slots.put(name, () -> String.valueOf(validValues.get()));
            return this;
        }

        /** A JSON body whose {@code {{slot}}}s are filled in; its first field must be a string or a number. */
        public Endpoint body(String template) {
            body = template;
            return this;
        }

        public Endpoint query(String... names) {
            queryParameters.addAll(List.of(names));
            return this;
        }

        /** A header the endpoint reads, with a valid value; it is probed like any other input. */
        public Endpoint header(String name, String validValue) {
            headers.put(name, validValue);
            return this;
        }

        public Endpoint bearer(Supplier<String> token) {
            bearer = token;
            return this;
        }

        private Stream<Probe> probes() {
            List<Probe> probes = new ArrayList<>();
            for (String slot : slots.keySet()) {
                boolean inPath = path.contains("{{" + slot + "}}");
                for (Sample sample : inPath ? PATH_VALUES : JSON_VALUES) {
                    Map<String, String> filled = validSlots();
                    filled.put(slot, sample.value());
                    probes.add(new Probe(this, slot + " = " + sample.label(), fill(path, filled), headers,
                            body == null ? null : utf8(fill(body, filled)), slot, sample.expect(), false));
                }
            }
            String validPath = fill(path, validSlots());
            for (String parameter : queryParameters) {
                for (Sample sample : QUERY_VALUES) {
                    probes.add(new Probe(this, "?" + parameter + " = " + sample.label(),
                            validPath + "?" + parameter + "=" + sample.value(), headers, validBody(), parameter, sample.expect(),
                            false));
                }
            }
            List<String> probedHeaders = new ArrayList<>(headers.keySet());
            probedHeaders.add(PROBED_HEADER);
            for (String header : probedHeaders) {
                for (Sample sample : HEADER_VALUES) {
                    Map<String, String> hostile = new LinkedHashMap<>(headers);
                    hostile.put(header, sample.value());
                    probes.add(new Probe(this, header + ": " + sample.label(), validPath, hostile, validBody(), header,
                            sample.expect(), true));
                }
            }
            if (!method.equals("GET")) {
                bodies().forEach((label, hostileBody) -> probes.add(new Probe(this, "body " + label, validPath, headers,
                        hostileBody, "body", body == null ? Expect.ANSWERED : Expect.REFUSED, false)));
            }
            if (body != null) {
                // a JSON body is read as JSON only: the same text in another media type is not read at all
                for (String mediaType : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
                    // sent by hand: RestAssured would encode a form itself
                    probes.add(new Probe(this, "valid body as " + mediaType, validPath, headers, validBody(), "body",
                            Expect.UNSUPPORTED_MEDIA_TYPE, true, mediaType));
                    probes.add(new Probe(this, "empty body as " + mediaType, validPath, headers, new byte[0], "body",
                            Expect.UNSUPPORTED_MEDIA_TYPE, true, mediaType));
                }
            }
            return probes.stream();
        }

        private byte[] validBody() {
            return body == null ? null : utf8(fill(body, validSlots()));
        }

        private Map<String, byte[]> bodies() {
            Map<String, String> bodies = new LinkedHashMap<>();
            String valid = body == null ? "{}" : fill(body, validSlots());
            Matcher first = FIRST_FIELD.matcher(valid);
            if (first.find()) {
                bodies.put("with a duplicate key", "{" + first.group(1) + "," + valid.substring(1));
            }
            bodies.put("with trailing garbage", valid + " x");
            bodies.put("with a second value after it", valid + " {}");
            bodies.put("with a stray brace after it", valid + "}");
            bodies.put("not JSON", "not json");
            bodies.put("empty", "");
            bodies.put("XML", "<request/>");
            bodies.put("cut short", valid.substring(0, valid.length() / 2));
            bodies.put("null", "null");
            bodies.put("an array", "[]");
            bodies.put("a number", "42");
            bodies.put("a string", "\"text\"");
            bodies.put("a raw NUL", "{\"x\u0000\":1}");
            bodies.put("nested 5000 deep", "[".repeat(5000) + "]".repeat(5000));
            bodies.put("1 MB", " ".repeat(1 << 20) + valid);
            Map<String, byte[]> encoded = new LinkedHashMap<>();
            bodies.forEach((label, text) -> encoded.put(label, utf8(text)));
            encoded.put("invalid UTF-8", new byte[]{'"', (byte) 0xC3, (byte) 0x28, '"'});
            return encoded;
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        private Map<String, String> validSlots() {
            Map<String, String> values = new LinkedHashMap<>();
            slots.forEach((name, value) -> values.put(name, value.get()));
            return values;
        }

        private static String fill(String template, Map<String, String> values) {
            return SLOT.matcher(template).replaceAll(slot -> Matcher.quoteReplacement(
                    Objects.requireNonNull(values.get(slot.group(1)), "no value for slot " + slot.group(1))));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private record Probe(Endpoint endpoint, String what, String path, Map<String, String> headers, byte[] body,
                         String field, Expect expect, boolean byteForByte, String contentType) {

        private static final String JSON = "application/json";

        Probe(Endpoint endpoint, String what, String path, Map<String, String> headers, byte[] body, String field,
              Expect expect, boolean byteForByte) {
            this(endpoint, what, path, headers, body, field, expect, byteForByte, JSON);
        }

        void check(Supplier<?> rows) {
            // a token may cost a login, which stores a session: taken before the census
            String token = endpoint.bearer == null ? null : endpoint.bearer.get();
            Object before = rows.get();
            Map<String, String> request = new LinkedHashMap<>();
            request.put("X-Forwarded-For", "10.%d.%d.%d".formatted(random(256), random(256), 1 + random(254)));
            if (token != null) {
                request.put("Authorization", "Bearer " + token);
            }
            request.putAll(headers);
            Answer answer;
            try {
                answer = byteForByte || !isValidUri(path) ? sendRaw(request) : sendWithRestAssured(request);
            } catch (RuntimeException e) {
                // a request left unanswered is a fault too, and must not hang the build
                throw new AssertionError(this + ": no answer (" + e + ")", e);
            }
            int status = answer.status();
            if (status >= 500) {
                throw new AssertionError(this + ": answered " + answer);
            }
            if (expect == Expect.UNSUPPORTED_MEDIA_TYPE && status != 415) {
                throw new AssertionError(this + ": expected 415, answered " + answer);
            }
            if (expect == Expect.CODEC_REFUSED && status != 400) {
                throw new AssertionError(this + ": expected the HTTP layer's 400, answered " + answer);
            }
            if (status >= 400 && expect != Expect.CODEC_REFUSED) {
                assertProblem(answer);
            }
            if (expect == Expect.FIELD_NAMED && (status != 400 || !answer.json().getList("errors.field").contains(field))) {
                throw new AssertionError(this + ": expected 400 naming " + field + ", answered " + answer);
            }
            if (expect == Expect.REFUSED && !REFUSALS.contains(status)) {
                throw new AssertionError(this + ": expected a refusal " + REFUSALS + ", answered " + answer);
            }
            if (REFUSALS.contains(status) && !before.equals(rows.get())) {
                throw new AssertionError(this + ": answered " + answer + " but rows changed: " + before + " -> " + rows.get());
            }
        }

        private Answer sendWithRestAssured(Map<String, String> headers) {
            var request = given().config(NO_HANGING).urlEncodingEnabled(false).headers(headers);
            if (body != null) {
                request.contentType(contentType).body(body);
            }
            Response response = request.request(endpoint.method, path);
            return new Answer(response.statusCode(), response.contentType(), response.asString());
        }

        // HTTP/1.0 by hand: RestAssured refuses what java.net.URI cannot parse (a bad %-escape) and rewrites headers
        private Answer sendRaw(Map<String, String> headers) {
            URI base = URI.create(RestAssured.baseURI);
            StringBuilder head = new StringBuilder(endpoint.method + " " + path + " HTTP/1.0\r\nHost: " + base.getHost() + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            byte[] content = body == null ? new byte[0] : body;
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(content.length).append("\r\n\r\n");
            try (Socket socket = new Socket(base.getHost(), RestAssured.port)) {
                socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
                socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().write(content);
                String[] answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\r\n\r\n", 2);
                String[] lines = answer[0].split("\r\n");
                String contentType = Stream.of(lines).filter(line -> line.regionMatches(true, 0, "Content-Type:", 0, 13))
                        .map(line -> line.substring(13).strip()).findFirst().orElse(null);
                return new Answer(Integer.parseInt(lines[0].split(" ")[1]), contentType, answer.length > 1 ? answer[1] : "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean isValidUri(String path) {
            try {
                new URI(path);
                return true;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private static void assertProblem(Answer answer) {
            String type = answer.contentType();
            if (type == null || !type.startsWith("application/problem+json")) {
                throw new AssertionError("expected application/problem+json, got " + type + ": " + answer);
            }
            JsonPath problem = answer.json();
            if (problem.getString("type") == null || problem.getString("title") == null
                    || problem.getInt("status") != answer.status() || problem.getString("detail") == null) {
                throw new AssertionError("expected type, title, status and detail: " + answer);
            }
        }

        private static int random(int bound) {
            return ThreadLocalRandom.current().nextInt(bound);
        }

        @Override
        public String toString() {
            return endpoint + " with " + what;
        }
    }

    private record Answer(int status, String contentType, String body) {

        JsonPath json() {
            return JsonPath.from(body);
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }
}
