package org.meternode.tools.update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * The head-end's {@code /fw} CoAP resource: each served bundle is a child {@code /fw/<token>}
 * answering block-wise GETs straight from the file (each block read at its offset, nothing held in
 * memory), so nodes can pull a Package URI over the same DTLS endpoint they register on.
 */
final class FirmwareFiles extends CoapResource {
    static final String NAME = "fw";
    private static final int MAX_SZX = BlockOption.size2Szx(1024);

    FirmwareFiles() {
        super(NAME);
        setVisible(false);
    }

    void serve(String token, Path file) {
        add(new FileResource(token, file));
    }

    /** Bytes of the bundle at {@code token} sent so far (all GETs added up; 0 when none or withdrawn). */
    long servedBytes(String token) {
        return getChild(token) instanceof FileResource f ? f.served.sum() : 0;
    }

    void withdraw(String token) {
        var child = getChild(token);
        if (child != null) {
            delete(child);
        }
    }

    private static final class FileResource extends CoapResource {
        private final Path file;
        private final LongAdder served = new LongAdder();

        FileResource(String name, Path file) {
            super(name);
            this.file = file;
            setVisible(false);
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            Request request = exchange.advanced().getRequest();
            BlockOption asked = request.getOptions().getBlock2();
            // Blocks no bigger than the endpoint's preferred size, or Californium re-slices them.
            int preferred = exchange.advanced().getEndpoint().getConfig().get(CoapConfig.PREFERRED_BLOCK_SIZE);
            int maxSzx = Math.min(MAX_SZX, BlockOption.size2Szx(preferred));
            int szx = asked == null ? maxSzx : Math.min(asked.getSzx(), maxSzx);
            int size = BlockOption.szx2Size(szx);
            long num = asked == null ? 0 : (long) asked.getOffset() / size;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long length = ch.size();
                long offset = num * size;
                if (offset > length || (offset == length && length > 0)) {
                    exchange.respond(ResponseCode.BAD_OPTION, "block " + num + " is past the end");
                    return;
                }
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, length - offset));
                while (buffer.hasRemaining() && ch.read(buffer, offset + buffer.position()) >= 0) {
                    // read the whole block
                }
                Response response = new Response(ResponseCode.CONTENT);
                response.setPayload(buffer.array());
                response.getOptions().setBlock2(szx, offset + buffer.capacity() < length, (int) num);
                if (num == 0) {
                    response.getOptions().setSize2((int) Math.min(Integer.MAX_VALUE, length));
                }
                exchange.respond(response);
                served.add(buffer.capacity());
            } catch (IOException e) {
                exchange.respond(ResponseCode.NOT_FOUND, Files.exists(file) ? "unreadable" : "gone");
            }
        }
    }
}
