package io.tripswitch.decision.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tripswitch.config.TripswitchConfig;
import io.tripswitch.decision.topology.DecisionSettings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Read API: traffic groups (where traffic goes, epoch, freeze, hold-down, last decision) and regions (state and
 * observer views), JSON. 404 for an unknown key, 503 while the state is not queryable (starting, rebalancing).
 * {@code ?local=true} answers from this instance only (used between instances).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

    private final StateQueries queries;

    public StateResource(KafkaStreams streams, TripswitchConfig config, ObjectMapper json,
            @ConfigProperty(name = "kafka-streams.application.server") String applicationServer) {
        this.queries = new StateQueries(streams, HostInfo.buildFromEndpoint(applicationServer), DecisionSettings.from(config).deployment(),
                new RemoteStateClient(json));
    }

    @GET
    @Path("groups")
    public Response groups() {
        return answer(() -> Optional.of(queries.groups()));
    }

    @GET
    @Path("groups/{group}")
    public Response group(@PathParam("group") String group, @QueryParam("local") boolean local) {
        return answer(() -> queries.group(group, local));
    }

    @GET
    @Path("regions")
    public Response regions() {
        return answer(() -> Optional.of(queries.regions()));
    }

    @GET
    @Path("regions/{region}")
    public Response region(@PathParam("region") String region, @QueryParam("local") boolean local) {
        return answer(() -> queries.region(region, local));
    }

    private static Response answer(Supplier<Optional<?>> query) {
        try {
            return query.get().map(Response::ok).orElseGet(() -> Response.status(Response.Status.NOT_FOUND)
                    .entity(Map.of("error", "unknown"))).build();
        } catch (NotQueryableException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "1").entity(Map.of("error", e.getMessage())).build();
        }
    }
}
