package dev.ondeck.backend.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The OpenCL 1.2 entry points the backend uses, bound with the Foreign Function and Memory API against
 * {@code libOpenCL.so.1} (the ICD loader). Every native call goes through this class, which counts the
 * calls that make the host wait for the device ({@code clFinish}, {@code clWaitForEvents}, blocking reads)
 * and the kernels enqueued, so tests can check that a plain run does not synchronise per op.
 */
final class OpenCl {
    static final int CL_SUCCESS = 0;
    static final long CL_DEVICE_TYPE_ALL = 0xFFFFFFFFL;
    static final long CL_DEVICE_TYPE_GPU = 1 << 2;
    static final int CL_PLATFORM_NAME = 0x0902;
    static final int CL_PLATFORM_VERSION = 0x0901;
    static final int CL_DEVICE_TYPE = 0x1000;
    static final int CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
    static final int CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
    static final int CL_DEVICE_NAME = 0x102B;
    static final int CL_DEVICE_EXTENSIONS = 0x1030;
    static final int CL_PROGRAM_BUILD_LOG = 0x1183;
    static final long CL_MEM_READ_WRITE = 1;
    static final long CL_QUEUE_PROFILING_ENABLE = 1 << 1;
    static final int CL_PROFILING_COMMAND_QUEUED = 0x1280;
    static final int CL_PROFILING_COMMAND_SUBMIT = 0x1281;
    static final int CL_PROFILING_COMMAND_START = 0x1282;
    static final int CL_PROFILING_COMMAND_END = 0x1283;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final String LIBRARY = "libOpenCL.so.1";
    private static final OpenCl INSTANCE;
    private static final String LOAD_FAILURE;

    static {
        OpenCl lib = null;
        String why = null;
        try {
            lib = new OpenCl(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
        } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
            why = "cannot load " + LIBRARY + " (install an OpenCL ICD loader, e.g. Debian's ocl-icd-libopencl1): " + e.getMessage();
        } catch (IllegalCallerException e) {
            why = "native access is disabled (run java with --enable-native-access=ALL-UNNAMED): " + e.getMessage();
        }
        INSTANCE = lib;
        LOAD_FAILURE = why;
    }

    private final AtomicLong synchronisations = new AtomicLong();
    private final AtomicLong kernelsEnqueued = new AtomicLong();
    private final MethodHandle getPlatformIDs;
    private final MethodHandle getPlatformInfo;
    private final MethodHandle getDeviceIDs;
    private final MethodHandle getDeviceInfo;
    private final MethodHandle createContext;
    private final MethodHandle createCommandQueue;
    private final MethodHandle createBuffer;
    private final MethodHandle releaseMemObject;
    private final MethodHandle enqueueWriteBuffer;
    private final MethodHandle enqueueReadBuffer;
    private final MethodHandle createProgramWithSource;
    private final MethodHandle buildProgram;
    private final MethodHandle getProgramBuildInfo;
    private final MethodHandle createKernel;
    private final MethodHandle setKernelArg;
    private final MethodHandle enqueueNDRangeKernel;
    private final MethodHandle finish;
    private final MethodHandle flush;
    private final MethodHandle waitForEvents;
    private final MethodHandle getEventProfilingInfo;
    private final MethodHandle releaseEvent;
    private final MethodHandle releaseKernel;

