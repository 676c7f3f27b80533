package io.tripswitch.decision;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadReplacementTest {

    @Test
    void shouldReplaceTheThreadRatherThanShutTheClientDownWhenACommitFailsDuringABrokerHandover() {
        StreamThreadReplacement handler = new StreamThreadReplacement();

        StreamThreadExceptionResponse response = handler.handle(new StreamsException(
                "Error encountered trying to commit a transaction", new InvalidTxnStateException("invalid state")));

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(handler.replaced()).isEqualTo(1);
    }
}
