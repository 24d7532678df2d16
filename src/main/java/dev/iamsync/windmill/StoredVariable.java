package dev.iamsync.windmill;

import java.util.Objects;

/**
 * A variable as Windmill holds it, value decrypted. {@code toString} never shows the value.
 *
 * @param path        variable path, e.g. {@code f/aws/iam}
 * @param value       plaintext value; empty when Windmill returned none
 * @param secret      whether Windmill stores it encrypted
 * @param description free text; the sync keeps its ownership marker here
 */
public record StoredVariable(String path, String value, boolean secret, String description) {
    public StoredVariable {
        Objects.requireNonNull(path, "path");
        value = value == null ? "" : value;
        description = description == null ? "" : description;
    }

    @Override
    public String toString() {
        return "StoredVariable[path=" + path + ", secret=" + secret + ", value=****]";
    }
}
