package io.tripswitch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released schema (kept under src/test/resources/released/VERSION/) must stay readable by the
 * current schema (backward) and the current schema readable by the released one (forward).
 */
class SchemaCompatibilityTest {

    static Stream<Path> releasedSchemas() throws IOException {
        Path released = Path.of("src/test/resources/released");
        try (Stream<Path> files = Files.walk(released)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
            assertThat(list).as("released schemas under %s", released).isNotEmpty();
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("releasedSchemas")
    void shouldStayBackwardAndForwardCompatibleWithReleasedSchema(Path releasedFile) throws Exception {
        Schema.Parser parser = new Schema.Parser();
        // RegionHealth is referenced by name from FailoverDecision: parse it first, as the build does.
        Path dir = releasedFile.getParent();
        if (!releasedFile.getFileName().toString().equals("RegionHealth.avsc")) {
            parser.parse(dir.resolve("RegionHealth.avsc").toFile());
        }
        Schema released = parser.parse(releasedFile.toFile());
        Class<?> current = Class.forName(released.getFullName());
        Schema now = SpecificData.get().getSchema(current);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, released).getType())
                .as("current %s reads data written with %s", released.getName(), releasedFile)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(released, now).getType())
                .as("%s reads data written with current %s", releasedFile, released.getName())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
}
