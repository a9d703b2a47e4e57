package ick.it.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ick.db.JobHistory;
import ick.it.Api;
import ick.it.TestDatabase;
import ick.it.TestEnv;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The purge of old batch job records ({@code ick.db.JobHistory}, run hourly by {@code JobHistoryPurge}) against
 * the records real builds left: an ended build's job goes with its executions and steps; the job of a build that
 * waits (stopped after {@code expand}, until its actions end) stays, so that it can still be cancelled and
 * finish; and builds run as before afterwards.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JobHistoryIT {
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Api admin = Api.admin();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @Test
    void endedJobsGoAndAWaitingBuildsJobStays() throws Exception {
        String done = "jh-done-" + id;
        String waiting = "jh-wait-" + id;
        HttpResponse<String> made = admin.post("/api/v1/make-it-so", """
                {"projects": [{"project": "%1$s", "pipelines": ["p-%1$s"]}, {"project": "%2$s", "pipelines": ["p-%2$s"]}],
                 "pipelines": [{"pipeline": "p-%1$s", "labels": ["lab-%3$s"], "actions": [{"shell": "echo hi"}]},
                               {"pipeline": "p-%2$s", "labels": ["nobody-has-%3$s"], "actions": [{"shell": "echo never"}]}]}"""
                .formatted(done, waiting, id));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        try (LocalWorkers workers = new LocalWorkers("job-history-" + id)) {
            String worker = "jh-" + id;
            workers.start(worker, List.of("lab-" + id));
            workers.awaitRegistered(worker);
            String doneBuild = trigger(done);
            await().atMost(Duration.ofSeconds(60)).until(() -> state(doneBuild).equals("succeeded"));
            String waitingBuild = trigger(waiting);
            long doneJob = jobInstance(done, 1);
            long waitingJob = jobInstance(waiting, 1);
            // the waiting build's job stopped after expand: ended, as far as JBeret's records go
            await().atMost(Duration.ofSeconds(30)).until(() -> batchStatuses(waitingJob).equals(List.of("STOPPED")));
            // the ended build's: stopped after expand, then restarted to run finish
            await().atMost(Duration.ofSeconds(30)).until(() -> batchStatuses(doneJob).equals(List.of("STOPPED", "COMPLETED")));
            assertThat(steps(doneJob)).isPositive();

            try (Connection c = database()) {
                assertThat(JobHistory.purge(c, Instant.now().minusSeconds(3600), 1000))
                        .as("nothing ended an hour ago").isZero();
                assertThat(JobHistory.purge(c, Instant.now().plusSeconds(60), 2)).isPositive();
            }
            assertThat(batchStatuses(doneJob)).as("the ended build's executions").isEmpty();
            assertThat(steps(doneJob)).as("its steps").isZero();
            assertThat(instanceExists(doneJob)).isFalse();
            assertThat(batchStatuses(waitingJob)).as("the waiting build's job").containsExactly("STOPPED");

            // the waiting build's job is still there to finish it
            HttpResponse<String> cancel = admin.post(waitingBuild + "/cancel", "");
            assertThat(cancel.statusCode()).as(cancel.body()).isIn(200, 202);
            await().atMost(Duration.ofSeconds(30)).until(() -> state(waitingBuild).equals("cancelled"));
            String again = trigger(done);
            await().atMost(Duration.ofSeconds(60)).until(() -> state(again).equals("succeeded"));
            assertThat(admin.get(again + "/log").body()).contains("hi");
        }
    }

    private String trigger(String project) {
        return "/api/v1/projects/" + project + "/builds/" + admin.trigger(project);
    }

    private String state(String build) {
        return Api.json(admin.get(build)).get("state").asText();
    }

    private static long jobInstance(String project, long number) throws Exception {
        try (Connection c = database(); PreparedStatement s = c.prepareStatement(
                "select e.jobinstanceid from ick.build b join ick.project p on p.id = b.project_id"
                        + " join public.job_execution e on e.jobexecutionid = b.job_execution_id"
                        + " where p.name = ? and b.number = ?")) {
            s.setString(1, project);
            s.setLong(2, number);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).as("the job of " + project + "/" + number).isTrue();
                return r.getLong(1);
            }
        }
    }

    private static List<String> batchStatuses(long instance) throws Exception {
        return strings("select batchstatus from public.job_execution where jobinstanceid = ? order by jobexecutionid",
                instance);
    }

    private static int steps(long instance) throws Exception {
        return strings("select s.stepname from public.step_execution s join public.job_execution e"
                + " on e.jobexecutionid = s.jobexecutionid where e.jobinstanceid = ?", instance).size();
    }

    private static boolean instanceExists(long instance) throws Exception {
        return !strings("select jobname from public.job_instance where jobinstanceid = ?", instance).isEmpty();
    }

    private static List<String> strings(String sql, long parameter) throws Exception {
        try (Connection c = database(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, parameter);
            List<String> values = new java.util.ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
            return values;
        }
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(TestDatabase.postgres().jdbcUrl(), "postgres", "postgres");
    }
}
