package dev.ondeck.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void jsonRoundTripsMessagesWithEscapesAndNesting() {
        String text = "{\"a\":[1,2.5,\"x\\n\\\"y\\u00e9\"],\"b\":{\"c\":true,\"d\":null}}";
        Map<String, Object> m = Json.parseObject(text);
        assertEquals(List.of(1L, 2.5, "x\n\"y\u00e9"), m.get("a"));
        assertEquals(m, Json.parseObject(Json.write(m)));
        assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\":}"));
    }

    @Test
    void signerAcceptsItsOwnSignatureAndRejectsOthers() {
        MessageSigner s = new MessageSigner("secret", "hmac-sha256");
        byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
        String sig = s.sign(h, h, h, h);
        assertEquals(64, sig.length());
        assertTrue(s.verify(sig, h, h, h, h));
        assertFalse(s.verify(sig.replace(sig.charAt(0), sig.charAt(0) == 'a' ? 'b' : 'a'), h, h, h, h));
        assertFalse(s.verify("not hex", h, h, h, h));
        assertFalse(new MessageSigner("other", "hmac-sha256").verify(sig, h, h, h, h));
    }
}
