import Foundation
import HeardText
import Testing

@Suite struct TokenizerTests {
    let tokenizer = Tokenizer()

    func forms(_ text: String) -> [String] {
        let tokenized = tokenizer.tokenize(text)
        return tokenized.tokens.map { tokenized.normalisedForm(of: $0) }
    }

    @Test func wordsContractionsAndElongations() {
        #expect(forms("I don't like it, it's sooo slow") == ["i", "do", "not", "like", "it", ",", "it", "soo", "slow"])
        #expect(forms("Can't, won't, dont") == ["can", "not", ",", "will", "not", ",", "do", "not"])
        #expect(forms("We’re here") == ["we", "are", "here"])
        let tokenized = tokenizer.tokenize("sooo goood")
        #expect(tokenized.tokens.allSatisfy { $0.flags.contains(.elongated) })
    }

    @Test func socialTokens() {
        let text = "@united lost my bag 😡😡 #fail see https://t.co/abc. :) <3"
        let tokenized = tokenizer.tokenize(text)
        let kinds = tokenized.tokens.map(\.kind)
        #expect(kinds == [.mention, .word, .word, .word, .emoji, .emoji, .hashtag, .word, .url, .punctuation, .emoticon, .emoticon])
        #expect(tokenized.normalisedForm(of: tokenized.tokens[6]) == "fail")
        let url = tokenized.tokens[8]
        let bytes = Array(text.utf8)[url.byteRange]
        #expect(String(decoding: bytes, as: UTF8.self) == "https://t.co/abc")
    }

    @Test func emojiModifiersStayWithTheirEmoji() {
        let tokenized = tokenizer.tokenize("ok 👍🏽 fine")
        #expect(tokenized.tokens.map(\.kind) == [.word, .emoji, .word])
        #expect(tokenized.tokens[1].key == tokenizer.tokenize("👍").tokens[0].key)
    }

    @Test func capitalsAndUnicode() {
        let tokenized = tokenizer.tokenize("This is NEVER okay. Café ÉTÉ")
        #expect(tokenized.tokens[2].flags.contains(.shouted))
        #expect(!tokenized.tokens[0].flags.contains(.shouted))
        #expect(tokenized.normalisedForm(of: tokenized.tokens[5]) == "café")
        #expect(tokenized.normalisedForm(of: tokenized.tokens[6]) == "été")
        #expect(tokenizer.tokenize("WORST AIRLINE EVER").isAllCaps)
    }

    /// Letters beyond ASCII: case, combining marks inside a word, and apostrophes before them.
    @Test func lettersBeyondASCII() {
        let shouted = tokenizer.tokenize("this is ÉTÉ ok")
        #expect(shouted.tokens[2].flags.contains(.shouted) && shouted.tokens[2].flags.contains(.capitalised))
        let combining = tokenizer.tokenize("e\u{301}te\u{301} fine")
        #expect(combining.tokens.count == 2)
        #expect(combining.normalisedForm(of: combining.tokens[0]) == "été")
        #expect(combining.tokens[0].byteRange == 0..<7)
        let leadingMark = tokenizer.tokenize("\u{301}x")
        #expect(leadingMark.tokens.map(\.kind) == [.symbol, .word])
        let elided = tokenizer.tokenize("l’Über")
        #expect(elided.tokens.count == 1 && elided.normalisedForm(of: elided.tokens[0]) == "l'über")
    }

    @Test func sentences() {
        let text = "Mr. Smith was great! Flight was late... Will I get a refund? yes\nthanks 3.5 stars"
        let tokenized = tokenizer.tokenize(text)
        let sentences = tokenized.sentences.map { String(decoding: Array(text.utf8)[$0.bytes], as: UTF8.self) }
        #expect(sentences == ["Mr. Smith was great!", "Flight was late...", "Will I get a refund?", "yes", "thanks 3.5 stars"])
    }

    /// Each token's span in `normalised` holds its form, spans are back to back, and the key is
    /// that of the form: what the scanner's scratch buffers must keep when they flush.
    func expectConsistentNormalisedBytes(_ tokenized: TokenizedText) {
        var expectedStart: Int32 = 0
        for token in tokenized.tokens {
            #expect(token.normStart == expectedStart)
            #expect(token.key == stableKey(tokenized.normalisedForm(of: token)))
            expectedStart = token.normEnd
        }
        #expect(Int(expectedStart) == tokenized.normalised.count)
    }

    @Test func formsLongerThanTheirTextFlushTheScratchBuffer() {
        // "<mention>" is 9 bytes for 2, "would" 5 for 2: far more than the buffer's slack.
        let mentions = tokenizer.tokenize(String(repeating: "@a ", count: 200))
        #expect(mentions.tokens.count == 200)
        #expect(mentions.tokens.allSatisfy { $0.kind == .mention && mentions.normalisedForm(of: $0) == "<mention>" })
        expectConsistentNormalisedBytes(mentions)
        let contractions = tokenizer.tokenize(String(repeating: "I'd ", count: 100))
        #expect(contractions.tokens.map { contractions.normalisedForm(of: $0) } == Array(repeating: ["i", "would"], count: 100).flatMap { $0 })
        expectConsistentNormalisedBytes(contractions)
    }

    @Test func aWordWhoseFoldingOutgrowsTheBufferKeepsItsPlace() {
        // U+FDFA folds to 18 scalars (33 bytes) from 3 bytes.
        let ligatures = String(repeating: "\u{FDFA}", count: 40)
        let tokenized = tokenizer.tokenize("before \(ligatures) after")
        #expect(tokenized.tokens.count == 3)
        #expect(tokenized.normalisedForm(of: tokenized.tokens[1]) == ligatures.precomposedStringWithCompatibilityMapping.lowercased())
        #expect(tokenized.normalisedForm(of: tokenized.tokens[2]) == "after")
        expectConsistentNormalisedBytes(tokenized)
    }

    @Test func manyTokensAndAReusedBufferGiveTheSameResult() {
        let text = (0..<150).map { "word\($0 % 7 == 0 ? "!" : "") don't" }.joined(separator: " ")
        let fresh = tokenizer.tokenize(text)
        #expect(fresh.tokens.count == 150 * 3 + 22)
        expectConsistentNormalisedBytes(fresh)
        var reused = tokenizer.tokenize(String(repeating: "@a I'd ", count: 50))
        tokenizer.tokenize(text, into: &reused)
        #expect(reused.tokens == fresh.tokens)
        #expect(reused.normalised == fresh.normalised)
        #expect(reused.sentences == fresh.sentences)
    }
}
