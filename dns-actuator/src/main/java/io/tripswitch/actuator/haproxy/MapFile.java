package io.tripswitch.actuator.haproxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An HAProxy map file on disk ({@code key value} lines, {@code #} comments). Writes go to a temporary
 * file in the same directory, then an atomic rename, so HAProxy never reads a half-written file on reload.
 */
public final class MapFile {

    private final Path path;

    public MapFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The value of {@code key}, or empty when the file or the key is missing. */
    public Optional<String> valueOf(String key) throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            Optional<String> value = valueIn(line, key);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /** Sets {@code key} to {@code value}, keeping every other line as it was. */
    public void put(String key, String value) throws IOException {
        putAll(Map.of(key, value));
    }

    /** Sets every key of {@code values} in one rename (all or none are seen), keeping every other line as it was. */
    public void putAll(Map<String, String> values) throws IOException {
        List<String> lines = Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
        List<String> updated = new ArrayList<>(lines.size() + values.size());
        Set<String> written = new HashSet<>();
        for (String line : lines) {
            Optional<String> key = keyOf(line).filter(values::containsKey);
            if (key.isEmpty()) {
                updated.add(line);
            } else if (written.add(key.get())) {
                updated.add(key.get() + " " + values.get(key.get()));
            }
            // further lines for the same key are dropped: HAProxy would use the first one anyway
        }
        values.forEach((key, value) -> {
            if (!written.contains(key)) {
                updated.add(key + " " + value);
            }
        });
        Path directory = path.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + path.getFileName(), ".tmp");
        try {
            Files.write(temporary, updated, StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Optional<String> keyOf(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Optional.empty();
        }
        String[] parts = trimmed.split("\\s+", 2);
        return parts.length == 2 ? Optional.of(parts[0]) : Optional.empty();
    }

    private static Optional<String> valueIn(String line, String key) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Optional.empty();
        }
        String[] parts = trimmed.split("\\s+", 2);
        return parts[0].equals(key) && parts.length == 2 ? Optional.of(parts[1].strip()) : Optional.empty();
    }
}
