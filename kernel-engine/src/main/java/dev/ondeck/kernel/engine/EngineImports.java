package dev.ondeck.kernel.engine;

import dev.ondeck.kernel.eval.ImportProvider;
import java.util.List;

/** Imports the engine's public API, the bundled model builders and the charts into every session. */
public final class EngineImports implements ImportProvider {

    @Override
    public List<String> imports() {
        return List.of("import dev.ondeck.engine.*;", "import dev.ondeck.engine.inspect.*;",
                "import dev.ondeck.engine.profile.*;", "import dev.ondeck.engine.debug.*;",
                "import dev.ondeck.engine.diff.*;", "import dev.ondeck.engine.models.*;",
                "import dev.ondeck.visualizers.*;", "import dev.ondeck.kernel.engine.DiffRenderer;");
    }
}
