package io.tripswitch.decision.topology;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Marks a decoded input record rejected when it fails validation; validation may compare with the task's wall clock. */
final class Validate<T> implements FixedKeyProcessor<String, Decoded<T>, Decoded<T>> {

    /** Why a record cannot be used, if it cannot. */
    @FunctionalInterface
    interface Rule<T> {
        Optional<String> problemWith(String key, T value, Instant now);
    }

    private final Rule<T> rule;
    private FixedKeyProcessorContext<String, Decoded<T>> context;

    Validate(Rule<T> rule) {
        this.rule = rule;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<T>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Decoded<T>> record) {
        Decoded<T> decoded = record.value();
        if (decoded.isRejected()) {
            context.forward(record);
            return;
        }
        Optional<String> problem = record.key() == null ? Optional.of("record has no key")
                : rule.problemWith(record.key(), decoded.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(record.withValue(decoded.rejectIf(problem)));
    }
}
