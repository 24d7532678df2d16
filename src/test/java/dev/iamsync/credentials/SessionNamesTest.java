package dev.iamsync.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SessionNamesTest {
    private static final Pattern VALID = Pattern.compile("[\\w+=,.@-]{2,64}");

    @Test
    void of_shortNames_namesWorkspaceAndRole() {
        assertThat(SessionNames.of("infra", "ec2_ro")).isEqualTo("wm-infra.ec2_ro");
    }

    @Test
    void of_longNames_isCutWithStableHashSuffix() {
        String role = "r".repeat(64);

        String first = SessionNames.of("a-very-long-workspace-name-that-goes-on", role);
        String second = SessionNames.of("a-very-long-workspace-name-that-goes-on", role);

        assertThat(first).hasSize(64).matches(VALID).startsWith("wm-a-very-long-workspace").isEqualTo(second);
    }

    @Test
    void of_longNamesDifferingOnlyAtTheEnd_stayDistinct() {
        String base = "x".repeat(60);

        assertThat(SessionNames.of("ws", base + "a")).isNotEqualTo(SessionNames.of("ws", base + "b"));
    }

    @Test
    void of_anyInput_isAlwaysValid() {
        assertThat(SessionNames.of("a", "b")).matches(VALID);
        assertThat(SessionNames.of("ws", "name+with=all,chars.@-")).isEqualTo("wm-ws.name+with=all,chars.@-");
        assertThat(SessionNames.of("ws", "ünïcode role")).matches(VALID);
    }

    @Test
    void of_hyphenatedWorkspaceOrRole_staysUnambiguous() {
        assertThat(SessionNames.of("a-b", "c")).isNotEqualTo(SessionNames.of("a", "b-c"));
        assertThat(SessionNames.of("data-eu", "s3-ro")).isEqualTo("wm-data-eu.s3-ro");
    }
}
