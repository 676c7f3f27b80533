package io.tripswitch.actuator.haproxy;

import io.tripswitch.actuator.domain.Inspection;
import io.tripswitch.actuator.domain.Outcome;
import io.tripswitch.actuator.domain.Target;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One HAProxy instance whose frontend picks the group's backend from a map
 * ({@code use_backend %[str(<key>),map(<map-file>,<default>)]}). Switching rewrites the map file (so a reload
 * or restart keeps the switch), then sets the live entry through the Runtime API (effective on the next request).
 * Each instance is its own target: instances of one group are switched independently.
 */
public final class HaproxyMapTarget implements Target {

    /**
     * The reserved map key holding the epoch of the decision that set {@code <key>}: {@code __tripswitch_epoch.<key>}, in
     * the same map and map file (one per group's key, so groups sharing a map keep their own). See docs/decisions/0014.
     */
    public static final String EPOCH_KEY_PREFIX = "__tripswitch_epoch.";

    private final String name;
    private final String group;
    private final RuntimeApiClient api;
    private final String mapReference;
    private final MapFile mapFile;
    private final String key;
    private final String epochKey;
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
        this.epochKey = EPOCH_KEY_PREFIX + key;
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

    /**
     * Refuses to move an instance that carries a newer epoch (live or in its map file) than {@code epoch}; otherwise
     * writes the backend and the epoch to the map file in one rename, then sets both live entries, backend first. Only
     * this region's actuator drives an instance, so the read before the write is not raced by another actuator; a crash
     * between the two live entries leaves the backend right and the epoch older, which the next attempt records.
     */
    @Override
    public Outcome apply(String region, long epoch) {
        String backend = backendsByRegion.get(region);
        String written = "";
        try {
            // an unreachable instance still gets its file (below), judged on the file's epoch alone
            Map<String, String> live;
            IOException unreachable = null;
            try {
                live = liveEntries();
            } catch (IOException e) {
                unreachable = e;
                live = Map.of();
            }
            OptionalLong carried = carried(live);
            if (carried.isPresent() && carried.getAsLong() > epoch) {
                return Outcome.rejected(ahead(carried.getAsLong(), epoch, live));
            }
            String epochText = Long.toString(epoch);
            // The file first, even when the instance cannot be reached: a reload between the two steps then loads
            // the new entry, and an instance that is down now comes back routing to the decided region.
            boolean diskOk = mapFile.valueOf(key).filter(backend::equals).isPresent();
            boolean diskEpochOk = mapFile.valueOf(epochKey).filter(epochText::equals).isPresent();
            if (!diskOk || !diskEpochOk) {
                Map<String, String> entries = new LinkedHashMap<>();
                entries.put(key, backend);
                entries.put(epochKey, epochText);
                mapFile.putAll(entries);
                written = "; " + mapFile.path() + " written";
            }
            if (unreachable != null) {
                return Outcome.failed(key + " -> " + backend + ": " + unreachable.getMessage() + written);
            }
            Optional<String> liveBackend = Optional.ofNullable(live.get(key));
            boolean liveOk = liveBackend.filter(backend::equals).isPresent();
            if (!liveOk) {
                Optional<String> refused = setLive(key, liveBackend, backend);
                if (refused.isPresent()) {
                    return Outcome.failed(refused.get() + written);
                }
            }
            String recorded = "";
            if (!epochText.equals(live.get(epochKey))) {
                Optional<String> refused = setLive(epochKey, Optional.ofNullable(live.get(epochKey)), epochText);
                if (refused.isPresent()) {
                    return Outcome.failed(refused.get() + (liveOk ? "" : "; " + key + " set to " + backend) + written);
                }
                recorded = ", epoch " + epochText + " recorded";
            }
            if (liveOk) {
                return diskOk ? Outcome.alreadyInState(key + " already " + backend + recorded + written)
                        : Outcome.applied(key + " already " + backend + " live" + recorded + written);
            }
            return Outcome.applied(key + " " + liveBackend.orElse("(none)") + " -> " + backend + recorded + written);
        } catch (IOException e) {
            return Outcome.failed(key + " -> " + backend + ": " + e.getMessage() + written);
        }
    }

