/// The grammatical roles the sentiment features look for. `SentimentVocabulary` stores them in
/// each word's entry, so one lookup per token finds a word's roles together with its weights.
struct WordRole: OptionSet, Sendable {
    let rawValue: UInt8
    static let negator = WordRole(rawValue: 1 << 0)
    static let intensifier = WordRole(rawValue: 1 << 1)
    static let downtoner = WordRole(rawValue: 1 << 2)
    static let contrast = WordRole(rawValue: 1 << 3)
    static let politeMarker = WordRole(rawValue: 1 << 4)
    static let clauseBreaker = WordRole(rawValue: 1 << 5)
    /// "?": the feature extractor skips its per-sentence scan for questions and requests in a
    /// text whose words have neither this role nor `politeMarker`.
    static let questionMark = WordRole(rawValue: 1 << 6)
}

enum WordRoles {
    /// Every word (or punctuation mark) with a role, and all its roles, in a fixed order.
    static let all: [(word: String, roles: WordRole)] = {
        let lists: [(WordRole, [String])] = [
            (.negator, ["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "hardly", "barely", "cannot", "lack", "lacks", "lacking"]),
            (.intensifier, ["very", "so", "really", "extremely", "super", "too", "totally", "absolutely", "completely", "incredibly", "especially", "most", "highly", "truly", "utterly", "seriously", "such", "way", "soo", "damn", "beyond", "particularly", "terribly", "awfully", "exceptionally", "quite", "ridiculously", "insanely", "deeply", "hugely"]),
            (.downtoner, ["slightly", "somewhat", "bit", "little", "fairly", "rather", "kinda", "sorta", "partly", "mildly", "almost", "marginally", "pretty"]),
            (.contrast, ["but", "however", "though", "yet", "although", "nevertheless", "except", "unfortunately"]),
            (.politeMarker, ["please", "kindly", "pls", "plz", "plse"]),
            (.clauseBreaker, [".", ",", ";", ":", "!", "?", "…", "(", ")", "-", "\""]),
            (.questionMark, ["?"]),
        ]
        var combined: [String: WordRole] = [:]
        for (role, words) in lists { for word in words { combined[word, default: []].insert(role) } }
        return combined.sorted(by: { $0.key < $1.key }).map { (word: $0.key, roles: $0.value) }
    }()
}
