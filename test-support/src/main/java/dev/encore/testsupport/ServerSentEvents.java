package dev.encore.testsupport;

import io.restassured.path.json.JsonPath;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A minimal reader of a Server-Sent Events stream (WHATWG HTML, "Server-sent events": {@code id}, {@code event} and
 * {@code data} lines, a blank line ends an event, comment lines are skipped), for tests of booking-service's live
 * seat map, directly and through the edge.
 */
public final class ServerSentEvents implements AutoCloseable {

    /** One event as read from the wire; {@code data} is JSON here. */
    public record Event(long id, String name, String data) {

        /** The status this event gives the seat ({@code [{id, status}]} data), or null. */
        public String status(String seatId) {
            return JsonPath.from(data).getString("find { it.id == '" + seatId + "' }.status");
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;

    private ServerSentEvents(InputStream body) {
        this.body = body;
        Thread.ofVirtual().start(this::read);
    }

    /** Opens the stream at {@code url} (asserting 200 and {@code text/event-stream}), with a Last-Event-ID if given. */
    public static ServerSentEvents open(String url, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        return new ServerSentEvents(response.body());
    }

    /** The next event, waiting at most 5 s. */
    public Event next() throws InterruptedException {
        Event event = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 5 s");
        return event;
    }

    /** The next event whose data names the seat (events about other seats are skipped). */
    public Event nextAbout(String seatId) throws InterruptedException {
        while (true) {
            Event event = next();
            if (event.data().contains("\"" + seatId + "\"")) {
                return event;
            }
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            long id = 0;
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (Exception e) {
            // the stream was closed by its test
        }
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
