import HeardEngine
@testable import HeardText
import Testing

/// Scoring reads weights through each word's vocabulary entry and bigram ids. It must add exactly
/// the weights that the features' stored names key, in the order `extract` gives them; the
/// reference sink here looks every feature up by its key, as scoring did before the vocabulary.
@Suite struct SentimentVocabularyTests {
    struct KeyedLogits: KeyedFeatureSink {
        let weights: [UInt64: SIMD4<Float>]
        var logits = SIMD4<Float>(repeating: 0)
        var squares: Float = 0

        mutating func add(_ key: UInt64, _ value: Float, name: @autoclosure () -> String) {
            guard let found = weights[key] else { return }
            logits += found * value
            squares += value * value
        }
    }

    static let texts = [
        "The staff were wonderful and the room was lovely",
        "the food was not very good at all, but the staff were really kind",
        "I don't think it's bad?? Please, kindly fix your app!!!",
        "THIS IS THE WORST SERVICE I HAVE EVER HAD",
        "This is NEVER okay and I am SO angry 😡😡 #fail @united https://t.co/abc",
        "sooo goood, loooved it :-) <3 … thanks a lot :(",
        "Flight 1234 was cancelled at 5:30, rebooked for $200. Nobody answers the phone.",
        "Café était très bien, merci! Straße gesperrt, ÜBERALL Stau — furchtbar",
        "we’re here and it’s lovely, isn’t it?\nsecond line is terrible",
        "good good good good good bad bad bad not not not",
        "",
        "?!?!",
    ]

    @Test func scoresEqualLookingEachFeatureUpByKey() throws {
        let model = try DefaultModels.sentiment()
        var byKey: [UInt64: SIMD4<Float>] = [:]
        for (index, name) in model.names.enumerated() {
            let key = try #require(SentimentFeatures.key(ofName: Substring(name)))
            if byKey[key] == nil {
                byKey[key] = SIMD4(model.weights[3 * index], model.weights[3 * index + 1], model.weights[3 * index + 2], 0)
            }
        }
        let features = SentimentFeatures(lexicon: model.lexicon)
        let tokenizer = Tokenizer()
        var compared = 0
        for text in Self.texts {
            let tokenized = tokenizer.tokenize(text)
            let ranges = [0..<tokenized.tokens.count] + tokenized.sentences.map(\.tokens)
            for range in ranges {
                var sink = KeyedLogits(weights: byKey)
                features.extract(tokenized, tokens: range, into: &sink)
                let scale: Float = model.normalisesLength && sink.squares > 0 ? 1 / sink.squares.squareRoot() : 1
                let logits = SIMD3(model.bias[0], model.bias[1], model.bias[2]) + SIMD3(sink.logits[0], sink.logits[1], sink.logits[2]) * scale
                #expect(model.score(tokenized, tokens: range) == SentimentScore(logits: logits), "\(text) \(range)")
                compared += 1
            }
        }
        #expect(compared > Self.texts.count)
    }

    @Test func repeatedNamesKeepTheirFirstWeightsAndBigramsNeedNoWordFeatures() {
        // "blorp" has no per-word feature: the bigram is still found through both words' ids.
        let model = SentimentModel(
            name: "test", version: "1", provenance: [], bias: [0, 0, 0],
            names: ["b:zork blorp", "u:zork", "u:zork", "g:question"],
            weights: [1, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0.5],
            normalisesLength: false, lexicon: nil)
        let tokenizer = Tokenizer()
        #expect(model.score(tokenizer.tokenize("zork blorp")) == SentimentScore(logits: SIMD3(1, 2, 0)))
        #expect(model.score(tokenizer.tokenize("blorp zork?")) == SentimentScore(logits: SIMD3(0, 2, 0.5)))
        // A clause break ends the bigram.
        #expect(model.score(tokenizer.tokenize("zork, blorp")) == SentimentScore(logits: SIMD3(0, 2, 0)))
    }

    @Test func literalKeysAreTheStableKeysOfTheirStrings() {
        #expect(SentimentFeatures.questionMark == stableKey("?"))
        #expect(SentimentFeatures.exclamationMark == stableKey("!"))
        #expect(SentimentFeatures.numberKey == stableKey("<num>"))
        #expect(stableKey(literal: "…") == stableKey("…"))
        #expect(stableKey(literal: "") == stableKey(""))
    }

