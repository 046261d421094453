/// Class-based TF-IDF labels for groups of comments formed by any means (vector clusters,
/// taxonomy matches): the same terms, stop-word filter and scoring as discovery's own labels.
public struct ClassTermLabels: Sendable {
    private let vocabulary: TermVocabulary
    private let vectors: [SparseVector]

    /// The vocabulary (stems and two-word collocations, never stop words) comes from `documents`.
    public init(_ documents: [TokenizedText]) {
        let terms = documents.map(TermVocabulary.terms(of:))
        let vocabulary = TermVocabulary(documentTerms: terms)
        self.vocabulary = vocabulary
        vectors = terms.map { vocabulary.vector(of: $0) }
    }

    /// For each group 0..<groupCount, its `count` best terms; `assignment[i]` is document i's group or nil.
    public func topTerms(assignment: [Int?], groupCount: Int, count: Int) -> [[String]] {
        precondition(assignment.count == vectors.count, "one group (or nil) per document")
        let labeller = ClassTermLabeller(vocabulary: vocabulary, vectors: vectors, assignment: assignment, groupCount: groupCount)
        return (0..<groupCount).map { labeller.topTerms(of: $0, count: count) }
    }

    /// Rounds of multinomial-mixture (naive Bayes) reassignment: each document moves to the group
    /// whose word distribution explains its words best. Documents without a group stay so.
    public func refine(assignment: [Int?], groupCount: Int, iterations: Int) -> [Int?] {
        precondition(assignment.count == vectors.count, "one group (or nil) per document")
        return MixtureRefinement.refine(vectors: vectors, assignment: assignment, groupCount: groupCount,
                                        vocabularySize: vocabulary.count, iterations: iterations)
    }
}
