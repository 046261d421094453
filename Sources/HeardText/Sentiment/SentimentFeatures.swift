/// Turns tokens into the features the sentiment model weighs. The rules here only say *where* a
/// word stands (inside a negation's scope, after an intensifier or a downtoner, after a "but", in a
/// question, in a polite request, shouted); how much each of those matters is learned by
/// `SentimentTrainer` from labelled data, never typed in.
///
/// Every feature has a stable 64-bit key built from its kind and its words, and a readable name
/// ("n:good" is "good" inside a negation) that the model file stores, so a model can be read,
/// audited and reloaded under any table size.
public enum FeatureKind: Character, CaseIterable, Sendable {
    case unigram = "u"
    case negated = "n"
    case bigram = "b"
    case intensified = "i"
    case downtoned = "d"
    case afterContrast = "a"
    case inQuestion = "q"
    case inRequest = "r"
    case shouted = "s"
    case global = "g"

    var seed: UInt64 { stableKey("heard.feature." + String(rawValue)) }
}

/// Receives features. The fast path ignores names (the autoclosure is never evaluated); the
/// training path keeps them.
public protocol FeatureSink {
    mutating func add(_ key: UInt64, _ value: Float, name: @autoclosure () -> String)
}

public enum GlobalFeature: String, CaseIterable, Sendable {
    case question, exclamation, politeRequest = "polite_request", shouting, elongation, contrast, negation

    public var key: UInt64 { combineKeys(FeatureKind.global.seed, stableKey(rawValue)) }
}

