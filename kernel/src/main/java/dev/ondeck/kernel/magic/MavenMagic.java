package dev.ondeck.kernel.magic;

import dev.ondeck.kernel.eval.CellOutcome;
import eu.maveniverse.maven.mima.context.Context;
import eu.maveniverse.maven.mima.context.ContextOverrides;
import eu.maveniverse.maven.mima.context.Runtime;
import eu.maveniverse.maven.mima.context.Runtimes;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.util.artifact.JavaScopes;

/**
 * {@code %maven g:a:v ...}: resolves artifacts and their runtime dependencies from Maven Central into
 * {@code ~/.m2} with Maven Resolver (through MIMA) and adds the jars to the class path.
 */
public final class MavenMagic implements Magic {

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public String synopsis() {
        return "%maven group:artifact:version ...: resolve from Maven Central and add to the class path";
    }

    @Override
    public CellOutcome run(String args, String body, MagicContext ctx) throws MagicException {
        if (args.isBlank()) {
            throw new MagicException("usage: " + synopsis());
        }
        Runtime runtime = Runtimes.INSTANCE.getRuntime();
        List<String> jars = new ArrayList<>();
        try (Context mima = runtime.create(ContextOverrides.create().withUserSettings(true).build())) {
            for (String coords : args.strip().split("\\s+")) {
                jars.addAll(resolve(mima, coords));
            }
        }
        for (String jar : jars) {
            ctx.addToClasspath(jar);
        }
        System.out.println("added " + jars.size() + " jar(s) from Maven");
        return CellOutcome.Ok.empty();
    }

    private static List<String> resolve(Context mima, String coords) throws MagicException {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coords);
        } catch (IllegalArgumentException e) {
            throw new MagicException("bad coordinates '" + coords + "', expected group:artifact:version", e);
        }
        CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME),
                mima.remoteRepositories());
        try {
            List<String> out = new ArrayList<>();
            for (ArtifactResult r : mima.repositorySystem()
                    .resolveDependencies(mima.repositorySystemSession(), new DependencyRequest(collect, null))
                    .getArtifactResults()) {
                out.add(r.getArtifact().getFile().getAbsolutePath());
            }
            return out;
        } catch (DependencyResolutionException e) {
            throw new MagicException("cannot resolve " + coords + ": " + e.getMessage(), e);
        }
    }
}
