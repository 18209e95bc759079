package org.meternode.app.lwm2m;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.TimestampedLwM2mNode;
import org.eclipse.leshan.core.node.TimestampedLwM2mNodes;
import org.eclipse.leshan.core.node.codec.CodecException;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.meternode.app.events.SecurityEvents;

/**
 * Leshan's decoder, with every failure a {@link CodecException} that names the format and path, and
 * recorded as a refused request. Leshan answers a CodecException with 4.00; any other exception of
 * its decoders (a string where a boolean belongs in SenML, an out-of-range number) would reach the
 * server as a 5.00 and a stack trace in the node's log. A body the decoder cannot read never gets
 * as far as {@link GuardedObjectEnabler}, so this is where such a refusal is logged (object 26250).
 */
final class RefusingDecoder implements LwM2mDecoder {
    private final LwM2mDecoder inner;
    private final SecurityEvents events;

    RefusingDecoder(SecurityEvents events) {
        this(new DefaultLwM2mDecoder(), events);
    }

    RefusingDecoder(LwM2mDecoder inner, SecurityEvents events) {
        this.inner = inner;
        this.events = events;
    }

    @Override
    public LwM2mNode decode(byte[] content, ContentFormat format, LwM2mPath path, LwM2mModel model) {
        return refusing(format, String.valueOf(path), () -> {
            checkTlv(content, format, path, model);
            return inner.decode(content, format, path, model);
        });
    }

    @Override
    public <T extends LwM2mNode> T decode(byte[] content, ContentFormat format, LwM2mPath path, LwM2mModel model,
            Class<T> nodeClass) {
        return refusing(format, String.valueOf(path), () -> {
            checkTlv(content, format, path, model);
            return inner.decode(content, format, path, model, nodeClass);
        });
    }

    /**
     * Every TLV element's declared length fits in the bytes that follow it, and a boolean is one byte
     * 0 or 1. Leshan's TLV decoder allocates the declared length first: 48 bytes declaring 7 MB take
     * the heap of a node (seen as an OutOfMemoryError in the hostile-server test); and it reads any
     * byte but 1 as false, so a write of 0x02 to a channel's Active would switch the channel off.
     */
    static void checkTlv(byte[] content, ContentFormat format, LwM2mPath path, LwM2mModel model) {
        if (ContentFormat.TLV.equals(format) && content != null) {
            Integer resource = path != null && path.isResourceInstance() ? path.getResourceId() : null;
            checkTlv(content, 0, content.length, 0, path, resource, model);
        }
    }

    private static void checkTlv(byte[] b, int from, int to, int depth, LwM2mPath path, Integer parent,
            LwM2mModel model) {
        int at = from;
        while (at < to) {
            int type = b[at] & 0xff;
            int idBytes = (type & 0x20) != 0 ? 2 : 1;
            int lengthBytes = (type >> 3) & 0x03;
            int header = 1 + idBytes + lengthBytes;
            if (at + header > to) {
                throw new CodecException("TLV element at byte " + at + " is cut short in its header");
            }
            int id = idBytes == 2 ? ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff) : b[at + 1] & 0xff;
            int length = lengthBytes == 0 ? type & 0x07 : 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (b[at + 1 + idBytes + i] & 0xff);
            }
            int valueAt = at + header;
            if (length > to - valueAt) {
                throw new CodecException("TLV element at byte " + at + " declares " + length + " bytes; "
                        + (to - valueAt) + " follow");
            }
            int kind = type >> 6; // 0 object instance, 1 resource instance, 2 multiple resource, 3 resource
            if ((kind == 0 || kind == 2) && depth < 2) {
                checkTlv(b, valueAt, valueAt + length, depth + 1, path, kind == 2 ? id : null, model);
            } else if (kind == 3 || kind == 1) {
                Integer resource = kind == 3 ? Integer.valueOf(id) : parent;
                checkBoolean(b, at, valueAt, length, path, resource, model);
            }
            at = valueAt + length;
        }
    }

    private static void checkBoolean(byte[] b, int at, int valueAt, int length, LwM2mPath path, Integer resource,
            LwM2mModel model) {
        if (path == null || path.getObjectId() == null || resource == null || model == null) {
            return;
        }
        ResourceModel rm = model.getResourceModel(path.getObjectId(), resource);
        if (rm != null && rm.type == ResourceModel.Type.BOOLEAN && (length != 1 || (b[valueAt] & 0xfe) != 0)) {
            throw new CodecException("TLV element at byte " + at + ": resource " + resource + " (" + rm.name
                    + ") is a boolean, one byte 0 or 1; got " + java.util.HexFormat.of()
                            .formatHex(b, valueAt, valueAt + Math.min(length, 8)) + (length > 8 ? ".." : ""));
        }
    }

    @Override
    public Map<LwM2mPath, LwM2mNode> decodeNodes(byte[] content, ContentFormat format, List<LwM2mPath> paths,
            LwM2mModel model) {
        return refusing(format, String.valueOf(paths), () -> inner.decodeNodes(content, format, paths, model));
    }

    @Override
    public List<TimestampedLwM2mNode> decodeTimestampedData(byte[] content, ContentFormat format, LwM2mPath path,
            LwM2mModel model) {
        return refusing(format, String.valueOf(path), () -> inner.decodeTimestampedData(content, format, path, model));
    }

    @Override
    public TimestampedLwM2mNodes decodeTimestampedNodes(byte[] content, ContentFormat format, List<LwM2mPath> paths,
            LwM2mModel model) {
        return refusing(format, String.valueOf(paths), () -> inner.decodeTimestampedNodes(content, format, paths, model));
    }

    @Override
    public List<LwM2mPath> decodePaths(byte[] content, ContentFormat format) {
        return refusing(format, "paths", () -> inner.decodePaths(content, format));
    }

    @Override
    public boolean isSupported(ContentFormat format) {
        return inner.isSupported(format);
    }

    @Override
    public Set<ContentFormat> getSupportedContentFormat() {
        return inner.getSupportedContentFormat();
    }

    private <T> T refusing(ContentFormat format, String where, Supplier<T> decoding) {
        try {
            return decoding.get();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            String detail = "undecodable " + format + " body for " + where + ": " + oneLine(why);
            events.record(SecurityEvents.REQUEST_REFUSED, detail);
            throw e instanceof CodecException c ? c : new CodecException(detail, e);
        }
    }

    /** {@code s} as one line of at most 200 characters, for a log line or an answer to a server. */
    static String oneLine(String s) {
        String line = s.replaceAll("[\\p{Cntrl}]", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
