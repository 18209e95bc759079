package org.meternode.tools.provision;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.Pem;

/**
 * A PKCS#10 certificate signing request with a single CN, signed SHA256withECDSA with a P-256 key.
 * Made on the node (its private key never leaves it), checked by the CA before signing.
 *
 * @param commonName the subject CN: the endpoint name for a node, the host name for a server
 * @param publicKey  the key to certify
 * @param der        the request as DER
 */
public record Csr(String commonName, PublicKey publicKey, byte[] der) {
    public Csr {
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** Creates and signs a request for {@code pair} with subject {@code CN=commonName}. */
    public static Csr create(String commonName, KeyPair pair) throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            byte[] der = new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
            return new Csr(commonName, pair.getPublic(), der);
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot create the CSR: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a PEM request and checks it: valid self-signature, a P-256 key, exactly one CN.
     *
     * @throws GeneralSecurityException saying what is wrong
     */
    public static Csr fromPem(String pem) throws GeneralSecurityException {
        List<byte[]> blocks = Pem.all(pem, Pem.CERTIFICATE_REQUEST);
        if (blocks.size() != 1) {
            throw new GeneralSecurityException("expected one PEM 'CERTIFICATE REQUEST' block, found " + blocks.size());
        }
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(blocks.get(0));
            PublicKey key = request.getPublicKey();
            EcKeys.requireP256((ECKey) key);
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new GeneralSecurityException("the CSR's signature does not verify");
            }
            RDN[] cns = request.getSubject().getRDNs(BCStyle.CN);
            if (cns.length != 1) {
                throw new GeneralSecurityException("the CSR subject must have exactly one CN, has " + cns.length);
            }
            return new Csr(IETFUtils.valueToString(cns[0].getFirst().getValue()), key, blocks.get(0));
        } catch (IOException | OperatorCreationException | PKCSException | ClassCastException
                | IllegalArgumentException e) {
            throw new GeneralSecurityException("not a usable CSR: " + e.getMessage(), e);
        }
    }

    public String pem() {
        return Pem.encode(Pem.CERTIFICATE_REQUEST, der);
    }
}
