/// Scaled dot-product attention for one head of one sequence, vectorised in Swift. Sequences of
/// feedback are short (tens of tokens), where a BLAS call per product costs more in set-up and
/// packing than the arithmetic itself.
enum AttentionKernel {
    typealias Vector = VectorKernels.Vector

    /// Scratch floats `attend` needs for sequences up to `length` tokens with heads of `headSize`.
    static func scratchSize(length: Int, headSize: Int) -> Int {
        let padded = paddedLength(length)
        return headSize * padded + length * padded
    }

    /// context (length × headSize, rows `contextStride` apart) := softmax(scale·Q·Kᵀ)·V, where the
    /// rows of Q, K and V are `rowStride` apart.
    static func attend(query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>, rowStride: Int,
                       length: Int, headSize: Int, scale: Float, scratch: UnsafeMutablePointer<Float>,
                       context: UnsafeMutablePointer<Float>, contextStride: Int) {
        let lanes = VectorKernels.lanes
        let padded = paddedLength(length)
        // Kᵀ, scaled, so that a row of scores is a sum of vectors (one per head dimension) with no
        // horizontal additions; the padding lanes stay zero.
        let keysTransposed = scratch
        let scores = scratch + headSize * padded
        for dimension in 0..<headSize {
            let row = keysTransposed + dimension * padded
            for token in 0..<length { row[token] = key[token * rowStride + dimension] * scale }
            for token in length..<padded { row[token] = 0 }
        }
        for i in 0..<length {
            let q = query + i * rowStride
            let scoreRow = scores + i * padded
            var chunk = 0
            while chunk < padded {
                var sum = Vector()
                for dimension in 0..<headSize {
                    sum.addProduct(Vector(repeating: q[dimension]), VectorKernels.load(keysTransposed + dimension * padded + chunk))
                }
                VectorKernels.store(sum, scoreRow + chunk)
                chunk += lanes
            }
        }
        VectorKernels.softmax(scores, rowCount: length, width: length, stride: padded)

        let vectorSize = headSize - headSize % lanes
        for i in 0..<length {
            let out = context + i * contextStride
            let weights = scores + i * padded
            var offset = 0
            while offset < vectorSize {
                var sum = Vector()
                for j in 0..<length {
                    sum.addProduct(Vector(repeating: weights[j]), VectorKernels.load(value + j * rowStride + offset))
                }
                VectorKernels.store(sum, out + offset)
                offset += lanes
            }
            for dimension in vectorSize..<headSize {
                var sum: Float = 0
                for j in 0..<length { sum += weights[j] * value[j * rowStride + dimension] }
                out[dimension] = sum
            }
        }
    }

    static func paddedLength(_ length: Int) -> Int {
        (length + VectorKernels.lanes - 1) / VectorKernels.lanes * VectorKernels.lanes
    }
}
