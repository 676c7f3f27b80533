package io.tripswitch.probe.lag;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One lazily opened connection to one PostgreSQL server, reused across measurements. A connection that failed or
 * timed out is closed and dropped, so a half-open connection (a server that vanished from the network) never blocks
 * the next measurement: that one connects anew. Not for concurrent use: a probe asks each server one thing at a time.
 */
final class PgSession implements AutoCloseable {

    private final Vertx vertx;
    private final String name;
    private final PgConnectOptions options;
    private final Supplier<String> password;
    private final Duration timeout;
    private volatile PgConnection connection;
    private volatile boolean closed;

    /**
     * @param name     how the server is named in readings, e.g. {@code 10.0.0.5:5432/app}
     * @param password read at each connection, so a rotated secret is picked up; never logged nor put in a reading
     * @param timeout  bound of one {@link #run} including the connection, if one is needed
     */
    PgSession(Vertx vertx, String name, PgConnectOptions options, Supplier<String> password, Duration timeout) {
        this.vertx = vertx;
        this.name = name;
        this.options = options;
        this.password = password;
        this.timeout = timeout;
    }

    String name() {
        return name;
    }

    /** Runs {@code work} on the connection (opened if needed) within the timeout; fails with a message fit for a reading. */
    <T> Uni<T> run(Function<PgConnection, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            PgConnection open = connection;
            Uni<PgConnection> ready = open != null ? Uni.createFrom().item(open) : connect();
            // An error PostgreSQL answered leaves the connection fine; anything else (closed, reset) does not.
            return ready.flatMap(conn -> work.apply(conn).onFailure(failure -> !(failure instanceof PgException))
                    .invoke(failure -> discard(conn)));
        }).ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms"))
                .onFailure(TimeoutException.class).invoke(() -> discard(connection))
                .onFailure().transform(failure -> new IllegalStateException(name + ": " + describe(failure), failure));
    }

    private Uni<PgConnection> connect() {
        if (closed) {
            return Uni.createFrom().failure(new IllegalStateException("closed"));
        }
        PgConnectOptions withPassword = new PgConnectOptions(options);
        try {
            withPassword.setPassword(password.get());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return PgConnection.connect(vertx, withPassword).invoke(conn -> {
            conn.closeHandler(() -> {
                if (connection == conn) {
                    connection = null;
                }
            });
            if (closed) {
                conn.closeAndForget();
            } else {
                connection = conn;
            }
        });
    }

    private void discard(PgConnection conn) {
        if (conn != null) {
            if (connection == conn) {
                connection = null;
            }
            conn.closeAndForget();
        }
    }

    /** What went wrong, without anything secret: PostgreSQL's own message and SQLSTATE, or the network error. */
    static String describe(Throwable failure) {
        if (failure instanceof PgException pg) {
            return pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState() + ")";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        closed = true;
        discard(connection);
    }
}
