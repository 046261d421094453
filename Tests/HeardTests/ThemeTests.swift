import Foundation
@testable import HeardEngine
import HeardModel
import HeardStore
@testable import HeardText
import Testing

@Suite struct ThemeTests {
    let tokenizer = Tokenizer()

    @Test func stemsMeetAcrossInflections() {
        #expect(Stemmer.stem("cancelled") == Stemmer.stem("cancellation"))
        #expect(Stemmer.stem("cancelled") == Stemmer.stem("cancel"))
        #expect(Stemmer.stem("charges") == Stemmer.stem("charged"))
        #expect(Stemmer.stem("refunds") == Stemmer.stem("refunded"))
        #expect(Stemmer.stem("site") != Stemmer.stem("sitting"))
        #expect(Stemmer.stem("staff") == "staff")
    }

    @Test func wordsEndingInErOrLyKeepTheirOwnStem() {
        // "-er" belongs to the word: every inflection meets on one stem.
        for family in [["order", "orders", "ordered", "ordering"], ["deliver", "delivers", "delivered", "delivering"],
                       ["transfer", "transfers", "transferred", "transferring"], ["answer", "answered"], ["reply", "replied", "replies"]] {
            #expect(Set(family.map(Stemmer.stem)).count == 1, "\(family)")
        }
        // A thing or a person is not the verb's theme, nor a word that merely starts the same.
        for (word, other) in [("charger", "charge"), ("holder", "hold"), ("manager", "managed"), ("waiter", "waiting"),
                              ("flyer", "flying"), ("friend", "friendly"), ("apply", "app"), ("reply", "rep"), ("early", "ear")] {
            #expect(Stemmer.stem(word) != Stemmer.stem(other), "\(word) ~ \(other)")
        }
        #expect(Stemmer.stem("rudely") == Stemmer.stem("rude"))
        #expect(Stemmer.stem("costly") == Stemmer.stem("cost"))
    }

    @Test func exactFormWordsMatchOnlyThatForm() throws {
        let themes = [
            Theme(key: "lost", name: "Lost items", phrases: ["=missing", "item =missing"]),
            Theme(key: "loyalty", name: "Loyalty", phrases: ["=points"]),
            Theme(key: "delay", name: "Delays", phrases: ["missed connection"]),
        ]
        let matcher = try ThemeMatcher(themes: themes)
        func keys(_ text: String) -> Set<String> { Set(matcher.match(tokenizer.tokenize(text)).map { themes[$0.theme].key }) }
        #expect(keys("I missed my connection and at no point did anyone help") == ["delay"])
        #expect(keys("My bag is missing and I missed connections twice") == ["lost", "delay"])
        #expect(keys("Where are my Points?") == ["loyalty"])
        // "=" counts only at the start of a word; an empty phrase is still an error.
        #expect(throws: ThemeRuleError.self) { try ThemeMatcher(themes: [Theme(key: "x", name: "X", phrases: ["="])]) }
    }

    @Test func phrasesDoNotMatchLookalikeWords() throws {
        let themes = [
            Theme(key: "billing", name: "Billing", phrases: ["charge"]),
            Theme(key: "staff", name: "Staff", phrases: ["friendly"]),
            Theme(key: "digital", name: "App", phrases: ["app"]),
        ]
        let matcher = try ThemeMatcher(themes: themes)
        let text = "My charger broke, so I asked a friend how to apply for a new one."
        #expect(matcher.match(tokenizer.tokenize(text)).isEmpty)
        let matched = matcher.match(tokenizer.tokenize("They charged me twice, the app crashed and nobody was friendly."))
        #expect(Set(matched.map { themes[$0.theme].key }) == ["billing", "staff", "digital"])
    }