    @Override
    public Inspection inspect(String region) {
        return inspect(region, Long.MAX_VALUE);
    }

    @Override
    public Inspection inspect(String region, long epoch) {
        String backend = backendsByRegion.get(region);
        try {
            Map<String, String> live = liveEntries();
            OptionalLong carried = carried(live);
            if (carried.isPresent() && carried.getAsLong() > epoch) {
                return Inspection.ahead(ahead(carried.getAsLong(), epoch, live));
            }
            Optional<String> onDisk = mapFile.valueOf(key);
            boolean inState = backend.equals(live.get(key)) && onDisk.filter(backend::equals).isPresent();
            return inState
                    ? Inspection.inState(key + " " + backend)
                    : Inspection.drifted(key + " is " + live.getOrDefault(key, "(none)") + " (map file: " + onDisk.orElse("(none)") + "), "
                            + region + " needs " + backend);
        } catch (IOException e) {
            return Inspection.unreadable(key + ": cannot read the current map entry: " + e.getMessage());
        }
    }

    @Override
    public Outcome preview(String region, long epoch) {
        String backend = backendsByRegion.get(region);
        try {
            Map<String, String> live = liveEntries();
            OptionalLong carried = carried(live);
            if (carried.isPresent() && carried.getAsLong() > epoch) {
                return Outcome.dryRun("would leave " + ahead(carried.getAsLong(), epoch, live));
            }
            Optional<String> onDisk = mapFile.valueOf(key);
            boolean inState = backend.equals(live.get(key)) && onDisk.filter(backend::equals).isPresent();
            return Outcome.dryRun(inState
                    ? key + " already " + backend
                    : "would set " + key + " " + live.getOrDefault(key, "(none)") + " -> " + backend + " (map file: " + onDisk.orElse("(none)") + ")");
        } catch (IOException e) {
            return Outcome.failed(key + ": cannot read the current map entry: " + e.getMessage());
        }
    }

    /** The newest epoch the instance carries, live or in its map file (a reload would load the file's). */
    private OptionalLong carried(Map<String, String> live) throws IOException {
        OptionalLong liveEpoch = parseEpoch(live.get(epochKey), "live");
        OptionalLong fileEpoch = parseEpoch(mapFile.valueOf(epochKey).orElse(null), mapFile.path().toString());
        if (liveEpoch.isEmpty()) {
            return fileEpoch;
        }
        return fileEpoch.isPresent() && fileEpoch.getAsLong() > liveEpoch.getAsLong() ? fileEpoch : liveEpoch;
    }

    private OptionalLong parseEpoch(String value, String where) throws IOException {
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.matches("\\d{1,18}")) {
            throw new IOException(epochKey + " (" + where + ") is '" + value + "', not an epoch: only Tripswitch writes that key");
        }
        return OptionalLong.of(Long.parseLong(value));
    }

    private String ahead(long carried, long epoch, Map<String, String> live) {
        return name + " carries epoch " + carried + ", newer than " + epoch + ": never moved back (" + key + " left "
                + live.getOrDefault(key, "(none)") + ", written by a newer decision)";
    }

    /** {@code set map} (or {@code add map} for a missing key); the refusal, if HAProxy answered one. */
    private Optional<String> setLive(String entry, Optional<String> current, String value) throws IOException {
        String verb = current.isPresent() ? "set" : "add";
        String answer = api.execute(verb + " map " + mapReference + " " + entry + " " + value);
        return answer.isBlank() ? Optional.empty()
                : Optional.of(verb + " map " + entry + " " + value + ": HAProxy answered '" + answer.strip() + "'");
    }

    /** The live entries of the map that matter here (the group's key and its epoch key), from {@code show map}. */
    private Map<String, String> liveEntries() throws IOException {
        String answer = api.execute("show map " + mapReference);
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : answer.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 3);
            if (parts.length < 3 || !parts[0].startsWith("0x")) {
                throw new IOException("show map " + mapReference + " at " + api.describe() + ": HAProxy answered '" + answer.strip() + "'");
            }
            if ((parts[1].equals(key) || parts[1].equals(epochKey)) && !entries.containsKey(parts[1])) {
                entries.put(parts[1], parts[2].strip());
            }
        }
        return entries;
    }
}
