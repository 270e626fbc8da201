package dev.ondeck.engine.ops;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The importer's registry: (domain, op type, since-version) to a factory of typed ops. The only place
 * where ONNX op-type strings are looked up. Each op-family file registers its ops in one {@code registerAll}.
 */
public final class OpRegistry {
    /** Creates the typed op for one node. */
    public interface Factory {
        Op create(NodeSpec node);
    }

    private final Map<String, TreeMap<Integer, Factory>> byKey = new HashMap<>();

    /** Registers an op of the default ONNX domain. */
    public void register(String opType, int sinceVersion, Factory factory) {
        register("", opType, sinceVersion, factory);
    }

    /** Registers an op of a domain ("" or "ai.onnx" for the default); each version once. */
    public void register(String domain, String opType, int sinceVersion, Factory factory) {
        Factory previous = byKey.computeIfAbsent(key(domain, opType), k -> new TreeMap<>()).put(sinceVersion, factory);
        if (previous != null) {
            throw new IllegalStateException(opType + " (domain '" + domain + "', since " + sinceVersion
                    + ") is registered twice");
        }
    }

    /** The factory in force for an opset version, or null when the op (or that version) is unknown. */
    public Factory lookup(String domain, String opType, int opsetVersion) {
        TreeMap<Integer, Factory> versions = byKey.get(key(domain, opType));
        if (versions == null) {
            return null;
        }
        Map.Entry<Integer, Factory> e = versions.floorEntry(opsetVersion);
        return e == null ? null : e.getValue();
    }

    /** Every registered "domain::OpType" (default domain as "OpType"), sorted. */
    public Set<String> registeredOps() {
        Set<String> names = new TreeSet<>();
        for (String k : byKey.keySet()) {
            names.add(k.startsWith("::") ? k.substring(2) : k);
        }
        return names;
    }

    private static String key(String domain, String opType) {
        String d = domain == null || domain.equals("ai.onnx") ? "" : domain;
        return d + "::" + opType;
    }

    /** The registry of every op family the engine implements. */
    public static OpRegistry standard() {
        OpRegistry r = new OpRegistry();
        OpFamilies.registerAll(r);
        return r;
    }
}
