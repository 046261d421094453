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

    /// The bit of a per-word feature in `WordEntry.rows`; 0 for `.bigram` and `.global`, which
    /// are not stored per word.
    @inline(__always)
    var wordBit: UInt16 {
        switch self {
        case .unigram: 1 << 0
        case .negated: 1 << 1
        case .intensified: 1 << 2
        case .downtoned: 1 << 3
        case .afterContrast: 1 << 4
        case .inQuestion: 1 << 5
        case .inRequest: 1 << 6
        case .shouted: 1 << 7
        case .bigram, .global: 0
        }
    }
}

/// Receives features. Per-word and bigram features come with the words' vocabulary entries
/// (which the scoring sink reads weights from) and their keys (which the training sink names
/// features by); names are autoclosures that the scoring path never evaluates.
protocol FeatureSink {
    /// A feature of one word; `kind` is neither `.bigram` nor `.global`.
    mutating func add(_ kind: FeatureKind, _ word: VocabularyWord, key: UInt64, name: @autoclosure () -> String)
    mutating func addBigram(_ first: VocabularyWord, key firstKey: UInt64, _ second: VocabularyWord, key secondKey: UInt64,
                            name: @autoclosure () -> String)
    mutating func add(_ feature: GlobalFeature, _ value: Float)
    mutating func add(_ context: LexiconContext, positive: Bool, _ value: Float)
}

/// A sink that wants every feature as a key, a value and a name, the keys and names that model
/// files store.
protocol KeyedFeatureSink: FeatureSink {
    mutating func add(_ key: UInt64, _ value: Float, name: @autoclosure () -> String)
}

extension KeyedFeatureSink {
    mutating func add(_ kind: FeatureKind, _ word: VocabularyWord, key: UInt64, name: @autoclosure () -> String) {
        add(combineKeys(kind.seed, key), 1, name: name())
    }

    mutating func addBigram(_ first: VocabularyWord, key firstKey: UInt64, _ second: VocabularyWord, key secondKey: UInt64,
                            name: @autoclosure () -> String) {
        add(combineKeys(FeatureKind.bigram.seed, combineKeys(firstKey, secondKey)), 1, name: name())
    }

    mutating func add(_ feature: GlobalFeature, _ value: Float) {
        add(feature.key, value, name: "g:\(feature.rawValue)")
    }

    mutating func add(_ context: LexiconContext, positive: Bool, _ value: Float) {
        let index = context.rawValue
        if positive {
            add(LexiconContext.positiveKeys[index], value, name: "g:" + LexiconContext.positiveNames[index])
        } else {
            add(LexiconContext.negativeKeys[index], value, name: "g:" + LexiconContext.negativeNames[index])
        }
    }
}

public enum GlobalFeature: String, CaseIterable, Sendable {
    case question, exclamation, politeRequest = "polite_request", shouting, elongation, contrast, negation

    public var key: UInt64 { combineKeys(FeatureKind.global.seed, stableKey(rawValue)) }

    /// Position in `allCases`.
    var index: Int {
        switch self {
        case .question: 0
        case .exclamation: 1
        case .politeRequest: 2
        case .shouting: 3
        case .elongation: 4
        case .contrast: 5
        case .negation: 6
        }
    }
}

/// A feature name taken apart: "u:good", "b:not good", "g:question".
enum FeatureName {
    case word(FeatureKind, Substring)
    case bigram(Substring, Substring)
    case global(Substring)
}

public struct SentimentFeatures: Sendable {
    static var questionMark: UInt64 { stableKey(literal: "?") }
    static var exclamationMark: UInt64 { stableKey(literal: "!") }


    /// How many words a negation reaches at most, when no punctuation or "but" closes it first.
    public static let negationReach = 4

    let vocabulary: SentimentVocabulary

    /// Features to name and train on: word roles and the lexicon, no weights.
    public init(lexicon: SentimentLexicon? = nil) {
        vocabulary = SentimentVocabulary(lexicon: lexicon)
    }

    init(vocabulary: SentimentVocabulary) {
        self.vocabulary = vocabulary
    }

    /// Features of the tokens `range` of `text` (a whole comment or one sentence or clause).
    func extract<Sink: FeatureSink>(_ text: TokenizedText, tokens range: Range<Int>, into sink: inout Sink) {
        guard !range.isEmpty else { return }
        precondition(range.lowerBound >= 0 && range.upperBound <= text.tokens.count, "token range out of bounds")
        // The token and sentence arrays behind plain pointers for the whole text: indexing the
        // arrays cost a bounds check per read in each of the three passes over the tokens.
        text.tokens.withUnsafeBufferPointer { tokens in
            text.sentences.withUnsafeBufferPointer { sentences in
                extract(text, tokens: tokens, sentences: sentences, range: range, into: &sink)
            }
        }
    }

