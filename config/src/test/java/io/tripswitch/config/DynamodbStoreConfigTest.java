package io.tripswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection settings of a DynamoDB global table store and the rules the validator applies to them. */
class DynamodbStoreConfigTest {

    private static final String SESSIONS = "      kind: dynamodb\n      replicas: [gra, rbx]\n";
    private static final String DYNAMODB = SESSIONS
            + "      dynamodb:\n"
            + "        table: sessions\n"
            + "        regions:\n"
            + "          gra:\n"
            + "            aws-region: eu-west-3\n"
            + "            endpoint: http://127.0.0.1:8000\n"
            + "            cloudwatch-endpoint: http://127.0.0.1:8100\n"
            + "          rbx:\n"
            + "            aws-region: eu-central-1\n";

    @TempDir
    Path dir;

    @Test
    void shouldReadTheTableItsKeyAndEachRegionsEndpoints() throws IOException {
        TripswitchConfig config = TripswitchConfigLoader.load(write(DYNAMODB));

        TripswitchConfig.DynamodbStore dynamodb = config.stores().get("sessions").dynamodb().orElseThrow();
        assertThat(dynamodb.table()).isEqualTo("sessions");
        assertThat(dynamodb.partitionKey()).isEqualTo("pk");
        assertThat(dynamodb.regions()).containsOnlyKeys("gra", "rbx");
        assertThat(dynamodb.regions().get("gra").awsRegion()).isEqualTo("eu-west-3");
        assertThat(dynamodb.regions().get("gra").endpoint()).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(dynamodb.regions().get("gra").cloudwatchEndpoint()).contains(URI.create("http://127.0.0.1:8100"));
        assertThat(dynamodb.regions().get("rbx").endpoint()).isEmpty();
        assertThat(dynamodb.regions().get("rbx").cloudwatchEndpoint()).isEmpty();
    }

    @Test
    void shouldNameTheReplicaRegionThatHasNoDynamodbEntry() throws IOException {
        Path file = write(DYNAMODB.replace("          rbx:\n            aws-region: eu-central-1\n", ""));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.sessions.dynamodb.regions: no entry for region 'rbx' of the store (needed: gra, rbx)");
    }

    @Test
    void shouldRequireAnEntryForThePrimaryRegionToo() throws IOException {
        Path file = write(DYNAMODB.replace("      replicas: [gra, rbx]\n", "      primary: gra\n      replicas: [rbx]\n")
                .replace("          gra:\n            aws-region: eu-west-3\n            endpoint: http://127.0.0.1:8000\n"
                        + "            cloudwatch-endpoint: http://127.0.0.1:8100\n", ""));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.sessions.dynamodb.regions: no entry for region 'gra' of the store (needed: gra, rbx)");
    }

    @Test
    void shouldRejectAnEntryForARegionOutsideTheStore() throws IOException {
        Path file = write(DYNAMODB.replace("      replicas: [gra, rbx]\n", "      replicas: [rbx]\n")
                .replace("      stores: [users, sessions]\n", "      stores: [users]\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.sessions.dynamodb.regions.gra: region 'gra' is neither a replica nor the primary of the store");
    }

    @Test
    void shouldRejectAnEndpointThatIsNotAnAbsoluteHttpUrl() throws IOException {
        Path file = write(DYNAMODB.replace("endpoint: http://127.0.0.1:8000", "endpoint: localhost:8000")
                .replace("cloudwatch-endpoint: http://127.0.0.1:8100", "cloudwatch-endpoint: ftp://127.0.0.1:8100"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.sessions.dynamodb.regions.gra.endpoint: must be an absolute http(s) URL, got 'localhost:8000'")
                .hasMessageContaining("tripswitch.stores.sessions.dynamodb.regions.gra.cloudwatch-endpoint: must be an absolute http(s) URL, got 'ftp://127.0.0.1:8100'");
    }

    @Test
    void shouldRejectAnAwsRegionThatIsNoRegionName() throws IOException {
        Path file = write(DYNAMODB.replace("aws-region: eu-central-1", "aws-region: Frankfurt"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("tripswitch.stores.sessions.dynamodb.regions.rbx.aws-region: must be an AWS region name like eu-west-3, got 'Frankfurt'");
    }

    @Test
    void shouldRejectABlankTableName() throws IOException {
        Path file = write(DYNAMODB.replace("        table: sessions\n", "        table: \"\"\n"));

        assertThatThrownBy(() -> TripswitchConfigLoader.load(file))
                .hasMessageContaining("tripswitch.stores.sessions.dynamodb.table");
    }

    private Path write(String sessions) throws IOException {
        String valid = Files.readString(Path.of("src/test/resources/valid.yaml"));
        assertThat(valid).contains(SESSIONS);
        Path file = dir.resolve("tripswitch.yaml");
        Files.writeString(file, valid.replace(SESSIONS, sessions));
        return file;
    }
}
