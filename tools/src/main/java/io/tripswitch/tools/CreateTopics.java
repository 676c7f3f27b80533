package io.tripswitch.tools;

import io.tripswitch.schemas.Topic;
import io.tripswitch.schemas.TopicProvisioner;
import io.tripswitch.schemas.Topics;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the contract's topics that are missing, each with its cleanup policy.
 * Usage: {@code CreateTopics --bootstrap HOST:PORT [--partitions N] [--replication-factor N] [--prefix P]}.
 */
public final class CreateTopics {

    static final String USAGE = "usage: CreateTopics --bootstrap HOST:PORT [--partitions N] [--replication-factor N] [--prefix P]";

    private CreateTopics() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns the process exit code (0 done, 1 failed, 64 bad usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CliArgs cli;
        try {
            cli = CliArgs.parse(args, Set.of("--bootstrap", "--partitions", "--replication-factor", "--prefix"), Set.of());
            cli.required("--bootstrap");
        } catch (CliArgs.UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 64;
        }
        Topics topics = new Topics(cli.valueOr("--prefix", Topics.DEFAULT_PREFIX));
        int partitions = (int) cli.positiveLong("--partitions", 3);
        short replicationFactor = (short) cli.positiveLong("--replication-factor", 1);
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cli.required("--bootstrap"),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"))) {
            TopicProvisioner.ensureTopics(admin, topics, partitions, replicationFactor);
        } catch (RuntimeException e) {
            err.println("cannot create topics: " + e.getMessage());
            return 1;
        }
        for (Topic<?, ?> topic : topics.all()) {
            out.println(topic.name() + " cleanup.policy=" + topic.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
        }
        return 0;
    }
}
