import Foundation

/// Words that never name a theme: function words, pronouns, auxiliaries and the fillers of
/// customer messages ("hi", "thanks", "pls"). Discovery never builds a label from them.
public enum StopWords {
    public static let english: Set<String> = Set("""
        a about above after again against all almost also although am among an and another any anybody anyone anything \
        anyway anywhere are aren around as at be became because become been before being below beside besides between both \
        but by can cannot could couldn did didn do does doesn doing don done down during each either else enough etc even \
        ever every everyone everything few for from further get gets getting got gotten had hadn has hasn have haven having \
        he her here hers herself him himself his how however i if in into is isn it its itself just least less let lets like \
        made make makes many may me might mine more most much must my myself neither no nobody none nor not nothing now of \
        off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps please quite \
        rather really said same say says see seem seemed seems shall she should shouldn since so some somebody someone \
        something sometimes somewhat still such than that the their theirs them themselves then there therefore these they \
        thing things this those though through thru to too toward towards under until up upon us very via was wasn we well \
        were weren what whatever when whenever where whereas wherever whether which while who whoever whole whom whose why \
        will with within without won would wouldn yes yet you your yours yourself yourselves \
        hi hello hey dear thanks thank thx ty pls plz ok okay oh ah yeah yep nope lol omg im ive id youre theyre dont cant \
        wont isnt wasnt u ur r y n w b c d e f g h j k l m o p q s t v x z amp rt via \
        today yesterday tomorrow tonight now day days week time times back again going go goes went come came need needs \
        want wants know knew tell told ask asked way lot lots guys guy folks someone anyone everyone people
        """.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })

    /// The rest of the reference list that topic tools use (scikit-learn's English list, itself
    /// from the Glasgow IR group; BSD-3-Clause), so that no label Heard makes counts as a stop
    /// word by that measure either, even where a word ("call", "bill") can matter in CX text.
    static let reference: Set<String> = Set("""
        across afterwards alone along already always amongst amoungst amount anyhow becomes becoming beforehand behind         beyond bill bottom call co con couldnt cry de describe detail due eg eight eleven elsewhere empty everywhere except         fifteen fifty fill find fire first five former formerly forty found four front full give hasnt hence hereafter hereby         herein hereupon hundred ie inc indeed interest keep last latter latterly ltd meanwhile mill moreover mostly move         namely nevertheless next nine noone nowhere part put re seeming serious several show side sincere six sixty somehow         sometime somewhere system take ten thence thereafter thereby therein thereupon thick thin third three throughout         thus together top twelve twenty two un whence whereafter whereby wherein whereupon whither name never
        """.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })

    static let all: Set<String> = english.union(reference)
    static let stemmed: Set<String> = Set(all.map(Stemmer.stem))

    public static func contains(_ word: String) -> Bool {
        all.contains(word) || stemmed.contains(Stemmer.stem(word))
    }
}
