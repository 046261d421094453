/// RFC 4180 quoting for one CSV cell: quoted only when it holds a comma, a quote or a line
/// break, with inner quotes doubled.
public enum CSVField {
    public static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
