package io.tripswitch.actuator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses ACTUATOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tripswitch.actuator");

    @Test
    void decisionLogicShouldKnowNothingOfKafkaQuarkusOrAnyProvider() {
        noClasses().that().resideInAPackage("..actuator.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "org.apache.avro..", "io.tripswitch.events..", "io.tripswitch.schemas..",
                        "io.quarkus..", "io.smallrye..", "org.eclipse.microprofile..", "jakarta..", "org.xbill..",
                        "io.tripswitch.actuator.dns..", "io.tripswitch.actuator.haproxy..")
                .because("fencing and closed addresses must be testable alone, and Route 53 / OVH (issue 5) plug in as new Targets")
                .check(ACTUATOR);
    }

    @Test
    void providerAdaptersShouldNotDependOnEachOtherNorOnMessaging() {
        noClasses().that().resideInAnyPackage("..actuator.dns..", "..actuator.haproxy..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.kafka..", "io.smallrye..", "io.tripswitch.events..", "io.tripswitch.actuator.messaging..")
                .because("an adapter only speaks its protocol; events are the messaging package's business")
                .check(ACTUATOR);
        noClasses().that().resideInAPackage("..actuator.dns..")
                .should().dependOnClassesThat().resideInAPackage("..actuator.haproxy..")
                .check(ACTUATOR);
        noClasses().that().resideInAPackage("..actuator.haproxy..")
                .should().dependOnClassesThat().resideInAPackage("..actuator.dns..")
                .check(ACTUATOR);
    }
}
