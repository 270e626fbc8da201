# QNN-like NPU capability profile (bundled; choose it with --npu-profile qnn-like).
# Modelled on the op list of Qualcomm QNN's HTP (Hexagon tensor processor) backend, in its quantised form:
# ONNX names on the left, QNN op names on the right. Not exhaustive, and no claim about a particular SoC.
# Lines: "name NAME", "dtypes T...", "op ONNX_OP  [what QNN calls it]". '#' starts a comment.
# A node goes to the NPU when its op is listed and every tensor it reads or writes has a listed dtype,
# or, for float tensors, when they come from DequantizeLinear and go only to QuantizeLinear (a QDQ group).
name qnn-like
dtypes int8 uint8 int16 uint16 int32
op QuantizeLinear       Quantize
op DequantizeLinear     Dequantize
op Conv                 Conv2d, DepthWiseConv2d
op ConvTranspose        TransposeConv2d
op Gemm                 FullyConnected
op MatMul               MatMul
op Add                  ElementWiseAdd
op Sub                  ElementWiseSubtract
op Mul                  ElementWiseMultiply
op Div                  ElementWiseDivide
op Max                  ElementWiseMaximum
op Min                  ElementWiseMinimum
op Abs                  ElementWiseAbs
op Neg                  ElementWiseNeg
op Exp                  ElementWiseExp
op Log                  ElementWiseLog
op Sqrt                 ElementWiseSquareRoot
op Pow                  ElementWisePower
op Relu                 Relu
op Clip                 ReluMinMax
op Sigmoid              Sigmoid
op Tanh                 Tanh
op HardSwish            HardSwish
op HardSigmoid          HardSigmoid (ElementWiseNeuron)
op PRelu                Prelu
op Elu                  Elu
op Gelu                 Gelu
op MaxPool              PoolMax2d
op AveragePool          PoolAvg2d
op GlobalAveragePool    PoolAvg2d over H, W
op GlobalMaxPool        PoolMax2d over H, W
op Concat               Concat
op Split                Split
op Slice                StridedSlice
op Gather               Gather
op Reshape              Reshape
op Flatten              Reshape
op Squeeze              Reshape
op Unsqueeze            Reshape
op Transpose            Transpose
op DepthToSpace         DepthToSpace
op SpaceToDepth         SpaceToDepth
op Softmax              Softmax
op LogSoftmax           LogSoftmax
op Pad                  Pad
op Resize               Resize, ResizeBilinear, ResizeNearestNeighbor
op ReduceMean           ReduceMean
op ReduceMax            ReduceMax
op ReduceMin            ReduceMin
op ReduceSum            ReduceSum
op ArgMax               Argmax
op ArgMin               Argmin
op LayerNormalization   LayerNorm
op InstanceNormalization InstanceNorm
op BatchNormalization   Batchnorm
op Tile                 Tile
op Where                ElementWiseSelect
