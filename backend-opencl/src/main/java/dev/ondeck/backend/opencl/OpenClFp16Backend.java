package dev.ondeck.backend.opencl;

/**
 * {@code opencl-fp16}: the {@code opencl} kernels with activations and weights stored as float16 on the
 * device ({@code vload_half}/{@code vstore_half}, core OpenCL) and arithmetic in float32. Host values stay
 * float32: copies convert. Half the device memory and bandwidth, about 3 decimal digits per value.
 */
public final class OpenClFp16Backend extends OpenClBackend {
    public OpenClFp16Backend() {
        super("opencl-fp16", true);
    }
}
