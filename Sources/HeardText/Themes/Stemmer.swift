/// A light English stemmer: enough that "cancelled", "cancellation" and "cancel", or "charges"
/// and "charged", meet on one stem, which is what theme phrases and discovered terms need.
/// Text and phrases go through the same function, so the stems only have to agree, not be words.
public enum Stemmer {
    private static let suffixes: [(String, String)] = [
        ("ational", "ate"), ("ations", ""), ("ation", ""), ("nesses", ""), ("ness", ""), ("ments", ""), ("ment", ""),
        ("ings", ""), ("ing", ""), ("edly", ""), ("ies", "y"), ("ied", "y"), ("ed", ""), ("ers", ""), ("er", ""),
        ("ly", ""), ("es", ""), ("s", ""),
    ]

    public static func stem(_ word: String) -> String {
        guard word.count > 3, word.utf8.allSatisfy({ $0 < 0x80 }) else { return word }
        var stem = word
        for (suffix, replacement) in suffixes where stem.hasSuffix(suffix) {
            let base = String(stem.dropLast(suffix.count))
            // Too short a base means the "suffix" was part of the word ("bus", "red", "sing").
            guard base.count >= 3 else { continue }
            if suffix == "s", base.hasSuffix("s") || base.hasSuffix("u") || base.hasSuffix("i") { break }
            if suffix == "es", !(base.hasSuffix("s") || base.hasSuffix("x") || base.hasSuffix("z") || base.hasSuffix("ch") || base.hasSuffix("sh") || base.hasSuffix("g") || base.hasSuffix("c") || base.hasSuffix("v")) {
                stem = base + "e"
                break
            }
            stem = base + replacement
            break
        }
        // "cancell" → "cancel", "stopp" → "stop", but "staff" and "bill" keep their pair.
        let bytes = Array(stem.utf8)
        if bytes.count >= 4, bytes[bytes.count - 1] == bytes[bytes.count - 2],
           !"aeiouslfz".utf8.contains(bytes[bytes.count - 1]) {
            stem.removeLast()
        }
        if stem.hasSuffix("ll"), stem.count >= 6 { stem.removeLast() }
        // Only on longer stems: "site" must not become "sit", nor "late" "lat".
        if stem.hasSuffix("e"), stem.count >= 5 { stem.removeLast() }
        return stem
    }
}
