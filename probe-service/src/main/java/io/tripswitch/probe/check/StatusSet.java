package io.tripswitch.probe.check;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The HTTP statuses an HTTP check accepts as UP: exact codes ({@code 204}) and classes ({@code 3xx}).
 *
 * @param entries codes and classes as written in the configuration, e.g. {@code [200, 204, 3xx]}
 */
public record StatusSet(List<String> entries) {

    // Before SUCCESS: the constructor needs it while the class initialises.
    private static final Pattern ENTRY = Pattern.compile("[1-5](\\d\\d|xx)");

    /** Any 2xx: what an HTTP health check accepts unless told otherwise (HAProxy's {@code httpchk} does the same). */
    public static final StatusSet SUCCESS = new StatusSet(List.of("2xx"));

    public StatusSet {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a status set needs at least one code or class");
        }
        for (String entry : entries) {
            if (!ENTRY.matcher(Objects.requireNonNull(entry, "entry")).matches()) {
                throw new IllegalArgumentException("not a status code 100-599 or a class 1xx-5xx: '" + entry + "'");
            }
        }
    }

    /** Whether {@code status} is one of the codes or in one of the classes. */
    public boolean accepts(int status) {
        String code = Integer.toString(status);
        for (String entry : entries) {
            if (entry.endsWith("xx") ? code.length() == 3 && code.charAt(0) == entry.charAt(0) : entry.equals(code)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(", ", entries);
    }
}
