import COpenBLAS

/// The few BLAS calls the encoder makes, row-major, with pointers so that callers can address
/// sub-matrices without copying.
public enum BLAS {
    /// OpenBLAS's kernel family for this CPU ("Haswell", "SkylakeX", …).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// Threads OpenBLAS uses for one product.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// C (m×n) = alpha·A·Bᵀ + beta·C, where A is m×k and B is n×k (a PyTorch weight matrix).
    @inline(__always)
    static func multiplyByTransposed(m: Int, n: Int, k: Int, alpha: Float = 1,
                                     a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// C (m×n) = alpha·A·B + beta·C, where A is m×k and B is k×n, all row-major and contiguous.
    public static func multiply(m: Int, n: Int, k: Int, alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                beta: Float = 0, c: UnsafeMutablePointer<Float>) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(k), b, Int32(n), beta, c, Int32(n))
    }

    /// C (m×n) = alpha·A·Bᵀ + beta·C, where A is m×k and B is n×k, all row-major and contiguous.
    public static func multiplyByTransposed(m: Int, n: Int, k: Int, alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                            beta: Float = 0, c: UnsafeMutablePointer<Float>) {
        multiplyByTransposed(m: m, n: n, k: k, alpha: alpha, a: a, lda: k, b: b, ldb: k, beta: beta, c: c, ldc: n)
    }

    /// C (m×n) = alpha·Aᵀ·B + beta·C, where A is k×m and B is k×n (e.g. a Gram matrix XᵀX from rows X).
    public static func multiplyTransposed(m: Int, n: Int, k: Int, alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                          beta: Float = 0, c: UnsafeMutablePointer<Float>) {
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(m), b, Int32(n), beta, c, Int32(n))
    }

    /// y (m) = A·x, where A is m×n row-major and contiguous.
    public static func multiply(m: Int, n: Int, a: UnsafePointer<Float>, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(n), x, 1, 0, y, 1)
    }
}
