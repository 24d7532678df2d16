package dev.iamsync.emulator;

import dev.iamsync.emulator.AwsEmulator.AssumeCall;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** STS {@code AssumeRole}: AWS's validation order, issued credentials and injected failures per role name. */
final class AwsStsService {
    static final int DEFAULT_SESSION_TOKEN_LENGTH = 852;
    private static final int DEFAULT_DURATION_SECONDS = 3600;
    private static final int ROLE_CHAINING_LIMIT_SECONDS = 3600;
    private static final String ARN_CHARS = "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF"
            + "\\uE000-\\uFFFD\\u10000-\\u10FFFF]+";
    private static final Pattern ARN_CHARS_COMPILED = Pattern.compile(
            "[\\t\\n\\r\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\x{10000}-\\x{10FFFF}]+");
    private static final String SESSION_NAME_CHARS = "[\\w+=,.@-]*";
    private static final String EXTERNAL_ID_CHARS = "[\\w+=,.@:\\/-]*";
    // Session policies and tags are packed into a binary blob; AWS reports its use in percent.
    private static final int PACKED_POLICY_BUDGET_CHARS = 2048;

    private final AwsRoleStore roles;
    private final AwsRandomTokens tokens;
    private final Set<String> issuedSecrets;
    private final String accountId;
    private final String callerArn;
    private final AwsFaultPlan<AwsServiceException> throttles = new AwsFaultPlan<>();
    private final AwsFaultPlan<AwsServiceException> failures = new AwsFaultPlan<>();
    private final AwsFaultPlan<Boolean> denials = new AwsFaultPlan<>();
    private final List<AssumeCall> calls = new ArrayList<>();
    private volatile boolean enforceRoleChaining = true;
    private volatile int sessionTokenLength = DEFAULT_SESSION_TOKEN_LENGTH;

    AwsStsService(AwsRoleStore roles, AwsRandomTokens tokens, Set<String> issuedSecrets, String accountId,
                  String callerArn) {
        this.roles = roles;
        this.tokens = tokens;
        this.issuedSecrets = issuedSecrets;
        this.accountId = accountId;
        this.callerArn = callerArn;
    }

    void deny(String roleName, int times) {
        denials.inject(roleName, Boolean.TRUE, times);
    }

    void throttle(String roleName, int times) {
        throttles.inject(roleName, AwsServiceException.throttling(), times);
    }

    void fail(String roleName, int times, AwsServiceException failure) {
        failures.inject(roleName, failure, times);
    }

    void clearFaults(String roleName) {
        denials.clear(roleName);
        throttles.clear(roleName);
        failures.clear(roleName);
    }

    void enforceRoleChaining(boolean enforce) {
        enforceRoleChaining = enforce;
    }

    void sessionTokenLength(int chars) {
        if (chars < 32) {
            throw new IllegalArgumentException("A session token needs at least 32 characters, got " + chars);
        }
        sessionTokenLength = chars;
    }

    List<AssumeCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Answers one AssumeRole call with the elements of its {@code AssumeRoleResult}, and records the attempt. */
    String assumeRole(AwsQueryRequest request) {
        String roleArn = request.text("RoleArn");
        String sessionName = request.text("RoleSessionName");
        Integer durationSeconds = null;
        try {
            durationSeconds = request.integer("DurationSeconds", "durationSeconds");
            String result = assume(request, roleArn, sessionName, durationSeconds);
            record(new AssumeCall(roleArn, sessionName, durationSeconds, true, null));
            return result;
        } catch (AwsServiceException e) {
            record(new AssumeCall(roleArn, sessionName, durationSeconds, false, e.errorCode()));
            throw e;
        }
    }

