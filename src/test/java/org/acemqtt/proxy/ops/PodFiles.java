package org.acemqtt.proxy.ops;

import static org.acemqtt.proxy.ops.Charts.at;
import static org.acemqtt.proxy.ops.Charts.list;
import static org.acemqtt.proxy.ops.Charts.map;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.acemqtt.proxy.testsupport.TestPki;

/**
 * Lays out the proxy container's files the way the kubelet would: each volumeMount of the rendered pod is
 * materialised under a temp folder at the same absolute path, from the chart's own ConfigMaps/Secrets or from
 * the "cluster" Secrets/ConfigMaps the test provides (the TLS Secret, issuer JWK Sets). A subPath mount is one
 * file; any other mount is a folder with every key (or just the listed items).
 */
final class PodFiles {
    private PodFiles() {
    }

    /** The objects that exist in the cluster besides the chart's: name → (key → content). */
    static Map<String, Map<String, byte[]>> cluster(Path scratch, String tlsSecret, Map<String, String> jwksObjects)
            throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(scratch.resolve("pki")));
        Map<String, Map<String, byte[]>> objects = new LinkedHashMap<>();
        objects.put(tlsSecret, Map.of(
                "tls.crt", Files.readAllBytes(pki.serverCertificate()),
                "tls.key", Files.readAllBytes(pki.serverPrivateKey()),
                "ca.crt", Files.readAllBytes(pki.caCertificate())));
        for (Map.Entry<String, String> e : jwksObjects.entrySet()) {
            objects.put(e.getKey(), Map.of(e.getValue(), jwks().getBytes(StandardCharsets.UTF_8)));
        }
        return objects;
    }

    /** A JWK Set with one real EC P-256 public key. */
    static String jwks() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey pub = (ECPublicKey) gen.generateKeyPair().getPublic();
        return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"as-1\",\"alg\":\"ES256\",\"x\":\""
                + b64(pub.getW().getAffineX()) + "\",\"y\":\"" + b64(pub.getW().getAffineY()) + "\"}]}";
    }

    private static String b64(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** Materialises the mounts of {@code container} under {@code root}; returns root. */
    static Path materialise(Charts.Rendered r, String container, Path root, Map<String, Map<String, byte[]>> cluster)
            throws IOException {
        Map<String, Object> pod = r.pod();
        for (Object m : list(r.container(container), "volumeMounts")) {
            String mountPath = (String) at(m, "mountPath");
            String volumeName = (String) at(m, "name");
            Map<String, Object> volume = map(pod, "volumes[name=" + volumeName + "]");
            Path target = root.resolve(mountPath.substring(1));
            if (volume.containsKey("emptyDir")) {
                Files.createDirectories(target);
                continue;
            }
            Map<String, byte[]> data = source(r, volume, cluster);
            String subPath = (String) at(m, "subPath");
            if (subPath != null) {
                byte[] content = data.get(subPath);
                if (content == null) {
                    throw new AssertionError("mount " + mountPath + ": subPath " + subPath + " not in volume " + volumeName);
                }
                Files.createDirectories(target.getParent());
                Files.write(target, content);
                continue;
            }
            Files.createDirectories(target);
            List<Object> items = list(volume, volume.containsKey("secret") ? "secret.items" : "configMap.items");
            if (items.isEmpty()) {
                for (Map.Entry<String, byte[]> e : data.entrySet()) {
                    Files.write(target.resolve(e.getKey()), e.getValue());
                }
            } else {
                for (Object item : items) {
                    byte[] content = data.get((String) at(item, "key"));
                    if (content == null) {
                        throw new AssertionError("volume " + volumeName + ": key " + at(item, "key") + " does not exist");
                    }
                    Path file = target.resolve((String) at(item, "path"));
                    Files.createDirectories(file.getParent());
                    Files.write(file, content);
                }
            }
        }
        return root;
    }

    private static Map<String, byte[]> source(Charts.Rendered r, Map<String, Object> volume,
            Map<String, Map<String, byte[]>> cluster) {
        String name;
        String kind;
        if (volume.containsKey("secret")) {
            name = (String) at(volume, "secret.secretName");
            kind = "Secret";
        } else if (volume.containsKey("configMap")) {
            name = (String) at(volume, "configMap.name");
            kind = "ConfigMap";
        } else {
            throw new AssertionError("unexpected volume type: " + volume);
        }
        List<Map<String, Object>> own = r.all(kind).stream().filter(d -> name.equals(at(d, "metadata.name"))).toList();
        if (!own.isEmpty()) {
            Map<String, byte[]> out = new LinkedHashMap<>();
            Map<String, Object> obj = own.get(0);
            Object data = obj.containsKey("data") ? obj.get("data") : obj.get("stringData");
            ((Map<?, ?>) data).forEach((k, v) -> out.put((String) k, kind.equals("Secret") && obj.containsKey("data")
                    ? Base64.getDecoder().decode((String) v) : ((String) v).getBytes(StandardCharsets.UTF_8)));
            return out;
        }
        Map<String, byte[]> external = cluster.get(name);
        if (external == null) {
            throw new AssertionError(kind + " " + name + " is neither rendered by the chart nor provided by the test; known: "
                    + cluster.keySet() + " " + Arrays.toString(r.kinds().toArray()));
        }
        return external;
    }
}