    @inline(__always)
    private func extract<Sink: FeatureSink>(
        _ text: TokenizedText, tokens: UnsafeBufferPointer<Token>, sentences: UnsafeBufferPointer<SentenceSpan>,
        range: Range<Int>, into sink: inout Sink
    ) {
        let vocabulary = self.vocabulary
        // Each token's word is looked up once, here; the sentence scan and the features below
        // read it from this buffer.
        withUnsafeTemporaryAllocation(of: VocabularyWord.self, capacity: range.count) { buffer in
            let words = buffer.baseAddress! - range.lowerBound
            // The model's tables (about 2.5 MB) do not fit in L2, so most lookups wait on memory;
            // perf put about 60% of `extract` on the loads of the word slot, the weight row and
            // the bigram slot. All of a text's addresses are known before its features are
            // summed, so every load is started first and the misses overlap.
            for position in range {
                if let key = Self.vocabularyKey(of: tokens[position]) { vocabulary.prefetch(key) }
            }
            var previous = VocabularyWord.unknown
            var roles: WordRole = []
            for position in range {
                let token = tokens[position]
                let word = Self.vocabularyKey(of: token).map { vocabulary.find($0) } ?? .unknown
                (words + position).initialize(to: word)
                roles.formUnion(word.entry.roles)
                // `extract` pairs each word with the word before it, skipping punctuation and
                // symbols; a pair it does not look up costs a wasted prefetch, nothing more.
                switch token.kind {
                case .symbol, .url, .mention, .punctuation: continue
                case .word, .hashtag, .emoji, .emoticon, .number:
                    vocabulary.prefetchWeights(of: word, after: previous)
                    previous = word
                }
            }
            extract(text, tokens: tokens, sentences: sentences, range: range, words: words,
                    mayAskOrRequest: roles.contains(.questionMark) || roles.contains(.politeMarker), into: &sink)
        }
    }

