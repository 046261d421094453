/// Word lists for telling names from the other capitalised words that follow "I'm", "this is"
/// or "regards,". Lowercase; compared against the lowercased word.
enum NameVocabulary {
    /// Capitalised words that are not names: what people are ("I'm Sorry", "I'm British"), words
    /// that start a phrase ("I'm Not", "Kind regards, The Team"), days and months.
    /// April, May, June and August are left out because they are also first names.
    static let commonWords: Set<String> = [
        // Function words and adverbs.
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "i", "me", "my", "mine", "we",
        "our", "you", "your", "they", "their", "he", "she", "his", "her", "not", "no", "yes", "so",
        "very", "really", "just", "still", "also", "only", "now", "here", "there", "in", "on", "at",
        "from", "with", "for", "to", "of", "by", "and", "but", "or", "as", "if", "then", "than", "too",
        "back", "away", "out", "off", "over", "up", "down", "about", "always", "never", "ever",
        "again", "already", "almost", "nearly", "actually", "literally", "honestly", "absolutely",
        "totally", "extremely", "completely", "quite", "pretty", "super", "seriously", "genuinely",
        "currently", "finally", "simply", "definitely", "probably", "sure", "all", "any", "some",
        "every", "each", "what", "who", "why", "how", "when", "where", "which", "one", "two", "new",
        "old", "hi", "hello", "hey", "dear", "thanks", "thank", "please", "sorry", "ok", "okay",
        "well", "being", "been", "going", "gonna", "having", "getting", "trying", "writing",
        "calling", "waiting", "looking", "contacting", "emailing", "done", "finished", "ready",
        "able", "unable", "here", "back", "sick", "fed", "tired", "afraid", "glad", "happy", "sad",
        "unhappy", "upset", "angry", "mad", "furious", "livid", "fine", "good", "great", "bad",
        "terrible", "awful", "horrible", "ridiculous", "disgusted", "shocked", "annoyed", "confused",
        "worried", "concerned", "pleased", "satisfied", "dissatisfied", "unsatisfied", "delighted",
        "impressed", "thankful", "grateful", "interested", "frustrated", "disappointed", "stuck",
        "locked", "charged", "based", "retired", "married", "located", "surprised", "amazed",
        "excited", "loving", "hoping", "wondering", "considering", "sure", "certain", "positive",
        "right", "wrong", "late", "early", "busy", "free", "alone", "home", "online", "offline",
        "gold", "silver", "platinum", "premium", "basic", "vip", "loyal", "long", "first", "last",
        "same", "other", "another", "such", "much", "many", "more", "most", "less", "least",
        "nobody", "someone", "somebody", "anyone", "everyone", "nothing", "something", "everything",
        "customer", "client", "member", "user", "guest", "owner", "manager", "agent", "name",
        "surname", "mum", "mom", "dad", "wife", "husband", "partner", "son", "daughter",
        // What people say they are besides a name.
        "vegan", "vegetarian", "diabetic", "disabled", "deaf", "blind", "pregnant", "allergic",
        "elderly", "student", "pensioner", "new", "self", "freelance", "single", "older", "young",
        // Nationalities and places people say they are from or in.
        "british", "english", "irish", "scottish", "welsh", "american", "canadian", "australian",
        "german", "french", "spanish", "italian", "dutch", "polish", "swedish", "danish",
        "norwegian", "finnish", "swiss", "austrian", "belgian", "portuguese", "greek", "turkish",
        "indian", "chinese", "japanese", "korean", "brazilian", "mexican", "european", "african",
        "asian", "london", "paris", "berlin", "uk", "us", "usa", "eu",
        // Days and months.
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
        "tomorrow", "yesterday", "january", "february", "march", "july", "september", "october",
        "november", "december",
    ]

    /// Words that make a capitalised phrase an organisation ("Regards, Northwind Mobile").
    static let organisationWords: Set<String> = [
        "mobile", "support", "team", "service", "services", "customer", "customers", "care", "ltd",
        "limited", "inc", "llc", "gmbh", "plc", "store", "shop", "bank", "group", "office",
        "department", "dept", "desk", "centre", "center", "company", "corp", "billing", "sales",
        "management", "helpdesk", "admin", "staff", "airlines", "airways", "telecom", "energy",
        "insurance", "hotel", "restaurant",
    ]

    /// Lowercase particles inside names: "Pieter de Vries", "Ludwig van Beethoven".
    static let particles: Set<String> = [
        "de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "del", "della", "dos", "das",
        "bin", "ibn", "al", "ter", "ten",
    ]

    /// Endings of adjectives and participles that never end a first name ("I'm Thankful",
    /// "I'm Loving it").
    static let nonNameSuffixes = ["ated", "ful", "ous", "able", "ible"]
    static let longNonNameSuffixes = ["ing", "ish"] // only on words of six letters or more

    static func isCommonWord(_ lowercased: String) -> Bool {
        if commonWords.contains(lowercased) { return true }
        if nonNameSuffixes.contains(where: lowercased.hasSuffix) { return true }
        return lowercased.count >= 6 && longNonNameSuffixes.contains(where: lowercased.hasSuffix)
    }
}
