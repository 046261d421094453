import HeardModel
import CPrefetch

/// What the sentiment features know about one word (or emoji, emoticon, punctuation mark): its
/// roles, its lexicon valence and which per-word features the model weighs for it. One lookup per
/// token finds all of it; before, each token cost a role lookup, a lexicon lookup and one weight
/// lookup per feature, each in its own table (3 MB of weight slots for the shipped model).
struct WordEntry: Sendable {
    static let occupied: UInt8 = 1 << 0
    /// The word is the first, or the second, word of some bigram the model weighs: a bigram of
    /// two words is looked up only when both bits say it can exist.
    static let startsBigram: UInt8 = 1 << 1
    static let endsBigram: UInt8 = 1 << 2
    /// Bit of `rows` for the row holding the lexicon valence (after the word-feature bits).
    static let valenceBit: UInt16 = 1 << 8

    var key: UInt64 = 0
    /// Index in `SentimentVocabulary.rows` of the word's first row.
    var firstRow: UInt32 = 0
    /// Which rows the word has, in bit order: `FeatureKind.wordBit` for each per-word feature
    /// with weights, then `valenceBit`.
    var rows: UInt16 = 0
    var roles: WordRole = []
    var flags: UInt8 = 0

    /// Index in `rows` of the row for `bit`, which must be set in `rows`.
    @inline(__always)
    func row(_ bit: UInt16) -> Int {
        Int(firstRow) + (rows & (bit &- 1)).nonzeroBitCount
    }
}

/// A word as the feature extractor sees it: its entry and its position in the vocabulary, which
/// names it in bigram keys. `id` is -1 for a word the vocabulary does not know.
struct VocabularyWord: Sendable {
    var entry: WordEntry
    var id: Int32

    static let unknown = VocabularyWord(entry: WordEntry(), id: -1)
}

/// Word key to `WordEntry`: open addressing, linear probing, at most 3/4 full. Per-word rows
/// (weights of the word's features, valence) lie back to back in `rows`; bigram weights are keyed
/// by the two words' ids in `bigrams`, so no bigram key is hashed from strings or bytes.
struct SentimentVocabulary: Sendable {
    private var slots: [WordEntry]
    private let slotting: FibonacciSlots
    /// Three class weights per row (the fourth lane is 0), or a valence in lane 0.
    private(set) var rows: [SIMD4<Float>] = []
    private(set) var bigrams: BigramTable

    /// Roles and lexicon valences only: what training needs to name features.
    init(lexicon: SentimentLexicon?) {
        self.init(lexicon: lexicon, names: [], weights: [])
    }

    /// `weights[3 * i ..< 3 * i + 3]` are the class weights of feature `names[i]`; names that are
    /// not per-word or bigram features ("g:…") are left to the caller. When a name repeats, its
    /// first weights count, as the lexicon's first valence for a repeated word does.
    init(lexicon: SentimentLexicon?, names: [String], weights: [Float]) {
        var words = WordCollector()
        for (word, roles) in WordRoles.all { words.update(stableKey(word)) { $0.roles.formUnion(roles) } }
        var valences: [UInt64: Float] = [:]
        for entry in lexicon?.entries ?? [] {
            let key = stableKey(entry.word)
            if valences[key] == nil { valences[key] = entry.valence }
            words.update(key) { _ in }
        }
        var wordWeights: [UInt64: [UInt16: SIMD4<Float>]] = [:]
        var bigramWeights: [(first: UInt64, second: UInt64, weights: SIMD4<Float>)] = []
        var seenBigrams = Set<SIMD2<UInt64>>()
        for (index, name) in names.enumerated() {
            let classWeights = SIMD4(weights[3 * index], weights[3 * index + 1], weights[3 * index + 2], 0)
            guard let feature = SentimentFeatures.parse(name: Substring(name)) else { continue }
            switch feature {
            case let .word(kind, word):
                let key = stableKey(String(word))
                words.update(key) { _ in }
                if wordWeights[key, default: [:]][kind.wordBit] == nil { wordWeights[key, default: [:]][kind.wordBit] = classWeights }
            case let .bigram(first, second):
                let pair = SIMD2(stableKey(String(first)), stableKey(String(second)))
                guard seenBigrams.insert(pair).inserted else { continue }
                words.update(pair[0]) { $0.flags |= WordEntry.startsBigram }
                words.update(pair[1]) { $0.flags |= WordEntry.endsBigram }
                bigramWeights.append((pair[0], pair[1], classWeights))
            case .global:
                continue
            }
        }

        slotting = FibonacciSlots(capacity: words.order.count)
        let size = slotting.size
        slots = [WordEntry](repeating: WordEntry(), count: size)
        bigrams = BigramTable(capacity: bigramWeights.count)
        for key in words.order {
            var entry = words.entries[key]!
            entry.key = key
            entry.flags |= WordEntry.occupied
            entry.firstRow = UInt32(rows.count)
            let features = wordWeights[key] ?? [:]
            for bit in features.keys.sorted() {
                entry.rows |= bit
                rows.append(features[bit]!)
            }
            if let valence = valences[key] {
                entry.rows |= WordEntry.valenceBit
                rows.append(SIMD4(valence, 0, 0, 0))
            }
            var slot = slotting.slot(of: key)
            while slots[slot].flags & WordEntry.occupied != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = entry
        }
        for bigram in bigramWeights {
            bigrams.insert(first: find(bigram.first).id, second: find(bigram.second).id, weights: bigram.weights)
        }
    }

    @inline(__always)
    func find(_ key: UInt64) -> VocabularyWord {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = slotting.slot(of: key)
            while true {
                let entry = slots[slot]
                if entry.flags & WordEntry.occupied == 0 { return .unknown }
                if entry.key == key { return VocabularyWord(entry: entry, id: Int32(truncatingIfNeeded: slot)) }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Starts loading the slot where `find(key)` begins.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        slots.withUnsafeBufferPointer { heard_prefetch($0.baseAddress! + slotting.slot(of: key)) }
    }

    /// Starts loading what scoring reads for `word` next to `previous`: the word's first
    /// weight row and, when the two words can form a bigram, that bigram's first slot.
    @inline(__always)
    func prefetchWeights(of word: VocabularyWord, after previous: VocabularyWord) {
        if word.entry.rows != 0 {
            rows.withUnsafeBufferPointer { heard_prefetch($0.baseAddress! + Int(word.entry.firstRow)) }
        }
        if previous.entry.flags & WordEntry.startsBigram != 0, word.entry.flags & WordEntry.endsBigram != 0 {
            bigrams.prefetch(first: previous.id, second: word.id)
        }
    }

    /// The lexicon valence of a word, when it has one.
    @inline(__always)
    func valence(of word: VocabularyWord) -> Float? {
        guard word.entry.rows & WordEntry.valenceBit != 0 else { return nil }
        return rows.withUnsafeBufferPointer { $0[word.entry.row(WordEntry.valenceBit)][0] }
    }

    /// Words in first-seen order, so that the table (and the ids) come out the same every run.
    private struct WordCollector {
        var entries: [UInt64: WordEntry] = [:]
        var order: [UInt64] = []

        mutating func update(_ key: UInt64, _ change: (inout WordEntry) -> Void) {
            if entries[key] == nil {
                entries[key] = WordEntry()
                order.append(key)
            }
            change(&entries[key]!)
        }
    }
}
