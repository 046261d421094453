import Dispatch
import Foundation

/// Sentence vectors from a static table: the weighted mean of the text's WordPiece tokens'
/// vectors, unit length. Tokens are the encoder's own (same basic tokenisation and WordPiece),
/// so the table lines up with the model it was distilled from.
///
/// Speed comes from never building strings: ASCII text is split, lower-cased and hashed byte by
/// byte, and each distinct word is split into pieces once per call (a word cache keyed by a
/// 64-bit hash of its normalised bytes). Text with other characters takes BERT's full basic
/// tokenisation, word by word through the same cache.
public final class StaticSentenceEncoder: SentenceEncoder {
    public let identifier: String
    public let dimensions: Int
    public let tokenizer: WordPieceTokenizer
    public let table: StaticEmbeddingTable
    /// Threads that share a call's texts.
    public let workers: Int
    /// Each token's vector times its weight, so a text's vector is a plain sum, then normalised.
    private let weightedRows: [Float]

    public init(table: StaticEmbeddingTable, tokenizer: WordPieceTokenizer, workers: Int = 1) {
        precondition(table.vocabularySize == tokenizer.vocabularySize, "the table and the tokenizer disagree on the vocabulary")
        self.table = table
        self.tokenizer = tokenizer
        self.workers = max(1, workers)
        dimensions = table.dimensions
        identifier = "static\(table.dimensions)-\(table.header.checksum.prefix(12))(\(table.header.model))"
        var rows = table.vectors
        for token in 0..<table.vocabularySize {
            let weight = table.weights[token]
            for index in token * dimensions ..< (token + 1) * dimensions { rows[index] *= weight }
        }
        weightedRows = rows
    }

    public func embed(_ texts: [String]) -> EmbeddingMatrix {
        var output = EmbeddingMatrix(dimensions: dimensions, zeroRows: texts.count)
        let parts = max(1, min(workers, texts.count / 2_000))
        output.withUnsafeMutableBufferPointer { buffer in
            let destination = SharedRows(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var words = WordCache()
                let chunk = (texts.count + parts - 1) / parts
                for index in part * chunk ..< min(texts.count, (part + 1) * chunk) {
                    embed(texts[index], into: destination.pointer + index * dimensions, words: &words)
                }
            }
        }
        return output
    }

    /// The pieces of words seen so far in this call, by the hash of the word's normalised UTF-8 bytes.
    struct WordCache {
        var runs: [UInt64: (start: Int32, count: Int32)] = [:]
        var pool: [Int32] = []
    }

    private func embed(_ text: String, into sum: UnsafeMutablePointer<Float>, words: inout WordCache) {
        var text = text
        let ascii = text.withUTF8 { bytes -> Bool in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
            addASCIIWords(bytes, to: sum, words: &words)
            return true
        }
        if !ascii {
            for word in tokenizer.preTokenizer.words(text) {
                var hash = WordHash()
                for scalar in word { for byte in String(scalar).utf8 { hash.add(byte) } }
                add(word: hash.value, to: sum, words: &words) { word }
            }
        }
        normalise(sum)
    }

    private func addASCIIWords(_ bytes: UnsafeBufferPointer<UInt8>, to sum: UnsafeMutablePointer<Float>, words: inout WordCache) {
        let lowercase = tokenizer.preTokenizer.lowercase
        var start = 0
        var length = 0
        var hash = WordHash()
        // The word's scalars are only built when its hash is new in this call.
        func finish(_ end: Int) {
            guard length > 0 else { return }
            add(word: hash.value, to: sum, words: &words) {
                bytes[start..<end].compactMap { byte -> Unicode.Scalar? in
                    guard byte >= 32, byte != 127 else { return nil }
                    return Unicode.Scalar(lowercase && byte >= 65 && byte <= 90 ? byte + 32 : byte)
                }
            }
            length = 0
            hash = WordHash()
        }
        for index in 0..<bytes.count {
            var byte = bytes[index]
            switch byte {
            case 32, 9, 10, 13:
                finish(index)
            case 0..<32, 127:
                // Control characters are dropped, as BERT's basic tokenisation does.
                continue
            case 33...47, 58...64, 91...96, 123...126:
                finish(index)
                start = index
                length = 1
                hash.add(byte)
                finish(index + 1)
            default:
                if length == 0 { start = index }
                if lowercase, byte >= 65, byte <= 90 { byte += 32 }
                length += 1
                hash.add(byte)
            }
        }
        finish(bytes.count)
    }

    @inline(__always)
    private func add(word key: UInt64, to sum: UnsafeMutablePointer<Float>, words: inout WordCache, scalars: () -> [Unicode.Scalar]) {
        let run: (start: Int32, count: Int32)
        if let cached = words.runs[key] {
            run = cached
        } else {
            let pieces = tokenizer.pieces(ofWord: scalars())
            run = (Int32(words.pool.count), Int32(pieces.count))
            words.pool.append(contentsOf: pieces)
            words.runs[key] = run
        }
        let dimensions = dimensions
        weightedRows.withUnsafeBufferPointer { rows in
            words.pool.withUnsafeBufferPointer { pool in
                for position in Int(run.start) ..< Int(run.start + run.count) {
                    Self.accumulate(rows.baseAddress! + Int(pool[position]) * dimensions, into: sum, count: dimensions)
                }
            }
        }
    }

    @inline(__always)
    static func accumulate(_ row: UnsafePointer<Float>, into sum: UnsafeMutablePointer<Float>, count: Int) {
        let vectorCount = count - count % VectorKernels.lanes
        var index = 0
        while index < vectorCount {
            VectorKernels.store(VectorKernels.load(sum + index) + VectorKernels.load(row + index), sum + index)
            index += VectorKernels.lanes
        }
        for tail in vectorCount..<count { sum[tail] += row[tail] }
    }

    private func normalise(_ vector: UnsafeMutablePointer<Float>) {
        var squares: Float = 0
        for index in 0..<dimensions { squares += vector[index] * vector[index] }
        guard squares > 0 else { return }
        let inverse = 1 / squares.squareRoot()
        for index in 0..<dimensions { vector[index] *= inverse }
    }
}

/// FNV-1a over a word's bytes, finished with a 64-bit mixer. A collision between two distinct
/// words in one call (about n²/2⁶⁵ for n distinct words) would give one the other's pieces.
struct WordHash {
    private var state: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    var value: UInt64 {
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The output rows, shared by worker threads that each write their own.
private struct SharedRows: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}
