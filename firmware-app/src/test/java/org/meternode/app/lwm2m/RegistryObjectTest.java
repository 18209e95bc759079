package org.meternode.app.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meternode.app.reading.Quantity;
import org.meternode.app.reading.ReadingStream;

/** Quantities sharing 3300 Generic Sensor stay apart through their Application Type. */
class RegistryObjectTest {
    @Test
    void every_quantity_has_an_object_and_shared_ones_name_their_stream() {
        for (Quantity q : Quantity.values()) {
            assertThat(RegistryObject.of(q).quantity()).isEqualTo(q);
        }
        assertThat(RegistryObject.of(Quantity.APPARENT_POWER).objectId()).isEqualTo(3300);
        assertThat(RegistryObject.of(Quantity.FLOW).objectId()).isEqualTo(3300);
        assertThat(RegistryObject.VOLUME.applicationType("tap", ReadingStream.of(Quantity.VOLUME))).isEqualTo("tap");
        assertThat(RegistryObject.FLOW.applicationType("tap", ReadingStream.of(Quantity.FLOW))).isEqualTo("tap.flow");
        assertThat(RegistryObject.APPARENT_POWER.applicationType("mains", ReadingStream.of(Quantity.APPARENT_POWER)))
                .isEqualTo("mains.apparent-power");
        assertThat(RegistryObject.CURRENT.applicationType("mains", ReadingStream.of(Quantity.CURRENT))).isEqualTo("mains");
        assertThat(RegistryObject.ENERGY.applicationType("p1", new ReadingStream("import-t2", Quantity.ENERGY)))
                .isEqualTo("p1.import-t2");
    }

    @Test
    void every_object_a_quantity_is_reported_on_has_a_model_with_its_value_resource() {
        for (RegistryObject o : RegistryObject.values()) {
            var model = ObjectModels.all().stream().filter(m -> m.id == o.objectId()).findFirst();
            assertThat(model).as("model of %s", o).isPresent();
            assertThat(model.get().resources).as("%s resources", o)
                    .containsKeys(o.valueResource(), RegistryObject.APPLICATION_TYPE);
        }
    }

    @Test
    void only_quantities_that_own_their_object_may_be_named() {
        for (Quantity q : Quantity.values()) {
            assertThat(q.nameable()).as("%s nameable", q).isEqualTo(RegistryObject.of(q).primary());
        }
    }

    @Test
    void resolve_reads_the_quantity_back_from_object_and_application_type() {
        assertThat(RegistryObject.resolve(3300, "tap")).contains(new RegistryObject.Named(RegistryObject.VOLUME, "tap.volume"));
        assertThat(RegistryObject.resolve(3300, "tap.flow")).contains(new RegistryObject.Named(RegistryObject.FLOW, "tap.flow"));
        assertThat(RegistryObject.resolve(3300, "mains.apparent-power"))
                .contains(new RegistryObject.Named(RegistryObject.APPARENT_POWER, "mains.apparent-power"));
        assertThat(RegistryObject.resolve(3331, "p1.import-t1"))
                .contains(new RegistryObject.Named(RegistryObject.ENERGY, "p1.import-t1"));
        assertThat(RegistryObject.resolve(3316, "bat")).contains(new RegistryObject.Named(RegistryObject.VOLTAGE, "bat.voltage"));
        assertThat(RegistryObject.resolve(9999, "x")).isEmpty();
    }

    @Test
    void instances_on_a_shared_object_get_distinct_ids() {
        MeasurementObjects objects = new MeasurementObjects(Map.of(
                "tap", List.of(ReadingStream.of(Quantity.VOLUME), ReadingStream.of(Quantity.FLOW))));
        assertThat(objects.instances()).extracting(MeasurementInstance::getId).containsExactly(0, 1);
    }
}
