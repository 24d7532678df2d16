package dev.iamsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds template.yaml, samconfig.toml and events/*.json to their contract with the code and with AWS SAM.
 * The SAM schema is a vendored copy (src/test/resources/sam, see its README), so everything runs offline:
 * no SAM CLI, Docker or AWS call. The files are read relative to the project directory.
 */
class TemplateContractTest {
    private static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAM_SCHEMA = "classpath:sam/sam.schema.json";
    private static final String FUNCTION_PROPERTIES_DEFINITION =
            "#/definitions/samtranslator__internal__schema_source__aws_serverless_function__Properties";
    private static final Pattern SHORT_FORM_TAG = Pattern.compile("(^|[\\s\\[{,])![A-Za-z]");
    private static final Pattern ENVIRONMENT_LITERAL = Pattern.compile("\"(WM_[A-Z_]+)\"");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|hour|day)s?\\)");
    private static final Set<String> LOCAL_ONLY_VARIABLES = Set.of("WM_TOKEN", "WM_IAM_PREFIX");
    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackName", "AWS::URLSuffix");
    // Resources SAM generates from SyncFunction, which the template refers to by these documented names.
    private static final Set<String> SAM_GENERATED = Set.of("SyncFunction.Alias", "SyncFunctionRole");
    private static final List<String> SAMPLE_EVENTS =
            List.of("create-role-failed.json", "create-role.json", "delete-role.json", "scheduled.json");
    private static final String ASSUME_ROLE_RESOURCE =
            "arn:${AWS::Partition}:iam::${AWS::AccountId}:role${IamPathPrefix}*";

    private static JsonNode template;
    private static JsonSchema samSchema;
    private static JsonSchema functionPropertiesSchema;

    @BeforeAll
    static void readTemplateAndSchema() throws IOException {
        template = YAML.readTree(PROJECT.resolve("template.yaml").toFile());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        samSchema = factory.getSchema(SchemaLocation.of(SAM_SCHEMA));
        functionPropertiesSchema = factory.getSchema(SchemaLocation.of(SAM_SCHEMA + FUNCTION_PROPERTIES_DEFINITION));
    }

    // ---- the template as a document ----

    @Test
    void templateUsesLongFormIntrinsicsOnlySoPlainYamlParsersReadIt() throws IOException {
        List<String> lines = Files.readAllLines(PROJECT.resolve("template.yaml"));

        List<String> tagged = lines.stream()
                .map(line -> line.replaceFirst("(^|\\s)#.*$", ""))
                .filter(line -> SHORT_FORM_TAG.matcher(line).find())
                .toList();

        assertThat(template.path("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(tagged).as("lines with YAML short-form tags such as !Ref").isEmpty();
    }

    @Test
    void templateValidatesAgainstTheSamSchema() {
        Set<ValidationMessage> errors = samSchema.validate(template);

        assertThat(messages(errors)).isEmpty();
    }

    @Test
    void functionPropertiesValidateAgainstTheSamFunctionDefinition() {
        // The whole-document check tries each resource against an anyOf of every SAM type, which blurs its
        // messages; checking the function's Properties alone names the offending property.
        Set<ValidationMessage> errors = functionPropertiesSchema.validate(function());

        assertThat(messages(errors)).isEmpty();
    }

    @Test
    void samSchemaRejectsAMisspelledFunctionProperty() {
        ObjectNode misspelled = function().deepCopy();
        misspelled.set("Runtim", misspelled.remove("Runtime"));

        Set<ValidationMessage> errors = functionPropertiesSchema.validate(misspelled);

        assertThat(messages(errors)).anySatisfy(message -> assertThat(message).contains("Runtim"));
    }

    @Test
    void everyReferenceNamesAParameterResourceOrPseudoParameter() {
        Set<String> known = new HashSet<>(names(template.path("Parameters")));
        known.addAll(names(template.path("Resources")));
        known.addAll(PSEUDO_PARAMETERS);
        known.addAll(SAM_GENERATED);
        List<String> references = new ArrayList<>();

        for (String section : List.of("Conditions", "Resources", "Outputs")) {
            collectReferences(template.path(section), references);
        }

        assertThat(references).isNotEmpty();
        assertThat(known).containsAll(references);
    }

    @Test
    void everyConditionIsDefinedAndUsed() {
        Set<String> used = new TreeSet<>();

        collectConditionUses(template, used);

        assertThat(used).containsExactlyInAnyOrderElementsOf(names(template.path("Conditions")));
    }

    @Test
    void everyParameterAppearsInExactlyOneConsoleGroup() {
        List<String> grouped = new ArrayList<>();

        template.at("/Metadata/AWS::CloudFormation::Interface/ParameterGroups")
                .forEach(group -> grouped.addAll(texts(group.path("Parameters"))));

        assertThat(grouped).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(names(template.path("Parameters")));
    }

    // ---- the function ----

    @Test
    void handlerIsTheStreamHandlerClassOnTheClasspath() throws ClassNotFoundException {
        String handler = function().path("Handler").asText();
        assertThat(handler).isEqualTo("dev.iamsync.app.SyncHandler::handleRequest");

        Class<?> handlerClass = Class.forName(handler.substring(0, handler.indexOf("::")), false,
                getClass().getClassLoader());

        assertThat(RequestStreamHandler.class).isAssignableFrom(handlerClass);
    }

    @Test
    void functionRunsJava21OnArm64WithSnapStartBehindTheLiveAlias() {
        JsonNode function = function();

        assertThat(function.path("CodeUri").asText()).isEqualTo(".");
        assertThat(function.path("Runtime").asText()).isEqualTo("java21");
        assertThat(texts(function.path("Architectures"))).containsExactly("arm64");
        assertThat(function.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(function.path("AutoPublishAlias").asText()).isEqualTo("live");
        assertThat(function.path("AutoPublishAliasAllProperties").asBoolean())
                .as("publish a version on any change, or config changes never reach the alias").isTrue();
    }

    @Test
    void functionLimitsFitTheScheduleAndTheNewRoleRetries() {
        JsonNode function = function();
        long rateSeconds = rateSeconds(parameterDefault("ScheduleExpression"));

        assertThat(function.path("Timeout").asInt())
                .as("room for ~60 s of AccessDenied retries on a new role, and done before the next run")
                .isGreaterThanOrEqualTo(120).isLessThan((int) rateSeconds);
        assertThat(function.path("MemorySize").asInt()).isGreaterThanOrEqualTo(512);
        assertThat(function.has("ReservedConcurrentExecutions"))
                .as("a reservation fails the deploy on new accounts").isFalse();
        assertThat(function.at("/EventInvokeConfig/MaximumRetryAttempts").asInt(-1)).isBetween(0, 2);
        assertThat(function.at("/EventInvokeConfig/MaximumEventAgeInSeconds").asInt()).isBetween(60, 900);
    }

    @Test
    void functionLogsJsonAtTheConfiguredLevel() {
        JsonNode logging = function().path("LoggingConfig");

        assertThat(logging.path("LogFormat").asText()).isEqualTo("JSON");
        assertThat(logging.path("ApplicationLogLevel")).isEqualTo(ref("LogLevel"));
        assertThat(logging.path("SystemLogLevel").asText()).isEqualTo("WARN");
        assertThat(parameterDefault("LogLevel")).isEqualTo("INFO");
    }

    @Test
    void sessionDurationStaysWithinTheRoleChainingLimit() {
        JsonNode parameter = parameter("SessionDurationSeconds");

        assertThat(parameter.path("Default").asInt()).isEqualTo(3600);
        assertThat(parameter.path("MaxValue").asInt()).isEqualTo(3600);
        assertThat(parameter.path("MinValue").asInt()).isEqualTo(1800);
        assertThat(parameter.path("Description").asText()).contains("role chaining");
    }

    @Test
    void alarmsWatchTheMetricsTheCodeEmits() throws IOException {
        String emitter = Files.readString(Path.of("src/main/java/dev/iamsync/log/EmbeddedMetrics.java"))
                + Files.readString(Path.of("src/main/java/dev/iamsync/sync/Reconciler.java"));
        List<String> watched = new ArrayList<>();
        for (String alarm : List.of("SyncPartialFailuresAlarm", "SyncNotRunningAlarm")) {
            JsonNode properties = template.path("Resources").path(alarm).path("Properties");
            properties.findValues("MetricName").forEach(name -> watched.add(name.asText()));
            assertThat(properties.findValuesAsText("Namespace")).containsOnly("WindmillIamSync");
            assertThat(properties.findValues("Dimensions")).allSatisfy(dimensions -> {
                assertThat(dimensions.get(0).path("Name").asText()).isEqualTo("prefix");
                assertThat(dimensions.get(0).path("Value").path("Ref").asText()).isEqualTo("IamPathPrefix");
            });
        }

        assertThat(watched).containsExactlyInAnyOrder("rolesFailed", "workspacesFailed", "rolesFound");
        assertThat(emitter).contains("\"WindmillIamSync\"", "\"prefix\", List.of(");
        watched.forEach(metric -> assertThat(emitter).contains("\"" + metric + "\""));
    }

    @Test
    void scheduleCannotBeSlowerThanCredentialsLast() {
        Pattern allowed = Pattern.compile(
                parameter("ScheduleExpression").path("AllowedPattern").asText());

        assertThat(List.of("rate(1 minute)", "rate(15 minutes)", "rate(30 minutes)", "cron(0/10 * * * ? *)"))
                .allMatch(expression -> allowed.matcher(expression).matches());
        assertThat(List.of("rate(31 minutes)", "rate(2 hours)", "rate(1 day)", "rate(1 minutes)"))
                .noneMatch(expression -> allowed.matcher(expression).matches());
        assertThat(allowed.matcher(parameter("ScheduleExpression").path("Default").asText()).matches()).isTrue();
    }

    // ---- environment ----

    @Test
    void everyVariableTheCodeReadsIsSetExceptTheLocalOnlyOnes() throws IOException {
        Set<String> readByCode = variablesReadByCode();
        assertThat(readByCode).as("string literals \"WM_...\" under src/main/java").isNotEmpty();
        Set<String> expected = new TreeSet<>(readByCode);
        expected.removeAll(LOCAL_ONLY_VARIABLES);

        Set<String> set = names(function().at("/Environment/Variables"));

        assertThat(set).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void tokenReachesTheFunctionOnlyAsASecretReference() {
        JsonNode variables = function().at("/Environment/Variables");

        assertThat(names(variables)).doesNotContainAnyElementsOf(LOCAL_ONLY_VARIABLES);
        assertThat(variables.path("WM_TOKEN_SECRET_ID")).isEqualTo(ref("WindmillTokenSecretArn"));
        assertThat(variables.properties()).allSatisfy(variable -> assertThat(names(template.path("Parameters")))
                .as("%s is set from a parameter", variable.getKey())
                .contains(variable.getValue().path("Ref").asText()));
    }

    // ---- permissions ----

    @Test
    void policiesGrantListingAssumingUnderThePrefixAndReadingTheTokenSecret() {
        List<JsonNode> statements = policyStatements();

        assertThat(statementFor("iam:ListRoles", statements).path("Resource").asText()).isEqualTo("*");
        assertThat(statementFor("sts:AssumeRole", statements).path("Resource")).isEqualTo(sub(ASSUME_ROLE_RESOURCE));
        assertThat(statementFor("secretsmanager:GetSecretValue", statements).path("Resource"))
                .isEqualTo(ref("WindmillTokenSecretArn"));
    }

    @Test
    void onlyListRolesIsGrantedOnEveryResource() {
        List<String> onEveryResource = new ArrayList<>();
        List<String> wildcardActions = new ArrayList<>();

        for (JsonNode statement : policyStatements()) {
            if (texts(statement.path("Resource")).contains("*")) {
                onEveryResource.addAll(texts(statement.path("Action")));
            }
            texts(statement.path("Action")).stream()
                    .filter(action -> action.contains("*"))
                    .forEach(wildcardActions::add);
        }

        assertThat(onEveryResource).containsExactly("iam:ListRoles");
        assertThat(wildcardActions).isEmpty();
        assertThat(function().path("Policies")).allSatisfy(policy -> assertThat(policy.isObject())
                .as("no managed policy or SAM policy template: %s", policy).isTrue());
    }

    @Test
    void kmsDecryptIsGrantedOnlyWhenATokenKeyIsGiven() {
        JsonNode conditional = policyIfs().get(0);
        JsonNode statement = conditional.at("/1/Statement/0");

        assertThat(policyIfs()).hasSize(1);
        assertThat(conditional.path(0).asText()).isEqualTo("HasTokenKmsKey");
        assertThat(conditional.path(2)).isEqualTo(ref("AWS::NoValue"));
        assertThat(texts(statement.path("Action"))).containsExactly("kms:Decrypt");
        assertThat(statement.path("Resource")).isEqualTo(ref("TokenKmsKeyArn"));
        assertThat(statement.at("/Condition/StringEquals").has("kms:ViaService")).isTrue();
    }

    // ---- triggers ----

    @Test
    void scheduleRefreshesWellBeforeSessionsExpire() {
        JsonNode event = function().at("/Events/Refresh");
        long rateSeconds = rateSeconds(parameterDefault("ScheduleExpression"));
        long sessionSeconds = Long.parseLong(parameterDefault("SessionDurationSeconds"));

        assertThat(event.path("Type").asText()).isEqualTo("Schedule");
        assertThat(event.at("/Properties/Schedule")).isEqualTo(ref("ScheduleExpression"));
        assertThat(event.at("/Properties/Input").isMissingNode()).as("Input would replace the event").isTrue();
        assertThat(parameterDefault("ScheduleExpression")).isEqualTo("rate(15 minutes)");
        assertThat(sessionSeconds - rateSeconds).as("seconds of validity left at the latest refresh")
                .isGreaterThanOrEqualTo(45 * 60);
    }

    @Test
    void roleEventsPatternSelectsSuccessfulCreateAndDeleteRoleCalls() {
        JsonNode pattern = resource("RoleEventsRule").at("/Properties/EventPattern");
        JsonNode alternatives = pattern.at("/detail/$or");
        List<String> eventNames = new ArrayList<>();

        alternatives.forEach(alternative -> eventNames.addAll(texts(alternative.path("eventName"))));

        assertThat(texts(pattern.path("source"))).containsExactly("aws.iam");
        assertThat(texts(pattern.path("detail-type"))).containsExactly("AWS API Call via CloudTrail");
        assertThat(texts(pattern.at("/detail/eventSource"))).containsExactly("iam.amazonaws.com");
        assertThat(pattern.at("/detail/errorCode")).isEqualTo(array(object("exists", false)));
        assertThat(eventNames).containsExactlyInAnyOrder("CreateRole", "DeleteRole");
        assertThat(alternatives.findValue("path")).isEqualTo(array(object("prefix", ref("IamPathPrefix"))));
    }

    @ParameterizedTest
    @CsvSource({
        "create-role.json,        /windmill-stage/,         true",
        "create-role.json,        /windmill-stage/w=infra/, true",
        "create-role.json,        /windmill-stage/w=other/, false",
        "create-role.json,        /windmill/,               false",
        "delete-role.json,        /windmill/,               true",
        "create-role-failed.json, /windmill-stage/,         false",
        "scheduled.json,          /windmill-stage/,         false"
    })
    void roleEventsPatternMatchesTheSampleEvents(String file, String pathPrefix, boolean expected) throws IOException {
        JsonNode pattern = EventPatterns.withParameters(resource("RoleEventsRule").at("/Properties/EventPattern"),
                Map.of("IamPathPrefix", pathPrefix));

        boolean matched = EventPatterns.matches(pattern, event(file));

        assertThat(matched).isEqualTo(expected);
    }

    @Test
    void roleEventsInvokeTheAliasThroughTheirOwnRuleOnly() {
        JsonNode rule = resource("RoleEventsRule");
        JsonNode permission = resource("RoleEventsInvokePermission");

        assertThat(rule.path("Type").asText()).isEqualTo("AWS::Events::Rule");
        assertThat(rule.at("/Properties/Targets/0/Arn")).isEqualTo(ref("SyncFunction.Alias"));
        assertThat(permission.path("Type").asText()).isEqualTo("AWS::Lambda::Permission");
        assertThat(permission.at("/Properties/Action").asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(permission.at("/Properties/FunctionName")).isEqualTo(ref("SyncFunction.Alias"));
        assertThat(permission.at("/Properties/Principal").asText()).isEqualTo("events.amazonaws.com");
        assertThat(permission.at("/Properties/SourceArn")).isEqualTo(getAtt("RoleEventsRule", "Arn"));
        assertThat(List.of(rule.path("Condition").asText(), permission.path("Condition").asText()))
                .containsOnly("RoleEventsActive");
    }

    @ParameterizedTest
    @CsvSource({"auto, us-east-1, true", "auto, eu-west-1, false", "true, eu-west-1, true", "false, us-east-1, false"})
    void roleEventsAreActiveOnlyWhereIamEventsArrive(String setting, String region, boolean expected) {
        Map<String, String> parameters = Map.of("RoleEventsEnabled", setting, "AWS::Region", region);

        boolean active = TemplateConditions.evaluate(template.path("Conditions"), "RoleEventsActive", parameters);

        assertThat(active).isEqualTo(expected);
    }

    // ---- network ----

    @ParameterizedTest
    @CsvSource({"'', '', false", "subnet-1, '', true", "'', sg-1, true", "'subnet-1,subnet-2', sg-1, true"})
    void functionJoinsAVpcOnlyWhenSubnetsOrSecurityGroupsAreGiven(String subnets, String groups, boolean expected) {
        Map<String, String> parameters = Map.of("VpcSubnetIds", subnets, "VpcSecurityGroupIds", groups);

        boolean inVpc = TemplateConditions.evaluate(template.path("Conditions"), "InVpc", parameters);

        assertThat(inVpc).isEqualTo(expected);
        assertThat(function().at("/VpcConfig/Fn::If/0").asText()).isEqualTo("InVpc");
        assertThat(function().at("/VpcConfig/Fn::If/2")).isEqualTo(ref("AWS::NoValue"));
    }

    // ---- parameters ----

    @ParameterizedTest
    @ValueSource(strings = {"/windmill/", "/windmill-stage/", "/windmill-stage/w=infra/"})
    void pathPrefixParameterAcceptsPathsBetweenSlashes(String prefix) {
        String allowed = parameter("IamPathPrefix").path("AllowedPattern").asText();

        assertThat(prefix).matches(allowed);
        assertThat(parameterDefault("IamPathPrefix")).matches(allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "windmill/", "/windmill", "//", "/windmill//", "/win*/", "/win?/", "/a b/"})
    void pathPrefixParameterRejectsRootsMissingSlashesAndWildcards(String prefix) {
        String allowed = parameter("IamPathPrefix").path("AllowedPattern").asText();

        assertThat(prefix).doesNotMatch(allowed);
    }

    @Test
    void samconfigOverridesOnlyTemplateParametersWithValuesTheyAccept() throws IOException {
        String samconfig = Files.readString(PROJECT.resolve("samconfig.toml"));

        Map<String, String> overrides = parameterOverrides(samconfig);

        assertThat(samconfig).contains("stack_name = \"windmill-iam-sync\"", "capabilities = \"CAPABILITY_IAM\"")
                .doesNotContain("WM_TOKEN");
        assertThat(overrides).containsKeys("WindmillBaseUrl", "WindmillTokenSecretArn", "IamPathPrefix");
        assertThat(overrides).allSatisfy((name, value) -> assertThat(value).as(name)
                .matches(parameter(name).path("AllowedPattern").asText(".*")));
    }

    // ---- outputs ----

    @Test
    void outputsNameTheFunctionItsAliasAndTheRoleWorkspaceRolesMustTrust() {
        JsonNode outputs = template.path("Outputs");

        assertThat(outputs.at("/FunctionArn/Value")).isEqualTo(getAtt("SyncFunction", "Arn"));
        assertThat(outputs.at("/FunctionAliasArn/Value")).isEqualTo(ref("SyncFunction.Alias"));
        assertThat(outputs.at("/ExecutionRoleArn/Value")).isEqualTo(getAtt("SyncFunctionRole", "Arn"));
    }

    // ---- sample events ----

    @Test
    void eventsFolderHoldsTheDocumentedSamples() throws IOException {
        assertThat(eventFiles().map(file -> file.getFileName().toString())).containsAll(SAMPLE_EVENTS);
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void everySampleEventHasTheEnvelopeTheHandlerReads(Path file) throws IOException {
        JsonNode event = JSON.readTree(file.toFile());

        assertThat(Stream.of("version", "id", "detail-type", "source", "time"))
                .allSatisfy(field -> assertThat(event.path(field).isTextual()).as(field).isTrue());
        assertThat(event.path("account").asText()).isEqualTo("111122223333");
        assertThat(event.path("region").asText()).isEqualTo("us-east-1");
        assertThat(Instant.parse(event.path("time").asText())).isNotNull();
        assertThat(event.path("resources").isArray()).isTrue();
        assertThat(event.path("detail").isObject()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"create-role.json", "delete-role.json", "create-role-failed.json"})
    void everyIamSampleEventHasTheCloudTrailFieldsTheHandlerReads(String file) throws IOException {
        JsonNode event = event(file);
        JsonNode detail = event.path("detail");

        assertThat(event.path("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
        assertThat(event.path("source").asText()).isEqualTo("aws.iam");
        assertThat(detail.path("eventSource").asText()).isEqualTo("iam.amazonaws.com");
        assertThat(detail.path("eventName").asText()).isIn("CreateRole", "DeleteRole");
        assertThat(Instant.parse(detail.path("eventTime").asText())).isNotNull();
        assertThat(detail.at("/requestParameters/roleName").asText()).isEqualTo("ec2_ro");
        assertThat(detail.has("responseElements")).as("present, possibly null").isTrue();
    }

    @Test
    void createRoleSampleDescribesTheInfraWorkspaceRole() throws IOException {
        JsonNode detail = event("create-role.json").path("detail");
        JsonNode role = detail.at("/responseElements/role");

        assertThat(detail.path("eventName").asText()).isEqualTo("CreateRole");
        assertThat(detail.has("errorCode")).isFalse();
        assertThat(detail.at("/requestParameters/path").asText()).isEqualTo("/windmill-stage/w=infra/");
        assertThat(role.path("path").asText()).isEqualTo("/windmill-stage/w=infra/");
        assertThat(role.path("roleName").asText()).isEqualTo("ec2_ro");
        assertThat(role.path("arn").asText()).isEqualTo("arn:aws:iam::111122223333:role/windmill-stage/w=infra/ec2_ro");
    }

    @Test
    void deleteRoleSampleCarriesOnlyTheRoleName() throws IOException {
        JsonNode detail = event("delete-role.json").path("detail");

        assertThat(detail.path("eventName").asText()).isEqualTo("DeleteRole");
        assertThat(names(detail.path("requestParameters"))).containsExactly("roleName");
        assertThat(detail.path("responseElements").isNull()).isTrue();
    }

    @Test
    void failedCreateRoleSampleCarriesTheErrorAndNoResponse() throws IOException {
        JsonNode detail = event("create-role-failed.json").path("detail");

        assertThat(detail.path("eventName").asText()).isEqualTo("CreateRole");
        assertThat(detail.path("errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(detail.path("errorMessage").asText()).isNotBlank();
        assertThat(detail.path("responseElements").isNull()).isTrue();
    }

    @Test
    void scheduledSampleIsTheEventBridgeScheduleEnvelope() throws IOException {
        JsonNode event = event("scheduled.json");

        assertThat(event.path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.path("source").asText()).isEqualTo("aws.events");
        assertThat(event.at("/resources/0").asText()).startsWith("arn:aws:events:us-east-1:111122223333:rule/");
        assertThat(event.path("detail").isEmpty()).isTrue();
    }

    // ---- helpers ----

    static Stream<Path> eventFiles() throws IOException {
        try (Stream<Path> files = Files.list(PROJECT.resolve("events"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    private static JsonNode event(String file) throws IOException {
        return JSON.readTree(PROJECT.resolve("events").resolve(file).toFile());
    }

    private static JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        assertThat(resource.isObject()).as("resource %s", logicalId).isTrue();
        return resource;
    }

    private static JsonNode function() {
        return resource("SyncFunction").path("Properties");
    }

    private static JsonNode parameter(String name) {
        JsonNode parameter = template.path("Parameters").path(name);
        assertThat(parameter.isObject()).as("parameter %s", name).isTrue();
        return parameter;
    }

    private static String parameterDefault(String name) {
        return parameter(name).path("Default").asText();
    }

    private static Set<String> variablesReadByCode() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(PROJECT.resolve("src/main/java"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher literal = ENVIRONMENT_LITERAL.matcher(Files.readString(file));
                while (literal.find()) {
                    names.add(literal.group(1));
                }
            }
        }
        return names;
    }

    private static List<JsonNode> policyStatements() {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : function().path("Policies")) {
            List<JsonNode> documents = policy.has("Fn::If") ? List.of(policy.at("/Fn::If/1"), policy.at("/Fn::If/2"))
                    : List.of(policy);
            documents.forEach(document -> document.path("Statement").forEach(statements::add));
        }
        return statements;
    }

    private static List<JsonNode> policyIfs() {
        List<JsonNode> conditionals = new ArrayList<>();
        function().path("Policies").forEach(policy -> {
            if (policy.has("Fn::If")) {
                conditionals.add(policy.get("Fn::If"));
            }
        });
        return conditionals;
    }

    private static JsonNode statementFor(String action, List<JsonNode> statements) {
        List<JsonNode> matching = statements.stream()
                .filter(statement -> texts(statement.path("Action")).contains(action))
                .toList();
        assertThat(matching).as("statements granting %s", action).hasSize(1);
        assertThat(matching.get(0).path("Effect").asText()).isEqualTo("Allow");
        return matching.get(0);
    }

    private static Map<String, String> parameterOverrides(String samconfig) {
        Matcher line = Pattern.compile("(?m)^parameter_overrides\\s*=\\s*\"([^\"]*)\"").matcher(samconfig);
        assertThat(line.find()).as("parameter_overrides in samconfig.toml").isTrue();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String pair : line.group(1).trim().split("\\s+")) {
            int equals = pair.indexOf('=');
            overrides.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return overrides;
    }

    private static long rateSeconds(String expression) {
        Matcher rate = RATE.matcher(expression);
        assertThat(rate.matches()).as("a rate(...) expression: %s", expression).isTrue();
        long unitSeconds = switch (rate.group(2)) {
            case "minute" -> 60;
            case "hour" -> 3600;
            default -> 86_400;
        };
        return Long.parseLong(rate.group(1)) * unitSeconds;
    }

    /** Adds every Ref target, Fn::GetAtt resource and Fn::Sub variable found under {@code node}. */
    private static void collectReferences(JsonNode node, Collection<String> references) {
        if (node.isObject() && node.has("Ref") && node.size() == 1) {
            references.add(node.get("Ref").asText());
        } else if (node.isObject() && node.has("Fn::GetAtt")) {
            references.add(node.at("/Fn::GetAtt/0").asText());
        } else if (node.isObject() && node.has("Fn::Sub")) {
            JsonNode argument = node.get("Fn::Sub");
            String text = argument.isArray() ? argument.get(0).asText() : argument.asText();
            Set<String> local = argument.isArray() ? names(argument.get(1)) : Set.of();
            Matcher variable = SUB_VARIABLE.matcher(text);
            while (variable.find()) {
                if (!local.contains(variable.group(1))) {
                    references.add(variable.group(1).split("\\.")[0]);
                }
            }
            collectReferences(argument, references);
        } else {
            node.forEach(child -> collectReferences(child, references));
        }
    }

    /** Adds every condition named by a Condition attribute or as the first argument of Fn::If. */
    private static void collectConditionUses(JsonNode node, Collection<String> conditions) {
        if (node.isObject() && node.has("Fn::If")) {
            conditions.add(node.at("/Fn::If/0").asText());
        }
        if (node.isObject() && node.has("Condition") && node.get("Condition").isTextual()) {
            conditions.add(node.get("Condition").asText());
        }
        node.forEach(child -> collectConditionUses(child, conditions));
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.properties().forEach(field -> names.add(field.getKey()));
        return names;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> texts.add(element.asText()));
        } else if (node.isTextual()) {
            texts.add(node.asText());
        }
        return texts;
    }

    private static List<String> messages(Set<ValidationMessage> errors) {
        return errors.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonNode ref(String name) {
        return object("Ref", name);
    }

    private static JsonNode sub(String text) {
        return object("Fn::Sub", text);
    }

    private static JsonNode getAtt(String logicalId, String attribute) {
        return object("Fn::GetAtt", array(logicalId, attribute));
    }

    private static ObjectNode object(String key, Object value) {
        return JSON.createObjectNode().set(key, JSON.valueToTree(value));
    }

    private static ArrayNode array(Object... elements) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Object element : elements) {
            array.add(JSON.<JsonNode>valueToTree(element));
        }
        return array;
    }
}
