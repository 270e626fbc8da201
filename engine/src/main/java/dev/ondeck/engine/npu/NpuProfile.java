package dev.ondeck.engine.npu;

import dev.ondeck.engine.DType;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an NPU-class accelerator accepts: a name, the tensor dtypes it computes in and the ONNX ops it runs,
 * read from a readable text file ({@code name N}, {@code dtypes T...}, {@code op OP [note]}, {@code #}
 * comments). {@link #nnapiLike()} is the bundled default, modelled on Android NNAPI's operation list.
 */
public final class NpuProfile {
    private final String name;
    private final Set<DType> dtypes;
    private final Map<String, String> ops;

    private NpuProfile(String name, Set<DType> dtypes, Map<String, String> ops) {
        this.name = name;
        this.dtypes = Collections.unmodifiableSet(dtypes);
        this.ops = Collections.unmodifiableMap(ops);
    }

    /** The bundled NNAPI-like profile ({@code nnapi-like.profile} next to this class). */
    public static NpuProfile nnapiLike() {
        try (InputStream in = NpuProfile.class.getResourceAsStream("nnapi-like.profile")) {
            if (in == null) {
                throw new IllegalStateException("bundled profile nnapi-like.profile is missing");
            }
            return parse(new String(readAll(in), StandardCharsets.UTF_8), "nnapi-like.profile");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled profile", e);
        }
    }

    /** Reads a profile file. */
    public static NpuProfile load(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
    }

    /** Parses profile text; {@code where} names the source in errors. */
    public static NpuProfile parse(String text, String where) {
        String name = null;
        Set<DType> dtypes = EnumSet.noneOf(DType.class);
        Map<String, String> ops = new LinkedHashMap<>();
        int lineNo = 0;
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                int hash = line.indexOf('#');
                String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (s.isEmpty()) {
                    continue;
                }
                String[] w = s.split("\\s+", 3);
                switch (w[0]) {
                    case "name":
                        name = w.length > 1 ? w[1] : null;
                        break;
                    case "dtypes":
                        for (String t : s.substring(6).trim().split("\\s+")) {
                            dtypes.add(dtype(t, where, lineNo));
                        }
                        break;
                    case "op":
                        if (w.length < 2) {
                            throw new IllegalArgumentException(where + ":" + lineNo + ": 'op' needs an ONNX op type");
                        }
                        ops.put(w[1], w.length > 2 ? w[2] : "");
                        break;
                    default:
                        throw new IllegalArgumentException(where + ":" + lineNo + ": unknown key '" + w[0]
                                + "', expected name, dtypes or op");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (name == null || dtypes.isEmpty() || ops.isEmpty()) {
            throw new IllegalArgumentException(where + ": a profile needs a name, a dtypes line and at least one op");
        }
        return new NpuProfile(name, dtypes, ops);
    }

    private static DType dtype(String t, String where, int line) {
        for (DType d : DType.values()) {
            if (d.toString().equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException(where + ":" + line + ": unknown dtype '" + t + "'");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    public String name() {
        return name;
    }

    /** Dtypes the NPU computes in. */
    public Set<DType> dtypes() {
        return dtypes;
    }

    /** Whether the NPU runs this ONNX op (default domain). */
    public boolean supports(String opType) {
        return ops.containsKey(opType);
    }

    /** Listed op types. */
    public Set<String> ops() {
        return ops.keySet();
    }
}