    @Test func globalWeightsHaveOnePlacePerFeatureAndContext() {
        #expect(GlobalWeights.featureCount == GlobalFeature.allCases.count)
        #expect(GlobalWeights.contextCount == LexiconContext.allCases.count)
        let names = GlobalFeature.allCases.map { "g:\($0.rawValue)" } + LexiconContext.positiveNames.map { "g:" + $0 }
            + LexiconContext.negativeNames.map { "g:" + $0 }
        let weights: [Float] = names.indices.flatMap { index -> [Float] in [Float(index), 0, 0] }
        let globals = GlobalWeights(names: names, weights: weights)
        var places: [Int] = GlobalFeature.allCases.map { GlobalWeights.index(of: $0) }
        for context in LexiconContext.allCases {
            places.append(GlobalWeights.index(of: context, positive: true))
        }
        for context in LexiconContext.allCases {
            places.append(GlobalWeights.index(of: context, positive: false))
        }
        #expect(places == Array(names.indices))
        let firstWeights: [Float?] = globals.entries.map { $0?[0] }
        let expected: [Float?] = names.indices.map { Float($0) }
        #expect(firstWeights == expected)
    }

    @Test func bigramTableFindsEveryPairItHoldsAndNoOther() {
        // A full table (3/4 of its slots), so pairs collide and probes run past their home slot.
        let count = 3 * 256 / 4
        var table = BigramTable(capacity: count)
        var generator = SystemRandomNumberGenerator()
        var held: [SIMD2<Int32>: SIMD4<Float>] = [:]
        while held.count < count {
            let pair = SIMD2(Int32.random(in: 0..<40, using: &generator), Int32.random(in: 0..<40, using: &generator))
            guard held[pair] == nil else { continue }
            let weights = SIMD4<Float>(Float(held.count), -Float(held.count), 0.5, 0)
            held[pair] = weights
            table.insert(first: pair[0], second: pair[1], weights: weights)
            // A pair given again keeps its first weights.
            table.insert(first: pair[0], second: pair[1], weights: SIMD4(repeating: 99))
        }
        for first in Int32(0)..<40 {
            for second in Int32(0)..<40 {
                table.prefetch(first: first, second: second)
                #expect(table.weights(first: first, second: second) == held[SIMD2(first, second)])
            }
        }
    }

    @Test func wordsCarryRolesAndLexiconValences() throws {
        let vocabulary = SentimentVocabulary(lexicon: SentimentLexicon(entries: [("good", 1.9), ("good", -3), ("not", -0.5)]))
        let good = vocabulary.find(stableKey("good"))
        #expect(vocabulary.valence(of: good) == 1.9)
        #expect(good.entry.roles.isEmpty)
        let not = vocabulary.find(stableKey("not"))
        #expect(not.entry.roles.contains(.negator))
        #expect(vocabulary.valence(of: not) == -0.5)
        #expect(vocabulary.find(stableKey(",")).entry.roles.contains(.clauseBreaker))
        #expect(vocabulary.find(stableKey("?")).entry.roles == [.clauseBreaker, .questionMark])
        let unknown = vocabulary.find(stableKey("zork"))
        #expect(unknown.id == -1 && vocabulary.valence(of: unknown) == nil)
    }

    /// Feature names of one text, as the trainer collects them.
    private func featureNames(_ text: String) -> [String] {
        var sink = SentimentTrainer.NamingSink(indexOfKey: [:], names: [])
        let tokenized = Tokenizer().tokenize(text)
        SentimentFeatures().extract(tokenized, tokens: 0..<tokenized.tokens.count, into: &sink)
        return sink.names
    }

    /// `extract` scans sentences for questions and requests only when the text has a "?" or a
    /// polite marker; the features must be the same as with the scan.
    @Test func questionAndRequestFeaturesFollowTheirSentence() {
        let asked = featureNames("the seat was fine. is the app broken?")
        #expect(asked.contains("q:broken") && asked.contains("q:app"))
        #expect(!asked.contains("q:seat") && asked.contains("g:question"))
        let requested = featureNames("nothing works. please fix the app")
        #expect(requested.contains("r:fix") && !requested.contains("r:works"))
        #expect(requested.contains("g:polite_request"))
        let plain = featureNames("the app is broken. nothing works")
        #expect(!plain.contains { $0.hasPrefix("q:") || $0.hasPrefix("r:") })
        #expect(!plain.contains("g:question") && !plain.contains("g:polite_request"))
    }
}
