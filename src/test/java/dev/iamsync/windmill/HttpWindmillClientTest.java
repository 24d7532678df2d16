package dev.iamsync.windmill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.iamsync.emulator.WindmillEmulator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our Windmill client over real HTTP: what it sends, and how it reads each kind of answer. */
class HttpWindmillClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "wm-client-test-token";

    private WindmillEmulator windmill;
    private HttpWindmillClient client;
    private HttpServer stub;

    @BeforeEach
    void start() {
        windmill = WindmillEmulator.start(TOKEN);
        windmill.addWorkspace("infra");
        client = new HttpWindmillClient(windmill.baseUrl(), TokenSource.fixed(TOKEN));
    }

    @AfterEach
    void stop() {
        windmill.close();
        if (stub != null) {
            stub.stop(0);
        }
    }

    /** A server that answers every request with the given status and body, counting requests. */
    private URI stubAnswering(int status, String contentType, String body, AtomicInteger count) throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            count.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        stub.start();
        return URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
    }

    @Test
    void createSecretVariable_sendsBearerJsonAndAllRequiredFields() throws Exception {
        client.createSecretVariable("infra", "f/aws/iam", "{\"r\":1}", "desc");

        WindmillEmulator.Request sent = windmill.requests().get(windmill.requests().size() - 1);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/w/infra/variables/create");
        assertThat(sent.headers()).containsEntry("authorization", "Bearer " + TOKEN)
                .containsEntry("content-type", "application/json");
        assertThat(JSON.readTree(sent.body())).isEqualTo(JSON.readTree(
                "{\"path\":\"f/aws/iam\",\"value\":\"{\\\"r\\\":1}\",\"is_secret\":true,\"description\":\"desc\"}"));
        assertThat(windmill.variable("infra", "f/aws/iam").orElseThrow().isSecret()).isTrue();
    }

    @Test
    void createSecretVariable_existingPath_throwsVariableExists() {
        windmill.putVariable("infra", "f/aws/iam", "x", false, "");

        assertThatThrownBy(() -> client.createSecretVariable("infra", "f/aws/iam", "y", "d"))
                .isInstanceOf(VariableExistsException.class)
                .hasMessageContaining("f/aws/iam");
    }

    @Test
    void getVariable_roundTripsDecryptedValue_andMissingIsEmpty() {
        client.createSecretVariable("infra", "f/aws/iam", "secret-value", "d");

        StoredVariable stored = client.getVariable("infra", "f/aws/iam").orElseThrow();

        assertThat(stored.value()).isEqualTo("secret-value");
        assertThat(stored.secret()).isTrue();
        assertThat(stored.toString()).doesNotContain("secret-value");
        assertThat(client.getVariable("infra", "f/aws/other")).isEmpty();
        assertThat(windmill.requests()).anyMatch(request -> request.query() != null
                && request.query().contains("decrypt_secret=true"));
    }

    @Test
    void updateSecretVariable_flipsPlainVariableToSecret() {
        windmill.putVariable("infra", "f/aws/iam", "old", false, "");

        client.updateSecretVariable("infra", "f/aws/iam", "new", "d");

        WindmillEmulator.Variable stored = windmill.variable("infra", "f/aws/iam").orElseThrow();
        assertThat(stored.value()).isEqualTo("new");
        assertThat(stored.isSecret()).isTrue();
    }

    @Test
    void createFolder_grantsReadToAllAndToleratesExisting() {
        client.createFolder("infra", "aws");
        client.createFolder("infra", "aws");

        assertThat(client.folderExists("infra", "aws")).isTrue();
        assertThat(windmill.folder("infra", "aws").orElseThrow().extraPerms()).containsEntry("g/all", false);
    }

    @Test
    void listWorkspaces_pagesUntilEmptyAndKeepsEachOnce() {
        for (int i = 0; i < 25; i++) {
            windmill.addWorkspace("ws" + i);
        }
        windmill.addArchivedWorkspace("gone");
        windmill.listPageCap(7);
        windmill.duplicateAcrossPages(true);

        assertThat(client.listWorkspaces())
                .hasSize(27)
                .doesNotHaveDuplicates()
                .contains(new Workspace("gone", true), new Workspace("infra", false));
    }

    @Test
    void listWorkspaces_refusedToken_throwsAuthWithoutToken() {
        HttpWindmillClient wrong = new HttpWindmillClient(windmill.baseUrl(), TokenSource.fixed("wrong-token-xyz"));

        assertThatThrownBy(wrong::listWorkspaces)
                .isInstanceOf(WindmillAuthException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("wrong-token-xyz");
    }

    @Test
    void anyRequest_401WithRotatedToken_isRetriedOnceWithTheNewToken() {
        AtomicInteger renewals = new AtomicInteger();
        String[] current = {"stale-token"};
        TokenSource rotating = new TokenSource() {
            @Override
            public String token() {
                return current[0];
            }

            @Override
            public boolean renew() {
                renewals.incrementAndGet();
                current[0] = TOKEN;
                return true;
            }
        };

        assertThat(new HttpWindmillClient(windmill.baseUrl(), rotating).listWorkspaces()).isNotEmpty();
        assertThat(renewals).hasValue(1);
    }

    @Test
    void errorAnswer_messageNamesStatusAndPathButNeverTheBody() throws Exception {
        windmill.failWorkspace("infra", 500);

        assertThatThrownBy(() -> client.updateSecretVariable("infra", "f/aws/iam", "SECRET-IN-BODY", "d"))
                .isInstanceOf(WindmillException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("POST /api/w/infra/variables/update/f/aws/iam")
                .hasMessageNotContaining("SECRET-IN-BODY");
    }

    @Test
    void serverErrors503_areRetriedTwiceThenReported() throws Exception {
        AtomicInteger count = new AtomicInteger();
        URI base = stubAnswering(503, "text/plain", "Service Unavailable", count);

        assertThatThrownBy(() -> new HttpWindmillClient(base, TokenSource.fixed(TOKEN)).listWorkspaces())
                .isInstanceOf(WindmillException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(count).hasValue(3);
    }

    @Test
    void malformedJsonAnswer_isReportedWithoutQuotingIt() throws Exception {
        URI base = stubAnswering(200, "application/json", "[{\"id\": SECRET-ish garbage", new AtomicInteger());

        assertThatThrownBy(() -> new HttpWindmillClient(base, TokenSource.fixed(TOKEN)).listWorkspaces())
                .isInstanceOf(WindmillException.class)
                .hasMessageContaining("not the JSON expected")
                .hasMessageNotContaining("SECRET-ish");
    }

    @Test
    void unreachableServer_isReportedNamingTheHost() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        HttpWindmillClient unreachable = new HttpWindmillClient(URI.create("http://127.0.0.1:" + port),
                TokenSource.fixed(TOKEN));

        assertThatThrownBy(unreachable::listWorkspaces)
                .isInstanceOf(WindmillException.class)
                .hasMessageContaining("did not answer")
                .hasMessageContaining("WM_BASE_URL");
    }

    @Test
    void workspaceIds_withHyphens_areSentAsPathSegments() {
        windmill.addWorkspace("team-a");

        assertThat(client.variableExists("team-a", "f/aws/iam")).isFalse();
        assertThat(windmill.requests()).extracting(WindmillEmulator.Request::path)
                .contains("/api/w/team-a/variables/exists/f/aws/iam");
    }
}
