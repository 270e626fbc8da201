// Data movement (Reshape, Transpose, Slice, Concat, ...) as a gather through a map computed at prepare time:
// map[i] = (source << 27) | element, up to four sources.
__kernel void gather(__global const store_t* s0, __global const store_t* s1, __global const store_t* s2,
        __global const store_t* s3, __global store_t* y, __global const int* map) {
    int i = get_global_id(0);
    int m = map[i];
    int src = m >> 27;
    int e = m & 0x7FFFFFF;
    float v = src == 0 ? LD(s0, e) : src == 1 ? LD(s1, e) : src == 2 ? LD(s2, e) : LD(s3, e);
    ST(y, i, v);
}
