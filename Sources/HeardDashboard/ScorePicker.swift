import HeardModel

/// The small GET form that picks which score a page explains (drivers, inside-out).
enum ScorePicker {
    static func html(action: String, label: String, scales: [ScoreScale], current: ScoreScale) -> String {
        var out = "<form class=\"filters inline\" method=\"get\" action=\"\(action)\"><label for=\"target\">\(HTML.escape(label))</label><select id=\"target\" name=\"target\">"
        for scale in scales {
            out += "<option value=\"\(scale.rawValue)\"\(scale == current ? " selected" : "")>\(HTML.escape(scale.title))</option>"
        }
        return out + "</select> <button type=\"submit\">Show</button></form>"
    }
}
