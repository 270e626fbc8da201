package dev.ondeck.cli;

import dev.ondeck.kernel.install.KernelInstaller;
import dev.ondeck.kernel.install.KernelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ondeck kernel install}: writes the Jupyter kernelspec for the Ondeck Java kernel. */
@Command(name = "kernel", mixinStandardHelpOptions = true, description = "Manage the Jupyter kernel.",
        subcommands = KernelCommand.Install.class)
final class KernelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code ondeck kernel install [--user | --sys-prefix | --prefix P] [--name N]}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install the kernelspec (kernel.json + logos) launching this build's kernel with this JDK.")
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true)
        Where where = new Where();

        @Option(names = "--name", description = "kernelspec name (default ${DEFAULT-VALUE})")
        String name = KernelSpec.DEFAULT_NAME;

        static final class Where {
            @Option(names = "--user", description = "per-user Jupyter data directory (default)")
            boolean user;
            @Option(names = "--sys-prefix", description = "sys.prefix of the python3 that runs Jupyter")
            boolean sysPrefix;
            @Option(names = "--prefix", paramLabel = "P", description = "P/share/jupyter/kernels")
            Path prefix;
        }

        @Override
        public Integer call() throws IOException {
            KernelInstaller.Target target = where.prefix != null ? new KernelInstaller.Target.Prefix(where.prefix)
                    : where.sysPrefix ? new KernelInstaller.Target.SysPrefix() : new KernelInstaller.Target.User();
            KernelSpec base = KernelSpec.forThisJvm();
            KernelSpec ks = new KernelSpec(name, base.displayName(), base.java(), base.classpath());
            Path dir = KernelInstaller.install(ks, target);
            spec.commandLine().getOut().println("Installed kernelspec " + name + " in " + dir);
            return 0;
        }
    }
}
