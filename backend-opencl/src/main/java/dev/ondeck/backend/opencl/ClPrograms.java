package dev.ondeck.backend.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Compiled OpenCL programs, cached by source and build options, so each distinct program is built once per
 * process (PoCL compiles with LLVM, which is slow). Sources are resources next to this class
 * ({@code conv.cl}, ...), each prefixed with {@code common.cl}.
 */
final class ClPrograms {
    private final OpenCl cl;
    private final MemorySegment context;
    private final MemorySegment device;
    private final Map<String, MemorySegment> programs = new HashMap<>();
    private final Map<String, String> sources = new HashMap<>();
    private int builds;

    ClPrograms(OpenCl cl, MemorySegment context, MemorySegment device) {
        this.cl = cl;
        this.context = context;
        this.device = device;
    }

    /** A new kernel object of function {@code name} in program {@code file} built with {@code options}. */
    synchronized MemorySegment kernel(String file, String options, String name) {
        String source = source(file);
        String key = options + "\n" + source;
        MemorySegment program = programs.get(key);
        if (program == null) {
            program = cl.createProgram(context, source);
            String log = cl.build(program, device, options);
            builds++;
            if (log != null) {
                throw new ClBuildException("OpenCL program " + file + " (options '" + options + "') failed to build:\n" + log);
            }
            programs.put(key, program);
        }
        return cl.createKernel(program, name);
    }

    /** Programs built so far (cache misses). */
    synchronized int builds() {
        return builds;
    }

    private String source(String file) {
        return sources.computeIfAbsent(file, f -> read("common.cl") + "\n" + read(f));
    }

    private static String read(String file) {
        try (InputStream in = ClPrograms.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("OpenCL source " + file + " missing from the backend's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
