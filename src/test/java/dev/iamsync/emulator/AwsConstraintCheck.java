package dev.iamsync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Model-level parameter checks, reported the way AWS does: "2 validation errors detected: Value 'x' at 'member'
 * failed to satisfy constraint: ...; ...".
 */
final class AwsConstraintCheck {
    private final List<String> violations = new ArrayList<>();

    AwsConstraintCheck required(String member, Object value) {
        if (value == null) {
            violations.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    AwsConstraintCheck length(String member, String value, int min, int max) {
        if (value != null && value.length() < min) {
            violate(member, value, "Member must have length greater than or equal to " + min);
        }
        if (value != null && value.length() > max) {
            violate(member, value, "Member must have length less than or equal to " + max);
        }
        return this;
    }

    AwsConstraintCheck pattern(String member, String value, String regex) {
        return pattern(member, value, regex, Pattern.compile(regex));
    }

    /** Checks against {@code compiled} and, like AWS, quotes the model's own spelling of the pattern. */
    AwsConstraintCheck pattern(String member, String value, String modelRegex, Pattern compiled) {
        if (value != null && !compiled.matcher(value).matches()) {
            violate(member, value, "Member must satisfy regular expression pattern: " + modelRegex);
        }
        return this;
    }

    AwsConstraintCheck range(String member, Integer value, int min, int max) {
        if (value != null && value < min) {
            violate(member, value, "Member must have value greater than or equal to " + min);
        }
        if (value != null && value > max) {
            violate(member, value, "Member must have value less than or equal to " + max);
        }
        return this;
    }

    void throwIfViolated(String errorCode) {
        if (violations.isEmpty()) {
            return;
        }
        String count = violations.size() == 1 ? "1 validation error" : violations.size() + " validation errors";
        throw new AwsServiceException(400, errorCode, count + " detected: " + String.join("; ", violations));
    }

    private void violate(String member, Object value, String constraint) {
        violations.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint);
    }
}
