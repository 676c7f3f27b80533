package io.tripswitch.actuator.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One DNS service that holds record sets (an RFC 2136 server, Route 53, OVH): reads the A and AAAA
 * records of a name and replaces them. {@link DnsTarget} decides what to change; a provider only speaks
 * its protocol. Messages of the exceptions it throws go into Actuation details: they never hold a secret.
 */
public interface DnsProvider {

    /** Short id used in target names: {@code rfc2136}, {@code route53}, {@code ovh}. */
    String id();

    /** The A and AAAA records {@code name} has now, with their TTL (empty when it has none). */
    RecordSet read(DnsName name) throws IOException;

    /**
     * Makes the A and AAAA records of {@code name} exactly {@code desired} (its addresses, its TTL) and
     * returns once the provider serves the change (what that means is the provider's: see its Javadoc).
     * Throws when the change was refused, or made but not confirmed; {@link #settle} then finishes it.
     */
    void apply(DnsName name, RecordSet desired) throws IOException;

    /**
     * The epoch recorded beside {@code name}'s records by the last change (TXT {@code _tripswitch-epoch.<name>}), empty
     * when there is none; throws when the record holds something else. Providers that record no epoch answer empty.
     */
    default OptionalLong readEpoch(DnsName name) throws IOException {
        return OptionalLong.empty();
    }

    /**
     * Like {@link #apply(DnsName, RecordSet)}, and records {@code stamp.next()} as the name's epoch in the same change,
     * provided the recorded epoch is still {@code stamp.previous()}; throws {@link EpochConflictException} when it is
     * not. Where the provider cannot make that condition part of the change ({@link #comparesAndSets()} false) the
     * caller's read of the epoch just before is all the check there is (read-check-write, docs/decisions/0014).
     */
    default void apply(DnsName name, RecordSet desired, EpochStamp stamp) throws IOException {
        apply(name, desired);
    }

    /** Whether this provider records an epoch beside the records at all ({@link #readEpoch} then reads it). */
    default boolean recordsEpoch() {
        return false;
    }

    /** Whether the server itself checks a change's condition on the previous epoch, atomically with the change. */
    default boolean comparesAndSets() {
        return false;
    }

    /**
     * Finishes a change an earlier {@link #apply} made but could not confirm (Route 53: not INSYNC in
     * time; OVH: zone not refreshed), so a retry that finds the records already right still ends with
     * them served. Returns what it finished, or empty when nothing was pending.
     */
    default Optional<String> settle(DnsName name) throws IOException {
        return Optional.empty();
    }

    /**
     * What an earlier {@link #apply} left unfinished for {@code name} ({@link #settle} finishes it), or empty. Read
     * without calling the provider; a resync converges such a target although its records already read right.
     */
    default Optional<String> unsettled(DnsName name) {
        return Optional.empty();
    }

    /** The longest {@link #apply} waits for the provider to confirm a change (Route 53: INSYNC); none by default. */
    default Duration slowestApply() {
        return Duration.ZERO;
    }

    /** Exercises what {@link #apply} would send through (connection, signing), changing nothing; throws what it met. */
    default void preflight(DnsName name) throws IOException {
    }

    /** Where the records live, for details, e.g. {@code 127.0.0.1:5353 (TSIG)} or {@code Route 53 zone Z1}; never a secret. */
    String describe();
}
