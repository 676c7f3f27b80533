package io.tripswitch.tools;

import io.tripswitch.schemas.Topic;
import io.tripswitch.schemas.Topics;
import java.util.Optional;

/** Finds a contract topic (and so its serdes) by its full name, whatever prefix the deployment uses. */
public final class TopicCatalogue {

    private TopicCatalogue() {
    }

    /** The contract topic named {@code topicName}, e.g. {@code tripswitch.decisions} or {@code lab1.decisions}. */
    public static Optional<Topic<?, ?>> byName(String topicName) {
        for (Topic<?, ?> topic : Topics.DEFAULT.all()) {
            String suffix = topic.name().substring(Topics.DEFAULT_PREFIX.length());
            if (topicName.endsWith(suffix)) {
                String prefix = topicName.substring(0, topicName.length() - suffix.length());
                Optional<Topic<?, ?>> match = new Topics(prefix).all().stream()
                        .filter(candidate -> candidate.name().equals(topicName))
                        .findFirst();
                if (match.isPresent()) {
                    return match;
                }
            }
        }
        return Optional.empty();
    }
}
