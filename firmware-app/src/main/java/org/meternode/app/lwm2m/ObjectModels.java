package org.meternode.app.lwm2m;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.leshan.core.model.InvalidDDFFileException;
import org.eclipse.leshan.core.model.InvalidModelException;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;

/**
 * The LwM2M object models meternode speaks: Leshan's core objects plus the measurement objects
 * whose DDF files ship in this jar under {@code models/}. Node and head-end load the same list.
 */
public final class ObjectModels {
    /** DDF files of the registry objects meternode serves (see README "LwM2M objects"). */
    static final String[] MEASUREMENT_DDF = {"3300.xml", "3305.xml", "3316.xml", "3317.xml", "3331.xml"};
    /** DDF files of meternode's private objects. */
    static final String[] PRIVATE_DDF = {"26250.xml", "32500.xml", "32501.xml"};

    private ObjectModels() {
    }

    public static List<ObjectModel> all() {
        List<ObjectModel> models = new ArrayList<>(ObjectLoader.loadAllDefault());
        try {
            models.addAll(ObjectLoader.loadDdfResources("/models/", MEASUREMENT_DDF));
            models.addAll(ObjectLoader.loadDdfResources("/models/", PRIVATE_DDF));
        } catch (IOException | InvalidModelException | InvalidDDFFileException e) {
            throw new IllegalStateException("meternode's bundled LwM2M models are broken: " + e.getMessage(), e);
        }
        return models;
    }
}
