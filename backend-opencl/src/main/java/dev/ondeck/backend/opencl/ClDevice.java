package dev.ondeck.backend.opencl;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One OpenCL device as discovered: its platform, name, compute units, global memory and whether it has
 * {@code cl_khr_fp16}. {@link #discover} lists them all; {@link #select} picks the one the backend uses:
 * the device named by system property {@code ondeck.opencl.device} (a substring of "platform / device",
 * case-insensitive), else the first GPU, else the first device.
 */
record ClDevice(MemorySegment platformId, MemorySegment deviceId, String platform, String name, boolean gpu,
                int computeUnits, long globalMemoryBytes, boolean fp16) {
    /** System property choosing a device by a substring of its platform and device names. */
    static final String PROPERTY = "ondeck.opencl.device";

    /** Every device of every platform. */
    static List<ClDevice> discover(OpenCl cl) {
        List<ClDevice> out = new ArrayList<>();
        for (MemorySegment p : cl.platforms()) {
            String platform = cl.platformString(p, OpenCl.CL_PLATFORM_NAME);
            for (MemorySegment d : cl.devices(p)) {
                String ext = cl.deviceString(d, OpenCl.CL_DEVICE_EXTENSIONS);
                out.add(new ClDevice(p, d, platform, cl.deviceString(d, OpenCl.CL_DEVICE_NAME),
                        (cl.deviceLong(d, OpenCl.CL_DEVICE_TYPE) & OpenCl.CL_DEVICE_TYPE_GPU) != 0,
                        cl.deviceInt(d, OpenCl.CL_DEVICE_MAX_COMPUTE_UNITS),
                        cl.deviceLong(d, OpenCl.CL_DEVICE_GLOBAL_MEM_SIZE), ext.contains("cl_khr_fp16")));
            }
        }
        return out;
    }

    /** The device to use among {@code devices} (non-empty); fails listing them when the property matches none. */
    static ClDevice select(List<ClDevice> devices) {
        String wanted = System.getProperty(PROPERTY);
        if (wanted != null && !wanted.isBlank()) {
            String w = wanted.toLowerCase(Locale.ROOT);
            for (ClDevice d : devices) {
                if ((d.platform + " / " + d.name).toLowerCase(Locale.ROOT).contains(w)) {
                    return d;
                }
            }
            throw new OpenClException("-D" + PROPERTY + "=" + wanted + " matches no OpenCL device; found "
                    + devices.stream().map(ClDevice::describe).toList());
        }
        for (ClDevice d : devices) {
            if (d.gpu) {
                return d;
            }
        }
        return devices.get(0);
    }

    /** One line: platform, device, compute units, memory, fp16. */
    String describe() {
        return String.format(Locale.ROOT, "%s / %s (%s, %d compute units, %.1f GiB, %s)", platform, name,
                gpu ? "GPU" : "non-GPU", computeUnits, globalMemoryBytes / 1073741824.0,
                fp16 ? "cl_khr_fp16" : "no cl_khr_fp16");
    }
}
