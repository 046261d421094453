/// The grammatical roles the sentiment features look for, found with one table lookup per
/// token instead of one `Set` lookup per role.
struct WordRole: OptionSet, Sendable {
    let rawValue: UInt8
    static let negator = WordRole(rawValue: 1 << 0)
    static let intensifier = WordRole(rawValue: 1 << 1)
    static let downtoner = WordRole(rawValue: 1 << 2)
    static let contrast = WordRole(rawValue: 1 << 3)
    static let politeMarker = WordRole(rawValue: 1 << 4)
    static let clauseBreaker = WordRole(rawValue: 1 << 5)
}

struct WordRoles: Sendable {
    static let shared = WordRoles()

    private var table: FeatureTable
    private var roles: [WordRole] = []

    private init() {
        let lists: [(WordRole, [String])] = [
            (.negator, ["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "hardly", "barely", "cannot", "lack", "lacks", "lacking"]),
            (.intensifier, ["very", "so", "really", "extremely", "super", "too", "totally", "absolutely", "completely", "incredibly", "especially", "most", "highly", "truly", "utterly", "seriously", "such", "way", "soo", "damn", "beyond", "particularly", "terribly", "awfully", "exceptionally", "quite", "ridiculously", "insanely", "deeply", "hugely"]),
            (.downtoner, ["slightly", "somewhat", "bit", "little", "fairly", "rather", "kinda", "sorta", "partly", "mildly", "almost", "marginally", "pretty"]),
            (.contrast, ["but", "however", "though", "yet", "although", "nevertheless", "except", "unfortunately"]),
            (.politeMarker, ["please", "kindly", "pls", "plz", "plse"]),
            (.clauseBreaker, [".", ",", ";", ":", "!", "?", "…", "(", ")", "-", "\""]),
        ]
        var combined: [String: WordRole] = [:]
        for (role, words) in lists { for word in words { combined[word, default: []].insert(role) } }
        table = FeatureTable(capacity: combined.count)
        for (word, role) in combined.sorted(by: { $0.key < $1.key }) {
            table.insert(stableKey(word), index: Int32(roles.count))
            roles.append(role)
        }
    }

    @inline(__always)
    func of(_ key: UInt64) -> WordRole {
        let index = table.find(key)
        return index >= 0 ? roles[Int(index)] : []
    }
}
