package io.tripswitch.actuator.dns;

import java.util.OptionalLong;

/**
 * The fencing token a change writes beside the records it guards (docs/decisions/0014): the epoch it records
 * ({@code next}) and the one it expects to find ({@code previous}, empty when the target carries none yet).
 */
public record EpochStamp(OptionalLong previous, long next) {

    /** The name of the TXT record holding a name's epoch: {@code _tripswitch-epoch.<name>}. */
    public static final String LABEL = "_tripswitch-epoch";

    /** {@code _tripswitch-epoch.app.example.test.} for {@code app.example.test.}. */
    public static String ownerOf(DnsName name) {
        return LABEL + "." + name.fqdn();
    }

    /** The TXT value of an epoch: its decimal digits. */
    public static String text(long epoch) {
        return Long.toString(epoch);
    }

    /** The epoch a TXT value holds; throws when the record was not written by Tripswitch. */
    public static long parse(String text) {
        if (!text.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("not an epoch: '" + text + "'");
        }
        return Long.parseLong(text);
    }
}
