import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs up fans through the public API (an existing account is reused, so a rerun only logs in) and logs each in,
 * writing one "email,password,address,accessToken" line per fan. Each fan comes from an address of its own, sent as
 * X-Forwarded-For: the edge trusts it from a local caller, and its per-address throttles then see many fans, as on a
 * real on-sale, instead of one load generator.
 * Usage: java FanSeeder.java <base-url> <fans> <run-tag> <out-file>
 */
public class FanSeeder {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int fans = Integer.parseInt(args[1]);
        String tag = args[2];
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // bcrypt makes sign-up and login CPU-bound in user-service: more parallelism than cores only queues
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
        List<Future<String>> lines = new ArrayList<>();
        for (int i = 1; i <= fans; i++) {
            int fan = i;
            lines.add(pool.submit(() -> seed(http, base, tag, fan)));
        }
        List<String> out = new ArrayList<>();
        for (Future<String> line : lines) {
            out.add(line.get());
        }
        pool.shutdown();
        Files.write(Path.of(args[3]), out);
    }

    private static String seed(HttpClient http, String base, String tag, int fan) throws Exception {
        String email = "fan-" + tag + "-" + fan + "@perf.encore.local";
        String password = "perf-password-" + fan;
        String address = "10." + (fan >> 16 & 255) + "." + (fan >> 8 & 255) + "." + (fan & 255);
        int signedUp = post(http, base + "/api/users", address,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"Fan " + fan + "\"}").statusCode();
        if (signedUp != 201 && signedUp != 409) {
            throw new IllegalStateException("sign-up of " + email + " answered " + signedUp);
        }
        HttpResponse<String> login = post(http, base + "/api/auth/login", address,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        Matcher token = ACCESS_TOKEN.matcher(login.body());
        if (login.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("login of " + email + " answered " + login.statusCode() + ": " + login.body());
        }
        return String.join(",", email, password, address, token.group(1));
    }

    private static HttpResponse<String> post(HttpClient http, String url, String address, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("X-Forwarded-For", address).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
