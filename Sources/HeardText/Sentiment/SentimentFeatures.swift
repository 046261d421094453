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

    /// Mixed into a feature's key so "u:good" and "n:good" differ. Arithmetic on a constant
    /// rather than a hashed string: feature keys are built millions of times a second.
    @inline(__always)
    var seed: UInt64 {
        let code: UInt64 = switch self {
        case .unigram: 1
        case .negated: 2
        case .bigram: 3
        case .intensified: 4
        case .downtoned: 5
        case .afterContrast: 6
        case .inQuestion: 7
        case .inRequest: 8
        case .shouted: 9
        case .global: 10
        }
        return code &* 0x9E37_79B9_7F4A_7C15
    }
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
    static let questionMark = stableKey("?")
    static let exclamationMark = stableKey("!")


    /// How many words a negation reaches at most, when no punctuation or "but" closes it first.
    public static let negationReach = 4

    public var lexicon: SentimentLexicon?

    public init(lexicon: SentimentLexicon? = nil) {
        self.lexicon = lexicon
    }

    /// Features of the tokens `range` of `text` (a whole comment or one sentence or clause).
    public func extract<Sink: FeatureSink>(_ text: TokenizedText, tokens range: Range<Int>, into sink: inout Sink) {
        let tokens = text.tokens
        let roles = WordRoles.shared
        let lexicon = self.lexicon
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
                    if token.kind == .word, roles.of(token.key).contains(.politeMarker) { inRequest = true }
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
                if roles.of(token.key).contains(.clauseBreaker) {
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
            let role = token.kind == .word ? roles.of(key) : []
            if token.kind == .word {
                if role.contains(.contrast) {
                    afterContrast = true
                    contrastCount += 1
                    negationLeft = 0
                }
            }
            let negated = negationLeft > 0
            let unigramKind: FeatureKind = negated ? .negated : .unigram
            sink.add(combineKeys(unigramKind.seed, key), 1, name: "\(unigramKind.rawValue):\(Self.display(text, token))")
            if previousKey != 0, previousIndex >= 0 {
                sink.add(combineKeys(FeatureKind.bigram.seed, combineKeys(previousKey, key)), 1,
                         name: "b:\(Self.display(text, tokens[previousIndex])) \(Self.display(text, token))")
            }
            if let modifier {
                sink.add(combineKeys(modifier.seed, key), 1, name: "\(modifier.rawValue):\(Self.display(text, token))")
            }
            if afterContrast { sink.add(combineKeys(FeatureKind.afterContrast.seed, key), 1, name: "a:\(Self.display(text, token))") }
            if inQuestion { sink.add(combineKeys(FeatureKind.inQuestion.seed, key), 1, name: "q:\(Self.display(text, token))") }
            if inRequest { sink.add(combineKeys(FeatureKind.inRequest.seed, key), 1, name: "r:\(Self.display(text, token))") }
            if token.flags.contains(.shouted) {
                shouts += 1
                sink.add(combineKeys(FeatureKind.shouted.seed, key), 1, name: "s:\(Self.display(text, token))")
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
                if role.contains(.negator) {
                    negationLeft = Self.negationReach
                    negations += 1
                } else if role.contains(.intensifier) {
                    modifier = .intensified
                } else if role.contains(.downtoner) {
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

    /// A token as feature names show it (numbers all look alike to the model).
    static func display(_ text: TokenizedText, _ token: Token) -> String {
        token.kind == .number ? "<num>" : text.normalisedForm(of: token)
    }

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
