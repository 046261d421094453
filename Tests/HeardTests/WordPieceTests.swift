@testable import HeardML
import Testing

@Suite struct WordPieceTests {
    static let pieces = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##want", "##ed", "runn", "##ing", ",", "!", "a", "cafe",
                         "的", "好", "x", "##x", "$", "5"]

    func tokenizer(maxTokens: Int = 128, lowercase: Bool = true) throws -> WordPieceTokenizer {
        try WordPieceTokenizer(vocabulary: Self.pieces.joined(separator: "\n"), file: "vocab.txt",
                               preTokenizer: BertPreTokenizer(lowercase: lowercase), maxTokens: maxTokens)
    }

    func words(_ text: String, lowercase: Bool = true) -> [String] {
        BertPreTokenizer(lowercase: lowercase).words(text).map { String(String.UnicodeScalarView($0)) }
    }

    @Test func basicTokenisation() {
        #expect(words("Hello, World!") == ["hello", ",", "world", "!"])
        #expect(words("Café  ÉTÉ naïve") == ["cafe", "ete", "naive"])
        #expect(words("Café", lowercase: false) == ["Café"])
        #expect(words("$5.99 (again)") == ["$", "5", ".", "99", "(", "again", ")"])
        #expect(words("好的服务") == ["好", "的", "服", "务"])
        #expect(words("배송이 빨라서") == ["배송이", "빨라서"])
        #expect(words("a\u{7}b\u{200B}c\td\u{00A0}e\r\nf") == ["ab" + "c", "d", "e", "f"])
        #expect(words("great😀!") == ["great😀", "!"])
        #expect(words("   ") == [])
    }

    @Test func wordPieces() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.encode("UNwanted, running!") == [2, 4, 5, 6, 9, 7, 8, 10, 3])
        #expect(tokenizer.encode("") == [2, 3])
        #expect(tokenizer.encode("Café 好的") == [2, 12, 14, 13, 3])
        // A word with a piece that matches nothing is one [UNK], not pieces and an [UNK].
        #expect(tokenizer.encode("unwantedz a") == [2, 1, 11, 3])
        #expect(tokenizer.encode(String(repeating: "x", count: 100)) == [2, 15] + Array(repeating: 16, count: 99) + [3])
        #expect(tokenizer.encode(String(repeating: "x", count: 101)) == [2, 1, 3])
        #expect(tokenizer.encode("$5") == [2, 17, 18, 3])
    }

    @Test func truncationKeepsSeparator() throws {
        let tokenizer = try tokenizer(maxTokens: 5)
        #expect(tokenizer.encode("a a a a a a a") == [2, 11, 11, 11, 3])
        #expect(tokenizer.encode("unwanted") == [2, 4, 5, 6, 3])
        #expect(tokenizer.encode("unwanted a") == [2, 4, 5, 6, 3])
    }

    @Test func vocabularyWithoutSpecialTokensIsRejected() {
        #expect(throws: ModelFileError(file: "vocab.txt", problem: "has no [CLS] token")) {
            try WordPieceTokenizer(vocabulary: "[UNK]\n[SEP]\na", file: "vocab.txt", maxTokens: 8)
        }
    }
}
