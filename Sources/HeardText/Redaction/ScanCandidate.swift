/// What a scanner says about a stretch of text. `.notPII` claims the text without reporting it:
/// an IBAN with a bad checksum or a date is still not the digits of a phone number, and claiming
/// it stops later scanners from reading it as one.
struct ScanCandidate: Sendable {
    enum Verdict: Sendable, Equatable {
        case pii(PIIKind)
        case notPII
    }

    let range: Range<Int>
    let verdict: Verdict
}

protocol PIIScanner: Sendable {
    /// Candidates in text order, not overlapping each other.
    func scan(_ text: UTF8Text) -> [ScanCandidate]
    /// False only when skipping `scan` surely changes no span found in a text with these traits
    /// (it would find nothing, or only `.notPII` claims that no later scanner could run into).
    func mayFind(in traits: TextTraits) -> Bool
}

extension PIIScanner {
    func mayFind(in traits: TextTraits) -> Bool { true }
}

/// Byte ranges already taken by an earlier (higher-priority) scanner, kept sorted.
struct ClaimedRanges {
    private var ranges: [Range<Int>] = []

    /// Claims the candidates (in text order, not overlapping each other) that overlap nothing
    /// claimed so far, and returns them. One merge pass, so long texts stay linear.
    mutating func claim(_ candidates: [ScanCandidate]) -> [ScanCandidate] {
        guard !candidates.isEmpty else { return [] }
        var accepted: [ScanCandidate] = []
        var merged: [Range<Int>] = []
        merged.reserveCapacity(ranges.count + candidates.count)
        var index = 0
        for candidate in candidates {
            while index < ranges.count, ranges[index].upperBound <= candidate.range.lowerBound {
                merged.append(ranges[index])
                index += 1
            }
            if index < ranges.count, ranges[index].lowerBound < candidate.range.upperBound { continue }
            merged.append(candidate.range)
            accepted.append(candidate)
        }
        merged += ranges[index...]
        ranges = merged
        return accepted
    }
}
