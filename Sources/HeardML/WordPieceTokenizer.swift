/// BERT's tokenizer: basic tokenisation, then WordPiece (greedy longest match, `##` marking a
/// piece that continues a word), between [CLS] and [SEP], truncated to the model's length.
public struct WordPieceTokenizer: Sendable {
    public let preTokenizer: BertPreTokenizer
    /// Longest sequence produced, [CLS] and [SEP] included.
    public let maxTokens: Int
    public let classifierID: Int32
    public let separatorID: Int32
    public let unknownID: Int32
    public var vocabularySize: Int { pieces.count }
    private let pieces: [String: Int32]

    /// Words longer than this many characters become [UNK], as in BERT.
    static let maxWordLength = 100

    /// `vocabulary` is vocab.txt's text: one piece per line, the line number (from 0) its id.
    public init(vocabulary: String, file: String, preTokenizer: BertPreTokenizer = BertPreTokenizer(), maxTokens: Int) throws {
        var pieces: [String: Int32] = [:]
        var lines = vocabulary.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            let piece = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            // A piece listed twice keeps its first id, as Hugging Face's loader does.
            if pieces[piece] == nil { pieces[piece] = Int32(index) }
        }
        func id(_ piece: String) throws -> Int32 {
            guard let id = pieces[piece] else { throw ModelFileError(file: file, problem: "has no \(piece) token") }
            return id
        }
        guard maxTokens >= 2 else { throw ModelFileError(file: file, problem: "maximum sequence length \(maxTokens) is below 2") }
        self.pieces = pieces
        self.preTokenizer = preTokenizer
        self.maxTokens = maxTokens
        classifierID = try id("[CLS]")
        separatorID = try id("[SEP]")
        unknownID = try id("[UNK]")
    }

    /// Token ids: [CLS], the word pieces (as many as fit), [SEP].
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [classifierID]
        let budget = maxTokens - 1
        for word in preTokenizer.words(text) {
            appendPieces(of: word, to: &ids)
            if ids.count >= budget { break }
        }
        if ids.count > budget { ids.removeLast(ids.count - budget) }
        ids.append(separatorID)
        return ids
    }

    /// The WordPiece ids of one word from `preTokenizer.words(_:)`; [UNK] when it cannot be split.
    public func pieces(ofWord word: [Unicode.Scalar]) -> [Int32] {
        var ids: [Int32] = []
        appendPieces(of: word, to: &ids)
        return ids
    }

    /// The id of a vocabulary piece ("the", "##ing", "[CLS]").
    public func id(of piece: String) -> Int32? { pieces[piece] }

    /// Every piece, indexed by id (a piece listed twice appears under its first id only; other slots are empty).
    public var piecesByID: [String] {
        var list = [String](repeating: "", count: pieces.values.map { Int($0) + 1 }.max() ?? 0)
        for (piece, id) in pieces { list[Int(id)] = piece }
        return list
    }

    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        guard word.count <= Self.maxWordLength else { ids.append(unknownID); return }
        let firstNew = ids.count
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while end > start {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = pieces[candidate] { found = id; break }
                end -= 1
            }
            guard let id = found else {
                // One piece that matches nothing makes the whole word unknown.
                ids.removeLast(ids.count - firstNew)
                ids.append(unknownID)
                return
            }
            ids.append(id)
            start = end
        }
    }
}
