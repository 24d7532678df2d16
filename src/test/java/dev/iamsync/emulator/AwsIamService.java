package dev.iamsync.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/** IAM {@code ListRoles}: prefix filtering, MaxItems, opaque markers and injected failures. */
final class AwsIamService {
    private static final String LIST_ROLES = "ListRoles";
    private static final String MARKER_PREFIX = "iam-emulator-roles:";

    private final AwsRoleStore roles;
    private final String trustPolicy;
    private final AwsFaultPlan<AwsServiceException> throttles = new AwsFaultPlan<>();
    private final AwsFaultPlan<AwsServiceException> failures = new AwsFaultPlan<>();
    private final AtomicInteger listRolesCalls = new AtomicInteger();
    private volatile int pageCap = 1000;

    AwsIamService(AwsRoleStore roles, String trustedPrincipalArn) {
        this.roles = roles;
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"" + trustedPrincipalArn + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        // IAM returns policy documents URL-encoded.
        this.trustPolicy = URLEncoder.encode(policy, StandardCharsets.UTF_8).replace("+", "%20");
    }

    void pageCap(int maxRolesPerPage) {
        if (maxRolesPerPage < 1) {
            throw new IllegalArgumentException("maxRolesPerPage must be at least 1, got " + maxRolesPerPage);
        }
        pageCap = maxRolesPerPage;
    }

    void throttle(int times) {
        throttles.inject(LIST_ROLES, AwsServiceException.throttling(), times);
    }

    void fail(AwsServiceException failure) {
        failures.inject(LIST_ROLES, failure, AwsFaultPlan.FOREVER);
    }

    void clearFailure() {
        failures.clear(LIST_ROLES);
    }

    int listRolesCalls() {
        return listRolesCalls.get();
    }

    /** Answers one ListRoles call with the elements of its {@code ListRolesResult}. */
    String listRoles(AwsQueryRequest request) {
        listRolesCalls.incrementAndGet();
        failures.next(LIST_ROLES).ifPresent(failure -> {
            throw failure;
        });
        throttles.next(LIST_ROLES).ifPresent(throttle -> {
            throw throttle;
        });

        String pathPrefix = request.text("PathPrefix");
        String marker = request.text("Marker");
        Integer maxItems = request.integer("MaxItems", "maxItems");
        new AwsConstraintCheck()
                .length("pathPrefix", pathPrefix, 1, 512)
                .length("marker", marker, 1, 320)
                .range("maxItems", maxItems, 1, 1000)
                .throwIfViolated("ValidationError");
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        requireValidPathPrefix(prefix);
        long from = marker == null ? 0 : sequenceOf(marker);

        int pageSize = Math.min(maxItems == null ? 100 : maxItems, pageCap);
        AwsRoleStore.Page page = roles.page(prefix, from, pageSize);
        return render(page);
    }

    private String render(AwsRoleStore.Page page) {
        StringBuilder xml = new StringBuilder(256 + page.roles().size() * 512);
        xml.append(AwsQueryXml.element("IsTruncated", page.next().isPresent()));
        page.next().ifPresent(next -> xml.append(AwsQueryXml.element("Marker", markerOf(next))));
        xml.append("<Roles>");
        for (AwsRole role : page.roles()) {
            xml.append("<member>")
                    .append(AwsQueryXml.element("Path", role.path()))
                    .append(AwsQueryXml.element("RoleName", role.name()))
                    .append(AwsQueryXml.element("RoleId", role.roleId()))
                    .append(AwsQueryXml.element("Arn", role.arn()))
                    .append(AwsQueryXml.element("CreateDate", DateTimeFormatter.ISO_INSTANT.format(role.createDate())))
                    .append(AwsQueryXml.element("AssumeRolePolicyDocument", trustPolicy))
                    .append(AwsQueryXml.element("MaxSessionDuration", role.maxSessionDurationSeconds()))
                    .append("</member>");
        }
        return xml.append("</Roles>").toString();
    }

    private static void requireValidPathPrefix(String prefix) {
        // IAM's own wording (the model pattern alone would accept a prefix without the trailing slash).
        String invalid = "The specified value for pathPrefix is invalid. ";
        String allowed = " and contain only alphanumeric characters and/or / characters.";
        if (!prefix.matches("/[\\u0021-\\u007F]*")) {
            throw AwsServiceException.validation(invalid + "It must begin with the / character" + allowed);
        }
        if (!prefix.endsWith("/")) {
            throw AwsServiceException.validation(invalid + "It must begin and end with /" + allowed);
        }
    }

    private static String markerOf(long sequence) {
        byte[] plain = (MARKER_PREFIX + sequence).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(plain);
    }

    private static long sequenceOf(String marker) {
        try {
            String plain = new String(Base64.getDecoder().decode(marker), StandardCharsets.UTF_8);
            if (plain.startsWith(MARKER_PREFIX)) {
                return Long.parseLong(plain.substring(MARKER_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the error below; NumberFormatException is an IllegalArgumentException too.
        }
        // IAM's exact wording for a marker it did not issue is not documented.
        throw AwsServiceException.validation("Invalid Marker.");
    }
}