    @Test func matcherFindsInflectedPhrasesWithGapsAndHonoursExclusions() throws {
        let themes = [
            Theme(key: "lost", name: "Lost items", phrases: ["lost bag"]),
            Theme(key: "delay", name: "Delays", phrases: ["late"], exclusions: ["late night"]),
            Theme(key: "staff", name: "Staff", phrases: ["rude staff", "staff"]),
        ]
        let matcher = try ThemeMatcher(themes: themes)
        let text = "They lost my bags. Staff were rude but the late night snack was fine. Flight was late!"
        let tokenized = tokenizer.tokenize(text)
        let mentions = matcher.match(tokenized)
        let found = mentions.map { (themes[$0.theme].key, String(decoding: Array(text.utf8)[$0.bytes], as: UTF8.self)) }
        #expect(found.map(\.0) == ["lost", "staff", "delay"])
        #expect(found[0].1 == "lost my bags")
        #expect(found[2].1 == "late")
        #expect(throws: ThemeRuleError.self) { try ThemeMatcher(themes: [Theme(key: "x", name: "X", phrases: ["!!"])]) }
    }

    @Test func clauseSentimentSeparatesThemesAcrossBut() throws {
        let model = try DefaultModels.sentiment()
        let pipeline = try TextPipeline(sentiment: model, themes: [
            Theme(key: "staff", name: "Staff", phrases: ["staff"]),
            Theme(key: "food", name: "Food", phrases: ["food"]),
        ])
        var buffer = TokenizedText()
        let result = pipeline.enrich(
            .init(feedbackRowID: 1, contentHash: 1, text: "The staff were lovely and helpful but the food was cold and awful"),
            tokenizer: tokenizer, buffer: &buffer)
        let byTheme = Dictionary(uniqueKeysWithValues: result.mentions.map { ($0.themeKey, $0) })
        #expect(byTheme["staff"]!.sentimentLabel == "positive")
        #expect(byTheme["food"]!.sentimentLabel == "negative")
    }

    @Test func starterTaxonomyLoadsWithStableUniqueIDs() throws {
        let themes = try TaxonomyFile.starter()
        #expect(themes.count >= 15)
        #expect(Set(themes.map(\.key)).count == themes.count)
        for required in ["billing", "delays", "cancellations", "refunds", "staff", "waiting", "quality", "digital", "booking", "lost-damaged", "communication"] {
            #expect(themes.contains { $0.key == required }, "starter taxonomy lacks \(required)")
        }
        #expect(themes.allSatisfy { !$0.phrases.isEmpty && $0.ownerTeam != nil })
        #expect(themes.contains { $0.parentKey == "billing" })
    }

    /// The starter's splits: waiting on the phone is support, not a queue or a delay; contact-centre
    /// agents are support, on-site staff are staff; damaged items are a child of lost-or-damaged.
    /// Every theme carries at least 3 examples, so the vector paths can seed it by similarity.
    @Test func starterTaxonomySplitsSupportFromSiteAndSeedsEveryTheme() throws {
        let themes = try TaxonomyFile.starter()
        let matcher = try ThemeMatcher(themes: themes)
        func main(_ text: String) -> String? {
            ThemeAnalysis.mainTheme(matcher.match(tokenizer.tokenize(text)), themes: themes).map { themes[$0].key }
        }
        #expect(main("I was on hold for two hours") == "support")
        #expect(main("The agent on the phone hung up on me") == "support")
        #expect(main("The flight attendant was rude") == "staff")
        #expect(main("The queue at the desk was huge") == "waiting")
        #expect(main("My suitcase arrived damaged") == "lost-damaged.damaged")
        #expect(main("My bag was lost") == "lost-damaged")
        #expect(main("The train was delayed again") == "delays")
        // A bare wait is no phrase, and the staff phrase "waiter" does not turn waiting into staff.
        #expect(main("Still waiting for my flight to leave") == nil)
        #expect(main("Our waiter was lovely") == "staff")
        #expect(main("My phone charger stopped working") != "billing")
        #expect(main("We missed our connection in Denver") == "delays")
        #expect(main("One item was missing from the box") == "lost-damaged")
        #expect(main("I had to install the latest driver before it worked") != "staff")
        #expect(main("The bus driver was rude to my mother") == "staff")
        #expect(themes.allSatisfy { $0.examples.count >= 3 })
    }

