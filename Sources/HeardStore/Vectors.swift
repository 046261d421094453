import Foundation

/// A comment's sentence vector, as stored: which encoder made it and from which content.
public struct FeedbackVector: Sendable, Equatable {
    public var feedbackRowID: Int64
    public var contentHash: Int64
    public var encoder: String
    public var values: [Float]

    public init(feedbackRowID: Int64, contentHash: Int64, encoder: String, values: [Float]) {
        self.feedbackRowID = feedbackRowID
        self.contentHash = contentHash
        self.encoder = encoder
        self.values = values
    }
}

/// A stored vector with the id of its row (which only grows; see the `feedback_vector` table).
public struct StoredVector: Sendable, Equatable {
    public var vectorID: Int64
    public var feedbackRowID: Int64
    public var values: [Float]
}

/// What a similar-feedback hit shows: the comment as stored (redacted).
public struct FeedbackSummary: Sendable, Equatable {
    public var feedbackRowID: Int64
    public var externalID: String
    public var occurredAt: Date
    public var source: String?
    public var text: String
}

/// Vectors are stored as IEEE half floats, little-endian: half the bytes of float32, and unit
/// vectors keep about three significant digits per value.
enum VectorBlob {
    static func encode(_ values: [Float]) -> Data {
        var data = Data(count: values.count * 2)
        data.withUnsafeMutableBytes { raw in
            let halves = raw.bindMemory(to: UInt16.self)
            for (index, value) in values.enumerated() { halves[index] = Float16(value).bitPattern.littleEndian }
        }
        return data
    }

    static func decode(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in
            (0..<data.count / 2).map { index in
                Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))))
            }
        }
    }
}
