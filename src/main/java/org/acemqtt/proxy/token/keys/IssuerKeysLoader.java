package org.acemqtt.proxy.token.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads one issuer's key file: a COSE_KeySet when the name ends in {@code .cbor}, a JWK Set otherwise. */
public final class IssuerKeysLoader {
    private static final long MAX_FILE_BYTES = 1 << 20;

    private IssuerKeysLoader() {
    }

    public static List<IssuerKey> load(Path file) throws KeyLoadException {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw problem(source, "larger than " + MAX_FILE_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw problem(source, "cannot read: " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? " " + e.getMessage() : ""));
        }
        List<IssuerKey> keys = source.endsWith(".cbor")
                ? CoseKeySetParser.parse(source, bytes)
                : JwkSetParser.parse(source, bytes);
        if (keys.isEmpty()) {
            throw problem(source, "the key set is empty");
        }
        return keys;
    }

    private static KeyLoadException problem(String source, String problem) {
        return new KeyLoadException(List.of(new KeyLoadException.Problem(source, -1, problem)));
    }
}
