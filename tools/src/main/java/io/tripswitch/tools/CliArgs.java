package io.tripswitch.tools;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The parsed {@code --option value} and {@code --flag} arguments of a tool; rejects anything it was not told about. */
public final class CliArgs {

    private final Map<String, String> values;
    private final Set<String> flags;

    private CliArgs(Map<String, String> values, Set<String> flags) {
        this.values = Map.copyOf(values);
        this.flags = Set.copyOf(flags);
    }

    /**
     * Parses {@code args}; {@code valueOptions} take one value each, {@code flagOptions} none.
     *
     * @throws UsageException on an unknown option, a missing value or a stray word
     */
    public static CliArgs parse(String[] args, Set<String> valueOptions, Set<String> flagOptions) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (flagOptions.contains(arg)) {
                flags.add(arg);
            } else if (valueOptions.contains(arg)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                values.put(arg, args[++i]);
            } else {
                throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        return new CliArgs(values, flags);
    }

    public Optional<String> value(String option) {
        return Optional.ofNullable(values.get(option));
    }

    public String required(String option) {
        return value(option).orElseThrow(() -> new UsageException(option + " is required"));
    }

    public String valueOr(String option, String fallback) {
        return value(option).orElse(fallback);
    }

    /** A positive number, or {@code fallback} when the option is absent. */
    public long positiveLong(String option, long fallback) {
        Optional<String> raw = value(option);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(raw.get());
            if (parsed <= 0) {
                throw new UsageException(option + " must be positive, got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, got '" + raw.get() + "'");
        }
    }

    public boolean flag(String option) {
        return flags.contains(option);
    }

    /** A command line the tool cannot run with; the message says why. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }
}
