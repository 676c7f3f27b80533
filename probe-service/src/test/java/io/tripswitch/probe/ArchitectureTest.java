package io.tripswitch.probe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses PROBE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tripswitch.probe");

    @Test
    void checksAndSchedulingShouldKnowNothingOfKafkaAvroOrQuarkus() {
        noClasses().that().resideInAnyPackage("..probe.check..", "..probe.schedule..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "org.apache.avro..", "io.tripswitch.events..", "io.tripswitch.schemas..",
                        "io.quarkus..", "io.smallrye.reactive.messaging..", "org.eclipse.microprofile..")
                .because("new check types (issue 4) must be addable and testable without a broker or a Quarkus app")
                .check(PROBE);
    }

    @Test
    void onlyThePublisherShouldTalkToKafka() {
        noClasses().that().resideOutsideOfPackages("..probe.publish..", "..probe.setup..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.smallrye.reactive.messaging..")
                .because("seq is assigned in one place, at publication; nothing else may publish")
                .check(PROBE);
    }
}
