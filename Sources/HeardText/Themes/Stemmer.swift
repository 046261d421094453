/// A light English stemmer: enough that "cancelled", "cancellation" and "cancel", or "charges"
/// and "charged", meet on one stem, which is what theme phrases and discovered terms need.
/// Text and phrases go through the same function, so the stems only have to agree, not be words.
///
/// "-er" is never taken off: in "order", "deliver", "answer", "number" or "transfer" it is part
/// of the word (stripping it made "order" and "ordered" two stems), and in "charger", "holder",
/// "manager", "driver", "waiter" or "flyer" it makes a thing or a person that is not the verb's
/// theme ("my charger broke" is not about charges). Comparatives ("cheaper") stay apart as a result.
public enum Stemmer {
    /// Changes whenever a word's stem can change, so that stored theme matches made with older
    /// stems are redone (`heard analyze`). 2: "-er" kept, "-ly" needs a four-letter base.
    public static let rulesVersion = 2

    private static let suffixes: [(String, String)] = [
        ("ational", "ate"), ("ations", ""), ("ation", ""), ("nesses", ""), ("ness", ""), ("ments", ""), ("ment", ""),
        ("ings", ""), ("ing", ""), ("edly", ""), ("ies", "y"), ("ied", "y"), ("ed", ""),
        ("ly", ""), ("es", ""), ("s", ""),
    ]
    /// "-ly" words that are not an adverb or adjective of their base.
    private static let kept: Set<String> = ["friendly", "unfriendly"]

    public static func stem(_ word: String) -> String {
        guard word.count > 3, word.utf8.allSatisfy({ $0 < 0x80 }), !kept.contains(word) else { return word }
        var stem = word
        for (suffix, replacement) in suffixes where stem.hasSuffix(suffix) {
            let base = String(stem.dropLast(suffix.count))
            // Too short a base means the "suffix" was part of the word ("bus", "red", "sing");
            // for "-ly" three letters are too short too ("apply", "reply", "early" are not "app", "rep", "ear").
            guard base.count >= (suffix == "ly" ? 4 : 3) else { continue }
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