    private OpenCl(SymbolLookup lib) {
        getPlatformIDs = bind(lib, "clGetPlatformIDs", JAVA_INT, ADDRESS, ADDRESS);
        getPlatformInfo = bind(lib, "clGetPlatformInfo", ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
        getDeviceIDs = bind(lib, "clGetDeviceIDs", ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
        getDeviceInfo = bind(lib, "clGetDeviceInfo", ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
        createContext = LINKER.downcallHandle(symbol(lib, "clCreateContext"),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        createCommandQueue = LINKER.downcallHandle(symbol(lib, "clCreateCommandQueue"),
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        createBuffer = LINKER.downcallHandle(symbol(lib, "clCreateBuffer"),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS));
        releaseMemObject = bind(lib, "clReleaseMemObject", ADDRESS);
        enqueueWriteBuffer = bind(lib, "clEnqueueWriteBuffer", ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        enqueueReadBuffer = LINKER.downcallHandle(symbol(lib, "clEnqueueReadBuffer"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT,
                        ADDRESS, ADDRESS), Linker.Option.critical(true));
        createProgramWithSource = LINKER.downcallHandle(symbol(lib, "clCreateProgramWithSource"),
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        buildProgram = bind(lib, "clBuildProgram", ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        getProgramBuildInfo = bind(lib, "clGetProgramBuildInfo", ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
        createKernel = LINKER.downcallHandle(symbol(lib, "clCreateKernel"),
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        setKernelArg = bind(lib, "clSetKernelArg", ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS);
        enqueueNDRangeKernel = bind(lib, "clEnqueueNDRangeKernel", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        finish = bind(lib, "clFinish", ADDRESS);
        flush = bind(lib, "clFlush", ADDRESS);
        waitForEvents = bind(lib, "clWaitForEvents", JAVA_INT, ADDRESS);
        getEventProfilingInfo = bind(lib, "clGetEventProfilingInfo", ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
        releaseEvent = bind(lib, "clReleaseEvent", ADDRESS);
        releaseKernel = bind(lib, "clReleaseKernel", ADDRESS);
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError(LIBRARY + " has no symbol " + name));
    }

    private static MethodHandle bind(SymbolLookup lib, String name, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(lib, name), FunctionDescriptor.of(JAVA_INT, args));
    }

    /** The bindings, or null when the library cannot be loaded ({@link #loadFailure()} says why). */
    static OpenCl get() {
        return INSTANCE;
    }

    static String loadFailure() {
        return LOAD_FAILURE;
    }

    /** Calls that made the host wait for the device so far: clFinish, clWaitForEvents and blocking reads. */
    long synchronisations() {
        return synchronisations.get();
    }

    /** Kernels enqueued so far. */
    long kernelsEnqueued() {
        return kernelsEnqueued.get();
    }

    private static int call(MethodHandle h, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment callPtr(MethodHandle h, Object... args) {
        try {
            return (MemorySegment) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void check(int err, String call) {
        if (err != CL_SUCCESS) {
            throw new OpenClException(call + " failed: " + ClErrors.name(err));
        }
    }

    MemorySegment[] platforms() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_INT);
            int err = call(getPlatformIDs, 0, MemorySegment.NULL, n);
            if (err != CL_SUCCESS || n.get(JAVA_INT, 0) == 0) {
                return new MemorySegment[0];
            }
            int count = n.get(JAVA_INT, 0);
            MemorySegment ids = a.allocate(ADDRESS, count);
            check(call(getPlatformIDs, count, ids, MemorySegment.NULL), "clGetPlatformIDs");
            return toArray(ids, count);
        }
    }

    MemorySegment[] devices(MemorySegment platform) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_INT);
            int err = call(getDeviceIDs, platform, CL_DEVICE_TYPE_ALL, 0, MemorySegment.NULL, n);
            if (err != CL_SUCCESS || n.get(JAVA_INT, 0) == 0) {
                return new MemorySegment[0];
            }
            int count = n.get(JAVA_INT, 0);
            MemorySegment ids = a.allocate(ADDRESS, count);
            check(call(getDeviceIDs, platform, CL_DEVICE_TYPE_ALL, count, ids, MemorySegment.NULL), "clGetDeviceIDs");
            return toArray(ids, count);
        }
    }

    private static MemorySegment[] toArray(MemorySegment ids, int count) {
        MemorySegment[] out = new MemorySegment[count];
        for (int i = 0; i < count; i++) {
            out[i] = ids.getAtIndex(ADDRESS, i);
        }
        return out;
    }

    String platformString(MemorySegment platform, int param) {
        return infoString(getPlatformInfo, platform, param, "clGetPlatformInfo");
    }

    String deviceString(MemorySegment device, int param) {
        return infoString(getDeviceInfo, device, param, "clGetDeviceInfo");
    }

    long deviceLong(MemorySegment device, int param) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_LONG);
            check(call(getDeviceInfo, device, param, 8L, v, MemorySegment.NULL), "clGetDeviceInfo");
            return v.get(JAVA_LONG, 0);
        }
    }

    int deviceInt(MemorySegment device, int param) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check(call(getDeviceInfo, device, param, 4L, v, MemorySegment.NULL), "clGetDeviceInfo");
            return v.get(JAVA_INT, 0);
        }
    }

    private static String infoString(MethodHandle h, MemorySegment obj, int param, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment size = a.allocate(JAVA_LONG);
            check(call(h, obj, param, 0L, MemorySegment.NULL, size), name);
            long n = size.get(JAVA_LONG, 0);
            MemorySegment v = a.allocate(Math.max(1, n));
            check(call(h, obj, param, n, v, MemorySegment.NULL), name);
            return v.getString(0).trim();
        }
    }

    MemorySegment createContext(MemorySegment device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment devs = a.allocate(ADDRESS);
            devs.set(ADDRESS, 0, device);
            MemorySegment err = a.allocate(JAVA_INT);
            MemorySegment ctx = callPtr(createContext, MemorySegment.NULL, 1, devs, MemorySegment.NULL, MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clCreateContext");
            return ctx;
        }
    }

