package io.tripswitch.decision;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What a stream thread's uncaught exception does: the thread is replaced, never the whole client shut down (Kafka
 * Streams' default). Records that fail to decode or to process never get here (LogAndContinue handlers); what does is
 * the Kafka side failing under the thread, e.g. a transaction commit refused while the brokers of a dead region hand
 * over their leaders and transaction coordinators (InvalidTxnStateException, seen in the regions lab's blackout). A
 * client in ERROR would take no decision until restarted — the one time it is needed most. Quarkus' Kafka Streams
 * extension installs this bean before the start.
 */
@ApplicationScoped
public class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(StreamThreadReplacement.class);

    private final AtomicLong replaced = new AtomicLong();

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        LOG.errorf(exception, "stream thread failed (%d so far); replacing it, its tasks resume from the last commit",
                replaced.incrementAndGet());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** How many stream threads were replaced since the start. */
    public long replaced() {
        return replaced.get();
    }
}
