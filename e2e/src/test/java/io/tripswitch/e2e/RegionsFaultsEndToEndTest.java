package io.tripswitch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tripswitch.events.FailoverDecision;
import io.tripswitch.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regions lab's other faults, each on a fresh lab: a partition of the active region, and a blackout of a region
 * that holds no traffic. Not in the default suite ({@code ./mvnw -B verify -pl e2e -Pregions-faults}): like
 * {@link RegionsBlackoutEndToEndTest}, not yet seen passing on 2 cores (deploy/regions/README.md).
 */
class RegionsFaultsEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path labDir;

    @Test
    void shouldFailOverOnTheMajoritySideOnlyWhenTheActiveRegionIsPartitionedAndNotUndoItAfterHeal() throws Exception {
        try (RegionsLab lab = new RegionsLab(labDir)) {
            lab.run(Duration.ofMinutes(12), "up");
            Map<String, String> env = lab.env();

            // When gra is cut off from the other regions, everything in it still running.
            lab.run(Duration.ofMinutes(1), "partition", "gra");

            // Then the majority fails over to rbx: DNS and both of its HAProxies.
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(LabClients.dnsAnswer(env)).containsExactly(env.get("RBX_ADDRESS"));
                assertThat(LabClients.bodyOf(env.get("RBX_LB_URL"))).hasValueSatisfying(b -> assertThat(b).startsWith("region=rbx "));
                assertThat(LabClients.bodyOf(env.get("SBG_LB_URL"))).hasValueSatisfying(b -> assertThat(b).startsWith("region=rbx "));
            });
            // And gra's side decided nothing and changed nothing it cannot confirm: its HAProxy, which only gra's
            // actuator drives, still routes to gra's own (healthy) app servers, and its actuator went fail static.
            assertThat(LabClients.bodyOf(env.get("GRA_LAN_LB_URL"))).hasValueSatisfying(b -> assertThat(b).startsWith("region=gra "));
            await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(lab.logsOf("actuator-gra")).contains("fail static"));
            List<FailoverDecision> decisions = LabTopics.readAll(env, Topics.DEFAULT.decisions);
            assertThat(decisions).hasSize(1);
            assertThat(decisions.get(0).getActiveRegion()).isEqualTo("rbx");
            assertThat(decisions.get(0).getEpoch()).isEqualTo(1L);

            // When gra rejoins.
            lab.run(Duration.ofMinutes(1), "heal");

            // Then gra's actuator applies the decision it missed to its own HAProxy, and nobody undoes the failover.
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                    LabClients.bodyOf(env.get("GRA_LB_URL"))).hasValueSatisfying(b -> assertThat(b).startsWith("region=rbx ")));
            for (int second = 0; second < 20; second++) {
                assertThat(LabClients.dnsAnswer(env)).containsExactly(env.get("RBX_ADDRESS"));
                Thread.sleep(1_000);
            }
            assertThat(LabTopics.readAll(env, Topics.DEFAULT.decisions)).hasSize(1);
        }
    }

    @Test
    void shouldDecideNothingWhenARegionWithoutTheTrafficGoesDark() throws Exception {
        try (RegionsLab lab = new RegionsLab(labDir)) {
            lab.run(Duration.ofMinutes(12), "up");
            Map<String, String> env = lab.env();

            lab.run(Duration.ofMinutes(1), "blackout", "sbg");
            Thread.sleep(30_000); // ten times interval x fall: any decision would have come by now

            assertThat(LabTopics.readAll(env, Topics.DEFAULT.decisions)).isEmpty();
            assertThat(LabClients.dnsAnswer(env)).containsExactly(env.get("GRA_ADDRESS"));
            for (String region : List.of("gra", "rbx")) {
                assertThat(LabClients.bodyOf(env.get(region.toUpperCase() + "_LB_URL"))).as(region + "-lb")
                        .hasValueSatisfying(b -> assertThat(b).startsWith("region=gra "));
            }
        }
    }
}
