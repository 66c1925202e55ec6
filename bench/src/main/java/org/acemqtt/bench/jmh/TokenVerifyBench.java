package org.acemqtt.bench.jmh;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.demo.DevTokenMinter;
import org.acemqtt.proxy.token.AifScopeParser;
import org.acemqtt.proxy.token.TokenVerifier;
import org.acemqtt.proxy.token.TokenVerifierConfig;
import org.acemqtt.proxy.token.VerificationResult;
import org.acemqtt.proxy.token.cbor.CborWriter;
import org.acemqtt.proxy.token.keys.IssuerKey;
import org.acemqtt.proxy.token.keys.IssuerRegistry;
import org.acemqtt.proxy.token.keys.KeyRing;
import org.acemqtt.proxy.token.keys.TrustedIssuer;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.util.BigIntegers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one full token verification (strict CBOR, COSE protection, RFC 9200 §5.10.1.1 claims, AIF scope and
 * cnf parsing) per COSE structure, as on the CONNECT path (issue 3). Run with {@code -prof gc} for bytes per verify.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerifyBench {
    private static final String ISS = "https://as.bench";
    private static final String AUD = "mqtts://bench";
    private TokenVerifier verifier;
    private byte[] es256;
    private byte[] eddsa;
    private byte[] hmac;
    private byte[] encrypt0;

    @Setup
    public void setup() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] macKey = DevTokenMinter.newKey();
        DevTokenMinter minter = new DevTokenMinter(ISS, AUD, macKey, "mac");
        Ed25519PrivateKeyParameters pop = new Ed25519PrivateKeyParameters(random);
        byte[] x = pop.generatePublicKey().getEncoded();
        byte[] aif = PublishPathBench.aif10();
        hmac = minter.ed25519Token(aif, x, 3600, "bench");
        encrypt0 = minter.symmetricToken(aif, DevTokenMinter.newKey(), new byte[] {1, 2}, 3600, "bench");

        X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(new ECDomainParameters(p256.getCurve(), p256.getG(), p256.getN(),
                p256.getH()), random));
        AsymmetricCipherKeyPair ec = generator.generateKeyPair();
        var q = ((ECPublicKeyParameters) ec.getPublic()).getQ().normalize();
        Ed25519PrivateKeyParameters ed = new Ed25519PrivateKeyParameters(random);
        byte[] claims = claims(aif, x);
        es256 = sign1(-7, "ec", claims, message -> {
            ECDSASigner signer = new ECDSASigner();
            signer.init(true, (ECPrivateKeyParameters) ec.getPrivate());
            SHA256Digest d = new SHA256Digest();
            d.update(message, 0, message.length);
            byte[] hash = new byte[32];
            d.doFinal(hash, 0);
            BigInteger[] rs = signer.generateSignature(hash);
            byte[] sig = new byte[64];
            BigIntegers.asUnsignedByteArray(rs[0], sig, 0, 32);
            BigIntegers.asUnsignedByteArray(rs[1], sig, 32, 32);
            return sig;
        });
        eddsa = sign1(-8, "ed", claims, message -> {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, ed);
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        });
        List<IssuerKey> keys = List.of(
                IssuerKey.symmetric("mac".getBytes(), null, macKey),
                IssuerKey.ec2("ec".getBytes(), -7, IssuerKey.P_256, q.getAffineXCoord().getEncoded(), q.getAffineYCoord().getEncoded()),
                IssuerKey.ed25519("ed".getBytes(), -8, ed.generatePublicKey().getEncoded()));
        verifier = new TokenVerifier(TokenVerifierConfig.builder(Set.of(AUD)).build(),
                new KeyRing(new IssuerRegistry(List.of(new TrustedIssuer(ISS, keys)))), AifScopeParser.INSTANCE, Clock.systemUTC());
        for (byte[] token : new byte[][] {es256, eddsa, hmac, encrypt0}) {
            VerificationResult result = verifier.verify(token);
            if (!result.isSuccess()) {
                throw new IllegalStateException("bench token refused: " + result);
            }
        }
    }

    private static byte[] claims(byte[] aif, byte[] x) {
        long now = System.currentTimeMillis() / 1000;
        byte[] cnf = new CborWriter().mapHeader(1).integer(1).mapHeader(3).integer(1).integer(1).integer(-1).integer(6)
                .integer(-2).bytes(x).toByteArray();
        return new CborWriter().mapHeader(6).integer(1).text(ISS).integer(3).text(AUD).integer(4).integer(now + 3600)
                .integer(8).raw(cnf).integer(9).bytes(aif).integer(38).integer(3).toByteArray();
    }

    private interface Signer {
        byte[] sign(byte[] message);
    }

    private static byte[] sign1(int alg, String kid, byte[] claims, Signer signer) {
        byte[] protectedHeader = new CborWriter().mapHeader(1).integer(1).integer(alg).toByteArray();
        byte[] toBeSigned = new CborWriter().arrayHeader(4).text("Signature1").bytes(protectedHeader).bytes(new byte[0])
                .bytes(claims).toByteArray();
        return new CborWriter().tag(18).arrayHeader(4).bytes(protectedHeader).mapHeader(1).integer(4).bytes(kid.getBytes())
                .bytes(claims).bytes(signer.sign(toBeSigned)).toByteArray();
    }

    @Benchmark
    public VerificationResult sign1Es256() {
        return verifier.verify(es256);
    }

    @Benchmark
    public VerificationResult sign1EdDsa() {
        return verifier.verify(eddsa);
    }

    @Benchmark
    public VerificationResult mac0Hmac256() {
        return verifier.verify(hmac);
    }

    @Benchmark
    public VerificationResult encrypt0A256Gcm() {
        return verifier.verify(encrypt0);
    }
}
