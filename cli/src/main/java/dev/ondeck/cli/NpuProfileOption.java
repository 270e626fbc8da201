package dev.ondeck.cli;

import dev.ondeck.engine.Model;
import dev.ondeck.engine.OndeckException;
import dev.ondeck.engine.SessionOptions;
import dev.ondeck.engine.npu.NpuEmuBackend;
import dev.ondeck.engine.npu.NpuProfile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code --npu-profile FILE|NAME} where a backend is chosen: binds {@code npu-emu} to the model under that profile
 * (a file, or a bundled profile: {@code nnapi-like}, {@code qnn-like}).
 */
final class NpuProfileOption {
    private NpuProfileOption() {
    }

    /** Session options for {@code backend}, with {@code npu-emu} bound to {@code profile} when one is given. */
    static SessionOptions.Builder options(Model model, String backend, Path profile) throws IOException {
        if (profile == null) {
            return SessionOptions.builder().backend(backend);
        }
        if (!"npu-emu".equals(backend)) {
            throw new OndeckException("--npu-profile applies to --backend npu-emu, not '" + backend + "'");
        }
        return SessionOptions.builder().backend(NpuEmuBackend.of(model, NpuProfile.named(profile.toString())));
    }
}
