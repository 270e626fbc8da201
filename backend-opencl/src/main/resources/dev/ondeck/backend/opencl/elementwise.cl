// Elementwise kernels. A build option picks the function: -DOP_ADD (binary) or -DFN_RELU (unary, with the
// parameters p0, p1: attribute values such as LeakyRelu's alpha or Clip's bounds).
#if defined(OP_ADD)
#define BINARY(a, b) ((a) + (b))
#elif defined(OP_SUB)
#define BINARY(a, b) ((a) - (b))
#elif defined(OP_MUL)
#define BINARY(a, b) ((a) * (b))
#elif defined(OP_DIV)
#define BINARY(a, b) ((a) / (b))
#endif

#if defined(FN_RELU)
#define UNARY(v) fmax((v), 0.0f)
#elif defined(FN_SIGMOID)
#define UNARY(v) (1.0f / (1.0f + exp(-(v))))
#elif defined(FN_TANH)
#define UNARY(v) tanh(v)
#elif defined(FN_LEAKY_RELU)
#define UNARY(v) ((v) >= 0.0f ? (v) : p0 * (v))
#elif defined(FN_HARD_SIGMOID)
#define UNARY(v) fmax(0.0f, fmin(1.0f, p0 * (v) + p1))
#elif defined(FN_HARD_SWISH)
#define UNARY(v) ((v) * fmax(0.0f, fmin(1.0f, (v) / 6.0f + 0.5f)))
#elif defined(FN_CLIP)
#define UNARY(v) fmin(fmax((v), p0), p1)
#elif defined(FN_ABS)
#define UNARY(v) fabs(v)
#elif defined(FN_NEG)
#define UNARY(v) (-(v))
#elif defined(FN_EXP)
#define UNARY(v) exp(v)
#elif defined(FN_SQRT)
#define UNARY(v) sqrt(v)
#endif

#ifdef BINARY
// Same shapes, or one side a single element (sa/sb = 0 for a broadcast scalar).
__kernel void binary_flat(__global const store_t* a, __global const store_t* b, __global store_t* y, int sa, int sb) {
    int i = get_global_id(0);
    float x0 = LD(a, i * sa);
    float x1 = LD(b, i * sb);
    ST(y, i, BINARY(x0, x1));
}

// Numpy broadcasting up to rank 6: m = [rank, out dims..., a strides..., b strides...] (stride 0 broadcasts).
__kernel void binary_broadcast(__global const store_t* a, __global const store_t* b, __global store_t* y,
        __global const int* m) {
    int i = get_global_id(0);
    int rank = m[0];
    int rem = i;
    int ia = 0, ib = 0;
    for (int d = rank - 1; d >= 0; d--) {
        int dim = m[1 + d];
        int c = rem % dim;
        rem /= dim;
        ia += c * m[1 + rank + d];
        ib += c * m[1 + 2 * rank + d];
    }
    float x0 = LD(a, ia);
    float x1 = LD(b, ib);
    ST(y, i, BINARY(x0, x1));
}
#endif

#ifdef UNARY
__kernel void unary(__global const store_t* x, __global store_t* y, float p0, float p1) {
    int i = get_global_id(0);
    float v = LD(x, i);
    ST(y, i, UNARY(v));
}
#endif

// Clip with bounds read from one-element tensors (absent bounds do not clip).
__kernel void clip_bounds(__global const store_t* x, __global const store_t* lo, __global const store_t* hi,
        __global store_t* y, int hasLo, int hasHi) {
    int i = get_global_id(0);
    float v = LD(x, i);
    if (hasLo) v = fmax(v, LD(lo, 0));
    if (hasHi) v = fmin(v, LD(hi, 0));
    ST(y, i, v);
}
