package dev.ondeck.engine.quant;

import dev.ondeck.engine.DType;
import dev.ondeck.engine.onnx.TensorCodec;

/** IEEE half precision (float16) for code that emulates fp16 storage on float32 tensors. */
public final class Half {
    private Half() {
    }

    /** {@code f} rounded to the nearest float16 value (ties to even; overflow to infinity), as a float. */
    public static float round(float f) {
        return TensorCodec.halfBitsToFloat(DType.ONNX_FLOAT16, QuantMath.toHalf(f) & 0xffff);
    }
}
