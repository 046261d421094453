import HeardModel

/// The `occurred_day` and `occurred_week` texts of days, formatted once each: a batch of rows,
/// or a rollup's slices, spans few days next to its entries. Holds at most 4,096 days; others
/// are formatted each time.
struct DayTexts {
    private var known: [Int: (day: String, week: String)] = [:]

    mutating func texts(_ day: CalendarDay) -> (day: String, week: String) {
        let number = day.daysSinceEpoch
        if let texts = known[number] { return texts }
        let texts = (day: day.description, week: day.weekStart.description)
        if known.count < 4096 { known[number] = texts }
        return texts
    }
}