public struct SentimentFeatures: Sendable {
    static let negators: Set<UInt64> = keys(["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "hardly", "barely", "cannot", "lack", "lacks", "lacking"])
    static let intensifiers: Set<UInt64> = keys(["very", "so", "really", "extremely", "super", "too", "totally", "absolutely", "completely", "incredibly", "especially", "most", "highly", "truly", "utterly", "seriously", "such", "way", "soo", "sooo", "damn", "beyond", "particularly", "terribly", "awfully", "exceptionally", "quite", "ridiculously", "insanely", "deeply", "hugely"])
    static let downtoners: Set<UInt64> = keys(["slightly", "somewhat", "bit", "little", "fairly", "rather", "kinda", "sorta", "partly", "mildly", "barely", "almost", "marginally", "pretty"])
    static let contrasts: Set<UInt64> = keys(["but", "however", "though", "yet", "although", "nevertheless", "except", "unfortunately"])
    static let politeMarkers: Set<UInt64> = keys(["please", "kindly", "pls", "plz", "plse"])
    static let clauseBreakers: Set<UInt64> = keys([".", ",", ";", ":", "!", "?", "…", "(", ")", "-", "\""])
    static let questionMark = stableKey("?")
    static let exclamationMark = stableKey("!")

    private static func keys(_ words: [String]) -> Set<UInt64> { Set(words.map { stableKey($0) }) }

    /// How many words a negation reaches at most, when no punctuation or "but" closes it first.
    public static let negationReach = 4

    public var lexicon: SentimentLexicon?

    public init(lexicon: SentimentLexicon? = nil) {
        self.lexicon = lexicon
    }

    /// Features of the tokens `range` of `text` (a whole comment or one sentence or clause).
    public func extract<Sink: FeatureSink>(_ text: TokenizedText, tokens range: Range<Int>, into sink: inout Sink) {
        let tokens = text.tokens
        var sentenceIndex = 0
        let sentences = text.sentences
        while sentenceIndex < sentences.count, sentences[sentenceIndex].tokens.upperBound <= range.lowerBound { sentenceIndex += 1 }

        var questions = 0, exclamations = 0, requests = 0, shouts = 0, elongations = 0, contrastCount = 0, negations = 0
        var previousKey: UInt64 = 0
        var previousIndex = -1
        // Per-sentence state: a sentence's question mark or "please" colours all its words.
        var sentenceEnd = range.lowerBound
        var inQuestion = false
        var inRequest = false
        var negationLeft = 0
        var afterContrast = false
        var modifier: FeatureKind? = nil
        var lexiconPositive = SIMD8<Float>(repeating: 0)
        var lexiconNegative = SIMD8<Float>(repeating: 0)

        var position = range.lowerBound
        while position < range.upperBound {
            if position >= sentenceEnd {
                while sentenceIndex < sentences.count, sentences[sentenceIndex].tokens.upperBound <= position { sentenceIndex += 1 }
                let sentence = sentenceIndex < sentences.count ? sentences[sentenceIndex].tokens : position..<range.upperBound
                sentenceEnd = min(sentence.upperBound, range.upperBound)
                inQuestion = false
                inRequest = false
                for index in position..<sentenceEnd {
                    let token = tokens[index]
                    if token.kind == .punctuation, token.key == Self.questionMark { inQuestion = true }
                    if token.kind == .word, Self.politeMarkers.contains(token.key) { inRequest = true }
                }
                if inQuestion { questions += 1 }
                if inRequest { requests += 1 }
                negationLeft = 0
                afterContrast = false
                modifier = nil
                previousKey = 0
                previousIndex = -1
            }
            let token = tokens[position]
            position += 1
            switch token.kind {
            case .punctuation:
                if token.key == Self.exclamationMark { exclamations += 1 }
                if Self.clauseBreakers.contains(token.key) {
                    negationLeft = 0
                    modifier = nil
                    previousKey = 0
                }
                continue
            case .symbol, .url, .mention:
                // Who is addressed and which link is shared say nothing about feeling, but their
                // frequency differs between data sets, so a learned weight would only carry bias.
                continue
            case .word, .hashtag, .emoji, .emoticon, .number:
                break
            }
            let key = token.kind == .number ? Self.numberKey : token.key
            let form = { text.normalisedForm(of: token) }
            let shownForm = { token.kind == .number ? "<num>" : form() }

            if token.kind == .word {
                if Self.contrasts.contains(key) {
                    afterContrast = true
                    contrastCount += 1
                    negationLeft = 0
                }
            }
            let negated = negationLeft > 0
            let unigramKind: FeatureKind = negated ? .negated : .unigram
            sink.add(combineKeys(unigramKind.seed, key), 1, name: "\(unigramKind.rawValue):\(shownForm())")
            if previousKey != 0, previousIndex >= 0 {
                let previousForm = { tokens[previousIndex].kind == .number ? "<num>" : text.normalisedForm(of: tokens[previousIndex]) }
                sink.add(combineKeys(FeatureKind.bigram.seed, combineKeys(previousKey, key)), 1, name: "b:\(previousForm()) \(shownForm())")
            }
            if let modifier {
                sink.add(combineKeys(modifier.seed, key), 1, name: "\(modifier.rawValue):\(shownForm())")
            }
            if afterContrast { sink.add(combineKeys(FeatureKind.afterContrast.seed, key), 1, name: "a:\(shownForm())") }
            if inQuestion { sink.add(combineKeys(FeatureKind.inQuestion.seed, key), 1, name: "q:\(shownForm())") }
            if inRequest { sink.add(combineKeys(FeatureKind.inRequest.seed, key), 1, name: "r:\(shownForm())") }
            if token.flags.contains(.shouted) {
                shouts += 1
                sink.add(combineKeys(FeatureKind.shouted.seed, key), 1, name: "s:\(shownForm())")
            }
            if token.flags.contains(.elongated) { elongations += 1 }
            if let lexicon, let valence = lexicon.valence(of: key) {
                var contexts = SIMD8<Float>(repeating: 0)
                contexts[negated ? LexiconContext.negated.rawValue : LexiconContext.plain.rawValue] = 1
                if modifier == .intensified { contexts[LexiconContext.intensified.rawValue] = 1 }
                if modifier == .downtoned { contexts[LexiconContext.downtoned.rawValue] = 1 }
                if afterContrast { contexts[LexiconContext.afterContrast.rawValue] = 1 }
                if inQuestion { contexts[LexiconContext.question.rawValue] = 1 }
                if inRequest { contexts[LexiconContext.request.rawValue] = 1 }
                if token.flags.contains(.shouted) { contexts[LexiconContext.shouted.rawValue] = 1 }
                if valence > 0 {
                    lexiconPositive += contexts * (valence / 4)
                } else {
                    lexiconNegative += contexts * (-valence / 4)
                }
            }

            if negationLeft > 0 { negationLeft -= 1 }
            modifier = nil
            if token.kind == .word {
                if Self.negators.contains(key) {
                    negationLeft = Self.negationReach
                    negations += 1
                } else if Self.intensifiers.contains(key) {
                    modifier = .intensified
                } else if Self.downtoners.contains(key) {
                    modifier = .downtoned
                }
            }
            previousKey = key
            previousIndex = position - 1
        }
        func global(_ feature: GlobalFeature, _ count: Int) {
            guard count > 0 else { return }
            sink.add(feature.key, Float(min(count, 3)), name: "g:\(feature.rawValue)")
        }
        global(.question, questions)
        global(.exclamation, exclamations)
        global(.politeRequest, requests)
        global(.shouting, shouts)
        global(.elongation, elongations)
        global(.contrast, contrastCount)
        global(.negation, negations)
        if lexicon != nil {
            for context in LexiconContext.allCases {
                let index = context.rawValue
                if lexiconPositive[index] > 0 {
                    sink.add(LexiconContext.positiveKeys[index], lexiconPositive[index], name: "g:" + LexiconContext.positiveNames[index])
                }
                if lexiconNegative[index] > 0 {
                    sink.add(LexiconContext.negativeKeys[index], lexiconNegative[index], name: "g:" + LexiconContext.negativeNames[index])
                }
            }
        }
    }

    static let numberKey = stableKey("<num>")

    /// The key of a feature from its stored name ("u:good", "b:not good", "g:question"), the
    /// inverse of the names `extract` gives.
    public static func key(ofName name: Substring) -> UInt64? {
        guard name.count >= 3, let kind = FeatureKind(rawValue: name.first!), name.dropFirst().first == ":" else { return nil }
        let body = name.dropFirst(2)
        switch kind {
        case .global:
            return combineKeys(kind.seed, stableKey(String(body)))
        case .bigram:
            guard let space = body.firstIndex(of: " ") else { return nil }
            let first = stableKey(String(body[..<space]))
            let second = stableKey(String(body[body.index(after: space)...]))
            return combineKeys(kind.seed, combineKeys(first, second))
        default:
            return combineKeys(kind.seed, stableKey(String(body)))
        }
    }
}
