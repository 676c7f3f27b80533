package io.tripswitch.actuator.haproxy;

import io.tripswitch.actuator.domain.Inspection;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.domain.Target;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * One HAProxy instance whose frontend picks the group's backend from a map
 * ({@code use_backend %[str(<key>),map(<map-file>,<default>)]}). Switching rewrites the map file (so a reload
 * or restart keeps the switch), then sets the live entry through the Runtime API (effective on the next request).
 * Each instance is its own target: instances of one group are switched independently.
 */
public final class HaproxyMapTarget implements Target {

    private final String name;
    private final String group;
    private final RuntimeApiClient api;
    private final String mapReference;
    private final MapFile mapFile;
    private final String key;
    private final Map<String, String> backendsByRegion;

    /**
     * @param mapReference the map file path exactly as HAProxy's configuration names it (the Runtime API
     *     identifies maps by that string)
     */
    public HaproxyMapTarget(String instance, String group, RuntimeApiClient api, String mapReference, MapFile mapFile,
            String key, Map<String, String> backendsByRegion) {
        this.name = "haproxy:" + instance + "/" + group;
        this.group = group;
        this.api = api;
        this.mapReference = mapReference;
        this.mapFile = mapFile;
        this.key = key;
        this.backendsByRegion = Map.copyOf(backendsByRegion);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public Optional<String> refusal(String region) {
        String backend = backendsByRegion.get(region);
        return backend == null || backend.isBlank()
                ? Optional.of("no backend configured for region '" + region + "'")
                : Optional.empty();
    }

    @Override
    public Outcome apply(String region, long epoch) {
        String backend = backendsByRegion.get(region);
        String written = "";
        try {
            // The file first, even when the instance cannot be reached: a reload between the two steps then loads
            // the new entry, and an instance that is down now comes back routing to the decided region.
            boolean diskOk = mapFile.valueOf(key).filter(backend::equals).isPresent();
            if (!diskOk) {
                mapFile.put(key, backend);
                written = "; " + mapFile.path() + " written";
            }
            Optional<String> live = liveValue();
            if (live.filter(backend::equals).isPresent()) {
                return diskOk ? Outcome.alreadyInState(key + " already " + backend)
                        : Outcome.applied(key + " already " + backend + " live" + written);
            }
            String verb = live.isPresent() ? "set" : "add";
            String answer = api.execute(verb + " map " + mapReference + " " + key + " " + backend);
            if (!answer.isBlank()) {
                return Outcome.failed(verb + " map " + key + " " + backend + ": HAProxy answered '" + answer.strip() + "'" + written);
            }
            return Outcome.applied(key + " " + live.orElse("(none)") + " -> " + backend + written);
        } catch (IOException e) {
            return Outcome.failed(key + " -> " + backend + ": " + e.getMessage() + written);
        }
    }

    @Override
    public Inspection inspect(String region) {
        String backend = backendsByRegion.get(region);
        try {
            Optional<String> live = liveValue();
            Optional<String> onDisk = mapFile.valueOf(key);
            boolean inState = live.filter(backend::equals).isPresent() && onDisk.filter(backend::equals).isPresent();
            return inState
                    ? Inspection.inState(key + " " + backend)
                    : Inspection.drifted(key + " is " + live.orElse("(none)") + " (map file: " + onDisk.orElse("(none)") + "), " + region
                            + " needs " + backend);
        } catch (IOException e) {
            return Inspection.unreadable(key + ": cannot read the current map entry: " + e.getMessage());
        }
    }

    @Override
    public Outcome preview(String region, long epoch) {
        String backend = backendsByRegion.get(region);
        try {
            Optional<String> live = liveValue();
            Optional<String> onDisk = mapFile.valueOf(key);
            boolean inState = live.filter(backend::equals).isPresent() && onDisk.filter(backend::equals).isPresent();
            return Outcome.dryRun(inState
                    ? key + " already " + backend
                    : "would set " + key + " " + live.orElse("(none)") + " -> " + backend + " (map file: " + onDisk.orElse("(none)") + ")");
        } catch (IOException e) {
            return Outcome.failed(key + ": cannot read the current map entry: " + e.getMessage());
        }
    }

    /** The live value of the key, from {@code show map}: lines {@code <ref> <key> <value>}. */
    private Optional<String> liveValue() throws IOException {
        String answer = api.execute("show map " + mapReference);
        for (String line : answer.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 3);
            if (parts.length < 3 || !parts[0].startsWith("0x")) {
                throw new IOException("show map " + mapReference + " at " + api.describe() + ": HAProxy answered '" + answer.strip() + "'");
            }
            if (parts[1].equals(key)) {
                return Optional.of(parts[2].strip());
            }
        }
        return Optional.empty();
    }
}
