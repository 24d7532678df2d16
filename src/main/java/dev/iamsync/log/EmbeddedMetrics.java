package dev.iamsync.log;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch's embedded metric format: a {@code _aws} member that turns fields of a JSON log line into metrics,
 * with no API call and no extra permission. Lambda ships the line to CloudWatch Logs, which extracts them.
 */
public final class EmbeddedMetrics {
    public static final String NAMESPACE = "WindmillIamSync";

    private EmbeddedMetrics() {
    }

    /**
     * The {@code _aws} member declaring {@code countFields} of the same line as Count metrics, with the line's
     * {@code dimensionField} as their one dimension.
     */
    public static Map<String, Object> declaration(Instant timestamp, String dimensionField, List<String> countFields) {
        return Map.of(
                "Timestamp", timestamp.toEpochMilli(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", NAMESPACE,
                        "Dimensions", List.of(List.of(dimensionField)),
                        "Metrics", countFields.stream().map(name -> Map.of("Name", name, "Unit", "Count")).toList())));
    }
}
