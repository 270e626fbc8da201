# NNAPI-like NPU capability profile (the default of Ondeck's NPU partitioner).
# Modelled on Android NNAPI's operation list (ANEURALNETWORKS_*), ONNX names on the left.
# Lines: "name NAME", "dtypes T...", "op ONNX_OP  [what NNAPI calls it]". '#' starts a comment.
# A node goes to the NPU when its op is listed and every tensor it reads or writes has a listed dtype,
# or, for float tensors, when they come from DequantizeLinear and go only to QuantizeLinear (a QDQ group).
name nnapi-like
dtypes int8 uint8 int32
op QuantizeLinear       QUANTIZE
op DequantizeLinear     DEQUANTIZE
op Conv                 CONV_2D, DEPTHWISE_CONV_2D
op ConvTranspose        TRANSPOSE_CONV_2D
op Gemm                 FULLY_CONNECTED
op MatMul               BATCH_MATMUL
op Add                  ADD
op Sub                  SUB
op Mul                  MUL
op Div                  DIV
op Relu                 RELU
op Clip                 RELU6, RELU1 (constant bounds)
op Sigmoid              LOGISTIC
op Tanh                 TANH
op HardSwish            HARD_SWISH
op PRelu                PRELU
op MaxPool              MAX_POOL_2D
op AveragePool          AVERAGE_POOL_2D
op GlobalAveragePool    MEAN over H, W
op Concat               CONCATENATION
op Reshape              RESHAPE
op Flatten              RESHAPE
op Squeeze              SQUEEZE
op Transpose            TRANSPOSE
op Softmax              SOFTMAX
op Pad                  PAD
op Resize               RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR
op Abs                  ABS
op Neg                  NEG
op Max                  MAXIMUM
op Min                  MINIMUM
op ReduceMean           MEAN
op ArgMax               ARGMAX