    MemorySegment createQueue(MemorySegment context, MemorySegment device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(JAVA_INT);
            MemorySegment q = callPtr(createCommandQueue, context, device, CL_QUEUE_PROFILING_ENABLE, err);
            check(err.get(JAVA_INT, 0), "clCreateCommandQueue");
            return q;
        }
    }

    MemorySegment createBuffer(MemorySegment context, long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(JAVA_INT);
            MemorySegment mem = callPtr(createBuffer, context, CL_MEM_READ_WRITE, Math.max(bytes, 4), MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clCreateBuffer(" + bytes + " bytes)");
            return mem;
        }
    }

    void releaseBuffer(MemorySegment mem) {
        check(call(releaseMemObject, mem), "clReleaseMemObject");
    }

    /** Non-blocking write from native memory that must stay unchanged until the queue passes it. */
    void write(MemorySegment queue, MemorySegment mem, MemorySegment src, long bytes, MemorySegment event) {
        check(call(enqueueWriteBuffer, queue, mem, 0, 0L, bytes, src, 0, MemorySegment.NULL, event), "clEnqueueWriteBuffer");
    }

    /** Blocking read into a Java array (a heap segment, passed to the driver without copying). */
    void readBlocking(MemorySegment queue, MemorySegment mem, MemorySegment heapDst, long bytes, MemorySegment event) {
        synchronisations.incrementAndGet();
        check(call(enqueueReadBuffer, queue, mem, 1, 0L, bytes, heapDst, 0, MemorySegment.NULL, event), "clEnqueueReadBuffer");
    }

    MemorySegment createProgram(MemorySegment context, String source) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment strings = a.allocate(ADDRESS);
            strings.set(ADDRESS, 0, a.allocateFrom(source));
            MemorySegment err = a.allocate(JAVA_INT);
            MemorySegment p = callPtr(createProgramWithSource, context, 1, strings, MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clCreateProgramWithSource");
            return p;
        }
    }

    /** Builds a program; returns null on success, else the compiler's log. */
    String build(MemorySegment program, MemorySegment device, String options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment devs = a.allocate(ADDRESS);
            devs.set(ADDRESS, 0, device);
            int err = call(buildProgram, program, 1, devs, a.allocateFrom(options), MemorySegment.NULL, MemorySegment.NULL);
            if (err == CL_SUCCESS) {
                return null;
            }
            MemorySegment size = a.allocate(JAVA_LONG);
            call(getProgramBuildInfo, program, device, CL_PROGRAM_BUILD_LOG, 0L, MemorySegment.NULL, size);
            long n = size.get(JAVA_LONG, 0);
            MemorySegment log = a.allocate(Math.max(1, n));
            call(getProgramBuildInfo, program, device, CL_PROGRAM_BUILD_LOG, n, log, MemorySegment.NULL);
            return ClErrors.name(err) + "\n" + log.getString(0).trim();
        }
    }

    MemorySegment createKernel(MemorySegment program, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment err = a.allocate(JAVA_INT);
            MemorySegment k = callPtr(createKernel, program, a.allocateFrom(name), err);
            check(err.get(JAVA_INT, 0), "clCreateKernel(" + name + ")");
            return k;
        }
    }

    /** Sets a kernel argument from {@code size} bytes at {@code value}. */
    void setArg(MemorySegment kernel, int index, long size, MemorySegment value) {
        int err;
        try {
            err = (int) setKernelArg.invokeExact(kernel, index, size, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(err, "clSetKernelArg(" + index + ")");
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** Enqueues a 1-D range of {@code global} work items; {@code event} is NULL or receives the event. */
    void enqueue(MemorySegment queue, MemorySegment kernel, MemorySegment globalSize, MemorySegment event) {
        kernelsEnqueued.incrementAndGet();
        int err;
        try {
            err = (int) enqueueNDRangeKernel.invokeExact(queue, kernel, 1, MemorySegment.NULL, globalSize,
                    MemorySegment.NULL, 0, MemorySegment.NULL, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        check(err, "clEnqueueNDRangeKernel");
    }

    void finish(MemorySegment queue) {
        synchronisations.incrementAndGet();
        check(call(finish, queue), "clFinish");
    }

    void flush(MemorySegment queue) {
        check(call(flush, queue), "clFlush");
    }

    void waitFor(MemorySegment eventList, int count) {
        synchronisations.incrementAndGet();
        check(call(waitForEvents, count, eventList), "clWaitForEvents");
    }

    /** One of the CL_PROFILING_COMMAND_* times of a completed event, in device nanoseconds. */
    long profilingTime(MemorySegment event, int param, MemorySegment scratch) {
        check(call(getEventProfilingInfo, event, param, 8L, scratch, MemorySegment.NULL), "clGetEventProfilingInfo");
        return scratch.get(JAVA_LONG, 0);
    }

    void release(MemorySegment event) {
        check(call(releaseEvent, event), "clReleaseEvent");
    }

    void releaseKernel(MemorySegment kernel) {
        check(call(releaseKernel, kernel), "clReleaseKernel");
    }
}
