package io.tripswitch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each service, run from its packaged jar, refuses a bad tripswitch.yaml at startup and names the key. */
class BadConfigStartupTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} rejects {1}")
    @CsvSource(delimiter = '|', textBlock = """
            probe-service    | group naming an unknown region | regions: [gra, rbx]                   | regions: [gra, sbg] | tripswitch.groups.app.regions[1]: unknown region 'sbg'
            decision-service | group naming an unknown region | regions: [gra, rbx]                   | regions: [gra, sbg] | tripswitch.groups.app.regions[1]: unknown region 'sbg'
            dns-actuator     | group naming an unknown region | regions: [gra, rbx]                   | regions: [gra, sbg] | tripswitch.groups.app.regions[1]: unknown region 'sbg'
            probe-service    | endpoint without a URL         | url: http://127.0.0.1:18091/health    | timeout: 500ms      | tripswitch.regions.rbx.endpoints[0].url
            decision-service | endpoint without a URL         | url: http://127.0.0.1:18091/health    | timeout: 500ms      | tripswitch.regions.rbx.endpoints[0].url
            dns-actuator     | endpoint without a URL         | url: http://127.0.0.1:18091/health    | timeout: 500ms      | tripswitch.regions.rbx.endpoints[0].url
            """)
    void shouldRefuseToStartNamingTheBadKey(String service, String problem, String valid, String broken, String expectedMessage)
            throws IOException, InterruptedException {
        String yaml = Files.readString(Path.of("src/test/resources/tripswitch-valid.yaml"));
        assertThat(yaml).contains(valid);
        Path config = dir.resolve("tripswitch.yaml");
        Files.writeString(config, yaml.replace(valid, broken));
        Path output = dir.resolve(service + ".out");

        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx128m", "-Dquarkus.config.locations=" + config,
                "-jar", Lab.REPO.resolve(service).resolve("target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("TRIPSWITCH_PROBE_OBSERVER", "rbx");
        builder.environment().put("TRIPSWITCH_TSIG_SECRET", "c2VjcmV0LWZvci10ZXN0cy1vbmx5LTMyLWJ5dGVzISE=");
        builder.environment().put("KAFKA_STREAMS_STATE_DIR", dir.resolve("streams").toString());
        Process process = builder.start();

        boolean exited = process.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String log = Files.readString(output);
        assertThat(exited).as("%s must stop on a %s; it kept running:%n%s", service, problem, log).isTrue();
        assertThat(process.exitValue()).as("exit code").isNotZero();
        assertThat(log).contains(expectedMessage);
    }
}
