import Foundation
import HeardML

/// OpenBLAS picks its kernels when it loads, from the CPU model it recognises. Debian 12's
/// OpenBLAS 0.3.21 does not recognise AMD Zen 4 as AVX-512-capable and runs its AVX2 ("Haswell")
/// kernels there, at half the speed of its AVX-512 ("SkylakeX") ones. Its documented override,
/// the OPENBLAS_CORETYPE variable, is read only at load time, so the command restarts itself
/// once with it set.
enum OpenBLASKernels {
    static func preferWidestVectors() {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_CORETYPE"] == nil, environment["HEARD_KEEP_BLAS_CORE"] == nil,
              ["Haswell", "Zen"].contains(BLAS.coreName), cpuHasAVX512() else { return }
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1)
        // Guards against a loop should the override not take.
        setenv("HEARD_KEEP_BLAS_CORE", "1", 1)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        // execv returns only on failure; carry on with the kernels already loaded.
    }

    /// The AVX-512 subsets OpenBLAS's SkylakeX kernels use, as the kernel reports them.
    private static func cpuHasAVX512() -> Bool {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let flags = Set(flagsLine.split(separator: " "))
        return ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy { flags.contains(Substring($0)) }
    }
}
