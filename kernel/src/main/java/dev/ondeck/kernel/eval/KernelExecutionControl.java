package dev.ondeck.kernel.eval;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution engine with three additions: calls to {@code System.exit} and friends in cell
 * code are redirected to {@link ExitTrap}; the live object behind a variable can be fetched for renderers; and
 * whether the last invocation was stopped by an interrupt is recorded (JShell itself drops that fact).
 */
final class KernelExecutionControl extends LocalExecutionControl {
    private static final ClassDesc CD_TRAP = ClassDesc.of(ExitTrap.class.getName());
    private static final ClassDesc CD_RUNTIME = ClassDesc.of("java.lang.Runtime");
    private static final MethodTypeDesc MTD_EXIT = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);
    private static final MethodTypeDesc MTD_RUNTIME_EXIT =
            MethodTypeDesc.of(ConstantDescs.CD_void, CD_RUNTIME, ConstantDescs.CD_int);

    private final BooleanSupplier stopRequested;
    private volatile boolean stopped;
    private Object lastValue;

    KernelExecutionControl(ClassLoader parent, BooleanSupplier stopRequested) {
        super(parent);
        this.stopRequested = stopRequested;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        super.load(Stream.of(cbcs)
                .map(c -> new ClassBytecodes(c.name(), trapExits(c.bytecodes())))
                .toArray(ClassBytecodes[]::new));
    }

    private static byte[] trapExits(byte[] classFile) {
        ClassFile cf = ClassFile.of();
        return cf.transformClass(cf.parse(classFile), ClassTransform.transformingMethodBodies((cob, el) -> {
            if (isExit(el)) {
                InvokeInstruction i = (InvokeInstruction) el;
                cob.invokestatic(CD_TRAP, "exit", i.opcode() == Opcode.INVOKESTATIC ? MTD_EXIT : MTD_RUNTIME_EXIT);
            } else {
                cob.with(el);
            }
        }));
    }

    private static boolean isExit(CodeElement el) {
        if (!(el instanceof InvokeInstruction i)) {
            return false;
        }
        String owner = i.owner().asInternalName();
        String name = i.name().stringValue();
        return (owner.equals("java/lang/System") && name.equals("exit") && i.opcode() == Opcode.INVOKESTATIC)
                || (owner.equals("java/lang/Runtime") && (name.equals("exit") || name.equals("halt"))
                        && i.opcode() == Opcode.INVOKEVIRTUAL);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        stopped = false;
        if (stopRequested.getAsBoolean()) {
            // an interrupt that came while the snippet compiled: do not start it
            stopped = true;
            throw new StoppedException();
        }
        try {
            return super.invoke(doitMethod);
        } catch (StoppedException e) {
            stopped = true;
            throw e;
        }
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException,
            InternalException {
        try {
            Field f = findClass(className).getDeclaredField(varName);
            f.setAccessible(true);
            lastValue = f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            lastValue = null;
        }
        return super.varValue(className, varName);
    }

    /** Whether the last invocation ended because of {@link #stop()}. */
    boolean wasStopped() {
        return stopped;
    }

    /** The object read by the last {@link #varValue} call. */
    Object lastValue() {
        return lastValue;
    }

    /** Hands JShell the one control instance the evaluator holds. */
    record Provider(KernelExecutionControl control) implements ExecutionControlProvider {
        @Override
        public String name() {
            return "ondeck-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }
}
