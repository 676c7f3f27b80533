package io.tripswitch.tools;

import io.tripswitch.schemas.Topic;
import io.tripswitch.schemas.TopicProvisioner;
import io.tripswitch.schemas.TopicReplication;
import io.tripswitch.schemas.Topics;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates the contract's topics that are missing, each with its cleanup policy, {@code min.insync.replicas} and no
 * unclean leader election; warns about existing ones whose replication differs (never alters them). Production
 * defaults: replication factor 3, min in sync 2. A single replica (a one-broker lab) needs {@code
 * --allow-single-replica}. Usage: see {@link #USAGE}.
 */
public final class CreateTopics {

    static final String USAGE = "usage: CreateTopics --bootstrap HOST:PORT [--partitions N] [--replication-factor N (3)]"
            + " [--min-insync-replicas N (2, or 1 with one replica)] [--allow-single-replica] [--prefix P]";
    private static final TopicReplication.Keys KEYS = new TopicReplication.Keys(
            "--replication-factor", "--min-insync-replicas", "--allow-single-replica");

    private CreateTopics() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns the process exit code (0 done, 1 failed, 64 bad usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CliArgs cli;
        int partitions;
        TopicReplication replication;
        try {
            cli = CliArgs.parse(args, Set.of("--bootstrap", "--partitions", "--replication-factor", "--min-insync-replicas",
                    "--prefix"), Set.of("--allow-single-replica"));
            cli.required("--bootstrap");
            partitions = (int) cli.positiveLong("--partitions", 3);
            replication = TopicReplication.of(
                    (int) cli.positiveLong("--replication-factor", TopicReplication.PRODUCTION.replicationFactor()),
                    cli.value("--min-insync-replicas").isPresent() ? (int) cli.positiveLong("--min-insync-replicas", 0) : null,
                    cli.flag("--allow-single-replica"), KEYS);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 64;
        }
        Topics topics = new Topics(cli.valueOr("--prefix", Topics.DEFAULT_PREFIX));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cli.required("--bootstrap"),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"))) {
            TopicProvisioner.ensureTopics(admin, topics, partitions, replication)
                    .forEach(difference -> err.println("warning: " + difference));
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
