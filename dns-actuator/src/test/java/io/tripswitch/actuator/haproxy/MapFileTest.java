package io.tripswitch.actuator.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReplaceOnlyTheKeyAndKeepCommentsAndOtherGroups() throws Exception {
        Path path = dir.resolve("active.map");
        Files.writeString(path, "# kept by tripswitch\napp app_gra\nshop shop_gra\n");
        MapFile map = new MapFile(path);

        map.put("app", "app_rbx");

        assertThat(Files.readAllLines(path)).containsExactly("# kept by tripswitch", "app app_rbx", "shop shop_gra");
        assertThat(map.valueOf("app")).contains("app_rbx");
        assertThat(map.valueOf("shop")).contains("shop_gra");
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers).containsExactly(path);
        }
    }

    @Test
    void shouldCreateTheFileAndAppendAMissingKey() throws Exception {
        MapFile map = new MapFile(dir.resolve("new.map"));

        assertThat(map.valueOf("app")).isEmpty();
        map.put("app", "app_gra");

        assertThat(Files.readAllLines(dir.resolve("new.map"))).containsExactly("app app_gra");
    }
}
