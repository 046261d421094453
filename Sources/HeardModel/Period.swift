/// How metrics are bucketed in time. Buckets are UTC calendar periods; weeks are ISO weeks
/// (Monday to Sunday).
public enum Period: String, Sendable, CaseIterable, Codable, Hashable {
    case day, week, month, quarter

    /// The first day of the bucket that holds `day`.
    public func start(of day: CalendarDay) -> CalendarDay {
        switch self {
        case .day: day
        case .week: day.weekStart
        case .month: CalendarDay(year: day.year, month: day.month, day: 1)
        case .quarter: CalendarDay(year: day.year, month: (day.month - 1) / 3 * 3 + 1, day: 1)
        }
    }

    /// The bucket after the one starting at `start`.
    public func next(after start: CalendarDay) -> CalendarDay {
        switch self {
        case .day: start.adding(days: 1)
        case .week: start.adding(days: 7)
        case .month:
            start.month == 12
                ? CalendarDay(year: start.year + 1, month: 1, day: 1)
                : CalendarDay(year: start.year, month: start.month + 1, day: 1)
        case .quarter:
            start.month >= 10
                ? CalendarDay(year: start.year + 1, month: 1, day: 1)
                : CalendarDay(year: start.year, month: start.month + 3, day: 1)
        }
    }

    /// How people write the bucket: 2024-03-05, 2024-W10, 2024-03, 2024-Q1.
    public func label(forStart start: CalendarDay) -> String {
        switch self {
        case .day: start.description
        case .week:
            {
                let (year, week) = start.isoWeek
                return "\(year)-W" + (week < 10 ? "0\(week)" : "\(week)")
            }()
        case .month: start.description.prefix(7).description
        case .quarter: "\(start.year)-Q\((start.month - 1) / 3 + 1)"
        }
    }
}
