/// Which scalars are emoji, and which only modify the emoji before them.
enum Emoji {
    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value >= 0x1F000 && value <= 0x1FAFF { return !isModifier(scalar) }
        if value >= 0x2600 && value <= 0x27BF { return true }
        if value >= 0x2B00 && value <= 0x2BFF { return scalar.properties.isEmoji }
        return value > 0xFF && scalar.properties.isEmojiPresentation
    }

    static func isModifier(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1F3FB...0x1F3FF, 0xFE0E, 0xFE0F, 0x200D, 0x20E3, 0xE0020...0xE007F: return true
        default: return false
        }
    }
}

/// ASCII emoticons, longest first so ":-((" is not read as ":-(" and "(".
enum Emoticons {
    static let all: [[UInt8]] = [
        ":'-(", ":'(", ":-((", ":-))", ":((", ":))", ":-)", ":-(", ":-D", ":-P", ":-p", ":-/", ":-|", ":-O",
        ":-*", ";-)", ":)", ":(", ":D", ":P", ":p", ":/", ":|", ":O", ":o", ":*", ";)", ";D", "=)", "=(",
        "=D", "<3", "</3",
    ].map { Array($0.utf8) }.sorted { $0.count > $1.count }

    /// End of an emoticon starting at `position`, if one does and it is not glued to a word
    /// (":Pasta" is not an emoticon, nor is the ":/" of "http://").
    static func match(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Int? {
        let first = bytes[position]
        guard first == UInt8(ascii: ":") || first == UInt8(ascii: ";") || first == UInt8(ascii: "=") || first == UInt8(ascii: "<") else {
            return nil
        }
        if position > 0 {
            let before = ByteClass.lookup[Int(bytes[position - 1])]
            if before == .lower || before == .upper || before == .digit { return nil }
        }
        candidates: for emoticon in all where position + emoticon.count <= bytes.count {
            for offset in 0..<emoticon.count where bytes[position + offset] != emoticon[offset] { continue candidates }
            let end = position + emoticon.count
            if end < bytes.count {
                let after = ByteClass.lookup[Int(bytes[end])]
                if after == .lower || after == .upper || after == .digit || bytes[end] == UInt8(ascii: "/") { continue }
            }
            return end
        }
        return nil
    }
}
