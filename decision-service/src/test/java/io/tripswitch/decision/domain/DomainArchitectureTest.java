package io.tripswitch.decision.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class DomainArchitectureTest {

    @Test
    void shouldKeepTheDomainFreeOfKafkaQuarkusAndAvro() {
        noClasses().that().resideInAPackage("io.tripswitch.decision.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.quarkus..", "org.apache.avro..",
                        "io.tripswitch.events..", "io.tripswitch.config..", "io.tripswitch.decision.state..", "jakarta..")
                .because("the failover rules must be readable and testable on their own, with an injected clock")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.tripswitch.decision.domain"));
    }
}
