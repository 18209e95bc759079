package org.meternode.app.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meternode.app.reading.Quantity;

/** Quantities sharing 3300 Generic Sensor stay apart through their Application Type. */
class RegistryObjectTest {
    @Test
    void every_quantity_has_an_object_and_shared_ones_name_their_stream() {
        for (Quantity q : Quantity.values()) {
            assertThat(RegistryObject.of(q).quantity()).isEqualTo(q);
        }
        assertThat(RegistryObject.of(Quantity.APPARENT_POWER).objectId()).isEqualTo(3300);
        assertThat(RegistryObject.of(Quantity.FLOW).objectId()).isEqualTo(3300);
        assertThat(RegistryObject.VOLUME.applicationType("tap")).isEqualTo("tap");
        assertThat(RegistryObject.FLOW.applicationType("tap")).isEqualTo("tap.flow");
        assertThat(RegistryObject.APPARENT_POWER.applicationType("mains")).isEqualTo("mains.apparent-power");
        assertThat(RegistryObject.CURRENT.applicationType("mains")).isEqualTo("mains");
    }

    @Test
    void resolve_reads_the_quantity_back_from_object_and_application_type() {
        assertThat(RegistryObject.resolve(3300, "tap")).contains(new RegistryObject.Named(RegistryObject.VOLUME, "tap"));
        assertThat(RegistryObject.resolve(3300, "tap.flow")).contains(new RegistryObject.Named(RegistryObject.FLOW, "tap"));
        assertThat(RegistryObject.resolve(3300, "mains.apparent-power"))
                .contains(new RegistryObject.Named(RegistryObject.APPARENT_POWER, "mains"));
        assertThat(RegistryObject.resolve(3317, "mains.flow"))
                .contains(new RegistryObject.Named(RegistryObject.CURRENT, "mains.flow"));
        assertThat(RegistryObject.resolve(9999, "x")).isEmpty();
    }

    @Test
    void instances_on_a_shared_object_get_distinct_ids() {
        MeasurementObjects objects = new MeasurementObjects(Map.of(
                "tap", List.of(Quantity.VOLUME, Quantity.FLOW)));
        assertThat(objects.instances()).extracting(MeasurementInstance::getId).containsExactly(0, 1);
    }
}
