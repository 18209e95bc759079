package org.meternode.app.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.LwM2mId;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.StaticModel;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.junit.jupiter.api.Test;

/**
 * The guard around Leshan's real Server object (1): what a management server may not do, refused
 * 4.xx naming the path, recorded as a refused request, and the value left as it was; what it may
 * do passes. The end-to-end barrage over DTLS is {@code HostileServerIT}.
 */
class GuardedObjectEnablerTest {
    private static final LwM2mServer MANAGEMENT = new LwM2mServer(
            new IpPeer(new InetSocketAddress("127.0.0.1", 5684)), 123L, URI.create("coaps://127.0.0.1:5684"));

    private final List<String> events = new ArrayList<>();
    private final LwM2mObjectEnabler server = serverObject();

    private LwM2mObjectEnabler serverObject() {
        ObjectsInitializer init = new ObjectsInitializer(new StaticModel(ObjectModels.all()));
        init.setInstancesForObject(LwM2mId.SERVER, new Server(123, 300));
        return GuardedObjectEnabler.guard(List.of(init.create(LwM2mId.SERVER)),
                (kind, detail) -> events.add(kind + ": " + detail)).get(0);
    }

    @Test
    void a_negative_lifetime_is_refused_by_name_and_the_lifetime_kept() {
        LwM2mResponse r = server.write(MANAGEMENT, new WriteRequest(1, 0, 1, -1L));

        assertThat(r.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.getErrorMessage()).isEqualTo("/1/0/1 (Lifetime): -1 is below 1");
        assertThat(lifetime()).isEqualTo(300L);
        assertThat(events).singleElement().asString()
                .isEqualTo("request-refused: write /1/0/1 refused: BAD_REQUEST(400) /1/0/1 (Lifetime): -1 is below 1");
    }

    @Test
    void a_valid_lifetime_passes() {
        assertThat(server.write(MANAGEMENT, new WriteRequest(1, 0, 1, 120L)).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(lifetime()).isEqualTo(120L);
        assertThat(events).isEmpty();
    }

    @Test
    void several_values_for_a_single_resource_are_refused() {
        LwM2mResponse r = server.write(MANAGEMENT, new WriteRequest(Mode.REPLACE, 1, 0,
                LwM2mMultipleResource.newIntegerResource(1, Map.of(0, 60L, 1, 90L))));

        assertThat(r.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.getErrorMessage()).isEqualTo("/1/0/1 (Lifetime): expected a single value, got several instances");
        assertThat(lifetime()).isEqualTo(300L);
    }

    @Test
    void an_instance_write_with_no_resources_is_refused() {
        LwM2mResponse r = server.write(MANAGEMENT, new WriteRequest(Mode.REPLACE, 1, 0, List.of()));

        assertThat(r.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.getErrorMessage()).isEqualTo("/1/0: nothing to write (no resources in the body)");
    }

    @Test
    void a_binding_that_repeats_a_letter_is_refused() {
        LwM2mResponse r = server.write(MANAGEMENT, new WriteRequest(1, 0, 7, "UU"));

        assertThat(r.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.getErrorMessage()).contains("'UU' is not a binding");
    }

    @Test
    void create_and_execute_with_arguments_are_refused() {
        assertThat(server.create(MANAGEMENT, new CreateRequest(1, LwM2mSingleResource.newIntegerResource(0, 7)))
                .getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        LwM2mResponse r = server.execute(MANAGEMENT, new ExecuteRequest("/1/0/4", "0='x'"));
        assertThat(r.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(r.getErrorMessage()).isEqualTo("/1/0/4 takes no arguments, got 0='x'");
        assertThat(events).hasSize(2);
    }

    private Object lifetime() {
        return ((LwM2mSingleResource) server.read(MANAGEMENT, new ReadRequest(1, 0, 1)).getContent()).getValue();
    }
}
