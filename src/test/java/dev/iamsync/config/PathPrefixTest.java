package dev.iamsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathPrefixTest {

    @ParameterizedTest
    @CsvSource({
        "/windmill-stage/, /windmill-stage/",
        "/windmill-stage, /windmill-stage/",
        "windmill-stage/, /windmill-stage/",
        "windmill-stage, /windmill-stage/",
        "/a/b, /a/b/"
    })
    void normalise_addsMissingSlashes(String raw, String expected) {
        assertThat(PathPrefix.normalise(raw).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/windmill-stage-evil/w=a/", "/windmill-stagex/w=a/", "/windmill/w=a/", "/"})
    void covers_lookalikePaths_areOutside(String rolePath) {
        assertThat(PathPrefix.normalise("/windmill-stage").covers(rolePath)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/windmill-stage/", "/windmill-stage/w=a/", "/windmill-stage/team=x/w=a/deep/"})
    void covers_pathsUnderPrefix_areInside(String rolePath) {
        assertThat(PathPrefix.normalise("/windmill-stage").covers(rolePath)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a//b/", "/a b/", "//"})
    void constructor_invalidPaths_areRefused(String raw) {
        assertThatThrownBy(() -> PathPrefix.normalise(raw)).isInstanceOf(IllegalArgumentException.class);
    }
}
