import HeardModel
import HeardStore

/// Collects mapped records into one store batch as they arrive: feedback in input order, and
/// each customer's attributes merged (later rows win). Building the batch in place replaced
/// an array of mapped records that was copied into the batch afterwards, one retain and one
/// release per string field of every row.
struct ImportBatchBuilder {
    private var feedback: [Feedback] = []
    private var customers: [Customer] = []
    private var customerPosition: [String: Int] = [:]
    private let capacity: Int

    init(capacity: Int = 0) {
        self.capacity = capacity
        feedback.reserveCapacity(capacity)
        customers.reserveCapacity(capacity)
    }

    var count: Int { feedback.count }
    var isEmpty: Bool { feedback.isEmpty }

    /// The external id of the feedback appended last.
    var lastExternalID: String? { feedback.last?.externalID }

    /// Consuming, so that the mapper's last use of the row's values moves them in.
    mutating func append(_ item: consuming Feedback, customerAttributes: consuming [String: String]) {
        if let id = item.customerID {
            // One hash of the id whether it is new or not: a lookup and then an insert hashed
            // most of the bench's ids twice (200,000 customers, about 19,000 new per batch).
            let next = customers.count
            var index = -1
            Self.resolve(&customerPosition[id, default: next], into: &index)
            if index == next {
                customers.append(Customer(externalID: id, attributes: customerAttributes))
            } else if !customerAttributes.isEmpty {
                customers[index].attributes.merge(customerAttributes) { _, new in new }
            }
        }
        feedback.append(item)
    }

    /// Reads a position through the dictionary's `modify` accessor, which inserts the default
    /// (the next position) in the same probe when the id is new.
    private static func resolve(_ stored: inout Int, into index: inout Int) {
        index = stored
    }

    /// The batch so far; the builder starts over empty, keeping its lookup table's storage.
    mutating func take() -> ImportBatch {
        let batch = ImportBatch(feedback: feedback, customers: customers)
        feedback = []
        feedback.reserveCapacity(capacity)
        customers = []
        customers.reserveCapacity(capacity)
        customerPosition.removeAll(keepingCapacity: true)
        return batch
    }
}
