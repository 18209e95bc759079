package org.meternode.app.lwm2m;

import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * The largest body a server's request may carry, by path: a pushed firmware package (/5/0/0) up to
 * {@link DtlsSettings#PUSH_LIMIT_BYTES}, anything else {@link #OTHER_BYTES}. Californium reassembles
 * a block-wise body in the heap before any resource sees it; with this limit on each incoming
 * request, a block-wise write of 80 KB to a 4-character setting is answered 4.13 at the block that
 * crosses the limit instead of being reassembled and then refused.
 */
public final class RequestBodyLimit extends MessageInterceptorAdapter {
    /** Every body but a firmware package: far above any write the guard accepts (values of 1 KiB at most). */
    static final int OTHER_BYTES = 8 * 1024;
    private static final String PACKAGE = "5/0/0";

    @Override
    public void receiveRequest(Request request) {
        String path = request.getOptions().getUriPathString();
        request.setMaxResourceBodySize(PACKAGE.equals(path) ? DtlsSettings.PUSH_LIMIT_BYTES : OTHER_BYTES);
    }
}
