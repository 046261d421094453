import HeardEngine
import HeardText
import Testing

/// The shipped model's label and score for tricky texts, recorded from the build before the
/// scanner and scorer were tuned for speed (through `heard import`, full precision). Speed work
/// must leave every number where it was.
@Suite struct SentimentPinnedTests {
    struct Pinned: Sendable {
        let text: String
        let label: SentimentLabel
        let score: Double
        init(_ text: String, _ label: SentimentLabel, _ score: Double) {
            self.text = text
            self.label = label
            self.score = score
        }
    }

    static let pinned: [Pinned] = [
        Pinned("The staff were wonderful and the room was lovely", .positive, 9.5283112074086628862e-01),
        Pinned("the food was not good", .negative, -9.42758548542354191113e-01),
        Pinned("the food was not very good at all", .negative, -8.57099842657837229786e-01),
        Pinned("I don't think it's bad, actually", .negative, -1.50137996873728973845e-01),
        Pinned("Never again. Worst airline ever!!!", .negative, -9.60569365206377367982e-01),
        Pinned("no problems at all, everything went smoothly", .positive, 2.86813597164558786722e-01),
        Pinned("still waiting for my refund", .negative, -9.11413364026725791866e-01),
        Pinned("kindly fix your app", .neutral, -1.91603028418496745821e-01),
        Pinned("Please help me, my bag is lost", .negative, -6.26368173340917655522e-01),
        Pinned("Could you please tell me when the flight leaves?", .neutral, -3.95104210053452808981e-01),
        Pinned("Is this really the best you can do?", .positive, 3.80821824692271992951e-01),
        Pinned("Why is my flight delayed again?", .negative, -8.64091846922725448365e-01),
        Pinned("The seats were comfortable but the staff were rude and unhelpful", .negative, -2.82367743635349666142e-01),
        Pinned("The wait was long but the staff were wonderful", .positive, 5.09342082495861880886e-01),
        Pinned("Nice crew, however the food was awful.", .negative, -7.29289874148214223303e-01),
        Pinned("It was okay, though the check-in took forever", .negative, -2.0363786849451526173e-01),
        Pinned("THIS IS THE WORST SERVICE I HAVE EVER HAD", .negative, -9.0432239487706356229e-01),
        Pinned("This is NEVER okay and I am SO angry", .negative, -8.85096628617518255133e-01),
        Pinned("sooo goood, loooved it!!!", .positive, 9.74265963840291182584e-01),
        Pinned("the flight was slightly late but pretty good overall", .positive, 8.84804557082328857475e-01),
        Pinned("it was a bit disappointing", .negative, -7.73628231661825593867e-01),
        Pinned("absolutely amazing experience, thank you so much 😍😍", .positive, 9.89239132456268044357e-01),
        Pinned("lost my luggage again 😡 #fail", .negative, -9.81933536128053119362e-01),
        Pinned("great, another delay... thanks a lot :(", .positive, 5.43604608250505605404e-01),
        Pinned("love it :-) <3", .positive, 9.98902300733372050522e-01),
        Pinned("Café était très bien, merci! Das Essen war schlecht.", .negative, -6.04036064392775573494e-02),
        Pinned("Straße gesperrt, ÜBERALL Stau — furchtbar", .neutral, -5.93761944713133704709e-03),
        Pinned("Thanks @united for nothing. https://t.co/abc", .positive, 3.51074694852349988849e-01),
        Pinned("Flight 1234 was cancelled at 5:30, rebooked for $200", .negative, -3.85948418663923209503e-01),
        Pinned("I can't believe how helpful they were", .negative, -7.78878058556243924037e-01),
        Pinned("It wasn't terrible, it wasn't great either", .negative, -6.02205433660903621806e-01),
        Pinned("Not bad at all!", .positive, 2.53409302189696206131e-01),
        Pinned("Nothing works. Nobody answers the phone.", .negative, -5.54538199258794106683e-01),
        Pinned("I've been on hold for 2 hours, this is ridiculous", .negative, -6.97803449630956418303e-01),
        Pinned("ok", .positive, 6.56639400892798930087e-01),
        Pinned("?!?!", .positive, 5.3676123582164281256e-01),
        Pinned("👍🏽 fine", .positive, 8.94112281936659814007e-01),
        Pinned("“Great” service… said nobody ever", .positive, 6.91313594493701111254e-01),
        Pinned("First line is fine\nsecond line is terrible", .negative, -5.6812202640182540847e-01),
        Pinned("we’re here and it’s lovely, isn’t it?", .positive, 3.09982631208344128204e-01),
        Pinned("I'm NOT happy with this at ALL", .negative, -3.12062421651189358939e-01),
        Pinned("no problem", .positive, 5.15214677220045658145e-01),
        Pinned("it's not that I don't like it", .negative, -5.40612884762466716637e-01),
        Pinned("great flight!!! but the food... meh", .positive, 7.3755695802073062417e-01),
        Pinned("Can you kindly refund me? I was charged twice.", .negative, -7.57388128453525877326e-01),
        Pinned("Worst. Service. Ever. 👎", .negative, -9.82585562583427774008e-01),
    ]

    @Test func labelsAndScoresStayPut() throws {
        let model = try DefaultModels.sentiment()
        let tokenizer = Tokenizer()
        var buffer = TokenizedText()
        for case_ in Self.pinned {
            tokenizer.tokenize(case_.text, into: &buffer)
            let scored = model.score(buffer)
            #expect(scored.label == case_.label, "\(case_.text)")
            #expect(abs(scored.score - case_.score) < 1e-9, "\(case_.text): \(scored.score)")
        }
    }

    @Test func aReusedBufferScoresLikeAFreshOne() throws {
        let model = try DefaultModels.sentiment()
        let tokenizer = Tokenizer()
        var buffer = TokenizedText()
        for case_ in Self.pinned.reversed() {
            tokenizer.tokenize(case_.text, into: &buffer)
            let fresh = tokenizer.tokenize(case_.text)
            #expect(buffer.tokens == fresh.tokens && buffer.sentences == fresh.sentences)
            #expect(model.score(buffer) == model.score(fresh))
        }
    }
}
