import HeardEngine
import HeardText
import Testing

@Suite struct SentimentTests {
    let model: SentimentModel
    let tokenizer = Tokenizer()

    init() throws { model = try DefaultModels.sentiment() }

    func score(_ text: String) -> SentimentScore { model.score(tokenizer.tokenize(text)) }

    @Test func plainPolarity() {
        #expect(score("The staff were wonderful and the room was lovely").label == .positive)
        #expect(score("This is the worst service I have ever had").label == .negative)
        #expect(score("My order number is 12345").label == .neutral)
    }

    @Test func negationFlipsAndIntensifiersStrengthen() {
        #expect(score("the food was good").score > 0)
        #expect(score("the food was not good").score < 0)
        #expect(score("the food was very good").score > score("the food was good").score - 0.05)
        #expect(score("never again").label == .negative)
    }

    @Test func serviceIdiomsAndRequests() {
        #expect(score("no problems at all, everything went smoothly").label == .positive)
        #expect(score("still waiting for my refund").label == .negative)
        #expect(score("kindly fix your app").label != .positive)
    }

    @Test func contrastMovesTheWeight() {
        // What follows "but" decides.
        #expect(score("The seats were comfortable but the staff were rude and unhelpful").score < 0)
        #expect(score("The wait was long but the staff were wonderful").score > score("The staff were wonderful but the wait was long").score)
    }

    @Test func scoresAreBoundedAndPerSentence() {
        let text = tokenizer.tokenize("Great crew. Terrible food!")
        let sentences = text.sentences.map { model.score(text, tokens: $0.tokens) }
        #expect(sentences.count == 2)
        #expect(sentences[0].label == .positive)
        #expect(sentences[1].label == .negative)
        for sentence in sentences { #expect(abs(sentence.score) <= 1) }
    }

    @Test func modelFileRoundTrips() throws {
        let written = SentimentModelFile.write(model)
        let read = try SentimentModelFile.read(written)
        #expect(read.identifier == model.identifier)
        #expect(read.names.count == model.names.count)
        let text = tokenizer.tokenize("Absolutely loved it, thanks!")
        #expect(abs(read.score(text).score - model.score(text).score) < 1e-3)
        #expect(throws: SentimentModelFile.FormatError.self) { try SentimentModelFile.read("not a model\n") }
    }

    @Test func trainerLearnsASmallTask() {
        var examples: [SentimentExample] = []
        for adjective in ["great", "lovely", "excellent", "superb", "fantastic"] {
            examples.append(SentimentExample(text: "the service was \(adjective)", label: .positive))
            examples.append(SentimentExample(text: "\(adjective) staff, \(adjective) food", label: .positive))
        }
        for adjective in ["awful", "terrible", "horrible", "dreadful", "appalling"] {
            examples.append(SentimentExample(text: "the service was \(adjective)", label: .negative))
            examples.append(SentimentExample(text: "\(adjective) staff, \(adjective) food", label: .negative))
        }
        for thing in ["order", "parcel", "ticket", "booking", "invoice"] {
            examples.append(SentimentExample(text: "where is my \(thing)", label: .neutral))
            examples.append(SentimentExample(text: "what is the status of the \(thing)", label: .neutral))
        }
        var trainer = SentimentTrainer()
        trainer.minimumDocumentFrequency = 1
        trainer.epochs = 30
        let trained = trainer.train(examples, name: "test", version: "1", provenance: [])
        let (report, _) = SentimentEvaluation.evaluate(trained, on: examples)
        #expect(report.accuracy == 1)
        // Same data, same seed: the same model.
        let again = trainer.train(examples, name: "test", version: "1", provenance: [])
        #expect(again.weights == trained.weights)
    }

    @Test func classificationReportByHand() {
        // gold: 0 0 1 1 2 2 ; predicted: 0 1 1 1 2 0
        let report = ClassificationReport(labels: ["a", "b", "c"], gold: [0, 0, 1, 1, 2, 2], predicted: [0, 1, 1, 1, 2, 0])
        #expect(abs(report.accuracy - 4.0 / 6.0) < 1e-12)
        // a: P 1/2 R 1/2 F1 .5; b: P 2/3 R 1 F1 .8; c: P 1 R 1/2 F1 2/3
        #expect(abs(report.macroF1 - (0.5 + 0.8 + 2.0 / 3.0) / 3) < 1e-12)
        #expect(report.confusion == [[1, 1, 0], [0, 2, 0], [1, 0, 1]])
    }

    @Test func labelMappings() throws {
        let names = try SentimentLabelMapping.parse(names: "negative=1|2,neutral=3,positive=4|5")
        #expect(names.label(of: "2") == .negative)
        #expect(names.label(of: "5") == .positive)
        #expect(names.label(of: "9") == nil)
        let thresholds = try SentimentLabelMapping.parse(thresholds: "-0.5,0.5")
        #expect(thresholds.label(of: "-2.1") == .negative)
        #expect(thresholds.label(of: "0.5") == .neutral)
        #expect(thresholds.label(of: "3") == .positive)
        #expect(throws: SentimentMappingError.self) { try SentimentLabelMapping.parse(thresholds: "1,0") }
    }
}
