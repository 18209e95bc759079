package org.meternode.app.lwm2m;

import java.util.Map;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.node.codec.LwM2mValueChecker;
import org.eclipse.leshan.core.node.codec.LwM2mValueConverter;
import org.eclipse.leshan.core.node.codec.NodeEncoder;
import org.eclipse.leshan.core.node.codec.senml.LwM2mNodeSenMLEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.senml.cbor.upokecenter.SenMLCborUpokecenterEncoderDecoder;

/**
 * Leshan's SenML-CBOR node encoder, except that timestamped nodes (a Send) are written by
 * {@link CompactSenMlCbor}. Leshan still turns the nodes into SenML records (paths, value types from
 * the model); Read and Observe answers stay exactly as Leshan writes them.
 */
public final class CompactSendEncoder extends LwM2mNodeSenMLEncoder {
    private final LwM2mNodeSenMLEncoder compact = new LwM2mNodeSenMLEncoder(new CompactSenMlCbor());

    CompactSendEncoder() {
        super(new SenMLCborUpokecenterEncoderDecoder());
    }

    @Override
    public byte[] encodeTimestampedNodes(TimestampedLwM2mNodes nodes, LwM2mModel model,
            LwM2mValueConverter converter) throws CodecException {
        return compact.encodeTimestampedNodes(nodes, model, converter);
    }

    /** Leshan's default client encoder with this one for SenML-CBOR: what the node encodes with. */
    public static LwM2mEncoder clientEncoder() {
        Map<ContentFormat, NodeEncoder> encoders = DefaultLwM2mEncoder.getDefaultNodeEncoders(false);
        encoders.put(ContentFormat.SENML_CBOR, new CompactSendEncoder());
        return new DefaultLwM2mEncoder(encoders, DefaultLwM2mEncoder.getDefaultPathEncoder(), new LwM2mValueChecker());
    }
}
