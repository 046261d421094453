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

    @Test func sentences() {
        let text = "Mr. Smith was great! Flight was late... Will I get a refund? yes\nthanks 3.5 stars"
        let tokenized = tokenizer.tokenize(text)
        let sentences = tokenized.sentences.map { String(decoding: Array(text.utf8)[$0.bytes], as: UTF8.self) }
        #expect(sentences == ["Mr. Smith was great!", "Flight was late...", "Will I get a refund?", "yes", "thanks 3.5 stars"])
    }
}
