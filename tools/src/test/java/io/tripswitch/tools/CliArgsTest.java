package io.tripswitch.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripswitch.schemas.Topics;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliArgsTest {

    private static final Set<String> VALUES = Set.of("--bootstrap", "--count");
    private static final Set<String> FLAGS = Set.of("--from-beginning");

    @Test
    void shouldReadValuesAndFlagsInAnyOrder() {
        CliArgs cli = CliArgs.parse(new String[] {"--from-beginning", "--count", "3", "--bootstrap", "127.0.0.1:9092"}, VALUES, FLAGS);

        assertThat(cli.required("--bootstrap")).isEqualTo("127.0.0.1:9092");
        assertThat(cli.positiveLong("--count", 1)).isEqualTo(3);
        assertThat(cli.flag("--from-beginning")).isTrue();
    }

    @Test
    void shouldFallBackToTheDefaultWhenAnOptionIsAbsent() {
        CliArgs cli = CliArgs.parse(new String[] {"--bootstrap", "b:1"}, VALUES, FLAGS);

        assertThat(cli.positiveLong("--count", 7)).isEqualTo(7);
        assertThat(cli.flag("--from-beginning")).isFalse();
        assertThat(cli.value("--count")).isEmpty();
    }

    @Test
    void shouldRejectUnknownOptionsMissingValuesAndBadNumbers() {
        assertThatThrownBy(() -> CliArgs.parse(new String[] {"--bogus"}, VALUES, FLAGS))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("unknown argument '--bogus'");
        assertThatThrownBy(() -> CliArgs.parse(new String[] {"--count"}, VALUES, FLAGS))
                .hasMessageContaining("--count needs a value");
        CliArgs notANumber = CliArgs.parse(new String[] {"--count", "many"}, VALUES, FLAGS);
        assertThatThrownBy(() -> notANumber.positiveLong("--count", 1)).hasMessageContaining("must be a number");
        CliArgs zero = CliArgs.parse(new String[] {"--count", "0"}, VALUES, FLAGS);
        assertThatThrownBy(() -> zero.positiveLong("--count", 1)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> zero.required("--bootstrap")).hasMessageContaining("--bootstrap is required");
    }

    @Test
    void shouldFindContractTopicsByFullNameWhateverTheirPrefix() {
        assertThat(TopicCatalogue.byName("tripswitch.group-state")).get()
                .satisfies(topic -> assertThat(topic.name()).isEqualTo(Topics.DEFAULT.groupState.name()));
        assertThat(TopicCatalogue.byName("lab7.decisions")).get()
                .satisfies(topic -> assertThat(topic.name()).isEqualTo(new Topics("lab7.").decisions.name()));
        assertThat(TopicCatalogue.byName("tripswitch.unknown")).isEmpty();
    }
}
