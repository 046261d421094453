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
    }

    var count: Int { feedback.count }
    var isEmpty: Bool { feedback.isEmpty }

    mutating func append(_ record: MappedRecord) {
        append(record.feedback, customerAttributes: record.customerAttributes)
    }

    /// Takes the parts apart so that the caller's last use of a record moves them in.
    mutating func append(_ item: consuming Feedback, customerAttributes: consuming [String: String]) {
        if let id = item.customerID {
            if let index = customerPosition[id] {
                if !customerAttributes.isEmpty {
                    customers[index].attributes.merge(customerAttributes) { _, new in new }
                }
            } else {
                customerPosition[id] = customers.count
                customers.append(Customer(externalID: id, attributes: customerAttributes))
            }
        }
        feedback.append(item)
    }

    /// The batch so far; the builder starts over empty, keeping its lookup table's storage.
    mutating func take() -> ImportBatch {
        let batch = ImportBatch(feedback: feedback, customers: customers)
        feedback = []
        feedback.reserveCapacity(capacity)
        customers = []
        customerPosition.removeAll(keepingCapacity: true)
        return batch
    }
}
