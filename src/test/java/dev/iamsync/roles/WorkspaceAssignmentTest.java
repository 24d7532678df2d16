package dev.iamsync.roles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamsync.config.PathPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkspaceAssignmentTest {
    private static final PathPrefix PREFIX = PathPrefix.normalise("/windmill-stage/");

    private static IamRole role(String path) {
        return new IamRole("ec2_ro", path, "arn:aws:iam::111122223333:role" + path + "ec2_ro", 3600);
    }

    @ParameterizedTest
    @CsvSource({
        "/windmill-stage/w=infra/, infra",
        "/windmill-stage/team=a/w=data/, data",
        "/windmill-stage/w=data/sub/, data",
        "/windmill-stage/w=my-ws_2/, my-ws_2",
        "/windmill-stage/w=first/w=second/, first"
    })
    void judge_firstWorkspaceSegment_assigns(String path, String workspace) {
        assertThat(WorkspaceAssignment.judge(PREFIX, role(path)))
                .isEqualTo(new WorkspaceAssignment.Assigned(role(path), workspace));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/windmill-stage/|no w=<workspace> segment",
        "/windmill-stage/team=a/|no w=<workspace> segment",
        "/windmill-stage/w=/|names no workspace",
        "/windmill-stage/w=global/|reserved",
        "/windmill-stage/w=bad--id/|not one Windmill accepts",
        "/windmill-stage/w=-lead/|not one Windmill accepts",
        "/windmill-stage/w=has.dot/|not one Windmill accepts",
        "/windmill-stage/w=abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijk/|not one Windmill accepts",
        "/windmill-stage-evil/w=infra/|outside the prefix",
        "/other/windmill-stage/w=infra/|outside the prefix"
    })
    void judge_unusablePath_isUnassignedWithReason(String path, String reason) {
        WorkspaceAssignment.Verdict verdict = WorkspaceAssignment.judge(PREFIX, role(path));

        assertThat(verdict).isInstanceOfSatisfying(WorkspaceAssignment.Unassigned.class,
                unassigned -> assertThat(unassigned.reason()).contains(reason).contains(path));
    }

    @Test
    void judge_arnDisagreeingWithPathAndName_isUnassigned() {
        IamRole odd = new IamRole("ec2_ro", "/windmill-stage/w=infra/", "arn:aws:iam::111122223333:role/admin/ec2_ro",
                3600);

        assertThat(WorkspaceAssignment.judge(PREFIX, odd)).isInstanceOfSatisfying(
                WorkspaceAssignment.Unassigned.class,
                unassigned -> assertThat(unassigned.reason()).contains("does not match path"));
    }
}
