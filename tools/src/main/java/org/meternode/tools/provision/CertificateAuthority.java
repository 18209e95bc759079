package org.meternode.tools.provision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.meternode.app.security.EcKeys;
import org.meternode.app.security.KeyFiles;
import org.meternode.app.security.Pem;

/**
 * A small certificate authority in a directory: {@code ca.key} (P-256, PKCS#8 PEM, mode 0600) and
 * {@code ca.crt} (self-signed). It issues node certificates (CN = endpoint, clientAuth) and server
 * certificates (CN and subjectAltName = the server's names, serverAuth) from CSRs.
 */
public final class CertificateAuthority {
    /** The CA's private key file in its directory. */
    public static final String KEY_FILE = "ca.key";
    /** The CA's certificate file in its directory. */
    public static final String CERT_FILE = "ca.crt";
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** Creates a new CA in {@code dir}, refusing to overwrite an existing one. */
    public static CertificateAuthority create(Path dir, String name, Duration validity)
            throws IOException, GeneralSecurityException {
        if (Files.exists(dir.resolve(KEY_FILE)) || Files.exists(dir.resolve(CERT_FILE))) {
            throw new GeneralSecurityException(dir + " already holds a CA (" + KEY_FILE + "/" + CERT_FILE
                    + "); refusing to replace it");
        }
        KeyPair pair = EcKeys.generate();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, pair.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        X509Certificate cert = sign(b, pair.getPrivate());
        KeyFiles.writeSecret(dir.resolve(KEY_FILE),
                Pem.encode(Pem.PRIVATE_KEY, EcKeys.pkcs8WithPublicKey(pair)).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                false);
        Files.writeString(dir.resolve(CERT_FILE), Pem.encode(Pem.CERTIFICATE, cert.getEncoded()));
        return new CertificateAuthority(pair.getPrivate(), cert);
    }

    /** Opens the CA in {@code dir}; its key file must be mode 0600. */
    public static CertificateAuthority load(Path dir) throws IOException, GeneralSecurityException {
        Path keyFile = dir.resolve(KEY_FILE);
        String problem = KeyFiles.permissionProblem(keyFile);
        if (problem != null) {
            throw new GeneralSecurityException(keyFile + " " + problem);
        }
        List<byte[]> keys = Pem.all(Files.readString(keyFile), Pem.PRIVATE_KEY);
        List<byte[]> certs = Pem.all(Files.readString(dir.resolve(CERT_FILE)), Pem.CERTIFICATE);
        if (keys.size() != 1 || certs.size() != 1) {
            throw new GeneralSecurityException(dir + ": expected one key in " + KEY_FILE + " and one certificate in "
                    + CERT_FILE);
        }
        KeyPair pair = EcKeys.keyPair(keys.get(0));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certs.get(0)));
        if (!cert.getPublicKey().equals(pair.getPublic())) {
            throw new GeneralSecurityException(dir + ": " + CERT_FILE + " is not for " + KEY_FILE);
        }
        return new CertificateAuthority(pair.getPrivate(), cert);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Issues a certificate for the key in {@code csr}, valid from {@code notBefore} to
     * {@code notAfter}. With no {@code serverNames} it is a node certificate: the CSR's CN must be
     * a valid endpoint name. With server names it is a server certificate carrying them as DNS (or
     * IP) subjectAltNames.
     */
    public X509Certificate sign(Csr csr, Instant notBefore, Instant notAfter, List<String> serverNames)
            throws GeneralSecurityException {
        if (!notAfter.isAfter(notBefore)) {
            throw new GeneralSecurityException("the validity must end after it starts");
        }
        boolean server = !serverNames.isEmpty();
        if (!server && !ENDPOINT.matcher(csr.commonName()).matches()) {
            throw new GeneralSecurityException("a node certificate's CN is its endpoint name, [A-Za-z0-9._-]{1,64};"
                    + " the CSR has '" + csr.commonName() + "'");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, csr.commonName()).build();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random),
                Date.from(notBefore), Date.from(notAfter), subject, csr.publicKey());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(csr.publicKey()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            if (server) {
                b.addExtension(Extension.subjectAlternativeName, false, altNames(serverNames));
            }
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        return sign(b, key);
    }

    /** Issues a certificate valid from now for {@code validity}. */
    public X509Certificate sign(Csr csr, Duration validity, List<String> serverNames) throws GeneralSecurityException {
        Instant now = Instant.now();
        return sign(csr, now.minus(Duration.ofMinutes(5)), now.plus(validity), serverNames);
    }

    private static GeneralNames altNames(List<String> names) throws GeneralSecurityException {
        List<GeneralName> out = new ArrayList<>();
        for (String name : names) {
            if (name.matches("[0-9.]+") || name.contains(":")) {
                try {
                    // a literal: getByName does no lookup
                    out.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress()));
                } catch (java.net.UnknownHostException e) {
                    throw new GeneralSecurityException("'" + name + "' is not an IP address");
                }
            } else if (DNS_NAME.matcher(name).matches() && name.length() <= 253) {
                out.add(new GeneralName(GeneralName.dNSName, name));
            } else {
                throw new GeneralSecurityException("'" + name + "' is not a DNS name");
            }
        }
        return new GeneralNames(out.toArray(GeneralName[]::new));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
        }
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }
}
