import Dispatch
import Foundation
import HeardML
import HeardStats

/// Themes at scale on the static path: fit on a sample, then stream every comment through
/// embed → nearest centroid in chunks, so memory holds one chunk of vectors at a time.
public struct SemanticThemeBenchmark: Sendable {
    public struct Result: Sendable {
        public var comments: Int
        public var loadSeconds: Double
        public var fitSeconds: Double
        public var assignSeconds: Double
        public var totalSeconds: Double
        public var themes: Int
        public var coverage: Double
        public var largest: [(name: String, share: Double)]
        public var peakResidentBytes: Int?
        public var model: String
    }

    public var discovery = SemanticThemeDiscovery()
    public var chunk = 50_000

    public init() {}

    /// `comments` texts made by cycling through `texts`; `encoder` is loaded by the caller and timed in `loadSeconds`.
    public func run(texts: [String], comments: Int, encoder: any SentenceEncoder, loadSeconds: Double) -> Result {
        precondition(!texts.isEmpty)
        let started = DispatchTime.now().uptimeNanoseconds
        func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        func text(_ index: Int) -> String { texts[index % texts.count] }

        // The sample is drawn over the whole stream, as a fit on stored feedback would be.
        let sampleCount = min(discovery.sampleSize, comments)
        var generator = SeededGenerator(seed: discovery.seed)
        let sampleTexts = (0..<sampleCount).map { _ in text(Int.random(in: 0..<comments, using: &generator)) }
        let fit = discovery.fit(texts: sampleTexts, vectors: encoder.embed(sampleTexts), vectorModel: encoder.identifier)
        let fitSeconds = seconds(since: started)

        let assignStart = DispatchTime.now().uptimeNanoseconds
        var counts = [Int](repeating: 0, count: fit.model.entries.count)
        var covered = 0
        var start = 0
        while start < comments {
            let end = min(comments, start + chunk)
            let batch = (start..<end).map(text)
            for result in fit.model.assign(encoder.embed(batch)) {
                if let theme = result.theme {
                    counts[theme] += 1
                    covered += 1
                }
            }
            start = end
        }
        let assignSeconds = seconds(since: assignStart)
        let order = counts.indices.sorted { counts[$0] > counts[$1] }.prefix(5)
        return Result(
            comments: comments, loadSeconds: loadSeconds, fitSeconds: fitSeconds, assignSeconds: assignSeconds,
            totalSeconds: loadSeconds + seconds(since: started), themes: fit.model.entries.count,
            coverage: Double(covered) / Double(max(comments, 1)),
            largest: order.map { (fit.model.entries[$0].name, Double(counts[$0]) / Double(comments)) },
            peakResidentBytes: Self.peakResidentBytes(), model: encoder.identifier)
    }

    /// VmHWM from /proc/self/status (Linux); nil elsewhere.
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let parts = line.split(separator: " ")
            if parts.count >= 2, let kilobytes = Int(parts[1]) { return kilobytes * 1024 }
        }
        return nil
    }
}
