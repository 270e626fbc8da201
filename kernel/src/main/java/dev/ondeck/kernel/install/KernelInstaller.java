package dev.ondeck.kernel.install;

import dev.ondeck.kernel.JupyterDataDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where to install a {@link KernelSpec}, following Jupyter's data directory rules. */
public final class KernelInstaller {
    private KernelInstaller() {
    }

    /** The target location. */
    public sealed interface Target {
        /** The per-user data directory ({@code JUPYTER_DATA_DIR}, else the platform default). */
        record User() implements Target {
        }

        /** The prefix of the Python that runs Jupyter ({@code sys.prefix}). */
        record SysPrefix() implements Target {
        }

        /** {@code prefix/share/jupyter/kernels}. */
        record Prefix(Path prefix) implements Target {
        }
    }

    /**
     * Installs a spec for this JVM and class path: {@code [--user | --sys-prefix | --prefix P] [--name N]}.
     * The CLI's {@code ondeck kernel install} does the same; this entry point serves scripts and tests.
     */
    public static void main(String[] args) throws IOException {
        Target target = new Target.User();
        KernelSpec spec = KernelSpec.forThisJvm();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--user" -> target = new Target.User();
                case "--sys-prefix" -> target = new Target.SysPrefix();
                case "--prefix" -> target = new Target.Prefix(Path.of(args[++i]));
                case "--name" -> spec = new KernelSpec(args[++i], spec.displayName(), spec.java(), spec.classpath());
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + ", expected --user, --sys-prefix, --prefix P or --name N");
            }
        }
        System.out.println("Installed kernelspec " + spec.name() + " in " + install(spec, target));
    }

    /** The kernels directory for {@code target}. */
    public static Path kernelsDir(Target target) throws IOException {
        return switch (target) {
            case Target.User u -> JupyterDataDir.forUser().resolve("kernels");
            case Target.SysPrefix s -> Path.of(pythonPrefix(), "share", "jupyter", "kernels");
            case Target.Prefix p -> p.prefix().toAbsolutePath().resolve("share/jupyter/kernels");
        };
    }

    /** Writes {@code spec} for {@code target}; returns the spec directory. */
    public static Path install(KernelSpec spec, Target target) throws IOException {
        return spec.writeTo(kernelsDir(target));
    }

    private static String pythonPrefix() throws IOException {
        for (String python : new String[] {"python3", "/usr/bin/python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor() == 0 && !out.isEmpty()) {
                    return out;
                }
            } catch (IOException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking python3 for sys.prefix", e);
            }
        }
        throw new IOException("--sys-prefix needs python3 on the PATH to find sys.prefix");
    }
}
