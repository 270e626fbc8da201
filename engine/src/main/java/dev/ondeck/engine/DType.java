package dev.ondeck.engine;

/**
 * Element types the engine computes with. Each maps to one ONNX {@code TensorProto.DataType} code and one
 * Java primitive storage array. float16 and bfloat16 are widened to {@link #FLOAT} on load.
 */
public enum DType {
    FLOAT(1, 4, "float32"),
    UINT8(2, 1, "uint8"),
    INT8(3, 1, "int8"),
    UINT16(4, 2, "uint16"),
    INT16(5, 2, "int16"),
    INT32(6, 4, "int32"),
    INT64(7, 8, "int64"),
    BOOL(9, 1, "bool"),
    DOUBLE(11, 8, "float64"),
    UINT32(12, 4, "uint32"),
    UINT64(13, 8, "uint64");

    private final int onnxCode;
    private final int byteSize;
    private final String displayName;

    DType(int onnxCode, int byteSize, String displayName) {
        this.onnxCode = onnxCode;
        this.byteSize = byteSize;
        this.displayName = displayName;
    }

    /** The ONNX {@code TensorProto.DataType} code. */
    public int onnxCode() {
        return onnxCode;
    }

    /** Bytes per element in ONNX raw_data and in .npy files. */
    public int byteSize() {
        return byteSize;
    }

    /** True for float32 and float64. */
    public boolean isFloating() {
        return this == FLOAT || this == DOUBLE;
    }

    /** True for the unsigned integer types (not bool). */
    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }

    /** True for every integer type (not bool, not floating). */
    public boolean isInteger() {
        return !isFloating() && this != BOOL;
    }

    /** The ONNX code of float16, which the loader widens to float32. */
    public static final int ONNX_FLOAT16 = 10;
    /** The ONNX code of bfloat16, which the loader widens to float32. */
    public static final int ONNX_BFLOAT16 = 16;

    /** The engine type for an ONNX code, or null when the engine has no such type. */
    public static DType fromOnnx(int code) {
        if (code == ONNX_FLOAT16 || code == ONNX_BFLOAT16) {
            return FLOAT;
        }
        for (DType t : values()) {
            if (t.onnxCode == code) {
                return t;
            }
        }
        return null;
    }

    /** Name of an ONNX element type code, for error messages. */
    public static String onnxName(int code) {
        switch (code) {
            case 0: return "undefined";
            case 8: return "string";
            case ONNX_FLOAT16: return "float16";
            case 14: return "complex64";
            case 15: return "complex128";
            case ONNX_BFLOAT16: return "bfloat16";
            default:
                DType t = fromOnnx(code);
                return t != null ? t.displayName : "type code " + code;
        }
    }

    @Override
    public String toString() {
        return displayName;
    }
}