    @Test func taxonomyFileErrorsNameTheThemeAndField() {
        #expect(throws: ImportError.self) { try TaxonomyFile.parse("themes:\n  - name: No id\n", file: "t.yaml") }
        do {
            _ = try TaxonomyFile.parse("themes:\n  - id: a\n    name: A\n  - id: a\n    name: B\n", file: "t.yaml")
            Issue.record("a duplicate id was accepted")
        } catch let error as ImportError {
            #expect(error.file == "t.yaml")
            #expect(error.field == "a.id")
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: ImportError.self) { try TaxonomyFile.parse("themes:\n  - id: a\n    name: A\n    colour: red\n", file: "t.yaml") }
        let json = try? TaxonomyFile.parse(#"{"themes": [{"id": "a", "name": "A", "phrases": ["x"], "children": [{"id": "a.b", "name": "B"}]}]}"#, file: "t.json")
        #expect(json?.map(\.key) == ["a", "a.b"])
        #expect(json?.last?.parentKey == "a")
    }

    /// Three clearly separate topics, written several ways each.
    static let corpus: [(String, String)] = {
        var rows: [(String, String)] = []
        let bags = ["my luggage never arrived", "lost baggage again", "suitcase missing after landing", "they lost my luggage and suitcase", "baggage claim lost my suitcase"]
        let refunds = ["still no refund for the order", "refund request ignored", "want my refund and compensation", "refund never processed", "compensation and refund denied"]
        let app = ["the app keeps crashing", "website crashing at checkout", "app login broken", "website login fails every time", "checkout page crashing in the app"]
        for round in 0..<6 {
            for text in bags { rows.append(("\(text) \(round)", "bags")) }
            for text in refunds { rows.append(("\(text) \(round)", "refunds")) }
            for text in app { rows.append(("\(text) \(round)", "app")) }
        }
        return rows
    }()

    @Test func discoveryFindsSeparateTopicsDeterministically() {
        var discovery = ThemeDiscovery()
        discovery.groupCount = 3
        discovery.minimumGroupSize = 3
        let documents = Self.corpus.map { tokenizer.tokenize($0.0) }
        let first = discovery.discover(documents)
        let second = discovery.discover(documents)
        #expect(first.themes.map(\.key) == second.themes.map(\.key))
        #expect(first.assignment == second.assignment)
        #expect(first.coverage == 1)
        let agreement = ClusteringAgreement(gold: Self.corpus.map(\.1), predicted: first.assignment.map { $0 ?? -1 })
        #expect(agreement.nmi > 0.8)
        for theme in first.themes {
            for term in theme.terms { for word in term.split(separator: " ") { #expect(!StopWords.contains(String(word)), "stop word \(word) in \(theme.label)") } }
            #expect(!theme.examples.isEmpty)
        }
    }

    @Test func agreementByHand() {
        // Identical partitions (up to renaming): NMI 1, ARI 1.
        let same = ClusteringAgreement(gold: ["a", "a", "b", "b"], predicted: [1, 1, 0, 0])
        #expect(abs(same.nmi - 1) < 1e-12)
        #expect(abs(same.ari - 1) < 1e-12)
        // gold {0,1}{2,3}, predicted {0,2}{1,3}: independent, MI 0, ARI −0.5.
        let crossed = ClusteringAgreement(gold: ["a", "a", "b", "b"], predicted: [0, 1, 0, 1])
        #expect(abs(crossed.nmi) < 1e-12)
        #expect(abs(crossed.ari - (-0.5)) < 1e-12)
        // gold {0,1,2}{3}, predicted {0,1}{2,3}: hand-worked with natural logs.
        let partial = ClusteringAgreement(gold: ["a", "a", "a", "b"], predicted: [0, 0, 1, 1])
        let hGold = -(0.75 * log(0.75) + 0.25 * log(0.25))
        let hPredicted = log(2.0)
        let mutual = 0.5 * log(0.5 / (0.75 * 0.5)) + 0.25 * log(0.25 / (0.75 * 0.5)) + 0.25 * log(0.25 / (0.25 * 0.5))
        #expect(abs(partial.nmi - mutual / ((hGold + hPredicted) / 2)) < 1e-12)
        // index 1, expected 3*2/6 = 1, max (3+2)/2 = 2.5: ARI 0.
        #expect(abs(partial.ari) < 1e-12)
    }
}
