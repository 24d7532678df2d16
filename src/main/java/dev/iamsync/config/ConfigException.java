package dev.iamsync.config;

import java.util.List;

/**
 * The configuration is missing a value or holds one that cannot work. The message lists every problem found,
 * each naming the variable and the form it expects; it never repeats a secret value.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
