package dev.ondeck.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures over a message's four JSON frames, checked in constant time. */
public final class MessageSigner {
    private static final HexFormat HEX = HexFormat.of();
    private final SecretKeySpec key;

    /** A signer for {@code key}; an empty key signs with the empty string and accepts any signature. */
    public MessageSigner(String key, String scheme) {
        if (!key.isEmpty() && !"hmac-sha256".equals(scheme)) {
            throw new IllegalArgumentException("unsupported signature_scheme " + scheme + ", expected hmac-sha256");
        }
        this.key = key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The hex signature of the given frames. */
    public String sign(byte[]... frames) {
        if (key == null) {
            return "";
        }
        return HEX.formatHex(mac(frames));
    }

    /** Whether {@code signature} (hex) matches the frames; compared with {@link MessageDigest#isEqual}. */
    public boolean verify(String signature, byte[]... frames) {
        if (key == null) {
            return true;
        }
        byte[] given;
        try {
            given = HEX.parseHex(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(frames));
    }

    private byte[] mac(byte[]... frames) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (byte[] f : frames) {
                mac.update(f);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
