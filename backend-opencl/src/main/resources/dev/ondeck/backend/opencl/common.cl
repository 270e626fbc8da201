// Storage of activations and weights: float32, or float16 (HALF_STORAGE) read and written with
// vload_half/vstore_half and computed in float. BROKEN_BIAS is a test-only fault: it is added to every
// value a kernel stores (see OpenClBackend's ondeck.opencl.breakKernel).
#ifdef HALF_STORAGE
typedef half store_t;
#define LD(p, i) vload_half((i), (p))
#define ST_RAW(p, i, v) vstore_half((v), (i), (p))
#else
typedef float store_t;
#define LD(p, i) ((p)[(i)])
#define ST_RAW(p, i, v) ((p)[(i)] = (v))
#endif
#ifndef BROKEN_BIAS
#define BROKEN_BIAS 0.0f
#endif
#define ST(p, i, v) ST_RAW(p, i, (v) + BROKEN_BIAS)
#ifdef BROKEN_BUILD
#error deliberately broken build (test only: ondeck.opencl.breakBuild)
#endif