    /// `words[i]` is the vocabulary word of token `i`, for every `i` in `range`. `mayAskOrRequest`
    /// is false when no token in `range` is a question mark or a polite marker: no sentence then
    /// is a question or a request, and the sentences need no scan for them.
    @inline(__always)
    private func extract<Sink: FeatureSink>(
        _ text: TokenizedText, tokens: UnsafeBufferPointer<Token>, sentences: UnsafeBufferPointer<SentenceSpan>,
        range: Range<Int>, words: UnsafeMutablePointer<VocabularyWord>, mayAskOrRequest: Bool, into sink: inout Sink
    ) {
        let vocabulary = self.vocabulary
        var sentenceIndex = 0
        while sentenceIndex < sentences.count, sentences[sentenceIndex].tokens.upperBound <= range.lowerBound { sentenceIndex += 1 }

        var questions = 0, exclamations = 0, requests = 0, shouts = 0, elongations = 0, contrastCount = 0, negations = 0
        var previousKey: UInt64 = 0
        var previousIndex = -1
        var previousWord = VocabularyWord.unknown
        // Per-sentence state: a sentence's question mark or "please" colours all its words.
        var sentenceEnd = range.lowerBound
        var inQuestion = false
        var inRequest = false
        var negationLeft = 0
        var afterContrast = false
        var modifier: FeatureKind? = nil
        var lexiconPositive = SIMD8<Float>(repeating: 0)
        var lexiconNegative = SIMD8<Float>(repeating: 0)
        // Bit `LexiconContext.rawValue` of each context a lexicon word was summed in: most texts
        // touch one or two of the eight, and the closing loop visits only those.
        var lexiconContexts: UInt8 = 0

        var position = range.lowerBound
        while position < range.upperBound {
            if position >= sentenceEnd {
                while sentenceIndex < sentences.count, sentences[sentenceIndex].tokens.upperBound <= position { sentenceIndex += 1 }
                let sentence = sentenceIndex < sentences.count ? sentences[sentenceIndex].tokens : position..<range.upperBound
                sentenceEnd = min(sentence.upperBound, range.upperBound)
                inQuestion = false
                inRequest = false
                // Most texts ask nothing and request nothing; scanning their sentences for it was
                // about 3% of the instructions of tokenise + score (callgrind, airline tweets).
                if mayAskOrRequest {
                    for index in position..<sentenceEnd {
                        let token = tokens[index]
                        if token.kind == .punctuation, token.key == Self.questionMark { inQuestion = true }
                        if token.kind == .word, words[index].entry.roles.contains(.politeMarker) { inRequest = true }
                    }
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
            let word = words[position]
            position += 1
            switch token.kind {
            case .punctuation:
                if token.key == Self.exclamationMark { exclamations += 1 }
                if word.entry.roles.contains(.clauseBreaker) {
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
            let role = token.kind == .word ? word.entry.roles : []
            if token.kind == .word {
                if role.contains(.contrast) {
                    afterContrast = true
                    contrastCount += 1
                    negationLeft = 0
                }
            }
            let negated = negationLeft > 0
            let unigramKind: FeatureKind = negated ? .negated : .unigram
            sink.add(unigramKind, word, key: key, name: "\(unigramKind.rawValue):\(Self.display(text, token))")
            if previousKey != 0, previousIndex >= 0 {
                sink.addBigram(previousWord, key: previousKey, word, key: key,
                               name: "b:\(Self.display(text, tokens[previousIndex])) \(Self.display(text, token))")
            }
            if let modifier {
                sink.add(modifier, word, key: key, name: "\(modifier.rawValue):\(Self.display(text, token))")
            }
            if afterContrast { sink.add(.afterContrast, word, key: key, name: "a:\(Self.display(text, token))") }
            if inQuestion { sink.add(.inQuestion, word, key: key, name: "q:\(Self.display(text, token))") }
            if inRequest { sink.add(.inRequest, word, key: key, name: "r:\(Self.display(text, token))") }
            if token.flags.contains(.shouted) {
                shouts += 1
                sink.add(.shouted, word, key: key, name: "s:\(Self.display(text, token))")
            }
            if token.flags.contains(.elongated) { elongations += 1 }
            if let valence = vocabulary.valence(of: word) {
                var contexts = SIMD8<Float>(repeating: 0)
                func mark(_ context: LexiconContext) {
                    contexts[context.rawValue] = 1
                    lexiconContexts |= 1 << UInt8(context.rawValue)
                }
                mark(negated ? .negated : .plain)
                if modifier == .intensified { mark(.intensified) }
                if modifier == .downtoned { mark(.downtoned) }
                if afterContrast { mark(.afterContrast) }
                if inQuestion { mark(.question) }
                if inRequest { mark(.request) }
                if token.flags.contains(.shouted) { mark(.shouted) }
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
            previousWord = word
        }
        func global(_ feature: GlobalFeature, _ count: Int) {
            guard count > 0 else { return }
            sink.add(feature, Float(min(count, 3)))
        }
        global(.question, questions)
        global(.exclamation, exclamations)
        global(.politeRequest, requests)
        global(.shouting, shouts)
        global(.elongation, elongations)
        global(.contrast, contrastCount)
        global(.negation, negations)
        // Contexts in ascending order, as `LexiconContext.allCases` gives them (the sums depend on
        // the order); an untouched context's sums are 0 and add nothing.
        var remaining = lexiconContexts
        while remaining != 0 {
            let index = remaining.trailingZeroBitCount
            remaining &= remaining &- 1
            let context = LexiconContext(rawValue: index)!
            if lexiconPositive[index] > 0 { sink.add(context, positive: true, lexiconPositive[index]) }
            if lexiconNegative[index] > 0 { sink.add(context, positive: false, lexiconNegative[index]) }
        }
    }

    static var numberKey: UInt64 { stableKey(literal: "<num>") }

    /// The key a token's word is found by in the vocabulary; nil for symbols, links and
    /// mentions, which the model never weighs.
    @inline(__always)
    static func vocabularyKey(of token: Token) -> UInt64? {
        switch token.kind {
        case .symbol, .url, .mention: nil
        case .number: numberKey
        case .word, .hashtag, .emoji, .emoticon, .punctuation: token.key
        }
    }

    /// A token as feature names show it (numbers all look alike to the model).
    static func display(_ text: TokenizedText, _ token: Token) -> String {
        token.kind == .number ? "<num>" : text.normalisedForm(of: token)
    }

    /// A stored feature name taken apart, nil when it is not one `extract` gives.
    static func parse(name: Substring) -> FeatureName? {
        guard name.count >= 3, let kind = FeatureKind(rawValue: name.first!), name.dropFirst().first == ":" else { return nil }
        let body = name.dropFirst(2)
        switch kind {
        case .global:
            return .global(body)
        case .bigram:
            guard let space = body.firstIndex(of: " ") else { return nil }
            return .bigram(body[..<space], body[body.index(after: space)...])
        default:
            return .word(kind, body)
        }
    }

    /// The key of a feature from its stored name ("u:good", "b:not good", "g:question"), the
    /// inverse of the names `extract` gives.
    public static func key(ofName name: Substring) -> UInt64? {
        switch parse(name: name) {
        case nil:
            return nil
        case let .global(body):
            return combineKeys(FeatureKind.global.seed, stableKey(String(body)))
        case let .bigram(first, second):
            return combineKeys(FeatureKind.bigram.seed, combineKeys(stableKey(String(first)), stableKey(String(second))))
        case let .word(kind, body):
            return combineKeys(kind.seed, stableKey(String(body)))
        }
    }
}
