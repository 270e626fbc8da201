package dev.ondeck.engine.npu;

import dev.ondeck.engine.DType;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an NPU-class accelerator accepts: a name, the tensor dtypes it computes in and the ONNX ops it runs,
 * read from a readable text file ({@code name N}, {@code dtypes T...}, {@code op OP [note]}, {@code #}
 * comments), and optionally {@code relax-float32-to-float16}: float32 tensors are accepted too and computed in
 * float16 (NNAPI's {@code relaxComputationFloat32toFloat16}; the fp16 path of an NPU). {@link #nnapiLike()} is
 * the bundled default, modelled on Android NNAPI's operation list;
 * {@code qnn-like} ({@link #bundled(String)}) is modelled on Qualcomm QNN's HTP backend op list.
 */
public final class NpuProfile {
    private final String name;
    private final Set<DType> dtypes;
    private final Map<String, String> ops;
    private final boolean relaxedFloat32;

    private NpuProfile(String name, Set<DType> dtypes, Map<String, String> ops, boolean relaxedFloat32) {
        this.name = name;
        this.relaxedFloat32 = relaxedFloat32;
        this.dtypes = Collections.unmodifiableSet(dtypes);
        this.ops = Collections.unmodifiableMap(ops);
    }

    /** The profile line that lets float32 tensors onto the NPU, computed in float16. */
    public static final String RELAX_FLOAT32 = "relax-float32-to-float16";

    /** Names of the profiles bundled with Ondeck ({@code NAME.profile} next to this class). */
    public static final List<String> BUNDLED = Collections.unmodifiableList(Arrays.asList("nnapi-like", "qnn-like"));

    /** The bundled NNAPI-like profile ({@code nnapi-like.profile} next to this class), the default. */
    public static NpuProfile nnapiLike() {
        return bundled("nnapi-like");
    }

    /** A bundled profile by name (one of {@link #BUNDLED}). */
    public static NpuProfile bundled(String name) {
        if (!BUNDLED.contains(name)) {
            throw new IllegalArgumentException("no bundled NPU profile '" + name + "'; bundled: " + BUNDLED);
        }
        try (InputStream in = NpuProfile.class.getResourceAsStream(name + ".profile")) {
            if (in == null) {
                throw new IllegalStateException("bundled profile " + name + ".profile is missing");
            }
            return parse(new String(readAll(in), StandardCharsets.UTF_8), name + ".profile");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled profile " + name, e);
        }
    }

    /** Reads a profile file. */
    public static NpuProfile load(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
    }

    /**
     * The profile a user names: an existing file, else a bundled profile of that name ({@code nnapi-like},
     * {@code qnn-like}); otherwise a {@link NoSuchFileException} saying both were tried.
     */
    public static NpuProfile named(String fileOrName) throws IOException {
        Path file = Paths.get(fileOrName);
        if (Files.isRegularFile(file)) {
            return load(file);
        }
        if (BUNDLED.contains(fileOrName)) {
            return bundled(fileOrName);
        }
        throw new NoSuchFileException(fileOrName, null, "no such NPU profile file, nor a bundled profile " + BUNDLED);
    }

    /** Parses profile text; {@code where} names the source in errors. */
    public static NpuProfile parse(String text, String where) {
        String name = null;
        Set<DType> dtypes = EnumSet.noneOf(DType.class);
        Map<String, String> ops = new LinkedHashMap<>();
        boolean relaxed = false;
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
                    case RELAX_FLOAT32:
                        relaxed = true;
                        break;
                    default:
                        throw new IllegalArgumentException(where + ":" + lineNo + ": unknown key '" + w[0]
                                + "', expected name, dtypes, op or " + RELAX_FLOAT32);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (name == null || dtypes.isEmpty() || ops.isEmpty()) {
            throw new IllegalArgumentException(where + ": a profile needs a name, a dtypes line and at least one op");
        }
        return new NpuProfile(name, dtypes, ops, relaxed);
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

    /**
     * Whether float32 tensors are accepted anywhere (not only inside QDQ groups) and computed in float16: what an
     * fp16-capable NPU does with a float model, such as the fp16-weight model of {@code ondeck quantize --fp16}.
     */
    public boolean relaxedFloat32() {
        return relaxedFloat32;
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
