package dev.iamsync.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * Tiny nasty servers on 127.0.0.1 for the hostile-input tests: an HTTP server whose handler may answer a
 * request itself or pass it on to an upstream (an emulator), and a raw TCP server that answers with fixed bytes.
 */
final class RawServer implements AutoCloseable {

    /** What a handler sees. */
    record Req(String method, String path, String query, String body) {
    }

    /** An answer; null from a handler means "forward to upstream". */
    record Resp(int status, String contentType, String body) {
    }

    interface Handler {
        Resp handle(Req request) throws Exception;
    }

    private static final Set<String> HOP = Set.of("connection", "content-length", "host", "upgrade",
            "http2-settings", "transfer-encoding", "expect");

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<Req> requests = new ArrayList<>();

    private RawServer(URI upstream, Handler handler) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> serve(exchange, handler));
        server.start();
    }

    static RawServer start(URI upstream, Handler handler) {
        try {
            return new RawServer(upstream, handler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Req req = new Req(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), body);
            synchronized (requests) {
                requests.add(req);
            }
            Resp resp;
            try {
                resp = handler.handle(req);
            } catch (Exception e) {
                resp = new Resp(500, "text/plain", "handler failed: " + e);
            }
            if (resp == null) {
                resp = forward(exchange, req);
            }
            byte[] bytes = resp.body().getBytes(StandardCharsets.UTF_8);
            if (resp.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", resp.contentType());
            }
            if (resp.status() >= 300 && resp.status() < 400) {
                exchange.getResponseHeaders().set("Location", "http://127.0.0.2:9/elsewhere");
            }
            exchange.sendResponseHeaders(resp.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private Resp forward(HttpExchange exchange, Req req) {
        try {
            String target = upstream + req.path() + (req.query() == null ? "" : "?" + req.query());
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target))
                    .method(req.method(), req.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(req.body()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> builder.header(name, v));
                }
            });
            HttpResponse<String> answer = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(null),
                    answer.body());
        } catch (Exception e) {
            return new Resp(502, "text/plain", "forward failed");
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A TCP server that, for every connection, reads the request head and writes {@code reply(requestHead)}. */
    static final class Tcp implements AutoCloseable {
        interface Reply {
            String of(String requestHead);
        }

        private final ServerSocket socket;

        Tcp(Reply reply) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread.ofVirtual().start(() -> answer(s, reply));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static void answer(Socket s, Reply reply) {
            try (s) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0) {
                    head.append((char) c);
                    if (head.toString().endsWith("\r\n\r\n")) {
                        break;
                    }
                }
                s.getOutputStream().write(reply.of(head.toString()).getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            } catch (IOException e) {
                // ignore
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