    private String assume(AwsQueryRequest request, String roleArn, String sessionName, Integer durationSeconds) {
        String sourceIdentity = request.text("SourceIdentity");
        new AwsConstraintCheck()
                .required("roleArn", roleArn)
                .length("roleArn", roleArn, 20, 2048)
                .pattern("roleArn", roleArn, ARN_CHARS, ARN_CHARS_COMPILED)
                .required("roleSessionName", sessionName)
                .length("roleSessionName", sessionName, 2, 64)
                .pattern("roleSessionName", sessionName, SESSION_NAME_CHARS)
                .range("durationSeconds", durationSeconds, 900, 43200)
                .length("sourceIdentity", sourceIdentity, 2, 64)
                .pattern("sourceIdentity", sourceIdentity, SESSION_NAME_CHARS)
                .length("externalId", request.text("ExternalId"), 2, 1224)
                .pattern("externalId", request.text("ExternalId"), EXTERNAL_ID_CHARS)
                .throwIfViolated("ValidationError");

        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        throwIfPending(throttles, roleName);
        throwIfPending(failures, roleName);
        // STS answers AccessDenied for a malformed, unknown or path-less ARN alike: it never says which.
        AwsRole role = roles.findByArn(roleArn).orElseThrow(() -> accessDenied(roleArn));
        if (denials.next(roleName).isPresent()) {
            throw accessDenied(roleArn);
        }

        int duration = durationSeconds == null ? DEFAULT_DURATION_SECONDS : durationSeconds;
        // Which check AWS runs first when both fail is not documented.
        if (duration > role.maxSessionDurationSeconds()) {
            throw AwsServiceException.validation(
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        if (enforceRoleChaining && duration > ROLE_CHAINING_LIMIT_SECONDS) {
            throw AwsServiceException.validation("The requested DurationSeconds exceeds the 1 hour session limit"
                    + " for roles assumed by role chaining.");
        }
        Integer packedPolicySize = packedPolicySize(request);
        return issue(role, sessionName, duration, packedPolicySize, sourceIdentity);
    }

    private String issue(AwsRole role, String sessionName, int durationSeconds, Integer packedPolicySize,
                         String sourceIdentity) {
        String secretAccessKey = tokens.secretAccessKey();
        String sessionToken = tokens.sessionToken(sessionTokenLength);
        issuedSecrets.add(secretAccessKey);
        issuedSecrets.add(sessionToken);
        Instant expiration = Instant.now().plusSeconds(durationSeconds).truncatedTo(ChronoUnit.SECONDS);
        String assumedRoleArn = "arn:aws:sts::" + accountId + ":assumed-role/" + role.name() + "/" + sessionName;

        StringBuilder xml = new StringBuilder(sessionToken.length() + 512)
                .append("<Credentials>")
                .append(AwsQueryXml.element("AccessKeyId", tokens.accessKeyId()))
                .append(AwsQueryXml.element("SecretAccessKey", secretAccessKey))
                .append(AwsQueryXml.element("SessionToken", sessionToken))
                .append(AwsQueryXml.element("Expiration", DateTimeFormatter.ISO_INSTANT.format(expiration)))
                .append("</Credentials><AssumedRoleUser>")
                .append(AwsQueryXml.element("AssumedRoleId", role.roleId() + ":" + sessionName))
                .append(AwsQueryXml.element("Arn", assumedRoleArn))
                .append("</AssumedRoleUser>");
        if (packedPolicySize != null) {
            xml.append(AwsQueryXml.element("PackedPolicySize", packedPolicySize));
        }
        if (sourceIdentity != null) {
            xml.append(AwsQueryXml.element("SourceIdentity", sourceIdentity));
        }
        return xml.toString();
    }

    /**
     * An approximation of the percentage AWS reports when a session policy or session tags are sent; null when
     * neither is. Real packing compresses, so real numbers are lower for the same input.
     */
    private static Integer packedPolicySize(AwsQueryRequest request) {
        int chars = 0;
        boolean packed = false;
        for (var parameter : request.parameters().entrySet()) {
            String name = parameter.getKey();
            if (name.equals("Policy") || name.startsWith("PolicyArns.member.") || name.startsWith("Tags.member.")) {
                chars += parameter.getValue().length();
                packed = true;
            }
        }
        if (!packed) {
            return null;
        }
        int percent = Math.max(1, (chars * 100 + PACKED_POLICY_BUDGET_CHARS - 1) / PACKED_POLICY_BUDGET_CHARS);
        if (percent > 100) {
            throw new AwsServiceException(400, "PackedPolicyTooLarge", "Packed policy consumes " + percent
                    + "% of allotted space, please use smaller policy for this request.");
        }
        return percent;
    }

    private AwsServiceException accessDenied(String roleArn) {
        return new AwsServiceException(403, "AccessDenied", "User: " + callerArn
                + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
    }

    private void record(AssumeCall call) {
        synchronized (calls) {
            calls.add(call);
        }
    }

    private static void throwIfPending(AwsFaultPlan<AwsServiceException> plan, String roleName) {
        plan.next(roleName).ifPresent(failure -> {
            throw failure;
        });
    }
}
